// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/supplierorderrepository.h"

#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dc::storage {

namespace {
const QString kColumns = QStringLiteral(
    "id, order_id, supplier_id, out_order_id, supplier_order_id, status, lines, cost_minor, "
    "shipping_minor, currency, error, placed_at, shipped_at, delivered_at, created_at, "
    "updated_at, supplier_status, problem, last_error, attempts, checked_at");
// Open at AliExpress: what a tracking pass looks at (a problem may clear, a cancellation asked
// for by hand completes).
const QString kTracked = QStringLiteral("('placed', 'shipped', 'payment_failed', 'risk_control', "
                                        "'address_incomplete', 'cancelling', 'cancel_requested')");
} // namespace

DbResult<SupplierOrderRepository::Prepared>
SupplierOrderRepository::prepare(WriteContext &ctx, const SupplierOrder &o) const
{
    auto cur = exec(ctx.db(),
                    QStringLiteral("SELECT id, status FROM supplier_orders WHERE order_id = ? AND "
                                   "supplier_id = ?"),
                    {o.orderId, o.supplierId});
    if (!cur)
        return std::unexpected(cur.error());
    const QByteArray lines = QJsonDocument(o.lines).toJson(QJsonDocument::Compact);
    const qint64 now = nowMs();
    if (cur->next()) {
        const qint64 id = cur->value(0).toLongLong();
        const QString status = cur->value(1).toString();
        if (status != QLatin1String("prepared") && status != QLatin1String("failed") &&
            status != QLatin1String("cancelled"))
            return Prepared{id, true};
        auto u = exec(
            ctx.db(),
            QStringLiteral("UPDATE supplier_orders SET status = 'prepared', lines = ?, "
                           "cost_minor = ?, shipping_minor = ?, currency = ?, error = '', "
                           "updated_at = ? WHERE id = ?"),
            {QString::fromUtf8(lines), o.cost.minor, o.shipping.minor, o.cost.currency, now, id});
        if (!u)
            return std::unexpected(u.error());
        return Prepared{id, false};
    }
    auto q =
        exec(ctx.db(),
             QStringLiteral("INSERT INTO supplier_orders (order_id, supplier_id, out_order_id, "
                            "status, lines, cost_minor, shipping_minor, currency, created_at, "
                            "updated_at) VALUES (?,?,?,'prepared',?,?,?,?,?,?) RETURNING id"),
             {o.orderId, o.supplierId, o.outOrderId, QString::fromUtf8(lines), o.cost.minor,
              o.shipping.minor, o.cost.currency, now, now});
    if (!q)
        return std::unexpected(q.error());
    const auto id = returnedValue(*q);
    if (!id)
        return std::unexpected(DbError{DbError::Kind::Internal, QStringLiteral("no id returned")});
    return Prepared{id->toLongLong(), false};
}

DbResult<QList<SupplierOrder>> SupplierOrderRepository::query(QSqlDatabase db, const QString &where,
                                                              const QVariantList &binds) const
{
    // The callers' clauses are fixed texts: each is prepared once per connection.
    auto q = cachedRead(
        db, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM supplier_orders ") + where,
        binds);
    if (!q)
        return std::unexpected(q.error());
    QList<SupplierOrder> out;
    while (q->next()) {
        SupplierOrder o;
        o.id = q->value(0).toLongLong();
        o.orderId = q->value(1).toLongLong();
        o.supplierId = q->value(2).toLongLong();
        o.outOrderId = q->value(3).toString();
        o.supplierOrderId = q->value(4).toString();
        o.status = q->value(5).toString();
        o.lines = QJsonDocument::fromJson(q->value(6).toString().toUtf8()).array();
        const QString currency = q->value(9).toString();
        o.cost = {q->value(7).toLongLong(), currency};
        o.shipping = {q->value(8).toLongLong(), currency};
        o.error = q->value(10).toString();
        o.placedAt = utcFromMs(q->value(11));
        o.shippedAt = utcFromMs(q->value(12));
        o.deliveredAt = utcFromMs(q->value(13));
        o.createdAt = utcFromMs(q->value(14));
        o.updatedAt = utcFromMs(q->value(15));
        o.supplierStatus = q->value(16).toString();
        o.problem = q->value(17).toString();
        o.lastError = q->value(18).toString();
        o.attempts = q->value(19).toInt();
        if (q->value(20).toLongLong() > 0)
            o.checkedAt = utcFromMs(q->value(20));
        out.append(o);
    }
    return out;
}

