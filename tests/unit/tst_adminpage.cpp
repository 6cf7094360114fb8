// SPDX-License-Identifier: GPL-3.0-or-later
// The administration page, offscreen, over a real embedded backend: a new API key's secret shown
// once (and working), its revocation only once confirmed; the audit log of those actions and its
// intact chain; a customer's GDPR export to a file and erasure after typing the number again; a
// webhook subscription and a remote agent added and removed; an alert rule changed; and a
// viewer's permissions leaving nothing to change. QAbstractItemModelTester watches every model.
#include "adminpage.h"
#include "apiclient.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "security/permissions.h"
#include "storage/orderrepository.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

using namespace dc;
using namespace dc::ui;

namespace {

using Testers = std::vector<std::unique_ptr<QAbstractItemModelTester>>;

// Every model of the page under a tester, for as long as the test keeps them.
Testers watch(const AdminPage &page)
{
    Testers testers;
    for (AdminTableModel *model : page.models())
        testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    return testers;
}

template <class T> T *child(const AdminPage &page, const char *name)
{
    return page.findChild<T *>(QLatin1String(name));
}

// The first row whose column reads `text`; -1 when there is none.
int rowOf(const AdminTableModel *model, int column, const QString &text)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->text(r, column) == text)
            return r;
    return -1;
}

QStringList permissionsOf(const char *role)
{
    QStringList out;
    for (const QJsonValue &v : security::permissionTable().value(QLatin1String(role)).toArray())
        out << v.toString();
    return out;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestAdminPage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void keySecretShownOnceAndRevoked();
    void auditLogAndChain();
    void customerExportAndErase();
    void subscriptionsAndRemoteAgents();
    void alertRuleChanged();
    void viewerChangesNothing();
    void cleanupTestCase();

private:
    // A confirmer that records each question (and what had to be typed) and answers m_answer.
    AdminPage::Confirmer confirmer();
    void fill(const AdminPage &page, const char *name, const QString &text);
    void click(const AdminPage &page, const char *name);
    bool revokedOnServer(const QString &name);

    QStringList m_questions;
    QStringList m_typed;
    bool m_answer = true;
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    std::unique_ptr<ApiClient> m_api;
};

void TestAdminPage::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    m_api = std::make_unique<ApiClient>(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(*m_api, *m_backend));
}

AdminPage::Confirmer TestAdminPage::confirmer()
{
    return [this](const QString &question, const QString &typed) {
        m_questions << question;
        m_typed << typed;
        return m_answer;
    };
}

void TestAdminPage::fill(const AdminPage &page, const char *name, const QString &text)
{
    auto *e = child<QLineEdit>(page, name);
    QVERIFY2(e, name);
    e->setText(text);
}

void TestAdminPage::click(const AdminPage &page, const char *name)
{
    auto *b = child<QPushButton>(page, name);
    QVERIFY2(b, name);
    b->click();
}

bool TestAdminPage::revokedOnServer(const QString &name)
{
    auto keys = m_backend->auth().apiKeys(m_backend->store().reader());
    if (!keys)
        return false;
    for (const security::ApiKeyInfo &k : *keys)
        if (k.name == name)
            return k.revokedAt.isValid();
    return false;
}

