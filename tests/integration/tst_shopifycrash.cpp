// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 of the real server while Shopify webhooks arrive: every delivery that was answered
// 200 is there after a restart, and gets processed into its order, once.
#include "fakeshopify.h"
#include "http.h"
#include "testdb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kShop = QStringLiteral("crash.myshopify.com");
const QByteArray kSecret = "crash-test-secret";
const QByteArray kAdminPassword = "crash-admin-password";
} // namespace

class TestShopifyCrash : public QObject
{
    Q_OBJECT
private slots:
    void answeredDeliveriesSurviveKill9();

private:
    QString start(QProcess &proc, const QString &dataDir, const QString &database);
};

QString TestShopifyCrash::start(QProcess &proc, const QString &dataDir, const QString &database)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DROPCREW_SHOPIFY_SECRET"), QString::fromLatin1(kSecret));
    env.insert(QStringLiteral("DROPCREW_ADMIN_PASSWORD"), QString::fromLatin1(kAdminPassword));
    proc.setProcessEnvironment(env);
    QStringList args{
        QStringLiteral("--headless"), QStringLiteral("--data-dir"),  dataDir,
        QStringLiteral("--listen"),   QStringLiteral("127.0.0.1:0"), QStringLiteral("--secrets"),
        QStringLiteral("file")};
    if (!database.isEmpty())
        args << QStringLiteral("--database") << database;
    QFile ini(dataDir + QStringLiteral("/dropcrew.ini"));
    // The deliveries are what is tested: no workflow runs on their orders.
    if (ini.open(QIODevice::WriteOnly))
        ini.write("[limits]\nip_rate=0\nuser_rate=0\nauth_per_minute=0\n"
                  "[workflows]\nshipped_folder=none\n");
    ini.close();
    proc.start(QString::fromLocal8Bit(qgetenv("DROPCREW_BINARY")), args);
    if (!proc.waitForStarted())
        return {};
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains('\n') && t.elapsed() < 60000) {
        proc.waitForReadyRead(200);
        out += proc.readAllStandardOutput();
    }
    static const QRegularExpression re(
        QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
    return re.match(QString::fromUtf8(out)).captured(1);
}

void TestShopifyCrash::answeredDeliveriesSurviveKill9()
{
    QVERIFY2(!qgetenv("DROPCREW_BINARY").isEmpty(), "DROPCREW_BINARY is not set");
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    const QString database =
        sdb.url().backend == dc::storage::Backend::Postgres ? sdb.urlString() : QString();
    QTemporaryDir dir;
    QProcess proc;
    const QString base = start(proc, dir.path(), database);
    QVERIFY2(!base.isEmpty(), proc.readAllStandardError().constData());

    // Deliveries keep arriving on 8 connections; after 300 answers the server is killed.
    QNetworkAccessManager nam;
    QSet<QString> answered;
    int sent = 0;
    int inFlight = 0;
    bool killed = false;
    std::function<void()> sendOne = [&] {
        if (killed)
            return;
        const QString id = QStringLiteral("crash-%1").arg(sent);
        const QByteArray body = dc::test::orderPayload(
            90000 + sent, QDateTime::currentDateTimeUtc(), QStringLiteral("5.00"));
        ++sent;
        QNetworkRequest req(QUrl(base + QStringLiteral("/webhooks/shopify")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        req.setRawHeader("X-Shopify-Topic", "orders/create");
        req.setRawHeader("X-Shopify-Shop-Domain", kShop.toUtf8());
        req.setRawHeader("X-Shopify-Webhook-Id", id.toUtf8());
        req.setRawHeader("X-Shopify-Triggered-At",
                         QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8());
        req.setRawHeader("X-Shopify-Hmac-Sha256", dc::test::shopifySignature(kSecret, body));
        QNetworkReply *r = nam.post(req, body);
        ++inFlight;
        QObject::connect(r, &QNetworkReply::finished, r, [&, r, id] {
            --inFlight;
            if (r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                answered.insert(id);
            r->deleteLater();
            if (!killed && answered.size() >= 300) {
                killed = true;
                proc.kill(); // SIGKILL: no shutdown, no flush
                return;
            }
            sendOne();
        });
    };
    for (int i = 0; i < 8; ++i)
        sendOne();
    QTRY_VERIFY_WITH_TIMEOUT(killed, 180000);
    QTRY_COMPARE_WITH_TIMEOUT(proc.state(), QProcess::NotRunning, 10000);
    QCOMPARE(proc.exitStatus(), QProcess::CrashExit);
    QTRY_COMPARE_WITH_TIMEOUT(inFlight, 0, 20000);
    qInfo("sent %d, answered 200: %lld", sent, qlonglong(answered.size()));

    // Restart on the same data: every answered delivery is stored and gets processed.
    QProcess again;
    const QString base2 = start(again, dir.path(), database);
    QVERIFY2(!base2.isEmpty(), again.readAllStandardError().constData());
    const dc::test::HttpReply login =
        dc::test::httpCall(nam, base2, "POST", QStringLiteral("/api/auth/token"),
                           R"({"username":"admin","password":")" + kAdminPassword + R"("})",
                           "application/json", QByteArray());
    QCOMPARE(login.status, 200);
    const QByteArray bearer =
        "Bearer " + login.json.value(QStringLiteral("access_token")).toString().toUtf8();
    auto stored = [&](const QString &state) {
        QSet<QString> ids;
        qint64 after = 0;
        while (true) {
            const dc::test::HttpReply r = dc::test::httpCall(
                nam, base2, "GET",
                QStringLiteral("/api/webhooks/deliveries?limit=1000&after=%1%2")
                    .arg(after)
                    .arg(state.isEmpty() ? QString() : QStringLiteral("&state=") + state),
                {}, "application/json", bearer);
            const QJsonArray page = r.json.value(QStringLiteral("deliveries")).toArray();
            for (const QJsonValue &d : page)
                ids.insert(d.toObject().value(QStringLiteral("webhook_id")).toString());
            if (page.size() < 1000)
                return ids;
            after = page.last().toObject().value(QStringLiteral("id")).toInteger();
        }
    };
    const QSet<QString> all = stored({});
    for (const QString &id : std::as_const(answered))
        QVERIFY2(all.contains(id), qPrintable(id + QStringLiteral(" was answered 200 and lost")));
    QTRY_COMPARE_WITH_TIMEOUT(stored(QStringLiteral("received")).size(), 0, 180000);
    QCOMPARE(stored(QStringLiteral("processed")).size(), all.size());
    // One order per stored delivery.
    const dc::test::HttpReply orders =
        dc::test::httpCall(nam, base2, "GET", QStringLiteral("/api/orders?limit=500&shop=") + kShop,
                           {}, "application/json", bearer);
    int count = orders.json.value(QStringLiteral("orders")).toArray().size();
    QVariant cursor = orders.json.value(QStringLiteral("next_cursor")).toVariant();
    while (cursor.isValid() && !cursor.isNull()) {
        const dc::test::HttpReply more =
            dc::test::httpCall(nam, base2, "GET",
                               QStringLiteral("/api/orders?limit=500&shop=%1&cursor=%2")
                                   .arg(kShop)
                                   .arg(cursor.toLongLong()),
                               {}, "application/json", bearer);
        count += more.json.value(QStringLiteral("orders")).toArray().size();
        cursor = more.json.value(QStringLiteral("next_cursor")).toVariant();
    }
    QCOMPARE(count, all.size());
    again.terminate();
    QVERIFY(again.waitForFinished(20000));
}

QTEST_GUILESS_MAIN(TestShopifyCrash)
#include "tst_shopifycrash.moc"
