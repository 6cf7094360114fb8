// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/lifecycle.h"

#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/orderevents.h"
#include "security/audit.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"

#include <QJsonDocument>

namespace dc::orders {

using S = OrderStatus;

namespace {
// Who let the order's margin through (the margin guard then lets it pass).
storage::DbResult<void> setMarginApprover(storage::WriteContext &ctx, qint64 orderId,
                                          const QString &actor)
{
    auto q = storage::exec(ctx.db(),
                           QStringLiteral("UPDATE orders SET margin_approved_by = ? WHERE id = ?"),
                           {actor, orderId});
    if (!q)
        return std::unexpected(q.error());
    return {};
}
// The order whole (line items, personal fields), or what a move of its status reads of it; or
// NotFound naming it.
template <class Row>
storage::DbResult<Row> existing(storage::DbResult<std::optional<Row>> cur, qint64 orderId)
{
    if (!cur)
        return std::unexpected(cur.error());
    if (!cur->has_value())
        return std::unexpected(storage::DbError{storage::DbError::Kind::NotFound,
                                                QStringLiteral("no order %1").arg(orderId)});
    return std::move(**cur);
}
storage::DbResult<Order> existingOrder(const storage::OrderRepository &orders,
                                       storage::WriteContext &ctx, qint64 orderId)
{
    return existing(orders.get(ctx.db(), orderId), orderId);
}
storage::DbResult<storage::OrderStatusRow>
existingStatus(const storage::OrderRepository &orders, storage::WriteContext &ctx, qint64 orderId)
{
    return existing(orders.getStatus(ctx.db(), orderId), orderId);
}
} // namespace

bool transitionAllowed(OrderStatus from, OrderStatus to)
{
    if (from == to)
        return true;
    // Money can go back to the customer at any point; a refunded order is over.
    if (to == S::Refunded)
        return from != S::Refunded;
    // Fulfilled outside DropCrew (by hand in Shopify, another app) before any supplier order.
    if (to == S::Shipped &&
        (from == S::Received || from == S::Validated || from == S::OnHold || from == S::Failed))
        return true;
    switch (from) {
    case S::Received:
        return to == S::Validated || to == S::OnHold || to == S::Failed || to == S::Cancelled;
    case S::Validated:
        return to == S::SupplierOrdered || to == S::OnHold || to == S::Failed ||
               to == S::Cancelled || to == S::Received;
    case S::SupplierOrdered:
        return to == S::Shipped || to == S::OnHold || to == S::Failed || to == S::Cancelled;
    case S::Shipped:
        return to == S::Delivered || to == S::Refunded;
    case S::Delivered:
        return to == S::Refunded;
    case S::OnHold:
    case S::Failed:
        return to == S::Received || to == S::Validated || to == S::SupplierOrdered ||
               to == S::Cancelled || to == S::Failed || to == S::OnHold;
    case S::Cancelled:
        return to == S::Refunded;
    case S::Refunded:
        return false;
    }
    return false;
}

storage::DbResult<bool> OrderLifecycle::orderedOnceAllPlaced(storage::WriteContext &ctx,
                                                             qint64 orderId, const QString &reason,
                                                             const QString &actor) const
{
    auto o = m_orders.getStatus(ctx.db(), orderId);
    if (!o)
        return std::unexpected(o.error());
    if (!o->has_value() || (*o)->status != S::Validated)
        return false;
    auto rows = storage::SupplierOrderRepository().forOrder(ctx.db(), orderId);
    if (!rows)
        return std::unexpected(rows.error());
    const QJsonArray placed = storage::SupplierOrderRepository::allPlaced(*rows);
    if (placed.isEmpty())
        return false;
    return transition(ctx, orderId, S::SupplierOrdered, reason, actor,
                      {{QStringLiteral("supplier_orders"), placed}});
}

storage::DbResult<bool> OrderLifecycle::transition(storage::WriteContext &ctx, qint64 orderId,
                                                   OrderStatus to, const QString &reason,
                                                   const QString &actor,
                                                   const QJsonObject &detail) const
{
    auto cur = existingStatus(m_orders, ctx, orderId);
    if (!cur)
        return std::unexpected(cur.error());
    const storage::OrderStatusRow &o = *cur;
    const QString holdReason = to == S::OnHold || to == S::Failed ? reason : QString();
    if (o.status == to && o.holdReason == holdReason)
        return false;
    if (!transitionAllowed(o.status, to))
        return std::unexpected(
            storage::DbError{storage::DbError::Kind::Conflict,
                             QStringLiteral("order %1 cannot go from %2 to %3")
                                 .arg(orderId)
                                 .arg(orderStatusName(o.status), orderStatusName(to))});
    // Held because Shopify cancelled it after a supplier order: only an operator (or Shopify)
    // moves it on. An agent's move back into the flow (or to another hold) would hide the
    // cancellation and let the rest be bought; its end (a refund an operator asked for) is fine.
    if (o.status == S::OnHold && o.holdReason == QLatin1String("store_cancelled") &&
        actor.startsWith(QLatin1String("agent:")) && to != S::Cancelled && to != S::Refunded)
        return std::unexpected(storage::DbError{
            storage::DbError::Kind::Conflict,
            QStringLiteral("order %1 is held store_cancelled: only an operator leaves that hold")
                .arg(orderId)});
    if (auto s = m_orders.setStatus(ctx, orderId, to, holdReason); !s)
        return std::unexpected(s.error());
    QJsonObject data = detail;
    data.insert(QStringLiteral("order_id"), orderId);
    data.insert(QStringLiteral("name"), o.name);
    data.insert(QStringLiteral("status"), orderStatusName(to));
    data.insert(QStringLiteral("previous_status"), orderStatusName(o.status));
    data.insert(QStringLiteral("reason"), reason);
    security::AuditEntry a;
    a.actor = actor;
    a.action = QStringLiteral("order.transition");
    a.target = QStringLiteral("order:%1").arg(orderId);
    a.detail = {{QStringLiteral("from"), orderStatusName(o.status)},
                {QStringLiteral("to"), orderStatusName(to)},
                {QStringLiteral("reason"), reason}};
    if (auto r = m_audit.append(ctx, a); !r)
        return std::unexpected(r.error());
    const QString key = QStringLiteral("order:%1").arg(orderId);
    const QString source = actor.section(QLatin1Char(':'), 0, 0);
    QList<events::EventDraft> drafts{
        {QString(events::topics::kOrderUpdated), data, key, source, QString(), QString()}};
    if (to == S::Shipped)
        drafts.append(
            {QString(events::topics::kOrderShipped), data, key, source, QString(), QString()});
    if (auto e = m_bus.appendDeferred(ctx, drafts); !e)
        return std::unexpected(e.error());
    return true;
}

storage::DbResult<void> OrderLifecycle::approveMargin(storage::WriteContext &ctx, qint64 orderId,
                                                      const QString &actor) const
{
    auto cur = existingStatus(m_orders, ctx, orderId);
    if (!cur)
        return std::unexpected(cur.error());
    if (cur->status != S::OnHold || cur->holdReason != QLatin1String("low_margin"))
        return std::unexpected(storage::DbError{
            storage::DbError::Kind::Conflict,
            QStringLiteral("order %1 is not held for a low margin (status %2%3)")
                .arg(orderId)
                .arg(orderStatusName(cur->status), cur->holdReason.isEmpty()
                                                       ? QString()
                                                       : QStringLiteral(", ") + cur->holdReason)});
    if (auto a = setMarginApprover(ctx, orderId, actor); !a)
        return std::unexpected(a.error());
    auto t = transition(ctx, orderId, S::Validated, QStringLiteral("margin approved"), actor,
                        {{QStringLiteral("approved_by"), actor}});
    if (!t)
        return std::unexpected(t.error());
    return {};
}

storage::DbResult<OrderLifecycle::Replacement>
OrderLifecycle::replace(storage::WriteContext &ctx, qint64 orderId,
                        const QHash<qint64, int> &quantities, const QString &reason,
                        const QString &key, const QString &actor) const
{
    using storage::DbError;
    const QString orderKey = QStringLiteral("order:%1").arg(orderId);
    if (!key.isEmpty()) {
        auto done = storage::exec(ctx.db(),
                                  QStringLiteral("SELECT payload FROM events WHERE event_key = ? "
                                                 "AND topic = 'order.replaced' ORDER BY id"),
                                  {orderKey});
        if (!done)
            return std::unexpected(done.error());
        while (done->next()) {
            const QJsonObject d = QJsonDocument::fromJson(done->value(0).toByteArray()).object();
            if (d.value(QStringLiteral("key")).toString() == key)
                return Replacement{d.value(QStringLiteral("replacement_id")).toInteger(), false};
        }
    }
    auto cur = existingOrder(m_orders, ctx, orderId);
    if (!cur)
        return std::unexpected(cur.error());
    const Order &was = *cur;
    if (was.status != S::SupplierOrdered && was.status != S::Shipped && was.status != S::Delivered)
        return std::unexpected(DbError{
            DbError::Kind::Conflict,
            QStringLiteral("order %1 is %2: only an order sent to a supplier can be replaced")
                .arg(orderId)
                .arg(orderStatusName(was.status))});
    if (!was.shippingAddress)
        return std::unexpected(DbError{DbError::Kind::Conflict,
                                       QStringLiteral("order %1 has no shipping address (erased "
                                                      "or never given)")
                                           .arg(orderId)});
    for (auto it = quantities.cbegin(); it != quantities.cend(); ++it) {
        const auto line = std::find_if(was.lineItems.cbegin(), was.lineItems.cend(),
                                       [&](const LineItem &li) { return li.id == it.key(); });
        if (line == was.lineItems.cend())
            return std::unexpected(DbError{
                DbError::Kind::Invalid, QStringLiteral("line_items: order %1 has no line item %2")
                                            .arg(orderId)
                                            .arg(it.key())});
        if (it.value() < 1 || it.value() > line->quantity)
            return std::unexpected(DbError{DbError::Kind::Invalid,
                                           QStringLiteral("line_items: line item %1 has %2 item(s)")
                                               .arg(it.key())
                                               .arg(line->quantity)});
    }

    Order o;
    o.shop = was.shop;
    o.currency = was.currency;
    o.status = S::Received;
    o.financialStatus = QStringLiteral("paid"); // paid with the original
    o.customerId = was.customerId;
    o.shippingAddress = was.shippingAddress;
    o.shippingCountry = was.shippingCountry;
    o.subtotal = o.shippingTotal = o.taxTotal = o.total = Money{0, was.currency};
    for (LineItem li : was.lineItems) {
        if (!quantities.isEmpty() && !quantities.contains(li.id))
            continue;
        li.quantity = quantities.value(li.id, li.quantity);
        li.id = 0;
        li.shopifyLineItemId = 0;
        li.unitPrice = li.totalDiscount = Money{0, was.currency};
        o.lineItems << li;
    }
    // "#1076-R1", "#1076-R2": counted among the shop's orders so a name is never reused.
    const QString prefix = was.name + QStringLiteral("-R");
    auto n = storage::exec(ctx.db(),
                           QStringLiteral("SELECT COUNT(*) FROM orders WHERE shop = ? AND "
                                          "substr(name, 1, ?) = ?"),
                           {was.shop, prefix.size(), prefix});
    if (!n)
        return std::unexpected(n.error());
    o.name = prefix + QString::number((n->next() ? n->value(0).toLongLong() : 0) + 1);
    auto id = enterOrder(
        ctx, o, QStringLiteral("replacement"),
        {{QStringLiteral("replaces_order_id"), orderId}, {QStringLiteral("reason"), reason}});
    if (!id)
        return std::unexpected(id.error());
    if (auto link = storage::exec(
            ctx.db(), QStringLiteral("UPDATE orders SET replaces_order_id = ? WHERE id = ?"),
            {orderId, *id});
        !link)
        return std::unexpected(link.error());
    if (auto a = setMarginApprover(ctx, *id, actor); !a)
        return std::unexpected(a.error());
    if (auto e = m_bus.append(ctx, events::EventDraft{QString(events::topics::kOrderReplaced),
                                                      {{QStringLiteral("order_id"), orderId},
                                                       {QStringLiteral("replacement_id"), *id},
                                                       {QStringLiteral("replacement_name"), o.name},
                                                       {QStringLiteral("reason"), reason},
                                                       {QStringLiteral("key"), key},
                                                       {QStringLiteral("by"), actor}},
                                                      orderKey,
                                                      QStringLiteral("api"),
                                                      QString(),
                                                      QString()});
        !e)
        return std::unexpected(e.error());
    return Replacement{*id, true};
}

storage::DbResult<qint64> OrderLifecycle::enterOrder(storage::WriteContext &ctx, const Order &order,
                                                     const QString &source,
                                                     const QJsonObject &extra) const
{
    auto id = m_orders.insertManualOrder(ctx, order);
    if (!id)
        return id;
    QJsonObject data = orderEventData(order, *id);
    data.insert(QStringLiteral("source"), source);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        data.insert(it.key(), it.value());
    if (auto e = m_bus.append(ctx, events::EventDraft{QString(events::topics::kOrderCreated), data,
                                                      QStringLiteral("order:%1").arg(*id),
                                                      QStringLiteral("api"), QString(), QString()});
        !e)
        return std::unexpected(e.error());
    return id;
}

} // namespace dc::orders
