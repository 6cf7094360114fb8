// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
class OrderRepository;
} // namespace dc::storage
namespace dc::orders {
class OrderService;
}
namespace dc::workflows {
class WorkflowEngine;
}
namespace dc::api {
class HttpFront;
// /api/orders/{id}/cancel, refund, replace, approve, process, retry, runs, supplier-orders,
// supplier-orders/{soid}/retry-payment.
void registerOrderActionRoutes(HttpFront &front, storage::Store &store,
                               const storage::OrderRepository &orders,
                               const orders::OrderService &service,
                               workflows::WorkflowEngine &engine);
} // namespace dc::api
