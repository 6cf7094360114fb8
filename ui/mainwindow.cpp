// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "apiclient.h"
#include "orderspage.h"
#include "runspage.h"
#include "workfloweditor.h"

#include "dropcrew/version.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "storage/migrations.h"

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

namespace dc::ui {

MainWindow::MainWindow(runtime::Backend &backend, QWidget *parent)
    : QMainWindow(parent)
    , m_backend(backend)
{
    setWindowTitle(tr("DropCrew"));
    setObjectName(QStringLiteral("MainWindow"));

    auto *splitter = new QSplitter(this);
    m_sidebar = new QListWidget(splitter);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setMaximumWidth(220);
    m_pages = new QStackedWidget(splitter);
    splitter->setStretchFactor(1, 1);
    setCentralWidget(splitter);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    // The embedded backend is reached like a remote one: through its API, with a local
    // administrator session (renewed when it expires).
    m_api = new ApiClient(QUrl(m_backend.listenUrl()), this);
    auto localSession = [this]() -> std::optional<Session> {
        auto t = m_backend.auth().localAdminSession();
        if (!t)
            return std::nullopt;
        return Session{t->accessToken, t->refreshToken};
    };
    if (auto s = localSession())
        m_api->setSession(*s);
    m_api->setSessionRenewer(localSession);
    m_api->subscribe(QStringLiteral("#"));

    addPage(tr("Overview"), makeOverviewPage());
    m_orders = new OrdersPage(*m_api, this);
    addPage(tr("Orders"), m_orders);
    m_editor = new WorkflowEditor(*m_api, this);
    addPage(tr("Workflows"), m_editor);
    m_runs = new RunsPage(*m_api, this);
    addPage(tr("Runs"), m_runs);
    m_sidebar->setCurrentRow(0);
    m_api->get(QStringLiteral("/api/auth/me"), this, [this](const ApiReply &r) {
        QStringList perms;
        for (const QJsonValue &v : r.json.value(QStringLiteral("permissions")).toArray())
            perms << v.toString();
        m_orders->setPermissions(perms);
    });

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    m_apiLabel = new QLabel(tr("API: %1").arg(m_backend.listenUrl()), this);
    statusBar()->addPermanentWidget(m_apiLabel);
    m_streamLabel = new QLabel(tr("Live updates: connecting…"), this);
    statusBar()->addPermanentWidget(m_streamLabel);
    connect(m_api, &ApiClient::streamingChanged, this, [this](bool on) {
        m_streamLabel->setText(on ? tr("Live updates: on") : tr("Live updates: reconnecting…"));
    });

    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("ui/geometry")).toByteArray()))
        resize(1100, 700); // first start
    restoreState(s.value(QStringLiteral("ui/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

int MainWindow::addPage(const QString &title, QWidget *page)
{
    m_sidebar->addItem(title);
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

QWidget *MainWindow::makeOverviewPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("OverviewPage"));
    auto *form = new QFormLayout(page);
    form->addRow(tr("Version:"), new QLabel(QStringLiteral(DROPCREW_VERSION), page));
    form->addRow(tr("API address:"), new QLabel(m_backend.listenUrl(), page));
    form->addRow(tr("Database:"), new QLabel(m_backend.config().database.toDisplayString(), page));
    form->addRow(tr("Schema version:"),
                 new QLabel(QString::number(m_backend.store().schemaVersion()), page));
    form->addRow(tr("Data folder:"), new QLabel(m_backend.config().dataDir, page));
    form->addRow(tr("Secrets:"), new QLabel(m_backend.secrets().description(), page));
    return page;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings s;
    s.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    s.setValue(QStringLiteral("ui/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace dc::ui
