// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/blockinghttp.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>

#include <functional>

namespace dc {

namespace {
thread_local std::shared_ptr<const std::atomic<bool>> t_stop;
constexpr int kStopPollMs = 50; // how soon a raised flag is seen
} // namespace

StopScope::StopScope(std::shared_ptr<const std::atomic<bool>> flag)
    : m_previous(std::exchange(t_stop, std::move(flag)))
{}

StopScope::~StopScope()
{
    t_stop = std::move(m_previous);
}

bool stopRequested()
{
    return t_stop && t_stop->load();
}

bool pauseUnlessStopped(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (stopRequested())
            return false;
        QThread::msleep(ulong(std::min<qint64>(t_stop ? kStopPollMs : ms, ms - t.elapsed())));
    }
    return !stopRequested();
}

QByteArray BlockingReply::header(const QByteArray &name) const
{
    for (const auto &[k, v] : headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

namespace {

// The calling thread's manager (the calls come from task worker threads), and the request
// without redirects.
QNetworkAccessManager &threadManager()
{
    thread_local std::unique_ptr<QNetworkAccessManager> nam;
    if (!nam) {
        nam = std::make_unique<QNetworkAccessManager>();
        nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return *nam;
}

QNetworkRequest withoutRedirects(const QNetworkRequest &request)
{
    QNetworkRequest req(request);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    return req;
}

// Runs until the reply finishes, takes what is left of its body, then fills in what every
// blocking call reports.
void finish(QNetworkReply *reply, BlockingReply &r, qint64 cap, const std::function<void()> &take)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll; // only under a StopScope: a raised flag aborts the call
    const auto stopIfAsked = [&] {
        if (!r.stopped && !reply->isFinished() && stopRequested()) {
            r.stopped = true;
            reply->abort();
        }
    };
    if (t_stop) {
        QObject::connect(&poll, &QTimer::timeout, &loop, stopIfAsked);
        poll.start(kStopPollMs);
        stopIfAsked();
    }
    if (!reply->isFinished())
        loop.exec();
    poll.stop();
    take();
    // Stopped after the headers came: no answer all the same (the body is cut short).
    r.status = r.stopped ? 0 : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.stopped)
        r.body.clear();
    r.error = reply->error();
    r.errorString = r.tooLarge  ? QStringLiteral("the answer is larger than %1 bytes").arg(cap)
                    : r.stopped ? QStringLiteral("stopped before the answer: the task was asked "
                                                 "to stop")
                                : reply->errorString();
    r.headers = reply->rawHeaderPairs();
}

} // namespace

namespace {
// Not sent at all: the work was asked to stop before.
BlockingReply notSent()
{
    BlockingReply r;
    r.stopped = true;
    r.error = QNetworkReply::OperationCanceledError;
    r.errorString = QStringLiteral("not sent: the task was asked to stop");
    return r;
}
} // namespace

BlockingReply blockingDownload(const QNetworkRequest &request, QIODevice &out, qint64 maxBytes)
{
    Q_ASSERT(maxBytes > 0);
    if (stopRequested())
        return notSent();
    QNetworkReply *reply = threadManager().get(withoutRedirects(request));
    BlockingReply r;
    QObject context;
    qint64 written = 0;
    bool writeFailed = false;
    auto take = [&] {
        while (!r.tooLarge && !writeFailed && reply->bytesAvailable() > 0) {
            const QByteArray chunk = reply->read(std::min<qint64>(1 << 20, maxBytes + 1 - written));
            written += chunk.size();
            if (written > maxBytes) {
                r.tooLarge = true;
                reply->abort();
            } else if (out.write(chunk) != chunk.size()) {
                writeFailed = true;
                reply->abort();
            }
        }
    };
    QObject::connect(reply, &QIODevice::readyRead, &context, take);
    finish(reply, r, maxBytes, take);
    if (writeFailed) {
        r.error = QNetworkReply::UnknownContentError;
        r.errorString = QStringLiteral("cannot write the download: ") + out.errorString();
    }
    reply->deleteLater();
    return r;
}

BlockingReply blockingPost(const QNetworkRequest &request, const QByteArray &body,
                           qint64 maxReplyBytes)
{
    Q_ASSERT(maxReplyBytes > 0);
    if (stopRequested())
        return notSent();
    QNetworkReply *reply = threadManager().post(withoutRedirects(request), body);
    BlockingReply r;
    QObject context; // the handlers below go with this call, the reply only later
    auto tooLarge = [&] {
        r.tooLarge = true;
        r.body.clear();
        reply->abort();
    };
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &context, [&] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (!r.tooLarge && length.isValid() && length.toLongLong() > maxReplyBytes)
            tooLarge();
    });
    auto take = [&] {
        if (r.tooLarge || reply->bytesAvailable() <= 0)
            return;
        if (r.body.capacity() == 0) {
            // One allocation instead of doublings (which would hold twice the cap at times);
            // untouched pages cost nothing, and what is unused goes at the end.
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            r.body.reserve(length.isValid() ? std::min(length.toLongLong(), maxReplyBytes) + 1
                                            : maxReplyBytes + 1);
        }
        r.body += reply->read(maxReplyBytes + 1 - r.body.size());
        if (r.body.size() > maxReplyBytes)
            tooLarge();
    };
    QObject::connect(reply, &QIODevice::readyRead, &context, take);
    finish(reply, r, maxReplyBytes, take);
    r.body.squeeze();
    reply->deleteLater();
    return r;
}

} // namespace dc
