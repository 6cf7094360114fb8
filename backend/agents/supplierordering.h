// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Order Manager's supplier ordering: chooses an offer per line item (country, stock,
// backups), guards the margin, places each supplier order on AliExpress exactly once, marks
// orders shipped and cancels supplier orders. Tracking is suppliertracking.h's.
#include "agents/ordersteps.h"

namespace dc::storage {
struct OrderStatusRow;
}

namespace dc::agents {

class SupplierOrdering
{
public:
    explicit SupplierOrdering(OrderSteps &steps)
        : m_steps(steps)
    {}

    ActionResult prepareSupplierOrder(tasks::TaskContext &ctx);
    ActionResult submitToSupplier(tasks::TaskContext &ctx);
    ActionResult markShipped(tasks::TaskContext &ctx);
    ActionResult cancelSupplierOrder(tasks::TaskContext &ctx);

private:
    // `writeNow`: the rows are written before this returns (a submission preparing the order
    // again uses them at once); otherwise with the action's success.
    ActionResult prepare(tasks::TaskContext &ctx, bool writeNow);
    static bool cancelledMeanwhile(const storage::OrderStatusRow &o);
    // The items of a prepared supplier order; a line whose SKU attribute string is not known
    // (an offer typed by hand) has it looked up in aliexpress.ds.product.get. Unexpected with
    // the SKU (sku_id) that the product no longer has, or AliExpress's failure.
    struct Items
    {
        QList<aliexpress::OrderItem> items;
        QString missingSku; // a line's sku_id the product does not list
    };
    std::expected<Items, ActionFailure> itemsOf(const SupplierOrder &so, const Order &order);
    // The order was cancelled while its supplier orders were placed: the operator is told
    // (order.cancelled_after_supplier), in the caller's transaction or in one of its own.
    storage::DbResult<qint64> tellPlacedAfterCancel(storage::WriteContext &w,
                                                    const QString &correlationId,
                                                    const Order &order,
                                                    const QJsonArray &placed) const;
    // Told when the order was cancelled meanwhile (then true), in the caller's transaction.
    storage::DbResult<bool> tellIfCancelled(storage::WriteContext &w, const QString &correlationId,
                                            const Order &order, const QJsonArray &placed) const;
    // A placement's row: its AliExpress order and status (an operator's cancel flag kept).
    storage::DbResult<void> recordPlacement(storage::WriteContext &w,
                                            const SupplierOrder &so) const;
    // The last placement of a fully paid order, and the order's move, as the step's last write.
    tasks::OutcomeWrite lastPlacementWrite(const SupplierOrder &so, const Order &order,
                                           const QJsonArray &placed,
                                           const QString &correlationId) const;
    ActionResult placedAfterCancel(tasks::TaskContext &ctx, const Order &order,
                                   const QJsonArray &placed);
    static QString closedAfterPlacingMessage(qint64 orderId);
    static ActionResult closedAfterPlacing(qint64 orderId);

    OrderSteps &m_steps;
};

} // namespace dc::agents
