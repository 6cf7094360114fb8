// SPDX-License-Identifier: GPL-3.0-or-later
// The store: group commit, concurrent writers, per-job savepoints, after-commit hooks,
// per-thread read connections, draining on close. Runs on SQLite and PostgreSQL.
#include "storage/sqlutil.h"
#include "storage/store.h"
#include "testdb.h"

#include <QSemaphore>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace dc::storage;
using dc::test::ScratchDatabase;

namespace {
DbResult<qint64> putEntry(WriteContext &ctx, const QString &key, const QString &value)
{
    auto q = exec(
        ctx.db(),
        QStringLiteral(
            "INSERT INTO data_entries (namespace, key, value, updated_at) VALUES ('t', ?, ?, ?)"),
        {key, value, nowMs()});
    if (!q)
        return std::unexpected(q.error());
    return 1;
}

qint64 countEntries(Store &store)
{
    QSqlDatabase db = store.reader();
    auto q = exec(db, QStringLiteral("SELECT COUNT(*) FROM data_entries"));
    if (!q || !q->next())
        return -1;
    return q->value(0).toLongLong();
}

// Holds the writer inside a job (writing one "gate" row) until released, so that the jobs
// queued meanwhile form the next batch.
class HeldWriter
{
public:
    explicit HeldWriter(Store &s)
    {
        static std::atomic<int> serial{0};
        const QString key = QStringLiteral("gate%1").arg(++serial);
        m_job = s.write<qint64>([this, key](WriteContext &ctx) {
            m_entered.release();
            m_release.acquire();
            return putEntry(ctx, key, QStringLiteral("v"));
        });
        m_entered.acquire();
    }
    // Lets the writer go on; true when the gate's own row was written.
    bool release()
    {
        m_release.release();
        m_job.waitForFinished();
        return bool(m_job.result());
    }

private:
    QSemaphore m_entered, m_release;
    QFuture<DbResult<qint64>> m_job;
};
} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private slots:
    void writeThenReadFromAnotherThread();
    void groupCommitAnswersManyCallersWithFewerCommits();
    void withoutGroupCommitOneCommitPerJob();
    void fourConcurrentReadModifyWriteThreadsLoseNoUpdate();
    void failingJobIsRolledBackAloneInItsBatch();
    void failingPartIsUndoneAloneInABatch();
    void rerunsAnswerTheSecondRunAndStaySafeWhileJobsFail();
    void afterCommitHooksRunOnlyForCommittedJobs();
    void closeDrainsQueuedWritesThenRefuses();
    void readConnectionsArePerThreadAndClosedWithTheThread();
    void readConnectionsCannotWrite();
    void healthStaysDegradedUntilWritesSucceedSteadily();
    void idleStoreProbesItsWayBackFromFailing();
    void healthSaysLowSpace();
};

void TestStore::writeThenReadFromAnotherThread()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    auto r = (*store)->writeAndWait<qint64>(
        [](WriteContext &ctx) { return putEntry(ctx, QStringLiteral("a"), QStringLiteral("1")); });
    QVERIFY(r);
    qint64 seen = -1;
    std::thread t([&] { seen = countEntries(**store); });
    t.join();
    QCOMPARE(seen, 1);
}

void TestStore::groupCommitAnswersManyCallersWithFewerCommits()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    constexpr int kThreads = 8, kPerThread = 50;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                // Each caller waits for its own answer, which only comes after a commit.
                auto r = s.writeAndWait<qint64>([t, i](WriteContext &ctx) {
                    return putEntry(ctx, QStringLiteral("%1-%2").arg(t).arg(i),
                                    QStringLiteral("v"));
                });
                if (r)
                    ++ok;
            }
        });
    for (auto &t : threads)
        t.join();
    const StoreStats st = s.stats();
    qInfo("%d callers answered by %llu commits (largest batch %d)", kThreads * kPerThread,
          static_cast<unsigned long long>(st.commits), st.maxBatchSeen);
    QCOMPARE(ok.load(), kThreads * kPerThread);
    QCOMPARE(st.jobs, quint64(kThreads * kPerThread));
    QVERIFY(st.commits < st.jobs);
    QVERIFY(st.maxBatchSeen > 1);
    QCOMPARE(countEntries(s), qint64(kThreads * kPerThread));
}

void TestStore::withoutGroupCommitOneCommitPerJob()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    StoreOptions opt;
    opt.groupCommit = false;
    auto store = Store::open(sdb.url(), opt);
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    QList<QFuture<DbResult<qint64>>> futures;
    for (int i = 0; i < 40; ++i)
        futures << (*store)->write<qint64>([i](WriteContext &ctx) {
            return putEntry(ctx, QString::number(i), QStringLiteral("v"));
        });
    for (auto &f : futures) {
        f.waitForFinished();
        QVERIFY(f.result());
    }
    QCOMPARE((*store)->stats().commits, quint64(40));
    QCOMPARE((*store)->stats().maxBatchSeen, 1);
}

