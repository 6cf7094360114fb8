// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/taskmanager.h"

#include "core/logging.h"
#include "storage/sqlutil.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QTimer>

namespace dc::tasks {

using namespace dc::storage;

namespace {

constexpr int kMaxInputBytes = 256 * 1024;

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
    t.retryDelayMs = q.value(25).toLongLong();
    t.retryBackoff = q.value(26).toString();
    return t;
}

DbResult<std::optional<Task>> loadTask(QSqlDatabase db, qint64 id)
{
    auto q = exec(
        db, QStringLiteral("SELECT ") + kTaskColumns + QStringLiteral(" FROM tasks WHERE id = ?"),
        {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Task>();
    return std::optional<Task>(taskFromRow(*q));
}

// After an UPDATE guarded by the task's state: the task as it is now, NotFound when there is no
// such task, Conflict (naming its state) when the guard refused the change.
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

DbResult<qint64> publishTaskEvent(events::EventBus &bus, WriteContext &ctx, const Task &t,
                                  const QString &topic, qint64 nowMs)
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
    Q_UNUSED(nowMs);
    return bus.append(ctx, events::EventDraft{topic,
                                              data,
                                              QStringLiteral("task-%1").arg(t.id),
                                              QStringLiteral("tasks"),
                                              t.correlationId,
                                              {}});
}

} // namespace

QString taskStateName(TaskState s)
{
    switch (s) {
    case TaskState::Queued:
        return QStringLiteral("queued");
    case TaskState::Running:
        return QStringLiteral("running");
    case TaskState::Failed:
        return QStringLiteral("failed");
    case TaskState::Succeeded:
        return QStringLiteral("succeeded");
    case TaskState::Dead:
        return QStringLiteral("dead");
    case TaskState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<TaskState> taskStateFromName(const QString &s)
{
    for (TaskState t : {TaskState::Queued, TaskState::Running, TaskState::Failed,
                        TaskState::Succeeded, TaskState::Dead, TaskState::Cancelled})
        if (taskStateName(t) == s)
            return t;
    return std::nullopt;
}

QJsonObject Task::toJson() const
{
    auto iso = [](const QDateTime &d) {
        return d.isValid() ? QJsonValue(d.toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("input"), input},
                  {QStringLiteral("priority"), priority},
                  {QStringLiteral("state"), taskStateName(state)},
                  {QStringLiteral("attempts"), attempts},
                  {QStringLiteral("max_attempts"), maxAttempts},
                  {QStringLiteral("next_run_at"), iso(nextRunAt)},
                  {QStringLiteral("lease_owner"), leaseOwner},
                  {QStringLiteral("lease_until"), iso(leaseUntil)},
                  {QStringLiteral("progress"), progress},
                  {QStringLiteral("progress_message"), progressMessage},
                  {QStringLiteral("result"), result ? QJsonValue(*result) : QJsonValue()},
                  {QStringLiteral("error"), error},
                  {QStringLiteral("error_code"), errorCode},
                  {QStringLiteral("idempotency_key"),
                   idempotencyKey.isEmpty() ? QJsonValue() : QJsonValue(idempotencyKey)},
                  {QStringLiteral("cancel_requested"), cancelRequested},
                  {QStringLiteral("workflow_run_id"),
                   workflowRunId ? QJsonValue(*workflowRunId) : QJsonValue()},
                  {QStringLiteral("step"), stepName},
                  {QStringLiteral("correlation_id"), correlationId},
                  {QStringLiteral("created_at"), iso(createdAt)},
                  {QStringLiteral("started_at"), iso(startedAt)},
                  {QStringLiteral("finished_at"), iso(finishedAt)},
                  {QStringLiteral("updated_at"), iso(updatedAt)}};
    return o;
}

QJsonObject TaskStats::toJson() const
{
    QJsonObject states, kinds, prio;
    for (auto it = byState.cbegin(); it != byState.cend(); ++it)
        states.insert(it.key(), it.value());
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
        QJsonObject k;
        for (auto s = it.value().cbegin(); s != it.value().cend(); ++s)
            k.insert(s.key(), s.value());
        kinds.insert(it.key(), k);
    }
    for (auto it = queuedByPriority.cbegin(); it != queuedByPriority.cend(); ++it)
        prio.insert(QString::number(it.key()), it.value());
    return QJsonObject{{QStringLiteral("by_state"), states},
                       {QStringLiteral("by_kind"), kinds},
                       {QStringLiteral("queued_by_priority"), prio},
                       {QStringLiteral("wait_ms"), QJsonObject{{QStringLiteral("p50"), waitP50Ms},
                                                               {QStringLiteral("p99"), waitP99Ms}}},
                       {QStringLiteral("run_ms"), QJsonObject{{QStringLiteral("p50"), runP50Ms},
                                                              {QStringLiteral("p99"), runP99Ms}}},
                       {QStringLiteral("success_rate"), successRate}};
}

// ---------------------------------------------------------------------------------------------

class Dispatcher : public QObject
{
    Q_OBJECT
public:
    enum class StopReason { None, User, Timeout, Shutdown };
    struct Running
    {
        QString kind;
        std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
        StopReason reason = StopReason::None;
        qint64 startedMs = 0;
        qint64 timeoutMs = 0;
        qint64 lastProgressWrite = 0;
        Task task;
    };

    explicit Dispatcher(TaskManager *m)
        : m_m(m)
    {}

public slots:
    void init()
    {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &Dispatcher::onWake);
        m_heartbeat = new QTimer(this);
        connect(m_heartbeat, &QTimer::timeout, this, &Dispatcher::heartbeat);
        m_heartbeat->start(int(std::clamp<qint64>(m_m->m_leaseMs / 3, 20, 10000)));
        if (m_m->m_store.backend() == Backend::Postgres) {
            const QString name =
                m_m->m_store.url().dbName + QStringLiteral("-tasks-listen-") + m_m->m_instanceId;
            auto db = openDatabase(m_m->m_store.url(), name, false);
            if (db) {
                m_listen = *db;
                m_listen.driver()->subscribeToNotification(QStringLiteral("dropcrew_tasks"));
                connect(m_listen.driver(), &QSqlDriver::notification, this, [this] { onWake(); });
            }
        }
        onWake();
    }

    void onWake()
    {
        m_m->m_wakePending = false;
        dispatchAsync();
    }

    // Synchronous pass (tests): claims until there is no room or no work.
    int dispatch()
    {
        if (m_stopping)
            return 0;
        int claimed = 0;
        for (int round = 0; round < 16; ++round) {
            const int n = claimRound();
            claimed += n;
            if (n == 0)
                break;
        }
        scheduleNext();
        return claimed;
    }

    // The normal path: one claim in flight at a time, never blocking this thread on a commit,
    // so finished tasks are recorded and new ones claimed in the same group commits.
    void dispatchAsync()
    {
        if (m_stopping || m_claimInFlight)
            return;
        auto job = claimJob();
        if (!job) {
            scheduleNext();
            return;
        }
        m_claimInFlight = true;
        auto *watcher = new QFutureWatcher<DbResult<QList<Task>>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
                [this, watcher, want = m_lastClaimSize] {
                    watcher->deleteLater();
                    m_claimInFlight = false;
                    const DbResult<QList<Task>> claimed = watcher->result();
                    if (!claimed) {
                        qCWarning(lcTasks) << "claim failed:" << claimed.error().message;
                        scheduleNext();
                        return;
                    }
                    for (const Task &t : *claimed)
                        run(t);
                    if (claimed->size() == want)
                        dispatchAsync(); // there may be more
                    else
                        scheduleNext();
                });
        watcher->setFuture(m_m->m_store.write<QList<Task>>(std::move(job)));
    }

