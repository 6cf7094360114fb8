// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/taskmanager.h"

#include "events/topics.h"
#include "storage/sqlutil.h"
#include "tasks/taskrows.h"

#include <QRegularExpression>

namespace dc::tasks {

using namespace dc::storage;

namespace {
constexpr int kMaxInputBytes = 256 * 1024;
} // namespace

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
    m_circuits.setClock([this] { return now(); });
    m_circuits.setListener([this](const QString &circuit, bool open) {
        if (open)
            wake(); // the dispatcher stops claiming the kinds that call it
        else
            resumeWaiting(circuit);
    });
}

TaskManager::~TaskManager()
{
    stop();
    m_pool.waitForDone();
    // Clients (AliExpress, Shopify) may outlive this object and keep reporting.
    m_circuits.setListener({});
}

void TaskManager::registerKind(const QString &kind, TaskHandler handler, KindOptions options)
{
    QStringList codes;
    for (const QJsonValue &e : std::as_const(options.errors))
        codes << e[QStringLiteral("code")].toString();
    const QStringList circuits = m_circuits.circuitsOfCodes(codes);
    QMutexLocker lock(&m_mutex);
    m_kinds.insert(kind, {std::move(handler), options, circuits});
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
    return it->options;
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
    return policy.backoffMs(failures);
}

qint64 TaskManager::leaseMs() const
{
    return m_leaseMs;
}

int TaskManager::workers() const
{
    return m_workers;
}

QHash<QString, int> TaskManager::kindLimits() const
{
    QMutexLocker lock(&m_mutex);
    QHash<QString, int> out;
    for (auto it = m_kinds.cbegin(); it != m_kinds.cend(); ++it)
        out.insert(it.key(), it->options.concurrency);
    return out;
}

DispatcherHost::RegisteredKind TaskManager::registeredKind(const QString &kind) const
{
    QMutexLocker lock(&m_mutex);
    return m_kinds.value(kind);
}

QHash<QString, QStringList> TaskManager::kindCircuits() const
{
    QMutexLocker lock(&m_mutex);
    QHash<QString, QStringList> out;
    for (auto it = m_kinds.cbegin(); it != m_kinds.cend(); ++it)
        if (!it->circuits.isEmpty())
            out.insert(it.key(), it->circuits);
    return out;
}

void TaskManager::resumeWaiting(const QString &circuit)
{
    {
        QMutexLocker lock(&m_dispatcherLock);
        if (!m_dispatcher)
            return; // not started, or stopped: nothing runs them here anyway
    }
    const QStringList codes = m_circuits.codesOf(circuit);
    if (codes.isEmpty())
        return;
    QVariantList binds{now()};
    for (const QString &c : codes)
        binds << c;
    binds << binds.first();
    const QString in = QStringList(codes.size(), QStringLiteral("?")).join(QLatin1Char(','));
    (void)m_store.write<int>([this, binds, in](WriteContext &ctx) -> DbResult<int> {
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE tasks SET next_run_at=? WHERE state='failed' AND "
                                     "error_code IN (") +
                          in + QStringLiteral(") AND next_run_at > ?"),
                      binds);
        if (!u)
            return std::unexpected(u.error());
        ctx.afterCommit([this] { wake(); });
        return u->numRowsAffected();
    });
}

void TaskManager::startHandler(std::function<void()> job)
{
    m_pool.start(std::move(job));
}

void TaskManager::onTaskFinished(qint64 id, const QString &state)
{
    emit taskFinished(id, state);
}

void TaskManager::setStepFinishedHook(StepFinishedHook hook)
{
    QMutexLocker lock(&m_hookLock);
    m_stepFinished = std::move(hook);
}

storage::DbResult<int> TaskManager::stepFinished(storage::WriteContext &ctx, qint64 id,
                                                 qint64 eventId)
{
    QMutexLocker lock(&m_hookLock);
    return m_stepFinished ? m_stepFinished(ctx, id, eventId) : storage::DbResult<int>(0);
}

void TaskManager::start()
{
    if (m_dispatcher)
        return;
    m_dispatcher = new Dispatcher(*this, m_store, m_bus, m_instanceId);
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
    {
        // The dispatcher is deleted when its thread ends: nothing may reach it after this.
        QMutexLocker lock(&m_dispatcherLock);
        m_dispatcher = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    // Outcome and progress writes are asynchronous and their hooks point at this object.
    m_store.barrier();
}

void TaskManager::wake()
{
    QMutexLocker lock(&m_dispatcherLock);
    if (m_dispatcher)
        m_dispatcher->wake();
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
    // The new row comes back whole for the task.queued event: no second statement to read it.
    static const QString kInsert =
        QStringLiteral(
            "INSERT INTO tasks (kind, input, priority, state, attempts, max_attempts, next_run_at, "
            "timeout_ms, "
            "idempotency_key, workflow_run_id, step_name, correlation_id, created_at, updated_at, "
            "retry_delay_ms, retry_backoff, queue_at) "
            "VALUES (?,?,?,'queued',0,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (idempotency_key) DO "
            "NOTHING "
            "RETURNING ") +
        kTaskColumns;
    auto q =
        exec(ctx.db(), kInsert,
             {req.kind, input, req.priority, maxAttempts, now + std::max<qint64>(0, req.delayMs),
              req.timeoutMs.value_or(options.timeoutMs),
              req.idempotencyKey.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                           : QVariant(req.idempotencyKey),
              req.workflowRunId ? QVariant(*req.workflowRunId)
                                : QVariant(QMetaType(QMetaType::LongLong)),
              req.stepName, req.correlationId, now, now, std::max<qint64>(0, req.retryDelayMs),
              req.retryBackoff, req.queueAt.value_or(now)});
    if (!q)
        return std::unexpected(q.error());
    std::optional<Task> inserted;
    if (q->next())
        inserted = taskFromRow(*q);
    q->finish(); // see storage::returnedValue()
    if (!inserted) {
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
    const qint64 id = inserted->id;
    if (auto e = deferTaskEvent(m_bus, ctx, *inserted, QString(events::topics::kTaskQueued)); !e)
        return std::unexpected(e.error());
    if (ctx.backend() == Backend::Postgres)
        ctx.notifyAtCommit(QStringLiteral("dropcrew_tasks"));
    ctx.wakeParked(parkedClaimName(m_instanceId)); // an idle dispatcher claims it in this commit
    ctx.afterCommit([this, seq = ++m_enqueued] {
        if (m_claimedThrough.load() < seq)
            wake();
    });
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
    return listTasks(db, query);
}

DbResult<TaskStats> TaskManager::stats(QSqlDatabase db) const
{
    return taskStats(db);
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
            if (auto e =
                    publishTaskEvent(m_bus, ctx, task, QString(events::topics::kTaskCancelled));
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
    if (r && r->state == TaskState::Running) {
        QMutexLocker lock(&m_dispatcherLock);
        // Queued to the dispatcher itself: it runs only while the dispatcher lives.
        if (Dispatcher *d = m_dispatcher)
            QMetaObject::invokeMethod(
                d, [d, id] { d->requestCancel(id); }, Qt::QueuedConnection);
    }
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
        if (auto e = publishTaskEvent(m_bus, ctx, *t, QString(events::topics::kTaskQueued)); !e)
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
