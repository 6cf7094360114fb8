// SPDX-License-Identifier: GPL-3.0-or-later
// The workflow engine against test agents, on SQLite and PostgreSQL: the seed's example end to
// end from its event, parallel steps, when, for_each, retries, timeouts, error_handling,
// duplicate triggers, cancel and retry of runs, and resume after the process is killed.
#include "events/eventbus.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"
#include "testdb.h"
#include "workflows/engine.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtConcurrent>
#include <QtTest>

#include <mutex>
#include <unistd.h>

using namespace dc;
using namespace dc::storage;
using namespace dc::tasks;
using namespace dc::workflows;

namespace {

ActionCatalog testCatalog()
{
    return [](const QString &agent, const QString &action) -> std::optional<QString> {
        static const QSet<QString> agents = {QStringLiteral("order_manager"),
                                             QStringLiteral("website_builder"),
                                             QStringLiteral("system"), QStringLiteral("test")};
        if (!agents.contains(agent))
            return QStringLiteral("unknown agent \"%1\"").arg(agent);
        Q_UNUSED(action);
        return std::nullopt;
    };
}

struct Calls
{
    std::mutex m;
    QList<std::pair<QString, QJsonObject>> list;     // kind, input
    QHash<QString, std::pair<qint64, qint64>> spans; // kind -> (start, end) in ms
    void add(const QString &kind, const QJsonObject &input)
    {
        std::lock_guard lock(m);
        list << std::pair{kind, input};
    }
    int count(const QString &kind)
    {
        std::lock_guard lock(m);
        return int(std::count_if(list.begin(), list.end(),
                                 [&](const auto &p) { return p.first == kind; }));
    }
    QJsonObject input(const QString &kind)
    {
        std::lock_guard lock(m);
        for (const auto &p : list)
            if (p.first == kind)
                return p.second;
        return {};
    }
};

struct Fixture
{
    dc::test::ScratchDatabase sdb;
    security::FieldCipher cipher = security::FieldCipher::generate();
    std::unique_ptr<Store> store;
    std::unique_ptr<events::EventBus> bus;
    std::unique_ptr<TaskManager> tasks;
    std::unique_ptr<WorkflowEngine> engine;
    Calls calls;
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
        bus->setRetryDelays(10, 50);
        tasks = std::make_unique<TaskManager>(*store, *bus, QStringLiteral("test"));
        tasks->setLeaseMs(3000);
        engine = std::make_unique<WorkflowEngine>(*store, *bus, *tasks, testCatalog());
        engine->setAutomaticSchedules(false); // tests give the time explicitly
        // The seed's agents, played by recorders.
        auto record = [this](const QString &kind,
                             std::function<TaskOutcome(TaskContext &)> body = {}) {
            tasks->registerKind(kind, [this, kind, body](TaskContext &ctx) {
                calls.add(kind, ctx.input);
                return body ? body(ctx) : TaskOutcome::success({{QStringLiteral("done"), kind}});
            });
        };
        record(QStringLiteral("order_manager.validate_order"));
        record(QStringLiteral("order_manager.check_inventory"));
        record(QStringLiteral("order_manager.prepare_supplier_order"), [](TaskContext &ctx) {
            return TaskOutcome::success(
                {{QStringLiteral("supplier_order"),
                  QStringLiteral("SO-%1").arg(ctx.input.value(QStringLiteral("order_id")).toInt())},
                 {QStringLiteral("lines"), 2}});
        });
        record(QStringLiteral("order_manager.submit_to_supplier"));
        record(QStringLiteral("website_builder.send_notification"));
        record(QStringLiteral("system.notify_admin"));
    }
    ~Fixture()
    {
        if (tasks)
            tasks->stop();
        if (bus)
            bus->stop();
    }
    void start()
    {
        bus->start();
        tasks->start();
        engine->start();
    }
    RunInfo runInfo(qint64 id) { return engine->run(store->reader(), id).value().value(); }
    QString runState(qint64 id) { return runInfo(id).state; }
    StepRun step(qint64 run, const QString &name)
    {
        for (const StepRun &s : runInfo(run).steps)
            if (s.name == name)
                return s;
        return {};
    }
    qint64 add(const QByteArray &yaml)
    {
        auto d = engine->addDefinition(yaml, QStringLiteral("test.yaml"));
        if (!d)
            qWarning().noquote() << d.error().first().toString();
        return d ? 1 : 0;
    }
};
#define FIXTURE(f)                                                                                 \
    Fixture f;                                                                                     \
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error))

