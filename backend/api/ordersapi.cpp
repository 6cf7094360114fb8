// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/ordersapi.h"

#include "agents/orderlifecycle.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/router.h"
#include "events/eventbus.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "workflows/engine.h"

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

// A manual order: prices come from the line items; totals are computed here, never trusted. A
// line naming a catalog variant (variant_id) is tied to it, so the Order Manager finds its
// supplier offers, and takes its SKU, title and price unless they are given.
std::expected<Order, QHttpServerResponse> manualOrderFrom(const QJsonObject &body,
                                                          QSqlDatabase catalogDb)
{
    Order o;
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
    if (!currency->has_value() || !isCurrencyCode(**currency))
        return std::unexpected(invalidField(
            QStringLiteral("currency"), QStringLiteral("required: an ISO 4217 code, e.g. EUR")));
    o.currency = **currency;
    const QJsonValue items = body.value(QStringLiteral("line_items"));
    if (!items.isArray() || items.toArray().isEmpty() || items.toArray().size() > 500)
        return std::unexpected(invalidField(QStringLiteral("line_items"),
                                            QStringLiteral("required: 1 to 500 line items")));
    qint64 subtotal = 0;
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
        LineItem item;
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
        std::optional<storage::VariantRef> variant;
        if (variantId->has_value()) {
            auto v = storage::CatalogRepository().variantRef(catalogDb, **variantId);
            if (!v)
                return std::unexpected(fromDbError(v.error()));
            if (!v->has_value())
                return std::unexpected(
                    invalidField(at + QStringLiteral(".variant_id"),
                                 QStringLiteral("no variant %1").arg(**variantId)));
            variant = **v;
            const QString variantCurrency = variant->variant.price.currency;
            if (!price->has_value() && variantCurrency != o.currency)
                return std::unexpected(invalidField(
                    at + QStringLiteral(".unit_price_minor"),
                    QStringLiteral("required: the variant is priced in %1, the order is in %2")
                        .arg(variantCurrency, o.currency)));
            item.shopifyVariantId = variant->variant.shopifyVariantId;
            item.shopifyProductId = variant->shopifyProductId;
        }
        if (!qty->has_value() || (!variant && (!title->has_value() || !price->has_value())))
            return std::unexpected(invalidField(
                at, QStringLiteral("quantity, and title and unit_price_minor unless variant_id "
                                   "names a catalog variant, are required")));
        const qint64 unit = price->has_value() ? **price : variant->variant.price.minor;
        item.sku = sku->value_or(variant ? variant->variant.sku : QString());
        // "Desk lamp — Black"; Shopify names a product's only variant "Default Title".
        const auto variantTitle = [&] {
            const QString t = variant->variant.title;
            return t.isEmpty() || t.startsWith(QLatin1String("Default"))
                       ? variant->productTitle
                       : variant->productTitle + QStringLiteral(" — ") + t;
        };
        item.title = title->has_value() ? **title : variantTitle();
        item.quantity = int(**qty);
        item.unitPrice = Money{unit, o.currency};
        item.totalDiscount = Money{0, o.currency};
        subtotal += unit * **qty;
        o.lineItems.append(item);
    }
    auto shipping = intField(body, QStringLiteral("shipping_minor"), 0, 1'000'000'000'000);
    if (!shipping)
        return std::unexpected(std::move(shipping.error()));
    auto tax = intField(body, QStringLiteral("tax_minor"), 0, 1'000'000'000'000);
    if (!tax)
        return std::unexpected(std::move(tax.error()));
    o.subtotal = Money{subtotal, o.currency};
    o.shippingTotal = Money{shipping->value_or(0), o.currency};
    o.taxTotal = Money{tax->value_or(0), o.currency};
    o.total = Money{subtotal + o.shippingTotal.minor + o.taxTotal.minor, o.currency};
    auto addr = addressField(body, QStringLiteral("shipping_address"));
    if (!addr)
        return std::unexpected(std::move(addr.error()));
    o.shippingAddress = *addr;
    o.shippingCountry = *addr ? (*addr)->countryCode : QString();
    // Taken by phone or paid outside the shop: the operator says whether it is paid (only a paid
    // order is sent to a supplier).
    auto financial = stringField(body, QStringLiteral("financial_status"), 16);
    if (!financial)
        return std::unexpected(std::move(financial.error()));
    o.financialStatus = financial->value_or(QStringLiteral("pending"));
    if (!QStringList{QStringLiteral("pending"), QStringLiteral("authorized"),
                     QStringLiteral("paid")}
             .contains(o.financialStatus))
        return std::unexpected(invalidField(QStringLiteral("financial_status"),
                                            QStringLiteral("pending, authorized or paid")));
    return o;
}

