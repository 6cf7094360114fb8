// SPDX-License-Identifier: GPL-3.0-or-later
// The products page, offscreen, over a real embedded backend and its catalog: pages fetched as
// the table scrolls, search and the unmapped filter, an offer put through the form (bad amounts
// and country codes refused before anything is sent), the margin it leaves, an offer put by
// another client arriving live, a paused supplier, removal, and the form following permissions;
// then "Import from Shopify" against the fake Shopify, its progress bar and the products it
// brought.
#include "apiclient.h"
#include "fakeshopify.h"
#include "productspage.h"
#include "shopimport.h"
#include "runtime/backend.h"
#include "storage/catalogrepository.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestProductsPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void pagesSearchAndOffers();
    void importFromShopify();
    void cleanupTestCase();

private:
    int rowOfSku(const ProductsModel &m, const QString &sku) const;
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    QList<qint64> m_suppliers;
};

void TestProductsPage::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    storage::Store &store = m_backend->store();
    // 120 products; the lamp (the newest) has two variants.
    for (int i = 0; i < 120; ++i) {
        Product p;
        p.shop = QStringLiteral("demo.myshopify.com");
        p.shopifyProductId = 5000 + i;
        p.title = i == 119 ? QStringLiteral("Desk lamp") : QStringLiteral("Gadget %1").arg(i);
        p.status = QStringLiteral("active");
        p.variants << Variant{0,
                              0,
                              50000 + i,
                              QStringLiteral("G-%1").arg(i),
                              QStringLiteral("Default"),
                              Money{2490, QStringLiteral("EUR")},
                              7};
        if (i == 119)
            p.variants << Variant{0,
                                  0,
                                  59999,
                                  QStringLiteral("LAMP-BLUE"),
                                  QStringLiteral("Blue"),
                                  Money{2690, QStringLiteral("EUR")},
                                  3};
        auto up = store.writeAndWait<storage::UpsertOutcome>([&](storage::WriteContext &w) {
            return storage::CatalogRepository().upsertProduct(w, p);
        });
        QVERIFY(up);
    }
    for (const char *name : {"Shenzhen Lights", "Yiwu Home"}) {
        auto id = store.writeAndWait<qint64>([&](storage::WriteContext &w) {
            return storage::CatalogRepository().upsertSupplier(
                w, Supplier{0, QString::fromLatin1(name), QStringLiteral("aliexpress"), true, {}});
        });
        QVERIFY(id);
        m_suppliers << *id;
    }
}

int TestProductsPage::rowOfSku(const ProductsModel &m, const QString &sku) const
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.index(r, ProductsModel::Sku).data().toString() == sku)
            return r;
    return -1;
}

