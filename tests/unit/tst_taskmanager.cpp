// SPDX-License-Identifier: GPL-3.0-or-later
// The task manager on SQLite and PostgreSQL: exactly one execution per task with 4 workers,
// priorities, idempotency, cancellation, retries and backoff on an injectable clock, dead
// tasks and manual retry, per-kind limits, timeouts, recovery of a task whose process was
// killed, and two processes sharing one queue.
#include "core/blockinghttp.h"
#include "events/eventbus.h"
#include "http.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"
#include "tasks/taskrows.h"
#include "testdb.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace dc;
using namespace dc::tasks;
using namespace dc::storage;

namespace {

struct Fixture
{
    dc::test::ScratchDatabase sdb;
    security::FieldCipher cipher = security::FieldCipher::generate();
    std::unique_ptr<Store> store;
    std::unique_ptr<events::EventBus> bus;
    std::unique_ptr<TaskManager> tasks;
    QString error;
    Fixture()
    {
        if (!sdb.isValid()) {
            error = sdb.error();
            return;
        }
        auto s = Store::open(sdb.url());
        if (!s) {
            error = s.error();
            return;
        }
        store = std::move(*s);
        bus = std::make_unique<events::EventBus>(*store, cipher, QStringLiteral("test"));
        bus->start();
        tasks = std::make_unique<TaskManager>(*store, *bus, QStringLiteral("test"));
        tasks->setLeaseMs(600);
    }
    ~Fixture()
    {
        if (tasks)
            tasks->stop();
        if (bus)
            bus->stop();
    }
    qint64 enqueue(const QString &kind, int priority = 0, const QJsonObject &input = {},
                   qint64 delayMs = 0)
    {
        EnqueueRequest r;
        r.kind = kind;
        r.priority = priority;
        r.input = input;
        r.delayMs = delayMs;
        auto e = tasks->enqueue(r);
        return e ? e->id : -1;
    }
    Task get(qint64 id) { return tasks->task(store->reader(), id).value().value(); }
    TaskState state(qint64 id) { return get(id).state; }
    qint64 count(const QString &state)
    {
        auto q = exec(store->reader(), QStringLiteral("SELECT COUNT(*) FROM tasks WHERE state = ?"),
                      {state});
        return q && q->next() ? q->value(0).toLongLong() : -1;
    }
};
#define FIXTURE(f)                                                                                 \
    Fixture f;                                                                                     \
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error))

// Child process: works on the queue and writes "pid task attempt" per execution to a file.
int childMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    auto url = DatabaseUrl::parse(qEnvironmentVariable("DROPCREW_CHILD_DB"));
    if (!url)
        return 3;
    auto store = Store::open(*url);
    if (!store)
        return 4;
    security::FieldCipher cipher = security::FieldCipher::generate();
    const QString me = QStringLiteral("child-%1").arg(QCoreApplication::applicationPid());
    events::EventBus bus(**store, cipher, me);
    bus.start();
    TaskManager tasks(**store, bus, me);
    const QString mode = qEnvironmentVariable("DROPCREW_CHILD_MODE");
    // A process that will be killed holds a short lease (the kill test waits for it to lapse);
    // a working one a long lease, so a slow heartbeat (sanitizers, two processes contending for
    // SQLite's write lock on two cores: 2 s once proved too short) never lets the other process
    // take a task that is still running.
    tasks.setLeaseMs(mode == QLatin1String("hang") ? 2000 : 15000);
    tasks.setConcurrency(4);
    const QString marker = qEnvironmentVariable("DROPCREW_CHILD_MARKER");
    tasks.registerKind(QStringLiteral("test.child"), [mode, marker](TaskContext &ctx) {
        QFile f(marker);
        if (f.open(QIODevice::Append)) {
            f.write(QStringLiteral("%1 %2 %3\n")
                        .arg(QCoreApplication::applicationPid())
                        .arg(ctx.id)
                        .arg(ctx.attempt)
                        .toUtf8());
            f.flush();
            ::fsync(f.handle());
        }
        while (mode == QLatin1String("hang")) // claimed and started, never finished: killed here
            QThread::msleep(50);
        QThread::msleep(5); // long enough that both processes overlap
        return TaskOutcome::success({{QStringLiteral("by"), QCoreApplication::applicationPid()}});
    });
    // A start barrier: with DROPCREW_CHILD_BARRIER=N, wait (bounded) until N children are up,
    // so that "two processes share one queue" never depends on how fast each one starts.
    const int barrier = qEnvironmentVariableIntValue("DROPCREW_CHILD_BARRIER");
    if (barrier > 1) {
        QFile ready(marker + QStringLiteral(".ready.%1").arg(QCoreApplication::applicationPid()));
        ready.open(QIODevice::WriteOnly);
        ready.close();
        const QFileInfo info(marker);
        QElapsedTimer waited;
        waited.start();
        while (QDir(info.absolutePath())
                       .entryList({info.fileName() + QStringLiteral(".ready.*")}, QDir::Files)
                       .size() < barrier &&
               waited.elapsed() < 20000)
            QThread::msleep(10);
    }
    tasks.start();
    const qint64 expected = qEnvironmentVariable("DROPCREW_CHILD_EXPECT").toLongLong();
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        auto q = exec((*store)->reader(),
                      QStringLiteral("SELECT COUNT(*) FROM tasks WHERE state='succeeded'"));
        if (q && q->next() && q->value(0).toLongLong() >= expected)
            app.quit();
    });
    poll.start(20);
    app.exec();
    tasks.stop();
    bus.stop();
    (*store)->close();
    return 0;
}

QList<QStringList> markerLines(const QString &path)
{
    QFile f(path);
    QList<QStringList> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &l : f.readAll().split('\n'))
        if (!l.isEmpty())
            out << QString::fromUtf8(l).split(QLatin1Char(' '));
    return out;
}

bool startChild(QProcess &p, const QString &mode, const QString &db, const QString &marker,
                qint64 expect, int barrier = 0)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DROPCREW_CHILD_BARRIER"), QString::number(barrier));
    env.insert(QStringLiteral("DROPCREW_CHILD_MODE"), mode);
    env.insert(QStringLiteral("DROPCREW_CHILD_DB"), db);
    env.insert(QStringLiteral("DROPCREW_CHILD_MARKER"), marker);
    env.insert(QStringLiteral("DROPCREW_CHILD_EXPECT"), QString::number(expect));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QCoreApplication::applicationFilePath(), {});
    return p.waitForStarted();
}

} // namespace

