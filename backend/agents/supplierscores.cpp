// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/supplierscores.h"

#include "storage/sqlutil.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace dc::agents {

namespace {

constexpr double kDayMs = 86'400'000.0;

// Nearest rank: the smallest value with at least p of the values at or below it.
double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, qsizetype(std::ceil(p * v.size())) - 1);
    return v.at(std::max<qsizetype>(0, i));
}

QJsonValue rounded(const std::optional<double> &v)
{
    return v ? QJsonValue(roundTo2(*v)) : QJsonValue();
}

} // namespace

double roundTo2(double x)
{
    return std::round(x * 100.0) / 100.0;
}

QJsonObject SupplierScore::toJson() const
{
    return {{QStringLiteral("supplier_id"), supplierId},
            {QStringLiteral("name"), name},
            {QStringLiteral("orders"), orders},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("delivered"), delivered},
            {QStringLiteral("failure_rate"), roundTo2(failureRate)},
            {QStringLiteral("delivery_days_p50"), rounded(p50Days)},
            {QStringLiteral("delivery_days_p90"), rounded(p90Days)},
            {QStringLiteral("score"), rounded(score)},
            {QStringLiteral("min_orders"), minOrders}};
}

QJsonObject DeliveryEstimate::toJson() const
{
    return {{QStringLiteral("basis"), basis},
            {QStringLiteral("samples"), samples},
            {QStringLiteral("p50_days"), roundTo2(p50Days)},
            {QStringLiteral("p90_days"), roundTo2(p90Days)}};
}

storage::DbResult<QList<SupplierScore>> scoreSuppliers(QSqlDatabase db, int minOrders,
                                                       std::optional<qint64> onlySupplier)
{
    // Counts grouped by the database; the delivery times (a median needs them) only for the
    // latest 1000 deliveries of each supplier.
    QVariantList binds;
    if (onlySupplier)
        binds << *onlySupplier;
    auto q = storage::exec(
        db,
        QStringLiteral("SELECT s.id, s.name, COUNT(so.id), SUM(CASE WHEN so.status IN ('failed', "
                       "'cancel_requested') THEN 1 ELSE 0 END), SUM(CASE WHEN so.delivered_at IS "
                       "NOT NULL AND so.placed_at IS NOT NULL THEN 1 ELSE 0 END) FROM suppliers s "
                       "LEFT JOIN supplier_orders so ON so.supplier_id = s.id AND so.status <> "
                       "'prepared'") +
            (onlySupplier ? QStringLiteral(" WHERE s.id = ?") : QString()) +
            QStringLiteral(" GROUP BY s.id, s.name ORDER BY s.id"),
        binds);
    if (!q)
        return std::unexpected(q.error());
    QList<SupplierScore> out;
    while (q->next()) {
        SupplierScore s;
        s.supplierId = q->value(0).toLongLong();
        s.name = q->value(1).toString();
        s.orders = q->value(2).toInt();
        s.failed = q->value(3).toInt();
        s.delivered = q->value(4).toInt();
        s.minOrders = minOrders;
        out.append(s);
    }
    auto d = storage::exec(
        db,
        QStringLiteral("SELECT supplier_id, d FROM (SELECT supplier_id, delivered_at - placed_at "
                       "AS d, ROW_NUMBER() OVER (PARTITION BY supplier_id ORDER BY delivered_at "
                       "DESC, id DESC) AS n FROM supplier_orders WHERE status <> 'prepared' AND "
                       "delivered_at IS NOT NULL AND placed_at IS NOT NULL") +
            (onlySupplier ? QStringLiteral(" AND supplier_id = ?") : QString()) +
            QStringLiteral(") t WHERE n <= 1000"),
        binds);
    if (!d)
        return std::unexpected(d.error());
    QHash<qint64, QList<double>> days;
    while (d->next())
        days[d->value(0).toLongLong()] << double(d->value(1).toLongLong()) / kDayMs;
    for (SupplierScore &s : out) {
        const QList<double> v = days.value(s.supplierId);
        s.failureRate = s.orders ? double(s.failed) / s.orders : 0.0;
        const double p50 = percentile(v, 0.5);
        if (!v.isEmpty()) {
            s.p50Days = p50;
            s.p90Days = percentile(v, 0.9);
        }
        // Each failure costs its share of 100 points; each median day past ten costs two.
        if (s.orders >= minOrders)
            s.score = std::clamp(
                roundTo2(100.0 * (1.0 - s.failureRate) - 2.0 * std::max(0.0, p50 - 10.0)), 0.0,
                100.0);
    }
    return out;
}

storage::DbResult<std::optional<DeliveryEstimate>>
estimateDelivery(QSqlDatabase db, qint64 supplierId, const QString &country)
{
    const QString where[] = {QStringLiteral("so.supplier_id = ? AND o.shipping_country = ?"),
                             QStringLiteral("o.shipping_country = ?"), QStringLiteral("1 = 1")};
    const QString basis[] = {QStringLiteral("supplier+country"), QStringLiteral("country"),
                             QStringLiteral("all")};
    for (int i = supplierId > 0 ? 0 : 1; i < 3; ++i) {
        QVariantList binds;
        if (i == 0)
            binds << supplierId;
        if (i < 2)
            binds << country;
        auto q = storage::exec(
            db,
            QStringLiteral("SELECT so.delivered_at - so.placed_at FROM supplier_orders so JOIN "
                           "orders o ON o.id = so.order_id WHERE so.delivered_at IS NOT NULL AND "
                           "so.placed_at IS NOT NULL AND ") +
                where[i] + QStringLiteral(" ORDER BY so.delivered_at DESC LIMIT 1000"),
            binds);
        if (!q)
            return std::unexpected(q.error());
        QList<double> days;
        while (q->next())
            days << double(q->value(0).toLongLong()) / kDayMs;
        if (days.size() < 3)
            continue;
        return DeliveryEstimate{basis[i], int(days.size()), percentile(days, 0.5),
                                percentile(days, 0.9)};
    }
    return std::optional<DeliveryEstimate>();
}

} // namespace dc::agents
