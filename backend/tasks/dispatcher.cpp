// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/dispatcher.h"

#include "tasks/claim.h"

#include "core/blockinghttp.h"
#include "core/logging.h"
#include "events/topics.h"
#include "storage/sqlutil.h"
#include "tasks/taskrows.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QSet>
#include <QSqlDriver>
#include <QTimer>

#include <algorithm>

namespace dc::tasks {

namespace {
// Prefetch: a task claimed ahead should wait about this long for a worker, at most...
constexpr double kPrefetchWaitMs = 20;
// ...and no more than this many tasks per worker wait.
constexpr int kPrefetchPerWorker = 8;
// A claimed task still waiting after this long (every worker held by long handlers) goes back
// to the queue, where another instance may take it.
constexpr auto kGiveBackAfter = std::chrono::seconds(1);
} // namespace

using namespace dc::storage;

Dispatcher::Dispatcher(DispatcherHost &host, storage::Store &store, events::EventBus &bus,
                       QString instanceId)
    : m_host(host)
    , m_store(store)
    , m_bus(bus)
    , m_instanceId(std::move(instanceId))
{}

void Dispatcher::wake()
{
    if (m_wakePending.exchange(true))
        return;
    QMetaObject::invokeMethod(this, &Dispatcher::onWake, Qt::QueuedConnection);
}

void Dispatcher::init()
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Dispatcher::onWake);
    m_heartbeat = new QTimer(this);
    connect(m_heartbeat, &QTimer::timeout, this, &Dispatcher::heartbeat);
    m_giveBack = new QTimer(this);
    m_giveBack->setSingleShot(true);
    connect(m_giveBack, &QTimer::timeout, this, &Dispatcher::giveBackStale);
    m_heartbeat->start(int(std::clamp<qint64>(m_host.leaseMs() / 3, 20, 10000)));
    if (m_store.backend() == Backend::Postgres) {
        const QString name = m_store.url().dbName + QStringLiteral("-tasks-listen-") + m_instanceId;
        auto db = openDatabase(m_store.url(), name, false);
        if (db) {
            m_listen = *db;
            m_listen.driver()->subscribeToNotification(QStringLiteral("dropcrew_tasks"));
            connect(m_listen.driver(), &QSqlDriver::notification, this, [this] { onWake(); });
        }
    }
    onWake();
}

void Dispatcher::onWake()
{
    m_wakePending = false;
    dispatchAsync();
}

int Dispatcher::dispatch()
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
    scheduleNext(0);
    refreshParked(); // its room is smaller now
    return claimed;
}

// The normal path: one claim in flight at a time, never blocking this thread on a commit,
// so finished tasks are recorded and new ones claimed in the same group commits.
void Dispatcher::dispatchAsync()
{
    if (m_stopping)
        return;
    if (m_claimInFlight) {
        // A parked claim runs now, after what this call is for. One already running may have
        // read the queue before that (a task enqueued, a worker freed) committed: another
        // follows it.
        if (m_claimParked) {
            refreshParked(); // the kinds' circuits and limits may have changed since
            m_claimParked = false;
            if (m_store.releaseParked(parkedClaimName(m_instanceId)))
                return;
            // Already woken by a transaction: it runs, and may have read the queue before.
        }
        m_dispatchAgain = true;
        return;
    }
    m_dispatchAgain = false;
    auto job = claimJob();
    if (!job) {
        scheduleNext(m_host.now());
        return;
    }
    awaitClaim(m_store.write<Claim>(std::move(job)));
}