class TestTaskManager : public QObject
{
    Q_OBJECT
private slots:
    void exactlyOneExecutionPerTaskWithFourWorkers();
    void highestPriorityFirstThenOldest();
    void runsUnderWayGoBeforeNewerWork();
    void idempotencyKeyGivesOneTask();
    void cancellationOfQueuedAndRunningTasks();
    void shortTasksAreClaimedAheadOfTheirWorkers();
    void waitingTasksGoBackBehindALongHandler();
    void retriesFollowBackoffOnAnInjectableClock();
    void nonRetryableErrorsGoStraightToDead();
    void manualRetryOfADeadTask();
    void priorityOfAWaitingTaskCanChange();
    void perKindConcurrencyLimit();
    void aSlotFreedDuringAClaimIsTakenAtOnce();
    void timeoutStopsARunAndCountsAsFailure();
    void progressIsRecordedAndPublished();
    void ownTaskWhoseLeaseLapsedIsNotRunTwice();
    void aHandlersLastWriteCommitsWithItsSuccess();
    void aLastWriteIsDroppedWithALostLease();
    void anOutsideCallStopsWithItsTask();
    void taskKilledWithItsProcessIsRecoveredByAnother();
    void twoProcessesShareOneQueue();
    void invalidRequestsAreRefused();
    void statsCountEveryStateByKind();
};

void TestTaskManager::exactlyOneExecutionPerTaskWithFourWorkers()
{
    FIXTURE(f);
    std::mutex m;
    QHash<qint64, int> runs;
    std::atomic<int> current{0}, peak{0};
    f.tasks->setConcurrency(4);
    f.tasks->registerKind(QStringLiteral("test.work"), [&](TaskContext &ctx) {
        const int now = ++current;
        int p = peak.load();
        while (now > p && !peak.compare_exchange_weak(p, now)) {
        }
        QThread::msleep(1);
        {
            std::lock_guard lock(m);
            runs[ctx.id] += 1;
        }
        --current;
        return TaskOutcome::success({{QStringLiteral("n"), ctx.input.value(QStringLiteral("n"))}});
    });
    QList<qint64> ids;
    for (int i = 0; i < 200; ++i)
        ids << f.enqueue(QStringLiteral("test.work"), 0, {{QStringLiteral("n"), i}});
    f.tasks->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.count(QStringLiteral("succeeded")), 200, 30000);
    std::lock_guard lock(m);
    QCOMPARE(runs.size(), 200);
    for (qint64 id : ids)
        QCOMPARE(runs.value(id), 1);
    QVERIFY(peak.load() <= 4);
    QVERIFY(peak.load() > 1);
    const Task t = f.get(ids[7]);
    QCOMPARE(t.result->value(QStringLiteral("n")).toInt(), 7);
    QCOMPARE(t.attempts, 1);
    QCOMPARE(t.progress, 100);
    QVERIFY(t.finishedAt.isValid());
    // The task.* events went through the bus in the same transactions.
    events::EventQuery q;
    q.topics = *events::TopicPatternSet::parse(QStringLiteral("task.succeeded"));
    q.limit = 1000;
    QTRY_COMPARE(f.bus->history(f.store->reader(), q)->size(), 200);
    auto stats = f.tasks->stats(f.store->reader());
    QVERIFY(stats);
    QCOMPARE(stats->byState.value(QStringLiteral("succeeded")), 200);
    QCOMPARE(stats->successRate, 1.0);
}

namespace {

// One worker running "test.order" tasks, recording the "tag" of each in the order they start.
class StartOrder
{
public:
    explicit StartOrder(Fixture &f)
    {
        f.tasks->setConcurrency(1);
        f.tasks->registerKind(QStringLiteral("test.order"), [this](TaskContext &ctx) {
            std::lock_guard lock(m_mutex);
            m_tags << ctx.input.value(QStringLiteral("tag")).toInt();
            return TaskOutcome::success();
        });
    }
    QList<int> tags()
    {
        std::lock_guard lock(m_mutex);
        return m_tags;
    }

private:
    std::mutex m_mutex;
    QList<int> m_tags;
};

} // namespace

void TestTaskManager::highestPriorityFirstThenOldest()
{
    FIXTURE(f);
    StartOrder order(f);
    f.enqueue(QStringLiteral("test.order"), 0, {{QStringLiteral("tag"), 1}});
    f.enqueue(QStringLiteral("test.order"), 5, {{QStringLiteral("tag"), 2}});
    f.enqueue(QStringLiteral("test.order"), 1, {{QStringLiteral("tag"), 3}});
    f.enqueue(QStringLiteral("test.order"), 5, {{QStringLiteral("tag"), 4}});
    f.enqueue(QStringLiteral("test.order"), -3, {{QStringLiteral("tag"), 5}});
    f.tasks->start();
    QTRY_COMPARE(f.count(QStringLiteral("succeeded")), 5);
    QCOMPARE(order.tags(), (QList<int>{2, 4, 3, 1, 5}));
}

