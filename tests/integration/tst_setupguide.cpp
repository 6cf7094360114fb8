// SPDX-License-Identifier: GPL-3.0-or-later
// The first-run guide through the API, against the Shopify and AliExpress fakes: each step's
// state read from what is there (the generated admin password, the shop's token and scopes, the
// AliExpress authorisation, unmapped variants), skipped and resumed, and the test order: a dry
// run that reads AliExpress live, says what a real order would do and buys nothing.
#include "orderfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace dc;
using namespace dc::test;

class TestSetupGuide : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void stepsFollowWhatIsThere();
    void skippedUntilResumed();
    void testOrderIsADryRun();
    void testOrderSaysWhatWouldFail();

private:
    Reply post(const QString &path, const QJsonObject &body = {})
    {
        return call("POST", path, QJsonDocument(body).toJson());
    }
    QJsonObject setup() { return call("GET", QStringLiteral("/api/setup")).json; }
    QJsonObject step(const QString &name)
    {
        for (const QJsonValue &s : setup().value(QStringLiteral("steps")).toArray())
            if (s[QStringLiteral("step")].toString() == name)
                return s.toObject();
        return {};
    }
    QString state(const QString &name)
    {
        return step(name).value(QStringLiteral("state")).toString();
    }
    QString missing(const QString &name)
    {
        QStringList out;
        for (const QJsonValue &m : step(name).value(QStringLiteral("missing")).toArray())
            out << m[QStringLiteral("code")].toString() + QStringLiteral(": ") +
                       m[QStringLiteral("message")].toString();
        return out.join(u" | ");
    }
};

void TestSetupGuide::init()
{
    auto up = setUp();
    QVERIFY2(up, qPrintable(up ? QString() : up.error()));
}

void TestSetupGuide::cleanup()
{
    tearDown();
}

void TestSetupGuide::stepsFollowWhatIsThere()
{
    QJsonObject s = setup();
    QStringList names;
    for (const QJsonValue &v : s.value(QStringLiteral("steps")).toArray())
        names << v[QStringLiteral("step")].toString();
    QCOMPARE(names, (QStringList{QStringLiteral("admin_password"), QStringLiteral("shopify_store"),
                                 QStringLiteral("aliexpress_account"),
                                 QStringLiteral("product_mapping"), QStringLiteral("test_order")}));
    QCOMPARE(s.value(QStringLiteral("complete")).toBool(), false);
    QCOMPARE(s.value(QStringLiteral("next")).toString(), QStringLiteral("admin_password"));

    // The password the first start generated is flagged until someone chooses one.
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("missing"));
    QVERIFY2(missing(QStringLiteral("admin_password"))
                 .startsWith(QStringLiteral("password_generated: ")),
             qPrintable(missing(QStringLiteral("admin_password"))));
    const qint64 admin = step(QStringLiteral("admin_password"))
                             .value(QStringLiteral("detail"))[QStringLiteral("user_id")]
                             .toInteger();
    QVERIFY(admin > 0);
    Reply r = call("PATCH", QStringLiteral("/api/users/%1").arg(admin),
                   QJsonDocument(QJsonObject{{QStringLiteral("password"),
                                              QStringLiteral("a password of my own")}})
                       .toJson());
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("done"));

    // The shop's connection checks the token's scopes in the background; the fixture's shop has
    // no public URL, so it is polled, and said so.
    QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("shopify_store")), QStringLiteral("done"),
                              20000);
    const QJsonArray shops = step(QStringLiteral("shopify_store"))
                                 .value(QStringLiteral("detail"))[QStringLiteral("shops")]
                                 .toArray();
    QCOMPARE(shops.size(), 1);
    QCOMPARE(shops.first()[QStringLiteral("mode")].toString(), QStringLiteral("polling"));
    QCOMPARE(state(QStringLiteral("aliexpress_account")), QStringLiteral("done"));
    QCOMPARE(state(QStringLiteral("product_mapping")), QStringLiteral("done"));
    QCOMPARE(state(QStringLiteral("test_order")), QStringLiteral("missing"));
    QCOMPARE(setup().value(QStringLiteral("next")).toString(), QStringLiteral("test_order"));

    // A product without an offer: the mapping step counts it.
    QVERIFY(storeProduct(777002, QStringLiteral("Desk lamp"), 9101, QStringLiteral("LAMP"),
                         QStringLiteral("Default"), 4500));
    QCOMPARE(state(QStringLiteral("product_mapping")), QStringLiteral("missing"));
    QVERIFY2(missing(QStringLiteral("product_mapping"))
                 .contains(QStringLiteral("unmapped: 1 of 2 variants")),
             qPrintable(missing(QStringLiteral("product_mapping"))));
    const QJsonObject lacking = step(QStringLiteral("product_mapping"))
                                    .value(QStringLiteral("missing"))
                                    .toArray()
                                    .first()
                                    .toObject();
    QCOMPARE(lacking.value(QStringLiteral("unmapped")).toInt(), 1);
    QCOMPARE(lacking.value(QStringLiteral("variants")).toInt(), 2);

    // The AliExpress app of another key has no authorisation yet.
    r = call("PUT", QStringLiteral("/api/integrations/aliexpress"),
             QJsonDocument(QJsonObject{{QStringLiteral("app_key"), QStringLiteral("app-2")},
                                       {QStringLiteral("app_secret"), QStringLiteral("s2")}})
                 .toJson());
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(state(QStringLiteral("aliexpress_account")), QStringLiteral("missing"));
    QVERIFY2(missing(QStringLiteral("aliexpress_account"))
                 .startsWith(QStringLiteral("not_authorised: ")),
             qPrintable(missing(QStringLiteral("aliexpress_account"))));

    // Only administrators of the settings read it.
    QCOMPARE(call("GET", QStringLiteral("/api/setup"), {}, security::Role::Operator).status, 403);
}

