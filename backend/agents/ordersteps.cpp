// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/ordersteps.h"

#include "agents/agentutil.h"
#include "core/logging.h"

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
    auto r = move(orderId, OrderStatus::OnHold, reason, {{QStringLiteral("detail"), message}});
    if (!r)
        qCWarning(lcAgents).noquote()
            << "order" << orderId << "could not be held:" << r.error().message;
    return fail(code, message);
}

} // namespace dc::agents
