// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/engine.h"

namespace dc::workflows {

WorkflowEngine::WorkflowEngine(storage::Store &store, events::EventBus &bus,
                               tasks::TaskManager &tasks, ActionCatalog catalog, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_catalog(store, bus, std::move(catalog))
    , m_queries(m_catalog)
    , m_executor(store, bus, tasks, m_catalog, m_queries)
    , m_scheduler(store, bus, m_catalog, m_executor)
{
    // A definition added while started has its trigger subscribed at once.
    m_catalog.setDefinitionAdded(
        [this](const WorkflowDefinition &def) { m_scheduler.definitionAdded(def); });
}

WorkflowEngine::~WorkflowEngine()
{
    m_catalog.setDefinitionAdded({});
}

void WorkflowEngine::start()
{
    m_executor.start();
    m_scheduler.start();
}

void WorkflowEngine::stop()
{
    m_scheduler.stop();
}

storage::DbResult<BulkRetry> WorkflowEngine::retryFailedRuns(const FailedRunFilter &filter,
                                                             bool dryRun)
{
    auto runs = m_queries.failedRuns(m_store.reader(), filter);
    if (!runs)
        return std::unexpected(runs.error());
    BulkRetry out;
    out.matched = runs->matched;
    if (dryRun) {
        out.retried = runs->ids;
        return out;
    }
    for (qint64 id : std::as_const(runs->ids)) {
        // The single retry's own guard (only a failed run moves to running, in one
        // transaction) keeps a run another retry took meanwhile from starting twice.
        auto r = m_executor.retryRun(id);
        if (r)
            out.retried << id;
        else if (r.error().kind == storage::DbError::Kind::Conflict)
            out.skipped.append({id, QStringLiteral("no longer failed (retried or changed "
                                                   "meanwhile)")});
        else
            out.skipped.append({id, r.error().message});
    }
    return out;
}

} // namespace dc::workflows
