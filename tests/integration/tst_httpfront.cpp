// SPDX-License-Identifier: GPL-3.0-or-later
// The guarded HTTP front against real sockets: every limit (431, 413, 414, 400, 505, 501, 417,
// 408, idle close, connection caps), 405/HEAD/OPTIONS, 100-continue, Connection: close,
// pipelining, early disconnects with a deferred reply (this test runs under ASan too), TLS,
// repeated headers, WebSocket upgrades (framing kept until a 101 is written, connection slots
// released), credentials checked before a body is read, and the budget of unauthenticated bodies.
#include "api/httpfront.h"
#include "api/response.h"
#include "api/router.h"
#include "streamingserver.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>
#include <QtTest>

using namespace dc::api;
using dc::security::Principal;
using dc::security::Role;

class TestHttpFront : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void wellFormedRequestIsServed();
    void refusals_data();
    void refusals();
    void bodyLimitIsPerRoute();
    void expectContinue();
    void methodNotAllowedHeadAndOptions();
    void connectionCloseAndHttp10();
    void pipelinedRequestsAreAllAnswered();
    void slowClientGets408();
    void idleConnectionIsClosed();
    void connectionCaps();
    void earlyDisconnectWithDeferredReplyDoesNotCrash();
    void floodOfGarbageDoesNotGrowMemory();
    void tls();
    void repeatedHeadersAreRefused_data();
    void repeatedHeadersAreRefused();
    void doubleUpgradeThenChunkedBodyIsNotServed();
    void upgradeRequestIsFramed_data();
    void upgradeRequestIsFramed();
    void upgradeHeaderWithoutConnectionUpgrade_data();
    void upgradeHeaderWithoutConnectionUpgrade();
    void webSocketOutlivesTheIdleTimeout();
    void webSocketsReleaseTheirConnectionSlots();
    void credentialsAreCheckedBeforeTheBody_data();
    void credentialsAreCheckedBeforeTheBody();
    void unauthenticatedBodiesShareABudget();
    void unauthenticatedBudgetIsGivenBack();

private:
    std::unique_ptr<HttpFront> makeFront(FrontLimits limits);
    // Sends raw bytes, then reads until the server closes (or timeoutMs passes).
    QByteArray exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);
    std::unique_ptr<HttpFront> m_front;
    quint16 m_port = 0;
    int m_deferredSent = 0;
    int m_webSocketsAccepted = 0;
};

namespace {
// The head of a valid WebSocket handshake for /ws with a viewer's token, without the blank line.
const QByteArray kWsHead = "GET /ws HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer viewer\r\n"
                           "Sec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

// A chunked body of `size` bytes in 16 KiB chunks, with its final chunk.
QByteArray chunked(qsizetype size)
{
    QByteArray out;
    for (qsizetype left = size; left > 0;) {
        const qsizetype n = std::min<qsizetype>(left, 16 * 1024);
        out += QByteArray::number(n, 16) + "\r\n" + QByteArray(n, 'c') + "\r\n";
        left -= n;
    }
    return out + "0\r\n\r\n";
}
} // namespace

