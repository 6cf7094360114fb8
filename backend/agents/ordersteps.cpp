// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/ordersteps.h"

#include "agents/agentutil.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/orderrepository.h"

namespace dc::agents {

using orders::Margin;
using storage::WriteContext;

OrderSteps::OrderSteps(storage::Store &store, const storage::OrderRepository &orders,
                       events::EventBus &bus, const orders::OrderLifecycle &lifecycle,
                       aliexpress::AliExpressClient &aliexpress, OrderManagerSettings settings)
    : store(store)
    , orders(orders)
    , bus(bus)
    , lifecycle(lifecycle)
    , aliexpress(aliexpress)
    , settings(std::move(settings))
{}

Margin OrderSteps::marginOf(const Order &o, qint64 cost, qint64 shipping) const
{
    return Margin::ofOrder(o.total.minor, o.taxTotal.minor, cost, shipping, settings.feePolicy());
}

storage::DbResult<bool> OrderSteps::move(qint64 orderId, OrderStatus to, const QString &reason,
                                         const QJsonObject &detail)
{
    return store.writeAndWait<bool>([&](WriteContext &w) {
        return lifecycle.transition(w, orderId, to, reason, QStringLiteral("agent:order_manager"),
                                    detail);
    });
}

std::optional<std::unexpected<ActionFailure>> OrderSteps::holdIfLowMargin(const Order &order,
                                                                          const Margin &margin)
{
    if (!margin.below(settings.minMarginBasisPoints) || !order.marginApprovedBy.isEmpty())
        return std::nullopt;
    return hold(order.id, QStringLiteral("low_margin"), QStringLiteral("LOW_MARGIN"),
                QStringLiteral("margin %1 % is below %2 %: waiting for an operator's approval")
                    .arg(margin.percent())
                    .arg(settings.minMarginBasisPoints / 100.0));
}

std::unexpected<ActionFailure> OrderSteps::hold(qint64 orderId, const QString &reason,
                                                const QString &code, const QString &message)
{
    auto r = store.writeAndWait<bool>([&](WriteContext &w) -> storage::DbResult<bool> {
        // Held because Shopify cancelled it after a supplier order: only the operator leaves
        // that hold (an agent's hold would hide the cancellation and let it be bought again).
        auto cur = orders.get(w.db(), orderId);
        if (!cur)
            return std::unexpected(cur.error());
        if (cur->has_value() && (*cur)->status == OrderStatus::OnHold &&
            (*cur)->holdReason == QLatin1String("store_cancelled"))
            return false;
        return lifecycle.transition(w, orderId, OrderStatus::OnHold, reason,
                                    QStringLiteral("agent:order_manager"),
                                    {{QStringLiteral("detail"), message}});
    });
    if (!r)
        qCWarning(lcAgents).noquote()
            << "order" << orderId << "could not be held:" << r.error().message;
    return fail(code, message);
}

storage::DbResult<void> OrderSteps::reportSupplierProblem(WriteContext &w, const SupplierOrder &so,
                                                          const SupplierProblem &p,
                                                          const QString &correlationId)
{
    auto o = orders.get(w.db(), so.orderId);
    if (!o)
        return std::unexpected(o.error());
    if (!o->has_value())
        return std::unexpected(storage::DbError{storage::DbError::Kind::NotFound,
                                                QStringLiteral("no order %1").arg(so.orderId)});
    const Order &order = **o;
    const QString hold = p.code.startsWith(QLatin1String("supplier_"))
                             ? p.code
                             : QStringLiteral("supplier_") + p.code;
    // Held unless it is past that (shipped by another supplier order, cancelled, refunded) or
    // already held for something else (that hold stays): the event still tells the operator.
    OrderStatus now = order.status;
    QString holdReason = order.holdReason;
    const bool heldElsewhere = order.status == OrderStatus::OnHold &&
                               !order.holdReason.startsWith(QLatin1String("supplier_"));
    if (dc::orders::transitionAllowed(order.status, OrderStatus::OnHold) && !heldElsewhere) {
        auto t = lifecycle.transition(w, so.orderId, OrderStatus::OnHold, hold,
                                      QStringLiteral("agent:order_manager"),
                                      {{QStringLiteral("detail"), p.detail},
                                       {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                       {QStringLiteral("problem"), p.code}});
        if (!t)
            return std::unexpected(t.error());
        now = OrderStatus::OnHold;
        holdReason = hold;
    }
    const QString retryPath =
        p.retryable ? QStringLiteral("/api/orders/%1/supplier-orders/%2/retry-payment")
                          .arg(so.orderId)
                          .arg(so.id)
                    : QString();
    const QJsonObject data{
        {QStringLiteral("order_id"), so.orderId},
        {QStringLiteral("order_name"), order.name},
        {QStringLiteral("supplier_order"), so.id},
        {QStringLiteral("supplier_order_id"), so.supplierOrderId},
        {QStringLiteral("out_order_id"), so.outOrderId},
        {QStringLiteral("problem"), p.code},
        {QStringLiteral("detail"), p.detail},
        {QStringLiteral("retryable"), p.retryable},
        {QStringLiteral("retry_path"), retryPath},
        {QStringLiteral("supplier_status"), so.supplierStatus},
        {QStringLiteral("end_reason"), p.endReason},
        {QStringLiteral("status"), so.status},
        {QStringLiteral("order_status"), orderStatusName(now)},
        {QStringLiteral("hold_reason"), now == OrderStatus::OnHold ? holdReason : QString()}};
    qCWarning(lcAgents).noquote() << "order" << so.orderId << "supplier order" << so.supplierOrderId
                                  << p.code << so.supplierStatus;
    if (auto e = bus.append(w, events::EventDraft{QString(events::topics::kOrderSupplierProblem),
                                                  data, QStringLiteral("order:%1").arg(so.orderId),
                                                  QStringLiteral("order_manager"), correlationId,
                                                  QString()});
        !e)
        return std::unexpected(e.error());
    return {};
}

} // namespace dc::agents
