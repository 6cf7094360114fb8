// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The workflow engine: owns and wires the parts of the workflows module, and keeps one front for
// the callers that want the whole of it (the composition root, the HTTP routes, the agents).
//   catalog    (catalog.h)    which definitions exist: folders and database
//   scheduler  (scheduler.h)  cron schedules and event triggers that start runs
//   executor   (executor.h)   runs: start, advance on task outcomes, cancel and retry
//   queries    (runqueries.h) what runs look like: one run, a page of runs, statistics
#include "workflows/catalog.h"
#include "workflows/executor.h"
#include "workflows/runqueries.h"
#include "workflows/scheduler.h"

#include <QObject>

namespace dc::workflows {

// What a bulk retry did (or, dry, would do) with the failed runs it matched.
struct BulkRetry
{
    qint64 matched = 0;
    QList<qint64> retried;                     // retried (dry: would be)
    QList<std::pair<qint64, QString>> skipped; // not retried, and why
};

class WorkflowEngine : public QObject
{
    Q_OBJECT
public:
    WorkflowEngine(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                   ActionCatalog catalog, QObject *parent = nullptr);
    ~WorkflowEngine() override;

    WorkflowCatalog &catalog() { return m_catalog; }
    WorkflowScheduler &scheduler() { return m_scheduler; }
    WorkflowExecutor &executor() { return m_executor; }
    const RunQueries &queries() const { return m_queries; }

    // Starts listening for task outcomes and for the definitions' event triggers; starts the
    // schedule timer.
    void start();
    void stop();

    // The catalog (see catalog.h).
    std::expected<WorkflowDefinition, QList<ValidationError>> validate(const QByteArray &text,
                                                                       const QString &file) const
    {
        return m_catalog.validate(text, file);
    }
    std::expected<WorkflowDefinition, QList<ValidationError>> addDefinition(const QByteArray &text,
                                                                            const QString &file)
    {
        return m_catalog.addDefinition(text, file);
    }
    std::expected<WorkflowDefinition, QList<ValidationError>>
    saveDefinition(const QString &name, const QByteArray &text,
                   const QString &savedBy = QStringLiteral("system"), int *version = nullptr)
    {
        return m_catalog.saveDefinition(name, text, savedBy, version);
    }
    std::expected<void, QString> loadStored(const QString &name = {})
    {
        return m_catalog.loadStored(name);
    }
    QList<ValidationError> loadFolders(const QStringList &folders)
    {
        return m_catalog.loadFolders(folders);
    }
    QList<WorkflowDefinition> definitions() const { return m_catalog.definitions(); }
    qsizetype definitionCount() const { return m_catalog.count(); }
    std::optional<WorkflowDefinition> definition(const QString &name) const
    {
        return m_catalog.definition(name);
    }
    QByteArray source(const QString &name) const { return m_catalog.source(name); }

    // The executor (see executor.h).
    storage::DbResult<StartResult> startRun(const QString &workflow, const QJsonObject &input,
                                            const QString &key = {},
                                            const QJsonObject &triggerData = {},
                                            const QString &correlationId = {})
    {
        return m_executor.startRun(workflow, input, key, triggerData, correlationId);
    }
    storage::DbResult<RunInfo> cancelRun(qint64 id) { return m_executor.cancelRun(id); }
    storage::DbResult<RunInfo> retryRun(qint64 id) { return m_executor.retryRun(id); }
    // Every failed run the filter matches, oldest first (at most filter.limit), each through
    // retryRun: a run retried meanwhile by someone else is skipped, never retried twice.
    storage::DbResult<BulkRetry> retryFailedRuns(const FailedRunFilter &filter, bool dryRun);

    // The run queries (see runqueries.h).
    storage::DbResult<std::optional<RunInfo>> run(QSqlDatabase db, qint64 id) const
    {
        return m_queries.run(db, id);
    }
    storage::DbResult<QList<RunInfo>> runs(QSqlDatabase db, const QString &workflow, qint64 afterId,
                                           int limit) const
    {
        return m_queries.runs(db, workflow, afterId, limit);
    }
    storage::DbResult<QJsonObject> stats(QSqlDatabase db) const { return m_queries.stats(db); }

    // The scheduler (see scheduler.h).
    int fireDueSchedules(const QDateTime &now) { return m_scheduler.fireDueSchedules(now); }
    QDateTime nextScheduleAfter(const QDateTime &now) const
    {
        return m_scheduler.nextScheduleAfter(now);
    }
    void setAutomaticSchedules(bool on) { m_scheduler.setAutomaticSchedules(on); }

private:
    // Declared in the order they depend on each other (and are built).
    storage::Store &m_store;
    WorkflowCatalog m_catalog;
    RunQueries m_queries;
    WorkflowExecutor m_executor;
    WorkflowScheduler m_scheduler;
};

} // namespace dc::workflows
