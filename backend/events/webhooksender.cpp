// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/webhooksender.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <memory>

namespace dc::events {

WebhookSender::WebhookSender(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
{
    // Deliveries are signed: a redirect must not carry them to another host (a 3xx is a
    // failed delivery).
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void WebhookSender::post(const QString &url, const QByteArray &secret, const Event &e, qint64 nowMs,
                         Done done)
{
    // Signed over "timestamp.body" like Stripe and Shopify do. An event whose payload has a
    // text (alert.raised) carries it at the top too: a Slack (or Mattermost, Teams workflow)
    // incoming webhook posts that and ignores the rest.
    QJsonObject envelope = e.toJson();
    if (const QJsonValue text = e.data.value(QStringLiteral("text")); text.isString())
        envelope.insert(QStringLiteral("text"), text);
    const QByteArray body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    const QByteArray ts = QByteArray::number(nowMs / 1000);
    const QByteArray sig =
        QMessageAuthenticationCode::hash(ts + '.' + body, secret, QCryptographicHash::Sha256)
            .toHex();
    QNetworkRequest req{QUrl(url)};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("X-DropCrew-Event", e.topic.toUtf8());
    req.setRawHeader("X-DropCrew-Event-Id", QByteArray::number(e.id));
    req.setRawHeader("X-DropCrew-Signature", "t=" + ts + ",v1=" + sig);
    req.setTransferTimeout(10000);
    QNetworkReply *reply = m_nam->post(req, body);
    // Only the status counts: the receiver's answer is dropped as it arrives, and one longer
    // than 64 KiB is not read on (the connection is closed instead of kept for reuse).
    constexpr qint64 kMaxDropped = 64 * 1024;
    auto dropped = std::make_shared<qint64>(0);
    connect(reply, &QIODevice::readyRead, this, [reply, dropped] {
        *dropped += reply->skip(reply->bytesAvailable());
        if (*dropped > kMaxDropped && !reply->property("dcStatusOnly").toBool()) {
            reply->setProperty("dcStatusOnly", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool answered =
            reply->error() == QNetworkReply::NoError || reply->property("dcStatusOnly").toBool();
        const bool ok = answered && status >= 200 && status < 300;
        const QString err =
            ok ? QString()
               : (status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
        done(ok, err);
    });
}

} // namespace dc::events
