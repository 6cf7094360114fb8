// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/webhookreceiver.h"

#include "core/logging.h"
#include "security/fieldcipher.h"
#include "security/jwt.h"
#include "shopify/deliveryprocessor.h"
#include "shopify/shopifyjson.h"
#include "shopify/shopregistry.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>

namespace dc::shopify {

using storage::DbResult;
using storage::exec;
using storage::WriteContext;

namespace {

constexpr int kMaxRefusalsKept = 500;
// Clocks drift: a delivery stamped a little in the future is Shopify's clock, not a forgery.
constexpr qint64 kMaxClockSkewMs = 15 * 60'000;

QJsonValue iso(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject Refusal::toJson() const
{
    return {{QStringLiteral("at"), iso(at)},    {QStringLiteral("shop"), shop},
            {QStringLiteral("topic"), topic},   {QStringLiteral("peer"), peer},
            {QStringLiteral("status"), status}, {QStringLiteral("reason"), reason}};
}

QJsonObject StoredDelivery::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("shop"), shop},
            {QStringLiteral("topic"), topic},
            {QStringLiteral("webhook_id"), webhookId},
            {QStringLiteral("event_id"), eventId},
            {QStringLiteral("received_at"), iso(receivedAt)},
            {QStringLiteral("state"), state},
            {QStringLiteral("error"), error},
            {QStringLiteral("processed_at"), iso(processedAt)}};
}

QByteArray deliveryBodyAad(const QString &shop, const QString &webhookId)
{
    return security::aadFor("webhook_deliveries", "body", shop + QLatin1Char('/') + webhookId);
}

WebhookReceiver::WebhookReceiver(storage::Store &store, const security::FieldCipher &cipher,
                                 const ShopRegistry &shops, DeliveryProcessor &processor,
                                 Options options)
    : m_store(store)
    , m_cipher(cipher)
    , m_shops(shops)
    , m_processor(processor)
    , m_options(options)
{}

bool WebhookReceiver::verifySignature(const IncomingWebhook &in)
{
    const QByteArray signature = QByteArray::fromBase64(in.hmac);
    const QList<QByteArray> secrets = m_shops.webhookSecretsFor(in.shop);
    bool verified = false;
    if (!in.hmac.isEmpty() && signature.size() == 32)
        for (const QByteArray &secret : secrets)
            verified |=
                security::constantTimeEquals(security::hmacSha256(secret, in.body), signature);
    if (!verified)
        refuse(in, 401,
               in.hmac.isEmpty()   ? QStringLiteral("no signature")
               : secrets.isEmpty() ? QStringLiteral("unknown shop")
                                   : QStringLiteral("bad signature"));
    return verified;
}

