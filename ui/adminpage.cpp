// SPDX-License-Identifier: GPL-3.0-or-later
#include "adminpage.h"

#include "apiclient.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace dc::ui {

namespace {

constexpr int kAuditPage = 200;
constexpr qsizetype kCellChars = 80; // longer texts are shortened in the cell

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString localTime(const QJsonValue &iso)
{
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat)
                       : QStringLiteral("–");
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

// A list of strings, or of objects by their names.
QString joined(const QJsonValue &array)
{
    QStringList parts;
    for (const QJsonValue &v : array.toArray())
        parts << (v.isObject() ? str(v.toObject(), "name") : v.toString());
    return parts.join(QStringLiteral(", "));
}

// idKey: rows listed by name get it as their "id", the model's identity across reloads.
QList<QJsonObject> objects(const QJsonValue &array, const QString &idKey = {})
{
    QList<QJsonObject> rows;
    for (const QJsonValue &v : array.toArray()) {
        QJsonObject o = v.toObject();
        if (!idKey.isEmpty())
            o.insert(QStringLiteral("id"), o.value(idKey));
        rows << o;
    }
    return rows;
}

QJsonObject current(const QTableView *view, const AdminTableModel *model)
{
    const QModelIndex i = view->currentIndex();
    return i.isValid() ? model->row(i.row()) : QJsonObject();
}

QString pathPart(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QLineEdit *lineEdit(QWidget *parent, const QString &name, const QString &placeholder = {})
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setPlaceholderText(placeholder);
    return e;
}

QPushButton *button(const QString &text, QWidget *parent, const QString &name)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}

// Column readers: a member as it is, as a local time, as compact JSON, as a list of names, as a
// number.
using Text = AdminTableModel::Text;
Text field(const char *key)
{
    return [key](const QJsonObject &o) { return str(o, key); };
}
Text when(const char *key)
{
    return [key](const QJsonObject &o) { return localTime(o.value(QLatin1String(key))); };
}
Text jsonText(const char *key)
{
    return [key](const QJsonObject &o) { return compact(o.value(QLatin1String(key))); };
}
Text names(const char *key)
{
    return [key](const QJsonObject &o) { return joined(o.value(QLatin1String(key))); };
}
Text count(const char *key)
{
    return [key](const QJsonObject &o) {
        return QLocale().toString(o.value(QLatin1String(key)).toInteger());
    };
}

} // namespace

AdminTableModel::AdminTableModel(QList<std::pair<QString, Text>> columns, QObject *parent)
    : JsonTableModel(int(columns.size()), parent)
    , m_columns(std::move(columns))
{}

QString AdminTableModel::text(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_columns.size())
        return {};
    return m_columns.at(column).second(m_rows.at(row));
}

QVariant AdminTableModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const QString t = m_columns.at(index.column()).second(*row);
    if (role == Qt::ToolTipRole || t.size() <= kCellChars)
        return t;
    return QString(t.left(kCellChars - 1) + QChar(0x2026));
}

QVariant AdminTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= m_columns.size())
        return QAbstractTableModel::headerData(section, o, role);
    return m_columns.at(section).first;
}

AdminPage::AdminPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("AdminPage"));
    m_confirm = [this](const QString &question, const QString &typed) {
        if (typed.isEmpty())
            return QMessageBox::question(this, tr("Please confirm"), question,
                                         QMessageBox::Yes | QMessageBox::Cancel,
                                         QMessageBox::Cancel) == QMessageBox::Yes;
        bool ok = false;
        const QString text =
            question + QStringLiteral("\n\n") + tr("Type %1 to confirm:").arg(typed);
        const QString answer = QInputDialog::getText(this, tr("Please confirm"), text,
                                                     QLineEdit::Normal, QString(), &ok);
        return ok && answer.trimmed() == typed;
    };
    m_chooseFile = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Save the customer's data"), suggested,
                                            tr("JSON files (*.json)"));
    };
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("adminTabs"));
    m_tabs->addTab(makeKeysTab(), tr("API keys"));
    m_tabs->addTab(makeSubscriptionsTab(), tr("Subscriptions"));
    m_tabs->addTab(makeAgentsTab(), tr("Remote agents"));
    m_tabs->addTab(makeRulesTab(), tr("Alert rules"));
    m_tabs->addTab(makeAuditTab(), tr("Audit log"));
    m_tabs->addTab(makeCustomersTab(), tr("Customers (GDPR)"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    updateActions();
    reload();
}

QTableView *AdminPage::table(AdminTableModel *model, QWidget *parent, const QString &name)
{
    QTableView *view = makeRowTable(model, parent);
    view->setObjectName(name);
    view->setWordWrap(false);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AdminPage::updateActions);
    connect(model, &QAbstractItemModel::modelReset, this, &AdminPage::updateActions);
    connect(model, &QAbstractItemModel::dataChanged, this, &AdminPage::updateActions);
    return view;
}

