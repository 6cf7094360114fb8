// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/router.h"

#include "api/request.h"
#include "api/response.h"
#include "core/logging.h"

#include <QJsonArray>
#include <QMetaEnum>
#include <QUrl>
#include <QUrlQuery>

#include <exception>

namespace dc::api {

namespace {

// Path segments, each percent-decoded on its own so "%2F" stays inside its segment.
std::optional<QStringList> splitPath(QByteArrayView encodedPath)
{
    QStringList out;
    const QList<QByteArray> raws = encodedPath.toByteArray().split('/');
    for (const QByteArray &raw : raws) {
        if (raw.isEmpty())
            continue;
        const QByteArray decoded = QByteArray::fromPercentEncoding(raw);
        const QString s = QString::fromUtf8(decoded);
        if (s.toUtf8() != decoded) // not valid UTF-8
            return std::nullopt;
        out.append(s);
    }
    return out;
}

// ::ffff:192.0.2.1 as 192.0.2.1, so that IPv4 subnets match a dual-stack socket's peers.
QHostAddress plainAddress(const QHostAddress &a)
{
    bool v4 = false;
    const quint32 ip = a.toIPv4Address(&v4);
    return v4 ? QHostAddress(ip) : a;
}

// One X-Forwarded-For entry: "192.0.2.1", "192.0.2.1:4711", "2001:db8::1" or "[2001:db8::1]:4711".
QHostAddress forwardedAddress(QByteArrayView entry)
{
    QString s = QString::fromLatin1(entry).trimmed();
    if (s.startsWith(QLatin1Char('['))) {
        const qsizetype end = s.indexOf(QLatin1Char(']'));
        if (end < 0)
            return {};
        s = s.mid(1, end - 1);
    } else if (s.count(QLatin1Char(':')) == 1) {
        s = s.section(QLatin1Char(':'), 0, 0);
    }
    QHostAddress a;
    if (!a.setAddress(s))
        return {};
    return plainAddress(a);
}

bool isInteger(const QString &s)
{
    if (s.isEmpty() || s.size() > 18)
        return false;
    for (QChar c : s)
        if (!c.isDigit() || c.unicode() > 127)
            return false;
    return true;
}

} // namespace

QByteArray methodName(Method m)
{
    switch (m) {
    case Method::Get:
        return "GET";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    case Method::Post:
        return "POST";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Patch:
        return "PATCH";
    default:
        return "OTHER";
    }
}

QList<PathSegment> parsePattern(const QString &pattern)
{
    QList<PathSegment> out;
    for (const QString &part : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}'))) {
            const QString inner = part.mid(1, part.size() - 2);
            PathSegment s;
            s.name = inner.section(QLatin1Char(':'), 0, 0);
            s.isInt = inner.section(QLatin1Char(':'), 1) == QLatin1String("int");
            out.append(s);
        } else {
            out.append(PathSegment{part, {}, false});
        }
    }
    return out;
}

const QByteArrayList &forwardedHeaders()
{
    static const QByteArrayList names = {"ETag",
                                         "Location",
                                         "Retry-After",
                                         "Allow",
                                         "Cache-Control",
                                         "WWW-Authenticate",
                                         "RateLimit-Limit",
                                         "RateLimit-Remaining",
                                         "RateLimit-Reset",
                                         "X-Total-Count"};
    return names;
}

struct Router::Entry
{
    RouteSpec spec;
    Handler handler;
    QList<PathSegment> segments;
};

struct Router::Match
{
    const Entry *entry = nullptr; // route for the method (GET for HEAD)
    QStringList params;
    QList<Method> allowed; // methods of every route at this path
    bool badPath = false;
};

Router::Router() = default;
Router::~Router() = default;

void Router::add(RouteSpec spec, Handler handler)
{
    auto e = std::make_unique<Entry>();
    e->segments = parsePattern(spec.pattern);
    if (spec.body == BodyKind::Undeclared && !spec.requestBody.isEmpty())
        spec.body = BodyKind::Json;
    e->spec = std::move(spec);
    e->handler = std::move(handler);
    m_entries.push_back(std::move(e));
}

const QList<RouteSpec> Router::routes() const
{
    QList<RouteSpec> out;
    for (const auto &e : m_entries)
        out.append(e->spec);
    return out;
}

