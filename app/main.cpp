// SPDX-License-Identifier: GPL-3.0-or-later
// Composition root: parse the command line, then run a command, the server without a window
// (--headless) until SIGTERM/SIGINT, or the window (runDesktop).
#include "runtime/backend.h"
#include "runtime/config.h"
#include "serve.h"
#include "setupcli.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

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
        return dc::app::fail(cl.error());
    if (cl->action == dc::runtime::CommandLine::Action::AuditVerify) {
        QCoreApplication app(argc, argv); // the keychain's D-Bus jobs need an application
        return dc::runtime::verifyAuditChain(cl->config);
    }
    if (cl->action == dc::runtime::CommandLine::Action::Setup) {
        QCoreApplication app(argc, argv); // the API calls' event loop
        return dc::app::runSetup(cl->setupArgs, cl->config);
    }
    if (cl->action == dc::runtime::CommandLine::Action::Info)
        return dc::app::runInfo(argc, argv, cl->config);
    if (cl->action != dc::runtime::CommandLine::Action::Run) {
        std::fputs(qPrintable(cl->text), stdout);
        return 0;
    }
    const dc::runtime::Config &config = cl->config;
    if (!config.headless) {
        if (!hasDisplay())
            return dc::app::fail(QStringLiteral("no display found; to run the server without a "
                                                "window use: dropcrew --headless"));
        return dc::app::runDesktop(argc, argv, config);
    }
    QCoreApplication app(argc, argv);
    dc::app::nameApplication();
    return dc::app::serve(config);
}
