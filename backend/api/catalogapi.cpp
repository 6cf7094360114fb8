// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/catalogapi.h"

#include "agents/supplierscores.h"
#include "api/httpfront.h"
#include "api/ordersapi.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QUrlQuery>
#include <cmath>

namespace dc::api {

using storage::DbResult;
using storage::WriteContext;

namespace {

const QStringList kShipmentStatuses = {QStringLiteral("pending"), QStringLiteral("in_transit"),
                                       QStringLiteral("delivered"), QStringLiteral("exception"),
                                       QStringLiteral("returned")};

QJsonObject supplierJson(const Supplier &s)
{
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("name"), s.name},
            {QStringLiteral("platform"), s.platform},
            {QStringLiteral("active"), s.active},
            {QStringLiteral("created_at"), s.createdAt.toString(Qt::ISODateWithMs)}};
}

QJsonObject variantJson(const Variant &v, const QList<SupplierOffer> &offers)
{
    QJsonArray arr;
    for (const SupplierOffer &o : offers)
        arr.append(offerJson(o));
    return {{QStringLiteral("id"), v.id},
            {QStringLiteral("shopify_variant_id"), v.shopifyVariantId},
            {QStringLiteral("sku"), v.sku},
            {QStringLiteral("title"), v.title},
            {QStringLiteral("price_minor"), v.price.minor},
            {QStringLiteral("currency"), v.price.currency},
            {QStringLiteral("inventory_quantity"), v.inventoryQuantity},
            {QStringLiteral("offers"), arr}};
}

QJsonObject catalogEntryJson(const storage::CatalogEntry &e)
{
    const Product &p = e.product;
    QJsonArray variants;
    for (const Variant &v : p.variants)
        variants.append(variantJson(v, e.offers.value(v.id)));
    return {{QStringLiteral("id"), p.id},
            {QStringLiteral("shop"), p.shop},
            {QStringLiteral("shopify_product_id"), p.shopifyProductId},
            {QStringLiteral("title"), p.title},
            {QStringLiteral("vendor"), p.vendor},
            {QStringLiteral("status"), p.status},
            {QStringLiteral("updated_at"), p.updatedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("images"), QJsonArray::fromStringList(p.images)},
            {QStringLiteral("variants"), variants}};
}

// The supplier body: all of it to add one (POST), any of it to change one (PUT).
QJsonObject supplierSchema(bool partial)
{
    const QJsonObject name = schema::string(128, {}, 1), platform = schema::string(32, {}, 2);
    if (partial)
        return schema::object({{QStringLiteral("name"), schema::nullable(name)},
                               {QStringLiteral("platform"), schema::nullable(platform)},
                               {QStringLiteral("active"), schema::boolean()}});
    return schema::object({{QStringLiteral("name"), name},
                           {QStringLiteral("platform"), platform},
                           {QStringLiteral("active"), schema::boolean()}},
                          {QStringLiteral("name"), QStringLiteral("platform")});
}

// The shipment body: with the order's id to record one (POST), without to change one (PUT).
QJsonObject shipmentSchema(bool partial)
{
    QJsonObject props{
        {QStringLiteral("supplier_order_id"), schema::nullable(schema::string(128))},
        {QStringLiteral("carrier"), schema::nullable(schema::string(64))},
        {QStringLiteral("tracking_number"), schema::nullable(schema::string(128))},
        {QStringLiteral("tracking_url"), schema::nullable(schema::string(2048))},
        {QStringLiteral("status"), schema::nullable(schema::string(32, kShipmentStatuses))}};
    if (partial)
        return schema::object(props);
    props.insert(QStringLiteral("order_id"), schema::integer(1));
    return schema::object(props, {QStringLiteral("order_id")});
}

