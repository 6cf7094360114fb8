// SPDX-License-Identifier: GPL-3.0-or-later
#include "unixsignals.h"

#include <QSocketNotifier>

#include <csignal>

#ifdef Q_OS_WIN
#include <QMetaObject>
#include <QPointer>

#include <windows.h>

namespace {
QPointer<UnixSignals> g_instance;

// Runs on a thread of its own that Windows creates: hand the event to the main thread.
BOOL WINAPI onConsoleEvent(DWORD type)
{
    const int sig = type == CTRL_C_EVENT ? SIGINT : SIGTERM;
    if (UnixSignals *s = g_instance)
        QMetaObject::invokeMethod(
            s, [s, sig] { emit s->terminationRequested(sig); }, Qt::QueuedConnection);
    return TRUE;
}
} // namespace

UnixSignals::UnixSignals(QObject *parent)
    : QObject(parent)
{
    g_instance = this;
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

UnixSignals::~UnixSignals()
{
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
}

#else
#include <sys/socket.h>
#include <unistd.h>

namespace {
int g_fds[2] = {-1, -1};

void onSignal(int sig)
{
    const unsigned char b = static_cast<unsigned char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_fds[0], &b, 1);
}
} // namespace

UnixSignals::UnixSignals(QObject *parent)
    : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0)
        qFatal("socketpair failed");
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        unsigned char b = 0;
        if (::read(g_fds[1], &b, 1) == 1)
            emit terminationRequested(b);
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int s : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(s, &sa, nullptr);
    // A client that disconnects mid-write must not kill the server with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
}

UnixSignals::~UnixSignals()
{
    for (int s : {SIGTERM, SIGINT, SIGHUP})
        ::signal(s, SIG_DFL);
    ::close(g_fds[0]);
    ::close(g_fds[1]);
}
#endif
