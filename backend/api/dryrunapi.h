// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// POST /api/workflow-dry-run: a workflow (stored, or a definition's text as the editor holds it)
// dry-run against a recorded event or a manual input (workflows/dryrun.h): the trigger key and
// each step's rendered input, condition, items and problems. Nothing is written, enqueued,
// published or called.
namespace dc::workflows {
class WorkflowEngine;
}
class QThreadPool;
namespace dc::storage {
class Store;
}
namespace dc::tasks {
class TaskManager;
}
namespace dc::api {
class HttpFront;
// The rendering runs on heavyReads: a large definition must not hold the HTTP (and GUI) thread.
void registerDryRunRoutes(HttpFront &front, workflows::WorkflowEngine &engine,
                          tasks::TaskManager &tasks, storage::Store &store,
                          QThreadPool &heavyReads);
} // namespace dc::api