void TestAdminPage::keySecretShownOnceAndRevoked()
{
    AdminPage page(*m_api);
    const Testers testers = watch(page);
    page.setConfirmer(confirmer());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(AdminPage::KeysTab);
    AdminTableModel *keys = page.keysModel();
    auto *view = child<QTableView>(page, "keysView");
    QVERIFY(view);
    QVERIFY(view->model() == keys);

    fill(page, "keyName", QStringLiteral("ci-deploy"));
    auto *role = child<QComboBox>(page, "keyRole");
    QVERIFY(role);
    role->setCurrentIndex(role->findData(QStringLiteral("viewer")));
    click(page, "newKeyButton");

    // The secret, once, in a dialog of its own: read-only, with a Copy button and the warning.
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = page.findChild<QDialog *>(QStringLiteral("keySecretDialog"))));
    auto *secretEdit = dialog->findChild<QLineEdit *>(QStringLiteral("keySecret"));
    QVERIFY(secretEdit);
    QVERIFY(secretEdit->isReadOnly());
    const QString secret = secretEdit->text();
    QVERIFY2(secret.startsWith(QStringLiteral("dck_")), qPrintable(secret));
    bool warned = false;
    for (const QLabel *l : dialog->findChildren<QLabel *>())
        warned = warned || l->text().contains(QStringLiteral("will not be shown again"));
    QVERIFY(warned);
    auto *copy = dialog->findChild<QPushButton *>(QStringLiteral("copySecretButton"));
    QVERIFY(copy);
    copy->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), secret);

    // The key works, with the role chosen.
    ApiClient asKey(QUrl(m_backend->listenUrl()));
    asKey.setSession({secret, QString()});
    ApiReply me;
    asKey.get(QStringLiteral("/api/auth/me"), this, [&me](const ApiReply &r) { me = r; });
    QTRY_VERIFY(me.status != 0);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json.value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));

    dialog->reject();
    QTRY_VERIFY(!page.findChild<QDialog *>(QStringLiteral("keySecretDialog")));

    // Listed, never with its secret.
    int row = -1;
    QTRY_VERIFY((row = rowOf(keys, AdminPage::KeyName, QStringLiteral("ci-deploy"))) >= 0);
    QCOMPARE(keys->text(row, AdminPage::KeyRole), QStringLiteral("viewer"));
    QCOMPARE(keys->text(row, AdminPage::KeyState), QStringLiteral("Active"));
    QVERIFY(!keys->row(row).contains(QStringLiteral("secret")));
    for (int c = 0; c < keys->columnCount(); ++c)
        QVERIFY(!keys->index(row, c).data(Qt::ToolTipRole).toString().contains(secret.right(16)));

    // Revoke, refused at the confirmation: nothing is sent, the key still works.
    view->setCurrentIndex(keys->index(row, AdminPage::KeyName));
    auto *revoke = child<QPushButton>(page, "revokeKeyButton");
    QVERIFY(revoke);
    QVERIFY(revoke->isEnabled());
    m_answer = false;
    const qsizetype asked = m_questions.size();
    revoke->click();
    QCOMPARE(m_questions.size(), asked + 1);
    QVERIFY2(m_questions.last().contains(QStringLiteral("ci-deploy")),
             qPrintable(m_questions.last()));
    QVERIFY(m_typed.last().isEmpty());
    me = {};
    asKey.get(QStringLiteral("/api/auth/me"), this, [&me](const ApiReply &r) { me = r; });
    QTRY_VERIFY(me.status != 0);
    QCOMPARE(me.status, 200);
    QVERIFY(!revokedOnServer(QStringLiteral("ci-deploy")));
    QCOMPARE(keys->text(rowOf(keys, AdminPage::KeyName, QStringLiteral("ci-deploy")),
                        AdminPage::KeyState),
             QStringLiteral("Active"));

    // Confirmed: revoked, and it cannot be revoked again.
    m_answer = true;
    revoke->click();
    QTRY_VERIFY(keys->text(rowOf(keys, AdminPage::KeyName, QStringLiteral("ci-deploy")),
                           AdminPage::KeyState)
                    .startsWith(QStringLiteral("Revoked")));
    QVERIFY(revokedOnServer(QStringLiteral("ci-deploy")));
    QCOMPARE(child<QLabel>(page, "keysStatus")->text(), QStringLiteral("Key ci-deploy revoked."));
    QTRY_VERIFY(!revoke->isEnabled());
}

