// SPDX-License-Identifier: GPL-3.0-or-later
// Versioned migrations: from empty, from an earlier schema with data, refusal of a newer one.
#include "storage/migrations.h"
#include "storage/sqlutil.h"
#include "storage/store.h"
#include "testdb.h"

#include <QtTest>

#include <thread>

using namespace dc::storage;
using dc::test::ScratchDatabase;

namespace {
QStringList tables(Store &s)
{
    QSqlDatabase db = s.reader();
    const QString sql =
        s.backend() == Backend::Sqlite
            ? QStringLiteral("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                             "'sqlite_%' ORDER BY name")
            : QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema "
                             "= current_schema() ORDER BY table_name");
    auto q = exec(db, sql);
    QStringList out;
    while (q && q->next())
        out << q->value(0).toString();
    return out;
}
} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT
private slots:
    void fromEmptyToLatest();
    void fromPreviousSchemaKeepsData();
    void reopeningIsANoOp();
    void refusesANewerDatabase();
    void twoStoresOpeningTogetherMigrateOnce();
};

void TestMigrations::fromEmptyToLatest()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
    QVERIFY(latestSchemaVersion() >= 2);
    const QStringList expected = {QStringLiteral("customers"),  QStringLiteral("data_entries"),
                                  QStringLiteral("line_items"), QStringLiteral("orders"),
                                  QStringLiteral("products"),   QStringLiteral("schema_version"),
                                  QStringLiteral("shipments"),  QStringLiteral("supplier_offers"),
                                  QStringLiteral("suppliers"),  QStringLiteral("tracking_events"),
                                  QStringLiteral("variants")};
    const QStringList have = tables(**store);
    for (const QString &t : expected)
        QVERIFY2(have.contains(t), qPrintable(t));
}

void TestMigrations::fromPreviousSchemaKeepsData()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    {
        StoreOptions v1;
        v1.targetSchemaVersion = 1;
        auto store = Store::open(sdb.url(), v1);
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QCOMPARE((*store)->schemaVersion(), 1);
        QVERIFY(!tables(**store).contains(QStringLiteral("data_entries")));
        auto r = (*store)->writeAndWait<qint64>([](WriteContext &ctx) -> DbResult<qint64> {
            auto q = exec(
                ctx.db(),
                QStringLiteral("INSERT INTO orders (shop, shopify_order_id, name, status, "
                               "currency, subtotal_minor, "
                               "shipping_minor, tax_minor, total_minor, created_at, updated_at) "
                               "VALUES ('s.myshopify.com', 1001, '#1001', 'received', 'EUR', 1000, "
                               "0, 0, 1000, 0, 0)"));
            if (!q)
                return std::unexpected(q.error());
            return 1;
        });
        QVERIFY(r);
    }
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
    QVERIFY(tables(**store).contains(QStringLiteral("data_entries")));
    QSqlDatabase db = (*store)->reader();
    auto q = exec(
        db, QStringLiteral("SELECT name, total_minor FROM orders WHERE shopify_order_id = 1001"));
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toString(), QStringLiteral("#1001"));
    QCOMPARE(q->value(1).toLongLong(), 1000);
    auto versions = exec(db, QStringLiteral("SELECT version FROM schema_version ORDER BY version"));
    QList<int> applied;
    while (versions && versions->next())
        applied << versions->value(0).toInt();
    QCOMPARE(applied.size(), latestSchemaVersion());
    QCOMPARE(applied.first(), 1);
}

void TestMigrations::reopeningIsANoOp()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    for (int i = 0; i < 2; ++i) {
        auto store = Store::open(sdb.url());
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QCOMPARE((*store)->schemaVersion(), latestSchemaVersion());
    }
}

void TestMigrations::refusesANewerDatabase()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    {
        auto store = Store::open(sdb.url());
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QVERIFY((*store)->writeAndWait<qint64>([](WriteContext &ctx) -> DbResult<qint64> {
            auto q = exec(ctx.db(), QStringLiteral("INSERT INTO schema_version (version, name, "
                                                   "applied_at) VALUES (999, 'future', 0)"));
            if (!q)
                return std::unexpected(q.error());
            return 1;
        }));
    }
    auto store = Store::open(sdb.url());
    QVERIFY(!store);
    QVERIFY2(store.error().contains(QStringLiteral("schema version 999")),
             qPrintable(store.error()));
    QVERIFY2(store.error().contains(QStringLiteral("newer")), qPrintable(store.error()));
}

void TestMigrations::twoStoresOpeningTogetherMigrateOnce()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    std::expected<std::unique_ptr<Store>, QString> a, b;
    std::thread ta([&] { a = Store::open(sdb.url()); });
    std::thread tb([&] { b = Store::open(sdb.url()); });
    ta.join();
    tb.join();
    QVERIFY2(a, qPrintable(a ? QString() : a.error()));
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    QSqlDatabase db = (*a)->reader();
    auto q = exec(db, QStringLiteral("SELECT COUNT(*) FROM schema_version"));
    QVERIFY(q && q->next());
    QCOMPARE(q->value(0).toInt(), latestSchemaVersion());
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
