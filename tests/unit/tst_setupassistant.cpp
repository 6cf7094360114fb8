// SPDX-License-Identifier: GPL-3.0-or-later
// The first-run assistant, offscreen, over a real embedded backend and the AliExpress fake: the
// five steps listed with their state, the page of each saying what is missing in the window's
// words; the administrator's own password set; a step skipped, then resumed; the AliExpress keys
// saved (the authorisation is what is then missing); the mapping view asked for; and the test
// order's dry run reported check by check, nothing bought.
#include "aliexpress/aliexpressclient.h"
#include "apiclient.h"
#include "fakealiexpress.h"
#include "runtime/backend.h"
#include "setupassistant.h"
#include "storage/catalogrepository.h"
#include "testbackend.h"
#include "uitest.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;
using dc::test::FakeAliExpress;

class TestSetupAssistant : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void stepsAndWhatIsMissing();
    void skipAndResume();
    void aliexpressKeysThenAuthorisation();
    void testOrderReport();
    void cleanupTestCase();

private:
    template <class W> W *child(SetupAssistant &a, const char *name)
    {
        return a.findChild<W *>(QLatin1String(name));
    }
    QTemporaryDir m_dir;
    std::unique_ptr<FakeAliExpress> m_ae;
    std::unique_ptr<runtime::Backend> m_backend;
    std::unique_ptr<ApiClient> m_api;
};

