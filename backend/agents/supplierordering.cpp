// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/supplierordering.h"

#include "agents/agentutil.h"
#include "catalog/offerservice.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"

namespace dc::agents {

using aliexpress::AeError;
using orders::Margin;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;

ActionResult SupplierOrdering::prepareSupplierOrder(TaskContext &ctx)
{
    return prepare(ctx, false);
}

ActionResult SupplierOrdering::prepare(TaskContext &ctx, bool writeNow)
{
    const qint64 id = idOf(ctx.input, "order_id");
    auto o = loadOrder(m_steps.orders, m_steps.store, id);
    if (!o)
        return std::unexpected(o.error());
    const Order &order = *o;
    if (order.status == OrderStatus::Cancelled || order.status == OrderStatus::Refunded)
        return fail(QStringLiteral("ORDER_CLOSED"),
                    QStringLiteral("order %1 is %2").arg(id).arg(orderStatusName(order.status)));
    if (order.status != OrderStatus::Validated && order.status != OrderStatus::SupplierOrdered &&
        order.status != OrderStatus::OnHold)
        return fail(QStringLiteral("WRONG_STATE"),
                    QStringLiteral("order %1 is %2: validate it first")
                        .arg(id)
                        .arg(orderStatusName(order.status)));
    const storage::CatalogRepository catalog;
    struct Group
    {
        qint64 supplierId = 0;
        QString supplierName, platform;
        QJsonArray lines;
        qint64 cost = 0, shipping = 0;
    };
    QMap<qint64, Group> groups;
    QJsonArray backups;
    for (const LineItem &li : order.lineItems) {
        auto v = catalog.findVariantByShopifyId(m_steps.store.reader(), li.shopifyVariantId);
        if (!v)
            return storeFailure(v.error());
        if (!v->has_value())
            return m_steps.hold(id, QStringLiteral("unmapped_item"), QStringLiteral("NO_OFFER"),
                                QStringLiteral("%1: variant %2 is not in the catalog")
                                    .arg(li.title)
                                    .arg(li.shopifyVariantId));
        auto offers =
            catalog.offersForVariant(m_steps.store.reader(), (*v)->id, order.shippingCountry);
        if (!offers)
            return storeFailure(offers.error());
        if (offers->isEmpty())
            return m_steps.hold(id, QStringLiteral("unmapped_item"), QStringLiteral("NO_OFFER"),
                                QStringLiteral("%1: no supplier offer ships to %2")
                                    .arg(li.title, order.shippingCountry));
        QStringList skipped;
        const SupplierOffer *chosen =
            catalog::chooseOffer(*offers, order.currency, li.quantity, &skipped);
        if (!chosen)
            return m_steps.hold(
                id, QStringLiteral("out_of_stock"), QStringLiteral("OUT_OF_STOCK"),
                QStringLiteral("%1 × %2: %3").arg(li.quantity).arg(li.title, skipped.join(u"; ")));
        if (chosen->id != offers->first().id)
            backups.append(QJsonObject{{QStringLiteral("line_item_id"), li.id},
                                       {QStringLiteral("offer_id"), chosen->id},
                                       {QStringLiteral("instead_of"), offers->first().id},
                                       {QStringLiteral("why"), skipped.join(u"; ")}});
        auto supplier = catalog.supplier(m_steps.store.reader(), chosen->supplierId);
        if (!supplier)
            return storeFailure(supplier.error());
        Group &g = groups[chosen->supplierId];
        g.supplierId = chosen->supplierId;
        g.supplierName = supplier->has_value() ? (*supplier)->name : QString();
        g.platform = supplier->has_value() ? (*supplier)->platform : QString();
        g.cost += chosen->cost.minor * li.quantity;
        g.shipping += chosen->shippingCost.minor;
        QJsonObject line{{QStringLiteral("line_item_id"), li.id},
                         {QStringLiteral("variant_id"), (*v)->id},
                         {QStringLiteral("offer_id"), chosen->id},
                         {QStringLiteral("product_id"), chosen->supplierProductId},
                         {QStringLiteral("sku_id"), chosen->supplierSkuId},
                         {QStringLiteral("quantity"), li.quantity},
                         {QStringLiteral("cost_minor"), chosen->cost.minor * li.quantity}};
        // Not known yet (an offer typed by hand): looked up when the order is placed.
        if (chosen->supplierSkuAttr)
            line.insert(QStringLiteral("sku_attr"), *chosen->supplierSkuAttr);
        g.lines.append(line);
    }
    if (groups.isEmpty())
        return m_steps.hold(id, QStringLiteral("unmapped_item"), QStringLiteral("NO_OFFER"),
                            QStringLiteral("the order has no line items"));
    qint64 cost = 0, shipping = 0;
    for (const Group &g : std::as_const(groups)) {
        cost += g.cost;
        shipping += g.shipping;
    }
    const Margin margin = m_steps.marginOf(order, cost, shipping);
    if (auto held = m_steps.holdIfLowMargin(order, margin))
        return *held;
    if (order.status == OrderStatus::OnHold) {
        // Held for stock or margin, and now both are fine (stock came back, an operator
        // approved): back into the flow. Other holds need their own fix first.
        if (order.holdReason != QLatin1String("out_of_stock") &&
            order.holdReason != QLatin1String("low_margin"))
            return fail(QStringLiteral("WRONG_STATE"),
                        QStringLiteral("order %1 is on hold (%2)").arg(id).arg(order.holdReason));
        auto t = m_steps.move(id, OrderStatus::Validated, QStringLiteral("hold cleared"));
        if (!t)
            return storeFailure(t.error());
    }

    // The rows, one per supplier, as the output lists them; the write adds each row's id and
    // whether it was already placed (a step run again).
    QJsonArray planned;
    QList<SupplierOrder> rows;
    for (const Group &g : std::as_const(groups)) {
        SupplierOrder so;
        so.orderId = id;
        so.supplierId = g.supplierId;
        so.outOrderId = QStringLiteral("DC%1S%2").arg(id).arg(g.supplierId);
        so.lines = g.lines;
        so.cost = {g.cost, order.currency};
        so.shipping = {g.shipping, order.currency};
        rows.append(so);
        planned.append(QJsonObject{{QStringLiteral("supplier_id"), g.supplierId},
                                   {QStringLiteral("supplier"), g.supplierName},
                                   {QStringLiteral("platform"), g.platform},
                                   {QStringLiteral("out_order_id"), so.outOrderId},
                                   {QStringLiteral("cost_minor"), g.cost},
                                   {QStringLiteral("shipping_minor"), g.shipping},
                                   {QStringLiteral("lines"), g.lines}});
    }
    QJsonObject out = margin.toJson();
    out.insert(QStringLiteral("order_id"), id);
    out.insert(QStringLiteral("currency"), order.currency);
    out.insert(QStringLiteral("approved_by"), order.marginApprovedBy);
    out.insert(QStringLiteral("supplier_orders"), planned);
    out.insert(QStringLiteral("backups"), backups);
    auto write = [rows, planned, id](WriteContext &w, QJsonObject result) -> DbResult<QJsonObject> {
        // Read again where the rows are written: a cancellation stored since the order was read
        // drops unplaced rows, which must not appear after it.
        auto q = exec(w.db(), QStringLiteral("SELECT status FROM orders WHERE id = ?"), {id});
        if (!q)
            return std::unexpected(q.error());
        const QString status = q->next() ? q->value(0).toString() : QString();
        q->finish();
        if (status == orderStatusName(OrderStatus::Cancelled) ||
            status == orderStatusName(OrderStatus::Refunded))
            return std::unexpected(
                storage::DbError{storage::DbError::Kind::Conflict,
                                 QStringLiteral("order %1 is %2").arg(id).arg(status)});
        const storage::SupplierOrderRepository repo;
        QJsonArray described = planned;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            auto p = repo.prepare(w, rows[i]);
            if (!p)
                return std::unexpected(p.error());
            QJsonObject d = described[i].toObject();
            d.insert(QStringLiteral("id"), p->id);
            d.insert(QStringLiteral("already_placed"), p->placed);
            described[i] = d;
        }
        result.insert(QStringLiteral("supplier_orders"), described);
        return result;
    };
    if (!writeNow) {
        // Written with the step's success (tasks::OutcomeWrite): one commit fewer before the
        // order is placed.
        ctx.writeOnSuccess(std::move(write));
        return out;
    }
    auto written =
        m_steps.store.writeAndWait<QJsonObject>([&](WriteContext &w) { return write(w, out); });
    if (!written)
        return storeFailure(written.error());
    return *written;
}