void TestAdminPage::auditLogAndChain()
{
    AdminPage page(*m_api);
    const Testers testers = watch(page);
    page.setConfirmer(confirmer());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // An administrator's action through the page: a new key.
    fill(page, "keyName", QStringLiteral("audit-probe"));
    click(page, "newKeyButton");
    int keyRow = -1;
    QTRY_VERIFY(
        (keyRow = rowOf(page.keysModel(), AdminPage::KeyName, QStringLiteral("audit-probe"))) >= 0);
    const QString target = QStringLiteral("key:%1").arg(page.keysModel()->idAt(keyRow));
    m_backend->store().barrier(); // the request's audit entry is written

    page.tabs()->setCurrentIndex(AdminPage::AuditTab);
    AdminTableModel *audit = page.auditModel();
    click(page, "auditRefreshButton");
    const auto logged = [&] {
        for (int r = 0; r < audit->rowCount(); ++r)
            if (audit->text(r, AdminPage::AuditTarget) == target &&
                audit->text(r, AdminPage::AuditAction) == QLatin1String("POST /api/keys"))
                return r;
        return -1;
    };
    int entry = -1;
    QTRY_VERIFY((entry = logged()) >= 0);
    QCOMPARE(audit->text(entry, AdminPage::AuditOutcome), QStringLiteral("201"));
    QVERIFY(!audit->text(entry, AdminPage::AuditActor).isEmpty());
    QVERIFY(!audit->text(entry, AdminPage::AuditTime).isEmpty());

    // The actor filter goes to the server: nobody did anything.
    fill(page, "auditActor", QStringLiteral("user:nobody-at-all"));
    click(page, "auditRefreshButton");
    QTRY_COMPARE(audit->rowCount(), 0);
    fill(page, "auditActor", QString());
    click(page, "auditRefreshButton");
    QTRY_VERIFY(logged() >= 0);

    // The chain, checked by the server.
    click(page, "auditVerifyButton");
    auto *status = child<QLabel>(page, "auditStatus");
    QVERIFY(status);
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Chain intact (")),
                 qPrintable(status->text()));
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^Chain intact \\((\\d+) entries\\)$"))
            .match(status->text());
    QVERIFY2(m.hasMatch(), qPrintable(status->text()));
    QVERIFY(m.captured(1).toInt() >= audit->rowCount());
}

void TestAdminPage::customerExportAndErase()
{
    // A customer and a Shopify order of theirs, stored as Shopify's ingestion stores them.
    storage::OrderRepository repo(m_backend->cipher());
    Customer c;
    c.shop = QStringLiteral("lamps-eu.myshopify.com");
    c.shopifyCustomerId = 4242;
    c.personal = {QStringLiteral("Zacharie"), QStringLiteral("Quenouille"),
                  QStringLiteral("zacharie@example.org"), QStringLiteral("+33123456789")};
    auto cid = m_backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return repo.upsertCustomer(w, c); });
    QVERIFY(cid);
    Order o;
    o.shop = c.shop;
    o.shopifyOrderId = 7001;
    o.name = QStringLiteral("#1001");
    o.currency = QStringLiteral("EUR");
    o.subtotal = o.total = Money{9900, QStringLiteral("EUR")};
    o.shippingTotal = o.taxTotal = Money{0, QStringLiteral("EUR")};
    o.customerId = cid->id;
    o.shippingAddress = Address{QStringLiteral("Zacharie Quenouille"),
                                QStringLiteral("7 quai Zola"),
                                {},
                                QStringLiteral("Nantes"),
                                {},
                                QStringLiteral("44000"),
                                QStringLiteral("FR"),
                                {}};
    o.shopifyUpdatedAt = o.shopifyCreatedAt = QDateTime::currentDateTimeUtc();
    auto oid = m_backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return repo.upsertShopifyOrder(w, o); });
    QVERIFY(oid);
    m_backend->store().barrier();
    const QString number = QString::number(cid->id);

    AdminPage page(*m_api);
    const Testers testers = watch(page);
    page.setConfirmer(confirmer());
    QStringList suggested;
    QString savePath = m_dir.filePath(QStringLiteral("export-before.json"));
    page.setSaveFileChooser([&](const QString &name) {
        suggested << name;
        return savePath;
    });
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(AdminPage::CustomersTab);
    auto *id = child<QSpinBox>(page, "gdprCustomerId");
    QVERIFY(id);
    id->setValue(int(cid->id));
    auto *status = child<QLabel>(page, "gdprStatus");
    QVERIFY(status);

    // Export: everything kept about them, in the file chosen, readable by this user only.
    click(page, "gdprExportButton");
    QTRY_VERIFY2(status->text().contains(savePath), qPrintable(status->text()));
    QCOMPARE(suggested, QStringList{QStringLiteral("customer-%1.json").arg(number)});
    QByteArray bytes = readAll(savePath);
    QVERIFY(bytes.contains("zacharie@example.org"));
    QVERIFY(!(QFile(savePath).permissions() & QFileDevice::ReadOther));
    QJsonObject exported = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(exported.value(QStringLiteral("customer"))
                 .toObject()
                 .value(QStringLiteral("last_name"))
                 .toString(),
             QStringLiteral("Quenouille"));
    QJsonArray orders = exported.value(QStringLiteral("orders")).toArray();
    QCOMPARE(orders.size(), qsizetype(1));
    QCOMPARE(orders.at(0)
                 .toObject()
                 .value(QStringLiteral("shipping_address"))
                 .toObject()
                 .value(QStringLiteral("city"))
                 .toString(),
             QStringLiteral("Nantes"));

    // Erase, refused at the confirmation: the number had to be typed; nothing changes.
    m_answer = false;
    click(page, "gdprEraseButton");
    QCOMPARE(m_typed.last(), number);
    QVERIFY2(m_questions.last().contains(number), qPrintable(m_questions.last()));
    QCOMPARE(status->text(), QStringLiteral("Nothing was erased."));
    auto kept = repo.getCustomer(m_backend->store().reader(), cid->id);
    QVERIFY(kept && kept->has_value());
    QVERIFY(!(*kept)->erased);

    // Confirmed: erased, and a new export holds nothing personal.
    m_answer = true;
    click(page, "gdprEraseButton");
    QTRY_VERIFY2(status->text().contains(QStringLiteral("erased; 1 order(s) cleared")),
                 qPrintable(status->text()));
    savePath = m_dir.filePath(QStringLiteral("export-after.json"));
    click(page, "gdprExportButton");
    QTRY_VERIFY2(status->text().contains(savePath), qPrintable(status->text()));
    bytes = readAll(savePath);
    for (const char *gone : {"zacharie@example.org", "Quenouille", "+33123456789", "quai Zola"})
        QVERIFY2(!bytes.contains(gone), gone);
    exported = QJsonDocument::fromJson(bytes).object();
    QVERIFY(exported.value(QStringLiteral("customer"))
                .toObject()
                .value(QStringLiteral("erased"))
                .toBool());
    orders = exported.value(QStringLiteral("orders")).toArray();
    QCOMPARE(orders.size(), qsizetype(1));
    QVERIFY(orders.at(0).toObject().value(QStringLiteral("shipping_address")).isNull());
    QCOMPARE(orders.at(0).toObject().value(QStringLiteral("total_minor")).toInteger(),
             qint64(9900));
}

