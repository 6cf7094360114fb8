// SPDX-License-Identifier: GPL-3.0-or-later
// The orders page, offscreen, over a real embedded backend: a new order appears in the table
// by itself, selecting it fills the detail pane (line items, margin, timeline), and an action
// (hold) changes the row and the pane live; the actions follow the user's permissions.
#include "apiclient.h"
#include "bulkorders.h"
#include "manualorder.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"
#include "storage/store.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QTranslator>
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
    void bulkActionSaysWhatItDoesThenDoesIt();
    void manualOrderFindsVariantsAndShowsFieldErrors();
    void savedFiltersComeBack();
    void anUnansweredSupplierOrderIsResolvedFromTheDetail();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    QTranslator m_english;
};

namespace {
// A manual order (one mug) entered through the API, to Lille when `address1` is given (a
// replacement needs an address): its id.
qint64 enterOrder(ApiClient &api, const QString &name, const QString &address1 = {})
{
    qint64 id = 0;
    QJsonObject order{{QStringLiteral("name"), name},
                      {QStringLiteral("currency"), QStringLiteral("EUR")},
                      {QStringLiteral("line_items"),
                       QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Mug")},
                                              {QStringLiteral("quantity"), 1},
                                              {QStringLiteral("unit_price_minor"), 990}}}}};
    if (!address1.isEmpty())
        order.insert(QStringLiteral("shipping_address"),
                     QJsonObject{{QStringLiteral("address1"), address1},
                                 {QStringLiteral("city"), QStringLiteral("Lille")},
                                 {QStringLiteral("zip"), QStringLiteral("59000")},
                                 {QStringLiteral("country_code"), QStringLiteral("FR")}});
    api.send("POST", QStringLiteral("/api/orders"), order, &api,
             [&](const ApiReply &r) { id = r.json.value(QStringLiteral("id")).toInteger(); });
    [&] { QTRY_VERIFY(id > 0); }();
    return id;
}

int rowNamed(OrdersPage &page, const QString &name)
{
    for (int r = 0; r < page.model()->rowCount(); ++r)
        if (page.model()->index(r, OrdersModel::Name).data().toString() == name)
            return r;
    return -1;
}
} // namespace

void TestOrdersPage::initTestCase()
{
    // As the app does: English plural forms come from the English translation.
    QVERIFY(m_english.load(QStringLiteral(":/i18n/dropcrew_en.qm")));
    QCoreApplication::installTranslator(&m_english);
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
    const qint64 id = enterOrder(api, QStringLiteral("#PAGE-2"), QStringLiteral("3 rue des Lilas"));
    QVERIFY(id > 0);

    OrdersPage page(api);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(!page.model()->loading());
    page.setPermissions({QStringLiteral("orders.write"), QStringLiteral("orders.sensitive")});
    QTRY_VERIFY(rowNamed(page, QStringLiteral("#PAGE-2")) >= 0);
    page.view()->selectRow(rowNamed(page, QStringLiteral("#PAGE-2")));
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
    QTRY_VERIFY(rowNamed(page, QStringLiteral("#PAGE-2-R1")) >= 0);
    QCOMPARE(page.model()
                 ->index(rowNamed(page, QStringLiteral("#PAGE-2-R1")), OrdersModel::Total)
                 .data()
                 .toString(),
             QStringLiteral("0.00 EUR"));
    QTRY_VERIFY2(page.detail()->toPlainText().contains(
                     QStringLiteral("replacement #PAGE-2-R1 · Lost in transit")),
                 qPrintable(page.detail()->toPlainText()));
    // Linked both ways: the original names its replacement, which links back.
    QTRY_VERIFY(page.detail()->toHtml().contains(QStringLiteral("Replaced by")));
    const QString html = page.detail()->toHtml();
    const qsizetype at = html.indexOf(QLatin1String("order:"));
    QVERIFY(at > 0);
    const qint64 replacementId =
        html.mid(at + 6, html.indexOf(QLatin1Char('"'), at) - at - 6).toLongLong();
    QVERIFY(replacementId > id);
    emit page.detail()->anchorClicked(QUrl(QStringLiteral("order:%1").arg(replacementId)));
    QTRY_COMPARE(page.selectedOrderId(), replacementId);
    QTRY_VERIFY2(page.detail()->toPlainText().contains(QStringLiteral("Replacement of #PAGE-2")),
                 qPrintable(page.detail()->toPlainText()));
    // The list can show the replacements alone.
    page.findChild<QCheckBox *>(QStringLiteral("replacementsOnly"))->setChecked(true);
    QTRY_COMPARE(page.model()->rowCount(), 1);
    QCOMPARE(page.model()->index(0, OrdersModel::Name).data().toString(),
             QStringLiteral("#PAGE-2-R1"));
}

