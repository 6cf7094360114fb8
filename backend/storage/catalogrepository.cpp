// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/catalogrepository.h"

#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace dc::storage {

namespace {
DbError invalid(const QString &m)
{
    return DbError{DbError::Kind::Invalid, m};
}

const QString kOfferColumns = QStringLiteral(
    "o.id, o.supplier_id, o.variant_id, o.supplier_product_id, o.supplier_sku_id, o.cost_minor, "
    "o.shipping_minor, o.currency, o.stock, o.ships_to, o.priority, o.updated_at, "
    "o.supplier_sku_attr");
// Preferred first: priority, then the cheapest delivered cost.
const QString kOfferOrder = QStringLiteral("o.priority, o.cost_minor + o.shipping_minor, o.id");

// A row of kOfferColumns.
SupplierOffer offerFrom(const QSqlQuery &q)
{
    SupplierOffer o;
    o.id = q.value(0).toLongLong();
    o.supplierId = q.value(1).toLongLong();
    o.variantId = q.value(2).toLongLong();
    o.supplierProductId = q.value(3).toString();
    o.supplierSkuId = q.value(4).toString();
    o.cost = {q.value(5).toLongLong(), q.value(7).toString()};
    o.shippingCost = {q.value(6).toLongLong(), q.value(7).toString()};
    o.stock = q.value(8).toInt();
    const QString shipsTo = q.value(9).toString();
    o.shipsTo = shipsTo.isEmpty() ? QStringList() : shipsTo.split(QLatin1Char(','));
    o.priority = q.value(10).toInt();
    o.updatedAt = utcFromMs(q.value(11));
    if (const QString attr = q.value(12).toString(); !attr.isEmpty())
        o.supplierSkuAttr = attr; // NULL or empty: not known
    return o;
}

const QString kProductColumns =
    QStringLiteral("p.id, p.shop, p.shopify_product_id, p.title, p.vendor, p.status, "
                   "p.shopify_updated_at, p.created_at, p.updated_at, p.image_urls");

// The image URLs as stored: a JSON array of strings.
QString imagesText(const QStringList &urls)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(urls)).toJson(QJsonDocument::Compact));
}

// A row of kProductColumns (without its variants).
Product productFrom(const QSqlQuery &q)
{
    Product p;
    p.id = q.value(0).toLongLong();
    p.shop = q.value(1).toString();
    p.shopifyProductId = q.value(2).toLongLong();
    p.title = q.value(3).toString();
    p.vendor = q.value(4).toString();
    p.status = q.value(5).toString();
    p.shopifyUpdatedAt = utcFromMs(q.value(6));
    p.createdAt = utcFromMs(q.value(7));
    p.updatedAt = utcFromMs(q.value(8));
    for (const QJsonValue &url : QJsonDocument::fromJson(q.value(9).toByteArray()).array())
        p.images << url.toString();
    return p;
}

const QString kVariantColumns =
    QStringLiteral("v.id, v.product_id, v.shopify_variant_id, v.sku, v.title, v.price_minor, "
                   "v.currency, v.inventory_quantity");

// A row of kVariantColumns.
Variant variantFrom(const QSqlQuery &q)
{
    return Variant{q.value(0).toLongLong(), q.value(1).toLongLong(),
                   q.value(2).toLongLong(), q.value(3).toString(),
                   q.value(4).toString(),   Money{q.value(5).toLongLong(), q.value(6).toString()},
                   q.value(7).toInt()};
}
} // namespace

