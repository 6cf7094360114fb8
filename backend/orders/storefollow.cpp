// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/storefollow.h"

#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>

namespace dc::orders {

using S = OrderStatus;
using storage::DbResult;
using storage::exec;

namespace {

bool endedInStore(const Order &o)
{
    return o.status == S::Cancelled || o.financialStatus == QLatin1String("refunded") ||
           o.financialStatus == QLatin1String("voided");
}

bool fulfilledInStore(const Order &o)
{
    return o.fulfillmentStatus == QLatin1String("fulfilled");
}

// Shopify says "partial" in webhooks and PARTIALLY_FULFILLED in the Admin API.
bool partlyFulfilledInStore(const Order &o)
{
    return o.fulfillmentStatus == QLatin1String("partial") ||
           o.fulfillmentStatus == QLatin1String("partially_fulfilled");
}

// Not yet sent anywhere: the states an order is in before its supplier order.
bool beforeSupplier(S s)
{
    return s == S::Received || s == S::Validated || s == S::OnHold || s == S::Failed;
}

// What the order's lines are, regardless of our row ids (rewritten on every version).
QList<std::tuple<qint64, qint64, QString, int>> lineKeys(const Order &o)
{
    QList<std::tuple<qint64, qint64, QString, int>> k;
    for (const LineItem &li : o.lineItems)
        k.append({li.shopifyLineItemId, li.shopifyVariantId, li.sku, li.quantity});
    std::sort(k.begin(), k.end());
    return k;
}

// The AliExpress orders placed (or being placed) for the order.
DbResult<QJsonArray> placedSupplierOrders(QSqlDatabase db, qint64 orderId)
{
    auto q = storage::cachedRead(
        db,
        QStringLiteral("SELECT out_order_id, supplier_order_id, status FROM "
                       "supplier_orders WHERE order_id = ? AND (supplier_order_id <> '' "
                       "OR status = 'submitting') AND status <> 'cancelled' ORDER BY id"),
        {orderId});
    if (!q)
        return std::unexpected(q.error());
    QJsonArray out;
    while (q->next())
        out.append(QJsonObject{{QStringLiteral("out_order_id"), q->value(0).toString()},
                               {QStringLiteral("supplier_order_id"), q->value(1).toString()},
                               {QStringLiteral("status"), q->value(2).toString()}});
    return out;
}

// Supplier orders prepared but never placed are dropped with the order.
DbResult<void> dropUnplaced(storage::WriteContext &w, qint64 orderId)
{
    auto q = exec(w.db(),
                  QStringLiteral("UPDATE supplier_orders SET status = 'cancelled', updated_at = ? "
                                 "WHERE order_id = ? AND supplier_order_id = '' AND status IN "
                                 "('prepared', 'failed')"),
                  {storage::nowMs(), orderId});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

const QString kActor = QStringLiteral("shopify:store");

} // namespace

StoreFollower::StoreFollower(const storage::OrderRepository &orders, events::EventBus &bus,
                             security::AuditLog &audit)
    : m_orders(orders)
    , m_bus(bus)
    , m_lifecycle(orders, bus, audit)
{}

DbResult<qint64> StoreFollower::publish(storage::WriteContext &w, QLatin1StringView topic,
                                        const QJsonObject &data, qint64 orderId,
                                        const QString &correlation) const
{
    return m_bus.append(w, events::EventDraft{QString(topic), data,
                                              QStringLiteral("order:%1").arg(orderId),
                                              QStringLiteral("shopify"), correlation, QString()});
}

DbResult<void> StoreFollower::ended(storage::WriteContext &w, const Order &stored,
                                    const QString &why, const QString &correlation) const
{
    const S s = stored.status;
    if (s == S::Cancelled || s == S::Refunded)
        return {};
    if (s == S::Shipped || s == S::Delivered) {
        // Sent and paid back: the refund is the end of it (no supplier order to stop).
        auto t = m_lifecycle.transition(w, stored.id, S::Refunded, why, kActor);
        if (!t)
            return std::unexpected(t.error());
        return {};
    }
    auto placed = placedSupplierOrders(w.db(), stored.id);
    if (!placed)
        return std::unexpected(placed.error());
    if (placed->isEmpty()) {
        if (auto d = dropUnplaced(w, stored.id); !d)
            return std::unexpected(d.error());
        auto t = m_lifecycle.transition(w, stored.id, S::Cancelled, why, kActor,
                                        {{QString(kStopProcessing), true}});
        if (!t)
            return std::unexpected(t.error());
        return {};
    }
    if (s == S::OnHold && stored.holdReason == QLatin1String("store_cancelled"))
        return {};
    // AliExpress has no cancel API: the buyer account cancels by hand, then the operator
    // cancels the order here (POST /api/orders/{id}/cancel).
    const QString detail =
        QStringLiteral("%1 after its supplier order was placed: cancel it at the supplier, then "
                       "cancel the order here")
            .arg(why);
    auto t = m_lifecycle.transition(
        w, stored.id, S::OnHold, QStringLiteral("store_cancelled"), kActor,
        {{QStringLiteral("detail"), detail}, {QString(kStopProcessing), true}});
    if (!t)
        return std::unexpected(t.error());
    auto e = publish(w, events::topics::kOrderCancelledAfterSupplier,
                     {{QStringLiteral("order_id"), stored.id},
                      {QStringLiteral("name"), stored.name},
                      {QStringLiteral("reason"), why},
                      {QStringLiteral("supplier_orders"), *placed}},
                     stored.id, correlation);
    if (!e)
        return std::unexpected(e.error());
    return {};
}

DbResult<void> StoreFollower::follow(storage::WriteContext &w, const std::optional<Order> &before,
                                     const Order &now, qint64 orderId,
                                     const QString &correlation) const
{
    auto cur = m_orders.get(w.db(), orderId);
    if (!cur)
        return std::unexpected(cur.error());
    if (!cur->has_value())
        return {};
    const Order &stored = **cur;
    if (!before)
        if (auto e = publish(w, events::topics::kOrderReceived,
                             {{QStringLiteral("order_id"), orderId},
                              {QStringLiteral("name"), stored.name},
                              {QStringLiteral("shop"), stored.shop},
                              {QStringLiteral("status"), orderStatusName(stored.status)}},
                             orderId, correlation);
            !e)
            return std::unexpected(e.error());

    if (endedInStore(now))
        return ended(w, stored,
                     now.status == S::Cancelled
                         ? QStringLiteral("cancelled in Shopify")
                         : QStringLiteral("%1 in Shopify").arg(now.financialStatus),
                     correlation);
    if (stored.status == S::Cancelled || stored.status == S::Refunded)
        return {};

    const bool sent =
        !beforeSupplier(stored.status) ||
        (stored.status == S::OnHold && stored.holdReason == QLatin1String("store_cancelled"));
    if (!sent) {
        auto placed = placedSupplierOrders(w.db(), orderId);
        if (!placed)
            return std::unexpected(placed.error());
        if (placed->isEmpty()) {
            if (fulfilledInStore(now)) {
                // Shipped by hand or by another app: nothing goes to a supplier.
                if (auto d = dropUnplaced(w, orderId); !d)
                    return std::unexpected(d.error());
                auto t = m_lifecycle.transition(w, orderId, S::Shipped,
                                                QStringLiteral("fulfilled outside DropCrew"),
                                                kActor, {{QString(kStopProcessing), true}});
                if (!t)
                    return std::unexpected(t.error());
                return {};
            }
            // A first-seen order may already be fulfilled (shipped by hand while DropCrew was
            // down, then reconciled): it is never ordered either.
            if (partlyFulfilledInStore(now) && !(before && partlyFulfilledInStore(*before))) {
                // Part of it left another way: ordering the rest is an operator's call.
                auto t = m_lifecycle.transition(
                    w, orderId, S::OnHold, QStringLiteral("fulfilled_elsewhere"), kActor,
                    {{QStringLiteral("detail"),
                      QStringLiteral("part of the order was fulfilled outside DropCrew")},
                     {QString(kStopProcessing), true}});
                if (!t)
                    return std::unexpected(t.error());
                return {};
            }
            if (before && stored.status == S::OnHold &&
                stored.holdReason == QLatin1String("not_paid") &&
                now.financialStatus == QLatin1String("paid")) {
                auto t = m_lifecycle.transition(w, orderId, S::Received,
                                                QStringLiteral("paid in Shopify"), kActor);
                if (!t)
                    return std::unexpected(t.error());
                auto e = publish(w, events::topics::kOrderReleased,
                                 {{QStringLiteral("order_id"), orderId},
                                  {QStringLiteral("name"), stored.name},
                                  {QStringLiteral("hold_reason"), stored.holdReason}},
                                 orderId, correlation);
                if (!e)
                    return std::unexpected(e.error());
            }
            // Edits before the supplier order are simply taken: the steps read the order.
            return {};
        }
    }
    if (!before)
        return {};
    QJsonArray changes;
    if (before->shippingAddress != now.shippingAddress)
        changes.append(QStringLiteral("shipping_address"));
    if (lineKeys(*before) != lineKeys(now))
        changes.append(QStringLiteral("line_items"));
    if (changes.isEmpty())
        return {};
    auto placed = placedSupplierOrders(w.db(), orderId);
    if (!placed)
        return std::unexpected(placed.error());
    auto e = publish(w, events::topics::kOrderChangedAfterSupplier,
                     {{QStringLiteral("order_id"), orderId},
                      {QStringLiteral("name"), stored.name},
                      {QStringLiteral("changes"), changes},
                      {QStringLiteral("supplier_orders"), *placed}},
                     orderId, correlation);
    if (!e)
        return std::unexpected(e.error());
    return {};
}

DbResult<void> StoreFollower::deleted(storage::WriteContext &w, qint64 orderId,
                                      const QString &correlation) const
{
    auto cur = m_orders.get(w.db(), orderId);
    if (!cur)
        return std::unexpected(cur.error());
    if (!cur->has_value())
        return {};
    return ended(w, **cur, QStringLiteral("deleted in Shopify"), correlation);
}

} // namespace dc::orders
