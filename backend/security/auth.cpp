// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/auth.h"

#include "core/logging.h"
#include "security/secretstore.h"
#include "storage/sqlutil.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QUuid>

namespace dc::security {

using storage::DbError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;

namespace {

const QString kJwtKeys = QStringLiteral("jwt-keys");
const QString kPseudonymKey = QStringLiteral("username-pseudonym-key");
QString sha256Hex(const QByteArray &v)
{
    return QString::fromLatin1(QCryptographicHash::hash(v, QCryptographicHash::Sha256).toHex());
}

QDateTime fromMs(const QVariant &v)
{
    return storage::utcFromMs(v);
}

User userFrom(const QSqlQuery &q)
{
    User u;
    u.id = q.value(0).toLongLong();
    u.username = q.value(1).toString();
    u.role = roleFromName(q.value(2).toString()).value_or(Role::Viewer);
    u.disabled = q.value(3).toInt() != 0;
    u.createdAt = fromMs(q.value(4));
    u.tokenVersion = q.value(5).toLongLong();
    return u;
}

const QString kUserColumns =
    QStringLiteral("id, username, role, disabled, created_at, token_version");

// Every session of the user ends: its refresh tokens and, through the session and the version
// the access tokens carry, its access tokens.
DbResult<bool> endAllSessions(QSqlDatabase &db, qint64 userId, qint64 ms, bool bumpVersion)
{
    if (bumpVersion)
        if (auto q = exec(db,
                          QStringLiteral("UPDATE users SET token_version = token_version + 1 "
                                         "WHERE id = ?"),
                          {userId});
            !q)
            return std::unexpected(q.error());
    for (const QString &sql :
         {QStringLiteral("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS "
                         "NULL"),
          QStringLiteral("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND "
                         "revoked_at IS NULL")})
        if (auto q = exec(db, sql, {ms, userId}); !q)
            return std::unexpected(q.error());
    return true;
}

AuthError refused(const QString &why)
{
    return AuthError{AuthError::Kind::Refused, why};
}

AuthError unavailable()
{
    return AuthError{AuthError::Kind::Unavailable,
                     QStringLiteral("credentials cannot be checked now")};
}

ApiKeyInfo keyFrom(const QSqlQuery &q)
{
    ApiKeyInfo k;
    k.id = q.value(0).toLongLong();
    k.name = q.value(1).toString();
    k.role = roleFromName(q.value(2).toString()).value_or(Role::Viewer);
    k.createdBy = q.value(3).toString();
    k.createdAt = fromMs(q.value(4));
    k.lastUsedAt = fromMs(q.value(5));
    k.revokedAt = fromMs(q.value(6));
    return k;
}

const QString kKeyColumns =
    QStringLiteral("id, name, role, created_by, created_at, last_used_at, revoked_at");

QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject User::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("username"), username},
            {QStringLiteral("role"), roleName(role)},
            {QStringLiteral("disabled"), disabled},
            {QStringLiteral("created_at"), isoOrNull(createdAt)}};
}

QJsonObject ApiKeyInfo::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("role"), roleName(role)},
            {QStringLiteral("created_by"), createdBy},
            {QStringLiteral("created_at"), isoOrNull(createdAt)},
            {QStringLiteral("last_used_at"), isoOrNull(lastUsedAt)},
            {QStringLiteral("revoked_at"), isoOrNull(revokedAt)}};
}

QJsonObject TokenPair::toJson() const
{
    return {{QStringLiteral("access_token"), accessToken},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
            {QStringLiteral("expires_in"), expiresIn},
            {QStringLiteral("refresh_token"), refreshToken}};
}

