// SPDX-License-Identifier: GPL-3.0-or-later
// Three `dropcrew --headless` instances on one PostgreSQL database, a stream of signed Shopify
// webhooks spread across them, and an instance killed (SIGKILL) every few seconds and started
// again. At the end: every webhook answered 200 became exactly one order, every order's
// workflow completed exactly once with one supplier order on the fake AliExpress, no task is
// stuck past its lease, and the audit chain has no fork. Prints the figures.
#include "dropshipfixture.h"
#include "fakeshopify.h"
#include "http.h"
#include "testdb.h"

#include "runtime/backend.h"
#include "security/audit.h"
#include "security/auth.h"
#include "security/secretstore.h"
#include "security/sharedsecretstore.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;

namespace {
const QString kShop = QStringLiteral("cluster.myshopify.com");
const QByteArray kSecret = "cluster-webhook-secret";
constexpr int kInstances = 3;
constexpr int kOrders = 150;
constexpr int kRatePerSecond = 15;
constexpr int kKillEveryMs = 2000;
} // namespace

class TestCluster : public QObject
{
    Q_OBJECT
private slots:
    void killedInstancesLoseNothing();

private:
    qint64 scalar(const QString &sql);

    QString m_binary = qEnvironmentVariable("DROPCREW_BINARY");
    QTemporaryDir m_dir;
    std::unique_ptr<ScratchDatabase> m_db;
    std::unique_ptr<storage::Store> m_store;
};

