// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop program: the window, on the embedded backend or (--connect) on a remote server's.
// Only this program links the GUI libraries; `dropcrew` hands over to it (see launcher.cpp).
#include "adminpage.h"
#include "apiclient.h"
#include "eventspage.h"
#include "logindialog.h"
#include "look.h"
#include "mainwindow.h"
#include "mappingpage.h"
#include "orderspage.h"
#include "productspage.h"
#include "runspage.h"
#include "runtime/backend.h"
#include "runtime/install.h"
#include "serve.h"
#include "settingspage.h"
#include "setupassistant.h"
#include "taskspage.h"
#include "workfloweditor.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScreen>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>

namespace {

// DROPCREW_SCREENSHOTS=DIR (scripts/screenshots.sh): shows each page in turn, lets it load, saves
// what the window system shows of the window as DIR/<language>[-<theme>]-<n>-<page>.png (the
// theme when DROPCREW_THEME names one), then quits.
void takeScreenshots(dc::ui::MainWindow &w, const QString &dir)
{
    QDir().mkpath(dir);
    w.resize(1440, 860);
    const QString theme = qEnvironmentVariable("DROPCREW_THEME");
    const QString lang =
        QLocale().name().left(2) + (theme.isEmpty() ? QString() : QLatin1Char('-') + theme);
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [&w, dir, lang, step](int i) {
        if (i == w.pageCount()) {
            // Last, the first-run assistant at the mapping step, in its own window.
            dc::ui::SetupAssistant *a = w.openSetup(QStringLiteral("product_mapping"));
            a->resize(1000, 640);
            QTimer::singleShot(2500, a, [a, dir, lang, i] {
                const QString file = QStringLiteral("%1/%2-%3-setup.png").arg(dir, lang).arg(i + 1);
                if (!a->screen()->grabWindow(a->winId()).save(file))
                    std::fprintf(stderr, "dropcrew: cannot write %s\n", qPrintable(file));
                QCoreApplication::quit();
            });
            return;
        }
        w.showPageAt(i);
        QWidget *page = w.pageAt(i);
        if (page == w.ordersPage())
            w.ordersPage()->view()->selectRow(0);
        else if (page == w.workflowEditor())
            w.workflowEditor()->open(QStringLiteral("order_processing_workflow"));
        else if (page == w.runsPage()) {
            // A failed run: the page opens it at its failed step.
            w.runsPage()->showWorkflow(QStringLiteral("order_processing_workflow"));
            QTimer::singleShot(1200, page, [&w] {
                const auto *m = w.runsPage()->model();
                for (int r = 0; r < m->rowCount(); ++r)
                    if (m->row(r).value(QStringLiteral("state")).toString() ==
                        QLatin1String("failed")) {
                        w.runsPage()->showRun(m->idAt(r));
                        break;
                    }
            });
        } else if (auto *tasks = qobject_cast<dc::ui::TasksPage *>(page))
            tasks->showState(QStringLiteral("dead"));
        else if (auto *events = qobject_cast<dc::ui::EventsPage *>(page))
            events->search(QString(), QString());
        else if (page == w.productsPage())
            w.productsPage()->view()->selectRow(0);
        else if (page == w.mappingPage()) {
            // The variant orders wait on first, with the AliExpress product pasted for it.
            w.mappingPage()->unmappedView()->selectRow(0);
            if (auto *product = page->findChild<QLineEdit *>(QStringLiteral("mapProduct")))
                product->setText(QStringLiteral("https://www.aliexpress.com/item/1005001003.html"));
            QTimer::singleShot(800, page, [&w] { w.mappingPage()->lookUp(); });
        } else if (page == w.adminPage()) {
            // The audit log, its chain verified.
            w.adminPage()->tabs()->setCurrentIndex(dc::ui::AdminPage::AuditTab);
            if (auto *verify = page->findChild<QPushButton *>(QStringLiteral("auditVerifyButton")))
                QTimer::singleShot(800, verify, &QPushButton::click);
        } else if (page == w.settingsPage())
            w.settingsPage()->tabs()->setCurrentIndex(1); // the shops
        QTimer::singleShot(2500, &w, [&w, dir, lang, step, i, page] {
            const QPixmap shot = w.screen()->grabWindow(w.winId());
            const QString name = page->objectName().remove(QStringLiteral("Page")).toLower();
            const QString file =
                QStringLiteral("%1/%2-%3-%4.png").arg(dir, lang).arg(i + 1).arg(name);
            if (!shot.save(file))
                std::fprintf(stderr, "dropcrew: cannot write %s\n", qPrintable(file));
            (*step)(i + 1);
        });
    };
    QTimer::singleShot(1500, &w, [step] { (*step)(0); });
}

} // namespace

namespace dc::app {

int runDesktop(int argc, char **argv, const runtime::Config &config)
{
    QApplication app(argc, argv);
    nameApplication();
    // resources/dropcrew.qrc; on Wayland the desktop file names the icon instead.
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/dropcrew-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    QGuiApplication::setDesktopFileName(QStringLiteral("io.dropcrew.DropCrew"));
    // DROPCREW_THEME=light|dark (scripts/screenshots.sh) overrides the saved choice.
    const QString forced = qEnvironmentVariable("DROPCREW_THEME");
    ui::look::applyTheme(forced == QLatin1String("dark")    ? ui::look::Theme::Dark
                         : forced == QLatin1String("light") ? ui::look::Theme::Light
                                                            : ui::look::savedTheme());

    // The window's language: the one chosen in Settings, else the system's.
    QTranslator translator;
    const QString chosen = ui::SettingsPage::savedLanguage();
    // English when the system's language has no translation (plural forms live there).
    const bool loaded =
        (chosen.isEmpty() && translator.load(QLocale(), QStringLiteral("dropcrew"),
                                             QStringLiteral("_"), QStringLiteral(":/i18n"))) ||
        translator.load(QStringLiteral(":/i18n/dropcrew_") +
                        (chosen.isEmpty() ? QStringLiteral("en") : chosen));
    if (loaded)
        QCoreApplication::installTranslator(&translator);
    // A language chosen in Settings brings its numbers and dates with it; otherwise both
    // follow the system.
    if (!chosen.isEmpty())
        QLocale::setDefault(QLocale(chosen));

    if (!config.connectUrl.isEmpty()) {
        // A window on a remote server: no embedded backend, nothing stored here.
        ui::LoginDialog login(config.connectUrl);
        if (login.exec() != QDialog::Accepted)
            return 0;
        ui::MainWindow remote(login.takeClient(), std::nullopt);
        remote.show();
        return app.exec();
    }
    return serve(config, [](runtime::Backend &backend) {
        auto window = std::make_shared<ui::MainWindow>(backend);
        window->show();
        if (const QString dir = qEnvironmentVariable("DROPCREW_SCREENSHOTS"); !dir.isEmpty())
            takeScreenshots(*window, dir);
        else
            window->offerSetup();
        return std::shared_ptr<void>(window);
    });
}

int runInfo(int argc, char **argv, const runtime::Config &config)
{
    QCoreApplication app(argc, argv); // applicationDirPath() finds a relocated install
    return runtime::printInstallInfo(config);
}

} // namespace dc::app
