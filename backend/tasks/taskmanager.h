// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The task manager: a durable priority queue with leases, a worker pool with per-kind
// concurrency limits, retries with exponential backoff and jitter, dead-lettering,
// idempotency keys, cooperative cancellation, and task.* events.
//
// This class holds the registered kinds and the queue operations callers use (enqueue, cancel,
// retry, priority, reads). The running side is the Dispatcher (tasks/dispatcher.h), which sees
// the manager only through DispatcherHost; the rows and their queries are in tasks/taskrows.h;
// the value types in tasks/task.h.
//
// Threads: a dispatcher thread ("dc-tasks") claims due tasks, renews the leases of running
// ones and records outcomes; handlers run on the manager's own thread pool.
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/dispatcher.h"
#include "tasks/task.h"

#include <QObject>
#include <QThread>
#include <QThreadPool>

#include <functional>
#include <optional>

namespace dc::tasks {

class TaskManager : public QObject, private DispatcherHost
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>;

    TaskManager(storage::Store &store, events::EventBus &bus, QString instanceId,
                QObject *parent = nullptr);
    ~TaskManager() override;

    // Register before start(). Unknown kinds are never claimed by this process.
    // Kinds may also be added or removed while running (remote agents come and go).
    void registerKind(const QString &kind, TaskHandler handler, KindOptions options = {});
    void unregisterKind(const QString &kind);
    bool hasKind(const QString &kind) const;
    QStringList kinds() const;        // sorted
    void setConcurrency(int workers); // overall, default 4
    void setLeaseMs(qint64 ms);       // default 30 s; renewed every third of it
    // The clock of retries, leases and circuits (tests move it).
    void setClock(Clock clock);
    qint64 now() const override;
    // The outside services' circuit breakers: bind their "unavailable" codes before the kinds
    // that declare them are registered; their clients report to them.
    Circuits &circuits() { return m_circuits; }
    const Circuits &circuits() const override { return m_circuits; }

    // Called inside the transaction that finishes a workflow step's task (succeeded, dead or
    // cancelled), on the store's writer thread, so the run advances in the same commit instead
    // of one more transaction per step. Under a savepoint: an error rolls back the hook's
    // writes only, never the task's outcome. May be set and cleared at any time. `eventId` is
    // the task's outcome event in the same transaction (0: none).
    using StepFinishedHook = std::function<storage::DbResult<int>(storage::WriteContext &,
                                                                  qint64 taskId, qint64 eventId)>;
    void setStepFinishedHook(StepFinishedHook hook);

    void start();
    // Stops claiming, asks running handlers to stop, waits for them, records their outcomes.
    void stop();

    // Enqueue inside the caller's transaction (the task exists only if the caller commits).
    storage::DbResult<EnqueueResult> enqueue(storage::WriteContext &ctx, const EnqueueRequest &req);
    storage::DbResult<EnqueueResult> enqueue(const EnqueueRequest &req);

    storage::DbResult<std::optional<Task>> task(QSqlDatabase db, qint64 id) const;
    storage::DbResult<QList<Task>> tasks(QSqlDatabase db, const TaskQuery &q) const;
    storage::DbResult<TaskStats> stats(QSqlDatabase db) const;

    // Queued or waiting tasks are cancelled at once; a running one is asked to stop.
    storage::DbResult<Task> cancel(qint64 id);
    // Failed, dead or cancelled tasks go back to the queue with their attempts reset.
    storage::DbResult<Task> retry(qint64 id);
    storage::DbResult<Task> setPriority(qint64 id, int priority);

    // Wakes the dispatcher (after an enqueue commits, or a clock change in tests).
    void wake() override;
    // Runs one dispatch pass on the dispatcher thread and returns how many tasks it claimed.
    int dispatchOnce();

    qint64 backoffMs(const RetryPolicy &policy, int failures) const;
    std::optional<KindOptions> kindOptions(const QString &kind) const;

signals:
    void taskFinished(qint64 id, const QString &state);

private:
    // DispatcherHost
    qint64 leaseMs() const override;
    int workers() const override;
    QHash<QString, int> kindLimits() const override;
    RegisteredKind registeredKind(const QString &kind) const override;
    QHash<QString, QStringList> kindCircuits() const override;
    void startHandler(std::function<void()> job) override;
    void onTaskFinished(qint64 id, const QString &state) override;
    storage::DbResult<int> stepFinished(storage::WriteContext &ctx, qint64 id,
                                        qint64 eventId) override;
    void claimReadsQueue() override { m_claimedThrough = m_enqueued.load(); }
    // A circuit closed: the tasks that failed waiting on it are due now.
    void resumeWaiting(const QString &circuit);

    storage::Store &m_store;
    events::EventBus &m_bus;
    QString m_instanceId;
    // Before the pool and the thread: destroyed after them (handlers report to it).
    Circuits m_circuits;
    QThread m_thread;
    QThreadPool m_pool;
    Dispatcher *m_dispatcher = nullptr;
    // wake() comes from the store's writer thread (after a commit) and request threads while
    // stop() ends the dispatcher: the pointer is cleared under this lock before it is freed.
    QMutex m_dispatcherLock;
    mutable QMutex m_mutex;
    QHash<QString, RegisteredKind> m_kinds;
    // Held while the hook runs: clearing it waits for a call in progress (the engine's
    // destructor clears it).
    QMutex m_hookLock;
    StepFinishedHook m_stepFinished;
    // Enqueues numbered on the writer thread, and the last one a claim has read after: a claim
    // in the enqueue's own transaction (a finished step's, see Dispatcher::onHandlerDone)
    // saw it, so the dispatcher need not be woken to claim again.
    std::atomic<quint64> m_enqueued{0};
    std::atomic<quint64> m_claimedThrough{0};
    Clock m_clock;
    qint64 m_leaseMs = 30000;
    int m_workers = 4;
};

} // namespace dc::tasks