std::unique_ptr<HttpFront> TestHttpFront::makeFront(FrontLimits limits)
{
    auto front = std::make_unique<HttpFront>(limits);
    Router &r = front->router();
    r.setHooks({.authenticate = [](const QByteArray &auth) -> std::expected<Principal, QString> {
                    if (auth.isEmpty())
                        return Principal{};
                    if (auth == "Bearer viewer" || auth == "Bearer operator")
                        return Principal{.kind = Principal::Kind::User,
                                         .id = 1,
                                         .name = QString::fromLatin1(auth.mid(7)),
                                         .role = auth == "Bearer viewer" ? Role::Viewer
                                                                         : Role::Operator};
                    return std::unexpected(QStringLiteral("invalid token"));
                },
                .admit = {},
                .finished = {}});
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/secure"),
             .permission = QStringLiteral("orders.write"),
             .maxBodyBytes = 200'000},
            [](const QHttpServerRequest &req) {
                return json({{QStringLiteral("bytes"), req.body().size()}});
            });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/hook"),
             .maxBodyBytes = 4 * 1024 * 1024},
            [](const QHttpServerRequest &req) {
                return json({{QStringLiteral("bytes"), req.body().size()}});
            });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/ws"),
             .permission = QStringLiteral("events.read"),
             .websocket = true},
            [] {
                return problem(Status::UpgradeRequired, QStringLiteral("Upgrade Required"),
                               QStringLiteral("open a WebSocket"));
            });
    front->exposeWebSocket(QStringLiteral("/ws"));
    // Accepted WebSockets echo text and go away when the client closes.
    QHttpServer &http = front->server();
    connect(&http, &QAbstractHttpServer::newWebSocketConnection, &http, [this, &http] {
        while (http.hasPendingWebSocketConnections()) {
            QWebSocket *ws = http.nextPendingWebSocketConnection().release();
            if (!ws)
                continue;
            ++m_webSocketsAccepted;
            ws->setParent(&http);
            ws->setMaxAllowedIncomingFrameSize(16 * 1024);
            ws->setMaxAllowedIncomingMessageSize(16 * 1024);
            connect(ws, &QWebSocket::textMessageReceived, ws,
                    [ws](const QString &m) { ws->sendTextMessage(m); });
            connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        }
    });
    r.route({.method = Method::Get, .pattern = QStringLiteral("/hello")}, [] {
        return json({{QStringLiteral("hello"), QStringLiteral("world")}});
    });
    r.route({.method = Method::Post, .pattern = QStringLiteral("/echo")},
            [](const QHttpServerRequest &req) {
                return json({{QStringLiteral("bytes"), req.body().size()}});
            });
    r.route({.method = Method::Post, .pattern = QStringLiteral("/big"), .maxBodyBytes = 200'000},
            [](const QHttpServerRequest &req) {
                return json({{QStringLiteral("bytes"), req.body().size()}});
            });
    r.route({.method = Method::Get, .pattern = QStringLiteral("/items/{id:int}")}, [](qint64 id) {
        return json({{QStringLiteral("id"), id}});
    });
    r.route({.method = Method::Delete, .pattern = QStringLiteral("/items/{id:int}")},
            [] { return QHttpServerResponse(Status::NoContent); });
    r.route({.method = Method::Get, .pattern = QStringLiteral("/slow")},
            [this](RequestContext &ctx) {
                auto reply = ctx.defer();
                QTimer::singleShot(300, [this, reply] {
                    reply->send(json({{QStringLiteral("late"), true}}));
                    ++m_deferredSent;
                });
                return QHttpServerResponse(Status::Accepted);
            });
    auto port = front->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error()));
    return front;
}

void TestHttpFront::initTestCase()
{
    FrontLimits l;
    l.maxHeaderBytes = 4096;
    l.maxRequestLineBytes = 1024;
    l.defaultMaxBodyBytes = 1024;
    l.requestTimeoutMs = 800;
    l.idleTimeoutMs = 800;
    m_front = makeFront(l);
    m_port = m_front->port();
}

QByteArray TestHttpFront::exchange(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return {};
    s.write(bytes);
    QByteArray got;
    QSignalSpy closed(&s, &QTcpSocket::disconnected);
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs) {
        closed.wait(50);
        got += s.readAll();
    }
    got += s.readAll();
    return got;
}

static int statusOf(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return 0;
    return response.mid(9, 3).toInt();
}