qint64 TestCluster::scalar(const QString &sql)
{
    auto q = storage::exec(m_store->reader(), sql);
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

void TestCluster::killedInstancesLoseNothing()
{
    if (backendUnderTest() != storage::Backend::Postgres)
        QSKIP("the cluster runs on PostgreSQL only (DROPCREW_TEST_BACKEND=postgresql)");
    QVERIFY2(QFileInfo(m_binary).isExecutable(), "DROPCREW_BINARY is not set");
    m_db = std::make_unique<ScratchDatabase>();
    DC_REQUIRE_DB(*m_db);

    auto ae = dropshipAliExpress();
    // Each instance has a data folder of its own, as on separate machines: the same INI and
    // shipped workflows, and of the secrets only the field keys (they open the others). Every
    // other secret is in the shared database, where the instances also create the signing keys
    // and the audit key, and whatever one of them changes (workflows, remote agents, keys).
    const QString tpl = m_dir.filePath(QStringLiteral("template"));
    auto prepared =
        prepareDataDir(tpl, *ae,
                       "[limits]\nip_rate=0\nauth_per_minute=1\nauth_burst=3\n[cluster]\n"
                       "lease_seconds=5\n[tasks]\nworkers=8\n");
    QVERIFY2(prepared, qPrintable(prepared ? QString() : prepared.error()));

    // The schema, the shop and the catalog, written straight to the shared database.
    auto store = storage::Store::open(m_db->url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    m_store = std::move(*store);
    auto seeded = seedCatalog(*m_store, tpl, kShop);
    QVERIFY2(seeded, qPrintable(seeded ? QString() : seeded.error()));
    {
        auto local = security::makeFileSecretStore(tpl + QStringLiteral("/secrets"));
        auto cipher = runtime::loadOrCreateFieldKeys(*local);
        QVERIFY(cipher);
        security::SharedSecretStore shared(*m_store, *cipher, *local, {});
        const QDir secretDir(tpl + QStringLiteral("/secrets"));
        for (const QString &name : secretDir.entryList(QDir::Files)) {
            if (security::SharedSecretStore::localOnly(name))
                continue;
            auto v = local->read(name);
            QVERIFY(v && v->has_value());
            QVERIFY(shared.write(name, **v));
            QVERIFY(local->remove(name));
        }
    }
    QStringList folders;
    for (int i = 0; i < kInstances; ++i) {
        const QString dir = m_dir.filePath(QStringLiteral("node%1").arg(i));
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/workflows")));
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/secrets")));
        QFile::setPermissions(dir + QStringLiteral("/secrets"), QFileDevice::ReadOwner |
                                                                    QFileDevice::WriteOwner |
                                                                    QFileDevice::ExeOwner);
        QVERIFY(QFile::copy(tpl + QStringLiteral("/dropcrew.ini"),
                            dir + QStringLiteral("/dropcrew.ini")));
        QVERIFY(QFile::copy(tpl + QStringLiteral("/workflows/order_processing.yaml"),
                            dir + QStringLiteral("/workflows/order_processing.yaml")));
        QVERIFY(QFile::copy(tpl + QStringLiteral("/secrets/field-keys"),
                            dir + QStringLiteral("/secrets/field-keys")));
        QCOMPARE(QDir(dir + QStringLiteral("/secrets")).entryList(QDir::Files),
                 QStringList{QStringLiteral("field-keys")});
        folders << dir;
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DROPCREW_SHOPIFY_SECRET"), QString::fromLatin1(kSecret));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("dropcrew.*.info=false"));
    std::vector<std::unique_ptr<HeadlessProcess>> nodes;
    for (const QString &dir : std::as_const(folders))
        nodes.push_back(std::make_unique<HeadlessProcess>(
            m_binary,
            QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir,
                        QStringLiteral("--secrets"), QStringLiteral("file"),
                        QStringLiteral("--database"), m_db->urlString()},
            env));
    // Every start, restarts too, takes a free port (0) and the test reads it back: a port kept
    // from an earlier start may have been handed to some other socket meanwhile.
    const auto portOf = [&nodes](int k) { return nodes[size_t(k % kInstances)]->port(); };
    // The first creates the schema and the keys; the others join.
    for (int i = 0; i < kInstances; ++i)
        QVERIFY(nodes[size_t(i)]->start());
    // Login attempts are limited across the cluster: three wrong passwords on one instance,
    // and the fourth on another is refused.
    {
        QNetworkAccessManager nam;
        const auto login = [&nam](quint16 port) {
            QNetworkRequest req(
                QUrl(QStringLiteral("http://127.0.0.1:%1/api/auth/token").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            QNetworkReply *r =
                nam.post(req, QByteArray(R"({"username":"admin","password":"wrong-password"})"));
            QSignalSpy done(r, &QNetworkReply::finished);
            done.wait(15000);
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            r->deleteLater();
            return status;
        };
        for (int i = 0; i < 3; ++i)
            QCOMPARE(login(portOf(0)), 401);
        QCOMPARE(login(portOf(1)), 429);
        QCOMPARE(login(portOf(2)), 429);
    }

    // Kill one instance every few seconds (round robin) and start it again a second later.
    // The restart timers belong to `restarts`, deleted when the killing stops, so that none
    // fires into the final restarts below.
    int kills = 0, next = 0;
    QTimer killer;
    auto restarts = std::make_unique<QObject>();
    QObject::connect(&killer, &QTimer::timeout, this, [&] {
        const size_t k = size_t(next++ % kInstances);
        HeadlessProcess &n = *nodes[k];
        if (!n.up())
            return;
        n.kill(); // SIGKILL: no shutdown, leases and open transactions left behind
        ++kills;
        QTimer::singleShot(1000, restarts.get(), [&n] { n.start(); });
    });
    killer.start(kKillEveryMs);

    // The webhooks, each retried on the next instance until one answers 200 (as Shopify does).
    QNetworkAccessManager nam;
    QSet<qint64> answered;
    int refusedAttempts = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kOrders; ++i) {
        while (clock.elapsed() < qint64(i) * 1000 / kRatePerSecond)
            QTest::qWait(5);
        const qint64 shopifyId = 7'000'000 + i;
        const QByteArray body = orderPayload(shopifyId, QDateTime::currentDateTimeUtc(),
                                             QStringLiteral("40.00"), 0, QStringLiteral("Martin"));
        for (int attempt = 0; attempt < 40; ++attempt) {
            const quint16 port = portOf(i + attempt);
            const WebhookReply r = sendWebhook(nam, QStringLiteral("http://127.0.0.1:%1").arg(port),
                                               kShop, QStringLiteral("orders/create"), body,
                                               kSecret, QStringLiteral("cluster-%1").arg(i));
            if (r.status == 200) {
                answered.insert(shopifyId);
                break;
            }
            ++refusedAttempts;
            QTest::qWait(50);
        }
    }
    killer.stop();
    restarts.reset();
    const double sendSeconds = double(clock.elapsed()) / 1000.0;
    for (int i = 0; i < kInstances; ++i) {
        HeadlessProcess &n = *nodes[size_t(i)];
        if (!n.up())
            QVERIFY(QTest::qWaitFor([&] { return n.up() || n.start(); }, 60000));
    }
    QCOMPARE(answered.size(), kOrders);

    // Everything settles on the surviving instances.
    const bool settled = QTest::qWaitFor(
        [&] {
            return scalar(QStringLiteral(
                       "SELECT COUNT(*) FROM workflow_runs WHERE state = 'succeeded'")) == kOrders;
        },
        120000);
    const qint64 orders = scalar(QStringLiteral("SELECT COUNT(*) FROM orders"));
    const qint64 distinctOrders =
        scalar(QStringLiteral("SELECT COUNT(DISTINCT shopify_order_id) FROM orders"));
    const qint64 runs = scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs"));
    const qint64 succeeded =
        scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE state = 'succeeded'"));
    const qint64 supplierOrders = scalar(
        QStringLiteral("SELECT COUNT(*) FROM supplier_orders WHERE supplier_order_id <> ''"));
    QSet<QString> outIds;
    for (const auto &o : ae->orders())
        outIds.insert(o.outOrderId);
    // A task held by the instance killed last is taken over once its lease lapses: wait for
    // that (bounded) instead of looking once.
    const auto stuckNow = [&] {
        return scalar(QStringLiteral(
                          "SELECT COUNT(*) FROM tasks WHERE state = 'running' AND lease_until < %1")
                          .arg(QDateTime::currentMSecsSinceEpoch() - 5000));
    };
    QTRY_COMPARE_WITH_TIMEOUT(stuckNow(), qint64(0), 30000);
    const qint64 stuck = stuckNow();
    auto key = sharedSecret(*m_store, tpl, QStringLiteral("audit-key"));
    QVERIFY(key && key->has_value());
    security::AuditLog audit(*m_store, QByteArray::fromBase64(**key));
    auto chain = audit.verify(m_store->reader());
    QVERIFY(chain);

    std::printf("cluster: %d instances, %d webhooks answered 200 in %.1f s (%d refused attempts "
                "on killed instances), %d kills\n",
                kInstances, int(answered.size()), sendSeconds, refusedAttempts, kills);
    std::printf(
        "cluster: %lld orders (%lld distinct), %lld runs (%lld succeeded), %lld supplier "
        "orders, %d AliExpress orders (%d distinct): duplicates = %lld, lost = %lld; "
        "tasks stuck past their lease = %lld; audit chain %s (%lld entries)\n",
        static_cast<long long>(orders), static_cast<long long>(distinctOrders),
        static_cast<long long>(runs), static_cast<long long>(succeeded),
        static_cast<long long>(supplierOrders), int(ae->orders().size()), int(outIds.size()),
        static_cast<long long>(ae->orders().size() - outIds.size() + orders - distinctOrders),
        static_cast<long long>(kOrders - succeeded), static_cast<long long>(stuck),
        chain->ok() ? "intact" : qPrintable(chain->problem),
        static_cast<long long>(chain->entries));
    std::fflush(stdout);
    // scripts/test.sh prints this after the run, pass or fail (CTest shows output on failure only).
    if (QFile report(QCoreApplication::applicationDirPath() +
                     QStringLiteral("/cluster-report.txt"));
        report.open(QIODevice::WriteOnly))
        report.write(QStringLiteral("cluster: %1 instances, %2 webhooks answered 200 in %3 s, "
                                    "%4 kills; %5 orders, %6 runs succeeded, %7 AliExpress orders; "
                                    "duplicates %8, lost %9, stuck tasks %10, audit chain %11\n")
                         .arg(kInstances)
                         .arg(answered.size())
                         .arg(sendSeconds, 0, 'f', 1)
                         .arg(kills)
                         .arg(orders)
                         .arg(succeeded)
                         .arg(ae->orders().size())
                         .arg(ae->orders().size() - outIds.size() + orders - distinctOrders)
                         .arg(kOrders - succeeded)
                         .arg(stuck)
                         .arg(chain->ok() ? QStringLiteral("intact") : chain->problem)
                         .toUtf8());
    QVERIFY(kills >= 3);
    QVERIFY(settled);
    QCOMPARE(orders, qint64(kOrders));
    QCOMPARE(distinctOrders, qint64(kOrders));
    QCOMPARE(runs, qint64(kOrders));
    QCOMPARE(succeeded, qint64(kOrders));
    QCOMPARE(supplierOrders, qint64(kOrders));
    QCOMPARE(qint64(ae->orders().size()), qint64(kOrders));
    QCOMPARE(qint64(outIds.size()), qint64(kOrders));
    QCOMPARE(stuck, 0);
    QVERIFY2(chain->ok(), qPrintable(chain->problem));

    // State changed through one instance is what the others use (it lives in the database).
    {
        auto local = security::makeFileSecretStore(tpl + QStringLiteral("/secrets"));
        auto cipher = runtime::loadOrCreateFieldKeys(*local);
        QVERIFY(cipher);
        security::SharedSecretStore shared(*m_store, *cipher, *local, {});
        auto auth = security::AuthService::create(*m_store, shared, {});
        QVERIFY2(auth, qPrintable(auth ? QString() : auth.error()));
        auto session = (*auth)->localAdminSession();
        QVERIFY(session);
        QByteArray bearer = "Bearer " + session->accessToken.toLatin1();
        QNetworkAccessManager nam;
        const auto base = [&nodes](int i) { return nodes[size_t(i)]->base(); };
        // A workflow saved on one instance is there, and valid, on the others.
        const QByteArray yaml = "name: shared_flow\nsteps:\n  - name: tell\n    agent: system\n"
                                "    action: notify_admin\n    input: {subject: shared}\n";
        HttpReply put =
            httpCall(nam, base(0), "PUT", QStringLiteral("/api/workflows/shared_flow/definition"),
                     yaml, "application/yaml", bearer);
        QCOMPARE(put.status, 200);
        for (int i : {1, 2})
            QTRY_COMPARE_WITH_TIMEOUT(
                httpCall(nam, base(i), "GET",
                         QStringLiteral("/api/workflows/shared_flow/definition"), {},
                         "application/json", bearer)
                    .raw,
                yaml, 10000);
        // A remote agent registered on one instance: its actions exist on the others.
        HttpReply agent =
            httpCall(nam, base(2), "PUT", QStringLiteral("/api/remote-agents/pricer"),
                     R"({"url":"http://127.0.0.1:9/agent","secret":"remote-secret-123456",
                "actions":[{"name":"quote","description":"a price"}]})",
                     "application/json", bearer);
        QVERIFY2(agent.status == 200 || agent.status == 201, agent.raw.constData());
        QTRY_VERIFY_WITH_TIMEOUT(httpCall(nam, base(0), "GET", QStringLiteral("/api/agents"), {},
                                          "application/json", bearer)
                                     .raw.contains("\"pricer\""),
                                 10000);
        // The signing key rotated on one instance: a token signed with the new key by another
        // instance is accepted by the third.
        HttpReply rotated =
            httpCall(nam, base(1), "POST", QStringLiteral("/api/auth/signing-keys/rotate"), "{}",
                     "application/json", bearer);
        QVERIFY2(rotated.status == 200 || rotated.status == 201, rotated.raw.constData());
        const QString kid = rotated.json.value(QStringLiteral("current")).toString();
        QVERIFY(!kid.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(httpCall(nam, base(2), "GET",
                                          QStringLiteral("/api/auth/signing-keys"), {},
                                          "application/json", bearer)
                                     .raw.contains(kid.toLatin1()),
                                 10000);
        // A token signed with the new key (read back from the shared store) works everywhere.
        QVERIFY((*auth)->reloadSigningKeys());
        auto next = (*auth)->localAdminSession();
        QVERIFY(next);
        const QByteArray fresh = next->accessToken.toLatin1();
        const QJsonObject header =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(fresh.split('.').first(), QByteArray::Base64UrlEncoding))
                .object();
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), kid);
        for (int i : {0, 1, 2})
            QTRY_COMPARE_WITH_TIMEOUT(httpCall(nam, base(i), "GET", QStringLiteral("/api/auth/me"),
                                               {}, "application/json", "Bearer " + fresh)
                                          .status,
                                      200, 10000);
        const char *sharing = "cluster: a workflow saved, a remote agent registered and a signing "
                              "key rotated on one instance are used by the others\n";
        std::fputs(sharing, stdout);
        if (QFile report(QCoreApplication::applicationDirPath() +
                         QStringLiteral("/cluster-report.txt"));
            report.open(QIODevice::Append))
            report.write(sharing);
    }

    for (auto &n : nodes)
        QVERIFY(n->terminate());
    m_store->close();
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
