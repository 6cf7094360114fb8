// SPDX-License-Identifier: GPL-3.0-or-later
// A variant's supplier offers: listed, mapped (upsert by supplier and SKU), removed.
#include "api/offersapi.h"

#include "api/catalogapi.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "catalog/offerservice.h"
#include "core/jsonschema.h"

#include <QJsonArray>

namespace dc::api {

namespace {

using Status = QHttpServerResponse::StatusCode;

QHttpServerResponse listOffers(qint64 variant, const catalog::OfferService &offers)
{
    auto l = offers.offers(variant);
    if (!l)
        return errorResponse(l.error());
    QJsonArray out;
    for (const SupplierOffer &o : *l)
        out.append(offerJson(o));
    return json({{QStringLiteral("offers"), out}});
}

QJsonObject offerSchema()
{
    const QJsonObject minor = schema::integer(0, 1'000'000'000'000);
    return schema::object(
        {{QStringLiteral("supplier_id"), schema::integer(1)},
         {QStringLiteral("supplier_product_id"), schema::string(64)},
         {QStringLiteral("supplier_sku_id"), schema::nullable(schema::string(200))},
         {QStringLiteral("supplier_sku_attr"), schema::nullable(schema::string(500))},
         {QStringLiteral("currency"), schema::string(3, {}, 3)},
         {QStringLiteral("cost_minor"), minor},
         {QStringLiteral("shipping_minor"), schema::nullable(minor)},
         {QStringLiteral("stock"), schema::nullable(schema::integer(0, 1'000'000'000))},
         {QStringLiteral("ships_to"), schema::array(schema::string(2, {}, 2))},
         {QStringLiteral("priority"), schema::nullable(schema::integer(-1000, 1000))}},
        {QStringLiteral("supplier_id"), QStringLiteral("supplier_product_id"),
         QStringLiteral("currency"), QStringLiteral("cost_minor")});
}

// The offer in the body, every field checked and named when refused.
std::expected<SupplierOffer, QHttpServerResponse> offerFrom(const QJsonObject &body)
{
    SupplierOffer o;
    auto supplier = intField(body, QStringLiteral("supplier_id"), 1, INT64_MAX);
    auto product = stringField(body, QStringLiteral("supplier_product_id"), 64);
    auto sku = stringField(body, QStringLiteral("supplier_sku_id"), 200);
    auto skuAttr = stringField(body, QStringLiteral("supplier_sku_attr"), 500);
    auto currency = stringField(body, QStringLiteral("currency"), 3);
    auto cost = intField(body, QStringLiteral("cost_minor"), 0, 1'000'000'000'000);
    auto shipping = intField(body, QStringLiteral("shipping_minor"), 0, 1'000'000'000'000);
    auto stock = intField(body, QStringLiteral("stock"), 0, 1'000'000'000);
    auto priority = intField(body, QStringLiteral("priority"), -1000, 1000);
    for (auto *e : {&supplier, &cost, &shipping, &stock, &priority})
        if (!*e)
            return std::unexpected(std::move(e->error()));
    for (auto *e : {&product, &sku, &skuAttr, &currency})
        if (!*e)
            return std::unexpected(std::move(e->error()));
    for (auto [name, v] : {std::pair{QStringLiteral("supplier_id"), supplier->has_value()},
                           std::pair{QStringLiteral("supplier_product_id"), product->has_value()},
                           std::pair{QStringLiteral("currency"), currency->has_value()},
                           std::pair{QStringLiteral("cost_minor"), cost->has_value()}})
        if (!v)
            return std::unexpected(invalidField(name, QStringLiteral("required")));
    if (!isCurrencyCode(**currency))
        return std::unexpected(invalidField(QStringLiteral("currency"),
                                            QStringLiteral("an ISO 4217 code in capitals")));
    if (body.contains(QStringLiteral("ships_to"))) {
        if (!body.value(QStringLiteral("ships_to")).isArray())
            return std::unexpected(invalidField(QStringLiteral("ships_to"),
                                                QStringLiteral("a list of ISO country codes")));
        for (const QJsonValue &c : body.value(QStringLiteral("ships_to")).toArray()) {
            const QString code = c.toString();
            if (code.size() != 2 || code.toUpper() != code)
                return std::unexpected(
                    invalidField(QStringLiteral("ships_to"),
                                 QStringLiteral("\"%1\" is not an ISO 3166 code").arg(code)));
            o.shipsTo << code;
        }
    }
    o.supplierId = **supplier;
    o.supplierProductId = **product;
    o.supplierSkuId = sku->value_or(QString());
    o.supplierSkuAttr = *skuAttr; // absent: kept as known, else looked up when ordering
    o.cost = {**cost, **currency};
    o.shippingCost = {shipping->value_or(0), **currency};
    o.stock = int(stock->value_or(0));
    o.priority = int(priority->value_or(0));
    return o;
}

QHttpServerResponse mapOffer(RequestContext &ctx, const catalog::OfferService &offers)
{
    const qint64 variant = ctx.intParam(0);
    const QJsonObject &body = ctx.body;
    auto offer = offerFrom(body);
    if (!offer)
        return std::move(offer.error());
    offer->variantId = variant;
    ctx.auditTarget = QStringLiteral("variant:%1").arg(variant);
    auto id = offers.map(*offer);
    if (!id)
        return errorResponse(id.error());
    return json({{QStringLiteral("id"), *id}, {QStringLiteral("variant_id"), variant}});
}

QHttpServerResponse removeOffer(RequestContext &ctx, const catalog::OfferService &offers)
{
    const qint64 variant = ctx.intParam(0), offer = ctx.intParam(1);
    ctx.auditTarget = QStringLiteral("variant:%1").arg(variant);
    if (auto done = offers.remove(variant, offer); !done)
        return errorResponse(done.error());
    return QHttpServerResponse(Status::NoContent);
}

} // namespace

void registerOfferRoutes(HttpFront &front, const catalog::OfferService &offers)
{
    Router &r = front.router();
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/variants/{id:int}/offers"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral("A variant's supplier offers, preferred first"),
             .tag = QStringLiteral("catalog")},
            [&offers](qint64 id) { return listOffers(id, offers); });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/variants/{id:int}/offers"),
             .permission = QStringLiteral("catalog.write"),
             .summary = QStringLiteral(
                 "Map the variant to a supplier offer {supplier_id, "
                 "supplier_product_id, supplier_sku_id?, "
                 "supplier_sku_attr?, currency, cost_minor, shipping_minor?, stock?, ships_to?, "
                 "priority?} (upsert by supplier and SKU)"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 8 * 1024,
             .requestBody = offerSchema()},
            [&offers](RequestContext &ctx) { return mapOffer(ctx, offers); });
    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/variants/{id:int}/offers/{offer_id:int}"),
             .permission = QStringLiteral("catalog.write"),
             .summary = QStringLiteral("Remove one of the variant's supplier offers"),
             .tag = QStringLiteral("catalog")},
            [&offers](RequestContext &ctx) { return removeOffer(ctx, offers); });
}

} // namespace dc::api