std::expected<std::unique_ptr<AuthService>, QString>
AuthService::create(storage::Store &store, SecretStore &secrets, Options options)
{
    // Instances starting together on one database: one ring is stored, all of them use it.
    auto stored = secrets.createIfAbsent(kJwtKeys, JwtKeyRing::generate().toJson());
    if (!stored)
        return std::unexpected(
            QStringLiteral("cannot read or store the token signing keys in %1: %2")
                .arg(secrets.description(), stored.error()));
    auto ring = JwtKeyRing::fromJson(*stored);
    if (!ring)
        return std::unexpected(QStringLiteral("the token signing keys in %1 are unusable: %2")
                                   .arg(secrets.description(), ring.error()));
    // A key of its own (not the audit key): destroying it unlinks the pseudonyms in the audit
    // chain from the names without breaking the chain. One per database, like the audit key.
    auto pseudonymKey = secrets.createIfAbsent(kPseudonymKey, randomBytes(32).toBase64());
    if (!pseudonymKey)
        return std::unexpected(
            QStringLiteral("cannot read or store %1 in %2: %3")
                .arg(kPseudonymKey, secrets.description(), pseudonymKey.error()));
    const QByteArray key = QByteArray::fromBase64(*pseudonymKey);
    if (key.size() < 32)
        return std::unexpected(
            QStringLiteral("%1 in %2 is malformed").arg(kPseudonymKey, secrets.description()));
    return std::make_unique<AuthService>(store, secrets, std::move(*ring), key, std::move(options));
}

QString AuthService::usernamePseudonym(const QString &username) const
{
    return QString::fromLatin1(
        hmacSha256(m_pseudonymKey, username.toLower().toUtf8()).toHex().left(32));
}

std::expected<void, QString> AuthService::reloadSigningKeys()
{
    auto stored = m_secrets.read(kJwtKeys);
    if (!stored)
        return std::unexpected(stored.error());
    if (!stored->has_value())
        return std::unexpected(QStringLiteral("the token signing keys are gone"));
    auto ring = JwtKeyRing::fromJson(**stored);
    if (!ring)
        return std::unexpected(ring.error());
    QMutexLocker lock(&m_ringLock);
    m_ring = *ring;
    return {};
}

AuthService::AuthService(storage::Store &store, SecretStore &secrets, JwtKeyRing ring,
                         QByteArray pseudonymKey, Options options)
    : m_store(store)
    , m_secrets(secrets)
    , m_options(std::move(options))
    , m_ring(std::move(ring))
    , m_pseudonymKey(std::move(pseudonymKey))
{}

std::expected<QString, QString> AuthService::ensureAdmin(const QString &passwordFromEnv)
{
    return ensureAdmin(AdminSeed::make(passwordFromEnv, false));
}

std::expected<QString, QString> AuthService::ensureAdmin(const AdminSeed &seed)
{
    auto n = exec(m_store.reader(), QStringLiteral("SELECT COUNT(*) FROM users"));
    if (!n)
        return std::unexpected(n.error().message);
    n->next();
    if (n->value(0).toLongLong() > 0)
        return QString();
    n->finish();
    storage::DbResult<User> u;
    if (auto bad = passwordProblem(seed.password); !bad.isEmpty())
        u = std::unexpected(DbError{DbError::Kind::Invalid, bad});
    else
        u = createUserWithHash(QStringLiteral("admin"),
                               seed.hash.valid() ? seed.hash.get() : hashPassword(seed.password),
                               Role::Admin);
    if (!u && u.error().kind != DbError::Kind::Conflict) // Conflict: another instance was first
        return std::unexpected(u.error().message);
    if (!u || !seed.generated) // else flagged: the setup guide asks for another
        return QString();
    const QString flag = QStringLiteral("UPDATE users SET password_generated = 1 WHERE id = ?");
    (void)m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        return exec(w.db(), flag, {u->id}).has_value(); // the password is shown all the same
    });
    return seed.password;
}

