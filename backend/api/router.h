// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The route table: one list of routes that dispatches requests, answers 405/HEAD/OPTIONS,
// authenticates, checks the permission table, applies rate limits, feeds audit and metrics, and
// generates the OpenAPI document. A route exists for the server only through this table.
#include "core/error.h"
#include "security/permissions.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QThreadPool>

#include <expected>
#include <functional>
#include <memory>
#include <optional>

namespace dc::api {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponse::StatusCode;
using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// What a route reads from its body. Write routes (POST, PUT, PATCH) say which.
enum class BodyKind {
    Undeclared,   // reads no body and says nothing (GET, DELETE)
    None,         // takes no body: anything sent is ignored
    Json,         // a JSON object, checked against requestBody before the handler runs
    OptionalJson, // Json, or no body at all
    Document,     // parsed by the handler itself (YAML, any JSON value); requestBody is published
};

struct RouteSpec
{
    Method method = Method::Get;
    // Literal segments and captures: "/api/orders/{id:int}", "/api/workflows/{name}".
    QString pattern;
    // From the permission table; empty means public (no credentials needed).
    QString permission;
    QString summary;
    QString tag;
    qint64 maxBodyBytes = 0; // 0: the front's default
    bool sensitive = false;  // cancel/refund/delete/erase: a stricter rate limit of its own
    bool websocket = false;  // answered by an upgrade, after the guard has checked credentials
    // Public routes that authenticate the sender themselves (webhook signatures): the
    // per-address limit counts the handler's refusals (RequestContext::countFailure), never
    // the requests it accepts: a flash sale's valid deliveries are never refused with 429,
    // even from an address (a proxy) that forgers share.
    bool limitFailuresOnly = false;
    // JSON Schema of the body: the router checks a Json body against it before the handler
    // runs (400 naming the field and the reason) and the OpenAPI document publishes it, so the
    // two cannot disagree. Exact: a body it accepts is not refused for its shape by the handler.
    QJsonObject requestBody;
    BodyKind body = BodyKind::Undeclared; // with a requestBody and no kind: Json
    QStringList documentTypes;            // BodyKind::Document: the media types it takes
    // Query parameter name -> JSON Schema. When given, other parameters are refused (400).
    QJsonObject query;
};

// A pattern's segments: literals, and captures ("{id:int}": an integer named id).
struct PathSegment
{
    QString literal; // empty for a capture
    QString name;
    bool isInt = false;
    bool capture() const { return literal.isEmpty(); }
};
QList<PathSegment> parsePattern(const QString &pattern);
QByteArray methodName(Method m); // "GET", "POST", ...

class DeferredReply;

// What a handler gets: the request, its captures and who is asking.
class RequestContext
{
public:
    RequestContext(const QHttpServerRequest &req, const RouteSpec &route, QStringList params,
                   security::Principal principal)
        : request(req)
        , route(route)
        , params(std::move(params))
        , principal(std::move(principal))
    {}
    const QHttpServerRequest &request;
    const RouteSpec &route;
    const QStringList params; // percent-decoded captures, in pattern order
    const security::Principal principal;
    // The client's address: the socket's peer, or with [limits] trusted_proxies the address the
    // trusted proxies forwarded for.
    QHostAddress peer;
    // A Json or OptionalJson route's body, already held to its requestBody schema: a handler
    // reads its fields without checking their types again (empty without a body).
    QJsonObject body;
    QString auditTarget; // what the request acted on ("order:12"), for the audit log
    QJsonObject auditDetail;
    QString securityEvent; // a handler's own refusal for the audit log ("permission_denied")

