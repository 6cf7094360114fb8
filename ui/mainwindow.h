// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QMainWindow>

class QListWidget;
class QStackedWidget;
class QLabel;

namespace dc::runtime {
class Backend;
}

namespace dc::ui {

class ApiClient;
class OrdersPage;
class RunsPage;
class WorkflowEditor;

// The main window only composes pages: a sidebar selects one page of a stack.
// Pages own their models and talk to backend services, never to SQL.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(runtime::Backend &backend, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page under the sidebar; returns its index.
    int addPage(const QString &title, QWidget *page);
    int pageCount() const;
    QString currentPageTitle() const;
    ApiClient &api() { return *m_api; }
    OrdersPage *ordersPage() const { return m_orders; }
    WorkflowEditor *workflowEditor() const { return m_editor; }
    RunsPage *runsPage() const { return m_runs; }
    // Shows the page with this title (the screenshot script and tests).
    bool showPage(const QString &title);
    void showPageAt(int index);
    QWidget *pageAt(int index) const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *makeOverviewPage();
    runtime::Backend &m_backend;
    ApiClient *m_api = nullptr;
    OrdersPage *m_orders = nullptr;
    WorkflowEditor *m_editor = nullptr;
    RunsPage *m_runs = nullptr;
    QLabel *m_streamLabel = nullptr;
    QLabel *m_healthLabel = nullptr;
    void refreshHealth();
    QListWidget *m_sidebar = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_apiLabel = nullptr;
};

} // namespace dc::ui