// A workflow step's task carries its run's start (queueAt): at equal priority it is claimed
// before tasks queued earlier for newer work, so a run under way is not stuck behind the
// first steps of every order that arrived after it.
void TestTaskManager::runsUnderWayGoBeforeNewerWork()
{
    FIXTURE(f);
    StartOrder order(f);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto enqueue = [&](int tag, int priority, std::optional<qint64> queueAt) {
        EnqueueRequest r;
        r.kind = QStringLiteral("test.order");
        r.priority = priority;
        r.input = {{QStringLiteral("tag"), tag}};
        r.queueAt = queueAt;
        QVERIFY(f.tasks->enqueue(r));
    };
    enqueue(1, 0, std::nullopt);  // a new order's first step, queued first
    enqueue(2, 0, std::nullopt);  // another new order's
    enqueue(3, 0, now - 60'000);  // the next step of a run started a minute ago
    enqueue(4, 0, now - 120'000); // ... and of one started two minutes ago
    enqueue(5, 1, std::nullopt);  // priority still comes first
    f.tasks->start();
    QTRY_COMPARE(f.count(QStringLiteral("succeeded")), 5);
    QCOMPARE(order.tags(), (QList<int>{5, 4, 3, 1, 2}));
}

void TestTaskManager::idempotencyKeyGivesOneTask()
{
    FIXTURE(f);
    EnqueueRequest r;
    r.kind = QStringLiteral("order_manager.submit_to_supplier");
    r.idempotencyKey = QStringLiteral("order-1001-submit");
    auto a = f.tasks->enqueue(r);
    auto b = f.tasks->enqueue(r);
    QVERIFY(a && b);
    QVERIFY(a->created);
    QVERIFY(!b->created);
    QCOMPARE(a->id, b->id);
    QCOMPARE(f.count(QStringLiteral("queued")), 1);
    r.idempotencyKey.clear();
    QVERIFY(f.tasks->enqueue(r)->id != a->id); // no key: no deduplication
}

void TestTaskManager::cancellationOfQueuedAndRunningTasks()
{
    FIXTURE(f);
    std::atomic<bool> started{false}, sawCancel{false};
    std::atomic<int> runs{0};
    f.tasks->registerKind(QStringLiteral("test.long"), [&](TaskContext &ctx) {
        ++runs;
        started = true;
        while (!ctx.cancelled())
            QThread::msleep(5);
        sawCancel = true;
        return TaskOutcome::failure(QStringLiteral("cancelled"),
                                    QStringLiteral("stopped on request"));
    });
    const qint64 later = f.enqueue(QStringLiteral("test.long"), 0, {}, 3600 * 1000);
    auto c = f.tasks->cancel(later);
    QVERIFY(c);
    QCOMPARE(c->state, TaskState::Cancelled);
    const qint64 running = f.enqueue(QStringLiteral("test.long"));
    f.tasks->start();
    QTRY_VERIFY(started.load());
    QTRY_COMPARE(f.state(running), TaskState::Running);
    QVERIFY(f.tasks->cancel(running));
    QTRY_VERIFY(sawCancel.load());
    QTRY_COMPARE(f.state(running), TaskState::Cancelled);
    QCOMPARE(runs.load(), 1); // the cancelled queued task never ran
    QCOMPARE(f.state(later), TaskState::Cancelled);
    QCOMPARE(f.tasks->cancel(running).error().kind, DbError::Kind::Conflict);
    QCOMPARE(f.tasks->cancel(987654).error().kind, DbError::Kind::NotFound);
}

namespace {

// One worker; short "test.fast" tasks (recorded when they run) and a "test.gate" task that
// holds the worker until the gate opens. Declared before the fixture, which waits for the
// handlers when it goes; openOnExit() opens the gate before that (also when a check fails).
class GatedWorker
{
public:
    auto openOnExit()
    {
        return qScopeGuard([this] { gate.release(); });
    }
    void attach(Fixture &f, qint64 leaseMs)
    {
        f.tasks->setConcurrency(1);
        f.tasks->setLeaseMs(leaseMs);
        f.tasks->registerKind(QStringLiteral("test.fast"), [this](TaskContext &ctx) {
            std::lock_guard lock(m_mutex);
            m_ran.insert(ctx.id);
            return TaskOutcome::success();
        });
        f.tasks->registerKind(QStringLiteral("test.gate"), [this](TaskContext &) {
            ++gateRuns;
            gate.acquire();
            return TaskOutcome::success();
        });
    }
    bool ran(qint64 id)
    {
        std::lock_guard lock(m_mutex);
        return m_ran.contains(id);
    }
    // Teaches the dispatcher that handlers are short (a moving average: one preempted run
    // among many does not decide it), then commits one gate and six short tasks together, so
    // that one claim can see them all. `waiting`: the short ones, once the gate holds the
    // worker (left empty when that fails).
    void holdWithSixWaiting(Fixture &f, QList<qint64> &waiting)
    {
        for (int i = 0; i < 100; ++i)
            f.enqueue(QStringLiteral("test.fast"));
        f.tasks->start();
        QTRY_COMPARE_WITH_TIMEOUT(f.count(QStringLiteral("succeeded")), 100, 30000);
        auto ids =
            f.store->writeAndWait<QList<qint64>>([&](WriteContext &ctx) -> DbResult<QList<qint64>> {
                QList<qint64> out;
                for (int i = 0; i < 7; ++i) {
                    EnqueueRequest r;
                    r.kind = i == 0 ? QStringLiteral("test.gate") : QStringLiteral("test.fast");
                    auto e = f.tasks->enqueue(ctx, r);
                    if (!e)
                        return std::unexpected(e.error());
                    out << e->id;
                }
                return out;
            });
        QVERIFY(ids);
        const qint64 gateId = ids->takeFirst();
        QTRY_COMPARE_WITH_TIMEOUT(gateRuns.load(), 1, 30000);
        QCOMPARE(f.state(gateId), TaskState::Running);
        waiting = *ids;
    }
    QSemaphore gate;
    std::atomic<int> gateRuns{0};

private:
    std::mutex m_mutex;
    QSet<qint64> m_ran;
};

} // namespace

// Short handlers: the dispatcher claims tasks beyond its free workers, so that a commit is not
// needed per task. Those tasks wait, leased; a cancel or a stop reaches them before they start.
void TestTaskManager::shortTasksAreClaimedAheadOfTheirWorkers()
{
    GatedWorker w;
    FIXTURE(f);
    const auto openGate = w.openOnExit();
    w.attach(f, 60000); // held by the gate: no lease may lapse, no give-back, meanwhile
    QList<qint64> waiting;
    w.holdWithSixWaiting(f, waiting);
    QCOMPARE(waiting.size(), 6);
    // The claim that started the gate also took short tasks; they wait for the one worker.
    // (Claimed: started_at is set. Their state may already be queued again, given back after
    // a second on a slow machine; the checks below hold either way.)
    QList<qint64> ahead;
    for (qint64 id : waiting)
        if (f.get(id).startedAt.isValid())
            ahead << id;
    QVERIFY2(ahead.size() >= 2, "fewer than two tasks were claimed ahead of the worker");
    for (qint64 id : waiting)
        QVERIFY(!w.ran(id));
    // Cancelled while it waits: it never starts.
    const qint64 cancelled = ahead.takeFirst();
    QVERIFY(f.tasks->cancel(cancelled));
    QTRY_COMPARE(f.state(cancelled), TaskState::Cancelled);
    // Stopping gives the others back to the queue at once, their attempt not counted, while
    // the gate still runs.
    std::thread stopper([&] { f.tasks->stop(); });
    const auto joinStopper = qScopeGuard([&] {
        w.gate.release();
        stopper.join();
    });
    for (qint64 id : std::as_const(ahead)) {
        QTRY_COMPARE(f.state(id), TaskState::Queued);
        QCOMPARE(f.get(id).attempts, 0);
    }
    QVERIFY(!w.ran(cancelled));
    for (qint64 id : std::as_const(ahead))
        QVERIFY(!w.ran(id));
}

// Tasks claimed ahead do not wait for ever behind a long handler: after a second they go back
// to the queue (where another instance could take them), and they run when a worker frees.
// One was asked to stop while it was given back (a cancel racing the give-back leaves it
// queued with cancel_requested set): claimed again, it is cancelled, never started.
void TestTaskManager::waitingTasksGoBackBehindALongHandler()
{
    GatedWorker w;
    FIXTURE(f);
    const auto openGate = w.openOnExit();
    w.attach(f, 60000); // heartbeats 10 s apart: the give-back does not wait for one
    QList<qint64> waiting;
    w.holdWithSixWaiting(f, waiting);
    QCOMPARE(waiting.size(), 6);
    qsizetype ahead = 0; // claimed: started_at is set (it stays when a task is given back)
    for (qint64 id : waiting)
        ahead += f.get(id).startedAt.isValid() ? 1 : 0;
    QVERIFY2(ahead >= 2, "fewer than two tasks were claimed ahead of the worker");
    // Given back while the gate still holds the only worker; none is claimed again, since no
    // task may wait beside a handler that has run that long.
    for (qint64 id : waiting) {
        QTRY_COMPARE_WITH_TIMEOUT(f.state(id), TaskState::Queued, 20000);
        QCOMPARE(f.get(id).attempts, 0);
        QVERIFY(!w.ran(id));
    }
    const qint64 cancelled = waiting.takeLast();
    QVERIFY(f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        auto u = exec(ctx.db(), QStringLiteral("UPDATE tasks SET cancel_requested=1 WHERE id=?"),
                      {cancelled});
        if (!u)
            return std::unexpected(u.error());
        return u->numRowsAffected();
    }));
    w.gate.release();
    for (qint64 id : std::as_const(waiting))
        QTRY_COMPARE_WITH_TIMEOUT(f.state(id), TaskState::Succeeded, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(f.state(cancelled), TaskState::Cancelled, 20000);
    for (qint64 id : std::as_const(waiting))
        QVERIFY(w.ran(id));
    QVERIFY(!w.ran(cancelled));
}

void TestTaskManager::retriesFollowBackoffOnAnInjectableClock()
{
    FIXTURE(f);
    std::atomic<qint64> clock{1'800'000'000'000};
    f.tasks->setClock([&] { return clock.load(); });
    std::atomic<int> runs{0};
    KindOptions o;
    o.retry = RetryPolicy{3, 1000, 10000, {}};
    f.tasks->registerKind(
        QStringLiteral("test.flaky"),
        [&](TaskContext &) {
            ++runs;
            return TaskOutcome::failure(QStringLiteral("UPSTREAM_DOWN"), QStringLiteral("boom"));
        },
        o);
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.flaky"));
    QTRY_COMPARE(f.state(id), TaskState::Failed);
    Task t = f.get(id);
    QCOMPARE(t.attempts, 1);
    qint64 delay = t.nextRunAt.toMSecsSinceEpoch() - clock.load();
    QVERIFY2(delay >= 800 && delay <= 1200, qPrintable(QString::number(delay)));

    clock += delay - 1; // just before: nothing runs
    QCOMPARE(f.tasks->dispatchOnce(), 0);
    QCOMPARE(f.state(id), TaskState::Failed);
    clock += 1;
    f.tasks->dispatchOnce(); // due now (the dispatcher's own timer may claim it first)
    QTRY_COMPARE(f.get(id).attempts, 2);
    QTRY_COMPARE(f.state(id), TaskState::Failed);
    t = f.get(id);
    delay = t.nextRunAt.toMSecsSinceEpoch() - clock.load();
    QVERIFY2(delay >= 1600 && delay <= 2400, qPrintable(QString::number(delay))); // doubled

    clock += delay;
    f.tasks->dispatchOnce();
    QTRY_COMPARE(f.state(id), TaskState::Dead);
    t = f.get(id);
    QCOMPARE(t.attempts, 3);
    QCOMPARE(t.error, QStringLiteral("boom"));
    QCOMPARE(t.errorCode, QStringLiteral("UPSTREAM_DOWN"));
    QCOMPARE(runs.load(), 3);
    // Exponential with a cap.
    for (int n = 1; n <= 8; ++n) {
        const qint64 b = f.tasks->backoffMs(o.retry, n);
        const double base = std::min(1000.0 * std::pow(2.0, n - 1), 10000.0);
        QVERIFY(b >= qint64(base * 0.8) && b <= qint64(base * 1.2));
    }
}

void TestTaskManager::nonRetryableErrorsGoStraightToDead()
{
    FIXTURE(f);
    KindOptions o;
    o.retry.nonRetryableCodes = {QStringLiteral("ADDRESS_INVALID")};
    f.tasks->registerKind(
        QStringLiteral("test.address"),
        [](TaskContext &ctx) {
            if (ctx.input.value(QStringLiteral("flag")).toBool())
                return TaskOutcome::failure(QStringLiteral("OTHER"), QStringLiteral("refused"),
                                            false);
            return TaskOutcome::failure(QStringLiteral("ADDRESS_INVALID"),
                                        QStringLiteral("no street"));
        },
        o);
    f.tasks->start();
    const qint64 a = f.enqueue(QStringLiteral("test.address"));
    const qint64 b = f.enqueue(QStringLiteral("test.address"), 0, {{QStringLiteral("flag"), true}});
    QTRY_COMPARE(f.state(a), TaskState::Dead);
    QTRY_COMPARE(f.state(b), TaskState::Dead);
    QCOMPARE(f.get(a).attempts, 1);
    QCOMPARE(f.get(b).attempts, 1);
}

void TestTaskManager::manualRetryOfADeadTask()
{
    FIXTURE(f);
    std::atomic<bool> healthy{false};
    KindOptions o;
    o.retry.maxAttempts = 1;
    f.tasks->registerKind(
        QStringLiteral("test.heal"),
        [&](TaskContext &) {
            return healthy ? TaskOutcome::success()
                           : TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("not yet"));
        },
        o);
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.heal"));
    QTRY_COMPARE(f.state(id), TaskState::Dead);
    QCOMPARE(f.tasks->retry(f.enqueue(QStringLiteral("never.registered"))).error().kind,
             DbError::Kind::Conflict);
    healthy = true;
    auto r = f.tasks->retry(id);
    QVERIFY(r);
    QCOMPARE(r->state, TaskState::Queued);
    QTRY_COMPARE(f.state(id), TaskState::Succeeded);
    QCOMPARE(f.get(id).attempts, 1);
    QCOMPARE(f.get(id).error, QString());
}

