// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
}
namespace dc::tasks {
class TaskManager;
}
namespace dc::api {
class HttpFront;
// GET /api/agents (agents, actions, input schemas); POST /api/agents/{agent}/action runs one as
// a task: 202 with the task, or with ?wait=SECONDS the finished task.
void registerAgentRoutes(HttpFront &front, tasks::TaskManager &tasks, storage::Store &store);
} // namespace dc::api
