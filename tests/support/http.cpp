// SPDX-License-Identifier: GPL-3.0-or-later
#include "http.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

namespace dc::test {

namespace {
QByteArray g_authorization;
}

void setDefaultAuthorization(const QByteArray &value)
{
    g_authorization = value;
}

QByteArray defaultAuthorization()
{
    return g_authorization;
}

QNetworkRequest authorizedRequest(const QUrl &url)
{
    QNetworkRequest req(url);
    if (!g_authorization.isEmpty())
        req.setRawHeader("Authorization", g_authorization);
    return req;
}

QString problemField(const HttpReply &r)
{
    return r.json.value(QStringLiteral("errors"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

HttpReply httpCall(QNetworkAccessManager &nam, const QString &base, const QByteArray &method,
                   const QString &path, const QByteArray &body, const QByteArray &contentType,
                   const std::optional<QByteArray> &authorization,
                   const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req(QUrl(base + path));
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    const QByteArray auth = authorization.value_or(g_authorization);
    if (!auth.isEmpty())
        req.setRawHeader("Authorization", auth);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *r = nam.sendCustomRequest(req, method, body);
    QSignalSpy done(r, &QNetworkReply::finished);
    if (!r->isFinished())
        done.wait(15000);
    HttpReply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.raw = r->readAll();
    out.json = QJsonDocument::fromJson(out.raw).object();
    out.contentType = r->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    for (const auto &[k, v] : r->rawHeaderPairs())
        out.headers.insert(k.toLower(), v);
    r->deleteLater();
    return out;
}

SilentServer::SilentServer()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection())
            m_held << s;
    });
    m_server.listen(QHostAddress::LocalHost);
}

QUrl SilentServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort()));
}

} // namespace dc::test
