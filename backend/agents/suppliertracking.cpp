// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/suppliertracking.h"

#include "agents/agentutil.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/supplierorderrepository.h"

namespace dc::agents {

using aliexpress::OrderStatusInfo;
using storage::DbResult;
using storage::WriteContext;
using tasks::TaskContext;

namespace {

// AliExpress states before any parcel can exist (aliexpress.trade.ds.order.get's order_status).
const QSet<QString> kBeforeShipping{
    QStringLiteral("PLACE_ORDER_SUCCESS"),       QStringLiteral("PAYMENT_PROCESSING"),
    QStringLiteral("WAIT_SELLER_EXAMINE_MONEY"), QStringLiteral("RISK_CONTROL"),
    QStringLiteral("RISK_CONTROL_HOLD"),         QStringLiteral("WAIT_GROUP"),
    QStringLiteral("WAIT_COMPLETE_ADDRESS"),     QStringLiteral("IN_CANCEL")};
// logistics_status values that say goods left the seller.
const QSet<QString> kSent{QStringLiteral("SELLER_SEND_PART_GOODS"),
                          QStringLiteral("SELLER_SEND_GOODS"),
                          QStringLiteral("BUYER_ACCEPT_GOODS")};

// AliExpress states of a paid order going its normal way (RISK_CONTROL: the routine check
// after every payment).
const QSet<QString> kPaidOpen{
    QStringLiteral("WAIT_SELLER_SEND_GOODS"), QStringLiteral("SELLER_PART_SEND_GOODS"),
    QStringLiteral("WAIT_BUYER_ACCEPT_GOODS"), QStringLiteral("RISK_CONTROL")};

bool over(const QString &status)
{
    // FINISH is both "received" and "closed" (the docs' "confirm receipt/close order");
    // FUND_PROCESSING and ARCHIVE are what older answers call the same end.
    return status == QLatin1String("FINISH") || status == QLatin1String("FUND_PROCESSING") ||
           status == QLatin1String("ARCHIVE");
}

} // namespace

SupplierTracking::Reading SupplierTracking::read(const SupplierOrder &so, const OrderStatusInfo &ae)
{
    const QString &st = ae.status;
    const QString id = ae.aeOrderId;
    const bool sent = so.shippedAt.isValid() || kSent.contains(ae.logisticsStatus);
    const bool askedToCancel = so.status == QLatin1String("cancel_requested");
    Reading r;
    r.readParcels = !kBeforeShipping.contains(st) && !askedToCancel;
    r.problem.endReason = ae.endReason;
    if (over(st) && !sent && !askedToCancel) {
        // Closed before anything shipped. Why, from end_reason (or what we saw before it
        // closed): unpaid orders time out, risk control rejects, sellers cancel.
        const QString why = ae.endReason.toLower();
        const QString reason = ae.endReason.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (end reason %1)").arg(ae.endReason);
        r.status = QStringLiteral("closed");
        r.readParcels = false;
        if (so.problem == QLatin1String("payment_failed") || why.contains(QLatin1String("pay"))) {
            r.problem.code = QStringLiteral("payment_failed");
            r.problem.retryable = true;
            r.problem.detail =
                QStringLiteral("AliExpress closed order %1 unpaid%2: nothing will ship. Retrying "
                               "places a new supplier order (POST retry_path)")
                    .arg(id, reason);
        } else if (so.problem == QLatin1String("risk_control") ||
                   why.contains(QLatin1String("risk"))) {
            r.problem.code = QStringLiteral("risk_control");
            r.problem.detail = QStringLiteral("AliExpress's risk control closed order %1%2: "
                                              "nothing will ship; order from another supplier "
                                              "or cancel the order")
                                   .arg(id, reason);
        } else {
            r.problem.code = QStringLiteral("supplier_cancelled");
            r.problem.detail = QStringLiteral("AliExpress order %1 was closed before it "
                                              "shipped%2: nothing will ship; order from another "
                                              "supplier or cancel the order")
                                   .arg(id, reason);
        }
        return r;
    }
    if (askedToCancel) {
        // We asked for it by hand: closed is the answer, anything else is still waiting.
        r.status = over(st) && !sent ? QStringLiteral("cancelled") : so.status;
        return r;
    }
    if (st == QLatin1String("PLACE_ORDER_SUCCESS")) {
        r.status = QStringLiteral("payment_failed");
        r.problem = {
            QStringLiteral("payment_failed"),
            QStringLiteral("AliExpress order %1 is not paid%2. The dropshipping API has "
                           "no call to pay it again: pay it in the AliExpress buyer "
                           "account (the next tracking pass sees it), or once AliExpress "
                           "closes it unpaid, retry to place a new supplier order")
                .arg(id, so.error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(so.error)),
            true, ae.endReason};
    } else if (st == QLatin1String("RISK_CONTROL_HOLD")) {
        // RISK_CONTROL alone is the routine check of every payment (up to 24 h): not a problem.
        r.status = QStringLiteral("risk_control");
        r.problem = {QStringLiteral("risk_control"),
                     QStringLiteral("AliExpress's risk control holds order %1 after payment: "
                                    "appeal in the AliExpress buyer account, or wait for it to be "
                                    "closed and refunded")
                         .arg(id),
                     false, ae.endReason};
    } else if (st == QLatin1String("WAIT_COMPLETE_ADDRESS")) {
        r.status = QStringLiteral("address_incomplete");
        r.problem = {QStringLiteral("address_incomplete"),
                     QStringLiteral("AliExpress order %1 waits for a complete shipping address: "
                                    "complete it in the AliExpress buyer account")
                         .arg(id),
                     false, ae.endReason};
    } else if (st == QLatin1String("IN_CANCEL")) {
        r.status = QStringLiteral("cancelling");
        r.problem = {QStringLiteral("supplier_cancelled"),
                     QStringLiteral("AliExpress order %1 is being cancelled (IN_CANCEL): it will "
                                    "not ship; order from another supplier or cancel the order")
                         .arg(id),
                     false, ae.endReason};
    } else {
        // On its way (or delivered): the parcels decide between placed, shipped and delivered.
        r.status = so.status == QLatin1String("shipped") ? so.status : QStringLiteral("placed");
    }
    return r;
}

std::expected<SupplierTracking::Look, SupplierTracking::LookFailure>
SupplierTracking::look(SupplierOrder so, TaskContext &ctx)
{
    const auto aeFailure = [](const aliexpress::AeError &e) {
        const dc::Error err = e.toError();
        return std::unexpected(LookFailure{err.machineCode(), err.message, e.retryable});
    };
    auto status = m_steps.aliexpress.order(so.supplierOrderId);
    if (!status)
        return aeFailure(status.error());
    const Reading reading = read(so, *status);
    QList<aliexpress::TrackingLine> lines;
    if (reading.readParcels) {
        auto t = m_steps.aliexpress.tracking(so.supplierOrderId);
        if (!t)
            return aeFailure(t.error());
        lines = *t;
    }
    const storage::SupplierOrderRepository repo;
    const storage::ShipmentRepository shipments;
    const bool finished = over(status->status);
    // Split parcels: the supplier order is delivered when AliExpress says it is over after
    // shipping, or when every parcel is and none is still to come.
    const bool partial = status->status == QLatin1String("SELLER_PART_SEND_GOODS") ||
                         status->logisticsStatus == QLatin1String("SELLER_SEND_PART_GOODS");
    const QString before = so.status, problemBefore = so.problem;
    Look look;
    auto w = m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        look = {};
        bool allDelivered = !lines.isEmpty() && !partial;
        for (const aliexpress::TrackingLine &l : std::as_const(lines)) {
            auto known = shipments.shipmentsForOrder(w.db(), so.orderId);
            if (!known)
                return std::unexpected(known.error());
            bool existed = false;
            for (const Shipment &s : *known)
                existed = existed || s.trackingNumber == l.trackingNumber;
            bool delivered = finished;
            QList<TrackingEvent> events;
            for (const auto &n : l.nodes) {
                events.append({n.at, n.name, n.description, QString()});
                delivered = delivered || n.name.contains(QLatin1String("elivered"));
            }
            allDelivered = allDelivered && delivered;
            Shipment s;
            s.orderId = so.orderId;
            s.supplierOrderId = so.supplierOrderId;
            s.carrier = l.carrier;
            s.trackingNumber = l.trackingNumber;
            s.trackingUrl = QStringLiteral("https://t.17track.net/en#nums=") + l.trackingNumber;
            s.status = delivered ? QStringLiteral("delivered") : QStringLiteral("in_transit");
            auto sid = shipments.upsertShipment(w, s);
            if (!sid)
                return std::unexpected(sid.error());
            if (auto e = shipments.addTrackingEvents(w, *sid, events); !e)
                return std::unexpected(e.error());
            if (existed)
                continue;
            ++look.newShipments;
            const QJsonObject data{{QStringLiteral("order_id"), so.orderId},
                                   {QStringLiteral("shipment_id"), *sid},
                                   {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                   {QStringLiteral("carrier"), s.carrier},
                                   {QStringLiteral("tracking_number"), s.trackingNumber},
                                   {QStringLiteral("tracking_url"), s.trackingUrl}};
            look.shipments.append(data);
            if (auto e = m_steps.bus.append(
                    w, events::EventDraft{QString(events::topics::kShipmentCreated), data,
                                          QStringLiteral("order:%1").arg(so.orderId),
                                          QStringLiteral("order_manager"), ctx.correlationId,
                                          QString()});
                !e)
                return std::unexpected(e.error());
        }
        SupplierOrder next = so;
        next.status = reading.status;
        next.supplierStatus = status->status;
        next.problem = reading.problem.code;
        next.lastError.clear();
        next.checkedAt = QDateTime::currentDateTimeUtc();
        if (reading.problem.code.isEmpty() && reading.readParcels) {
            if (!lines.isEmpty() && !next.shippedAt.isValid())
                next.shippedAt = next.checkedAt;
            if ((allDelivered || (finished && !lines.isEmpty())) && !next.deliveredAt.isValid())
                next.deliveredAt = next.checkedAt;
            next.status = next.deliveredAt.isValid() ? QStringLiteral("delivered")
                          : !lines.isEmpty()         ? QStringLiteral("shipped")
                                                     : next.status;
        }
        if (auto u = repo.update(w, next); !u)
            return std::unexpected(u.error());
        // Once per change: the same problem read again says nothing new.
        if (!next.problem.isEmpty() && (next.status != before || next.problem != problemBefore))
            if (auto r = m_steps.reportSupplierProblem(w, next, reading.problem, ctx.correlationId);
                !r)
                return std::unexpected(r.error());
        look.delivered = next.status == QLatin1String("delivered");
        look.problemCleared = next.problem.isEmpty() && !problemBefore.isEmpty();
        return true;
    });
    if (!w)
        return std::unexpected(LookFailure{QStringLiteral("store"), w.error().message, true});
    return look;
}

