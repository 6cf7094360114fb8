// SPDX-License-Identifier: GPL-3.0-or-later
// The profitability page, offscreen, over a real embedded backend holding orders sent to
// suppliers: the table fills per product, follows the currency and the grouping (supplier,
// day), sorts on the raw figures, shows its totals, and exports RFC 4180 CSV that reads back;
// the model and the proxy pass QAbstractItemModelTester.
#include "apiclient.h"
#include "profitabilitypage.h"
#include "runtime/backend.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/supplierorderrepository.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QJsonArray>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace dc;
using namespace dc::ui;

namespace {

const QString kShop = QStringLiteral("lumen.myshopify.com");

// RFC 4180 read back: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QByteArray &data)
{
    const QString s = QString::fromUtf8(data);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (quoted) {
            if (c != QLatin1Char('"'))
                field += c;
            else if (i + 1 < s.size() && s.at(i + 1) == QLatin1Char('"'))
                field += s.at(++i);
            else
                quoted = false;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < s.size() && s.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

} // namespace

class TestProfitabilityPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void fillsGroupsSortsAndExports();
    void cleanupTestCase();

private:
    struct Line
    {
        qint64 shopifyVariantId;
        int quantity;
        qint64 unitPrice, unitCost, shipping;
        qint64 supplier;
    };
    qint64 variant(qint64 shopifyProductId, const QString &title, qint64 shopifyVariantId);
    qint64 supplier(const QString &name);
    // An order of `lines` in `currency`, each line's supplier order placed as the Order Manager
    // leaves it; false when the store refused.
    bool placeOrder(const QString &name, const QString &currency, const QList<Line> &lines);
    const ProfitabilityModel::Row *find(const ProfitabilityModel &m, const QString &label,
                                        const QString &currency) const;

    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    QHash<qint64, qint64> m_variants; // Shopify variant id -> ours
};

qint64 TestProfitabilityPage::variant(qint64 shopifyProductId, const QString &title,
                                      qint64 shopifyVariantId)
{
    Product p;
    p.shop = kShop;
    p.shopifyProductId = shopifyProductId;
    p.title = title;
    p.variants = {Variant{0,
                          0,
                          shopifyVariantId,
                          QStringLiteral("SKU-%1").arg(shopifyVariantId),
                          QString(),
                          {1000, QStringLiteral("EUR")},
                          5}};
    auto up = m_backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return storage::CatalogRepository().upsertProduct(w, p); });
    if (!up)
        return 0;
    auto v = storage::CatalogRepository().findVariantByShopifyId(m_backend->store().reader(),
                                                                 shopifyVariantId);
    if (!v || !v->has_value())
        return 0;
    m_variants.insert(shopifyVariantId, (*v)->id);
    return (*v)->id;
}

qint64 TestProfitabilityPage::supplier(const QString &name)
{
    auto id = m_backend->store().writeAndWait<qint64>([&](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertSupplier(
            w, {0, name, QStringLiteral("aliexpress"), true, {}});
    });
    return id ? *id : 0;
}

