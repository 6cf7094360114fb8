// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The dispatcher: the task manager's thread ("dc-tasks"). It claims due tasks (and tasks whose
// worker died) within the room the pool and the per-kind limits leave, runs their handlers on
// the worker pool, renews the leases of running tasks, times them out, passes cancellations on,
// writes progress and records outcomes (retry with backoff, dead, succeeded, cancelled).
//
// When handlers are short, it claims a few tasks beyond its free workers (prefetch): they wait
// here, leased, and start as workers free. Otherwise every task would cost a commit round of its
// own, and the queue's throughput would be the number of workers per commit.
//
// Apart from TaskManager (the queue operations callers use) because it is the other half of the
// work: what runs, on its own thread. It sees its owner only through DispatcherHost.
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/circuits.h"
#include "tasks/task.h"

#include <QFutureWatcher>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

class QTimer;

namespace dc::tasks {

// What the dispatcher needs from its owner. Every method may be called from the dispatcher
// thread; now(), leaseMs(), onTaskFinished() and wake() also from the store's writer thread.
class DispatcherHost
{
public:
    struct RegisteredKind
    {
        TaskHandler handler; // empty when the kind is not registered
        KindOptions options;
        QStringList circuits; // the outside services it calls (tasks/circuits.h)
    };

    virtual ~DispatcherHost() = default;
    virtual qint64 now() const = 0;
    virtual qint64 leaseMs() const = 0;
    virtual int workers() const = 0;
    // Every registered kind and its concurrency limit (0: no limit).
    virtual QHash<QString, int> kindLimits() const = 0;
    virtual RegisteredKind registeredKind(const QString &kind) const = 0;
    // The circuits of the kinds that call an outside service (kinds without any are absent).
    virtual QHash<QString, QStringList> kindCircuits() const = 0;
    virtual const Circuits &circuits() const = 0;
    // Runs a handler call on the worker pool.
    virtual void startHandler(std::function<void()> job) = 0;
    // After the commit that finished a task (succeeded, dead or cancelled).
    virtual void onTaskFinished(qint64 id, const QString &state) = 0;
    // After the commit that put a task back for later (a retry or a requeue).
    virtual void wake() = 0;
    // Inside the transaction that finishes a workflow step's task: the engine advances the run
    // in the same commit (TaskManager::setStepFinishedHook). Writer thread.
    // `eventId`: the task's outcome event, committed in the same transaction (0: none).
    virtual storage::DbResult<int> stepFinished(storage::WriteContext &ctx, qint64 id,
                                                qint64 eventId) = 0;
    // A claim is reading the queue (writer thread): the tasks enqueued before it in the same
    // transaction need no wake once it commits.
    virtual void claimReadsQueue() = 0;
};

// The name under which a dispatcher's idle claim waits in the store (Store::park).
inline QString parkedClaimName(const QString &instanceId)
{
    return QStringLiteral("tasks.claim.") + instanceId;
}

// What a claim transaction may take (tasks/claim.h).
struct ClaimRequest
{
    int room = 0;                       // tasks to take at most
    QStringList kinds;                  // the kinds that may be claimed now
    QHash<QString, int> capacity;       // how many of each
    QHash<QString, QStringList> probes; // kinds that may only probe a half-open circuit
    QVariantList runningHere;           // claimed here now: never taken back as expired
    QString instanceId;                 // the lease owner
};

// What a claim transaction took.
struct Claim
{
    QList<Task> tasks; // started here, in the claim's order
    qint64 at = 0;     // its clock: every task due by then was a candidate
    // Due tasks may be left that another claim can take at once: the candidates read were all
    // used, or the room ran out before them.
    bool more = false;
};

class Dispatcher : public QObject
{
    Q_OBJECT
public:
    Dispatcher(DispatcherHost &host, storage::Store &store, events::EventBus &bus,
               QString instanceId);

    // Any thread: asks for a dispatch pass; coalesced until the pass starts.
    void wake();

public slots:
    void init();
    void onWake();
    // Synchronous pass (tests): claims until there is no room or no work.
    int dispatch();
    void dispatchAsync();
    void requestCancel(qint64 id);
    void beginShutdown();
    void finishShutdown();
    void onProgress(qint64 id, int percent, const QString &message);
    // `ms`: how long the handler itself ran.
    void onHandlerDone(qint64 id, TaskOutcome outcome, double ms);

private:
    enum class StopReason { None, User, Timeout, Shutdown };
    struct Running
    {
        QString kind;
        std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
        StopReason reason = StopReason::None;
        qint64 startedMs = 0;
        std::chrono::steady_clock::time_point claimedAt; // when the claim came back
        std::chrono::steady_clock::time_point startedAt; // when it was handed to a worker
        qint64 timeoutMs = 0;
        qint64 lastProgressWrite = 0;
        bool started = false; // false: claimed ahead, waiting in m_ready for a worker
        Task task;
    };

