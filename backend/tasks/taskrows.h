// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tasks table read as values: the row reader, one task, the list and stats queries, the
// check after a guarded update, and the task.* event that a change of a row publishes with it.
// Shared by the queue operations (TaskManager) and the Dispatcher, which read and write the
// same rows; apart from both so that neither reaches into the other for them.
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/task.h"

namespace dc::tasks {

// The columns taskFromRow() reads, in its order.
extern const QString kTaskColumns;
Task taskFromRow(const QSqlQuery &q);

QString toJsonText(const QJsonObject &o);

storage::DbResult<std::optional<Task>> loadTask(QSqlDatabase db, qint64 id);
storage::DbResult<QList<Task>> listTasks(QSqlDatabase db, const TaskQuery &query);
// The statement listTasks() runs, with its values (its tests check its plan).
std::pair<QString, QVariantList> listTasksStatement(const TaskQuery &query);
storage::DbResult<TaskStats> taskStats(QSqlDatabase db);
// The statement taskStats() counts with (its tests check its plan).
QString taskStatsQuery();

// After an UPDATE guarded by the task's state: the task as it is now, NotFound when there is no
// such task, Conflict (naming its state) when the guard refused the change.
storage::DbResult<Task> afterGuardedUpdate(QSqlDatabase db, qint64 id, const QSqlQuery &update,
                                           const QString &refusal);

// Appends the task.* event `topic` for `t` in the caller's transaction; its id.
storage::DbResult<qint64> publishTaskEvent(events::EventBus &bus, storage::WriteContext &ctx,
                                           const Task &t, const QString &topic);
// The same, written with the job's other deferred events (EventBus::appendDeferred): for the
// events of the hot path whose ids nobody reads (a task queued, tasks claimed).
storage::DbResult<void> deferTaskEvent(events::EventBus &bus, storage::WriteContext &ctx,
                                       const Task &t, const QString &topic);
storage::DbResult<void> deferTaskEvents(events::EventBus &bus, storage::WriteContext &ctx,
                                        const QList<Task> &tasks, const QString &topic);

} // namespace dc::tasks
