// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamingserver.h"

#include <QFile>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>
#include <unistd.h>

namespace dc::test {

StreamingServer::StreamingServer(Answer answer)
    : m_answer(std::move(answer))
{
    m_thread.setObjectName(QStringLiteral("test-streaming"));
    auto *server = new QTcpServer;
    server->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, server, &QObject::deleteLater);
    m_thread.start();
    m_server = server;
    QMetaObject::invokeMethod(
        server,
        [this, server] {
            if (!server->listen(QHostAddress::LocalHost, 0))
                qFatal("StreamingServer: %s", qPrintable(server->errorString()));
            m_port = server->serverPort();
            QObject::connect(server, &QTcpServer::newConnection, server, [this] { accept(); });
        },
        Qt::BlockingQueuedConnection);
}

StreamingServer::~StreamingServer()
{
    m_thread.quit();
    m_thread.wait();
}

QString StreamingServer::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

QList<QByteArray> StreamingServer::heads() const
{
    QMutexLocker lock(&m_lock);
    return m_heads;
}

void StreamingServer::accept()
{
    static const QByteArray piece(64 * 1024, 'x');
    while (QTcpSocket *s = m_server->nextPendingConnection()) {
        QObject::connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        auto head = std::make_shared<QByteArray>();
        auto left = std::make_shared<qint64>(-1); // body bytes still to write; -1: no head yet
        auto pump = [this, s, left] {
            while (*left > 0 && s->bytesToWrite() < 128 * 1024) {
                const qint64 n = std::min<qint64>(piece.size(), *left);
                s->write(piece.constData(), n);
                *left -= n;
                m_sent += n;
            }
            if (*left == 0) {
                *left = -2; // done: close once written
                s->disconnectFromHost();
            }
        };
        QObject::connect(s, &QIODevice::bytesWritten, s, pump);
        QObject::connect(s, &QIODevice::readyRead, s, [this, s, head, left, pump] {
            if (*left != -1) {
                s->readAll(); // the request's body, or more: not needed
                return;
            }
            *head += s->readAll();
            const qsizetype end = head->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            {
                QMutexLocker lock(&m_lock);
                m_heads << head->left(end);
            }
            ++m_requests;
            QByteArray out;
            if (!m_answer.location.isEmpty()) {
                out = "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + m_answer.location +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                *left = 0;
            } else {
                out = "HTTP/1.1 " + QByteArray::number(m_answer.status) +
                      " Answer\r\nContent-Type: application/json\r\nConnection: close\r\n";
                if (m_answer.contentLength)
                    out += "Content-Length: " + QByteArray::number(m_answer.bodyBytes) + "\r\n";
                out += "\r\n";
                *left = m_answer.bodyBytes;
            }
            s->write(out);
            pump();
        });
    }
}

namespace {
qint64 statusField(const char *name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QRegularExpression re(QStringLiteral("%1:\\s+(\\d+) kB").arg(QLatin1String(name)));
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() * 1024 : 0;
}
} // namespace

qint64 residentBytes()
{
    return statusField("VmRSS");
}

qint64 peakResidentBytes()
{
    return statusField("VmHWM");
}

void resetPeakResident()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

} // namespace dc::test
