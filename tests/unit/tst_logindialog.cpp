// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop window on a remote server: the login dialog against a real backend (a bad URL, a
// wrong password, then a right one), and the main window built on the signed-in client with the
// user's permissions and no local settings.
#include "apiclient.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "settingspage.h"
#include "testbackend.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestLoginDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void signInThenRemoteWindow();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestLoginDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    QVERIFY(m_backend->auth().createUser(QStringLiteral("ops"), QStringLiteral("night shift 2026"),
                                         security::Role::Operator));
}

void TestLoginDialog::signInThenRemoteWindow()
{
    const QString url = m_backend->listenUrl();
    LoginDialog dialog(url);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();

    dialog.setCredentials(QStringLiteral("ops.example"), QStringLiteral("ops"), QString());
    dialog.signIn();
    QVERIFY2(dialog.errorText().contains(QStringLiteral("https://host:port")),
             qPrintable(dialog.errorText()));

    dialog.setCredentials(url, QStringLiteral("ops"), QStringLiteral("day shift"));
    dialog.signIn();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.errorText(), QStringLiteral("Wrong user name or password."),
                              30000);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(!dialog.takeClient());

    dialog.setCredentials(url, QStringLiteral("ops"), QStringLiteral("night shift 2026"));
    dialog.signIn();
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 30000);
    // Remembered for next time: the URL and the user, never the password.
    QCOMPARE(QSettings().value(QStringLiteral("remote/url")).toString(), QUrl(url).toString());
    QCOMPARE(QSettings().value(QStringLiteral("remote/user")).toString(), QStringLiteral("ops"));
    for (const QString &k : QSettings().allKeys())
        QVERIFY(!QSettings().value(k).toString().contains(QStringLiteral("night shift")));

    std::unique_ptr<ApiClient> client = dialog.takeClient();
    QVERIFY(client);
    MainWindow w(std::move(client), std::nullopt);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.pageCount(), 9);
    QVERIFY(w.windowTitle().contains(QStringLiteral("127.0.0.1")));
    // Signed in as the operator: the status bar says so, and the admin-only settings are off.
    QTRY_VERIFY([&] {
        for (auto *l : w.statusBar()->findChildren<QLabel *>())
            if (l->text() == QStringLiteral("Signed in as ops (operator)"))
                return true;
        return false;
    }());
    QTRY_VERIFY(!w.settingsPage()->tabs()->isTabEnabled(4));
    QVERIFY(!w.settingsPage()->findChild<QLineEdit *>(QStringLiteral("listen")));
    QTRY_VERIFY(w.api().streaming());

    // The session dies (tokens refused, refresh refused): the window asks to sign in again, on
    // the same server, and carries on with the new session.
    QSignalSpy expired(&w.api(), &ApiClient::sessionExpired);
    w.api().setSession({QStringLiteral("not-a-token"), QStringLiteral("not-a-refresh-token")});
    int status = 0;
    w.api().get(QStringLiteral("/api/auth/me"), &w, [&](const ApiReply &r) { status = r.status; });
    QTRY_COMPARE(status, 401);
    QCOMPARE(expired.count(), 1);
    QTRY_VERIFY(w.reloginDialog() && w.reloginDialog()->isVisible());
    LoginDialog *again = w.reloginDialog();
    again->setCredentials(url, QStringLiteral("ops"), QStringLiteral("night shift 2026"));
    again->signIn();
    QTRY_VERIFY_WITH_TIMEOUT(!w.reloginDialog(), 30000); // Argon2id is slow under ASan
    QString name;
    w.api().get(QStringLiteral("/api/auth/me"), &w,
                [&](const ApiReply &r) { name = r.json.value(QStringLiteral("name")).toString(); });
    QTRY_COMPARE(name, QStringLiteral("ops"));
    QCOMPARE(expired.count(), 1);
}

void TestLoginDialog::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