DbResult<UpsertOutcome> CatalogRepository::upsertProduct(WriteContext &ctx, const Product &p) const
{
    if (p.shop.isEmpty() || p.shopifyProductId <= 0 || p.title.isEmpty())
        return std::unexpected(
            invalid(QStringLiteral("a product needs a shop, a Shopify id and a title")));
    for (const Variant &v : p.variants)
        if (v.shopifyVariantId <= 0 || !isCurrencyCode(v.price.currency))
            return std::unexpected(
                invalid(QStringLiteral("a variant needs a Shopify id and a price")));
    auto existing = exec(
        ctx.db(),
        QStringLiteral(
            "SELECT id, shopify_updated_at FROM products WHERE shop=? AND shopify_product_id=?"),
        {p.shop, p.shopifyProductId});
    if (!existing)
        return std::unexpected(existing.error());
    qint64 id = 0;
    UpsertOutcome::Kind kind = UpsertOutcome::Kind::Created;
    const qint64 now = nowMs();
    if (existing->next()) {
        id = existing->value(0).toLongLong();
        const QDateTime stored = utcFromMs(existing->value(1));
        if (stored.isValid() && p.shopifyUpdatedAt.isValid() && p.shopifyUpdatedAt <= stored)
            return UpsertOutcome{UpsertOutcome::Kind::Stale, id};
        auto u = exec(
            ctx.db(),
            QStringLiteral("UPDATE products SET title=?, vendor=?, status=?, shopify_updated_at=?, "
                           "updated_at=?, image_urls=? WHERE id=?"),
            {p.title, p.vendor, p.status, msOrNull(p.shopifyUpdatedAt), now, imagesText(p.images),
             id});
        if (!u)
            return std::unexpected(u.error());
        kind = UpsertOutcome::Kind::Updated;
    } else {
        auto ins = exec(
            ctx.db(),
            QStringLiteral("INSERT INTO products (shop, shopify_product_id, title, vendor, status, "
                           "shopify_updated_at, created_at, updated_at, image_urls) VALUES "
                           "(?,?,?,?,?,?,?,?,?) RETURNING id"),
            {p.shop, p.shopifyProductId, p.title, p.vendor,
             p.status.isEmpty() ? QStringLiteral("active") : p.status, msOrNull(p.shopifyUpdatedAt),
             now, now, imagesText(p.images)});
        if (!ins)
            return std::unexpected(ins.error());
        id = returnedId(*ins);
    }
    QVariantList keep;
    for (const Variant &v : p.variants) {
        auto vq = exec(
            ctx.db(),
            QStringLiteral(
                "INSERT INTO variants (product_id, shopify_variant_id, sku, title, price_minor, "
                "currency, inventory_quantity, shopify_inventory_item_id) VALUES (?,?,?,?,?,?,?,?) "
                "ON CONFLICT (product_id, shopify_variant_id) DO UPDATE SET sku=excluded.sku, "
                "title=excluded.title, price_minor=excluded.price_minor, "
                "currency=excluded.currency, inventory_quantity=excluded.inventory_quantity, "
                "shopify_inventory_item_id=excluded.shopify_inventory_item_id"),
            {id, v.shopifyVariantId, v.sku, v.title, v.price.minor, v.price.currency,
             v.inventoryQuantity,
             v.shopifyInventoryItemId > 0 ? QVariant(v.shopifyInventoryItemId)
                                          : QVariant(QMetaType(QMetaType::LongLong))});
        if (!vq)
            return std::unexpected(vq.error());
        keep << v.shopifyVariantId;
    }
    QString del = QStringLiteral("DELETE FROM variants WHERE product_id = ?");
    QVariantList binds{id};
    if (!keep.isEmpty()) {
        del += QStringLiteral(" AND shopify_variant_id NOT IN (") +
               QStringList(keep.size(), QStringLiteral("?")).join(QLatin1Char(',')) +
               QLatin1Char(')');
        binds << keep;
    }
    if (auto d = exec(ctx.db(), del, binds); !d)
        return std::unexpected(d.error());
    return UpsertOutcome{kind, id};
}