void Dispatcher::awaitClaim(QFuture<DbResult<Claim>> claim)
{
    m_claimInFlight = true;
    auto *watcher = new QFutureWatcher<DbResult<Claim>>(this);
    m_claimWatcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, want = m_lastClaimSize] {
        watcher->deleteLater();
        m_claimInFlight = false;
        m_claimParked = false;
        // A parked claim that had read its request before a refresh (a worker freed, a
        // circuit changed) did not take what the refresh allows: another claim follows.
        bool refreshedSince = false;
        if (const auto box = std::exchange(m_parkedRequest, nullptr)) {
            QMutexLocker lock(&box->lock);
            refreshedSince = box->generation != box->read;
        }
        m_claimWatcher = nullptr;
        const DbResult<Claim> claimed = watcher->result();
        if (!claimed) {
            qCWarning(lcTasks) << "claim failed:" << claimed.error().message;
            scheduleNext(0);
            return;
        }
        run(claimed->tasks);
        if (claimed->tasks.size() == want || claimed->more || m_dispatchAgain || refreshedSince)
            dispatchAsync(); // there may be more
        else
            parkClaim(claimed->at);
    });
    watcher->setFuture(std::move(claim));
}

void Dispatcher::parkClaim(qint64 after)
{
    scheduleNext(after);
    // Not on PostgreSQL: the NOTIFY of this instance's own enqueue wakes it and releases the
    // claim before that enqueue's transaction could take it along.
    if (m_stopping || m_claimInFlight || m_store.backend() == storage::Backend::Postgres)
        return;
    auto req = claimRequest();
    if (!req)
        return;
    // What it may take is read when it runs: kept current here (refreshParked) until then.
    auto box = std::make_shared<ParkedRequest>();
    box->req = std::move(req);
    m_parkedRequest = box;
    m_claimParked = true;
    awaitClaim(m_store.park<Claim>(
        parkedClaimName(m_instanceId),
        [box, host = &m_host, bus = &m_bus](WriteContext &ctx) -> DbResult<Claim> {
            std::optional<ClaimRequest> req;
            {
                QMutexLocker lock(&box->lock);
                req = box->req;
                box->read = box->generation;
            }
            if (!req)
                return Claim{{}, host->now(), false};
            auto c = claimTasks(ctx, *host, *bus, *req);
            if (c && c->tasks.size() >= req->room)
                c->more = true; // every place taken: more may be due
            return c;
        }));
}

void Dispatcher::refreshParked()
{
    if (!m_claimParked || !m_parkedRequest)
        return;
    std::optional<ClaimRequest> req = claimRequest();
    QMutexLocker lock(&m_parkedRequest->lock);
    m_parkedRequest->req = std::move(req);
    ++m_parkedRequest->generation;
}

void Dispatcher::requestCancel(qint64 id)
{
    auto it = m_running.find(id);
    if (it == m_running.end())
        return;
    it->reason = StopReason::User;
    it->cancel->store(true);
    if (!it->started) { // never reached a worker: cancelled here
        const Running r = *it;
        m_running.erase(it);
        m_ready.removeOne(id);
        record(r, TaskOutcome::failure(QStringLiteral("cancelled"), QStringLiteral("cancelled")));
    }
}

void Dispatcher::beginShutdown()
{
    m_stopping = true;
    if (m_parkedRequest) { // it takes nothing now: what it took would only be given back
        QMutexLocker lock(&m_parkedRequest->lock);
        m_parkedRequest->req.reset();
    }
    if (m_claimParked) // runs now (if not already), for finishShutdown() to wait on
        m_store.releaseParked(parkedClaimName(m_instanceId));
    m_claimParked = false;
    m_timer->stop();
    m_heartbeat->stop();
    m_giveBack->stop();
    // Claimed ahead and never started: back to the queue at once, the attempt not counted.
    for (const qint64 id : QList<qint64>(m_ready))
        giveBack(id);
    for (Running &r : m_running) {
        r.reason = StopReason::Shutdown;
        r.cancel->store(true);
    }
}

