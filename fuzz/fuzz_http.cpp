// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP front's request handling over a real loopback socket: any bytes a client sends, cut
// into chunks at input-chosen sizes (the guard frames requests incrementally), go through the
// guard, QHttpServer's parser and the router (captures, query schemas, bodies, HEAD/OPTIONS,
// 405, credentials, a deferred answer, WebSocket upgrades accepted for real). Nothing may crash,
// no handler may see a body over its route's limit (a chunked or unframed body that slipped
// through would), and the connection must either stay open or end with at most the answers the
// requests deserve; every connection slot must be given back.
#include "api/httpfront.h"
#include "api/response.h"
#include "api/router.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <cstdlib>

using namespace dc::api;

namespace {

constexpr qint64 kDefaultBody = 2048;
constexpr qint64 kWorkflowBody = 8192;

// The body oracle: the guard frames every body against its route's limit before QHttpServer
// reads it, so a handler never sees more.
const QHttpServerRequest &bounded(const QHttpServerRequest &req, qint64 limit)
{
    if (req.body().size() > limit)
        std::abort();
    return req;
}

struct Server
{
    Server()
    {
        FrontLimits l;
        l.maxHeaderBytes = 4096;
        l.maxRequestLineBytes = 1024;
        l.maxHeaderCount = 32;
        l.defaultMaxBodyBytes = kDefaultBody;
        l.requestTimeoutMs = 200;
        l.idleTimeoutMs = 200;
        l.maxUnauthenticatedBodyBytes = 8 * kDefaultBody; // reachable: 503s happen too
        front = std::make_unique<HttpFront>(l);
        Router &r = front->router();
        r.setHooks({.authenticate = [](const QByteArray &auth)
                        -> std::expected<dc::security::Principal, QString> {
                        if (auth.isEmpty())
                            return dc::security::Principal{};
                        if (auth != "Bearer good")
                            return std::unexpected(QStringLiteral("invalid token"));
                        return dc::security::Principal{.kind = dc::security::Principal::Kind::User,
                                                       .id = 1,
                                                       .name = QStringLiteral("admin"),
                                                       .role = dc::security::Role::Admin};
                    },
                    .admit = {},
                    .finished = {}});
        r.route({.method = Method::Get, .pattern = QStringLiteral("/api/health")},
                [](const QHttpServerRequest &req) {
                    bounded(req, kDefaultBody);
                    return json({{QStringLiteral("status"), QStringLiteral("ok")}});
                });
        r.route(
            {.method = Method::Get,
             .pattern = QStringLiteral("/api/orders"),
             .permission = QStringLiteral("orders.read"),
             .query =
                 QJsonObject{{QStringLiteral("limit"),
                              QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                          {QStringLiteral("minimum"), 1},
                                          {QStringLiteral("maximum"), 500}}},
                             {QStringLiteral("status"),
                              QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
            [](RequestContext &c) {
                bounded(c.request, kDefaultBody);
                return json({{QStringLiteral("query"),
                              QString::fromUtf8(c.request.url().query().toUtf8())}});
            });
        r.route({.method = Method::Get,
                 .pattern = QStringLiteral("/api/orders/{id:int}"),
                 .permission = QStringLiteral("orders.read")},
                [](qint64 id, const QHttpServerRequest &req) {
                    bounded(req, kDefaultBody);
                    return json({{QStringLiteral("id"), id}});
                });
        r.route({.method = Method::Put,
                 .pattern = QStringLiteral("/api/workflows/{name}"),
                 .permission = QStringLiteral("workflows.edit"),
                 .maxBodyBytes = kWorkflowBody},
                [](const QString &name, const QHttpServerRequest &req) {
                    return json(
                        {{QStringLiteral("name"), name},
                         {QStringLiteral("bytes"), bounded(req, kWorkflowBody).body().size()}});
                });
        r.route({.method = Method::Post, .pattern = QStringLiteral("/webhooks/shopify/{shop}")},
                [](const QString &shop, const QHttpServerRequest &req) {
                    return json(
                        {{QStringLiteral("shop"), shop},
                         {QStringLiteral("bytes"), bounded(req, kDefaultBody).body().size()}});
                });
        r.route({.method = Method::Delete,
                 .pattern = QStringLiteral("/api/orders/{id:int}/items/{item:int}"),
                 .permission = QStringLiteral("orders.sensitive"),
                 .sensitive = true},
                [](RequestContext &c) {
                    bounded(c.request, kDefaultBody);
                    return QHttpServerResponse(Status::NoContent);
                });
        r.route({.method = Method::Get, .pattern = QStringLiteral("/api/slow")},
                [](RequestContext &ctx) {
                    bounded(ctx.request, kDefaultBody);
                    auto reply = ctx.defer();
                    QTimer::singleShot(1, [reply] {
                        reply->send(json({{QStringLiteral("late"), true}}));
                    });
                    return QHttpServerResponse(Status::Accepted);
                });
        r.route({.method = Method::Get,
                 .pattern = QStringLiteral("/api/events/stream"),
                 .permission = QStringLiteral("events.read"),
                 .websocket = true},
                [](const QHttpServerRequest &req) {
                    bounded(req, kDefaultBody);
                    return QHttpServerResponse(Status::UpgradeRequired);
                });
        front->exposeWebSocket(QStringLiteral("/api/events/stream"));
        // Upgrades are accepted for real (QHttpServer only upgrades with a receiver connected):
        // the socket leaves the guard, and must still give its slot back when it closes.
        QHttpServer &http = front->server();
        QObject::connect(&http, &QAbstractHttpServer::newWebSocketConnection, &http, [&http] {
            while (http.hasPendingWebSocketConnections()) {
                QWebSocket *ws = http.nextPendingWebSocketConnection().release();
                if (!ws)
                    continue;
                ws->setParent(&http);
                ws->setMaxAllowedIncomingFrameSize(4096);
                ws->setMaxAllowedIncomingMessageSize(4096);
                QObject::connect(ws, &QWebSocket::textMessageReceived, ws,
                                 [ws](const QString &m) { ws->sendTextMessage(m.left(64)); });
                QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
            }
        });
        auto port = front->listen(QHostAddress::LocalHost, 0);
        if (!port)
            qFatal("%s", qPrintable(port.error()));
    }
    std::unique_ptr<HttpFront> front;
};

// Runs the event loop until nothing has happened for quietMs (or maxMs in all).
void settle(QTcpSocket &client, QByteArray &got, int quietMs, int maxMs)
{
    QElapsedTimer total, quiet;
    total.start();
    quiet.start();
    while (total.elapsed() < maxMs && quiet.elapsed() < quietMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        const QByteArray more = client.readAll();
        if (!more.isEmpty()) {
            got += more;
            quiet.restart();
        }
        if (client.state() != QAbstractSocket::ConnectedState)
            break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 32 * 1024)
        return 0;
    static int argc = 1;
    static char name[] = "fuzz_http";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = [] {
        qputenv("QT_LOGGING_RULES", "*.debug=false;dropcrew.*.info=false");
        return new QCoreApplication(argc, argv);
    }();
    (void)app;
    static Server server;

    // The first byte picks the chunk size (1..256 bytes, 0: all at once).
    const int chunk = data[0];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.front->port());
    if (!client.waitForConnected(2000))
        std::abort(); // the server must keep accepting
    QByteArray got;
    for (qsizetype at = 0;
         at < bytes.size() && client.state() == QAbstractSocket::ConnectedState;) {
        const qsizetype n =
            chunk == 0 ? bytes.size() : std::min<qsizetype>(chunk, bytes.size() - at);
        client.write(bytes.constData() + at, n);
        client.flush();
        at += n;
        settle(client, got, chunk == 0 ? 3 : 0, 50);
    }
    settle(client, got, 5, 300);
    // Whatever was answered is a well-formed status line (a 101 is followed by WebSocket frames).
    if (!got.isEmpty() && !got.startsWith("HTTP/1.1 1") && !got.startsWith("HTTP/1.1 2") &&
        !got.startsWith("HTTP/1.1 3") && !got.startsWith("HTTP/1.1 4") &&
        !got.startsWith("HTTP/1.1 5"))
        std::abort();
    client.abort();
    // Let the server drop its side before the next input (connection caps are per address).
    QElapsedTimer t;
    t.start();
    while ((server.front->openConnections() > 0 || server.front->unauthenticatedBodyBytes() != 0) &&
           t.elapsed() < 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    if (server.front->openConnections() > 0)
        std::abort(); // a connection the client has left must not be kept
    if (server.front->unauthenticatedBodyBytes() != 0)
        std::abort(); // nor what its bodies reserved
    return 0;
}