void TestAdminPage::subscriptionsAndRemoteAgents()
{
    AdminPage page(*m_api);
    const Testers testers = watch(page);
    page.setConfirmer(confirmer());
    m_answer = true;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // A webhook subscription: a short secret is refused by the server, naming it.
    page.tabs()->setCurrentIndex(AdminPage::SubscriptionsTab);
    AdminTableModel *subs = page.subscriptionsModel();
    auto *subsStatus = child<QLabel>(page, "subscriptionsStatus");
    QVERIFY(subsStatus);
    const QString hook = QStringLiteral("http://127.0.0.1:9/hooks/dropcrew");
    fill(page, "subName", QStringLiteral("crm-hook"));
    fill(page, "subUrl", hook);
    fill(page, "subPatterns", QStringLiteral("ext.crm.*, ext.erp.*"));
    fill(page, "subSecret", QStringLiteral("short"));
    click(page, "createSubscriptionButton");
    QTRY_VERIFY2(subsStatus->text().contains(QStringLiteral("secret")),
                 qPrintable(subsStatus->text()));
    fill(page, "subSecret", QStringLiteral("a-signing-secret-of-many-characters"));
    click(page, "createSubscriptionButton");
    int row = -1;
    QTRY_VERIFY((row = rowOf(subs, AdminPage::SubName, QStringLiteral("crm-hook"))) >= 0);
    QCOMPARE(subs->text(row, AdminPage::SubKind), QStringLiteral("Webhook"));
    QCOMPARE(subs->text(row, AdminPage::SubUrl), hook);
    QCOMPARE(subs->text(row, AdminPage::SubPatterns), QStringLiteral("ext.crm.*, ext.erp.*"));
    QVERIFY(child<QLineEdit>(page, "subSecret")->text().isEmpty());

    // The backend's own (in-process) subscriptions cannot be deleted from here.
    auto *subsView = child<QTableView>(page, "subscriptionsView");
    auto *del = child<QPushButton>(page, "deleteSubscriptionButton");
    QVERIFY(subsView && del);
    for (int r = 0; r < subs->rowCount(); ++r) {
        if (subs->text(r, AdminPage::SubKind) == QLatin1String("Webhook"))
            continue;
        subsView->setCurrentIndex(subs->index(r, AdminPage::SubName));
        QVERIFY(!del->isEnabled());
    }
    subsView->setCurrentIndex(subs->index(row, AdminPage::SubName));
    QVERIFY(del->isEnabled());
    del->click();
    QVERIFY2(m_questions.last().contains(QStringLiteral("crm-hook")),
             qPrintable(m_questions.last()));
    QTRY_COMPARE(rowOf(subs, AdminPage::SubName, QStringLiteral("crm-hook")), -1);

    // A remote agent: actions that are not JSON are refused before anything is sent.
    page.tabs()->setCurrentIndex(AdminPage::AgentsTab);
    AdminTableModel *agents = page.agentsModel();
    auto *agentsStatus = child<QLabel>(page, "agentsStatus");
    auto *actions = child<QPlainTextEdit>(page, "agentActions");
    QVERIFY(agentsStatus && actions);
    const QString agentUrl = QStringLiteral("http://127.0.0.1:9/agent");
    fill(page, "agentName", QStringLiteral("crm_bridge"));
    fill(page, "agentUrl", agentUrl);
    fill(page, "agentSecret", QStringLiteral("a-remote-agent-secret-0123"));
    actions->setPlainText(QStringLiteral("sync_contacts"));
    click(page, "saveAgentButton");
    QVERIFY2(agentsStatus->text().startsWith(QStringLiteral("Actions:")),
             qPrintable(agentsStatus->text()));
    actions->setPlainText(QStringLiteral(
        "[{\"name\": \"sync_contacts\", \"description\": \"Copies the customers to the CRM\"}]"));
    click(page, "saveAgentButton");
    QTRY_VERIFY((row = rowOf(agents, AdminPage::AgentName, QStringLiteral("crm_bridge"))) >= 0);
    QCOMPARE(agents->text(row, AdminPage::AgentActions), QStringLiteral("sync_contacts"));
    QCOMPARE(agents->text(row, AdminPage::AgentUrl), agentUrl);
    QVERIFY(child<QLineEdit>(page, "agentSecret")->text().isEmpty());

    // Selected, it fills the form (never with its secret); changed without a secret (same host).
    auto *agentsView = child<QTableView>(page, "agentsView");
    QVERIFY(agentsView);
    child<QLineEdit>(page, "agentName")->clear();
    agentsView->setCurrentIndex(QModelIndex()); // a row the view made current by itself
    agentsView->setCurrentIndex(agents->index(row, AdminPage::AgentName));
    QCOMPARE(child<QLineEdit>(page, "agentName")->text(), QStringLiteral("crm_bridge"));
    QCOMPARE(child<QLineEdit>(page, "agentUrl")->text(), agentUrl);
    QVERIFY(child<QLineEdit>(page, "agentSecret")->text().isEmpty());
    child<QSpinBox>(page, "agentTimeout")->setValue(5000);
    click(page, "saveAgentButton");
    QTRY_COMPARE(agents->row(rowOf(agents, AdminPage::AgentName, QStringLiteral("crm_bridge")))
                     .value(QStringLiteral("timeout_ms"))
                     .toInt(),
                 5000);

    // Removed once confirmed.
    row = rowOf(agents, AdminPage::AgentName, QStringLiteral("crm_bridge"));
    agentsView->setCurrentIndex(agents->index(row, AdminPage::AgentName));
    click(page, "removeAgentButton");
    QVERIFY2(m_questions.last().contains(QStringLiteral("crm_bridge")),
             qPrintable(m_questions.last()));
    QTRY_COMPARE(rowOf(agents, AdminPage::AgentName, QStringLiteral("crm_bridge")), -1);
}

