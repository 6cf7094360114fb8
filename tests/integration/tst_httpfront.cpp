// SPDX-License-Identifier: GPL-3.0-or-later
// The guarded HTTP front against real sockets: every limit (431, 413, 414, 400, 505, 501, 417,
// 408, idle close, connection caps), 405/HEAD/OPTIONS, 100-continue, Connection: close,
// pipelining, early disconnects with a deferred reply (this test runs under ASan too), TLS.
#include "api/httpfront.h"
#include "api/router.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace dc::api;

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

private:
    std::unique_ptr<HttpFront> makeFront(FrontLimits limits);
    // Sends raw bytes, then reads until the server closes (or timeoutMs passes).
    QByteArray exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);
    std::unique_ptr<HttpFront> m_front;
    quint16 m_port = 0;
    int m_deferredSent = 0;
};

std::unique_ptr<HttpFront> TestHttpFront::makeFront(FrontLimits limits)
{
    auto front = std::make_unique<HttpFront>(limits);
    Router &r = front->router();
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

QTEST_GUILESS_MAIN(TestHttpFront)
#include "tst_httpfront.moc"
