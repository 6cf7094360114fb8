// SPDX-License-Identifier: GPL-3.0-or-later
// The audit chain on a real database: intact after many appends; an edited field, a deleted
// row, an inserted row and a recomputed plain hash are each found, at the right entry.
#include "security/audit.h"
#include "storage/sqlutil.h"
#include "testdb.h"

#include <QtTest>

using namespace dc;
using namespace dc::security;

class TestAudit : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void chainIsIntact();
    void tamperingIsDetected_data();
    void tamperingIsDetected();
    void listFiltersByActor();

private:
    void fill(int n);
    std::unique_ptr<test::ScratchDatabase> m_db;
    std::unique_ptr<storage::Store> m_store;
    std::unique_ptr<AuditLog> m_log;
};

void TestAudit::init()
{
    m_db = std::make_unique<test::ScratchDatabase>();
    DC_REQUIRE_DB(*m_db);
    auto s = storage::Store::open(m_db->url());
    QVERIFY2(s, qPrintable(s ? QString() : s.error()));
    m_store = std::move(*s);
    m_log = std::make_unique<AuditLog>(*m_store, QByteArray(32, 'k'));
}

void TestAudit::cleanup()
{
    m_log.reset();
    if (m_store)
        m_store->close();
    m_store.reset();
    m_db.reset();
}

void TestAudit::fill(int n)
{
    for (int i = 0; i < n; ++i) {
        AuditEntry e;
        e.actor = i % 2 ? QStringLiteral("user:olga") : QStringLiteral("key:bot");
        e.ip = QStringLiteral("10.0.0.%1").arg(i);
        e.action = QStringLiteral("POST /api/orders");
        e.target = QStringLiteral("order:%1").arg(i);
        e.outcome = 201;
        e.detail = {{QStringLiteral("n"), i}};
        m_log->record(e);
    }
    m_store->barrier();
}

void TestAudit::chainIsIntact()
{
    auto empty = m_log->verify(m_store->reader());
    QVERIFY(empty && empty->ok());
    QCOMPARE(empty->entries, 0);
    fill(50);
    auto v = m_log->verify(m_store->reader());
    QVERIFY(v);
    QVERIFY2(v->ok(), qPrintable(v->problem));
    QCOMPARE(v->entries, 50);
    // Another key (someone without the secret store) cannot produce a valid chain.
    AuditLog forged(*m_store, QByteArray(32, 'x'));
    QVERIFY(!forged.verify(m_store->reader())->ok());
}

void TestAudit::tamperingIsDetected_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<qint64>("badId");
    QTest::newRow("actor edited") << QStringLiteral(
                                         "UPDATE audit_log SET actor='user:eve' WHERE id=7")
                                  << qint64(7);
    QTest::newRow("outcome edited")
        << QStringLiteral("UPDATE audit_log SET outcome=200 WHERE id=3") << qint64(3);
    QTest::newRow("detail edited")
        << QStringLiteral("UPDATE audit_log SET detail='{\"n\":99}' WHERE id=12") << qint64(12);
    QTest::newRow("time edited") << QStringLiteral("UPDATE audit_log SET at=at+1 WHERE id=1")
                                 << qint64(1);
    QTest::newRow("row deleted") << QStringLiteral("DELETE FROM audit_log WHERE id=10")
                                 << qint64(11);
    // The newest entries removed: the chain left is intact in itself, but shorter than its
    // signed head says.
    QTest::newRow("newest rows deleted")
        << QStringLiteral("DELETE FROM audit_log WHERE id > 17") << qint64(20);
    QTest::newRow("head deleted too")
        << QStringLiteral("DELETE FROM audit_log WHERE id > 17; DELETE FROM audit_head")
        << qint64(17);
    QTest::newRow("head replaced by an older one")
        << QStringLiteral("UPDATE audit_head SET last_id = 17, entries = 17, last_hash = (SELECT "
                          "hash FROM audit_log WHERE id = 17)")
        << qint64(17);
    QTest::newRow("row inserted")
        << QStringLiteral("INSERT INTO audit_log (id, at, actor, ip, action, target, outcome, "
                          "detail, prev_hash, hash) SELECT 1000, at, actor, ip, action, target, "
                          "outcome, detail, prev_hash, hash FROM audit_log WHERE id=19")
        << qint64(1000);
}

void TestAudit::tamperingIsDetected()
{
    QFETCH(QString, sql);
    QFETCH(qint64, badId);
    fill(20);
    QVERIFY(m_log->verify(m_store->reader())->ok());
    auto done =
        m_store->writeAndWait<bool>([&](storage::WriteContext &w) -> storage::DbResult<bool> {
            for (const QString &statement : sql.split(QStringLiteral("; "))) {
                auto q = storage::exec(w.db(), statement);
                if (!q)
                    return std::unexpected(q.error());
            }
            return true;
        });
    QVERIFY2(done, qPrintable(done ? QString() : done.error().message));
    auto v = m_log->verify(m_store->reader());
    QVERIFY(v);
    QVERIFY(!v->ok());
    QCOMPARE(v->firstBadId, badId);
    QVERIFY(!v->problem.isEmpty());
}

void TestAudit::listFiltersByActor()
{
    fill(10);
    auto all = m_log->list(m_store->reader(), 0, 100);
    QCOMPARE(all->size(), 10);
    QVERIFY(all->first().id < all->last().id);
    auto olga = m_log->list(m_store->reader(), 0, 100, QStringLiteral("user:olga"));
    QCOMPARE(olga->size(), 5);
    auto page = m_log->list(m_store->reader(), all->at(4).id, 3);
    QCOMPARE(page->size(), 3);
    QCOMPARE(page->first().id, all->at(5).id);
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