void TestAdminPage::alertRuleChanged()
{
    AdminPage page(*m_api);
    const Testers testers = watch(page);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(AdminPage::RulesTab);
    AdminTableModel *rules = page.rulesModel();
    const QString rule = QStringLiteral("tracking_stale");
    int row = -1;
    QTRY_VERIFY((row = rowOf(rules, AdminPage::RuleName, rule)) >= 0);
    QCOMPARE(rules->text(row, AdminPage::RuleParams), QStringLiteral("{\"days\":7}"));
    QCOMPARE(rules->text(row, AdminPage::RuleEnabled), QStringLiteral("Yes"));

    // Selected, it fills the editor.
    auto *rulesView = child<QTableView>(page, "rulesView");
    QVERIFY(rulesView);
    rulesView->setCurrentIndex(QModelIndex()); // a row the view made current by itself
    rulesView->setCurrentIndex(rules->index(row, AdminPage::RuleName));
    auto *params = child<QLineEdit>(page, "ruleParams");
    QVERIFY(params);
    QCOMPARE(params->text(), QStringLiteral("{\"days\":7}"));
    QVERIFY(child<QCheckBox>(page, "ruleEnabled")->isChecked());
    QVERIFY(child<QCheckBox>(page, "ruleEmail")->isChecked());
    QVERIFY(child<QCheckBox>(page, "ruleWebhook")->isChecked());

    // A setting the rule does not have is refused, naming it.
    auto *status = child<QLabel>(page, "rulesStatus");
    params->setText(QStringLiteral("{\"weeks\": 1}"));
    click(page, "saveRuleButton");
    QTRY_VERIFY2(status->text().contains(QStringLiteral("params.weeks")),
                 qPrintable(status->text()));

    params->setText(QStringLiteral("{\"days\": 3}"));
    child<QCheckBox>(page, "ruleEnabled")->setChecked(false);
    child<QCheckBox>(page, "ruleWebhook")->setChecked(false);
    click(page, "saveRuleButton");
    QTRY_COMPARE(rules->text(rowOf(rules, AdminPage::RuleName, rule), AdminPage::RuleEnabled),
                 QStringLiteral("No"));
    row = rowOf(rules, AdminPage::RuleName, rule);
    QCOMPARE(rules->text(row, AdminPage::RuleParams), QStringLiteral("{\"days\":3}"));
    QCOMPARE(rules->text(row, AdminPage::RuleChannels), QStringLiteral("email"));
    QVERIFY2(rules->text(row, AdminPage::RuleChanged).contains(QStringLiteral(" by ")),
             qPrintable(rules->text(row, AdminPage::RuleChanged)));
}

