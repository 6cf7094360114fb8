// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/eventsapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "core/logging.h"
#include "core/urls.h"
#include "events/eventbus.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

namespace dc::api {

using Status = QHttpServerResponse::StatusCode;
using namespace dc::events;

namespace {

constexpr qint64 kMaxEventBody = kMaxPayloadBytes + 4096;
constexpr qint64 kMaxStreamBacklogBytes = 8 * 1024 * 1024;
// A stream's credentials are checked again this often (a revoked key, a disabled user, an ended
// session: what another instance did is in the database), and before sending when the last
// check is older than kRecheckBeforeSendMs.
constexpr int kRecheckMs = 5000;
constexpr qint64 kRecheckBeforeSendMs = 1000;

using Recheck = std::function<std::expected<security::Principal, QString>()>;

// The credentials the stream opened with: the Authorization header, or ?access_token= (the
// guard accepts both for an upgrade).
QByteArray streamAuthorization(const QWebSocket &ws)
{
    const QByteArray header = ws.request().rawHeader("Authorization");
    if (!header.isEmpty())
        return header;
    const QString token = QUrlQuery(ws.requestUrl())
                              .queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded);
    return token.isEmpty() ? QByteArray() : "Bearer " + token.toUtf8();
}

std::expected<std::optional<TopicPatternSet>, QHttpServerResponse>
patternsParam(const QString &field, const QString &text)
{
    if (text.isEmpty())
        return std::optional<TopicPatternSet>();
    auto p = TopicPatternSet::parse(text);
    if (!p)
        return std::unexpected(invalidField(field, p.error()));
    return std::optional<TopicPatternSet>(*p);
}

// Streams matching events to one WebSocket client: first the history after the client's
// last-seen id, page by page, then live events. Live events that arrive during the catch-up
// are buffered and sent once the history has caught up, skipping any already sent.
// The stream ends (policy violation, with the reason) once its credentials do: the access token
// expires, or a check finds them revoked.
class EventStreamSession : public QObject
{
public:
    EventStreamSession(std::unique_ptr<QWebSocket> socket, EventBus &bus, TopicPatternSet patterns,
                       qint64 after, const security::Principal &who, Recheck recheck,
                       QObject *parent)
        : QObject(parent)
        , m_socket(std::move(socket))
        , m_bus(bus)
        , m_patterns(std::move(patterns))
        , m_lastSent(after)
        , m_recheck(std::move(recheck))
    {
        m_checked.start();
        m_recheckTimer.setInterval(kRecheckMs);
        connect(&m_recheckTimer, &QTimer::timeout, this, [this] { stillAllowed(); });
        m_recheckTimer.start();
        m_expiry.setSingleShot(true);
        m_expiry.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early
        connect(&m_expiry, &QTimer::timeout, this,
                [this] { end(QStringLiteral("the access token expired")); });
        armExpiry(who);

        m_socket->setParent(nullptr);
        // Clients only send small control messages: anything bigger is refused, unbuffered.
        m_socket->setMaxAllowedIncomingFrameSize(16 * 1024);
        m_socket->setMaxAllowedIncomingMessageSize(16 * 1024);
        connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
        connect(m_socket.get(), &QWebSocket::textMessageReceived, this,
                [](const QString &) {}); // clients only listen
        m_live = m_bus.subscribe(m_patterns);
        connect(m_live.get(), &LocalSubscription::received, this, [this](const Event &e) {
            if (m_catchingUp)
                m_buffer << e;
            else
                send(e);
        });
        QTimer::singleShot(0, this, &EventStreamSession::catchUp);
    }

private:
    bool stillAllowed()
    {
        if (m_ended)
            return false;
        auto who = m_recheck();
        m_checked.restart();
        if (!who) {
            end(who.error());
            return false;
        }
        armExpiry(*who);
        return true;
    }

    void armExpiry(const security::Principal &who)
    {
        m_expiresAtMs = who.expiresAtMs;
        if (m_expiresAtMs <= 0)
            return m_expiry.stop();
        const qint64 left = m_expiresAtMs - QDateTime::currentMSecsSinceEpoch();
        m_expiry.start(int(std::clamp<qint64>(left, 0, std::numeric_limits<int>::max())));
    }

    void end(const QString &why)
    {
        if (std::exchange(m_ended, true))
            return;
        m_recheckTimer.stop();
        m_expiry.stop();
        qCInfo(lcEvents).noquote() << "event stream closed:" << why;
        // A close frame carries at most 123 bytes of reason.
        QByteArray reason = (QStringLiteral("credentials no longer valid: ") + why).toUtf8();
        if (reason.size() > 123)
            reason = reason.left(120) + "...";
        m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QString::fromUtf8(reason));
    }