QByteArray seedYaml()
{
    QFile file(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
               QStringLiteral("/workflows/order_processing.yaml"));
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

// Child process for the resume test: runs the engine with step "second" hanging (mode hang) or not.
int childMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    auto url = DatabaseUrl::parse(qEnvironmentVariable("DROPCREW_CHILD_DB"));
    auto store = Store::open(url.value());
    if (!store)
        return 4;
    security::FieldCipher cipher = security::FieldCipher::generate();
    const QString me = QStringLiteral("child-%1").arg(QCoreApplication::applicationPid());
    events::EventBus bus(**store, cipher, me);
    bus.setLeaseMs(1500);
    TaskManager tasks(**store, bus, me);
    tasks.setLeaseMs(1500);
    WorkflowEngine engine(**store, bus, tasks, testCatalog());
    const bool hang = qEnvironmentVariable("DROPCREW_CHILD_MODE") == QLatin1String("hang");
    const QString marker = qEnvironmentVariable("DROPCREW_CHILD_MARKER");
    auto mark = [marker](const QString &what) {
        QFile f(marker);
        if (f.open(QIODevice::Append)) {
            f.write(what.toUtf8() + '\n');
            f.flush();
            ::fsync(f.handle());
        }
    };
    tasks.registerKind(QStringLiteral("test.first"), [mark](TaskContext &) {
        mark(QStringLiteral("first"));
        return TaskOutcome::success({{QStringLiteral("v"), 41}});
    });
    tasks.registerKind(QStringLiteral("test.second"), [mark, hang](TaskContext &ctx) {
        mark(QStringLiteral("second %1").arg(ctx.input.value(QStringLiteral("v")).toInt()));
        while (hang)
            QThread::msleep(50);
        return TaskOutcome::success();
    });
    engine.addDefinition(
        "name: resume\nsteps:\n  - name: first\n    agent: test\n    action: first\n"
        "  - name: second\n    agent: test\n    action: second\n    input:\n      v: \"{{ "
        "first.output.v }}\"\n",
        QStringLiteral("resume.yaml"));
    bus.start();
    tasks.start();
    engine.start();
    if (qEnvironmentVariable("DROPCREW_CHILD_START") == QLatin1String("1"))
        engine.startRun(QStringLiteral("resume"), {}, QStringLiteral("only-one"));
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        auto q = exec((*store)->reader(),
                      QStringLiteral("SELECT state FROM workflow_runs WHERE workflow='resume'"));
        if (q && q->next() && q->value(0).toString() == QLatin1String("succeeded"))
            app.quit();
    });
    poll.start(20);
    app.exec();
    tasks.stop();
    bus.stop();
    return 0;
}

} // namespace

class TestWorkflowEngine : public QObject
{
    Q_OBJECT
private slots:
    void seedExampleRunsEndToEndFromItsEvent();
    void anEventTriggeredRunStartsInItsEventsCommit();
    void independentStepsOverlapInTime();
    void whenSkipsAStepAndItsDependants();
    void stepsAdvanceInTheirTasksCommit();
    void aFailedAdvanceIsRetriedFromTheEvent();
    void forEachFansOut();
    void retriesThenSucceeds();
    void timeoutFailsTheRun();
    void errorHandlingRunsAndTheRunFails();
    void onErrorContinueAndRouteToAStep();
    void duplicateTriggersStartOneRun();
    void cancelAndRetryRuns();
    void resumesAfterTheProcessIsKilled();
    void schedulesFireOnceAndCatchUpMissedRuns();
};

void TestWorkflowEngine::seedExampleRunsEndToEndFromItsEvent()
{
    FIXTURE(f);
    QVERIFY(f.engine->addDefinition(seedYaml(), QStringLiteral("order_processing.yaml")));
    f.start();
    auto pub = f.bus->publish(events::EventDraft{
        QStringLiteral("order.created"),
        QJsonObject{{QStringLiteral("order_id"), 1001},
                    {QStringLiteral("line_items"),
                     QJsonArray{QJsonObject{{QStringLiteral("product_id"), 7}},
                                QJsonObject{{QStringLiteral("product_id"), 9}}}}},
        QStringLiteral("1001"),
        QStringLiteral("shopify"),
        {},
        {}});
    pub.waitForFinished();
    QVERIFY(pub.result());
    QTRY_VERIFY_WITH_TIMEOUT(
        f.engine->runs(f.store->reader(), QStringLiteral("order_processing_workflow"), 0, 10)
                ->size() == 1,
        15000);
    const qint64 runId =
        f.engine->runs(f.store->reader(), QStringLiteral("order_processing_workflow"), 0, 10)
            ->first()
            .id;
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(runId), QStringLiteral("succeeded"), 20000);
    for (const char *k : {"order_manager.validate_order", "order_manager.check_inventory",
                          "order_manager.prepare_supplier_order",
                          "order_manager.submit_to_supplier", "website_builder.send_notification"})
        QCOMPARE(f.calls.count(QLatin1String(k)), 1);
    QCOMPARE(f.calls.input(QStringLiteral("order_manager.validate_order"))
                 .value(QStringLiteral("order_id"))
                 .toInt(),
             1001);
    QCOMPARE(f.calls.input(QStringLiteral("order_manager.check_inventory"))
                 .value(QStringLiteral("product_ids")),
             QJsonValue(QJsonArray{7, 9}));
    QCOMPARE(f.calls.input(QStringLiteral("order_manager.submit_to_supplier"))
                 .value(QStringLiteral("prepared_order"))
                 .toObject()
                 .value(QStringLiteral("supplier_order"))
                 .toString(),
             QStringLiteral("SO-1001"));
    QCOMPARE(f.calls.input(QStringLiteral("website_builder.send_notification"))
                 .value(QStringLiteral("template"))
                 .toString(),
             QStringLiteral("order_confirmed"));
    const RunInfo run = f.runInfo(runId);
    QCOMPARE(run.triggerKey, QStringLiteral("1001"));
    for (const StepRun &s : run.steps)
        QCOMPARE(s.state, QStringLiteral("succeeded"));
    // The observer events for the UI's live graph.
    events::EventQuery q;
    q.topics = *events::TopicPatternSet::parse(QStringLiteral("workflow.#"));
    q.limit = 100;
    QTRY_VERIFY(f.bus->history(f.store->reader(), q)->size() >=
                12); // run started/succeeded + 5 x step started/succeeded
}

