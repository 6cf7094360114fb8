// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard, offscreen, over a real embedded backend: orders entered through the API show up
// in the model and the charts by themselves (live), per currency; the live strip samples the
// queue and the event delay; the model passes QAbstractItemModelTester.
#include "apiclient.h"
#include "dashboardpage.h"
#include "runtime/backend.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestDashboardPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void liveOrdersRevenueAndCurrencies();
    void liveStripStartsWithTheServersHistory();
    void cleanupTestCase();

private:
    qint64 ordersIn(const DashboardModel &m) const;
    QTranslator m_english;
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestDashboardPage::initTestCase()
{
    // As the app does: English plural forms come from the English translation.
    QVERIFY(m_english.load(QStringLiteral(":/i18n/dropcrew_en.qm")));
    QCoreApplication::installTranslator(&m_english);
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

qint64 TestDashboardPage::ordersIn(const DashboardModel &m) const
{
    qint64 n = 0;
    for (int r = 0; r < m.rowCount(); ++r)
        n += m.index(r, DashboardModel::Orders).data(Qt::EditRole).toLongLong();
    return n;
}

void TestDashboardPage::liveOrdersRevenueAndCurrencies()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("#"));
    QTRY_VERIFY(api.streaming());

    DashboardPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_COMPARE(page.model()->rowCount(), 24); // the last 24 hours by default
    QCOMPARE(ordersIn(*page.model()), 0);
    // The live strip has its first queue sample.
    QTRY_VERIFY(page.queueSeries()->count() >= 1);
    QVERIFY(page.delaySeries()->count() >= 1);

    const auto post = [&](const QString &name, const QString &currency, qint64 price) {
        bool done = false;
        api.send("POST", QStringLiteral("/api/orders"),
                 {{QStringLiteral("name"), name},
                  {QStringLiteral("currency"), currency},
                  {QStringLiteral("line_items"),
                   QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Lamp")},
                                          {QStringLiteral("sku"), QStringLiteral("LAMP-1")},
                                          {QStringLiteral("quantity"), 1},
                                          {QStringLiteral("unit_price_minor"), price}}}}},
                 this, [&](const ApiReply &r) { done = r.ok(); });
        QTRY_VERIFY(done);
    };
    // Two orders in euros: the page refreshes from the stream, nobody calls reload().
    post(QStringLiteral("#D-1"), QStringLiteral("EUR"), 2500);
    post(QStringLiteral("#D-2"), QStringLiteral("EUR"), 1500);
    QTRY_COMPARE_WITH_TIMEOUT(ordersIn(*page.model()), 2, 10000);
    QCOMPARE(page.model()->currency(), QStringLiteral("EUR"));
    qint64 revenue = 0;
    for (const DashboardModel::Row &r : page.model()->rows())
        revenue += r.revenueMinor;
    QCOMPARE(revenue, 4000);
    QVERIFY2(page.summaryText().contains(QStringLiteral("2 orders")),
             qPrintable(page.summaryText()));
    QVERIFY(page.summaryText().contains(QStringLiteral("40.00 EUR")));

    // A second currency: chosen in the combo, the model shows its revenue alone.
    post(QStringLiteral("#D-3"), QStringLiteral("USD"), 9900);
    auto *currency = page.findChild<QComboBox *>(QStringLiteral("currency"));
    QVERIFY(currency);
    QTRY_COMPARE_WITH_TIMEOUT(currency->count(), 2, 10000);
    QCOMPARE(currency->itemText(0), QStringLiteral("USD")); // the most revenue first
    currency->setCurrentIndex(currency->findText(QStringLiteral("USD")));
    QCOMPARE(page.model()->currency(), QStringLiteral("USD"));
    revenue = 0;
    for (const DashboardModel::Row &r : page.model()->rows())
        revenue += r.revenueMinor;
    QCOMPARE(revenue, 9900);
    QCOMPARE(ordersIn(*page.model()), 3); // orders count across currencies

    // Daily buckets for 30 days.
    auto *range = page.findChild<QComboBox *>(QStringLiteral("range"));
    range->setCurrentIndex(2);
    QTRY_COMPARE(page.model()->rowCount(), 30);
    QVERIFY(page.model()->daily());
    QCOMPARE(ordersIn(*page.model()), 3);
    const QDateTime last = page.model()->startAt(29);
    QCOMPARE(last.time(), QTime(0, 0));
    QVERIFY(last <= QDateTime::currentDateTimeUtc());
}

// The server samples the queue from its start; a dashboard opened later shows those minutes.
void TestDashboardPage::liveStripStartsWithTheServersHistory()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    // The backend takes its first sample as it starts (on its pool: waited for, not assumed).
    std::optional<ApiReply> live;
    const auto ask = [&] {
        live.reset();
        api.get(QStringLiteral("/api/dashboard/live"), this, [&](const ApiReply &r) { live = r; });
        return QTest::qWaitFor([&] { return live.has_value(); }, 5000) &&
               !live->json.value(QStringLiteral("samples")).toArray().isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(ask(), 15000);
    QCOMPARE(live->json.value(QStringLiteral("interval_ms")).toInt(), 5000);
    const QJsonArray samples = live->json.value(QStringLiteral("samples")).toArray();
    QVERIFY(!samples.isEmpty());
    const QJsonObject first = samples.first().toObject();
    for (const char *key : {"at", "queued", "running", "events"})
        QVERIFY2(first.contains(QLatin1String(key)), key);
    QVERIFY(QDateTime::fromString(first.value(QStringLiteral("at")).toString(), Qt::ISODate) <=
            QDateTime::currentDateTimeUtc());

    DashboardPage page(api);
    QSignalSpy loaded(&page, &DashboardPage::liveHistoryLoaded);
    QTRY_COMPARE(loaded.size(), 1);
    QVERIFY(loaded.at(0).at(0).toInt() >= 1);
    // The server's samples come before the page's own, in time order.
    const QList<QPointF> pts = page.queueSeries()->points();
    QVERIFY(pts.size() >= 1);
    for (qsizetype i = 1; i < pts.size(); ++i)
        QVERIFY(pts[i - 1].x() <= pts[i].x());
}

void TestDashboardPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestDashboardPage)
#include "tst_dashboardpage.moc"