Router::Match Router::match(QByteArrayView method, QByteArrayView encodedPath) const
{
    Match m;
    const auto parts = splitPath(encodedPath);
    if (!parts) {
        m.badPath = true;
        return m;
    }
    const QByteArray wanted = method == "HEAD" ? QByteArray("GET") : method.toByteArray();
    // Literal segments win over captures: "/api/tasks/stats" before "/api/tasks/{id:int}".
    int bestScore = -1;
    for (const auto &e : m_entries) {
        if (e->segments.size() != parts->size())
            continue;
        QStringList params;
        int score = 0;
        bool ok = true;
        for (qsizetype i = 0; i < parts->size() && ok; ++i) {
            const PathSegment &s = e->segments[i];
            if (!s.capture()) {
                ok = s.literal == parts->at(i);
                ++score;
            } else {
                ok = !s.isInt || isInteger(parts->at(i));
                params.append(parts->at(i));
            }
        }
        if (!ok)
            continue;
        if (!m.allowed.contains(e->spec.method))
            m.allowed.append(e->spec.method);
        if (methodName(e->spec.method) == wanted && score > bestScore) {
            bestScore = score;
            m.entry = e.get();
            m.params = params;
        }
    }
    return m;
}

Router::HeadRule Router::headRule(QByteArrayView method, QByteArrayView encodedPath,
                                  qint64 fallbackMaxBody) const
{
    const Match m = match(method, encodedPath);
    HeadRule rule{fallbackMaxBody, false};
    if (m.entry) {
        if (m.entry->spec.maxBodyBytes > 0)
            rule.maxBodyBytes = m.entry->spec.maxBodyBytes;
        rule.needsCredentials = !m.entry->spec.permission.isEmpty();
    }
    return rule;
}

bool upgradeUnderway(const QHttpServerResponder &responder)
{
    const QTcpSocket *socket = responder.socket();
    return socket && socket->isTransactionStarted();
}

QHostAddress Router::clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor) const
{
    QHostAddress client = plainAddress(peer);
    const auto trusted = [this](const QHostAddress &a) {
        return std::any_of(m_trustedProxies.cbegin(), m_trustedProxies.cend(),
                           [&a](const auto &net) { return a.isInSubnet(net.first, net.second); });
    };
    if (m_trustedProxies.isEmpty() || forwardedFor.isEmpty() || !trusted(client))
        return client;
    // Right to left: each trusted proxy appended the address it was connected from.
    const QList<QByteArray> hops = forwardedFor.toByteArray().split(',');
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        const QHostAddress hop = forwardedAddress(*it);
        if (hop.isNull())
            break; // not written by a trusted proxy: the last trusted hop is all we know
        client = hop;
        if (!trusted(hop))
            break;
    }
    return client;
}

void Router::finish(const RequestRecord &rec) const
{
    if (m_hooks.finished)
        m_hooks.finished(rec);
}

std::shared_ptr<DeferredReply> RequestContext::defer()
{
    if (!m_deferred)
        m_deferred.reset(new DeferredReply);
    return m_deferred;
}

QHttpServerResponse respondFromPool(QObject &front, QThreadPool &pool, RequestContext &ctx,
                                    std::function<QHttpServerResponse()> work)
{
    auto reply = ctx.defer();
    pool.start([&front, reply, work = std::move(work)] {
        // Shared: the response moves only, and the queued call must be copyable.
        auto answer = std::make_shared<QHttpServerResponse>(work());
        QMetaObject::invokeMethod(
            &front, [reply, answer] { reply->send(std::move(*answer)); }, Qt::QueuedConnection);
    });
    return QHttpServerResponse(Status::Accepted); // ignored: the reply is deferred
}

QHttpServerResponse answerFromPool(QObject &front, QThreadPool &pool, RequestContext &ctx,
                                   std::function<dc::Result<QJsonObject>()> work)
{
    return respondFromPool(front, pool, ctx, [work = std::move(work)] {
        auto result = work();
        return result ? json(*result) : errorResponse(result.error());
    });
}

DeferredReply::~DeferredReply()
{
    // A reply nobody sent (the work was dropped) still answers a client that is waiting.
    if (!m_sent && m_socket && m_responder)
        send(problem(Status::ServiceUnavailable, QStringLiteral("Service Unavailable"),
                     QStringLiteral("the server stopped before the result was ready")));
}