DbResult<std::optional<SupplierOrder>> SupplierOrderRepository::get(QSqlDatabase db,
                                                                    qint64 id) const
{
    auto l = query(db, QStringLiteral("WHERE id = ?"), {id});
    if (!l)
        return std::unexpected(l.error());
    if (l->isEmpty())
        return std::optional<SupplierOrder>();
    return std::optional<SupplierOrder>(l->first());
}

DbResult<QList<SupplierOrder>> SupplierOrderRepository::forOrder(QSqlDatabase db,
                                                                 qint64 orderId) const
{
    return query(db, QStringLiteral("WHERE order_id = ? ORDER BY id"), {orderId});
}

DbResult<QList<SupplierOrder>> SupplierOrderRepository::open(QSqlDatabase db, int limit) const
{
    // Without an AliExpress id there is nothing to read: unconfirmed() looks those up.
    return query(db,
                 QStringLiteral("WHERE status IN ") + kTracked +
                     QStringLiteral(" AND supplier_order_id <> '' ORDER BY checked_at, id LIMIT ?"),
                 {limit});
}

DbResult<QList<SupplierOrder>> SupplierOrderRepository::unconfirmed(QSqlDatabase db, qint64 afterMs,
                                                                    qint64 beforeMs,
                                                                    int limit) const
{
    return query(db,
                 QStringLiteral("WHERE supplier_order_id = '' AND status IN ('submitting', "
                                "'cancel_requested') AND updated_at > ? AND updated_at < ? ORDER "
                                "BY checked_at, id LIMIT ?"),
                 {afterMs, beforeMs, limit});
}

QJsonArray SupplierOrderRepository::allPlaced(const QList<SupplierOrder> &rows)
{
    QJsonArray placed;
    for (const SupplierOrder &r : rows) {
        if (r.status == QLatin1String("cancelled"))
            continue;
        // Not unpaid, closed, flagged for a cancellation...
        const bool fine = r.status == QLatin1String("placed") ||
                          r.status == QLatin1String("shipped") ||
                          r.status == QLatin1String("delivered");
        if (r.supplierOrderId.isEmpty() || !fine || !r.problem.isEmpty())
            return {};
        placed.append(QJsonObject{{QStringLiteral("id"), r.id},
                                  {QStringLiteral("out_order_id"), r.outOrderId},
                                  {QStringLiteral("supplier_order_id"), r.supplierOrderId}});
    }
    return placed;
}

DbResult<bool> SupplierOrderRepository::confirm(WriteContext &ctx, qint64 id,
                                                const QString &supplierOrderId, qint64 atMs) const
{
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_orders SET supplier_order_id = ?, status = CASE "
                                 "WHEN status = 'submitting' THEN 'placed' ELSE status END, "
                                 "placed_at = COALESCE(placed_at, ?), checked_at = ?, last_error = "
                                 "'', updated_at = ? WHERE id = ? AND supplier_order_id = '' AND "
                                 "status IN ('submitting', 'cancel_requested')"),
                  {supplierOrderId, atMs, atMs, atMs, id});
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected() > 0;
}

DbResult<QList<SupplierOrder>>
SupplierOrderRepository::createdBetween(QSqlDatabase db, qint64 fromMs, qint64 toMs) const
{
    return query(db, QStringLiteral("WHERE created_at >= ? AND created_at < ? ORDER BY id"),
                 {fromMs, toMs});
}

DbResult<QList<SupplierOrder>> SupplierOrderRepository::all(QSqlDatabase db, int limit) const
{
    return query(db, QStringLiteral("ORDER BY id DESC LIMIT ?"), {limit});
}