void TestWorkflowEngine::independentStepsOverlapInTime()
{
    FIXTURE(f);
    QElapsedTimer clock;
    clock.start();
    for (const char *k : {"test.left", "test.right"})
        f.tasks->registerKind(QLatin1String(k), [&f, &clock, k](TaskContext &) {
            const qint64 start = clock.elapsed();
            QThread::msleep(200);
            std::lock_guard lock(f.calls.m);
            f.calls.spans.insert(QLatin1String(k), {start, clock.elapsed()});
            return TaskOutcome::success();
        });
    QVERIFY(f.add("name: par\nsteps:\n  - name: left\n    agent: test\n    action: left\n  - name: "
                  "right\n    agent: test\n    action: right\n"));
    f.start();
    auto r = f.engine->startRun(QStringLiteral("par"), {});
    QVERIFY(r);
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    std::lock_guard lock(f.calls.m);
    const auto l = f.calls.spans.value(QStringLiteral("test.left")),
               rr = f.calls.spans.value(QStringLiteral("test.right"));
    QVERIFY2(l.first < rr.second && rr.first < l.second,
             qPrintable(QStringLiteral("left %1-%2, right %3-%4")
                            .arg(l.first)
                            .arg(l.second)
                            .arg(rr.first)
                            .arg(rr.second)));
}

void TestWorkflowEngine::whenSkipsAStepAndItsDependants()
{
    FIXTURE(f);
    for (const char *k : {"test.a", "test.b", "test.c", "test.d"})
        f.tasks->registerKind(QLatin1String(k), [&f, k](TaskContext &ctx) {
            f.calls.add(QLatin1String(k), ctx.input);
            return TaskOutcome::success({{QStringLiteral("big"), false}});
        });
    QVERIFY(f.add("name: cond\nsteps:\n"
                  "  - name: a\n    agent: test\n    action: a\n"
                  "  - name: b\n    agent: test\n    action: b\n    when: \"{{ a.output.big and "
                  "input.vip }}\"\n"
                  "  - name: c\n    agent: test\n    action: c\n    depends_on: [b]\n"
                  "  - name: d\n    agent: test\n    action: d\n    depends_on: [a]\n"));
    f.start();
    auto r = f.engine->startRun(QStringLiteral("cond"), {{QStringLiteral("vip"), true}});
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    QCOMPARE(f.step(r->runId, QStringLiteral("b")).state, QStringLiteral("skipped"));
    QCOMPARE(f.step(r->runId, QStringLiteral("c")).state, QStringLiteral("skipped"));
    QCOMPARE(f.step(r->runId, QStringLiteral("d")).state, QStringLiteral("succeeded"));
    QCOMPARE(f.calls.count(QStringLiteral("test.b")), 0);
    QCOMPARE(f.calls.count(QStringLiteral("test.c")), 0);
}

namespace {
const QByteArray kChain = "name: chain\nsteps:\n"
                          "  - name: a\n    agent: test\n    action: a\n"
                          "  - name: b\n    agent: test\n    action: b\n    depends_on: [a]\n"
                          "  - name: c\n    agent: test\n    action: c\n    depends_on: [b]\n";

void registerChain(Fixture &f)
{
    for (const char *k : {"test.a", "test.b", "test.c"})
        f.tasks->registerKind(QLatin1String(k), [&f, k](TaskContext &ctx) {
            f.calls.add(QLatin1String(k), ctx.input);
            return TaskOutcome::success({{QStringLiteral("step"), QLatin1String(k)}});
        });
}
} // namespace

