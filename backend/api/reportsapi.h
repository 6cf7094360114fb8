// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
}
namespace dc::agents {
struct OrderManagerSettings;
}
class QThreadPool;
namespace dc::api {
class HttpFront;
// GET /api/reports/profitability: revenue, supplier cost, shipping, fees and margin per product,
// supplier or UTC day and currency, over the orders sent to a supplier. Aggregated in SQL and
// computed on `pool` (the dashboard's heavy-read pool, drained before the store closes).
void registerReportRoutes(HttpFront &front, storage::Store &store,
                          const agents::OrderManagerSettings &fees, QThreadPool &pool);
} // namespace dc::api
