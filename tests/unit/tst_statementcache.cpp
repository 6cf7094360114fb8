// SPDX-License-Identifier: GPL-3.0-or-later
// Prepared statements kept for reuse: the writer's cache (on SQLite, run through SQLite's own
// API, storage/sqliteresult.h) and cachedRead() on read connections. What must hold: values and
// errors as Qt's own result gives them, a statement reused with new values, and no read snapshot
// held after a cached read. Runs on SQLite and PostgreSQL.
#include "storage/sqliteresult.h"
#include "storage/sqlutil.h"
#include "storage/store.h"
#include "testdb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSemaphore>
#include <QThreadPool>
#include <QtTest>

#include <atomic>

using namespace dc::storage;
using dc::test::ScratchDatabase;

namespace {

// A table of every kind of value the store keeps.
DbResult<int> createValues(WriteContext &ctx)
{
    const QString blob =
        ctx.backend() == Backend::Postgres ? QStringLiteral("BYTEA") : QStringLiteral("BLOB");
    auto q = exec(ctx.db(), QStringLiteral("CREATE TABLE cache_values (id BIGINT PRIMARY KEY, "
                                           "txt TEXT, num DOUBLE PRECISION, big BIGINT, raw ") +
                                blob + QStringLiteral(")"));
    if (!q)
        return std::unexpected(q.error());
    return 0;
}

DbResult<qint64> insertValue(WriteContext &ctx, qint64 id, const QVariant &txt, double num,
                             qint64 big, const QByteArray &raw)
{
    auto q = exec(ctx.db(),
                  QStringLiteral("INSERT INTO cache_values (id, txt, num, big, raw) VALUES "
                                 "(?, ?, ?, ?, ?) RETURNING id"),
                  {id, txt, num, big, raw});
    if (!q)
        return std::unexpected(q.error());
    return returnedId(*q);
}

struct Row
{
    QVariant txt;
    double num = 0;
    qint64 big = 0;
    QByteArray raw;
};

DbResult<Row> readValue(QSqlDatabase db, qint64 id)
{
    auto q =
        exec(db, QStringLiteral("SELECT txt, num, big, raw FROM cache_values WHERE id = ?"), {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::unexpected(DbError{DbError::Kind::NotFound, QStringLiteral("no row")});
    return Row{q->value(0), q->value(1).toDouble(), q->value(2).toLongLong(),
               q->value(3).toByteArray()};
}

} // namespace

class TestStatementCache : public QObject
{
    Q_OBJECT
private slots:
    // Each test: a new database and store, with the table of values.
    void init();
    void cleanup();

    void writerStatementsKeepQtsValues();
    void writerStatementsAreReusedWithNewValues();
    void writerErrorsKeepTheirKind();
    void cachedReadLetsGoOfItsSnapshot();
    void cachedReadOfATextAlreadyBeingRead();
    void writerCachedReadsInALoopShareOneStatement();
    void readerThreadsEndingWhileTheStoreCloses();

private:
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<Store> m_store;
};

void TestStatementCache::init()
{
    m_db = std::make_unique<ScratchDatabase>();
    DC_REQUIRE_DB(*m_db);
    auto store = Store::open(m_db->url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    m_store = std::move(*store);
    QVERIFY(m_store->writeAndWait<int>(createValues));
}

void TestStatementCache::cleanup()
{
    m_store.reset();
    m_db.reset();
}

void TestStatementCache::writerStatementsKeepQtsValues()
{
    Store &s = *m_store;
    // On Debian, Qt's driver and this program share the system SQLite: the writer's statements
    // then run through SQLite directly, and this test checks that path against Qt's.
    if (dc::test::backendUnderTest() == Backend::Sqlite)
        QVERIFY(fastSqliteQuery(s.reader()).has_value());
    const QByteArray raw("\x00\x01\xff?", 4);
    auto written = s.writeAndWait<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        if (auto a = insertValue(ctx, 1, QStringLiteral("é ? ' \"x\""), 2.5, 1ll << 53, raw); !a)
            return a;
        // A typed null is NULL; an empty text stays text; an empty array stays a blob.
        if (auto b = insertValue(ctx, 2, QVariant(QMetaType(QMetaType::QString)), -0.125, -7,
                                 QByteArray(""));
            !b)
            return b;
        return insertValue(ctx, 3, QString(), 0, 0, QByteArray("z"));
    });
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
    QCOMPARE(*written, qint64(3));
    // Read back on the writer (its cache) and on a reader (Qt's own result): the same values.
    for (const bool onWriter : {true, false}) {
        QList<Row> rows;
        if (onWriter) {
            auto r = s.writeAndWait<QList<Row>>([&](WriteContext &ctx) -> DbResult<QList<Row>> {
                QList<Row> out;
                for (qint64 id : {1, 2, 3}) {
                    auto v = readValue(ctx.db(), id);
                    if (!v)
                        return std::unexpected(v.error());
                    out << *v;
                }
                return out;
            });
            QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
            rows = *r;
        } else {
            for (qint64 id : {1, 2, 3}) {
                auto v = readValue(s.reader(), id);
                QVERIFY2(v, qPrintable(v ? QString() : v.error().message));
                rows << *v;
            }
        }
        QCOMPARE(rows[0].txt.toString(), QStringLiteral("é ? ' \"x\""));
        QCOMPARE(rows[0].num, 2.5);
        QCOMPARE(rows[0].big, 1ll << 53);
        QCOMPARE(rows[0].raw, raw);
        QVERIFY(rows[1].txt.isNull());
        QCOMPARE(rows[1].num, -0.125);
        QCOMPARE(rows[1].big, qint64(-7));
        QVERIFY(!rows[2].txt.isNull());
        QCOMPARE(rows[2].txt.toString(), QString());
        QCOMPARE(rows[2].raw, QByteArray("z"));
    }
}

void TestStatementCache::writerStatementsAreReusedWithNewValues()
{
    Store &s = *m_store;
    // The same texts many times within a job and across jobs: each run sees its own values,
    // the row counts are each statement's, and a read left on its first row does not hold
    // the next run back.
    for (int job = 0; job < 3; ++job) {
        auto r = s.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
            for (int i = 0; i < 20; ++i) {
                const qint64 id = job * 100 + i;
                auto in = insertValue(ctx, id, QStringLiteral("v%1").arg(id), double(i), id,
                                      QByteArray::number(id));
                if (!in)
                    return std::unexpected(in.error());
                if (*in != id)
                    return std::unexpected(DbError{DbError::Kind::Internal,
                                                   QStringLiteral("RETURNING gave %1").arg(*in)});
                auto u = exec(ctx.db(),
                              QStringLiteral("UPDATE cache_values SET big = big + 1 WHERE id >= ? "
                                             "AND id <= ?"),
                              {job * 100, id});
                if (!u)
                    return std::unexpected(u.error());
                if (u->numRowsAffected() != i + 1)
                    return std::unexpected(
                        DbError{DbError::Kind::Internal,
                                QStringLiteral("%1 rows updated").arg(u->numRowsAffected())});
                auto v = exec(ctx.db(), QStringLiteral("SELECT txt FROM cache_values WHERE id = ?"),
                              {id});
                if (!v || !v->next() || v->value(0).toString() != QStringLiteral("v%1").arg(id))
                    return std::unexpected(
                        DbError{DbError::Kind::Internal, QStringLiteral("read %1 wrong").arg(id)});
            }
            return 0;
        });
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    }
    auto q = exec(s.reader(),
                  QStringLiteral("SELECT COUNT(*), SUM(big) FROM cache_values WHERE id < 100"));
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toInt(), 20);
    // Row i was written with big = i and bumped once by each of the 20 - i updates from i on.
    QCOMPARE(q->value(1).toLongLong(), qint64(20 * 20));
}