void Dispatcher::finishShutdown()
{
    // A claim still in flight would leave its tasks leased here until the lease lapsed, and a
    // task that may run only once would then end dead without having run. They go back to
    // the queue now (run() while stopping), before the manager waits for the store.
    if (QFutureWatcher<DbResult<Claim>> *watcher = m_claimWatcher) {
        m_claimWatcher = nullptr;
        m_claimInFlight = false;
        watcher->disconnect(this);
        QFuture<DbResult<Claim>> claim = watcher->future();
        claim.waitForFinished();
        if (const DbResult<Claim> claimed = claim.result(); claimed)
            run(claimed->tasks);
        watcher->deleteLater();
    }
    if (m_listen.isValid()) {
        const QString name = m_listen.connectionName();
        m_listen.close();
        m_listen = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
}

void Dispatcher::onProgress(qint64 id, int percent, const QString &message)
{
    auto it = m_running.find(id);
    if (it == m_running.end())
        return;
    const qint64 now = m_host.now();
    it->task.progress = percent;
    it->task.progressMessage = message;
    if (percent < 100 && now - it->lastProgressWrite < 250)
        return; // at most four progress writes a second per task
    it->lastProgressWrite = now;
    const Task t = it->task;
    const QString me = m_instanceId;
    events::EventBus *bus = &m_bus;
    (void)m_store.write<int>([t, me, bus, now](WriteContext &ctx) -> DbResult<int> {
        auto u =
            exec(ctx.db(),
                 QStringLiteral(
                     "UPDATE tasks SET progress=?, progress_message=?, updated_at=? WHERE id=? AND "
                     "lease_owner=? AND state='running'"),
                 {t.progress, t.progressMessage.left(500), now, t.id, me});
        if (!u)
            return std::unexpected(u.error());
        if (u->numRowsAffected() == 0)
            return 0;
        if (auto e = publishTaskEvent(*bus, ctx, t, QString(events::topics::kTaskProgress)); !e)
            return std::unexpected(e.error());
        return 1;
    });
}

void Dispatcher::onHandlerDone(qint64 id, TaskOutcome outcome, double ms)
{
    auto it = m_running.find(id);
    if (it == m_running.end())
        return;
    Running r = *it;
    m_running.erase(it);
    --m_active;
    // A slow handler weighs at once (0.1 of 10 s is 1 s: 20 ms of wait fits 1 task per 50
    // workers), a fast one slowly.
    m_handlerMs = m_handlerMs < 0 ? ms : m_handlerMs * 0.9 + ms * 0.1;
    // The worker freed here claims in the outcome's own transaction: a workflow's next step,
    // enqueued there by the run's advance, is taken in the same commit (one commit a step,
    // not two, and runs under way go first, see claimTasks). The claim is the one in flight.
    // A parked claim joins instead (woken by the outcome's job).
    std::function<DbResult<Claim>(WriteContext &)> claim =
        m_stopping || m_claimInFlight ? nullptr : claimJob();
    const bool wakeParked = m_claimParked && !m_stopping;
    if (wakeParked)
        refreshParked(); // with the worker freed here
    QFuture<DbResult<Claim>> recorded = record(r, outcome, claim, wakeParked);
    if (m_stopping)
        return;
    startReady();
    if (claim) {
        m_dispatchAgain = false;
        awaitClaim(std::move(recorded));
    } else if (!wakeParked) {
        dispatchAsync();
    }
}

int Dispatcher::prefetch() const
{
    if (m_handlerMs < 0 || m_stopping)
        return 0;
    // Not beside a handler that has already run longer than a prefetched task should wait:
    // the tasks would wait for it here while another instance could run them.
    const auto now = std::chrono::steady_clock::now();
    for (const Running &r : m_running)
        if (r.started &&
            now - r.startedAt > std::chrono::duration<double, std::milli>(kPrefetchWaitMs))
            return 0;
    const int workers = m_host.workers();
    const double fits = kPrefetchWaitMs * workers / std::max(m_handlerMs, 0.001);
    return int(std::min<double>(fits, kPrefetchPerWorker * workers));
}

QStringList Dispatcher::runnableKinds(QHash<QString, int> *capacity,
                                      QHash<QString, QStringList> *probes) const
{
    const QHash<QString, int> limits = m_host.kindLimits();
    const QHash<QString, QStringList> circuitsOf = m_host.kindCircuits();
    const Circuits &circuits = m_host.circuits();
    // A circuit that is not closed lets one task through at a time (the probe): none while
    // one of its kinds runs here. Which kind probes is left to the claim (the first due task
    // of any of them): a kind with nothing due must not hold the others back.
    const QSet<QString> probing = probingCircuits(circuitsOf, false);
    QStringList kinds;
    for (auto it = limits.cbegin(); it != limits.cend(); ++it) {
        const int limit = it.value();
        int used = 0;
        for (const Running &r : m_running)
            used += r.kind == it.key() ? 1 : 0;
        if (limit > 0 && used >= limit)
            continue;
        int room = limit > 0 ? limit - used : std::numeric_limits<int>::max();
        bool blocked = false;
        QStringList halfOpen;
        for (const QString &c : circuitsOf.value(it.key())) {
            const Circuits::State s = circuits.state(c);
            if (s == Circuits::State::Open ||
                (s == Circuits::State::HalfOpen && probing.contains(c)))
                blocked = true;
            else if (s == Circuits::State::HalfOpen)
                halfOpen << c;
        }
        if (blocked)
            continue;
        if (!halfOpen.isEmpty()) {
            room = 1;
            if (probes)
                probes->insert(it.key(), halfOpen);
        }
        kinds << it.key();
        (*capacity)[it.key()] = room;
    }
    return kinds;
}

// The claim transaction for the room there is now, or nothing when there is none.
std::optional<ClaimRequest> Dispatcher::claimRequest()
{
    const int free = m_host.workers() + prefetch() - int(m_running.size());
    if (free <= 0)
        return std::nullopt;
    QHash<QString, int> capacity;
    QHash<QString, QStringList> probes;
    const QStringList kinds = runnableKinds(&capacity, &probes);
    if (kinds.isEmpty())
        return std::nullopt;
    m_lastClaimSize = free;
    // Tasks running here now. A stalled heartbeat can let their lease lapse; they must not
    // be taken back and started a second time beside the first. (This instance's other
    // expired tasks, e.g. one whose completion could not be written, are taken back.)
    QVariantList runningHere;
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
        runningHere << it.key();
    return ClaimRequest{
        free, kinds, std::move(capacity), std::move(probes), std::move(runningHere), m_instanceId};
}

std::function<DbResult<Claim>(WriteContext &)> Dispatcher::claimJob()
{
    auto req = claimRequest();
    if (!req)
        return {};
    return [req = std::move(*req), host = &m_host, bus = &m_bus](WriteContext &ctx) {
        return claimTasks(ctx, *host, *bus, req);
    };
}

int Dispatcher::claimRound()
{
    auto job = claimJob();
    if (!job)
        return 0;
    auto claimed = m_store.writeAndWait<Claim>(std::move(job));
    if (!claimed) {
        qCWarning(lcTasks) << "claim failed:" << claimed.error().message;
        return 0;
    }
    run(claimed->tasks);
    return int(claimed->tasks.size());
}

void Dispatcher::run(const QList<Task> &claimed)
{
    for (const Task &t : claimed) {
        Running r;
        r.kind = t.kind;
        r.task = t;
        if (m_stopping) {
            // A claim that committed while the manager was stopping: the pool is no longer
            // waited for, and what the handler uses is being torn down. Back to the queue, the
            // attempt not counted.
            r.startedMs = m_host.now();
            r.reason = StopReason::Shutdown;
            record(r, TaskOutcome::failure(QStringLiteral("shutdown"), QStringLiteral("stopping")));
            continue;
        }
        if (t.cancelRequested) {
            // Asked to stop while it was given back (the dispatcher had let it go): cancelled
            // now, never started.
            r.reason = StopReason::User;
            record(r,
                   TaskOutcome::failure(QStringLiteral("cancelled"), QStringLiteral("cancelled")));
            continue;
        }
        r.claimedAt = std::chrono::steady_clock::now();
        m_running.insert(t.id, r);
        m_ready << t.id;
    }
    startReady();
    if (!m_ready.isEmpty() && m_giveBack && !m_giveBack->isActive())
        m_giveBack->start(std::chrono::duration_cast<std::chrono::milliseconds>(kGiveBackAfter));
}

void Dispatcher::giveBackStale()
{
    const auto now = std::chrono::steady_clock::now();
    auto oldest = now;
    for (const qint64 id : QList<qint64>(m_ready)) {
        const auto it = m_running.constFind(id);
        if (it == m_running.cend())
            continue;
        if (it->claimedAt + kGiveBackAfter <= now)
            giveBack(id);
        else
            oldest = std::min(oldest, it->claimedAt);
    }
    if (!m_ready.isEmpty() && !m_stopping)
        m_giveBack->start(std::max(
            std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(oldest + kGiveBackAfter - now)));
}

void Dispatcher::startReady()
{
    if (m_ready.isEmpty())
        return;
    const QHash<QString, QStringList> circuitsOf = m_host.kindCircuits();
    const Circuits &circuits = m_host.circuits();
    // A circuit that opened while the task waited: the claim would not have taken it now.
    // Half-open: only one task of the circuit runs at a time (the probe).
    QSet<QString> probing = probingCircuits(circuitsOf, true);
    auto blocked = [&](const QString &kind) {
        const QStringList of = circuitsOf.value(kind);
        return std::any_of(of.cbegin(), of.cend(), [&](const QString &c) {
            const Circuits::State state = circuits.state(c);
            return state == Circuits::State::Open ||
                   (state == Circuits::State::HalfOpen && probing.contains(c));
        });
    };
    while (m_active < m_host.workers() && !m_ready.isEmpty()) {
        const qint64 id = m_ready.first();
        auto it = m_running.find(id);
        if (it == m_running.end()) {
            m_ready.removeFirst();
            continue;
        }
        if (blocked(it->kind)) {
            giveBack(id);
            continue;
        }
        m_ready.removeFirst();
        for (const QString &c : circuitsOf.value(it->kind))
            if (circuits.state(c) != Circuits::State::Closed)
                probing.insert(c); // this one probes
        start(*it);
    }
}

QSet<QString> Dispatcher::probingCircuits(const QHash<QString, QStringList> &circuitsOf,
                                          bool startedOnly) const
{
    const Circuits &circuits = m_host.circuits();
    QSet<QString> probing;
    for (const Running &r : m_running)
        if (r.started || !startedOnly)
            for (const QString &c : circuitsOf.value(r.kind))
                if (circuits.state(c) != Circuits::State::Closed)
                    probing.insert(c);
    return probing;
}

void Dispatcher::giveBack(qint64 id)
{
    m_ready.removeOne(id);
    auto it = m_running.find(id);
    if (it == m_running.end() || it->started)
        return;
    Running r = *it;
    m_running.erase(it);
    r.reason = StopReason::Shutdown; // recorded as a stop: queued again, attempt not counted
    record(r, TaskOutcome::failure(QStringLiteral("given_back"),
                                   QStringLiteral("claimed, not started")));
}

void Dispatcher::start(Running &r)
{
    const Task &t = r.task;
    [[maybe_unused]] const auto [handler, options, circuits] = m_host.registeredKind(t.kind);
    r.started = true;
    r.startedMs = m_host.now();
    r.startedAt = std::chrono::steady_clock::now();
    r.timeoutMs = t.timeoutMs > 0 ? t.timeoutMs : options.timeoutMs;
    ++m_active;

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
    m_host.startHandler([handler, ctx, self, id] {
        TaskOutcome out;
        const auto began = std::chrono::steady_clock::now();
        try {
            // Outside calls deep in the handler give up when the task is asked to stop.
            const StopScope stop(ctx->m_cancel);
            out = handler(*ctx);
            out.write = out.ok ? std::move(ctx->m_onSuccess) : OutcomeWrite();
        } catch (const std::exception &e) {
            out = TaskOutcome::failure(QStringLiteral("exception"), QString::fromUtf8(e.what()));
        } catch (...) {
            out = TaskOutcome::failure(QStringLiteral("exception"),
                                       QStringLiteral("unknown exception"));
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began)
                .count();
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, id, out, ms] {
                    if (self)
                        self->onHandlerDone(id, out, ms);
                },
                Qt::QueuedConnection);
    });
}