    qint64 intParam(int i) const { return params.value(i).toLongLong(); }
    // Routes with limitFailuresOnly: counts this refused request against the address's
    // failure budget; past it, the answer to give instead (429 with Retry-After).
    std::optional<QHttpServerResponse> countFailure()
    {
        return m_countFailure ? m_countFailure() : std::nullopt;
    }
    // For a handler that answers later: the router keeps the responder in the returned handle
    // and ignores the handler's return value. send() must be called on the front's thread.
    std::shared_ptr<DeferredReply> defer();
    std::shared_ptr<DeferredReply> deferred() const { return m_deferred; }

private:
    friend class Router;
    std::shared_ptr<DeferredReply> m_deferred;
    std::function<std::optional<QHttpServerResponse>()> m_countFailure;
};

using Handler = std::function<QHttpServerResponse(RequestContext &)>;

// Answers the request later with what `work` gives (a JSON object or the error), computed on
// `pool` (work that blocks: a heavy read, a call to a service) and sent on `front`'s thread, as a
// deferred reply must be. Returns what the handler returns (ignored by the router).
QHttpServerResponse answerFromPool(QObject &front, QThreadPool &pool, RequestContext &ctx,
                                   std::function<dc::Result<QJsonObject>()> work);
// The same for work that makes the whole response (its own refusals, naming their field).
QHttpServerResponse respondFromPool(QObject &front, QThreadPool &pool, RequestContext &ctx,
                                    std::function<QHttpServerResponse()> work);

// 403 naming the permission the role lacks: the router's answer, and handlers' that check a
// permission of their own (an agent action's, a task kind's).
QHttpServerResponse forbidden(security::Role role, const QString &permission);

// One routed request, reported once it is answered (audit, metrics).
struct RequestRecord
{
    const RouteSpec *route = nullptr; // null when nothing matched
    QByteArray method;
    QString path;
    int status = 0;
    qint64 durationNs = 0;
    security::Principal principal;
    QHostAddress peer;
    QString target;
    QJsonObject detail;
    QString securityEvent; // "token_refused", "permission_denied", "rate_limited" or empty
};

struct Admission
{
    std::optional<QHttpServerResponse> refusal; // set: answer this (429) instead
    HeaderList headers;                         // RateLimit-* headers for the response
};

struct RouterHooks
{
    // The Authorization header's credentials -> principal; no header gives Anonymous; bad
    // credentials give the reason (never echoing the credential).
    std::function<std::expected<security::Principal, QString>(const QByteArray &authorization)>
        authenticate;
    // Rate limits. Called with the anonymous principal before authentication (per address),
    // then again with the authenticated one (per user or key).
    std::function<Admission(const RouteSpec &, const security::Principal &, const QHostAddress &)>
        admit;
    // Routes with limitFailuresOnly: counts one refused request of the address; a refusal
    // (429) once the address is past its failure budget.
    std::function<Admission(const RouteSpec &, const QHostAddress &)> admitFailure;
    std::function<void(const RequestRecord &)> finished;
};

class Router
{
public:
    Router();
    ~Router();

    void add(RouteSpec spec, Handler handler);
    // add() for handlers written against the captures: f(ctx), f(), f(req), f(id), f(id, req),
    // f(id, id2), f(name), f(name, req).
    template <typename F> void route(RouteSpec spec, F f)
    {
        add(std::move(spec), [f = std::move(f)](RequestContext &c) -> QHttpServerResponse {
            using Req = const QHttpServerRequest &;
            if constexpr (std::is_invocable_v<F &, RequestContext &>)
                return f(c);
            else if constexpr (std::is_invocable_v<F &>)
                return f();
            else if constexpr (std::is_invocable_v<F &, Req>)
                return f(c.request);
            else if constexpr (std::is_invocable_v<F &, qint64, Req>)
                return f(c.intParam(0), c.request);
            else if constexpr (std::is_invocable_v<F &, qint64, qint64>)
                return f(c.intParam(0), c.intParam(1));
            else if constexpr (std::is_invocable_v<F &, qint64>)
                return f(c.intParam(0));
            else if constexpr (std::is_invocable_v<F &, const QString &, Req>)
                return f(c.params.value(0), c.request);
            else
                return f(c.params.value(0));
        });
    }
    void setHooks(RouterHooks hooks) { m_hooks = std::move(hooks); }
    // Requests from these proxies (address, prefix length) come from the address they forwarded
    // for: the right-most X-Forwarded-For entry that is not a trusted proxy. From anyone else
    // the header is ignored (a client can write anything there).
    void setTrustedProxies(QList<std::pair<QHostAddress, int>> proxies)
    {
        m_trustedProxies = std::move(proxies);
    }
    QHostAddress clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor) const;