namespace {
// How long after its first ask a supplier order without an answer may be asked for again under
// the same out_order_id (AliExpress finds a repeated one for about 24 h).
constexpr qint64 kResendWindowMs = 12 * 3'600'000LL;

// Where the order stands for a new supplier order, read in the transaction that marks one.
enum class OrderGate {
    Open,      // validated, supplier_ordered, or held by this loop's own supplier problems
    Cancelled, // cancelled, refunded, or held because Shopify cancelled it after a placement
    Held,      // anything else (an operator's hold, a fulfilment elsewhere, failed): not now
};
struct GateRead
{
    OrderGate gate = OrderGate::Cancelled;
    QString status, holdReason;
};

DbResult<GateRead> orderGate(QSqlDatabase db, qint64 id)
{
    auto q = exec(db, QStringLiteral("SELECT status, hold_reason FROM orders WHERE id = ?"), {id});
    if (!q)
        return std::unexpected(q.error());
    GateRead r;
    if (!q->next())
        return r; // deleted: closed
    r.status = q->value(0).toString();
    r.holdReason = q->value(1).toString();
    const auto is = [&](OrderStatus s) { return r.status == orderStatusName(s); };
    if (is(OrderStatus::Validated) || is(OrderStatus::SupplierOrdered) ||
        (is(OrderStatus::OnHold) && r.holdReason.startsWith(QLatin1String("supplier_"))))
        r.gate = OrderGate::Open;
    else if (!is(OrderStatus::Cancelled) && !is(OrderStatus::Refunded) &&
             !(is(OrderStatus::OnHold) && r.holdReason == QLatin1String("store_cancelled")))
        r.gate = OrderGate::Held; // held for something else, failed, ...: not now
    return r;
}

// Whether the order's lines (quantity by line item) differ from what the supplier rows, none
// placed or being placed yet, would buy.
bool linesChanged(const Order &order, const QList<SupplierOrder> &rows)
{
    QHash<qint64, qint64> wanted, prepared;
    for (const LineItem &li : order.lineItems)
        if (li.quantity > 0)
            wanted[li.id] += li.quantity;
    for (const SupplierOrder &so : rows) {
        if (!so.supplierOrderId.isEmpty() || so.status == QLatin1String("submitting"))
            return false;
        for (const QJsonValue &l : so.lines)
            if (const qint64 q = l[QStringLiteral("quantity")].toInteger(); q > 0)
                prepared[l[QStringLiteral("line_item_id")].toInteger()] += q;
    }
    return wanted != prepared;
}
} // namespace

