// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/ordersapi.h"

#include "orders/orderservice.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace dc::api {

using storage::DbResult;
using storage::WriteContext;

namespace {

QJsonValue iso(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject lineItemJson(const LineItem &li)
{
    return {{QStringLiteral("id"), li.id},
            {QStringLiteral("sku"), li.sku},
            {QStringLiteral("title"), li.title},
            {QStringLiteral("quantity"), li.quantity},
            {QStringLiteral("unit_price_minor"), li.unitPrice.minor},
            {QStringLiteral("total_discount_minor"), li.totalDiscount.minor},
            {QStringLiteral("shopify_product_id"), li.shopifyProductId},
            {QStringLiteral("shopify_variant_id"), li.shopifyVariantId}};
}

} // namespace

QJsonObject shipmentJson(const Shipment &s)
{
    QJsonArray events;
    for (const TrackingEvent &e : s.events)
        events.append(QJsonObject{{QStringLiteral("at"), iso(e.at)},
                                  {QStringLiteral("status"), e.status},
                                  {QStringLiteral("description"), e.description},
                                  {QStringLiteral("location"), e.location}});
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("order_id"), s.orderId},
            {QStringLiteral("supplier_order_id"), s.supplierOrderId},
            {QStringLiteral("carrier"), s.carrier},
            {QStringLiteral("tracking_number"), s.trackingNumber},
            {QStringLiteral("tracking_url"), s.trackingUrl},
            {QStringLiteral("status"), s.status},
            {QStringLiteral("events"), events},
            {QStringLiteral("created_at"), iso(s.createdAt)},
            {QStringLiteral("updated_at"), iso(s.updatedAt)}};
}

QJsonObject orderJson(const Order &o, bool full)
{
    QJsonObject j{
        {QStringLiteral("id"), o.id},
        {QStringLiteral("shop"), o.shop},
        {QStringLiteral("shopify_order_id"),
         o.shopifyOrderId ? QJsonValue(o.shopifyOrderId) : QJsonValue()},
        {QStringLiteral("name"), o.name},
        {QStringLiteral("status"), orderStatusName(o.status)},
        {QStringLiteral("financial_status"), o.financialStatus},
        {QStringLiteral("fulfillment_status"), o.fulfillmentStatus},
        {QStringLiteral("currency"), o.currency},
        {QStringLiteral("subtotal_minor"), o.subtotal.minor},
        {QStringLiteral("shipping_minor"), o.shippingTotal.minor},
        {QStringLiteral("tax_minor"), o.taxTotal.minor},
        {QStringLiteral("total_minor"), o.total.minor},
        {QStringLiteral("customer_id"), o.customerId ? QJsonValue(*o.customerId) : QJsonValue()},
        {QStringLiteral("shipping_country"), o.shippingCountry},
        {QStringLiteral("hold_reason"), o.holdReason},
        {QStringLiteral("margin_approved_by"), o.marginApprovedBy},
        {QStringLiteral("shopify_created_at"), iso(o.shopifyCreatedAt)},
        {QStringLiteral("created_at"), iso(o.createdAt)},
        {QStringLiteral("updated_at"), iso(o.updatedAt)}};
    if (full) {
        QJsonArray items;
        for (const LineItem &li : o.lineItems)
            items.append(lineItemJson(li));
        j.insert(QStringLiteral("line_items"), items);
        j.insert(QStringLiteral("shipping_address"),
                 o.shippingAddress ? QJsonValue(o.shippingAddress->toJson()) : QJsonValue());
    }
    return j;
}

QJsonObject addressSchema()
{
    const QJsonObject line = schema::string(256);
    QJsonObject country = schema::string(2, {}, 2);
    country.insert(QStringLiteral("description"), QStringLiteral("ISO 3166-1 alpha-2, e.g. FR"));
    // address1, city and country_code are required too; addressField() says so, after the
    // types (a schema would name a missing member before a member of the wrong type).
    return schema::object({{QStringLiteral("name"), line},
                           {QStringLiteral("address1"), line},
                           {QStringLiteral("address2"), line},
                           {QStringLiteral("city"), line},
                           {QStringLiteral("province"), line},
                           {QStringLiteral("zip"), line},
                           {QStringLiteral("country_code"), country},
                           {QStringLiteral("phone"), line}});
}

