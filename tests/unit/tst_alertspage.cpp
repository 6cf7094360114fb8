// SPDX-License-Identifier: GPL-3.0-or-later
// The alerts page and the window's badge over a real embedded backend: an alert raised by the
// backend appears through the alert events alone (QAbstractItemModelTester watches the model),
// Acknowledge takes it off the open list, the badge counts the open ones and opens the page;
// the tray icon exists only where the platform has a tray (offscreen has none).
#include "alertspage.h"
#include "apiclient.h"
#include "mainwindow.h"
#include "testbackend.h"
#include "uitest.h"

#include "alerts/alertservice.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestAlertsPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsAndAcknowledges();
    void badgeCountsOpenAlerts();

private:
    void raise(const QString &key, const QString &subject)
    {
        alerts::AlertDraft d;
        d.rule = QString(alerts::kWorkflowNotification);
        d.key = key;
        d.subject = subject;
        auto r = m_backend->alerts().raise(d);
        QVERIFY(r && r->raised);
    }
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestAlertsPage::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

void TestAlertsPage::cleanupTestCase()
{
    m_backend.reset();
}

void TestAlertsPage::listsAndAcknowledges()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    api.subscribe(QStringLiteral("alert.#"));
    QTRY_VERIFY(api.streaming());

    AlertsPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy raised(&page, &AlertsPage::alertRaised);
    page.show();
    QTRY_COMPARE(page.openCount(), 0);
    QCOMPARE(page.model()->rowCount(), 0);
    QVERIFY(!page.acknowledgeButton()->isEnabled());

    raise(QStringLiteral("page:1"), QStringLiteral("stock sync stuck"));
    // No reload asked for: the alert event brings it in.
    QTRY_COMPARE(page.model()->rowCount(), 1);
    QCOMPARE(page.model()->index(0, AlertsModel::Subject).data().toString(),
             QStringLiteral("stock sync stuck"));
    QCOMPARE(page.model()->index(0, AlertsModel::Severity).data().toString(),
             QStringLiteral("Warning"));
    QCOMPARE(page.model()->index(0, AlertsModel::State).data().toString(), QStringLiteral("Open"));
    QCOMPARE(page.openCount(), 1);
    QTRY_COMPARE(raised.size(), 1);
    QCOMPARE(raised.first().at(1).toString(), QStringLiteral("stock sync stuck"));

    page.view()->setCurrentIndex(page.model()->index(0, AlertsModel::Subject));
    QVERIFY(page.acknowledgeButton()->isEnabled());
    QTest::mouseClick(page.acknowledgeButton(), Qt::LeftButton);
    QTRY_COMPARE(page.model()->rowCount(), 0);
    QCOMPARE(page.openCount(), 0);
    page.showState(QStringLiteral("acknowledged"));
    QTRY_COMPARE(page.model()->rowCount(), 1);
    QVERIFY(page.model()
                ->index(0, AlertsModel::State)
                .data()
                .toString()
                .startsWith(QStringLiteral("Acknowledged by user:")));
    page.view()->setCurrentIndex(page.model()->index(0, AlertsModel::Subject));
    QVERIFY(!page.acknowledgeButton()->isEnabled());
}

void TestAlertsPage::badgeCountsOpenAlerts()
{
    MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.alertBadge());
    QTRY_VERIFY(!w.alertBadge()->isVisible()); // none open
    QCOMPARE(w.trayIcon() != nullptr, QSystemTrayIcon::isSystemTrayAvailable());
    raise(QStringLiteral("badge:1"), QStringLiteral("first"));
    raise(QStringLiteral("badge:2"), QStringLiteral("second"));
    QTRY_VERIFY(w.alertBadge()->isVisible());
    QTRY_VERIFY2(w.alertBadge()->text().startsWith(QStringLiteral("2 open alert")),
                 qPrintable(w.alertBadge()->text()));
    QTest::mouseClick(w.alertBadge(), Qt::LeftButton);
    QCOMPARE(w.currentPageTitle(), QStringLiteral("Alerts"));
    QTRY_COMPARE(w.alertsPage()->model()->rowCount(), 2);
}

QTEST_MAIN(TestAlertsPage)
#include "tst_alertspage.moc"
