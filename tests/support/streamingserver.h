// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A raw HTTP/1.1 server in a thread of its own that answers every request with a body of a
// chosen size, written 64 KiB at a time as the client takes it (the server itself holds little),
// with or without a Content-Length (without: the body ends when the connection closes), or with
// a redirect. It records the heads it receives. For tests of what clients buffer.
#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>

#include <atomic>

class QTcpServer;

namespace dc::test {

class StreamingServer
{
public:
    struct Answer
    {
        int status = 200;
        qint64 bodyBytes = 0;
        bool contentLength = true;
        QByteArray location; // set: a 307 to there, without a body
    };
    explicit StreamingServer(Answer answer);
    ~StreamingServer();
    QString url(const QString &path = QStringLiteral("/")) const;
    qint64 bytesSent() const { return m_sent.load(); }
    int requests() const { return m_requests.load(); }
    QList<QByteArray> heads() const;

private:
    void accept();
    QThread m_thread;
    QTcpServer *m_server = nullptr; // lives in m_thread
    quint16 m_port = 0;
    const Answer m_answer;
    std::atomic<qint64> m_sent{0};
    std::atomic<int> m_requests{0};
    mutable QMutex m_lock;
    QList<QByteArray> m_heads;
};

// The process's resident memory now, and its peak since the last resetPeakResident() (Linux:
// VmHWM, reset through /proc/self/clear_refs). Under AddressSanitizer they say little about
// what the code holds (freed memory stays in its quarantine): tests check them only when
// kResidentMemoryIsMeaningful.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kResidentMemoryIsMeaningful = false;
#else
constexpr bool kResidentMemoryIsMeaningful = true;
#endif
qint64 residentBytes();
qint64 peakResidentBytes();
void resetPeakResident();

} // namespace dc::test
