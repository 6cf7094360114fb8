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
                           qint64 maxBodyBytes)
{
    thread_local std::unique_ptr<QNetworkAccessManager> nam;
    if (!nam)
        nam = std::make_unique<QNetworkAccessManager>();
    QNetworkReply *reply = nam->post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    BlockingReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = maxBodyBytes > 0 ? reply->read(maxBodyBytes) : reply->readAll();
    r.error = reply->error();
    r.errorString = reply->errorString();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

} // namespace dc