void TestSetupGuide::skippedUntilResumed()
{
    Reply r = post(QStringLiteral("/api/setup/admin_password/skip"));
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("skipped"));
    QVERIFY(!r.json.value(QStringLiteral("skipped_by")).toString().isEmpty());
    QVERIFY(!r.json.value(QStringLiteral("skipped_at")).toString().isEmpty());
    // Still saying what is missing, and the guide goes on to the next step.
    QVERIFY(!r.json.value(QStringLiteral("missing")).toArray().isEmpty());
    QVERIFY(setup().value(QStringLiteral("next")).toString() != QStringLiteral("admin_password"));
    // Kept in the store: a restarted backend (or another instance) sees it skipped.
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("skipped"));

    r = post(QStringLiteral("/api/setup/admin_password/resume"));
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("missing"));
    QCOMPARE(setup().value(QStringLiteral("next")).toString(), QStringLiteral("admin_password"));

    // Skipping every missing step completes the guide.
    for (const QJsonValue &s : setup().value(QStringLiteral("steps")).toArray())
        if (s[QStringLiteral("state")].toString() == QLatin1String("missing"))
            QCOMPARE(
                post(QStringLiteral("/api/setup/%1/skip").arg(s[QStringLiteral("step")].toString()))
                    .status,
                200);
    QCOMPARE(setup().value(QStringLiteral("complete")).toBool(), true);
    QVERIFY(setup().value(QStringLiteral("next")).isNull());

    // A step that is done cannot be skipped: the skip would hide it once it is undone.
    QCOMPARE(call("PATCH",
                  QStringLiteral("/api/users/%1")
                      .arg(step(QStringLiteral("admin_password"))
                               .value(QStringLiteral("detail"))[QStringLiteral("user_id")]
                               .toInteger()),
                  QJsonDocument(QJsonObject{{QStringLiteral("password"),
                                             QStringLiteral("a password of my own")}})
                      .toJson())
                 .status,
             200);
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("done"));
    r = post(QStringLiteral("/api/setup/admin_password/skip"));
    QCOMPARE(r.status, 409);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));

    r = post(QStringLiteral("/api/setup/coffee/skip"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    QCOMPARE(problemField(r), QStringLiteral("step"));
}

void TestSetupGuide::testOrderIsADryRun()
{
    const qsizetype before = m_ae->methodsCalled().size();
    // No body at all: every default.
    Reply r = call("POST", QStringLiteral("/api/setup/test-order"));
    QVERIFY2(r.status == 200, r.raw.constData());
    QVERIFY2(r.json.value(QStringLiteral("ok")).toBool(), r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("placed")).toBool(), false);
    QCOMPARE(r.json.value(QStringLiteral("country")).toString(),
             QStringLiteral("FR")); // the offer's
    QCOMPARE(r.json.value(QStringLiteral("variant"))[QStringLiteral("id")].toInteger(), m_variant);
    const QJsonObject would = r.json.value(QStringLiteral("would_order")).toObject();
    QCOMPARE(would.value(QStringLiteral("product_id")).toString(), QStringLiteral("1005001"));
    QCOMPARE(would.value(QStringLiteral("sku_attr")).toString(), QStringLiteral("14:sku-a"));
    QCOMPARE(would.value(QStringLiteral("logistics_service")).toString(),
             QStringLiteral("CAINIAO_STANDARD"));
    QCOMPARE(would.value(QStringLiteral("cost_minor")).toInteger(), 1200);
    QCOMPARE(would.value(QStringLiteral("shipping_minor")).toInteger(), 250);
    // 40.00 less 12.00, 2.50 and fees of 0.30 + 2.9 % (1.16): 24.04.
    QCOMPARE(r.json.value(QStringLiteral("margin"))[QStringLiteral("margin_minor")].toInteger(),
             2404);
    QStringList checks;
    for (const QJsonValue &c : r.json.value(QStringLiteral("checks")).toArray())
        checks << c[QStringLiteral("check")].toString();
    QCOMPARE(checks, (QStringList{QStringLiteral("offer"), QStringLiteral("supplier_product"),
                                  QStringLiteral("supplier_stock"), QStringLiteral("sku_attr"),
                                  QStringLiteral("shipping"), QStringLiteral("margin")}));
    // AliExpress was read, never asked to buy; no order was stored.
    const QStringList calls = m_ae->methodsCalled().mid(before);
    QVERIFY2(calls.contains(QStringLiteral("aliexpress.ds.product.get")),
             qPrintable(calls.join(u',')));
    QVERIFY(calls.contains(QStringLiteral("aliexpress.ds.freight.query")));
    QVERIFY(!calls.contains(QStringLiteral("aliexpress.ds.order.create")));
    QCOMPARE(call("GET", QStringLiteral("/api/orders"))
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             0);

    // The step is done, its report kept.
    QCOMPARE(state(QStringLiteral("test_order")), QStringLiteral("done"));
    QVERIFY(step(QStringLiteral("test_order"))
                .value(QStringLiteral("detail"))[QStringLiteral("last")][QStringLiteral("ok")]
                .toBool());

    // Refusals name their field.
    r = post(QStringLiteral("/api/setup/test-order"), {{QStringLiteral("quantity"), 0}});
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("quantity"));
    r = post(QStringLiteral("/api/setup/test-order"), {{QStringLiteral("variant_id"), 99999}});
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("variant_id"));
    r = post(QStringLiteral("/api/setup/test-order"),
             {{QStringLiteral("country"), QStringLiteral("f1")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("country"));
    QCOMPARE(call("POST", QStringLiteral("/api/setup/test-order"), "{}", security::Role::Operator)
                 .status,
             403);
}

void TestSetupGuide::testOrderSaysWhatWouldFail()
{
    // Sold out at AliExpress since the mapping: a real order would not go through.
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 0);
    Reply r = post(QStringLiteral("/api/setup/test-order"),
                   {{QStringLiteral("country"), QStringLiteral("BE")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), false);
    QJsonObject stock;
    for (const QJsonValue &c : r.json.value(QStringLiteral("checks")).toArray())
        if (c[QStringLiteral("check")].toString() == QLatin1String("supplier_stock"))
            stock = c.toObject();
    QCOMPARE(stock.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(state(QStringLiteral("test_order")), QStringLiteral("missing"));
    QVERIFY2(missing(QStringLiteral("test_order"))
                 .contains(QStringLiteral("failed: the last test order failed: 0 in stock")),
             qPrintable(missing(QStringLiteral("test_order"))));

    // A country no offer ships to stops at the offer.
    r = post(QStringLiteral("/api/setup/test-order"),
             {{QStringLiteral("country"), QStringLiteral("US")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), false);
    const QJsonArray checks = r.json.value(QStringLiteral("checks")).toArray();
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()[QStringLiteral("check")].toString(), QStringLiteral("offer"));
    QVERIFY(checks.first()[QStringLiteral("detail")].toString().contains(QStringLiteral("US")));

    // AliExpress down: said in the report, not as an error of ours.
    m_ae->setDown(true);
    r = post(QStringLiteral("/api/setup/test-order"),
             {{QStringLiteral("country"), QStringLiteral("FR")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), false);
    m_ae->setDown(false);
}

QTEST_GUILESS_MAIN(TestSetupGuide)
#include "tst_setupguide.moc"