void TestStore::fourConcurrentReadModifyWriteThreadsLoseNoUpdate()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    QVERIFY(s.writeAndWait<qint64>([](WriteContext &ctx) {
        return putEntry(ctx, QStringLiteral("counter"), QStringLiteral("0"));
    }));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                auto r = s.writeAndWait<qint64>([](WriteContext &ctx) -> DbResult<qint64> {
                    auto q = exec(ctx.db(), QStringLiteral("SELECT value FROM data_entries WHERE "
                                                           "namespace='t' AND key='counter'"));
                    if (!q)
                        return std::unexpected(q.error());
                    q->next();
                    const qint64 v = q->value(0).toString().toLongLong() + 1;
                    auto u =
                        exec(ctx.db(),
                             QStringLiteral("UPDATE data_entries SET value=?, version=version+1 "
                                            "WHERE namespace='t' AND key='counter'"),
                             {QString::number(v)});
                    if (!u)
                        return std::unexpected(u.error());
                    return v;
                });
                if (!r)
                    ++failures;
            }
        });
    for (auto &t : threads)
        t.join();
    QCOMPARE(failures.load(), 0);
    QSqlDatabase db = s.reader();
    auto q =
        exec(db, QStringLiteral("SELECT value, version FROM data_entries WHERE key='counter'"));
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toString(), QStringLiteral("400"));
    QCOMPARE(q->value(1).toLongLong(), 401);
}

void TestStore::failingJobIsRolledBackAloneInItsBatch()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    HeldWriter gate(s);
    // The batch first runs without savepoints; the failure sends it round again with them, so
    // "a" runs twice, is written once, and its hook runs once.
    std::atomic<int> aRuns{0}, aHooks{0};
    auto a = s.write<qint64>([&](WriteContext &ctx) {
        ++aRuns;
        ctx.afterCommit([&] { ++aHooks; });
        return putEntry(ctx, QStringLiteral("a"), QStringLiteral("v"));
    });
    auto dup = s.write<qint64>([](WriteContext &ctx) -> DbResult<qint64> {
        // Writes one row, then violates the primary key: both must disappear.
        if (auto r = putEntry(ctx, QStringLiteral("partial"), QStringLiteral("v")); !r)
            return r;
        return putEntry(ctx, QStringLiteral("a"), QStringLiteral("again"));
    });
    auto b = s.write<qint64>(
        [](WriteContext &ctx) { return putEntry(ctx, QStringLiteral("b"), QStringLiteral("v")); });
    QVERIFY(gate.release());
    for (auto *f : {&a, &dup, &b})
        f->waitForFinished();
    QVERIFY(a.result());
    QVERIFY(b.result());
    QVERIFY(!dup.result());
    QCOMPARE(dup.result().error().kind, DbError::Kind::Constraint);
    QCOMPARE(countEntries(s), 3); // gate, a, b; not "partial"
    QCOMPARE(s.stats().maxBatchSeen, 3);
    QCOMPARE(s.stats().reruns, quint64(1));
    QCOMPARE(aRuns.load(), 2);
    QCOMPARE(aHooks.load(), 1);
}

void TestStore::failingPartIsUndoneAloneInABatch()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    HeldWriter gate(s);
    std::atomic<int> partHooks{0}, jobHooks{0};
    // A job whose part fails: the part's row and hook go, the rest of the job stays.
    auto job = s.write<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        if (auto r = putEntry(ctx, QStringLiteral("before"), QStringLiteral("v")); !r)
            return r;
        auto part = ctx.underSavepoint<qint64>([&]() -> DbResult<qint64> {
            ctx.afterCommit([&] { ++partHooks; });
            if (auto r = putEntry(ctx, QStringLiteral("inside"), QStringLiteral("v")); !r)
                return r;
            return std::unexpected(DbError{DbError::Kind::Invalid, QStringLiteral("refused")});
        });
        if (!part)
            return std::unexpected(part.error());
        if (*part)
            return std::unexpected(DbError{DbError::Kind::Internal, QStringLiteral("no")});
        ctx.afterCommit([&] { ++jobHooks; });
        return putEntry(ctx, QStringLiteral("after"), QStringLiteral("v"));
    });
    auto other = s.write<qint64>(
        [](WriteContext &ctx) { return putEntry(ctx, QStringLiteral("b"), QStringLiteral("v")); });
    QVERIFY(gate.release());
    for (auto *f : {&job, &other})
        f->waitForFinished();
    QVERIFY(job.result());
    QVERIFY(other.result());
    QCOMPARE(countEntries(s), 4); // gate, before, after, b; not "inside"
    QCOMPARE(partHooks.load(), 0);
    QCOMPARE(jobHooks.load(), 1);
    QCOMPARE(s.stats().reruns, quint64(1));
}

