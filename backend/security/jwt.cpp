// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <cmath>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace dc::security {

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> fromBase64Url(QByteArrayView text)
{
    for (char c : text)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return std::nullopt;
    auto r = QByteArray::fromBase64Encoding(text.toByteArray(),
                                            QByteArray::Base64UrlEncoding |
                                                QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return std::nullopt;
    // Non-canonical encodings (stray low bits) are refused so one token has one spelling.
    if (base64Url(r.decoded) != text)
        return std::nullopt;
    return r.decoded;
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()),
         reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()), out, &len);
    return QByteArray(reinterpret_cast<const char *>(out), int(len));
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() &&
           CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

QByteArray randomBytes(int n)
{
    QByteArray b(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(b.data()), n) != 1)
        qFatal("OpenSSL RAND_bytes failed: no secure randomness available");
    return b;
}

namespace {

JwtKey newKey()
{
    return JwtKey{QUuid::createUuid().toString(QUuid::Id128).left(12), QStringLiteral("HS256"),
                  randomBytes(32), QDateTime::currentMSecsSinceEpoch(), false};
}

} // namespace

JwtKeyRing JwtKeyRing::generate()
{
    JwtKeyRing r;
    r.m_keys.append(newKey());
    r.m_current = r.m_keys.first().kid;
    return r;
}

std::expected<JwtKeyRing, QString> JwtKeyRing::fromJson(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    JwtKeyRing r;
    r.m_current = o.value(QStringLiteral("current")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("keys")).toArray()) {
        const QJsonObject k = v.toObject();
        JwtKey key{k.value(QStringLiteral("kid")).toString(),
                   k.value(QStringLiteral("alg")).toString(),
                   QByteArray::fromBase64(k.value(QStringLiteral("secret")).toString().toLatin1()),
                   k.value(QStringLiteral("created")).toInteger(),
                   k.value(QStringLiteral("retired")).toBool()};
        if (key.kid.isEmpty() || key.alg != QLatin1String("HS256") || key.secret.size() < 32)
            return std::unexpected(QStringLiteral("a signing key is malformed"));
        r.m_keys.append(key);
    }
    if (!r.find(r.m_current))
        return std::unexpected(QStringLiteral("the current signing key is missing"));
    return r;
}

QByteArray JwtKeyRing::toJson() const
{
    QJsonArray keys;
    for (const JwtKey &k : m_keys)
        keys.append(
            QJsonObject{{QStringLiteral("kid"), k.kid},
                        {QStringLiteral("alg"), k.alg},
                        {QStringLiteral("secret"), QString::fromLatin1(k.secret.toBase64())},
                        {QStringLiteral("created"), k.createdMs},
                        {QStringLiteral("retired"), k.retired}});
    return QJsonDocument(
               QJsonObject{{QStringLiteral("current"), m_current}, {QStringLiteral("keys"), keys}})
        .toJson(QJsonDocument::Compact);
}

QString JwtKeyRing::rotate()
{
    JwtKey k = newKey();
    m_keys.append(k);
    m_current = k.kid;
    return k.kid;
}

std::expected<void, QString> JwtKeyRing::retire(const QString &kid)
{
    if (kid == m_current)
        return std::unexpected(QStringLiteral("the current key cannot be retired; rotate first"));
    for (JwtKey &k : m_keys)
        if (k.kid == kid) {
            k.retired = true;
            return {};
        }
    return std::unexpected(QStringLiteral("no key %1").arg(kid));
}

const JwtKey *JwtKeyRing::find(const QString &kid) const
{
    for (const JwtKey &k : m_keys)
        if (k.kid == kid)
            return &k;
    return nullptr;
}

QByteArray JwtKeyRing::sign(QJsonObject claims, const JwtPolicy &policy) const
{
    const JwtKey *key = find(m_current);
    Q_ASSERT(key);
    claims.insert(QStringLiteral("iss"), policy.issuer);
    claims.insert(QStringLiteral("aud"), policy.audience);
    const QByteArray header =
        QJsonDocument(QJsonObject{{QStringLiteral("alg"), key->alg},
                                  {QStringLiteral("typ"), QStringLiteral("JWT")},
                                  {QStringLiteral("kid"), key->kid}})
            .toJson(QJsonDocument::Compact);
    const QByteArray input =
        base64Url(header) + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' + base64Url(hmacSha256(key->secret, input));
}

