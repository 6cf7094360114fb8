// SPDX-License-Identifier: GPL-3.0-or-later
// The orders model over a real embedded backend, through its API and event stream: pages
// fetched as the view asks (keyset cursor), newest first, filters, live insertion of new
// orders and live updates of loaded ones; QAbstractItemModelTester watches every change.
#include "apiclient.h"
#include "ordersmodel.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestOrdersModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void pagesNewestFirst();
    void filters();
    void sortedByTheServer();
    void liveInsertAndUpdate();
    void moneyFollowsTheLocale();
    void cleanupTestCase();

private:
    qint64 createOrder(const QString &name, qint64 priceMinor);
    ApiReply call(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    std::unique_ptr<ApiClient> m_api;
    QList<qint64> m_ids; // in creation order
};

void TestOrdersModel::initTestCase()
{
    QFile ini(m_dir.filePath(QStringLiteral("dropcrew.ini")));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[limits]\nip_rate=0\nuser_rate=0\n");
    ini.close();
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    m_api = std::make_unique<ApiClient>(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(*m_api, *m_backend));
    for (int i = 0; i < 250; ++i)
        m_ids << createOrder(QStringLiteral("#M%1").arg(i, 4, 10, QLatin1Char('0')), 1000 + i);
}

ApiReply TestOrdersModel::call(const QByteArray &method, const QString &path,
                               const QJsonObject &body)
{
    ApiReply out;
    bool done = false;
    QObject ctx;
    if (method == "GET")
        m_api->get(path, &ctx, [&](const ApiReply &r) { out = r, done = true; });
    else
        m_api->send(method, path, body, &ctx, [&](const ApiReply &r) { out = r, done = true; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 15000); }();
    return out;
}

qint64 TestOrdersModel::createOrder(const QString &name, qint64 priceMinor)
{
    const ApiReply r = call(
        "POST", QStringLiteral("/api/orders"),
        {{QStringLiteral("name"), name},
         {QStringLiteral("currency"), QStringLiteral("EUR")},
         {QStringLiteral("line_items"),
          QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Lamp %1").arg(name)},
                                 {QStringLiteral("sku"), QStringLiteral("LAMP-1")},
                                 {QStringLiteral("quantity"), 1},
                                 {QStringLiteral("unit_price_minor"), priceMinor}}}}});
    if (r.status != 201 && r.status != 200)
        qWarning() << "create order:" << r.status << r.json;
    return r.json.value(QStringLiteral("id")).toInteger();
}

void TestOrdersModel::pagesNewestFirst()
{
    // Without a tester first: it asks for more rows itself, as a view scrolled to the end does.
    OrdersModel model(*m_api);
    model.setPageSize(100);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 100);
    QCOMPARE(model.data(model.index(0, OrdersModel::Name)).toString(), QStringLiteral("#M0249"));
    QCOMPARE(model.data(model.index(0, OrdersModel::Total)).toString(),
             QStringLiteral("12.49 EUR"));
    QCOMPARE(model.data(model.index(0, OrdersModel::Status)).toString(),
             QStringLiteral("Received"));
    QCOMPARE(model.data(model.index(0, 0), OrdersModel::StatusRole).toString(),
             QStringLiteral("received"));
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 200);
    model.fetchMore({});
    QTRY_COMPARE(model.rowCount(), 250);
    QTRY_VERIFY(!model.loading());
    QVERIFY(!model.canFetchMore({}));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.data(model.index(row, 0), OrdersModel::IdRole).toLongLong(),
                 m_ids.at(m_ids.size() - 1 - row));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 250); // the tester fetched every page
}

void TestOrdersModel::filters()
{
    OrdersModel model(*m_api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 250);
    OrderFilter f;
    f.text = QStringLiteral("#M0123");
    model.setFilter(f);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, OrdersModel::Name)).toString(), QStringLiteral("#M0123"));
    f = {};
    f.status = QStringLiteral("on_hold");
    model.setFilter(f);
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), 0);
    f.status = QStringLiteral("bogus");
    QSignalSpy errors(&model, &OrdersModel::errorOccurred);
    model.setFilter(f);
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("status")),
             qPrintable(errors.at(0).at(0).toString()));
}

