// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "adminpage.h"
#include "alertspage.h"
#include "apiclient.h"
#include "dashboardpage.h"
#include "eventspage.h"
#include "kpitiles.h"
#include "logindialog.h"
#include "look.h"
#include "mappingpage.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "productspage.h"
#include "profitabilitypage.h"
#include "runspage.h"
#include "setupassistant.h"
#include "summaryfeed.h"
#include "supplierspage.h"
#include "taskspage.h"
#include "workfloweditor.h"

#include "runtime/backend.h"
#include "security/auth.h"

#include <QAction>
#include <QCloseEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolButton>

namespace dc::ui {

namespace {

constexpr int kIconRole = Qt::UserRole + 3; // the page's icon name, to follow a theme change

std::unique_ptr<ApiClient> embeddedClient(runtime::Backend &backend)
{
    // The embedded backend is reached like a remote one: through its API, with a local
    // administrator session (renewed when it expires).
    auto api = std::make_unique<ApiClient>(QUrl(backend.listenUrl()));
    auto localSession = [&backend]() -> std::optional<Session> {
        auto t = backend.auth().localAdminSession();
        if (!t)
            return std::nullopt;
        return Session{t->accessToken, t->refreshToken};
    };
    if (auto s = localSession())
        api->setSession(*s);
    api->setSessionRenewer(localSession);
    return api;
}

LocalServer localServer(runtime::Backend &backend)
{
    const runtime::Config &c = backend.config();
    const QString host = c.listenHost.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(c.listenHost.toString())
                             : c.listenHost.toString();
    return {c.iniPath(), c.dataDir, QStringLiteral("%1:%2").arg(host).arg(c.listenPort),
            c.database.toDisplayString(), backend.secrets().description()};
}

} // namespace

MainWindow::MainWindow(runtime::Backend &backend, QWidget *parent)
    : MainWindow(embeddedClient(backend), localServer(backend), parent)
{}

MainWindow::MainWindow(std::unique_ptr<ApiClient> api, std::optional<LocalServer> local,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_api(api.release())
{
    m_api->setParent(this);
    build(std::move(local));
}

void MainWindow::build(std::optional<LocalServer> local)
{
    const bool remote = !local.has_value();
    setWindowTitle(remote ? tr("DropCrew — %1").arg(m_api->baseUrl().host()) : tr("DropCrew"));
    setObjectName(QStringLiteral("MainWindow"));

    auto *splitter = new QSplitter(this);
    m_sidebar = new QListWidget(splitter);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setMaximumWidth(260);
    m_sidebar->setIconSize(QSize(22, 22));
    m_sidebar->setItemDelegate(new look::SidebarDelegate(m_sidebar));
    m_pages = new QStackedWidget(splitter);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_api->subscribe(QStringLiteral("#"));

    m_dashboard = new DashboardPage(*m_api, this);
    addPage(tr("Dashboard"), m_dashboard, QStringLiteral("dashboard"));
    m_orders = new OrdersPage(*m_api, this);
    addPage(tr("Orders"), m_orders, QStringLiteral("orders"));
    m_editor = new WorkflowEditor(*m_api, this);
    addPage(tr("Workflows"), m_editor, QStringLiteral("workflows"));
    m_runs = new RunsPage(*m_api, this);
    addPage(tr("Runs"), m_runs, QStringLiteral("runs"));
    addPage(tr("Events"), new EventsPage(*m_api, this), QStringLiteral("events"));
    m_tasks = new TasksPage(*m_api, this);
    addPage(tr("Tasks"), m_tasks, QStringLiteral("tasks"));
    m_products = new ProductsPage(*m_api, this);
    addPage(tr("Products"), m_products, QStringLiteral("products"));
    m_mapping = new MappingPage(*m_api, this);
    addPage(tr("Mapping"), m_mapping, QStringLiteral("mapping"));
    m_suppliers = new SuppliersPage(*m_api, this);
    addPage(tr("Suppliers"), m_suppliers, QStringLiteral("suppliers"));
    addPage(tr("Profitability"), new ProfitabilityPage(*m_api, this),
            QStringLiteral("profitability"));
    m_settings = new SettingsPage(*m_api, std::move(local), this);
    addPage(tr("Settings"), m_settings, QStringLiteral("settings"));
    m_alerts = new AlertsPage(*m_api, this);
    addPage(tr("Alerts"), m_alerts, QStringLiteral("alerts"));
    m_admin = new AdminPage(*m_api, this);
    addPage(tr("Administration"), m_admin, QStringLiteral("admin"));

    // Badges (held orders, failed runs, dead tasks, open alerts) and the dashboard's tiles.
    m_summary = new SummaryFeed(*m_api, this);
    connect(m_summary, &SummaryFeed::updated, this, &MainWindow::showBadges);
    connect(m_summary, &SummaryFeed::updated, m_dashboard->tiles(), &KpiTiles::setSummary);
    connect(m_dashboard->tiles(), &KpiTiles::activated, this,
            [this](const QString &status, bool today) {
                m_orders->showFiltered(status, today);
                m_sidebar->setCurrentRow(m_pages->indexOf(m_orders));
            });
    m_sidebar->setCurrentRow(0);
    // Wide enough for the longest page title in the current language.
    m_sidebar->setMinimumWidth(m_sidebar->sizeHintForColumn(0) + 2 * m_sidebar->frameWidth() + 8);
    connect(m_settings, &SettingsPage::connectRequested, this, &MainWindow::connectToServer);
    if (remote) {
        // A remote session that cannot be refreshed: sign in again in place, then pick up the
        // live stream and the figures where they were.
        connect(m_api, &ApiClient::sessionExpired, this, [this] {
            if (m_relogin)
                return;
            m_relogin = new LoginDialog(*m_api, this);
            m_relogin->setAttribute(Qt::WA_DeleteOnClose);
            connect(m_relogin, &QDialog::accepted, this, [this] {
                m_api->subscribe(QStringLiteral("#"));
                m_dashboard->reload();
                m_orders->model()->reload();
                m_alerts->reload();
                refreshHealth();
            });
            m_relogin->open();
        });
    }
    m_api->get(QStringLiteral("/api/auth/me"), this, [this](const ApiReply &r) {
        QStringList perms;
        for (const QJsonValue &v : r.json.value(QStringLiteral("permissions")).toArray())
            perms << v.toString();
        m_orders->setPermissions(perms);
        m_products->setPermissions(perms);
        m_mapping->setPermissions(perms);
        m_suppliers->setPermissions(perms);
        m_settings->setPermissions(perms);
        m_admin->setPermissions(perms);
        if (r.ok())
            m_userLabel->setText(tr("Signed in as %1 (%2)")
                                     .arg(r.json.value(QStringLiteral("name")).toString(),
                                          r.json.value(QStringLiteral("role")).toString()));
    });

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *connectAction = fileMenu->addAction(tr("&Connect to a server…"));
    connect(connectAction, &QAction::triggered, this, &MainWindow::connectToServer);
    auto *setupAction = fileMenu->addAction(tr("&Set up DropCrew…"));
    connect(setupAction, &QAction::triggered, this, [this] { openSetup(); });
    fileMenu->addSeparator();
    auto *quit = fileMenu->addAction(remote ? tr("&Close") : tr("&Quit"));
    quit->setShortcut(remote ? QKeySequence::Close : QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_apiLabel = new QLabel(tr("API: %1").arg(m_api->baseUrl().toString()), this);
    statusBar()->addPermanentWidget(m_apiLabel);
    m_userLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_userLabel);
    m_healthLabel = new QLabel(this);
    m_healthLabel->setObjectName(QStringLiteral("healthLabel"));
    // The health line may be longer than the window (several shops, French): it is cut rather
    // than widening the window, and its tooltip says it all.
    m_healthLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_healthLabel->setMinimumWidth(100);
    statusBar()->addWidget(m_healthLabel, 1);
    auto *health = new QTimer(this);
    health->setSingleShot(true);
    health->setInterval(1000); // at most once a second, after task or connection events
    connect(health, &QTimer::timeout, this, &MainWindow::refreshHealth);
    connect(m_api, &ApiClient::eventReceived, health, [health](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if (topic.startsWith(QLatin1String("task.")) || topic.startsWith(QLatin1String("shop")) ||
            topic.startsWith(QLatin1String("secret.")))
            if (!health->isActive())
                health->start();
    });
    refreshHealth();
    m_streamLabel = new QLabel(tr("Live updates: connecting…"), this);
    statusBar()->addPermanentWidget(m_streamLabel);
    connect(m_api, &ApiClient::streamingChanged, this, [this](bool on) {
        m_streamLabel->setText(on ? tr("Live updates: on") : tr("Live updates: reconnecting…"));
    });
    buildAlerts();

    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("ui/geometry")).toByteArray()))
        resize(1100, 700); // first start
    restoreState(s.value(QStringLiteral("ui/state")).toByteArray());
}