    // The kinds that may be claimed now and how many of each; `probes`: the kinds that may
    // only probe a half-open circuit (one task for all the kinds of a circuit).
    QStringList runnableKinds(QHash<QString, int> *capacity,
                              QHash<QString, QStringList> *probes = nullptr) const;
    // What a claim may take now (none: no room, or no kind may run).
    std::optional<ClaimRequest> claimRequest();
    std::function<storage::DbResult<Claim>(storage::WriteContext &)> claimJob();
    // The parked claim reads its request when it runs: brought up to date whenever the room or
    // the kinds that may run change before then.
    void refreshParked();
    struct ParkedRequest
    {
        QMutex lock;
        std::optional<ClaimRequest> req;
        quint64 generation = 0; // refreshes so far
        quint64 read = 0;       // the generation the claim read when it ran
    };
    std::shared_ptr<ParkedRequest> m_parkedRequest;
    int claimRound();
    // Takes the tasks a claim returned: they start as workers free.
    void run(const QList<Task> &claimed);
    // Gives back the tasks that have waited too long; runs again for the others.
    void giveBackStale();
    // Starts claimed tasks while there are free workers; gives back those whose service's
    // circuit opened while they waited.
    void startReady();
    // The circuits, not closed, that a task here calls (`startedOnly`: a task started on a
    // worker): a half-open circuit lets one probe through at a time.
    QSet<QString> probingCircuits(const QHash<QString, QStringList> &circuitsOf,
                                  bool startedOnly) const;
    // A claimed task that has not started goes back to the queue, its attempt not counted.
    void giveBack(qint64 id);
    void start(Running &r);
    // How many tasks may be claimed beyond the free workers now.
    int prefetch() const;
    // What an outcome makes of its task: the row to write, its event, when it runs again.
    struct Verdict
    {
        Task task;
        QString topic; // empty: no event (a requeue at shutdown)
        qint64 nextRun = 0;
    };
    // Any thread (Circuits locks itself): also on the writer's, when a handler's last write
    // fails in the outcome's transaction.
    static Verdict verdict(const Circuits &circuits, const Running &r, const TaskOutcome &outcome,
                           const RetryPolicy &policy, qint64 now);
    // Writes an outcome; `claim` (may be empty) runs in the same transaction after it.
    // `wakeParked`: the parked claim runs after it, in its transaction when it can.
    QFuture<storage::DbResult<Claim>>
    record(const Running &r, const TaskOutcome &outcome,
           const std::function<storage::DbResult<Claim>(storage::WriteContext &)> &claim = {},
           bool wakeParked = false);
    // Idle with room: after arming the timer for what is due later, the next claim waits
    // parked in the store, and the next enqueue's transaction runs it (TaskManager::enqueue):
    // a task queued into an idle queue is claimed in its own commit. Any other reason to
    // claim releases it.
    void parkClaim(qint64 after);
    // Takes the tasks of the claim in flight when it commits, then claims again if more may be
    // due.
    void awaitClaim(QFuture<storage::DbResult<Claim>> claim);
    void heartbeat();
    // Arms the timer for the next task due after `after` (ms, the store's clock) that may be
    // claimed: tasks already due then were claimed, or wait for room (a completion wakes).
    void scheduleNext(qint64 after);

    DispatcherHost &m_host;
    storage::Store &m_store;
    events::EventBus &m_bus;
    const QString m_instanceId;
    std::atomic<bool> m_wakePending{false};
    QTimer *m_timer = nullptr;
    QTimer *m_heartbeat = nullptr;
    QTimer *m_giveBack = nullptr;
    QSqlDatabase m_listen;
    QHash<qint64, Running> m_running; // claimed here: started, or waiting in m_ready
    QList<qint64> m_ready;            // claimed, not started, in claim order
    int m_active = 0;                 // handlers started and not yet done
    double m_handlerMs = -1;          // moving average of handler run time (-1: none yet)
    bool m_stopping = false;
    bool m_claimInFlight = false;
    bool m_claimParked = false;   // the claim in flight waits parked in the store
    bool m_dispatchAgain = false; // asked for while a claim was in flight
    QFutureWatcher<storage::DbResult<Claim>> *m_claimWatcher = nullptr; // in flight
    int m_lastClaimSize = 0;
};

} // namespace dc::tasks
