// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiclient.h"

#include "core/money.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <QLocale>
#include <QNetworkReply>
#include <QUrlQuery>
#include <utility>

namespace dc::ui {

ApiClient::ApiClient(QUrl base, QObject *parent)
    : QObject(parent)
    , m_base(std::move(base))
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &ApiClient::openStream);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_streaming = true;
        emit streamingChanged(true);
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        if (m_streaming) {
            m_streaming = false;
            emit streamingChanged(false);
        }
        if (m_wantStream) {
            // The token may have expired: refresh before reconnecting (not more than every 2 s).
            refreshSession([this](bool) { m_reconnect.start(2000); });
        }
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const QJsonObject e = QJsonDocument::fromJson(text.toUtf8()).object();
        if (e.isEmpty())
            return;
        m_lastEventId = std::max(m_lastEventId, e.value(QStringLiteral("id")).toInteger());
        emit eventReceived(e);
    });
}

ApiClient::~ApiClient()
{
    // Closing the socket emits disconnected(): nobody may hear it from an object being
    // destroyed (the window that owns this client is already half gone).
    m_wantStream = false;
    blockSignals(true);
    m_socket.disconnect();
    m_socket.abort();
}

void ApiClient::login(const QString &username, const QString &password, Callback done)
{
    request(
        "POST", QStringLiteral("/api/auth/token"),
        QJsonDocument(QJsonObject{{QStringLiteral("username"), username},
                                  {QStringLiteral("password"), password}})
            .toJson(QJsonDocument::Compact),
        this,
        [this, done = std::move(done)](const ApiReply &r) {
            if (r.ok()) {
                m_session = {r.json.value(QStringLiteral("access_token")).toString(),
                             r.json.value(QStringLiteral("refresh_token")).toString()};
                m_expired = false;
            }
            done(r);
        },
        true);
}

void ApiClient::get(const QString &path, QObject *context, Callback done)
{
    request("GET", path, {}, context, std::move(done), false);
}

void ApiClient::send(const QByteArray &method, const QString &path, const QJsonObject &body,
                     QObject *context, Callback done)
{
    request(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact), context,
            std::move(done), false);
}

void ApiClient::sendText(const QByteArray &method, const QString &path, const QByteArray &body,
                         const QByteArray &contentType, QObject *context, Callback done)
{
    request(method, path, body, context, std::move(done), false, contentType);
}

void ApiClient::request(const QByteArray &method, const QString &path, const QByteArray &body,
                        QObject *context, Callback done, bool retried,
                        const QByteArray &contentType)
{
    QNetworkRequest req(m_base.resolved(QUrl(path)));
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setRawHeader("Accept", "application/json");
    const QString usedToken = m_session.accessToken;
    if (!usedToken.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + usedToken.toLatin1());
    req.setTransferTimeout(30000);
    QNetworkReply *reply =
        method == "GET" ? m_nam.get(req) : m_nam.sendCustomRequest(req, method, body);
    QPointer<QObject> ctx(context);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, ctx, method, path, body, contentType, done = std::move(done), retried,
             usedToken] {
                reply->deleteLater();
                ApiReply r;
                r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray bytes = reply->readAll();
                r.json = QJsonDocument::fromJson(bytes).object();
                r.raw = bytes;
                if (reply->hasRawHeader("Retry-After"))
                    r.retryAfter = reply->rawHeader("Retry-After").toInt();
                if (r.status == 401 && !retried && ctx && !m_session.accessToken.isEmpty() &&
                    m_session.accessToken != usedToken) {
                    // Sent before a refresh that has finished since: its token is fresh.
                    request(method, path, body, ctx, done, true, contentType);
                } else if (r.status == 401 && !retried && ctx) {
                    refreshSession(
                        [this, ctx, method, path, body, contentType, done](bool renewed) {
                            if (renewed && ctx)
                                request(method, path, body, ctx, done, true, contentType);
                            else if (ctx)
                                done({401, {}, {}, tr("the session has expired: log in again")});
                        });
                } else if (ctx) {
                    if (r.status == 0)
                        r.error = tr("the server cannot be reached: %1").arg(reply->errorString());
                    else if (!r.ok())
                        r.error = r.json.value(QStringLiteral("detail"))
                                      .toString(r.json.value(QStringLiteral("title"))
                                                    .toString(tr("HTTP status %1").arg(r.status)));
                    done(r);
                }
            });
}

void ApiClient::refreshSession(std::function<void(bool)> then)
{
    m_refreshWaiters.append(std::move(then));
    if (std::exchange(m_refreshing, true))
        return;
    const auto finish = [this](bool renewed) {
        m_refreshing = false;
        for (const auto &waiter : std::exchange(m_refreshWaiters, {}))
            waiter(renewed);
    };
    const auto renewLocally = [this, finish] {
        if (m_renew) {
            if (auto s = m_renew()) {
                m_session = *s;
                return finish(true);
            }
        }
        if (!std::exchange(m_expired, true))
            emit sessionExpired();
        finish(false);
    };
    if (m_session.refreshToken.isEmpty())
        return renewLocally();
    const QString used = m_session.refreshToken;
    request(
        "POST", QStringLiteral("/api/auth/refresh"),
        QJsonDocument(QJsonObject{{QStringLiteral("refresh_token"), used}})
            .toJson(QJsonDocument::Compact),
        this,
        [this, renewLocally, finish, used](const ApiReply &r) {
            if (!r.ok() && m_session.refreshToken != used)
                return finish(true); // a login meanwhile: try again with its session
            if (!r.ok())
                return renewLocally();
            m_session = {r.json.value(QStringLiteral("access_token")).toString(),
                         r.json.value(QStringLiteral("refresh_token")).toString()};
            finish(true);
        },
        true);
}

void ApiClient::subscribe(const QString &topics)
{
    m_topics = topics;
    m_wantStream = true;
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.close();
    else
        openStream();
}

void ApiClient::openStream()
{
    if (!m_wantStream || m_socket.state() != QAbstractSocket::UnconnectedState)
        return;
    QUrl url = m_base.resolved(QUrl(QStringLiteral("/api/events/stream")));
    url.setScheme(m_base.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                            : QStringLiteral("ws"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("topics"), m_topics);
    if (m_lastEventId >= 0)
        q.addQueryItem(QStringLiteral("after"), QString::number(m_lastEventId));
    url.setQuery(q);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_session.accessToken.toLatin1());
    m_socket.open(req);
}

QString formatAmount(qint64 minor, const QString &currency, bool grouped)
{
    // The exact digits come from core; only the separators are the locale's.
    const MoneyDigits d = moneyDigits(Money{minor, currency});
    const QLocale locale;
    QString out = grouped ? locale.toString(d.whole.toULongLong()) : d.whole;
    if (!d.fraction.isEmpty())
        out += locale.decimalPoint() + d.fraction;
    return d.negative ? locale.negativeSign() + out : out;
}

QString formatMoney(qint64 minor, const QString &currency)
{
    return formatAmount(minor, currency, true) + QLatin1Char(' ') + currency;
}

} // namespace dc::ui