void TestTaskManager::priorityOfAWaitingTaskCanChange()
{
    FIXTURE(f);
    const qint64 id = f.enqueue(QStringLiteral("not.running.here"));
    auto r = f.tasks->setPriority(id, 42);
    QVERIFY(r);
    QCOMPARE(r->priority, 42);
    QCOMPARE(f.tasks->setPriority(id, 5000).error().kind, DbError::Kind::Invalid);
    QVERIFY(f.tasks->cancel(id));
    QCOMPARE(f.tasks->setPriority(id, 1).error().kind, DbError::Kind::Conflict);
    QCOMPARE(f.tasks->setPriority(424242, 1).error().kind, DbError::Kind::NotFound);
}

void TestTaskManager::perKindConcurrencyLimit()
{
    FIXTURE(f);
    std::atomic<int> current{0}, peak{0};
    f.tasks->setConcurrency(4);
    KindOptions o;
    o.concurrency = 2; // e.g. at most 2 AliExpress submissions at once
    f.tasks->registerKind(
        QStringLiteral("aliexpress.submit"),
        [&](TaskContext &) {
            const int now = ++current;
            int p = peak.load();
            while (now > p && !peak.compare_exchange_weak(p, now)) {
            }
            // Hold until a second one runs (bounded), so reaching the peak does not depend on
            // timing; the limit must still keep it at two.
            QElapsedTimer waited;
            waited.start();
            while (current.load() < 2 && waited.elapsed() < 3000)
                QThread::msleep(2);
            QThread::msleep(10);
            --current;
            return TaskOutcome::success();
        },
        o);
    for (int i = 0; i < 8; ++i)
        f.enqueue(QStringLiteral("aliexpress.submit"));
    f.tasks->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.count(QStringLiteral("succeeded")), 8, 20000);
    QCOMPARE(peak.load(), 2);
}