void SupplierTracking::settleOrders(const QSet<qint64> &cleared, const QSet<qint64> &delivered)
{
    const storage::SupplierOrderRepository repo;
    for (qint64 orderId : cleared) {
        auto all = repo.forOrder(m_steps.store.reader(), orderId);
        auto o = m_steps.orders.get(m_steps.store.reader(), orderId);
        if (!all || !o || !o->has_value() || (*o)->status != OrderStatus::OnHold ||
            !(*o)->holdReason.startsWith(QLatin1String("supplier_")))
            continue;
        bool clear = true;
        for (const SupplierOrder &s : *all)
            clear = clear && s.problem.isEmpty();
        if (clear)
            (void)m_steps.move(orderId, OrderStatus::SupplierOrdered,
                               QStringLiteral("supplier problem cleared"));
    }
    // An order is delivered when every one of its supplier orders is.
    for (qint64 orderId : delivered) {
        auto all = repo.forOrder(m_steps.store.reader(), orderId);
        auto o = m_steps.orders.get(m_steps.store.reader(), orderId);
        if (!all || !o || !o->has_value() || (*o)->status != OrderStatus::Shipped)
            continue;
        bool done = true;
        for (const SupplierOrder &s : *all)
            done = done && (s.status == QLatin1String("delivered") ||
                            s.status == QLatin1String("cancelled"));
        if (done)
            (void)m_steps.move(orderId, OrderStatus::Delivered, QStringLiteral("delivered"));
    }
}

