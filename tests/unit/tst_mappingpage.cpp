// SPDX-License-Identifier: GPL-3.0-or-later
// The mapping page, offscreen, over a real embedded backend and the AliExpress fake: the variants
// without an offer, the one an order waits on first; a product page's address looked up for the
// selected variant (its SKUs with attributes, cost and stock, the matching one preselected in
// bold, the shipping per country); Map creates the offer and releases the held order; a page
// that is not AliExpress's is refused with the reason; without catalog.write nothing is mapped.
#include "aliexpress/aliexpressclient.h"
#include "apiclient.h"
#include "fakealiexpress.h"
#include "mappingpage.h"
#include "runtime/backend.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;
using dc::test::FakeAliExpress;

class TestMappingPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void lookUpAndMap();
    void cleanupTestCase();

private:
    qint64 variantId(qint64 shopifyVariantId) const;
    QTemporaryDir m_dir;
    std::unique_ptr<FakeAliExpress> m_ae;
    std::unique_ptr<runtime::Backend> m_backend;
    qint64 m_heldOrder = 0;
};

qint64 TestMappingPage::variantId(qint64 shopifyVariantId) const
{
    auto v = storage::CatalogRepository().findVariantByShopifyId(m_backend->store().reader(),
                                                                 shopifyVariantId);
    return v && v->has_value() ? (*v)->id : 0;
}

void TestMappingPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_ae = std::make_unique<FakeAliExpress>(QStringLiteral("app-1"), "app-secret", "token-1");
    const QString color = QStringLiteral("Color"), size = QStringLiteral("Size");
    m_ae->addProduct(QStringLiteral("1005006000001"), QStringLiteral("LED desk lamp"),
                     {{QStringLiteral("sku-gs"), QStringLiteral("11.00"), 30, QStringLiteral("EUR"),
                       {{color, QStringLiteral("Gold")}, {size, QStringLiteral("S")}}},
                      {QStringLiteral("sku-sm"), QStringLiteral("12.40"), 0, QStringLiteral("EUR"),
                       {{color, QStringLiteral("Silver")}, {size, QStringLiteral("M")}}}},
                     QStringLiteral("Lumen Lights"));
    m_ae->setFreight(QStringLiteral("BE"), {});
    {
        QFile ini(m_dir.filePath(QStringLiteral("dropcrew.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[aliexpress]\nurl=" + m_ae->url().toUtf8() + "\n");
    }
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    QVERIFY(m_backend->crew().integrations().setAliExpress(
        aliexpress::Credentials{QStringLiteral("app-1"), "app-secret", "token-1", "refresh-1", 0, 0}));

    Product p;
    p.shop = QStringLiteral("demo.myshopify.com");
    p.shopifyProductId = 777001;
    p.title = QStringLiteral("Desk lamp");
    p.variants = {Variant{0, 0, 9001, QStringLiteral("LAMP-SM"), QStringLiteral("Silver / M"),
                          Money{4500, QStringLiteral("EUR")}, 5},
                  Variant{0, 0, 9002, QStringLiteral("LAMP-GS"), QStringLiteral("Gold / S"),
                          Money{4500, QStringLiteral("EUR")}, 5}};
    storage::Store &store = m_backend->store();
    QVERIFY(store.writeAndWait<storage::UpsertOutcome>([&](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertProduct(w, p);
    }));
    // An order held for the silver lamp, as validate_order leaves it.
    auto held = store.writeAndWait<qint64>([&](storage::WriteContext &w) -> storage::DbResult<qint64> {
        const qint64 now = storage::nowMs();
        auto o = storage::exec(
            w.db(),
            QStringLiteral("INSERT INTO orders (shop, shopify_order_id, name, status, hold_reason, "
                           "currency, subtotal_minor, shipping_minor, tax_minor, total_minor, "
                           "shipping_country, created_at, updated_at) VALUES (?, 5001, '#5001', "
                           "'on_hold', 'unmapped_item', 'EUR', 4500, 0, 0, 4500, 'FR', ?, ?) "
                           "RETURNING id"),
            {p.shop, now, now});
        if (!o)
            return std::unexpected(o.error());
        o->next();
        const qint64 id = o->value(0).toLongLong();
        auto l = storage::exec(w.db(),
                               QStringLiteral("INSERT INTO line_items (order_id, shopify_variant_id, "
                                              "title, quantity, unit_price_minor, currency) VALUES "
                                              "(?, 9001, 'Desk lamp', 1, 4500, 'EUR')"),
                               {id});
        if (!l)
            return std::unexpected(l.error());
        return id;
    });
    QVERIFY(held);
    m_heldOrder = *held;
}

void TestMappingPage::lookUpAndMap()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    MappingPage page(api);
    QAbstractItemModelTester unmappedTester(page.unmappedModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester skusTester(page.skusModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // The variant an order waits on comes first.
    UnmappedModel &unmapped = *page.unmappedModel();
    QTRY_COMPARE(unmapped.rowCount(), 2);
    QCOMPARE(unmapped.index(0, UnmappedModel::Variant).data().toString(),
             QStringLiteral("Silver / M"));
    QCOMPARE(unmapped.index(0, UnmappedModel::Product).data().toString(),
             QStringLiteral("Desk lamp"));
    QCOMPARE(unmapped.index(0, UnmappedModel::Pending).data().toInt(), 1);
    QCOMPARE(unmapped.index(0, UnmappedModel::Price).data().toString(), QStringLiteral("45.00 EUR"));
    QCOMPARE(unmapped.index(1, UnmappedModel::Pending).data().toInt(), 0);
    QVERIFY2(page.summary().startsWith(QStringLiteral("2 variant")), qPrintable(page.summary()));
    QVERIFY2(page.summary().contains(QStringLiteral("1 held order")), qPrintable(page.summary()));

    auto *product = page.findChild<QLineEdit *>(QStringLiteral("mapProduct"));
    auto *countries = page.findChild<QLineEdit *>(QStringLiteral("mapCountries"));
    auto *lookUp = page.findChild<QPushButton *>(QStringLiteral("mapLookUp"));
    auto *mapButton = page.findChild<QPushButton *>(QStringLiteral("mapButton"));
    QVERIFY(product && countries && lookUp && mapButton);

    // Not an AliExpress page: the server's reason, nothing to map.
    page.unmappedView()->selectRow(0);
    product->setText(QStringLiteral("https://www.example.com/item/1005006000001.html"));
    countries->setText(QStringLiteral("fr,be"));
    QTest::mouseClick(lookUp, Qt::LeftButton);
    QTRY_VERIFY2(page.message().contains(QStringLiteral("product")), qPrintable(page.message()));
    QVERIFY(!mapButton->isEnabled());

    // The page as copied from the browser: the SKUs, the silver M one preselected and bold.
    product->setText(QStringLiteral("https://fr.aliexpress.com/item/1005006000001.html?spm=x"));
    QTest::mouseClick(lookUp, Qt::LeftButton);
    SkusModel &skus = *page.skusModel();
    QTRY_COMPARE(skus.rowCount(), 2);
    QCOMPARE(skus.index(1, SkusModel::Sku).data().toString(), QStringLiteral("sku-sm"));
    QCOMPARE(skus.index(1, SkusModel::Attributes).data().toString(),
             QStringLiteral("Color: Silver; Size: M"));
    QCOMPARE(skus.index(1, SkusModel::Cost).data().toString(), QStringLiteral("12.40 EUR"));
    QCOMPARE(skus.index(1, SkusModel::Stock).data().toInt(), 0);
    QCOMPARE(skus.index(1, SkusModel::Stock).data(Qt::ForegroundRole).value<QColor>(),
             QColor(Qt::darkRed));
    QVERIFY(skus.index(1, SkusModel::Sku).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!skus.index(0, SkusModel::Sku).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(page.skusView()->currentIndex().row(), 1);
    QVERIFY2(page.shipping().contains(QStringLiteral("FR: CAINIAO_STANDARD 2.50 EUR (7–15 days)")),
             qPrintable(page.shipping()));
    QVERIFY2(page.shipping().contains(QStringLiteral("BE: not delivered")),
             qPrintable(page.shipping()));
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("mapTitle"))->text().contains(
        QStringLiteral("Lumen Lights")));
    QVERIFY(mapButton->isEnabled());

    // Map: the offer, the held order released, the variant gone from the list.
    QTest::mouseClick(mapButton, Qt::LeftButton);
    QTRY_VERIFY2(page.message().startsWith(QStringLiteral("Mapped to sku-sm from Lumen Lights")),
                 qPrintable(page.message()));
    QVERIFY2(page.message().contains(QStringLiteral("cost 12.40 EUR, shipping 2.50 EUR")),
             qPrintable(page.message()));
    QVERIFY2(page.message().contains(QStringLiteral("1 held order")) &&
                 page.message().endsWith(QStringLiteral("back in the flow.")),
             qPrintable(page.message()));
    QTRY_COMPARE(unmapped.rowCount(), 1);
    QCOMPARE(unmapped.index(0, UnmappedModel::Variant).data().toString(), QStringLiteral("Gold / S"));
    QCOMPARE(skus.rowCount(), 0);
    auto offers =
        storage::CatalogRepository().offersForVariant(m_backend->store().reader(), variantId(9001));
    QVERIFY(offers);
    QCOMPARE(offers->size(), 1);
    QCOMPARE(offers->first().supplierSkuId, QStringLiteral("sku-sm"));
    QCOMPARE(offers->first().shipsTo, QStringList{QStringLiteral("FR")});
    QCOMPARE(QSettings().value(QStringLiteral("mapping/countries")).toString(),
             QStringLiteral("FR,BE"));

    // Without catalog.write the SKUs can be read, not mapped.
    page.setPermissions({QStringLiteral("catalog.read")});
    page.unmappedView()->selectRow(0);
    product->setText(QStringLiteral("1005006000001"));
    QTest::mouseClick(lookUp, Qt::LeftButton);
    QTRY_COMPARE(skus.rowCount(), 2);
    QCOMPARE(page.skusView()->currentIndex().row(), 0); // gold S fits the gold variant
    QVERIFY(!mapButton->isEnabled());
}

void TestMappingPage::cleanupTestCase()
{
    m_backend.reset();
    m_ae.reset();
}

QTEST_MAIN(TestMappingPage)
#include "tst_mappingpage.moc"