std::expected<SupplierOrdering::Items, ActionFailure>
SupplierOrdering::itemsOf(const SupplierOrder &so, const Order &order)
{
    Items out;
    QHash<QString, aliexpress::ProductInfo> read;
    for (const QJsonValue &l : so.lines) {
        const QJsonObject line = l.toObject();
        const QString product = line.value(QStringLiteral("product_id")).toString();
        const QString skuId = line.value(QStringLiteral("sku_id")).toString();
        QString attr = line.value(QStringLiteral("sku_attr")).toString();
        if (!line.contains(QStringLiteral("sku_attr"))) {
            if (!read.contains(product)) {
                auto p = m_steps.aliexpress.product(product, order.shippingCountry, order.currency);
                if (!p)
                    return std::unexpected(failureOf(p.error().toError()));
                read.insert(product, *p);
            }
            const QList<aliexpress::SkuInfo> &skus = read[product].skus;
            const auto s = std::find_if(skus.cbegin(), skus.cend(), [&](const auto &k) {
                return k.skuId == skuId || (skuId.isEmpty() && skus.size() == 1);
            });
            if (s == skus.cend()) {
                out.missingSku =
                    QStringLiteral("AliExpress product %1 has no SKU %2 any more: "
                                   "map the variant again")
                        .arg(product, skuId.isEmpty() ? QStringLiteral("(none named)") : skuId);
                return out;
            }
            attr = s->skuAttr;
        }
        out.items.append({product, attr, line.value(QStringLiteral("quantity")).toInt(),
                          m_steps.settings.logisticsService});
    }
    return out;
}

