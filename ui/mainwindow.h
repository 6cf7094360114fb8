// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "logindialog.h"
#include "settingspage.h"
#include "setupassistant.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QListWidget;
class QStackedWidget;
class QLabel;
class QSystemTrayIcon;
class QToolButton;

namespace dc::runtime {
class Backend;
}

namespace dc::ui {

class AdminPage;
class AlertsPage;
class ApiClient;
class DashboardPage;
class MappingPage;
class OrdersPage;
class ProductsPage;
class SuppliersPage;
class RunsPage;
class SummaryFeed;
class WorkflowEditor;

// The main window only composes pages: a sidebar selects one page of a stack.
// Pages own their models and talk to the backend through its API, never to SQL.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // On the embedded backend, with its local administrator session.
    explicit MainWindow(runtime::Backend &backend, QWidget *parent = nullptr);
    // On any server through a signed-in client (a remote one: local is empty).
    MainWindow(std::unique_ptr<ApiClient> api, std::optional<LocalServer> local,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page under the sidebar, with its icon (resources/icons); returns its index.
    int addPage(const QString &title, QWidget *page, const QString &icon = {});
    int pageCount() const;
    QString currentPageTitle() const;
    ApiClient &api() { return *m_api; }
    OrdersPage *ordersPage() const { return m_orders; }
    WorkflowEditor *workflowEditor() const { return m_editor; }
    RunsPage *runsPage() const { return m_runs; }
    DashboardPage *dashboardPage() const { return m_dashboard; }
    ProductsPage *productsPage() const { return m_products; }
    MappingPage *mappingPage() const { return m_mapping; }
    SuppliersPage *suppliersPage() const { return m_suppliers; }
    SettingsPage *settingsPage() const { return m_settings; }
    AlertsPage *alertsPage() const { return m_alerts; }
    AdminPage *adminPage() const { return m_admin; }
    // The status bar's badge: the number of open alerts (hidden when none); it opens the page.
    QToolButton *alertBadge() const { return m_alertBadge; }
    // Null where the platform has no system tray (offscreen, some Linux desktops).
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    // The dialog asking to sign in again after a remote session expired (null otherwise).
    LoginDialog *reloginDialog() const { return m_relogin; }
    // File > Connect to a server: a window of its own for a remote server.
    void connectToServer();
    // File > Set up DropCrew: the first-run assistant (one, not modal), at `step` when given.
    SetupAssistant *openSetup(const QString &step = {});
    // At the first start: the assistant opens at the first missing step while the setup is
    // not complete (to those who may change the settings).
    void offerSetup();
    SetupAssistant *setupAssistant() const { return m_setup; }
    // Shows the page with this title (the screenshot script and tests).
    bool showPage(const QString &title);
    void showPageAt(int index);
    QWidget *pageAt(int index) const;
    // The sidebar (its items carry look::SidebarDelegate's badge roles) and what feeds its
    // badges and the dashboard's tiles.
    QListWidget *sidebar() const { return m_sidebar; }
    SummaryFeed *summaryFeed() const { return m_summary; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void build(std::optional<LocalServer> local);
    void buildAlerts();
    void showBadges(const QJsonObject &summary);
    void setBadge(QWidget *page, qint64 count, const QString &tone, const QString &tip);
    SummaryFeed *m_summary = nullptr;
    QWidget *m_tasks = nullptr;
    ApiClient *m_api = nullptr;
    DashboardPage *m_dashboard = nullptr;
    ProductsPage *m_products = nullptr;
    MappingPage *m_mapping = nullptr;
    SuppliersPage *m_suppliers = nullptr;
    SettingsPage *m_settings = nullptr;
    OrdersPage *m_orders = nullptr;
    WorkflowEditor *m_editor = nullptr;
    RunsPage *m_runs = nullptr;
    AlertsPage *m_alerts = nullptr;
    AdminPage *m_admin = nullptr;
    QToolButton *m_alertBadge = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QLabel *m_streamLabel = nullptr;
    QLabel *m_healthLabel = nullptr;
    QLabel *m_userLabel = nullptr;
    QPointer<LoginDialog> m_relogin;
    QPointer<SetupAssistant> m_setup;
    void refreshHealth();
    QListWidget *m_sidebar = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_apiLabel = nullptr;
};

} // namespace dc::ui