    void catchUp()
    {
        if (m_ended)
            return;
        EventQuery q;
        q.topics = m_patterns;
        q.afterId = m_lastSent;
        q.limit = 500;
        auto page = m_bus.history(m_bus.store().reader(), q);
        if (!page) {
            m_socket->close(QWebSocketProtocol::CloseCodeAbnormalDisconnection,
                            QStringLiteral("history unavailable"));
            return;
        }
        for (const Event &e : *page)
            send(e);
        if (page->size() == q.limit && m_socket->isValid()) {
            QTimer::singleShot(0, this,
                               &EventStreamSession::catchUp); // keep the event loop responsive
            return;
        }
        m_catchingUp = false;
        for (const Event &e : std::as_const(m_buffer))
            send(e);
        m_buffer.clear();
    }

    void send(const Event &e)
    {
        if (m_ended || e.id <= m_lastSent || !m_socket->isValid())
            return;
        if (m_expiresAtMs > 0 && QDateTime::currentMSecsSinceEpoch() >= m_expiresAtMs)
            return end(QStringLiteral("the access token expired"));
        if (m_checked.elapsed() > kRecheckBeforeSendMs && !stillAllowed())
            return;
        if (m_socket->bytesToWrite() > kMaxStreamBacklogBytes) {
            // A client that does not read must not grow our memory without bound.
            m_socket->close(
                QWebSocketProtocol::CloseCodePolicyViolated,
                QStringLiteral("client too slow; reconnect with after=%1").arg(m_lastSent));
            return;
        }
        m_socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact)));
        m_lastSent = e.id;
    }

    std::unique_ptr<QWebSocket> m_socket;
    EventBus &m_bus;
    TopicPatternSet m_patterns;
    std::unique_ptr<LocalSubscription> m_live;
    QList<Event> m_buffer;
    qint64 m_lastSent;
    bool m_catchingUp = true;
    Recheck m_recheck;
    QElapsedTimer m_checked; // since the last credentials check
    QTimer m_recheckTimer;
    QTimer m_expiry;
    qint64 m_expiresAtMs = 0;
    bool m_ended = false;
};

// A subscription as the caller may see it: its URL often carries a token (in the path, the
// query or user info), shown in full to those who manage settings only.
QJsonObject subscriptionJson(const SubscriptionInfo &info, const security::Principal &who)
{
    QJsonObject o = info.toJson();
    if (!security::roleAllows(who.role, QStringLiteral("settings.manage")) &&
        o.contains(QStringLiteral("url")))
        o.insert(QStringLiteral("url"), redactedUrl(info.url));
    return o;
}

QJsonObject subscriptionWithDeadLetters(EventBus &bus, const SubscriptionInfo &info,
                                        const security::Principal &who)
{
    QJsonObject o = subscriptionJson(info, who);
    QJsonArray dl;
    if (auto letters = bus.subscriptionAdmin().deadLetters(bus.store().reader(), info.id))
        for (const DeadLetter &d : *letters)
            dl.append(d.toJson());
    o.insert(QStringLiteral("deliveries"), dl);
    return o;
}

QJsonObject subscriptionSchema()
{
    QJsonObject patterns = schema::array(schema::string());
    patterns.insert(QStringLiteral("minItems"), 1);
    return schema::object(
        {{QStringLiteral("name"), schema::string(64)},
         {QStringLiteral("patterns"), patterns},
         {QStringLiteral("filter"), schema::nullable(schema::string(2048))},
         {QStringLiteral("url"), schema::nullable(schema::string(2048))},
         {QStringLiteral("secret"), schema::nullable(schema::string(256))},
         {QStringLiteral("max_attempts"), schema::nullable(schema::integer(1, 100))},
         {QStringLiteral("start_after"), schema::nullable(schema::integer(0))}},
        {QStringLiteral("name"), QStringLiteral("patterns")});
}

} // namespace

