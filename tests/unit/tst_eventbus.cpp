// SPDX-License-Identifier: GPL-3.0-or-later
// The event bus on SQLite and PostgreSQL: transactional outbox, live delivery in log order,
// per-key ordering, dead letters and manual retry, replay, retention, and at-least-once
// delivery across a real crash (a child process killed between delivery and acknowledgement).
#include "events/eventbus.h"
#include "storage/sqlutil.h"
#include "testdb.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace dc;
using namespace dc::events;
using namespace dc::storage;

namespace {
struct Fixture
{
    dc::test::ScratchDatabase sdb;
    security::FieldCipher cipher = security::FieldCipher::generate();
    std::unique_ptr<Store> store;
    std::unique_ptr<EventBus> bus;
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
        bus = std::make_unique<EventBus>(*store, cipher, QStringLiteral("test"));
        bus->start();
    }
    ~Fixture()
    {
        if (bus)
            bus->stop();
    }
    qint64 publish(const QString &topic, const QJsonObject &data = {}, const QString &key = {})
    {
        auto f = bus->publish(EventDraft{topic, data, key, QStringLiteral("test"), {}, {}});
        f.waitForFinished();
        return f.result().value_or(-1);
    }
};
#define FIXTURE(f)                                                                                 \
    Fixture f;                                                                                     \
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error))

SubscriptionSpec handlerSpec(const QString &name, QStringList patterns, int maxAttempts = 8)
{
    SubscriptionSpec s;
    s.name = name;
    s.kind = QStringLiteral("handler");
    s.patterns = patterns;
    s.maxAttempts = maxAttempts;
    s.startAfterId = 0;
    return s;
}

// Child process mode: consume the "crash" subscription, recording each delivery in a file.
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
    EventBus bus(**store, cipher,
                 QStringLiteral("child-%1").arg(QCoreApplication::applicationPid()));
    bus.setLeaseMs(600);
    const bool hang = qEnvironmentVariable("DROPCREW_CHILD_MODE") == QLatin1String("hang");
    const QString marker = qEnvironmentVariable("DROPCREW_CHILD_MARKER");
    bus.registerHandler(QStringLiteral("crash"),
                        [hang, marker](const Event &e) -> std::expected<void, QString> {
                            QFile f(marker);
                            if (!f.open(QIODevice::Append))
                                return std::unexpected(QStringLiteral("cannot write the marker"));
                            f.write(QByteArray::number(e.id) + '\n');
                            f.flush();
                            ::fsync(f.handle());
                            f.close();
                            while (hang) // delivered, never acknowledged: the parent kills us here
                                QThread::msleep(50);
                            return {};
                        });
    bus.start();
    const qint64 target = qEnvironmentVariable("DROPCREW_CHILD_TARGET").toLongLong();
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        auto subs = bus.subscriptionAdmin().subscriptions((*store)->reader());
        if (subs && !subs->isEmpty() && subs->first().cursor >= target)
            app.quit();
    });
    poll.start(20);
    app.exec();
    bus.stop();
    (*store)->close();
    return 0;
}
} // namespace

class TestEventBus : public QObject
{
    Q_OBJECT
private slots:
    void transactionalOutbox();
    void severalEventsInOneStatement();
    void deferredEventsKeepTheirOrderAndTheirJob();
    void liveDeliveryInLogOrderOnAnotherThread();
    void filtersOnPayload();
    void perKeyOrderingWithParallelKeys();
    void deadLetterAfterMaxAttemptsThenManualRetry();
    void backoffGrowsExponentiallyWithJitter();
    void replayRangeToOneSubscriber();
    void retentionKeepsWhatSubscribersNeed();
    void atLeastOnceAcrossAKill();
    void subscriptionsAreValidated();
};