void TestWorkflowEngine::anEventTriggeredRunStartsInItsEventsCommit()
{
    // The bus is not started: no subscription delivers anything, so a run can only start in
    // the transaction that appends its trigger event (EventBus inline hooks).
    FIXTURE(f);
    QVERIFY(f.engine->addDefinition(seedYaml(), QStringLiteral("order_processing.yaml")));
    // A key template that renders empty: no run could be found by it, so the inline start
    // leaves it to the subscription (which must not start a second one).
    QVERIFY(f.add("name: keyed\ntrigger:\n  event: ext.keyed\n  key: \"{{ trigger.data.ref }}\"\n"
                  "steps:\n  - name: a\n    agent: test\n    action: a\n"));
    QVERIFY(f.add("name: edited\ntrigger:\n  event: ext.one\nsteps:\n  - name: a\n    agent: "
                  "test\n    action: a\n"));
    registerChain(f);
    f.engine->start();
    const auto publish = [&f](const QString &topic, const QJsonObject &data, const QString &key) {
        auto p = f.bus->publish(events::EventDraft{topic, data, key, {}, {}, {}});
        p.waitForFinished();
        return p.result().has_value();
    };
    const auto runsOf = [&f](const QString &workflow) {
        return f.engine->runs(f.store->reader(), workflow, 0, 10).value();
    };
    QVERIFY(
        publish(QStringLiteral("order.created"),
                {{QStringLiteral("order_id"), 4004}, {QStringLiteral("line_items"), QJsonArray()}},
                QStringLiteral("4004")));
    // Read at once, without waiting: committed with the event, its first steps queued.
    QCOMPARE(runsOf(QStringLiteral("order_processing_workflow")).size(), 1);
    QCOMPARE(runsOf(QStringLiteral("order_processing_workflow")).first().triggerKey,
             QStringLiteral("4004"));
    auto queued = exec(f.store->reader(),
                       QStringLiteral("SELECT COUNT(*) FROM tasks WHERE workflow_run_id = ?"),
                       {runsOf(QStringLiteral("order_processing_workflow")).first().id});
    QVERIFY(queued && queued->next());
    QCOMPARE(queued->value(0).toInt(), 2); // validate_order and check_inventory
    queued->finish();                      // the reader's snapshot must not stay at this read
    f.tasks->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.calls.count(QStringLiteral("order_manager.validate_order")), 1,
                              10000);

    // A trigger edited while the bus runs: its subscription follows the new topic (an event of
    // the old one starts nothing), and so does the inline start. The bus is idle first: an
    // event published while it was reading others could meet the patterns it had before.
    const auto busIdle = [&f] {
        const auto all = f.bus->subscriptionAdmin().subscriptions(f.store->reader()).value();
        for (const auto &s : all)
            if (s.lag > 0)
                return false;
        return true;
    };
    QTRY_COMPARE_WITH_TIMEOUT(
        f.runState(runsOf(QStringLiteral("order_processing_workflow")).first().id),
        QStringLiteral("succeeded"), 10000);
    f.bus->start();
    QTRY_VERIFY_WITH_TIMEOUT(busIdle(), 10000);
    QVERIFY(f.add("name: edited\ntrigger:\n  event: ext.two\nsteps:\n  - name: a\n    agent: "
                  "test\n    action: a\n"));
    QVERIFY(publish(QStringLiteral("ext.one"), {}, QStringLiteral("k1")));
    QVERIFY(publish(QStringLiteral("ext.two"), {}, QStringLiteral("k2")));
    QCOMPARE(runsOf(QStringLiteral("edited")).size(), 1);
    QCOMPARE(runsOf(QStringLiteral("edited")).first().triggerKey, QStringLiteral("k2"));
    const auto subs = f.bus->subscriptionAdmin().subscriptions(f.store->reader()).value();
    const auto edited = std::find_if(subs.begin(), subs.end(), [](const auto &s) {
        return s.name == QLatin1String("workflow.edited");
    });
    QVERIFY(edited != subs.end());
    QCOMPARE(edited->patterns, QStringList{QStringLiteral("ext.two")});

    // The empty key: nothing inline; the subscription starts one run.
    QVERIFY(publish(QStringLiteral("ext.keyed"), {{QStringLiteral("ref"), QString()}}, {}));
    QTRY_COMPARE_WITH_TIMEOUT(runsOf(QStringLiteral("keyed")).size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(busIdle(), 10000);
    QCOMPARE(runsOf(QStringLiteral("keyed")).size(), 1);
    QCOMPARE(runsOf(QStringLiteral("order_processing_workflow")).size(), 1);
    QCOMPARE(runsOf(QStringLiteral("edited")).size(), 1);
}

