// SPDX-License-Identifier: GPL-3.0-or-later
// `dropcrew --headless` with its data folder on a small tmpfs that fills up while Shopify
// webhooks arrive and workflows run: the server answers 503 for what it cannot store (never 200),
// keeps running, and once space returns stores and processes again by itself. Every webhook
// answered 200 becomes exactly one order and PRAGMA integrity_check is ok at the end. Health is
// "degraded" from the moment the disk is full until writes have succeeded for the recovery
// window: every check waits for a state (bounded), none for an amount of time.
// Mounting needs root (CI runs as root); elsewhere the test is skipped and says why.
#include "dropshipfixture.h"
#include "fakeshopify.h"
#include "http.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace dc;
using namespace dc::test;

namespace {
const QString kShop = QStringLiteral("full.myshopify.com");
const QByteArray kSecret = "full-webhook-secret";

// An order whose note makes the delivery large (sealed, so incompressible): the free pages
// SQLite keeps cannot absorb many of these.
QByteArray bigOrder(qint64 id)
{
    QJsonObject o =
        QJsonDocument::fromJson(orderPayload(id, QDateTime::currentDateTimeUtc(),
                                             QStringLiteral("40.00"), 0, QStringLiteral("Full")))
            .object();
    o.insert(QStringLiteral("note"), QString(200 * 1024, QLatin1Char('n')));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

int run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
        return -1;
    return p.exitCode();
}
} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT
private slots:
    void fullDiskGets503AndRecovers();

private:
    QVariant scalar(const QString &sql);
    QString m_dbFile;
};

QVariant TestDiskFull::scalar(const QString &sql)
{
    return sqliteScalar(m_dbFile, sql);
}