// Three orders selected, one already closed: the dialog says two are held and which one is left
// alone and why, then holds them with a progress bar; the rows follow.
void TestOrdersPage::bulkActionSaysWhatItDoesThenDoesIt()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("order.#"));
    QTRY_VERIFY(api.streaming());
    const qint64 a = enterOrder(api, QStringLiteral("#BULK-A"));
    enterOrder(api, QStringLiteral("#BULK-B"));
    const qint64 c = enterOrder(api, QStringLiteral("#BULK-C"));
    bool cancelled = false;
    api.send("POST", QStringLiteral("/api/orders/%1/cancel").arg(c),
             {{QStringLiteral("reason"), QStringLiteral("test")}}, &api,
             [&](const ApiReply &r) { cancelled = r.ok(); });
    QTRY_VERIFY(cancelled);

    OrdersPage page(api);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(rowNamed(page, QStringLiteral("#BULK-C")) >= 0);
    QTRY_COMPARE(page.model()
                     ->index(rowNamed(page, QStringLiteral("#BULK-C")), OrdersModel::Status)
                     .data(OrdersModel::StatusRole)
                     .toString(),
                 QStringLiteral("cancelled"));
    auto *bulk = page.findChild<QToolButton *>(QStringLiteral("bulkActions"));
    QVERIFY(!bulk->isEnabled()); // nothing selected
    page.setPermissions({QStringLiteral("orders.write")});
    const auto select = [&](const QString &name) {
        page.view()->selectionModel()->select(page.model()->index(rowNamed(page, name), 0),
                                              QItemSelectionModel::Select |
                                                  QItemSelectionModel::Rows);
    };
    for (const char *name : {"#BULK-A", "#BULK-B", "#BULK-C"})
        select(QLatin1String(name));
    QCOMPARE(page.selectedOrders().size(), 3);
    QVERIFY(bulk->isEnabled());
    QCOMPARE(bulk->text(), QStringLiteral("3 selected…"));
    // The permissions say which bulk actions are offered.
    for (QAction *act : bulk->menu()->actions())
        QCOMPARE(act->isEnabled(), BulkAction(act->data().toInt()) == BulkAction::Hold ||
                                       BulkAction(act->data().toInt()) == BulkAction::Release);

    BulkOrdersDialog *d = page.openBulk(BulkAction::Hold);
    QCOMPARE(d->applicable(), 2);
    QVERIFY2(d->planText().startsWith(QStringLiteral("2 orders are held")),
             qPrintable(d->planText()));
    QVERIFY(d->planText().contains(QStringLiteral("1 selected order is left alone")));
    QVERIFY(d->refusals().contains(QStringLiteral("#BULK-C (Cancelled): already closed")));
    QCOMPARE(d->startButton()->text(), QStringLiteral("Hold 2 orders"));
    QSignalSpy completed(d, &BulkOrdersDialog::completed);
    QTest::mouseClick(d->startButton(), Qt::LeftButton);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(completed.at(0).at(0).toInt(), 2);
    QCOMPARE(completed.at(0).at(1).toInt(), 0);
    QCOMPARE(d->progress()->value(), 2);
    QTRY_COMPARE(page.model()
                     ->index(rowNamed(page, QStringLiteral("#BULK-A")), OrdersModel::Status)
                     .data(OrdersModel::StatusRole)
                     .toString(),
                 QStringLiteral("on_hold"));
    QTRY_COMPARE(page.model()
                     ->index(rowNamed(page, QStringLiteral("#BULK-B")), OrdersModel::Status)
                     .data(OrdersModel::StatusRole)
                     .toString(),
                 QStringLiteral("on_hold"));

    // Retry without a failed run: the server refuses each, and the dialog lists why.
    page.setPermissions({QStringLiteral("orders.write"), QStringLiteral("workflows.run")});
    page.view()->clearSelection();
    select(QStringLiteral("#BULK-A"));
    BulkOrdersDialog *retry = page.openBulk(BulkAction::Retry);
    QSignalSpy retried(retry, &BulkOrdersDialog::completed);
    retry->startButton()->click();
    QTRY_COMPARE(retried.size(), 1);
    QCOMPARE(retried.at(0).at(1).toInt(), 1);
    QVERIFY2(retry->refusals().contains(QStringLiteral("#BULK-A: refused:")),
             qPrintable(retry->refusals()));
    // Cancelling asks why before it can start (the list reloaded after the retry: select again).
    page.setPermissions({QStringLiteral("orders.sensitive")});
    QTRY_VERIFY(rowNamed(page, QStringLiteral("#BULK-A")) >= 0);
    select(QStringLiteral("#BULK-A"));
    BulkOrdersDialog *cancel = page.openBulk(BulkAction::Cancel);
    QCOMPARE(cancel->applicable(), 1);
    QVERIFY(cancel->reasonEdit());
    QVERIFY(!cancel->startButton()->isEnabled());
    cancel->reasonEdit()->setText(QStringLiteral("Customer called"));
    QVERIFY(cancel->startButton()->isEnabled());
    QCOMPARE(a > 0, true);
}

