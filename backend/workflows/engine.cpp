// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/engine.h"

namespace dc::workflows {

WorkflowEngine::WorkflowEngine(storage::Store &store, events::EventBus &bus,
                               tasks::TaskManager &tasks, ActionCatalog catalog, QObject *parent)
    : QObject(parent)
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

} // namespace dc::workflows
