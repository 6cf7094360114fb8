// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Administration: API keys (a new key's secret shown once), outbound webhook subscriptions,
// remote agents, alert rules, the audit log with its chain check, and a customer's GDPR export
// and erasure: what an operator would otherwise do with curl. Destructive actions are confirmed
// first; the confirmation and the export's file dialog can be replaced (tests answer them).
#include "jsontablemodel.h"

#include <QStringList>
#include <QWidget>

#include <array>
#include <functional>
#include <optional>
#include <utility>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace dc::ui {

class ApiClient;
struct ApiReply;

// One of the page's lists: each column a header and the text it reads from a row (whole in the
// tooltip, shortened in the cell when long).
class AdminTableModel : public JsonTableModel
{
    Q_OBJECT
public:
    using Text = std::function<QString(const QJsonObject &)>;
    explicit AdminTableModel(QList<std::pair<QString, Text>> columns, QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    // The column's whole text for a row; empty outside the table.
    QString text(int row, int column) const;

private:
    QList<std::pair<QString, Text>> m_columns;
};

class AdminPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { KeysTab, SubscriptionsTab, AgentsTab, RulesTab, AuditTab, CustomersTab };
    enum KeyColumn { KeyName, KeyRole, KeyCreatedBy, KeyCreated, KeyLastUsed, KeyState };
    enum SubscriptionColumn {
        SubName,
        SubKind,
        SubUrl,
        SubPatterns,
        SubFilter,
        SubState,
        SubLag,
        SubRetrying,
        SubDead,
        SubCreated
    };
    enum AgentColumn { AgentName, AgentUrl, AgentActions, AgentTimeout, AgentUpdated };
    enum RuleColumn {
        RuleName,
        RuleEnabled,
        RuleSeverity,
        RuleParams,
        RuleChannels,
        RuleChanged,
        RuleDescription
    };
    enum AuditColumn {
        AuditTime,
        AuditActor,
        AuditAction,
        AuditTarget,
        AuditOutcome,
        AuditAddress,
        AuditDetail
    };

    // Asked before every destructive action: true to go ahead. `typed` is what the operator must
    // type again (a customer's number before an erasure); empty for a yes/no question.
    using Confirmer = std::function<bool(const QString &question, const QString &typed)>;
    // Where to save an export, from a suggested file name; empty: cancelled.
    using SaveFileChooser = std::function<QString(const QString &suggestedName)>;

    explicit AdminPage(ApiClient &api, QWidget *parent = nullptr);
    // Tabs the user may not open are disabled (and emptied), actions they may not take disabled
    // and their forms hidden. Until it is called everything is offered: the server decides.
    void setPermissions(const QStringList &permissions);
    // Reloads every tab the user may open.
    void reload();
    void setConfirmer(Confirmer confirm) { m_confirm = std::move(confirm); }
    void setSaveFileChooser(SaveFileChooser choose) { m_chooseFile = std::move(choose); }

    QTabWidget *tabs() const { return m_tabs; }
    AdminTableModel *keysModel() const { return m_keys; }
    AdminTableModel *subscriptionsModel() const { return m_subs; }
    AdminTableModel *agentsModel() const { return m_agents; }
    AdminTableModel *rulesModel() const { return m_rules; }
    AdminTableModel *auditModel() const { return m_audit; }
    QList<AdminTableModel *> models() const { return {m_keys, m_subs, m_agents, m_rules, m_audit}; }

private:
    QWidget *makeKeysTab();
    QWidget *makeSubscriptionsTab();
    QWidget *makeAgentsTab();
    QWidget *makeRulesTab();
    QWidget *makeAuditTab();
    QWidget *makeCustomersTab();
    QTableView *table(AdminTableModel *model, QWidget *parent, const QString &name);
    QLabel *statusLabel(Tab tab, QWidget *parent, const QString &name);
    void setStatus(Tab tab, const QString &text, bool error = false);
    bool allowed(const char *permission) const;
    void updateActions();
    void reloadTab(Tab tab);
    // GET path, the array under `key` into the model; idKey names rows without an "id".
    void loadList(Tab tab, const QString &path, const QString &key, AdminTableModel *model,
                  QTableView *view, const QString &idKey = {});
    // One change through the API: `done` (or the refusal) in the tab's status, then() on
    // success, and the tab's list reloaded.
    void change(const QByteArray &method, const QString &path, const QJsonObject &body, Tab tab,
                const QString &done, std::function<void(const ApiReply &)> then = {});
    void loadAudit(bool more);
    void createKey();
    void showSecret(const QString &name, const QString &secret);
    void revokeKey();
    void createSubscription();
    void deleteSubscription();
    void saveAgent();
    void removeAgent();
    void saveRule();
    void verifyAudit();
    void exportCustomer();
    void eraseCustomer();

    ApiClient &m_api;
    std::optional<QStringList> m_permissions;
    Confirmer m_confirm;
    SaveFileChooser m_chooseFile;
    QTabWidget *m_tabs;
    std::array<QLabel *, 6> m_status{}; // by Tab: its last outcome or error

    AdminTableModel *m_keys;
    QTableView *m_keysView;
    QLineEdit *m_keyName;
    QComboBox *m_keyRole;
    QPushButton *m_newKey, *m_revokeKey;

    AdminTableModel *m_subs;
    QTableView *m_subsView;
    QWidget *m_subEditor;
    QLineEdit *m_subName, *m_subUrl, *m_subPatterns, *m_subSecret, *m_subFilter;
    QPushButton *m_createSub, *m_deleteSub;

    AdminTableModel *m_agents;
    QTableView *m_agentsView;
    QWidget *m_agentEditor;
    QLineEdit *m_agentName, *m_agentUrl, *m_agentSecret;
    QSpinBox *m_agentTimeout;
    QPlainTextEdit *m_agentActions;
    QPushButton *m_saveAgent, *m_removeAgent;

    AdminTableModel *m_rules;
    QTableView *m_rulesView;
    QWidget *m_ruleEditor;
    QCheckBox *m_ruleEnabled, *m_ruleEmail, *m_ruleWebhook;
    QComboBox *m_ruleSeverity;
    QLineEdit *m_ruleParams;
    QPushButton *m_saveRule;

    AdminTableModel *m_audit;
    QTableView *m_auditView;
    QLineEdit *m_auditActor;
    QPushButton *m_auditMore, *m_auditVerify;
    qint64 m_auditNext = 0; // the next page starts after this entry; 0: no further page
    int m_auditGeneration = 0;

    QSpinBox *m_customerId;
    QPushButton *m_export, *m_erase;
};

} // namespace dc::ui
