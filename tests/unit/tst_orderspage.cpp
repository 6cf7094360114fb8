// SPDX-License-Identifier: GPL-3.0-or-later
// The orders page, offscreen, over a real embedded backend: a new order appears in the table
// by itself, selecting it fills the detail pane (line items, margin, timeline), and an action
// (hold) changes the row and the pane live; the actions follow the user's permissions.
#include "apiclient.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestOrdersPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void liveOrderDetailAndAction();
    void replaceSendsTheOrderAgain();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestOrdersPage::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

void TestOrdersPage::liveOrderDetailAndAction()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("#"));
    QTRY_VERIFY(api.streaming());

    // A workflow started by each new order: its steps join the order's timeline.
    bool saved = false;
    api.sendText("PUT", QStringLiteral("/api/workflows/order_note/definition"),
                 "name: order_note\ntrigger:\n  event: order.created\n  key: "
                 "\"order:{{ trigger.data.order_id }}\"\nsteps:\n  - name: note_it\n    agent: "
                 "system\n    action: notify_admin\n    input:\n      subject: \"New order\"\n",
                 "application/yaml", this, [&](const ApiReply &r) {
                     saved = r.ok();
                     if (!r.ok())
                         qWarning() << r.status << r.raw;
                 });
    QTRY_VERIFY(saved);

    OrdersPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(!page.model()->loading());
    QCOMPARE(page.view()->model()->rowCount(), 0);

    // An order arrives (through the API, as any client would enter one): no refresh needed.
    bool created = false;
    qint64 id = 0;
    api.send("POST", QStringLiteral("/api/orders"),
             {{QStringLiteral("name"), QStringLiteral("#PAGE-1")},
              {QStringLiteral("currency"), QStringLiteral("EUR")},
              {QStringLiteral("line_items"),
               QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Desk lamp")},
                                      {QStringLiteral("sku"), QStringLiteral("LAMP-9")},
                                      {QStringLiteral("quantity"), 2},
                                      {QStringLiteral("unit_price_minor"), 1999}}}}},
             this, [&](const ApiReply &r) {
                 created = r.ok();
                 id = r.json.value(QStringLiteral("id")).toInteger();
             });
    QTRY_VERIFY(created);
    QTRY_COMPARE(page.view()->model()->rowCount(), 1);
    const QModelIndex first = page.view()->model()->index(0, OrdersModel::Name);
    QCOMPARE(first.data().toString(), QStringLiteral("#PAGE-1"));
    QCOMPARE(page.view()->model()->index(0, OrdersModel::Total).data().toString(),
             QStringLiteral("39.98 EUR"));
    QVERIFY(!page.view()->visualRect(first).isEmpty()); // on screen

    // Selecting it fills the detail pane.
    QSignalSpy shown(&page, &OrdersPage::detailShown);
    page.view()->selectRow(0);
    QTRY_COMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).at(0).toLongLong(), id);
    const QString html = page.detail()->toPlainText();
    QVERIFY2(html.contains(QStringLiteral("Desk lamp")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("LAMP-9")));
    QVERIFY(html.contains(QStringLiteral("order.created")));
    // The workflow's step, once it has run (the pane follows the order's events).
    QTRY_VERIFY_WITH_TIMEOUT(
        page.detail()->toPlainText().contains(QStringLiteral("step note_it: Succeeded")), 10000);

    // Without permissions nothing can be done; an admin may hold it.
    QPushButton *holdButton = nullptr;
    for (auto *b : page.findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Hold"))
            holdButton = b;
    QVERIFY(holdButton);
    QVERIFY(!holdButton->isEnabled());
    page.setPermissions({QStringLiteral("orders.write"), QStringLiteral("orders.sensitive")});
    QVERIFY(holdButton->isEnabled());
    shown.clear();
    QTest::mouseClick(holdButton, Qt::LeftButton);
    // The row and the pane follow the change through the event stream.
    QTRY_COMPARE(page.view()->model()->index(0, OrdersModel::Status).data().toString(),
                 QStringLiteral("On hold"));
    QTRY_VERIFY(page.detail()->toPlainText().contains(QStringLiteral("order.updated")));
    QTRY_COMPARE(holdButton->text(), QStringLiteral("Release"));
    // Why it is held, in words, on the row and in the pane; the totals with shipping and tax.
    QCOMPARE(page.view()->model()->index(0, OrdersModel::Status).data(Qt::ToolTipRole).toString(),
             QStringLiteral("On hold: held by an operator"));
    QTRY_VERIFY2(page.detail()->toPlainText().contains(QStringLiteral("(held by an operator)")),
                 qPrintable(page.detail()->toPlainText()));
    QVERIFY(page.detail()->toPlainText().contains(
        QStringLiteral("Total: 39.98 EUR · Shipping: 0.00 EUR · Tax: 0.00 EUR")));
    QCOMPARE(OrdersModel::reasonLabel(QStringLiteral("unmapped_item")),
             QStringLiteral("a product without a supplier offer"));
    QCOMPARE(OrdersModel::reasonLabel(QStringLiteral("SOMETHING_NEW")),
             QStringLiteral("SOMETHING_NEW"));
}

