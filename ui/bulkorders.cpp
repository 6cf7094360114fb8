// SPDX-License-Identifier: GPL-3.0-or-later
#include "bulkorders.h"

#include "apiclient.h"
#include "look.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace dc::ui {

namespace {
bool closed(const QString &status)
{
    return status == QLatin1String("cancelled") || status == QLatin1String("refunded") ||
           status == QLatin1String("delivered");
}
} // namespace

QString BulkOrdersDialog::skipReason(BulkAction action, const QString &status)
{
    switch (action) {
    case BulkAction::Process:
        return status == QLatin1String("received") || status == QLatin1String("failed")
                   ? QString()
                   : tr("only received or failed orders are processed");
    case BulkAction::Hold:
        return closed(status)                       ? tr("already closed")
               : status == QLatin1String("on_hold") ? tr("already on hold")
                                                    : QString();
    case BulkAction::Release:
        return status == QLatin1String("on_hold") ? QString() : tr("not on hold");
    case BulkAction::Retry:
    case BulkAction::Cancel:
        return closed(status) ? tr("already closed") : QString();
    }
    return {};
}

BulkOrdersDialog::BulkOrdersDialog(ApiClient &api, BulkAction action,
                                   const QList<BulkOrder> &orders, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_action(action)
{
    setObjectName(QStringLiteral("BulkOrdersDialog"));
    for (const BulkOrder &o : orders) {
        const QString why = skipReason(action, o.status);
        if (why.isEmpty())
            m_todo << o;
        else
            m_skipped << tr("%1 (%2): %3").arg(o.name, look::stateLabel(o.status), why);
    }
    const QString verb = action == BulkAction::Process   ? tr("Process")
                         : action == BulkAction::Hold    ? tr("Hold")
                         : action == BulkAction::Release ? tr("Release")
                         : action == BulkAction::Retry   ? tr("Retry")
                                                         : tr("Cancel");
    setWindowTitle(tr("%1 %n order(s)", nullptr, int(orders.size())).arg(verb));
    m_plan = new QLabel(planText(), this);
    m_plan->setObjectName(QStringLiteral("bulkPlan"));
    m_plan->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, std::max(1, int(m_todo.size())));
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m"));
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setPlaceholderText(tr("What the server refuses is listed here."));
    m_log->setPlainText(m_skipped.isEmpty() ? QString()
                                            : tr("Left alone:") + QLatin1Char('\n') +
                                                  m_skipped.join(QLatin1Char('\n')));
    m_buttons = new QDialogButtonBox(this);
    m_start = m_buttons->addButton(tr("%1 %n order(s)", nullptr, int(m_todo.size())).arg(verb),
                                   QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("bulkStart"));
    m_start->setEnabled(!m_todo.isEmpty());
    m_stop = m_buttons->addButton(tr("Stop"), QDialogButtonBox::ActionRole);
    m_stop->setObjectName(QStringLiteral("bulkStop"));
    m_stop->setEnabled(false);
    m_close = m_buttons->addButton(QDialogButtonBox::Close);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_start, &QPushButton::clicked, this, &BulkOrdersDialog::start);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        m_stopping = true; // after the request in flight
        m_stop->setEnabled(false);
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_plan);
    if (action == BulkAction::Cancel) {
        m_reason = new QLineEdit(this);
        m_reason->setObjectName(QStringLiteral("bulkReason"));
        m_reason->setPlaceholderText(tr("Why are these orders cancelled? (kept in each order)"));
        layout->addWidget(m_reason);
        m_start->setEnabled(false);
        connect(m_reason, &QLineEdit::textChanged, this, [this](const QString &t) {
            m_start->setEnabled(!m_running && !m_todo.isEmpty() && !t.trimmed().isEmpty());
        });
    }
    layout->addWidget(m_progress);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_buttons);
    resize(560, 380);
}