std::expected<Principal, QString> AuthService::authenticate(const QByteArray &authorization) const
{
    if (authorization.isEmpty())
        return Principal{};
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
        return std::unexpected(QStringLiteral("use the Bearer scheme"));
    const QByteArray token = authorization.mid(7).trimmed();
    QSqlDatabase db = m_store.reader();
    if (token.startsWith("dck_")) {
        const qsizetype sep = token.indexOf('_', 4);
        bool ok = false;
        const qint64 id = sep > 4 ? token.mid(4, sep - 4).toLongLong(&ok) : 0;
        if (!ok)
            return std::unexpected(QStringLiteral("malformed API key"));
        auto q = exec(db,
                      QStringLiteral("SELECT name, role, secret_hash, revoked_at FROM api_keys "
                                     "WHERE id = ?"),
                      {id});
        if (!q)
            return std::unexpected(QStringLiteral("credentials cannot be checked now"));
        if (!q->next())
            return std::unexpected(QStringLiteral("unknown API key"));
        if (!constantTimeEquals(sha256Hex(token.mid(sep + 1)).toLatin1(),
                                q->value(2).toString().toLatin1()))
            return std::unexpected(QStringLiteral("unknown API key"));
        if (!q->value(3).isNull())
            return std::unexpected(QStringLiteral("API key revoked"));
        Principal p;
        p.kind = Principal::Kind::ApiKey;
        p.id = id;
        p.name = q->value(0).toString();
        p.role = roleFromName(q->value(1).toString()).value_or(Role::Viewer);
        return p;
    }
    std::expected<QJsonObject, QString> claims;
    {
        QMutexLocker lock(&m_ringLock);
        claims = m_ring.verify(token, m_options.policy, now());
    }
    if (!claims)
        return std::unexpected(claims.error());
    const QString sub = claims->value(QStringLiteral("sub")).toString();
    if (!sub.startsWith(QLatin1String("user:")))
        return std::unexpected(QStringLiteral("token subject not accepted"));
    bool ok = false;
    const qint64 uid = sub.mid(5).toLongLong(&ok);
    if (!ok)
        return std::unexpected(QStringLiteral("token subject not accepted"));
    const qint64 sid = claims->value(QStringLiteral("sid")).toInteger(0);
    const QJsonValue ver = claims->value(QStringLiteral("ver"));
    if (sid <= 0 || !ver.isDouble())
        return std::unexpected(QStringLiteral("the token has no session: refresh it"));
    // The user as it is now, and the token's session, in one read.
    auto q = exec(db,
                  QStringLiteral("SELECT u.id, u.username, u.role, u.disabled, u.created_at, "
                                 "u.token_version, s.id, s.revoked_at FROM users u LEFT JOIN "
                                 "sessions s ON s.id = ? AND s.user_id = u.id WHERE u.id = ?"),
                  {sid, uid});
    if (!q)
        return std::unexpected(QStringLiteral("credentials cannot be checked now"));
    if (!q->next())
        return std::unexpected(QStringLiteral("the token's user no longer exists"));
    const User u = userFrom(*q);
    if (u.disabled)
        return std::unexpected(QStringLiteral("the token's user is disabled"));
    if (ver.toInteger(-1) != u.tokenVersion)
        return std::unexpected(
            QStringLiteral("the token was revoked (the user's password or role changed)"));
    if (q->value(6).isNull() || !q->value(7).isNull())
        return std::unexpected(QStringLiteral("the token's session has ended"));
    Principal p;
    p.kind = Principal::Kind::User;
    p.id = u.id;
    p.name = u.username;
    p.role = u.role;
    p.expiresAtMs =
        (claims->value(QStringLiteral("exp")).toInteger() + m_options.policy.leewaySeconds) * 1000;
    return p;
}

std::expected<TokenPair, AuthError> AuthService::issueFor(const User &user, qint64 sessionId,
                                                          qint64 expectedVersion)
{
    const QDateTime t = now();
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 expires = ms + qint64(m_options.refreshTtlSeconds) * 1000;
    const QByteArray secret = base64Url(randomBytes(32));
    auto sid = m_store.writeAndWait<qint64>([&](WriteContext &w) -> DbResult<qint64> {
        // The account may have changed since it was read (a new password, a role, disabled):
        // then no session is opened or extended.
        auto v =
            exec(w.db(), QStringLiteral("SELECT token_version, disabled FROM users WHERE id = ?"),
                 {user.id});
        if (!v)
            return std::unexpected(v.error());
        if (!v->next() || v->value(0).toLongLong() != expectedVersion || v->value(1).toInt() != 0)
            return std::unexpected(
                DbError{DbError::Kind::Conflict, QStringLiteral("the account changed meanwhile")});
        v->finish();
        qint64 id = sessionId;
        if (id == 0) {
            auto q = exec(w.db(),
                          QStringLiteral("INSERT INTO sessions (user_id, created_at) VALUES (?, ?) "
                                         "RETURNING id"),
                          {user.id, ms});
            if (!q)
                return std::unexpected(q.error());
            q->next();
            id = q->value(0).toLongLong();
        } else {
            auto q = exec(w.db(),
                          QStringLiteral("SELECT revoked_at FROM sessions WHERE id = ? AND "
                                         "user_id = ?"),
                          {id, user.id});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next() || !q->value(0).isNull())
                return std::unexpected(
                    DbError{DbError::Kind::Conflict, QStringLiteral("the session has ended")});
        }
        auto q = exec(w.db(),
                      QStringLiteral("INSERT INTO refresh_tokens (user_id, token_hash, created_at, "
                                     "expires_at, session_id) VALUES (?, ?, ?, ?, ?)"),
                      {user.id, sha256Hex(secret), ms, expires, id});
        if (!q)
            return std::unexpected(q.error());
        return id;
    });
    if (!sid)
        return std::unexpected(sid.error().kind == DbError::Kind::Conflict
                                   ? refused(sid.error().message)
                                   : unavailable());
    const qint64 secs = t.toSecsSinceEpoch();
    QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("user:%1").arg(user.id)},
                       {QStringLiteral("name"), user.username},
                       {QStringLiteral("role"), roleName(user.role)},
                       {QStringLiteral("sid"), *sid},
                       {QStringLiteral("ver"), expectedVersion},
                       {QStringLiteral("iat"), secs},
                       {QStringLiteral("nbf"), secs},
                       {QStringLiteral("exp"), secs + m_options.accessTtlSeconds},
                       {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    TokenPair pair;
    {
        QMutexLocker lock(&m_ringLock);
        pair.accessToken = QString::fromLatin1(m_ring.sign(claims, m_options.policy));
    }
    pair.expiresIn = m_options.accessTtlSeconds;
    pair.refreshToken = QStringLiteral("dcr_") + QString::fromLatin1(secret);
    return pair;
}

