// SPDX-License-Identifier: GPL-3.0-or-later
// Retrying a supplier order whose payment failed. Why a new order rather than paying again:
// AliExpress's dropshipping API pays only inside aliexpress.ds.order.create (ds_extend_request
// payment.try_to_pay; a failure answers is_success=true with "OrderCreated, autoPay
// fail:<why>") and has no call to pay an existing order, nor to cancel one. An unpaid order
// stays PLACE_ORDER_SUCCESS, payable by hand in the buyer account, until AliExpress closes it
// (pay_timeout_second). Placing a new order while the unpaid one is still open could ship
// twice once someone pays the first; so a retry waits until tracking has read it closed.
#include "orders/orderservice.h"

#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"
#include "tasks/taskmanager.h"

#include <QJsonArray>

namespace dc::orders {

using storage::DbError;
using storage::DbResult;
using storage::WriteContext;

DbResult<OrderService::SupplierRetry> OrderService::retrySupplierPayment(qint64 orderId,
                                                                         qint64 supplierOrderId,
                                                                         const QString &actor) const
{
    const storage::SupplierOrderRepository repo;
    auto done =
        m_store.writeAndWait<SupplierRetry>([&](WriteContext &w) -> DbResult<SupplierRetry> {
            auto found = repo.get(w.db(), supplierOrderId);
            if (!found)
                return std::unexpected(found.error());
            if (!found->has_value() || (*found)->orderId != orderId)
                return std::unexpected(DbError{DbError::Kind::NotFound,
                                               QStringLiteral("order %1 has no supplier order %2")
                                                   .arg(orderId)
                                                   .arg(supplierOrderId)});
            const SupplierOrder &so = **found;
            const auto conflict = [](const QString &why) {
                return std::unexpected(DbError{DbError::Kind::Conflict, why});
            };
            if (so.problem != QLatin1String("payment_failed"))
                return conflict(
                    QStringLiteral("supplier order %1 has no failed payment (status %2%3)")
                        .arg(so.id)
                        .arg(so.status, so.problem.isEmpty()
                                            ? QString()
                                            : QStringLiteral(", problem ") + so.problem));
            if (so.status != QLatin1String("closed"))
                return conflict(
                    QStringLiteral("AliExpress order %1 is still open and unpaid (%2): the "
                                   "dropshipping API cannot pay it again, so pay it in the "
                                   "AliExpress buyer account, or retry once AliExpress has closed "
                                   "it (a tracking pass reads that) to place a new supplier order")
                        .arg(so.supplierOrderId, so.supplierStatus));
            auto o = m_orders.get(w.db(), orderId);
            if (!o)
                return std::unexpected(o.error());
            if (!o->has_value())
                return std::unexpected(
                    DbError{DbError::Kind::NotFound, QStringLiteral("no order %1").arg(orderId)});
            const OrderStatus st = (*o)->status;
            if (st != OrderStatus::OnHold && st != OrderStatus::Failed &&
                st != OrderStatus::Validated && st != OrderStatus::SupplierOrdered)
                return conflict(QStringLiteral("order %1 is %2: nothing more goes to a supplier")
                                    .arg(orderId)
                                    .arg(orderStatusName(st)));
            if (st == OrderStatus::OnHold && (*o)->holdReason == QLatin1String("store_cancelled"))
                return conflict(QStringLiteral("order %1 was cancelled in Shopify after its "
                                               "supplier order: nothing more goes to a supplier")
                                    .arg(orderId));
            // A new reference: AliExpress keeps an out_order_id for about 24 h and would answer
            // with the closed order.
            SupplierRetry r{
                so.id,
                QStringLiteral("DC%1S%2R%3").arg(orderId).arg(so.supplierId).arg(so.attempts + 1),
                so.supplierOrderId, 0};
            if (auto u = repo.replaceClosed(w, so, r.outOrderId); !u)
                return std::unexpected(u.error());
            if (st == OrderStatus::OnHold || st == OrderStatus::Failed)
                if (auto t = m_lifecycle.transition(
                        w, orderId, OrderStatus::Validated,
                        QStringLiteral("supplier payment retried"), actor,
                        {{QStringLiteral("closed_supplier_order_id"), so.supplierOrderId},
                         {QStringLiteral("out_order_id"), r.outOrderId}});
                    !t)
                    return std::unexpected(t.error());
            tasks::EnqueueRequest req;
            req.kind = QStringLiteral("order_manager.submit_to_supplier");
            req.input = {{QStringLiteral("prepared_order"),
                          QJsonObject{{QStringLiteral("order_id"), orderId},
                                      {QStringLiteral("supplier_orders"),
                                       QJsonArray{QJsonObject{{QStringLiteral("id"), so.id}}}}}}};
            req.idempotencyKey = QStringLiteral("retry-payment:%1").arg(r.outOrderId);
            req.correlationId = actor;
            auto task = m_tasks.enqueue(w, req);
            if (!task)
                return std::unexpected(task.error());
            r.taskId = task->id;
            return r;
        });
    if (done)
        m_tasks.wake();
    return done;
}

DbResult<OrderService::Resolved>
OrderService::resolveUnconfirmed(qint64 orderId, qint64 supplierOrderId,
                                 const std::optional<QString> &aeOrderId,
                                 const QString &actor) const
{
    const storage::SupplierOrderRepository repo;
    const auto conflict = [](const QString &why) {
        return std::unexpected(DbError{DbError::Kind::Conflict, why});
    };
    auto done = m_store.writeAndWait<Resolved>([&](WriteContext &w) -> DbResult<Resolved> {
        auto found = repo.get(w.db(), supplierOrderId);
        if (!found)
            return std::unexpected(found.error());
        if (!found->has_value() || (*found)->orderId != orderId)
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("order %1 has no supplier order %2")
                                                     .arg(orderId)
                                                     .arg(supplierOrderId)});
        const SupplierOrder &so = **found;
        if (!so.supplierOrderId.isEmpty() || (so.status != QLatin1String("submitting") &&
                                              so.status != QLatin1String("cancel_requested")))
            return conflict(
                QStringLiteral("supplier order %1 is %2%3: not waiting for an answer")
                    .arg(so.outOrderId, so.status,
                         so.supplierOrderId.isEmpty()
                             ? QString()
                             : QStringLiteral(" as AliExpress order ") + so.supplierOrderId));
        // A run still placing it may yet see the answer or ask again: its outcome, not the
        // operator's reading, is then the truth (cancel the run first).
        auto running = storage::exec(
            w.db(),
            QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE trigger_key = ? AND state = "
                           "'running'"),
            {runKey(orderId)});
        if (!running)
            return std::unexpected(running.error());
        if (running->next() && running->value(0).toLongLong() > 0)
            return conflict(QStringLiteral("order %1 has a running workflow that may still place "
                                           "supplier order %2: wait for it or cancel it first")
                                .arg(orderId)
                                .arg(so.outOrderId));
        running->finish();
        Resolved out;
        if (aeOrderId) {
            auto taken = storage::exec(
                w.db(),
                QStringLiteral("SELECT id FROM supplier_orders WHERE supplier_order_id = ?"),
                {*aeOrderId});
            if (!taken)
                return std::unexpected(taken.error());
            if (taken->next())
                return conflict(QStringLiteral("AliExpress order %1 is already supplier order %2's")
                                    .arg(*aeOrderId)
                                    .arg(taken->value(0).toLongLong()));
            taken->finish();
            auto c = repo.confirm(w, so.id, *aeOrderId, storage::nowMs());
            if (!c)
                return std::unexpected(c.error());
            if (!*c)
                return conflict(QStringLiteral("supplier order %1 changed meanwhile").arg(so.id));
            if (auto t = m_lifecycle.orderedOnceAllPlaced(
                    w, orderId, QStringLiteral("supplier order found at AliExpress by an operator"),
                    actor);
                !t)
                return std::unexpected(t.error());
        } else {
            // Not there: placed now if its order still wants it (validated), under the same
            // out_order_id; otherwise failed (cancelled when flagged) for the operator to decide.
            auto o = m_orders.get(w.db(), orderId);
            if (!o)
                return std::unexpected(o.error());
            const bool place = so.status == QLatin1String("submitting") && o->has_value() &&
                               (*o)->status == OrderStatus::Validated;
            auto r = repo.refused(w, so.id,
                                  place ? QStringLiteral("prepared") : QStringLiteral("failed"),
                                  QStringLiteral("not at AliExpress (checked by %1)").arg(actor));
            if (!r)
                return std::unexpected(r.error());
            if (!*r)
                return conflict(QStringLiteral("supplier order %1 changed meanwhile").arg(so.id));
            if (place) {
                tasks::EnqueueRequest req;
                req.kind = QStringLiteral("order_manager.submit_to_supplier");
                req.input = {
                    {QStringLiteral("prepared_order"),
                     QJsonObject{{QStringLiteral("order_id"), orderId},
                                 {QStringLiteral("supplier_orders"),
                                  QJsonArray{QJsonObject{{QStringLiteral("id"), so.id}}}}}}};
                req.idempotencyKey =
                    QStringLiteral("resolve:%1:%2").arg(so.id).arg(storage::nowMs());
                req.correlationId = actor;
                auto task = m_tasks.enqueue(w, req);
                if (!task)
                    return std::unexpected(task.error());
                out.taskId = task->id;
            }
        }
        auto now = repo.get(w.db(), so.id);
        if (!now)
            return std::unexpected(now.error());
        out.supplierOrder = now->value_or(so);
        return out;
    });
    if (done && done->taskId)
        m_tasks.wake();
    return done;
}

} // namespace dc::orders
