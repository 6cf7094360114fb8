// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The desktop app talks to its backend only through the HTTP API and the event stream, whether
// the backend is embedded (loopback, a local administrator session) or a remote headless server
// (URL + login). Every call is asynchronous: the GUI thread never waits for the network or the
// database.
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <functional>
#include <optional>

namespace dc::ui {

struct ApiReply
{
    int status = 0;      // HTTP status; 0 when the server could not be reached
    QJsonObject json;    // the body (a problem+json object on errors)
    QByteArray raw;      // the body as received (YAML definitions)
    QString error;       // one readable sentence when !ok()
    int retryAfter = -1; // seconds, from a 429's or 503's Retry-After (-1: none)
    bool ok() const { return status >= 200 && status < 300; }
};

struct Session
{
    QString accessToken;
    QString refreshToken;
};

class ApiClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ApiReply &)>;

    explicit ApiClient(QUrl base, QObject *parent = nullptr);
    ~ApiClient() override;

    QUrl baseUrl() const { return m_base; }
    void setSession(const Session &s) { m_session = s; }
    // Called when the session cannot be refreshed (embedded: a new local session).
    void setSessionRenewer(std::function<std::optional<Session>()> renew)
    {
        m_renew = std::move(renew);
    }
    // POST /api/auth/token; on success the session is kept.
    void login(const QString &username, const QString &password, Callback done);

    // path may carry a query ("/api/orders?limit=100"). context: the reply is dropped when it
    // is gone (a closed page never receives an answer).
    void get(const QString &path, QObject *context, Callback done);
    void send(const QByteArray &method, const QString &path, const QJsonObject &body,
              QObject *context, Callback done);
    // A body that is not JSON (a YAML workflow definition).
    void sendText(const QByteArray &method, const QString &path, const QByteArray &body,
                  const QByteArray &contentType, QObject *context, Callback done);

    // The live event stream (WebSocket), reconnected from the last event seen after a drop.
    void subscribe(const QString &topics);
    bool streaming() const { return m_streaming; }

signals:
    void eventReceived(const QJsonObject &event);
    // The session could not be refreshed (a remote server's refresh token expired or was
    // revoked): a new login is needed. Once per expiry, until a login succeeds.
    void sessionExpired();
    void streamingChanged(bool streaming);

private:
    void request(const QByteArray &method, const QString &path, const QByteArray &body,
                 QObject *context, Callback done, bool retried,
                 const QByteArray &contentType = "application/json");
    // One refresh at a time: calls that fail while it runs wait for its outcome (a second
    // refresh with the same token would be refused, and later taken for a stolen token).
    void refreshSession(std::function<void(bool)> then);
    void openStream();

    QUrl m_base;
    QNetworkAccessManager m_nam;
    Session m_session;
    std::function<std::optional<Session>()> m_renew;
    bool m_expired = false;
    bool m_refreshing = false;
    QList<std::function<void(bool)>> m_refreshWaiters;
    QWebSocket m_socket;
    QString m_topics;
    qint64 m_lastEventId = -1;
    bool m_streaming = false;
    bool m_wantStream = false;
    QTimer m_reconnect;
};

// "1,912.50 EUR" (or "1 912,50 EUR" in French, "1,250 JPY") from minor units: the currency's own
// decimals, the locale's separators, the ISO code (unambiguous in a shop selling in several).
QString formatMoney(qint64 minor, const QString &currency);
// The amount alone, as typed in a form ("1912,50" in French without grouping).
QString formatAmount(qint64 minor, const QString &currency, bool grouped);

} // namespace dc::ui
