// SPDX-License-Identifier: GPL-3.0-or-later
// The suppliers page, offscreen, over a real embedded backend: adding a supplier through the
// form, pausing and resuming it, refusals shown, and the write actions following permissions;
// the Data Analyzer's score and delivery days of a supplier with a record, with their tooltips.
#include "apiclient.h"
#include "runtime/backend.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/supplierorderrepository.h"
#include "supplierspage.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestSuppliersPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void addPauseResume();
    void scoreAndDeliveryColumns();
    void cleanupTestCase();

private:
    // A supplier order of `supplier` placed 20 days ago, delivered `days` later (failed when
    // days < 0), with its order; false when the store refused.
    bool addHistory(qint64 supplier, int days);
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestSuppliersPage::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

void TestSuppliersPage::addPauseResume()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    SuppliersPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy reloaded(&page, &SuppliersPage::reloaded);
    QTRY_VERIFY(reloaded.count() >= 1);
    const int before = page.model()->rowCount();

    auto *name = page.findChild<QLineEdit *>(QStringLiteral("supplierName"));
    QVERIFY(name);
    QTest::keyClicks(name, QStringLiteral("Shenzhen Lights"));
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_COMPARE(page.model()->rowCount(), before + 1);
    int row = -1;
    for (int r = 0; r < page.model()->rowCount(); ++r)
        if (page.model()->index(r, SuppliersModel::Name).data().toString() ==
            QLatin1String("Shenzhen Lights"))
            row = r;
    QVERIFY(row >= 0);
    QCOMPARE(page.model()->index(row, SuppliersModel::Platform).data().toString(),
             QStringLiteral("aliexpress"));
    QCOMPARE(page.model()->index(row, SuppliersModel::Active).data().toString(),
             QStringLiteral("Active"));
    QCOMPARE(page.model()->index(row, SuppliersModel::Orders).data().toLongLong(), 0);
    QCOMPARE(page.model()->index(row, SuppliersModel::ShipHours).data().toString(),
             QStringLiteral("–"));
    // No record yet: no score, no delivery days, and the tooltip says why.
    QCOMPARE(page.model()->index(row, SuppliersModel::Score).data().toString(),
             QStringLiteral("–"));
    QCOMPARE(page.model()->index(row, SuppliersModel::DeliveryDays).data().toString(),
             QStringLiteral("–"));
    QCOMPARE(page.model()->index(row, SuppliersModel::Score).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Not scored yet: 0 supplier orders so far, 5 needed."));
    QCOMPARE(
        page.model()->index(row, SuppliersModel::DeliveryDays).data(Qt::ToolTipRole).toString(),
        QStringLiteral("No delivery recorded yet."));
    QVERIFY(name->text().isEmpty());

    // The same name again is refused by the server, and the page says so.
    QTest::keyClicks(name, QStringLiteral("Shenzhen Lights"));
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY2(page.message().startsWith(QStringLiteral("Not added")),
                 qPrintable(page.message()));
    QCOMPARE(page.model()->rowCount(), before + 1);

    // Pause, then resume: the row follows, and so does the server.
    auto *view = page.findChild<QTableView *>();
    view->selectRow(row);
    page.toggleActive();
    QTRY_COMPARE(page.model()->index(row, SuppliersModel::Active).data().toString(),
                 QStringLiteral("Paused"));
    QCOMPARE(
        page.model()->index(row, SuppliersModel::Name).data(Qt::ForegroundRole).value<QColor>(),
        QColor(Qt::gray));
    view->selectRow(row);
    page.toggleActive();
    QTRY_COMPARE(page.model()->index(row, SuppliersModel::Active).data().toString(),
                 QStringLiteral("Active"));

    // Without catalog.write the form and the actions are off.
    page.setPermissions({QStringLiteral("catalog.read")});
    for (auto *b : page.findChildren<QPushButton *>())
        QVERIFY(!b->isEnabled());
    QVERIFY(!name->isEnabled());
    page.setPermissions({QStringLiteral("catalog.read"), QStringLiteral("catalog.write")});
    QVERIFY(name->isEnabled());
}