void TestEventBus::transactionalOutbox()
{
    FIXTURE(f);
    auto live = f.bus->subscribe(*TopicPatternSet::parse(QStringLiteral("#")));
    QSignalSpy spy(live.get(), &LocalSubscription::received);
    auto rolledBack = f.store->writeAndWait<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        auto id =
            f.bus->append(ctx, EventDraft{QStringLiteral("order.created"), {}, {}, {}, {}, {}});
        if (!id)
            return id;
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("the state change failed")});
    });
    QVERIFY(!rolledBack);
    auto committed = f.store->writeAndWait<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        auto q = exec(ctx.db(), QStringLiteral("INSERT INTO data_entries (namespace, key, value, "
                                               "updated_at) VALUES ('n','k','1',0)"));
        if (!q)
            return std::unexpected(q.error());
        return f.bus->append(ctx, EventDraft{QStringLiteral("order.updated"),
                                             {{QStringLiteral("x"), 1}},
                                             QStringLiteral("k"),
                                             {},
                                             {},
                                             {}});
    });
    QVERIFY(committed);
    QTRY_COMPARE(spy.count(), 1);
    const Event e = spy.at(0).at(0).value<Event>();
    QCOMPARE(e.topic, QStringLiteral("order.updated"));
    QCOMPARE(e.id, *committed);
    QCOMPARE(e.createdAt.timeSpec(), Qt::UTC);
    auto all = f.bus->history(f.store->reader(), EventQuery{});
    QCOMPARE(all->size(), 1);
    QVERIFY(!f.bus->publish(EventDraft{QStringLiteral("Bad Topic"), {}, {}, {}, {}, {}}).result());
}

// appendEvents: 45 drafts go in statements of 32, 8, 4 and 1 rows; each draft gets its own id,
// in order, and a bad draft appends none of them.
void TestEventBus::severalEventsInOneStatement()
{
    FIXTURE(f);
    QList<EventDraft> drafts;
    for (int i = 0; i < 45; ++i)
        drafts << EventDraft{QStringLiteral("order.updated"),
                             {{QStringLiteral("n"), i}},
                             QStringLiteral("order-%1").arg(i % 3),
                             QStringLiteral("test"),
                             {},
                             {}};
    QList<EventDraft> bad = drafts;
    bad[40].topic = QStringLiteral("Bad Topic");
    auto refused = f.store->writeAndWait<QList<qint64>>(
        [&](WriteContext &ctx) { return f.bus->append(ctx, bad); });
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, DbError::Kind::Invalid);
    auto ids = f.store->writeAndWait<QList<qint64>>(
        [&](WriteContext &ctx) { return f.bus->append(ctx, drafts); });
    QVERIFY(ids);
    QCOMPARE(ids->size(), 45);
    EventQuery q;
    q.limit = 100;
    auto all = f.bus->history(f.store->reader(), q);
    QVERIFY(all);
    QCOMPARE(all->size(), 45); // nothing from the refused call
    QHash<qint64, int> byId;
    for (const Event &e : *all)
        byId.insert(e.id, e.data.value(QStringLiteral("n")).toInt());
    for (int i = 0; i < 45; ++i) {
        QCOMPARE(byId.value(ids->at(i), -1), i); // each id names its own draft
        if (i > 0)
            QVERIFY(ids->at(i) > ids->at(i - 1));
    }
}