void TestDiskFull::fullDiskGets503AndRecovers()
{
    const QString binary = qEnvironmentVariable("DROPCREW_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(), "DROPCREW_BINARY is not set");
    if (::geteuid() != 0)
        QSKIP("mounting the small tmpfs needs root (CI runs as root)");
    QTemporaryDir mountPoint;
    QVERIFY(mountPoint.isValid());
    const QString dir = mountPoint.path();
    QCOMPARE(run(QStringLiteral("mount"),
                 {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                  QStringLiteral("size=24m,mode=0700"), QStringLiteral("dropcrew-full"), dir}),
             0);
    auto unmount = qScopeGuard([&] { run(QStringLiteral("umount"), {QStringLiteral("-l"), dir}); });
    m_dbFile = dir + QStringLiteral("/dropcrew.db");

    auto ae = dropshipAliExpress();
    // recovery_seconds: long enough that nothing here depends on how fast the checks run, short
    // enough that the test does not wait long for "ok" at the end.
    auto prepared = prepareDataDir(dir, *ae,
                                   "[limits]\nip_rate=0\n[cluster]\nlease_seconds=2\n"
                                   "[storage]\nrecovery_seconds=10\nmin_free_mib=1\n");
    QVERIFY2(prepared, qPrintable(prepared ? QString() : prepared.error()));
    {
        storage::DatabaseUrl url;
        url.path = m_dbFile;
        auto store = storage::Store::open(url);
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        auto seeded = seedCatalog(**store, dir, kShop);
        QVERIFY2(seeded, qPrintable(seeded ? QString() : seeded.error()));
        (*store)->close();
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DROPCREW_SHOPIFY_SECRET"), QString::fromLatin1(kSecret));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("dropcrew.*.info=false"));
    HeadlessProcess server(binary,
                           {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir,
                            QStringLiteral("--secrets"), QStringLiteral("file")},
                           env);
    QVERIFY(server.start());

    QNetworkAccessManager nam;
    QSet<qint64> answered;
    QHash<int, int> statusesWhileFull;
    qint64 nextId = 9'100'000;
    const auto deliver = [&](qint64 id) {
        const WebhookReply r =
            sendWebhook(nam, server.base(), kShop, QStringLiteral("orders/create"), bigOrder(id),
                        kSecret, QStringLiteral("full-%1").arg(id));
        if (r.status == 200)
            answered.insert(id);
        return r.status;
    };
    for (int i = 0; i < 5; ++i)
        QCOMPARE(deliver(nextId++), 200);

    const auto healthNow = [&] {
        return httpCall(nam, server.base(), "GET", QStringLiteral("/api/health"));
    };

    // Fill the filesystem: large blocks, then small ones for what is left.
    QFile filler(dir + QStringLiteral("/filler"));
    QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    for (const qint64 size : {qint64(64 * 1024), qint64(4096)}) {
        const QByteArray block(size, 'x');
        while (filler.write(block) == block.size()) {
        }
    }
    filler.close();
    const qint64 fillerBytes = filler.size();

    // Full: health is degraded at once (free space), whatever the writes are doing.
    const HttpReply healthFull = healthNow();
    QCOMPARE(healthFull.status, 503);

    // While full: 503 (or 200 for what still fits in SQLite's free pages and the WAL), never
    // another answer; the server lives. Deliveries continue until some are refused: what fits
    // is bounded by the 24 MiB filesystem, so 100 deliveries of 200 KiB cannot all fit.
    QList<qint64> refused;
    int sentWhileFull = 0;
    HttpReply health; // asked right after the first refusal, and it must say why
    while (refused.size() < 3 && sentWhileFull < 100) {
        const qint64 id = nextId++;
        const int status = deliver(id);
        ++sentWhileFull;
        ++statusesWhileFull[status];
        if (status != 200)
            refused << id;
        if (status == 503 && health.status == 0)
            health = healthNow();
    }
    QCOMPARE(server.process()->state(), QProcess::Running);
    // Writes that fit meanwhile did not make it say "ok".
    const HttpReply healthStillFull = healthNow();

    // Space returns: the same server stores again, without a restart.
    QVERIFY(QFile::remove(filler.fileName()));
    QElapsedTimer recovery;
    recovery.start();
    const qint64 probe = nextId++;
    QTRY_VERIFY_WITH_TIMEOUT(deliver(probe) == 200, 30000);
    const qint64 recoveryMs = recovery.elapsed();
    for (const qint64 id : std::as_const(refused))
        QCOMPARE(deliver(id), 200); // Shopify's retry of what was refused
    // "ok" again once writes have succeeded for the recovery window (10 s) with no failure.
    int healthAfter = 0;
    QTRY_VERIFY_WITH_TIMEOUT((healthAfter = healthNow().status) == 200, 90000);
    const qint64 okAfterMs = recovery.elapsed();
    const qint64 total = nextId - 9'100'000;
    QCOMPARE(qint64(answered.size()), total);
    const bool settled = waitForSucceededRuns(m_dbFile, total, 120000);
    QCOMPARE(server.process()->state(), QProcess::Running);
    QVERIFY(server.terminate());

    const qint64 orders = scalar(QStringLiteral("SELECT COUNT(*) FROM orders")).toLongLong();
    const qint64 distinct =
        scalar(QStringLiteral("SELECT COUNT(DISTINCT shopify_order_id) FROM orders")).toLongLong();
    const qint64 succeeded =
        scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE state = 'succeeded'"))
            .toLongLong();
    const QString integrity = scalar(QStringLiteral("PRAGMA integrity_check")).toString();
    QStringList whileFull;
    for (auto it = statusesWhileFull.cbegin(); it != statusesWhileFull.cend(); ++it)
        whileFull << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
    whileFull.sort();
    const QString report =
        QStringLiteral("disk full (24 MiB tmpfs, %1 MiB filler): %2 large deliveries while full "
                       "answered %3; /api/health %4 while full; stored again %5 ms after space "
                       "returned, health ok after %6 ms; %7 webhooks answered 200 -> %8 orders "
                       "(%9 distinct), %10 runs succeeded, %11 AliExpress orders; "
                       "integrity_check %12\n")
            .arg(fillerBytes / (1024 * 1024))
            .arg(sentWhileFull)
            .arg(whileFull.join(QStringLiteral(", ")))
            .arg(health.status)
            .arg(recoveryMs)
            .arg(okAfterMs)
            .arg(answered.size())
            .arg(orders)
            .arg(distinct)
            .arg(succeeded)
            .arg(ae->orders().size())
            .arg(integrity);
    std::fputs(qPrintable(report), stdout);
    std::fflush(stdout);
    if (QFile f(QCoreApplication::applicationDirPath() + QStringLiteral("/diskfull-report.txt"));
        f.open(QIODevice::WriteOnly))
        f.write(report.toUtf8());

    QVERIFY2(statusesWhileFull.value(503) > 0, "the filesystem was full but nothing was refused");
    QCOMPARE(statusesWhileFull.value(200) + statusesWhileFull.value(503), sentWhileFull);
    // The load balancer and the operator see it: 503 "degraded" with the storage error, from
    // the fill until after space returned, whatever fit in between.
    for (const HttpReply *h :
         {&healthFull, static_cast<const HttpReply *>(&health), &healthStillFull}) {
        QCOMPARE(h->status, 503);
        QCOMPARE(h->json.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        const QString state = h->json.value(QStringLiteral("storage"))
                                  .toObject()
                                  .value(QStringLiteral("state"))
                                  .toString();
        QVERIFY2(state == QLatin1String("low_space") || state == QLatin1String("failing"),
                 h->raw.constData());
    }
    // After a refusal it says why, in words safe for anyone (not the database's message).
    for (const HttpReply *h : {static_cast<const HttpReply *>(&health), &healthStillFull}) {
        const QJsonObject storage = h->json.value(QStringLiteral("storage")).toObject();
        QCOMPARE(storage.value(QStringLiteral("last_failure_kind")).toString(),
                 QStringLiteral("disk_full"));
        QVERIFY2(!storage.contains(QStringLiteral("last_failure")), h->raw.constData());
    }
    QCOMPARE(healthAfter, 200);
    QVERIFY(settled);
    QCOMPARE(orders, total);
    QCOMPARE(distinct, total);
    QCOMPARE(succeeded, total);
    QCOMPARE(qint64(ae->orders().size()), total);
    QCOMPARE(integrity, QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
