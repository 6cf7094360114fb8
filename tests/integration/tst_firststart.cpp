// SPDX-License-Identifier: GPL-3.0-or-later
// A new operator's first start, through the real `dropcrew` binary of the build tree: a fresh data
// folder, no workflow imported; the shop and AliExpress connected and one variant mapped through
// the API; then one signed orders/create webhook must end as a supplier order at AliExpress.
#include "fakealiexpress.h"
#include "fakeshopify.h"
#include "http.h"
#include "testdb.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using dc::test::FakeAliExpress;
using dc::test::FakeShopify;
using Reply = dc::test::HttpReply;

namespace {
const QString kShop = QStringLiteral("first-store.myshopify.com");
const QByteArray kWebhookSecret = "whsec_first_start";
const QByteArray kShopToken = "shpat_first_start";
const QByteArray kAdminPassword = "first-start-admin-password";
} // namespace

class TestFirstStart : public QObject
{
    Q_OBJECT
private slots:
    void oneSignedOrderReachesAliExpress();

private:
    Reply call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return dc::test::httpCall(m_nam, m_base, method, path,
                                  body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    }
    int webhook(const QString &topic, const QByteArray &body, const QString &id)
    {
        return dc::test::sendWebhook(m_nam, m_base, kShop, topic, body, kWebhookSecret, id).status;
    }
    QNetworkAccessManager m_nam;
    QString m_base;
};