void TestSetupAssistant::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_ae = std::make_unique<FakeAliExpress>(QStringLiteral("app-1"), "app-secret", "token-1");
    m_ae->addProduct(QStringLiteral("1005001"), QStringLiteral("Nano player"),
                     {{QStringLiteral("sku-a"), QStringLiteral("12.00"), 50}});
    {
        QFile ini(m_dir.filePath(QStringLiteral("dropcrew.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[aliexpress]\nurl=" + m_ae->url().toUtf8() + "\n");
    }
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    m_api = std::make_unique<ApiClient>(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(*m_api, *m_backend));
    // As the window does: a new password ends the administrator's sessions, the desktop's own
    // included, which it then opens again.
    m_api->setSessionRenewer([this]() -> std::optional<Session> {
        auto t = m_backend->auth().localAdminSession();
        if (!t)
            return std::nullopt;
        return Session{t->accessToken, t->refreshToken};
    });
}

void TestSetupAssistant::cleanupTestCase()
{
    m_api.reset();
    m_backend.reset();
}

void TestSetupAssistant::stepsAndWhatIsMissing()
{
    SetupAssistant a(*m_api);
    a.show();
    QVERIFY(QTest::qWaitForWindowExposed(&a));
    QTRY_COMPARE(a.stateOf(QStringLiteral("admin_password")), QStringLiteral("missing"));
    auto *list = child<QListWidget>(a, "steps");
    QCOMPARE(list->count(), 5);
    QCOMPARE(list->item(0)->text(), QStringLiteral("Administrator password (to do)"));
    QCOMPARE(a.currentStep(), QStringLiteral("admin_password"));
    QVERIFY2(a.missingText().contains(QStringLiteral("generated at the first start")),
             qPrintable(a.missingText()));
    QVERIFY(!a.complete());

    // Two different passwords are refused before the server is asked.
    child<QLineEdit>(a, "password")->setText(QStringLiteral("a long password 1"));
    child<QLineEdit>(a, "password2")->setText(QStringLiteral("a long password 2"));
    QTest::mouseClick(child<QPushButton>(a, "setPassword"), Qt::LeftButton);
    QCOMPARE(a.statusText(), QStringLiteral("The two passwords differ."));
    child<QLineEdit>(a, "password2")->setText(QStringLiteral("a long password 1"));
    QTest::mouseClick(child<QPushButton>(a, "setPassword"), Qt::LeftButton);
    QTRY_COMPARE(a.stateOf(QStringLiteral("admin_password")), QStringLiteral("done"));
    QCOMPARE(a.missingText(), QStringLiteral("Nothing: this step is done."));
    QCOMPARE(list->item(0)->text(), QStringLiteral("Administrator password (done)"));
    QVERIFY(child<QLineEdit>(a, "password")->text().isEmpty());

    // Next: the Shopify store, none connected.
    QTest::mouseClick(child<QPushButton>(a, "next"), Qt::LeftButton);
    QCOMPARE(a.currentStep(), QStringLiteral("shopify_store"));
    QVERIFY2(a.missingText().contains(QStringLiteral("No Shopify store is connected.")),
             qPrintable(a.missingText()));
    // The mapping step's button asks the main window for its mapping view.
    a.showStep(QStringLiteral("product_mapping"));
    QVERIFY(a.missingText().contains(QStringLiteral("The catalog is empty")));
    QSignalSpy mapping(&a, &SetupAssistant::mappingRequested);
    QTest::mouseClick(child<QPushButton>(a, "openMapping"), Qt::LeftButton);
    QCOMPARE(mapping.size(), 1);
}

void TestSetupAssistant::skipAndResume()
{
    SetupAssistant a(*m_api);
    a.show();
    a.showStep(QStringLiteral("shopify_store"));
    QTRY_COMPARE(a.stateOf(QStringLiteral("shopify_store")), QStringLiteral("missing"));
    auto *skip = child<QPushButton>(a, "skip");
    auto *resume = child<QPushButton>(a, "resume");
    QVERIFY(skip->isVisible());
    QVERIFY(!resume->isVisible());
    QTest::mouseClick(skip, Qt::LeftButton);
    QTRY_COMPARE(a.stateOf(QStringLiteral("shopify_store")), QStringLiteral("skipped"));
    QTRY_VERIFY(resume->isVisible());
    QVERIFY(!skip->isVisible());
    // Still saying what is missing; the list says skipped.
    QVERIFY(a.missingText().contains(QStringLiteral("No Shopify store is connected.")));
    QCOMPARE(child<QListWidget>(a, "steps")->item(1)->text(),
             QStringLiteral("Shopify store (skipped)"));
    // Kept by the server: a new assistant shows it skipped.
    {
        SetupAssistant again(*m_api);
        QTRY_COMPARE(again.stateOf(QStringLiteral("shopify_store")), QStringLiteral("skipped"));
    }
    QTest::mouseClick(resume, Qt::LeftButton);
    QTRY_COMPARE(a.stateOf(QStringLiteral("shopify_store")), QStringLiteral("missing"));
}

void TestSetupAssistant::aliexpressKeysThenAuthorisation()
{
    SetupAssistant a(*m_api);
    a.show();
    a.showStep(QStringLiteral("aliexpress_account"));
    QTRY_VERIFY2(a.missingText().contains(QStringLiteral("No AliExpress app key and secret.")),
                 qPrintable(a.missingText()));
    QVERIFY(a.aliexpressAuthorisation());
    child<QLineEdit>(a, "aeKey")->setText(QStringLiteral("app-1"));
    child<QLineEdit>(a, "aeSecret")->setText(QStringLiteral("app-secret"));
    QTest::mouseClick(child<QPushButton>(a, "saveAeKeys"), Qt::LeftButton);
    QTRY_VERIFY2(a.missingText().contains(QStringLiteral("has not authorised the app")),
                 qPrintable(a.missingText()));
    QVERIFY(child<QLineEdit>(a, "aeSecret")->text().isEmpty());
    QCOMPARE(a.stateOf(QStringLiteral("aliexpress_account")), QStringLiteral("missing"));
}

void TestSetupAssistant::testOrderReport()
{
    // The authorised app and one mapped variant.
    QVERIFY(m_backend->crew().integrations().setAliExpress(aliexpress::Credentials{
        QStringLiteral("app-1"), "app-secret", "token-1", "refresh-1", 0, 0}));
    Product p;
    p.shop = QStringLiteral("demo.myshopify.com");
    p.shopifyProductId = 632910392;
    p.title = QStringLiteral("IPod Nano");
    p.variants = {Variant{0, 0, 808950810, QStringLiteral("IPOD-1"), QStringLiteral("Silver"),
                          Money{4000, QStringLiteral("EUR")}, 5}};
    storage::Store &store = m_backend->store();
    QVERIFY(store.writeAndWait<storage::UpsertOutcome>([&](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertProduct(w, p);
    }));
    {
        SetupAssistant probe(*m_api);
        // The supplier and the offer, as an operator maps them through the API.
        ApiReply made;
        m_api->send("POST", QStringLiteral("/api/suppliers"),
                    {{QStringLiteral("name"), QStringLiteral("Ali Store")},
                     {QStringLiteral("platform"), QStringLiteral("aliexpress")}},
                    &probe, [&made](const ApiReply &r) { made = r; });
        QTRY_VERIFY(made.status != 0);
        QVERIFY2(made.ok(), qPrintable(made.error));
        auto v = storage::CatalogRepository().findVariantByShopifyId(store.reader(), 808950810);
        QVERIFY(v && v->has_value());
        ApiReply offer;
        m_api->send("PUT", QStringLiteral("/api/variants/%1/offers").arg((*v)->id),
                    {{QStringLiteral("supplier_id"), made.json.value(QStringLiteral("id"))},
                     {QStringLiteral("supplier_product_id"), QStringLiteral("1005001")},
                     {QStringLiteral("supplier_sku_id"), QStringLiteral("sku-a")},
                     {QStringLiteral("currency"), QStringLiteral("EUR")},
                     {QStringLiteral("cost_minor"), 1200},
                     {QStringLiteral("shipping_minor"), 300},
                     {QStringLiteral("stock"), 20}},
                    &probe, [&offer](const ApiReply &r) { offer = r; });
        QTRY_VERIFY(offer.status != 0);
        QVERIFY2(offer.ok(), qPrintable(offer.error));
    }

    SetupAssistant a(*m_api);
    a.show();
    a.showStep(QStringLiteral("test_order"));
    QTRY_VERIFY2(a.missingText().contains(QStringLiteral("No test order has been run.")),
                 qPrintable(a.missingText()));
    child<QLineEdit>(a, "country")->setText(QStringLiteral("fr"));
    QTest::mouseClick(child<QPushButton>(a, "runTestOrder"), Qt::LeftButton);
    QTRY_COMPARE(a.stateOf(QStringLiteral("test_order")), QStringLiteral("done"));
    QCOMPARE(a.statusText(),
             QStringLiteral("A real order of this variant would go through. Nothing was bought."));
    const QString report = child<QLabel>(a, "report")->text();
    QVERIFY2(report.contains(QStringLiteral("sku_attr")) && report.contains(QStringLiteral("✓")),
             qPrintable(report));
    QVERIFY(!m_ae->methodsCalled().contains(QStringLiteral("aliexpress.ds.order.create")));
}

QTEST_MAIN(TestSetupAssistant)
#include "tst_setupassistant.moc"