void TestWorkflowEngine::stepsAdvanceInTheirTasksCommit()
{
    // The bus is not started, so no subscription delivers anything: the run can only move on
    // through the task manager's hook, in the transaction that records each step's outcome.
    FIXTURE(f);
    registerChain(f);
    QVERIFY(f.add(kChain));
    f.tasks->start();
    f.engine->start();
    auto r = f.engine->startRun(QStringLiteral("chain"), {});
    QVERIFY(r);
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    for (const char *k : {"test.a", "test.b", "test.c"})
        QCOMPARE(f.calls.count(QLatin1String(k)), 1);
    QCOMPARE(f.step(r->runId, QStringLiteral("c")).output.toObject().value(QStringLiteral("step")),
             QJsonValue(QStringLiteral("test.c")));
}

void TestWorkflowEngine::aFailedAdvanceIsRetriedFromTheEvent()
{
    // The hook fails every time (after the engine set it): each outcome stays recorded (its
    // savepoint alone is rolled back, so no step runs twice) and the engine's subscription
    // advances the run from the task's event.
    FIXTURE(f);
    registerChain(f);
    QVERIFY(f.add(kChain));
    f.start();
    // The tasks whose outcome the hook refused. A set: the writer may run a batch twice (the
    // first run without savepoints, rolled back when a part fails), calling the hook twice.
    QMutex refusedLock;
    QSet<qint64> refused;
    const auto unhook = qScopeGuard([&f] { f.tasks->setStepFinishedHook({}); });
    f.tasks->setStepFinishedHook([&refused, &refusedLock](WriteContext &ctx, qint64 taskId,
                                                          qint64) -> DbResult<int> {
        // A write the rollback must undo, then the failure.
        if (auto w = exec(ctx.db(), QStringLiteral("UPDATE workflow_runs SET state='failed'")); !w)
            return std::unexpected(w.error());
        QMutexLocker lock(&refusedLock);
        refused.insert(taskId);
        return std::unexpected(DbError{DbError::Kind::Internal, QStringLiteral("injected")});
    });
    auto r = f.engine->startRun(QStringLiteral("chain"), {});
    QVERIFY(r);
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    {
        QMutexLocker lock(&refusedLock);
        QCOMPARE(refused.size(), 3);
    }
    for (const char *k : {"test.a", "test.b", "test.c"})
        QCOMPARE(f.calls.count(QLatin1String(k)), 1);
}

void TestWorkflowEngine::forEachFansOut()
{
    FIXTURE(f);
    f.tasks->registerKind(QStringLiteral("test.each"), [&f](TaskContext &ctx) {
        f.calls.add(QStringLiteral("test.each"), ctx.input);
        return TaskOutcome::success(
            {{QStringLiteral("sku"), ctx.input.value(QStringLiteral("sku"))},
             {QStringLiteral("twice"), ctx.input.value(QStringLiteral("qty")).toInt() * 2}});
    });
    f.tasks->registerKind(QStringLiteral("test.sum"), [&f](TaskContext &ctx) {
        f.calls.add(QStringLiteral("test.sum"), ctx.input);
        return TaskOutcome::success();
    });
    QVERIFY(f.add("name: fan\nsteps:\n"
                  "  - name: each\n    agent: test\n    action: each\n    for_each: input.lines\n"
                  "    input:\n      sku: \"{{ item.sku }}\"\n      qty: \"{{ item.qty }}\"\n"
                  "  - name: sum\n    agent: test\n    action: sum\n    input:\n      all: \"{{ "
                  "each.output[*].twice }}\"\n"));
    f.start();
    const QJsonArray lines{
        QJsonObject{{QStringLiteral("sku"), QStringLiteral("A")}, {QStringLiteral("qty"), 1}},
        QJsonObject{{QStringLiteral("sku"), QStringLiteral("B")}, {QStringLiteral("qty"), 2}},
        QJsonObject{{QStringLiteral("sku"), QStringLiteral("C")}, {QStringLiteral("qty"), 3}}};
    auto r = f.engine->startRun(QStringLiteral("fan"), {{QStringLiteral("lines"), lines}});
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    QCOMPARE(f.calls.count(QStringLiteral("test.each")), 3);
    QCOMPARE(f.step(r->runId, QStringLiteral("each")).items, 3);
    QCOMPARE(f.calls.input(QStringLiteral("test.sum")).value(QStringLiteral("all")),
             QJsonValue(QJsonArray{2, 4, 6}));
}

void TestWorkflowEngine::retriesThenSucceeds()
{
    FIXTURE(f);
    std::atomic<int> n{0};
    f.tasks->registerKind(QStringLiteral("test.flaky"), [&n](TaskContext &) {
        return ++n < 3 ? TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("not yet"))
                       : TaskOutcome::success();
    });
    QVERIFY(f.add("name: flaky\nsteps:\n  - name: s\n    agent: test\n    action: flaky\n    "
                  "retry:\n      max_attempts: 3\n      delay: 20ms\n"));
    f.start();
    auto r = f.engine->startRun(QStringLiteral("flaky"), {});
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    QCOMPARE(n.load(), 3);
}