DbResult<std::optional<Product>> CatalogRepository::getProduct(QSqlDatabase db, qint64 id) const
{
    auto q = exec(db, QStringLiteral("SELECT %1 FROM products p WHERE p.id=?").arg(kProductColumns),
                  {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Product>();
    Product p = productFrom(*q);
    auto v = exec(db,
                  QStringLiteral("SELECT %1 FROM variants v WHERE v.product_id=? ORDER BY v.id")
                      .arg(kVariantColumns),
                  {id});
    if (!v)
        return std::unexpected(v.error());
    while (v->next())
        p.variants << variantFrom(*v);
    return std::optional<Product>(p);
}

DbResult<std::optional<Variant>>
CatalogRepository::findVariantByShopifyId(QSqlDatabase db, qint64 shopifyVariantId) const
{
    auto v =
        cachedRead(db,
                   QStringLiteral("SELECT %1 FROM variants v WHERE v.shopify_variant_id=? ORDER "
                                  "BY v.id LIMIT 1")
                       .arg(kVariantColumns),
                   {shopifyVariantId});
    if (!v)
        return std::unexpected(v.error());
    if (!v->next())
        return std::optional<Variant>();
    return std::optional<Variant>(variantFrom(*v));
}

DbResult<std::optional<VariantRef>> CatalogRepository::variantRef(QSqlDatabase db,
                                                                  qint64 variantId) const
{
    auto v =
        cachedRead(db,
                   QStringLiteral("SELECT %1, p.shopify_product_id, p.title, p.shop FROM variants "
                                  "v JOIN products p ON p.id = v.product_id WHERE v.id = ?")
                       .arg(kVariantColumns),
                   {variantId});
    if (!v)
        return std::unexpected(v.error());
    if (!v->next())
        return std::optional<VariantRef>();
    return std::optional<VariantRef>(VariantRef{variantFrom(*v), v->value(8).toLongLong(),
                                                v->value(9).toString(), v->value(10).toString()});
}

DbResult<qint64> CatalogRepository::upsertSupplier(WriteContext &ctx, const Supplier &s) const
{
    if (s.name.trimmed().isEmpty() || s.platform.isEmpty())
        return std::unexpected(invalid(QStringLiteral("a supplier needs a name and a platform")));
    auto q = exec(ctx.db(),
                  QStringLiteral(
                      "INSERT INTO suppliers (name, platform, active, created_at) VALUES (?,?,?,?) "
                      "ON CONFLICT (name) DO UPDATE SET platform=excluded.platform, "
                      "active=excluded.active RETURNING id"),
                  {s.name, s.platform, s.active ? 1 : 0, nowMs()});
    if (!q)
        return std::unexpected(q.error());
    return returnedId(*q);
}

DbResult<QList<Supplier>> CatalogRepository::suppliers(QSqlDatabase db) const
{
    auto q =
        exec(db, QStringLiteral(
                     "SELECT id, name, platform, active, created_at FROM suppliers ORDER BY name"));
    if (!q)
        return std::unexpected(q.error());
    QList<Supplier> out;
    while (q->next())
        out << Supplier{q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(),
                        q->value(3).toInt() != 0, utcFromMs(q->value(4))};
    return out;
}

DbResult<qint64> CatalogRepository::upsertOffer(WriteContext &ctx, const SupplierOffer &o) const
{
    if (o.supplierId <= 0 || o.variantId <= 0 || o.supplierProductId.isEmpty())
        return std::unexpected(
            invalid(QStringLiteral("an offer needs a supplier, a variant and a product id")));
    if (!isCurrencyCode(o.cost.currency) || o.shippingCost.currency != o.cost.currency)
        return std::unexpected(
            invalid(QStringLiteral("an offer's cost and shipping need one currency")));
    auto q = exec(
        ctx.db(),
        QStringLiteral(
            "INSERT INTO supplier_offers (supplier_id, variant_id, supplier_product_id, "
            "supplier_sku_id, cost_minor, shipping_minor, currency, stock, ships_to, priority, "
            "updated_at, supplier_sku_attr) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT "
            "(supplier_id, variant_id, supplier_sku_id) DO UPDATE SET "
            "supplier_product_id=excluded.supplier_product_id, cost_minor=excluded.cost_minor, "
            "shipping_minor=excluded.shipping_minor, currency=excluded.currency, "
            "stock=excluded.stock, ships_to=excluded.ships_to, priority=excluded.priority, "
            "updated_at=excluded.updated_at, supplier_sku_attr=CASE WHEN "
            "supplier_offers.supplier_product_id = excluded.supplier_product_id THEN COALESCE("
            "excluded.supplier_sku_attr, supplier_offers.supplier_sku_attr) ELSE "
            "excluded.supplier_sku_attr END RETURNING id"),
        {o.supplierId, o.variantId, o.supplierProductId, o.supplierSkuId, o.cost.minor,
         o.shippingCost.minor, o.cost.currency, o.stock, o.shipsTo.join(QLatin1Char(',')),
         o.priority, nowMs(),
         textOrNull(o.supplierSkuAttr && !o.supplierSkuAttr->isEmpty() ? o.supplierSkuAttr
                                                                       : std::nullopt)});
    if (!q)
        return std::unexpected(q.error());
    return returnedId(*q);
}

DbResult<void> CatalogRepository::setOfferStock(WriteContext &ctx, qint64 offerId, int stock) const
{
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE supplier_offers SET stock=?, updated_at=? WHERE id=?"),
                  {stock, nowMs(), offerId});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no offer %1").arg(offerId)});
    return {};
}

DbResult<QList<SupplierOffer>>
CatalogRepository::offersForVariant(QSqlDatabase db, qint64 variantId, const QString &country) const
{
    auto q =
        cachedRead(db,
                   QStringLiteral("SELECT %1 FROM supplier_offers o JOIN suppliers s ON s.id = "
                                  "o.supplier_id WHERE o.variant_id=? AND s.active=1 ORDER BY %2")
                       .arg(kOfferColumns, kOfferOrder),
                   {variantId});
    if (!q)
        return std::unexpected(q.error());
    QList<SupplierOffer> out;
    while (q->next()) {
        SupplierOffer o = offerFrom(*q);
        if (!country.isEmpty() && !o.shipsTo.isEmpty() && !o.shipsTo.contains(country))
            continue;
        out << o;
    }
    return out;
}

DbResult<void> CatalogRepository::removeOffer(WriteContext &ctx, qint64 variantId,
                                              qint64 offerId) const
{
    auto q =
        exec(ctx.db(), QStringLiteral("DELETE FROM supplier_offers WHERE id=? AND variant_id=?"),
             {offerId, variantId});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::NotFound,
                    QStringLiteral("variant %1 has no offer %2").arg(variantId).arg(offerId)});
    return {};
}

