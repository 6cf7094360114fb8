// SPDX-License-Identifier: GPL-3.0-or-later
// Composition root: parse the command line, start the backend, then either open the window
// or run headless until SIGTERM/SIGINT.
#include "core/logging.h"
#include "dropcrew/version.h"
#include "mainwindow.h"
#include "runtime/backend.h"
#include "runtime/config.h"
#include "unixsignals.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>
#include <memory>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "dropcrew: %s\n", qPrintable(message));
    return 2;
}

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    auto cl = dc::runtime::parseCommandLine(args);
    if (!cl)
        return fail(cl.error());
    if (cl->action == dc::runtime::CommandLine::Action::AuditVerify) {
        QCoreApplication app(argc, argv); // the keychain's D-Bus jobs need an application
        return dc::runtime::verifyAuditChain(cl->config);
    }
    if (cl->action == dc::runtime::CommandLine::Action::Info) {
        QCoreApplication app(argc, argv); // applicationDirPath() finds a relocated install
        return dc::runtime::printInstallInfo(cl->config);
    }
    if (cl->action != dc::runtime::CommandLine::Action::Run) {
        std::fputs(qPrintable(cl->text), stdout);
        return 0;
    }
    const dc::runtime::Config &config = cl->config;
    if (!config.headless && !hasDisplay())
        return fail(QStringLiteral("no display found; to run the server without a window use: "
                                   "dropcrew --headless"));

    std::unique_ptr<QCoreApplication> app;
    if (config.headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dropcrew"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DROPCREW_VERSION));

    QTranslator translator;
    if (!config.headless && translator.load(QLocale(), QStringLiteral("dropcrew"),
                                            QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    UnixSignals signals_;
    QObject::connect(&signals_, &UnixSignals::terminationRequested, app.get(), [](int sig) {
        qCInfo(lcApp) << "signal" << sig << "received, shutting down";
        QCoreApplication::quit();
    });

    auto backend = dc::runtime::Backend::start(config);
    if (!backend)
        return fail(backend.error());
    if (const QString pw = (*backend)->generatedAdminPassword(); !pw.isEmpty())
        // Written once to the terminal, never to the log.
        std::fprintf(stderr,
                     "dropcrew: created the user \"admin\" with the password %s (shown once; "
                     "set DROPCREW_ADMIN_PASSWORD before the first start to choose it)\n",
                     qPrintable(pw));
    std::fprintf(stdout, "listening on %s\n", qPrintable((*backend)->listenUrl()));
    std::fflush(stdout);

    std::unique_ptr<dc::ui::MainWindow> window;
    if (!config.headless) {
        window = std::make_unique<dc::ui::MainWindow>(**backend);
        window->show();
    }
    const int rc = app->exec();
    window.reset();
    (*backend)->stop();
    qCInfo(lcApp) << "stopped cleanly";
    return rc;
}
