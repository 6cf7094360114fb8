// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Settings: the server (address, database, version; for the embedded backend the listen address
// and database of its INI file), the language, Shopify shops and their secrets, AliExpress keys
// and the app's authorisation (aliexpressauth.h) with the tokens' expiry, the LLM endpoint and
// users with their roles. Secrets are sent once to the server, which keeps
// them in its secret store (the keychain on a desktop); they are never shown again.
#include "jsontablemodel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;

namespace dc::ui {

class AliExpressAuthorisation;
class ApiClient;

// What only the embedded backend has: its INI file and where it runs.
struct LocalServer
{
    QString iniPath;
    QString dataDir;
    QString listen;   // "127.0.0.1:8765"
    QString database; // display form, never a password
    QString secrets;  // the secret store's description
};

class ShopsModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Domain, Currency, Active, Health, Reconciled, Secrets, ColumnCount };
    explicit ShopsModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

class UsersModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Username, Role, State, Created, ColumnCount };
    explicit UsersModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    SettingsPage(ApiClient &api, std::optional<LocalServer> local, QWidget *parent = nullptr);
    ~SettingsPage() override;
    void setPermissions(const QStringList &permissions);
    void reload();
    ShopsModel *shopsModel() const { return m_shops; }
    UsersModel *usersModel() const { return m_users; }
    QTabWidget *tabs() const { return m_tabs; }
    AliExpressAuthorisation *aliexpressAuthorisation() const { return m_aeAuth; }
    // The last outcome shown on each tab (tests read them).
    QString status(const QString &tab) const;

    // The language chosen for the next start: "" (the system's), "en" or "fr".
    static QString savedLanguage();

signals:
    void reloaded();
    // "File > Connect to a server" from the Server tab.
    void connectRequested();

private:
    QWidget *makeServerTab(const std::optional<LocalServer> &local);
    QWidget *makeShopsTab();
    QWidget *makeAliExpressTab();
    QWidget *makeLlmTab();
    QWidget *makeUsersTab();
    QLabel *statusLabel(const QString &tab);
    void saveShop();
    void saveAliExpress();
    void saveLlm();
    void saveLocal();
    void addUser();
    void changeUser(const QJsonObject &change);

    ApiClient &m_api;
    std::optional<LocalServer> m_local;
    QTabWidget *m_tabs;
    QLabel *m_serverInfo;
    QLineEdit *m_listen = nullptr;
    QLineEdit *m_database = nullptr;
    QComboBox *m_language;
    ShopsModel *m_shops;
    QTableView *m_shopsView;
    QLineEdit *m_shopDomain, *m_shopCurrency, *m_shopToken, *m_shopSecret;
    QLabel *m_aeState;
    QLineEdit *m_aeKey, *m_aeSecret, *m_aeToken, *m_aeRefresh;
    AliExpressAuthorisation *m_aeAuth;
    QLabel *m_llmState;
    QLineEdit *m_llmUrl, *m_llmModel, *m_llmKey;
    UsersModel *m_users;
    QTableView *m_usersView;
    QLineEdit *m_userName, *m_userPassword;
    QComboBox *m_userRole;
};

} // namespace dc::ui
