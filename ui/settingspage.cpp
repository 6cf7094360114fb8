// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingspage.h"

#include "aliexpressauth.h"
#include "apiclient.h"
#include "look.h"

#include "runtime/config.h"
#include "storage/databaseurl.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace dc::ui {

namespace {

QString localTime(const QJsonValue &iso)
{
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat)
                       : QStringLiteral("–");
}

// " Last call: …" for a service that has been called since the server started.
QString lastCall(const QJsonObject &o)
{
    const QJsonObject last = o.value(QStringLiteral("last_call")).toObject();
    if (last.isEmpty())
        return {};
    return last.value(QStringLiteral("ok")).toBool()
               ? SettingsPage::tr(" Last call %1: answered.")
                     .arg(localTime(last.value(QStringLiteral("at"))))
               : SettingsPage::tr(" Last call %1 failed: %2")
                     .arg(localTime(last.value(QStringLiteral("at"))),
                          last.value(QStringLiteral("error")).toString());
}

QLineEdit *secretEdit(QWidget *parent, const QString &name)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setEchoMode(QLineEdit::Password);
    e->setPlaceholderText(SettingsPage::tr("unchanged when empty"));
    return e;
}

QLineEdit *plainEdit(QWidget *parent, const QString &name)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    return e;
}

} // namespace

QVariant ShopsModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    QString health = row->value(QStringLiteral("health")).toString();
    if (health == QLatin1String("unknown"))
        health.clear(); // never checked yet: not a failure
    if (role == Qt::ForegroundRole && index.column() == Health && !health.isEmpty() &&
        health != QLatin1String("ok"))
        return QColor(Qt::darkRed);
    if (role == Qt::ToolTipRole && index.column() == Health)
        return row->value(QStringLiteral("health_detail")).toString();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Domain:
        return row->value(QStringLiteral("domain")).toString();
    case Currency:
        return row->value(QStringLiteral("currency")).toString();
    case Active:
        return row->value(QStringLiteral("active")).toBool() ? tr("Active") : tr("Paused");
    case Health:
        return health.isEmpty() ? tr("not checked yet") : health;
    case Reconciled:
        return localTime(row->value(QStringLiteral("last_reconciled_at")));
    case Secrets: {
        QStringList have;
        if (row->value(QStringLiteral("has_webhook_secret")).toBool())
            have << tr("webhook secret");
        if (row->value(QStringLiteral("has_access_token")).toBool())
            have << tr("access token");
        return have.isEmpty() ? tr("none") : have.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QVariant ShopsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Domain:
        return tr("Shop");
    case Currency:
        return tr("Currency");
    case Active:
        return tr("State");
    case Health:
        return tr("Connection");
    case Reconciled:
        return tr("Last reconciled");
    case Secrets:
        return tr("Secrets kept");
    default:
        return {};
    }
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row || role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Username:
        return row->value(QStringLiteral("username")).toString();
    case Role:
        return row->value(QStringLiteral("role")).toString();
    case State:
        return row->value(QStringLiteral("disabled")).toBool() ? tr("Disabled") : tr("Enabled");
    case Created:
        return localTime(row->value(QStringLiteral("created_at")));
    default:
        return {};
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Username:
        return tr("User");
    case Role:
        return tr("Role");
    case State:
        return tr("State");
    case Created:
        return tr("Created");
    default:
        return {};
    }
}