    void requestCancel(qint64 id)
    {
        if (auto it = m_running.find(id); it != m_running.end()) {
            it->reason = StopReason::User;
            it->cancel->store(true);
        }
    }

    void beginShutdown()
    {
        m_stopping = true;
        m_timer->stop();
        m_heartbeat->stop();
        for (Running &r : m_running) {
            r.reason = StopReason::Shutdown;
            r.cancel->store(true);
        }
    }

    void finishShutdown()
    {
        if (m_listen.isValid()) {
            const QString name = m_listen.connectionName();
            m_listen.close();
            m_listen = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
        }
    }

    void onProgress(qint64 id, int percent, const QString &message)
    {
        auto it = m_running.find(id);
        if (it == m_running.end())
            return;
        const qint64 now = m_m->now();
        it->task.progress = percent;
        it->task.progressMessage = message;
        if (percent < 100 && now - it->lastProgressWrite < 250)
            return; // at most four progress writes a second per task
        it->lastProgressWrite = now;
        const Task t = it->task;
        const QString me = m_m->m_instanceId;
        TaskManager *m = m_m;
        (void)m_m->m_store.write<int>([t, me, m, now](WriteContext &ctx) -> DbResult<int> {
            auto u = exec(
                ctx.db(),
                QStringLiteral(
                    "UPDATE tasks SET progress=?, progress_message=?, updated_at=? WHERE id=? AND "
                    "lease_owner=? AND state='running'"),
                {t.progress, t.progressMessage.left(500), now, t.id, me});
            if (!u)
                return std::unexpected(u.error());
            if (u->numRowsAffected() == 0)
                return 0;
            if (auto e = publishTaskEvent(m->m_bus, ctx, t, QStringLiteral("task.progress"), now);
                !e)
                return std::unexpected(e.error());
            return 1;
        });
    }