// Fields of a supplier body; `partial` (PUT) keeps what is absent from `base`.
std::expected<Supplier, QHttpServerResponse> supplierFrom(const QHttpServerRequest &req,
                                                          Supplier base, bool partial)
{
    auto body = jsonBody(
        req, 4096, {QStringLiteral("name"), QStringLiteral("platform"), QStringLiteral("active")});
    if (!body)
        return std::unexpected(std::move(body.error()));
    auto name = stringField(*body, QStringLiteral("name"), 128);
    if (!name)
        return std::unexpected(std::move(name.error()));
    auto platform = stringField(*body, QStringLiteral("platform"), 32);
    if (!platform)
        return std::unexpected(std::move(platform.error()));
    if (!partial && (!name->has_value() || !platform->has_value()))
        return std::unexpected(
            invalidField(name->has_value() ? QStringLiteral("platform") : QStringLiteral("name"),
                         QStringLiteral("required")));
    if (body->contains(QStringLiteral("active"))) {
        if (!body->value(QStringLiteral("active")).isBool())
            return std::unexpected(
                invalidField(QStringLiteral("active"), QStringLiteral("expected true or false")));
        base.active = body->value(QStringLiteral("active")).toBool();
    }
    if (name->has_value()) {
        if ((*name)->trimmed().isEmpty())
            return std::unexpected(
                invalidField(QStringLiteral("name"), QStringLiteral("must not be blank")));
        base.name = (*name)->trimmed();
    }
    if (platform->has_value()) {
        static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9_]{1,31}$"));
        if (!re.match(**platform).hasMatch())
            return std::unexpected(invalidField(
                QStringLiteral("platform"), QStringLiteral("lower-case name, e.g. aliexpress")));
        base.platform = **platform;
    }
    return base;
}

// Shipment fields; `partial` (PUT) keeps what is absent from `base`.
std::expected<Shipment, QHttpServerResponse> shipmentFrom(const QHttpServerRequest &req,
                                                          Shipment base, bool partial)
{
    QStringList allowed = {QStringLiteral("supplier_order_id"), QStringLiteral("carrier"),
                           QStringLiteral("tracking_number"), QStringLiteral("tracking_url"),
                           QStringLiteral("status")};
    if (!partial)
        allowed << QStringLiteral("order_id");
    auto body = jsonBody(req, 8192, allowed);
    if (!body)
        return std::unexpected(std::move(body.error()));
    if (!partial) {
        auto order =
            intField(*body, QStringLiteral("order_id"), 1, std::numeric_limits<qint64>::max());
        if (!order)
            return std::unexpected(std::move(order.error()));
        if (!order->has_value())
            return std::unexpected(
                invalidField(QStringLiteral("order_id"), QStringLiteral("required")));
        base.orderId = **order;
    }
    for (auto [field, target, max] :
         {std::tuple{QStringLiteral("supplier_order_id"), &base.supplierOrderId, 128},
          std::tuple{QStringLiteral("carrier"), &base.carrier, 64},
          std::tuple{QStringLiteral("tracking_number"), &base.trackingNumber, 128},
          std::tuple{QStringLiteral("tracking_url"), &base.trackingUrl, 2048},
          std::tuple{QStringLiteral("status"), &base.status, 32}}) {
        auto v = stringField(*body, field, max);
        if (!v)
            return std::unexpected(std::move(v.error()));
        if (v->has_value())
            *target = **v;
    }
    if (!kShipmentStatuses.contains(base.status))
        return std::unexpected(invalidField(
            QStringLiteral("status"),
            QStringLiteral("one of %1").arg(kShipmentStatuses.join(QStringLiteral(", ")))));
    if (!base.trackingUrl.isEmpty()) {
        const QUrl u(base.trackingUrl, QUrl::StrictMode);
        if (!u.isValid() ||
            (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
            return std::unexpected(
                invalidField(QStringLiteral("tracking_url"), QStringLiteral("an http(s) URL")));
    }
    return base;
}

struct SupplierStats
{
    qint64 offers = 0, orders = 0, open = 0, failed = 0, delivered = 0, shippedCount = 0;
    double shipHoursSum = 0;
    qint64 lastOrderMs = 0;
    QJsonObject toJson() const
    {
        return {
            {QStringLiteral("offers"), offers},
            {QStringLiteral("orders_30d"), orders},
            {QStringLiteral("open"), open},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("delivered"), delivered},
            {QStringLiteral("mean_ship_hours"),
             shippedCount ? QJsonValue(std::round(shipHoursSum / double(shippedCount) * 10) / 10)
                          : QJsonValue()},
            {QStringLiteral("last_order_at"),
             lastOrderMs
                 ? QJsonValue(
                       QDateTime::fromMSecsSinceEpoch(lastOrderMs, Qt::UTC).toString(Qt::ISODate))
                 : QJsonValue()}};
    }
};

// Per supplier, in two grouped queries (never a row per order).
DbResult<QHash<qint64, SupplierStats>> supplierStats(QSqlDatabase db)
{
    QHash<qint64, SupplierStats> out;
    auto offers = storage::exec(
        db, QStringLiteral("SELECT supplier_id, COUNT(*) FROM supplier_offers GROUP BY 1"), {});
    if (!offers)
        return std::unexpected(offers.error());
    while (offers->next())
        out[offers->value(0).toLongLong()].offers = offers->value(1).toLongLong();
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - 30LL * 86'400'000;
    auto q = storage::exec(
        db,
        QStringLiteral("SELECT supplier_id, status, COUNT(*), MAX(created_at), "
                       "SUM(CASE WHEN shipped_at IS NOT NULL AND placed_at IS NOT NULL THEN "
                       "shipped_at - placed_at ELSE 0 END), SUM(CASE WHEN shipped_at IS NOT NULL "
                       "AND placed_at IS NOT NULL THEN 1 ELSE 0 END) FROM supplier_orders WHERE "
                       "created_at >= ? GROUP BY 1, 2"),
        {since});
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        SupplierStats &s = out[q->value(0).toLongLong()];
        const QString status = q->value(1).toString();
        const qint64 n = q->value(2).toLongLong();
        s.orders += n;
        // closed: AliExpress closed it before it shipped (the supplier's failure too).
        if (status == QLatin1String("failed") || status == QLatin1String("closed"))
            s.failed += n;
        else if (status == QLatin1String("delivered"))
            s.delivered += n;
        else if (status == QLatin1String("placed") || status == QLatin1String("submitting") ||
                 status == QLatin1String("prepared") || status == QLatin1String("shipped") ||
                 status == QLatin1String("payment_failed") ||
                 status == QLatin1String("risk_control") ||
                 status == QLatin1String("address_incomplete") ||
                 status == QLatin1String("cancelling"))
            s.open += n;
        s.lastOrderMs = std::max(s.lastOrderMs, q->value(3).toLongLong());
        s.shipHoursSum += double(q->value(4).toLongLong()) / 3'600'000.0;
        s.shippedCount += q->value(5).toLongLong();
    }
    return out;
}

} // namespace