void TestProductsPage::pagesSearchAndOffers()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("#"));
    QTRY_VERIFY(api.streaming());
    ProductsPage page(api);
    ProductsModel &model = *page.model();
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // Paging first, without the model testers: they fetch every page themselves.
    // The first page: 50 products, newest first (the lamp's two variants), more to come.
    QTRY_COMPARE(model.rowCount(), 51);
    QVERIFY(model.hasMore());
    QCOMPARE(model.index(0, ProductsModel::Product).data().toString(), QStringLiteral("Desk lamp"));
    QCOMPARE(model.index(0, ProductsModel::Price).data().toString(), QStringLiteral("24.90 EUR"));
    QCOMPARE(model.index(0, ProductsModel::Stock).data().toLongLong(), 7);
    QCOMPARE(model.index(0, ProductsModel::BestOffer).data().toString(),
             QStringLiteral("No offer"));
    QCOMPARE(model.index(0, ProductsModel::BestOffer).data(Qt::ForegroundRole).value<QColor>(),
             QColor(Qt::darkRed));
    QCOMPARE(model.index(0, ProductsModel::Margin).data().toString(), QStringLiteral("–"));

    // Scrolling to the end fetches the next pages, until the catalog's end.
    QScrollBar *bar = page.view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    bar->setValue(bar->maximum());
    QTRY_COMPARE(model.rowCount(), 101);
    while (model.hasMore()) {
        const int before = model.rowCount();
        model.fetchMore({});
        QTRY_VERIFY(model.rowCount() > before);
    }
    QCOMPARE(model.rowCount(), 121);
    QCOMPARE(model.index(120, ProductsModel::Sku).data().toString(), QStringLiteral("G-0"));

    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester offersTester(page.offersModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Search: the lamp's variants only.
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("search"));
    QTest::keyClicks(search, QStringLiteral("lamp"));
    QTRY_COMPARE(model.rowCount(), 2);
    QVERIFY(!model.hasMore());

    // An offer through the form on the blue variant.
    const int blue = rowOfSku(model, QStringLiteral("LAMP-BLUE"));
    QVERIFY(blue >= 0);
    page.view()->selectRow(blue);
    auto *supplier = page.findChild<QComboBox *>(QStringLiteral("supplier"));
    QTRY_COMPARE(supplier->count(), 2);
    auto *currency = page.findChild<QLineEdit *>(QStringLiteral("currency"));
    QCOMPARE(currency->text(), QStringLiteral("EUR"));
    supplier->setCurrentIndex(supplier->findText(QStringLiteral("Shenzhen Lights")));
    auto field = [&](const char *name) { return page.findChild<QLineEdit *>(QLatin1String(name)); };
    QTest::keyClicks(field("supplierProduct"), QStringLiteral("1005001234"));
    QTest::keyClicks(field("supplierSku"), QStringLiteral("blue-eu"));
    QTest::keyClicks(field("shipping"), QStringLiteral("1.50"));
    QTest::keyClicks(field("shipsTo"), QStringLiteral("fr de"));

    // Bad amounts and country codes are refused on the page; nothing reaches the server.
    QTest::keyClicks(field("cost"), QStringLiteral("abc"));
    page.saveOffer();
    QVERIFY2(page.message().startsWith(QStringLiteral("Cost:")), qPrintable(page.message()));
    field("cost")->setText(QStringLiteral("3.205"));
    page.saveOffer();
    QVERIFY2(
        page.message().startsWith(QStringLiteral("Cost: a positive amount with at most 2 decimal")),
        qPrintable(page.message()));
    field("cost")->setText(QStringLiteral("3,20"));
    field("shipsTo")->setText(QStringLiteral("fr, FRA"));
    page.saveOffer();
    QVERIFY2(page.message().contains(QStringLiteral("\"FRA\"")), qPrintable(page.message()));
    QCOMPARE(model.index(blue, ProductsModel::Offers).data().toInt(), 0);

    field("shipsTo")->setText(QStringLiteral("fr de"));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("saveOffer")), Qt::LeftButton);
    QTRY_COMPARE(page.message(), QStringLiteral("Offer saved."));
    QTRY_COMPARE(model.index(blue, ProductsModel::Offers).data().toInt(), 1);
    QCOMPARE(model.index(blue, ProductsModel::BestOffer).data().toString(),
             QStringLiteral("Shenzhen Lights: 3.20 EUR + 1.50 EUR shipping"));
    // 26.90 - 3.20 - 1.50 = 22.20, 82.5 % of the price.
    QCOMPARE(model.index(blue, ProductsModel::Margin).data().toString(),
             QStringLiteral("22.20 EUR (82.5 %)"));
    QTRY_COMPARE(page.offersModel()->rowCount(), 1);
    QCOMPARE(page.offersModel()->index(0, OffersModel::ShipsTo).data().toString(),
             QStringLiteral("FR, DE"));
    QCOMPARE(page.offersModel()->index(0, OffersModel::Cost).data().toString(),
             QStringLiteral("3.20 EUR"));

    // Another client puts a backup offer: it arrives by the event stream, no refresh.
    ApiClient other(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(other, *m_backend));
    const qint64 variant = model.idAt(blue);
    bool put = false;
    other.send("PUT", QStringLiteral("/api/variants/%1/offers").arg(variant),
               {{QStringLiteral("supplier_id"), m_suppliers[1]},
                {QStringLiteral("supplier_product_id"), QStringLiteral("777")},
                {QStringLiteral("currency"), QStringLiteral("EUR")},
                {QStringLiteral("cost_minor"), 900},
                {QStringLiteral("priority"), 5}},
               &other, [&](const ApiReply &r) { put = r.ok(); });
    QTRY_VERIFY(put);
    QTRY_COMPARE(model.index(blue, ProductsModel::Offers).data().toInt(), 2);
    QTRY_COMPARE(page.offersModel()->rowCount(), 2);
    QCOMPARE(page.offersModel()->index(1, OffersModel::Supplier).data().toString(),
             QStringLiteral("Yiwu Home"));
    QCOMPARE(page.offersModel()->index(1, OffersModel::ShipsTo).data().toString(),
             QStringLiteral("Worldwide"));

    // The preferred supplier paused: the backup is the one orders go to.
    bool paused = false;
    other.send("PUT", QStringLiteral("/api/suppliers/%1").arg(m_suppliers[0]),
               {{QStringLiteral("active"), false}}, &other,
               [&](const ApiReply &r) { paused = r.ok(); });
    QTRY_VERIFY(paused);
    page.reload();
    QTRY_COMPARE(model.index(blue, ProductsModel::BestOffer).data().toString(),
                 QStringLiteral("Yiwu Home: 9.00 EUR + 0.00 EUR shipping"));
    QCOMPARE(page.offersModel()->index(0, OffersModel::Supplier).data().toString(),
             QStringLiteral("Shenzhen Lights (paused)"));

    // Selecting an offer puts it in the form; removing it leaves the backup.
    auto *offers = page.findChild<QTableView *>(QStringLiteral("offers"));
    offers->selectRow(0);
    QCOMPARE(field("supplierProduct")->text(), QStringLiteral("1005001234"));
    QCOMPARE(field("cost")->text(), QStringLiteral("3.20"));
    QCOMPARE(field("shipsTo")->text(), QStringLiteral("FR, DE"));
    // In French: decimal commas in the table and in the form, which saves them back exactly.
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
    offers->selectRow(1);
    offers->selectRow(0);
    QCOMPARE(field("cost")->text(), QStringLiteral("3,20"));
    QCOMPARE(page.offersModel()->index(0, OffersModel::Cost).data().toString(),
             QStringLiteral("3,20 EUR"));
    page.saveOffer();
    QTRY_COMPARE(page.message(), QStringLiteral("Offer saved."));
    QLocale::setDefault(QLocale::c());
    QTRY_COMPARE(page.offersModel()->index(0, OffersModel::Cost).data().toString(),
                 QStringLiteral("3.20 EUR"));
    QCOMPARE(page.offersModel()->rowCount(), 2);
    page.removeOffer();
    QTRY_COMPARE(page.message(), QStringLiteral("Offer removed."));
    QTRY_COMPARE(page.offersModel()->rowCount(), 1);
    QCOMPARE(model.index(blue, ProductsModel::Offers).data().toInt(), 1);

    // Only the variants without an offer: the lamp's default one.
    page.findChild<QCheckBox *>(QStringLiteral("unmapped"))->setChecked(true);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ProductsModel::Sku).data().toString(), QStringLiteral("G-119"));

    // Without catalog.write the form and its buttons are off.
    page.view()->selectRow(0);
    page.setPermissions({QStringLiteral("catalog.read")});
    for (auto *b : page.findChildren<QPushButton *>())
        QVERIFY(!b->isEnabled());
    QVERIFY(!field("cost")->isEnabled());
    page.setPermissions({QStringLiteral("catalog.read"), QStringLiteral("catalog.write")});
    QVERIFY(field("cost")->isEnabled());
}