// appendDeferred: events written at the job's end, or before an immediate append, keep the
// order they came in; a part undone under a savepoint drops its own, a failed job all of its
// own; a bad draft is refused at once; an event an inline hook wants runs the hook in place.
void TestEventBus::deferredEventsKeepTheirOrderAndTheirJob()
{
    FIXTURE(f);
    auto live = f.bus->subscribe(*TopicPatternSet::parse(QStringLiteral("#")));
    QSignalSpy spy(live.get(), &LocalSubscription::received);
    auto draft = [](int n, const QString &topic = QStringLiteral("order.updated")) {
        return EventDraft{topic, {{QStringLiteral("n"), n}}, QStringLiteral("k"), {}, {}, {}};
    };
    qint64 hookSaw = 0;
    bool hookRanInPlace = false;
    f.bus->setInlineHook(QStringLiteral("test.hook"),
                         *TopicPatternSet::parse(QStringLiteral("hooked.topic")), std::nullopt,
                         [&](WriteContext &, const Event &e) -> DbResult<void> {
                             hookSaw = e.id;
                             return {};
                         });
    auto ok = f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto e = f.bus->appendDeferred(ctx, draft(1)); !e)
            return std::unexpected(e.error());
        if (auto e = f.bus->append(ctx, draft(2)); !e)
            return std::unexpected(e.error());
        QList<EventDraft> many;
        for (int n = 3; n <= 42; ++n)
            many << draft(n);
        if (auto e = f.bus->appendDeferred(ctx, many); !e)
            return std::unexpected(e.error());
        // Undone: the first run of this lone job without savepoints is rolled back whole and
        // run again with them; then only the part's own event is dropped.
        auto undone = ctx.underSavepoint<void>([&]() -> DbResult<void> {
            if (auto e = f.bus->appendDeferred(ctx, draft(100)); !e)
                return e;
            return std::unexpected(DbError{DbError::Kind::Invalid, QStringLiteral("undone")});
        });
        if (!undone)
            return std::unexpected(undone.error());
        auto kept = ctx.underSavepoint<void>([&] { return f.bus->appendDeferred(ctx, draft(43)); });
        if (!kept || !*kept)
            return std::unexpected(DbError{DbError::Kind::Internal, QStringLiteral("not kept")});
        hookSaw = 0;
        if (auto e = f.bus->appendDeferred(ctx, draft(44, QStringLiteral("hooked.topic"))); !e)
            return std::unexpected(e.error());
        hookRanInPlace = hookSaw > 0;
        if (auto e = f.bus->appendDeferred(ctx, draft(45)); !e)
            return std::unexpected(e.error());
        return 0;
    });
    QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message));
    QVERIFY(hookRanInPlace);
    auto failed = f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto e = f.bus->appendDeferred(ctx, draft(200)); !e)
            return std::unexpected(e.error());
        return std::unexpected(DbError{DbError::Kind::Invalid, QStringLiteral("job failed")});
    });
    QVERIFY(!failed);
    auto refused = f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto e = f.bus->appendDeferred(ctx, draft(300, QStringLiteral("Bad Topic"))); !e)
            return std::unexpected(e.error());
        return 0;
    });
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, DbError::Kind::Invalid);

    EventQuery q;
    q.limit = 100;
    auto all = f.bus->history(f.store->reader(), q);
    QVERIFY(all);
    QList<int> order;
    for (const Event &e : *all) {
        order << e.data.value(QStringLiteral("n")).toInt();
        if (e.topic == QLatin1String("hooked.topic"))
            QCOMPARE(e.id, hookSaw);
    }
    QList<int> expected;
    for (int n = 1; n <= 45; ++n)
        expected << n;
    QCOMPARE(order, expected);     // in id order; nothing of the undone part or the failed job
    QTRY_COMPARE(spy.count(), 45); // the bus is woken by the commit
}

void TestEventBus::liveDeliveryInLogOrderOnAnotherThread()
{
    FIXTURE(f);
    QThread consumer;
    consumer.start();
    auto live = f.bus->subscribe(*TopicPatternSet::parse(QStringLiteral("order.*")));
    live->moveToThread(&consumer);
    std::mutex m;
    QList<qint64> seen;
    QList<Qt::HANDLE> threads;
    QObject::connect(live.get(), &LocalSubscription::received, live.get(), [&](const Event &e) {
        std::lock_guard lock(m);
        seen << e.id;
        threads << QThread::currentThreadId();
    });
    std::vector<std::thread> publishers;
    for (int t = 0; t < 3; ++t)
        publishers.emplace_back([&, t] {
            for (int i = 0; i < 100; ++i)
                f.publish(i % 2 ? QStringLiteral("order.created")
                                : QStringLiteral("product.created"),
                          {{QStringLiteral("t"), t}});
        });
    for (auto &p : publishers)
        p.join();
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            std::lock_guard lock(m);
            return seen.size();
        }(),
        150, 10000);
    consumer.quit();
    consumer.wait();
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), 150);
    QVERIFY(!threads.contains(QThread::currentThreadId()));
}

void TestEventBus::filtersOnPayload()
{
    FIXTURE(f);
    auto live = f.bus->subscribe(*TopicPatternSet::parse(QStringLiteral("order.#")),
                                 *Expression::parse(QStringLiteral(
                                     R"(data.total_amount >= 10000 and data.country == "FR")")));
    QSignalSpy spy(live.get(), &LocalSubscription::received);
    f.publish(QStringLiteral("order.created"), {{QStringLiteral("total_amount"), 12000},
                                                {QStringLiteral("country"), QStringLiteral("FR")}});
    f.publish(QStringLiteral("order.created"), {{QStringLiteral("total_amount"), 9000},
                                                {QStringLiteral("country"), QStringLiteral("FR")}});
    f.publish(QStringLiteral("order.created"), {{QStringLiteral("total_amount"), 12000},
                                                {QStringLiteral("country"), QStringLiteral("DE")}});
    const qint64 last = f.publish(QStringLiteral("order.paid"),
                                  {{QStringLiteral("total_amount"), 50000},
                                   {QStringLiteral("country"), QStringLiteral("FR")}});
    QTRY_COMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).value<Event>().id, last);
}

