// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 of `dropcrew --headless` on its embedded SQLite database, 20 times at random moments,
// while Shopify webhooks arrive and the seed's order_processing workflow places supplier orders
// on the fake AliExpress. Deliveries not answered 200 are sent again (as Shopify does). After
// each kill: PRAGMA integrity_check is ok. At the end: every webhook answered 200 became exactly
// one order, every order's workflow succeeded once, AliExpress holds exactly one order per order
// (the external side effect never happened twice) and the audit chain is intact.
#include "dropshipfixture.h"
#include "fakeshopify.h"

#include "security/audit.h"
#include "security/secretstore.h"
#include "storage/sqlutil.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;

namespace {
const QString kShop = QStringLiteral("crash.myshopify.com");
const QByteArray kSecret = "crash-webhook-secret";
constexpr int kKills = 20;
constexpr int kSendEveryMs = 40;
} // namespace

class TestCrash : public QObject
{
    Q_OBJECT
private slots:
    void twentyKillsLoseNothing();

private:
    // Opens the database file directly (the server is not running, or only reading is needed).
    QVariant scalar(const QString &sql);
    QString integrityCheck();

    QTemporaryDir m_dir;
    QString m_dbFile;
};

QVariant TestCrash::scalar(const QString &sql)
{
    return sqliteScalar(m_dbFile, sql);
}

QString TestCrash::integrityCheck()
{
    return scalar(QStringLiteral("PRAGMA integrity_check")).toString();
}

