// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/shopimportapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "shopify/catalogimport.h"

namespace dc::api {

namespace {

using shopify::ImportRequest;

QJsonObject importSchema()
{
    return schema::object(
        {{QStringLiteral("products"), schema::boolean()},
         {QStringLiteral("orders_days"), schema::integer(0, ImportRequest::kMaxOrdersDays)},
         {QStringLiteral("mode"), schema::string(8, ImportRequest::kModes)}});
}

// POST /api/shops/{domain}/import
QHttpServerResponse importShop(shopify::CatalogImport &import, RequestContext &ctx)
{
    const QString domain = ctx.params.value(0).toLower();
    ctx.auditTarget = QStringLiteral("shop:") + domain;
    const QJsonObject &body = ctx.body; // empty without a body
    ImportRequest request;
    request.products = body.value(QStringLiteral("products")).toBool(true);
    auto days = intField(body, QStringLiteral("orders_days"), 0, ImportRequest::kMaxOrdersDays);
    if (!days)
        return std::move(days.error());
    request.ordersDays = int(days->value_or(ImportRequest::kDefaultOrdersDays));
    request.mode = body.value(QStringLiteral("mode")).toString(request.mode);
    if (!request.products && request.ordersDays == 0)
        return invalidField(QStringLiteral("orders_days"),
                            QStringLiteral("nothing to import: no products and no days of orders"));
    ctx.auditDetail.insert(QStringLiteral("mode"), request.mode);
    auto id = import.requestImport(domain, request);
    if (!id)
        return errorResponse(id.error());
    return json({{QStringLiteral("task_id"), *id}}, Status::Accepted);
}

} // namespace

void registerShopImportRoutes(HttpFront &front, shopify::CatalogImport &import)
{
    front.router().route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/shops/{domain}/import"),
         .permission = QStringLiteral("catalog.write"),
         .summary = QStringLiteral(
             "Import the shop's catalog and open orders {products?, orders_days?, mode?}: every "
             "product and variant (paged, or by a bulk operation from [shopify] "
             "bulk_import_threshold products in mode auto), then the open unfulfilled orders "
             "created in the last orders_days days (30; at most 60); 202 with the task, whose "
             "progress GET /api/tasks/{id} shows"),
         .tag = QStringLiteral("shopify"),
         .maxBodyBytes = 1024,
         .requestBody = importSchema(),
         .body = BodyKind::OptionalJson},
        [&import](RequestContext &ctx) { return importShop(import, ctx); });
}

} // namespace dc::api