    void onHandlerDone(qint64 id, TaskOutcome outcome)
    {
        auto it = m_running.find(id);
        if (it == m_running.end())
            return;
        Running r = *it;
        m_running.erase(it);
        record(r, outcome);
        if (!m_stopping)
            dispatchAsync();
    }

private:
    QStringList runnableKinds(QHash<QString, int> *capacity) const
    {
        QMutexLocker lock(&m_m->m_mutex);
        QStringList kinds;
        for (auto it = m_m->m_kinds.cbegin(); it != m_m->m_kinds.cend(); ++it) {
            const int limit = it.value().second.concurrency;
            int used = 0;
            for (const Running &r : m_running)
                used += r.kind == it.key() ? 1 : 0;
            if (limit > 0 && used >= limit)
                continue;
            kinds << it.key();
            (*capacity)[it.key()] = limit > 0 ? limit - used : std::numeric_limits<int>::max();
        }
        return kinds;
    }

    // The claim transaction for the room there is now, or nothing when there is none.
    std::function<DbResult<QList<Task>>(WriteContext &)> claimJob()
    {
        const int free = m_m->m_workers - int(m_running.size());
        if (free <= 0)
            return {};
        QHash<QString, int> capacity;
        const QStringList kinds = runnableKinds(&capacity);
        if (kinds.isEmpty())
            return {};
        m_lastClaimSize = free;
        const QString me = m_m->m_instanceId;
        // Tasks running here now. A stalled heartbeat can let their lease lapse; they must not
        // be taken back and started a second time beside the first. (This instance's other
        // expired tasks, e.g. one whose completion could not be written, are taken back.)
        QVariantList runningHere;
        for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
            runningHere << it.key();
        TaskManager *m = m_m;
        return [=](WriteContext &ctx) mutable -> DbResult<QList<Task>> {
            // Times are taken when the transaction runs, not when it was queued: a lease
            // must never start out shorter than it should.
            const qint64 now = m->now();
            const qint64 leaseUntil = now + m->m_leaseMs;
            QVariantList kindBinds;
            for (const QString &k : kinds)
                kindBinds << k;
            const QString in =
                QStringList(kinds.size(), QStringLiteral("?")).join(QLatin1Char(','));
            const QString lock = ctx.backend() == Backend::Postgres
                                     ? QStringLiteral(" FOR UPDATE SKIP LOCKED") // shared queue
                                     : QString();
            struct Cand
            {
                qint64 id;
                QString kind;
                bool expired;
                int attempts, maxAttempts;
            };
            QList<Cand> cands;
            // Tasks whose worker died (lease expired) first, then due tasks by priority and age.
            // Each query matches a partial index, so finished tasks are never scanned.
            const QString notHere = runningHere.isEmpty()
                                        ? QString()
                                        : QStringLiteral(" AND id NOT IN (") +
                                              QStringList(runningHere.size(), QStringLiteral("?"))
                                                  .join(QLatin1Char(',')) +
                                              QLatin1Char(')');
            const QString expiredSql =
                QStringLiteral("SELECT id, kind, state, attempts, max_attempts FROM tasks WHERE "
                               "state = 'running' AND lease_until < ?") +
                notHere + QStringLiteral(" AND kind IN (") + in +
                QStringLiteral(") LIMIT %1").arg(free * 4) + lock;
            const QString dueSql =
                QStringLiteral(
                    "SELECT id, kind, state, attempts, max_attempts FROM tasks WHERE state IN "
                    "('queued', 'failed') AND next_run_at <= ? AND kind IN (") +
                in + QStringLiteral(") ORDER BY priority DESC, id LIMIT %1").arg(free * 4) + lock;
            for (const auto &[sql, binds] :
                 {std::pair{expiredSql, QVariantList{now} + runningHere + kindBinds},
                  std::pair{dueSql, QVariantList{now} + kindBinds}}) {
                auto q = exec(ctx.db(), sql, binds);
                if (!q)
                    return std::unexpected(q.error());
                while (q->next())
                    cands << Cand{q->value(0).toLongLong(), q->value(1).toString(),
                                  q->value(2).toString() == QLatin1String("running"),
                                  q->value(3).toInt(), q->value(4).toInt()};
            }
            QList<Task> out;
            int room = free;
            for (const Cand &c : cands) {
                if (room == 0)
                    break;
                if (capacity.value(c.kind) <= 0)
                    continue;
                if (c.expired && c.attempts >= c.maxAttempts) {
                    // Its last allowed attempt died with its worker: dead, not run again.
                    auto d = exec(
                        ctx.db(),
                        QStringLiteral(
                            "UPDATE tasks SET state='dead', error=?, error_code='lease_expired', "
                            "lease_owner='', lease_until=0, finished_at=?, updated_at=? WHERE "
                            "id=?"),
                        {QStringLiteral("the worker running the last attempt was lost"), now, now,
                         c.id});
                    if (!d)
                        return std::unexpected(d.error());
                    auto t = loadTask(ctx.db(), c.id);
                    if (t && t->has_value())
                        (void)publishTaskEvent(m->m_bus, ctx, **t, QStringLiteral("task.dead"),
                                               now);
                    continue;
                }
                auto u = exec(
                    ctx.db(),
                    c.expired
                        ? QStringLiteral(
                              "UPDATE tasks SET state='running', lease_owner=?, lease_until=?, "
                              "attempts=attempts+1, started_at=?, updated_at=?, progress=0, "
                              "progress_message='' WHERE id=? AND state='running' AND lease_until "
                              "< ?")
                        : QStringLiteral(
                              "UPDATE tasks SET state='running', lease_owner=?, lease_until=?, "
                              "attempts=attempts+1, started_at=?, updated_at=?, progress=0, "
                              "progress_message='' WHERE id=? AND state IN ('queued','failed') "
                              "AND next_run_at <= ?"),
                    {me, leaseUntil, now, now, c.id, now});
                if (!u)
                    return std::unexpected(u.error());
                if (u->numRowsAffected() == 0)
                    continue;
                auto t = loadTask(ctx.db(), c.id);
                if (!t)
                    return std::unexpected(t.error());
                if (!t->has_value())
                    continue;
                if (auto e =
                        publishTaskEvent(m->m_bus, ctx, **t, QStringLiteral("task.started"), now);
                    !e)
                    return std::unexpected(e.error());
                out << **t;
                capacity[c.kind] -= 1;
                --room;
            }
            return out;
        };
    }