void TestCrash::twentyKillsLoseNothing()
{
    const QString binary = qEnvironmentVariable("DROPCREW_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(), "DROPCREW_BINARY is not set");
    QVERIFY(m_dir.isValid());
    m_dbFile = m_dir.filePath(QStringLiteral("dropcrew.db"));
    auto ae = dropshipAliExpress();
    auto prepared = prepareDataDir(m_dir.path(), *ae,
                                   "[limits]\nip_rate=0\n[cluster]\nlease_seconds=5\n"
                                   "[tasks]\nworkers=8\n");
    QVERIFY2(prepared, qPrintable(prepared ? QString() : prepared.error()));
    {
        auto store = storage::Store::open(storage::DatabaseUrl{.path = m_dbFile});
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        auto seeded = seedCatalog(**store, m_dir.path(), kShop);
        QVERIFY2(seeded, qPrintable(seeded ? QString() : seeded.error()));
        (*store)->close();
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DROPCREW_SHOPIFY_SECRET"), QString::fromLatin1(kSecret));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("dropcrew.*.info=false"));
    HeadlessProcess server(binary,
                           {QStringLiteral("--headless"), QStringLiteral("--data-dir"),
                            m_dir.path(), QStringLiteral("--secrets"), QStringLiteral("file")},
                           env);

    // Deliveries: a new order every tick, or first one sent before and not answered 200.
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    QNetworkAccessManager nam;
    QSet<qint64> answered;
    QList<qint64> unanswered; // sent, no 200 yet: sent again
    QSet<qint64> inFlight;
    qint64 nextId = 8'000'000;
    int deliveries = 0, answeredThisRun = 0;
    bool sending = false;
    bool draining = false; // the last phase: only deliveries that were refused are sent again
    const auto send = [&](qint64 id) {
        const QByteArray body = orderPayload(id, QDateTime::currentDateTimeUtc(),
                                             QStringLiteral("40.00"), 0, QStringLiteral("Crash"));
        QNetworkReply *r = postWebhook(nam, server.base(), kShop, QStringLiteral("orders/create"),
                                       body, kSecret, QStringLiteral("crash-%1").arg(id));
        ++deliveries;
        inFlight.insert(id);
        connect(r, &QNetworkReply::finished, this, [&, r, id] {
            inFlight.remove(id);
            if (r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
                answered.insert(id);
                ++answeredThisRun;
            } else if (!answered.contains(id)) {
                unanswered.append(id);
            }
            r->deleteLater();
        });
    };
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] {
        if (!sending || !server.up())
            return;
        if (!unanswered.isEmpty())
            send(unanswered.takeFirst());
        else if (!draining)
            send(nextId++);
    });
    ticker.start(kSendEveryMs);

    int integrityOk = 0;
    QStringList integrityProblems;
    for (int kill = 0; kill < kKills; ++kill) {
        QVERIFY(server.start());
        // Killed after a random number of answered deliveries: mid-ingest, with workflows,
        // supplier orders and group commits under way.
        answeredThisRun = 0;
        const int killAfter = 2 + int(random.bounded(25));
        sending = true;
        QTRY_VERIFY_WITH_TIMEOUT(answeredThisRun >= killAfter, 30000);
        server.kill();
        sending = false;
        QTRY_VERIFY_WITH_TIMEOUT(inFlight.isEmpty(), 20000);
        const QString check = integrityCheck();
        if (check == QLatin1String("ok"))
            ++integrityOk;
        else
            integrityProblems << QStringLiteral("after kill %1: %2").arg(kill + 1).arg(check);
    }

    // The last start: what was not answered is delivered again, no new order, and everything
    // settles (a state that, once reached, stays: however slow each answer is).
    QVERIFY(server.start());
    draining = true;
    sending = true;
    QTRY_VERIFY_WITH_TIMEOUT(unanswered.isEmpty() && inFlight.isEmpty(), 120000);
    sending = false;
    ticker.stop();
    const qint64 total = nextId - 8'000'000;
    QCOMPARE(qint64(answered.size()), total);
    const bool settled = waitForSucceededRuns(m_dbFile, total, 120000);
    QVERIFY(server.terminate());

    const qint64 orders = scalar(QStringLiteral("SELECT COUNT(*) FROM orders")).toLongLong();
    const qint64 distinctOrders =
        scalar(QStringLiteral("SELECT COUNT(DISTINCT shopify_order_id) FROM orders")).toLongLong();
    QSet<qint64> stored;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("crash-ids"));
        db.setDatabaseName(m_dbFile);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT shopify_order_id FROM orders")));
        while (q.next())
            stored.insert(q.value(0).toLongLong());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("crash-ids"));
    qint64 lost = 0;
    for (qint64 id : std::as_const(answered))
        lost += stored.contains(id) ? 0 : 1;
    const qint64 runs = scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs")).toLongLong();
    const qint64 succeeded =
        scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE state = 'succeeded'"))
            .toLongLong();
    const qint64 supplierOrders =
        scalar(QStringLiteral("SELECT COUNT(*) FROM supplier_orders WHERE supplier_order_id <> ''"))
            .toLongLong();
    QSet<QString> outIds;
    for (const auto &o : ae->orders())
        outIds.insert(o.outOrderId);
    const int creates =
        int(ae->methodsCalled().count(QStringLiteral("aliexpress.ds.order.create")));
    const qint64 retriedTasks =
        scalar(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE attempts > 1")).toLongLong();
    const QString finalCheck = integrityCheck();

    auto store = storage::Store::open(storage::DatabaseUrl{.path = m_dbFile});
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    auto key = sharedSecret(**store, m_dir.path(), QStringLiteral("audit-key"));
    QVERIFY(key && key->has_value());
    security::AuditLog audit(**store, QByteArray::fromBase64(**key));
    auto chain = audit.verify((*store)->reader());
    QVERIFY(chain);

    const QString report =
        QStringLiteral("crash (SQLite, seed %1): %2 kills -9; %3 deliveries sent, %4 webhooks "
                       "answered 200; %5 orders (%6 distinct), lost %7; %8 runs, %9 succeeded; "
                       "%10 AliExpress orders (%11 distinct) from %12 create calls, duplicates "
                       "%13; %14 tasks ran more than once; integrity_check ok %15/%16; audit "
                       "chain %17 (%18 entries)\n")
            .arg(seed)
            .arg(kKills)
            .arg(deliveries)
            .arg(answered.size())
            .arg(orders)
            .arg(distinctOrders)
            .arg(lost)
            .arg(runs)
            .arg(succeeded)
            .arg(ae->orders().size())
            .arg(outIds.size())
            .arg(creates)
            .arg(std::max<qint64>(0, qint64(ae->orders().size()) - orders) + orders -
                 distinctOrders)
            .arg(retriedTasks)
            .arg(integrityOk + (finalCheck == QLatin1String("ok") ? 1 : 0))
            .arg(kKills + 1)
            .arg(chain->ok() ? QStringLiteral("intact") : chain->problem)
            .arg(chain->entries);
    std::fputs(qPrintable(report), stdout);
    std::fflush(stdout);
    // scripts/test.sh prints this after the run, pass or fail (CTest shows output on failure only).
    if (QFile f(QCoreApplication::applicationDirPath() + QStringLiteral("/crash-report.txt"));
        f.open(QIODevice::WriteOnly))
        f.write(report.toUtf8());

    QVERIFY2(integrityProblems.isEmpty(), qPrintable(integrityProblems.join(u'\n')));
    QCOMPARE(finalCheck, QStringLiteral("ok"));
    QVERIFY(settled);
    QCOMPARE(lost, 0);
    QCOMPARE(orders, total);
    QCOMPARE(distinctOrders, total);
    QCOMPARE(runs, total);
    QCOMPARE(succeeded, total);
    QCOMPARE(supplierOrders, total);
    QCOMPARE(qint64(ae->orders().size()), total);
    QCOMPARE(qint64(outIds.size()), total);
    QVERIFY2(chain->ok(), qPrintable(chain->problem));
    (*store)->close();
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