std::expected<TokenPair, AuthError> AuthService::login(const QString &username,
                                                       const QString &password)
{
    // The same Argon2 work whether or not the user exists: timing tells nothing.
    static const QString dummy = hashPassword(QStringLiteral("not a password"));
    auto q = exec(m_store.reader(),
                  QStringLiteral("SELECT ") + kUserColumns +
                      QStringLiteral(", password_hash FROM users WHERE username = ?"),
                  {username});
    if (!q)
        return std::unexpected(unavailable());
    const QString wrong = QStringLiteral("wrong username or password");
    if (m_passwordHook)
        m_passwordHook();
    if (!q->next()) {
        verifyPassword(password, dummy);
        return std::unexpected(refused(wrong));
    }
    const User u = userFrom(*q);
    const QString hash = q->value(6).toString();
    q->finish();
    if (!verifyPassword(password, hash) || u.disabled)
        return std::unexpected(refused(wrong));
    return issueFor(u, 0, u.tokenVersion);
}

std::expected<TokenPair, QString> AuthService::localAdminSession()
{
    auto q =
        exec(m_store.reader(),
             QStringLiteral("SELECT ") + kUserColumns +
                 QStringLiteral(" FROM users WHERE role = ? AND disabled = 0 ORDER BY id LIMIT 1"),
             {roleName(Role::Admin)});
    if (!q)
        return std::unexpected(QStringLiteral("users cannot be read now"));
    if (!q->next())
        return std::unexpected(QStringLiteral("there is no enabled administrator"));
    const User u = userFrom(*q);
    q->finish();
    auto pair = issueFor(u, 0, u.tokenVersion);
    if (!pair)
        return std::unexpected(pair.error().message);
    return *pair;
}

