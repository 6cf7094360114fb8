// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The HTTP front: QHttpServer bound to our own QTcpServer, so that connection-level policy
// (limits, timeouts, caps: QHttpServer 6.4 has none) lives in one place we control.
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>

#include <expected>
#include <functional>

namespace dc::api {

// RFC 9457 problem details, the one error shape of the whole API.
QHttpServerResponse problem(QHttpServerResponse::StatusCode status, const QString &title,
                            const QString &detail = {}, const QJsonObject &extra = {});
QHttpServerResponse
json(const QJsonObject &body,
     QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

class HttpFront : public QObject
{
    Q_OBJECT
public:
    explicit HttpFront(QObject *parent = nullptr);
    ~HttpFront() override;

    QHttpServer &server() { return m_http; }
    // Binds and starts accepting. Port 0 picks a free port. The error is one sentence
    // ("cannot listen on 127.0.0.1:8765: address in use").
    std::expected<quint16, QString> listen(const QHostAddress &host, quint16 port);
    // Stops accepting new connections; open ones finish their current request.
    void stopListening();
    quint16 port() const;
    QHostAddress address() const;

private:
    QHttpServer m_http;
    QPointer<QTcpServer> m_tcp;
};

} // namespace dc::api