void TestAdminPage::viewerChangesNothing()
{
    QVERIFY(m_backend->auth().createApiKey(QStringLiteral("viewer-probe"), security::Role::Viewer,
                                           QStringLiteral("test")));
    AdminPage page(*m_api);
    const Testers testers = watch(page);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.tabs()->setCurrentIndex(AdminPage::SubscriptionsTab);

    const QStringList viewer = permissionsOf("viewer");
    QVERIFY(!viewer.isEmpty());
    page.setPermissions(viewer);
    QTabWidget *tabs = page.tabs();
    QVERIFY(!tabs->isTabEnabled(AdminPage::KeysTab));
    QVERIFY(tabs->isTabEnabled(AdminPage::SubscriptionsTab));
    QVERIFY(tabs->isTabEnabled(AdminPage::AgentsTab));
    QVERIFY(tabs->isTabEnabled(AdminPage::RulesTab));
    QVERIFY(!tabs->isTabEnabled(AdminPage::AuditTab));
    QVERIFY(!tabs->isTabEnabled(AdminPage::CustomersTab));
    for (const char *name :
         {"newKeyButton", "revokeKeyButton", "createSubscriptionButton", "deleteSubscriptionButton",
          "saveAgentButton", "removeAgentButton", "saveRuleButton", "auditVerifyButton",
          "auditMoreButton", "gdprExportButton", "gdprEraseButton"}) {
        auto *b = child<QPushButton>(page, name);
        QVERIFY2(b, name);
        QVERIFY2(!b->isEnabled(), name);
    }
    // What a viewer may read is listed, without the forms to change it; the rest stays empty.
    QTRY_VERIFY(page.rulesModel()->rowCount() > 0);
    QVERIFY(!child<QLineEdit>(page, "subUrl")->isVisible());
    QCOMPARE(page.keysModel()->rowCount(), 0);
    QCOMPARE(page.auditModel()->rowCount(), 0);

    // An administrator again: everything is offered.
    page.setPermissions(permissionsOf("admin"));
    for (int t = AdminPage::KeysTab; t <= AdminPage::CustomersTab; ++t)
        QVERIFY(tabs->isTabEnabled(t));
    for (const char *name : {"newKeyButton", "createSubscriptionButton", "saveAgentButton",
                             "auditVerifyButton", "gdprExportButton", "gdprEraseButton"})
        QVERIFY2(child<QPushButton>(page, name)->isEnabled(), name);
    QVERIFY(child<QLineEdit>(page, "subUrl")->isVisible());
    QTRY_VERIFY(rowOf(page.keysModel(), AdminPage::KeyName, QStringLiteral("viewer-probe")) >= 0);
}

void TestAdminPage::cleanupTestCase()
{
    m_api.reset();
    m_backend.reset();
}

QTEST_MAIN(TestAdminPage)
#include "tst_adminpage.moc"
