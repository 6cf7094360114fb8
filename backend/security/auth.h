// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Users (Argon2id through libargon2), access JWTs and refresh tokens, API keys for service
// accounts, and the one authenticate() the router calls for every request.
#include "security/jwt.h"
#include "security/passwords.h"
#include "security/permissions.h"
#include "storage/store.h"

#include <QDateTime>
#include <QMutex>

#include <expected>
#include <functional>

namespace dc::security {

class SecretStore;

struct User
{
    qint64 id = 0;
    QString username;
    Role role = Role::Viewer;
    bool disabled = false;
    QDateTime createdAt;
    // Moves on when every session of the user must end (password, role, disabled): access
    // tokens carry the version they were issued under ("ver").
    qint64 tokenVersion = 0;
    QJsonObject toJson() const;
};

// Why a login or a refresh was refused.
struct AuthError
{
    enum class Kind {
        Refused,     // wrong credentials or an unusable token: a failed attempt
        InProgress,  // a refresh token used again within the grace window: nothing revoked
        Unavailable, // the database cannot answer now: not the caller's fault
    };
    Kind kind = Kind::Refused;
    QString message;
    friend bool operator==(const AuthError &, const AuthError &) = default;
};

struct ApiKeyInfo
{
    qint64 id = 0;
    QString name;
    Role role = Role::Viewer;
    QString createdBy;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime revokedAt;
    QJsonObject toJson() const;
};

struct TokenPair
{
    QString accessToken;
    QString refreshToken;
    int expiresIn = 0; // seconds
    QJsonObject toJson() const;
};

class AuthService
{
public:
    struct Options
    {
        int accessTtlSeconds = 900;
        int refreshTtlSeconds = 30 * 24 * 3600;
        // A refresh token replaced by a refresh this recently is "in progress" when used again
        // (one client refreshing for two calls at once), not stolen.
        int refreshGraceSeconds = 30;
        JwtPolicy policy;
    };

    // Loads (or creates) the signing keys ("jwt-keys") and the key of user name pseudonyms
    // ("username-pseudonym-key") from the secret store.
    static std::expected<std::unique_ptr<AuthService>, QString>
    create(storage::Store &store, SecretStore &secrets, Options options);
    AuthService(storage::Store &store, SecretStore &secrets, JwtKeyRing ring,
                QByteArray pseudonymKey, Options options);

    // A user name as the audit log and the login limits know it: 32 hex digits of
    // HMAC-SHA256(username-pseudonym-key, the name in lower case). The same on every instance of
    // a database; without the key it says nothing about the name (often a mistyped password).
    QString usernamePseudonym(const QString &username) const;

    // First start: with no user at all, creates "admin" with DROPCREW_ADMIN_PASSWORD or a
    // generated password, returned so the caller can show it once (empty when not generated).
    std::expected<QString, QString> ensureAdmin(const QString &passwordFromEnv);
    std::expected<QString, QString> ensureAdmin(const AdminSeed &seed);

    // The router's hook: "Bearer <jwt>" or "Bearer dck_<id>_<secret>". No header: Anonymous.
    std::expected<Principal, QString> authenticate(const QByteArray &authorization) const;

    std::expected<TokenPair, AuthError> login(const QString &username, const QString &password);
    // The embedded desktop app's session, without a password: whoever runs it owns the data
    // folder and its secrets already. Issued for the oldest enabled administrator. Never
    // reachable over HTTP.
    std::expected<TokenPair, QString> localAdminSession();
    // Rotates the refresh token within its session. Reusing a replaced token revokes every session
    // of the user, except within refreshGraceSeconds of its rotation (InProgress).
    std::expected<TokenPair, AuthError> refresh(const QString &refreshToken);
    // Ends the refresh token's session: its access tokens stop at once.
    std::expected<void, QString> logout(const QString &refreshToken);

    storage::DbResult<User> createUser(const QString &username, const QString &password, Role role);
    // The same with the password's hash already made (hashPassword); the password was checked.
    storage::DbResult<User> createUserWithHash(const QString &username, const QString &hash,
                                               Role role);
    storage::DbResult<User> updateUser(qint64 id, std::optional<QString> password,
                                       std::optional<Role> role, std::optional<bool> disabled);
    storage::DbResult<QList<User>> users(QSqlDatabase db) const;

    // The secret is returned once ("dck_<id>_<secret>"); only its SHA-256 is stored.
    storage::DbResult<std::pair<ApiKeyInfo, QString>> createApiKey(const QString &name, Role role,
                                                                   const QString &createdBy);
    storage::DbResult<ApiKeyInfo> revokeApiKey(qint64 id);
    storage::DbResult<QList<ApiKeyInfo>> apiKeys(QSqlDatabase db) const;

    // Signing key rotation; the ring is saved to the secret store before it is used.
    std::expected<QString, QString> rotateSigningKey();
    std::expected<void, QString> retireSigningKey(const QString &kid);
    // Another instance rotated or retired a key: read the shared ring again.
    std::expected<void, QString> reloadSigningKeys();
    QJsonArray signingKeys() const; // kids, dates and states; never the secrets

    // For tests: a token for any claims, signed with the current key.
    QByteArray signForTest(const QJsonObject &claims) const;
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    // For tests: runs just before a login's password is checked, on the thread that checks it.
    // Set it while no login is running.
    void setPasswordCheckHook(std::function<void()> hook) { m_passwordHook = std::move(hook); }
    const Options &options() const { return m_options; }

private:
    // A token pair in the session (0: a new one) for the user, whose token version must still
    // be expectedVersion.
    std::expected<TokenPair, AuthError> issueFor(const User &user, qint64 sessionId,
                                                 qint64 expectedVersion);
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    storage::Store &m_store;
    SecretStore &m_secrets;
    Options m_options;
    mutable QMutex m_ringLock;
    JwtKeyRing m_ring;
    const QByteArray m_pseudonymKey;
    std::function<QDateTime()> m_clock;
    std::function<void()> m_passwordHook;
};

} // namespace dc::security