std::expected<QJsonObject, WebhookFault> WebhookReceiver::check(IncomingWebhook &in)
{
    // Signed, so it is Shopify's: a malformed delivery is refused and recorded.
    auto bad = [&](const QString &field, const QString &why) {
        refuse(in, 400, field + QStringLiteral(": ") + why);
        return std::unexpected(WebhookFault{field, why});
    };
    if (!isValidShopDomain(in.shop))
        return bad(QStringLiteral("X-Shopify-Shop-Domain"), QStringLiteral("required"));
    if (in.topic.isEmpty() || in.topic.size() > 64)
        return bad(QStringLiteral("X-Shopify-Topic"), QStringLiteral("required"));
    if (in.webhookId.isEmpty() || in.webhookId.size() > 128)
        return bad(QStringLiteral("X-Shopify-Webhook-Id"), QStringLiteral("required"));
    if (in.eventId.size() > 128)
        return bad(QStringLiteral("X-Shopify-Event-Id"), QStringLiteral("too long"));
    if (in.eventId.isEmpty())
        in.eventId = in.webhookId;
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(in.body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QStringLiteral("body"),
                   QStringLiteral("malformed JSON at offset %1").arg(perr.offset));
    // Only the body is signed: the time and the topic's shape say whether this body is what the
    // headers claim, and recent (a captured delivery replayed later, or under another topic, is
    // refused).
    const QDateTime triggered =
        QDateTime::fromString(QString::fromLatin1(in.triggeredAt), Qt::ISODateWithMs);
    if (!triggered.isValid())
        return bad(QStringLiteral("X-Shopify-Triggered-At"), QStringLiteral("required (ISO 8601)"));
    const qint64 ageMs = triggered.msecsTo(QDateTime::currentDateTimeUtc());
    if (ageMs > qint64(m_options.webhookMaxAgeMinutes) * 60'000)
        return bad(QStringLiteral("X-Shopify-Triggered-At"),
                   QStringLiteral("older than Shopify's retry window (%1 minutes)")
                       .arg(m_options.webhookMaxAgeMinutes));
    if (ageMs < -kMaxClockSkewMs)
        return bad(QStringLiteral("X-Shopify-Triggered-At"), QStringLiteral("in the future"));
    if (auto wrong = checkWebhookShape(in.topic, doc.object(), in.shop))
        return bad(wrong->section(QLatin1Char(':'), 0, 0),
                   wrong->section(QLatin1Char(':'), 1).trimmed());
    return doc.object();
}

QFuture<DbResult<qint64>> WebhookReceiver::store(const IncomingWebhook &in, const QJsonObject &body)
{
    // Stored (sealed: it carries personal data) in one transaction; the answer waits for the
    // commit and the request thread does not.
    const QByteArray sealed = m_cipher.seal(in.body, deliveryBodyAad(in.shop, in.webhookId));
    const QString triggeredAt = QString::fromLatin1(in.triggeredAt).left(40);
    const WebhookSubjects subjects = subjectsOfWebhook(in.topic, body);
    const auto idOrNull = [](qint64 id) {
        return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
    };
    const QVariant orderRef = idOrNull(subjects.orderId);
    const QVariant customerRef = idOrNull(subjects.customerId);
    DeliveryProcessor *processor = m_processor.processing() ? &m_processor : nullptr;
    return m_store.write<qint64>([=](WriteContext &w) -> DbResult<qint64> {
        auto q = exec(w.db(),
                      QStringLiteral("INSERT INTO webhook_deliveries (shop, topic, webhook_id, "
                                     "event_id, api_version, triggered_at, received_at, body, "
                                     "state, shopify_order_id, shopify_customer_id) VALUES (?, ?, "
                                     "?, ?, ?, ?, ?, ?, 'received', ?, ?) ON CONFLICT DO NOTHING "
                                     "RETURNING id"),
                      {in.shop, in.topic, in.webhookId, in.eventId, in.apiVersion, triggeredAt,
                       storage::nowMs(), sealed, orderRef, customerRef});
        if (!q)
            return std::unexpected(q.error());
        const auto stored = storage::returnedValue(*q);
        if (!stored)
            return 0; // a redelivery: already stored (and processed, or queued)
        const qint64 id = stored->toLongLong();
        // Processed in this commit: the 200 then also says the order is stored (and its
        // workflow started), with no drain task, read or decryption. What fails there is left
        // to a drain (DeliveryProcessor::processOnReceipt).
        if (processor)
            if (auto p = processor->processOnReceipt(w, id, in.shop, in.topic, body); !p)
                return std::unexpected(p.error());
        return id;
    });
}

DbResult<QList<StoredDelivery>> WebhookReceiver::deliveries(const DeliveryQuery &query) const
{
    QString sql = QStringLiteral("SELECT id, shop, topic, webhook_id, event_id, received_at, "
                                 "state, error, processed_at FROM webhook_deliveries WHERE id > ?");
    QVariantList binds{query.after};
    for (auto [column, value] : {std::pair{QStringLiteral("state"), query.state},
                                 std::pair{QStringLiteral("shop"), query.shop}}) {
        if (!value.isEmpty()) {
            sql += QStringLiteral(" AND %1 = ?").arg(column);
            binds << value;
        }
    }
    sql += QStringLiteral(" ORDER BY id LIMIT ?");
    binds << query.limit;
    auto rows = exec(m_store.reader(), sql, binds);
    if (!rows)
        return std::unexpected(rows.error());
    QList<StoredDelivery> out;
    while (rows->next())
        out << StoredDelivery{rows->value(0).toLongLong(),       rows->value(1).toString(),
                              rows->value(2).toString(),         rows->value(3).toString(),
                              rows->value(4).toString(),         storage::utcFromMs(rows->value(5)),
                              rows->value(6).toString(),         rows->value(7).toString(),
                              storage::utcFromMs(rows->value(8))};
    return out;
}

void WebhookReceiver::refuse(const IncomingWebhook &in, int status, const QString &reason)
{
    ++m_refused;
    qCInfo(lcShopify).noquote() << "refused a webhook" << in.topic << "for" << in.shop << "from"
                                << in.peer << status << reason;
    QMutexLocker lock(&m_lock);
    m_refusals.push_back(Refusal{QDateTime::currentDateTimeUtc(), in.shop.left(255),
                                 in.topic.left(64), in.peer, status, reason});
    while (m_refusals.size() > kMaxRefusalsKept)
        m_refusals.pop_front();
}

QList<Refusal> WebhookReceiver::refusals() const
{
    QMutexLocker lock(&m_lock);
    return QList<Refusal>(m_refusals.begin(), m_refusals.end());
}

} // namespace dc::shopify
