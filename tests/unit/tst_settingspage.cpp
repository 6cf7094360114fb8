// SPDX-License-Identifier: GPL-3.0-or-later
// The settings page, offscreen, over a real embedded backend: a shop with its secrets, the
// AliExpress keys and the app's authorisation against the AliExpress fake (the code caught on a
// loopback callback, or pasted; a wrong one refused), the LLM endpoint (a refusal shown, then
// saved), users and roles, the embedded server's INI settings (checked before they are written)
// and the language choice. Secrets go to the server's secret store and are never shown back.
#include "aliexpressauth.h"
#include "apiclient.h"
#include "fakealiexpress.h"
#include "runtime/backend.h"
#include "security/secretstore.h"
#include "settingspage.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestSettingsPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void shopsAliExpressAndLlm();
    void aliexpressAuthorisation();
    void usersAndRoles();
    void localServerAndLanguage();
    void permissionsDisableTabs();
    void cleanupTestCase();

private:
    void fill(SettingsPage &page, const char *name, const QString &text);
    void click(SettingsPage &page, const char *name);
    LocalServer local() const;
    // The browser on the consent page: where the fake sends it back to.
    QUrl consent(const QUrl &page);
    QTemporaryDir m_dir;
    std::unique_ptr<dc::test::FakeAliExpress> m_ae;
    QNetworkAccessManager m_nam;
    std::unique_ptr<runtime::Backend> m_backend;
    std::unique_ptr<ApiClient> m_api;
};

void TestSettingsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_ae = std::make_unique<dc::test::FakeAliExpress>(QStringLiteral("503301"), "ae-app-secret",
                                                      "ae-access-token");
    {
        QFile ini(m_dir.filePath(QStringLiteral("dropcrew.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[aliexpress]\nurl=" + m_ae->url().toUtf8() + "\n");
    }
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    m_api = std::make_unique<ApiClient>(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(*m_api, *m_backend));
}

LocalServer TestSettingsPage::local() const
{
    return {m_backend->config().iniPath(), m_backend->config().dataDir,
            QStringLiteral("127.0.0.1:8765"), m_backend->config().database.toDisplayString(),
            m_backend->secrets().description()};
}

void TestSettingsPage::fill(SettingsPage &page, const char *name, const QString &text)
{
    auto *e = page.findChild<QLineEdit *>(QLatin1String(name));
    QVERIFY2(e, name);
    e->setText(text);
}

void TestSettingsPage::click(SettingsPage &page, const char *name)
{
    auto *b = page.findChild<QPushButton *>(QLatin1String(name));
    QVERIFY2(b, name);
    b->click();
}

void TestSettingsPage::shopsAliExpressAndLlm()
{
    SettingsPage page(*m_api, local());
    QAbstractItemModelTester shopsTester(page.shopsModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(1);

    // A shop: the secrets leave the form and the server says it keeps them.
    fill(page, "shopDomain", QStringLiteral("lamps-eu.myshopify.com"));
    fill(page, "shopCurrency", QStringLiteral("eur"));
    fill(page, "shopToken", QStringLiteral("shpat_secret_token"));
    fill(page, "shopSecret", QStringLiteral("whsec_signing"));
    click(page, "saveShop");
    QTRY_VERIFY2(page.status(QStringLiteral("shops")).contains(QStringLiteral("saved")),
                 qPrintable(page.status(QStringLiteral("shops"))));
    QTRY_COMPARE(page.shopsModel()->rowCount(), 1);
    QCOMPARE(page.shopsModel()->index(0, ShopsModel::Domain).data().toString(),
             QStringLiteral("lamps-eu.myshopify.com"));
    QCOMPARE(page.shopsModel()->index(0, ShopsModel::Currency).data().toString(),
             QStringLiteral("EUR"));
    QCOMPARE(page.shopsModel()->index(0, ShopsModel::Secrets).data().toString(),
             QStringLiteral("webhook secret, access token"));
    QVERIFY(page.findChild<QLineEdit *>(QStringLiteral("shopToken"))->text().isEmpty());
    QVERIFY(page.findChild<QLineEdit *>(QStringLiteral("shopSecret"))->text().isEmpty());

    // AliExpress: a missing secret is refused with the field, then the keys are kept.
    page.tabs()->setCurrentIndex(2);
    fill(page, "aeKey", QStringLiteral("503301"));
    click(page, "saveAliExpress");
    QTRY_VERIFY2(page.status(QStringLiteral("aliexpress")).contains(QStringLiteral("app_secret")),
                 qPrintable(page.status(QStringLiteral("aliexpress"))));
    fill(page, "aeSecret", QStringLiteral("ae-app-secret"));
    fill(page, "aeToken", QStringLiteral("ae-access-token"));
    click(page, "saveAliExpress");
    QTRY_VERIFY(page.status(QStringLiteral("aliexpress")).contains(QStringLiteral("saved")));
    auto *aeState = page.findChild<QLabel *>(QStringLiteral("aliexpressState"));
    QTRY_VERIFY2(aeState->text().startsWith(QStringLiteral("Configured")),
                 qPrintable(aeState->text()));
    QVERIFY(!aeState->text().contains(QStringLiteral("ae-access-token")));

    // The LLM endpoint: a model is needed with a URL; then it is used "set here".
    page.tabs()->setCurrentIndex(3);
    auto *llmState = page.findChild<QLabel *>(QStringLiteral("llmState"));
    QTRY_VERIFY2(llmState->text().contains(QStringLiteral("templates")),
                 qPrintable(llmState->text()));
    fill(page, "llmUrl", QStringLiteral("http://127.0.0.1:9/"));
    fill(page, "llmModel", QString());
    click(page, "saveLlm");
    QTRY_VERIFY2(page.status(QStringLiteral("llm")).contains(QStringLiteral("model")),
                 qPrintable(page.status(QStringLiteral("llm"))));
    fill(page, "llmModel", QStringLiteral("mistral-small"));
    fill(page, "llmKey", QStringLiteral("sk-desk"));
    click(page, "saveLlm");
    QTRY_VERIFY2(llmState->text().contains(QStringLiteral("mistral-small (set here)")),
                 qPrintable(llmState->text()));
    QVERIFY(llmState->text().contains(QStringLiteral("API key: kept")));
    QVERIFY(page.findChild<QLineEdit *>(QStringLiteral("llmKey"))->text().isEmpty());
    // The key is in the backend's secret store.
    auto key = m_backend->secrets().read(QStringLiteral("llm-api-key"));
    QVERIFY(key && key->has_value());
    QCOMPARE(**key, QByteArray("sk-desk"));
}

QUrl TestSettingsPage::consent(const QUrl &page)
{
    QNetworkRequest req(page);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> r(m_nam.get(req));
    if (!QTest::qWaitFor([&] { return r->isFinished(); }, 10000))
        return {};
    return QUrl(QString::fromUtf8(r->rawHeader("Location")));
}

void TestSettingsPage::aliexpressAuthorisation()
{
    SettingsPage page(*m_api, local());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(2);
    // The app's key and secret alone.
    fill(page, "aeKey", QStringLiteral("503301"));
    fill(page, "aeSecret", QStringLiteral("ae-app-secret"));
    click(page, "saveAliExpress");
    QTRY_VERIFY2(page.status(QStringLiteral("aliexpress")).contains(QStringLiteral("saved")),
                 qPrintable(page.status(QStringLiteral("aliexpress"))));
    AliExpressAuthorisation *auth = page.aliexpressAuthorisation();
    QUrl opened;
    auth->setUrlOpener([&opened](const QUrl &u) {
        opened = u;
        return true;
    });

    // A callback on this computer: Authorise… opens the consent page, and the browser's return
    // is caught here and exchanged.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QString loopback = QStringLiteral("http://127.0.0.1:%1/aliexpress/callback").arg(port);
    fill(page, "aeCallback", loopback);
    click(page, "aeAuthorize");
    QTRY_VERIFY(opened.isValid());
    QCOMPARE(opened.path(), QStringLiteral("/oauth/authorize"));
    QVERIFY(auth->catching());
    const QUrl back = consent(opened);
    QVERIFY2(back.toString().startsWith(loopback), qPrintable(back.toString()));
    std::unique_ptr<QNetworkReply> landing(m_nam.get(QNetworkRequest(back)));
    QTRY_VERIFY(landing->isFinished());
    QCOMPARE(landing->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(landing->readAll().contains("close this tab"));
    QTRY_VERIFY2(auth->status().contains(QStringLiteral("authorised")), qPrintable(auth->status()));
    QVERIFY(!auth->catching());
    auto *aeState = page.findChild<QLabel *>(QStringLiteral("aliexpressState"));
    QTRY_VERIFY2(aeState->text().contains(QStringLiteral("renewable until")),
                 qPrintable(aeState->text()));
    QCOMPARE(QSettings().value(QStringLiteral("aliexpress/callback_url")).toString(), loopback);

    // A callback elsewhere: the code is pasted. A wrong one is refused, naming it...
    opened.clear();
    fill(page, "aeCallback", QStringLiteral("https://ops.example.com/aliexpress"));
    click(page, "aeAuthorize");
    QTRY_VERIFY(opened.isValid());
    QVERIFY(!auth->catching());
    QVERIFY(consent(opened).isValid());
    fill(page, "aeCode", QStringLiteral("bogus"));
    click(page, "aeConnect");
    QTRY_VERIFY2(auth->status().startsWith(QStringLiteral("Not connected")) &&
                     auth->status().contains(QStringLiteral("code")),
                 qPrintable(auth->status()));
    // ...and the whole address the browser ended on is taken as it is.
    opened.clear();
    click(page, "aeAuthorize");
    QTRY_VERIFY(opened.isValid());
    const QUrl pasted = consent(opened);
    QVERIFY(pasted.toString().startsWith(QStringLiteral("https://ops.example.com/aliexpress?")));
    fill(page, "aeCode", pasted.toString());
    click(page, "aeConnect");
    QTRY_VERIFY2(auth->status().contains(QStringLiteral("authorised")), qPrintable(auth->status()));
    QVERIFY(page.findChild<QLineEdit *>(QStringLiteral("aeCode"))->text().isEmpty());
    QCOMPARE(m_ae->authorizations(), 3);
    auto stored = m_backend->crew().integrations().aliexpressCredentials();
    QVERIFY(stored);
    QCOMPARE(stored->accessToken, m_ae->accessToken());
}

void TestSettingsPage::usersAndRoles()
{
    SettingsPage page(*m_api, std::nullopt);
    QAbstractItemModelTester usersTester(page.usersModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    page.tabs()->setCurrentIndex(4);
    QTRY_VERIFY(page.usersModel()->rowCount() >= 1);
    const int before = page.usersModel()->rowCount();

    fill(page, "userName", QStringLiteral("claire"));
    fill(page, "userPassword", QStringLiteral("short"));
    click(page, "addUser");
    QTRY_VERIFY2(page.status(QStringLiteral("users")).startsWith(QStringLiteral("Not added")),
                 qPrintable(page.status(QStringLiteral("users"))));
    fill(page, "userPassword", QStringLiteral("a long enough passphrase"));
    click(page, "addUser");
    QTRY_COMPARE(page.usersModel()->rowCount(), before + 1);
    int row = -1;
    for (int r = 0; r < page.usersModel()->rowCount(); ++r)
        if (page.usersModel()->index(r, UsersModel::Username).data() == QStringLiteral("claire"))
            row = r;
    QVERIFY(row >= 0);
    QCOMPARE(page.usersModel()->index(row, UsersModel::Role).data().toString(),
             QStringLiteral("operator"));

    // Give her the viewer role, then disable her.
    auto *view = page.findChildren<QTableView *>().last();
    view->selectRow(row);
    auto *role = page.findChild<QComboBox *>(QStringLiteral("userRole"));
    role->setCurrentIndex(role->findData(QStringLiteral("viewer")));
    click(page, "setRole");
    QTRY_COMPARE(page.usersModel()->index(row, UsersModel::Role).data().toString(),
                 QStringLiteral("viewer"));
    view->selectRow(row);
    click(page, "toggleUser");
    QTRY_COMPARE(page.usersModel()->index(row, UsersModel::State).data().toString(),
                 QStringLiteral("Disabled"));
    // The server agrees: she cannot sign in.
    ApiClient other(QUrl(m_backend->listenUrl()));
    int status = 0;
    other.login(QStringLiteral("claire"), QStringLiteral("a long enough passphrase"),
                [&](const ApiReply &r) { status = r.status; });
    QTRY_VERIFY(status != 0);
    QCOMPARE(status, 401);
}

void TestSettingsPage::localServerAndLanguage()
{
    SettingsPage page(*m_api, local());
    page.show();
    // A listen address that the next start would refuse is never written.
    fill(page, "listen", QStringLiteral("nowhere"));
    click(page, "saveLocal");
    QVERIFY2(page.status(QStringLiteral("server")).startsWith(QStringLiteral("Listen address")),
             qPrintable(page.status(QStringLiteral("server"))));
    QVERIFY(!QSettings(local().iniPath, QSettings::IniFormat).contains("general/listen"));
    fill(page, "listen", QStringLiteral("0.0.0.0:9000"));
    fill(page, "database", QStringLiteral("oracle://db"));
    click(page, "saveLocal");
    QVERIFY(page.status(QStringLiteral("server")).startsWith(QStringLiteral("Database")));
    fill(page, "database", QStringLiteral("postgresql://dropcrew@db.internal:5432/dropcrew"));
    click(page, "saveLocal");
    QVERIFY(page.status(QStringLiteral("server")).contains(QStringLiteral("next start")));
    {
        QSettings ini(local().iniPath, QSettings::IniFormat);
        QCOMPARE(ini.value("general/listen").toString(), QStringLiteral("0.0.0.0:9000"));
        QCOMPARE(ini.value("general/database").toString(),
                 QStringLiteral("postgresql://dropcrew@db.internal:5432/dropcrew"));
        ini.remove(QStringLiteral("general")); // the backend keeps running as it started
    }
    // The server's own account of itself, through the API.
    auto *info = page.findChild<QLabel *>(QStringLiteral("serverInfo"));
    QTRY_VERIFY2(info->text().contains(QStringLiteral("sqlite")), qPrintable(info->text()));

    // The language, for the next start.
    auto *language = page.findChild<QComboBox *>(QStringLiteral("language"));
    language->setCurrentIndex(language->findData(QStringLiteral("fr")));
    QCOMPARE(SettingsPage::savedLanguage(), QStringLiteral("fr"));
    QVERIFY(page.status(QStringLiteral("server")).contains(QStringLiteral("next start")));
    language->setCurrentIndex(0);
    QCOMPARE(SettingsPage::savedLanguage(), QString());

    // A remote server has no local settings to edit.
    SettingsPage remote(*m_api, std::nullopt);
    QVERIFY(!remote.findChild<QLineEdit *>(QStringLiteral("listen")));
}

void TestSettingsPage::permissionsDisableTabs()
{
    SettingsPage page(*m_api, std::nullopt);
    page.setPermissions({QStringLiteral("orders.read")});
    for (int i = 1; i <= 4; ++i)
        QVERIFY(!page.tabs()->isTabEnabled(i));
    QVERIFY(page.tabs()->isTabEnabled(0));
    page.setPermissions({QStringLiteral("settings.manage")});
    QVERIFY(page.tabs()->isTabEnabled(1));
    QVERIFY(!page.tabs()->isTabEnabled(4));
}

void TestSettingsPage::cleanupTestCase()
{
    m_api.reset();
    m_backend.reset();
    m_ae.reset();
}

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