void TestEventBus::perKeyOrderingWithParallelKeys()
{
    FIXTURE(f);
    std::mutex m;
    QHash<QString, QList<int>> byKey;
    std::atomic<int> current{0}, peak{0}, total{0};
    f.bus->registerHandler(QStringLiteral("ordered"),
                           [&](const Event &e) -> std::expected<void, QString> {
                               const int now = ++current;
                               int p = peak.load();
                               while (now > p && !peak.compare_exchange_weak(p, now)) {
                               }
                               QThread::msleep(3);
                               {
                                   std::lock_guard lock(m);
                                   byKey[e.key] << e.data.value(QStringLiteral("seq")).toInt();
                               }
                               --current;
                               ++total;
                               return {};
                           });
    QVERIFY(f.bus->subscriptionAdmin().ensureSubscription(
        handlerSpec(QStringLiteral("ordered"), {QStringLiteral("order.#")})));
    for (int i = 0; i < 20; ++i)
        for (const char *k : {"A", "B", "C"})
            f.publish(QStringLiteral("order.updated"), {{QStringLiteral("seq"), i}},
                      QLatin1String(k));
    QTRY_VERIFY_WITH_TIMEOUT(total.load() >= 60, 20000);
    std::lock_guard lock(m);
    for (const char *k : {"A", "B", "C"}) {
        const QList<int> seq = byKey.value(QLatin1String(k));
        QCOMPARE(seq.size(), 20);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(seq[i], i);
    }
    QVERIFY2(peak.load() > 1, "different keys should be delivered in parallel");
    QTRY_COMPARE((*f.bus->subscriptionAdmin().subscriptions(f.store->reader())).first().lag, 0);
}

void TestEventBus::deadLetterAfterMaxAttemptsThenManualRetry()
{
    FIXTURE(f);
    f.bus->setRetryDelays(10, 40);
    std::atomic<bool> healed{false};
    std::atomic<int> poisonCalls{0};
    std::mutex m;
    QList<qint64> delivered;
    f.bus->registerHandler(QStringLiteral("fragile"),
                           [&](const Event &e) -> std::expected<void, QString> {
                               if (e.data.value(QStringLiteral("poison")).toBool()) {
                                   ++poisonCalls;
                                   if (!healed)
                                       return std::unexpected(QStringLiteral("boom"));
                               }
                               std::lock_guard lock(m);
                               delivered << e.id;
                               return {};
                           });
    auto sub = f.bus->subscriptionAdmin().ensureSubscription(
        handlerSpec(QStringLiteral("fragile"), {QStringLiteral("#")}, 3));
    QVERIFY(sub);
    QSignalSpy deadSpy(f.bus.get(), &EventBus::deadLettered);
    const qint64 poison = f.publish(QStringLiteral("order.created"),
                                    {{QStringLiteral("poison"), true}}, QStringLiteral("k"));
    const qint64 after = f.publish(QStringLiteral("order.updated"), {}, QStringLiteral("k"));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            std::lock_guard lock(m);
            return delivered.contains(after);
        }(),
        10000);
    QCOMPARE(poisonCalls.load(), 3);
    QCOMPARE(deadSpy.count(), 1);
    auto letters = f.bus->subscriptionAdmin().deadLetters(f.store->reader(), sub->id);
    QVERIFY(letters);
    QCOMPARE(letters->size(), 1);
    QCOMPARE(letters->at(0).eventId, poison);
    QCOMPARE(letters->at(0).state, QStringLiteral("dead"));
    QCOMPARE(letters->at(0).attempts, 3);
    QCOMPARE(letters->at(0).lastError, QStringLiteral("boom"));
    QTRY_COMPARE((*f.bus->subscriptionAdmin().subscription(f.store->reader(), sub->id))->cursor,
                 after); // dead letters do not block
    QCOMPARE((*f.bus->subscriptionAdmin().subscription(f.store->reader(), sub->id))->dead, 1);

    healed = true;
    QVERIFY(f.bus->subscriptionAdmin().retryDeadLetter(sub->id, poison));
    QTRY_VERIFY([&] {
        std::lock_guard lock(m);
        return delivered.contains(poison);
    }());
    QTRY_COMPARE(f.bus->subscriptionAdmin().deadLetters(f.store->reader(), sub->id)->size(), 0);
    QCOMPARE(f.bus->subscriptionAdmin().retryDeadLetter(sub->id, poison).error().kind,
             DbError::Kind::NotFound);
}

