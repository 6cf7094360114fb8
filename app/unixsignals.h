// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QObject>

class QSocketNotifier;

// Turns SIGTERM/SIGINT/SIGHUP (on Windows: Ctrl+C, closing the console, logoff, shutdown) into a
// Qt signal on the main thread. A signal handler may only
// call async-signal-safe functions, so it writes one byte into a socket pair that a
// QSocketNotifier watches (the self-pipe pattern).
class UnixSignals : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

signals:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};