SetupAssistant *MainWindow::openSetup(const QString &step)
{
    if (!m_setup) {
        m_setup = new SetupAssistant(*m_api, this);
        m_setup->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_setup, &SetupAssistant::mappingRequested, this, [this] {
            m_mapping->reload();
            m_sidebar->setCurrentRow(m_pages->indexOf(m_mapping));
            raise();
            activateWindow();
        });
    }
    if (!step.isEmpty())
        m_setup->showStep(step);
    m_setup->show();
    m_setup->raise();
    return m_setup;
}

void MainWindow::offerSetup()
{
    m_api->get(QStringLiteral("/api/setup"), this, [this](const ApiReply &r) {
        // 403: not someone who sets the server up.
        if (r.ok() && !r.json.value(QStringLiteral("complete")).toBool())
            openSetup(r.json.value(QStringLiteral("next")).toString());
    });
}

void MainWindow::buildAlerts()
{
    m_alertBadge = new QToolButton(this);
    m_alertBadge->setObjectName(QStringLiteral("alertBadge"));
    m_alertBadge->setAutoRaise(true);
    m_alertBadge->setStyleSheet(QStringLiteral("color: white; background: #c62828; "
                                               "border-radius: 8px; padding: 0 6px;"));
    m_alertBadge->hide();
    statusBar()->addPermanentWidget(m_alertBadge);
    connect(m_alertBadge, &QToolButton::clicked, this, [this] {
        m_alerts->showState(QStringLiteral("open"));
        m_sidebar->setCurrentRow(m_pages->indexOf(m_alerts));
    });
    const auto showCount = [this](int open) {
        m_alertBadge->setText(tr("%n open alert(s)", "", open));
        m_alertBadge->setVisible(open > 0);
        if (m_tray)
            m_tray->setToolTip(tr("DropCrew: %n open alert(s)", "", open));
    };
    connect(m_alerts, &AlertsPage::openCountChanged, this, showCount);
    if (m_alerts->openCount() >= 0)
        showCount(m_alerts->openCount());
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return; // no tray: the badge says it all
    m_tray = new QSystemTrayIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
    m_tray->setToolTip(tr("DropCrew"));
    m_tray->show();
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        raise();
        activateWindow();
        m_sidebar->setCurrentRow(m_pages->indexOf(m_alerts));
    });
    connect(m_alerts, &AlertsPage::alertRaised, this,
            [this](const QString &severity, const QString &subject) {
                m_tray->showMessage(
                    severity == QLatin1String("critical") ? tr("DropCrew: critical alert")
                                                          : tr("DropCrew: alert"),
                    subject,
                    severity == QLatin1String("critical") ? QSystemTrayIcon::Critical
                                                          : QSystemTrayIcon::Warning);
            });
}

