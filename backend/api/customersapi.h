// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /api/customers/{id}/erase and /api/customers/{id}/export: the GDPR erasure (the order domain
// carries it out everywhere the data was kept) and data request (a customer and their orders).
namespace dc::orders {
class OrderService;
}
namespace dc::storage {
class Store;
class OrderRepository;
} // namespace dc::storage
namespace dc::api {
class HttpFront;
void registerCustomerRoutes(HttpFront &front, const orders::OrderService &service,
                            storage::Store &store, const storage::OrderRepository &orders);
} // namespace dc::api
