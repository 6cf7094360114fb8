// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Outbound webhook delivery: one event posted to a subscriber's URL, signed over
// "timestamp.body" (X-DropCrew-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>). Redirects are
// not followed (a 3xx is a failed delivery) and the receiver's answer is never kept: only the
// status counts. Apart from the bus worker, which decides what to deliver and when, because
// this is the one place the bus talks HTTP.
//
// Lives on the bus thread; results come back there.
#include "events/event.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace dc::events {

class WebhookSender : public QObject
{
    Q_OBJECT
public:
    // ok: the receiver answered 2xx. error: "HTTP <status>" or the network error, else empty.
    using Done = std::function<void(bool ok, const QString &error)>;

    explicit WebhookSender(QObject *parent = nullptr);

    // Posts `e` to `url`, signed with `secret` at `nowMs`; `done` runs on this object's thread.
    void post(const QString &url, const QByteArray &secret, const Event &e, qint64 nowMs,
              Done done);

private:
    QNetworkAccessManager *m_nam;
};

} // namespace dc::events
