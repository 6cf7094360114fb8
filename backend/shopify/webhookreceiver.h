// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The webhook receiver: verifies a Shopify delivery (signature first, then its headers, time and
// shape), stores it sealed, and keeps the refusals an operator can see. Processing comes later,
// in the delivery processor; the HTTP route (api/webhooksapi.cpp) only reads the request and
// answers.
#include "storage/store.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <deque>

namespace dc::security {
class FieldCipher;
}

namespace dc::shopify {

class DeliveryProcessor;
class ShopRegistry;

// Where Shopify posts webhooks: the receiver's route, and the path of the subscriptions'
// callback URL under the operator's public URL.
inline constexpr QLatin1StringView kWebhookPath{"/webhooks/shopify"};

// A refused webhook delivery the operator can see (kept in memory: a forger must not be able
// to fill the database).
struct Refusal
{
    QDateTime at;
    QString shop;
    QString topic;
    QString peer;
    int status = 0;
    QString reason;
    QJsonObject toJson() const;
};

// A delivery as it arrived: its headers (trimmed) and body.
struct IncomingWebhook
{
    QString peer;
    QString shop; // X-Shopify-Shop-Domain, lower case
    QString topic;
    QByteArray hmac; // X-Shopify-Hmac-Sha256, base64
    QString webhookId;
    QString eventId; // X-Shopify-Event-Id; the webhook id when absent
    QByteArray triggeredAt;
    QString apiVersion;
    QByteArray body;
};

// Why a signed delivery was refused: the header or "body" at fault, and why.
struct WebhookFault
{
    QString field;
    QString reason;
};

// A stored delivery as the operator lists it (without its body).
struct StoredDelivery
{
    qint64 id = 0;
    QString shop;
    QString topic;
    QString webhookId;
    QString eventId;
    QDateTime receivedAt;
    QString state;
    QString error;
    QDateTime processedAt;
    QJsonObject toJson() const;
};

struct DeliveryQuery
{
    qint64 after = 0;
    int limit = 100;
    QString state; // empty: any
    QString shop;  // empty: any
};

// The associated data a delivery's body is sealed with.
QByteArray deliveryBodyAad(const QString &shop, const QString &webhookId);

class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        // Deliveries triggered longer ago are refused: Shopify retries 8 times over 4 hours, so
        // an older one is a replay of a captured body.
        int webhookMaxAgeMinutes = 300;
    };
    WebhookReceiver(storage::Store &store, const security::FieldCipher &cipher,
                    const ShopRegistry &shops, DeliveryProcessor &processor, Options options);

    // 1. The signature, before anything else is looked at or stored. False (and recorded as a
    // refusal with status 401) when it does not verify with one of the shop's secrets.
    bool verifySignature(const IncomingWebhook &in);
    // 2. A signed delivery's headers, time and shape: the parsed body, or the fault (recorded as
    // a refusal with status 400). Fills in the event id when absent.
    std::expected<QJsonObject, WebhookFault> check(IncomingWebhook &in);
    // 3. Stored sealed (it carries personal data) with what it is about; the id, or 0 for a
    // redelivery. After the commit a drain is queued on the processor.
    QFuture<storage::DbResult<qint64>> store(const IncomingWebhook &in, const QJsonObject &body);

    storage::DbResult<QList<StoredDelivery>> deliveries(const DeliveryQuery &query) const;
    QList<Refusal> refusals() const;
    quint64 refusedCount() const { return m_refused.load(); }

private:
    void refuse(const IncomingWebhook &in, int status, const QString &reason);

    storage::Store &m_store;
    const security::FieldCipher &m_cipher;
    const ShopRegistry &m_shops;
    DeliveryProcessor &m_processor;
    Options m_options;
    mutable QMutex m_lock; // guards m_refusals
    std::deque<Refusal> m_refusals;
    std::atomic<quint64> m_refused{0};
};

} // namespace dc::shopify