DbResult<QList<CatalogEntry>> CatalogRepository::catalog(QSqlDatabase db,
                                                         const CatalogQuery &query) const
{
    QStringList where{QStringLiteral("1=1")};
    QVariantList binds;
    if (query.beforeId > 0) {
        where << QStringLiteral("p.id < ?");
        binds << query.beforeId;
    }
    if (!query.shop.isEmpty()) {
        where << QStringLiteral("p.shop = ?");
        binds << query.shop;
    }
    if (!query.text.isEmpty()) {
        const QString pattern = containsPattern(query.text);
        where << QStringLiteral(
            "(LOWER(p.title) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM variants v WHERE "
            "v.product_id = p.id AND (LOWER(v.sku) LIKE ? ESCAPE '\\' OR LOWER(v.title) LIKE ? "
            "ESCAPE '\\')))");
        binds << pattern << pattern << pattern;
    }
    if (query.unmappedOnly)
        where << QStringLiteral(
            "EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND NOT EXISTS "
            "(SELECT 1 FROM supplier_offers o WHERE o.variant_id = v.id))");
    binds << query.limit;
    auto q = exec(db,
                  QStringLiteral("SELECT %1 FROM products p WHERE %2 ORDER BY p.id DESC LIMIT ?")
                      .arg(kProductColumns, where.join(QStringLiteral(" AND "))),
                  binds);
    if (!q)
        return std::unexpected(q.error());
    QList<CatalogEntry> out;
    QHash<qint64, qsizetype> entryOf; // product id -> index in out
    QVariantList productIds;
    while (q->next()) {
        Product p = productFrom(*q);
        entryOf.insert(p.id, out.size());
        productIds << p.id;
        out << CatalogEntry{p, {}};
    }
    if (out.isEmpty())
        return out;
    // The page's variants and offers in two queries, whatever the page's size.
    auto v = exec(db,
                  QStringLiteral("SELECT %1 FROM variants v WHERE v.product_id IN (%2) ORDER BY "
                                 "v.product_id, v.id")
                      .arg(kVariantColumns, bindMarks(productIds.size())),
                  productIds);
    if (!v)
        return std::unexpected(v.error());
    QHash<qint64, qsizetype> variantEntry; // variant id -> index in out
    QVariantList variantIds;
    while (v->next()) {
        const Variant var = variantFrom(*v);
        variantEntry.insert(var.id, entryOf.value(var.productId));
        variantIds << var.id;
        out[entryOf.value(var.productId)].product.variants << var;
    }
    if (variantIds.isEmpty())
        return out;
    auto o = exec(db,
                  QStringLiteral("SELECT %1 FROM supplier_offers o WHERE o.variant_id IN (%2) "
                                 "ORDER BY o.variant_id, %3")
                      .arg(kOfferColumns, bindMarks(variantIds.size()), kOfferOrder),
                  variantIds);
    if (!o)
        return std::unexpected(o.error());
    while (o->next()) {
        SupplierOffer offer = offerFrom(*o);
        out[variantEntry.value(offer.variantId)].offers[offer.variantId] << offer;
    }
    return out;
}

