// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the Order Manager's parts share: the stores and clients they use, and the one way
// they move an order through its state machine or put it on hold.
#include "agents/agent.h"
#include "agents/settings.h"
#include "aliexpress/aliexpressclient.h"
#include "orders/lifecycle.h"
#include "orders/margin.h"

namespace dc::events {
class EventBus;
}
namespace dc::storage {
class OrderRepository;
}

namespace dc::agents {

// Something wrong with a supplier order at AliExpress, as order.supplier_problem says it.
struct SupplierProblem
{
    QString code; // supplier_cancelled, payment_failed, risk_control, address_incomplete
    QString detail;
    bool retryable = false; // the operator can retry it (POST .../retry-payment)
    QString endReason;      // AliExpress's end_reason of a closed order
};

struct OrderSteps
{
    OrderSteps(storage::Store &store, const storage::OrderRepository &orders, events::EventBus &bus,
               const orders::OrderLifecycle &lifecycle, aliexpress::AliExpressClient &aliexpress,
               OrderManagerSettings settings);

    // A status change by the agent, through the state machine, in a transaction of its own.
    storage::DbResult<bool> move(qint64 orderId, OrderStatus to, const QString &reason,
                                 const QJsonObject &detail = {});
    // LOW_MARGIN (and the order held) when the margin is below the minimum and nobody approved.
    std::optional<std::unexpected<ActionFailure>> holdIfLowMargin(const Order &order,
                                                                  const orders::Margin &margin);
    // Puts the order on hold (reason) and returns the failure to answer with.
    std::unexpected<ActionFailure> hold(qint64 orderId, const QString &reason, const QString &code,
                                        const QString &message);
    // In the caller's transaction: holds the supplier order's order (hold reason
    // supplier_cancelled, supplier_payment_failed, ...) when its state allows it, and publishes
    // order.supplier_problem. `so` carries its new status and supplier status.
    storage::DbResult<void> reportSupplierProblem(storage::WriteContext &w, const SupplierOrder &so,
                                                  const SupplierProblem &p,
                                                  const QString &correlationId);
    // The order's margin with these supplier costs, after the configured payment fees.
    orders::Margin marginOf(const Order &o, qint64 cost, qint64 shipping) const;

    storage::Store &store;
    const storage::OrderRepository &orders;
    events::EventBus &bus;
    const orders::OrderLifecycle &lifecycle;
    aliexpress::AliExpressClient &aliexpress;
    const OrderManagerSettings settings;
};

} // namespace dc::agents