    int claimRound()
    {
        auto job = claimJob();
        if (!job)
            return 0;
        auto claimed = m_m->m_store.writeAndWait<QList<Task>>(std::move(job));
        if (!claimed) {
            qCWarning(lcTasks) << "claim failed:" << claimed.error().message;
            return 0;
        }
        for (const Task &t : *claimed)
            run(t);
        return int(claimed->size());
    }

    void run(const Task &t)
    {
        TaskHandler handler;
        KindOptions options;
        {
            QMutexLocker lock(&m_m->m_mutex);
            auto k = m_m->m_kinds.value(t.kind);
            handler = k.first;
            options = k.second;
        }
        Running r;
        r.kind = t.kind;
        r.startedMs = m_m->now();
        r.timeoutMs = options.timeoutMs;
        r.task = t;
        auto q = exec(m_m->m_store.reader(),
                      QStringLiteral("SELECT timeout_ms FROM tasks WHERE id=?"), {t.id});
        if (q && q->next() && q->value(0).toLongLong() > 0)
            r.timeoutMs = q->value(0).toLongLong();
        m_running.insert(t.id, r);

        auto ctx = std::make_shared<TaskContext>();
        ctx->id = t.id;
        ctx->kind = t.kind;
        ctx->input = t.input;
        ctx->attempt = t.attempts;
        ctx->idempotencyKey = t.idempotencyKey;
        ctx->workflowRunId = t.workflowRunId;
        ctx->stepName = t.stepName;
        ctx->correlationId = t.correlationId;
        ctx->m_cancel = r.cancel;
        QPointer<Dispatcher> self(this);
        const qint64 id = t.id;
        ctx->m_progress = [self, id](int pct, const QString &msg) {
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, id, pct, msg] {
                        if (self)
                            self->onProgress(id, pct, msg);
                    },
                    Qt::QueuedConnection);
        };
        m_m->m_pool.start([handler, ctx, self, id] {
            TaskOutcome out;
            try {
                out = handler(*ctx);
            } catch (const std::exception &e) {
                out =
                    TaskOutcome::failure(QStringLiteral("exception"), QString::fromUtf8(e.what()));
            } catch (...) {
                out = TaskOutcome::failure(QStringLiteral("exception"),
                                           QStringLiteral("unknown exception"));
            }
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, id, out] {
                        if (self)
                            self->onHandlerDone(id, out);
                    },
                    Qt::QueuedConnection);
        });
    }

    void record(const Running &r, const TaskOutcome &outcome)
    {
        const qint64 now = m_m->now();
        RetryPolicy policy;
        if (auto o = m_m->kindOptions(r.kind))
            policy = o->retry;
        Task t = r.task;
        if (t.retryDelayMs > 0) { // a workflow step's own retry settings
            policy.firstDelayMs = t.retryDelayMs;
            if (t.retryBackoff == QLatin1String("fixed"))
                policy.maxDelayMs = t.retryDelayMs;
            else
                policy.maxDelayMs = std::max(policy.maxDelayMs, t.retryDelayMs);
        }
        QString topic;
        qint64 nextRun = now;
        int attemptsAdjust = 0;
        if (outcome.ok) {
            t.state = TaskState::Succeeded;
            t.result = outcome.result;
            t.progress = 100;
            t.error.clear();
            t.errorCode.clear();
            topic = QStringLiteral("task.succeeded");
        } else if (r.reason == StopReason::User) {
            t.state = TaskState::Cancelled;
            t.error = QStringLiteral("cancelled");
            t.errorCode = QStringLiteral("cancelled");
            topic = QStringLiteral("task.cancelled");
        } else if (r.reason == StopReason::Shutdown) {
            // Not the task's fault: back to the queue, the attempt does not count.
            t.state = TaskState::Queued;
            attemptsAdjust = -1;
            topic.clear();
        } else {
            t.errorCode =
                r.reason == StopReason::Timeout ? QStringLiteral("timeout") : outcome.errorCode;
            t.error = r.reason == StopReason::Timeout
                          ? QStringLiteral("timed out after %1 ms").arg(r.timeoutMs)
                          : outcome.errorMessage;
            const bool retryable =
                r.reason == StopReason::Timeout ||
                (outcome.retryable && !policy.nonRetryableCodes.contains(outcome.errorCode));
            if (!retryable || t.attempts >= t.maxAttempts) {
                t.state = TaskState::Dead;
                topic = QStringLiteral("task.dead");
            } else {
                t.state = TaskState::Failed;
                nextRun = now + m_m->backoffMs(policy, t.attempts);
                topic = QStringLiteral("task.failed");
            }
        }
        t.attempts += attemptsAdjust;
        const QString me = m_m->m_instanceId;
        TaskManager *m = m_m;
        const bool finished = t.state != TaskState::Queued && t.state != TaskState::Failed;
        const QString state = taskStateName(t.state);
        QPointer<Dispatcher> self(this);
        (void)m_m->m_store.write<int>([=](WriteContext &ctx) -> DbResult<int> {
            // Only the lease holder may record an outcome: if the lease was lost and the task
            // claimed again elsewhere, this result is dropped.
            auto u =
                exec(ctx.db(),
                     QStringLiteral(
                         "UPDATE tasks SET state=?, attempts=?, result=?, error=?, error_code=?, "
                         "next_run_at=?, "
                         "progress=?, lease_owner='', lease_until=0, finished_at=?, updated_at=? "
                         "WHERE id=? AND lease_owner=? AND state='running'"),
                     {taskStateName(t.state), t.attempts,
                      t.result ? QVariant(toJsonText(*t.result))
                               : QVariant(QMetaType(QMetaType::QString)),
                      t.error.left(2000), t.errorCode.left(200), nextRun, t.progress,
                      finished ? QVariant(now) : QVariant(QMetaType(QMetaType::LongLong)), now,
                      t.id, me});
            if (!u)
                return std::unexpected(u.error());
            if (u->numRowsAffected() == 0) {
                qCInfo(lcTasks) << "task" << t.id
                                << "was claimed elsewhere after its lease expired; outcome dropped";
                return 0;
            }
            if (!topic.isEmpty())
                if (auto e = publishTaskEvent(m->m_bus, ctx, t, topic, now); !e)
                    return std::unexpected(e.error());
            const qint64 id = t.id;
            ctx.afterCommit([m, id, state, finished] {
                if (finished)
                    emit m->taskFinished(id, state);
                else
                    m->wake(); // a retry or a requeue is due later
            });
            return 1;
        });
    }

    void heartbeat()
    {
        if (m_running.isEmpty() || m_stopping)
            return;
        const qint64 now = m_m->now();
        for (Running &r : m_running)
            if (r.timeoutMs > 0 && now - r.startedMs > r.timeoutMs &&
                r.reason == StopReason::None) {
                r.reason = StopReason::Timeout;
                r.cancel->store(true);
            }
        QVariantList ids;
        for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
            ids << it.key();
        const QString in = QStringList(ids.size(), QStringLiteral("?")).join(QLatin1Char(','));
        const QString me = m_m->m_instanceId;
        TaskManager *m = m_m;
        auto cancelled = m_m->m_store.writeAndWait<QList<qint64>>(
            [=](WriteContext &ctx) -> DbResult<QList<qint64>> {
                const qint64 until = m->now() + m->m_leaseMs;
                auto u = exec(ctx.db(),
                              QStringLiteral("UPDATE tasks SET lease_until=? WHERE lease_owner=? "
                                             "AND state='running' AND id IN (") +
                                  in + QLatin1Char(')'),
                              QVariantList{until, me} + ids);
                if (!u)
                    return std::unexpected(u.error());
                auto c = exec(
                    ctx.db(),
                    QStringLiteral("SELECT id FROM tasks WHERE cancel_requested=1 AND id IN (") +
                        in + QLatin1Char(')'),
                    ids);
                if (!c)
                    return std::unexpected(c.error());
                QList<qint64> out;
                while (c->next())
                    out << c->value(0).toLongLong();
                return out;
            });
        if (!cancelled)
            return;
        for (qint64 id : *cancelled)
            requestCancel(id);
    }

    void scheduleNext()
    {
        if (m_stopping)
            return;
        QStringList kinds;
        {
            QMutexLocker lock(&m_m->m_mutex);
            kinds = m_m->m_kinds.keys();
        }
        const qint64 idle = std::clamp<qint64>(m_m->m_leaseMs / 3, 20, 5000);
        qint64 wait = idle;
        if (!kinds.isEmpty()) {
            QVariantList binds;
            for (const QString &k : kinds)
                binds << k;
            auto q =
                exec(m_m->m_store.reader(),
                     QStringLiteral("SELECT MIN(next_run_at) FROM tasks WHERE state IN "
                                    "('queued','failed') AND kind IN (") +
                         QStringList(kinds.size(), QStringLiteral("?")).join(QLatin1Char(',')) +
                         QLatin1Char(')'),
                     binds);
            if (q && q->next() && !q->value(0).isNull())
                wait = std::clamp<qint64>(q->value(0).toLongLong() - m_m->now(), 1, idle);
        }
        if (!m_timer->isActive() || m_timer->remainingTime() > wait)
            m_timer->start(int(wait));
    }

    TaskManager *m_m;
    QTimer *m_timer = nullptr;
    QTimer *m_heartbeat = nullptr;
    QSqlDatabase m_listen;
    QHash<qint64, Running> m_running;
    bool m_stopping = false;
    bool m_claimInFlight = false;
    int m_lastClaimSize = 0;
};

