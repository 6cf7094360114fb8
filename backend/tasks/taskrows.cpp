// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/taskrows.h"

#include "storage/sqlutil.h"

#include <QJsonDocument>

namespace dc::tasks {

using namespace dc::storage;

const QString kTaskColumns =
    QStringLiteral("id, kind, input, priority, state, attempts, max_attempts, next_run_at, "
                   "lease_owner, lease_until, progress, "
                   "progress_message, result, error, error_code, idempotency_key, "
                   "cancel_requested, workflow_run_id, step_name, "
                   "correlation_id, created_at, started_at, finished_at, updated_at, timeout_ms, "
                   "retry_delay_ms, retry_backoff");

QString toJsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Task taskFromRow(const QSqlQuery &q)
{
    Task t;
    t.id = q.value(0).toLongLong();
    t.kind = q.value(1).toString();
    t.input = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    t.priority = q.value(3).toInt();
    t.state = taskStateFromName(q.value(4).toString()).value_or(TaskState::Queued);
    t.attempts = q.value(5).toInt();
    t.maxAttempts = q.value(6).toInt();
    t.nextRunAt = utcFromMs(q.value(7));
    t.leaseOwner = q.value(8).toString();
    t.leaseUntil = q.value(9).toLongLong() ? utcFromMs(q.value(9)) : QDateTime();
    t.progress = q.value(10).toInt();
    t.progressMessage = q.value(11).toString();
    if (!q.value(12).isNull())
        t.result = QJsonDocument::fromJson(q.value(12).toString().toUtf8()).object();
    t.error = q.value(13).toString();
    t.errorCode = q.value(14).toString();
    t.idempotencyKey = q.value(15).toString();
    t.cancelRequested = q.value(16).toInt() != 0;
    if (!q.value(17).isNull())
        t.workflowRunId = q.value(17).toLongLong();
    t.stepName = q.value(18).toString();
    t.correlationId = q.value(19).toString();
    t.createdAt = utcFromMs(q.value(20));
    t.startedAt = utcFromMs(q.value(21));
    t.finishedAt = utcFromMs(q.value(22));
    t.updatedAt = utcFromMs(q.value(23));
    t.timeoutMs = q.value(24).toLongLong();
    t.retryDelayMs = q.value(25).toLongLong();
    t.retryBackoff = q.value(26).toString();
    return t;
}

DbResult<std::optional<Task>> loadTask(QSqlDatabase db, qint64 id)
{
    static const QString kById =
        QStringLiteral("SELECT ") + kTaskColumns + QStringLiteral(" FROM tasks WHERE id = ?");
    auto q = cachedRead(db, kById, {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Task>();
    return std::optional<Task>(taskFromRow(*q));
}

DbResult<Task> afterGuardedUpdate(QSqlDatabase db, qint64 id, const QSqlQuery &update,
                                  const QString &refusal)
{
    auto t = loadTask(db, id);
    if (!t)
        return std::unexpected(t.error());
    if (!t->has_value())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no task %1").arg(id)});
    if (update.numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::Conflict, refusal.arg(taskStateName((*t)->state))});
    return **t;
}

namespace {

events::EventDraft taskEventDraft(const Task &t, const QString &topic)
{
    QJsonObject data{{QStringLiteral("task_id"), t.id},
                     {QStringLiteral("kind"), t.kind},
                     {QStringLiteral("state"), taskStateName(t.state)},
                     {QStringLiteral("attempt"), t.attempts},
                     {QStringLiteral("priority"), t.priority}};
    if (t.workflowRunId) {
        data.insert(QStringLiteral("workflow_run_id"), *t.workflowRunId);
        data.insert(QStringLiteral("step"), t.stepName);
    }
    if (!t.error.isEmpty()) {
        data.insert(QStringLiteral("error"), t.error);
        data.insert(QStringLiteral("error_code"), t.errorCode);
    }
    if (topic == QLatin1String("task.progress")) {
        data.insert(QStringLiteral("progress"), t.progress);
        data.insert(QStringLiteral("message"), t.progressMessage);
    }
    return events::EventDraft{
        topic,           data, QStringLiteral("task-%1").arg(t.id), QStringLiteral("tasks"),
        t.correlationId, {}};
}

} // namespace

DbResult<qint64> publishTaskEvent(events::EventBus &bus, WriteContext &ctx, const Task &t,
                                  const QString &topic)
{
    return bus.append(ctx, taskEventDraft(t, topic));
}

DbResult<void> deferTaskEvent(events::EventBus &bus, WriteContext &ctx, const Task &t,
                              const QString &topic)
{
    return bus.appendDeferred(ctx, taskEventDraft(t, topic));
}

DbResult<void> deferTaskEvents(events::EventBus &bus, WriteContext &ctx, const QList<Task> &tasks,
                               const QString &topic)
{
    QList<events::EventDraft> drafts;
    drafts.reserve(tasks.size());
    for (const Task &t : tasks)
        drafts << taskEventDraft(t, topic);
    return bus.appendDeferred(ctx, drafts);
}

std::pair<QString, QVariantList> listTasksStatement(const TaskQuery &query)
{
    QStringList where;
    QVariantList binds;
    if (query.state) // written out (a fixed name), so that SQLite uses a partial index on state
        where << QStringLiteral("state = '%1'").arg(taskStateName(*query.state));
    if (!query.kind.isEmpty()) {
        where << QStringLiteral("kind = ?");
        binds << query.kind;
    }
    if (query.workflowRunId) {
        where << QStringLiteral("workflow_run_id = ?");
        binds << *query.workflowRunId;
    }
    if (query.afterId > 0) {
        where << QStringLiteral("id < ?");
        binds << query.afterId;
    }
    QString sql = QStringLiteral("SELECT ") + kTaskColumns + QStringLiteral(" FROM tasks");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(std::clamp(query.limit, 1, 1000));
    return {sql, binds};
}

DbResult<QList<Task>> listTasks(QSqlDatabase db, const TaskQuery &query)
{
    const auto [sql, binds] = listTasksStatement(query);
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    QList<Task> out;
    while (q->next())
        out << taskFromRow(*q);
    return out;
}

QString taskStatsQuery()
{
    // One statement (one snapshot: a task changing state meanwhile is counted once), in two
    // parts that each read one of the partial indexes of migration 0028, covering.
    return QStringLiteral("SELECT kind, state, COUNT(*) FROM tasks WHERE state = 'queued' OR "
                          "state = 'running' OR state = 'failed' GROUP BY kind, state "
                          "UNION ALL SELECT kind, state, COUNT(*) FROM tasks WHERE state = "
                          "'succeeded' OR state = 'dead' OR state = 'cancelled' GROUP BY kind, "
                          "state");
}

DbResult<TaskStats> taskStats(QSqlDatabase db)
{
    TaskStats s;
    auto q = exec(db, taskStatsQuery());
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        const qint64 n = q->value(2).toLongLong();
        s.byKind[q->value(0).toString()][q->value(1).toString()] += n;
        s.byState[q->value(1).toString()] += n;
    }
    auto p = exec(db, QStringLiteral("SELECT priority, COUNT(*) FROM tasks WHERE state IN "
                                     "('queued','failed') GROUP BY priority"));
    if (!p)
        return std::unexpected(p.error());
    while (p->next())
        s.queuedByPriority[p->value(0).toInt()] = p->value(1).toLongLong();
    auto r = exec(db, QStringLiteral("SELECT created_at, started_at, finished_at, state FROM tasks "
                                     "WHERE finished_at IS NOT NULL "
                                     "ORDER BY finished_at DESC LIMIT 1000"));
    if (!r)
        return std::unexpected(r.error());
    std::vector<double> wait, run;
    qint64 ok = 0, dead = 0;
    while (r->next()) {
        if (!r->value(1).isNull()) {
            wait.push_back(double(r->value(1).toLongLong() - r->value(0).toLongLong()));
            run.push_back(double(r->value(2).toLongLong() - r->value(1).toLongLong()));
        }
        const QString st = r->value(3).toString();
        ok += st == QLatin1String("succeeded");
        dead += st == QLatin1String("dead");
    }
    auto pct = [](std::vector<double> v, double p) {
        if (v.empty())
            return 0.0;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, size_t(p / 100.0 * double(v.size())))];
    };
    s.waitP50Ms = pct(wait, 50);
    s.waitP99Ms = pct(wait, 99);
    s.runP50Ms = pct(run, 50);
    s.runP99Ms = pct(run, 99);
    s.successRate = ok + dead ? double(ok) / double(ok + dead) : 0.0;
    return s;
}

} // namespace dc::tasks