void TestTaskManager::aSlotFreedDuringAClaimIsTakenAtOnce()
{
    // A kind limited to one at a time has a second task due while the first runs. The first
    // ends while a claim that left the kind out waits in the writer: the dispatcher claims
    // again once that claim is back, rather than on its idle timer (5 s with this lease).
    FIXTURE(f);
    f.tasks->setConcurrency(2);
    f.tasks->setLeaseMs(60000);
    QSemaphore gate, writer;
    std::atomic<int> returned{0};
    auto open = qScopeGuard([&] {
        gate.release(2);
        writer.release();
    });
    KindOptions one;
    one.concurrency = 1;
    f.tasks->registerKind(
        QStringLiteral("test.one"),
        [&](TaskContext &) {
            gate.acquire();
            ++returned;
            return TaskOutcome::success();
        },
        one);
    // Another kind, so that the claim has something to look for while test.one is at its limit.
    f.tasks->registerKind(QStringLiteral("test.other"),
                          [](TaskContext &) { return TaskOutcome::success(); });
    const qint64 first = f.enqueue(QStringLiteral("test.one"));
    const qint64 second = f.enqueue(QStringLiteral("test.one"));
    f.tasks->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.state(first), TaskState::Running, 10000);
    QCOMPARE(f.state(second), TaskState::Queued);
    // The writer held: the claim this wake asks for (or one already asked for) waits behind it,
    // and the first task ends while it does.
    auto held = f.store->write<int>([&](WriteContext &) -> DbResult<int> {
        writer.acquire();
        return 0;
    });
    f.tasks->wake();
    gate.release();
    QTRY_COMPARE_WITH_TIMEOUT(returned.load(), 1, 10000);
    writer.release();
    QTRY_VERIFY_WITH_TIMEOUT(f.state(second) != TaskState::Queued, 4000);
    gate.release();
    QTRY_COMPARE_WITH_TIMEOUT(f.count(QStringLiteral("succeeded")), 2, 10000);
    held.waitForFinished();
}

void TestTaskManager::timeoutStopsARunAndCountsAsFailure()
{
    FIXTURE(f);
    KindOptions o;
    o.timeoutMs = 100;
    o.retry.maxAttempts = 1;
    f.tasks->registerKind(
        QStringLiteral("test.slow"),
        [](TaskContext &ctx) {
            while (!ctx.cancelled())
                QThread::msleep(5);
            return TaskOutcome::failure(QStringLiteral("stopped"), QStringLiteral("stopped"));
        },
        o);
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.slow"));
    QTRY_COMPARE_WITH_TIMEOUT(f.state(id), TaskState::Dead, 10000);
    QCOMPARE(f.get(id).errorCode, QStringLiteral("timeout"));
}

void TestTaskManager::progressIsRecordedAndPublished()
{
    FIXTURE(f);
    std::atomic<bool> release{false};
    f.tasks->registerKind(QStringLiteral("test.progress"), [&](TaskContext &ctx) {
        ctx.progress(40, QStringLiteral("halfway there"));
        while (!release)
            QThread::msleep(5);
        return TaskOutcome::success();
    });
    auto live = f.bus->subscribe(*events::TopicPatternSet::parse(QStringLiteral("task.progress")));
    QSignalSpy spy(live.get(), &events::LocalSubscription::received);
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.progress"));
    QTRY_COMPARE(f.get(id).progress, 40);
    QCOMPARE(f.get(id).progressMessage, QStringLiteral("halfway there"));
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<events::Event>().data.value(QStringLiteral("progress")).toInt(),
             40);
    release = true;
    QTRY_COMPARE(f.state(id), TaskState::Succeeded);
}