void TestStore::rerunsAnswerTheSecondRunAndStaySafeWhileJobsFail()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    auto refused = [](WriteContext &) -> DbResult<qint64> {
        return std::unexpected(DbError{DbError::Kind::Invalid, QStringLiteral("refused")});
    };
    // First batch: "flaky" succeeds in the run without savepoints and throws in the rerun that
    // "refused" causes. Its caller must get the error, not the first run's rolled-back value.
    auto gate = std::make_unique<HeldWriter>(s);
    std::atomic<int> flakyRuns{0};
    auto flaky = s.write<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        if (++flakyRuns > 1)
            throw std::runtime_error("second run");
        return putEntry(ctx, QStringLiteral("flaky"), QStringLiteral("v"));
    });
    auto r1 = s.write<qint64>(refused);
    auto ok1 = s.write<qint64>([](WriteContext &ctx) {
        return putEntry(ctx, QStringLiteral("ok1"), QStringLiteral("v"));
    });
    QVERIFY(gate->release());
    for (auto *f : {&flaky, &r1, &ok1})
        f->waitForFinished();
    QVERIFY(!flaky.result());
    QCOMPARE(flaky.result().error().message, QStringLiteral("second run"));
    QCOMPARE(flakyRuns.load(), 2);
    QVERIFY(!r1.result());
    QVERIFY(ok1.result());
    QCOMPARE(s.stats().reruns, quint64(1));
    // The next batches run with savepoints from the start: a refused job is run once.
    gate = std::make_unique<HeldWriter>(s);
    std::atomic<int> okRuns{0};
    auto ok2 = s.write<qint64>([&](WriteContext &ctx) {
        ++okRuns;
        return putEntry(ctx, QStringLiteral("ok2"), QStringLiteral("v"));
    });
    auto r2 = s.write<qint64>(refused);
    QVERIFY(gate->release());
    for (auto *f : {&ok2, &r2})
        f->waitForFinished();
    QVERIFY(ok2.result());
    QVERIFY(!r2.result());
    QCOMPARE(okRuns.load(), 1);
    QCOMPARE(s.stats().reruns, quint64(1));
    QCOMPARE(countEntries(s), 4); // two gates, ok1, ok2; not "flaky"
}

void TestStore::afterCommitHooksRunOnlyForCommittedJobs()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    std::atomic<int> committedHooks{0}, failedHooks{0};
    auto ok = (*store)->writeAndWait<qint64>([&](WriteContext &ctx) {
        ctx.afterCommit([&] { ++committedHooks; });
        return putEntry(ctx, QStringLiteral("x"), QStringLiteral("v"));
    });
    std::atomic<int> badRuns{0};
    auto bad = (*store)->writeAndWait<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        ++badRuns;
        ctx.afterCommit([&] { ++failedHooks; });
        return std::unexpected(DbError{DbError::Kind::Invalid, QStringLiteral("refused")});
    });
    QVERIFY(ok);
    QVERIFY(!bad);
    QCOMPARE(bad.error().message, QStringLiteral("refused"));
    QCOMPARE(committedHooks.load(), 1);
    QCOMPARE(failedHooks.load(), 0);
    QCOMPARE(badRuns.load(), 1); // a lone job is not run again: the rollback undid it all
    QCOMPARE((*store)->stats().reruns, quint64(0));
}

void TestStore::closeDrainsQueuedWritesThenRefuses()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    DatabaseUrl url = sdb.url();
    {
        auto store = Store::open(url);
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QList<QFuture<DbResult<qint64>>> futures;
        for (int i = 0; i < 300; ++i)
            futures << (*store)->write<qint64>([i](WriteContext &ctx) {
                return putEntry(ctx, QString::number(i), QStringLiteral("v"));
            });
        (*store)->close();
        for (auto &f : futures) {
            QVERIFY(f.isFinished());
            QVERIFY(f.result());
        }
        auto late = (*store)->writeAndWait<qint64>([](WriteContext &ctx) {
            return putEntry(ctx, QStringLiteral("late"), QStringLiteral("v"));
        });
        QVERIFY(!late);
        QCOMPARE(late.error().kind, DbError::Kind::Unavailable);
    }
    auto reopened = Store::open(url);
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error()));
    QCOMPARE(countEntries(**reopened), 300);
}

