// SPDX-License-Identifier: GPL-3.0-or-later
// The suppliers page, offscreen, over a real embedded backend: adding a supplier through the
// form, pausing and resuming it, refusals shown, and the write actions following permissions.
#include "apiclient.h"
#include "runtime/backend.h"
#include "supplierspage.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
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
    void cleanupTestCase();

private:
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

void TestSuppliersPage::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestSuppliersPage)
#include "tst_supplierspage.moc"