void TestStatementCache::writerErrorsKeepTheirKind()
{
    Store &s = *m_store;
    QVERIFY(s.writeAndWait<qint64>(
        [](WriteContext &ctx) { return insertValue(ctx, 1, QStringLiteral("a"), 0, 0, {}); }));
    // A duplicate key is a constraint error, the job alone fails, and the same cached statement
    // then runs again.
    auto dup = s.writeAndWait<qint64>(
        [](WriteContext &ctx) { return insertValue(ctx, 1, QStringLiteral("b"), 0, 0, {}); });
    QVERIFY(!dup);
    QCOMPARE(dup.error().kind, DbError::Kind::Constraint);
    auto next = s.writeAndWait<qint64>(
        [](WriteContext &ctx) { return insertValue(ctx, 2, QStringLiteral("c"), 0, 0, {}); });
    QVERIFY2(next, qPrintable(next ? QString() : next.error().message));
    QCOMPARE(*next, qint64(2));
    // A text that does not prepare says why.
    auto bad = s.writeAndWait<int>([](WriteContext &ctx) -> DbResult<int> {
        auto q =
            exec(ctx.db(), QStringLiteral("UPDATE cache_values SET nope = ? WHERE id = ?"), {1, 1});
        if (!q)
            return std::unexpected(q.error());
        return 0;
    });
    QVERIFY(!bad);
    QVERIFY2(bad.error().message.contains(QLatin1String("nope")), qPrintable(bad.error().message));
}