void TestWorkflowEngine::timeoutFailsTheRun()
{
    FIXTURE(f);
    f.tasks->setLeaseMs(600); // heartbeat (which enforces timeouts) every 200 ms
    f.tasks->registerKind(QStringLiteral("test.slow"), [](TaskContext &ctx) {
        while (!ctx.cancelled())
            QThread::msleep(5);
        return TaskOutcome::failure(QStringLiteral("stopped"), QStringLiteral("stopped"));
    });
    // Without "retry:" a step follows its agent's retry policy; here one attempt.
    QVERIFY(f.add(
        "name: slow\nsteps:\n  - name: s\n    agent: test\n    action: slow\n    timeout: 100ms\n"
        "    retry:\n      max_attempts: 1\n"));
    f.start();
    auto r = f.engine->startRun(QStringLiteral("slow"), {});
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("failed"), 10000);
    QCOMPARE(f.runInfo(r->runId).failedStep, QStringLiteral("s"));
    QVERIFY(f.runInfo(r->runId).error.contains(QStringLiteral("timed out")));
}

void TestWorkflowEngine::errorHandlingRunsAndTheRunFails()
{
    FIXTURE(f);
    f.tasks->registerKind(QStringLiteral("order_manager.validate_order"), [&f](TaskContext &ctx) {
        f.calls.add(QStringLiteral("order_manager.validate_order"), ctx.input);
        return TaskOutcome::failure(QStringLiteral("ADDRESS_INCOMPLETE"),
                                    QStringLiteral("no postcode"), false);
    });
    QVERIFY(f.engine->addDefinition(seedYaml(), QStringLiteral("order_processing.yaml")));
    f.start();
    auto r = f.engine->startRun(
        QStringLiteral("order_processing_workflow"), {}, QStringLiteral("2002"),
        {{QStringLiteral("order_id"), 2002}, {QStringLiteral("line_items"), QJsonArray()}});
    QVERIFY(r);
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("failed"), 10000);
    const RunInfo run = f.runInfo(r->runId);
    QCOMPARE(run.failedStep, QStringLiteral("validate_order"));
    QCOMPARE(run.error, QStringLiteral("no postcode"));
    QTRY_COMPARE(f.calls.count(QStringLiteral("system.notify_admin")), 1);
    const QJsonObject admin = f.calls.input(QStringLiteral("system.notify_admin"));
    QCOMPARE(admin.value(QStringLiteral("order_id")).toInt(), 2002);
    QCOMPARE(admin.value(QStringLiteral("subject")).toString(),
             QString::fromUtf8("Validation d'ordre échouée"));
    QCOMPARE(f.calls.count(QStringLiteral("order_manager.submit_to_supplier")), 0);
    QCOMPARE(f.step(r->runId, QStringLiteral("submit_to_supplier")).state,
             QStringLiteral("cancelled"));
}

void TestWorkflowEngine::onErrorContinueAndRouteToAStep()
{
    FIXTURE(f);
    for (const char *k : {"test.bad", "test.after", "test.fallback", "test.skipped"})
        f.tasks->registerKind(QLatin1String(k), [&f, k](TaskContext &ctx) {
            f.calls.add(QLatin1String(k), ctx.input);
            return QLatin1String(k) == QLatin1String("test.bad")
                       ? TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("bad"), false)
                       : TaskOutcome::success();
        });
    QVERIFY(f.add("name: cont\nsteps:\n"
                  "  - name: bad\n    agent: test\n    action: bad\n    on_error: continue\n"
                  "  - name: after\n    agent: test\n    action: after\n    depends_on: [bad]\n"));
    QVERIFY(f.add(
        "name: route\nsteps:\n"
        "  - name: bad\n    agent: test\n    action: bad\n    on_error: fallback\n"
        "  - name: skipped\n    agent: test\n    action: skipped\n    depends_on: [bad]\n"
        "  - name: fallback\n    agent: test\n    action: fallback\n    depends_on: [skipped]\n"));
    f.start();
    auto a = f.engine->startRun(QStringLiteral("cont"), {});
    auto b = f.engine->startRun(QStringLiteral("route"), {});
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(a->runId), QStringLiteral("succeeded"), 10000);
    QCOMPARE(f.step(a->runId, QStringLiteral("bad")).state, QStringLiteral("failed"));
    QCOMPARE(f.step(a->runId, QStringLiteral("after")).state, QStringLiteral("succeeded"));
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(b->runId), QStringLiteral("succeeded"), 10000);
    QCOMPARE(f.step(b->runId, QStringLiteral("skipped")).state, QStringLiteral("skipped"));
    QCOMPARE(f.step(b->runId, QStringLiteral("fallback")).state, QStringLiteral("succeeded"));
    QCOMPARE(f.calls.count(QStringLiteral("test.skipped")), 0);
}