// ---------------------------------------------------------------------------------------------

TaskManager::TaskManager(storage::Store &store, events::EventBus &bus, QString instanceId,
                         QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_bus(bus)
    , m_instanceId(std::move(instanceId))
{
    m_thread.setObjectName(QStringLiteral("dc-tasks"));
    m_pool.setMaxThreadCount(m_workers);
    m_pool.setObjectName(QStringLiteral("dc-task-workers"));
}

TaskManager::~TaskManager()
{
    stop();
}

void TaskManager::registerKind(const QString &kind, TaskHandler handler, KindOptions options)
{
    QMutexLocker lock(&m_mutex);
    m_kinds.insert(kind, {std::move(handler), options});
}

void TaskManager::unregisterKind(const QString &kind)
{
    QMutexLocker lock(&m_mutex);
    m_kinds.remove(kind);
}

QStringList TaskManager::kinds() const
{
    QMutexLocker lock(&m_mutex);
    QStringList out = m_kinds.keys();
    out.sort();
    return out;
}

bool TaskManager::hasKind(const QString &kind) const
{
    QMutexLocker lock(&m_mutex);
    return m_kinds.contains(kind);
}

std::optional<KindOptions> TaskManager::kindOptions(const QString &kind) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_kinds.constFind(kind);
    if (it == m_kinds.cend())
        return std::nullopt;
    return it->second;
}

