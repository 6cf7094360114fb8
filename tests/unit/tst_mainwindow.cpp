// SPDX-License-Identifier: GPL-3.0-or-later
// The main window over a real embedded backend, offscreen, in English and French.
#include "alerts/alertservice.h"
#include "dashboardpage.h"
#include "kpitiles.h"
#include "look.h"
#include "mainwindow.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "runtime/backend.h"
#include "storage/sqlutil.h"
#include "storage/store.h"
#include "summaryfeed.h"
#include "testbackend.h"

#include <QComboBox>

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using namespace dc;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void composesPagesOverTheBackend();
    void frenchTranslationIsUsed();
    void sidebarHasIconsAndBadges();
    void tilesOpenTheFilteredOrders();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestMainWindow::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

void TestMainWindow::composesPagesOverTheBackend()
{
    // A shop with no public URL: the status bar says it is polled.
    shopify::Shop corner;
    corner.domain = QStringLiteral("corner.myshopify.com");
    QVERIFY(m_backend->shopify().shops().saveShop(corner, {}, {}, {}));
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // Dashboard, Orders, Workflows, Runs, Events, Tasks, Products, Mapping, Suppliers,
    // Profitability, Settings, Alerts, Administration
    QCOMPARE(w.pageCount(), 13);
    // The status bar's health line: Shopify, AliExpress and the queue, through the API.
    auto *health = w.findChild<QLabel *>(QStringLiteral("healthLabel"));
    QVERIFY(health);
    QTRY_VERIFY2(health->text().contains(QStringLiteral("Queue: 0 queued")),
                 qPrintable(health->text()));
    QVERIFY(health->text().contains(QStringLiteral("AliExpress: not configured")));
    QTRY_VERIFY(health->text().contains(QStringLiteral("LLM: templates only")));
    QTRY_VERIFY2(health->text().contains(QStringLiteral("corner.myshopify.com: polling")),
                 qPrintable(health->text()));
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Dashboard"));
    bool found = false;
    for (auto *label : w.statusBar()->findChildren<QLabel *>())
        found |= label->text().contains(m_backend->listenUrl());
    QVERIFY(found);
    // Ctrl+1..9: the first nine pages.
    QTest::keyClick(&w, Qt::Key_7, Qt::ControlModifier);
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Products"));
    QTest::keyClick(&w, Qt::Key_8, Qt::ControlModifier);
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Mapping"));
    QTest::keyClick(&w, Qt::Key_9, Qt::ControlModifier);
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Suppliers"));
    const int before = w.pageCount();
    const int idx = w.addPage(QStringLiteral("Extra"), new QWidget);
    QCOMPARE(idx, before);
    QVERIFY(w.showPage(QStringLiteral("Extra")));
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Extra"));
}

void TestMainWindow::frenchTranslationIsUsed()
{
    QTranslator fr;
    QVERIFY(fr.load(QStringLiteral(":/i18n/dropcrew_fr.qm")));
    QCoreApplication::installTranslator(&fr);
    {
        ui::MainWindow w(*m_backend);
        QCOMPARE(w.currentPageTitle(), QStringLiteral("Tableau de bord"));
    }
    QCoreApplication::removeTranslator(&fr);
}

namespace {
int badge(ui::MainWindow &w, const QString &title)
{
    const auto items = w.sidebar()->findItems(title, Qt::MatchExactly);
    return items.isEmpty() ? -1 : items.first()->data(ui::look::SidebarDelegate::BadgeRole).toInt();
}
} // namespace