ActionResult SupplierOrdering::submitToSupplier(TaskContext &ctx)
{
    const QJsonObject prepared = ctx.input.value(QStringLiteral("prepared_order")).toObject();
    const qint64 id = idOf(prepared, "order_id");
    auto o = loadOrder(m_steps.orders, m_steps.store, id);
    if (!o)
        return std::unexpected(o.error());
    const Order &order = *o;
    if (order.status != OrderStatus::Validated && order.status != OrderStatus::SupplierOrdered)
        return fail(QStringLiteral("WRONG_STATE"),
                    QStringLiteral("order %1 is %2%3; only a validated order is submitted")
                        .arg(id)
                        .arg(orderStatusName(order.status),
                             order.holdReason.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" (%1)").arg(order.holdReason)));
    const storage::SupplierOrderRepository repo;
    // The rows are the truth, not the input: a caller cannot slip in other costs or lines.
    auto rows = repo.forOrder(m_steps.store.reader(), id);
    if (!rows)
        return storeFailure(rows.error());
    QSet<qint64> wanted;
    for (const QJsonValue &v : prepared.value(QStringLiteral("supplier_orders")).toArray())
        wanted.insert(idOf(v.toObject(), "id"));
    qint64 cost = 0, shipping = 0;
    QList<SupplierOrder> toSubmit;
    for (const SupplierOrder &so : *rows) {
        if (!wanted.contains(so.id) || so.status == QLatin1String("cancelled"))
            continue;
        cost += so.cost.minor;
        shipping += so.shipping.minor;
        toSubmit.append(so);
    }
    if (toSubmit.isEmpty())
        return fail(QStringLiteral("NOTHING_TO_SUBMIT"),
                    QStringLiteral("order %1 has no prepared supplier order").arg(id));
    // Lines edited in Shopify since the rows were prepared (a quantity, a line added or
    // removed): prepared again from the order as it is now, before anything is bought. Once a
    // supplier order is placed, an edit is the operator's (order.changed_after_supplier).
    if (!ctx.input.value(QStringLiteral("prepared_again")).toBool() &&
        linesChanged(order, toSubmit)) {
        qCInfo(lcAgents) << "order" << id
                         << "changed in the store since its supplier orders were prepared";
        // The same context, not a copy: the placement's last write is registered on it.
        ctx.input = QJsonObject{{QStringLiteral("order_id"), id}};
        auto re = prepare(ctx, true);
        if (!re)
            return re;
        ctx.input = QJsonObject{{QStringLiteral("prepared_order"), *re},
                                {QStringLiteral("prepared_again"), true}};
        return submitToSupplier(ctx);
    }
    // Checked again here: a caller of this action alone cannot skip the margin guard.
    if (auto held = m_steps.holdIfLowMargin(order, m_steps.marginOf(order, cost, shipping)))
        return *held;

    aliexpress::OrderAddress address;
    if (order.shippingAddress) {
        const Address &a = *order.shippingAddress;
        address = {a.name,     a.name, a.address1,    a.address2, a.city,
                   a.province, a.zip,  a.countryCode, a.phone};
    }
    const storage::CatalogRepository catalog;
    QJsonArray results;
    bool anyUnpaid = false;
    bool cancelledWhileUnpaid = false;
    // In a transaction that records a placement: whether the order was cancelled meanwhile.
    // Then the operator is told in it, so that a failure in between cannot leave the order
    // closed and the placement untold (a retry stops at the order's state).
    auto cancelledTold = [&](WriteContext &w) -> DbResult<bool> {
        return tellIfCancelled(w, ctx.correlationId, order, results);
    };
    // The order's move to supplier_ordered, decided in a transaction that reads the order
    // again: a cancellation that committed while the supplier orders were placed (held
    // store_cancelled, or cancelled) is not overwritten. `closed`: it was.
    bool closed = false;
    auto moveOrdered = [&](WriteContext &w) -> DbResult<bool> {
        closed = false; // a job may run twice (storage/writer.cpp)
        auto c = cancelledTold(w);
        if (!c)
            return std::unexpected(c.error());
        if (*c) {
            closed = true;
            return false;
        }
        return m_steps.lifecycle.transition(
            w, id, OrderStatus::SupplierOrdered, QStringLiteral("supplier order placed"),
            QStringLiteral("agent:order_manager"), {{QStringLiteral("supplier_orders"), results}});
    };
    for (qsizetype i = 0; i < toSubmit.size(); ++i) {
        SupplierOrder so = toSubmit.at(i);
        if (!so.supplierOrderId.isEmpty()) {
            results.append(QJsonObject{{QStringLiteral("id"), so.id},
                                       {QStringLiteral("supplier_id"), so.supplierId},
                                       {QStringLiteral("out_order_id"), so.outOrderId},
                                       {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                       {QStringLiteral("already_existed"), true}});
            continue;
        }
        auto supplier = catalog.supplier(m_steps.store.reader(), so.supplierId);
        if (!supplier)
            return storeFailure(supplier.error());
        if (!supplier->has_value() || (*supplier)->platform != QLatin1String("aliexpress"))
            return fail(QStringLiteral("UNSUPPORTED_PLATFORM"),
                        QStringLiteral("supplier %1 is not on a platform DropCrew orders from")
                            .arg(so.supplierId));
        auto items = itemsOf(so, order);
        if (!items)
            return std::unexpected(items.error());
        if (!items->missingSku.isEmpty())
            return m_steps.hold(id, QStringLiteral("unmapped_item"), QStringLiteral("SKU_GONE"),
                                items->missingSku);
        // Marked `submitting` in a commit before AliExpress is asked, where the order is read
        // again: a cancellation or a hold stored before it (in Shopify, by an operator, or
        // while earlier supplier orders were placed) stops the purchase; a cancellation stored
        // after it sees a supplier order that may exist and holds the order for the operator
        // (orders/storefollow.cpp) instead of dropping the row, even if AliExpress's answer is
        // lost or the process dies.
        enum class Mark { Marked, Closed, Held, Placed, Gone };
        GateRead gate;
        SupplierOrder now;
        storage::SupplierOrderRepository::Marked mark;
        auto marked = m_steps.store.writeAndWait<Mark>([&](WriteContext &w) -> DbResult<Mark> {
            now = {}; // a job may run twice (storage/writer.cpp)
            auto g = orderGate(w.db(), id);
            if (!g)
                return std::unexpected(g.error());
            gate = *g;
            if (gate.gate != OrderGate::Open)
                return gate.gate == OrderGate::Held ? Mark::Held : Mark::Closed;
            auto m = repo.markSubmitting(w, so.id);
            if (!m)
                return std::unexpected(m.error());
            mark = *m;
            if (m->marked)
                return Mark::Marked;
            // Placed meanwhile by another attempt (a payment retry, a lease taken over), or
            // dropped.
            auto cur = repo.get(w.db(), so.id);
            if (!cur)
                return std::unexpected(cur.error());
            if (!cur->has_value())
                return Mark::Gone;
            now = **cur;
            return now.supplierOrderId.isEmpty() ? Mark::Gone : Mark::Placed;
        });
        if (!marked)
            return storeFailure(marked.error());
        if (*marked == Mark::Closed)
            return results.isEmpty()      ? fail(QStringLiteral("ORDER_CLOSED"),
                                                 QStringLiteral("order %1 was cancelled").arg(id))
                   : cancelledWhileUnpaid ? closedAfterPlacing(id) // told already
                                          : placedAfterCancel(ctx, order, results);
        if (*marked == Mark::Held)
            return fail(
                QStringLiteral("WRONG_STATE"),
                QStringLiteral("order %1 was put on hold (%2)%3: not placed now")
                    .arg(id)
                    .arg(gate.holdReason,
                         results.isEmpty()
                             ? QString()
                             : QStringLiteral(" after %1 of its supplier orders were placed")
                                   .arg(results.size())));
        if (*marked == Mark::Gone)
            return fail(QStringLiteral("WRONG_STATE"),
                        QStringLiteral("supplier order %1 of order %2 is %3: not placed")
                            .arg(so.outOrderId)
                            .arg(id)
                            .arg(now.status.isEmpty() ? QStringLiteral("gone") : now.status));
        if (*marked == Mark::Placed) {
            results.append(QJsonObject{{QStringLiteral("id"), now.id},
                                       {QStringLiteral("supplier_id"), now.supplierId},
                                       {QStringLiteral("out_order_id"), now.outOrderId},
                                       {QStringLiteral("supplier_order_id"), now.supplierOrderId},
                                       {QStringLiteral("already_existed"), true}});
            continue;
        }
        // AliExpress keeps an out_order_id about 24 h: asked again later, an order created by
        // the first ask would not be found but bought a second time.
        if (mark.again && QDateTime::currentMSecsSinceEpoch() - mark.sinceMs > kResendWindowMs)
            return fail(
                QStringLiteral("SUPPLIER_ERROR"),
                QStringLiteral("supplier order %1 of order %2 was asked for at %3 and no "
                               "answer was seen; it is not sent again this late (AliExpress "
                               "forgets an out_order_id after about a day): check the "
                               "AliExpress buyer account")
                    .arg(so.outOrderId)
                    .arg(id)
                    .arg(QDateTime::fromMSecsSinceEpoch(mark.sinceMs, Qt::UTC)
                             .toString(Qt::ISODate)));
        auto placed = m_steps.aliexpress.createOrder(so.outOrderId, address, items->items);
        if (!placed) {
            ActionFailure f = failureOf(placed.error().toError());
            qCWarning(lcAliExpress).noquote() << "order" << id << "supplier order" << so.outOrderId
                                              << "attempt" << ctx.attempt << f.code;
            // Without a readable answer the order may exist at AliExpress: the row stays
            // submitting and the step is retried, whose REPEATED_ORDER_ERROR finds it.
            if (placed.error().mayHaveActed() && !placed.error().retryable)
                f = {QStringLiteral("SUPPLIER_UNAVAILABLE"),
                     f.message + QStringLiteral(" (the order may exist at AliExpress: a retry "
                                                "looks it up by its out_order_id %1)")
                                     .arg(so.outOrderId)};
            // An answered refusal did nothing: the row is placeable again (failed, or
            // prepared for a retry). Unless an earlier attempt's answer was lost: that one may
            // have created it (and taken the stock this one was refused), so it stays
            // submitting, for a retry or a tracking pass to find.
            if (!placed.error().mayHaveActed() && !mark.again) {
                const bool retry = placed.error().retryable;
                (void)m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
                    if (auto u = repo.refused(
                            w, so.id, retry ? QStringLiteral("prepared") : QStringLiteral("failed"),
                            retry ? QString() : f.message);
                        !u)
                        return std::unexpected(u.error());
                    return true;
                });
            }
            if (f.code == QLatin1String("ADDRESS_REJECTED"))
                return m_steps.hold(id, QStringLiteral("address_rejected"), f.code, f.message);
            return std::unexpected(f);
        }
        // Placed; when its automatic payment failed it exists unpaid (the order is held for
        // the operator, who pays it in AliExpress or retries once AliExpress closes it).
        const bool unpaid = !placed->paymentError.isEmpty();
        so.status = unpaid ? QStringLiteral("payment_failed") : QStringLiteral("placed");
        so.supplierOrderId = placed->aeOrderId;
        so.error = placed->paymentError;
        so.placedAt = QDateTime::currentDateTimeUtc();
        if (unpaid) {
            so.problem = QStringLiteral("payment_failed");
            so.supplierStatus = QStringLiteral("PLACE_ORDER_SUCCESS");
        }
        results.append(QJsonObject{{QStringLiteral("id"), so.id},
                                   {QStringLiteral("supplier_id"), so.supplierId},
                                   {QStringLiteral("out_order_id"), so.outOrderId},
                                   {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                   {QStringLiteral("already_existed"), placed->alreadyExisted},
                                   {QStringLiteral("payment_error"), placed->paymentError}});
        // The last one placed, and every one paid: the placement and the order's move are
        // recorded with the step's success (tasks::OutcomeWrite), one commit that frees this
        // action's slot sooner. If that commit never comes (a crash, a lost lease, a store
        // failure), the row stays submitting and the retry's REPEATED_ORDER_ERROR finds the
        // order, or a tracking pass does.
        if (!unpaid && !anyUnpaid && i == toSubmit.size() - 1) {
            ctx.writeOnSuccess(lastPlacementWrite(so, order, results, ctx.correlationId));
            return QJsonObject{
                {QStringLiteral("order_id"), id},
                {QStringLiteral("status"), orderStatusName(OrderStatus::SupplierOrdered)},
                {QStringLiteral("supplier_orders"), results}};
        }
        bool cancelledNow = false;
        auto u = m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            cancelledNow = false; // a job may run twice (storage/writer.cpp)
            if (auto r = recordPlacement(w, so); !r)
                return std::unexpected(r.error());
            // The order moves to supplier_ordered first (it was placed), then to the hold;
            // unless it was cancelled meanwhile: the row keeps the AliExpress order all the same.
            if (unpaid) {
                auto c = cancelledTold(w);
                if (!c)
                    return std::unexpected(c.error());
                if (*c) {
                    cancelledNow = true;
                    return true;
                }
                if (auto t = m_steps.lifecycle.transition(w, id, OrderStatus::SupplierOrdered,
                                                          QStringLiteral("supplier order placed"),
                                                          QStringLiteral("agent:order_manager"));
                    !t)
                    return std::unexpected(t.error());
                if (auto r = m_steps.reportSupplierProblem(
                        w, so,
                        {so.problem,
                         QStringLiteral("AliExpress created order %1 but could not pay it (%2). "
                                        "The dropshipping API has no call to pay it again: pay "
                                        "it in the AliExpress buyer account, or once AliExpress "
                                        "closes it unpaid, retry to place a new supplier order")
                             .arg(so.supplierOrderId, placed->paymentError),
                         true,
                         {}},
                        ctx.correlationId);
                    !r)
                    return std::unexpected(r.error());
            }
            return true;
        });
        if (!u)
            return storeFailure(u.error());
        cancelledWhileUnpaid = cancelledWhileUnpaid || cancelledNow;
        anyUnpaid = anyUnpaid || unpaid;
    }
    if (cancelledWhileUnpaid)
        return closedAfterPlacing(id); // told in that placement's transaction
    if (anyUnpaid)
        return QJsonObject{{QStringLiteral("order_id"), id},
                           {QStringLiteral("status"), orderStatusName(OrderStatus::OnHold)},
                           {QStringLiteral("supplier_orders"), results}};
    // Every one placed before (a retry after the last placement's write was lost or refused).
    const DbResult<bool> t = m_steps.store.writeAndWait<bool>(moveOrdered);
    if (t && closed)
        return closedAfterPlacing(id); // told in the move's transaction
    if (!t && t.error().kind == storage::DbError::Kind::Conflict)
        return placedAfterCancel(ctx, order, results);
    if (!t)
        return storeFailure(t.error());
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("status"), orderStatusName(OrderStatus::SupplierOrdered)},
                       {QStringLiteral("supplier_orders"), results}};
}