void DeferredReply::send(QHttpServerResponse response)
{
    if (m_sent)
        return;
    m_sent = true;
    const int status = int(response.statusCode());
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_responder)
        writeResponse(*m_responder, response, {}, m_head);
    if (m_socket) {
        const int left = m_socket->property("dcDeferred").toInt() - 1;
        m_socket->setProperty("dcDeferred", left);
        if (left <= 0 && m_socket->property("dcCloseAfter").toBool())
            m_socket->disconnectFromHost();
    }
    // Either way the responder goes now, while its socket (if any) still exists.
    m_responder.reset();
    if (m_onSent)
        m_onSent(status, m_auditTarget);
}

void writeResponse(QHttpServerResponder &responder, const QHttpServerResponse &response,
                   const HeaderList &extra, bool headOnly)
{
    HeaderList headers;
    const QByteArray data = response.data();
    if (!data.isEmpty() && !response.mimeType().isEmpty())
        headers.append({"Content-Type", response.mimeType()});
    for (const QByteArray &name : forwardedHeaders())
        for (const QByteArray &v : response.headers(name))
            headers.append({name, v});
    headers.append(extra);
    const auto status = QHttpServerResponder::StatusCode(int(response.statusCode()));
    // 6.4's HeaderList is an initializer_list: headers go out one by one.
    responder.writeStatusLine(status);
    for (const auto &[k, v] : headers)
        responder.writeHeader(k, v);
    responder.writeHeader("Content-Length", QByteArray::number(data.size()));
    responder.writeBody(headOnly ? QByteArray() : data);
}

void Router::handle(const QHttpServerRequest &req, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    RequestRecord rec;
    const QMetaEnum me = QMetaEnum::fromType<Method>();
    rec.method = QByteArray(me.valueToKey(int(req.method()))).toUpper();
    const QByteArray encodedPath = req.url().path(QUrl::FullyEncoded).toUtf8();
    rec.path = req.url().path();
    rec.peer = clientAddress(req.remoteAddress(), req.value("X-Forwarded-For"));
    const bool head = req.method() == Method::Head;

    HeaderList extra;
    auto answer = [&](const QHttpServerResponse &r) {
        writeResponse(responder, r, extra, head);
        rec.status = int(r.statusCode());
        rec.durationNs = clock.nsecsElapsed();
        finish(rec);
    };

    const Match m = match(rec.method, encodedPath);
    if (m.badPath)
        return answer(problem(Status::BadRequest, QStringLiteral("Bad Request"),
                              QStringLiteral("the path is not valid UTF-8")));
    if (req.method() == Method::Options) {
        QByteArrayList allow;
        for (Method a : m.allowed)
            allow << methodName(a);
        if (allow.contains("GET"))
            allow << "HEAD";
        allow << "OPTIONS";
        if (m.allowed.isEmpty() && encodedPath != "*")
            return answer(notFound(QStringLiteral("no resource at %1").arg(rec.path)));
        QHttpServerResponse r(Status::NoContent);
        r.addHeader("Allow", allow.join(", "));
        return answer(r);
    }
    if (!m.entry) {
        if (m.allowed.isEmpty())
            return answer(notFound(QStringLiteral("no resource at %1").arg(rec.path)));
        QByteArrayList allow;
        for (Method a : m.allowed)
            allow << methodName(a);
        if (allow.contains("GET"))
            allow << "HEAD";
        allow << "OPTIONS";
        QHttpServerResponse r = problem(
            Status::MethodNotAllowed, QStringLiteral("Method Not Allowed"),
            QStringLiteral("%1 is not allowed here; use %2")
                .arg(QString::fromLatin1(rec.method), QString::fromLatin1(allow.join(", "))));
        r.addHeader("Allow", allow.join(", "));
        return answer(r);
    }
    const RouteSpec &spec = m.entry->spec;
    rec.route = &spec;

    const Access access = authorize(spec, req.value("Authorization"), rec.peer, true, rec, extra);
    if (access.refusal)
        return answer(*access.refusal);
    const security::Principal &principal = access.principal;
    rec.principal = principal;

    if (spec.websocket && upgradeUnderway(responder)) {
        // QHttpServer upgrades after this returns; anything written here would precede the
        // handshake, so nothing is. The guard has already checked the credentials.
        rec.status = 101;
        rec.durationNs = clock.nsecsElapsed();
        finish(rec);
        return;
    }

    // A route that declares its query parameters gets no others (one check for all of them).
    if (!spec.query.isEmpty())
        for (const auto &[k, v] : QUrlQuery(req.url()).queryItems())
            if (!spec.query.contains(k))
                return answer(invalidField(k, QStringLiteral("unknown query parameter")));

    // The body against the route's schema, before the handler sees it.
    QJsonObject body;
    if (spec.body == BodyKind::Json ||
        (spec.body == BodyKind::OptionalJson && !req.body().isEmpty())) {
        auto checked = checkedBody(req, spec.requestBody);
        if (!checked)
            return answer(checked.error());
        body = std::move(*checked);
    }

    RequestContext ctx(req, spec, m.params, principal);
    ctx.body = std::move(body);
    if (spec.limitFailuresOnly && m_hooks.admitFailure)
        ctx.m_countFailure = [hook = m_hooks.admitFailure, &spec,
                              &rec]() -> std::optional<QHttpServerResponse> {
            Admission a = hook(spec, rec.peer);
            if (!a.refusal)
                return std::nullopt;
            rec.securityEvent = QStringLiteral("rate_limited");
            return std::move(a.refusal);
        };
    ctx.peer = rec.peer;
    std::optional<QHttpServerResponse> response;
    try {
        response.emplace(m.entry->handler(ctx));
    } catch (const std::exception &e) {
        qCCritical(lcHttp).noquote() << "handler for" << spec.pattern << "threw:" << e.what();
        response.emplace(problem(Status::InternalServerError,
                                 QStringLiteral("Internal Server Error"),
                                 QStringLiteral("the request failed unexpectedly")));
    }
    rec.target = ctx.auditTarget;
    rec.detail = ctx.auditDetail;
    if (!ctx.securityEvent.isEmpty())
        rec.securityEvent = ctx.securityEvent;
    if (auto d = ctx.deferred()) {
        d->m_socket = responder.socket();
        if (d->m_socket)
            d->m_socket->setProperty("dcDeferred", d->m_socket->property("dcDeferred").toInt() + 1);
        d->m_responder.emplace(std::move(responder));
        d->m_head = head;
        if (d->m_auditTarget.isEmpty())
            d->m_auditTarget = rec.target;
        d->m_onSent = [this, rec, clock](int status, const QString &target) mutable {
            rec.status = status;
            rec.target = target;
            rec.durationNs = clock.nsecsElapsed();
            finish(rec);
        };
        return;
    }
    answer(*response);
}

