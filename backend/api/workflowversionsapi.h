// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /api/workflows/{name}/versions: every text a workflow was saved with (workflows/versions.h),
// one of them with its text, and a rollback that saves an old text again as the newest version.
// Registered by registerWorkflowRoutes (workflowsapi.h), which owns the checks of a save.
#include "api/router.h"
#include "workflows/definition.h"

#include <QByteArray>
#include <QHttpServerResponse>
#include <QString>

#include <expected>
#include <functional>

namespace dc::workflows {
class WorkflowEngine;
}
namespace dc::storage {
class Store;
}

namespace dc::api {

// A definition saved through the API, and the version its text is now.
struct SavedDefinition
{
    workflows::WorkflowDefinition definition;
    int version = 0;
};

// Checks a definition as PUT /api/workflows/{name}/definition does, then saves it as the
// caller's version (audited): the refusal to answer with, or what was saved.
using SaveDefinition = std::function<std::expected<SavedDefinition, QHttpServerResponse>(
    RequestContext &ctx, const QString &name, const QByteArray &text)>;

void registerWorkflowVersionRoutes(Router &router, workflows::WorkflowEngine &engine,
                                   storage::Store &store, SaveDefinition save);

} // namespace dc::api