bool SupplierOrdering::cancelledMeanwhile(const storage::OrderStatusRow &o)
{
    return o.status == OrderStatus::Cancelled || o.status == OrderStatus::Refunded ||
           (o.status == OrderStatus::OnHold && o.holdReason == QLatin1String("store_cancelled"));
}

DbResult<void> SupplierOrdering::recordPlacement(WriteContext &w, const SupplierOrder &so) const
{
    // An operator's cancellation flagged it while it was asked for: the flag stays (it is
    // cancelled at AliExpress by hand), with the AliExpress order it names now.
    SupplierOrder rec = so;
    auto cur =
        exec(w.db(), QStringLiteral("SELECT status FROM supplier_orders WHERE id = ?"), {so.id});
    if (!cur)
        return std::unexpected(cur.error());
    if (cur->next() && cur->value(0).toString() == QLatin1String("cancel_requested"))
        rec.status = QStringLiteral("cancel_requested");
    cur->finish();
    return storage::SupplierOrderRepository().update(w, rec);
}

DbResult<bool> SupplierOrdering::tellIfCancelled(WriteContext &w, const QString &correlationId,
                                                 const Order &order, const QJsonArray &placed) const
{
    auto now = m_steps.orders.getStatus(w.db(), order.id);
    if (!now)
        return std::unexpected(now.error());
    if (!now->has_value() || !cancelledMeanwhile(**now))
        return false;
    if (auto e = tellPlacedAfterCancel(w, correlationId, order, placed); !e)
        return std::unexpected(e.error());
    return true;
}

