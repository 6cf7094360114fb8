// SPDX-License-Identifier: GPL-3.0-or-later
// AliExpress from the operator's side: the app authorised (OAuth code flow, the state checked),
// a product looked up from its page's URL with SKUs, costs, stock and shipping, and a variant
// mapped to one of its SKUs. AliExpress is called on a small pool, never on the front's thread.
#include "api/aliexpressapi.h"

#include "agents/crew.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "catalog/variantmapping.h"
#include "core/jsonschema.h"

#include <QJsonArray>
#include <QThreadPool>
#include <QUrlQuery>

namespace dc::api {

namespace {

using Status = QHttpServerResponse::StatusCode;
using catalog::VariantMapping;

constexpr qint64 kStateTtlMs = 30 * 60'000; // an authorisation URL is answered within this

QJsonObject money(const Money &m)
{
    return {{QStringLiteral("minor"), m.minor}, {QStringLiteral("currency"), m.currency}};
}

QJsonObject lookupJson(const VariantMapping::Lookup &l)
{
    const aliexpress::ProductInfo &p = l.found.product;
    QJsonArray skus;
    for (const aliexpress::SkuInfo &s : p.skus) {
        QJsonArray attributes;
        QStringList text;
        for (const auto &[name, value] : s.properties) {
            attributes.append(
                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
            text << name + QStringLiteral(": ") + value;
        }
        skus.append(QJsonObject{{QStringLiteral("sku_id"), s.skuId},
                                {QStringLiteral("sku_attr"), s.skuAttr},
                                {QStringLiteral("attributes"), attributes},
                                {QStringLiteral("attributes_text"), text.join(u"; ")},
                                {QStringLiteral("cost_minor"), s.price.minor},
                                {QStringLiteral("currency"), s.price.currency},
                                {QStringLiteral("stock"), s.stock}});
    }
    QJsonArray shipping;
    for (const aliexpress::CountryShipping &c : l.found.shipping) {
        QJsonArray options;
        for (const aliexpress::FreightOption &o : c.options)
            options.append(QJsonObject{{QStringLiteral("code"), o.code},
                                       {QStringLiteral("fee_minor"), o.fee.minor},
                                       {QStringLiteral("currency"), o.fee.currency},
                                       {QStringLiteral("min_days"), o.minDays},
                                       {QStringLiteral("max_days"), o.maxDays}});
        QJsonObject country{{QStringLiteral("country"), c.country},
                            {QStringLiteral("sku_id"), l.found.shippingSkuId},
                            {QStringLiteral("options"), options}};
        if (!c.error.isEmpty())
            country.insert(QStringLiteral("error"), c.error);
        shipping.append(country);
    }
    QJsonValue variant;
    if (l.variant)
        variant = QJsonObject{{QStringLiteral("id"), l.variant->variant.id},
                              {QStringLiteral("title"), l.variant->variant.title},
                              {QStringLiteral("sku"), l.variant->variant.sku},
                              {QStringLiteral("product_title"), l.variant->productTitle},
                              {QStringLiteral("price"), money(l.variant->variant.price)}};
    return {{QStringLiteral("product_id"), p.productId},
            {QStringLiteral("title"), p.title},
            {QStringLiteral("store_name"), p.storeName},
            {QStringLiteral("currency"), l.currency},
            {QStringLiteral("countries"), QJsonArray::fromStringList(l.countries)},
            {QStringLiteral("variant"), variant},
            {QStringLiteral("suggested_sku"),
             l.found.suggested >= 0 ? QJsonValue(p.skus[l.found.suggested].skuId) : QJsonValue()},
            {QStringLiteral("skus"), skus},
            {QStringLiteral("shipping"), shipping}};
}

// "FR" or "FR,BE" (query or body), upper-cased; the check is the mapping's.
QStringList countriesOf(const QString &text)
{
    QStringList out;
    for (const QString &c : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << c.trimmed().toUpper();
    return out;
}

QHttpServerResponse secretsUnavailable(const QString &why)
{
    return problem(Status::ServiceUnavailable, QStringLiteral("Secrets unavailable"), why);
}

QHttpServerResponse authorizeUrl(RequestContext &ctx, agents::Crew &crew)
{
    const QString redirect =
        QUrlQuery(ctx.request.url())
            .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded);
    const QUrl target(redirect, QUrl::StrictMode);
    if (redirect.isEmpty())
        return invalidField(QStringLiteral("redirect_uri"),
                            QStringLiteral("required: the callback URL set in the AliExpress "
                                           "app's console"));
    if (!target.isValid() || target.host().isEmpty() ||
        (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https")))
        return invalidField(QStringLiteral("redirect_uri"), QStringLiteral("an http or https URL"));
    auto c = crew.integrations().aliexpressCredentials();
    if (!c)
        return secretsUnavailable(c.error());
    if (c->appKey.isEmpty() || c->appSecret.isEmpty())
        return problem(Status::Conflict, QStringLiteral("Conflict"),
                       QStringLiteral("set the app key and secret first (PUT "
                                      "/api/integrations/aliexpress)"));
    const qint64 now = crew.aliexpress().now();
    auto state = crew.integrations().newAuthorizationState(now, kStateTtlMs);
    if (!state)
        return secretsUnavailable(state.error());
    ctx.auditTarget = QStringLiteral("integration:aliexpress");
    return json(
        {{QStringLiteral("url"),
          crew.aliexpress().authorizeUrl(c->appKey, redirect, *state).toString(QUrl::FullyEncoded)},
         {QStringLiteral("state"), *state},
         {QStringLiteral("redirect_uri"), redirect},
         {QStringLiteral("expires_at"),
          QDateTime::fromMSecsSinceEpoch(now + kStateTtlMs, Qt::UTC).toString(Qt::ISODate)}});
}

QHttpServerResponse exchangeCode(RequestContext &ctx, HttpFront &front, QThreadPool *pool,
                                 agents::Crew &crew)
{
    const QJsonObject &body = ctx.body;
    const QString code = body.value(QStringLiteral("code")).toString().trimmed();
    const QString state = body.value(QStringLiteral("state")).toString();
    if (code.isEmpty())
        return invalidField(QStringLiteral("code"), QStringLiteral("required"));
    ctx.auditTarget = QStringLiteral("integration:aliexpress");
    // A state we did not hand out (or answered already) is refused before AliExpress is asked:
    // a code pasted from someone else's link does not connect their account.
    auto known = crew.integrations().takeAuthorizationState(state, crew.aliexpress().now());
    if (!known)
        return secretsUnavailable(known.error());
    if (!*known)
        return invalidField(QStringLiteral("state"),
                            QStringLiteral("unknown or expired: open a new authorisation URL"));
    return respondFromPool(front, *pool, ctx, [&crew, code] {
        auto t = crew.aliexpress().createToken(code);
        if (!t) {
            if (t.error().kind == aliexpress::AeError::Kind::Auth)
                return invalidField(QStringLiteral("code"), t.error().message);
            return errorResponse(t.error().toError());
        }
        auto o = crew.integrations().aliexpressStatus(crew.aliexpress().health(),
                                                      crew.aliexpress().now());
        return o ? json(*o) : secretsUnavailable(o.error());
    });
}

QJsonObject unmappedJson(const storage::UnmappedVariant &v)
{
    return {{QStringLiteral("variant_id"), v.variantId},
            {QStringLiteral("shopify_variant_id"), v.shopifyVariantId},
            {QStringLiteral("sku"), v.sku},
            {QStringLiteral("title"), v.title},
            {QStringLiteral("price"), money({v.priceMinor, v.currency})},
            {QStringLiteral("product_id"), v.productId},
            {QStringLiteral("product_title"), v.productTitle},
            {QStringLiteral("shop"), v.shop},
            {QStringLiteral("pending_orders"), v.pendingOrders}};
}

QJsonObject lookupSchema()
{
    return schema::object({{QStringLiteral("url_or_id"), schema::string(2000, {}, 1)},
                           {QStringLiteral("country"), schema::nullable(schema::string(100))},
                           {QStringLiteral("currency"), schema::nullable(schema::string(3))},
                           {QStringLiteral("variant_id"), schema::nullable(schema::integer(1))},
                           {QStringLiteral("sku_id"), schema::nullable(schema::string(200))}},
                          {QStringLiteral("url_or_id")});
}

QJsonObject mapSchema()
{
    return schema::object(
        {{QStringLiteral("product"), schema::string(2000, {}, 1)},
         {QStringLiteral("sku_id"), schema::nullable(schema::string(200))},
         {QStringLiteral("country"), schema::nullable(schema::string(100))},
         {QStringLiteral("shipping_code"), schema::nullable(schema::string(100))},
         {QStringLiteral("supplier_id"), schema::nullable(schema::integer(1))},
         {QStringLiteral("priority"), schema::nullable(schema::integer(-1000, 1000))}},
        {QStringLiteral("product")});
}

// The body's optional string (the schema checked its type).
QString text(const QJsonObject &body, const char *name)
{
    return body.value(QLatin1String(name)).toString().trimmed();
}

} // namespace

QThreadPool *registerAliExpressRoutes(HttpFront &front, agents::Crew &crew,
                                      const VariantMapping &mapping)
{
    auto *pool = new QThreadPool(&front);
    pool->setMaxThreadCount(2); // AliExpress calls at once; more wait their turn
    Router &r = front.router();
    const QJsonObject str = schema::string();
    const QJsonObject integer = schema::integer();

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/integrations/aliexpress/authorize-url"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral(
                 "The AliExpress page where the seller authorises the app (?redirect_uri= the "
                 "callback URL of the app's console): {url, state, redirect_uri, expires_at}; "
                 "the state is good for 30 minutes, once (409 until the app key and secret "
                 "are set)"),
             .tag = QStringLiteral("integrations"),
             .query = {{QStringLiteral("redirect_uri"), str}}},
            [&crew](RequestContext &ctx) { return authorizeUrl(ctx, crew); });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/integrations/aliexpress/token"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral(
                 "Exchange the code AliExpress redirected to the callback with {code, state} "
                 "(/auth/token/create): the tokens and their expiry go to the secret store and "
                 "the status is answered; 400 naming state (not handed out, used or expired) "
                 "or code (refused by AliExpress)"),
             .tag = QStringLiteral("integrations"),
             .maxBodyBytes = 8 * 1024,
             .sensitive = true,
             .requestBody = schema::object({{QStringLiteral("code"), schema::string(2000, {}, 1)},
                                            {QStringLiteral("state"), schema::string(200, {}, 1)}},
                                           {QStringLiteral("code"), QStringLiteral("state")})},
            [&front, pool, &crew](RequestContext &ctx) {
                return exchangeCode(ctx, front, pool, crew);
            });

    const auto lookup = [&front, pool, &mapping](RequestContext &ctx,
                                                 VariantMapping::LookupRequest req) {
        return respondFromPool(front, *pool, ctx, [&mapping, req] {
            auto l = mapping.lookup(req);
            return l ? json(lookupJson(*l)) : errorResponse(l.error());
        });
    };
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/aliexpress/products/{id}"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral(
                 "An AliExpress product (its id or page URL) with its SKUs (attributes, cost, "
                 "stock) and the shipping options to each country (?country=FR,BE; default: "
                 "where most orders of the last 90 days went), prices in ?currency= (default: "
                 "the variant's, else the shops'); with ?variant_id= the SKU that fits it is "
                 "suggested_sku; ?sku_id= quotes shipping for that SKU"),
             .tag = QStringLiteral("catalog"),
             .query = {{QStringLiteral("country"), str},
                       {QStringLiteral("currency"), str},
                       {QStringLiteral("variant_id"), integer},
                       {QStringLiteral("sku_id"), str}}},
            [lookup](RequestContext &ctx) {
                const QUrlQuery q(ctx.request.url());
                auto variant = intQuery(ctx.request, QStringLiteral("variant_id"), 0, 0, INT64_MAX);
                if (!variant)
                    return std::move(variant.error());
                return lookup(ctx,
                              {ctx.params.value(0),
                               countriesOf(q.queryItemValue(QStringLiteral("country"))),
                               q.queryItemValue(QStringLiteral("currency")).toUpper(), *variant,
                               q.queryItemValue(QStringLiteral("sku_id"), QUrl::FullyDecoded)});
            });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/aliexpress/lookup"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral(
                 "GET /api/aliexpress/products/{id} for a pasted product page URL or id: "
                 "{url_or_id, country?, currency?, variant_id?, sku_id?}"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 8 * 1024,
             .requestBody = lookupSchema()},
            [lookup](RequestContext &ctx) {
                const QJsonObject &body = ctx.body;
                return lookup(ctx, {text(body, "url_or_id"), countriesOf(text(body, "country")),
                                    text(body, "currency").toUpper(),
                                    body.value(QStringLiteral("variant_id")).toInteger(),
                                    text(body, "sku_id")});
            });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/variants/{id:int}/map"),
             .permission = QStringLiteral("catalog.write"),
             .summary = QStringLiteral(
                 "Map the variant to an AliExpress SKU in one call {product (page URL or id), "
                 "sku_id? (default: the suggested one), country? (FR,BE; default: the main "
                 "countries), shipping_code? (default: the cheapest), supplier_id? (default: "
                 "the AliExpress store's supplier, created), priority?}: the offer gets the "
                 "SKU's cost and stock, the dearest chosen delivery and the countries "
                 "delivered to; orders held for the variant go back into the flow "
                 "(released_orders)"),
             .tag = QStringLiteral("catalog"),
             .maxBodyBytes = 8 * 1024,
             .requestBody = mapSchema()},
            [&front, pool, &mapping](RequestContext &ctx) {
                const QJsonObject &body = ctx.body;
                VariantMapping::MapRequest req;
                req.lookup = {text(body, "product"), countriesOf(text(body, "country")), QString(),
                              ctx.intParam(0), text(body, "sku_id")};
                req.shippingCode = text(body, "shipping_code");
                req.supplierId = body.value(QStringLiteral("supplier_id")).toInteger();
                req.priority = int(body.value(QStringLiteral("priority")).toInteger());
                req.actor = ctx.principal.subject();
                ctx.auditTarget = QStringLiteral("variant:%1").arg(ctx.intParam(0));
                return respondFromPool(front, *pool, ctx, [&mapping, req] {
                    auto m = mapping.map(req);
                    if (!m)
                        return errorResponse(m.error());
                    QJsonArray released;
                    for (qint64 id : m->released)
                        released.append(id);
                    return json(
                        {{QStringLiteral("offer_id"), m->offer.id},
                         {QStringLiteral("variant_id"), m->offer.variantId},
                         {QStringLiteral("supplier_id"), m->offer.supplierId},
                         {QStringLiteral("supplier_name"), m->supplierName},
                         {QStringLiteral("product_id"), m->offer.supplierProductId},
                         {QStringLiteral("sku_id"), m->offer.supplierSkuId},
                         {QStringLiteral("cost"), money(m->offer.cost)},
                         {QStringLiteral("shipping"), money(m->offer.shippingCost)},
                         {QStringLiteral("stock"), m->offer.stock},
                         {QStringLiteral("ships_to"), QJsonArray::fromStringList(m->offer.shipsTo)},
                         {QStringLiteral("released_orders"), released}});
                });
            });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/variants/unmapped"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral(
                 "Variants no active supplier's offer covers (products not archived), those "
                 "with the most orders held for them first (pending_orders: held "
                 "unmapped_item), at most ?limit= (200); total counts them all"),
             .tag = QStringLiteral("catalog"),
             .query = {{QStringLiteral("limit"), integer}}},
            [&mapping](RequestContext &ctx) {
                auto limit = intQuery(ctx.request, QStringLiteral("limit"), 200, 1, 1000);
                if (!limit)
                    return std::move(limit.error());
                int total = 0;
                auto l = mapping.unmapped(int(*limit), &total);
                if (!l)
                    return errorResponse(l.error());
                QJsonArray out;
                for (const storage::UnmappedVariant &v : *l)
                    out.append(unmappedJson(v));
                return json({{QStringLiteral("variants"), out}, {QStringLiteral("total"), total}});
            });
    return pool;
}

} // namespace dc::api
