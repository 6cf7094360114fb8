// SPDX-License-Identifier: GPL-3.0-or-later
// SupplierOrdering's actions after a placement: the order shipped, the supplier orders cancelled.
#include "agents/supplierordering.h"

#include "agents/agentutil.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/supplierorderrepository.h"

namespace dc::agents {

using storage::DbResult;
using storage::WriteContext;
using tasks::TaskContext;

ActionResult SupplierOrdering::markShipped(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    auto o = loadOrder(m_steps.orders, m_steps.store, id);
    if (!o)
        return std::unexpected(o.error());
    auto ships = storage::ShipmentRepository().shipmentsForOrder(m_steps.store.reader(), id);
    if (!ships)
        return storeFailure(ships.error());
    if (ships->isEmpty())
        return fail(QStringLiteral("NO_SHIPMENT"),
                    QStringLiteral("order %1 has no shipment with tracking yet").arg(id));
    const OrderStatus st = o->status;
    if (st != OrderStatus::SupplierOrdered && st != OrderStatus::Shipped &&
        st != OrderStatus::Delivered)
        return fail(QStringLiteral("WRONG_STATE"),
                    QStringLiteral("order %1 is %2").arg(id).arg(orderStatusName(st)));
    const Shipment &s = ships->last();
    if (st == OrderStatus::SupplierOrdered) {
        auto t = m_steps.move(id, OrderStatus::Shipped, QStringLiteral("shipped"),
                              {{QStringLiteral("carrier"), s.carrier},
                               {QStringLiteral("tracking_number"), s.trackingNumber},
                               {QStringLiteral("tracking_url"), s.trackingUrl}});
        if (!t)
            return storeFailure(t.error());
    }
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("status"), QStringLiteral("shipped")},
                       {QStringLiteral("shipments"), ships->size()},
                       {QStringLiteral("already"), st != OrderStatus::SupplierOrdered}};
}

ActionResult SupplierOrdering::cancelSupplierOrder(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    const storage::SupplierOrderRepository repo;
    int cancelled = 0;
    QJsonArray manual, unconfirmed;
    auto w = m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        cancelled = 0; // a job may run twice (storage/writer.cpp)
        manual = {};
        unconfirmed = {};
        // Read where they are written: a placement recorded meanwhile is not overwritten.
        auto rows = repo.forOrder(w.db(), id);
        if (!rows)
            return std::unexpected(rows.error());
        for (SupplierOrder so : *rows) {
            if (so.status == QLatin1String("prepared") || so.status == QLatin1String("failed")) {
                so.status = QStringLiteral("cancelled");
                ++cancelled;
            } else if (so.status == QLatin1String("placed")) {
                // The dropshipping API has no cancellation: the buyer account cancels it.
                so.status = QStringLiteral("cancel_requested");
                manual.append(so.supplierOrderId);
            } else if (so.status == QLatin1String("submitting")) {
                // Asked for, its answer not (yet) seen: it may exist under its out_order_id.
                // Flagged without touching the rest (its first ask's time stays).
                auto f = repo.flagUnconfirmed(w, so.id);
                if (!f)
                    return std::unexpected(f.error());
                if (*f)
                    unconfirmed.append(so.outOrderId);
                continue;
            } else {
                continue;
            }
            if (auto u = repo.update(w, so); !u)
                return std::unexpected(u.error());
        }
        if (!manual.isEmpty() || !unconfirmed.isEmpty())
            if (auto e = m_steps.bus.append(
                    w,
                    events::EventDraft{QString(events::topics::kAdminNotification),
                                       {{QStringLiteral("subject"),
                                         QStringLiteral("Cancel AliExpress orders by hand")},
                                        {QStringLiteral("order_id"), id},
                                        {QStringLiteral("supplier_order_ids"), manual},
                                        {QStringLiteral("unconfirmed_out_order_ids"), unconfirmed},
                                        {QStringLiteral("reason"),
                                         ctx.input.value(QStringLiteral("reason")).toString()}},
                                       QStringLiteral("order:%1").arg(id),
                                       QStringLiteral("order_manager"),
                                       ctx.correlationId,
                                       QString()});
                !e)
                return std::unexpected(e.error());
        return true;
    });
    if (!w)
        return storeFailure(w.error());
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("cancelled"), cancelled},
                       {QStringLiteral("manual"), manual},
                       {QStringLiteral("unconfirmed"), unconfirmed}};
}

} // namespace dc::agents
