// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The executor's reading and writing of a run's rows inside a write (workflows/executor.cpp):
// its steps, its events, stopping what is left of it. Internal to the executor.
#include "events/eventbus.h"
#include "storage/store.h"

#include <QHash>
#include <QJsonValue>

namespace dc::workflows {

// A run's columns as WorkflowExecutor::runRowFrom() reads them, of workflow_runs aliased r.
extern const QString kRunColumns;

bool isFinal(const QString &state);

// A step's row, as the engine reads it inside a write.
struct StepRow
{
    QString state;
    int items = -1;
    QJsonValue output;
    QString error;
    bool forced = false;
};

// The run's steps by name.
storage::DbResult<QHash<QString, StepRow>> loadSteps(storage::WriteContext &ctx, qint64 runId);

// Appends one of the run's events (keyed by the run), with the job's other deferred events
// (EventBus::appendDeferred).
storage::DbResult<void> publish(events::EventBus &bus, storage::WriteContext &ctx,
                                const QString &topic, qint64 runId, QJsonObject data,
                                const QString &correlation);

// Stops what is left of a run: its pending steps are cancelled, its waiting tasks cancelled and
// its running ones asked to stop (used when a run fails and when it is cancelled).
storage::DbResult<int> stopRunWork(storage::WriteContext &ctx, qint64 runId, qint64 now);

} // namespace dc::workflows
