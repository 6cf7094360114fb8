// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A blocking HTTP call over a real socket for API tests (the event loop runs while waiting).
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <optional>

namespace dc::test {

struct HttpReply
{
    int status = 0;
    QJsonObject json;
    QByteArray raw;
    QByteArray contentType;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// The Authorization header every call sends unless it passes its own ("" for none).
void setDefaultAuthorization(const QByteArray &value);
QByteArray defaultAuthorization();
// A request to url carrying the default Authorization header (WebSocket opens).
QNetworkRequest authorizedRequest(const QUrl &url);

// The field a problem+json refusal names first (errors[0].field); empty when none.
QString problemField(const HttpReply &r);

// headers: more request headers (e.g. X-Forwarded-For).
HttpReply httpCall(QNetworkAccessManager &nam, const QString &base, const QByteArray &method,
                   const QString &path, const QByteArray &body = {},
                   const QByteArray &contentType = "application/json",
                   const std::optional<QByteArray> &authorization = std::nullopt,
                   const QList<std::pair<QByteArray, QByteArray>> &headers = {});

// A server on 127.0.0.1 that takes requests and never answers: for calls that must give up by
// themselves (a stop asked of their task). Its connections stay open while it lives.
class SilentServer
{
public:
    SilentServer();
    bool listening() const { return m_server.isListening(); }
    QUrl url() const;
    qsizetype connections() const { return m_held.size(); }

private:
    QTcpServer m_server;
    QList<QTcpSocket *> m_held; // children of the server
};

} // namespace dc::test
