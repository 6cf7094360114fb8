// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Order Manager's tracking pass: reads each open supplier order's state and parcels from
// AliExpress, maps the state onto the supplier order and its order (a supplier problem holds
// the order and publishes order.supplier_problem; a problem that clears releases it), turns
// parcels into shipments (shipment.created) and closes delivered orders. One supplier order's
// error is recorded on it (last_error, checked_at) and never stops the pass for the others.
#include "agents/ordersteps.h"

namespace dc::agents {

class SupplierTracking
{
public:
    explicit SupplierTracking(OrderSteps &steps)
        : m_steps(steps)
    {}

    ActionResult syncTracking(tasks::TaskContext &ctx);

    // What AliExpress's order state means for a supplier order: its new status and, when
    // something is wrong, the problem (code empty when nothing is).
    struct Reading
    {
        QString status;
        SupplierProblem problem;
        bool readParcels = true; // the state can have parcels (tracking is asked for)
    };
    static Reading read(const SupplierOrder &so, const aliexpress::OrderStatusInfo &ae);

private:
    struct Look
    {
        int newShipments = 0;
        bool delivered = false;
        bool problemCleared = false; // its order may leave its supplier hold
        QJsonArray shipments;
    };
    struct LookFailure
    {
        QString code; // SUPPLIER_UNAVAILABLE, SUPPLIER_ERROR, ..., store
        QString message;
        bool retryable = false;
    };
    // One supplier order: AliExpress's answers and what they change, in one transaction.
    std::expected<Look, LookFailure> look(SupplierOrder so, tasks::TaskContext &ctx);
    // Orders held for a supplier problem that none of their supplier orders has any more go
    // back to supplier_ordered; delivered ones whose supplier orders are all delivered close.
    void settleOrders(const QSet<qint64> &cleared, const QSet<qint64> &delivered);
    // Supplier orders asked for whose answer was never seen, looked up by out_order_id.
    void confirmUnanswered(tasks::TaskContext &ctx);
    storage::DbResult<bool> orderedOnceAllPlaced(storage::WriteContext &w, qint64 orderId);

    OrderSteps &m_steps;
};

} // namespace dc::agents