void TestWorkflowEngine::duplicateTriggersStartOneRun()
{
    FIXTURE(f);
    QVERIFY(f.engine->addDefinition(seedYaml(), QStringLiteral("order_processing.yaml")));
    f.start();
    const QJsonObject data{{QStringLiteral("order_id"), 3003},
                           {QStringLiteral("line_items"), QJsonArray()}};
    for (int i = 0; i < 3; ++i) {
        auto p = f.bus->publish(events::EventDraft{
            QStringLiteral("order.created"), data, QStringLiteral("3003"), {}, {}, {}});
        p.waitForFinished();
    }
    auto direct = f.engine->startRun(QStringLiteral("order_processing_workflow"), {},
                                     QStringLiteral("3003"), data);
    QVERIFY(direct);
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(direct->runId), QStringLiteral("succeeded"), 15000);
    QTRY_COMPARE(f.bus->subscriptionAdmin().subscriptions(f.store->reader())->size(), 2);
    QTRY_VERIFY([&] {
        const auto subs = f.bus->subscriptionAdmin().subscriptions(f.store->reader());
        for (const auto &s : *subs)
            if (s.lag > 0)
                return false;
        return true;
    }());
    QCOMPARE(f.engine->runs(f.store->reader(), QStringLiteral("order_processing_workflow"), 0, 10)
                 ->size(),
             1);
    QCOMPARE(f.calls.count(QStringLiteral("order_manager.validate_order")), 1);
}

void TestWorkflowEngine::cancelAndRetryRuns()
{
    FIXTURE(f);
    std::atomic<bool> healthy{false};
    f.tasks->registerKind(QStringLiteral("test.first"), [&f](TaskContext &ctx) {
        f.calls.add(QStringLiteral("test.first"), ctx.input);
        return TaskOutcome::success({{QStringLiteral("v"), 1}});
    });
    f.tasks->registerKind(QStringLiteral("test.second"), [&](TaskContext &) {
        return healthy ? TaskOutcome::success()
                       : TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("down"), false);
    });
    f.tasks->registerKind(QStringLiteral("test.wait"), [](TaskContext &ctx) {
        while (!ctx.cancelled())
            QThread::msleep(5);
        return TaskOutcome::failure(QStringLiteral("cancelled"), QStringLiteral("cancelled"));
    });
    QVERIFY(
        f.add("name: two\nsteps:\n  - name: first\n    agent: test\n    action: first\n"
              "  - name: second\n    agent: test\n    action: second\n    depends_on: [first]\n"));
    QVERIFY(f.add("name: waits\nsteps:\n  - name: w\n    agent: test\n    action: wait\n"));
    f.start();
    auto r = f.engine->startRun(QStringLiteral("two"), {});
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("failed"), 10000);
    healthy = true;
    auto retried = f.engine->retryRun(r->runId);
    QVERIFY(retried);
    QTRY_COMPARE_WITH_TIMEOUT(f.runState(r->runId), QStringLiteral("succeeded"), 10000);
    QCOMPARE(f.calls.count(QStringLiteral("test.first")),
             1); // the completed step did not run again
    QCOMPARE(f.engine->retryRun(r->runId).error().kind, DbError::Kind::Conflict);

    auto w = f.engine->startRun(QStringLiteral("waits"), {});
    QTRY_COMPARE(f.step(w->runId, QStringLiteral("w")).state, QStringLiteral("queued"));
    auto c = f.engine->cancelRun(w->runId);
    QVERIFY(c);
    QCOMPARE(c->state, QStringLiteral("cancelled"));
    QCOMPARE(f.engine->cancelRun(w->runId).error().kind, DbError::Kind::Conflict);
    QCOMPARE(f.engine->cancelRun(99999).error().kind, DbError::Kind::NotFound);
    QCOMPARE(f.engine->startRun(QStringLiteral("nope"), {}).error().kind, DbError::Kind::NotFound);
}

void TestWorkflowEngine::resumesAfterTheProcessIsKilled()
{
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("steps.txt"));
    auto lines = [&] {
        QFile f(marker);
        if (!f.open(QIODevice::ReadOnly))
            return QStringList();
        return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    };
    auto spawn = [&](QProcess &p, const QString &mode, bool startRun) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DROPCREW_CHILD_MODE"), mode);
        env.insert(QStringLiteral("DROPCREW_CHILD_DB"), sdb.urlString());
        env.insert(QStringLiteral("DROPCREW_CHILD_MARKER"), marker);
        env.insert(QStringLiteral("DROPCREW_CHILD_START"),
                   startRun ? QStringLiteral("1") : QStringLiteral("0"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QCoreApplication::applicationFilePath(), {});
        return p.waitForStarted();
    };
    QProcess first;
    QVERIFY(spawn(first, QStringLiteral("hang"), true));
    QTRY_COMPARE_WITH_TIMEOUT(lines().size(), 2, 30000); // first done, second started...
    first.kill();                                        // ...and the process dies mid-step
    QVERIFY(first.waitForFinished(10000));
    QProcess second;
    QVERIFY(spawn(second, QStringLiteral("ok"), false));
    QVERIFY(second.waitForFinished(60000));
    QCOMPARE(second.exitCode(), 0);
    QCOMPARE(lines(), (QStringList{QStringLiteral("first"), QStringLiteral("second 41"),
                                   QStringLiteral("second 41")}));
}