bool TestProfitabilityPage::placeOrder(const QString &name, const QString &currency,
                                       const QList<Line> &lines)
{
    const storage::OrderRepository orders(m_backend->cipher());
    const storage::SupplierOrderRepository suppliers;
    auto done = m_backend->store().writeAndWait<bool>([&](storage::WriteContext &w)
                                                          -> storage::DbResult<bool> {
        Order o;
        o.shop = kShop;
        o.name = name;
        o.currency = currency;
        qint64 total = 0;
        for (const Line &l : lines) {
            total += l.quantity * l.unitPrice;
            o.lineItems << LineItem{0,
                                    0,
                                    0,
                                    l.shopifyVariantId,
                                    QString(),
                                    name,
                                    l.quantity,
                                    {l.unitPrice, currency},
                                    {0, currency}};
        }
        o.subtotal = o.total = {total, currency};
        o.shippingTotal = o.taxTotal = {0, currency};
        o.shippingCountry = QStringLiteral("FR");
        auto id = orders.insertManualOrder(w, o);
        if (!id)
            return std::unexpected(id.error());
        auto stored = orders.get(w.db(), *id);
        if (!stored || !stored->has_value() || (*stored)->lineItems.size() != lines.size())
            return std::unexpected(
                storage::DbError{storage::DbError::Kind::Internal, QStringLiteral("no order")});
        std::map<qint64, SupplierOrder> bySupplier; // prepared in supplier order, as the agent does
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const Line &l = lines.at(i);
            SupplierOrder &so = bySupplier[l.supplier];
            so.orderId = *id;
            so.supplierId = l.supplier;
            so.outOrderId = QStringLiteral("T%1S%2").arg(*id).arg(l.supplier);
            so.lines.append(
                QJsonObject{{QStringLiteral("line_item_id"), (*stored)->lineItems.at(i).id},
                            {QStringLiteral("variant_id"), m_variants.value(l.shopifyVariantId)},
                            {QStringLiteral("quantity"), l.quantity},
                            {QStringLiteral("cost_minor"), l.unitCost * l.quantity}});
            so.cost = {so.cost.minor + l.unitCost * l.quantity, currency};
            so.shipping = {so.shipping.minor + l.shipping, currency};
        }
        for (auto &entry : bySupplier) {
            SupplierOrder &so = entry.second;
            auto p = suppliers.prepare(w, so);
            if (!p)
                return std::unexpected(p.error());
            so.id = p->id;
            so.status = QStringLiteral("placed");
            so.supplierOrderId = QStringLiteral("AE%1").arg(p->id);
            so.placedAt = QDateTime::currentDateTimeUtc();
            if (auto u = suppliers.update(w, so); !u)
                return std::unexpected(u.error());
        }
        return true;
    });
    if (!done)
        qWarning() << "order refused:" << done.error().message;
    return done.has_value();
}

const ProfitabilityModel::Row *TestProfitabilityPage::find(const ProfitabilityModel &m,
                                                           const QString &label,
                                                           const QString &currency) const
{
    for (const ProfitabilityModel::Row &r : m.rows())
        if (r.label == label && r.currency == currency)
            return &r;
    return nullptr;
}

void TestProfitabilityPage::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    // A title with a comma and quotes: the CSV has to quote it.
    QVERIFY(variant(9001, QStringLiteral("Desk Lamp, \"Nordic\""), 9101) > 0);
    QVERIFY(variant(9002, QStringLiteral("Nano Player"), 9102) > 0);
    const qint64 lamps = supplier(QStringLiteral("Lamp Works"));
    const qint64 nanos = supplier(QStringLiteral("Nano Source"));
    QVERIFY(lamps > 0 && nanos > 0);
    // 2 × Nano Player at 40.00 and a lamp at 35.00 in euros; one Nano Player at 50.00 in dollars.
    QVERIFY(placeOrder(QStringLiteral("#P-1"), QStringLiteral("EUR"),
                       {{9102, 2, 4000, 1200, 300, nanos}, {9101, 1, 3500, 900, 200, lamps}}));
    QVERIFY(placeOrder(QStringLiteral("#P-2"), QStringLiteral("USD"),
                       {{9102, 1, 5000, 1300, 300, nanos}}));
}