std::expected<TokenPair, AuthError> AuthService::refresh(const QString &refreshToken)
{
    if (!refreshToken.startsWith(QLatin1String("dcr_")) || refreshToken.size() > 100)
        return std::unexpected(refused(QStringLiteral("unknown refresh token")));
    const QString hash = sha256Hex(refreshToken.mid(4).toLatin1());
    const qint64 ms = now().toMSecsSinceEpoch();
    const qint64 graceMs = qint64(m_options.refreshGraceSeconds) * 1000;
    struct Rotated
    {
        User user;
        qint64 sessionId = 0;
    };
    // Each refresh token is used once. A second use means it was copied: every session of that
    // user ends, so a stolen token dies with the original. Except moments after the rotation,
    // when it is the same client refreshing twice at once: that use is refused, nothing more.
    auto rotated = m_store.writeAndWait<Rotated>([&](WriteContext &w) -> DbResult<Rotated> {
        auto q = exec(w.db(),
                      QStringLiteral("SELECT t.id, t.user_id, t.expires_at, t.revoked_at, "
                                     "t.session_id, t.rotated_at, s.revoked_at FROM refresh_tokens "
                                     "t LEFT JOIN sessions s ON s.id = t.session_id WHERE "
                                     "t.token_hash = ?"),
                      {hash});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("unknown refresh token")});
        const qint64 id = q->value(0).toLongLong();
        const qint64 uid = q->value(1).toLongLong();
        const qint64 expiresAt = q->value(2).toLongLong();
        const bool revoked = !q->value(3).isNull();
        qint64 sessionId = q->value(4).toLongLong();
        const QVariant rotatedAt = q->value(5);
        const bool sessionEnded = !q->value(6).isNull();
        q->finish();
        if (revoked) {
            if (!rotatedAt.isNull() && ms - rotatedAt.toLongLong() <= graceMs && !sessionEnded)
                return std::unexpected(
                    DbError{DbError::Kind::Invalid,
                            QStringLiteral("this refresh token was used moments ago: use the "
                                           "tokens that refresh returned")});
            // Revoked with its session (logout, a new password...): nothing more to end. A token
            // from before sessions carries no such record: its reuse is taken for theft.
            if (sessionId != 0 && (rotatedAt.isNull() || sessionEnded))
                return std::unexpected(
                    DbError{DbError::Kind::NotFound, QStringLiteral("the session has ended")});
            if (auto r = endAllSessions(w.db(), uid, ms, false); !r)
                return std::unexpected(r.error());
            // Committed although the request fails: the revocation is the point.
            return std::unexpected(DbError{DbError::Kind::Conflict,
                                           QStringLiteral("refresh token reused; all sessions of "
                                                          "this user were revoked")});
        }
        if (expiresAt < ms)
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("refresh token expired")});
        if (auto r = exec(w.db(),
                          QStringLiteral("UPDATE refresh_tokens SET revoked_at = ?, rotated_at = ? "
                                         "WHERE id = ?"),
                          {ms, ms, id});
            !r)
            return std::unexpected(r.error());
        if (sessionId == 0) {
            // A token from before sessions existed: it opens one now.
            auto s = exec(w.db(),
                          QStringLiteral("INSERT INTO sessions (user_id, created_at) VALUES (?, ?) "
                                         "RETURNING id"),
                          {uid, ms});
            if (!s)
                return std::unexpected(s.error());
            s->next();
            sessionId = s->value(0).toLongLong();
        }
        auto u = exec(w.db(),
                      QStringLiteral("SELECT ") + kUserColumns +
                          QStringLiteral(" FROM users WHERE id = ?"),
                      {uid});
        if (!u)
            return std::unexpected(u.error());
        if (!u->next())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("unknown refresh token")});
        return Rotated{userFrom(*u), sessionId};
    });
    if (!rotated && rotated.error().kind == DbError::Kind::Conflict) {
        // The job failed, so its savepoint rolled back: revoke again in a job that succeeds.
        m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            auto q = exec(w.db(),
                          QStringLiteral("SELECT user_id FROM refresh_tokens WHERE "
                                         "token_hash = ?"),
                          {hash});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next())
                return true;
            const qint64 uid = q->value(0).toLongLong();
            q->finish();
            return endAllSessions(w.db(), uid, ms, false);
        });
        qCWarning(lcSecrets).noquote()
            << "a refresh token was reused: every session of its user was revoked";
    }
    if (!rotated) {
        switch (rotated.error().kind) {
        case DbError::Kind::NotFound:
        case DbError::Kind::Conflict:
            return std::unexpected(refused(rotated.error().message));
        case DbError::Kind::Invalid:
            return std::unexpected(AuthError{AuthError::Kind::InProgress, rotated.error().message});
        default:
            return std::unexpected(unavailable());
        }
    }
    if (rotated->user.disabled)
        return std::unexpected(refused(QStringLiteral("the user is disabled")));
    return issueFor(rotated->user, rotated->sessionId, rotated->user.tokenVersion);
}

