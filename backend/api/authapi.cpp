// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/authapi.h"

#include "api/gate.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "security/audit.h"
#include "security/auth.h"

#include <QJsonArray>
#include <QThreadPool>
#include <QUrlQuery>

namespace dc::api {

using security::AuditEntry;
using security::Role;

namespace {

QJsonObject roleSchema()
{
    return schema::string(16, security::roleNames());
}

// {refresh_token}: refresh and logout.
QJsonObject refreshSchema()
{
    return schema::object({{QStringLiteral("refresh_token"), schema::string(128)}},
                          {QStringLiteral("refresh_token")});
}

// The role a body checked against roleSchema() names, if any.
std::optional<Role> roleOf(const QJsonObject &body)
{
    const QJsonValue v = body.value(QStringLiteral("role"));
    return v.isString() ? security::roleFromName(v.toString()) : std::nullopt;
}

void audit(security::AuditLog &log, const QHostAddress &peer, const QString &actor,
           const QString &action, int outcome, QJsonObject detail = {})
{
    AuditEntry e;
    e.actor = actor;
    e.ip = peer.toString();
    e.action = action;
    e.outcome = outcome;
    e.detail = std::move(detail);
    log.record(std::move(e));
}

QHttpServerResponse unauthorized(const QString &why)
{
    QHttpServerResponse r = problem(Status::Unauthorized, QStringLiteral("Unauthorized"), why);
    r.addHeader("WWW-Authenticate", "Bearer");
    return r;
}

// Argon2id (19 MiB and tens of milliseconds of a core per hash) runs here, never on the HTTP
// thread: a few at once, a bounded queue behind them, and 503 beyond it.
class PasswordWork : public QThreadPool
{
public:
    explicit PasswordWork(QObject *parent)
        : QThreadPool(parent)
    {
        setMaxThreadCount(kPasswordWorkers);
        setExpiryTimeout(-1); // the workers keep their database connections
    }

    // A place for one job, taken on the front's thread before the reply is deferred.
    bool reserve()
    {
        if (m_pending.fetchAndAddOrdered(1) < kPasswordWorkers + kPasswordQueue)
            return true;
        m_pending.fetchAndSubOrdered(1);
        return false;
    }