// The manual order form: a variant found by SKU fills its line with the catalog's price; the
// server's field error is shown and nothing is created; once fixed, the order is in the list.
void TestOrdersPage::manualOrderFindsVariantsAndShowsFieldErrors()
{
    Product p;
    p.shop = QStringLiteral("demo.myshopify.com");
    p.shopifyProductId = 888001;
    p.title = QStringLiteral("Wall clock");
    p.variants = {Variant{0, 0, 9101, QStringLiteral("CLOCK-OAK"), QStringLiteral("Oak"),
                          Money{2450, QStringLiteral("EUR")}, 5}};
    QVERIFY(m_backend->store().writeAndWait<storage::UpsertOutcome>([&](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertProduct(w, p);
    }));
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("order.#"));
    QTRY_VERIFY(api.streaming());
    OrdersPage page(api);
    page.setPermissions({QStringLiteral("orders.write")});
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    ManualOrderDialog *d = page.openManualOrder();
    d->lookupEdit()->setText(QStringLiteral("clock-oak"));
    QTRY_VERIFY(d->matches()->count() > 0 && d->matches()->currentData().toInt() >= 0);
    QVERIFY2(d->matches()->currentText().contains(QStringLiteral("Wall clock")),
             qPrintable(d->matches()->currentText()));
    d->addChosenVariant();
    d->addChosenVariant(); // the same variant again: one line, two of it
    QCOMPARE(d->lines()->rowCount(), 1);
    QCOMPARE(d->lines()->item(0, 2)->text(), QStringLiteral("2"));
    QCOMPARE(d->body()
                 .value(QStringLiteral("line_items"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("unit_price_minor"))
                 .toInteger(),
             2450);
    d->findChild<QLineEdit *>(QStringLiteral("order_name"))->setText(QStringLiteral("PHONE-1"));
    d->findChild<QLineEdit *>(QStringLiteral("address_address1"))
        ->setText(QStringLiteral("1 rue A"));
    d->findChild<QLineEdit *>(QStringLiteral("address_city"))->setText(QStringLiteral("Lyon"));
    d->findChild<QLineEdit *>(QStringLiteral("address_country_code"))->setText(QStringLiteral("F"));
    QSignalSpy created(d, &ManualOrderDialog::created);
    d->submit();
    QTRY_VERIFY2(d->status()->text().contains(QStringLiteral("country_code")),
                 qPrintable(d->status()->text()));
    QCOMPARE(created.size(), 0);
    d->findChild<QLineEdit *>(QStringLiteral("address_country_code"))
        ->setText(QStringLiteral("fr"));
    d->submit();
    QTRY_COMPARE(created.size(), 1);
    QCOMPARE(created.at(0).at(1).toString(), QStringLiteral("PHONE-1"));
    QTRY_VERIFY(rowNamed(page, QStringLiteral("PHONE-1")) >= 0);
    QCOMPARE(page.model()
                 ->index(rowNamed(page, QStringLiteral("PHONE-1")), OrdersModel::Total)
                 .data()
                 .toString(),
             QStringLiteral("49.00 EUR"));
}

