// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
class OrderRepository;
} // namespace dc::storage
namespace dc::orders {
class OrderService;
}
class QThreadPool;
namespace dc::workflows {
class WorkflowEngine;
}
namespace dc::api {
class HttpFront;
// /api/orders/{id}/cancel, refund, replace, approve, process, retry, runs, supplier-orders,
// supplier-orders/{soid}/retry-payment. minOrdersForScore: the supplier orders a supplier needs
// before it is scored ([data_analyzer] min_orders_for_score).
void registerOrderActionRoutes(HttpFront &front, storage::Store &store,
                               const storage::OrderRepository &orders,
                               const orders::OrderService &service,
                               workflows::WorkflowEngine &engine, int minOrdersForScore,
                               QThreadPool &heavyReads);
} // namespace dc::api
