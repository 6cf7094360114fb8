// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/httpfront.h"

#include "api/response.h"
#include "api/router.h"
#include "core/logging.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace dc::api {

QByteArray RequestHead::header(QByteArrayView name) const
{
    for (const auto &[k, v] : headers)
        if (QByteArrayView(k).compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

std::expected<TlsSettings, QString> TlsSettings::load(const QString &certFile,
                                                      const QString &keyFile)
{
    TlsSettings t;
    QFile cf(certFile);
    if (!cf.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("cannot read the TLS certificate %1: %2")
                                   .arg(certFile, cf.errorString()));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(cf.readAll(), QSsl::Pem);
    if (certs.isEmpty())
        return std::unexpected(QStringLiteral("%1 holds no PEM certificate").arg(certFile));
    t.certificate = certs.first();
    t.chain = certs.mid(1);
    QFile kf(keyFile);
    if (!kf.open(QIODevice::ReadOnly))
        return std::unexpected(
            QStringLiteral("cannot read the TLS key %1: %2").arg(keyFile, kf.errorString()));
    const QByteArray pem = kf.readAll();
    for (QSsl::KeyAlgorithm alg : {QSsl::Rsa, QSsl::Ec, QSsl::Opaque}) {
        QSslKey k(pem, alg, QSsl::Pem);
        if (!k.isNull()) {
            t.key = k;
            break;
        }
    }
    if (t.key.isNull())
        return std::unexpected(
            QStringLiteral("%1 holds no unencrypted PEM private key (RSA or EC)").arg(keyFile));
    return t;
}

namespace {

const char *reasonPhrase(int code)
{
    switch (code) {
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 417:
        return "Expectation Failed";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

// A whole HTTP/1.1 response for the guard to write itself (the connection closes after it).
QByteArray rawResponse(const QHttpServerResponse &r)
{
    const QByteArray body = r.data();
    const int code = int(r.statusCode());
    QByteArray out = "HTTP/1.1 " + QByteArray::number(code) + ' ' + reasonPhrase(code) +
                     "\r\nContent-Type: " + r.mimeType() +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\n";
    for (const QByteArray &name : forwardedHeaders())
        for (const QByteArray &v : r.headers(name))
            out += name + ": " + v + "\r\n";
    return out + "\r\n" + body;
}

QByteArray rawProblem(int code, const QString &detail)
{
    QJsonObject extra;
    if (code == 413)
        extra.insert(QStringLiteral("errors"),
                     QJsonArray{QJsonObject{{QStringLiteral("field"), QStringLiteral("body")},
                                            {QStringLiteral("reason"), detail}}});
    return rawResponse(problem(QHttpServerResponse::StatusCode(code),
                               QString::fromLatin1(reasonPhrase(code)), detail, extra));
}

bool isTchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

const QByteArrayList kMethods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};

} // namespace

// What the front holds across its connections. Each connection gives back what it took when
// it ends, whoever ends it (QHttpServer disconnects every signal of a socket it upgrades to a
// WebSocket, so this cannot hang on the socket's signals); shared, so that a connection outliving
// the server object still finds it.
struct FrontAccounts
{
    int open = 0;
    QHash<QHostAddress, int> perIp;
    qint64 unauthenticatedBytes = 0; // reserved by bodies read before any credential is checked
};

namespace {

// Headers read as one value by the guard (first wins), QHttpServer (last wins, or all joined),
// the router or a handler: a repeated one would be read differently by each, so it is refused.
bool singleOccurrence(const QByteArray &lowerName)
{
    static const QByteArrayList names = {
        "host",          "content-length",    "transfer-encoding",
        "upgrade",       "connection",        "authorization",
        "expect",        "content-type",      "if-match",
        "if-none-match", "sec-websocket-key", "sec-websocket-version"};
    return names.contains(lowerName) || lowerName.startsWith("x-shopify-") ||
           lowerName.startsWith("shopify-");
}

} // namespace

// Frames the requests on one connection, ahead of QHttpServer's own reading: its readyRead
// slot is connected before QHttpServer's (peek: sees the bytes) and after it (records what is
// left unread), so every byte is framed exactly once. The connection stays framed until
// QHttpServer has actually taken the socket for a WebSocket.
class GuardedConnection : public QObject
{
public:
    GuardedConnection(QTcpSocket *socket, const FrontLimits &limits, Router &router, QObject *http,
                      std::shared_ptr<FrontAccounts> accounts, const QHostAddress &peer)
        : QObject(socket)
        , m_socket(socket)
        , m_limits(limits)
        , m_router(router)
        , m_http(http)
        , m_accounts(std::move(accounts))
        , m_peer(peer)
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &GuardedConnection::onTimeout);
        m_readConnection =
            connect(socket, &QIODevice::readyRead, this, &GuardedConnection::beforeRead);
        m_timer.start(m_limits.idleTimeoutMs);
    }
    ~GuardedConnection() override
    {
        releaseSlot();
        for (const Reservation &r : std::as_const(m_reserved))
            m_accounts->unauthenticatedBytes -= r.bytes;
    }
    void connectAfter()
    {
        connect(m_socket, &QIODevice::readyRead, this, &GuardedConnection::afterRead);
    }

private:
    // Finished: a "Connection: close" request (or an upgrade request) is complete; the socket
    // closes once it is answered. Upgraded: QHttpServer gave the socket to QWebSocketServer.
    enum class State { Head, Body, Upgraded, Finished, Closing };

    // Budget held for an unauthenticated body; released once QHttpServer reads the request
    // after it (it keeps the last body until the next request starts) or the connection ends.
    struct Reservation
    {
        qint64 bytes = 0;
        qint64 releaseAt = -1; // stream offset QHttpServer must have read past; -1: not yet known
    };

    void beforeRead()
    {
        frameFreshBytes();
        if (m_upgradeAsked)
            // QHttpServer runs after us in this emission; if it takes the socket for a
            // WebSocket, it disconnects our slots: look once it is done.
            QMetaObject::invokeMethod(this, &GuardedConnection::checkUpgraded,
                                      Qt::QueuedConnection);
    }

    void frameFreshBytes()
    {
        if (m_state == State::Upgraded || m_state == State::Closing || !m_socket->isReadable())
            return;
        const qint64 avail = m_socket->bytesAvailable();
        if (avail > 0 && m_socket->property("dcDeferred").toInt() > 0) {
            // A request pipelined behind one whose answer is still coming: QHttpServer 6.4
            // would answer it first (out of order). It is not read; the connection closes once
            // the pending answer is written. Clients that wait for answers keep their
            // keep-alive connection.
            QObject::disconnect(m_socket, &QIODevice::readyRead, m_http, nullptr);
            m_socket->skip(avail);
            m_socket->setProperty("dcCloseAfter", true);
            m_state = State::Closing;
            return;
        }
        if (avail <= m_carried)
            return;
        const QByteArray fresh = m_socket->peek(avail).mid(m_carried);
        const qint64 base = m_received;
        m_received += fresh.size();
        m_carried = avail;
        if (m_state == State::Finished)
            return; // bytes after a "Connection: close" request are dropped, never parsed
        feed(fresh, base);
    }

    void afterRead()
    {
        if (m_state == State::Closing || m_state == State::Upgraded)
            return;
        m_carried = m_socket->bytesAvailable();
        const qint64 consumed = m_received - m_carried;
        releaseReadBodies(consumed);
        // QHttpServer takes one request per read and comes back for the rest: close once the
        // "Connection: close" request (and every one pipelined before it) has been taken;
        // whatever the client sent after it is skipped unread.
        if (m_state == State::Finished && consumed >= m_closeEnd &&
            m_socket->property("dcDeferred").toInt() == 0) {
            if (m_carried > 0)
                m_socket->skip(m_carried);
            m_carried = 0;
            m_socket->disconnectFromHost();
        }
    }

    // base: the stream offset of data[0].
    void feed(const QByteArray &data, qint64 base)
    {
        qsizetype i = 0;
        while (i < data.size() && (m_state == State::Head || m_state == State::Body)) {
            if (m_state == State::Body) {
                const qint64 n = std::min<qint64>(m_bodyLeft, data.size() - i);
                m_bodyLeft -= n;
                i += n;
                if (m_bodyLeft == 0)
                    requestComplete(base + i);
                continue;
            }
            if (!m_inRequest) {
                // Blank lines between requests are tolerated (RFC 9112 2.2).
                if (data[i] == '\r' || data[i] == '\n') {
                    ++i;
                    continue;
                }
                m_inRequest = true;
                m_timer.start(m_limits.requestTimeoutMs);
                // Once QHttpServer reads this request, it lets go of the previous body.
                for (Reservation &r : m_reserved)
                    if (r.releaseAt < 0)
                        r.releaseAt = base + i + 1;
            }
            const qsizetype old = m_head.size();
            const qsizetype take =
                std::min<qsizetype>(data.size() - i, m_limits.maxHeaderBytes + 4 - old);
            m_head.append(data.constData() + i, take);
            const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, old - 3));
            // Bare LF in the head is refused (QHttpServer's parser would read it differently);
            // the bytes after the head are body and are not looked at.
            const qsizetype headEnd = end < 0 ? m_head.size() : end + 4;
            for (qsizetype k = old; k < headEnd; ++k)
                if (m_head[k] == '\n' && (k == 0 || m_head[k - 1] != '\r'))
                    return reject(400, QStringLiteral("line endings must be CRLF"));
            if (end < 0) {
                const qsizetype firstLine = m_head.indexOf("\r\n");
                if ((firstLine < 0 ? m_head.size() : firstLine) > m_limits.maxRequestLineBytes)
                    return reject(414, QStringLiteral("the request line is longer than %1 bytes")
                                           .arg(m_limits.maxRequestLineBytes));
                if (m_head.size() > m_limits.maxHeaderBytes)
                    return reject(431, QStringLiteral("the request head is larger than %1 bytes")
                                           .arg(m_limits.maxHeaderBytes));
                i += take;
                continue;
            }
            const qsizetype headLen = end + 4;
            i += headLen - old;
            m_head.truncate(headLen);
            if (!parseHead())
                return;
            m_head.clear();
            if (m_bodyLeft == 0)
                requestComplete(base + i);
            else
                m_state = State::Body;
        }
    }

    bool parseHead()
    {
        const QList<QByteArray> lines = m_head.left(m_head.size() - 4).split('\n');
        auto clean = [](const QByteArray &l) { return l.endsWith('\r') ? l.chopped(1) : l; };
        const QByteArray requestLine = clean(lines.first());
        if (requestLine.size() > m_limits.maxRequestLineBytes)
            return reject(414, QStringLiteral("the request line is longer than %1 bytes")
                                   .arg(m_limits.maxRequestLineBytes)),
                   false;
        const QList<QByteArray> parts = requestLine.split(' ');
        if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty())
            return reject(400, QStringLiteral("malformed request line")), false;
        const QByteArray &method = parts[0];
        const QByteArray &target = parts[1];
        const QByteArray &version = parts[2];
        for (char c : method)
            if (!isTchar(c))
                return reject(400, QStringLiteral("malformed method")), false;
        static const QRegularExpression versionRe(QStringLiteral("^HTTP/[0-9]\\.[0-9]$"));
        if (!versionRe.match(QString::fromLatin1(version)).hasMatch())
            return reject(400, QStringLiteral("malformed HTTP version")), false;
        if (version != "HTTP/1.1" && version != "HTTP/1.0")
            return reject(505, QStringLiteral("only HTTP/1.1 and HTTP/1.0 are served")), false;
        if (!kMethods.contains(method))
            return reject(501, QStringLiteral("method %1 is not implemented")
                                   .arg(QString::fromLatin1(method.left(32)))),
                   false;
        for (char c : target)
            if (uchar(c) <= 0x20 || uchar(c) >= 0x7f)
                return reject(400, QStringLiteral("the request target has a forbidden byte")),
                       false;
        if (!target.startsWith('/') && !(method == "OPTIONS" && target == "*"))
            return reject(400, QStringLiteral("the request target must be an absolute path")),
                   false;

        RequestHead head;
        head.method = method;
        head.peer = m_peer;
        const qsizetype q = target.indexOf('?');
        head.path = q < 0 ? target : target.left(q);
        head.query = q < 0 ? QByteArray() : target.mid(q + 1);
        if (lines.size() - 1 > m_limits.maxHeaderCount)
            return reject(
                       431,
                       QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaderCount)),
                   false;
        QByteArrayList seen;
        for (qsizetype n = 1; n < lines.size(); ++n) {
            const QByteArray line = clean(lines[n]);
            if (line.startsWith(' ') || line.startsWith('\t'))
                return reject(400, QStringLiteral("folded header lines are not accepted")), false;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return reject(400, QStringLiteral("malformed header line %1").arg(n)), false;
            const QByteArray name = line.left(colon);
            for (char c : name)
                if (!isTchar(c))
                    return reject(400, QStringLiteral("malformed header name")), false;
            const QByteArray value = line.mid(colon + 1).trimmed();
            for (char c : value)
                if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f)
                    return reject(400, QStringLiteral("header %1 has a control character")
                                           .arg(QString::fromLatin1(name))),
                           false;
            const QByteArray lower = name.toLower();
            if (singleOccurrence(lower)) {
                if (seen.contains(lower))
                    return reject(400, QStringLiteral("repeated %1 header: send it once")
                                           .arg(QString::fromLatin1(name))),
                           false;
                seen << lower;
            }
            head.headers.append({name, value});
        }

        if (seen.contains("transfer-encoding"))
            return reject(501, QStringLiteral("Transfer-Encoding is not supported: send the "
                                              "body with a Content-Length")),
                   false;
        if (version == "HTTP/1.1" && !seen.contains("host"))
            return reject(400, QStringLiteral("an HTTP/1.1 request needs exactly one Host header")),
                   false;
        QByteArrayList connectionTokens;
        for (const QByteArray &t : head.header("Connection").split(','))
            connectionTokens << t.trimmed().toLower();
        const QByteArray contentLength = head.header("Content-Length");
        qint64 length = 0;
        if (seen.contains("content-length")) {
            bool ok = contentLength.size() <= 18 && !contentLength.isEmpty();
            for (char c : contentLength)
                ok = ok && c >= '0' && c <= '9';
            if (!ok)
                return reject(400, QStringLiteral("malformed Content-Length")), false;
            length = contentLength.toLongLong();
        }
        const Router::HeadRule rule =
            m_router.headRule(head.method, head.path, m_limits.defaultMaxBodyBytes);
        if (length > rule.maxBodyBytes)
            return reject(
                       413,
                       QStringLiteral("the body is larger than %1 bytes").arg(rule.maxBodyBytes)),
                   false;
        const QByteArray expect = head.header("Expect").toLower();
        if (!expect.isEmpty() && expect != "100-continue")
            return reject(417, QStringLiteral("only \"Expect: 100-continue\" is understood")),
                   false;

        m_closeAfter = connectionTokens.contains("close") ||
                       (version == "HTTP/1.0" && !connectionTokens.contains("keep-alive"));
        m_bodyLeft = length;

        const QByteArray upgrade = head.header("Upgrade");
        if (!upgrade.isEmpty() && connectionTokens.contains("upgrade")) {
            if (upgrade.compare("websocket", Qt::CaseInsensitive) != 0)
                return reject(501, QStringLiteral("only WebSocket upgrades are supported")), false;
            if (head.method != "GET" || length > 0)
                return reject(400, QStringLiteral("a WebSocket upgrade is a GET without a body")),
                       false;
            if (auto refusal = m_router.verifyUpgrade(head.path, head.query,
                                                      head.header("Authorization"), m_peer)) {
                rejectWith(rawResponse(*refusal));
                return false;
            }
            // Still an ordinary request to frame: QHttpServer either takes the socket for a
            // WebSocket (checkUpgraded sees it) or answers it like a GET; then no other request
            // is read on this connection.
            m_upgradeAsked = true;
            m_closeAfter = true;
            return true;
        }

        if (length > 0) {
            if (rule.needsCredentials) {
                // Bad credentials are refused now: no body is read for them.
                if (auto refusal = m_router.verifyCredentials(
                        head.method, head.path, head.header("Authorization"), m_peer)) {
                    rejectWith(rawResponse(*refusal));
                    return false;
                }
            } else if (!reserveUnauthenticated(length)) {
                qCWarning(lcHttp).noquote()
                    << "refused a body of" << length << "bytes from" << m_peer.toString()
                    << ": the budget for unauthenticated bodies is spent";
                QHttpServerResponse r = problem(
                    QHttpServerResponse::StatusCode::ServiceUnavailable,
                    QStringLiteral("Service Unavailable"),
                    QStringLiteral("too many request bodies are being received; retry shortly"));
                r.addHeader("Retry-After", "1");
                rejectWith(rawResponse(r));
                return false;
            }
            // Only now, once the body is wanted.
            if (!expect.isEmpty())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        return true;
    }

    // A body read before its sender is known counts twice while it arrives: QHttpServer keeps
    // the bytes it has read in the socket until the request is complete, and its own copy.
    bool reserveUnauthenticated(qint64 length)
    {
        const qint64 budget = m_limits.maxUnauthenticatedBodyBytes;
        const qint64 bytes = 2 * length;
        if (budget > 0 && m_accounts->unauthenticatedBytes + bytes > budget)
            return false;
        m_accounts->unauthenticatedBytes += bytes;
        m_reserved.append({bytes, -1});
        return true;
    }

    void releaseReadBodies(qint64 consumed)
    {
        for (qsizetype k = m_reserved.size() - 1; k >= 0; --k)
            if (m_reserved[k].releaseAt >= 0 && consumed >= m_reserved[k].releaseAt) {
                m_accounts->unauthenticatedBytes -= m_reserved[k].bytes;
                m_reserved.removeAt(k);
            }
    }

    void requestComplete(qint64 endOffset)
    {
        m_inRequest = false;
        m_state = State::Head;
        m_timer.start(m_limits.idleTimeoutMs);
        if (m_closeAfter) {
            m_state = State::Finished; // later bytes are not framed; afterRead closes
            m_closeEnd = endOffset;
            m_socket->setProperty("dcCloseAfter", true);
        }
    }

    // QHttpServer disconnects every signal of a socket it upgrades (ours too) before handing
    // it to QWebSocketServer, which answers the handshake at once: from then on the bytes are
    // WebSocket frames, and QWebSocket applies its own limits.
    void checkUpgraded()
    {
        if (m_state == State::Upgraded || m_state == State::Closing || m_readConnection)
            return;
        m_state = State::Upgraded;
        m_upgradeAsked = false;
        m_timer.stop();
        // QHttpServer deleted its request object (and the last body with it) on the way.
        for (const Reservation &r : std::as_const(m_reserved))
            m_accounts->unauthenticatedBytes -= r.bytes;
        m_reserved.clear();
        qCDebug(lcHttp) << "connection upgraded to a WebSocket";
        connect(m_socket, &QAbstractSocket::disconnected, this, &GuardedConnection::releaseSlot);
    }

    void releaseSlot()
    {
        if (m_slotReleased)
            return;
        m_slotReleased = true;
        --m_accounts->open;
        if (--m_accounts->perIp[m_peer] <= 0)
            m_accounts->perIp.remove(m_peer);
    }

    void onTimeout()
    {
        checkUpgraded();
        if (m_state == State::Upgraded)
            return;
        if (m_inRequest)
            return reject(408, QStringLiteral("the request did not arrive within %1 ms")
                                   .arg(m_limits.requestTimeoutMs));
        if (m_socket->property("dcDeferred").toInt() > 0) {
            m_timer.start(m_limits.idleTimeoutMs); // an answer is still being prepared
            return;
        }
        if (m_socket->bytesToWrite() > 0) {
            // The client does not read what it is sent: let it go rather than hold the bytes.
            m_socket->abort();
            return;
        }
        qCDebug(lcHttp) << "closing an idle connection";
        m_socket->disconnectFromHost();
    }

    void reject(int code, const QString &detail)
    {
        qCInfo(lcHttp).noquote() << "refused a request from" << m_peer.toString() << code << detail;
        rejectWith(rawProblem(code, detail));
    }

    void rejectWith(const QByteArray &response)
    {
        m_state = State::Closing;
        m_upgradeAsked = false;
        // QHttpServer must not parse these bytes: it stops reading this socket now (its slot
        // comes after ours in this very emission and is no longer called).
        QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        connect(m_socket, &QIODevice::readyRead, this, [this] { m_socket->skip(1 << 20); });
        m_socket->write(response);
        // Closing while the client is still sending would reset the connection and lose the
        // answer: once it is written, only our side is shut, and what still arrives is read
        // and dropped until the client closes (or 5 s pass).
        auto halfClose = [this] {
            if (m_socket->bytesToWrite() > 0)
                return;
            if (qobject_cast<QSslSocket *>(m_socket))
                m_socket->disconnectFromHost();
            else
#ifdef Q_OS_WIN
                ::shutdown(SOCKET(m_socket->socketDescriptor()), SD_SEND);
#else
                ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#endif
        };
        connect(m_socket, &QIODevice::bytesWritten, this, halfClose);
        m_socket->flush();
        halfClose();
        m_timer.disconnect();
        connect(&m_timer, &QTimer::timeout, m_socket, &QAbstractSocket::abort);
        m_timer.start(5000);
    }

    QTcpSocket *m_socket;
    const FrontLimits &m_limits;
    Router &m_router;
    QObject *m_http; // QHttpServer, whose reading this connection may stop
    std::shared_ptr<FrontAccounts> m_accounts;
    QHostAddress m_peer;
    QMetaObject::Connection m_readConnection; // false once QHttpServer disconnected it
    QTimer m_timer;
    State m_state = State::Head;
    QByteArray m_head;
    QList<Reservation> m_reserved;
    qint64 m_bodyLeft = 0;
    qint64 m_carried = 0;  // unread bytes already framed
    qint64 m_received = 0; // bytes framed since the connection opened
    qint64 m_closeEnd = 0; // stream offset just past the "Connection: close" request
    bool m_inRequest = false;
    bool m_closeAfter = false;
    bool m_upgradeAsked = false; // an upgrade request was framed; QHttpServer may take the socket
    bool m_slotReleased = false;
};