SettingsPage::SettingsPage(ApiClient &api, std::optional<LocalServer> local, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_local(std::move(local))
{
    setObjectName(QStringLiteral("SettingsPage"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->addTab(makeServerTab(m_local), tr("Server"));
    m_tabs->addTab(makeShopsTab(), tr("Shopify shops"));
    m_tabs->addTab(makeAliExpressTab(), tr("AliExpress"));
    m_tabs->addTab(makeLlmTab(), tr("Language model"));
    m_tabs->addTab(makeUsersTab(), tr("Users"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    reload();
}

SettingsPage::~SettingsPage()
{
    // Line edits losing focus while the page is destroyed must not call into it.
    for (QLineEdit *e : findChildren<QLineEdit *>())
        e->disconnect(this);
}

QLabel *SettingsPage::statusLabel(const QString &tab)
{
    auto *l = new QLabel(this);
    l->setObjectName(QStringLiteral("status_") + tab);
    l->setWordWrap(true);
    return l;
}

QString SettingsPage::status(const QString &tab) const
{
    const auto *l = findChild<QLabel *>(QStringLiteral("status_") + tab);
    return l ? l->text() : QString();
}

QString SettingsPage::savedLanguage()
{
    return QSettings().value(QStringLiteral("ui/language")).toString();
}

QWidget *SettingsPage::makeServerTab(const std::optional<LocalServer> &local)
{
    auto *w = new QWidget(this);
    auto *form = new QFormLayout(w);
    m_serverInfo = new QLabel(w);
    m_serverInfo->setObjectName(QStringLiteral("serverInfo"));
    m_serverInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("API address:"), new QLabel(m_api.baseUrl().toString(), w));
    form->addRow(tr("Server:"), m_serverInfo);
    if (local) {
        // The embedded backend's own settings, written to its INI file for the next start.
        form->addRow(tr("Data folder:"), new QLabel(local->dataDir, w));
        form->addRow(tr("Secrets:"), new QLabel(local->secrets, w));
        m_listen = plainEdit(w, QStringLiteral("listen"));
        m_listen->setText(local->listen);
        m_listen->setToolTip(tr("host:port; 0.0.0.0 serves other machines (then use TLS)"));
        m_database = plainEdit(w, QStringLiteral("database"));
        m_database->setText(local->database);
        m_database->setToolTip(tr("sqlite:///path/file.db or postgresql://user@host:5432/name; "
                                  "the password stays in the secret store"));
        form->addRow(tr("Listen address:"), m_listen);
        form->addRow(tr("Database:"), m_database);
        auto *save = new QPushButton(tr("Save for the next start"), w);
        save->setObjectName(QStringLiteral("saveLocal"));
        connect(save, &QPushButton::clicked, this, &SettingsPage::saveLocal);
        form->addRow(QString(), save);
    }
    m_language = new QComboBox(w);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(savedLanguage())));
    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QStringLiteral("ui/language"), m_language->currentData());
        findChild<QLabel *>(QStringLiteral("status_server"))
            ->setText(tr("The language changes at the next start."));
    });
    form->addRow(tr("Language:"), m_language);
    // The theme applies at once; "System" goes back to the platform's palette and style.
    auto *theme = new QComboBox(w);
    theme->setObjectName(QStringLiteral("theme"));
    theme->addItem(tr("Follow the system"), int(look::Theme::System));
    theme->addItem(tr("Light"), int(look::Theme::Light));
    theme->addItem(tr("Dark"), int(look::Theme::Dark));
    theme->setCurrentIndex(std::max(0, theme->findData(int(look::savedTheme()))));
    connect(theme, &QComboBox::currentIndexChanged, this, [theme] {
        const auto t = look::Theme(theme->currentData().toInt());
        look::saveTheme(t);
        look::applyTheme(t);
    });
    form->addRow(tr("Theme:"), theme);
    auto *connectButton = new QPushButton(tr("Connect to another server…"), w);
    connect(connectButton, &QPushButton::clicked, this, &SettingsPage::connectRequested);
    form->addRow(QString(), connectButton);
    form->addRow(statusLabel(QStringLiteral("server")));
    return w;
}

