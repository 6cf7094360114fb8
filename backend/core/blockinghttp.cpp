// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/blockinghttp.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

namespace dc {

QByteArray BlockingReply::header(const QByteArray &name) const
{
    for (const auto &[k, v] : headers)
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

BlockingReply blockingPost(const QNetworkRequest &request, const QByteArray &body,
                           qint64 maxReplyBytes)
{
    Q_ASSERT(maxReplyBytes > 0);
    thread_local std::unique_ptr<QNetworkAccessManager> nam;
    if (!nam) {
        nam = std::make_unique<QNetworkAccessManager>();
        nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    QNetworkRequest req(request);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nam->post(req, body);
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
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    take();
    r.body.squeeze();
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = reply->error();
    r.errorString = r.tooLarge
                        ? QStringLiteral("the answer is larger than %1 bytes").arg(maxReplyBytes)
                        : reply->errorString();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

} // namespace dc
