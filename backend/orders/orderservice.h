// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What operators and integrations do to orders, as the order domain's rules say, whoever asks
// (the HTTP API, the desktop through it, an import): orders entered by hand, corrections,
// cancel and refund requests, replacements, margin approval, processing and retries by the
// order workflow, and the GDPR erase. Each is one transaction; the HTTP layer only parses and
// answers.
#include "core/domain.h"
#include "orders/lifecycle.h"
#include "storage/store.h"

#include <QHash>
#include <optional>

namespace dc::events {
class EventBus;
}
namespace dc::storage {
class OrderRepository;
}
namespace dc::tasks {
class TaskManager;
}
namespace dc::workflows {
class WorkflowEngine;
struct StartResult;
struct RunInfo;
} // namespace dc::workflows

namespace dc::orders {

// An order taken by phone or on a marketplace, as its author gave it. Totals are computed from
// the lines, never taken; a line naming a catalog variant takes the variant's SKU, title and
// price unless they are given, and is tied to it so that its supplier offers apply.
struct ManualOrder
{
    struct Line
    {
        std::optional<qint64> variantId;
        std::optional<QString> sku;
        std::optional<QString> title;
        int quantity = 1;
        std::optional<qint64> unitPriceMinor;
    };
    QString name;
    QString shop = QStringLiteral("manual");
    QString currency;
    QList<Line> lines;
    qint64 shippingMinor = 0;
    qint64 taxMinor = 0;
    std::optional<Address> shippingAddress;
    QString financialStatus = QStringLiteral("pending"); // pending, authorized or paid
};

class OrderService
{
public:
    OrderService(storage::Store &store, const storage::OrderRepository &orders,
                 events::EventBus &bus, const OrderLifecycle &lifecycle,
                 workflows::WorkflowEngine &engine, tasks::TaskManager &tasks);

    // Stored, and order.created raised as a Shopify order raises it (source "manual").
    // Invalid errors name their field ("line_items[1].variant_id: no variant 9").
    storage::DbResult<qint64> enter(const ManualOrder &order) const;
    // An operator's correction: a status move (hold, release; not cancel or refund) and/or a
    // new shipping address (refused for an order whose personal data was erased).
    storage::DbResult<void> correct(qint64 orderId, std::optional<OrderStatus> status,
                                    std::optional<std::optional<Address>> address,
                                    const QString &actor) const;
    // Cancel records the decision at once (nothing more goes to a supplier) and raises
    // order.cancel_requested, which the cancellation workflow acts on; refund raises
    // order.refund_requested for the refund workflow (the Shopify refund, then the status).
    // Conflict when the state machine forbids it.
    storage::DbResult<void> requestEnd(qint64 orderId, OrderStatus to, const QString &reason,
                                       const QString &actor) const;
    storage::DbResult<OrderLifecycle::Replacement>
    replace(qint64 orderId, const QHash<qint64, int> &quantities, const QString &reason,
            const QString &key, const QString &actor) const;
    // A low margin let through by `actor`: the order leaves on_hold and its failed order
    // workflow runs start again from the failed step. Returns the runs retried.
    storage::DbResult<QList<qint64>> approveMargin(qint64 orderId, const QString &actor) const;
    // Runs order_processing_workflow for the order, once (run key "order:<id>"). Conflict when
    // that workflow is not loaded.
    storage::DbResult<workflows::StartResult> process(qint64 orderId) const;
    // The workflow runs started for the order, oldest first.
    storage::DbResult<QList<qint64>> runIds(qint64 orderId, bool failedOnly) const;
    // The latest failed run, from its failed step. Conflict when none failed.
    storage::DbResult<workflows::RunInfo> retryLatestFailed(qint64 orderId) const;
    // Subscribes the order domain to its own events (before the bus starts delivering): a
    // status move that stops processing (order.updated with stop_processing) cancels the
    // order's running order workflow; order.released retries its failed run, or starts one.
    std::expected<void, QString> followOrders();
    struct SupplierRetry
    {
        qint64 supplierOrder = 0;
        QString outOrderId;            // the new one
        QString closedSupplierOrderId; // the AliExpress order AliExpress closed unpaid
        qint64 taskId = 0;             // the submit_to_supplier task placing the new one
    };
    // A supplier order whose payment failed, retried (supplierretry.cpp). The dropshipping API
    // has no call to pay an order again, so a retry places a new supplier order, and only once
    // AliExpress has closed the unpaid one (as a tracking pass read it), never two at once:
    // the row gets a new out_order_id, the order goes back to validated and submit_to_supplier
    // is queued for that supplier order, in one transaction. NotFound for another order's
    // supplier order; Conflict while the AliExpress order is still open (pay it there) or
    // when its problem is not a payment.
    storage::DbResult<SupplierRetry> retrySupplierPayment(qint64 orderId, qint64 supplierOrderId,
                                                          const QString &actor) const;
    // An operator looked for a supplier order asked for without an answer (submitting, or
    // flagged cancel_requested since) in the AliExpress buyer account: found as `aeOrderId`
    // (recorded; a validated order whose supplier orders are then all placed moves to
    // supplier_ordered), or not there (nullopt: placed again by a queued submit_to_supplier when
    // its order is still validated; otherwise failed, or cancelled when flagged). NotFound for
    // another order's; Conflict when it is not unconfirmed, when a run of the order is still
    // running, or when the AliExpress id is another supplier order's.
    struct Resolved
    {
        SupplierOrder supplierOrder;
        qint64 taskId = 0; // the submit_to_supplier task placing it again, if any
    };
    storage::DbResult<Resolved> resolveUnconfirmed(qint64 orderId, qint64 supplierOrderId,
                                                   const std::optional<QString> &aeOrderId,
                                                   const QString &actor) const;
    // GDPR: the customer's personal data and their orders' addresses, everywhere they were
    // kept. Returns the orders cleared.
    storage::DbResult<int> eraseCustomer(qint64 customerId) const;

    static QString runKey(qint64 orderId) { return QStringLiteral("order:%1").arg(orderId); }
    static inline const QString kProcessingWorkflow = QStringLiteral("order_processing_workflow");

private:
    storage::DbResult<Order> resolve(const ManualOrder &in) const;
    storage::DbResult<QList<qint64>> processingRuns(qint64 orderId, const QString &state) const;
    storage::DbResult<void> stopProcessing(qint64 orderId, const QString &status) const;
    storage::DbResult<void> resumeProcessing(qint64 orderId) const;

    storage::Store &m_store;
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    const OrderLifecycle &m_lifecycle;
    workflows::WorkflowEngine &m_engine;
    tasks::TaskManager &m_tasks;
};

} // namespace dc::orders