void TestMainWindow::sidebarHasIconsAndBadges()
{
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (int i = 0; i < w.sidebar()->count(); ++i)
        QVERIFY2(!w.sidebar()->item(i)->icon().isNull(), qPrintable(w.sidebar()->item(i)->text()));
    QTRY_COMPARE(badge(w, QStringLiteral("Orders")), 0);
    QCOMPARE(badge(w, QStringLiteral("Alerts")), 0);

    // An order held and an alert open: the badges count them once the feed hears of them.
    alerts::AlertDraft d;
    d.rule = QString(alerts::kWorkflowNotification);
    d.key = QStringLiteral("sidebar");
    d.subject = QStringLiteral("Something to look at");
    auto raised = m_backend->alerts().raise(d);
    QVERIFY(raised && raised->raised);
    QVERIFY(m_backend->store().writeAndWait<bool>(
        [](storage::WriteContext &c) -> storage::DbResult<bool> {
            const qint64 now = storage::nowMs();
            auto o = storage::exec(
                c.db(),
                QStringLiteral(
                    "INSERT INTO orders (shop, shopify_order_id, name, status, hold_reason, "
                    "currency, subtotal_minor, shipping_minor, tax_minor, total_minor, "
                    "shipping_country, created_at, updated_at) VALUES ('s.myshopify.com', "
                    "7001, '#7001', 'on_hold', 'operator', 'EUR', 4500, 0, 0, 4500, 'FR', "
                    "?, ?)"),
                {now, now});
            if (!o)
                return std::unexpected(o.error());
            return true;
        }));
    w.summaryFeed()->reload();
    QTRY_COMPARE(badge(w, QStringLiteral("Orders")), 1);
    QTRY_COMPARE(badge(w, QStringLiteral("Alerts")), 1);
    const auto orders = w.sidebar()->findItems(QStringLiteral("Orders"), Qt::MatchExactly);
    QCOMPARE(orders.first()->data(ui::look::SidebarDelegate::BadgeToneRole).toString(),
             QStringLiteral("on_hold"));
    QVERIFY(
        orders.first()->data(Qt::AccessibleTextRole).toString().contains(QLatin1String("1 order")));
    QVERIFY(orders.first()->toolTip().contains(QLatin1String("on hold")));
    // The badge's room is in the sidebar's width: no title is cut.
    const QFontMetrics fm = w.sidebar()->fontMetrics();
    QVERIFY(w.sidebar()->width() >= fm.horizontalAdvance(QStringLiteral("Dashboard")) +
                                        fm.horizontalAdvance(QStringLiteral("999+")));
}

void TestMainWindow::tilesOpenTheFilteredOrders()
{
    // Run after sidebarHasIconsAndBadges: one order is held.
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    ui::KpiTiles *tiles = w.dashboardPage()->tiles();
    QTRY_COMPARE(tiles->tile(QStringLiteral("held"))->value(), QStringLiteral("1"));
    QCOMPARE(tiles->tile(QStringLiteral("orders"))->value(), QStringLiteral("1"));
    QVERIFY(tiles->tile(QStringLiteral("revenue"))->value().contains(QLatin1String("EUR")));
    QCOMPARE(tiles->tile(QStringLiteral("ship_hours"))->value(), QStringLiteral("–"));
    QTest::mouseClick(tiles->tile(QStringLiteral("held")), Qt::LeftButton);
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Orders"));
    auto *status = w.ordersPage()->findChild<QComboBox *>(QStringLiteral("statusFilter"));
    QCOMPARE(status->currentData().toString(), QStringLiteral("on_hold"));
    QCOMPARE(w.ordersPage()->model()->filter().status, QStringLiteral("on_hold"));
    QTRY_COMPARE(w.ordersPage()->model()->rowCount(), 1);
    // Keyboard: the tiles are buttons, reachable and pressed with the space bar.
    w.showPageAt(0);
    tiles->tile(QStringLiteral("orders"))->setFocus();
    QTest::keyClick(tiles->tile(QStringLiteral("orders")), Qt::Key_Space);
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Orders"));
    QVERIFY(w.ordersPage()->model()->filter().status.isEmpty());
    QVERIFY(w.ordersPage()->model()->filter().from.isValid());
}

void TestMainWindow::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
