// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The workflow executor: starts durable runs (one per workflow and trigger key), runs every ready
// step as a task, and advances a run each time one of its tasks finishes; it also cancels and
// retries runs. A task's outcome advances its run in the transaction that records it (the task
// manager's step hook); a durable event subscription catches what that misses, so a run resumes
// where it stopped after a crash, and a step that completed never runs again (steps are enqueued
// with idempotency keys). Apart from the catalog and the scheduler: it runs the definition a run
// carries, whatever started it.
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/runqueries.h"
#include <QMutex>
#include <QSet>
#include <deque>

namespace dc::workflows {

class WorkflowCatalog;
struct WorkflowDefinition;

struct StartResult
{
    qint64 runId = 0;
    bool created = true; // false: a run with this trigger key already existed
};

// A workflow's definition as a run about to start takes it (WorkflowExecutor::prepareRun).
struct PreparedRun
{
    QString workflow;
    QByteArray source; // the text the run keeps
    QVariant version;  // its version (null: none saved)
    std::shared_ptr<const WorkflowDefinition> def;
};

class WorkflowExecutor
{
public:
    WorkflowExecutor(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                     const WorkflowCatalog &catalog, const RunQueries &queries);

    ~WorkflowExecutor();
    WorkflowExecutor(const WorkflowExecutor &) = delete;
    WorkflowExecutor &operator=(const WorkflowExecutor &) = delete;

    // Starts listening for task outcomes: in the task's own transaction (the task manager's
    // hook) and, for the outcomes that misses, through the "workflow-engine" subscription.
    void start();

    storage::DbResult<StartResult> startRun(const QString &workflow, const QJsonObject &input,
                                            const QString &key = {},
                                            const QJsonObject &triggerData = {},
                                            const QString &correlationId = {});
    // The same in two halves, for a start inside the caller's transaction (writer thread, e.g.
    // in the commit of the event that triggers the run): what may refuse without a write
    // (no such workflow, a key too long), then the write.
    storage::DbResult<PreparedRun> prepareRun(const QString &workflow, const QString &key) const;
    storage::DbResult<StartResult> startRun(storage::WriteContext &ctx, const PreparedRun &prepared,
                                            const QJsonObject &input, const QString &key,
                                            const QJsonObject &triggerData,
                                            const QString &correlationId);
    storage::DbResult<RunInfo> cancelRun(qint64 id);
    // Retries a failed run from its failed step (and what was skipped or cancelled after it).
    storage::DbResult<RunInfo> retryRun(qint64 id);

private:
    struct RunRow;
    storage::DbResult<std::optional<RunRow>> loadRun(storage::WriteContext &ctx, qint64 runId);
    RunRow runRowFrom(const QSqlQuery &q, int first) const;
    storage::DbResult<int> advance(storage::WriteContext &ctx, qint64 runId);
    storage::DbResult<int> advance(storage::WriteContext &ctx, qint64 runId, const RunRow &run);
    storage::DbResult<int> onTaskOutcome(storage::WriteContext &ctx, qint64 taskId);
    // Whether a task's outcome has nothing left to change: its step is settled or its run over.
    storage::DbResult<bool> outcomeApplied(qint64 taskId) const;
    // Task outcome events whose outcome the step-finished hook applied in a commit that has
    // happened, so the safety net's delivery of them needs no read. Taken out when looked up;
    // bounded.
    void noteApplied(qint64 eventId);
    bool takeApplied(qint64 eventId);
    // The run as it is after a change: NotFound if there is no such run, else the change's
    // own error (a refused state transition), else the run.
    storage::DbResult<RunInfo> runAfterChange(qint64 id,
                                              const storage::DbResult<int> &change) const;

    storage::Store &m_store;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    const WorkflowCatalog &m_catalog;
    const RunQueries &m_queries;
    QMutex m_appliedLock;
    QSet<qint64> m_applied;
    std::deque<qint64> m_appliedOrder; // oldest first, for the bound
};

} // namespace dc::workflows