    // The QHttpServer missing handler: every request comes here.
    void handle(const QHttpServerRequest &req, QHttpServerResponder &&responder);

    // For the guard, once a request's head has arrived: the route's body limit (or the
    // default) and whether the route needs credentials.
    struct HeadRule
    {
        qint64 maxBodyBytes = 0;
        bool needsCredentials = false;
    };
    HeadRule headRule(QByteArrayView method, QByteArrayView encodedPath,
                      qint64 fallbackMaxBody) const;
    // For the guard, before a body is read for a route that needs a permission: the refusal
    // (401, 403, or 429 for repeated bad credentials) the router would give, so that no body
    // is buffered for a caller refused anyway; nullopt when the credentials allow the route
    // (the router checks again, and applies the caller's rate limit, when it handles it).
    std::optional<QHttpServerResponse> verifyCredentials(QByteArrayView method,
                                                         QByteArrayView encodedPath,
                                                         const QByteArray &authorization,
                                                         const QHostAddress &peer);
    // For the guard on an Upgrade request: nullopt accepts the upgrade; otherwise the response
    // to send before closing (404 for a path with no WebSocket, 401/403 for credentials).
    std::optional<QHttpServerResponse> verifyUpgrade(QByteArrayView encodedPath,
                                                     QByteArrayView query,
                                                     const QByteArray &authorization,
                                                     const QHostAddress &peer);

    // For connections that outlive their request (the event stream): the credentials checked
    // again as a request would be (authenticate, then the permission). The principal, or why it
    // is refused now.
    std::expected<security::Principal, QString> reauthorize(const QByteArray &authorization,
                                                            const QString &permission) const;

    QJsonObject openApi(const QString &version) const;
    const QList<RouteSpec> routes() const;

private:
    struct Entry;
    struct Match;
    // The outcome of authentication, permission and rate limits for one request.
    struct Access
    {
        std::optional<QHttpServerResponse> refusal;
        security::Principal principal;
    };
    Match match(QByteArrayView method, QByteArrayView encodedPath) const;
    // admitAllowed: also apply the authenticated caller's rate limit when it is let through
    // (false for the guard's early check: the request is admitted once, when handled).
    Access authorize(const RouteSpec &spec, const QByteArray &authorization,
                     const QHostAddress &peer, bool admitAllowed, RequestRecord &rec,
                     HeaderList &extra) const;
    void finish(const RequestRecord &rec) const;

    std::vector<std::unique_ptr<Entry>> m_entries;
    RouterHooks m_hooks;
    QList<std::pair<QHostAddress, int>> m_trustedProxies;
};

// A response that comes after the handler has returned (e.g. ?wait=). If the client has gone
// by then, the response is dropped: the socket is watched with a QPointer, never assumed alive.
class DeferredReply
{
public:
    ~DeferredReply();
    void send(QHttpServerResponse response);
    // What the request acted on, when only known once the work is done (a created id).
    void setAuditTarget(const QString &target) { m_auditTarget = target; }
    bool clientGone() const { return !m_socket; }
    bool sent() const { return m_sent; }

private:
    friend class Router;
    QPointer<QTcpSocket> m_socket;
    std::optional<QHttpServerResponder> m_responder;
    std::function<void(int status, const QString &auditTarget)> m_onSent;
    QString m_auditTarget;
    bool m_head = false;
    bool m_sent = false;
};

// Whether QHttpServer 6.4 is in its WebSocket branch for the request this responder answers:
// it then hands the socket to QWebSocketServer once the handler returns, so nothing may be
// written. Its plain branch commits the socket's read transaction before calling the handler;
// the WebSocket branch leaves it open (it rolls back to replay the handshake).
bool upgradeUnderway(const QHttpServerResponder &responder);

// The headers handlers may set on a QHttpServerResponse that are written out (6.4 cannot list
// a response's headers).
const QByteArrayList &forwardedHeaders();

// Writes a response through a responder, with the extra headers (HEAD: headers only).
void writeResponse(QHttpServerResponder &responder, const QHttpServerResponse &response,
                   const HeaderList &extra, bool headOnly);

} // namespace dc::api