void TestTaskManager::ownTaskWhoseLeaseLapsedIsNotRunTwice()
{
    // A loaded machine can stall the heartbeat past the lease. The task is still running in
    // this process: the claim must not start a second copy of it beside the first.
    FIXTURE(f);
    std::atomic<int> starts{0};
    std::atomic<bool> release{false};
    f.tasks->setConcurrency(4);
    f.tasks->registerKind(QStringLiteral("test.long"), [&](TaskContext &) {
        ++starts;
        while (!release)
            QThread::msleep(5);
        return TaskOutcome::success();
    });
    f.tasks->registerKind(QStringLiteral("test.quick"),
                          [](TaskContext &) { return TaskOutcome::success(); });
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.long"));
    QTRY_COMPARE(starts.load(), 1);
    // The lease lapses as if the heartbeat had stalled...
    auto lapsed = f.store->writeAndWait<qint64>([id](WriteContext &ctx) -> DbResult<qint64> {
        auto q =
            exec(ctx.db(), QStringLiteral("UPDATE tasks SET lease_until = 1 WHERE id = ?"), {id});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected();
    });
    QVERIFY(lapsed && *lapsed == 1);
    // ...and a claim runs after it (the quick task's): the long one is not taken back.
    const qint64 quick = f.enqueue(QStringLiteral("test.quick"));
    QTRY_COMPARE(f.state(quick), TaskState::Succeeded);
    QCOMPARE(starts.load(), 1);
    QCOMPARE(f.get(id).attempts, 1);
    release = true;
    QTRY_COMPARE(f.state(id), TaskState::Succeeded);
    QCOMPARE(starts.load(), 1);
}

namespace {
// A table for the handlers' last writes (TaskContext::writeOnSuccess) to write to.
bool makeWritesTable(Store &store)
{
    return store
        .writeAndWait<int>([](WriteContext &ctx) -> DbResult<int> {
            auto q = exec(ctx.db(), QStringLiteral("CREATE TABLE last_writes (task_id BIGINT "
                                                   "PRIMARY KEY, note TEXT NOT NULL)"));
            if (!q)
                return std::unexpected(q.error());
            return 0;
        })
        .has_value();
}
qint64 writesOf(Store &store, qint64 taskId)
{
    auto q = exec(store.reader(),
                  QStringLiteral("SELECT COUNT(*) FROM last_writes WHERE task_id = ?"), {taskId});
    return q && q->next() ? q->value(0).toLongLong() : -1;
}
// Inserts the task's row; a "fail" input inserts it twice (a constraint error after a write
// that the savepoint must undo).
OutcomeWrite lastWrite(qint64 taskId, bool fail)
{
    return [taskId, fail](WriteContext &ctx, QJsonObject result) -> DbResult<QJsonObject> {
        for (int i = 0; i < (fail ? 2 : 1); ++i) {
            auto q = exec(ctx.db(),
                          QStringLiteral("INSERT INTO last_writes (task_id, note) VALUES (?, ?)"),
                          {taskId, QStringLiteral("written")});
            if (!q)
                return std::unexpected(q.error());
        }
        result.insert(QStringLiteral("written"), true);
        return result;
    };
}
} // namespace

void TestTaskManager::aHandlersLastWriteCommitsWithItsSuccess()
{
    FIXTURE(f);
    QVERIFY(makeWritesTable(*f.store));
    KindOptions o;
    o.retry = RetryPolicy{2, 60'000, 60'000, {}}; // a failed attempt waits: its state is seen
    f.tasks->registerKind(
        QStringLiteral("test.write"),
        [](TaskContext &ctx) {
            ctx.writeOnSuccess(lastWrite(ctx.id, ctx.input.value(QStringLiteral("fail")).toBool()));
            return TaskOutcome::success({{QStringLiteral("handler"), true}});
        },
        o);
    // A failure's write is dropped with it.
    f.tasks->registerKind(QStringLiteral("test.refused"), [](TaskContext &ctx) {
        ctx.writeOnSuccess(lastWrite(ctx.id, false));
        return TaskOutcome::failure(QStringLiteral("NOPE"), QStringLiteral("refused"), false);
    });
    // A write that finds the step cannot succeed after all, and records why: the write stands
    // and the attempt fails as it says.
    f.tasks->registerKind(QStringLiteral("test.found"), [](TaskContext &ctx) {
        ctx.writeOnSuccess([inner = lastWrite(ctx.id, false)](
                               WriteContext &w, QJsonObject result) -> dc::Result<WriteOutcome> {
            if (auto r = inner(w, std::move(result)); !r)
                return r;
            return WriteOutcome::failure(QStringLiteral("CLOSED"), QStringLiteral("found closed"));
        });
        return TaskOutcome::success();
    });
    f.tasks->start();
    const qint64 ok = f.enqueue(QStringLiteral("test.write"));
    const qint64 bad = f.enqueue(QStringLiteral("test.write"), 0, {{QStringLiteral("fail"), true}});
    const qint64 refused = f.enqueue(QStringLiteral("test.refused"));
    const qint64 found = f.enqueue(QStringLiteral("test.found"));

    QTRY_COMPARE(f.state(ok), TaskState::Succeeded);
    QCOMPARE(writesOf(*f.store, ok), 1);
    // The result recorded is the one the write returned, the handler's own with it.
    const Task t = f.get(ok);
    QCOMPARE(t.result.value_or(QJsonObject()),
             (QJsonObject{{QStringLiteral("handler"), true}, {QStringLiteral("written"), true}}));

    // The write failed after inserting a row: undone, and the attempt failed as a store
    // failure, to be retried.
    QTRY_COMPARE(f.state(bad), TaskState::Failed);
    const Task b = f.get(bad);
    QCOMPARE(b.errorCode, QStringLiteral("store"));
    QCOMPARE(b.attempts, 1);
    QVERIFY(!b.result.has_value());
    QCOMPARE(writesOf(*f.store, bad), 0);

    QTRY_COMPARE(f.state(refused), TaskState::Dead);
    QCOMPARE(writesOf(*f.store, refused), 0);

    QTRY_COMPARE(f.state(found), TaskState::Dead);
    const Task d = f.get(found);
    QCOMPARE(d.errorCode, QStringLiteral("CLOSED"));
    QCOMPARE(d.error, QStringLiteral("found closed"));
    QCOMPARE(writesOf(*f.store, found), 1);
}

