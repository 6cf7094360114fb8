// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/deliverytopics.h"

#include "core/money.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/ingestion.h"
#include "shopify/productstore.h"
#include "shopify/shopifyjson.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dc::shopify {

using storage::DbResult;
using storage::exec;

DbResult<qint64> DeliveryWork::publish(const QString &eventTopic, const QJsonObject &data,
                                       const QString &key)
{
    return bus.append(w, events::EventDraft{eventTopic, data, key, QStringLiteral("shopify"),
                                            correlation, QString()});
}

void DeliveryWork::fail(const QString &why)
{
    state = QStringLiteral("failed");
    error = why;
}

void DeliveryWork::refuse(const QString &why)
{
    state = QStringLiteral("refused");
    error = why;
}

namespace {

DbResult<std::optional<qint64>> customerIdFor(QSqlDatabase db, const QString &shop,
                                              qint64 shopifyCustomerId)
{
    auto q = exec(
        db, QStringLiteral("SELECT id FROM customers WHERE shop = ? AND shopify_customer_id = ?"),
        {shop, shopifyCustomerId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

QString orderName(DeliveryWork &d, qint64 orderId)
{
    auto q = exec(d.w.db(), QStringLiteral("SELECT name FROM orders WHERE id = ?"), {orderId});
    return q && q->next() ? q->value(0).toString() : QString();
}

bool shopUninstalled(QSqlDatabase db, const QString &shop)
{
    auto q = exec(db,
                  QStringLiteral("SELECT 1 FROM shops WHERE domain = ? AND active = 0 AND "
                                 "uninstalled_at IS NOT NULL"),
                  {shop});
    return q && q->next();
}

// orders/*: the order is ingested by the order domain.
DbResult<void> ingestOrder(DeliveryWork &d)
{
    auto in = orderFromWebhook(d.payload, d.shop);
    if (!in) {
        d.fail(in.error());
        return {};
    }
    auto r = d.ingestion.ingestShopifyOrder(d.w, in->order, in->customer, d.correlation);
    if (!r)
        return std::unexpected(r.error());
    // A delivery about an order whose personal data was erased keeps no copy of it.
    auto erased =
        exec(d.w.db(),
             QStringLiteral("UPDATE webhook_deliveries SET body = ?, "
                            "body_purged_at = ? WHERE id = ? AND EXISTS "
                            "(SELECT 1 FROM orders WHERE shop = ? AND "
                            "shopify_order_id = ? AND personal_erased = 1)"),
             {QByteArray(""), storage::nowMs(), d.deliveryId, d.shop, in->order.shopifyOrderId});
    if (!erased)
        return std::unexpected(erased.error());
    return {};
}

// The order of ours a delivery names by Shopify's id (none: not known here).
DbResult<std::optional<qint64>> namedOrder(DeliveryWork &d, qint64 shopifyOrderId)
{
    auto ids = d.orders.orderIdsByShopifyIds(d.w.db(), d.shop, {shopifyOrderId});
    if (!ids)
        return std::unexpected(ids.error());
    return ids->isEmpty() ? std::optional<qint64>() : std::optional<qint64>(ids->first());
}

// orders/delete: only the order's id comes; a known order ends as if cancelled in Shopify.
DbResult<void> deleteOrder(DeliveryWork &d)
{
    auto known =
        d.ingestion.ingestShopifyDeletion(d.w, d.shop, idInput(d.payload, "id"), d.correlation);
    if (!known)
        return std::unexpected(known.error());
    if (!*known)
        d.state = QStringLiteral("ignored"); // never stored here: nothing to end
    return {};
}

// orders/edited: noted on the order's timeline. The edited order itself comes with the
// orders/updated Shopify sends alongside (current quantities), where it is followed.
DbResult<void> noteOrderEdit(DeliveryWork &d)
{
    const QJsonObject edit = d.payload.value(QStringLiteral("order_edit")).toObject();
    auto id = namedOrder(d, idInput(edit, "order_id"));
    if (!id)
        return std::unexpected(id.error());
    if (!*id) {
        d.state = QStringLiteral("ignored");
        return {};
    }
    const QJsonObject lines = edit.value(QStringLiteral("line_items")).toObject();
    const auto count = [&](const char *what) {
        return lines.value(QLatin1String(what)).toArray().size();
    };
    if (auto e = d.publish(QString(events::topics::kOrderEditedInStore),
                           {{QStringLiteral("order_id"), **id},
                            {QStringLiteral("name"), orderName(d, **id)},
                            {QStringLiteral("added"), count("additions")},
                            {QStringLiteral("removed"), count("removals")}},
                           QStringLiteral("order:%1").arg(**id));
        !e)
        return std::unexpected(e.error());
    return {};
}

// refunds/create: the amount refunded is noted on the order's timeline; whether the order is
// fully refunded (and so ends) is said by the orders/updated that follows.
DbResult<void> noteRefund(DeliveryWork &d)
{
    auto id = namedOrder(d, idInput(d.payload, "order_id"));
    if (!id)
        return std::unexpected(id.error());
    if (!*id) {
        d.state = QStringLiteral("ignored");
        return {};
    }
    qint64 minor = 0;
    QString currency;
    for (const QJsonValue &v : d.payload.value(QStringLiteral("transactions")).toArray()) {
        const QJsonObject t = v.toObject();
        if (t.value(QStringLiteral("kind")).toString() != QLatin1String("refund") ||
            t.value(QStringLiteral("status")).toString() != QLatin1String("success"))
            continue;
        currency = t.value(QStringLiteral("currency")).toString();
        if (auto m = parseDecimalMoney(t.value(QStringLiteral("amount")).toString(), currency))
            minor += m->minor;
    }
    if (auto e =
            d.publish(QString(events::topics::kOrderRefundedInStore),
                      {{QStringLiteral("order_id"), **id},
                       {QStringLiteral("name"), orderName(d, **id)},
                       {QStringLiteral("refund_id"), QString::number(idInput(d.payload, "id"))},
                       {QStringLiteral("amount_minor"), minor},
                       {QStringLiteral("currency"), currency}},
                      QStringLiteral("order:%1").arg(**id));
        !e)
        return std::unexpected(e.error());
    return {};
}

// products/create, products/update: the product and its variants, priced in the shop's currency,
// through the catalog upsert the import uses too.
DbResult<void> upsertProduct(DeliveryWork &d)
{
    QJsonObject p = d.payload;
    auto currency = shopCurrency(d.w.db(), d.shop);
    if (!currency)
        return std::unexpected(currency.error());
    p.insert(QStringLiteral("currency"), *currency);
    auto product = productFromWebhook(p, d.shop);
    if (!product) {
        d.fail(product.error());
        return {};
    }
    if (auto r = storeProduct(d.w, d.bus, *product, d.correlation); !r)
        return std::unexpected(r.error());
    return {};
}

// inventory_levels/update: the available quantity of the variants of an inventory item.
DbResult<void> updateInventoryLevel(DeliveryWork &d)
{
    const qint64 item = idInput(d.payload, "inventory_item_id");
    const QJsonValue available = d.payload.value(QStringLiteral("available"));
    if (item <= 0 || !available.isDouble()) {
        d.fail(QStringLiteral("inventory_item_id and available are required"));
        return {};
    }
    auto variants =
        storage::CatalogRepository().setInventoryByItem(d.w, d.shop, item, available.toInt());
    if (!variants)
        return std::unexpected(variants.error());
    QJsonArray ids;
    for (qint64 v : *variants)
        ids.append(v);
    if (auto e = d.publish(
            QString(events::topics::kStockUpdated),
            {{QStringLiteral("shop"), d.shop},
             {QStringLiteral("inventory_item_id"), QString::number(item)},
             {QStringLiteral("location_id"), QString::number(idInput(d.payload, "location_id"))},
             {QStringLiteral("available"), available.toInt()},
             {QStringLiteral("variant_ids"), ids}},
            QStringLiteral("inventory:%1").arg(item));
        !e)
        return std::unexpected(e.error());
    return {};
}

// app/uninstalled: the shop is marked inactive and uninstalled (shop/redact may follow).
DbResult<void> markShopUninstalled(DeliveryWork &d)
{
    if (auto q = exec(d.w.db(),
                      QStringLiteral("UPDATE shops SET active = 0, health = "
                                     "'uninstalled', health_checked_at = ?, uninstalled_at = ? "
                                     "WHERE domain = ?"),
                      {storage::nowMs(), storage::nowMs(), d.shop});
        !q)
        return std::unexpected(q.error());
    if (auto e = d.publish(QString(events::topics::kShopUninstalled),
                           {{QStringLiteral("shop"), d.shop}}, QStringLiteral("shop:") + d.shop);
        !e)
        return std::unexpected(e.error());
    return {};
}

// Privacy topics: the request is recorded; redactions are carried out at once.

// The customer of ours a customers/* delivery names (none when we do not know them).
DbResult<QList<qint64>> namedCustomer(DeliveryWork &d, qint64 &shopifyCustomer)
{
    shopifyCustomer = idInput(d.payload.value(QStringLiteral("customer")).toObject(), "id");
    auto c = customerIdFor(d.w.db(), d.shop, shopifyCustomer);
    if (!c)
        return std::unexpected(c.error());
    return *c ? QList<qint64>{**c} : QList<qint64>();
}

// Erases the customers' personal data; returns how many of their orders were cleared. Orders
// with no customer of ours (guest checkouts) are named by Shopify and erased after.
DbResult<int> eraseCustomers(DeliveryWork &d, const QList<qint64> &customers)
{
    int erasedOrders = 0;
    for (qint64 c : customers) {
        auto n = d.orders.eraseCustomer(d.w, c);
        if (!n)
            return std::unexpected(n.error());
        erasedOrders += *n;
    }
    return erasedOrders;
}

DbResult<void> recordPrivacyRequest(DeliveryWork &d, const QString &kind, qint64 shopifyCustomer,
                                    const QList<qint64> &customers, const QString &requestState,
                                    int clearedCustomers, int erasedOrders)
{
    const QByteArray orders =
        QJsonDocument(d.payload.value(QStringLiteral("orders_requested")).toArray())
            .toJson(QJsonDocument::Compact);
    auto ins = exec(
        d.w.db(),
        QStringLiteral("INSERT INTO privacy_requests (shop, kind, shopify_customer_id, "
                       "customer_id, orders_requested, state, detail, delivery_id, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {d.shop, kind,
         shopifyCustomer > 0 ? QVariant(shopifyCustomer) : QVariant(QMetaType(QMetaType::LongLong)),
         customers.size() == 1 ? QVariant(customers.first())
                               : QVariant(QMetaType(QMetaType::LongLong)),
         QString::fromUtf8(orders), requestState,
         QStringLiteral("%1 customer(s), %2 order(s) cleared")
             .arg(clearedCustomers)
             .arg(erasedOrders),
         d.deliveryId, storage::nowMs()});
    if (!ins)
        return std::unexpected(ins.error());
    const qint64 requestId = storage::returnedId(*ins);
    QJsonArray customerIds;
    for (qint64 c : customers)
        customerIds.append(c);
    if (auto e = d.publish(QStringLiteral("privacy.") + kind,
                           {{QStringLiteral("request_id"), requestId},
                            {QStringLiteral("shop"), d.shop},
                            {QStringLiteral("customer_ids"), customerIds},
                            {QStringLiteral("state"), requestState}},
                           QStringLiteral("privacy:%1").arg(requestId));
        !e)
        return std::unexpected(e.error());
    return {};
}

// customers/data_request: recorded, ready for GET /api/customers/{id}/export.
DbResult<void> recordDataRequest(DeliveryWork &d)
{
    qint64 shopifyCustomer = 0;
    auto customers = namedCustomer(d, shopifyCustomer);
    if (!customers)
        return std::unexpected(customers.error());
    return recordPrivacyRequest(
        d, QStringLiteral("data_request"), shopifyCustomer, *customers,
        customers->isEmpty() ? QStringLiteral("no_data") : QStringLiteral("ready"), 0, 0);
}

// customers/redact: the customer's data and the orders Shopify names are erased.
DbResult<void> redactCustomer(DeliveryWork &d)
{
    qint64 shopifyCustomer = 0;
    auto customers = namedCustomer(d, shopifyCustomer);
    if (!customers)
        return std::unexpected(customers.error());
    auto erased = eraseCustomers(d, *customers);
    if (!erased)
        return std::unexpected(erased.error());
    QList<qint64> shopifyIds;
    for (const QJsonValue &v : d.payload.value(QStringLiteral("orders_to_redact")).toArray())
        if (const qint64 sid = v.toVariant().toLongLong(); sid > 0)
            shopifyIds << sid;
    auto guestOrders = d.orders.orderIdsByShopifyIds(d.w.db(), d.shop, shopifyIds);
    if (!guestOrders)
        return std::unexpected(guestOrders.error());
    auto n = d.orders.eraseOrders(d.w, *guestOrders);
    if (!n)
        return std::unexpected(n.error());
    return recordPrivacyRequest(d, QStringLiteral("customer_redact"), shopifyCustomer, *customers,
                                customers->isEmpty() ? QStringLiteral("no_data")
                                                     : QStringLiteral("done"),
                                customers->size(), *erased + *n);
}

// shop/redact: every customer and order of the shop is erased, once the app is uninstalled.
DbResult<void> redactShop(DeliveryWork &d)
{
    // Shopify asks to erase a shop's data 48 hours after the app was uninstalled; for a shop
    // that is installed, this is someone else's doing.
    if (!shopUninstalled(d.w.db(), d.shop)) {
        d.refuse(QStringLiteral("shop/redact for a shop that has not uninstalled the app"));
        return {};
    }
    QList<qint64> customers;
    auto all = exec(d.w.db(), QStringLiteral("SELECT id FROM customers WHERE shop = ?"), {d.shop});
    if (!all)
        return std::unexpected(all.error());
    while (all->next())
        customers << all->value(0).toLongLong();
    auto erased = eraseCustomers(d, customers);
    if (!erased)
        return std::unexpected(erased.error());
    // Orders with no customer of ours (guest checkouts): every order of the shop left.
    QList<qint64> guestOrders;
    auto orders = exec(d.w.db(),
                       QStringLiteral("SELECT id FROM orders WHERE shop = ? AND "
                                      "personal_erased = 0"),
                       {d.shop});
    if (!orders)
        return std::unexpected(orders.error());
    while (orders->next())
        guestOrders << orders->value(0).toLongLong();
    auto n = d.orders.eraseOrders(d.w, guestOrders);
    if (!n)
        return std::unexpected(n.error());
    return recordPrivacyRequest(d, QStringLiteral("shop_redact"), 0, customers,
                                customers.isEmpty() ? QStringLiteral("no_data")
                                                    : QStringLiteral("done"),
                                customers.size(), *erased + *n);
}

struct TopicRoute
{
    QLatin1StringView topic;
    bool prefix; // every topic that starts with it
    TopicHandler handler;
};

constexpr TopicRoute kTopics[] = {
    {QLatin1StringView("orders/delete"), false, &deleteOrder},
    {QLatin1StringView("orders/edited"), false, &noteOrderEdit},
    {QLatin1StringView("refunds/create"), false, &noteRefund},
    // orders/create, updated, cancelled, paid, fulfilled, partially_fulfilled: the whole order.
    {QLatin1StringView("orders/"), true, &ingestOrder},
    {QLatin1StringView("products/create"), false, &upsertProduct},
    {QLatin1StringView("products/update"), false, &upsertProduct},
    {QLatin1StringView("inventory_levels/update"), false, &updateInventoryLevel},
    {QLatin1StringView("app/uninstalled"), false, &markShopUninstalled},
    {QLatin1StringView("customers/data_request"), false, &recordDataRequest},
    {QLatin1StringView("customers/redact"), false, &redactCustomer},
    {QLatin1StringView("shop/redact"), false, &redactShop},
};

// Each subscription is one more delivery of the same change (orders/updated comes with
// orders/paid, orders/fulfilled...): orders/updated carries every change of an order, so the
// narrower order topics the processor also understands are not subscribed to.
constexpr std::pair<const char *, const char *> kSubscribed[] = {
    {"orders/create", "new orders start their workflow"},
    {"orders/updated", "payments, fulfilments, edits and every other change of an order"},
    {"orders/cancelled", "a cancellation at once (it also comes as orders/updated)"},
    {"orders/delete", "a deleted order ends as if cancelled"},
    {"orders/edited", "order edits on the order's timeline"},
    {"refunds/create", "refunds made in Shopify on the order's timeline"},
    {"products/create", "new products in the catalog"},
    {"products/update", "product and variant changes (titles, SKUs, prices)"},
    {"inventory_levels/update", "stock changed in Shopify"},
    {"app/uninstalled", "the shop is marked uninstalled (shop/redact may follow)"},
};

} // namespace

QList<SubscribedTopic> subscribedTopics()
{
    QList<SubscribedTopic> out;
    for (const auto &[topic, why] : kSubscribed)
        out.append({QLatin1StringView(topic), QLatin1StringView(why)});
    return out;
}

QString graphqlTopic(const QString &topic)
{
    return QString(topic).replace(QLatin1Char('/'), QLatin1Char('_')).toUpper();
}

QString topicOfGraphql(const QString &graphqlTopic)
{
    // Resources and actions may hold underscores (INVENTORY_LEVELS_UPDATE,
    // ORDERS_PARTIALLY_FULFILLED): only ours are known.
    for (const auto &[topic, why] : kSubscribed)
        if (shopify::graphqlTopic(QLatin1String(topic)) == graphqlTopic)
            return QLatin1String(topic);
    return {};
}

TopicHandler handlerForTopic(const QString &topic)
{
    for (const TopicRoute &t : kTopics)
        if (t.prefix ? topic.startsWith(t.topic) : topic == t.topic)
            return t.handler;
    return nullptr;
}

} // namespace dc::shopify