QJsonObject offerJson(const SupplierOffer &o)
{
    return {{QStringLiteral("id"), o.id},
            {QStringLiteral("supplier_id"), o.supplierId},
            {QStringLiteral("variant_id"), o.variantId},
            {QStringLiteral("supplier_product_id"), o.supplierProductId},
            {QStringLiteral("supplier_sku_id"), o.supplierSkuId},
            {QStringLiteral("supplier_sku_attr"),
             o.supplierSkuAttr ? QJsonValue(*o.supplierSkuAttr) : QJsonValue()},
            {QStringLiteral("currency"), o.cost.currency},
            {QStringLiteral("cost_minor"), o.cost.minor},
            {QStringLiteral("shipping_minor"), o.shippingCost.minor},
            {QStringLiteral("stock"), o.stock},
            {QStringLiteral("ships_to"), QJsonArray::fromStringList(o.shipsTo)},
            {QStringLiteral("priority"), o.priority}};
}

void registerCatalogRoutes(HttpFront &front, storage::Store &store, int minOrdersForScore,
                           QThreadPool &heavyReads)
{
    Router &r = front.router();
    const storage::CatalogRepository catalog;
    const storage::ShipmentRepository shipments;
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/products"),
         .permission = QStringLiteral("catalog.read"),
         .summary = QStringLiteral(
             "Products, newest first, each with its variants and every supplier offer of each "
             "variant (?q= in titles and SKUs, &shop=, &unmapped=true: only products with a "
             "variant no offer covers, &cursor=&limit=)"),
         .tag = QStringLiteral("catalog"),
         .query = {{QStringLiteral("q"), str},
                   {QStringLiteral("shop"), str},
                   {QStringLiteral("unmapped"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                   {QStringLiteral("cursor"), integer},
                   {QStringLiteral("limit"), integer}}},
        [&store, catalog](RequestContext &ctx) {
            const QUrlQuery q(ctx.request.url());
            storage::CatalogQuery query;
            query.text = q.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
            if (query.text.size() > 200)
                return invalidField(QStringLiteral("q"), QStringLiteral("at most 200 characters"));
            query.shop = q.queryItemValue(QStringLiteral("shop"), QUrl::FullyDecoded);
            const QString unmapped = q.queryItemValue(QStringLiteral("unmapped"));
            if (!unmapped.isEmpty() && unmapped != QLatin1String("true") &&
                unmapped != QLatin1String("false"))
                return invalidField(QStringLiteral("unmapped"), QStringLiteral("true or false"));
            query.unmappedOnly = unmapped == QLatin1String("true");
            auto paging = pageQuery(ctx.request, 50, 200);
            if (!paging)
                return std::move(paging.error());
            query.beforeId = paging->cursor;
            query.limit = paging->limit;
            auto page = catalog.catalog(store.reader(), query);
            if (!page)
                return errorResponse(page.error());
            QJsonArray arr;
            for (const storage::CatalogEntry &e : *page)
                arr.append(catalogEntryJson(e));
            const bool more = page->size() == query.limit;
            return json({{QStringLiteral("products"), arr},
                         {QStringLiteral("next_cursor"),
                          more ? QJsonValue(page->last().product.id) : QJsonValue()}});
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/suppliers"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral(
                 "Suppliers, each with its offers and its supplier orders of the last 30 days "
                 "(stats: by status, open ones, failures, mean hours from placed to shipped) and "
                 "its record over all its supplier orders, as the Data Analyzer scores it "
                 "(performance: orders sent, failed, delivered, failure_rate, delivery_days_p50 "
                 "and _p90 from placed to delivered over the latest 1000 deliveries, and a 0-100 "
                 "score, null below min_orders)"),
             .tag = QStringLiteral("catalog")},
            [&front, &store, catalog, minOrdersForScore, &heavyReads](RequestContext &ctx) {
                return respondFromPool(
                    front, heavyReads, ctx, [&store, catalog, minOrdersForScore] {
                        QSqlDatabase db = store.reader();
                        auto list = catalog.suppliers(db);
                        if (!list)
                            return errorResponse(list.error());
                        auto stats = supplierStats(db);
                        if (!stats)
                            return errorResponse(stats.error());
                        auto scores = agents::scoreSuppliers(db, minOrdersForScore);
                        if (!scores)
                            return errorResponse(scores.error());
                        QHash<qint64, QJsonObject> performance;
                        for (const agents::SupplierScore &sc : std::as_const(*scores)) {
                            QJsonObject p = sc.toJson();
                            p.remove(QStringLiteral("supplier_id"));
                            p.remove(QStringLiteral("name"));
                            performance.insert(sc.supplierId, p);
                        }
                        QJsonArray arr;
                        for (const Supplier &s : *list) {
                            QJsonObject o = supplierJson(s);
                            o.insert(QStringLiteral("stats"), stats->value(s.id).toJson());
                            o.insert(QStringLiteral("performance"), performance.value(s.id));
                            arr.append(o);
                        }
                        return json({{QStringLiteral("suppliers"), arr}});
                    });
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/suppliers/{id:int}"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral("One supplier"),
             .tag = QStringLiteral("catalog")},
            [&store, catalog](qint64 id) {
                auto s = catalog.supplier(store.reader(), id);
                if (!s)
                    return errorResponse(s.error());
                if (!s->has_value())
                    return notFound(QStringLiteral("no supplier %1").arg(id));
                return json(supplierJson(**s));
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/suppliers"),
             .permission = QStringLiteral("catalog.write"),
             .summary = QStringLiteral("Add a supplier {name, platform, active}"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 4096,
             .requestBody = supplierSchema(false)},
            [&store, catalog](RequestContext &ctx) {
                auto s = supplierFrom(ctx.request, Supplier{}, false);
                if (!s)
                    return std::move(s.error());
                auto existing = catalog.suppliers(store.reader());
                if (existing)
                    for (const Supplier &e : *existing)
                        if (e.name == s->name)
                            return invalidField(QStringLiteral("name"),
                                                QStringLiteral("another supplier has it"),
                                                Status::Conflict);
                auto id = store.writeAndWait<qint64>(
                    [&](WriteContext &w) { return catalog.upsertSupplier(w, *s); });
                if (!id)
                    return errorResponse(id.error());
                ctx.auditTarget = QStringLiteral("supplier:%1").arg(*id);
                auto created = catalog.supplier(store.reader(), *id);
                if (!created || !created->has_value())
                    return json({{QStringLiteral("id"), *id}}, Status::Created);
                return json(supplierJson(**created), Status::Created);
            });

    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/suppliers/{id:int}"),
             .permission = QStringLiteral("catalog.write"),
             .summary = QStringLiteral("Change a supplier's name, platform or active flag"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 4096,
             .requestBody = supplierSchema(true)},
            [&store, catalog](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("supplier:%1").arg(id);
                auto cur = catalog.supplier(store.reader(), id);
                if (!cur)
                    return errorResponse(cur.error());
                if (!cur->has_value())
                    return notFound(QStringLiteral("no supplier %1").arg(id));
                auto s = supplierFrom(ctx.request, **cur, true);
                if (!s)
                    return std::move(s.error());
                auto done = store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
                    if (auto u = catalog.updateSupplier(w, *s); !u)
                        return std::unexpected(u.error());
                    return true;
                });
                if (!done)
                    return errorResponse(done.error());
                return json(supplierJson(*s));
            });

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/shipments"),
         .permission = QStringLiteral("catalog.read"),
         .summary = QStringLiteral("Shipments, newest first (?status=&order_id=&cursor=&limit=)"),
         .tag = QStringLiteral("catalog"),
         .query = {{QStringLiteral("status"), str},
                   {QStringLiteral("order_id"), integer},
                   {QStringLiteral("cursor"), integer},
                   {QStringLiteral("limit"), integer}}},
        [&store, shipments](RequestContext &ctx) {
            const QUrlQuery q(ctx.request.url());
            const QString status = q.queryItemValue(QStringLiteral("status"));
            if (!status.isEmpty() && !kShipmentStatuses.contains(status))
                return invalidField(QStringLiteral("status"), QStringLiteral("unknown status"));
            auto order = intQuery(ctx.request, QStringLiteral("order_id"), 0, 0,
                                  std::numeric_limits<qint64>::max());
            if (!order)
                return std::move(order.error());
            auto paging = pageQuery(ctx.request, 50, 500);
            if (!paging)
                return std::move(paging.error());
            auto list = *order > 0
                            ? shipments.shipmentsForOrder(store.reader(), *order)
                            : shipments.list(store.reader(), status, paging->cursor, paging->limit);
            if (!list)
                return errorResponse(list.error());
            QJsonArray arr;
            for (const Shipment &s : *list)
                arr.append(shipmentJson(s));
            const bool more = *order == 0 && list->size() == paging->limit;
            return json({{QStringLiteral("shipments"), arr},
                         {QStringLiteral("next_cursor"),
                          more ? QJsonValue(list->last().id) : QJsonValue()}});
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/shipments/{id:int}"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral("One shipment with its tracking events"),
             .tag = QStringLiteral("catalog")},
            [&store, shipments](qint64 id) {
                auto s = shipments.shipment(store.reader(), id);
                if (!s)
                    return errorResponse(s.error());
                if (!s->has_value())
                    return notFound(QStringLiteral("no shipment %1").arg(id));
                return json(shipmentJson(**s));
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/shipments"),
             .permission = QStringLiteral("orders.write"),
             .summary = QStringLiteral("Record a shipment for an order"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 8192,
             .requestBody = shipmentSchema(false)},
            [&store, shipments](RequestContext &ctx) {
                Shipment base;
                base.status = QStringLiteral("pending");
                auto s = shipmentFrom(ctx.request, base, false);
                if (!s)
                    return std::move(s.error());
                auto id = store.writeAndWait<qint64>([&](WriteContext &w) -> DbResult<qint64> {
                    auto exists = storage::exec(
                        w.db(), QStringLiteral("SELECT 1 FROM orders WHERE id = ?"), {s->orderId});
                    if (!exists)
                        return std::unexpected(exists.error());
                    if (!exists->next())
                        return std::unexpected(storage::DbError{
                            storage::DbError::Kind::Invalid,
                            QStringLiteral("order_id: no order %1").arg(s->orderId)});
                    return shipments.upsertShipment(w, *s);
                });
                if (!id)
                    return errorResponse(id.error());
                ctx.auditTarget = QStringLiteral("shipment:%1").arg(*id);
                auto created = shipments.shipment(store.reader(), *id);
                if (!created || !created->has_value())
                    return json({{QStringLiteral("id"), *id}}, Status::Created);
                return json(shipmentJson(**created), Status::Created);
            });

    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/shipments/{id:int}"),
             .permission = QStringLiteral("orders.write"),
             .summary = QStringLiteral("Change a shipment's carrier, tracking or status"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 8192,
             .requestBody = shipmentSchema(true)},
            [&store, shipments](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("shipment:%1").arg(id);
                auto cur = shipments.shipment(store.reader(), id);
                if (!cur)
                    return errorResponse(cur.error());
                if (!cur->has_value())
                    return notFound(QStringLiteral("no shipment %1").arg(id));
                auto s = shipmentFrom(ctx.request, **cur, true);
                if (!s)
                    return std::move(s.error());
                auto done = store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
                    if (auto u = shipments.update(w, *s); !u)
                        return std::unexpected(u.error());
                    return true;
                });
                if (!done)
                    return errorResponse(done.error());
                auto now = shipments.shipment(store.reader(), id);
                if (!now || !now->has_value())
                    return json(shipmentJson(*s));
                return json(shipmentJson(**now));
            });
}

} // namespace dc::api
