// SPDX-License-Identifier: GPL-3.0-or-later
// Customers' personal data: the GDPR erase (the order domain carries it out everywhere the
// data was kept).
#include "api/customersapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "orders/orderservice.h"

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
} // namespace

void registerCustomerRoutes(HttpFront &front, const orders::OrderService &service)
{
    front.router().route({.method = Method::Post,
                          .pattern = QStringLiteral("/api/customers/{id:int}/erase"),
                          .permission = QStringLiteral("customers.erase"),
                          .summary = QStringLiteral("GDPR: erase a customer's personal data, "
                                                    "keeping order economics"),
                          .tag = QStringLiteral("orders"),
                          .sensitive = true},
                         [&service](RequestContext &ctx) { return eraseCustomer(ctx, service); });
}

} // namespace dc::api