std::expected<std::optional<Address>, QHttpServerResponse> addressField(const QJsonObject &body,
                                                                        const QString &name)
{
    if (!body.contains(name) || body.value(name).isNull())
        return std::optional<Address>();
    if (!body.value(name).isObject())
        return std::unexpected(invalidField(name, QStringLiteral("expected an object")));
    const QJsonObject a = body.value(name).toObject();
    const QStringList fields = {QStringLiteral("name"),         QStringLiteral("address1"),
                                QStringLiteral("address2"),     QStringLiteral("city"),
                                QStringLiteral("province"),     QStringLiteral("zip"),
                                QStringLiteral("country_code"), QStringLiteral("phone")};
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (!fields.contains(it.key()))
            return std::unexpected(
                invalidField(name + QLatin1Char('.') + it.key(), QStringLiteral("unknown field")));
        if (!it.value().isString() || it.value().toString().size() > 256)
            return std::unexpected(invalidField(name + QLatin1Char('.') + it.key(),
                                                QStringLiteral("expected a string of at most 256 "
                                                               "characters")));
    }
    Address out = Address::fromJson(a);
    static const QRegularExpression cc(QStringLiteral("^[A-Z]{2}$"));
    if (!cc.match(out.countryCode).hasMatch())
        return std::unexpected(
            invalidField(name + QStringLiteral(".country_code"),
                         QStringLiteral("required: ISO 3166-1 alpha-2, e.g. FR")));
    if (out.address1.trimmed().isEmpty() || out.city.trimmed().isEmpty())
        return std::unexpected(invalidField(name + QStringLiteral(".address1"),
                                            QStringLiteral("address1 and city are required")));
    return std::optional<Address>(out);
}