class GuardedTcpServer : public QTcpServer
{
public:
    GuardedTcpServer(const FrontLimits &limits, const TlsSettings &tls, Router &router,
                     QObject *http, QObject *parent)
        : QTcpServer(parent)
        , m_limits(limits)
        , m_tls(tls)
        , m_router(router)
        , m_http(http)
        , m_accounts(std::make_shared<FrontAccounts>())
    {}
    int open() const { return m_accounts->open; }
    qint64 unauthenticatedBodyBytes() const { return m_accounts->unauthenticatedBytes; }

protected:
    void incomingConnection(qintptr fd) override
    {
        QTcpSocket *s = m_tls.enabled() ? new QSslSocket(this) : new QTcpSocket(this);
        if (!s->setSocketDescriptor(fd)) {
            delete s;
            return;
        }
        const QHostAddress peer = s->peerAddress();
        if (m_accounts->open >= m_limits.maxConnections)
            return refuse(s, 503, QStringLiteral("too many open connections"));
        if (m_accounts->perIp.value(peer) >= m_limits.maxConnectionsPerIp)
            return refuse(s, 429, QStringLiteral("too many connections from your address"));
        ++m_accounts->open;
        ++m_accounts->perIp[peer];
        connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        // A child of the socket: it gives the slot back when the socket goes.
        auto *guard = new GuardedConnection(s, m_limits, m_router, m_http, m_accounts, peer);
        if (auto *ssl = qobject_cast<QSslSocket *>(s)) {
            QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
            conf.setLocalCertificate(m_tls.certificate);
            conf.setLocalCertificateChain(QList<QSslCertificate>{m_tls.certificate} + m_tls.chain);
            conf.setPrivateKey(m_tls.key);
            conf.setProtocol(QSsl::TlsV1_2OrLater);
            ssl->setSslConfiguration(conf);
            connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
            ssl->startServerEncryption();
        }
        // QHttpServer takes the socket (and connects its reader) inside this call.
        addPendingConnection(s);
        guard->connectAfter();
    }

private:
    void refuse(QTcpSocket *s, int code, const QString &detail)
    {
        qCWarning(lcHttp).noquote()
            << "refused a connection from" << s->peerAddress().toString() << detail;
        connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        QTimer::singleShot(5000, s, &QObject::deleteLater);
        if (!qobject_cast<QSslSocket *>(s))
            s->write(rawProblem(code, detail));
        s->disconnectFromHost();
    }