tasks::OutcomeWrite SupplierOrdering::lastPlacementWrite(const SupplierOrder &so,
                                                         const Order &order,
                                                         const QJsonArray &placed,
                                                         const QString &correlationId) const
{
    // Copies only: it runs later on the writer thread (the task manager is stopped, its
    // writes done, before the agents go).
    return [this, so, order, placed,
            correlationId](WriteContext &w, QJsonObject result) -> dc::Result<tasks::WriteOutcome> {
        if (auto r = recordPlacement(w, so); !r)
            return std::unexpected(r.error());
        // The move reads the order again: a cancellation that committed while it was placed
        // (held store_cancelled, or cancelled) is not overwritten, and the operator is told in
        // this transaction. Under a savepoint: a refused move leaves the placement recorded.
        bool closed = false;
        auto m = w.underSavepoint<bool>([&]() -> DbResult<bool> {
            closed = false;
            auto c = tellIfCancelled(w, correlationId, order, placed);
            if (!c)
                return std::unexpected(c.error());
            if (*c) {
                closed = true;
                return false;
            }
            return m_steps.lifecycle.transition(w, order.id, OrderStatus::SupplierOrdered,
                                                QStringLiteral("supplier order placed"),
                                                QStringLiteral("agent:order_manager"),
                                                {{QStringLiteral("supplier_orders"), placed}});
        });
        if (!m)
            return std::unexpected(m.error());
        if (!*m && m->error().kind == storage::DbError::Kind::Conflict) {
            if (auto e = tellPlacedAfterCancel(w, correlationId, order, placed); !e)
                return std::unexpected(e.error());
            closed = true;
        } else if (!*m) {
            // The placement stays recorded; the move is retried (the next attempt finds the
            // supplier order placed and moves the order).
            return tasks::WriteOutcome::failure(QStringLiteral("store"), m->error().message, true);
        }
        if (closed)
            return tasks::WriteOutcome::failure(QStringLiteral("ORDER_CLOSED"),
                                                closedAfterPlacingMessage(order.id));
        return tasks::WriteOutcome(std::move(result));
    };
}

