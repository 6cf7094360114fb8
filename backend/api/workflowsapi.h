// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>
namespace dc::workflows {
class WorkflowEngine;
}
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/workflows (list, definition GET/PUT, start, runs) and /api/runs/{id} (detail, cancel,
// retry). PUT saves valid definitions as files in userFolder.
void registerWorkflowRoutes(HttpFront &front, workflows::WorkflowEngine &engine,
                            storage::Store &store, const QString &userFolder);
} // namespace dc::api