DbResult<void> SupplierOrderRepository::update(WriteContext &ctx, const SupplierOrder &o) const
{
    auto q =
        exec(ctx.db(),
             QStringLiteral("UPDATE supplier_orders SET status = ?, supplier_order_id = ?, "
                            "error = ?, placed_at = COALESCE(placed_at, ?), shipped_at = "
                            "COALESCE(shipped_at, ?), delivered_at = COALESCE(delivered_at, ?), "
                            "supplier_status = ?, problem = ?, last_error = ?, checked_at = ?, "
                            "updated_at = ? WHERE id = ?"),
             {o.status, o.supplierOrderId, o.error, msOrNull(o.placedAt), msOrNull(o.shippedAt),
              msOrNull(o.deliveredAt), o.supplierStatus, o.problem, o.lastError,
              o.checkedAt.isValid() ? o.checkedAt.toMSecsSinceEpoch() : 0, nowMs(), o.id});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no supplier order %1").arg(o.id)});
    return {};
}

DbResult<SupplierOrderRepository::Marked> SupplierOrderRepository::markSubmitting(WriteContext &ctx,
                                                                                  qint64 id) const
{
    auto cur = exec(ctx.db(),
                    QStringLiteral("SELECT status, supplier_order_id, updated_at FROM "
                                   "supplier_orders WHERE id = ?"),
                    {id});
    if (!cur)
        return std::unexpected(cur.error());
    Marked m;
    if (!cur->next() || !cur->value(1).toString().isEmpty())
        return m;
    const QString status = cur->value(0).toString();
    const qint64 since = cur->value(2).toLongLong();
    cur->finish();
    if (status == QLatin1String("submitting"))
        return Marked{true, true, since}; // as it is: updated_at stays the first ask's time
    if (status != QLatin1String("prepared") && status != QLatin1String("failed"))
        return m;
    const qint64 now = nowMs();
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_orders SET status = 'submitting', updated_at = ? "
                                 "WHERE id = ?"),
                  {now, id});
    if (!q)
        return std::unexpected(q.error());
    return Marked{true, false, now};
}

DbResult<bool> SupplierOrderRepository::refused(WriteContext &ctx, qint64 id, const QString &status,
                                                const QString &error) const
{
    // Flagged by an operator's cancellation meanwhile: nothing to cancel at AliExpress.
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_orders SET status = CASE WHEN status = "
                                 "'cancel_requested' THEN 'cancelled' ELSE ? END, error = ?, "
                                 "updated_at = ? WHERE id = ? AND supplier_order_id = '' AND "
                                 "status IN ('submitting', 'cancel_requested')"),
                  {status, error, nowMs(), id});
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected() > 0;
}

DbResult<bool> SupplierOrderRepository::flagUnconfirmed(WriteContext &ctx, qint64 id) const
{
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_orders SET status = 'cancel_requested' WHERE id "
                                 "= ? AND supplier_order_id = '' AND status = 'submitting'"),
                  {id});
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected() > 0;
}

DbResult<void> SupplierOrderRepository::recordCheck(WriteContext &ctx, qint64 id,
                                                    const QString &error, qint64 atMs) const
{
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_orders SET checked_at = ?, last_error = ? "
                                 "WHERE id = ?"),
                  {atMs, error, id});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

DbResult<void> SupplierOrderRepository::replaceClosed(WriteContext &ctx, const SupplierOrder &o,
                                                      const QString &outOrderId) const
{
    // Guarded by the status read: two retries at once place one new order.
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_orders SET status = 'prepared', "
                                 "out_order_id = ?, supplier_order_id = '', error = '', "
                                 "problem = '', supplier_status = '', last_error = '', "
                                 "attempts = attempts + 1, placed_at = NULL, updated_at = ? "
                                 "WHERE id = ? AND status = 'closed'"),
                  {outOrderId, nowMs(), o.id});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::Conflict,
                    QStringLiteral("supplier order %1 is no longer closed").arg(o.id)});
    return {};
}

} // namespace dc::storage
