// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
}
namespace dc::tasks {
class TaskManager;
}
namespace dc::events {
class EventBus;
}
namespace dc::agents {
struct OrderManagerSettings;
}
class QThreadPool;
namespace dc::api {
class HttpFront;
// GET /api/dashboard: orders, revenue, margin and workflow runs per hour or day (UTC), with the
// queue and the event subscriptions' lag now. Aggregated in SQL: never a full load of orders.
// Computed on the returned pool (owned by the front), which must be drained (waitForDone)
// before the store closes.
QThreadPool *registerDashboardRoutes(HttpFront &front, storage::Store &store,
                                     tasks::TaskManager &tasks, events::EventBus &events,
                                     const agents::OrderManagerSettings &fees);
} // namespace dc::api