void TestStore::readConnectionsArePerThreadAndClosedWithTheThread()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    QString mainName = (*store)->reader().connectionName();
    QString threadName;
    bool threadOk = false;
    std::thread t([&] {
        QSqlDatabase db = (*store)->reader();
        threadName = db.connectionName();
        threadOk = db.isOpen() && countEntries(**store) == 0;
    });
    t.join();
    QVERIFY(threadOk);
    QVERIFY(mainName != threadName);
    QVERIFY(!QSqlDatabase::contains(threadName)); // closed when its thread ended
    QVERIFY(QSqlDatabase::contains(mainName));
    (*store)->close();
    QVERIFY(!QSqlDatabase::contains(mainName));
}

void TestStore::readConnectionsCannotWrite()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    QSqlDatabase db = (*store)->reader();
    auto r = exec(
        db,
        QStringLiteral(
            "INSERT INTO data_entries (namespace, key, value, updated_at) VALUES ('t','k','v',0)"));
    QVERIFY(!r);
    QCOMPARE(countEntries(**store), 0);
}

namespace {
// A job that fails the way a full disk does: an unclassified error, counted as a storage failure.
DbResult<qint64> storageFailure(WriteContext &)
{
    return std::unexpected(
        DbError{DbError::Kind::Internal, QStringLiteral("database or disk is full")});
}
} // namespace

void TestStore::healthStaysDegradedUntilWritesSucceedSteadily()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    StoreOptions opts;
    opts.recoverySeconds = 3600; // nothing below can outlast it
    opts.minFreeBytes = 0;
    auto store = Store::open(sdb.url(), opts);
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    QCOMPARE(s.health().state, StorageHealth::State::Ok);

    QVERIFY(!s.writeAndWait<qint64>(storageFailure));
    StorageHealth h = s.health();
    QCOMPARE(h.state, StorageHealth::State::Failing);
    QVERIFY2(h.reason.contains(QLatin1String("full")), qPrintable(h.reason));

    // A small write fits (SQLite's free pages): writes work again, yet health holds.
    QVERIFY(s.writeAndWait<qint64>(
        [](WriteContext &ctx) { return putEntry(ctx, QStringLiteral("k"), QStringLiteral("v")); }));
    h = s.health();
    QCOMPARE(h.state, StorageHealth::State::Recovering);
    QVERIFY(h.okInMs > 0);
    QVERIFY(!h.ok());
    // The next failure, in a batch where another job commits, is still counted.
    HeldWriter gate(s);
    auto bad = s.write<qint64>(storageFailure);
    auto good = s.write<qint64>(
        [](WriteContext &ctx) { return putEntry(ctx, QStringLiteral("g"), QStringLiteral("v")); });
    QVERIFY(gate.release());
    for (auto *f : {&bad, &good})
        f->waitForFinished();
    QVERIFY(good.result());
    QCOMPARE(s.stats().storageFailures, quint64(2));
    QCOMPARE(s.stats().recentFailures, quint64(2));
    QCOMPARE(s.health().state, StorageHealth::State::Recovering);
}

void TestStore::idleStoreProbesItsWayBackFromFailing()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    StoreOptions opts;
    opts.recoverySeconds = 0; // "ok" as soon as a write commits
    opts.minFreeBytes = 0;
    auto store = Store::open(sdb.url(), opts);
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    QVERIFY(!s.writeAndWait<qint64>(storageFailure));
    // Nobody writes: the writer's own probe commits, and health comes back by itself.
    QTRY_COMPARE_WITH_TIMEOUT(s.health().state, StorageHealth::State::Ok, 30000);
    QVERIFY(s.stats().probes >= 1);
    QVERIFY(!s.stats().writesFailing);
    QSqlDatabase db = s.reader();
    auto q = exec(db, QStringLiteral("SELECT COUNT(*) FROM storage_probe"));
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toLongLong(), 1);
}

void TestStore::healthSaysLowSpace()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    StoreOptions opts;
    opts.minFreeBytes = std::numeric_limits<qint64>::max(); // no disk has that much
    auto store = Store::open(sdb.url(), opts);
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    const StorageHealth h = (*store)->health();
    if (sdb.url().backend != Backend::Sqlite) {
        // PostgreSQL's disk is the server's: its failures show as write failures instead.
        QCOMPARE(h.state, StorageHealth::State::Ok);
        QCOMPARE(h.freeBytes, qint64(-1));
        return;
    }
    QCOMPARE(h.state, StorageHealth::State::LowSpace);
    QVERIFY(h.freeBytes >= 0);
    QVERIFY2(h.reason.contains(QLatin1String("full")), qPrintable(h.reason));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
