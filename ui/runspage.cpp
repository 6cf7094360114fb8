// SPDX-License-Identifier: GPL-3.0-or-later
#include "runspage.h"

#include "apiclient.h"
#include "bulkretrydialog.h"
#include "look.h"
#include "payloadtree.h"
#include "workflowgraph.h"
#include "workflows/definition.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace dc::ui {

namespace {
QDateTime when(const QJsonObject &o, const char *field)
{
    return QDateTime::fromString(o.value(QLatin1String(field)).toString(), Qt::ISODateWithMs);
}
QString duration(const QJsonObject &o)
{
    const QDateTime a = when(o, "started_at"), b = when(o, "finished_at");
    if (!a.isValid())
        return {};
    const qint64 ms = a.msecsTo(b.isValid() ? b : QDateTime::currentDateTimeUtc());
    return ms < 10000 ? QStringLiteral("%1 ms").arg(ms) : QStringLiteral("%1 s").arg(ms / 1000);
}
} // namespace

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    if (role == StateRole)
        return index.column() == State ? row->value(QStringLiteral("state")).toString()
                                       : QVariant();
    if (role == Qt::ToolTipRole) // the whole text where the column is too narrow
        return data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole)
        return {};
    const QJsonObject &r = *row;
    switch (index.column()) {
    case Id:
        return r.value(QStringLiteral("id")).toInteger();
    case Version: // null for runs started before versions were kept
        return r.value(QStringLiteral("version")).isDouble()
                   ? QVariant(r.value(QStringLiteral("version")).toInt())
                   : QVariant();
    case State:
        return look::stateLabel(r.value(QStringLiteral("state")).toString());
    case Started:
        return QLocale().toString(when(r, "created_at").toLocalTime(), QLocale::ShortFormat);
    case Duration:
        return duration(r);
    case Failed:
        return r.value(QStringLiteral("failed_step")).toString();
    default:
        return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Id:
        return tr("Run");
    case Version:
        return tr("Version");
    case State:
        return tr("State");
    case Started:
        return tr("Started");
    case Duration:
        return tr("Duration");
    case Failed:
        return tr("Failed step");
    default:
        return {};
    }
}

RunsPage::RunsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("RunsPage"));
    m_workflows = new QComboBox(this);
    m_workflows->setMinimumWidth(240);
    m_model = new RunsModel(this);
    m_view = makeRowTable(m_model, this);
    m_view->setObjectName(QStringLiteral("runsView"));
    m_view->setItemDelegateForColumn(RunsModel::State,
                                     new look::StatusDelegate(JsonTableModel::StateRole, m_view));
    m_graph = new WorkflowGraph(this);
    m_graph->setObjectName(QStringLiteral("runGraph"));
    m_stepDetail = new QTextBrowser(this);
    m_stepDetail->setObjectName(QStringLiteral("stepDetail"));
    // A step's payloads, loaded as they are expanded: a large one is never fetched whole.
    m_payloads = new QTabWidget(this);
    m_input = new PayloadView(m_api, m_payloads);
    m_output = new PayloadView(m_api, m_payloads);
    m_payloads->addTab(m_input, tr("Input"));
    m_payloads->addTab(m_output, tr("Output"));
    m_retry = new QPushButton(tr("Retry from the failed step"), this);
    m_cancel = new QPushButton(tr("Cancel run"), this);
    m_bulkRetry = new QPushButton(tr("Retry failed…"), this);
    m_bulkRetry->setObjectName(QStringLiteral("bulkRetryButton"));
    m_bulkRetry->setToolTip(tr("Retry the failed runs of a workflow, of a step or since a time"));
    m_status = new QLabel(this);
    m_reload = new QTimer(this);
    m_reload->setSingleShot(true);
    m_reload->setInterval(150); // coalesces a burst of step events into one reload
    connect(m_reload, &QTimer::timeout, this, [this] {
        reloadRuns();
        if (m_run > 0)
            showRun(m_run);
    });

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Workflow:"), this));
    top->addWidget(m_workflows);
    top->addStretch(1);
    top->addWidget(m_retry);
    top->addWidget(m_cancel);
    top->addWidget(m_bulkRetry);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_graph);
    right->addWidget(m_stepDetail);
    right->addWidget(m_payloads);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    right->setStretchFactor(2, 2);
    right->setSizes({360, 110, 260}); // the graph first: the splitter shares what is left
    auto *split = new QSplitter(this);
    split->addWidget(m_view);
    split->addWidget(right);
    split->setStretchFactor(1, 2);
    split->setSizes({480, 900}); // the runs' columns readable (started, duration) at first
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    connect(m_workflows, &QComboBox::currentTextChanged, this, &RunsPage::showWorkflow);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &i) {
                if (i.isValid() && m_model->idAt(i.row()) != m_run)
                    showRun(m_model->idAt(i.row()));
            });
    connect(m_graph, &WorkflowGraph::stepSelected, this, &RunsPage::showStepDetail);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_api.send("POST", QStringLiteral("/api/runs/%1/retry").arg(m_run), {}, this,
                   [this](const ApiReply &r) {
                       m_status->setText(r.ok() ? tr("Retrying.") : tr("Refused: %1").arg(r.error));
                   });
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_api.send("POST", QStringLiteral("/api/runs/%1/cancel").arg(m_run), {}, this,
                   [this](const ApiReply &r) {
                       m_status->setText(r.ok() ? tr("Cancelled.")
                                                : tr("Refused: %1").arg(r.error));
                   });
    });
    connect(m_bulkRetry, &QPushButton::clicked, this, &RunsPage::openBulkRetry);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        if (e.value(QStringLiteral("topic")).toString().startsWith(QLatin1String("workflow.")))
            m_reload->start();
    });
    m_api.get(QStringLiteral("/api/workflows"), this, [this](const ApiReply &r) {
        const QString keep = m_workflow;
        const QSignalBlocker b(m_workflows);
        m_workflowList = r.json.value(QStringLiteral("workflows")).toArray();
        for (const QJsonValue &v : std::as_const(m_workflowList))
            m_workflows->addItem(v.toObject().value(QStringLiteral("name")).toString());
        if (!keep.isEmpty())
            m_workflows->setCurrentText(keep);
        else if (m_workflows->count() > 0)
            showWorkflow(m_workflows->currentText());
    });
    m_retry->setEnabled(false);
    m_cancel->setEnabled(false);
}

