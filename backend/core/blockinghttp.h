// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A POST (and a download) that blocks the calling thread until the answer (a local event loop
// runs meanwhile).
// For clients called from task worker threads: each thread keeps its own network manager.
// Redirects are not followed (a 3xx is the answer): requests carry credentials, and a redirect
// must not carry them to another host.
#include <QNetworkReply>
#include <QNetworkRequest>

#include <atomic>
#include <memory>

namespace dc {

// The stop asked of the work on this thread: the task manager raises a task's flag when an
// operator cancels it, when it runs past its time limit and when the process stops. A blocking
// call gives up at once then, as if its answer were lost (BlockingReply::stopped), and the
// clients neither retry nor wait out a backoff. Without it a call to a service that does not
// answer held a stopping process for its timeout times its tries (a minute and more).
class StopScope
{
public:
    // For the life of this object, this thread's work stops when `flag` is raised.
    explicit StopScope(std::shared_ptr<const std::atomic<bool>> flag);
    ~StopScope();
    StopScope(const StopScope &) = delete;
    StopScope &operator=(const StopScope &) = delete;

private:
    std::shared_ptr<const std::atomic<bool>> m_previous;
};
// Whether the work on this thread was asked to stop (false outside a StopScope).
bool stopRequested();
// Waits `ms`, or less once a stop is asked; false when it was.
bool pauseUnlessStopped(int ms);

struct BlockingReply
{
    int status = 0; // HTTP status; 0 when there was no answer
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QNetworkReply::RawHeaderPair> headers;
    // The answer was larger than the caller's cap: its reading stopped there and body is empty.
    bool tooLarge = false;
    // Given up because the work was asked to stop (StopScope): the request may or may not
    // have been carried out.
    bool stopped = false;
    QByteArray header(const QByteArray &name) const;
    bool timedOut() const
    {
        return !tooLarge && !stopped &&
               (error == QNetworkReply::OperationCanceledError ||
                error == QNetworkReply::TimeoutError);
    }
};

// maxReplyBytes: the most of the answer's body the caller takes (> 0). A larger answer is not
// read on: a Content-Length over it aborts at the headers, and the bytes stop being read once
// they pass it.
BlockingReply blockingPost(const QNetworkRequest &request, const QByteArray &body,
                           qint64 maxReplyBytes);

// A GET whose body goes to `out` as it arrives (a file: a bulk export can be far larger than
// memory should hold), at most maxBytes (tooLarge past it); the reply's body stays empty.
BlockingReply blockingDownload(const QNetworkRequest &request, QIODevice &out, qint64 maxBytes);

} // namespace dc
