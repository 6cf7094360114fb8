// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QList>
#include <QString>
class QHttpServerResponse;
namespace dc::workflows {
class WorkflowEngine;
struct ValidationError;
} // namespace dc::workflows
namespace dc::storage {
class Store;
}
namespace dc::tasks {
class TaskManager;
}
namespace dc::api {
class HttpFront;
// /api/workflows (list, definition GET/PUT, start, runs), /api/runs/{id} (detail, cancel,
// retry), /api/runs/retry (the failed runs of a workflow, a step or since a time),
// /api/workflow-validation, and the versions (workflowversionsapi.h). PUT saves valid
// definitions in the database (shared by every instance), each new text a new version.
void registerWorkflowRoutes(HttpFront &front, workflows::WorkflowEngine &engine,
                            tasks::TaskManager &tasks, storage::Store &store);
// 422 with every error of a definition (line, column, path), as saving and validating answer.
QHttpServerResponse validationProblem(const QList<workflows::ValidationError> &errors);
} // namespace dc::api
