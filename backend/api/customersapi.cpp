// SPDX-License-Identifier: GPL-3.0-or-later
// Customers' personal data: the GDPR erase (the order domain carries it out everywhere the
// data was kept) and the data request (export).
#include "api/customersapi.h"

#include "api/httpfront.h"
#include "api/ordersapi.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "orders/orderservice.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>

namespace dc::api {

namespace {
QHttpServerResponse eraseCustomer(RequestContext &ctx, const orders::OrderService &service)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("customer:%1").arg(id);
    auto n = service.eraseCustomer(id);
    if (!n)
        return errorResponse(n.error());
    return json({{QStringLiteral("customer_id"), id}, {QStringLiteral("orders_cleared"), *n}});
}

// GET /api/customers/{id}/export
QHttpServerResponse exportCustomer(storage::Store &store, const storage::OrderRepository &repo,
                                   RequestContext &ctx)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("customer:%1").arg(id);
    QSqlDatabase db = store.reader();
    auto c = repo.getCustomer(db, id);
    if (!c)
        return errorResponse(c.error());
    if (!c->has_value())
        return notFound(QStringLiteral("no customer %1").arg(id));
    const Customer &cu = **c;
    QJsonArray orders;
    auto ids = storage::exec(
        db, QStringLiteral("SELECT id FROM orders WHERE customer_id = ? ORDER BY id"), {id});
    if (!ids)
        return errorResponse(ids.error());
    while (ids->next())
        if (auto o = repo.get(db, ids->value(0).toLongLong()); o && o->has_value())
            orders.append(orderJson(**o, true));
    return json(
        {{QStringLiteral("customer"),
          QJsonObject{
              {QStringLiteral("id"), cu.id},
              {QStringLiteral("shop"), cu.shop},
              {QStringLiteral("shopify_customer_id"), QString::number(cu.shopifyCustomerId)},
              {QStringLiteral("first_name"), cu.personal.firstName},
              {QStringLiteral("last_name"), cu.personal.lastName},
              {QStringLiteral("email"), cu.personal.email},
              {QStringLiteral("phone"), cu.personal.phone},
              {QStringLiteral("default_address"),
               cu.defaultAddress ? QJsonValue(cu.defaultAddress->toJson()) : QJsonValue()},
              {QStringLiteral("erased"), cu.erased}}},
         {QStringLiteral("orders"), orders}});
}

} // namespace

void registerCustomerRoutes(HttpFront &front, const orders::OrderService &service,
                            storage::Store &store, const storage::OrderRepository &orders)
{
    front.router().route({.method = Method::Post,
                          .pattern = QStringLiteral("/api/customers/{id:int}/erase"),
                          .permission = QStringLiteral("customers.erase"),
                          .summary = QStringLiteral("GDPR: erase a customer's personal data, "
                                                    "keeping order economics"),
                          .tag = QStringLiteral("orders"),
                          .sensitive = true,
                          .body = BodyKind::None},
                         [&service](RequestContext &ctx) { return eraseCustomer(ctx, service); });
    front.router().route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/customers/{id:int}/export"),
         .permission = QStringLiteral("customers.erase"),
         .summary = QStringLiteral("GDPR data request: a customer's data and orders"),
         .tag = QStringLiteral("orders")},
        [&store, &orders](RequestContext &ctx) { return exportCustomer(store, orders, ctx); });
}

} // namespace dc::api
