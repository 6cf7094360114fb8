// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The HTTP front: QHttpServer bound to our own QTcpServer, which frames every request before
// QHttpServer sees it. QHttpServer 6.4 has no limits, ignores "Connection: close", never
// answers "Expect: 100-continue" and silently drops headers it cannot parse; the guard refuses
// such requests itself (problem+json, then close), so QHttpServer only ever parses requests
// that are well formed and within limits.
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>

#include <expected>
#include <functional>
#include <optional>

namespace dc::api {

class Router;

struct FrontLimits
{
    int maxRequestLineBytes = 8 * 1024;     // longer: 414
    int maxHeaderBytes = 16 * 1024;         // request line and headers together; longer: 431
    int maxHeaderCount = 100;               // more: 431
    qint64 defaultMaxBodyBytes = 64 * 1024; // routes may allow more; past it: 413
    int idleTimeoutMs = 30'000;             // keep-alive connection with no request under way
    int requestTimeoutMs = 15'000; // a request's head and body must arrive within this: 408
    int maxConnections = 1024;     // beyond: 503 and close
    int maxConnectionsPerIp = 64;  // beyond: 429 and close
    // Memory for request bodies read before any credential is checked (public routes such as
    // webhooks), over all connections; a body counts twice while it arrives. Past it: 503 with
    // Retry-After. 0: no bound. Routes that need a permission check credentials before the body.
    qint64 maxUnauthenticatedBodyBytes = 64 * 1024 * 1024;
};

// What the guard knows of a request once its head has arrived.
struct RequestHead
{
    QByteArray method;
    QByteArray path; // without the query, still percent-encoded
    QByteArray query;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QHostAddress peer;
    QByteArray header(QByteArrayView name) const;
};

struct TlsSettings
{
    QSslCertificate certificate;
    QList<QSslCertificate> chain;
    QSslKey key;
    bool enabled() const { return !certificate.isNull(); }
    // Loads PEM files; the error names the file and what is wrong with it.
    static std::expected<TlsSettings, QString> load(const QString &certFile,
                                                    const QString &keyFile);
};

class GuardedTcpServer;

class HttpFront : public QObject
{
    Q_OBJECT
public:
    explicit HttpFront(FrontLimits limits = {}, QObject *parent = nullptr);
    ~HttpFront() override;

    // Every request goes through the router: it owns the route table.
    Router &router() { return *m_router; }
    QHttpServer &server() { return m_http; }
    const FrontLimits &limits() const { return m_limits; }

    // Qt 6.4 upgrades a WebSocket only for a request a QHttpServer route has handled (the
    // missing handler does not count), so a WebSocket path gets a real route as well. The guard
    // has checked the upgrade's credentials before; other requests (a GET without an upgrade,
    // or an upgrade QHttpServer does not perform) go to the router.
    void exposeWebSocket(const QString &path);

    void setTls(const TlsSettings &tls) { m_tls = tls; }
    bool tlsEnabled() const { return m_tls.enabled(); }

    // Binds and starts accepting. Port 0 picks a free port. The error is one sentence
    // ("cannot listen on 127.0.0.1:8765: address in use").
    std::expected<quint16, QString> listen(const QHostAddress &host, quint16 port);
    // Stops accepting new connections; open ones finish their current request.
    void stopListening();
    quint16 port() const;
    QHostAddress address() const;
    int openConnections() const;
    // What the bodies being read before authentication hold now (see FrontLimits).
    qint64 unauthenticatedBodyBytes() const;

private:
    FrontLimits m_limits;
    TlsSettings m_tls;
    QHttpServer m_http;
    std::unique_ptr<Router> m_router;
    QPointer<GuardedTcpServer> m_tcp;
};

} // namespace dc::api