void registerEventRoutes(HttpFront &front, EventBus &bus)
{
    Router &r = front.router();

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/events"),
             .permission = QStringLiteral("events.publish"),
             .summary = QStringLiteral(
                 "Publish an event under ext.* (every other topic is the backend's own); the "
                 "server sets source to the caller (api:user:NAME or api:key:NAME) and keeps "
                 "the caller's key in the caller's namespace"),
             .tag = QStringLiteral("events"),
             .maxBodyBytes = kMaxEventBody,
             .requestBody = schema::object(
                 {{QStringLiteral("topic"), schema::string(128)},
                  {QStringLiteral("data"), schema::anyObject()},
                  {QStringLiteral("key"), schema::nullable(schema::string(120))},
                  {QStringLiteral("correlation_id"), schema::nullable(schema::string(128))},
                  {QStringLiteral("causation_id"), schema::nullable(schema::string(128))}},
                 {QStringLiteral("topic")})},
            [&bus](RequestContext &ctx) {
                const QHttpServerRequest &req = ctx.request;
                auto body = jsonBody(req, kMaxEventBody,
                                     {QStringLiteral("topic"), QStringLiteral("data"),
                                      QStringLiteral("key"), QStringLiteral("correlation_id"),
                                      QStringLiteral("causation_id")});
                if (!body) {
                    if (body.error().statusCode() == Status::PayloadTooLarge)
                        return invalidField(
                            QStringLiteral("data"),
                            QStringLiteral("payload larger than %1 bytes").arg(kMaxPayloadBytes),
                            Status::PayloadTooLarge);
                    return std::move(body.error());
                }
                EventDraft d;
                auto topic = stringField(*body, QStringLiteral("topic"), 128);
                if (!topic)
                    return std::move(topic.error());
                if (!topic->has_value())
                    return invalidField(QStringLiteral("topic"), QStringLiteral("required"));
                d.topic = **topic;
                if (isValidTopic(d.topic) && !isExternalTopic(d.topic))
                    return invalidField(
                        QStringLiteral("topic"),
                        QStringLiteral("the API publishes topics under \"%1\" only; \"%2\" is "
                                       "the backend's own")
                            .arg(kExternalTopicPrefix, d.topic),
                        Status::Forbidden);
                if (body->contains(QStringLiteral("data"))) {
                    if (!body->value(QStringLiteral("data")).isObject())
                        return invalidField(QStringLiteral("data"),
                                            QStringLiteral("expected a JSON object"));
                    d.data = body->value(QStringLiteral("data")).toObject();
                }
                for (auto [field, target, max] :
                     {std::tuple{QStringLiteral("key"), &d.key, 120},
                      std::tuple{QStringLiteral("correlation_id"), &d.correlationId, 128},
                      std::tuple{QStringLiteral("causation_id"), &d.causationId, 128}}) {
                    auto v = stringField(*body, field, max);
                    if (!v)
                        return std::move(v.error());
                    *target = v->value_or(QString());
                }
                // Who published is the server's to say; and a caller's key cannot take a key
                // the backend uses (a workflow's one run per trigger key).
                d.source = callerNamespace(ctx.principal);
                d.key = callerKey(ctx.principal, d.key);
                if (auto bad = validateDraft(d)) {
                    return invalidField(bad->first, bad->second,
                                        bad->first == QLatin1String("data")
                                            ? Status::PayloadTooLarge
                                            : Status::BadRequest);
                }
                auto f = bus.publish(d);
                f.waitForFinished();
                auto id = f.result();
                if (!id)
                    return errorResponse(id.error());
                QHttpServerResponse r = json({{QStringLiteral("id"), *id}}, Status::Created);
                r.setHeader("Location", QByteArrayLiteral("/api/events?after=") +
                                            QByteArray::number(*id - 1) + "&limit=1");
                return r;
            });

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/events"),
         .permission = QStringLiteral("events.read"),
         .summary = QStringLiteral("Event history (filters, keyset paging)"),
         .tag = QStringLiteral("events"),
         .query = {{QStringLiteral("topic"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                   {QStringLiteral("key"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                   {QStringLiteral("after"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                   {QStringLiteral("before"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                   {QStringLiteral("limit"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                   {QStringLiteral("since"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                   {QStringLiteral("until"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
        [&bus](const QHttpServerRequest &req) {
            const QUrlQuery query(req.url());
            EventQuery q;
            auto pats =
                patternsParam(QStringLiteral("topic"),
                              query.queryItemValue(QStringLiteral("topic"), QUrl::FullyDecoded));
            if (!pats)
                return std::move(pats.error());
            q.topics = *pats;
            q.key = query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
            auto after =
                intQuery(req, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
            if (!after)
                return std::move(after.error());
            auto before =
                intQuery(req, QStringLiteral("before"), 0, 0, std::numeric_limits<qint64>::max());
            if (!before)
                return std::move(before.error());
            auto limit = intQuery(req, QStringLiteral("limit"), 100, 1, 1000);
            if (!limit)
                return std::move(limit.error());
            q.afterId = *after;
            q.beforeId = *before;
            q.limit = int(*limit);
            for (auto [field, target] : {std::pair{QStringLiteral("since"), &q.since},
                                         std::pair{QStringLiteral("until"), &q.until}}) {
                auto t = dateQuery(req, field);
                if (!t)
                    return std::move(t.error());
                if (t->isValid())
                    *target = *t;
            }
            auto events = bus.history(bus.store().reader(), q);
            if (!events)
                return errorResponse(events.error());
            QJsonObject out{{QStringLiteral("events"), toJsonArray(*events)}};
            out.insert(QStringLiteral("next_after"),
                       events->size() == q.limit ? QJsonValue(events->last().id) : QJsonValue());
            return json(out);
        });

    // The upgrade itself is checked by the guard (credentials, path) and answered by
    // QHttpServer; the handler only serves a plain GET.
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/events/stream"),
             .permission = QStringLiteral("events.read"),
             .summary = QStringLiteral("Live events over a WebSocket (?topics=&after=); closed "
                                       "(1008, with the reason) within seconds once the "
                                       "credentials expire or are revoked"),
             .tag = QStringLiteral("events"),
             .websocket = true},
            [] {
                return problem(
                    Status::UpgradeRequired, QStringLiteral("Upgrade Required"),
                    QStringLiteral("open a WebSocket: /api/events/stream?topics=order.*&after=ID"));
            });

    front.exposeWebSocket(QStringLiteral("/api/events/stream"));
    QHttpServer &http = front.server();
    const Router *router = &r;
    QObject::connect(
        &http, &QAbstractHttpServer::newWebSocketConnection, &http, [&http, &bus, router] {
            while (http.hasPendingWebSocketConnections()) {
                std::unique_ptr<QWebSocket> ws = http.nextPendingWebSocketConnection();
                if (!ws)
                    continue;
                const QUrl url = ws->requestUrl();
                if (url.path() != QLatin1String("/api/events/stream")) {
                    ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                              QStringLiteral("no WebSocket at this path"));
                    ws.release()->deleteLater();
                    continue;
                }
                const QUrlQuery query(url);
                const QString topics =
                    query.queryItemValue(QStringLiteral("topics"), QUrl::FullyDecoded);
                auto pats = TopicPatternSet::parse(topics.isEmpty() ? QStringLiteral("#") : topics);
                bool ok = true;
                const qint64 after =
                    query.hasQueryItem(QStringLiteral("after"))
                        ? query.queryItemValue(QStringLiteral("after")).toLongLong(&ok)
                        : lastEventId(bus.store().reader()).value_or(0);
                if (!pats || !ok || after < 0) {
                    ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                              !pats ? QStringLiteral("topics: ") + pats.error()
                                    : QStringLiteral("after: expected an event id"));
                    ws.release()->deleteLater();
                    continue;
                }
                // The guard checked the credentials for the upgrade; the session checks them again
                // for as long as it lasts.
                const QByteArray authorization = streamAuthorization(*ws);
                Recheck recheck = [router, authorization] {
                    return router->reauthorize(authorization, QStringLiteral("events.read"));
                };
                auto who = recheck();
                if (!who) {
                    ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                              QStringLiteral("credentials no longer valid"));
                    ws.release()->deleteLater();
                    continue;
                }
                // A child of the server: gone with it, never after the router and the bus it uses.
                new EventStreamSession(std::move(ws), bus, *pats, after, *who, std::move(recheck),
                                       &http); // deletes itself on disconnect
            }
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/subscriptions"),
             .permission = QStringLiteral("events.read"),
             .summary = QStringLiteral("Durable subscriptions (URLs in full for settings.manage, "
                                       "scheme, host and port for others)"),
             .tag = QStringLiteral("events")},
            [&bus](RequestContext &ctx) {
                auto subs = bus.subscriptionAdmin().subscriptions(bus.store().reader());
                if (!subs)
                    return errorResponse(subs.error());
                QJsonArray arr;
                for (const SubscriptionInfo &s : *subs)
                    arr.append(subscriptionJson(s, ctx.principal));
                return json({{QStringLiteral("subscriptions"), arr}});
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/subscriptions"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Create a webhook subscription"),
             .tag = QStringLiteral("events"),
             .maxBodyBytes = 16 * 1024,
             .requestBody = subscriptionSchema()},
            [&bus](RequestContext &ctx) {
                const QJsonObject &body = ctx.body;
                SubscriptionSpec spec;
                spec.kind = QStringLiteral(
                    "webhook"); // in-process handlers are registered by the backend itself
                auto name = stringField(body, QStringLiteral("name"), 64);
                if (!name)
                    return std::move(name.error());
                if (!name->has_value())
                    return invalidField(QStringLiteral("name"), QStringLiteral("required"));
                spec.name = **name;
                const QJsonValue pats = body.value(QStringLiteral("patterns"));
                if (!pats.isArray() || pats.toArray().isEmpty())
                    return invalidField(
                        QStringLiteral("patterns"),
                        QStringLiteral("required: a non-empty list of topic patterns"));
                for (const QJsonValue &p : pats.toArray()) {
                    if (!p.isString())
                        return invalidField(QStringLiteral("patterns"),
                                            QStringLiteral("expected strings"));
                    spec.patterns << p.toString();
                }
                for (auto [field, target] : {std::pair{QStringLiteral("filter"), &spec.filter},
                                             std::pair{QStringLiteral("url"), &spec.url}}) {
                    auto v = stringField(body, field, 2048);
                    if (!v)
                        return std::move(v.error());
                    *target = v->value_or(QString());
                }
                auto secret = stringField(body, QStringLiteral("secret"), 256);
                if (!secret)
                    return std::move(secret.error());
                spec.secret = secret->value_or(QString()).toUtf8();
                auto attempts = intField(body, QStringLiteral("max_attempts"), 1, 100);
                if (!attempts)
                    return std::move(attempts.error());
                spec.maxAttempts = int(attempts->value_or(8));
                auto start = intField(body, QStringLiteral("start_after"), 0,
                                      std::numeric_limits<qint64>::max());
                if (!start)
                    return std::move(start.error());
                spec.startAfterId = *start;
                auto created = bus.subscriptionAdmin().createSubscription(spec);
                if (!created)
                    return errorResponse(created.error());
                return json(created->toJson(), Status::Created);
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/subscriptions/{id:int}"),
             .permission = QStringLiteral("events.read"),
             .summary = QStringLiteral("One subscription with its dead letters"),
             .tag = QStringLiteral("events")},
            [&bus](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                auto s = bus.subscriptionAdmin().subscription(bus.store().reader(), id);
                if (!s)
                    return errorResponse(s.error());
                if (!s->has_value())
                    return notFound(QStringLiteral("no subscription %1").arg(id));
                return json(subscriptionWithDeadLetters(bus, **s, ctx.principal));
            });

    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/subscriptions/{id:int}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Delete a subscription"),
             .tag = QStringLiteral("events"),
             .sensitive = true},
            [&bus](qint64 id) {
                auto r = bus.subscriptionAdmin().deleteSubscription(id);
                if (!r)
                    return errorResponse(r.error());
                return QHttpServerResponse(Status::NoContent);
            });

    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/subscriptions/{id:int}/dead-letters/{event_id:int}/retry"),
         .permission = QStringLiteral("settings.manage"),
         .summary = QStringLiteral("Retry a dead letter"),
         .tag = QStringLiteral("events"),
         .body = BodyKind::None},
        [&bus](qint64 id, qint64 eventId) {
            auto r = bus.subscriptionAdmin().retryDeadLetter(id, eventId);
            if (!r)
                return errorResponse(r.error());
            return json({{QStringLiteral("requeued"), 1}}, Status::Accepted);
        });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/subscriptions/{id:int}/replay"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Replay a range of events to a subscription"),
             .tag = QStringLiteral("events"),
             .maxBodyBytes = 1024,
             .requestBody = schema::object({{QStringLiteral("from_id"), schema::integer(1)},
                                            {QStringLiteral("to_id"), schema::integer(1)}},
                                           {QStringLiteral("from_id"), QStringLiteral("to_id")})},
            [&bus](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                const QJsonObject &body = ctx.body;
                auto from = intField(body, QStringLiteral("from_id"), 1,
                                     std::numeric_limits<qint64>::max());
                if (!from)
                    return std::move(from.error());
                auto to =
                    intField(body, QStringLiteral("to_id"), 1, std::numeric_limits<qint64>::max());
                if (!to)
                    return std::move(to.error());
                if (!from->has_value() || !to->has_value())
                    return invalidField(from->has_value() ? QStringLiteral("to_id")
                                                          : QStringLiteral("from_id"),
                                        QStringLiteral("required"));
                auto n = bus.subscriptionAdmin().replay(id, **from, **to);
                if (!n)
                    return errorResponse(n.error());
                return json({{QStringLiteral("requeued"), *n}}, Status::Accepted);
            });
}

} // namespace dc::api