void TaskManager::setConcurrency(int workers)
{
    m_workers = std::max(1, workers);
    m_pool.setMaxThreadCount(m_workers);
}

void TaskManager::setLeaseMs(qint64 ms)
{
    m_leaseMs = std::max<qint64>(100, ms);
}

void TaskManager::setClock(Clock clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
}

qint64 TaskManager::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 TaskManager::backoffMs(const RetryPolicy &policy, int failures) const
{
    double d = double(std::max<qint64>(1, policy.firstDelayMs));
    for (int i = 1; i < failures && d < double(policy.maxDelayMs); ++i)
        d *= 2;
    d = std::min(d, double(policy.maxDelayMs));
    // +-20% jitter so that tasks failing together do not retry together.
    return std::max<qint64>(1,
                            qint64(d * (0.8 + 0.4 * QRandomGenerator::global()->generateDouble())));
}

void TaskManager::start()
{
    if (m_dispatcher)
        return;
    m_dispatcher = new Dispatcher(this);
    m_dispatcher->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_dispatcher, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_dispatcher, &Dispatcher::init, Qt::BlockingQueuedConnection);
}

void TaskManager::stop()
{
    if (!m_dispatcher)
        return;
    QMetaObject::invokeMethod(m_dispatcher, &Dispatcher::beginShutdown,
                              Qt::BlockingQueuedConnection);
    m_pool.waitForDone();
    // The handlers' outcomes were queued to the dispatcher before this call: recorded first.
    QMetaObject::invokeMethod(m_dispatcher, &Dispatcher::finishShutdown,
                              Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_dispatcher = nullptr;
    // Outcome and progress writes are asynchronous and their hooks point at this object.
    m_store.barrier();
}

void TaskManager::wake()
{
    if (!m_dispatcher || m_wakePending.exchange(true))
        return;
    QMetaObject::invokeMethod(m_dispatcher, &Dispatcher::onWake, Qt::QueuedConnection);
}

int TaskManager::dispatchOnce()
{
    if (!m_dispatcher)
        return 0;
    int n = 0;
    QMetaObject::invokeMethod(
        m_dispatcher, [this, &n] { n = m_dispatcher->dispatch(); }, Qt::BlockingQueuedConnection);
    return n;
}

DbResult<EnqueueResult> TaskManager::enqueue(WriteContext &ctx, const EnqueueRequest &req)
{
    static const QRegularExpression kindRe(QStringLiteral("^[a-z0-9_]+(\\.[a-z0-9_]+)*$"));
    if (req.kind.size() > 96 || !kindRe.match(req.kind).hasMatch())
        return std::unexpected(DbError{
            DbError::Kind::Invalid,
            QStringLiteral(
                "kind: lower-case words joined by dots, e.g. order_manager.validate_order")});
    if (req.priority < -1000 || req.priority > 1000)
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("priority: between -1000 and 1000")});
    if (req.idempotencyKey.size() > 200)
        return std::unexpected(DbError{DbError::Kind::Invalid,
                                       QStringLiteral("idempotency_key: at most 200 characters")});
    const QString input = toJsonText(req.input);
    if (input.size() > kMaxInputBytes)
        return std::unexpected(
            DbError{DbError::Kind::Invalid,
                    QStringLiteral("input: larger than %1 bytes").arg(kMaxInputBytes)});
    const KindOptions options = kindOptions(req.kind).value_or(KindOptions{});
    const int maxAttempts = std::clamp(req.maxAttempts.value_or(options.retry.maxAttempts), 1, 100);
    const qint64 now = this->now();
    auto q = exec(
        ctx.db(),
        QStringLiteral(
            "INSERT INTO tasks (kind, input, priority, state, attempts, max_attempts, next_run_at, "
            "timeout_ms, "
            "idempotency_key, workflow_run_id, step_name, correlation_id, created_at, updated_at, "
            "retry_delay_ms, retry_backoff) "
            "VALUES (?,?,?,'queued',0,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (idempotency_key) DO "
            "NOTHING "
            "RETURNING id"),
        {req.kind, input, req.priority, maxAttempts, now + std::max<qint64>(0, req.delayMs),
         req.timeoutMs.value_or(options.timeoutMs),
         req.idempotencyKey.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                      : QVariant(req.idempotencyKey),
         req.workflowRunId ? QVariant(*req.workflowRunId)
                           : QVariant(QMetaType(QMetaType::LongLong)),
         req.stepName, req.correlationId, now, now, std::max<qint64>(0, req.retryDelayMs),
         req.retryBackoff});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next()) {
        auto existing = exec(
            ctx.db(),
            QStringLiteral(
                "SELECT id, kind, workflow_run_id, step_name FROM tasks WHERE idempotency_key = ?"),
            {req.idempotencyKey});
        if (!existing)
            return std::unexpected(existing.error());
        if (!existing->next())
            return std::unexpected(DbError{DbError::Kind::Internal,
                                           QStringLiteral("idempotency conflict without a task")});
        // The same key must mean the same work: a key held by another kind or another run's
        // step would leave this caller waiting on a task that is not its own, for ever.
        const bool sameRun = existing->value(2).isNull()
                                 ? !req.workflowRunId
                                 : req.workflowRunId &&
                                       existing->value(2).toLongLong() == *req.workflowRunId &&
                                       existing->value(3).toString() == req.stepName;
        if (existing->value(1).toString() != req.kind || !sameRun)
            return std::unexpected(
                DbError{DbError::Kind::Conflict,
                        QStringLiteral("idempotency_key: \"%1\" already names other work (task %2)")
                            .arg(req.idempotencyKey)
                            .arg(existing->value(0).toLongLong())});
        return EnqueueResult{existing->value(0).toLongLong(), false};
    }
    const qint64 id = q->value(0).toLongLong();
    auto t = loadTask(ctx.db(), id);
    if (!t)
        return std::unexpected(t.error());
    if (auto e = publishTaskEvent(m_bus, ctx, **t, QStringLiteral("task.queued"), now); !e)
        return std::unexpected(e.error());
    if (ctx.backend() == Backend::Postgres)
        if (auto n = exec(ctx.db(), QStringLiteral("NOTIFY dropcrew_tasks")); !n)
            return std::unexpected(n.error());
    ctx.afterCommit([this] { wake(); });
    return EnqueueResult{id, true};
}