void TestTaskManager::aLastWriteIsDroppedWithALostLease()
{
    // The task was taken over while its handler ran (its lease lapsed, another process claimed
    // it): that process's attempt makes the write, not this one.
    // Before the fixture: a check failing early still ends the handler before the pool waits.
    std::atomic<int> starts{0};
    std::atomic<bool> release{false};
    auto released = qScopeGuard([&] { release = true; });
    FIXTURE(f);
    QVERIFY(makeWritesTable(*f.store));
    f.tasks->registerKind(QStringLiteral("test.write"), [&](TaskContext &ctx) {
        ++starts;
        while (!release)
            QThread::msleep(5);
        ctx.writeOnSuccess(lastWrite(ctx.id, false));
        return TaskOutcome::success();
    });
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.write"));
    QTRY_COMPARE(starts.load(), 1);
    auto taken = f.store->writeAndWait<qint64>([id](WriteContext &ctx) -> DbResult<qint64> {
        auto q =
            exec(ctx.db(),
                 QStringLiteral("UPDATE tasks SET lease_owner = 'elsewhere' WHERE id = ?"), {id});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected();
    });
    QVERIFY(taken && *taken == 1);
    const quint64 failedJobs = f.store->stats().failedJobs;
    release = true;
    // stop() waits for the handler and for its outcome's commit.
    f.tasks->stop();
    QCOMPARE(writesOf(*f.store, id), 0);
    // Dropped, not refused: a lost lease is no store failure.
    QCOMPARE(f.store->stats().failedJobs, failedJobs);
    const Task t = f.get(id);
    QCOMPARE(t.state, TaskState::Running);
    QCOMPARE(t.leaseOwner, QStringLiteral("elsewhere"));
}

void TestTaskManager::anOutsideCallStopsWithItsTask()
{
    // A handler waits on a service that never answers: cancelling the task ends the call at
    // once (core/blockinghttp.h), not at its timeout, and so does stopping the manager.
    dc::test::SilentServer server;
    QVERIFY(server.listening());
    const QUrl url = server.url();
    std::atomic<int> stopped{0};
    FIXTURE(f);
    f.tasks->registerKind(QStringLiteral("test.call"), [&](TaskContext &) {
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        req.setTransferTimeout(120'000);
        const BlockingReply r = blockingPost(req, QByteArray("{}"), 1024);
        if (r.stopped)
            ++stopped;
        return TaskOutcome::failure(QStringLiteral("UNAVAILABLE"), r.errorString);
    });
    f.tasks->start();
    const qint64 id = f.enqueue(QStringLiteral("test.call"));
    QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 1, 30'000);
    QVERIFY(f.tasks->cancel(id));
    QTRY_COMPARE_WITH_TIMEOUT(f.state(id), TaskState::Cancelled, 30'000);
    QCOMPARE(stopped.load(), 1);

    // The process stopping: the call ends, and the task goes back to the queue unspent.
    const qint64 again = f.enqueue(QStringLiteral("test.call"));
    QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 2, 30'000);
    std::atomic<bool> down{false};
    std::thread stopper([&] {
        f.tasks->stop();
        down = true;
    });
    auto joined = qScopeGuard([&] { stopper.join(); }); // stop() ends: the handler is stopped
    QTRY_VERIFY_WITH_TIMEOUT(down.load(), 30'000);
    QCOMPARE(stopped.load(), 2);
    const Task t = f.get(again);
    QCOMPARE(t.state, TaskState::Queued);
    QCOMPARE(t.attempts, 0);
}

void TestTaskManager::taskKilledWithItsProcessIsRecoveredByAnother()
{
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    qint64 id = 0;
    {
        auto store = Store::open(sdb.url());
        QVERIFY(store);
        security::FieldCipher cipher = security::FieldCipher::generate();
        events::EventBus bus(**store, cipher, QStringLiteral("parent"));
        TaskManager tasks(**store, bus, QStringLiteral("parent")); // not started: runs nothing
        auto e = tasks.enqueue(
            EnqueueRequest{QStringLiteral("test.child"), {}, 0, {}, {}, {}, {}, 0, {}, {}});
        QVERIFY(e);
        id = e->id;
    }
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("runs.txt"));
    QProcess first;
    QVERIFY(startChild(first, QStringLiteral("hang"), sdb.urlString(), marker, 1));
    QTRY_COMPARE_WITH_TIMEOUT(markerLines(marker).size(), 1, 20000); // started mid-task...
    first.kill();                                                    // ...and its process dies
    QVERIFY(first.waitForFinished(10000));
    QProcess second;
    QVERIFY(startChild(second, QStringLiteral("work"), sdb.urlString(), marker, 1));
    QVERIFY(second.waitForFinished(30000));
    QCOMPARE(second.exitCode(), 0);
    const auto lines = markerLines(marker);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0][0] != lines[1][0]); // two different processes
    QCOMPARE(lines[0][1].toLongLong(), id);
    QCOMPARE(lines[1][1].toLongLong(), id);
    QCOMPARE(lines[1][2], QStringLiteral("2")); // the second attempt
    auto store = Store::open(sdb.url());
    QVERIFY(store);
    auto q = exec((*store)->reader(),
                  QStringLiteral("SELECT state, attempts FROM tasks WHERE id=?"), {id});
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toString(), QStringLiteral("succeeded"));
    QCOMPARE(q->value(1).toInt(), 2);
}