namespace {

QJsonObject manualOrderSchema()
{
    const QJsonObject minor = schema::integer(0, 1'000'000'000'000);
    const QJsonObject line =
        schema::object({{QStringLiteral("variant_id"), schema::nullable(schema::integer(1))},
                        {QStringLiteral("sku"), schema::nullable(schema::string(128))},
                        {QStringLiteral("title"), schema::nullable(schema::string(256))},
                        {QStringLiteral("quantity"), schema::integer(1, 10'000)},
                        {QStringLiteral("unit_price_minor"), schema::nullable(minor)}},
                       {QStringLiteral("quantity")});
    QJsonObject lines = schema::array(line, 500);
    lines.insert(QStringLiteral("minItems"), 1);
    return schema::object(
        {{QStringLiteral("name"), schema::string(64, {}, 1)},
         {QStringLiteral("shop"), schema::nullable(schema::string(255))},
         {QStringLiteral("currency"), schema::string(3, {}, 3)},
         {QStringLiteral("line_items"), lines},
         {QStringLiteral("shipping_minor"), schema::nullable(minor)},
         {QStringLiteral("tax_minor"), schema::nullable(minor)},
         {QStringLiteral("shipping_address"), schema::nullable(addressSchema())},
         {QStringLiteral("financial_status"),
          schema::nullable(
              schema::string(16, {QStringLiteral("pending"), QStringLiteral("authorized"),
                                  QStringLiteral("paid")}))}},
        {QStringLiteral("name"), QStringLiteral("currency"), QStringLiteral("line_items")});
}

// A manual order as its author gave it; the order domain resolves variants and computes totals.
std::expected<orders::ManualOrder, QHttpServerResponse> manualOrderFrom(const QJsonObject &body)
{
    orders::ManualOrder o;
    auto name = stringField(body, QStringLiteral("name"), 64);
    if (!name)
        return std::unexpected(std::move(name.error()));
    if (!name->has_value() || (*name)->trimmed().isEmpty())
        return std::unexpected(invalidField(QStringLiteral("name"), QStringLiteral("required")));
    o.name = **name;
    auto shop = stringField(body, QStringLiteral("shop"), 255);
    if (!shop)
        return std::unexpected(std::move(shop.error()));
    o.shop = shop->value_or(QStringLiteral("manual"));
    auto currency = stringField(body, QStringLiteral("currency"), 3);
    if (!currency)
        return std::unexpected(std::move(currency.error()));
    o.currency = currency->value_or(QString());
    const QJsonValue items = body.value(QStringLiteral("line_items"));
    if (!items.isArray())
        return std::unexpected(invalidField(QStringLiteral("line_items"),
                                            QStringLiteral("required: 1 to 500 line items")));
    int n = 0;
    for (const QJsonValue &v : items.toArray()) {
        const QString at = QStringLiteral("line_items[%1]").arg(n++);
        if (!v.isObject())
            return std::unexpected(invalidField(at, QStringLiteral("expected an object")));
        const QJsonObject li = v.toObject();
        for (auto it = li.begin(); it != li.end(); ++it)
            if (!QStringList{QStringLiteral("variant_id"), QStringLiteral("sku"),
                             QStringLiteral("title"), QStringLiteral("quantity"),
                             QStringLiteral("unit_price_minor")}
                     .contains(it.key()))
                return std::unexpected(invalidField(at + QLatin1Char('.') + it.key(),
                                                    QStringLiteral("unknown field")));
        auto sku = stringField(li, QStringLiteral("sku"), 128);
        auto title = stringField(li, QStringLiteral("title"), 256);
        auto qty = intField(li, QStringLiteral("quantity"), 1, 10'000);
        auto price = intField(li, QStringLiteral("unit_price_minor"), 0, 1'000'000'000'000);
        for (auto *e : {&sku, &title})
            if (!*e)
                return std::unexpected(
                    invalidField(at, e->error().statusCode() == Status::BadRequest
                                         ? QStringLiteral("sku and title are "
                                                          "strings")
                                         : QStringLiteral("invalid")));
        if (!qty)
            return std::unexpected(invalidField(at + QStringLiteral(".quantity"),
                                                QStringLiteral("an integer from 1 to 10000")));
        if (!price)
            return std::unexpected(invalidField(at + QStringLiteral(".unit_price_minor"),
                                                QStringLiteral("an integer >= 0 (minor units)")));
        auto variantId = intField(li, QStringLiteral("variant_id"), 1, INT64_MAX);
        if (!variantId)
            return std::unexpected(
                invalidField(at + QStringLiteral(".variant_id"),
                             QStringLiteral("a variant id (GET /api/products)")));
        if (!qty->has_value())
            return std::unexpected(invalidField(
                at, QStringLiteral("quantity, and title and unit_price_minor unless variant_id "
                                   "names a catalog variant, are required")));
        o.lines.append({*variantId, *sku, *title, int(**qty), *price});
    }
    auto shipping = intField(body, QStringLiteral("shipping_minor"), 0, 1'000'000'000'000);
    if (!shipping)
        return std::unexpected(std::move(shipping.error()));
    auto tax = intField(body, QStringLiteral("tax_minor"), 0, 1'000'000'000'000);
    if (!tax)
        return std::unexpected(std::move(tax.error()));
    o.shippingMinor = shipping->value_or(0);
    o.taxMinor = tax->value_or(0);
    auto addr = addressField(body, QStringLiteral("shipping_address"));
    if (!addr)
        return std::unexpected(std::move(addr.error()));
    o.shippingAddress = *addr;
    auto financial = stringField(body, QStringLiteral("financial_status"), 16);
    if (!financial)
        return std::unexpected(std::move(financial.error()));
    o.financialStatus = financial->value_or(QStringLiteral("pending"));
    return o;
}

} // namespace

// The answer to a request that made (or found) an order: the order as stored, with its Location.
QHttpServerResponse madeOrder(const storage::OrderRepository &orders, storage::Store &store,
                              qint64 id, Status status)
{
    auto o = orders.get(store.reader(), id);
    if (!o || !o->has_value())
        return json({{QStringLiteral("id"), id}}, status);
    QHttpServerResponse resp = json(orderJson(**o, true), status);
    resp.addHeader("Location", "/api/orders/" + QByteArray::number(id));
    return resp;
}

namespace {

QHttpServerResponse createOrder(RequestContext &ctx, const orders::OrderService &service,
                                const storage::OrderRepository &orders, storage::Store &store)
{
    const QJsonObject &body = ctx.body;
    auto order = manualOrderFrom(body);
    if (!order)
        return std::move(order.error());
    auto id = service.enter(*order);
    if (!id)
        return errorResponse(id.error());
    ctx.auditTarget = QStringLiteral("order:%1").arg(*id);
    return madeOrder(orders, store, *id, Status::Created);
}

QHttpServerResponse correctOrder(RequestContext &ctx, const orders::OrderService &service,
                                 const storage::OrderRepository &orders, storage::Store &store)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    const QJsonObject &body = ctx.body;
    if (body.isEmpty())
        return invalidField(QStringLiteral("body"),
                            QStringLiteral("nothing to change (status, shipping_address)"));
    std::optional<OrderStatus> status;
    if (auto s = stringField(body, QStringLiteral("status"), 32); !s)
        return std::move(s.error());
    else if (s->has_value()) {
        status = orderStatusFromString(**s);
        if (!status)
            return invalidField(QStringLiteral("status"), QStringLiteral("unknown status"));
    }
    auto addr = addressField(body, QStringLiteral("shipping_address"));
    if (!addr)
        return std::move(addr.error());
    std::optional<std::optional<Address>> address;
    if (body.contains(QStringLiteral("shipping_address")))
        address = *addr;
    if (auto done = service.correct(id, status, address, ctx.principal.subject()); !done)
        return errorResponse(done.error());
    auto o = orders.get(store.reader(), id);
    if (!o || !o->has_value())
        return notFound(QStringLiteral("no order %1").arg(id));
    return json(orderJson(**o, true));
}

} // namespace

void registerOrderRoutes(HttpFront &front, storage::Store &store,
                         const storage::OrderRepository &orders,
                         const orders::OrderService &service)
{
    Router &r = front.router();
    const storage::ShipmentRepository shipments;
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders"),
             .permission = QStringLiteral("orders.read"),
             .summary = QStringLiteral(
                 "Orders with filters and a cursor (next_cursor), sorted by ?sort=newest "
                 "(default), oldest, total_desc or total_asc. ?q= matches the order name or a "
                 "line item's title or SKU (contains), and exactly the Shopify order id, an "
                 "AliExpress order id, a tracking number or the customer's e-mail (with "
                 "personal.read). ?replacements=only lists the orders sent again as replacements"),
             .tag = QStringLiteral("orders"),
             .query = {{QStringLiteral("status"), str},
                       {QStringLiteral("shop"), str},
                       {QStringLiteral("from"), str},
                       {QStringLiteral("to"), str},
                       {QStringLiteral("q"), str},
                       {QStringLiteral("replacements"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                    {QStringLiteral("enum"), QJsonArray{QStringLiteral("only")}}}},
                       {QStringLiteral("shopify_order_id"), integer},
                       {QStringLiteral("cursor"), integer},
                       {QStringLiteral("limit"), integer},
                       {QStringLiteral("sort"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                    {QStringLiteral("enum"),
                                     QJsonArray{QStringLiteral("newest"), QStringLiteral("oldest"),
                                                QStringLiteral("total_desc"),
                                                QStringLiteral("total_asc")}}}}}},
            [&orders, &store](RequestContext &ctx) {
                const QUrlQuery query(ctx.request.url());
                storage::OrderQuery q;
                const QString status = query.queryItemValue(QStringLiteral("status"));
                if (!status.isEmpty()) {
                    q.status = orderStatusFromString(status);
                    if (!q.status)
                        return invalidField(QStringLiteral("status"),
                                            QStringLiteral("unknown status"));
                }
                q.shop = query.queryItemValue(QStringLiteral("shop"), QUrl::FullyDecoded);
                q.text = query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).left(128);
                // Whether an address is a customer's is personal data itself.
                q.matchEmail =
                    security::roleAllows(ctx.principal.role, QStringLiteral("personal.read"));
                if (const QString r = query.queryItemValue(QStringLiteral("replacements"));
                    !r.isEmpty()) {
                    if (r != QLatin1String("only"))
                        return invalidField(QStringLiteral("replacements"),
                                            QStringLiteral("only, or leave it out"));
                    q.replacementsOnly = true;
                }
                for (auto [field, target] : {std::pair{QStringLiteral("from"), &q.createdFrom},
                                             std::pair{QStringLiteral("to"), &q.createdTo}}) {
                    auto t = dateQuery(ctx.request, field);
                    if (!t)
                        return std::move(t.error());
                    if (t->isValid())
                        *target = *t;
                }
                auto sid = intQuery(ctx.request, QStringLiteral("shopify_order_id"), 0, 0,
                                    std::numeric_limits<qint64>::max());
                if (!sid)
                    return std::move(sid.error());
                if (*sid > 0)
                    q.shopifyOrderId = *sid;
                auto paging = pageQuery(ctx.request, 50, 500);
                if (!paging)
                    return std::move(paging.error());
                q.afterId = paging->cursor;
                q.limit = paging->limit;
                const QString sort = query.queryItemValue(QStringLiteral("sort"));
                static const QHash<QString, storage::OrderSort> sorts{
                    {QStringLiteral("newest"), storage::OrderSort::NewestFirst},
                    {QStringLiteral("oldest"), storage::OrderSort::OldestFirst},
                    {QStringLiteral("total_desc"), storage::OrderSort::TotalHighFirst},
                    {QStringLiteral("total_asc"), storage::OrderSort::TotalLowFirst}};
                if (!sort.isEmpty() && !sorts.contains(sort))
                    return invalidField(QStringLiteral("sort"),
                                        QStringLiteral("newest, oldest, total_desc or total_asc"));
                q.sort = sorts.value(sort, storage::OrderSort::NewestFirst);
                auto page = orders.list(store.reader(), q);
                if (!page)
                    return errorResponse(page.error());
                QJsonArray arr;
                for (const Order &o : page->orders)
                    arr.append(orderJson(o, false));
                return json({{QStringLiteral("orders"), arr},
                             {QStringLiteral("next_cursor"),
                              page->nextCursor ? QJsonValue(page->nextCursor) : QJsonValue()}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders/{id:int}"),
             .permission = QStringLiteral("orders.read"),
             .summary = QStringLiteral("One order with line items, address and shipments (the "
                                       "address for roles with personal.read; others see its "
                                       "country)"),
             .tag = QStringLiteral("orders")},
            [&orders, &store, shipments](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                QSqlDatabase db = store.reader();
                auto o = orders.get(db, id);
                if (!o)
                    return errorResponse(o.error());
                if (!o->has_value())
                    return notFound(QStringLiteral("no order %1").arg(id));
                QJsonObject j = orderJson(**o, true);
                if (!security::roleAllows(ctx.principal.role, QStringLiteral("personal.read")) &&
                    (*o)->shippingAddress)
                    j.insert(QStringLiteral("shipping_address"),
                             QJsonObject{{QStringLiteral("country_code"),
                                          (*o)->shippingAddress->countryCode},
                                         {QStringLiteral("redacted"), true}});
                auto sh = shipments.shipmentsForOrder(db, id);
                if (!sh)
                    return errorResponse(sh.error());
                QJsonArray arr;
                for (const Shipment &s : *sh)
                    arr.append(shipmentJson(s));
                j.insert(QStringLiteral("shipments"), arr);
                return json(j);
            });

    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/orders"),
         .permission = QStringLiteral("orders.write"),
         .summary = QStringLiteral(
             "Enter an order by hand {name, currency, line_items[{variant_id?, sku?, title, "
             "quantity, unit_price_minor}], financial_status?: pending|authorized|paid, "
             "shipping_minor?, tax_minor?, shipping_address?, shop?}; totals are computed from the "
             "items; a line with variant_id takes the variant's SKU, title and price unless given"),
         .tag = QStringLiteral("orders"),
         .maxBodyBytes = 256 * 1024,
         .requestBody = manualOrderSchema()},
        [&service, &orders, &store](RequestContext &ctx) {
            return createOrder(ctx, service, orders, store);
        });

    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/orders/{id:int}"),
             .permission = QStringLiteral("orders.write"),
             .summary = QStringLiteral("Correct an order: shipping address, or status (hold, "
                                       "release); cancel and refund have their own routes"),
             .tag = QStringLiteral("orders"),
             .maxBodyBytes = 16 * 1024,
             .requestBody = schema::object(
                 {{QStringLiteral("status"), schema::nullable(schema::string(32))},
                  {QStringLiteral("shipping_address"), schema::nullable(addressSchema())}})},
            [&service, &orders, &store](RequestContext &ctx) {
                return correctOrder(ctx, service, orders, store);
            });
}

} // namespace dc::api
