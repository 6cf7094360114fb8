// SPDX-License-Identifier: GPL-3.0-or-later
// `dropcrew --headless` with its data folder on a small tmpfs that fills up while Shopify
// webhooks arrive and workflows run: the server answers 503 for what it cannot store (never 200),
// keeps running, and once space returns stores and processes again by itself. Every webhook
// answered 200 becomes exactly one order and PRAGMA integrity_check is ok at the end.
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
    auto prepared = prepareDataDir(dir, *ae, "[limits]\nip_rate=0\n[cluster]\nlease_seconds=2\n");
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

    // Fill the filesystem.
    QFile filler(dir + QStringLiteral("/filler"));
    QVERIFY(filler.open(QIODevice::WriteOnly));
    const QByteArray block(64 * 1024, 'x');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    filler.close();
    const qint64 fillerBytes = filler.size();

    // While full: 503 (or 200 for what still fits), never another answer; the server lives.
    QList<qint64> refused;
    for (int i = 0; i < 20; ++i) {
        const qint64 id = nextId++;
        const int status = deliver(id);
        ++statusesWhileFull[status];
        if (status != 200)
            refused << id;
    }
    QCOMPARE(server.process()->state(), QProcess::Running);
    const HttpReply health = httpCall(nam, server.base(), "GET", QStringLiteral("/api/health"));

    // Space returns: the same server stores again, without a restart.
    QVERIFY(QFile::remove(filler.fileName()));
    QElapsedTimer recovery;
    recovery.start();
    const qint64 probe = nextId++;
    QTRY_VERIFY_WITH_TIMEOUT(deliver(probe) == 200, 30000);
    const qint64 recoveryMs = recovery.elapsed();
    for (const qint64 id : std::as_const(refused))
        QCOMPARE(deliver(id), 200); // Shopify's retry of what was refused
    const int healthAfter =
        httpCall(nam, server.base(), "GET", QStringLiteral("/api/health")).status;
    QCOMPARE(healthAfter, 200);
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
        QStringLiteral("disk full (24 MiB tmpfs, %1 MiB filler): 20 large deliveries while full "
                       "answered %2; /api/health %3 while full; stored again %4 ms after space "
                       "returned; %5 webhooks answered 200 -> %6 orders (%7 distinct), %8 runs "
                       "succeeded, %9 AliExpress orders; integrity_check %10\n")
            .arg(fillerBytes / (1024 * 1024))
            .arg(whileFull.join(QStringLiteral(", ")))
            .arg(health.status)
            .arg(recoveryMs)
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
    QCOMPARE(statusesWhileFull.value(200) + statusesWhileFull.value(503), 20);
    // The load balancer and the operator see it: 503 "degraded" with the storage error.
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    QVERIFY2(health.raw.contains("full"), health.raw.constData());
    QVERIFY(settled);
    QCOMPARE(orders, total);
    QCOMPARE(distinct, total);
    QCOMPARE(succeeded, total);
    QCOMPARE(qint64(ae->orders().size()), total);
    QCOMPARE(integrity, QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