std::expected<void, QString> AuthService::logout(const QString &refreshToken)
{
    const QString hash = sha256Hex(refreshToken.mid(4).toLatin1());
    const qint64 ms = now().toMSecsSinceEpoch();
    auto r = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        // Only the live token of a session ends it: an old, replaced one does nothing.
        auto q = exec(w.db(),
                      QStringLiteral("SELECT id, session_id FROM refresh_tokens WHERE token_hash = "
                                     "? AND revoked_at IS NULL"),
                      {hash});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return true;
        const qint64 id = q->value(0).toLongLong();
        const QVariant session = q->value(1);
        q->finish();
        if (auto u = exec(w.db(),
                          QStringLiteral("UPDATE refresh_tokens SET revoked_at = ? WHERE id = ?"),
                          {ms, id});
            !u)
            return std::unexpected(u.error());
        if (!session.isNull())
            if (auto u = exec(w.db(),
                              QStringLiteral("UPDATE sessions SET revoked_at = ? WHERE id = ? AND "
                                             "revoked_at IS NULL"),
                              {ms, session.toLongLong()});
                !u)
                return std::unexpected(u.error());
        return true;
    });
    if (!r)
        return std::unexpected(r.error().message);
    return {};
}

DbResult<User> AuthService::createUser(const QString &username, const QString &password, Role role)
{
    // Both checked before the hash, which costs on purpose.
    for (const QString &bad : {usernameProblem(username), passwordProblem(password)})
        if (!bad.isEmpty())
            return std::unexpected(DbError{DbError::Kind::Invalid, bad});
    return createUserWithHash(username, hashPassword(password), role);
}

DbResult<User> AuthService::createUserWithHash(const QString &username, const QString &hash,
                                               Role role)
{
    if (auto bad = usernameProblem(username); !bad.isEmpty())
        return std::unexpected(DbError{DbError::Kind::Invalid, bad});
    const qint64 ms = storage::nowMs();
    return m_store.writeAndWait<User>([&](WriteContext &w) -> DbResult<User> {
        auto q =
            exec(w.db(),
                 QStringLiteral("INSERT INTO users (username, password_hash, role, disabled, "
                                "created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?) RETURNING ") +
                     kUserColumns,
                 {username, hash, roleName(role), ms, ms});
        if (!q)
            return std::unexpected(
                q.error().kind == DbError::Kind::Constraint
                    ? DbError{DbError::Kind::Conflict, QStringLiteral("username: already taken")}
                    : q.error());
        q->next();
        return userFrom(*q);
    });
}

DbResult<User> AuthService::updateUser(qint64 id, std::optional<QString> password,
                                       std::optional<Role> role, std::optional<bool> disabled)
{
    if (password)
        if (auto bad = passwordProblem(*password); !bad.isEmpty())
            return std::unexpected(DbError{DbError::Kind::Invalid, bad});
    const std::optional<QString> hash =
        password ? std::optional<QString>(hashPassword(*password)) : std::nullopt;
    const qint64 ms = storage::nowMs();
    return m_store.writeAndWait<User>([&](WriteContext &w) -> DbResult<User> {
        auto current = exec(w.db(), QStringLiteral("SELECT role FROM users WHERE id = ?"), {id});
        if (!current)
            return std::unexpected(current.error());
        if (!current->next())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no user %1").arg(id)});
        const bool roleChanges = role && roleName(*role) != current->value(0).toString();
        current->finish();
        if (hash)
            if (auto q = exec(
                    w.db(),
                    QStringLiteral("UPDATE users SET password_hash = ?, password_generated = 0 "
                                   "WHERE id = ?"),
                    {*hash, id});
                !q)
                return std::unexpected(q.error());
        if (role)
            if (auto q = exec(w.db(), QStringLiteral("UPDATE users SET role = ? WHERE id = ?"),
                              {roleName(*role), id});
                !q)
                return std::unexpected(q.error());
        if (disabled)
            if (auto q = exec(w.db(), QStringLiteral("UPDATE users SET disabled = ? WHERE id = ?"),
                              {*disabled ? 1 : 0, id});
                !q)
                return std::unexpected(q.error());
        // A new password, another role or a disabled account ends every session, access
        // tokens included; enabling the account again brings none back.
        if (hash || roleChanges || (disabled && *disabled))
            if (auto r = endAllSessions(w.db(), id, ms, true); !r)
                return std::unexpected(r.error());
        auto q = exec(w.db(),
                      QStringLiteral("UPDATE users SET updated_at = ? WHERE id = ? RETURNING ") +
                          kUserColumns,
                      {ms, id});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no user %1").arg(id)});
        return userFrom(*q);
    });
}