void MainWindow::connectToServer()
{
    LoginDialog dialog(QString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto *w = new MainWindow(dialog.takeClient(), std::nullopt);
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->show();
}

MainWindow::~MainWindow() = default;

int MainWindow::addPage(const QString &title, QWidget *page, const QString &icon)
{
    auto *item = new QListWidgetItem(title, m_sidebar);
    if (!icon.isEmpty()) {
        item->setIcon(look::pageIcon(icon));
        item->setData(kIconRole, icon);
    }
    const int index = m_pages->addWidget(page);
    // Ctrl+1..9 jump to the first nine pages.
    if (index < 9) {
        auto *a = new QAction(this);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
        connect(a, &QAction::triggered, this, [this, index] { m_sidebar->setCurrentRow(index); });
        addAction(a);
    }
    return index;
}

int MainWindow::pageCount() const
{
    return m_pages->count();
}

void MainWindow::refreshHealth()
{
    // Shopify (each shop's last call), AliExpress (configured), the task queue.
    auto parts =
        std::make_shared<QStringList>(QStringList{QString(), QString(), QString(), QString()});
    auto show = [this, parts] {
        QStringList shown = *parts;
        shown.removeAll(QString());
        m_healthLabel->setText(shown.join(QStringLiteral("   ")));
        m_healthLabel->setToolTip(shown.join(QLatin1Char('\n')));
    };
    m_api->get(QStringLiteral("/api/shops"), this, [parts, show](const ApiReply &r) {
        int ok = 0, bad = 0, unchecked = 0;
        QStringList modes; // how each shop hears of its orders
        for (const QJsonValue &v : r.json.value(QStringLiteral("shops")).toArray()) {
            const QJsonObject shop = v.toObject();
            const QString h = shop.value(QStringLiteral("health")).toString();
            (h == QLatin1String("ok")                       ? ok
             : h.isEmpty() || h == QLatin1String("unknown") ? unchecked
                                                            : bad)++;
            const QString domain = shop.value(QStringLiteral("domain")).toString();
            modes << (shop.value(QStringLiteral("mode")).toString() == QLatin1String("polling")
                          ? tr("%1: polling").arg(domain)
                          : tr("%1: webhooks").arg(domain));
        }
        (*parts)[0] = !r.ok()     ? QString()
                      : bad       ? tr("Shopify: %1 shop(s) failing").arg(bad)
                      : unchecked ? tr("Shopify: %1 shop(s) not checked yet").arg(unchecked)
                                  : tr("Shopify: %1 shop(s) ok").arg(ok);
        if (r.ok() && !modes.isEmpty())
            (*parts)[0] +=
                QStringLiteral(" (") + modes.join(QStringLiteral(", ")) + QLatin1Char(')');
        show();
    });
    // A service that did not answer its last call is failing, whatever its configuration.
    const auto failing = [](const QJsonObject &o) {
        const QJsonValue last = o.value(QStringLiteral("last_call"));
        return last.isObject() && !last.toObject().value(QStringLiteral("ok")).toBool();
    };
    m_api->get(QStringLiteral("/api/integrations/aliexpress"), this,
               [parts, show, failing](const ApiReply &r) {
                   (*parts)[1] = !r.ok() ? QString()
                                 : !r.json.value(QStringLiteral("configured")).toBool()
                                     ? tr("AliExpress: not configured")
                                 : failing(r.json) ? tr("AliExpress: failing")
                                                   : tr("AliExpress: configured");
                   show();
               });
    m_api->get(QStringLiteral("/api/integrations/llm"), this,
               [parts, show, failing](const ApiReply &r) {
                   const QString model = r.json.value(QStringLiteral("model")).toString();
                   (*parts)[2] = !r.ok() ? QString()
                                 : !r.json.value(QStringLiteral("configured")).toBool()
                                     ? tr("LLM: templates only")
                                 : failing(r.json) ? tr("LLM: %1 failing").arg(model)
                                                   : tr("LLM: %1").arg(model);
                   show();
               });
    m_api->get(QStringLiteral("/api/tasks/stats"), this, [parts, show](const ApiReply &r) {
        const QJsonObject by = r.json.value(QStringLiteral("by_state")).toObject();
        (*parts)[3] = r.ok() ? tr("Queue: %1 queued, %2 running, %3 dead")
                                   .arg(by.value(QStringLiteral("queued")).toInteger())
                                   .arg(by.value(QStringLiteral("running")).toInteger())
                                   .arg(by.value(QStringLiteral("dead")).toInteger())
                             : QString();
        show();
    });
}

bool MainWindow::showPage(const QString &title)
{
    for (int i = 0; i < m_sidebar->count(); ++i)
        if (m_sidebar->item(i)->text() == title) {
            m_sidebar->setCurrentRow(i);
            return true;
        }
    return false;
}

void MainWindow::showPageAt(int index)
{
    m_sidebar->setCurrentRow(index);
}

QWidget *MainWindow::pageAt(int index) const
{
    return m_pages->widget(index);
}

QString MainWindow::currentPageTitle() const
{
    const auto *item = m_sidebar->currentItem();
    return item ? item->text() : QString();
}

void MainWindow::setBadge(QWidget *page, qint64 count, const QString &tone, const QString &tip)
{
    QListWidgetItem *item = m_sidebar->item(m_pages->indexOf(page));
    if (!item)
        return;
    item->setData(look::SidebarDelegate::BadgeRole, count);
    item->setData(look::SidebarDelegate::BadgeToneRole, tone);
    item->setToolTip(count > 0 ? tip : QString());
    // Screen readers hear the count the badge shows.
    item->setData(Qt::AccessibleTextRole,
                  count > 0 ? QStringLiteral("%1, %2").arg(item->text(), tip) : item->text());
}

void MainWindow::showBadges(const QJsonObject &s)
{
    const auto n = [&s](const char *key) { return s.value(QLatin1String(key)).toInteger(); };
    setBadge(m_orders, n("held"), QStringLiteral("on_hold"),
             tr("%n order(s) on hold", nullptr, int(n("held"))));
    setBadge(m_runs, n("failed_runs"), QStringLiteral("failed"),
             tr("%n failed run(s)", nullptr, int(n("failed_runs"))));
    setBadge(m_tasks, n("dead_tasks"), QStringLiteral("dead"),
             tr("%n dead task(s)", nullptr, int(n("dead_tasks"))));
    setBadge(m_alerts, n("open_alerts"), QStringLiteral("open"),
             tr("%n open alert(s)", nullptr, int(n("open_alerts"))));
}

void MainWindow::changeEvent(QEvent *event)
{
    // Light glyphs on a dark theme and back, when the theme changes while the window is open.
    if (event->type() == QEvent::PaletteChange && m_sidebar)
        for (int i = 0; i < m_sidebar->count(); ++i)
            if (const QString icon = m_sidebar->item(i)->data(kIconRole).toString();
                !icon.isEmpty())
                m_sidebar->item(i)->setIcon(look::pageIcon(icon));
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings s;
    s.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    s.setValue(QStringLiteral("ui/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace dc::ui