// The workflow runs started for an order (trigger key "order:<id>"), oldest first. Runs are
// keyed by (workflow, trigger key): one index lookup per loaded workflow.
DbResult<QList<qint64>> orderRunIds(QSqlDatabase db, const workflows::WorkflowEngine &engine,
                                    qint64 orderId, bool failedOnly)
{
    QVariantList binds;
    for (const workflows::WorkflowDefinition &d : engine.definitions())
        binds << d.name;
    if (binds.isEmpty())
        return QList<qint64>();
    const QString marks = storage::bindMarks(binds.size());
    binds << QStringLiteral("order:%1").arg(orderId);
    auto q = storage::exec(
        db,
        QStringLiteral("SELECT id FROM workflow_runs WHERE workflow IN (%1) AND "
                       "trigger_key = ?%2 ORDER BY id LIMIT 100")
            .arg(marks, failedOnly ? QStringLiteral(" AND state = 'failed'") : QString()),
        binds);
    if (!q)
        return std::unexpected(q.error());
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    return ids;
}

} // namespace

namespace {
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
} // namespace

void registerOrderRoutes(HttpFront &front, storage::Store &store,
                         const storage::OrderRepository &orders, events::EventBus &bus,
                         workflows::WorkflowEngine &engine, const agents::OrderLifecycle &lifecycle)
{
    Router &r = front.router();
    const storage::ShipmentRepository shipments;
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders"),
             .permission = QStringLiteral("orders.read"),
             .summary = QStringLiteral("Orders with filters and a cursor (next_cursor), sorted "
                                       "by ?sort=newest (default), oldest, total_desc or "
                                       "total_asc"),
             .tag = QStringLiteral("orders"),
             .query = {{QStringLiteral("status"), str},
                       {QStringLiteral("shop"), str},
                       {QStringLiteral("from"), str},
                       {QStringLiteral("to"), str},
                       {QStringLiteral("q"), str},
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
                for (auto [field, target] : {std::pair{QStringLiteral("from"), &q.createdFrom},
                                             std::pair{QStringLiteral("to"), &q.createdTo}}) {
                    if (!query.hasQueryItem(field))
                        continue;
                    *target = QDateTime::fromString(query.queryItemValue(field, QUrl::FullyDecoded),
                                                    Qt::ISODateWithMs);
                    if (!target->isValid())
                        return invalidField(field,
                                            QStringLiteral("expected an ISO 8601 date and time"));
                }
                auto sid = intQuery(ctx.request, QStringLiteral("shopify_order_id"), 0, 0,
                                    std::numeric_limits<qint64>::max());
                if (!sid)
                    return std::move(sid.error());
                if (*sid > 0)
                    q.shopifyOrderId = *sid;
                auto cursor = intQuery(ctx.request, QStringLiteral("cursor"), 0, 0,
                                       std::numeric_limits<qint64>::max());
                if (!cursor)
                    return std::move(cursor.error());
                auto limit = intQuery(ctx.request, QStringLiteral("limit"), 50, 1, 500);
                if (!limit)
                    return std::move(limit.error());
                q.afterId = *cursor;
                q.limit = int(*limit);
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
                    return fromDbError(page.error());
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
                    return fromDbError(o.error());
                if (!o->has_value())
                    return problem(Status::NotFound, QStringLiteral("Not Found"),
                                   QStringLiteral("no order %1").arg(id));
                QJsonObject j = orderJson(**o, true);
                if (!security::roleAllows(ctx.principal.role, QStringLiteral("personal.read")) &&
                    (*o)->shippingAddress)
                    j.insert(QStringLiteral("shipping_address"),
                             QJsonObject{{QStringLiteral("country_code"),
                                          (*o)->shippingAddress->countryCode},
                                         {QStringLiteral("redacted"), true}});
                auto sh = shipments.shipmentsForOrder(db, id);
                if (!sh)
                    return fromDbError(sh.error());
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
         .requestBody = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                    {QStringLiteral("required"),
                                     QJsonArray{QStringLiteral("name"), QStringLiteral("currency"),
                                                QStringLiteral("line_items")}}}},
        [&orders, &store, &lifecycle](RequestContext &ctx) {
            auto body =
                jsonBody(ctx.request, 256 * 1024,
                         {QStringLiteral("name"), QStringLiteral("shop"),
                          QStringLiteral("currency"), QStringLiteral("line_items"),
                          QStringLiteral("shipping_minor"), QStringLiteral("tax_minor"),
                          QStringLiteral("shipping_address"), QStringLiteral("financial_status")});
            if (!body)
                return std::move(body.error());
            auto order = manualOrderFrom(*body, store.reader());
            if (!order)
                return std::move(order.error());
            // The same event a Shopify order raises, marked as entered by hand.
            auto id = store.writeAndWait<qint64>([&](WriteContext &w) {
                return lifecycle.enterOrder(w, *order, QStringLiteral("manual"));
            });
            if (!id)
                return fromDbError(id.error());
            ctx.auditTarget = QStringLiteral("order:%1").arg(*id);
            return madeOrder(orders, store, *id, Status::Created);
        });

    r.route(
        {.method = Method::Put,
         .pattern = QStringLiteral("/api/orders/{id:int}"),
         .permission = QStringLiteral("orders.write"),
         .summary = QStringLiteral("Correct an order: shipping address, or status (hold, "
                                   "release); cancel and refund have their own routes"),
         .tag = QStringLiteral("orders"),
         .maxBodyBytes = 16 * 1024},
        [&orders, &store, &lifecycle](RequestContext &ctx) {
            const qint64 id = ctx.intParam(0);
            ctx.auditTarget = QStringLiteral("order:%1").arg(id);
            auto body = jsonBody(ctx.request, 16 * 1024,
                                 {QStringLiteral("status"), QStringLiteral("shipping_address")});
            if (!body)
                return std::move(body.error());
            if (body->isEmpty())
                return invalidField(QStringLiteral("body"),
                                    QStringLiteral("nothing to change (status, "
                                                   "shipping_address)"));
            std::optional<OrderStatus> status;
            if (auto s = stringField(*body, QStringLiteral("status"), 32); !s)
                return std::move(s.error());
            else if (s->has_value()) {
                status = orderStatusFromString(**s);
                if (!status)
                    return invalidField(QStringLiteral("status"), QStringLiteral("unknown status"));
                if (*status == OrderStatus::Cancelled || *status == OrderStatus::Refunded)
                    return invalidField(QStringLiteral("status"),
                                        QStringLiteral("use POST /api/orders/{id}/cancel or "
                                                       "/refund"));
            }
            auto addr = addressField(*body, QStringLiteral("shipping_address"));
            if (!addr)
                return std::move(addr.error());
            const bool setAddress = body->contains(QStringLiteral("shipping_address"));
            auto done = store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
                if (status)
                    if (auto s = lifecycle.transition(w, id, *status, QStringLiteral("operator"),
                                                      ctx.principal.subject());
                        !s)
                        return std::unexpected(s.error());
                if (setAddress)
                    if (auto a = orders.updateShippingAddress(w, id, *addr); !a)
                        return std::unexpected(a.error());
                return true;
            });
            if (!done)
                return fromDbError(done.error());
            auto o = orders.get(store.reader(), id);
            if (!o || !o->has_value())
                return problem(Status::NotFound, QStringLiteral("Not Found"),
                               QStringLiteral("no order %1").arg(id));
            return json(orderJson(**o, true));
        });

    // Cancel records the decision at once (nothing more goes to a supplier) and raises the event
    // the cancellation workflow acts on; refund raises the event the refund workflow acts on
    // (the Shopify refund, then the status). Both are sensitive, with their own rate limit.
    for (auto [verb, status, topic] : {std::tuple{QStringLiteral("cancel"), OrderStatus::Cancelled,
                                                  QStringLiteral("order.cancel_requested")},
                                       std::tuple{QStringLiteral("refund"), OrderStatus::Refunded,
                                                  QStringLiteral("order.refund_requested")}}) {
        r.route({.method = Method::Post,
                 .pattern = QStringLiteral("/api/orders/{id:int}/") + verb,
                 .permission = QStringLiteral("orders.sensitive"),
                 .summary = verb == QLatin1String("cancel")
                                ? QStringLiteral("Cancel an order {reason}")
                                : QStringLiteral("Refund an order {reason}"),
                 .tag = QStringLiteral("orders"),
                 .maxBodyBytes = 4096,
                 .sensitive = true},
                [&orders, &store, &bus, &lifecycle, status, topic](RequestContext &ctx) {
                    const qint64 id = ctx.intParam(0);
                    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
                    QJsonObject body;
                    if (!ctx.request.body().isEmpty()) {
                        auto b = jsonBody(ctx.request, 4096, {QStringLiteral("reason")});
                        if (!b)
                            return std::move(b.error());
                        body = *b;
                    }
                    auto reason = stringField(body, QStringLiteral("reason"), 500);
                    if (!reason)
                        return std::move(reason.error());
                    ctx.auditDetail.insert(QStringLiteral("reason"), reason->value_or(QString()));
                    auto done = store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
                        auto cur = orders.get(w.db(), id);
                        if (!cur)
                            return std::unexpected(cur.error());
                        if (!cur->has_value())
                            return std::unexpected(
                                storage::DbError{storage::DbError::Kind::NotFound,
                                                 QStringLiteral("no order %1").arg(id)});
                        const OrderStatus was = (*cur)->status;
                        if (was == status || was == OrderStatus::Refunded ||
                            !agents::transitionAllowed(was, status))
                            return std::unexpected(storage::DbError{
                                storage::DbError::Kind::Conflict,
                                QStringLiteral("order %1 is %2: it cannot be %3")
                                    .arg(id)
                                    .arg(orderStatusName(was), orderStatusName(status))});
                        if (status == OrderStatus::Cancelled)
                            if (auto s =
                                    lifecycle.transition(w, id, status, reason->value_or(QString()),
                                                         ctx.principal.subject());
                                !s)
                                return std::unexpected(s.error());
                        auto e = bus.append(
                            w, events::EventDraft{
                                   topic,
                                   {{QStringLiteral("order_id"), id},
                                    {QStringLiteral("previous_status"), orderStatusName(was)},
                                    {QStringLiteral("reason"), reason->value_or(QString())}},
                                   QStringLiteral("order:%1").arg(id),
                                   QStringLiteral("api"),
                                   QString(),
                                   QString()});
                        if (!e)
                            return std::unexpected(e.error());
                        return true;
                    });
                    if (!done)
                        return fromDbError(done.error());
                    auto o = orders.get(store.reader(), id);
                    if (!o || !o->has_value())
                        return problem(Status::NotFound, QStringLiteral("Not Found"),
                                       QStringLiteral("no order %1").arg(id));
                    return json(orderJson(**o, true), Status::Accepted);
                });
    }

    // A lost or broken parcel: the same items again, at no charge, to the same address. Sensitive
    // (it costs a supplier order); `key` makes a repeated request give the same replacement.
    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/orders/{id:int}/replace"),
         .permission = QStringLiteral("orders.sensitive"),
         .summary = QStringLiteral(
             "Send a replacement {reason, key?, line_items?: [{id, quantity}]}: a new paid order "
             "at no charge for the same customer, address and items (or those listed), named "
             "<name>-R<n>; 201 with it (200 when the key already made it)"),
         .tag = QStringLiteral("orders"),
         .maxBodyBytes = 16 * 1024,
         .sensitive = true,
         .requestBody =
             QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                         {QStringLiteral("required"), QJsonArray{QStringLiteral("reason")}}}},
        [&orders, &store, &lifecycle](RequestContext &ctx) {
            const qint64 id = ctx.intParam(0);
            ctx.auditTarget = QStringLiteral("order:%1").arg(id);
            auto body = jsonBody(
                ctx.request, 16 * 1024,
                {QStringLiteral("reason"), QStringLiteral("key"), QStringLiteral("line_items")});
            if (!body)
                return std::move(body.error());
            auto reason = stringField(*body, QStringLiteral("reason"), 500);
            if (!reason)
                return std::move(reason.error());
            if (!reason->has_value() || (*reason)->trimmed().isEmpty())
                return invalidField(QStringLiteral("reason"),
                                    QStringLiteral("required: why the order is sent again"));
            auto key = stringField(*body, QStringLiteral("key"), 200);
            if (!key)
                return std::move(key.error());
            QHash<qint64, int> quantities;
            const QJsonValue linesValue = body->value(QStringLiteral("line_items"));
            if (!linesValue.isUndefined() && !linesValue.isArray())
                return invalidField(QStringLiteral("line_items"),
                                    QStringLiteral("an array of {id, quantity}"));
            const QJsonArray lines = linesValue.toArray();
            for (qsizetype i = 0; i < lines.size(); ++i) {
                const QString at = QStringLiteral("line_items[%1]").arg(i);
                const QJsonObject li = lines.at(i).toObject();
                auto lineId = intField(li, QStringLiteral("id"), 1, INT64_MAX);
                auto qty = intField(li, QStringLiteral("quantity"), 1, 10'000);
                if (!lineId || !lineId->has_value())
                    return invalidField(at + QStringLiteral(".id"),
                                        QStringLiteral("required: a line item id of the order"));
                if (!qty || !qty->has_value())
                    return invalidField(at + QStringLiteral(".quantity"),
                                        QStringLiteral("required: an integer from 1 to 10000"));
                if (quantities.contains(**lineId))
                    return invalidField(at + QStringLiteral(".id"), QStringLiteral("listed twice"));
                quantities.insert(**lineId, int(**qty));
            }
            ctx.auditDetail.insert(QStringLiteral("reason"), **reason);
            auto done =
                store.writeAndWait<agents::OrderLifecycle::Replacement>([&](WriteContext &w) {
                    return lifecycle.replace(w, id, quantities, (*reason)->trimmed(),
                                             key->value_or(QString()), ctx.principal.subject());
                });
            if (!done)
                return fromDbError(done.error());
            ctx.auditDetail.insert(QStringLiteral("replacement_id"), done->orderId);
            return madeOrder(orders, store, done->orderId,
                             done->created ? Status::Created : Status::Ok);
        });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/process"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Run order_processing_workflow for this order (once)"),
             .tag = QStringLiteral("orders")},
            [&orders, &store, &engine](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("order:%1").arg(id);
                auto o = orders.get(store.reader(), id);
                if (!o)
                    return fromDbError(o.error());
                if (!o->has_value())
                    return problem(Status::NotFound, QStringLiteral("Not Found"),
                                   QStringLiteral("no order %1").arg(id));
                const QString wf = QStringLiteral("order_processing_workflow");
                if (!engine.definition(wf))
                    return problem(Status::Conflict, QStringLiteral("Conflict"),
                                   QStringLiteral("the workflow %1 is not loaded").arg(wf));
                // The trigger data carries ids and amounts, never the customer's address.
                QJsonObject data = orderJson(**o, false);
                QJsonArray items;
                for (const LineItem &li : (*o)->lineItems)
                    items.append(QJsonObject{{QStringLiteral("product_id"), li.shopifyProductId},
                                             {QStringLiteral("variant_id"), li.shopifyVariantId},
                                             {QStringLiteral("sku"), li.sku},
                                             {QStringLiteral("quantity"), li.quantity}});
                data.insert(QStringLiteral("order_id"), id);
                data.insert(QStringLiteral("line_items"), items);
                auto started = engine.startRun(wf, {}, QStringLiteral("order:%1").arg(id), data);
                if (!started)
                    return fromDbError(started.error());
                return json({{QStringLiteral("run_id"), started->runId},
                             {QStringLiteral("created"), started->created}},
                            Status::Accepted);
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders/{id:int}/runs"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral("The workflow runs started for this order, with their "
                                       "steps, oldest first"),
             .tag = QStringLiteral("orders")},
            [&store, &engine](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                QSqlDatabase db = store.reader();
                auto ids = orderRunIds(db, engine, id, false);
                if (!ids)
                    return fromDbError(ids.error());
                QJsonArray runs;
                for (qint64 runId : *ids) {
                    auto run = engine.run(db, runId);
                    if (!run)
                        return fromDbError(run.error());
                    if (run->has_value())
                        runs.append(visiblePayloads((*run)->toJson(), ctx.principal));
                }
                return json({{QStringLiteral("runs"), runs}});
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/retry"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Retry the order's latest failed workflow run from its "
                                       "failed step (409 when none failed)"),
             .tag = QStringLiteral("orders")},
            [&store, &engine](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("order:%1").arg(id);
                auto ids = orderRunIds(store.reader(), engine, id, true);
                if (!ids)
                    return fromDbError(ids.error());
                if (ids->isEmpty())
                    return problem(Status::Conflict, QStringLiteral("Conflict"),
                                   QStringLiteral("order %1 has no failed workflow run").arg(id));
                auto r = engine.retryRun(ids->last());
                if (!r)
                    return fromDbError(r.error());
                return json(r->toJson(), Status::Accepted);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/customers/{id:int}/erase"),
             .permission = QStringLiteral("customers.erase"),
             .summary = QStringLiteral("GDPR: erase a customer's personal data, keeping order "
                                       "economics"),
             .tag = QStringLiteral("orders"),
             .sensitive = true},
            [&orders, &store](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("customer:%1").arg(id);
                auto n = store.writeAndWait<int>(
                    [&](WriteContext &w) { return orders.eraseCustomer(w, id); });
                if (!n)
                    return fromDbError(n.error());
                return json(
                    {{QStringLiteral("customer_id"), id}, {QStringLiteral("orders_cleared"), *n}});
            });
}

} // namespace dc::api