void TestWorkflowEngine::schedulesFireOnceAndCatchUpMissedRuns()
{
    FIXTURE(f);
    f.tasks->registerKind(QStringLiteral("test.tick"), [&f](TaskContext &ctx) {
        f.calls.add(QStringLiteral("test.tick"), ctx.input);
        return TaskOutcome::success();
    });
    QVERIFY(
        f.add("name: every5\ntrigger:\n  schedule:\n    cron: \"*/5 * * * *\"\n    timezone: "
              "Europe/Paris\n"
              "    missed: run_once\nsteps:\n  - name: tick\n    agent: test\n    action: tick\n"
              "    input:\n      at: \"{{ trigger.data.scheduled_at }}\"\n      missed: \"{{ "
              "trigger.data.missed }}\"\n"));
    QVERIFY(
        f.add("name: skipper\ntrigger:\n  schedule:\n    cron: \"0 * * * *\"\n    missed: skip\n"
              "steps:\n  - name: tick\n    agent: test\n    action: tick\n"));
    f.start();
    auto at = [](const char *iso) {
        QDateTime t = QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
        t.setTimeSpec(Qt::UTC);
        return t;
    };
    auto runs = [&](const char *wf) {
        return f.engine->runs(f.store->reader(), QLatin1String(wf), 0, 100)->size();
    };
    QCOMPARE(f.engine->fireDueSchedules(at("2026-11-23T10:02:00")), 0); // first sight: nothing owed
    QCOMPARE(f.engine->fireDueSchedules(at("2026-11-23T10:05:10")), 1); // on time
    QCOMPARE(f.engine->fireDueSchedules(at("2026-11-23T10:05:40")),
             0); // once, however often it is asked
    QCOMPARE(runs("every5"), 1);
    {
        // A second instance on the same database, with the same definitions, asked at the same
        // moment as the first: the fire time is claimed in the database, so one run in all.
        WorkflowEngine other(*f.store, *f.bus, *f.tasks, testCatalog());
        other.setAutomaticSchedules(false);
        for (const WorkflowDefinition &d : f.engine->definitions())
            QVERIFY(other.addDefinition(f.engine->source(d.name), QStringLiteral("other.yaml")));
        QCOMPARE(other.fireDueSchedules(at("2026-11-23T10:05:50")), 0);
        QFuture<int> a =
            QtConcurrent::run([&] { return other.fireDueSchedules(at("2026-11-23T10:10:01")); });
        const int b = f.engine->fireDueSchedules(at("2026-11-23T10:10:01"));
        QCOMPARE(a.result() + b, 1);
        QCOMPARE(runs("every5"), 2);
    }
    // The app was closed from 10:11 to 10:31: of the four fire times, one run (for 10:30) on start
    // and three reported as missed.
    QCOMPARE(f.engine->fireDueSchedules(at("2026-11-23T10:31:00")), 1);
    QCOMPARE(runs("every5"), 3);
    QTRY_COMPARE(f.calls.count(QStringLiteral("test.tick")), 3);
    bool sawCatchUp = false;
    {
        std::lock_guard lock(f.calls.m);
        for (const auto &c : f.calls.list)
            if (c.second.value(QStringLiteral("at")).toString() ==
                QLatin1String("2026-11-23T10:30:00Z"))
                sawCatchUp = c.second.value(QStringLiteral("missed")).toInt() == 3;
    }
    QVERIFY(sawCatchUp);
    // "skip": hours missed while closed are not run; the next on-time hour is.
    QCOMPARE(runs("skipper"), 0);
    f.engine->fireDueSchedules(at("2026-11-23T13:30:00")); // 11:00, 12:00, 13:00 missed: skipped
    QCOMPARE(runs("skipper"), 0);
    f.engine->fireDueSchedules(at("2026-11-23T14:00:20")); // on time
    QCOMPARE(runs("skipper"), 1);
    QCOMPARE(runs("every5"), 5); // 10:05, 10:10, 10:30 (catch-up), 13:30 (catch-up), 14:00
    QCOMPARE(f.engine->nextScheduleAfter(at("2026-11-23T14:01:00")), at("2026-11-23T14:05:00"));
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("DROPCREW_CHILD_MODE"))
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestWorkflowEngine t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_workflowengine.moc"
