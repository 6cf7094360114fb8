// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The workflow engine: keeps the definitions, starts durable runs (one per workflow and
// trigger key), runs every ready step as a task, and advances a run each time one of its
// tasks finishes. Task outcomes reach it through a durable event subscription, so a run
// resumes where it stopped after a crash, and a step that completed never runs again
// (steps are enqueued with idempotency keys).
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/definition.h"

#include <QFileSystemWatcher>
#include <QMutex>
#include <QObject>
#include <QTimer>

namespace dc::workflows {

struct StepRun
{
    QString name;
    QString state;  // pending | queued | succeeded | failed | skipped | cancelled
    int items = -1; // for_each: number of items; -1 otherwise
    QJsonValue input;
    QJsonValue output;
    QString error;
    QDateTime startedAt, finishedAt;
    QJsonObject toJson() const;
};

struct RunInfo
{
    qint64 id = 0;
    QString workflow;
    QString state; // running | succeeded | failed | cancelled
    QString triggerKey;
    QJsonObject input;
    QJsonObject triggerData;
    QString error;
    QString failedStep;
    QJsonObject outputs;
    QDateTime createdAt, updatedAt, finishedAt;
    QList<StepRun> steps;
    QJsonObject toJson() const;
};

struct StartResult
{
    qint64 runId = 0;
    bool created = true; // false: a run with this trigger key already existed
};

class WorkflowEngine : public QObject
{
    Q_OBJECT
public:
    WorkflowEngine(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                   ActionCatalog catalog, QObject *parent = nullptr);
    ~WorkflowEngine() override;

    // Checks a definition against the agents and actions that exist, without adding it.
    std::expected<WorkflowDefinition, QList<ValidationError>> validate(const QByteArray &text,
                                                                       const QString &file) const
    {
        return loadWorkflow(text, file, m_catalog);
    }
    // Validates and registers (replacing a definition of the same name).
    std::expected<WorkflowDefinition, QList<ValidationError>> addDefinition(const QByteArray &text,
                                                                            const QString &file);
    // Definitions saved through the API live in the database, shared by every instance: this
    // validates, registers and stores one, with a "workflow.definition.saved" event in the same
    // transaction (an error with an empty file and position is a storage failure).
    std::expected<WorkflowDefinition, QList<ValidationError>>
    saveDefinition(const QString &name, const QByteArray &text);
    // Registers what the database holds (one definition, or all of them); they override files.
    std::expected<void, QString> loadStored(const QString &name = {});
    // Loads every *.yaml, *.yml and *.json of the folders (later folders override earlier ones),
    // and reloads when a file changes. Returns the errors of files that did not validate.
    QList<ValidationError> loadFolders(const QStringList &folders);
    QList<WorkflowDefinition> definitions() const;
    std::optional<WorkflowDefinition> definition(const QString &name) const;
    QByteArray source(const QString &name) const;

    // Starts listening for task outcomes and for the definitions' event triggers.
    void start();
    void stop();

    storage::DbResult<StartResult> startRun(const QString &workflow, const QJsonObject &input,
                                            const QString &key = {},
                                            const QJsonObject &triggerData = {},
                                            const QString &correlationId = {});
    storage::DbResult<std::optional<RunInfo>> run(QSqlDatabase db, qint64 id) const;
    storage::DbResult<QList<RunInfo>> runs(QSqlDatabase db, const QString &workflow, qint64 afterId,
                                           int limit) const;
    storage::DbResult<RunInfo> cancelRun(qint64 id);
    // Per workflow and per step, over the last 1,000 finished runs: counts by state, success
    // rate (succeeded / finished) and duration p50/p99 in milliseconds.
    storage::DbResult<QJsonObject> stats(QSqlDatabase db) const;
    // Retries a failed run from its failed step (and what was skipped or cancelled after it).
    storage::DbResult<RunInfo> retryRun(qint64 id);

    // Starts the runs of scheduled workflows that are due at `now` (the engine's timer calls it;
    // tests pass their own time). The first time a schedule is seen it only records `now`.
    // Missed fires (the app was closed) start one run (missed: run_once) or none (skip).
    // Returns how many runs were started.
    int fireDueSchedules(const QDateTime &now);
    // The next time any schedule is due after `now` (invalid: none).
    QDateTime nextScheduleAfter(const QDateTime &now) const;
    // On by default; tests turn the wall-clock timer off and call fireDueSchedules themselves.
    void setAutomaticSchedules(bool on) { m_automaticSchedules = on; }

private:
    storage::DbResult<int> advance(storage::WriteContext &ctx, qint64 runId);
    // The run as it is after a change: NotFound if there is no such run, else the change's
    // own error (a refused state transition), else the run.
    storage::DbResult<RunInfo> runAfterChange(qint64 id,
                                              const storage::DbResult<int> &change) const;
    storage::DbResult<int> onTaskOutcome(storage::WriteContext &ctx, qint64 taskId);
    void registerTrigger(const WorkflowDefinition &def);
    std::shared_ptr<const WorkflowDefinition> parsedSnapshot(const QString &source);

    storage::Store &m_store;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    ActionCatalog m_catalog;
    mutable QMutex m_mutex;
    QHash<QString, std::pair<WorkflowDefinition, QByteArray>>
        m_defs; // name -> (definition, source)
    QHash<QByteArray, std::shared_ptr<const WorkflowDefinition>> m_snapshots; // by source
    QFileSystemWatcher m_watcher;
    QTimer *m_scheduleTimer = nullptr;
    bool m_automaticSchedules = true;
    QStringList m_folders;
    bool m_started = false;
};

} // namespace dc::workflows