bool TestSuppliersPage::addHistory(qint64 supplier, int days)
{
    const storage::OrderRepository orders(m_backend->cipher());
    const qint64 placed = QDateTime::currentMSecsSinceEpoch() - 20 * 86'400'000LL;
    auto done = m_backend->store().writeAndWait<bool>(
        [&](storage::WriteContext &w) -> storage::DbResult<bool> {
            Order o;
            o.shop = QStringLiteral("lumen.myshopify.com");
            o.name = QStringLiteral("#S");
            o.currency = QStringLiteral("EUR");
            o.subtotal = o.total = {4000, QStringLiteral("EUR")};
            o.shippingTotal = o.taxTotal = {0, QStringLiteral("EUR")};
            o.shippingCountry = QStringLiteral("FR");
            o.lineItems = {LineItem{0,
                                    0,
                                    0,
                                    4343,
                                    QString(),
                                    QStringLiteral("Nano"),
                                    1,
                                    {4000, QStringLiteral("EUR")},
                                    {0, QStringLiteral("EUR")}}};
            auto id = orders.insertManualOrder(w, o);
            if (!id)
                return std::unexpected(id.error());
            SupplierOrder so;
            so.orderId = *id;
            so.supplierId = supplier;
            so.outOrderId = QStringLiteral("S%1").arg(*id);
            so.lines = QJsonArray{
                QJsonObject{{QStringLiteral("quantity"), 1}, {QStringLiteral("cost_minor"), 1200}}};
            so.cost = {1200, QStringLiteral("EUR")};
            so.shipping = {300, QStringLiteral("EUR")};
            auto p = storage::SupplierOrderRepository().prepare(w, so);
            if (!p)
                return std::unexpected(p.error());
            so.id = p->id;
            so.status = days < 0 ? QStringLiteral("failed") : QStringLiteral("delivered");
            so.placedAt = QDateTime::fromMSecsSinceEpoch(placed, Qt::UTC);
            if (days >= 0)
                so.deliveredAt = so.placedAt.addDays(days);
            if (auto u = storage::SupplierOrderRepository().update(w, so); !u)
                return std::unexpected(u.error());
            return true;
        });
    if (!done)
        qWarning() << "history refused:" << done.error().message;
    return done.has_value();
}

void TestSuppliersPage::scoreAndDeliveryColumns()
{
    auto supplier = m_backend->store().writeAndWait<qint64>([](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertSupplier(
            w, {0, QStringLiteral("Scored Co"), QStringLiteral("aliexpress"), true, {}});
    });
    QVERIFY(supplier);
    // Delivered after 8, 9, 10, 12 and 14 days, and one failed: one failure in six supplier
    // orders, a median of 10 days.
    for (int days : {8, 9, 10, 12, 14, -1})
        QVERIFY(addHistory(*supplier, days));

    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    SuppliersPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reloaded(&page, &SuppliersPage::reloaded);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(reloaded.count() >= 1);
    const int row = page.model()->rowOf(*supplier);
    QVERIFY(row >= 0);
    const auto cell = [&](int column, int role = Qt::DisplayRole) {
        return page.model()->index(row, column).data(role).toString();
    };
    QCOMPARE(cell(SuppliersModel::Score), QStringLiteral("83")); // 100 × 5/6, shown whole
    QCOMPARE(cell(SuppliersModel::DeliveryDays), QLocale().toString(10.0, 'f', 1));
    QCOMPARE(cell(SuppliersModel::Score, Qt::ToolTipRole),
             QStringLiteral("Score %1 of 100: 6 supplier orders, 1 failed (17 %), median delivery "
                            "%2 days.")
                 .arg(QLocale().toString(83.33, 'f', 2), QLocale().toString(10.0, 'f', 1)));
    QCOMPARE(cell(SuppliersModel::DeliveryDays, Qt::ToolTipRole),
             QStringLiteral("Half the deliveries took at most %1 days, 9 in 10 at most %2 days "
                            "(5 deliveries).")
                 .arg(QLocale().toString(10.0, 'f', 1), QLocale().toString(14.0, 'f', 1)));
    QVERIFY(page.model()->index(row, SuppliersModel::Score).data(Qt::TextAlignmentRole).isValid());
    // The headers explain both.
    for (int column : {int(SuppliersModel::Score), int(SuppliersModel::DeliveryDays)}) {
        QVERIFY(!page.model()
                     ->headerData(column, Qt::Horizontal, Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
    }
    QCOMPARE(page.model()->headerData(SuppliersModel::Score, Qt::Horizontal).toString(),
             QStringLiteral("Score"));
    // The orders of the last 30 days are still counted as before.
    QCOMPARE(page.model()->index(row, SuppliersModel::Orders).data().toLongLong(), 6);
}

void TestSuppliersPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestSuppliersPage)
#include "tst_supplierspage.moc"