void TestProfitabilityPage::fillsGroupsSortsAndExports()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    ProfitabilityPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(page.proxy(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(&page, &ProfitabilityPage::reloaded);
    page.resize(1200, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // Per product by default, every currency: one row per product and currency.
    QTRY_VERIFY(reloaded.count() >= 1);
    ProfitabilityModel &m = *page.model();
    QCOMPARE(m.groupBy(), QStringLiteral("product"));
    QCOMPARE(m.rowCount(), 3);
    const QString lampTitle = QStringLiteral("Desk Lamp, \"Nordic\"");
    const ProfitabilityModel::Row *lamp = find(m, lampTitle, QStringLiteral("EUR"));
    const ProfitabilityModel::Row *nano =
        find(m, QStringLiteral("Nano Player"), QStringLiteral("EUR"));
    const ProfitabilityModel::Row *nanoUsd =
        find(m, QStringLiteral("Nano Player"), QStringLiteral("USD"));
    QVERIFY(lamp && nano && nanoUsd);
    QCOMPARE(lamp->revenue, 3500);
    QCOMPARE(lamp->cost, 900);
    QCOMPARE(lamp->shipping, 200);
    QCOMPARE(lamp->units, 1);
    QCOMPARE(nano->revenue, 8000);
    QCOMPARE(nano->cost, 2400);
    QCOMPARE(nano->units, 2);
    QCOMPARE(nanoUsd->revenue, 5000);
    for (const ProfitabilityModel::Row *r : {lamp, nano, nanoUsd}) {
        QCOMPARE(r->orders, 1);
        QVERIFY(r->fees > 0);
        QCOMPARE(r->margin, r->revenue - r->cost - r->shipping - r->fees);
    }
    // Money in its currency, right-aligned; the raw minor units behind it for sorting.
    const int lampRow = int(lamp - m.rows().constData());
    QCOMPARE(m.index(lampRow, ProfitabilityModel::Revenue).data().toString(),
             formatMoney(3500, QStringLiteral("EUR")));
    QCOMPARE(m.index(lampRow, ProfitabilityModel::Revenue)
                 .data(ProfitabilityModel::SortRole)
                 .toLongLong(),
             3500);
    QVERIFY(qvariant_cast<Qt::Alignment>(
                m.index(lampRow, ProfitabilityModel::Margin).data(Qt::TextAlignmentRole)) &
            Qt::AlignRight);
    QCOMPARE(m.headerData(ProfitabilityModel::Label, Qt::Horizontal).toString(),
             QStringLiteral("Product"));
    QVERIFY(page.totalsText().contains(QStringLiteral("EUR")));
    QVERIFY(page.totalsText().contains(QStringLiteral("USD")));

    // Sorted on the numbers, not on their text: the most revenue first.
    page.proxy()->sort(ProfitabilityModel::Revenue, Qt::DescendingOrder);
    QCOMPARE(page.proxy()
                 ->index(0, ProfitabilityModel::Revenue)
                 .data(ProfitabilityModel::SortRole)
                 .toLongLong(),
             8000);
    QCOMPARE(page.proxy()
                 ->index(2, ProfitabilityModel::Revenue)
                 .data(ProfitabilityModel::SortRole)
                 .toLongLong(),
             3500);
    page.proxy()->sort(ProfitabilityModel::Label, Qt::AscendingOrder);

    // One currency: its rows and its totals alone; the chooser keeps every currency.
    auto *currency = page.findChild<QComboBox *>(QStringLiteral("currency"));
    QVERIFY(currency);
    QCOMPARE(currency->count(), 3); // all, then EUR (the most revenue), USD
    QCOMPARE(currency->itemData(1).toString(), QStringLiteral("EUR"));
    currency->setCurrentIndex(currency->findData(QStringLiteral("EUR")));
    QTRY_COMPARE(m.rowCount(), 2);
    for (const ProfitabilityModel::Row &r : m.rows())
        QCOMPARE(r.currency, QStringLiteral("EUR"));
    QVERIFY(!page.totalsText().contains(QStringLiteral("USD")));
    QCOMPARE(currency->count(), 3);

    // Per supplier, then per day (UTC), still in euros.
    auto *groupBy = page.findChild<QComboBox *>(QStringLiteral("groupBy"));
    QVERIFY(groupBy);
    groupBy->setCurrentIndex(groupBy->findData(QStringLiteral("supplier")));
    QTRY_COMPARE(m.groupBy(), QStringLiteral("supplier"));
    QCOMPARE(m.rowCount(), 2);
    QVERIFY(find(m, QStringLiteral("Lamp Works"), QStringLiteral("EUR")));
    const ProfitabilityModel::Row *source =
        find(m, QStringLiteral("Nano Source"), QStringLiteral("EUR"));
    QVERIFY(source);
    QCOMPARE(source->revenue, 8000);
    QCOMPARE(m.headerData(ProfitabilityModel::Label, Qt::Horizontal).toString(),
             QStringLiteral("Supplier"));
    groupBy->setCurrentIndex(groupBy->findData(QStringLiteral("day")));
    QTRY_COMPARE(m.groupBy(), QStringLiteral("day"));
    QCOMPARE(m.rowCount(), 1);
    const ProfitabilityModel::Row day = m.rows().first();
    QCOMPARE(day.key, QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate));
    QCOMPARE(day.revenue, 11500);
    QCOMPARE(day.units, 3);
    QCOMPARE(day.orders, 1);

    // Back to products in every currency, then the CSV of what the table shows.
    groupBy->setCurrentIndex(groupBy->findData(QStringLiteral("product")));
    QTRY_COMPARE(m.groupBy(), QStringLiteral("product"));
    currency->setCurrentIndex(0);
    QTRY_COMPARE(m.rowCount(), 3);
    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("profit.csv"));
    page.setSaveFileChooser([] { return QString(); });
    QVERIFY(!page.exportCsv()); // cancelled: nothing written
    QVERIFY(!QFile::exists(file));
    page.setSaveFileChooser([file] { return file; });
    QSignalSpy exported(&page, &ProfitabilityPage::exported);
    auto *button = page.findChild<QPushButton *>(QStringLiteral("exportCsvButton"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(exported.count(), 1);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray csv = f.readAll();
    QCOMPARE(csv.count("\r\n"), csv.count('\n')); // CRLF line ends only
    const QList<QStringList> rows = parseCsv(csv);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0).join(u','),
             QStringLiteral("key,label,currency,orders,units,revenue,supplier_cost,shipping,fees,"
                            "margin,margin_percent"));
    const QStringList first = rows.at(1); // sorted by label: the lamp
    QCOMPARE(first.size(), 11);
    QCOMPARE(first.at(1), lampTitle);
    QCOMPARE(first.at(2), QStringLiteral("EUR"));
    QCOMPARE(first.at(3), QStringLiteral("1"));
    QCOMPARE(first.at(4), QStringLiteral("1"));
    QCOMPARE(first.at(5), QStringLiteral("35.00"));
    QCOMPARE(first.at(6), QStringLiteral("9.00"));
    QCOMPARE(first.at(7), QStringLiteral("2.00"));
    lamp = find(m, lampTitle, QStringLiteral("EUR"));
    QVERIFY(lamp);
    const qint64 margin = lamp->margin;
    QCOMPARE(first.at(9),
             QStringLiteral("%1.%2").arg(margin / 100).arg(margin % 100, 2, 10, QLatin1Char('0')));
    QVERIFY(csv.contains("\"Desk Lamp, \"\"Nordic\"\"\"")); // quoted, quotes doubled
    QVERIFY(page.message().contains(QStringLiteral("3 rows")));

    // A period without orders: an empty table and totals that say so.
    auto *from = page.findChild<QDateEdit *>(QStringLiteral("from"));
    auto *to = page.findChild<QDateEdit *>(QStringLiteral("to"));
    QVERIFY(from && to);
    from->setDate(QDate(2000, 1, 1));
    to->setDate(QDate(2000, 1, 31));
    QTRY_COMPARE(m.rowCount(), 0);
    QTRY_VERIFY(page.totalsText().startsWith(QStringLiteral("No order")));
    QVERIFY(!button->isEnabled());
}

void TestProfitabilityPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestProfitabilityPage)
#include "tst_profitabilitypage.moc"