void TestEventBus::backoffGrowsExponentiallyWithJitter()
{
    FIXTURE(f);
    f.bus->setRetryDelays(1000, 60000);
    for (int n = 1; n <= 12; ++n) {
        const double base = std::min(1000.0 * std::pow(2.0, n - 1), 60000.0);
        for (int k = 0; k < 20; ++k) {
            const qint64 b = f.bus->backoffMs(n);
            QVERIFY2(b >= qint64(base * 0.8) && b <= qint64(base * 1.2),
                     qPrintable(QStringLiteral("n=%1 b=%2").arg(n).arg(b)));
        }
    }
    qint64 fake = 1'000'000;
    f.bus->setClock([&] { return fake; });
    QCOMPARE(f.bus->now(), 1'000'000);
}

void TestEventBus::replayRangeToOneSubscriber()
{
    FIXTURE(f);
    std::mutex m;
    QList<qint64> got;
    f.bus->registerHandler(QStringLiteral("replayed"),
                           [&](const Event &e) -> std::expected<void, QString> {
                               std::lock_guard lock(m);
                               got << e.id;
                               return {};
                           });
    auto sub = f.bus->subscriptionAdmin().ensureSubscription(
        handlerSpec(QStringLiteral("replayed"), {QStringLiteral("order.*")}));
    QList<qint64> ids;
    for (int i = 0; i < 10; ++i)
        ids << f.publish(QStringLiteral("order.created"));
    QTRY_COMPARE(
        [&] {
            std::lock_guard lock(m);
            return got.size();
        }(),
        10);
    auto n = f.bus->subscriptionAdmin().replay(sub->id, ids[2], ids[4]);
    QVERIFY(n);
    QCOMPARE(*n, 3);
    QTRY_COMPARE(
        [&] {
            std::lock_guard lock(m);
            return got.size();
        }(),
        13);
    std::lock_guard lock(m);
    QCOMPARE(got.count(ids[3]), 2);
    QCOMPARE(got.count(ids[5]), 1);
    QCOMPARE(f.bus->subscriptionAdmin().replay(sub->id, 5, 1).error().kind, DbError::Kind::Invalid);
    QCOMPARE(f.bus->subscriptionAdmin().replay(99999, 1, 2).error().kind, DbError::Kind::NotFound);
}

void TestEventBus::retentionKeepsWhatSubscribersNeed()
{
    FIXTURE(f);
    const qint64 real = QDateTime::currentMSecsSinceEpoch();
    f.bus->setClock([real] { return real - 3 * 86400000LL; });
    QList<qint64> ids;
    for (int i = 0; i < 6; ++i)
        ids << f.publish(QStringLiteral("order.created"));
    f.bus->setClock({});
    ids << f.publish(QStringLiteral("order.created"));
    // A subscriber (no handler in this process, so its cursor stays) still needs events after
    // ids[2].
    auto spec = handlerSpec(QStringLiteral("slow"), {QStringLiteral("#")});
    spec.startAfterId = ids[2];
    QVERIFY(f.bus->subscriptionAdmin().createSubscription(spec));
    auto deleted = f.bus->applyRetention(RetentionPolicy{1, 0});
    QVERIFY(deleted);
    QCOMPARE(*deleted, 3);
    auto left = f.bus->history(f.store->reader(), EventQuery{});
    QCOMPARE(left->size(), 4);
    QCOMPARE(left->first().id, ids[3]);
    QCOMPARE(*f.bus->applyRetention(RetentionPolicy{0, 1}),
             0); // count limit also stops at the cursor
}