DbResult<EnqueueResult> TaskManager::enqueue(const EnqueueRequest &req)
{
    return m_store.writeAndWait<EnqueueResult>(
        [this, req](WriteContext &ctx) { return enqueue(ctx, req); });
}

DbResult<std::optional<Task>> TaskManager::task(QSqlDatabase db, qint64 id) const
{
    return loadTask(db, id);
}

DbResult<QList<Task>> TaskManager::tasks(QSqlDatabase db, const TaskQuery &query) const
{
    QStringList where;
    QVariantList binds;
    if (query.state) {
        where << QStringLiteral("state = ?");
        binds << taskStateName(*query.state);
    }
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
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    QList<Task> out;
    while (q->next())
        out << taskFromRow(*q);
    return out;
}

DbResult<TaskStats> TaskManager::stats(QSqlDatabase db) const
{
    TaskStats s;
    auto q =
        exec(db, QStringLiteral("SELECT kind, state, COUNT(*) FROM tasks GROUP BY kind, state"));
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

DbResult<Task> TaskManager::cancel(qint64 id)
{
    const qint64 now = this->now();
    auto r = m_store.writeAndWait<Task>([=, this](WriteContext &ctx) -> DbResult<Task> {
        auto t = loadTask(ctx.db(), id);
        if (!t)
            return std::unexpected(t.error());
        if (!t->has_value())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no task %1").arg(id)});
        Task task = **t;
        if (task.state == TaskState::Queued || task.state == TaskState::Failed) {
            auto u = exec(ctx.db(),
                          QStringLiteral("UPDATE tasks SET state='cancelled', error='cancelled', "
                                         "error_code='cancelled', "
                                         "finished_at=?, updated_at=? WHERE id=?"),
                          {now, now, id});
            if (!u)
                return std::unexpected(u.error());
            task.state = TaskState::Cancelled;
            task.error = task.errorCode = QStringLiteral("cancelled");
            if (auto e = publishTaskEvent(m_bus, ctx, task, QStringLiteral("task.cancelled"), now);
                !e)
                return std::unexpected(e.error());
            return task;
        }
        if (task.state == TaskState::Running) {
            auto u =
                exec(ctx.db(),
                     QStringLiteral("UPDATE tasks SET cancel_requested=1, updated_at=? WHERE id=?"),
                     {now, id});
            if (!u)
                return std::unexpected(u.error());
            task.cancelRequested = true;
            return task;
        }
        return std::unexpected(DbError{
            DbError::Kind::Conflict,
            QStringLiteral("state: a %1 task cannot be cancelled").arg(taskStateName(task.state))});
    });
    if (r && r->state == TaskState::Running && m_dispatcher)
        QMetaObject::invokeMethod(
            m_dispatcher, [this, id] { m_dispatcher->requestCancel(id); }, Qt::QueuedConnection);
    return r;
}

DbResult<Task> TaskManager::retry(qint64 id)
{
    const qint64 now = this->now();
    auto r = m_store.writeAndWait<Task>([=, this](WriteContext &ctx) -> DbResult<Task> {
        auto u =
            exec(ctx.db(),
                 QStringLiteral(
                     "UPDATE tasks SET state='queued', attempts=0, next_run_at=?, error='', "
                     "error_code='', "
                     "cancel_requested=0, finished_at=NULL, updated_at=? WHERE id=? AND state IN "
                     "('failed','dead','cancelled')"),
                 {now, now, id});
        if (!u)
            return std::unexpected(u.error());
        auto t = afterGuardedUpdate(
            ctx.db(), id, *u,
            QStringLiteral(
                "state: only failed, dead or cancelled tasks can be retried (this one is %1)"));
        if (!t)
            return t;
        if (auto e = publishTaskEvent(m_bus, ctx, *t, QStringLiteral("task.queued"), now); !e)
            return std::unexpected(e.error());
        ctx.afterCommit([this] { wake(); });
        return t;
    });
    return r;
}

DbResult<Task> TaskManager::setPriority(qint64 id, int priority)
{
    if (priority < -1000 || priority > 1000)
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("priority: between -1000 and 1000")});
    return m_store.writeAndWait<Task>([=, this](WriteContext &ctx) -> DbResult<Task> {
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE tasks SET priority=?, updated_at=? WHERE id=? AND "
                                     "state IN ('queued','failed')"),
                      {priority, this->now(), id});
        if (!u)
            return std::unexpected(u.error());
        return afterGuardedUpdate(
            ctx.db(), id, *u,
            QStringLiteral("state: only a waiting task's priority can change (this one is %1)"));
    });
}

} // namespace dc::tasks

#include "taskmanager.moc"
