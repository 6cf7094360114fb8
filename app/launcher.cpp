// SPDX-License-Identifier: GPL-3.0-or-later
// runDesktop() of the server program: the window lives in dropcrew-desktop, installed beside
// `dropcrew`, so that the server (`dropcrew --headless`) maps none of the GUI libraries (Widgets,
// Gui, Charts, OpenGL, X11, fonts: about 8 MB of its idle memory). The process becomes that
// program with the same arguments (execv: same process id, signals and standard streams), so
// starting `dropcrew` from a menu, a script or a test works as it did with one program.
// `dropcrew info` hands over too: the desktop program checks the whole install.
#include "runtime/install.h"
#include "serve.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <unistd.h>

namespace dc::app {

namespace {

// dropcrew-desktop beside this program; empty when /proc/self/exe cannot say where that is.
std::filesystem::path desktopProgram()
{
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : self.parent_path() / "dropcrew-desktop";
}

// Becomes dropcrew-desktop with the same arguments; returns only when that failed, with why.
QString handOver(char **argv)
{
    const std::filesystem::path desktop = desktopProgram();
    if (desktop.empty())
        return QStringLiteral("cannot find this program's folder");
    ::execv(desktop.c_str(), argv);
    const int err = errno;
    return QString::fromStdString(desktop.string()) + QStringLiteral(": ") +
           QString::fromLocal8Bit(std::strerror(err));
}

} // namespace

int runDesktop(int /*argc*/, char **argv, const runtime::Config & /*config*/)
{
    return fail(QStringLiteral("cannot open the window: %1; to run the server without a window "
                               "use: dropcrew --headless")
                    .arg(handOver(argv)));
}

int runInfo(int argc, char **argv, const runtime::Config &config)
{
    // The window's translations are the desktop program's: it answers for the whole install.
    const QString why = handOver(argv);
    QCoreApplication app(argc, argv);
    std::printf("window: cannot start dropcrew-desktop (%s)\n", qPrintable(why));
    return runtime::printInstallInfo(config); // 1: no translations without the window
}

} // namespace dc::app