Router::Access Router::authorize(const RouteSpec &spec, const QByteArray &authorization,
                                 const QHostAddress &peer, bool admitAllowed, RequestRecord &rec,
                                 HeaderList &extra) const
{
    Access out;
    // Rate limits: per address for requests without valid credentials (public routes, missing
    // or refused credentials: what brute force looks like), per user or key after that, so one
    // busy integration behind one address is limited by its own key, not by its neighbours.
    auto admit = [&](const security::Principal &who) -> bool {
        if (!m_hooks.admit)
            return true;
        Admission a = m_hooks.admit(spec, who, peer);
        extra = a.headers;
        if (!a.refusal)
            return true;
        rec.securityEvent = QStringLiteral("rate_limited");
        out.refusal.emplace(std::move(*a.refusal));
        return false;
    };
    // A route limited by its refusals only does that itself (RequestContext::countFailure).
    if (!(spec.limitFailuresOnly && spec.permission.isEmpty()) &&
        (spec.permission.isEmpty() || authorization.isEmpty())) {
        if (!admit({}))
            return out;
    }
    if (spec.permission.isEmpty())
        return out;
    auto who = m_hooks.authenticate ? m_hooks.authenticate(authorization)
                                    : std::expected<security::Principal, QString>();
    if (!who) {
        if (!authorization.isEmpty() && !admit({}))
            return out;
        rec.securityEvent = QStringLiteral("token_refused");
        rec.detail = {{QStringLiteral("reason"), who.error()}};
        out.refusal.emplace(
            problem(Status::Unauthorized, QStringLiteral("Unauthorized"), who.error()));
        out.refusal->addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return out;
    }
    rec.principal = *who;
    if (!who->authenticated()) {
        out.refusal.emplace(
            problem(Status::Unauthorized, QStringLiteral("Unauthorized"),
                    QStringLiteral("send \"Authorization: Bearer <token or API key>\"")));
        out.refusal->addHeader("WWW-Authenticate", "Bearer");
        return out;
    }
    const bool allowed = security::roleAllows(who->role, spec.permission);
    if ((admitAllowed || !allowed) && !admit(*who))
        return out;
    if (!allowed) {
        rec.securityEvent = QStringLiteral("permission_denied");
        rec.detail = {{QStringLiteral("permission"), spec.permission}};
        out.refusal.emplace(forbidden(who->role, spec.permission));
        return out;
    }
    out.principal = *who;
    return out;
}