void SupplierTracking::confirmUnanswered(TaskContext &ctx)
{
    // Asked for a while ago and never answered (a lost answer, a crash, a run that gave up):
    // looked up by out_order_id. Found, its AliExpress id is recorded and the next passes track
    // it; otherwise it stays for the operator, who was told when it mattered.
    // Asked for at least 5 minutes ago (an attempt lasts a few), and at most 3 days ago:
    // AliExpress forgets an out_order_id after about a day, and by then the operator knows.
    constexpr qint64 kQuietMs = 5 * 60'000;
    constexpr qint64 kGiveUpMs = 3 * 86'400'000LL;
    const storage::SupplierOrderRepository repo;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto rows = repo.unconfirmed(m_steps.store.reader(), now - kGiveUpMs, now - kQuietMs, 20);
    if (!rows)
        return;
    for (const SupplierOrder &so : std::as_const(*rows)) {
        if (ctx.cancelled())
            return;
        auto found = m_steps.aliexpress.order(QString(), so.outOrderId);
        const qint64 at = QDateTime::currentMSecsSinceEpoch();
        (void)m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            if (found && !found->aeOrderId.isEmpty()) {
                auto c = repo.confirm(w, so.id, found->aeOrderId, at);
                if (!c || !*c)
                    return c;
                // Paid and on its way at AliExpress: otherwise the next pass reads its state
                // (unpaid, held, closed) and holds the order as it would any placed one.
                if (!kPaidOpen.contains(found->status))
                    return true;
                return orderedOnceAllPlaced(w, so.orderId);
            }
            const QString error =
                found ? QStringLiteral("no order id in the answer")
                      : found.error().code + QStringLiteral(": ") + found.error().message;
            if (auto r = repo.recordCheck(w, so.id, error, at); !r)
                return std::unexpected(r.error());
            return false;
        });
        if (found)
            qCInfo(lcAgents).noquote()
                << "tracking: supplier order" << so.outOrderId << "of order" << so.orderId
                << "found at AliExpress as" << found->aeOrderId;
    }
}

