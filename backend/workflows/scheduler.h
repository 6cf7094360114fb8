// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The workflow scheduler: starts runs when they are due. Cron schedules fire from a timer (with
// missed fires caught up or skipped as the definition says); event triggers subscribe each
// workflow to its topics and start a run, one per trigger key, for every matching event. Apart
// from the executor, which runs a workflow whatever started it, and from the catalog, which
// only holds the definitions it reads.
#include "events/eventbus.h"
#include "storage/store.h"
#include "workflows/definition.h"

#include <QDateTime>
#include <QObject>

#include <atomic>

class QTimer;

namespace dc::workflows {

class WorkflowCatalog;
class WorkflowExecutor;

class WorkflowScheduler : public QObject
{
    Q_OBJECT
public:
    WorkflowScheduler(storage::Store &store, events::EventBus &bus, const WorkflowCatalog &catalog,
                      WorkflowExecutor &executor, QObject *parent = nullptr);
    ~WorkflowScheduler() override;

    // Subscribes the definitions' event triggers and starts the schedule timer.
    void start();
    void stop();
    // A definition was added or replaced: once started, its event trigger is subscribed.
    void definitionAdded(const WorkflowDefinition &def);

    // Starts the runs of scheduled workflows that are due at `now` (the timer calls it; tests
    // pass their own time). The first time a schedule is seen it only records `now`.
    // Missed fires (the app was closed) start one run (missed: run_once) or none (skip).
    // Returns how many runs were started.
    int fireDueSchedules(const QDateTime &now);
    // The next time any schedule is due after `now` (invalid: none).
    QDateTime nextScheduleAfter(const QDateTime &now) const;
    // On by default; tests turn the wall-clock timer off and call fireDueSchedules themselves.
    void setAutomaticSchedules(bool on) { m_automaticSchedules = on; }

private:
    void registerTrigger(const WorkflowDefinition &def);
    // Whether `workflow` has a run for trigger key `key` (read outside the writer).
    storage::DbResult<bool> runStarted(const QString &workflow, const QString &key) const;

    storage::Store &m_store;
    events::EventBus &m_bus;
    const WorkflowCatalog &m_catalog;
    WorkflowExecutor &m_executor;
    QTimer *m_scheduleTimer = nullptr;
    bool m_automaticSchedules = true;
    std::atomic<bool> m_started = false;
};

} // namespace dc::workflows