QString BulkOrdersDialog::planText() const
{
    const int n = int(m_todo.size());
    QString what;
    switch (m_action) {
    case BulkAction::Process:
        what = tr("%n order(s) start the order processing workflow: each goes to its supplier "
                  "if nothing holds it.",
                  nullptr, n);
        break;
    case BulkAction::Hold:
        what = tr("%n order(s) are held: nothing more is sent to a supplier for them until they "
                  "are released.",
                  nullptr, n);
        break;
    case BulkAction::Release:
        what = tr("%n order(s) are released and go on where they stopped.", nullptr, n);
        break;
    case BulkAction::Retry:
        what = tr("%n order(s) have their failed workflow run retried from the failed step "
                  "(an order without a failed run is refused and listed).",
                  nullptr, n);
        break;
    case BulkAction::Cancel:
        what = tr("%n order(s) are cancelled. A supplier order already placed is not cancelled "
                  "at AliExpress: such orders are held for you instead.",
                  nullptr, n);
        break;
    }
    if (!m_skipped.isEmpty())
        what += QLatin1Char(' ') + tr("%n selected order(s) are left alone (listed below).",
                                      nullptr, int(m_skipped.size()));
    return what;
}

void BulkOrdersDialog::reject()
{
    if (m_running) {
        m_stopping = true;
        m_stop->setEnabled(false);
        return;
    }
    QDialog::reject();
}

QString BulkOrdersDialog::refusals() const
{
    return m_log->toPlainText();
}

void BulkOrdersDialog::start()
{
    if (m_running || m_todo.isEmpty())
        return;
    if (m_reason && m_reason->text().trimmed().isEmpty())
        return;
    m_running = true;
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    m_close->setEnabled(false); // Stop first: a closed dialog would leave the rest unsaid
    if (m_reason)
        m_reason->setReadOnly(true);
    next();
}

void BulkOrdersDialog::next()
{
    if (m_stopping || m_next >= m_todo.size()) {
        m_running = false;
        m_stop->setEnabled(false);
        m_close->setEnabled(true);
        const int left = int(m_todo.size() - m_next);
        m_plan->setText(left > 0 ? tr("Stopped: %1 done, %2 refused, %3 not sent.")
                                       .arg(m_done)
                                       .arg(m_refused)
                                       .arg(left)
                                 : tr("Finished: %1 done, %2 refused.").arg(m_done).arg(m_refused));
        emit completed(m_done, m_refused);
        return;
    }
    const BulkOrder o = m_todo.at(m_next++);
    QByteArray method = "POST";
    QString path;
    QJsonObject body;
    switch (m_action) {
    case BulkAction::Process:
        path = QStringLiteral("/api/orders/%1/process").arg(o.id);
        break;
    case BulkAction::Hold:
    case BulkAction::Release:
        method = "PUT";
        path = QStringLiteral("/api/orders/%1").arg(o.id);
        body.insert(QStringLiteral("status"), m_action == BulkAction::Hold
                                                  ? QStringLiteral("on_hold")
                                                  : QStringLiteral("validated"));
        break;
    case BulkAction::Retry:
        path = QStringLiteral("/api/orders/%1/retry").arg(o.id);
        break;
    case BulkAction::Cancel:
        path = QStringLiteral("/api/orders/%1/cancel").arg(o.id);
        body.insert(QStringLiteral("reason"), m_reason->text().trimmed());
        break;
    }
    m_api.send(method, path, body, this, [this, o](const ApiReply &r) {
        if (r.status == 429) {
            // Sensitive actions are rate limited per user: wait as told, then the same order
            // again (its place in the list is kept), rather than refusing the rest.
            --m_next;
            m_plan->setText(tr("The server asks to slow down: going on in %n second(s)…", nullptr,
                               std::max(1, r.retryAfter)));
            QTimer::singleShot(std::max(1, r.retryAfter) * 1000, this, &BulkOrdersDialog::next);
            return;
        }
        if (r.ok()) {
            ++m_done;
        } else {
            ++m_refused;
            m_log->appendPlainText(tr("%1: refused: %2").arg(o.name, r.error));
        }
        m_progress->setValue(m_done + m_refused);
        next();
    });
}

} // namespace dc::ui