void TestOrdersModel::sortedByTheServer()
{
    OrdersModel model(*m_api);
    model.setPageSize(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QTRY_COMPARE(model.rowCount(), 250);
    const auto totals = [&] {
        QList<double> out;
        for (int r = 0; r < model.rowCount(); ++r)
            out << model.data(model.index(r, OrdersModel::Total))
                       .toString()
                       .split(u' ')[0]
                       .toDouble();
        return out;
    };
    // By total, smallest first: every page in order, none repeated or missed.
    model.sort(OrdersModel::Total, Qt::AscendingOrder);
    QCOMPARE(model.sortKey(), QStringLiteral("total_asc"));
    QTRY_COMPARE(model.rowCount(), 250);
    QTRY_VERIFY(!model.loading());
    QList<double> t = totals();
    QVERIFY(std::is_sorted(t.begin(), t.end()));
    QCOMPARE(model.data(model.index(0, OrdersModel::Name)).toString(), QStringLiteral("#M0000"));
    model.sort(OrdersModel::Total, Qt::DescendingOrder);
    QTRY_COMPARE(model.rowCount(), 250);
    QTRY_VERIFY(!model.loading());
    t = totals();
    QVERIFY(std::is_sorted(t.begin(), t.end(), std::greater<>()));
    // Oldest first by the order's age; a column the server cannot sort by changes nothing.
    model.sort(OrdersModel::Created, Qt::AscendingOrder);
    QTRY_COMPARE(model.rowCount(), 250);
    QTRY_VERIFY(!model.loading());
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.data(model.index(row, 0), OrdersModel::IdRole).toLongLong(), m_ids.at(row));
    model.sort(OrdersModel::Country, Qt::DescendingOrder);
    QCOMPARE(model.sortKey(), QStringLiteral("oldest"));
    model.sort(OrdersModel::Name, Qt::DescendingOrder);
    QCOMPARE(model.sortKey(), QStringLiteral("newest"));
}

void TestOrdersModel::liveInsertAndUpdate()
{
    QSignalSpy streaming(m_api.get(), &ApiClient::streamingChanged);
    m_api->subscribe(QStringLiteral("order.#"));
    QTRY_VERIFY(m_api->streaming());

    OrdersModel model(*m_api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    OrdersModel received(*m_api);
    QAbstractItemModelTester tester2(&received,
                                     QAbstractItemModelTester::FailureReportingMode::QtTest);
    received.setFilter({QStringLiteral("received"), {}, {}, {}, {}});
    model.reload();
    QTRY_COMPARE(model.rowCount(), 250);
    QTRY_COMPARE(received.rowCount(), 250);

    // A new order appears at the top without a reload.
    const qint64 id = createOrder(QStringLiteral("#LIVE-1"), 4200);
    QTRY_COMPARE(model.data(model.index(0, OrdersModel::Name)).toString(),
                 QStringLiteral("#LIVE-1"));
    QCOMPARE(model.rowCount(), 251);
    QCOMPARE(model.data(model.index(0, 0), OrdersModel::IdRole).toLongLong(), id);
    QTRY_COMPARE(received.rowCount(), 251);

    // A loaded order changes status: its row follows; the "received" view drops it.
    const qint64 older = m_ids.at(m_ids.size() - 3);
    const int row = model.rowOf(older);
    QVERIFY(row > 0);
    QCOMPARE(call("PUT", QStringLiteral("/api/orders/%1").arg(older),
                  {{QStringLiteral("status"), QStringLiteral("on_hold")}})
                 .status,
             200);
    QTRY_COMPARE(model.data(model.index(row, 0), OrdersModel::StatusRole).toString(),
                 QStringLiteral("on_hold"));
    QCOMPARE(model.data(model.index(row, OrdersModel::Status)).toString(),
             QStringLiteral("On hold"));
    QTRY_COMPARE(received.rowOf(older), -1);
    QCOMPARE(received.rowCount(), 250);
}

// Totals read as the operator's language writes them; the digits stay exact (no double).
void TestOrdersModel::moneyFollowsTheLocale()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(formatMoney(191020, QStringLiteral("EUR")), QStringLiteral("1,910.20 EUR"));
    QCOMPARE(formatMoney(-500, QStringLiteral("EUR")), QStringLiteral("-5.00 EUR"));
    QCOMPARE(formatMoney(1250, QStringLiteral("JPY")), QStringLiteral("1,250 JPY"));
    QCOMPARE(formatMoney(9'007'199'254'740'993, QStringLiteral("USD")),
             QStringLiteral("90,071,992,547,409.93 USD"));
    const QLocale french(QLocale::French, QLocale::France);
    QLocale::setDefault(french);
    QCOMPARE(formatMoney(191020, QStringLiteral("EUR")),
             QStringLiteral("1") + french.groupSeparator() + QStringLiteral("910,20 EUR"));
    QCOMPARE(formatAmount(191020, QStringLiteral("EUR"), false), QStringLiteral("1910,20"));
    QCOMPARE(formatAmount(7, QStringLiteral("KWD"), false), QStringLiteral("0,007"));
    QLocale::setDefault(QLocale::c());
    QCOMPARE(formatMoney(191020, QStringLiteral("EUR")), QStringLiteral("1910.20 EUR"));
}

void TestOrdersModel::cleanupTestCase()
{
    m_api.reset();
    m_backend.reset();
}

QTEST_MAIN(TestOrdersModel)
#include "tst_ordersmodel.moc"