void Dispatcher::heartbeat()
{
    if (m_running.isEmpty() || m_stopping)
        return;
    const qint64 now = m_host.now();
    for (Running &r : m_running)
        if (r.started && r.timeoutMs > 0 && now - r.startedMs > r.timeoutMs &&
            r.reason == StopReason::None) {
            r.reason = StopReason::Timeout;
            r.cancel->store(true);
        }
    QVariantList ids;
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it)
        ids << it.key();
    const QString in = paddedBindMarks(ids);
    const QString me = m_instanceId;
    DispatcherHost *host = &m_host;
    struct Renewal
    {
        QSet<qint64> renewed, cancelled;
    };
    auto renewal = m_store.writeAndWait<Renewal>([=](WriteContext &ctx) -> DbResult<Renewal> {
        const qint64 until = host->now() + host->leaseMs();
        Renewal out;
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE tasks SET lease_until=? WHERE lease_owner=? "
                                     "AND state='running' AND id IN (") +
                          in + QStringLiteral(") RETURNING id"),
                      QVariantList{until, me} + ids);
        if (!u)
            return std::unexpected(u.error());
        while (u->next())
            out.renewed.insert(u->value(0).toLongLong());
        u->finish();
        auto c = exec(ctx.db(),
                      QStringLiteral("SELECT id FROM tasks WHERE cancel_requested=1 AND id IN (") +
                          in + QLatin1Char(')'),
                      ids);
        if (!c)
            return std::unexpected(c.error());
        while (c->next())
            out.cancelled.insert(c->value(0).toLongLong());
        return out;
    });
    if (!renewal)
        return;
    // A waiting task whose lease this instance no longer holds (it lapsed during a stall and
    // another instance took the task) must not start here too.
    for (const qint64 id : QList<qint64>(m_ready))
        if (!renewal->renewed.contains(id)) {
            m_ready.removeOne(id);
            m_running.remove(id);
        }
    for (qint64 id : std::as_const(renewal->cancelled))
        requestCancel(id);
}

