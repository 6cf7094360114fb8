// SPDX-License-Identifier: GPL-3.0-or-later
// The events API over real sockets: publishing and its validation, history paging, the
// WebSocket stream with resume, and outbound webhooks signed for a real local receiver.
#include "http.h"
#include "runtime/backend.h"
#include "security/jwt.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

using namespace dc;

using Reply = dc::test::HttpReply;

class TestEventsApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void publishAndHistory();
    void badInputIsRefusedAndNothingWritten_data();
    void badInputIsRefusedAndNothingWritten();
    void historyPagingAndFilters();
    void webSocketStreamWithResume();
    void streamsEndWithTheirCredentials();
    void outboundWebhookIsSignedAndRetried();
    void subscriptionApiValidatesAndShowsDeadLetters();

private:
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               const QByteArray &contentType = "application/json");
    qint64 eventCount();
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    QNetworkAccessManager m_nam;
    QString m_base;
};

void TestEventsApi::initTestCase()
{
    auto cl = runtime::parseCommandLine(
        {QStringLiteral("dropcrew"), QStringLiteral("--headless"), QStringLiteral("--data-dir"),
         m_dir.path(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(cl);
    cl->config.shippedWorkflows = QStringLiteral("none"); // only what the test adds
    auto b = runtime::Backend::start(cl->config);
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    auto key = m_backend->auth().createApiKey(QStringLiteral("test-admin"), security::Role::Admin,
                                              QStringLiteral("test"));
    QVERIFY(key);
    dc::test::setDefaultAuthorization("Bearer " + key->second.toUtf8());
    m_base = m_backend->listenUrl();
    m_backend->events().setRetryDelays(20, 100);
}

void TestEventsApi::cleanupTestCase()
{
    m_backend.reset();
}

Reply TestEventsApi::call(const QByteArray &method, const QString &path, const QByteArray &body,
                          const QByteArray &contentType)
{
    return dc::test::httpCall(m_nam, m_base, method, path, body, contentType);
}

qint64 TestEventsApi::eventCount()
{
    events::EventQuery q;
    q.limit = 1000;
    return m_backend->events().history(m_backend->store().reader(), q)->size();
}

void TestEventsApi::publishAndHistory()
{
    const Reply r = call(
        "POST", QStringLiteral("/api/events"),
        R"({"topic":"ext.order.created","data":{"order_id":42,"total_amount":12000},"key":"42","correlation_id":"c-1"})");
    QCOMPARE(r.status, 201);
    const qint64 id = r.json.value(QStringLiteral("id")).toInteger();
    QVERIFY(id > 0);
    const Reply h =
        call("GET", QStringLiteral("/api/events?topic=ext.order.*&key=api:key:test-admin:42"));
    QCOMPARE(h.status, 200);
    const QJsonArray events = h.json.value(QStringLiteral("events")).toArray();
    QCOMPARE(events.size(), 1);
    const QJsonObject e = events.first().toObject();
    QCOMPARE(e.value(QStringLiteral("id")).toInteger(), id);
    QCOMPARE(
        e.value(QStringLiteral("data")).toObject().value(QStringLiteral("total_amount")).toInt(),
        12000);
    // The server says who published, and keeps the caller's key in the caller's namespace.
    QCOMPARE(e.value(QStringLiteral("source")).toString(), QStringLiteral("api:key:test-admin"));
    QCOMPARE(e.value(QStringLiteral("key")).toString(), QStringLiteral("api:key:test-admin:42"));
    QCOMPARE(e.value(QStringLiteral("correlation_id")).toString(), QStringLiteral("c-1"));
    QVERIFY(e.value(QStringLiteral("created_at")).toString().endsWith(QLatin1Char('Z')));
}

void TestEventsApi::badInputIsRefusedAndNothingWritten_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::newRow("invalid topic") << QByteArray(R"({"topic":"Order Created"})")
                                   << QByteArray("application/json") << 400 << "topic";
    QTest::newRow("missing topic")
        << QByteArray(R"({"data":{}})") << QByteArray("application/json") << 400 << "topic";
    QTest::newRow("topic not a string")
        << QByteArray(R"({"topic":5})") << QByteArray("application/json") << 400 << "topic";
    QTest::newRow("unknown field") << QByteArray(R"({"topic":"ext.a.b","priority":1})")
                                   << QByteArray("application/json") << 400 << "priority";
    QTest::newRow("data not an object") << QByteArray(R"({"topic":"ext.a.b","data":[1]})")
                                        << QByteArray("application/json") << 400 << "data";
    QTest::newRow("malformed JSON")
        << QByteArray(R"({"topic":)") << QByteArray("application/json") << 400 << "body";
    QTest::newRow("not an object")
        << QByteArray("[1,2]") << QByteArray("application/json") << 400 << "body";
    QTest::newRow("key too long") << (QByteArray(R"({"topic":"ext.a.b","key":")") +
                                      QByteArray(300, 'k') + "\"}")
                                  << QByteArray("application/json") << 400 << "key";
    QTest::newRow("payload too large")
        << (QByteArray(R"({"topic":"ext.a.b","data":{"x":")") + QByteArray(70000, 'x') + "\"}}")
        << QByteArray("application/json") << 413 << "body"; // refused by the front, unread
    QTest::newRow("payload far too large")
        << QByteArray(200000, ' ') << QByteArray("application/json") << 413 << "body";
    QTest::newRow("wrong content type")
        << QByteArray(R"({"topic":"ext.a.b"})") << QByteArray("text/plain") << 415 << "";
}

void TestEventsApi::badInputIsRefusedAndNothingWritten()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, field);
    const qint64 before = eventCount();
    const Reply r = call("POST", QStringLiteral("/api/events"), body, contentType);
    QCOMPARE(r.status, status);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    QCOMPARE(r.json.value(QStringLiteral("status")).toInt(), status);
    if (!field.isEmpty())
        QCOMPARE(r.json.value(QStringLiteral("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
                 field);
    QCOMPARE(eventCount(), before);
}

void TestEventsApi::historyPagingAndFilters()
{
    for (int i = 0; i < 25; ++i)
        QCOMPARE(
            call("POST", QStringLiteral("/api/events"),
                 QStringLiteral(R"({"topic":"ext.stock.updated","data":{"n":%1},"key":"sku-%2"})")
                     .arg(i)
                     .arg(i % 2)
                     .toUtf8())
                .status,
            201);
    QList<int> sizes;
    QString path = QStringLiteral("/api/events?topic=ext.stock.%23&limit=10");
    for (;;) {
        const Reply r = call("GET", path);
        QCOMPARE(r.status, 200);
        sizes << r.json.value(QStringLiteral("events")).toArray().size();
        const QJsonValue next = r.json.value(QStringLiteral("next_after"));
        if (next.isNull())
            break;
        path = QStringLiteral("/api/events?topic=ext.stock.%23&limit=10&after=%1")
                   .arg(next.toInteger());
    }
    QCOMPARE(sizes, (QList<int>{10, 10, 5}));
    QCOMPARE(call("GET",
                  QStringLiteral(
                      "/api/events?topic=ext.stock.updated&key=api:key:test-admin:sku-1&limit=100"))
                 .json.value(QStringLiteral("events"))
                 .toArray()
                 .size(),
             12);
    QCOMPARE(call("GET", QStringLiteral("/api/events?topic=BAD")).status, 400);
    QCOMPARE(call("GET", QStringLiteral("/api/events?after=x"))
                 .json.value(QStringLiteral("errors"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             QStringLiteral("after"));
    QCOMPARE(call("GET", QStringLiteral("/api/events?since=yesterday")).status, 400);
    QCOMPARE(call("GET", QStringLiteral("/api/events?colour=red")).status, 400);
    QCOMPARE(call("GET", QStringLiteral("/api/events/stream")).status, 426);
}

void TestEventsApi::webSocketStreamWithResume()
{
    QString wsBase = m_base;
    wsBase.replace(QStringLiteral("http://"), QStringLiteral("ws://"));
    QWebSocket ws;
    QList<QJsonObject> received;
    connect(&ws, &QWebSocket::textMessageReceived, this,
            [&](const QString &m) { received << QJsonDocument::fromJson(m.toUtf8()).object(); });
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(dc::test::authorizedRequest(QUrl(
        wsBase + QStringLiteral("/api/events/stream?topics=ext.order.shipped,ext.order.paid"))));
    QVERIFY(connected.wait(10000));
    QCOMPARE(call("POST", QStringLiteral("/api/events"),
                  R"({"topic":"ext.order.shipped","data":{"n":1}})")
                 .status,
             201);
    QCOMPARE(call("POST", QStringLiteral("/api/events"),
                  R"({"topic":"ext.product.created","data":{"n":2}})")
                 .status,
             201);
    QCOMPARE(
        call("POST", QStringLiteral("/api/events"), R"({"topic":"ext.order.paid","data":{"n":3}})")
            .status,
        201);
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(
        received[0].value(QStringLiteral("data")).toObject().value(QStringLiteral("n")).toInt(), 1);
    QCOMPARE(
        received[1].value(QStringLiteral("data")).toObject().value(QStringLiteral("n")).toInt(), 3);
    const qint64 lastSeen = received[1].value(QStringLiteral("id")).toInteger();
    QSignalSpy closed(&ws, &QWebSocket::disconnected);
    ws.close();
    QVERIFY(closed.count() || closed.wait(5000));

    // Missed while disconnected, then resumed from the last id seen.
    QCOMPARE(
        call("POST", QStringLiteral("/api/events"), R"({"topic":"ext.order.paid","data":{"n":4}})")
            .status,
        201);
    QCOMPARE(call("POST", QStringLiteral("/api/events"),
                  R"({"topic":"ext.order.shipped","data":{"n":5}})")
                 .status,
             201);
    received.clear();
    QWebSocket again;
    connect(&again, &QWebSocket::textMessageReceived, this,
            [&](const QString &m) { received << QJsonDocument::fromJson(m.toUtf8()).object(); });
    QSignalSpy connected2(&again, &QWebSocket::connected);
    again.open(dc::test::authorizedRequest(QUrl(
        wsBase + QStringLiteral("/api/events/stream?topics=ext.order.*&after=%1").arg(lastSeen))));
    QVERIFY(connected2.wait(10000));
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(call("POST", QStringLiteral("/api/events"),
                  R"({"topic":"ext.order.created","data":{"n":6}})")
                 .status,
             201);
    QTRY_COMPARE(received.size(), 3);
    QList<int> ns;
    for (const QJsonObject &o : received)
        ns << o.value(QStringLiteral("data")).toObject().value(QStringLiteral("n")).toInt();
    QCOMPARE(ns, (QList<int>{4, 5, 6}));

    QWebSocket bad;
    QSignalSpy badClosed(&bad, &QWebSocket::disconnected);
    bad.open(dc::test::authorizedRequest(
        QUrl(wsBase + QStringLiteral("/api/events/stream?topics=NOT..VALID"))));
    QVERIFY(badClosed.wait(10000));
    QCOMPARE(bad.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestEventsApi::streamsEndWithTheirCredentials()
{
    QString wsBase = m_base;
    wsBase.replace(QStringLiteral("http://"), QStringLiteral("ws://"));
    security::AuthService &auth = m_backend->auth();
    // A stream that opened with the credentials given (as a header, or ?access_token= as
    // browsers must), or null.
    const auto open = [&](const QByteArray &authorization, const QString &accessToken = {}) {
        auto ws = std::make_unique<QWebSocket>();
        QUrl url(wsBase + QStringLiteral("/api/events/stream"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("topics"), QStringLiteral("ext.*"));
        if (!accessToken.isEmpty())
            q.addQueryItem(QStringLiteral("access_token"), accessToken);
        url.setQuery(q);
        QNetworkRequest req(url);
        if (!authorization.isEmpty())
            req.setRawHeader("Authorization", authorization);
        QSignalSpy connected(ws.get(), &QWebSocket::connected);
        ws->open(req);
        if (!connected.wait(10000))
            ws.reset();
        return ws;
    };
    // Closed by the server within seconds, as a policy violation that says why.
    const auto endsWith = [](QWebSocket &ws, const QString &why) {
        QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::UnconnectedState, 20000);
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY2(ws.closeReason().contains(why), qPrintable(ws.closeReason()));
    };
    const auto bearer = [](const QString &token) -> QByteArray {
        return "Bearer " + token.toUtf8();
    };

    // An API key revoked: its stream ends; another one carries on.
    auto key = auth.createApiKey(QStringLiteral("stream-viewer"), security::Role::Viewer,
                                 QStringLiteral("test"));
    QVERIFY(key);
    auto byKey = open(bearer(key->second));
    auto other = open(dc::test::defaultAuthorization());
    QVERIFY(byKey && other);
    QVERIFY(auth.revokeApiKey(key->first.id));
    endsWith(*byKey, QStringLiteral("revoked"));
    QList<QJsonObject> received;
    connect(other.get(), &QWebSocket::textMessageReceived, this,
            [&](const QString &m) { received << QJsonDocument::fromJson(m.toUtf8()).object(); });
    QCOMPARE(call("POST", QStringLiteral("/api/events"), R"({"topic":"ext.still_here"})").status,
             201);
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(other->state(), QAbstractSocket::ConnectedState);

    // A user disabled.
    auto user = auth.createUser(QStringLiteral("streamer"), QStringLiteral("stream-password-1"),
                                security::Role::Viewer);
    QVERIFY(user);
    auto tokens = auth.login(QStringLiteral("streamer"), QStringLiteral("stream-password-1"));
    QVERIFY(tokens);
    auto byUser = open(bearer(tokens->accessToken));
    QVERIFY(byUser);
    QVERIFY(auth.updateUser(user->id, std::nullopt, std::nullopt, true));
    endsWith(*byUser, QStringLiteral("disabled"));
    QVERIFY(auth.updateUser(user->id, std::nullopt, std::nullopt, false));

    // Logged out (a stream opened with ?access_token=).
    tokens = auth.login(QStringLiteral("streamer"), QStringLiteral("stream-password-1"));
    QVERIFY(tokens);
    auto byQuery = open({}, tokens->accessToken);
    QVERIFY(byQuery);
    QVERIFY(auth.logout(tokens->refreshToken));
    endsWith(*byQuery, QStringLiteral("session"));

    // The token expires: its claims again, ending three seconds from now (exp plus the 60 s
    // of clock skew allowed).
    tokens = auth.login(QStringLiteral("streamer"), QStringLiteral("stream-password-1"));
    QVERIFY(tokens);
    const auto payload =
        security::fromBase64Url(tokens->accessToken.section(QLatin1Char('.'), 1, 1).toLatin1());
    QVERIFY(payload);
    QJsonObject claims = QJsonDocument::fromJson(*payload).object();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    claims.insert(QStringLiteral("iat"), now - 120);
    claims.insert(QStringLiteral("nbf"), now - 120);
    claims.insert(QStringLiteral("exp"), now - 57);
    auto shortLived = open("Bearer " + auth.signForTest(claims));
    QVERIFY(shortLived);
    endsWith(*shortLived, QStringLiteral("expired"));
    QCOMPARE(other->state(), QAbstractSocket::ConnectedState);
}

void TestEventsApi::outboundWebhookIsSignedAndRetried()
{
    // A real HTTP receiver on loopback that checks each signature and fails the first delivery.
    const QByteArray secret = "whsec-0123456789abcdef";
    QHttpServer receiver;
    int calls = 0, goodSignatures = 0;
    QList<QJsonObject> bodies;
    receiver.route(QStringLiteral("/hook"), QHttpServerRequest::Method::Post,
                   [&](const QHttpServerRequest &req) {
                       ++calls;
                       const QByteArray header = req.value("X-DropCrew-Signature");
                       QByteArray t, v1;
                       for (const QByteArray &part : header.split(',')) {
                           if (part.startsWith("t="))
                               t = part.mid(2);
                           else if (part.startsWith("v1="))
                               v1 = part.mid(3);
                       }
                       const QByteArray expected =
                           QMessageAuthenticationCode::hash(t + '.' + req.body(), secret,
                                                            QCryptographicHash::Sha256)
                               .toHex();
                       if (!t.isEmpty() && v1 == expected)
                           ++goodSignatures;
                       bodies << QJsonDocument::fromJson(req.body()).object();
                       return calls == 1
                                  ? QHttpServerResponse(
                                        QHttpServerResponse::StatusCode::InternalServerError)
                                  : QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
                   });
    const quint16 port = receiver.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port);
    const Reply created = call(
        "POST", QStringLiteral("/api/subscriptions"),
        QStringLiteral(
            R"({"name":"shop-hook","patterns":["ext.order.shipped"],"url":"http://127.0.0.1:%1/hook",
                                                 "secret":"%2","filter":"data.total_amount >= 100"})")
            .arg(port)
            .arg(QString::fromLatin1(secret))
            .toUtf8());
    QCOMPARE(created.status, 201);
    QVERIFY(!created.raw.contains(secret)); // never echoed
    const qint64 subId = created.json.value(QStringLiteral("id")).toInteger();
    QCOMPARE(call("POST", QStringLiteral("/api/events"),
                  R"({"topic":"ext.order.shipped","data":{"total_amount":50}})")
                 .status,
             201);
    const Reply pub = call("POST", QStringLiteral("/api/events"),
                           R"({"topic":"ext.order.shipped","data":{"total_amount":500}})");
    QTRY_COMPARE_WITH_TIMEOUT(calls, 2, 10000);
    QCOMPARE(goodSignatures, 2);
    QCOMPARE(bodies.last().value(QStringLiteral("id")).toInteger(),
             pub.json.value(QStringLiteral("id")).toInteger());
    QTRY_COMPARE(call("GET", QStringLiteral("/api/subscriptions/%1").arg(subId))
                     .json.value(QStringLiteral("cursor"))
                     .toInteger(),
                 pub.json.value(QStringLiteral("id")).toInteger());
    QCOMPARE(call("DELETE", QStringLiteral("/api/subscriptions/%1").arg(subId)).status, 204);
    QCOMPARE(call("GET", QStringLiteral("/api/subscriptions/%1").arg(subId)).status, 404);
}

void TestEventsApi::subscriptionApiValidatesAndShowsDeadLetters()
{
    auto post = [&](const QByteArray &body) {
        return call("POST", QStringLiteral("/api/subscriptions"), body);
    };
    const auto field = &dc::test::problemField;
    QCOMPARE(
        field(post(
            R"({"name":"x","patterns":["ext.order.*"],"url":"http://127.0.0.1:1/","secret":"0123456789abcdef","filter":"data.a >"})")),
        QStringLiteral("filter"));
    QCOMPARE(
        field(post(
            R"({"name":"x","patterns":[],"url":"http://127.0.0.1:1/","secret":"0123456789abcdef"})")),
        QStringLiteral("patterns"));
    QCOMPARE(
        field(post(
            R"({"name":"x","patterns":["ext.order.*"],"url":"file:///etc/passwd","secret":"0123456789abcdef"})")),
        QStringLiteral("url"));
    QCOMPARE(
        field(post(
            R"({"name":"x","patterns":["ext.order.*"],"url":"http://127.0.0.1:1/","secret":"0123456789abcdef","max_attempts":0})")),
        QStringLiteral("max_attempts"));
    QCOMPARE(
        field(post(
            R"({"name":"x","patterns":["ext.order.*"],"url":"http://127.0.0.1:1/","secret":"0123456789abcdef","kind":"handler"})")),
        QStringLiteral("kind"));

    // A receiver that is down: the event is dead-lettered after max_attempts, then retried by hand.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = closed.serverPort();
    closed.close();
    const Reply created = post(
        QStringLiteral(
            R"({"name":"down","patterns":["ext.order.refunded"],"url":"http://127.0.0.1:%1/","secret":"0123456789abcdef","max_attempts":2})")
            .arg(deadPort)
            .toUtf8());
    QCOMPARE(created.status, 201);
    QCOMPARE(
        post(
            QStringLiteral(
                R"({"name":"down","patterns":["ext.order.refunded"],"url":"http://127.0.0.1:%1/","secret":"0123456789abcdef"})")
                .arg(deadPort)
                .toUtf8())
            .status,
        409);
    const qint64 subId = created.json.value(QStringLiteral("id")).toInteger();
    const qint64 eventId =
        call("POST", QStringLiteral("/api/events"), R"({"topic":"ext.order.refunded"})")
            .json.value(QStringLiteral("id"))
            .toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/subscriptions/%1").arg(subId))
                                  .json.value(QStringLiteral("dead_letters"))
                                  .toInt(),
                              1, 10000);
    const Reply detail = call("GET", QStringLiteral("/api/subscriptions/%1").arg(subId));
    const QJsonObject letter =
        detail.json.value(QStringLiteral("deliveries")).toArray().first().toObject();
    QCOMPARE(letter.value(QStringLiteral("event_id")).toInteger(), eventId);
    QCOMPARE(letter.value(QStringLiteral("attempts")).toInt(), 2);
    QVERIFY(!letter.value(QStringLiteral("last_error")).toString().isEmpty());
    QCOMPARE(
        call("POST",
             QStringLiteral("/api/subscriptions/%1/dead-letters/%2/retry").arg(subId).arg(eventId))
            .status,
        202);
    QCOMPARE(
        call("POST", QStringLiteral("/api/subscriptions/%1/dead-letters/999999/retry").arg(subId))
            .status,
        404);
    QCOMPARE(
        call("POST", QStringLiteral("/api/subscriptions/%1/replay").arg(subId), R"({"from_id":1})")
            .status,
        400);
    QCOMPARE(call("POST", QStringLiteral("/api/subscriptions/%1/replay").arg(subId),
                  QStringLiteral(R"({"from_id":%1,"to_id":%1})").arg(eventId).toUtf8())
                 .json.value(QStringLiteral("requeued"))
                 .toInt(),
             1);
    // The list holds ours (and the backend's own, such as the workflow engine's).
    const QJsonArray subs = call("GET", QStringLiteral("/api/subscriptions"))
                                .json.value(QStringLiteral("subscriptions"))
                                .toArray();
    QVERIFY(std::any_of(subs.begin(), subs.end(), [](const QJsonValue &v) {
        return v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("down");
    }));
}

QTEST_GUILESS_MAIN(TestEventsApi)
#include "tst_eventsapi.moc"