DbResult<QList<User>> AuthService::users(QSqlDatabase db) const
{
    auto q = exec(db, QStringLiteral("SELECT ") + kUserColumns +
                          QStringLiteral(" FROM users ORDER BY id"));
    if (!q)
        return std::unexpected(q.error());
    QList<User> out;
    while (q->next())
        out.append(userFrom(*q));
    return out;
}

DbResult<std::pair<ApiKeyInfo, QString>> AuthService::createApiKey(const QString &name, Role role,
                                                                   const QString &createdBy)
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!nameRe.match(name).hasMatch())
        return std::unexpected(DbError{DbError::Kind::Invalid,
                                       QStringLiteral("name: 1 to 64 letters, digits or ._-")});
    const QByteArray secret = base64Url(randomBytes(32));
    const qint64 ms = storage::nowMs();
    return m_store.writeAndWait<std::pair<ApiKeyInfo, QString>>(
        [&](WriteContext &w) -> DbResult<std::pair<ApiKeyInfo, QString>> {
            auto q = exec(w.db(),
                          QStringLiteral("INSERT INTO api_keys (name, role, secret_hash, "
                                         "created_by, created_at) VALUES (?, ?, ?, ?, ?) "
                                         "RETURNING ") +
                              kKeyColumns,
                          {name, roleName(role), sha256Hex(secret), createdBy, ms});
            if (!q)
                return std::unexpected(
                    q.error().kind == DbError::Kind::Constraint
                        ? DbError{DbError::Kind::Conflict, QStringLiteral("name: already taken")}
                        : q.error());
            q->next();
            const ApiKeyInfo info = keyFrom(*q);
            return std::pair{info,
                             QStringLiteral("dck_%1_").arg(info.id) + QString::fromLatin1(secret)};
        });
}

DbResult<ApiKeyInfo> AuthService::revokeApiKey(qint64 id)
{
    const qint64 ms = storage::nowMs();
    return m_store.writeAndWait<ApiKeyInfo>([&](WriteContext &w) -> DbResult<ApiKeyInfo> {
        auto q = exec(w.db(),
                      QStringLiteral("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) "
                                     "WHERE id = ? RETURNING ") +
                          kKeyColumns,
                      {ms, id});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no API key %1").arg(id)});
        return keyFrom(*q);
    });
}

DbResult<QList<ApiKeyInfo>> AuthService::apiKeys(QSqlDatabase db) const
{
    auto q = exec(db, QStringLiteral("SELECT ") + kKeyColumns +
                          QStringLiteral(" FROM api_keys ORDER BY id"));
    if (!q)
        return std::unexpected(q.error());
    QList<ApiKeyInfo> out;
    while (q->next())
        out.append(keyFrom(*q));
    return out;
}

std::expected<QString, QString> AuthService::rotateSigningKey()
{
    QMutexLocker lock(&m_ringLock);
    JwtKeyRing next = m_ring;
    const QString kid = next.rotate();
    if (auto w = m_secrets.write(kJwtKeys, next.toJson()); !w)
        return std::unexpected(w.error());
    m_ring = next;
    qCInfo(lcSecrets).noquote() << "token signing key rotated; current key" << kid;
    return kid;
}

std::expected<void, QString> AuthService::retireSigningKey(const QString &kid)
{
    QMutexLocker lock(&m_ringLock);
    JwtKeyRing next = m_ring;
    if (auto r = next.retire(kid); !r)
        return r;
    if (auto w = m_secrets.write(kJwtKeys, next.toJson()); !w)
        return std::unexpected(w.error());
    m_ring = next;
    return {};
}

QJsonArray AuthService::signingKeys() const
{
    QMutexLocker lock(&m_ringLock);
    QJsonArray out;
    for (const JwtKey &k : m_ring.keys())
        out.append(QJsonObject{
            {QStringLiteral("kid"), k.kid},
            {QStringLiteral("alg"), k.alg},
            {QStringLiteral("created_at"),
             QDateTime::fromMSecsSinceEpoch(k.createdMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("current"), k.kid == m_ring.currentKid()},
            {QStringLiteral("retired"), k.retired}});
    return out;
}

QByteArray AuthService::signForTest(const QJsonObject &claims) const
{
    QMutexLocker lock(&m_ringLock);
    return m_ring.sign(claims, m_options.policy);
}

} // namespace dc::security