DbResult<qint64> ShipmentRepository::upsertShipment(WriteContext &ctx, const Shipment &s) const
{
    if (s.orderId <= 0)
        return std::unexpected(invalid(QStringLiteral("a shipment needs an order")));
    const qint64 now = nowMs();
    auto q =
        exec(ctx.db(),
             QStringLiteral(
                 "INSERT INTO shipments (order_id, supplier_order_id, carrier, tracking_number, "
                 "tracking_url, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?) "
                 "ON CONFLICT (order_id, tracking_number) DO UPDATE SET "
                 "supplier_order_id=excluded.supplier_order_id, carrier=excluded.carrier, "
                 "tracking_url=excluded.tracking_url, status=excluded.status, "
                 "updated_at=excluded.updated_at RETURNING id"),
             {s.orderId, s.supplierOrderId, s.carrier, s.trackingNumber, s.trackingUrl,
              s.status.isEmpty() ? QStringLiteral("pending") : s.status, now, now});
    if (!q)
        return std::unexpected(q.error());
    return returnedId(*q);
}

DbResult<int> ShipmentRepository::addTrackingEvents(WriteContext &ctx, qint64 shipmentId,
                                                    const QList<TrackingEvent> &events) const
{
    int added = 0;
    for (const TrackingEvent &e : events) {
        if (!e.at.isValid() || e.status.isEmpty())
            return std::unexpected(
                invalid(QStringLiteral("a tracking event needs a time and a status")));
        auto q =
            exec(ctx.db(),
                 QStringLiteral(
                     "INSERT INTO tracking_events (shipment_id, at, status, description, location) "
                     "VALUES (?,?,?,?,?) ON CONFLICT (shipment_id, at, status) DO NOTHING"),
                 {shipmentId, e.at.toMSecsSinceEpoch(), e.status, e.description, e.location});
        if (!q)
            return std::unexpected(q.error());
        added += q->numRowsAffected() > 0 ? 1 : 0;
    }
    return added;
}

DbResult<QList<Shipment>> ShipmentRepository::query(QSqlDatabase db, const QString &where,
                                                    const QVariantList &binds) const
{
    auto q =
        exec(db,
             QStringLiteral("SELECT id, order_id, supplier_order_id, carrier, tracking_number, "
                            "tracking_url, status, created_at, updated_at FROM shipments ") +
                 where,
             binds);
    if (!q)
        return std::unexpected(q.error());
    QList<Shipment> out;
    while (q->next()) {
        Shipment s;
        s.id = q->value(0).toLongLong();
        s.orderId = q->value(1).toLongLong();
        s.supplierOrderId = q->value(2).toString();
        s.carrier = q->value(3).toString();
        s.trackingNumber = q->value(4).toString();
        s.trackingUrl = q->value(5).toString();
        s.status = q->value(6).toString();
        s.createdAt = utcFromMs(q->value(7));
        s.updatedAt = utcFromMs(q->value(8));
        auto ev =
            exec(db,
                 QStringLiteral("SELECT at, status, description, location FROM tracking_events "
                                "WHERE shipment_id=? ORDER BY at, id"),
                 {s.id});
        if (!ev)
            return std::unexpected(ev.error());
        while (ev->next())
            s.events << TrackingEvent{utcFromMs(ev->value(0)), ev->value(1).toString(),
                                      ev->value(2).toString(), ev->value(3).toString()};
        out << s;
    }
    return out;
}

