// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /api/customers/{id}/export: a customer's data and orders (a GDPR data request). The erasure
// (/api/customers/{id}/erase) is still registered with the orders routes.
namespace dc::storage {
class Store;
class OrderRepository;
} // namespace dc::storage
namespace dc::api {
class HttpFront;
void registerCustomerRoutes(HttpFront &front, storage::Store &store,
                            const storage::OrderRepository &orders);
} // namespace dc::api
