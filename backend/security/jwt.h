// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Access tokens: compact JWS (RFC 7515/7519) signed with HMAC-SHA256 through OpenSSL.
// Each key has an id (kid) and a pinned algorithm: a token is verified only with the key its
// kid names and only if its "alg" is that key's algorithm ("none" and anything else refused).
// Keys rotate: new tokens use the current key; older keys verify until they are retired.
#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <expected>

namespace dc::security {

struct JwtKey
{
    QString kid;
    QString alg = QStringLiteral("HS256"); // the only algorithm signed here
    QByteArray secret;                     // 32 random bytes
    qint64 createdMs = 0;
    bool retired = false;
};

struct JwtPolicy
{
    QString issuer = QStringLiteral("dropcrew");
    QString audience = QStringLiteral("dropcrew-api");
    int leewaySeconds = 60; // clock skew allowed on exp/nbf/iat; never more than 60
};

class JwtKeyRing
{
public:
    static JwtKeyRing generate();
    // {"current": kid, "keys": [{kid, alg, secret (base64), created, retired}]}
    static std::expected<JwtKeyRing, QString> fromJson(const QByteArray &json);
    QByteArray toJson() const;

    // A new current key; the previous ones keep verifying.
    QString rotate();
    // The key no longer verifies anything. The current key cannot be retired.
    std::expected<void, QString> retire(const QString &kid);

    QString currentKid() const { return m_current; }
    const QList<JwtKey> &keys() const { return m_keys; }

    // Signs claims with the current key; iss and aud come from the policy.
    QByteArray sign(QJsonObject claims, const JwtPolicy &policy) const;
    // The verified claims, or why the token is refused (one short reason, no token echo).
    std::expected<QJsonObject, QString> verify(QByteArrayView token, const JwtPolicy &policy,
                                               const QDateTime &now) const;

private:
    const JwtKey *find(const QString &kid) const;
    QString m_current;
    QList<JwtKey> m_keys;
};

// base64url without padding, strict (no padding, no other alphabet) on decode.
QByteArray base64Url(const QByteArray &data);
std::optional<QByteArray> fromBase64Url(QByteArrayView text);
QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
// n bytes from OpenSSL's CSPRNG; without secure randomness the process stops (qFatal).
QByteArray randomBytes(int n);

} // namespace dc::security
