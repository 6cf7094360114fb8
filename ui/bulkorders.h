// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One action on many selected orders (process, hold, release, retry, cancel). The dialog first
// says what will happen: how many orders it applies to and which are left alone and why (the
// same rules as the single-order buttons). Started, it sends one request at a time with a
// progress bar, can be stopped between two orders, and lists what the server refused.
#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace dc::ui {

class ApiClient;

struct BulkOrder
{
    qint64 id = 0;
    QString name, status;
};

enum class BulkAction { Process, Hold, Release, Retry, Cancel };

class BulkOrdersDialog : public QDialog
{
    Q_OBJECT
public:
    BulkOrdersDialog(ApiClient &api, BulkAction action, const QList<BulkOrder> &orders,
                     QWidget *parent = nullptr);
    // Why an order is left alone by this action (empty: it applies).
    static QString skipReason(BulkAction action, const QString &status);
    QString planText() const;
    int applicable() const { return int(m_todo.size()); }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QProgressBar *progress() const { return m_progress; }
    QLineEdit *reasonEdit() const { return m_reason; } // null unless cancelling
    int done() const { return m_done; }
    int refused() const { return m_refused; }
    bool running() const { return m_running; }
    QString refusals() const;

signals:
    // Every request answered (or the rest stopped): what was done and refused.
    void completed(int done, int refused);

private:
    void start();
    void next();
    void reject() override; // Escape while running: stop after the request in flight

    ApiClient &m_api;
    BulkAction m_action;
    QList<BulkOrder> m_todo;
    QStringList m_skipped;
    QLabel *m_plan;
    QLineEdit *m_reason = nullptr;
    QProgressBar *m_progress;
    QPlainTextEdit *m_log;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_close;
    QDialogButtonBox *m_buttons;
    qsizetype m_next = 0;
    int m_done = 0, m_refused = 0;
    bool m_running = false, m_stopping = false;
};

} // namespace dc::ui
