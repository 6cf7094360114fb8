// SPDX-License-Identifier: GPL-3.0-or-later
#include "bulkretrydialog.h"

#include "apiclient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

namespace dc::ui {

BulkRetryDialog::BulkRetryDialog(ApiClient &api, const QJsonArray &workflows,
                                 const QString &current, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_workflows(workflows)
{
    setWindowTitle(tr("Retry failed runs"));
    setObjectName(QStringLiteral("BulkRetryDialog"));
    m_workflow = new QComboBox(this);
    m_workflow->addItem(tr("Any workflow"), QString());
    for (const QJsonValue &w : workflows) {
        const QString name = w.toObject().value(QStringLiteral("name")).toString();
        m_workflow->addItem(name, name);
    }
    m_workflow->setCurrentIndex(std::max(0, m_workflow->findData(current)));
    m_step = new QComboBox(this);
    m_step->setEditable(true);
    m_step->setInsertPolicy(QComboBox::NoInsert);
    m_step->lineEdit()->setPlaceholderText(tr("Any step"));
    m_useSince = new QCheckBox(tr("Failed since"), this);
    m_since = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), this);
    m_since->setCalendarPopup(true);
    m_since->setEnabled(false);
    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("bulkRetryPreview"));
    m_preview->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_retry = buttons->addButton(tr("Retry"), QDialogButtonBox::AcceptRole);
    m_retry->setEnabled(false);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250); // one dry run for a burst of typing
    connect(m_debounce, &QTimer::timeout, this, &BulkRetryDialog::refreshPreview);

    auto *since = new QHBoxLayout;
    since->addWidget(m_useSince);
    since->addWidget(m_since, 1);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Workflow:"), m_workflow);
    form->addRow(tr("Failed step:"), m_step);
    form->addRow(since);
    form->addRow(m_preview);
    form->addRow(buttons);

    const auto changed = [this] {
        m_count = -1;
        m_retry->setEnabled(false);
        m_debounce->start();
    };
    connect(m_workflow, &QComboBox::currentIndexChanged, this, [this, changed] {
        fillSteps();
        changed();
    });
    connect(m_step, &QComboBox::currentTextChanged, this, changed);
    connect(m_useSince, &QCheckBox::toggled, this, [this, changed](bool on) {
        m_since->setEnabled(on);
        changed();
    });
    connect(m_since, &QDateTimeEdit::dateTimeChanged, this, changed);
    connect(buttons, &QDialogButtonBox::accepted, this, &BulkRetryDialog::retry);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    fillSteps();
    refreshPreview();
}

QString BulkRetryDialog::previewText() const
{
    return m_preview->text();
}

QJsonObject BulkRetryDialog::filter() const
{
    QJsonObject f;
    if (const QString w = m_workflow->currentData().toString(); !w.isEmpty())
        f.insert(QStringLiteral("workflow"), w);
    if (const QString s = m_step->currentText().trimmed(); !s.isEmpty())
        f.insert(QStringLiteral("step"), s);
    if (m_useSince->isChecked())
        f.insert(QStringLiteral("since"), m_since->dateTime().toUTC().toString(Qt::ISODateWithMs));
    return f;
}

// The chosen workflow's steps (every workflow's for any), keeping what was typed.
void BulkRetryDialog::fillSteps()
{
    const QString typed = m_step->currentText();
    const QString workflow = m_workflow->currentData().toString();
    QStringList steps;
    for (const QJsonValue &w : std::as_const(m_workflows)) {
        const QJsonObject o = w.toObject();
        if (!workflow.isEmpty() && o.value(QStringLiteral("name")).toString() != workflow)
            continue;
        for (const QJsonValue &s : o.value(QStringLiteral("steps")).toArray())
            if (const QString n = s.toObject().value(QStringLiteral("name")).toString();
                !steps.contains(n))
                steps << n;
    }
    steps.sort();
    const QSignalBlocker b(m_step);
    m_step->clear();
    m_step->addItem(QString());
    m_step->addItems(steps);
    m_step->setCurrentText(typed);
}

void BulkRetryDialog::refreshPreview()
{
    const int generation = ++m_generation;
    QJsonObject body = filter();
    if (body.isEmpty()) {
        m_preview->setText(tr("Choose a workflow, a step or a time."));
        return;
    }
    m_preview->setText(tr("Counting…"));
    body.insert(QStringLiteral("dry_run"), true);
    m_api.send(
        "POST", QStringLiteral("/api/runs/retry"), body, this,
        [this, generation](const ApiReply &r) {
            if (generation != m_generation)
                return; // the filter changed meanwhile
            if (!r.ok()) {
                m_preview->setText(tr("Refused: %1").arg(r.error));
                return;
            }
            m_count = r.json.value(QStringLiteral("matched")).toInteger();
            const qsizetype taken = r.json.value(QStringLiteral("retried")).toArray().size();
            QString text = tr("%n failed run(s) match.", "", int(m_count));
            if (taken < m_count)
                text += QLatin1Char(' ') +
                        tr("The oldest %1 are retried now; retry again for the rest.").arg(taken);
            m_preview->setText(text);
            m_retry->setEnabled(m_count > 0);
        });
}

void BulkRetryDialog::retry()
{
    const QJsonObject body = filter();
    if (body.isEmpty())
        return;
    m_retry->setEnabled(false);
    ++m_generation; // a dry run still under way says nothing any more
    m_preview->setText(tr("Retrying…"));
    m_api.send("POST", QStringLiteral("/api/runs/retry"), body, this, [this](const ApiReply &r) {
        if (!r.ok()) {
            m_preview->setText(tr("Refused: %1").arg(r.error));
            m_retry->setEnabled(m_count > 0);
            return;
        }
        emit retried(r.json);
        accept();
    });
}

} // namespace dc::ui
