// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop window on a remote server: the login dialog against a real backend (a bad URL, a
// wrong password, then a right one), and the main window built on the signed-in client with the
// user's permissions and no local settings.
#include "apiclient.h"
#include "http.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "settingspage.h"
#include "testbackend.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QRegularExpression>
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
    void oneRefreshForManyFailingCalls();
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
    QCOMPARE(w.pageCount(), 13); // with Mapping and Alerts
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

void TestLoginDialog::oneRefreshForManyFailingCalls()
{
    // Refreshes the server has answered so far, from its metrics.
    auto key = m_backend->auth().createApiKey(QStringLiteral("metrics-reader"),
                                              security::Role::Viewer, QStringLiteral("test"));
    QVERIFY(key);
    QNetworkAccessManager nam;
    const auto refreshes = [&] {
        const auto r =
            dc::test::httpCall(nam, m_backend->listenUrl(), "GET", QStringLiteral("/api/metrics"),
                               {}, "application/json", "Bearer " + key->second.toUtf8());
        static const QRegularExpression line(
            QStringLiteral(
                "^dropcrew_http_requests_total\\{route=\"/api/auth/refresh\",[^}]*\\} (\\d+)$"),
            QRegularExpression::MultilineOption);
        int n = 0;
        for (const auto &m : line.globalMatch(QString::fromUtf8(r.raw)))
            n += m.captured(1).toInt();
        return n;
    };

    auto tokens =
        m_backend->auth().login(QStringLiteral("ops"), QStringLiteral("night shift 2026"));
    QVERIFY(tokens);
    ApiClient api(QUrl(m_backend->listenUrl()));
    QSignalSpy expired(&api, &ApiClient::sessionExpired);
    // The access token is refused (as once it has expired); the refresh token is good. Four calls
    // fail together: one refresh serves them all, and the session lives on.
    api.setSession({QStringLiteral("not-a-token"), tokens->refreshToken});
    const int before = refreshes();
    QList<int> statuses;
    for (const QString &path : {QStringLiteral("/api/auth/me"), QStringLiteral("/api/orders"),
                                QStringLiteral("/api/tasks"), QStringLiteral("/api/workflows")})
        api.get(path, this, [&](const ApiReply &r) { statuses << r.status; });
    QTRY_COMPARE_WITH_TIMEOUT(statuses.size(), 4, 30000);
    QCOMPARE(statuses, (QList<int>{200, 200, 200, 200}));
    QCOMPARE(refreshes() - before, 1);
    QCOMPARE(expired.count(), 0);
    int status = 0;
    api.get(QStringLiteral("/api/auth/me"), this, [&](const ApiReply &r) { status = r.status; });
    QTRY_COMPARE(status, 200);
}

void TestLoginDialog::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