std::expected<QJsonObject, QString>
JwtKeyRing::verify(QByteArrayView token, const JwtPolicy &policy, const QDateTime &now) const
{
    if (token.size() > 8192)
        return std::unexpected(QStringLiteral("token too long"));
    const QList<QByteArray> parts = token.toByteArray().split('.');
    if (parts.size() != 3)
        return std::unexpected(QStringLiteral("malformed token"));
    const auto headerBytes = fromBase64Url(parts[0]);
    const auto payloadBytes = fromBase64Url(parts[1]);
    const auto signature = fromBase64Url(parts[2]);
    if (!headerBytes || !payloadBytes || !signature)
        return std::unexpected(QStringLiteral("malformed token"));
    QJsonParseError err;
    const QJsonDocument hdoc = QJsonDocument::fromJson(*headerBytes, &err);
    if (err.error != QJsonParseError::NoError || !hdoc.isObject())
        return std::unexpected(QStringLiteral("malformed token header"));
    const QJsonObject header = hdoc.object();
    const QString kid = header.value(QStringLiteral("kid")).toString();
    if (kid.isEmpty())
        return std::unexpected(QStringLiteral("token has no key id"));
    const JwtKey *key = find(kid);
    if (!key || key->retired)
        return std::unexpected(QStringLiteral("token signed with an unknown or retired key"));
    // The algorithm is the key's, never the token's choice.
    if (header.value(QStringLiteral("alg")).toString() != key->alg)
        return std::unexpected(QStringLiteral("token algorithm not accepted"));
    if (header.contains(QStringLiteral("crit")))
        return std::unexpected(QStringLiteral("token has critical extensions"));
    const QByteArray input = parts[0] + '.' + parts[1];
    if (!constantTimeEquals(hmacSha256(key->secret, input), *signature))
        return std::unexpected(QStringLiteral("bad token signature"));

    const QJsonDocument pdoc = QJsonDocument::fromJson(*payloadBytes, &err);
    if (err.error != QJsonParseError::NoError || !pdoc.isObject())
        return std::unexpected(QStringLiteral("malformed token claims"));
    const QJsonObject claims = pdoc.object();
    const qint64 t = now.toSecsSinceEpoch();
    const int leeway = std::clamp(policy.leewaySeconds, 0, 60);
    auto numeric = [&](const char *name) -> std::optional<qint64> {
        const QJsonValue v = claims.value(QLatin1String(name));
        // Seconds since 1970 within ±30,000 years: anything else is not a time (and a cast of
        // it to an integer would be undefined; found by fuzz_jwt).
        if (!v.isDouble() || !(std::abs(v.toDouble()) < 1e12))
            return std::nullopt;
        return qint64(v.toDouble());
    };
    const auto exp = numeric("exp");
    const auto nbf = numeric("nbf");
    const auto iat = numeric("iat");
    if (!exp || !iat)
        return std::unexpected(QStringLiteral("token lacks exp or iat"));
    if (t > *exp + leeway)
        return std::unexpected(QStringLiteral("token expired"));
    if (nbf && t + leeway < *nbf)
        return std::unexpected(QStringLiteral("token not yet valid"));
    if (t + leeway < *iat)
        return std::unexpected(QStringLiteral("token issued in the future"));
    if (claims.value(QStringLiteral("iss")).toString() != policy.issuer)
        return std::unexpected(QStringLiteral("token issuer not accepted"));
    const QJsonValue aud = claims.value(QStringLiteral("aud"));
    const bool audOk = aud.isString() ? aud.toString() == policy.audience
                                      : aud.toArray().contains(QJsonValue(policy.audience));
    if (!audOk)
        return std::unexpected(QStringLiteral("token audience not accepted"));
    return claims;
}

} // namespace dc::security