BulkRetryDialog *RunsPage::openBulkRetry()
{
    auto *dialog = new BulkRetryDialog(m_api, m_workflowList, m_workflow, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BulkRetryDialog::retried, this, [this](const QJsonObject &result) {
        const qsizetype retried = result.value(QStringLiteral("retried")).toArray().size();
        const qsizetype skipped = result.value(QStringLiteral("skipped")).toArray().size();
        m_status->setText(
            skipped == 0 ? tr("Retried %n failed run(s).", "", int(retried))
                         : tr("Retried %1 failed runs; %2 skipped.").arg(retried).arg(skipped));
        reloadRuns();
    });
    dialog->open();
    return dialog;
}

QString RunsPage::statusText() const
{
    return m_status->text();
}

void RunsPage::showWorkflow(const QString &name)
{
    if (name.isEmpty())
        return;
    m_workflow = name;
    {
        const QSignalBlocker b(m_workflows);
        m_workflows->setCurrentText(name);
    }
    m_run = 0;
    m_runJson = {};
    m_model->setRows({});
    m_api.get(QStringLiteral("/api/workflows/%1/definition").arg(name), this,
              [this, name](const ApiReply &r) {
                  auto doc = workflows::parseWorkflowDocument(r.raw, name);
                  m_definition = doc ? *doc : QJsonObject();
                  m_graph->setSteps(m_definition.value(QStringLiteral("steps")).toArray(),
                                    WorkflowGraph::impliedDependencies(m_definition));
                  renderRun();
              });
    reloadRuns();
}

void RunsPage::reloadRuns()
{
    if (m_workflow.isEmpty())
        return;
    m_api.get(QStringLiteral("/api/workflows/%1/runs?limit=200").arg(m_workflow), this,
              [this, wf = m_workflow](const ApiReply &r) {
                  if (wf != m_workflow || !r.ok())
                      return;
                  QList<QJsonObject> runs;
                  for (const QJsonValue &v : r.json.value(QStringLiteral("runs")).toArray())
                      runs << v.toObject();
                  const bool first = m_model->rowCount() == 0;
                  m_model->setRows(runs);
                  if (first && !runs.isEmpty())
                      m_view->resizeColumnsToContents();
                  if (m_run == 0 && !runs.isEmpty())
                      showRun(m_model->idAt(0)); // the newest run, until one is chosen
                  if (m_run > 0 && m_model->rowOf(m_run) >= 0)
                      m_view->selectRow(m_model->rowOf(m_run));
              });
}

void RunsPage::showRun(qint64 id)
{
    m_run = id;
    // Chosen from outside (a link, the screenshots): the list shows which one.
    if (const int row = m_model->rowOf(id); row >= 0 && m_view->currentIndex().row() != row)
        m_view->selectRow(row);
    const int generation = ++m_generation;
    // Without payloads: each step's are read a node at a time when it is shown.
    m_api.get(QStringLiteral("/api/runs/%1?payloads=none").arg(id), this,
              [this, generation](const ApiReply &r) {
                  if (generation != m_generation)
                      return;
                  m_runJson = r.ok() ? r.json : QJsonObject();
                  renderRun();
                  emit runShown(m_run, runState());
              });
}