    const FrontLimits &m_limits;
    const TlsSettings &m_tls;
    Router &m_router;
    QObject *m_http;
    std::shared_ptr<FrontAccounts> m_accounts;
};

HttpFront::HttpFront(FrontLimits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_router(std::make_unique<Router>())
{
    m_http.setMissingHandler(
        [this](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
            m_router->handle(req, std::move(responder));
        });
}

HttpFront::~HttpFront() = default;

void HttpFront::exposeWebSocket(const QString &path)
{
    m_http.route(path, [this](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
        if (upgradeUnderway(responder))
            return; // anything written here would precede the handshake
        m_router->handle(req, std::move(responder));
    });
}

std::expected<quint16, QString> HttpFront::listen(const QHostAddress &host, quint16 port)
{
    auto *tcp = new GuardedTcpServer(m_limits, m_tls, *m_router, &m_http, this);
    if (!tcp->listen(host, port)) {
        const QString err = tcp->errorString();
        delete tcp;
        return std::unexpected(
            QStringLiteral("cannot listen on %1:%2: %3").arg(host.toString()).arg(port).arg(err));
    }
    m_http.bind(tcp);
    m_tcp = tcp;
    qCInfo(lcHttp).noquote() << "listening on" << host.toString() << tcp->serverPort()
                             << (m_tls.enabled() ? "(TLS)" : "");
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

int HttpFront::openConnections() const
{
    return m_tcp ? m_tcp->open() : 0;
}

qint64 HttpFront::unauthenticatedBodyBytes() const
{
    return m_tcp ? m_tcp->unauthenticatedBodyBytes() : 0;
}

} // namespace dc::api