DbResult<bool> SupplierTracking::orderedOnceAllPlaced(WriteContext &w, qint64 orderId)
{
    // The submission gave up without an answer: the order is still validated. Under a
    // savepoint: a refused move leaves the AliExpress id recorded.
    auto t = w.underSavepoint<bool>([&] {
        return m_steps.lifecycle.orderedOnceAllPlaced(
            w, orderId, QStringLiteral("supplier order found at AliExpress"),
            QStringLiteral("agent:order_manager"));
    });
    if (!t)
        return std::unexpected(t.error());
    return true;
}

ActionResult SupplierTracking::syncTracking(TaskContext &ctx)
{
    const storage::SupplierOrderRepository repo;
    // Least recently checked first: an order that fails does not come first in every pass.
    DbResult<QList<SupplierOrder>> list =
        ctx.input.contains(QStringLiteral("order_id"))
            ? repo.forOrder(m_steps.store.reader(), idOf(ctx.input, "order_id"))
            : repo.open(m_steps.store.reader(), 200);
    if (!list)
        return storeFailure(list.error());
    static const QSet<QString> kTracked{QStringLiteral("placed"),
                                        QStringLiteral("shipped"),
                                        QStringLiteral("payment_failed"),
                                        QStringLiteral("risk_control"),
                                        QStringLiteral("address_incomplete"),
                                        QStringLiteral("cancelling"),
                                        QStringLiteral("cancel_requested")};
    int checked = 0, failed = 0, fresh = 0, delivered = 0;
    bool anyRetryable = false;
    std::optional<LookFailure> first;
    QJsonArray found, failures;
    QSet<qint64> deliveredOrders, clearedOrders;
    QList<std::pair<qint64, QString>> failedLooks;
    for (const SupplierOrder &so : std::as_const(*list)) {
        if (so.supplierOrderId.isEmpty() || !kTracked.contains(so.status))
            continue;
        if (ctx.cancelled())
            break;
        ++checked;
        auto l = look(so, ctx);
        if (!l) {
            // Recorded on the supplier order; the pass goes on with the others.
            ++failed;
            anyRetryable = anyRetryable || l.error().retryable;
            if (!first)
                first = l.error();
            qCWarning(lcAgents).noquote() << "tracking: supplier order" << so.supplierOrderId
                                          << "of order" << so.orderId << l.error().code;
            failures.append(QJsonObject{{QStringLiteral("supplier_order"), so.id},
                                        {QStringLiteral("order_id"), so.orderId},
                                        {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                        {QStringLiteral("code"), l.error().code},
                                        {QStringLiteral("error"), l.error().message},
                                        {QStringLiteral("retryable"), l.error().retryable}});
            failedLooks.append(
                {so.id, QString(l.error().code + QStringLiteral(": ") + l.error().message)});
            continue;
        }
        fresh += l->newShipments;
        for (const QJsonValue &s : std::as_const(l->shipments))
            found.append(s);
        if (l->delivered) {
            ++delivered;
            deliveredOrders.insert(so.orderId);
        }
        if (l->problemCleared)
            clearedOrders.insert(so.orderId);
    }
    // Failures are stamped last: checked after every other order of this pass, they come
    // after them in the next one instead of first every time.
    // A millisecond past now: a pass can check many orders within one millisecond, and a tie
    // would put the failed one (the oldest row) first again.
    const qint64 stampedAt = QDateTime::currentMSecsSinceEpoch() + 1;
    if (!failedLooks.isEmpty())
        (void)m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            for (const auto &[id, error] : std::as_const(failedLooks))
                if (auto r = repo.recordCheck(w, id, error, stampedAt); !r)
                    return std::unexpected(r.error());
            return true;
        });
    settleOrders(clearedOrders, deliveredOrders);
    // After the tracked ones: a slow lookup does not hold up the pass over placed orders.
    if (!ctx.input.contains(QStringLiteral("order_id")))
        confirmUnanswered(ctx);
    // Every look failed: AliExpress (or the store) is down, or the credentials are refused.
    // The task fails so that an outage is retried; one bad order among good ones does not.
    if (checked > 0 && failed == checked) {
        if (anyRetryable)
            return fail(first->code == QLatin1String("store")
                            ? first->code
                            : QStringLiteral("SUPPLIER_UNAVAILABLE"),
                        QStringLiteral("all %1 supplier orders failed, first: %2")
                            .arg(checked)
                            .arg(first->message));
        return fail(first->code, QStringLiteral("all %1 supplier orders failed, first: %2")
                                     .arg(checked)
                                     .arg(first->message));
    }
    return QJsonObject{
        {QStringLiteral("checked"), checked},     {QStringLiteral("failed"), failed},
        {QStringLiteral("failures"), failures},   {QStringLiteral("new_shipments"), fresh},
        {QStringLiteral("delivered"), delivered}, {QStringLiteral("shipments"), found}};
}

} // namespace dc::agents
