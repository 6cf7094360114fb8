// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/mappingrepository.h"

#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"

#include <QSqlQuery>

namespace dc::storage {

namespace {
// Variants with no offer of an active supplier, of products still sold.
const QString kUnmappedFrom = QStringLiteral(
    " FROM variants v JOIN products p ON p.id = v.product_id WHERE p.status <> 'archived' AND "
    "NOT EXISTS (SELECT 1 FROM supplier_offers so JOIN suppliers s ON s.id = so.supplier_id "
    "WHERE so.variant_id = v.id AND s.active = 1)");
// Held for want of an offer: validate_order's UNMAPPED_ITEM and prepare's NO_OFFER alike.
const QString kHeldUnmapped =
    QStringLiteral("o.status = 'on_hold' AND o.hold_reason = 'unmapped_item'");
} // namespace

DbResult<QList<UnmappedVariant>> MappingRepository::unmapped(QSqlDatabase db, int limit,
                                                             int *total) const
{
    ReadSnapshot snapshot(db);
    if (total) {
        auto n = exec(db, QStringLiteral("SELECT COUNT(*)") + kUnmappedFrom);
        if (!n)
            return std::unexpected(n.error());
        *total = n->next() ? n->value(0).toInt() : 0;
    }
    auto q = exec(db,
                  QStringLiteral("SELECT v.id, v.shopify_variant_id, v.sku, v.title, v.price_minor, "
                                 "v.currency, p.id, p.title, p.shop, (SELECT COUNT(DISTINCT o.id) "
                                 "FROM orders o JOIN line_items li ON li.order_id = o.id WHERE "
                                 "li.shopify_variant_id = v.shopify_variant_id AND ") +
                      kHeldUnmapped + QStringLiteral(") AS pending") + kUnmappedFrom +
                      QStringLiteral(" ORDER BY pending DESC, v.id LIMIT ?"),
                  {limit});
    if (!q)
        return std::unexpected(q.error());
    QList<UnmappedVariant> out;
    while (q->next())
        out << UnmappedVariant{q->value(0).toLongLong(), q->value(1).toLongLong(),
                               q->value(2).toString(),   q->value(3).toString(),
                               q->value(4).toLongLong(), q->value(5).toString(),
                               q->value(6).toLongLong(), q->value(7).toString(),
                               q->value(8).toString(),   q->value(9).toInt()};
    return out;
}

DbResult<QList<qint64>> MappingRepository::ordersWaitingFor(QSqlDatabase db,
                                                            qint64 shopifyVariantId) const
{
    return selectIds(db,
                     QStringLiteral("SELECT DISTINCT o.id FROM orders o JOIN line_items li ON "
                                    "li.order_id = o.id WHERE li.shopify_variant_id = ? AND ") +
                         kHeldUnmapped + QStringLiteral(" ORDER BY o.id"),
                     {shopifyVariantId});
}

DbResult<QStringList> MappingRepository::mainCountries(QSqlDatabase db, qint64 sinceMs,
                                                       int count) const
{
    auto q = exec(db,
                  QStringLiteral("SELECT shipping_country, COUNT(*) AS n FROM orders WHERE "
                                 "created_at >= ? AND shipping_country <> '' GROUP BY "
                                 "shipping_country ORDER BY n DESC, shipping_country LIMIT ?"),
                  {sinceMs, count});
    if (!q)
        return std::unexpected(q.error());
    QStringList out;
    while (q->next())
        out << q->value(0).toString();
    return out;
}

DbResult<QString> MappingRepository::shopCurrency(QSqlDatabase db) const
{
    auto q = exec(db, QStringLiteral("SELECT currency, COUNT(*) AS n FROM shops WHERE active = 1 "
                                     "GROUP BY currency ORDER BY n DESC, currency LIMIT 1"));
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toString() : QString();
}

DbResult<qint64> MappingRepository::supplierFor(WriteContext &ctx, const QString &name,
                                                const QString &platform) const
{
    QString wanted = name.trimmed();
    for (int round = 0; round < 2; ++round) {
        auto q = exec(ctx.db(), QStringLiteral("SELECT id, platform FROM suppliers WHERE name = ?"),
                      {wanted});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return CatalogRepository().upsertSupplier(ctx, Supplier{0, wanted, platform, true, {}});
        if (q->value(1).toString() == platform)
            return q->value(0).toLongLong();
        wanted = QStringLiteral("%1 (%2)").arg(name.trimmed(), platform);
    }
    return std::unexpected(DbError{DbError::Kind::Conflict,
                                   QStringLiteral("supplier name %1 is taken").arg(wanted)});
}

} // namespace dc::storage
