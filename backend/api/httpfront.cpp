// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/httpfront.h"

#include "core/logging.h"

#include <QJsonDocument>

namespace dc::api {

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse problem(QHttpServerResponse::StatusCode status, const QString &title,
                            const QString &detail, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("type"), QStringLiteral("about:blank"));
    body.insert(QStringLiteral("title"), title);
    body.insert(QStringLiteral("status"), int(status));
    if (!detail.isEmpty())
        body.insert(QStringLiteral("detail"), detail);
    return QHttpServerResponse(QByteArrayLiteral("application/problem+json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

HttpFront::HttpFront(QObject *parent)
    : QObject(parent)
{
    m_http.setMissingHandler([](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
        problem(QHttpServerResponse::StatusCode::NotFound, QStringLiteral("Not Found"),
                QStringLiteral("no resource at %1").arg(req.url().path()))
            .write(std::move(responder));
    });
}

HttpFront::~HttpFront() = default;

std::expected<quint16, QString> HttpFront::listen(const QHostAddress &host, quint16 port)
{
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(host, port)) {
        const QString err = tcp->errorString();
        delete tcp;
        return std::unexpected(
            QStringLiteral("cannot listen on %1:%2: %3").arg(host.toString()).arg(port).arg(err));
    }
    m_http.bind(tcp);
    m_tcp = tcp;
    qCInfo(lcHttp).noquote() << "listening on" << host.toString() << tcp->serverPort();
    return tcp->serverPort();
}

void HttpFront::stopListening()
{
    if (m_tcp)
        m_tcp->close();
}

quint16 HttpFront::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QHostAddress HttpFront::address() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

} // namespace dc::api