QWidget *SettingsPage::makeShopsTab()
{
    auto *w = new QWidget(this);
    m_shops = new ShopsModel(this);
    m_shopsView = makeRowTable(m_shops, w);
    m_shopDomain = plainEdit(w, QStringLiteral("shopDomain"));
    m_shopDomain->setPlaceholderText(QStringLiteral("my-store.myshopify.com"));
    m_shopCurrency = plainEdit(w, QStringLiteral("shopCurrency"));
    m_shopCurrency->setPlaceholderText(QStringLiteral("EUR"));
    m_shopToken = secretEdit(w, QStringLiteral("shopToken"));
    m_shopSecret = secretEdit(w, QStringLiteral("shopSecret"));
    auto *form = new QFormLayout;
    form->addRow(tr("Domain:"), m_shopDomain);
    form->addRow(tr("Currency:"), m_shopCurrency);
    form->addRow(tr("Admin API access token:"), m_shopToken);
    form->addRow(tr("Webhook signing secret:"), m_shopSecret);
    auto *save = new QPushButton(tr("Add or update the shop"), w);
    save->setObjectName(QStringLiteral("saveShop"));
    auto *reconcile = new QPushButton(tr("Reconcile now"), w);
    reconcile->setToolTip(tr("Fetch the orders updated since the last sync, in case a webhook "
                             "was missed"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(save);
    buttons->addWidget(reconcile);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(m_shopsView, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(statusLabel(QStringLiteral("shops")));
    connect(save, &QPushButton::clicked, this, &SettingsPage::saveShop);
    connect(m_shopsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &i) {
                const QJsonObject s = m_shops->row(i.row());
                m_shopDomain->setText(s.value(QStringLiteral("domain")).toString());
                m_shopCurrency->setText(s.value(QStringLiteral("currency")).toString());
            });
    connect(reconcile, &QPushButton::clicked, this, [this] {
        const QString domain = m_shopDomain->text().trimmed();
        if (domain.isEmpty())
            return;
        m_api.send("POST", QStringLiteral("/api/shops/%1/reconcile").arg(domain), {}, this,
                   [this, domain](const ApiReply &r) {
                       findChild<QLabel *>(QStringLiteral("status_shops"))
                           ->setText(r.ok() ? tr("Reconciliation of %1 started.").arg(domain)
                                            : tr("Refused: %1").arg(r.error));
                   });
    });
    return w;
}

QWidget *SettingsPage::makeAliExpressTab()
{
    auto *w = new QWidget(this);
    m_aeState = new QLabel(w);
    m_aeState->setObjectName(QStringLiteral("aliexpressState"));
    m_aeKey = plainEdit(w, QStringLiteral("aeKey"));
    m_aeSecret = secretEdit(w, QStringLiteral("aeSecret"));
    m_aeToken = secretEdit(w, QStringLiteral("aeToken"));
    m_aeRefresh = secretEdit(w, QStringLiteral("aeRefresh"));
    m_aeSecret->setPlaceholderText(tr("required"));
    for (QLineEdit *e : {m_aeToken, m_aeRefresh})
        e->setPlaceholderText(tr("optional: Authorise… gets them"));
    m_aeAuth = new AliExpressAuthorisation(m_api, w);
    connect(m_aeAuth, &AliExpressAuthorisation::authorised, this, &SettingsPage::reload);
    auto *form = new QFormLayout(w);
    form->addRow(m_aeState);
    form->addRow(tr("App key:"), m_aeKey);
    form->addRow(tr("App secret:"), m_aeSecret);
    form->addRow(tr("Access token:"), m_aeToken);
    form->addRow(tr("Refresh token:"), m_aeRefresh);
    auto *save = new QPushButton(tr("Save the keys"), w);
    save->setObjectName(QStringLiteral("saveAliExpress"));
    connect(save, &QPushButton::clicked, this, &SettingsPage::saveAliExpress);
    form->addRow(QString(), save);
    form->addRow(statusLabel(QStringLiteral("aliexpress")));
    form->addRow(m_aeAuth);
    return w;
}

QWidget *SettingsPage::makeLlmTab()
{
    auto *w = new QWidget(this);
    m_llmState = new QLabel(w);
    m_llmState->setObjectName(QStringLiteral("llmState"));
    m_llmUrl = plainEdit(w, QStringLiteral("llmUrl"));
    m_llmUrl->setPlaceholderText(tr("empty: product texts from templates"));
    m_llmModel = plainEdit(w, QStringLiteral("llmModel"));
    m_llmKey = secretEdit(w, QStringLiteral("llmKey"));
    auto *form = new QFormLayout(w);
    form->addRow(m_llmState);
    form->addRow(tr("Server URL (OpenAI-compatible):"), m_llmUrl);
    form->addRow(tr("Model:"), m_llmModel);
    form->addRow(tr("API key:"), m_llmKey);
    auto *save = new QPushButton(tr("Save the endpoint"), w);
    save->setObjectName(QStringLiteral("saveLlm"));
    connect(save, &QPushButton::clicked, this, &SettingsPage::saveLlm);
    form->addRow(QString(), save);
    form->addRow(statusLabel(QStringLiteral("llm")));
    return w;
}

QWidget *SettingsPage::makeUsersTab()
{
    auto *w = new QWidget(this);
    m_users = new UsersModel(this);
    m_usersView = makeRowTable(m_users, w);
    m_userName = plainEdit(w, QStringLiteral("userName"));
    m_userName->setPlaceholderText(tr("user name"));
    m_userPassword = plainEdit(w, QStringLiteral("userPassword"));
    m_userPassword->setEchoMode(QLineEdit::Password);
    m_userPassword->setPlaceholderText(tr("password (12 characters or more)"));
    m_userRole = new QComboBox(w);
    m_userRole->setObjectName(QStringLiteral("userRole"));
    for (const auto &[key, label] :
         {std::pair{"viewer", tr("Viewer (read only)")}, std::pair{"operator", tr("Operator")},
          std::pair{"agent", tr("Agent (remote agents)")}, std::pair{"admin", tr("Administrator")}})
        m_userRole->addItem(label, QString::fromLatin1(key));
    m_userRole->setCurrentIndex(1);
    auto *add = new QPushButton(tr("Add user"), w);
    add->setObjectName(QStringLiteral("addUser"));
    auto *setRole = new QPushButton(tr("Give the selected user this role"), w);
    setRole->setObjectName(QStringLiteral("setRole"));
    auto *setPassword = new QPushButton(tr("Set the selected user's password"), w);
    auto *toggle = new QPushButton(tr("Disable / enable"), w);
    toggle->setObjectName(QStringLiteral("toggleUser"));
    auto *fields = new QHBoxLayout;
    fields->addWidget(m_userName, 1);
    fields->addWidget(m_userPassword, 1);
    fields->addWidget(m_userRole);
    fields->addWidget(add);
    auto *actions = new QHBoxLayout;
    actions->addWidget(setRole);
    actions->addWidget(setPassword);
    actions->addWidget(toggle);
    actions->addStretch(1);
    auto *layout = new QVBoxLayout(w);
    layout->addWidget(m_usersView, 1);
    layout->addLayout(fields);
    layout->addLayout(actions);
    layout->addWidget(statusLabel(QStringLiteral("users")));
    connect(add, &QPushButton::clicked, this, &SettingsPage::addUser);
    connect(setRole, &QPushButton::clicked, this, [this] {
        changeUser({{QStringLiteral("role"), m_userRole->currentData().toString()}});
    });
    connect(setPassword, &QPushButton::clicked, this, [this] {
        changeUser({{QStringLiteral("password"), m_userPassword->text()}});
        m_userPassword->clear();
    });
    connect(toggle, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_usersView->currentIndex();
        if (i.isValid())
            changeUser({{QStringLiteral("disabled"),
                         !m_users->row(i.row()).value(QStringLiteral("disabled")).toBool()}});
    });
    return w;
}

void SettingsPage::setPermissions(const QStringList &permissions)
{
    const bool settings = permissions.contains(QStringLiteral("settings.manage"));
    for (int i : {1, 2, 3})
        m_tabs->setTabEnabled(i, settings);
    m_tabs->setTabEnabled(4, permissions.contains(QStringLiteral("users.manage")));
    if (m_listen)
        m_listen->setEnabled(settings);
    if (m_database)
        m_database->setEnabled(settings);
    reload();
}

void SettingsPage::reload()
{
    m_api.get(QStringLiteral("/api/health"), this, [this](const ApiReply &r) {
        m_serverInfo->setText(r.status
                                  ? tr("DropCrew %1 on %2, status %3")
                                        .arg(r.json.value(QStringLiteral("version")).toString(),
                                             r.json.value(QStringLiteral("database")).toString(),
                                             r.json.value(QStringLiteral("status")).toString())
                                  : tr("unreachable: %1").arg(r.error));
    });
    if (m_tabs->isTabEnabled(1)) {
        m_api.get(QStringLiteral("/api/shops"), this, [this](const ApiReply &r) {
            if (!r.ok())
                return;
            QList<QJsonObject> rows;
            for (const QJsonValue &v : r.json.value(QStringLiteral("shops")).toArray())
                rows << v.toObject();
            m_shops->setRows(rows);
            m_shopsView->resizeColumnsToContents();
        });
        m_api.get(QStringLiteral("/api/integrations/aliexpress"), this, [this](const ApiReply &r) {
            if (!r.ok())
                return;
            const QJsonObject o = r.json;
            m_aeKey->setText(o.value(QStringLiteral("app_key")).toString());
            QString state;
            if (o.value(QStringLiteral("needs_authorization")).toBool())
                state = o.value(QStringLiteral("has_app_secret")).toBool()
                            ? tr("Not authorised: click Authorise… below; supplier orders "
                                 "cannot be placed.")
                            : tr("Not configured: supplier orders cannot be placed.");
            else if (o.value(QStringLiteral("refresh_expires_at")).isString())
                state = tr("Configured. Access token valid until %1 (renewed ahead of time), "
                           "renewable until %2.")
                            .arg(localTime(o.value(QStringLiteral("access_expires_at"))),
                                 localTime(o.value(QStringLiteral("refresh_expires_at"))));
            else
                state = tr("Configured. Access token valid until %1.")
                            .arg(localTime(o.value(QStringLiteral("access_expires_at"))));
            m_aeState->setText(state + lastCall(o));
        });
        m_api.get(QStringLiteral("/api/integrations/llm"), this, [this](const ApiReply &r) {
            if (!r.ok())
                return;
            const QJsonObject o = r.json;
            m_llmUrl->setText(o.value(QStringLiteral("url")).toString());
            m_llmModel->setText(o.value(QStringLiteral("model")).toString());
            const QString source =
                o.value(QStringLiteral("source")).toString() == QLatin1String("api")
                    ? tr("set here")
                    : tr("from the settings file");
            m_llmState->setText(o.value(QStringLiteral("configured")).toBool()
                                    ? tr("Product texts are written by %1 (%2); API key: %3.")
                                          .arg(o.value(QStringLiteral("model")).toString(), source,
                                               o.value(QStringLiteral("has_api_key")).toBool()
                                                   ? tr("kept")
                                                   : tr("none"))
                                    : tr("No model: product texts come from templates."));
            m_llmState->setText(m_llmState->text() + lastCall(o));
        });
    }
    if (m_tabs->isTabEnabled(4)) {
        m_api.get(QStringLiteral("/api/users"), this, [this](const ApiReply &r) {
            if (!r.ok())
                return;
            QList<QJsonObject> rows;
            for (const QJsonValue &v : r.json.value(QStringLiteral("users")).toArray())
                rows << v.toObject();
            m_users->setRows(rows);
            m_usersView->resizeColumnsToContents();
            emit reloaded();
        });
    } else {
        emit reloaded();
    }
}

void SettingsPage::saveShop()
{
    auto *status = findChild<QLabel *>(QStringLiteral("status_shops"));
    const QString domain = m_shopDomain->text().trimmed().toLower();
    if (domain.isEmpty()) {
        status->setText(tr("The shop's domain is needed."));
        return;
    }
    QJsonObject body;
    if (const QString c = m_shopCurrency->text().trimmed().toUpper(); !c.isEmpty())
        body.insert(QStringLiteral("currency"), c);
    if (!m_shopToken->text().isEmpty())
        body.insert(QStringLiteral("access_token"), m_shopToken->text());
    if (!m_shopSecret->text().isEmpty())
        body.insert(QStringLiteral("webhook_secret"), m_shopSecret->text());
    m_api.send("PUT",
               QStringLiteral("/api/shops/") + QString::fromLatin1(QUrl::toPercentEncoding(domain)),
               body, this, [this, status, domain](const ApiReply &r) {
                   if (!r.ok()) {
                       status->setText(tr("Not saved: %1").arg(r.error));
                       return;
                   }
                   m_shopToken->clear();
                   m_shopSecret->clear();
                   status->setText(tr("Shop %1 saved; its secrets are in the server's secret "
                                      "store.")
                                       .arg(domain));
                   reload();
               });
}

void SettingsPage::saveAliExpress()
{
    auto *status = findChild<QLabel *>(QStringLiteral("status_aliexpress"));
    QJsonObject body{{QStringLiteral("app_key"), m_aeKey->text().trimmed()},
                     {QStringLiteral("app_secret"), m_aeSecret->text()}};
    if (!m_aeToken->text().isEmpty())
        body.insert(QStringLiteral("access_token"), m_aeToken->text());
    if (!m_aeRefresh->text().isEmpty())
        body.insert(QStringLiteral("refresh_token"), m_aeRefresh->text());
    m_api.send("PUT", QStringLiteral("/api/integrations/aliexpress"), body, this,
               [this, status](const ApiReply &r) {
                   if (!r.ok()) {
                       status->setText(tr("Not saved: %1").arg(r.error));
                       return;
                   }
                   for (QLineEdit *e : {m_aeSecret, m_aeToken, m_aeRefresh})
                       e->clear();
                   status->setText(tr("AliExpress keys saved in the server's secret store."));
                   reload();
               });
}

void SettingsPage::saveLlm()
{
    auto *status = findChild<QLabel *>(QStringLiteral("status_llm"));
    QJsonObject body{{QStringLiteral("url"), m_llmUrl->text().trimmed()},
                     {QStringLiteral("model"), m_llmModel->text().trimmed()}};
    if (!m_llmKey->text().isEmpty())
        body.insert(QStringLiteral("api_key"), m_llmKey->text());
    m_api.send("PUT", QStringLiteral("/api/integrations/llm"), body, this,
               [this, status](const ApiReply &r) {
                   if (!r.ok()) {
                       status->setText(tr("Not saved: %1").arg(r.error));
                       return;
                   }
                   m_llmKey->clear();
                   status->setText(tr("Language model endpoint saved."));
                   reload();
               });
}

void SettingsPage::saveLocal()
{
    auto *status = findChild<QLabel *>(QStringLiteral("status_server"));
    if (!m_local)
        return;
    // The same checks as at start, so the next start cannot fail on what is written here.
    const auto listen = runtime::parseListen(m_listen->text().trimmed());
    if (!listen) {
        status->setText(tr("Listen address: %1").arg(listen.error()));
        return;
    }
    const auto db = storage::DatabaseUrl::parse(m_database->text().trimmed());
    if (!db) {
        status->setText(tr("Database: %1").arg(db.error()));
        return;
    }
    QSettings ini(m_local->iniPath, QSettings::IniFormat);
    ini.setValue(QStringLiteral("general/listen"), m_listen->text().trimmed());
    ini.setValue(QStringLiteral("general/database"), m_database->text().trimmed());
    ini.sync();
    status->setText(ini.status() == QSettings::NoError
                        ? tr("Saved to %1; used at the next start.").arg(m_local->iniPath)
                        : tr("Cannot write %1.").arg(m_local->iniPath));
}

void SettingsPage::addUser()
{
    auto *status = findChild<QLabel *>(QStringLiteral("status_users"));
    const QString name = m_userName->text().trimmed();
    m_api.send("POST", QStringLiteral("/api/users"),
               {{QStringLiteral("username"), name},
                {QStringLiteral("password"), m_userPassword->text()},
                {QStringLiteral("role"), m_userRole->currentData().toString()}},
               this, [this, status, name](const ApiReply &r) {
                   if (!r.ok()) {
                       status->setText(tr("Not added: %1").arg(r.error));
                       return;
                   }
                   m_userName->clear();
                   m_userPassword->clear();
                   status->setText(tr("User %1 added.").arg(name));
                   reload();
               });
}

void SettingsPage::changeUser(const QJsonObject &change)
{
    auto *status = findChild<QLabel *>(QStringLiteral("status_users"));
    const QModelIndex i = m_usersView->currentIndex();
    if (!i.isValid()) {
        status->setText(tr("Select a user first."));
        return;
    }
    const QJsonObject user = m_users->row(i.row());
    m_api.send("PATCH",
               QStringLiteral("/api/users/%1").arg(user.value(QStringLiteral("id")).toInteger()),
               change, this,
               [this, status,
                name = user.value(QStringLiteral("username")).toString()](const ApiReply &r) {
                   status->setText(r.ok() ? tr("User %1 changed.").arg(name)
                                          : tr("Refused: %1").arg(r.error));
                   reload();
               });
}

} // namespace dc::ui