void TestOrdersPage::savedFiltersComeBack()
{
    QStandardPaths::setTestModeEnabled(true); // the user's own settings are left alone
    QSettings().remove(QStringLiteral("orders/saved_filters"));
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    OrdersPage page(api);
    auto *status = page.findChild<QComboBox *>(QStringLiteral("statusFilter"));
    auto *search = page.findChild<QLineEdit *>(QStringLiteral("search"));
    status->setCurrentIndex(status->findData(QStringLiteral("on_hold")));
    search->setText(QStringLiteral("lamp"));
    page.saveCurrentFilter(QStringLiteral("Held lamps"));
    QCOMPARE(page.savedFilterNames(), QStringList{QStringLiteral("Held lamps")});
    status->setCurrentIndex(0);
    search->clear();
    {
        OrdersPage other(api); // another window, or the next start
        QVERIFY(other.applySavedFilter(QStringLiteral("Held lamps")));
        QCOMPARE(other.model()->filter().status, QStringLiteral("on_hold"));
        QCOMPARE(other.model()->filter().text, QStringLiteral("lamp"));
        QVERIFY(!other.applySavedFilter(QStringLiteral("nope")));
    }
    page.deleteSavedFilter(QStringLiteral("Held lamps"));
    QVERIFY(page.savedFilterNames().isEmpty());
}

void TestOrdersPage::anUnansweredSupplierOrderIsResolvedFromTheDetail()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    const qint64 id = enterOrder(api, QStringLiteral("#PAGE-9"), QStringLiteral("9 rue des Lilas"));
    QVERIFY(id > 0);
    // Its supplier order was asked for and AliExpress's answer was lost.
    qint64 soid = 0;
    auto added = m_backend->store().writeAndWait<qint64>(
        [&](storage::WriteContext &w) -> storage::DbResult<qint64> {
            const qint64 now = storage::nowMs();
            auto s = storage::exec(w.db(),
                                   QStringLiteral("INSERT INTO suppliers (name, platform, "
                                                  "created_at) VALUES ('Page store', "
                                                  "'aliexpress', ?) RETURNING id"),
                                   {now});
            if (!s)
                return std::unexpected(s.error());
            const qint64 supplier = s->next() ? s->value(0).toLongLong() : 0;
            s->finish();
            auto q = storage::exec(
                w.db(),
                QStringLiteral("INSERT INTO supplier_orders (order_id, supplier_id, out_order_id, "
                               "status, lines, cost_minor, shipping_minor, currency, created_at, "
                               "updated_at) VALUES (?, ?, 'DCPAGE9', 'submitting', '[]', 500, 100, "
                               "'EUR', ?, ?) RETURNING id"),
                {id, supplier, now, now});
            if (!q)
                return std::unexpected(q.error());
            return q->next() ? q->value(0).toLongLong() : 0;
        });
    QVERIFY(added && *added > 0);
    soid = *added;
    // No run of the order still running (its outcome would be the truth).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            bool running = true;
            bool answered = false;
            api.get(QStringLiteral("/api/orders/%1/runs").arg(id), this, [&](const ApiReply &r) {
                running = QJsonDocument(r.json).toJson().contains("\"running\"");
                answered = true;
            });
            return QTest::qWaitFor([&] { return answered; }, 5000) && !running;
        }(),
        20000);

    OrdersPage page(api);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(!page.model()->loading());
    page.setPermissions({QStringLiteral("orders.write"), QStringLiteral("orders.sensitive")});
    QTRY_VERIFY(rowNamed(page, QStringLiteral("#PAGE-9")) >= 0);
    page.view()->selectRow(rowNamed(page, QStringLiteral("#PAGE-9")));
    QTRY_COMPARE(page.selectedOrderId(), id);
    QTRY_VERIFY(page.detail()->toHtml().contains(QStringLiteral("found:%1").arg(soid)));
    QVERIFY(page.detail()->toHtml().contains(QStringLiteral("missing:%1").arg(soid)));
    page.resolveSupplierOrder(soid, QStringLiteral("8000123456"));
    auto *state = page.findChild<QLabel *>(QStringLiteral("orderState"));
    QTRY_COMPARE(state->text(), QStringLiteral("Done."));
    QTRY_VERIFY(page.detail()->toPlainText().contains(QStringLiteral("8000123456")));
    QVERIFY(!page.detail()->toHtml().contains(QStringLiteral("found:%1").arg(soid)));
}

void TestOrdersPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestOrdersPage)
#include "tst_orderspage.moc"
