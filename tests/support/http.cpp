// SPDX-License-Identifier: GPL-3.0-or-later
#include "http.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

namespace dc::test {

HttpReply httpCall(QNetworkAccessManager &nam, const QString &base, const QByteArray &method,
                   const QString &path, const QByteArray &body, const QByteArray &contentType)
{
    QNetworkRequest req(QUrl(base + path));
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *r = nam.sendCustomRequest(req, method, body);
    QSignalSpy done(r, &QNetworkReply::finished);
    if (!r->isFinished())
        done.wait(15000);
    HttpReply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.raw = r->readAll();
    out.json = QJsonDocument::fromJson(out.raw).object();
    out.contentType = r->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r->deleteLater();
    return out;
}

} // namespace dc::test
