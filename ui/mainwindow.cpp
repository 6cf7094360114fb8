// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "apiclient.h"
#include "eventspage.h"
#include "orderspage.h"
#include "runspage.h"
#include "taskspage.h"
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
#include <QTimer>

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
    addPage(tr("Events"), new EventsPage(*m_api, this));
    addPage(tr("Tasks"), new TasksPage(*m_api, this));
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
    m_healthLabel = new QLabel(this);
    m_healthLabel->setObjectName(QStringLiteral("healthLabel"));
    statusBar()->addWidget(m_healthLabel, 1);
    auto *health = new QTimer(this);
    health->setSingleShot(true);
    health->setInterval(1000); // at most once a second, after task or connection events
    connect(health, &QTimer::timeout, this, &MainWindow::refreshHealth);
    connect(m_api, &ApiClient::eventReceived, health, [health](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if (topic.startsWith(QLatin1String("task.")) || topic.startsWith(QLatin1String("shop")))
            if (!health->isActive())
                health->start();
    });
    refreshHealth();
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

void MainWindow::refreshHealth()
{
    // Shopify (each shop's last call), AliExpress (configured), the task queue.
    auto parts = std::make_shared<QStringList>(QStringList{QString(), QString(), QString()});
    auto show = [this, parts] { m_healthLabel->setText(parts->join(QStringLiteral("   "))); };
    m_api->get(QStringLiteral("/api/shops"), this, [parts, show](const ApiReply &r) {
        int ok = 0, bad = 0;
        for (const QJsonValue &v : r.json.value(QStringLiteral("shops")).toArray()) {
            const QString h = v.toObject().value(QStringLiteral("health")).toString();
            (h.isEmpty() || h == QLatin1String("ok") ? ok : bad)++;
        }
        (*parts)[0] = !r.ok() ? QString()
                      : bad   ? tr("Shopify: %1 shop(s) failing").arg(bad)
                              : tr("Shopify: %1 shop(s) ok").arg(ok);
        show();
    });
    m_api->get(QStringLiteral("/api/integrations/aliexpress"), this,
               [parts, show](const ApiReply &r) {
                   (*parts)[1] = !r.ok() ? QString()
                                 : r.json.value(QStringLiteral("configured")).toBool()
                                     ? tr("AliExpress: configured")
                                     : tr("AliExpress: not configured");
                   show();
               });
    m_api->get(QStringLiteral("/api/tasks/stats"), this, [parts, show](const ApiReply &r) {
        const QJsonObject by = r.json.value(QStringLiteral("by_state")).toObject();
        (*parts)[2] = r.ok() ? tr("Queue: %1 queued, %2 running, %3 dead")
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