// The order was cancelled (by Shopify or an operator) while its supplier order was being placed:
// AliExpress has no cancel API, so the operator is told to cancel it there.
DbResult<qint64> SupplierOrdering::tellPlacedAfterCancel(WriteContext &w,
                                                         const QString &correlationId,
                                                         const Order &order,
                                                         const QJsonArray &placed) const
{
    return m_steps.bus.append(
        w, events::EventDraft{QString(events::topics::kOrderCancelledAfterSupplier),
                              {{QStringLiteral("order_id"), order.id},
                               {QStringLiteral("name"), order.name},
                               {QStringLiteral("reason"),
                                QStringLiteral("cancelled while its supplier order was being "
                                               "placed")},
                               {QStringLiteral("supplier_orders"), placed}},
                              QStringLiteral("order:%1").arg(order.id),
                              QStringLiteral("order_manager"),
                              correlationId,
                              QString()});
}

ActionResult SupplierOrdering::placedAfterCancel(TaskContext &ctx, const Order &order,
                                                 const QJsonArray &placed)
{
    auto e = m_steps.store.writeAndWait<qint64>([&](WriteContext &w) {
        return tellPlacedAfterCancel(w, ctx.correlationId, order, placed);
    });
    if (!e)
        return storeFailure(e.error());
    return closedAfterPlacing(order.id);
}

QString SupplierOrdering::closedAfterPlacingMessage(qint64 orderId)
{
    return QStringLiteral("order %1 was cancelled while its supplier order was placed: cancel it "
                          "at the supplier")
        .arg(orderId);
}

ActionResult SupplierOrdering::closedAfterPlacing(qint64 orderId)
{
    return fail(QStringLiteral("ORDER_CLOSED"), closedAfterPlacingMessage(orderId));
}

} // namespace dc::agents
