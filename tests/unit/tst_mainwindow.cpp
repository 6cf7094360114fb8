// SPDX-License-Identifier: GPL-3.0-or-later
// The main window over a real embedded backend, offscreen, in English and French.
#include "mainwindow.h"
#include "runtime/backend.h"
#include "testbackend.h"

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
    // Dashboard, Orders, Workflows, Runs, Events, Tasks, Products, Mapping, Suppliers, Settings,
    // Alerts
    QCOMPARE(w.pageCount(), 11);
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

void TestMainWindow::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
