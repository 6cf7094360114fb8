// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Following the store: what a newer version of an order in Shopify means for ours, decided in
// the transaction that stores it (orders/*, refunds/*, the reconciliation). Cancelled, refunded
// or deleted in Shopify before a supplier order was placed: cancelled here and its processing
// stopped. After: held (store_cancelled) with order.cancelled_after_supplier, since AliExpress has
// no cancel API and an operator must act. Paid later: released from a not_paid hold and
// processed. Fulfilled elsewhere: no supplier order. Address or line edits after the supplier
// order: order.changed_after_supplier. See the README's order state machine.
#include "core/domain.h"
#include "orders/lifecycle.h"
#include "storage/store.h"

#include <optional>

namespace dc::orders {

class StoreFollower
{
public:
    StoreFollower(const storage::OrderRepository &orders, events::EventBus &bus,
                  security::AuditLog &audit);

    // `before`: the order as stored before this version (none for a new order); `now`: the
    // version just stored (its status says whether Shopify cancelled it).
    storage::DbResult<void> follow(storage::WriteContext &w, const std::optional<Order> &before,
                                   const Order &now, qint64 orderId,
                                   const QString &correlation) const;
    // orders/delete: Shopify deleted the order (only cancelled or archived orders can be).
    storage::DbResult<void> deleted(storage::WriteContext &w, qint64 orderId,
                                    const QString &correlation) const;

private:
    // Cancelled or refunded in the store: cancelled here, or held when a supplier order exists.
    storage::DbResult<void> ended(storage::WriteContext &w, const Order &stored,
                                  const QString &why, const QString &correlation) const;
    storage::DbResult<qint64> publish(storage::WriteContext &w, QLatin1StringView topic,
                                      const QJsonObject &data, qint64 orderId,
                                      const QString &correlation) const;

    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    OrderLifecycle m_lifecycle;
};

// A status move that stops the order's processing carries this in order.updated's data: the
// order domain cancels the order's running workflow runs when it sees it.
inline constexpr QLatin1StringView kStopProcessing{"stop_processing"};

} // namespace dc::orders