QLabel *AdminPage::statusLabel(Tab tab, QWidget *parent, const QString &name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status[tab] = l;
    return l;
}

void AdminPage::setStatus(Tab tab, const QString &text, bool error)
{
    m_status[tab]->setText(text);
    m_status[tab]->setStyleSheet(error ? QStringLiteral("color: darkred") : QString());
}

QWidget *AdminPage::makeKeysTab()
{
    auto *w = new QWidget(this);
    m_keys = new AdminTableModel(
        {{tr("Name"), field("name")},
         {tr("Role"), field("role")},
         {tr("Created by"), field("created_by")},
         {tr("Created"), when("created_at")},
         {tr("Last used"),
          [](const QJsonObject &k) -> QString {
              const QJsonValue used = k.value(QLatin1String("last_used_at"));
              return used.isString() ? localTime(used) : tr("never");
          }},
         {tr("State"),
          [](const QJsonObject &k) -> QString {
              const QJsonValue revoked = k.value(QLatin1String("revoked_at"));
              return revoked.isString() ? tr("Revoked %1").arg(localTime(revoked)) : tr("Active");
          }}},
        this);
    m_keysView = table(m_keys, w, QStringLiteral("keysView"));
    m_keyName = lineEdit(w, QStringLiteral("keyName"), tr("what uses it, e.g. ci-deploy"));
    m_keyRole = new QComboBox(w);
    m_keyRole->setObjectName(QStringLiteral("keyRole"));
    for (const auto &[key, label] :
         {std::pair{"viewer", tr("Viewer (read only)")}, std::pair{"operator", tr("Operator")},
          std::pair{"agent", tr("Agent (remote agents)")}, std::pair{"admin", tr("Administrator")}})
        m_keyRole->addItem(label, QString::fromLatin1(key));
    m_newKey = button(tr("New key…"), w, QStringLiteral("newKeyButton"));
    m_revokeKey = button(tr("Revoke…"), w, QStringLiteral("revokeKeyButton"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Name:"), w));
    bar->addWidget(m_keyName, 1);
    bar->addWidget(new QLabel(tr("Role:"), w));
    bar->addWidget(m_keyRole);
    bar->addWidget(m_newKey);
    bar->addSpacing(24);
    bar->addWidget(m_revokeKey);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(m_keysView, 1);
    layout->addLayout(bar);
    layout->addWidget(statusLabel(KeysTab, w, QStringLiteral("keysStatus")));
    connect(m_keyName, &QLineEdit::returnPressed, this, &AdminPage::createKey);
    connect(m_newKey, &QPushButton::clicked, this, &AdminPage::createKey);
    connect(m_revokeKey, &QPushButton::clicked, this, &AdminPage::revokeKey);
    return w;
}

QWidget *AdminPage::makeSubscriptionsTab()
{
    auto *w = new QWidget(this);
    m_subs = new AdminTableModel(
        {{tr("Name"), field("name")},
         {tr("Kind"),
          [](const QJsonObject &s) -> QString {
              return str(s, "kind") == QLatin1String("webhook") ? tr("Webhook") : tr("In-process");
          }},
         {tr("URL"), field("url")},
         {tr("Topics"), names("patterns")},
         {tr("Filter"), field("filter")},
         {tr("State"),
          [](const QJsonObject &s) -> QString {
              if (s.value(QLatin1String("dead_letters")).toInteger() > 0)
                  return tr("Dead letters waiting");
              if (s.value(QLatin1String("retrying")).toInteger() > 0)
                  return tr("Retrying");
              return s.value(QLatin1String("lag")).toInteger() > 0 ? tr("Catching up")
                                                                   : tr("Up to date");
          }},
         {tr("Behind (events)"), count("lag")},
         {tr("Retrying"), count("retrying")},
         {tr("Dead letters"), count("dead_letters")},
         {tr("Created"), when("created_at")}},
        this);
    m_subsView = table(m_subs, w, QStringLiteral("subscriptionsView"));
    m_subEditor = new QWidget(w);
    m_subName = lineEdit(m_subEditor, QStringLiteral("subName"), tr("a-z, 0-9, _ . -"));
    m_subUrl = lineEdit(m_subEditor, QStringLiteral("subUrl"), QStringLiteral("https://"));
    m_subPatterns = lineEdit(m_subEditor, QStringLiteral("subPatterns"),
                             tr("topic patterns, e.g. order.*, alert.raised"));
    m_subSecret = lineEdit(m_subEditor, QStringLiteral("subSecret"),
                           tr("16 characters or more; the receiver checks signatures with it"));
    m_subSecret->setEchoMode(QLineEdit::Password);
    m_subFilter = lineEdit(m_subEditor, QStringLiteral("subFilter"), tr("optional expression"));
    m_createSub =
        button(tr("Add subscription"), m_subEditor, QStringLiteral("createSubscriptionButton"));
    m_deleteSub = button(tr("Delete…"), m_subEditor, QStringLiteral("deleteSubscriptionButton"));
    auto *form = new QFormLayout(m_subEditor);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Name:"), m_subName);
    form->addRow(tr("Send to URL:"), m_subUrl);
    form->addRow(tr("Topics:"), m_subPatterns);
    form->addRow(tr("Signing secret:"), m_subSecret);
    form->addRow(tr("Filter:"), m_subFilter);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_createSub);
    buttons->addStretch(1);
    buttons->addWidget(m_deleteSub);
    form->addRow(buttons);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(m_subsView, 1);
    layout->addWidget(m_subEditor);
    layout->addWidget(statusLabel(SubscriptionsTab, w, QStringLiteral("subscriptionsStatus")));
    connect(m_createSub, &QPushButton::clicked, this, &AdminPage::createSubscription);
    connect(m_deleteSub, &QPushButton::clicked, this, &AdminPage::deleteSubscription);
    return w;
}

QWidget *AdminPage::makeAgentsTab()
{
    auto *w = new QWidget(this);
    m_agents = new AdminTableModel({{tr("Name"), field("name")},
                                    {tr("URL"), field("url")},
                                    {tr("Actions"), names("actions")},
                                    {tr("Timeout (ms)"), count("timeout_ms")},
                                    {tr("Changed"), when("updated_at")}},
                                   this);
    m_agentsView = table(m_agents, w, QStringLiteral("agentsView"));
    m_agentEditor = new QWidget(w);
    m_agentName = lineEdit(m_agentEditor, QStringLiteral("agentName"), tr("lower_snake_case"));
    m_agentUrl = lineEdit(m_agentEditor, QStringLiteral("agentUrl"), QStringLiteral("https://"));
    m_agentSecret = lineEdit(m_agentEditor, QStringLiteral("agentSecret"),
                             tr("unchanged when empty; needed for a new agent or a new host"));
    m_agentSecret->setEchoMode(QLineEdit::Password);
    m_agentTimeout = new QSpinBox(m_agentEditor);
    m_agentTimeout->setObjectName(QStringLiteral("agentTimeout"));
    m_agentTimeout->setRange(100, 600'000);
    m_agentTimeout->setSingleStep(1000);
    m_agentTimeout->setValue(30'000);
    m_agentTimeout->setSuffix(QStringLiteral(" ms"));
    m_agentActions = new QPlainTextEdit(m_agentEditor);
    m_agentActions->setObjectName(QStringLiteral("agentActions"));
    m_agentActions->setPlaceholderText(
        QStringLiteral("[{\"name\": \"summarize\", \"description\": \"…\", \"input_schema\": "
                       "{\"type\": \"object\"}}]"));
    m_agentActions->setMaximumHeight(120);
    m_saveAgent =
        button(tr("Register or update"), m_agentEditor, QStringLiteral("saveAgentButton"));
    m_removeAgent = button(tr("Remove…"), m_agentEditor, QStringLiteral("removeAgentButton"));
    auto *form = new QFormLayout(m_agentEditor);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Name:"), m_agentName);
    form->addRow(tr("URL:"), m_agentUrl);
    form->addRow(tr("Signing secret:"), m_agentSecret);
    form->addRow(tr("Timeout:"), m_agentTimeout);
    form->addRow(tr("Actions (JSON):"), m_agentActions);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_saveAgent);
    buttons->addStretch(1);
    buttons->addWidget(m_removeAgent);
    form->addRow(buttons);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(m_agentsView, 1);
    layout->addWidget(m_agentEditor);
    layout->addWidget(statusLabel(AgentsTab, w, QStringLiteral("agentsStatus")));
    // The selected agent fills the form; its secret is never sent back, so it stays empty.
    connect(m_agentsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &i) {
                if (!i.isValid())
                    return;
                const QJsonObject a = m_agents->row(i.row());
                m_agentName->setText(str(a, "name"));
                m_agentUrl->setText(str(a, "url"));
                m_agentSecret->clear();
                m_agentTimeout->setValue(a.value(QLatin1String("timeout_ms")).toInt(30'000));
                m_agentActions->setPlainText(QString::fromUtf8(
                    QJsonDocument(a.value(QLatin1String("actions")).toArray()).toJson()));
            });
    connect(m_saveAgent, &QPushButton::clicked, this, &AdminPage::saveAgent);
    connect(m_removeAgent, &QPushButton::clicked, this, &AdminPage::removeAgent);
    return w;
}

QWidget *AdminPage::makeRulesTab()
{
    auto *w = new QWidget(this);
    m_rules = new AdminTableModel(
        {{tr("Rule"), field("name")},
         {tr("Enabled"),
          [](const QJsonObject &r) -> QString {
              return r.value(QLatin1String("enabled")).toBool() ? tr("Yes") : tr("No");
          }},
         {tr("Severity"),
          [](const QJsonObject &r) -> QString {
              return str(r, "severity") == QLatin1String("critical") ? tr("Critical")
                                                                     : tr("Warning");
          }},
         {tr("Settings"), jsonText("params")},
         {tr("Channels"), names("channels")},
         {tr("Changed"),
          [](const QJsonObject &r) -> QString {
              const QString by = str(r, "updated_by"); // empty: never changed
              return by.isEmpty()
                         ? tr("as shipped")
                         : tr("%1 by %2").arg(localTime(r.value(QLatin1String("updated_at"))), by);
          }},
         {tr("Raised when"), field("description")}},
        this);
    m_rulesView = table(m_rules, w, QStringLiteral("rulesView"));
    m_ruleEditor = new QWidget(w);
    m_ruleEnabled = new QCheckBox(tr("Enabled"), m_ruleEditor);
    m_ruleEnabled->setObjectName(QStringLiteral("ruleEnabled"));
    m_ruleSeverity = new QComboBox(m_ruleEditor);
    m_ruleSeverity->setObjectName(QStringLiteral("ruleSeverity"));
    m_ruleSeverity->addItem(tr("Warning"), QStringLiteral("warning"));
    m_ruleSeverity->addItem(tr("Critical"), QStringLiteral("critical"));
    m_ruleParams = lineEdit(m_ruleEditor, QStringLiteral("ruleParams"), QStringLiteral("{}"));
    m_ruleParams->setToolTip(tr("The rule's settings as JSON, e.g. {\"minutes\": 60}; a setting "
                                "left out takes its shipped value"));
    m_ruleEmail = new QCheckBox(tr("E-mail"), m_ruleEditor);
    m_ruleEmail->setObjectName(QStringLiteral("ruleEmail"));
    m_ruleWebhook = new QCheckBox(tr("Webhook"), m_ruleEditor);
    m_ruleWebhook->setObjectName(QStringLiteral("ruleWebhook"));
    m_saveRule = button(tr("Save the rule"), m_ruleEditor, QStringLiteral("saveRuleButton"));
    auto *row = new QHBoxLayout(m_ruleEditor);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_ruleEnabled);
    row->addWidget(m_ruleSeverity);
    row->addWidget(new QLabel(tr("Settings:"), m_ruleEditor));
    row->addWidget(m_ruleParams, 1);
    row->addWidget(new QLabel(tr("Notify by:"), m_ruleEditor));
    row->addWidget(m_ruleEmail);
    row->addWidget(m_ruleWebhook);
    row->addWidget(m_saveRule);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(m_rulesView, 1);
    layout->addWidget(m_ruleEditor);
    layout->addWidget(statusLabel(RulesTab, w, QStringLiteral("rulesStatus")));
    connect(m_rulesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &i) {
                if (!i.isValid())
                    return;
                const QJsonObject r = m_rules->row(i.row());
                const QJsonArray channels = r.value(QLatin1String("channels")).toArray();
                m_ruleEnabled->setChecked(r.value(QLatin1String("enabled")).toBool());
                m_ruleSeverity->setCurrentIndex(
                    std::max(0, m_ruleSeverity->findData(str(r, "severity"))));
                m_ruleParams->setText(compact(r.value(QLatin1String("params"))));
                m_ruleEmail->setChecked(channels.contains(QJsonValue(QStringLiteral("email"))));
                m_ruleWebhook->setChecked(channels.contains(QJsonValue(QStringLiteral("webhook"))));
            });
    connect(m_saveRule, &QPushButton::clicked, this, &AdminPage::saveRule);
    return w;
}

QWidget *AdminPage::makeAuditTab()
{
    auto *w = new QWidget(this);
    m_audit = new AdminTableModel({{tr("Time"), when("at")},
                                   {tr("Actor"), field("actor")},
                                   {tr("Action"), field("action")},
                                   {tr("Target"), field("target")},
                                   {tr("Outcome"),
                                    [](const QJsonObject &e) -> QString {
                                        const int outcome =
                                            e.value(QLatin1String("outcome")).toInt();
                                        return outcome ? QString::number(outcome) : QString();
                                    }},
                                   {tr("Address"), field("ip")},
                                   {tr("Detail"), jsonText("detail")}},
                                  this);
    m_auditView = table(m_audit, w, QStringLiteral("auditView"));
    m_auditActor = lineEdit(w, QStringLiteral("auditActor"), tr("all actors, or e.g. user:alice"));
    auto *refresh = button(tr("Refresh"), w, QStringLiteral("auditRefreshButton"));
    m_auditMore = button(tr("Load more"), w, QStringLiteral("auditMoreButton"));
    m_auditVerify = button(tr("Verify chain"), w, QStringLiteral("auditVerifyButton"));
    m_auditVerify->setToolTip(tr("Checks that no entry was altered, inserted or removed"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Actor:"), w));
    bar->addWidget(m_auditActor, 1);
    bar->addWidget(refresh);
    bar->addWidget(m_auditMore);
    bar->addSpacing(24);
    bar->addWidget(m_auditVerify);
    auto *layout = new QVBoxLayout(w);
    layout->addLayout(bar);
    layout->addWidget(m_auditView, 1);
    layout->addWidget(statusLabel(AuditTab, w, QStringLiteral("auditStatus")));
    connect(refresh, &QPushButton::clicked, this, [this] { loadAudit(false); });
    connect(m_auditActor, &QLineEdit::returnPressed, this, [this] { loadAudit(false); });
    connect(m_auditMore, &QPushButton::clicked, this, [this] { loadAudit(true); });
    connect(m_auditVerify, &QPushButton::clicked, this, &AdminPage::verifyAudit);
    return w;
}

QWidget *AdminPage::makeCustomersTab()
{
    auto *w = new QWidget(this);
    auto *intro = new QLabel(
        tr("A customer's data request or erasure (GDPR), by the customer's number (the "
           "customer_id of their orders). Export saves everything kept about them as a JSON "
           "file; erase removes their name, e-mail, phone and addresses from the customer and "
           "every order for good, keeping the orders' amounts."),
        w);
    intro->setWordWrap(true);
    m_customerId = new QSpinBox(w);
    m_customerId->setObjectName(QStringLiteral("gdprCustomerId"));
    m_customerId->setRange(1, std::numeric_limits<int>::max());
    m_export = button(tr("Export…"), w, QStringLiteral("gdprExportButton"));
    m_erase = button(tr("Erase…"), w, QStringLiteral("gdprEraseButton"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Customer number:"), w));
    bar->addWidget(m_customerId);
    bar->addWidget(m_export);
    bar->addWidget(m_erase);
    bar->addStretch(1);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(intro);
    layout->addLayout(bar);
    layout->addWidget(statusLabel(CustomersTab, w, QStringLiteral("gdprStatus")));
    layout->addStretch(1);
    connect(m_export, &QPushButton::clicked, this, &AdminPage::exportCustomer);
    connect(m_erase, &QPushButton::clicked, this, &AdminPage::eraseCustomer);
    return w;
}

bool AdminPage::allowed(const char *permission) const
{
    return !m_permissions || m_permissions->contains(QLatin1String(permission));
}

void AdminPage::setPermissions(const QStringList &permissions)
{
    m_permissions = permissions;
    const std::pair<Tab, const char *> needs[] = {
        {KeysTab, "keys.manage"},   {SubscriptionsTab, "events.read"},
        {AgentsTab, "agents.read"}, {RulesTab, "alerts.read"},
        {AuditTab, "audit.read"},   {CustomersTab, "customers.erase"}};
    const QList<AdminTableModel *> lists = models(); // in the order of the tabs
    for (const auto &[tab, permission] : needs) {
        const bool may = allowed(permission);
        m_tabs->setTabEnabled(tab, may);
        if (may)
            continue;
        m_status[tab]->clear(); // nothing stays on show from an earlier session
        if (tab < lists.size())
            lists.at(tab)->setRows({});
    }
    if (!allowed("audit.read"))
        m_auditNext = 0;
    updateActions();
    reload();
}

void AdminPage::updateActions()
{
    const bool keys = allowed("keys.manage");
    const bool settings = allowed("settings.manage");
    const QJsonObject key = current(m_keysView, m_keys);
    m_newKey->setEnabled(keys);
    m_revokeKey->setEnabled(keys && !key.isEmpty() &&
                            !key.value(QLatin1String("revoked_at")).isString());
    // Only webhooks are the operator's: in-process subscriptions belong to the backend.
    m_subEditor->setVisible(settings);
    m_createSub->setEnabled(settings);
    m_deleteSub->setEnabled(settings &&
                            str(current(m_subsView, m_subs), "kind") == QLatin1String("webhook"));
    m_agentEditor->setVisible(settings);
    m_saveAgent->setEnabled(settings);
    m_removeAgent->setEnabled(settings && !current(m_agentsView, m_agents).isEmpty());
    m_ruleEditor->setVisible(settings);
    m_saveRule->setEnabled(settings && !current(m_rulesView, m_rules).isEmpty());
    m_auditVerify->setEnabled(allowed("audit.read"));
    m_auditMore->setEnabled(allowed("audit.read") && m_auditNext > 0);
    m_export->setEnabled(allowed("customers.erase"));
    m_erase->setEnabled(allowed("customers.erase"));
}

void AdminPage::reload()
{
    for (Tab tab : {KeysTab, SubscriptionsTab, AgentsTab, RulesTab, AuditTab})
        if (m_tabs->isTabEnabled(tab))
            reloadTab(tab);
}

void AdminPage::reloadTab(Tab tab)
{
    switch (tab) {
    case KeysTab:
        return loadList(tab, QStringLiteral("/api/keys"), QStringLiteral("keys"), m_keys,
                        m_keysView);
    case SubscriptionsTab:
        return loadList(tab, QStringLiteral("/api/subscriptions"), QStringLiteral("subscriptions"),
                        m_subs, m_subsView);
    case AgentsTab:
        return loadList(tab, QStringLiteral("/api/remote-agents"), QStringLiteral("remote_agents"),
                        m_agents, m_agentsView, QStringLiteral("name"));
    case RulesTab:
        return loadList(tab, QStringLiteral("/api/alert-rules"), QStringLiteral("rules"), m_rules,
                        m_rulesView, QStringLiteral("name"));
    case AuditTab:
        return loadAudit(false);
    case CustomersTab:
        return; // nothing listed
    }
}

void AdminPage::loadList(Tab tab, const QString &path, const QString &key, AdminTableModel *model,
                         QTableView *view, const QString &idKey)
{
    m_api.get(path, this, [this, tab, key, model, view, idKey](const ApiReply &r) {
        if (!m_tabs->isTabEnabled(tab))
            return; // taken away meanwhile (setPermissions)
        if (!r.ok()) {
            setStatus(tab, tr("Cannot load the list: %1").arg(r.error), true);
            return;
        }
        model->setRows(objects(r.json.value(key), idKey));
        view->resizeColumnsToContents();
        updateActions();
    });
}

void AdminPage::change(const QByteArray &method, const QString &path, const QJsonObject &body,
                       Tab tab, const QString &done, std::function<void(const ApiReply &)> then)
{
    m_api.send(method, path, body, this,
               [this, tab, done, then = std::move(then)](const ApiReply &r) {
                   if (r.ok()) {
                       setStatus(tab, done);
                       if (then)
                           then(r);
                   } else {
                       setStatus(tab, tr("Refused: %1").arg(r.error), true);
                   }
                   reloadTab(tab);
               });
}

void AdminPage::createKey()
{
    const QString name = m_keyName->text().trimmed();
    if (name.isEmpty()) {
        setStatus(KeysTab, tr("Name the key after what will use it."), true);
        return;
    }
    change("POST", QStringLiteral("/api/keys"),
           {{QStringLiteral("name"), name},
            {QStringLiteral("role"), m_keyRole->currentData().toString()}},
           KeysTab, tr("Key %1 created.").arg(name), [this, name](const ApiReply &r) {
               m_keyName->clear();
               showSecret(name, r.json.value(QStringLiteral("secret")).toString());
           });
}

void AdminPage::showSecret(const QString &name, const QString &secret)
{
    // The server keeps only a hash: this dialog is the one place the secret is ever shown, and
    // the secret leaves memory with it.
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("keySecretDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("API key %1").arg(name));
    auto *text = new QLabel(tr("Copy the key's secret now and keep it somewhere safe: it will not "
                               "be shown again. Programs send it as the header "
                               "\"Authorization: Bearer <secret>\"."),
                            dialog);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    auto *edit = new QLineEdit(secret, dialog);
    edit->setObjectName(QStringLiteral("keySecret"));
    edit->setReadOnly(true);
    edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(secret) + 24);
    edit->selectAll();
    auto *copy = new QPushButton(tr("Copy"), dialog);
    copy->setObjectName(QStringLiteral("copySecretButton"));
    connect(copy, &QPushButton::clicked, dialog, [edit, copy] {
        QGuiApplication::clipboard()->setText(edit->text());
        copy->setText(tr("Copied"));
    });
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(close, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(copy);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addLayout(row);
    layout->addWidget(close);
    dialog->open();
}

void AdminPage::revokeKey()
{
    const QJsonObject key = current(m_keysView, m_keys);
    if (key.isEmpty())
        return;
    const QString name = str(key, "name");
    if (!m_confirm(tr("Revoke the API key “%1”? Every program using it is refused from now on; "
                      "this cannot be undone.")
                       .arg(name),
                   QString()))
        return;
    change("POST",
           QStringLiteral("/api/keys/%1/revoke").arg(key.value(QLatin1String("id")).toInteger()),
           {}, KeysTab, tr("Key %1 revoked.").arg(name));
}

void AdminPage::createSubscription()
{
    QJsonArray patterns;
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString &p : m_subPatterns->text().split(separators, Qt::SkipEmptyParts))
        patterns.append(p);
    const QString name = m_subName->text().trimmed();
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("url"), m_subUrl->text().trimmed()},
                     {QStringLiteral("patterns"), patterns},
                     {QStringLiteral("secret"), m_subSecret->text()}};
    if (const QString filter = m_subFilter->text().trimmed(); !filter.isEmpty())
        body.insert(QStringLiteral("filter"), filter);
    change("POST", QStringLiteral("/api/subscriptions"), body, SubscriptionsTab,
           tr("Subscription %1 added: the events from now on are sent to it.").arg(name),
           [this](const ApiReply &) {
               for (QLineEdit *e : {m_subName, m_subUrl, m_subPatterns, m_subSecret, m_subFilter})
                   e->clear();
           });
}

void AdminPage::deleteSubscription()
{
    const QJsonObject s = current(m_subsView, m_subs);
    if (s.isEmpty())
        return;
    const QString name = str(s, "name");
    if (!m_confirm(tr("Delete the subscription “%1”? Nothing more is sent to %2, and its "
                      "undelivered events and dead letters are dropped.")
                       .arg(name, str(s, "url")),
                   QString()))
        return;
    change("DELETE",
           QStringLiteral("/api/subscriptions/%1").arg(s.value(QLatin1String("id")).toInteger()),
           {}, SubscriptionsTab, tr("Subscription %1 deleted.").arg(name));
}

void AdminPage::saveAgent()
{
    const QString name = m_agentName->text().trimmed();
    if (name.isEmpty()) {
        setStatus(AgentsTab, tr("The agent needs a name."), true);
        return;
    }
    QJsonParseError error{};
    const QJsonDocument actions =
        QJsonDocument::fromJson(m_agentActions->toPlainText().toUtf8(), &error);
    if (!actions.isArray()) {
        setStatus(AgentsTab,
                  tr("Actions: a JSON list of actions is needed (%1).")
                      .arg(error.error == QJsonParseError::NoError ? tr("not a list")
                                                                   : error.errorString()),
                  true);
        return;
    }
    QJsonObject body{{QStringLiteral("url"), m_agentUrl->text().trimmed()},
                     {QStringLiteral("actions"), actions.array()},
                     {QStringLiteral("timeout_ms"), m_agentTimeout->value()}};
    if (!m_agentSecret->text().isEmpty())
        body.insert(QStringLiteral("secret"), m_agentSecret->text());
    change("PUT", QStringLiteral("/api/remote-agents/") + pathPart(name), body, AgentsTab,
           tr("Remote agent %1 saved; its actions can be called now.").arg(name),
           [this](const ApiReply &) { m_agentSecret->clear(); });
}

void AdminPage::removeAgent()
{
    const QString name = str(current(m_agentsView, m_agents), "name");
    if (name.isEmpty())
        return;
    if (!m_confirm(tr("Remove the remote agent “%1”? Its actions disappear, and workflow steps "
                      "calling them fail.")
                       .arg(name),
                   QString()))
        return;
    change("DELETE", QStringLiteral("/api/remote-agents/") + pathPart(name), {}, AgentsTab,
           tr("Remote agent %1 removed.").arg(name));
}

void AdminPage::saveRule()
{
    const QString name = str(current(m_rulesView, m_rules), "name");
    if (name.isEmpty())
        return;
    const QString paramsText = m_ruleParams->text().trimmed();
    const QJsonDocument params = QJsonDocument::fromJson(
        (paramsText.isEmpty() ? QStringLiteral("{}") : paramsText).toUtf8());
    if (!params.isObject()) {
        setStatus(RulesTab, tr("Settings: a JSON object is needed, e.g. {\"minutes\": 60}."), true);
        return;
    }
    QJsonArray channels;
    if (m_ruleEmail->isChecked())
        channels.append(QStringLiteral("email"));
    if (m_ruleWebhook->isChecked())
        channels.append(QStringLiteral("webhook"));
    change("PUT", QStringLiteral("/api/alert-rules/") + pathPart(name),
           {{QStringLiteral("enabled"), m_ruleEnabled->isChecked()},
            {QStringLiteral("severity"), m_ruleSeverity->currentData().toString()},
            {QStringLiteral("params"), params.object()},
            {QStringLiteral("channels"), channels}},
           RulesTab, tr("Rule %1 saved.").arg(name));
}

void AdminPage::loadAudit(bool more)
{
    // Oldest first, as the server pages it (after=ID); Load more appends the next page.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(kAuditPage));
    if (more)
        query.addQueryItem(QStringLiteral("after"), QString::number(m_auditNext));
    if (const QString actor = m_auditActor->text().trimmed(); !actor.isEmpty())
        query.addQueryItem(QStringLiteral("actor"), actor);
    if (!more) {
        m_auditNext = 0;
        updateActions();
    }
    const int generation = ++m_auditGeneration; // an older load's answer is dropped
    m_api.get(QStringLiteral("/api/audit?") + query.toString(QUrl::FullyEncoded), this,
              [this, more, generation](const ApiReply &r) {
                  if (generation != m_auditGeneration || !m_tabs->isTabEnabled(AuditTab))
                      return;
                  if (!r.ok()) {
                      setStatus(AuditTab, tr("Cannot read the audit log: %1").arg(r.error), true);
                      return;
                  }
                  const QList<QJsonObject> rows = objects(r.json.value(QStringLiteral("entries")));
                  if (more)
                      m_audit->appendRows(rows);
                  else
                      m_audit->setRows(rows);
                  const QJsonValue next = r.json.value(QStringLiteral("next_after"));
                  m_auditNext = next.isDouble() ? next.toInteger() : 0;
                  m_auditView->resizeColumnsToContents();
                  if (more)
                      m_auditView->scrollToBottom();
                  updateActions();
              });
}

void AdminPage::verifyAudit()
{
    setStatus(AuditTab, tr("Checking the chain…"));
    m_api.get(QStringLiteral("/api/audit/verify"), this, [this](const ApiReply &r) {
        if (!r.ok()) {
            setStatus(AuditTab, tr("Not checked: %1").arg(r.error), true);
            return;
        }
        const int entries = int(r.json.value(QStringLiteral("entries")).toInteger());
        if (r.json.value(QStringLiteral("intact")).toBool()) {
            setStatus(AuditTab, tr("Chain intact (%n entries)", "", entries));
            return;
        }
        const qint64 bad = r.json.value(QStringLiteral("first_bad_id")).toInteger();
        const QString problem = r.json.value(QStringLiteral("problem")).toString();
        setStatus(AuditTab,
                  bad > 0 ? tr("Chain broken at entry %1: %2").arg(QString::number(bad), problem)
                          : tr("Chain broken: %1").arg(problem),
                  true);
    });
}

void AdminPage::exportCustomer()
{
    const QString id = QString::number(m_customerId->value());
    setStatus(CustomersTab, tr("Reading customer %1's data…").arg(id));
    m_api.get(
        QStringLiteral("/api/customers/%1/export").arg(id), this, [this, id](const ApiReply &r) {
            if (!r.ok()) {
                setStatus(CustomersTab, tr("Not exported: %1").arg(r.error), true);
                return;
            }
            const QString path = m_chooseFile(QStringLiteral("customer-%1.json").arg(id));
            if (path.isEmpty()) {
                setStatus(CustomersTab, tr("Export cancelled: nothing was saved."));
                return;
            }
            // Personal data: readable by this user only, from before the first byte is written
            // (the temporary file QSaveFile renames into place keeps these permissions).
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) ||
                !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
                file.write(QJsonDocument(r.json).toJson(QJsonDocument::Indented)) < 0 ||
                !file.commit()) {
                const QString why = file.errorString();
                file.cancelWriting();
                setStatus(CustomersTab, tr("Cannot write %1: %2").arg(path, why), true);
                return;
            }
            const int orders = int(r.json.value(QStringLiteral("orders")).toArray().size());
            setStatus(
                CustomersTab,
                tr("Customer %1's data (%n order(s)) saved to %2.", "", orders).arg(id, path));
        });
}

void AdminPage::eraseCustomer()
{
    const QString id = QString::number(m_customerId->value());
    if (!m_confirm(tr("Erase the personal data of customer %1? Their name, e-mail, phone and "
                      "the addresses of all their orders are removed for good; the orders' "
                      "amounts stay.")
                       .arg(id),
                   id)) {
        setStatus(CustomersTab, tr("Nothing was erased."));
        return;
    }
    m_api.send("POST", QStringLiteral("/api/customers/%1/erase").arg(id), {}, this,
               [this, id](const ApiReply &r) {
                   if (!r.ok()) {
                       setStatus(CustomersTab, tr("Not erased: %1").arg(r.error), true);
                       return;
                   }
                   const int cleared = r.json.value(QStringLiteral("orders_cleared")).toInt();
                   setStatus(CustomersTab,
                             tr("Customer %1 erased; %n order(s) cleared.", "", cleared).arg(id));
               });
}

} // namespace dc::ui
