// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Run queries: what the runs of the workflows look like (one run with its steps, a page of runs,
// per-workflow statistics), read on the caller's connection. Apart from the executor because
// they only read what it wrote, on any thread, and never change a run.
#include "storage/store.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

#include <optional>

namespace dc::workflows {

class WorkflowCatalog;

struct StepRun
{
    QString name;
    QString state;  // pending | queued | succeeded | failed | skipped | cancelled
    int items = -1; // for_each: number of items; -1 otherwise
    QJsonValue input;
    QJsonValue output;
    QString error;
    QDateTime startedAt, finishedAt;
    // Its newest task (the last item's, for for_each): attempts, the budget, when it runs
    // again, what it is waiting for. Empty before the step has a task.
    QJsonObject task;
    QJsonObject toJson() const;
};

struct RunInfo
{
    qint64 id = 0;
    QString workflow;
    int version = 0; // the definition's version the run started with; 0: unknown (older runs)
    QString state;   // running | succeeded | failed | cancelled
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

// The failed runs a bulk retry takes: every criterion given must hold.
struct FailedRunFilter
{
    QString workflow; // empty: any workflow
    QString step;     // a step of the run in the failed state; empty: any
    QDateTime since;  // the run failed at or after this time; invalid: any time
    int limit = 500;
};

struct FailedRuns
{
    qint64 matched = 0; // every run the filter matches
    QList<qint64> ids;  // the oldest `limit` of them
};

class RunQueries
{
public:
    // The catalog parses the definition snapshot a run carries (for the order of its steps).
    explicit RunQueries(const WorkflowCatalog &catalog)
        : m_catalog(catalog)
    {}

    storage::DbResult<std::optional<RunInfo>> run(QSqlDatabase db, qint64 id) const;
    storage::DbResult<QList<RunInfo>> runs(QSqlDatabase db, const QString &workflow, qint64 afterId,
                                           int limit) const;
    // Per workflow and per step, over the last 1,000 finished runs: counts by state, success
    // rate (succeeded / finished) and duration p50/p99 in milliseconds.
    storage::DbResult<QJsonObject> stats(QSqlDatabase db) const;
    storage::DbResult<FailedRuns> failedRuns(QSqlDatabase db, const FailedRunFilter &f) const;

private:
    const WorkflowCatalog &m_catalog;
};

} // namespace dc::workflows
