// SPDX-License-Identifier: GPL-3.0-or-later
// AlertService's periodic sweep: the rules about lasting conditions, checked against the clock
// (orders held too long, tracking without news, supplier orders asked for without an answer,
// integrations down). Each condition is raised once per occurrence (AlertDraft::since), so a
// sweep every minute, on every instance, adds nothing while the condition lasts.
#include "alerts/alertservice.h"

#include "core/logging.h"
#include "storage/sqlutil.h"

namespace dc::alerts {

using storage::DbResult;
using storage::WriteContext;

namespace {
constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kDayMs = 24 * 60 * kMinuteMs;
constexpr int kMaxRows = 5000; // per pass: the next pass takes the rest
} // namespace

DbResult<QList<AlertDraft>> AlertService::heldOrders(QSqlDatabase db, qint64 t)
{
    auto held = ruleFor(db, QString(kOrderHeld));
    auto margin = ruleFor(db, QString(kLowMargin));
    if (!held || !margin)
        return std::unexpected(!held ? held.error() : margin.error());
    QList<AlertDraft> out;
    if (!held->enabled && !margin->enabled)
        return out;
    // updated_at: when it was put on hold, or changed since (a later change restarts the wait).
    auto q =
        storage::exec(db, QStringLiteral("SELECT id, name, hold_reason, updated_at FROM orders "
                                         "WHERE status='on_hold' ORDER BY id LIMIT %1")
                              .arg(kMaxRows));
    if (!q)
        return std::unexpected(q.error());
    const QJsonObject byReason = held->params.value(QStringLiteral("minutes_by_reason")).toObject();
    while (q->next()) {
        const QString reason = q->value(2).toString();
        const bool lowMargin = reason == QLatin1String("low_margin");
        const AlertRule &rule = lowMargin ? *margin : *held;
        if (!rule.enabled)
            continue;
        const qint64 minutes = !lowMargin && byReason.value(reason).isDouble()
                                   ? byReason.value(reason).toInteger()
                                   : intParam(rule, QStringLiteral("minutes"));
        const qint64 since = q->value(3).toLongLong();
        const qint64 heldMinutes = (t - since) / kMinuteMs;
        if (t - since < minutes * kMinuteMs)
            continue;
        AlertDraft d;
        d.rule = rule.name;
        d.orderId = q->value(0).toLongLong();
        d.key = QStringLiteral("order:%1:%2").arg(*d.orderId).arg(reason);
        d.since = since;
        const QString name = q->value(1).toString();
        d.subject = lowMargin ? QStringLiteral("Order %1 waits for a low margin approval (%2 min)")
                                    .arg(name)
                                    .arg(heldMinutes)
                              : QStringLiteral("Order %1 on hold for %2 min (%3)")
                                    .arg(name)
                                    .arg(heldMinutes)
                                    .arg(reason);
        d.detail = {{QStringLiteral("hold_reason"), reason},
                    {QStringLiteral("held_minutes"), heldMinutes},
                    {QStringLiteral("threshold_minutes"), minutes}};
        out << d;
    }
    return out;
}

DbResult<QList<AlertDraft>> AlertService::staleTracking(QSqlDatabase db, qint64 t)
{
    auto rule = ruleFor(db, QString(kTrackingStale));
    if (!rule)
        return std::unexpected(rule.error());
    QList<AlertDraft> out;
    if (!rule->enabled)
        return out;
    const qint64 days = intParam(*rule, QStringLiteral("days"));
    // The last news of a supplier order: placed, shipped, a shipment found, a tracking event.
    auto q = storage::exec(
        db,
        QStringLiteral("SELECT so.id, so.order_id, so.supplier_order_id, o.name, so.created_at, "
                       "so.placed_at, so.shipped_at, "
                       "(SELECT MAX(s.created_at) FROM shipments s WHERE s.order_id = so.order_id "
                       "AND s.supplier_order_id = so.supplier_order_id), "
                       "(SELECT MAX(te.at) FROM tracking_events te JOIN shipments s ON s.id = "
                       "te.shipment_id WHERE s.order_id = so.order_id AND s.supplier_order_id = "
                       "so.supplier_order_id) "
                       "FROM supplier_orders so JOIN orders o ON o.id = so.order_id "
                       "WHERE so.status IN ('placed', 'shipped') ORDER BY so.id LIMIT %1")
            .arg(kMaxRows));
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        qint64 last = 0;
        for (int c = 4; c <= 8; ++c)
            if (!q->value(c).isNull())
                last = std::max(last, q->value(c).toLongLong());
        if (t - last < days * kDayMs)
            continue;
        AlertDraft d;
        d.rule = rule->name;
        d.orderId = q->value(1).toLongLong();
        d.key = QStringLiteral("supplier_order:%1").arg(q->value(0).toLongLong());
        d.since = last;
        const QString supplierOrder = q->value(2).toString();
        d.subject = QStringLiteral("No tracking news for supplier order %1 of order %2 for %3 days")
                        .arg(supplierOrder, q->value(3).toString())
                        .arg((t - last) / kDayMs);
        d.detail = {{QStringLiteral("supplier_order_id"), supplierOrder},
                    {QStringLiteral("days_without_news"), (t - last) / kDayMs},
                    {QStringLiteral("threshold_days"), days}};
        out << d;
    }
    return out;
}