void TestStatementCache::cachedReadLetsGoOfItsSnapshot()
{
    Store &s = *m_store;
    for (qint64 id : {1, 2})
        QVERIFY(s.writeAndWait<qint64>([id](WriteContext &ctx) {
            return insertValue(ctx, id, QStringLiteral("old"), 0, 0, {});
        }));
    const QString text = QStringLiteral("SELECT txt FROM cache_values ORDER BY id");
    for (int round = 0; round < 3; ++round) {
        const QString now = QStringLiteral("new%1").arg(round);
        {
            // Only the first of two rows read: on SQLite the statement would keep its read
            // transaction (and miss the next commit) if it were not finished.
            auto q = cachedRead(s.reader(), text, {});
            QVERIFY(q && q->next());
        }
        QVERIFY(s.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
            auto u = exec(ctx.db(), QStringLiteral("UPDATE cache_values SET txt = ?"), {now});
            if (!u)
                return std::unexpected(u.error());
            return u->numRowsAffected();
        }));
        auto q = cachedRead(s.reader(), text, {});
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), now);
    }
}

void TestStatementCache::cachedReadOfATextAlreadyBeingRead()
{
    Store &s = *m_store;
    for (qint64 id : {1, 2, 3})
        QVERIFY(s.writeAndWait<qint64>([id](WriteContext &ctx) {
            return insertValue(ctx, id, QStringLiteral("r%1").arg(id), 0, id, {});
        }));
    const QString text =
        QStringLiteral("SELECT id, txt FROM cache_values WHERE id >= ? ORDER BY id");
    if (dc::test::backendUnderTest() == Backend::Sqlite) {
        // A loop over rows that reads, for each, with the same text (a nested read): both walk
        // their own rows. (On PostgreSQL, Qt reads a forward-only query row by row, and any
        // second query on the connection ends the first, cached or not.)
        QStringList seen;
        auto outer = cachedRead(s.reader(), text, {1});
        QVERIFY(outer);
        while (outer->next()) {
            auto inner = cachedRead(s.reader(), text, {outer->value(0).toLongLong()});
            QVERIFY(inner && inner->next());
            seen << outer->value(1).toString() + QLatin1Char('=') + inner->value(1).toString();
        }
        QCOMPARE(seen, (QStringList{QStringLiteral("r1=r1"), QStringLiteral("r2=r2"),
                                    QStringLiteral("r3=r3")}));
    }
    // Moved, it still finishes once.
    std::optional<CachedRead> kept;
    {
        auto q = cachedRead(s.reader(), text, {3});
        QVERIFY(q && q->next());
        kept.emplace(std::move(*q));
    }
    QCOMPARE(kept->value(1).toString(), QStringLiteral("r3"));
    kept.reset();
    auto again = cachedRead(s.reader(), text, {2});
    QVERIFY(again && again->next());
    QCOMPARE(again->value(1).toString(), QStringLiteral("r2"));
}