    // Runs job() on a worker, then done(result) on the front's thread (reserve() first).
    template <class Job, class Done> void run(QObject *front, Job job, Done done)
    {
        start([this, front, job = std::move(job), done = std::move(done)]() mutable {
            auto result = job();
            m_pending.fetchAndSubOrdered(1);
            QMetaObject::invokeMethod(
                front, [done = std::move(done), result = std::move(result)] { done(result); },
                Qt::QueuedConnection);
        });
    }

private:
    QAtomicInt m_pending = 0;
};

struct LoginOutcome
{
    qint64 waitMs = 0; // > 0: the account must wait; nothing was checked
    std::expected<security::TokenPair, security::AuthError> tokens =
        std::unexpected(security::AuthError{});
};

QHttpServerResponse busy()
{
    QHttpServerResponse r =
        problem(Status::ServiceUnavailable, QStringLiteral("Service Unavailable"),
                QStringLiteral("too many passwords are being checked; retry in a moment"));
    r.addHeader("Retry-After", "1");
    return r;
}

} // namespace

QThreadPool *registerAuthRoutes(HttpFront &front, security::AuthService &auth,
                                security::AuditLog &log, storage::Store &store, ApiGate &gate)
{
    Router &r = front.router();
    auto *work = new PasswordWork(&front);

    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/auth/token"),
         .summary = QStringLiteral("Log in: username and password -> access JWT and refresh "
                                   "token (a new session); failed logins make the account "
                                   "wait (429 with Retry-After)"),
         .tag = QStringLiteral("auth"),
         .maxBodyBytes = 4096,
         .requestBody = schema::object({{QStringLiteral("username"), schema::string(64)},
                                        {QStringLiteral("password"), schema::string(256)}},
                                       {QStringLiteral("username"), QStringLiteral("password")})},
        [&auth, &log, &gate, &front, work](RequestContext &ctx) {
            const QString user = ctx.body.value(QStringLiteral("username")).toString();
            const QString pw = ctx.body.value(QStringLiteral("password")).toString();
            if (!work->reserve())
                return busy();
            auto reply = ctx.defer();
            const QString account = auth.usernamePseudonym(user);
            work->run(
                &front,
                [&auth, &gate, name = user, password = pw, account, peer = ctx.peer] {
                    LoginOutcome o;
                    // A waiting account is not checked at all (no Argon2 for it); the
                    // attempt still counts against the address.
                    o.waitMs = gate.accountWaitMs(account);
                    if (o.waitMs > 0) {
                        gate.authFailed(peer);
                        return o;
                    }
                    o.tokens = auth.login(name, password);
                    if (o.tokens)
                        gate.loginSucceeded(account);
                    else if (o.tokens.error().kind == security::AuthError::Kind::Refused)
                        gate.authFailed(peer, account);
                    return o;
                },
                [&log, reply, name = user, account, peer = ctx.peer](const LoginOutcome &o) {
                    const QJsonObject who{{QStringLiteral("username_hmac"), account}};
                    if (o.waitMs > 0) {
                        audit(log, peer, QStringLiteral("anonymous"),
                              QStringLiteral("login.failed"), 429, who);
                        QHttpServerResponse r =
                            problem(Status::TooManyRequests, QStringLiteral("Too Many Requests"),
                                    QStringLiteral("too many failed logins for this account; retry "
                                                   "in %1 s")
                                        .arg((o.waitMs + 999) / 1000));
                        r.addHeader("Retry-After", QByteArray::number((o.waitMs + 999) / 1000));
                        return reply->send(std::move(r));
                    }
                    if (o.tokens) {
                        audit(log, peer, QStringLiteral("user:") + name, QStringLiteral("login.ok"),
                              200);
                        return reply->send(json(o.tokens->toJson()));
                    }
                    if (o.tokens.error().kind == security::AuthError::Kind::Unavailable)
                        return reply->send(problem(Status::ServiceUnavailable,
                                                   QStringLiteral("Service Unavailable"),
                                                   o.tokens.error().message));
                    audit(log, peer, QStringLiteral("anonymous"), QStringLiteral("login.failed"),
                          401, who);
                    reply->send(unauthorized(o.tokens.error().message));
                });
            return QHttpServerResponse(Status::Accepted); // ignored: the reply is deferred
        });

    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/auth/refresh"),
         .summary = QStringLiteral("A new token pair for a refresh token, in the same session "
                                   "(each is used once; used again within 30 s: 409, later: "
                                   "every session of the user ends)"),
         .tag = QStringLiteral("auth"),
         .maxBodyBytes = 4096,
         .requestBody = refreshSchema()},
        [&auth, &log, &gate](RequestContext &ctx) {
            auto tokens = auth.refresh(ctx.body.value(QStringLiteral("refresh_token")).toString());
            if (!tokens) {
                using Kind = security::AuthError::Kind;
                const security::AuthError &e = tokens.error();
                if (e.kind == Kind::Unavailable)
                    return problem(Status::ServiceUnavailable,
                                   QStringLiteral("Service Unavailable"), e.message);
                if (e.kind == Kind::InProgress)
                    return invalidField(QStringLiteral("refresh_token"), e.message,
                                        Status::Conflict);
                gate.authFailed(ctx.peer);
                audit(log, ctx.peer, QStringLiteral("anonymous"), QStringLiteral("refresh.refused"),
                      401, {{QStringLiteral("reason"), e.message}});
                return unauthorized(e.message);
            }
            return json(tokens->toJson());
        });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/auth/logout"),
             .summary = QStringLiteral("End the refresh token's session: its access tokens stop "
                                       "at once"),
             .tag = QStringLiteral("auth"),
             .maxBodyBytes = 4096,
             .requestBody = refreshSchema()},
            [&auth](RequestContext &ctx) {
                if (auto out =
                        auth.logout(ctx.body.value(QStringLiteral("refresh_token")).toString());
                    !out)
                    return problem(Status::ServiceUnavailable,
                                   QStringLiteral("Service Unavailable"), out.error());
                return QHttpServerResponse(Status::NoContent);
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/auth/me"),
             .permission = QStringLiteral("session"),
             .summary = QStringLiteral("Who the credentials belong to, and what they may do"),
             .tag = QStringLiteral("security")},
            [](RequestContext &ctx) {
                QJsonArray perms;
                for (const QString &p : security::allPermissions())
                    if (security::roleAllows(ctx.principal.role, p))
                        perms.append(p);
                return json({{QStringLiteral("subject"), ctx.principal.subject()},
                             {QStringLiteral("name"), ctx.principal.name},
                             {QStringLiteral("role"), security::roleName(ctx.principal.role)},
                             {QStringLiteral("permissions"), perms}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/users"),
             .permission = QStringLiteral("users.manage"),
             .summary = QStringLiteral("Users"),
             .tag = QStringLiteral("security")},
            [&auth, &store] {
                return listResponse(QStringLiteral("users"), auth.users(store.reader()));
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/users"),
             .permission = QStringLiteral("users.manage"),
             .summary = QStringLiteral("Create a user {username, password, role}"),
             .tag = QStringLiteral("security"),
             .maxBodyBytes = 4096,
             .requestBody = schema::object(
                 {{QStringLiteral("username"), schema::string(64)},
                  {QStringLiteral("password"), schema::string(256)},
                  {QStringLiteral("role"), roleSchema()}},
                 {QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("role")})},
            [&auth, &front, work](RequestContext &ctx) {
                if (!work->reserve())
                    return busy();
                auto reply = ctx.defer();
                work->run(
                    &front,
                    [&auth, name = ctx.body.value(QStringLiteral("username")).toString(),
                     password = ctx.body.value(QStringLiteral("password")).toString(),
                     role = *roleOf(ctx.body)] { return auth.createUser(name, password, role); },
                    [reply](const storage::DbResult<security::User> &u) {
                        if (!u)
                            return reply->send(errorResponse(u.error()));
                        reply->setAuditTarget(QStringLiteral("user:%1").arg(u->id));
                        reply->send(json(u->toJson(), Status::Created));
                    });
                return QHttpServerResponse(Status::Accepted); // ignored: the reply is deferred
            });

    r.route({.method = Method::Patch,
             .pattern = QStringLiteral("/api/users/{id:int}"),
             .permission = QStringLiteral("users.manage"),
             .summary = QStringLiteral("Change a user's password, role or disabled flag"),
             .tag = QStringLiteral("security"),
             .maxBodyBytes = 4096,
             .requestBody = schema::object(
                 {{QStringLiteral("password"), schema::nullable(schema::string(256))},
                  {QStringLiteral("role"), schema::nullable(roleSchema())},
                  {QStringLiteral("disabled"), schema::boolean()}})},
            [&auth, &front, work](RequestContext &ctx) {
                const std::optional<QString> pw = textOf(ctx.body, QStringLiteral("password"));
                const std::optional<Role> role = roleOf(ctx.body);
                std::optional<bool> disabled;
                if (ctx.body.contains(QStringLiteral("disabled")))
                    disabled = ctx.body.value(QStringLiteral("disabled")).toBool();
                ctx.auditTarget = QStringLiteral("user:%1").arg(ctx.intParam(0));
                if (!pw) { // nothing to hash
                    auto u = auth.updateUser(ctx.intParam(0), std::nullopt, role, disabled);
                    if (!u)
                        return errorResponse(u.error());
                    return json(u->toJson());
                }
                if (!work->reserve())
                    return busy();
                auto reply = ctx.defer();
                work->run(
                    &front,
                    [&auth, id = ctx.intParam(0), password = pw, role, disabled] {
                        return auth.updateUser(id, password, role, disabled);
                    },
                    [reply](const storage::DbResult<security::User> &u) {
                        reply->send(u ? json(u->toJson()) : errorResponse(u.error()));
                    });
                return QHttpServerResponse(Status::Accepted); // ignored: the reply is deferred
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/keys"),
             .permission = QStringLiteral("keys.manage"),
             .summary = QStringLiteral("API keys (never their secrets)"),
             .tag = QStringLiteral("security")},
            [&auth, &store] {
                return listResponse(QStringLiteral("keys"), auth.apiKeys(store.reader()));
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/keys"),
             .permission = QStringLiteral("keys.manage"),
             .summary = QStringLiteral("Create an API key {name, role}; the secret is shown once"),
             .tag = QStringLiteral("security"),
             .maxBodyBytes = 4096,
             .requestBody = schema::object({{QStringLiteral("name"), schema::string(64)},
                                            {QStringLiteral("role"), roleSchema()}},
                                           {QStringLiteral("name"), QStringLiteral("role")})},
            [&auth](RequestContext &ctx) {
                auto k = auth.createApiKey(ctx.body.value(QStringLiteral("name")).toString(),
                                           *roleOf(ctx.body), ctx.principal.subject());
                if (!k)
                    return errorResponse(k.error());
                ctx.auditTarget = QStringLiteral("key:%1").arg(k->first.id);
                QJsonObject o = k->first.toJson();
                o.insert(QStringLiteral("secret"), k->second);
                return json(o, Status::Created);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/keys/{id:int}/revoke"),
             .permission = QStringLiteral("keys.manage"),
             .summary = QStringLiteral("Revoke an API key"),
             .tag = QStringLiteral("security"),
             .sensitive = true,
             .body = BodyKind::None},
            [&auth](RequestContext &ctx) {
                ctx.auditTarget = QStringLiteral("key:%1").arg(ctx.intParam(0));
                auto k = auth.revokeApiKey(ctx.intParam(0));
                if (!k)
                    return errorResponse(k.error());
                return json(k->toJson());
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/auth/signing-keys"),
             .permission = QStringLiteral("keys.manage"),
             .summary = QStringLiteral("Token signing keys (ids and states only)"),
             .tag = QStringLiteral("security")},
            [&auth] {
                return json({{QStringLiteral("keys"), auth.signingKeys()}});
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/auth/signing-keys/rotate"),
             .permission = QStringLiteral("keys.manage"),
             .summary = QStringLiteral("New tokens use a new key; older keys verify until retired"),
             .tag = QStringLiteral("security"),
             .body = BodyKind::None},
            [&auth](RequestContext &ctx) {
                auto kid = auth.rotateSigningKey();
                if (!kid)
                    return problem(Status::ServiceUnavailable,
                                   QStringLiteral("Service Unavailable"), kid.error());
                ctx.auditTarget = QStringLiteral("signing-key:") + *kid;
                return json({{QStringLiteral("current"), *kid},
                             {QStringLiteral("keys"), auth.signingKeys()}});
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/auth/signing-keys/{kid}/retire"),
             .permission = QStringLiteral("keys.manage"),
             .summary = QStringLiteral("Tokens signed with this key stop verifying"),
             .tag = QStringLiteral("security"),
             .sensitive = true,
             .body = BodyKind::None},
            [&auth](RequestContext &ctx) {
                ctx.auditTarget = QStringLiteral("signing-key:") + ctx.params.value(0);
                if (auto out = auth.retireSigningKey(ctx.params.value(0)); !out)
                    return problem(Status::Conflict, QStringLiteral("Conflict"), out.error());
                return json({{QStringLiteral("keys"), auth.signingKeys()}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/audit"),
             .permission = QStringLiteral("audit.read"),
             .summary = QStringLiteral("The audit log (?after=ID&limit=&actor=)"),
             .tag = QStringLiteral("security"),
             .query = {{QStringLiteral("after"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                       {QStringLiteral("limit"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                       {QStringLiteral("actor"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
            [&log, &store](RequestContext &ctx) {
                const QUrlQuery q(ctx.request.url());
                auto after = intQuery(ctx.request, QStringLiteral("after"), 0, 0,
                                      std::numeric_limits<qint64>::max());
                if (!after)
                    return std::move(after.error());
                auto limit = intQuery(ctx.request, QStringLiteral("limit"), 100, 1, 1000);
                if (!limit)
                    return std::move(limit.error());
                auto entries =
                    log.list(store.reader(), *after, int(*limit),
                             q.queryItemValue(QStringLiteral("actor"), QUrl::FullyDecoded));
                if (!entries)
                    return errorResponse(entries.error());
                return json(
                    {{QStringLiteral("entries"), toJsonArray(*entries)},
                     {QStringLiteral("next_after"),
                      entries->size() == *limit ? QJsonValue(entries->last().id) : QJsonValue()}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/audit/verify"),
             .permission = QStringLiteral("audit.read"),
             .summary = QStringLiteral("Check the audit log's hash chain"),
             .tag = QStringLiteral("security")},
            [&log, &store] {
                auto v = log.verify(store.reader());
                if (!v)
                    return errorResponse(v.error());
                return json({{QStringLiteral("intact"), v->ok()},
                             {QStringLiteral("entries"), v->entries},
                             {QStringLiteral("first_bad_id"), v->firstBadId},
                             {QStringLiteral("problem"), v->problem}});
            });
    return work;
}

} // namespace dc::api