void Dispatcher::scheduleNext(qint64 after)
{
    if (m_stopping)
        return;
    // Kinds at their limit or behind an open circuit are left out: their due tasks would
    // wake this loop at once, again and again, until a slot frees or the circuit half-opens
    // (both wake it).
    QHash<QString, int> capacity;
    const QStringList kinds = runnableKinds(&capacity);
    const qint64 idle = std::clamp<qint64>(m_host.leaseMs() / 3, 20, 5000);
    qint64 wait = idle;
    // A probe time already passed (half-open) needs no timer: the probe is claimed with the
    // kinds' due tasks, and its completion wakes this loop. Re-arming at 1 ms would run an
    // empty claim a thousand times a second until the service answers.
    const qint64 now = m_host.now();
    if (const qint64 probe = m_host.circuits().nextProbeAt(now); probe > 0)
        wait = std::clamp<qint64>(probe - now, 1, idle);
    if (!kinds.isEmpty()) {
        // Only tasks due later: the walk of the due-time index starts there, not at a backlog
        // of due tasks of kinds at their limit (7% of the process's CPU under a burst of
        // orders, measured, when it started at the oldest).
        QVariantList binds{after};
        for (const QString &k : kinds)
            binds << k;
        auto q = exec(m_store.reader(),
                      QStringLiteral("SELECT MIN(next_run_at) FROM tasks WHERE state IN "
                                     "('queued','failed') AND next_run_at > ? AND kind IN (") +
                          bindMarks(kinds.size()) + QLatin1Char(')'),
                      binds);
        if (q && q->next() && !q->value(0).isNull())
            wait = std::min(wait,
                            std::clamp<qint64>(q->value(0).toLongLong() - m_host.now(), 1, idle));
    }
    if (!m_timer->isActive() || m_timer->remainingTime() > wait)
        m_timer->start(int(wait));
}

} // namespace dc::tasks