void TestEventBus::atLeastOnceAcrossAKill()
{
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    qint64 id = 0;
    {
        auto store = Store::open(sdb.url());
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        security::FieldCipher cipher = security::FieldCipher::generate();
        EventBus bus(**store, cipher, QStringLiteral("parent")); // not started: it consumes nothing
        QVERIFY(bus.subscriptionAdmin().createSubscription(
            handlerSpec(QStringLiteral("crash"), {QStringLiteral("order.#")})));
        auto f = bus.publish(EventDraft{QStringLiteral("order.created"),
                                        {{QStringLiteral("order_id"), 1}},
                                        QStringLiteral("1"),
                                        {},
                                        {},
                                        {}});
        f.waitForFinished();
        id = f.result().value();
    }
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("delivered.txt"));
    auto runChild = [&](const QString &mode, QProcess &p) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DROPCREW_CHILD_MODE"), mode);
        env.insert(QStringLiteral("DROPCREW_CHILD_DB"), sdb.urlString());
        env.insert(QStringLiteral("DROPCREW_CHILD_MARKER"), marker);
        env.insert(QStringLiteral("DROPCREW_CHILD_TARGET"), QString::number(id));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QCoreApplication::applicationFilePath(), {});
        return p.waitForStarted();
    };
    auto markerLines = [&] {
        QFile f(marker);
        if (!f.open(QIODevice::ReadOnly))
            return QList<QByteArray>();
        QList<QByteArray> lines = f.readAll().split('\n');
        lines.removeAll(QByteArray());
        return lines;
    };
    QProcess first;
    QVERIFY(runChild(QStringLiteral("hang"), first));
    QTRY_COMPARE_WITH_TIMEOUT(markerLines().size(), 1, 20000); // delivered...
    first.kill(); // ...and killed before the acknowledgement
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);

    QProcess second;
    QVERIFY(runChild(QStringLiteral("ack"), second));
    QVERIFY(second.waitForFinished(30000));
    QCOMPARE(second.exitCode(), 0);
    const QList<QByteArray> lines = markerLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].toLongLong(), id);
    QCOMPARE(lines[1].toLongLong(), id); // delivered again after the restart: nothing lost

    auto store = Store::open(sdb.url());
    QVERIFY(store);
    auto cursor = exec((*store)->reader(),
                       QStringLiteral("SELECT cursor FROM subscriptions WHERE name='crash'"));
    QVERIFY(cursor && cursor->next());
    QVERIFY(cursor->value(0).toLongLong() >= id);
}

void TestEventBus::subscriptionsAreValidated()
{
    FIXTURE(f);
    auto bad = [&](SubscriptionSpec s, const QString &field) {
        auto r = f.bus->subscriptionAdmin().createSubscription(s);
        QVERIFY(!r);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')),
                 qPrintable(r.error().message));
    };
    SubscriptionSpec ok = handlerSpec(QStringLiteral("ok"), {QStringLiteral("order.*")});
    SubscriptionSpec s = ok;
    s.name = QStringLiteral("Bad Name");
    bad(s, QStringLiteral("name"));
    s = ok;
    s.patterns = {QStringLiteral("Order")};
    bad(s, QStringLiteral("patterns"));
    s = ok;
    s.filter = QStringLiteral("data.x >=");
    bad(s, QStringLiteral("filter"));
    s = ok;
    s.kind = QStringLiteral("webhook");
    s.url = QStringLiteral("ftp://x");
    s.secret = QByteArray(32, 'x');
    bad(s, QStringLiteral("url"));
    s.url = QStringLiteral("http://127.0.0.1:1/hook");
    s.secret = "short";
    bad(s, QStringLiteral("secret"));
    QVERIFY(f.bus->subscriptionAdmin().createSubscription(ok));
    QCOMPARE(f.bus->subscriptionAdmin().createSubscription(ok).error().kind,
             DbError::Kind::Conflict);
    QVERIFY(f.bus->subscriptionAdmin().ensureSubscription(ok)); // idempotent
    QCOMPARE(f.bus->subscriptionAdmin().subscriptions(f.store->reader())->size(), 1);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("DROPCREW_CHILD_MODE"))
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestEventBus t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_eventbus.moc"