void TestFirstStart::oneSignedOrderReachesAliExpress()
{
    const QString binary = qEnvironmentVariable("DROPCREW_BINARY");
    QVERIFY2(QFileInfo(binary).isExecutable(), "DROPCREW_BINARY is not set");
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    FakeAliExpress ae(QStringLiteral("first-app"), "first-app-secret", "first-access-token");
    ae.addProduct(QStringLiteral("1005001"), QStringLiteral("Nano player"),
                  {{QStringLiteral("sku-a"), QStringLiteral("12.00"), 50}});
    FakeShopify shopify(kShopToken);

    // Only where AliExpress is: the fake instead of the real gateway. Nothing else is set up.
    QTemporaryDir dir;
    {
        QFile ini(dir.filePath(QStringLiteral("dropcrew.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[aliexpress]\nurl=" + ae.url().toUtf8() + "\n");
    }
    QStringList args{
        QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(),
        QStringLiteral("--secrets"),  QStringLiteral("file"),       QStringLiteral("--listen"),
        QStringLiteral("127.0.0.1:0")};
    if (sdb.url().backend == dc::storage::Backend::Postgres)
        args << QStringLiteral("--database") << sdb.urlString();
    QProcess proc;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DROPCREW_ADMIN_PASSWORD"), QString::fromLatin1(kAdminPassword));
    proc.setProcessEnvironment(env);
    proc.start(binary, args);
    QVERIFY(proc.waitForStarted());
    auto stop = qScopeGuard([&proc] {
        if (QTest::currentTestFailed()) // what the server logged, to say why
            qWarning().noquote() << proc.readAllStandardError();
        if (proc.state() != QProcess::NotRunning) {
            proc.kill();
            proc.waitForFinished(10000);
        }
    });
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += proc.readAllStandardOutput()).contains('\n'), 60000);
    static const QRegularExpression re(QStringLiteral("listening on (http://\\S+)"));
    m_base = re.match(QString::fromUtf8(out)).captured(1);
    QVERIFY2(!m_base.isEmpty(), out.constData());

    // The shipped workflows were found beside the binary: health says so.
    const int shipped =
        int(QDir(qEnvironmentVariable("DROPCREW_SOURCE_DIR") + QStringLiteral("/workflows"))
                .entryList({QStringLiteral("*.yaml")}, QDir::Files)
                .size());
    QVERIFY(shipped > 0);
    Reply health = call("GET", QStringLiteral("/api/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    const QJsonObject workflows = health.json.value(QStringLiteral("workflows")).toObject();
    QCOMPARE(workflows.value(QStringLiteral("loaded")).toInt(), shipped);
    QCOMPARE(workflows.value(QStringLiteral("shipped")).toString(), QStringLiteral("found"));

    // The admin logs in with the password chosen before the first start.
    const Reply login = dc::test::httpCall(
        m_nam, m_base, "POST", QStringLiteral("/api/auth/token"),
        QJsonDocument(
            QJsonObject{{QStringLiteral("username"), QStringLiteral("admin")},
                        {QStringLiteral("password"), QString::fromLatin1(kAdminPassword)}})
            .toJson(),
        "application/json", QByteArray());
    QCOMPARE(login.status, 200);
    dc::test::setDefaultAuthorization(
        "Bearer " + login.json.value(QStringLiteral("access_token")).toString().toUtf8());

    // The shop: its Admin API (the fake) and the secret its webhooks are signed with.
    Reply r = call("PUT", QStringLiteral("/api/shops/") + kShop,
                   {{QStringLiteral("admin_url"), shopify.adminUrl()},
                    {QStringLiteral("access_token"), QString::fromLatin1(kShopToken)},
                    {QStringLiteral("webhook_secret"), QString::fromLatin1(kWebhookSecret)},
                    {QStringLiteral("currency"), QStringLiteral("EUR")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    // AliExpress: the app's key and secret and the account's tokens.
    r = call("PUT", QStringLiteral("/api/integrations/aliexpress"),
             {{QStringLiteral("app_key"), QStringLiteral("first-app")},
              {QStringLiteral("app_secret"), QStringLiteral("first-app-secret")},
              {QStringLiteral("access_token"), QStringLiteral("first-access-token")},
              {QStringLiteral("refresh_token"), QStringLiteral("refresh-1")}});
    QVERIFY2(r.status == 200, r.raw.constData());

    // The product arrives as Shopify announces it (products/create)...
    const QByteArray product =
        QJsonDocument(
            QJsonObject{{QStringLiteral("id"), 632910392},
                        {QStringLiteral("title"), QStringLiteral("IPod Nano")},
                        {QStringLiteral("status"), QStringLiteral("active")},
                        {QStringLiteral("updated_at"),
                         QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                        {QStringLiteral("variants"),
                         QJsonArray{QJsonObject{{QStringLiteral("id"), 808950810},
                                                {QStringLiteral("sku"), QStringLiteral("IPOD-1")},
                                                {QStringLiteral("price"), QStringLiteral("40.00")},
                                                {QStringLiteral("inventory_quantity"), 5}}}}})
            .toJson(QJsonDocument::Compact);
    QCOMPARE(webhook(QStringLiteral("products/create"), product, QStringLiteral("first-product")),
             200);
    qint64 variant = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QJsonArray products = call("GET", QStringLiteral("/api/products?q=IPOD-1"))
                                            .json.value(QStringLiteral("products"))
                                            .toArray();
            for (const QJsonValue &p : products)
                for (const QJsonValue &v : p[QStringLiteral("variants")].toArray())
                    if (v[QStringLiteral("sku")].toString() == QLatin1String("IPOD-1"))
                        variant = v[QStringLiteral("id")].toInteger();
            return variant > 0;
        }(),
        30000);
    // ...and is mapped to an AliExpress offer.
    r = call("POST", QStringLiteral("/api/suppliers"),
             {{QStringLiteral("name"), QStringLiteral("Nano Store")},
              {QStringLiteral("platform"), QStringLiteral("aliexpress")}});
    QVERIFY2(r.status == 201, r.raw.constData());
    const qint64 supplier = r.json.value(QStringLiteral("id")).toInteger();
    r = call("PUT", QStringLiteral("/api/variants/%1/offers").arg(variant),
             {{QStringLiteral("supplier_id"), supplier},
              {QStringLiteral("supplier_product_id"), QStringLiteral("1005001")},
              {QStringLiteral("supplier_sku_id"), QStringLiteral("sku-a")},
              {QStringLiteral("currency"), QStringLiteral("EUR")},
              {QStringLiteral("cost_minor"), 1200},
              {QStringLiteral("shipping_minor"), 300},
              {QStringLiteral("stock"), 50}});
    QVERIFY2(r.status == 200, r.raw.constData());

    // One paid order, signed as Shopify signs it (base64 HMAC-SHA256 of the body with the shop's
    // webhook secret in X-Shopify-Hmac-Sha256).
    const QDateTime now = QDateTime::currentDateTimeUtc();
    shopify.addOrder(7001, now, 4000);
    QCOMPARE(webhook(QStringLiteral("orders/create"),
                     dc::test::orderPayload(7001, now, QStringLiteral("40.00"), 77),
                     QStringLiteral("first-order")),
             200);
    QTRY_COMPARE_WITH_TIMEOUT(ae.orders().size(), 1, 60000);
    const FakeAliExpress::Order placed = ae.orders().first();
    QVERIFY2(placed.outOrderId.startsWith(QLatin1String("DC")), qPrintable(placed.outOrderId));
    QVERIFY2(QJsonDocument(placed.request).toJson().contains("1005001"),
             QJsonDocument(placed.request).toJson().constData());
    QCOMPARE(ae.badSignatures(), 0);

    ::kill(pid_t(proc.processId()), SIGTERM);
    QVERIFY(proc.waitForFinished(20000));
    QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestFirstStart)
#include "tst_firststart.moc"