void TestProductsPage::importFromShopify()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    dc::test::FakeShopify shopify("shpat_import");
    shopify.setThrottle(1000, 20000, 10);
    shopify.setCatalog(40, 2, 1, QDateTime::currentDateTimeUtc().addDays(-1));
    bool saved = false;
    api.send("PUT", QStringLiteral("/api/shops/demo.myshopify.com"),
             {{QStringLiteral("access_token"), QStringLiteral("shpat_import")},
              {QStringLiteral("webhook_secret"), QStringLiteral("whsec")},
              {QStringLiteral("admin_url"), shopify.adminUrl()},
              {QStringLiteral("currency"), QStringLiteral("EUR")}},
             &api, [&](const ApiReply &r) { saved = r.ok(); });
    QTRY_VERIFY(saved);

    ProductsPage page(api);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    ShopImportBar &bar = *page.importBar();
    auto *button = page.findChild<QPushButton *>(QStringLiteral("importFromShopify"));
    QVERIFY(button);
    QTRY_VERIFY(button->isEnabled()); // the shop list arrived: one shop, nothing to pick
    QVERIFY(!page.findChild<QComboBox *>(QStringLiteral("importShop"))->isVisible());
    QTRY_COMPARE(page.model()->rowCount(), 51);

    QTest::mouseClick(button, Qt::LeftButton);
    auto *progress = page.findChild<QProgressBar *>(QStringLiteral("importProgress"));
    QVERIFY(progress->isVisible());
    QVERIFY(!button->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(bar.message().startsWith(QStringLiteral("Imported")), 30000);
    QCOMPARE(bar.message(),
             QStringLiteral("Imported 40 product(s) (40 new, 0 changed); open orders: 0."));
    QCOMPARE(progress->value(), 100);
    QVERIFY(button->isEnabled());
    // The page fetched its products again: the newest are the imported ones.
    QTRY_COMPARE(page.model()->index(0, ProductsModel::Product).data().toString(),
                 QStringLiteral("Catalog product 39"));
    QCOMPARE(page.model()->index(0, ProductsModel::Price).data().toString(),
             QStringLiteral("12.73 EUR"));
}

void TestProductsPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestProductsPage)
#include "tst_productspage.moc"
