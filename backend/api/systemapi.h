// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>

namespace dc::storage {
class Store;
}
namespace dc::tasks {
class TaskManager;
}
namespace dc::workflows {
class WorkflowEngine;
}
namespace dc::events {
class EventBus;
}
namespace dc::api {
class HttpFront;
class HttpMetrics;

// What the system routes report on.
struct SystemSources
{
    storage::Store &store;
    tasks::TaskManager &tasks;
    workflows::WorkflowEngine &workflows;
    events::EventBus &events;
    HttpMetrics &metrics;
    QString databaseName; // "sqlite" or "postgresql"
    // Whether the shipped workflows were found: "found", "not_found" or "off" (the path is for
    // `dropcrew info`, not for anonymous callers).
    QString shippedWorkflows;
};

// /api/health, /api/health/storage, /api/openapi.json, /api/metrics.
void registerSystemRoutes(HttpFront &front, const SystemSources &src);
} // namespace dc::api
