// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A POST that blocks the calling thread until the answer (a local event loop runs meanwhile).
// For clients called from task worker threads: each thread keeps its own network manager.
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
    QByteArray header(const QByteArray &name) const;
    bool timedOut() const
    {
        return error == QNetworkReply::OperationCanceledError ||
               error == QNetworkReply::TimeoutError;
    }
};

// maxBodyBytes > 0 keeps at most that much of the answer.
BlockingReply blockingPost(const QNetworkRequest &request, const QByteArray &body,
                           qint64 maxBodyBytes = 0);

} // namespace dc