DbResult<QList<Shipment>> ShipmentRepository::shipmentsForOrder(QSqlDatabase db,
                                                                qint64 orderId) const
{
    return query(db, QStringLiteral("WHERE order_id=? ORDER BY id"), {orderId});
}

DbResult<std::optional<Shipment>> ShipmentRepository::shipment(QSqlDatabase db, qint64 id) const
{
    auto list = query(db, QStringLiteral("WHERE id=?"), {id});
    if (!list)
        return std::unexpected(list.error());
    return list->isEmpty() ? std::optional<Shipment>() : std::optional<Shipment>(list->first());
}

DbResult<QList<Shipment>> ShipmentRepository::list(QSqlDatabase db, const QString &status,
                                                   qint64 beforeId, int limit) const
{
    QString where = QStringLiteral("WHERE id < ?");
    QVariantList binds{beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max()};
    if (!status.isEmpty()) {
        where += QStringLiteral(" AND status = ?");
        binds << status;
    }
    binds << limit;
    return query(db, where + QStringLiteral(" ORDER BY id DESC LIMIT ?"), binds);
}

DbResult<void> ShipmentRepository::update(WriteContext &ctx, const Shipment &s) const
{
    auto q = exec(
        ctx.db(),
        QStringLiteral("UPDATE shipments SET supplier_order_id=?, carrier=?, "
                       "tracking_number=?, tracking_url=?, status=?, updated_at=? "
                       "WHERE id=?"),
        {s.supplierOrderId, s.carrier, s.trackingNumber, s.trackingUrl, s.status, nowMs(), s.id});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no shipment %1").arg(s.id)});
    return {};
}

DbResult<QList<qint64>> CatalogRepository::setInventoryByItem(WriteContext &ctx,
                                                              const QString &shop,
                                                              qint64 inventoryItemId,
                                                              int available) const
{
    return selectIds(ctx.db(),
                     QStringLiteral("UPDATE variants SET inventory_quantity=? WHERE "
                                    "shopify_inventory_item_id=? AND product_id IN (SELECT id "
                                    "FROM products WHERE shop=?) RETURNING id"),
                     {available, inventoryItemId, shop});
}

DbResult<std::optional<Supplier>> CatalogRepository::supplier(QSqlDatabase db, qint64 id) const
{
    auto q = cachedRead(
        db,
        QStringLiteral("SELECT id, name, platform, active, created_at FROM suppliers WHERE id=?"),
        {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Supplier>();
    return std::optional<Supplier>(Supplier{q->value(0).toLongLong(), q->value(1).toString(),
                                            q->value(2).toString(), q->value(3).toInt() != 0,
                                            utcFromMs(q->value(4))});
}

DbResult<void> CatalogRepository::updateSupplier(WriteContext &ctx, const Supplier &s) const
{
    if (s.name.trimmed().isEmpty() || s.platform.isEmpty())
        return std::unexpected(invalid(QStringLiteral("a supplier needs a name and a platform")));
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE suppliers SET name=?, platform=?, active=? WHERE id=?"),
                  {s.name, s.platform, s.active ? 1 : 0, s.id});
    if (!q)
        return std::unexpected(
            q.error().kind == DbError::Kind::Constraint
                ? DbError{DbError::Kind::Conflict, QStringLiteral("name: another supplier has it")}
                : q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no supplier %1").arg(s.id)});
    return {};
}

} // namespace dc::storage