void TestHttpFront::wellFormedRequestIsServed()
{
    const QByteArray r =
        exchange(m_port, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(r), 200);
    QVERIFY(r.contains("\"hello\":\"world\""));
    const QByteArray item =
        exchange(m_port, "GET /items/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY(item.contains("\"id\":42"));
    QCOMPARE(statusOf(exchange(m_port,
                               "GET /items/abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
             404);
}

void TestHttpFront::refusals_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray manyHeaders = [] {
        QByteArray h;
        for (int i = 0; i < 120; ++i)
            h += "X-H" + QByteArray::number(i) + ": v\r\n";
        return h;
    }();
    QTest::newRow("head too large")
        << ("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(8000, 'a') + "\r\n\r\n")
        << 431;
    QTest::newRow("endless header line")
        << ("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a')) << 431;
    QTest::newRow("too many headers")
        << ("GET /hello HTTP/1.1\r\nHost: x\r\n" + manyHeaders + "\r\n") << 431;
    QTest::newRow("request line too long")
        << ("GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n") << 414;
    QTest::newRow("body over the default limit")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n") << 413;
    QTest::newRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("bad version") << QByteArray("GET /hello HTTP/x.y\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0 over text")
        << QByteArray("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("unknown method") << QByteArray("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") << 501;
    QTest::newRow("no Host") << QByteArray("GET /hello HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two Hosts") << QByteArray("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                               << 400;
    QTest::newRow("bare LF") << QByteArray("GET /hello HTTP/1.1\nHost: x\n\n") << 400;
    QTest::newRow("folded header")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n") << 400;
    QTest::newRow("control byte in header")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n") << 400;
    QTest::newRow("space in target")
        << QByteArray("GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("absolute-form target")
        << QByteArray("GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("conflicting lengths")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: "
                      "4\r\n\r\nabcd")
        << 400;
    QTest::newRow("negative length")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("chunked") << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                           "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                             << 501;
    QTest::newRow("unknown expectation")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: "
                      "1\r\n\r\n")
        << 417;
    QTest::newRow("h2c upgrade")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: "
                      "h2c\r\n\r\n")
        << 501;
    QTest::newRow("WebSocket on a plain route")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: "
                      "websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                      "dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        << 404;
    QTest::newRow("invalid UTF-8 path")
        << QByteArray("GET /%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
}

void TestHttpFront::refusals()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const QByteArray r = exchange(m_port, request);
    QCOMPARE(statusOf(r), status);
    QVERIFY2(r.contains("application/problem+json"), r.constData());
    // The server is still there and serving.
    QCOMPARE(
        statusOf(exchange(m_port, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        200);
}

void TestHttpFront::bodyLimitIsPerRoute()
{
    const QByteArray body(150'000, 'x');
    const QByteArray r =
        exchange(m_port, "POST /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                             QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(statusOf(r), 200);
    QVERIFY(r.contains("\"bytes\":150000"));
    // The same body on a route with the default limit: 413 while the client is still sending,
    // and the answer still reaches it (lingering close, no reset).
    const QByteArray refused =
        exchange(m_port, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                             QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(statusOf(refused), 413);
    QVERIFY(refused.contains("\"field\":\"body\""));
}

void TestHttpFront::expectContinue()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(s.waitForConnected(5000));
    s.write("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
            "5\r\nConnection: close\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("100 Continue"), 5000);
    QVERIFY(!got.contains("200 OK")); // nothing else before the body
    s.write("hello");
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("\"bytes\":5"), 5000);

    // Over the limit: refused without waiting for the body.
    const QByteArray r = exchange(m_port, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: "
                                          "100-continue\r\nContent-Length: 999999\r\n\r\n");
    QCOMPARE(statusOf(r), 413);
    QVERIFY(!r.contains("100 Continue"));
}

void TestHttpFront::methodNotAllowedHeadAndOptions()
{
    const QByteArray r =
        exchange(m_port, "PUT /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(r), 405);
    QVERIFY(r.contains("Allow: GET, HEAD, OPTIONS"));
    QVERIFY(r.contains("application/problem+json"));

    const QByteArray head =
        exchange(m_port, "HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(head), 200);
    QVERIFY(head.contains("Content-Length: 17"));
    QVERIFY(head.endsWith("\r\n\r\n")); // headers only

    const QByteArray options =
        exchange(m_port, "OPTIONS /items/7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(options), 204);
    QVERIFY(options.contains("Allow: GET, DELETE, HEAD, OPTIONS"));
    QCOMPARE(statusOf(exchange(
                 m_port, "OPTIONS /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
             404);
}

void TestHttpFront::connectionCloseAndHttp10()
{
    // The server closes on its own (exchange returns well before its timeout).
    QElapsedTimer t;
    t.start();
    QCOMPARE(statusOf(exchange(m_port, "GET /hello HTTP/1.0\r\n\r\n", 5000)), 200);
    QCOMPARE(statusOf(exchange(
                 m_port, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000)),
             200);
    QVERIFY(t.elapsed() < 2000);
}

void TestHttpFront::pipelinedRequestsAreAllAnswered()
{
    const QByteArray r =
        exchange(m_port, "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                         "GET /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(r.count("HTTP/1.1 200"), 3);
    QVERIFY(r.indexOf("\"id\":1") < r.indexOf("\"bytes\":3"));
    QVERIFY(r.indexOf("\"bytes\":3") < r.indexOf("\"id\":3"));
    // Whatever follows a "Connection: close" request is never served.
    const QByteArray after = exchange(m_port, "GET /items/5 HTTP/1.1\r\nHost: x\r\nConnection: "
                                              "close\r\n\r\nGET /items/6 HTTP/1.1\r\nHost: "
                                              "x\r\n\r\n");
    QCOMPARE(after.count("HTTP/1.1 200"), 1);
    QVERIFY(!after.contains("\"id\":6"));
    // Split in pieces, byte by byte for the head.
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(s.waitForConnected(5000));
    const QByteArray req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nwxyz";
    QByteArray got;
    for (char c : req) {
        s.write(&c, 1);
        s.flush();
        QCoreApplication::processEvents();
    }
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("\"bytes\":4"), 5000);
}

void TestHttpFront::slowClientGets408()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(s.waitForConnected(5000));
    s.write("GET /hello HTTP/1.1\r\nHost: x\r\n"); // and never the end of the head
    QSignalSpy closed(&s, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(5000));
    QCOMPARE(statusOf(s.readAll()), 408);
}

void TestHttpFront::idleConnectionIsClosed()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(s.waitForConnected(5000));
    s.write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(s.bytesAvailable() > 0, 5000);
    QSignalSpy closed(&s, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(5000)); // idle keep-alive connections do not stay open
    QTRY_COMPARE_WITH_TIMEOUT(m_front->openConnections(), 0, 5000);
}

void TestHttpFront::connectionCaps()
{
    FrontLimits l;
    l.maxConnections = 4;
    l.maxConnectionsPerIp = 2;
    auto front = makeFront(l);
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 2; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, front->port());
        QVERIFY(held.back()->waitForConnected(5000));
    }
    QTRY_COMPARE(front->openConnections(), 2);
    QCOMPARE(statusOf(exchange(front->port(), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")), 429);
    held.clear();
    QTRY_COMPARE_WITH_TIMEOUT(front->openConnections(), 0, 5000);
    // The total cap: 503 for everyone once it is reached.
    FrontLimits total;
    total.maxConnections = 2;
    total.maxConnectionsPerIp = 10;
    auto capped = makeFront(total);
    for (int i = 0; i < 2; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, capped->port());
        QVERIFY(held.back()->waitForConnected(5000));
    }
    QTRY_COMPARE(capped->openConnections(), 2);
    QCOMPARE(statusOf(exchange(capped->port(), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")), 503);
    held.clear();
    QTRY_COMPARE_WITH_TIMEOUT(capped->openConnections(), 0, 5000);
    QCOMPARE(statusOf(exchange(front->port(),
                               "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
             200);
}

void TestHttpFront::earlyDisconnectWithDeferredReplyDoesNotCrash()
{
    // Clients ask for a reply that comes 300 ms later and vanish at once: the reply must find
    // them gone and be dropped (QHttpServer 6.4 wrote to freed memory here with QFuture).
    const int before = m_deferredSent;
    for (int i = 0; i < 20; ++i) {
        auto *s = new QTcpSocket;
        s->connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(s->waitForConnected(5000));
        s->write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        s->flush();
        QCoreApplication::processEvents();
        if (i % 2)
            s->abort();
        else
            s->disconnectFromHost();
        delete s;
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_deferredSent, before + 20, 10000);
    // A request pipelined after a deferred one is never answered before it (Qt 6.4 would):
    // the connection answers the deferred one, then closes.
    const QByteArray ordered = exchange(
        m_port, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY2(ordered.startsWith("HTTP/1.1 200"), ordered.constData());
    QVERIFY(ordered.contains("\"late\":true"));
    QVERIFY(!ordered.contains("\"hello\"") ||
            ordered.indexOf("\"late\"") < ordered.indexOf("\"hello\""));
    // And a patient client still gets its late answer.
    const QByteArray r =
        exchange(m_port, "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(statusOf(r), 200);
    QVERIFY(r.contains("\"late\":true"));
}

void TestHttpFront::floodOfGarbageDoesNotGrowMemory()
{
    // 200 connections sending 64 KiB of header bytes each: every one is refused at the head
    // limit; nothing is buffered beyond it.
    for (int i = 0; i < 200; ++i) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(s.waitForConnected(5000));
        s.write("GET / HTTP/1.1\r\nX: " + QByteArray(64 * 1024, 'z'));
        s.flush();
        QSignalSpy closed(&s, &QTcpSocket::disconnected);
        if (s.state() == QAbstractSocket::ConnectedState)
            closed.wait(5000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_front->openConnections(), 0, 10000);
    QCOMPARE(
        statusOf(exchange(m_port, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        200);
}

void TestHttpFront::tls()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=localhost")});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    auto settings = TlsSettings::load(cert, key);
    QVERIFY2(settings, qPrintable(settings ? QString() : settings.error()));
    QVERIFY(!TlsSettings::load(key, key)); // a key is not a certificate

    auto front = std::make_unique<HttpFront>(FrontLimits{});
    front->setTls(*settings);
    front->router().route({.method = Method::Get, .pattern = QStringLiteral("/hello")}, [] {
        return json({{QStringLiteral("tls"), true}});
    });
    QVERIFY(front->listen(QHostAddress::LocalHost, 0));

    QSslSocket s;
    s.setPeerVerifyMode(QSslSocket::VerifyNone); // self-signed, for this test only
    QSignalSpy encrypted(&s, &QSslSocket::encrypted);
    s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), front->port());
    // The server runs on this thread: wait with the event loop running, never block it.
    QVERIFY2(encrypted.wait(10000), qPrintable(s.errorString()));
    s.write("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("\"tls\":true"), 10000);
    QCOMPARE(statusOf(got), 200);

    // Plain text on the TLS port is not served.
    const QByteArray plain =
        exchange(front->port(), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", 3000);
    QVERIFY(!plain.contains("\"tls\":true"));
}

void TestHttpFront::repeatedHeadersAreRefused_data()
{
    // The guard reads the first of a repeated header, QHttpServer the last (or all joined):
    // any header either of them, the router or a handler reads as one value must be single.
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("Upgrade websocket, then h2c")
        << kWsHead + "Connection: Upgrade\r\nUpgrade: websocket\r\nUpgrade: h2c\r\n\r\n";
    QTest::newRow("Upgrade twice, the same")
        << kWsHead + "Connection: Upgrade\r\nUpgrade: websocket\r\nupgrade: websocket\r\n\r\n";
    QTest::newRow("Connection twice")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n"
                      "Connection: close\r\n\r\n");
    QTest::newRow("Connection: Upgrade in a second header")
        << kWsHead + "Connection: keep-alive\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
    QTest::newRow("Content-Length twice, equal")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: "
                      "3\r\n\r\nabc");
    QTest::newRow("Authorization twice")
        << QByteArray("POST /secure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator\r\n"
                      "Authorization: Bearer viewer\r\nContent-Length: 2\r\n\r\n{}");
    QTest::newRow("Expect twice") << QByteArray(
        "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nExpect: "
        "100-continue\r\nContent-Length: 2\r\n\r\n{}");
    QTest::newRow("Content-Type twice")
        << QByteArray("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}");
    QTest::newRow("Host twice, other case")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nhost: x\r\n\r\n");
    QTest::newRow("Sec-WebSocket-Key twice")
        << kWsHead + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nConnection: Upgrade\r\n"
                     "Upgrade: websocket\r\n\r\n";
    QTest::newRow("Sec-WebSocket-Version twice")
        << kWsHead +
               "Sec-WebSocket-Version: 8\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
    QTest::newRow("If-Match twice") << QByteArray(
        "GET /hello HTTP/1.1\r\nHost: x\r\nIf-Match: \"1\"\r\nIf-Match: \"2\"\r\n\r\n");
    for (const char *name : {"X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain",
                             "X-Shopify-Webhook-Id", "Shopify-Hmac-Sha256", "Shopify-Topic",
                             "Shopify-Shop-Domain", "Shopify-Webhook-Id"}) {
        const QByteArray n(name);
        QTest::addRow("%s twice", name) << "POST /hook HTTP/1.1\r\nHost: x\r\n" + n + ": a\r\n" +
                                               n.toLower() + ": b\r\nContent-Length: 2\r\n\r\n{}";
    }
}

void TestHttpFront::repeatedHeadersAreRefused()
{
    QFETCH(QByteArray, request);
    const QByteArray r = exchange(m_port, request, 3000);
    QCOMPARE(statusOf(r), 400);
    QVERIFY2(r.contains("application/problem+json"), r.constData());
    QVERIFY2(r.contains("repeated"), r.constData());
    QCOMPARE(r.count("HTTP/1.1 "), 1);
}

void TestHttpFront::doubleUpgradeThenChunkedBodyIsNotServed()
{
    // The attack of issue 21: a viewer's upgrade with two Upgrade headers made the guard stop
    // framing while QHttpServer answered 426 and kept the connection; a chunked body far over
    // the limit then went to the route unchecked.
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(s.waitForConnected(5000));
    QSignalSpy closed(&s, &QTcpSocket::disconnected);
    s.write(kWsHead + "Connection: Upgrade\r\nUpgrade: websocket\r\nUpgrade: h2c\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("\r\n\r\n"), 5000);
    if (s.state() == QAbstractSocket::ConnectedState) {
        s.write("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                chunked(200'000));
        if (s.state() == QAbstractSocket::ConnectedState)
            closed.wait(3000);
    }
    got += s.readAll();
    QCOMPARE(statusOf(got), 400);
    QVERIFY2(!got.contains("\"bytes\""), got.constData());
    QCOMPARE(got.count("HTTP/1.1 "), 1);
    QCOMPARE(s.state(), QAbstractSocket::UnconnectedState);
}

void TestHttpFront::upgradeRequestIsFramed_data()
{
    // An upgrade is a GET without a body; whatever else is refused before QHttpServer sees it.
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray up = "Connection: Upgrade\r\nUpgrade: websocket\r\n";
    QTest::newRow("with a body") << kWsHead + up + "Content-Length: 4\r\n\r\nabcd" << 400;
    QTest::newRow("chunked") << kWsHead + up + "Transfer-Encoding: chunked\r\n\r\n" + chunked(10)
                             << 501;
    QTest::newRow("POST") << "POST /ws HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer viewer\r\n"
                             "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                             "dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                                 up + "Content-Length: 0\r\n\r\n"
                          << 400;
    QTest::newRow("no credentials")
        << "GET /ws HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
           "dGhlIHNhbXBsZSBub25jZQ==\r\n" +
               up + "\r\n"
        << 401;
}

void TestHttpFront::upgradeRequestIsFramed()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const QByteArray r = exchange(m_port, request, 3000);
    QCOMPARE(statusOf(r), status);
    QVERIFY2(r.contains("application/problem+json"), r.constData());
    QCOMPARE(r.count("HTTP/1.1 "), 1);
}

void TestHttpFront::upgradeHeaderWithoutConnectionUpgrade_data()
{
    // "Upgrade: websocket" without "Connection: upgrade" is no upgrade (RFC 9110 7.8): the
    // route answers the GET (instead of leaving the client waiting for a handshake), and the
    // connection stays framed: every limit holds for what the client sends next.
    QTest::addColumn<QByteArray>("next");
    QTest::addColumn<int>("status");
    QTest::newRow("chunked")
        << "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(200'000)
        << 501;
    QTest::newRow("over the body limit")
        << "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" +
               QByteArray(200'000, 'b')
        << 413;
    QTest::newRow("endless header")
        << "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(64'000, 'h') << 431;
    QTest::newRow("an upgrade with a body")
        << kWsHead + "Connection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 3\r\n\r\nabc"
        << 400;
    QTest::newRow("nothing: the idle timeout") << QByteArray() << 0;
}

void TestHttpFront::upgradeHeaderWithoutConnectionUpgrade()
{
    QFETCH(QByteArray, next);
    QFETCH(int, status);
    // Timeouts long enough for a loaded machine to send the second request in time.
    FrontLimits l;
    l.idleTimeoutMs = 3000;
    l.requestTimeoutMs = 3000;
    auto front = makeFront(l);
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, front->port());
    QVERIFY(s.waitForConnected(5000));
    QSignalSpy closed(&s, &QTcpSocket::disconnected);
    s.write(kWsHead + "Upgrade: websocket\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("\r\n\r\n"), 5000);
    QVERIFY2(statusOf(got) == 426, got.left(300).constData());
    const qsizetype first = got.size();
    s.write(next);
    if (s.state() == QAbstractSocket::ConnectedState)
        QVERIFY(closed.wait(10000));
    got += s.readAll();
    const QByteArray second = got.mid(first);
    if (status == 0)
        QVERIFY2(second.isEmpty(), second.constData());
    else
        QVERIFY2(statusOf(second) == status, second.left(300).constData());
    QVERIFY(!second.contains("\"bytes\""));
}

void TestHttpFront::webSocketOutlivesTheIdleTimeout()
{
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    QSignalSpy echoed(&ws, &QWebSocket::textMessageReceived);
    QNetworkRequest req(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
    req.setRawHeader("Authorization", "Bearer viewer");
    ws.open(req);
    QVERIFY(connected.wait(5000));
    // Twice the guard's idle and request timeouts: once upgraded, the socket is QWebSocket's.
    QVERIFY(!disconnected.wait(1600));
    ws.sendTextMessage(QStringLiteral("still there"));
    QVERIFY(echoed.wait(5000));
    QCOMPARE(echoed.first().first().toString(), QStringLiteral("still there"));
    ws.close(); // may be disconnected before it returns
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_front->openConnections(), 0, 5000);
}

void TestHttpFront::webSocketsReleaseTheirConnectionSlots()
{
    // QHttpServer disconnects every signal of a socket it upgrades: the guard's count of open
    // connections must still drop when the WebSocket goes, or 64 streams from one address lock
    // it out (maxConnectionsPerIp is 64 here).
    QCOMPARE(m_front->limits().maxConnectionsPerIp, 64);
    const int accepted = m_webSocketsAccepted;
    for (int i = 0; i < 70; ++i) {
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
        QNetworkRequest req(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
        req.setRawHeader("Authorization", "Bearer viewer");
        ws.open(req);
        QVERIFY2(connected.wait(5000),
                 qPrintable(QStringLiteral("stream %1: %2").arg(i).arg(ws.errorString())));
        ws.close(); // may be disconnected before it returns
        QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), 5000);
    }
    QCOMPARE(m_webSocketsAccepted, accepted + 70);
    // Handshakes QWebSocketServer itself refuses (after QHttpServer took the socket) too.
    for (int i = 0; i < 70; ++i) {
        const QByteArray r =
            exchange(m_port,
                     "GET /ws HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer viewer\r\nConnection: "
                     "Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 99\r\n\r\n",
                     5000);
        QVERIFY2(!r.startsWith("HTTP/1.1 101"), r.constData());
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_front->openConnections(), 0, 10000);
    QCOMPARE(
        statusOf(exchange(m_port, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
        200);
}

void TestHttpFront::credentialsAreCheckedBeforeTheBody_data()
{
    // A route that needs a permission refuses bad credentials once the head has arrived:
    // nothing of the body is awaited or buffered (the body is never sent here).
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<bool>("expectContinue");
    QTest::addColumn<int>("status");
    QTest::newRow("none") << QByteArray() << false << 401;
    QTest::newRow("invalid token") << QByteArray("Bearer nope") << false << 401;
    QTest::newRow("invalid token, 100-continue") << QByteArray("Bearer nope") << true << 401;
    QTest::newRow("role without the permission") << QByteArray("Bearer viewer") << false << 403;
}

void TestHttpFront::credentialsAreCheckedBeforeTheBody()
{
    QFETCH(QByteArray, authorization);
    QFETCH(bool, expectContinue);
    QFETCH(int, status);
    QByteArray head = "POST /secure HTTP/1.1\r\nHost: x\r\nContent-Length: 150000\r\n";
    if (!authorization.isEmpty())
        head += "Authorization: " + authorization + "\r\n";
    if (expectContinue)
        head += "Expect: 100-continue\r\n";
    // Answered at once: waiting for the body would end in 408.
    const QByteArray r = exchange(m_port, head + "\r\n", 3000);
    QCOMPARE(statusOf(r), status);
    QVERIFY(!r.contains("100 Continue"));
    if (status == 401)
        QVERIFY(r.contains("WWW-Authenticate: Bearer"));

    // Good credentials: the body is awaited (100 Continue) and served.
    if (expectContinue) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(s.waitForConnected(5000));
        s.write("POST /secure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator\r\nExpect: "
                "100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("100 Continue"), 5000);
        s.write("abc");
        QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("\"bytes\":3"), 5000);
    }
}

void TestHttpFront::unauthenticatedBodiesShareABudget()
{
    // 40 clients announce 4 MiB each to a public route (a webhook's limit) and send it: 160 MiB
    // before any credential is checked. With the default budget (64 MiB), the ones past it get
    // 503 with Retry-After at once, and memory grows by a bounded amount.
    FrontLimits l;
    l.requestTimeoutMs = 60'000;
    l.idleTimeoutMs = 60'000;
    auto front = makeFront(l);
    constexpr qint64 kBody = 4 * 1024 * 1024;
    constexpr int kClients = 40;
    const qint64 rssBefore = dc::test::residentBytes();
    dc::test::resetPeakResident();
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    std::vector<qint64> sent(kClients, 0);
    std::vector<QByteArray> got(kClients);
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(std::make_unique<QTcpSocket>());
        clients.back()->connectToHost(QHostAddress::LocalHost, front->port());
        QVERIFY(clients.back()->waitForConnected(5000));
        clients.back()->write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                              QByteArray::number(kBody) + "\r\n\r\n");
    }
    // Each client sends in 64 KiB pieces, never more than 256 KiB ahead of the kernel, so the
    // clients' own buffers stay small; a client stops once it has an answer.
    const QByteArray piece(64 * 1024, 'w');
    QElapsedTimer t;
    t.start();
    auto done = [&] {
        for (int i = 0; i < kClients; ++i)
            if (!got[i].contains("\r\n\r\n") &&
                clients[i]->state() == QAbstractSocket::ConnectedState)
                return false;
        return true;
    };
    while (!done() && t.elapsed() < 120'000) {
        for (int i = 0; i < kClients; ++i) {
            QTcpSocket &c = *clients[i];
            got[i] += c.readAll();
            if (got[i].contains("\r\n\r\n") || c.state() != QAbstractSocket::ConnectedState)
                continue;
            while (sent[i] < kBody && c.bytesToWrite() < 256 * 1024) {
                const qint64 n = std::min<qint64>(piece.size(), kBody - sent[i]);
                c.write(piece.constData(), n);
                sent[i] += n;
            }
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    const qint64 rssPeak = dc::test::peakResidentBytes();
    QVERIFY(done());
    int served = 0, refused = 0;
    for (const QByteArray &r : got) {
        if (statusOf(r) == 200 && r.contains("\"bytes\":4194304"))
            ++served;
        else if (statusOf(r) == 503) {
            ++refused;
            QVERIFY2(r.contains("Retry-After: "), r.constData());
            QVERIFY(r.contains("application/problem+json"));
        } else
            QFAIL(r.left(300).constData());
    }
    qInfo() << "served" << served << "refused" << refused << "RSS growth (MiB)"
            << (rssPeak - rssBefore) / (1024 * 1024);
    QVERIFY(served >= 1);
    // A body counts twice while it arrives (the socket's buffer and QHttpServer's copy): 8 of
    // 4 MiB fill 64 MiB.
    QVERIFY(refused >= kClients - 8);
    if (dc::test::kResidentMemoryIsMeaningful)
        QVERIFY2(rssPeak - rssBefore < 128 * 1024 * 1024,
                 qPrintable(QString::number((rssPeak - rssBefore) / (1024 * 1024))));
    clients.clear(); // the served ones kept their body until now
    QTRY_COMPARE_WITH_TIMEOUT(front->unauthenticatedBodyBytes(), 0, 10000);
}

void TestHttpFront::unauthenticatedBudgetIsGivenBack()
{
    // 10 MiB: one body of 4 MiB (8 MiB while it arrives) and one of 512 KiB fit, not two of
    // 4 MiB. What a body holds is given back when the connection ends, or once QHttpServer reads
    // the next request on it (it keeps the last body until then).
    FrontLimits l;
    l.maxUnauthenticatedBodyBytes = 10 * 1024 * 1024;
    l.requestTimeoutMs = 60'000;
    l.idleTimeoutMs = 60'000;
    auto front = makeFront(l);
    auto open = [&](qint64 length) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, front->port());
        if (s->waitForConnected(5000))
            s->write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                     QByteArray::number(length) + "\r\n\r\n");
        return s;
    };
    auto big = open(4 * 1024 * 1024);
    QTRY_COMPARE(front->unauthenticatedBodyBytes(), 8 * 1024 * 1024);
    QByteArray refused =
        exchange(front->port(), "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                    QByteArray::number(4 * 1024 * 1024) + "\r\n\r\n");
    QCOMPARE(statusOf(refused), 503);
    QVERIFY(refused.contains("Retry-After: 1"));
    auto small = open(512 * 1024);
    QTRY_COMPARE(front->unauthenticatedBodyBytes(), 9 * 1024 * 1024);

    // The client that goes away gives its share back.
    big->abort();
    QTRY_COMPARE_WITH_TIMEOUT(front->unauthenticatedBodyBytes(), 1024 * 1024, 5000);

    // Served, the body is still held by the connection until its next request.
    small->write(QByteArray(512 * 1024, 's'));
    QByteArray got;
    QTRY_VERIFY_WITH_TIMEOUT((got += small->readAll()).contains("\"bytes\":524288"), 10000);
    QCOMPARE(front->unauthenticatedBodyBytes(), 1024 * 1024);
    small->write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((got += small->readAll()).contains("\"hello\""), 10000);
    QCOMPARE(front->unauthenticatedBodyBytes(), 0);

    // Bodies on a route that needs a permission are not counted: their sender is known (the
    // 100 Continue comes once the head, credentials included, has been checked).
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, front->port());
    QVERIFY(s.waitForConnected(5000));
    s.write("POST /secure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator\r\n"
            "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
    got.clear();
    QTRY_VERIFY_WITH_TIMEOUT((got += s.readAll()).contains("100 Continue"), 5000);
    QCOMPARE(front->unauthenticatedBodyBytes(), 0);
}

QTEST_GUILESS_MAIN(TestHttpFront)
#include "tst_httpfront.moc"
