// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::tasks {
class TaskManager;
}
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/tasks: list, one, cancel, retry, priority; /api/tasks/stats.
void registerTaskRoutes(HttpFront &front, tasks::TaskManager &tasks, storage::Store &store);
} // namespace dc::api