void RunsPage::renderRun()
{
    QHash<QString, QString> states, notes;
    for (const QJsonValue &v : m_runJson.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString name = s.value(QStringLiteral("name")).toString();
        states.insert(name, s.value(QStringLiteral("state")).toString());
        // Retries show on the node itself: "1200 ms · attempt 3/5".
        const QJsonObject task = s.value(QStringLiteral("task")).toObject();
        const int attempts = task.value(QStringLiteral("attempts")).toInt();
        QString note = duration(s);
        if (attempts > 1)
            note += (note.isEmpty() ? QString() : QStringLiteral(" · ")) +
                    tr("attempt %1/%2")
                        .arg(attempts)
                        .arg(task.value(QStringLiteral("max_attempts")).toInt());
        notes.insert(name, note);
    }
    m_graph->setStepStates(states, notes);
    const QString state = runState();
    m_retry->setEnabled(state == QLatin1String("failed"));
    m_cancel->setEnabled(state == QLatin1String("running") || state == QLatin1String("pending"));
    const QJsonValue version = m_runJson.value(QStringLiteral("version"));
    if (m_run <= 0)
        m_status->setText(QString());
    else if (version.isDouble()) // the definition's version it ran
        m_status->setText(tr("Run %1 (version %2): %3")
                              .arg(m_run)
                              .arg(version.toInt())
                              .arg(look::stateLabel(state)));
    else
        m_status->setText(tr("Run %1: %2").arg(m_run).arg(look::stateLabel(state)));
    // A failed run opens at its failed step, once: the operator's own choice then stays.
    const QString failed = m_runJson.value(QStringLiteral("failed_step")).toString();
    if (m_run > 0 && m_jumpedRun != m_run && state == QLatin1String("failed") &&
        !failed.isEmpty()) {
        m_jumpedRun = m_run;
        m_graph->selectStep(failed);
    }
    showStepDetail(m_graph->selectedStep());
}

void RunsPage::showStepDetail(const QString &step)
{
    QJsonObject def;
    for (const QJsonValue &v : m_definition.value(QStringLiteral("steps")).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == step)
            def = v.toObject();
    for (const QJsonValue &v : m_runJson.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("name")).toString() != step)
            continue;
        const QString state = s.value(QStringLiteral("state")).toString();
        QString h = QStringLiteral("<h3>%1</h3><p>%2 · %3")
                        .arg(step.toHtmlEscaped(), look::chipHtml(state, palette()),
                             duration(s).toHtmlEscaped());
        // Retries and timeouts inline: how many attempts, when the next one is, the limits.
        const QJsonObject task = s.value(QStringLiteral("task")).toObject();
        QStringList facts;
        if (const int attempts = task.value(QStringLiteral("attempts")).toInt(); attempts > 0)
            facts << tr("attempt %1 of %2")
                         .arg(attempts)
                         .arg(task.value(QStringLiteral("max_attempts")).toInt());
        const QDateTime next = QDateTime::fromString(
            task.value(QStringLiteral("next_attempt_at")).toString(), Qt::ISODateWithMs);
        if (next.isValid())
            facts << tr("next attempt at %1")
                         .arg(QLocale().toString(next.toLocalTime(), QLocale::ShortFormat));
        if (const QJsonValue t = def.value(QStringLiteral("timeout")); !t.isUndefined())
            facts << tr("timeout %1").arg(t.toVariant().toString());
        if (!facts.isEmpty())
            h += QStringLiteral(" · ") + facts.join(QStringLiteral(" · ")).toHtmlEscaped();
        h += QStringLiteral("</p>");
        const QString code = task.value(QStringLiteral("error_code")).toString();
        const QString error = s.value(QStringLiteral("error")).toString();
        if (!error.isEmpty() || !code.isEmpty())
            h += QStringLiteral("<p style=\"color:%1\"><b>%2</b> %3</p>")
                     .arg(look::toneColour(look::Tone::Failure, look::isDark(palette())).name(),
                          code.toHtmlEscaped(), error.toHtmlEscaped());
        m_stepDetail->setHtml(h);
        // The payload trees reload only for another step or run (not on every live refresh,
        // which would close what the operator opened).
        if (step != m_shownStep || m_run != m_shownRun || state != m_shownState) {
            m_shownStep = step;
            m_shownRun = m_run;
            m_shownState = state; // a step that finishes while shown gets its output
            m_input->model()->setSource(m_run, step, QStringLiteral("input"));
            m_output->model()->setSource(m_run, step, QStringLiteral("output"));
        }
        return;
    }
    m_stepDetail->clear();
    m_shownStep.clear();
    m_shownRun = 0;
    m_input->model()->setSource(0, QString(), QStringLiteral("input"));
    m_output->model()->setSource(0, QString(), QStringLiteral("output"));
}

} // namespace dc::ui
