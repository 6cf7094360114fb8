// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::orders {
class OrderService;
}
namespace dc::api {
class HttpFront;
// /api/customers/{id}/erase (GDPR).
void registerCustomerRoutes(HttpFront &front, const orders::OrderService &service);
} // namespace dc::api