DbResult<QList<AlertDraft>> AlertService::unconfirmedSupplierOrders(QSqlDatabase db, qint64 t)
{
    auto rule = ruleFor(db, QString(kSupplierOrderUnconfirmed));
    if (!rule)
        return std::unexpected(rule.error());
    QList<AlertDraft> out;
    if (!rule->enabled)
        return out;
    const qint64 minutes = intParam(*rule, QStringLiteral("minutes"));
    // updated_at of a submitting row is when it was first asked for (later asks keep it).
    auto q = storage::exec(
        db,
        QStringLiteral("SELECT so.id, so.order_id, so.out_order_id, o.name, so.updated_at, "
                       "so.status, so.last_error FROM supplier_orders so JOIN orders o ON o.id = "
                       "so.order_id WHERE so.supplier_order_id = '' AND so.status IN "
                       "('submitting', 'cancel_requested') AND so.updated_at <= ? ORDER BY so.id "
                       "LIMIT %1")
            .arg(kMaxRows),
        {t - minutes * 60'000});
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        AlertDraft d;
        d.rule = rule->name;
        d.orderId = q->value(1).toLongLong();
        d.key = QStringLiteral("supplier_order:%1").arg(q->value(0).toLongLong());
        const qint64 asked = q->value(4).toLongLong();
        d.since = asked;
        const QString outOrderId = q->value(2).toString();
        d.subject = QStringLiteral("Supplier order %1 of order %2 was asked for at AliExpress %3 "
                                   "min ago and no answer was seen: it may exist there (tracking "
                                   "looks it up by out_order_id); check the buyer account")
                        .arg(outOrderId, q->value(3).toString())
                        .arg((t - asked) / 60'000);
        d.detail = {{QStringLiteral("out_order_id"), outOrderId},
                    {QStringLiteral("status"), q->value(5).toString()},
                    {QStringLiteral("last_error"), q->value(6).toString().left(300)},
                    {QStringLiteral("threshold_minutes"), minutes}};
        out << d;
    }
    return out;
}

DbResult<QList<AlertDraft>> AlertService::integrationsDown(QSqlDatabase db, qint64 t)
{
    auto rule = ruleFor(db, QString(kIntegrationDown));
    if (!rule)
        return std::unexpected(rule.error());
    QList<IntegrationHealth> all;
    auto q = storage::exec(
        db, QStringLiteral("SELECT domain, health, health_detail FROM shops WHERE active=1"));
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        const QString health = q->value(1).toString();
        all << IntegrationHealth{QStringLiteral("shopify:") + q->value(0).toString(),
                                 health == QLatin1String("ok") ||
                                     health == QLatin1String("unknown") || health.isEmpty(),
                                 health + QStringLiteral(": ") + q->value(2).toString()};
    }
    IntegrationProbe probe;
    {
        QMutexLocker lock(&m_lock);
        probe = m_probe;
    }
    if (probe)
        all << probe();
    QList<AlertDraft> out;
    QMutexLocker lock(&m_lock);
    for (const IntegrationHealth &h : all) {
        if (h.ok) {
            m_downSince.remove(h.name); // back: a later outage is a new one
            continue;
        }
        const qint64 since = m_downSince.value(h.name, t);
        m_downSince.insert(h.name, since);
        if (!rule->enabled)
            continue;
        AlertDraft d;
        d.rule = rule->name;
        d.key = QStringLiteral("integration:") + h.name;
        d.since = since;
        d.subject = QStringLiteral("%1 is down: %2").arg(h.name, h.detail.left(200));
        d.detail = {{QStringLiteral("integration"), h.name},
                    {QStringLiteral("error"), h.detail.left(300)}};
        out << d;
    }
    return out;
}

DbResult<int> AlertService::sweep()
{
    const qint64 t = nowMs();
    QSqlDatabase db = m_store.reader();
    QList<AlertDraft> drafts;
    for (auto part : {&AlertService::heldOrders, &AlertService::staleTracking,
                      &AlertService::unconfirmedSupplierOrders, &AlertService::integrationsDown}) {
        auto found = (this->*part)(db, t);
        if (!found)
            return std::unexpected(found.error());
        drafts << *found;
    }
    if (drafts.isEmpty())
        return 0;
    auto raised = m_store.writeAndWait<int>([&](WriteContext &w) -> DbResult<int> {
        int n = 0;
        for (const AlertDraft &d : std::as_const(drafts)) {
            auto r = raise(w, d);
            if (!r)
                return std::unexpected(r.error());
            n += r->raised ? 1 : 0;
        }
        return n;
    });
    if (!raised)
        qCWarning(lcAlerts).noquote() << "sweep:" << raised.error().message;
    return raised;
}

} // namespace dc::alerts