void TestTaskManager::twoProcessesShareOneQueue()
{
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    constexpr int kTasks = 300;
    {
        auto store = Store::open(sdb.url());
        QVERIFY(store);
        security::FieldCipher cipher = security::FieldCipher::generate();
        events::EventBus bus(**store, cipher, QStringLiteral("parent"));
        TaskManager tasks(**store, bus, QStringLiteral("parent"));
        for (int i = 0; i < kTasks; ++i)
            QVERIFY(tasks.enqueue(EnqueueRequest{QStringLiteral("test.child"),
                                                 {{QStringLiteral("i"), i}},
                                                 0,
                                                 {},
                                                 {},
                                                 {},
                                                 {},
                                                 0,
                                                 {},
                                                 {}}));
    }
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("runs.txt"));
    QProcess a, b;
    QVERIFY(startChild(a, QStringLiteral("work"), sdb.urlString(), marker, kTasks, 2));
    QVERIFY(startChild(b, QStringLiteral("work"), sdb.urlString(), marker, kTasks, 2));
    QVERIFY(a.waitForFinished(60000));
    QVERIFY(b.waitForFinished(60000));
    QCOMPARE(a.exitCode(), 0);
    QCOMPARE(b.exitCode(), 0);
    const auto lines = markerLines(marker);
    QSet<QString> ids, pids;
    for (const QStringList &l : lines) {
        ids.insert(l[1]);
        pids.insert(l[0]);
    }
    QCOMPARE(lines.size(), kTasks); // no task ran twice...
    QCOMPARE(ids.size(), kTasks);   // ...and none was missed
    QCOMPARE(pids.size(), 2);       // both processes took work
    qInfo("process %s ran %lld tasks", qPrintable(*pids.begin()),
          qint64(std::count_if(lines.begin(), lines.end(),
                               [&](const QStringList &l) { return l[0] == *pids.begin(); })));
}

void TestTaskManager::invalidRequestsAreRefused()
{
    FIXTURE(f);
    auto bad = [&](EnqueueRequest r, const QString &field) {
        auto e = f.tasks->enqueue(r);
        QVERIFY(!e);
        QCOMPARE(e.error().kind, DbError::Kind::Invalid);
        QVERIFY2(e.error().message.startsWith(field + QLatin1Char(':')),
                 qPrintable(e.error().message));
    };
    EnqueueRequest r;
    r.kind = QStringLiteral("Bad Kind");
    bad(r, QStringLiteral("kind"));
    r.kind = QStringLiteral("ok.kind");
    r.priority = 99999;
    bad(r, QStringLiteral("priority"));
    r.priority = 0;
    r.input.insert(QStringLiteral("blob"), QString(300 * 1024, QLatin1Char('x')));
    bad(r, QStringLiteral("input"));
    QCOMPARE(f.count(QStringLiteral("queued")), 0);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("DROPCREW_CHILD_MODE"))
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestTaskManager t;
    return QTest::qExec(&t, argc, argv);
}

// The statistics count each of the six states per kind, without an index on every task's
// (kind, state) (migration 0028: one for live tasks, one for finished ones). On SQLite neither
// they nor a list by kind and state read the whole table.
void TestTaskManager::statsCountEveryStateByKind()
{
    FIXTURE(f);
    // Not started: the states are set by hand, and nothing claims or finishes them.
    const QStringList states{QStringLiteral("queued"), QStringLiteral("running"),
                             QStringLiteral("failed"), QStringLiteral("succeeded"),
                             QStringLiteral("dead"),   QStringLiteral("cancelled")};
    QList<qint64> ids;
    for (const QString &kind : {QStringLiteral("test.a"), QStringLiteral("test.b")})
        for (int i = 0; i < 6 * 2; ++i)
            ids << f.enqueue(kind);
    // Two tasks in a row per state, in the list's order: test.a has 2 in each state; test.b's
    // last two stay queued instead of cancelled, so it has 4 queued and none cancelled.
    auto set = f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        for (int i = 0; i < ids.size(); ++i) {
            const bool bTail = i >= ids.size() - 2;
            const QString st = bTail ? QStringLiteral("queued") : states[(i / 2) % 6];
            auto q = exec(ctx.db(), QStringLiteral("UPDATE tasks SET state = ? WHERE id = ?"),
                          {st, ids[i]});
            if (!q)
                return std::unexpected(q.error());
        }
        return 0;
    });
    QVERIFY(set);
    auto stats = f.tasks->stats(f.store->reader());
    QVERIFY(stats);
    for (const QString &st : states) {
        QCOMPARE(stats->byKind.value(QStringLiteral("test.a")).value(st), 2);
        const qint64 b = st == QStringLiteral("queued")      ? 4
                         : st == QStringLiteral("cancelled") ? 0
                                                             : 2;
        QCOMPARE(stats->byKind.value(QStringLiteral("test.b")).value(st), b);
        QCOMPARE(stats->byState.value(st), 2 + b);
    }
    if (f.store->backend() != Backend::Sqlite)
        return;
    // The statistics, and the lists by kind and state (the catalog import's look for one
    // waiting or running), read indexes, not the whole history.
    auto plan = [&f](const QString &sql, const QVariantList &binds) {
        QStringList steps; // the steps that read the tasks table
        auto q = exec(f.store->reader(), QStringLiteral("EXPLAIN QUERY PLAN ") + sql, binds);
        while (q && q->next())
            if (const QString step = q->value(3).toString(); step.contains(u" tasks"))
                steps << step;
        return steps;
    };
    // The statistics read the two partial indexes, nothing else.
    const QStringList statsPlan = plan(taskStatsQuery(), {});
    QCOMPARE(statsPlan.size(), 2);
    QVERIFY2(statsPlan[0].contains(u"INDEX tasks_live_kind_idx"), qPrintable(statsPlan[0]));
    QVERIFY2(statsPlan[1].contains(u"INDEX tasks_done_kind_idx"), qPrintable(statsPlan[1]));
    // A list by kind and state looks its rows up (SEARCH), for every state.
    for (const QString &st : states) {
        TaskQuery byKind;
        byKind.kind = QStringLiteral("test.a");
        byKind.state = taskStateFromName(st);
        const auto [sql, binds] = listTasksStatement(byKind);
        const QStringList steps = plan(sql, binds);
        QVERIFY2(!steps.isEmpty(), qPrintable(sql));
        for (const QString &step : steps)
            QVERIFY2(step.startsWith(u"SEARCH tasks USING"), qPrintable(st + u": " + step));
    }
}

#include "tst_taskmanager.moc"