// Replace…: only for an order sent to a supplier and a user allowed sensitive actions; the
// replacement appears in the list and the original's timeline says why.
void TestOrdersPage::replaceSendsTheOrderAgain()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("order.#"));
    QTRY_VERIFY(api.streaming());
    qint64 id = 0;
    api.send("POST", QStringLiteral("/api/orders"),
             {{QStringLiteral("name"), QStringLiteral("#PAGE-2")},
              {QStringLiteral("currency"), QStringLiteral("EUR")},
              {QStringLiteral("shipping_address"),
               QJsonObject{{QStringLiteral("address1"), QStringLiteral("3 rue des Lilas")},
                           {QStringLiteral("city"), QStringLiteral("Lille")},
                           {QStringLiteral("zip"), QStringLiteral("59000")},
                           {QStringLiteral("country_code"), QStringLiteral("FR")}}},
              {QStringLiteral("line_items"),
               QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Travel mug")},
                                      {QStringLiteral("quantity"), 1},
                                      {QStringLiteral("unit_price_minor"), 1890}}}}},
             this, [&](const ApiReply &r) { id = r.json.value(QStringLiteral("id")).toInteger(); });
    QTRY_VERIFY(id > 0);

    OrdersPage page(api);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(!page.model()->loading());
    page.setPermissions({QStringLiteral("orders.write"), QStringLiteral("orders.sensitive")});
    auto rowOf = [&](const QString &name) {
        for (int r = 0; r < page.model()->rowCount(); ++r)
            if (page.model()->index(r, OrdersModel::Name).data().toString() == name)
                return r;
        return -1;
    };
    QTRY_VERIFY(rowOf(QStringLiteral("#PAGE-2")) >= 0);
    page.view()->selectRow(rowOf(QStringLiteral("#PAGE-2")));
    auto *replace = page.findChild<QPushButton *>(QStringLiteral("replaceOrder"));
    QTRY_COMPARE(page.selectedOrderId(), id);
    QTRY_VERIFY(page.detail()->toPlainText().contains(QStringLiteral("#PAGE-2")));
    QVERIFY(!replace->isEnabled()); // nothing was sent yet

    // The supplier order placed (an operator's correction here: no AliExpress in this test).
    for (const char *status : {"validated", "supplier_ordered"}) {
        bool moved = false;
        api.send("PUT", QStringLiteral("/api/orders/%1").arg(id),
                 {{QStringLiteral("status"), QLatin1String(status)}}, this,
                 [&](const ApiReply &r) { moved = r.ok(); });
        QTRY_VERIFY(moved);
    }
    QTRY_VERIFY(replace->isEnabled());
    page.setPermissions({QStringLiteral("orders.write")});
    QVERIFY(!replace->isEnabled());
    page.setPermissions({QStringLiteral("orders.write"), QStringLiteral("orders.sensitive")});
    QVERIFY(replace->isEnabled());

    auto *state = page.findChild<QLabel *>(QStringLiteral("orderState"));
    page.replaceOrder(QStringLiteral("  "));
    QCOMPARE(state->text(), QStringLiteral("Say why the order is sent again."));
    page.replaceOrder(QStringLiteral("Lost in transit"));
    QTRY_VERIFY2(state->text().startsWith(QStringLiteral("Replacement #PAGE-2-R1 created")),
                 qPrintable(state->text()));
    // Live in the list, at no charge; the original's timeline records it with the reason.
    QTRY_VERIFY(rowOf(QStringLiteral("#PAGE-2-R1")) >= 0);
    QCOMPARE(page.model()
                 ->index(rowOf(QStringLiteral("#PAGE-2-R1")), OrdersModel::Total)
                 .data()
                 .toString(),
             QStringLiteral("0.00 EUR"));
    QTRY_VERIFY2(page.detail()->toPlainText().contains(
                     QStringLiteral("replacement #PAGE-2-R1 · Lost in transit")),
                 qPrintable(page.detail()->toPlainText()));
}

void TestOrdersPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestOrdersPage)
#include "tst_orderspage.moc"
