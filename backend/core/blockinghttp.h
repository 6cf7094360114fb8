// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A POST (and a download) that blocks the calling thread until the answer (a local event loop
// runs meanwhile).
// For clients called from task worker threads: each thread keeps its own network manager.
// Redirects are not followed (a 3xx is the answer): requests carry credentials, and a redirect
// must not carry them to another host.
#include <QNetworkReply>
#include <QNetworkRequest>

namespace dc {

struct BlockingReply
{
    int status = 0; // HTTP status; 0 when there was no answer
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QNetworkReply::RawHeaderPair> headers;
    // The answer was larger than the caller's cap: its reading stopped there and body is empty.
    bool tooLarge = false;
    QByteArray header(const QByteArray &name) const;
    bool timedOut() const
    {
        return !tooLarge && (error == QNetworkReply::OperationCanceledError ||
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