std::optional<QHttpServerResponse> Router::verifyCredentials(QByteArrayView method,
                                                             QByteArrayView encodedPath,
                                                             const QByteArray &authorization,
                                                             const QHostAddress &peer)
{
    const Match m = match(method, encodedPath);
    if (!m.entry || m.entry->spec.permission.isEmpty())
        return std::nullopt;
    RequestRecord rec;
    rec.route = &m.entry->spec;
    rec.method = method.toByteArray();
    rec.path = QString::fromUtf8(encodedPath);
    rec.peer = peer;
    HeaderList extra;
    Access access = authorize(m.entry->spec, authorization, peer, false, rec, extra);
    if (!access.refusal)
        return std::nullopt;
    for (const auto &[k, v] : extra)
        access.refusal->addHeader(k, v);
    rec.status = int(access.refusal->statusCode());
    finish(rec);
    return std::move(access.refusal);
}

std::optional<QHttpServerResponse> Router::verifyUpgrade(QByteArrayView encodedPath,
                                                         QByteArrayView query,
                                                         const QByteArray &authorization,
                                                         const QHostAddress &peer)
{
    const Match m = match("GET", encodedPath);
    if (!m.entry || !m.entry->spec.websocket)
        return notFound(QStringLiteral("no WebSocket at this path"));
    const RouteSpec &spec = m.entry->spec;
    // Browsers cannot set headers on a WebSocket: the token may come as ?access_token=.
    QByteArray auth = authorization;
    if (auth.isEmpty()) {
        const QUrlQuery q(QString::fromUtf8(query));
        const QString t = q.queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded);
        if (!t.isEmpty())
            auth = "Bearer " + t.toUtf8();
    }
    RequestRecord rec;
    rec.route = &spec;
    rec.method = "GET";
    rec.path = QString::fromUtf8(encodedPath);
    rec.peer = peer;
    auto refuse = [&](QHttpServerResponse r, const QString &event) {
        rec.status = int(r.statusCode());
        rec.securityEvent = event;
        finish(rec);
        return std::optional<QHttpServerResponse>(std::move(r));
    };
    if (m_hooks.admit) {
        Admission a = m_hooks.admit(spec, {}, peer);
        if (a.refusal)
            return refuse(std::move(*a.refusal), QStringLiteral("rate_limited"));
    }
    if (spec.permission.isEmpty())
        return std::nullopt;
    auto who = m_hooks.authenticate ? m_hooks.authenticate(auth)
                                    : std::expected<security::Principal, QString>();
    if (!who)
        return refuse(problem(Status::Unauthorized, QStringLiteral("Unauthorized"), who.error()),
                      QStringLiteral("token_refused"));
    rec.principal = *who;
    if (!who->authenticated())
        return refuse(problem(Status::Unauthorized, QStringLiteral("Unauthorized"),
                              QStringLiteral("send a bearer token or ?access_token=")),
                      QString());
    if (!security::roleAllows(who->role, spec.permission))
        return refuse(problem(Status::Forbidden, QStringLiteral("Forbidden"),
                              QStringLiteral("the %1 role lacks the permission \"%2\"")
                                  .arg(security::roleName(who->role), spec.permission)),
                      QStringLiteral("permission_denied"));
    return std::nullopt;
}

std::expected<security::Principal, QString> Router::reauthorize(const QByteArray &authorization,
                                                                const QString &permission) const
{
    if (!m_hooks.authenticate)
        return std::unexpected(QStringLiteral("credentials cannot be checked"));
    auto who = m_hooks.authenticate(authorization);
    if (!who)
        return who;
    if (!who->authenticated())
        return std::unexpected(QStringLiteral("no credentials"));
    if (!security::roleAllows(who->role, permission))
        return std::unexpected(QStringLiteral("the %1 role lacks the permission \"%2\"")
                                   .arg(security::roleName(who->role), permission));
    return who;
}

QHttpServerResponse forbidden(security::Role role, const QString &permission)
{
    return problem(Status::Forbidden, QStringLiteral("Forbidden"),
                   QStringLiteral("the %1 role lacks the permission \"%2\"")
                       .arg(security::roleName(role), permission),
                   {{QStringLiteral("permission"), permission}});
}

} // namespace dc::api