namespace {
// How many of this process's file descriptors are open on `path`.
int openDescriptors(const QString &path)
{
    const QString target = QFileInfo(path).canonicalFilePath();
    const QDir fds(QStringLiteral("/proc/self/fd"));
    int n = 0;
    for (const QString &fd : fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot))
        if (QFile::symLinkTarget(fds.filePath(fd)) == target)
            ++n;
    return n;
}
} // namespace

void TestStatementCache::readerThreadsEndingWhileTheStoreCloses()
{
    // A pool's waitForDone() returns before its threads' thread_local destructors have run, so
    // a thread can free its cached reads while Store::close() closes its connection from here
    // (Backend::stop() waits for its pools, then closes the store). A statement freed beside
    // the driver's own finalizing was once left open: sqlite3_close() failed, and the
    // connection, with its file, stayed open for good (LeakSanitizer saw it now and then).
    if (m_db->url().backend != Backend::Sqlite)
        QSKIP("reads are cached on SQLite's connections only");
    m_store.reset();
    const QString path = m_db->url().path;
    // Many statements per connection: freeing them takes long enough to meet close() often.
    QStringList texts;
    for (int i = 0; i < 48; ++i)
        texts << QStringLiteral("SELECT id, %1 FROM cache_values WHERE id > ?").arg(i);
    constexpr int kThreads = 8;
    for (int round = 0; round < 60; ++round) {
        auto store = Store::open(m_db->url());
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QVERIFY(openDescriptors(path) > 0); // the writer's connection: the count sees it
        QThreadPool pool;
        pool.setMaxThreadCount(kThreads);
        QSemaphore together;
        std::atomic<int> failed{0};
        for (int t = 0; t < kThreads; ++t)
            pool.start([&] {
                together.release(); // every job on a thread of its own, each with a connection
                together.acquire(kThreads);
                together.release(kThreads);
                QSqlDatabase db = (*store)->reader();
                for (const QString &text : texts)
                    if (!cachedRead(db, text, {round}))
                        ++failed;
            });
        pool.waitForDone(); // the threads end; their thread_local destructors may still run
        (*store)->close();
        QCOMPARE(failed.load(), 0);
        // Every connection closed, by close() or by its ending thread (under the same lock):
        // none holds the database file.
        QCOMPARE(openDescriptors(path), 0);
    }
}

// A job reading the same text once per item (a batch of webhook deliveries, each looking its
// order up): each read, finished when it goes out of scope, leaves its statement to the next
// one. Before, every read after the fourth prepared the text again (the cache keeps at most
// four open copies of a text, and reads were only finished at the job's end).
void TestStatementCache::writerCachedReadsInALoopShareOneStatement()
{
    Store &s = *m_store;
    auto r = s.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        for (qint64 id = 1; id <= 20; ++id)
            if (auto in = insertValue(ctx, id, QStringLiteral("v%1").arg(id), 0, id, {}); !in)
                return std::unexpected(in.error());
        QSet<const QSqlResult *> results;
        for (qint64 id = 1; id <= 20; ++id) {
            auto q = cachedRead(ctx.db(),
                                QStringLiteral("SELECT txt FROM cache_values WHERE id = ?"), {id});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next() || q->value(0).toString() != QStringLiteral("v%1").arg(id))
                return std::unexpected(
                    DbError{DbError::Kind::Internal, QStringLiteral("read %1 wrong").arg(id)});
            results.insert(q->result());
        }
        return int(results.size());
    });
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    QCOMPARE(*r, 1);
}

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statementcache.moc"
