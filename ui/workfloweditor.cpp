// SPDX-License-Identifier: GPL-3.0-or-later
#include "workfloweditor.h"

#include "apiclient.h"
#include "dryrundialog.h"
#include "events/topics.h"
#include "look.h"
#include "workflowgraph.h"
#include "workflows/cron.h"
#include "workflows/definition.h"
#include "workflowversions.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimeZone>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <optional>
#include <utility>

namespace dc::ui {

namespace {

constexpr auto kJsonMime = "application/json";
constexpr int kMaxStepName = 64; // the loader's limit

// A scalar as the panel shows it: "" when absent, 30 as "30".
QString scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

// Writes a text field: removed when empty. A text shown unchanged keeps the value as written
// (a number stays a number), so an untouched field never changes the document.
void putText(QJsonObject &o, const QString &key, const QString &text)
{
    if (text == scalarText(o.value(key)))
        return;
    if (text.isEmpty())
        o.remove(key);
    else
        o.insert(key, text);
}

// A setting with a default (timezone: UTC): left out unless it differs or was written already.
void putSetting(QJsonObject &o, const QString &key, const QString &text, const QString &def)
{
    if (text == scalarText(o.value(key)))
        return;
    if (text.isEmpty() || (text == def && !o.contains(key)))
        o.remove(key);
    else
        o.insert(key, text);
}

// An undefined or null value removes the key.
void putValue(QJsonObject &o, const QString &key, const QJsonValue &v)
{
    if (o.value(key) == v)
        return;
    if (v.isUndefined() || v.isNull())
        o.remove(key);
    else
        o.insert(key, v);
}

// A duration field's value as the loader reads durations (500ms, 30s, 5m, 2h or seconds);
// nullopt when the text is none of these. Unchanged text keeps the value as written; an empty
// one removes it (undefined).
std::optional<QJsonValue> durationValue(const QString &text, const QJsonValue &current)
{
    if (text == scalarText(current))
        return current;
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    static const QRegularExpression re(QStringLiteral("^[0-9]{1,9}(ms|s|m|h)?$"));
    if (!re.match(text).hasMatch())
        return std::nullopt;
    // Plain seconds stay a number, as people write them (timeout: 30).
    bool seconds = false;
    const qint64 n = text.toLongLong(&seconds);
    return seconds ? QJsonValue(double(n)) : QJsonValue(text);
}

// depends_on as written: one name or a list of them.
QStringList dependsOn(const QJsonObject &step)
{
    const QJsonValue v = step.value(QStringLiteral("depends_on"));
    if (v.isString())
        return {v.toString()};
    QStringList out;
    for (const QJsonValue &d : v.toArray())
        out << d.toString();
    return out;
}

void setDependsOn(QJsonObject &step, const QStringList &deps)
{
    if (deps.isEmpty())
        step.remove(QStringLiteral("depends_on"));
    else
        step.insert(QStringLiteral("depends_on"), QJsonArray::fromStringList(deps));
}

// As the loader reads a trigger: an event, else a schedule, else manual.
QString triggerKind(const QJsonObject &trigger)
{
    if (trigger.contains(QStringLiteral("event")))
        return QStringLiteral("event");
    if (trigger.contains(QStringLiteral("schedule")))
        return QStringLiteral("schedule");
    return QStringLiteral("manual");
}

// Shows a text in a combo box. A value the list lacks (an agent this server does not know) is
// added, never left showing another one.
void setComboText(QComboBox *box, const QString &text)
{
    int i = text.isEmpty() ? -1 : box->findText(text);
    if (i < 0 && !text.isEmpty()) {
        box->addItem(text);
        i = box->count() - 1;
    }
    box->setCurrentIndex(i);
}

// The same by item data (on_error: "fail"; backoff: "fixed").
void setComboData(QComboBox *box, const QString &value)
{
    int i = box->findData(value);
    if (i < 0) {
        box->addItem(value, value);
        i = box->count() - 1;
    }
    box->setCurrentIndex(i);
}

} // namespace

// One edit: the document before and after (documents are small; snapshots keep undo exact).
class DocumentCommand : public QUndoCommand
{
public:
    DocumentCommand(WorkflowEditor *editor, QJsonObject before, QJsonObject after,
                    const QString &text)
        : QUndoCommand(text)
        , m_editor(editor)
        , m_before(std::move(before))
        , m_after(std::move(after))
    {}
    void undo() override { m_editor->apply(m_before); }
    void redo() override { m_editor->apply(m_after); }

private:
    WorkflowEditor *m_editor;
    QJsonObject m_before, m_after;
};

WorkflowEditor::WorkflowEditor(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_undo(new QUndoStack(this))
{
    setObjectName(QStringLiteral("WorkflowEditor"));
    m_graph = new WorkflowGraph(this);
    m_graph->setObjectName(QStringLiteral("editorGraph"));
    m_graph->setEditable(true);
    connect(m_graph, &WorkflowGraph::stepSelected, this, &WorkflowEditor::showStep);
    connect(m_graph, &WorkflowGraph::stepDeselected, this, [this] { showStep({}); });
    connect(m_graph, &WorkflowGraph::connectRequested, this, &WorkflowEditor::connectSteps);
    connect(m_graph, &WorkflowGraph::disconnectRequested, this,
            [this](const QString &from, const QString &to) { removeDependency(to, from); });

    auto *bar = new QToolBar(this);
    m_workflows = new QComboBox(this);
    m_workflows->setObjectName(QStringLiteral("workflowChooser"));
    m_workflows->setMinimumWidth(220);
    m_workflows->setToolTip(tr("Open a workflow (a shipped one is the start of a new one)"));
    bar->addWidget(m_workflows);
    QAction *openAct = bar->addAction(tr("Open"));
    QAction *copyAct = bar->addAction(tr("New from this"));
    bar->addSeparator();
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("workflow name"));
    m_name->setMaximumWidth(220);
    bar->addWidget(m_name);
    QAction *saveAct = bar->addAction(tr("Save"));
    saveAct->setShortcut(QKeySequence::Save);
    auto *versionsButton = new QToolButton(bar);
    versionsButton->setObjectName(QStringLiteral("versionsButton"));
    versionsButton->setText(tr("Versions…"));
    versionsButton->setToolTip(
        tr("Every saved version of this workflow: who saved it and when, two side by side, "
           "restore one"));
    versionsButton->setAutoRaise(true);
    bar->addWidget(versionsButton);
    connect(versionsButton, &QToolButton::clicked, this, [this] { openVersions(); });
    auto *dryRunButton = new QToolButton(bar);
    dryRunButton->setObjectName(QStringLiteral("dryRunButton"));
    dryRunButton->setText(tr("Dry run…"));
    dryRunButton->setToolTip(tr("Try the definition as it is in the editor, saved or not"));
    dryRunButton->setAutoRaise(true);
    bar->addWidget(dryRunButton);
    connect(dryRunButton, &QToolButton::clicked, this, [this] { openDryRun(); });
    bar->addSeparator();
    QAction *undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setShortcut(QKeySequence::Redo);
    bar->addAction(undo);
    bar->addAction(redo);
    addAction(undo);
    addAction(redo);
    bar->addSeparator();
    QAction *addAct = bar->addAction(tr("Add step"));
    QAction *delAct = bar->addAction(tr("Delete step"));
    delAct->setShortcut(QKeySequence::Delete);
    // Not while a field or a combo box has the focus: Delete there must not delete the step.
    delAct->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAct = new QAction(tr("Copy step"), this);
    m_copyAct->setObjectName(QStringLiteral("copyStep"));
    m_copyAct->setShortcut(QKeySequence::Copy);
    m_pasteAct = new QAction(tr("Paste step"), this);
    m_pasteAct->setObjectName(QStringLiteral("pasteStep"));
    m_pasteAct->setShortcut(QKeySequence::Paste);
    for (QAction *a : {m_copyAct, m_pasteAct}) {
        // Only while the graph or the toolbar has the focus: text fields keep their own
        // Ctrl+C and Ctrl+V.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        bar->addAction(a);
        m_graph->addAction(a);
    }
    // Right-click on the graph: the same actions, on the selected step.
    m_graph->addAction(delAct);
    m_graph->setContextMenuPolicy(Qt::ActionsContextMenu);
    QAction *layoutAct = bar->addAction(tr("Arrange"));
    connect(openAct, &QAction::triggered, this, [this] { open(m_workflows->currentText()); });
    connect(copyAct, &QAction::triggered, this, [this] { open(m_workflows->currentText(), true); });
    connect(saveAct, &QAction::triggered, this, &WorkflowEditor::save);
    connect(addAct, &QAction::triggered, this, [this] {
        QString agent = m_agent->currentText();
        QString action = m_action->currentText();
        if (agent.isEmpty()) { // no step selected: the first action the server offers
            agent = m_catalog.keys().value(0);
            action = m_catalog.value(agent).toArray().at(0).toString();
        }
        addStep(agent, action);
    });
    connect(delAct, &QAction::triggered, this, [this] {
        // A selected edge, or a dependency in the list with the focus: that dependency goes,
        // not the step.
        if (const auto [from, to] = m_graph->selectedEdge(); !from.isEmpty())
            removeDependency(to, from);
        else if (m_deps->hasFocus())
            removeSelectedDependency();
        else if (!m_step.isEmpty())
            removeStep(m_step);
    });
    connect(m_copyAct, &QAction::triggered, this, [this] {
        if (!copyStep(m_step))
            m_status->setText(tr("Select a step to copy."));
    });
    connect(m_pasteAct, &QAction::triggered, this, [this] { pasteStep(); });
    connect(layoutAct, &QAction::triggered, m_graph, &WorkflowGraph::autoLayout);
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (m_name->text() != m_doc.value(QStringLiteral("name")).toString()) {
            QJsonObject d = m_doc;
            d.insert(QStringLiteral("name"), m_name->text());
            change(d, tr("Rename the workflow"));
        }
    });

    createWorkflowPanel();
    createStepPanel();

    m_panels = new QStackedWidget(this);
    m_panels->addWidget(m_workflowPanel);
    m_panels->addWidget(m_stepPanel);
    m_fieldError = new QLabel(this);
    m_fieldError->setObjectName(QStringLiteral("fieldError"));
    m_fieldError->setWordWrap(true);
    QPalette errorPalette = m_fieldError->palette();
    errorPalette.setColor(QPalette::WindowText,
                          look::toneColour(look::Tone::Failure, look::isDark(palette())));
    m_fieldError->setPalette(errorPalette);
    m_fieldError->hide();
    auto *panel = new QWidget(this);
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->addWidget(m_panels);
    panelLayout->addWidget(m_fieldError);
    panelLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(panel);
    scroll->setMaximumWidth(520);

    m_errorList = new QListWidget(this);
    m_errorList->setObjectName(QStringLiteral("validationErrors"));
    m_errorList->setMaximumHeight(110);
    connect(m_errorList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { m_graph->selectStep(i->data(Qt::UserRole).toString()); });
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("editorStatus"));

    auto *split = new QSplitter(this);
    split->addWidget(m_graph);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({900, 380});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(split, 1);
    layout->addWidget(m_errorList);
    layout->addWidget(m_status);

    m_validateTimer = new QTimer(this);
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(250);
    connect(m_validateTimer, &QTimer::timeout, this, &WorkflowEditor::validate);

    loadCatalog();
    apply(QJsonObject{{QStringLiteral("name"), QStringLiteral("new_workflow")},
                      {QStringLiteral("trigger"),
                       QJsonObject{{QStringLiteral("event"), QStringLiteral("order.created")}}},
                      {QStringLiteral("steps"), QJsonArray()}});
}

WorkflowEditor::~WorkflowEditor()
{
    // Fields losing focus while the editor is destroyed emit editingFinished(), lists their
    // selection changes: nothing of that may reach a half-destroyed editor.
    for (QObject *child : findChildren<QObject *>())
        child->disconnect(this);
}

// The workflow's own panel, shown while no step is selected: description and trigger.
void WorkflowEditor::createWorkflowPanel()
{
    auto *workflowBox = new QGroupBox(tr("Workflow"), this);
    m_workflowPanel = workflowBox;
    m_workflowPanel->setObjectName(QStringLiteral("workflowPanel"));
    auto *wform = new QFormLayout(workflowBox);
    auto *workflowHint = new QLabel(tr("Click a step in the graph to edit it."), workflowBox);
    workflowHint->setWordWrap(true);
    wform->addRow(workflowHint);
    m_description = new QLineEdit(workflowBox);
    m_description->setObjectName(QStringLiteral("descriptionField"));
    m_description->setPlaceholderText(tr("what the workflow does, in one line"));
    wform->addRow(tr("Description:"), m_description);
    m_triggerKind = new QComboBox(workflowBox);
    m_triggerKind->setObjectName(QStringLiteral("triggerKind"));
    m_triggerKind->addItem(tr("An event"), QStringLiteral("event"));
    m_triggerKind->addItem(tr("A schedule"), QStringLiteral("schedule"));
    m_triggerKind->addItem(tr("Only by hand"), QStringLiteral("manual"));
    m_triggerKind->setToolTip(
        tr("Every workflow can also be started by hand (the API, the dashboard)"));
    wform->addRow(tr("Started by:"), m_triggerKind);
    m_triggerPages = new QStackedWidget(workflowBox);
    wform->addRow(m_triggerPages);

    auto *eventPage = new QWidget(m_triggerPages);
    auto *eform = new QFormLayout(eventPage);
    eform->setContentsMargins(0, 0, 0, 0);
    m_event = new QComboBox(eventPage);
    m_event->setObjectName(QStringLiteral("triggerEvent"));
    m_event->setEditable(true);
    m_event->setInsertPolicy(QComboBox::NoInsert);
    for (const events::topics::TopicDoc &t : events::topics::catalog()) {
        m_event->addItem(QString(t.name));
        m_event->setItemData(m_event->count() - 1, QString(t.when), Qt::ToolTipRole);
    }
    m_event->lineEdit()->setPlaceholderText(tr("a topic, such as order.created"));
    m_event->setToolTip(tr("The event's topic; patterns (order.*) and several topics separated "
                           "by commas work too"));
    eform->addRow(tr("Event:"), m_event);
    m_triggerKey = new QLineEdit(eventPage);
    m_triggerKey->setObjectName(QStringLiteral("triggerKey"));
    m_triggerKey->setPlaceholderText(tr("default: the event's key"));
    m_triggerKey->setToolTip(tr("One run per key, a template: order:{{ trigger.data.order_id }}"));
    eform->addRow(tr("Run key:"), m_triggerKey);
    m_filter = new QLineEdit(eventPage);
    m_filter->setObjectName(QStringLiteral("triggerFilter"));
    m_filter->setPlaceholderText(tr("every event"));
    m_filter->setToolTip(tr("Only events for which this condition holds start a run: "
                            "data.total_amount >= 10000 and data.country == \"FR\""));
    eform->addRow(tr("Filter:"), m_filter);
    m_triggerPages->addWidget(eventPage);

    auto *schedulePage = new QWidget(m_triggerPages);
    auto *sform = new QFormLayout(schedulePage);
    sform->setContentsMargins(0, 0, 0, 0);
    m_cron = new QLineEdit(schedulePage);
    m_cron->setObjectName(QStringLiteral("triggerCron"));
    m_cron->setPlaceholderText(tr("15 6 * * * (every day at 6:15)"));
    m_cron->setToolTip(tr("Five fields: minute hour day-of-month month weekday (*, N, A-B, */S, "
                          "lists, month and weekday names)"));
    sform->addRow(tr("Cron:"), m_cron);
    m_timezone = new QComboBox(schedulePage);
    m_timezone->setObjectName(QStringLiteral("triggerTimezone"));
    m_timezone->setEditable(true);
    m_timezone->setInsertPolicy(QComboBox::NoInsert);
    m_timezone->addItem(QStringLiteral("UTC"));
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        if (id != "UTC")
            m_timezone->addItem(QString::fromUtf8(id));
    sform->addRow(tr("Time zone:"), m_timezone);
    m_missed = new QComboBox(schedulePage);
    m_missed->setObjectName(QStringLiteral("triggerMissed"));
    m_missed->addItem(tr("one run on start"), QStringLiteral("run_once"));
    m_missed->addItem(tr("skip them"), QStringLiteral("skip"));
    m_missed->setToolTip(tr("Times missed while the app was closed"));
    sform->addRow(tr("Missed runs:"), m_missed);
    m_cronPreview = new QLabel(schedulePage);
    m_cronPreview->setObjectName(QStringLiteral("cronPreview"));
    m_cronPreview->setWordWrap(true);
    sform->addRow(m_cronPreview);
    m_triggerPages->addWidget(schedulePage);

    auto *manualLabel =
        new QLabel(tr("Runs start only when asked: from the API or the dashboard."), workflowBox);
    manualLabel->setWordWrap(true);
    m_triggerPages->addWidget(manualLabel);

    connect(m_description, &QLineEdit::editingFinished, this, &WorkflowEditor::commitWorkflow);
    connect(m_triggerKind, &QComboBox::activated, this, [this](int index) {
        m_triggerPages->setCurrentIndex(index);
        commitWorkflow();
    });
    connect(m_event, &QComboBox::activated, this, &WorkflowEditor::commitWorkflow);
    connect(m_event->lineEdit(), &QLineEdit::editingFinished, this,
            &WorkflowEditor::commitWorkflow);
    connect(m_triggerKey, &QLineEdit::editingFinished, this, &WorkflowEditor::commitWorkflow);
    connect(m_filter, &QLineEdit::editingFinished, this, &WorkflowEditor::commitWorkflow);
    connect(m_cron, &QLineEdit::editingFinished, this, &WorkflowEditor::commitWorkflow);
    connect(m_cron, &QLineEdit::textChanged, this, &WorkflowEditor::updateCronPreview);
    connect(m_timezone, &QComboBox::activated, this, &WorkflowEditor::commitWorkflow);
    connect(m_timezone->lineEdit(), &QLineEdit::editingFinished, this,
            &WorkflowEditor::commitWorkflow);
    connect(m_timezone, &QComboBox::currentTextChanged, this, &WorkflowEditor::updateCronPreview);
    connect(m_missed, &QComboBox::activated, this, &WorkflowEditor::commitWorkflow);
}

// The selected step's panel.
void WorkflowEditor::createStepPanel()
{
    auto *stepBox = new QGroupBox(tr("Step"), this);
    m_stepPanel = stepBox;
    m_stepPanel->setObjectName(QStringLiteral("stepPanel"));
    auto *form = new QFormLayout(stepBox);
    auto *backButton = new QPushButton(tr("‹ Workflow settings"), stepBox);
    backButton->setObjectName(QStringLiteral("backToWorkflow"));
    backButton->setFlat(true);
    backButton->setToolTip(tr("The workflow's description and trigger (or click the graph's "
                              "background)"));
    connect(backButton, &QPushButton::clicked, this, [this] {
        m_graph->selectStep({});
        showStep({});
    });
    form->addRow(backButton);
    m_stepName = new QLineEdit(stepBox);
    m_stepName->setObjectName(QStringLiteral("stepNameField"));
    m_agent = new QComboBox(stepBox);
    m_agent->setObjectName(QStringLiteral("agentField"));
    m_action = new QComboBox(stepBox);
    m_action->setObjectName(QStringLiteral("actionField"));
    m_input = new QPlainTextEdit(stepBox);
    m_input->setObjectName(QStringLiteral("inputField"));
    m_input->installEventFilter(this);
    m_input->setPlaceholderText(
        tr("JSON, templates allowed: {\"order_id\": \"{{ trigger.data.order_id }}\"}"));
    m_when = new QLineEdit(stepBox);
    m_when->setObjectName(QStringLiteral("whenField"));
    m_when->setPlaceholderText(tr("expression; empty: always"));
    m_forEach = new QLineEdit(stepBox);
    m_forEach->setObjectName(QStringLiteral("forEachField"));
    m_forEach->setPlaceholderText(tr("a list; empty: run once"));
    m_forEach->setToolTip(tr("Runs the step once per item of a list (trigger.data.line_items); "
                             "templates read the item as item"));
    m_onError = new QComboBox(stepBox);
    m_onError->setObjectName(QStringLiteral("onErrorField"));
    m_onError->setToolTip(tr("When the step fails for good (after its attempts)"));
    m_timeout = new QLineEdit(stepBox);
    m_timeout->setObjectName(QStringLiteral("timeoutField"));
    m_timeout->setPlaceholderText(tr("none (500ms, 30s, 5m, 2h)"));
    m_attempts = new QSpinBox(stepBox);
    m_attempts->setObjectName(QStringLiteral("attemptsField"));
    m_attempts->setRange(1, 100);
    m_backoff = new QComboBox(stepBox);
    m_backoff->setObjectName(QStringLiteral("backoffField"));
    m_backoff->addItem(tr("exponential"), QStringLiteral("exponential"));
    m_backoff->addItem(tr("fixed"), QStringLiteral("fixed"));
    m_delay = new QLineEdit(stepBox);
    m_delay->setObjectName(QStringLiteral("retryDelayField"));
    m_delay->setPlaceholderText(tr("1s (500ms, 30s, 5m, 2h)"));
    m_delay->setToolTip(tr("The wait before the first retry (doubled each time when the backoff "
                           "is exponential)"));
    m_deps = new QListWidget(stepBox);
    m_deps->setObjectName(QStringLiteral("dependsOnList"));
    m_deps->setMaximumHeight(110);
    m_deps->setToolTip(tr("The steps this one waits for. To add one, drag from a step's port to "
                          "this step in the graph."));
    m_removeDep = new QPushButton(tr("Remove dependency"), stepBox);
    m_removeDep->setObjectName(QStringLiteral("removeDependency"));
    m_removeDep->setEnabled(false);
    auto *depsBox = new QWidget(stepBox);
    auto *depsLayout = new QVBoxLayout(depsBox);
    depsLayout->setContentsMargins(0, 0, 0, 0);
    depsLayout->addWidget(m_deps);
    depsLayout->addWidget(m_removeDep, 0, Qt::AlignLeft);
    form->addRow(tr("Step:"), m_stepName);
    form->addRow(tr("Agent:"), m_agent);
    form->addRow(tr("Action:"), m_action);
    form->addRow(tr("Input:"), m_input);
    form->addRow(tr("When:"), m_when);
    form->addRow(tr("For each:"), m_forEach);
    form->addRow(tr("On error:"), m_onError);
    form->addRow(tr("Timeout:"), m_timeout);
    form->addRow(tr("Attempts:"), m_attempts);
    form->addRow(tr("Backoff:"), m_backoff);
    form->addRow(tr("Retry delay:"), m_delay);
    form->addRow(tr("Depends on:"), depsBox);
    auto *applyButton = new QPushButton(tr("Apply"), stepBox);
    form->addRow(applyButton);
    connect(applyButton, &QPushButton::clicked, this, &WorkflowEditor::commitPanel);
    connect(m_stepName, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_when, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_forEach, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_timeout, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_delay, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_agent, &QComboBox::currentTextChanged, this, [this](const QString &agent) {
        const QString keep = m_action->currentText();
        m_action->clear();
        for (const QJsonValue &a : m_catalog.value(agent).toArray())
            m_action->addItem(a.toString());
        m_action->setCurrentText(keep);
        if (!m_loadingPanel)
            commitPanel();
    });
    connect(m_action, &QComboBox::activated, this, &WorkflowEditor::commitPanel);
    connect(m_onError, &QComboBox::activated, this, &WorkflowEditor::commitPanel);
    connect(m_attempts, &QSpinBox::editingFinished, this, &WorkflowEditor::commitPanel);
    // Backoff and delay mean something only when there is a retry.
    connect(m_attempts, &QSpinBox::valueChanged, this, [this](int attempts) {
        m_backoff->setEnabled(attempts > 1);
        m_delay->setEnabled(attempts > 1);
    });
    connect(m_backoff, &QComboBox::activated, this, &WorkflowEditor::commitPanel);
    connect(m_deps, &QListWidget::itemSelectionChanged, this,
            [this] { m_removeDep->setEnabled(!m_deps->selectedItems().isEmpty()); });
    connect(m_removeDep, &QPushButton::clicked, this, &WorkflowEditor::removeSelectedDependency);
}

void WorkflowEditor::loadCatalog()
{
    m_api.get(QStringLiteral("/api/agents"), this, [this](const ApiReply &r) {
        m_catalog = {};
        for (const QJsonValue &v : r.json.value(QStringLiteral("agents")).toArray()) {
            QJsonArray actions;
            for (const QJsonValue &a : v.toObject().value(QStringLiteral("actions")).toArray())
                actions.append(a.toObject().value(QStringLiteral("name")));
            m_catalog.insert(v.toObject().value(QStringLiteral("name")).toString(), actions);
        }
        m_catalog.insert(QStringLiteral("system"), QJsonArray{QStringLiteral("notify_admin")});
        {
            // Refilled quietly: showStep() then sets the selected step's agent and actions (a
            // refill that reached commitPanel() would write the list's first agent into it).
            const QSignalBlocker b(m_agent);
            m_agent->clear();
            m_agent->addItems(m_catalog.keys());
            m_agent->setCurrentIndex(-1);
        }
        showStep(m_step);
    });
    m_api.get(QStringLiteral("/api/workflows"), this, [this](const ApiReply &r) {
        m_workflows->clear();
        for (const QJsonValue &v : r.json.value(QStringLiteral("workflows")).toArray())
            m_workflows->addItem(v.toObject().value(QStringLiteral("name")).toString());
    });
}

QByteArray WorkflowEditor::yaml() const
{
    return workflows::workflowToYaml(m_doc);
}

bool WorkflowEditor::loadText(const QByteArray &text)
{
    auto doc = workflows::parseWorkflowDocument(text, QStringLiteral("definition"));
    if (!doc) {
        m_status->setText(tr("Cannot read it: %1").arg(doc.error().first().toString()));
        return false;
    }
    m_undo->clear();
    apply(*doc);
    m_graph->autoLayout();
    {
        const QSignalBlocker b(m_workflows);
        m_workflows->setCurrentText(doc->value(QStringLiteral("name")).toString());
    }
    emit loaded();
    return true;
}

void WorkflowEditor::open(const QString &name, bool asNew)
{
    if (name.isEmpty())
        return;
    m_api.get(QStringLiteral("/api/workflows/%1/definition").arg(name), this,
              [this, name, asNew](const ApiReply &r) {
                  if (!r.ok()) {
                      m_status->setText(tr("Cannot open %1: %2").arg(name, r.error));
                      return;
                  }
                  if (!loadText(r.raw))
                      return;
                  if (asNew) {
                      QJsonObject d = m_doc;
                      d.insert(QStringLiteral("name"), QString(name + QStringLiteral("_copy")));
                      m_undo->clear();
                      apply(d);
                  }
              });
}

void WorkflowEditor::save()
{
    const QString name = m_doc.value(QStringLiteral("name")).toString();
    m_api.sendText("PUT", QStringLiteral("/api/workflows/%1/definition").arg(name), yaml(),
                   "application/yaml", this, [this, name](const ApiReply &r) {
                       const QString msg =
                           r.ok() ? tr("Saved %1.").arg(name) : tr("Not saved: %1").arg(r.error);
                       m_status->setText(msg);
                       if (r.ok())
                           m_undo->setClean();
                       emit saved(r.ok(), msg);
                   });
}

WorkflowVersionsDialog *WorkflowEditor::openVersions()
{
    const QString name = m_doc.value(QStringLiteral("name")).toString();
    auto *dialog = new WorkflowVersionsDialog(m_api, name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The server now runs the restored text: the editor shows it (edits not saved are dropped,
    // as the confirmation says).
    connect(dialog, &WorkflowVersionsDialog::restored, this, [this, name] {
        // The dialog is not modal: the editor may show another workflow by now, whose edits a
        // reload would drop.
        if (m_doc.value(QStringLiteral("name")).toString() == name)
            open(name);
    });
    dialog->show();
    return dialog;
}

DryRunDialog *WorkflowEditor::openDryRun()
{
    // The text on screen, saved or not: trying an edit before saving it is the point.
    auto *dialog =
        new DryRunDialog(m_api, m_doc.value(QStringLiteral("name")).toString(), yaml(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void WorkflowEditor::apply(const QJsonObject &doc)
{
    m_doc = doc;
    m_name->setText(doc.value(QStringLiteral("name")).toString());
    m_implied = WorkflowGraph::impliedDependencies(doc);
    m_graph->setSteps(doc.value(QStringLiteral("steps")).toArray(), m_implied);
    if (stepIndex(m_step) < 0)
        m_step.clear();
    showWorkflow();
    showStep(m_step);
    scheduleValidation();
}

void WorkflowEditor::change(const QJsonObject &doc, const QString &what)
{
    if (doc == m_doc)
        return;
    m_undo->push(new DocumentCommand(this, m_doc, doc, what)); // push() applies it
}

int WorkflowEditor::stepIndex(const QString &name) const
{
    if (name.isEmpty())
        return -1;
    const QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    for (int i = 0; i < steps.size(); ++i)
        if (steps.at(i).toObject().value(QStringLiteral("name")).toString() == name)
            return i;
    return -1;
}

void WorkflowEditor::addStep(const QString &agent, const QString &action)
{
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    QString name = action.isEmpty() ? QStringLiteral("step") : action;
    for (int n = 2; stepIndex(name) >= 0; ++n)
        name = (action.isEmpty() ? QStringLiteral("step") : action) + QLatin1Char('_') +
               QString::number(n);
    steps.append(QJsonObject{{QStringLiteral("name"), name},
                             {QStringLiteral("agent"), agent},
                             {QStringLiteral("action"), action},
                             {QStringLiteral("input"), QJsonObject()}});
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    m_step = name;
    change(d, tr("Add step %1").arg(name));
    m_graph->selectStep(name);
}

void WorkflowEditor::removeStep(const QString &name)
{
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    const int i = stepIndex(name);
    if (i < 0)
        return;
    steps.removeAt(i);
    // Nothing may depend on a step that is gone.
    for (int k = 0; k < steps.size(); ++k) {
        QJsonObject st = steps.at(k).toObject();
        QStringList deps = dependsOn(st);
        if (deps.removeAll(name) > 0)
            setDependsOn(st, deps);
        steps[k] = st;
    }
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    change(d, tr("Delete step %1").arg(name));
}

void WorkflowEditor::connectSteps(const QString &from, const QString &to)
{
    const int i = stepIndex(to);
    if (i < 0 || stepIndex(from) < 0 || from == to)
        return;
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    QJsonObject st = steps.at(i).toObject();
    QStringList deps = dependsOn(st);
    if (deps.contains(from))
        return;
    deps << from;
    setDependsOn(st, deps);
    steps[i] = st;
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    change(d, tr("%1 depends on %2").arg(to, from));
}

void WorkflowEditor::removeDependency(const QString &step, const QString &dependency)
{
    const int i = stepIndex(step);
    if (i < 0)
        return;
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    QJsonObject st = steps.at(i).toObject();
    QStringList deps = dependsOn(st);
    if (deps.removeAll(dependency) == 0)
        return;
    setDependsOn(st, deps);
    steps[i] = st;
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    change(d, tr("%1 no longer depends on %2").arg(step, dependency));
    if (m_implied.value(step).contains(dependency))
        m_status->setText(tr("%1 still reads %2 in a template, so it still waits for it (the "
                             "dashed edge).")
                              .arg(step, dependency));
}

void WorkflowEditor::removeSelectedDependency()
{
    // Only explicit dependencies can be selected in the list (implied ones are not).
    const QList<QListWidgetItem *> items = m_deps->selectedItems();
    if (!items.isEmpty() && !m_step.isEmpty())
        removeDependency(m_step, items.first()->data(Qt::UserRole).toString());
}

void WorkflowEditor::setStepField(const QString &step, const QString &field,
                                  const QJsonValue &value)
{
    const int i = stepIndex(step);
    if (i < 0)
        return;
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    QJsonObject st = steps.at(i).toObject();
    if (value.isNull() ||
        (value.isString() && value.toString().isEmpty() && field != QLatin1String("name")))
        st.remove(field);
    else
        st.insert(field, value);
    steps[i] = st;
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    if (field == QLatin1String("name")) {
        // Renaming keeps the edges and the error routes: they follow the new name.
        const QString to = value.toString();
        for (int k = 0; k < steps.size(); ++k) {
            QJsonObject o = steps.at(k).toObject();
            QStringList deps = dependsOn(o);
            if (deps.contains(step)) {
                for (QString &dep : deps)
                    if (dep == step)
                        dep = to;
                setDependsOn(o, deps);
            }
            if (o.value(QStringLiteral("on_error")).toString() == step)
                o.insert(QStringLiteral("on_error"), to);
            steps[k] = o;
        }
        d.insert(QStringLiteral("steps"), steps);
        QJsonArray handlers = d.value(QStringLiteral("error_handling")).toArray();
        bool routed = false;
        for (int k = 0; k < handlers.size(); ++k) {
            QJsonObject h = handlers.at(k).toObject();
            if (h.value(QStringLiteral("on_error")).toString() == step) {
                h.insert(QStringLiteral("on_error"), to);
                handlers[k] = h;
                routed = true;
            }
        }
        if (routed)
            d.insert(QStringLiteral("error_handling"), handlers);
        m_step = to;
    }
    change(d, tr("Edit %1 of %2").arg(field, step));
}

QString WorkflowEditor::uniqueCopyName(const QString &name) const
{
    for (int n = 1;; ++n) {
        const QString suffix = n == 1 ? QStringLiteral("_copy") : QStringLiteral("_copy%1").arg(n);
        // Still a valid step name: shortened to fit the loader's 64 characters.
        const QString candidate = name.left(kMaxStepName - suffix.size()) + suffix;
        if (stepIndex(candidate) < 0)
            return candidate;
    }
}

bool WorkflowEditor::copyStep(const QString &name)
{
    const int i = stepIndex(name);
    if (i < 0)
        return false;
    const QJsonDocument step(m_doc.value(QStringLiteral("steps")).toArray().at(i).toObject());
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kJsonMime), step.toJson(QJsonDocument::Compact));
    mime->setText(QString::fromUtf8(step.toJson(QJsonDocument::Indented)));
    QGuiApplication::clipboard()->setMimeData(mime); // the clipboard owns it
    m_status->setText(tr("Copied step %1.").arg(name));
    return true;
}

QString WorkflowEditor::pasteStep()
{
    // JSON from this editor, or text holding a step's JSON (another editor, a document).
    QJsonObject st;
    if (const QMimeData *mime = QGuiApplication::clipboard()->mimeData()) {
        const QByteArray data = mime->hasFormat(QString::fromLatin1(kJsonMime))
                                    ? mime->data(QString::fromLatin1(kJsonMime))
                                    : mime->text().toUtf8();
        st = QJsonDocument::fromJson(data).object();
    }
    if (!st.contains(QStringLiteral("agent")) || !st.contains(QStringLiteral("action"))) {
        m_status->setText(tr("The clipboard holds no step: copy one first."));
        return {};
    }
    static const QRegularExpression nameRe(QStringLiteral("^[a-z_][a-z0-9_]{0,63}$"));
    const QString original = st.value(QStringLiteral("name")).toString();
    const QString name =
        uniqueCopyName(nameRe.match(original).hasMatch() ? original : QStringLiteral("step"));
    st.insert(QStringLiteral("name"), name);
    // A new step: it waits for nothing until connected (templates it reads still count).
    st.remove(QStringLiteral("depends_on"));
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    steps.append(st);
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    const QString anchor = stepIndex(original) >= 0 ? original : m_step;
    if (!anchor.isEmpty())
        m_graph->placeNear(name, anchor);
    m_step = name;
    change(d, tr("Paste step %1").arg(name));
    m_graph->selectStep(name);
    m_status->setText(tr("Pasted step %1.").arg(name));
    return name;
}

void WorkflowEditor::showStep(const QString &name)
{
    m_step = stepIndex(name) >= 0 ? name : QString();
    const int i = stepIndex(m_step);
    const QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    const QJsonObject st = i >= 0 ? steps.at(i).toObject() : QJsonObject();
    const bool loading = std::exchange(m_loadingPanel, true);
    clearFieldError();
    // Nothing selected: the workflow's own properties, never what the last step showed.
    m_panels->setCurrentWidget(i >= 0 ? m_stepPanel : m_workflowPanel);
    m_stepPanel->setEnabled(i >= 0);
    m_stepName->setText(st.value(QStringLiteral("name")).toString());
    setComboText(m_agent, st.value(QStringLiteral("agent")).toString());
    setComboText(m_action, st.value(QStringLiteral("action")).toString());
    const QJsonValue input = st.value(QStringLiteral("input"));
    const QString inputText =
        input.isUndefined() ? QString()
        : input.isObject()  ? QString::fromUtf8(QJsonDocument(input.toObject()).toJson())
        : input.isArray()   ? QString::fromUtf8(QJsonDocument(input.toArray()).toJson())
                            : QString::fromUtf8(QJsonDocument(QJsonArray{input})
                                                    .toJson(QJsonDocument::Compact)
                                                    .mid(1)
                                                    .chopped(1));
    m_input->setPlainText(inputText);
    m_inputShown = m_input->toPlainText(); // as the editor gives it back, to compare alike
    m_when->setText(scalarText(st.value(QStringLiteral("when"))));
    m_forEach->setText(scalarText(st.value(QStringLiteral("for_each"))));
    // fail, continue, or another step of the workflow that recovers.
    m_onError->clear();
    m_onError->addItem(tr("fail the run"), QStringLiteral("fail"));
    m_onError->addItem(tr("continue the run"), QStringLiteral("continue"));
    for (const QJsonValue &v : steps) {
        const QString other = v.toObject().value(QStringLiteral("name")).toString();
        if (!other.isEmpty() && other != m_step)
            m_onError->addItem(tr("run %1 to recover").arg(other), other);
    }
    const QString onError = scalarText(st.value(QStringLiteral("on_error")));
    setComboData(m_onError, onError.isEmpty() ? QStringLiteral("fail") : onError);
    m_timeout->setText(scalarText(st.value(QStringLiteral("timeout"))));
    const QJsonObject retry = st.value(QStringLiteral("retry")).toObject();
    m_attempts->setValue(retry.value(QStringLiteral("max_attempts")).toInt(1));
    const QString backoff = scalarText(retry.value(QStringLiteral("backoff")));
    setComboData(m_backoff, backoff.isEmpty() ? QStringLiteral("exponential") : backoff);
    m_delay->setText(scalarText(retry.value(QStringLiteral("delay"))));
    m_backoff->setEnabled(m_attempts->value() > 1);
    m_delay->setEnabled(m_attempts->value() > 1);
    // Explicit dependencies can be removed; those a template implies are shown, not removable.
    m_deps->clear();
    const QStringList explicitDeps = dependsOn(st);
    for (const QString &d : explicitDeps) {
        auto *item = new QListWidgetItem(d, m_deps);
        item->setData(Qt::UserRole, d);
    }
    for (const QString &d : m_implied.value(m_step)) {
        if (explicitDeps.contains(d))
            continue;
        auto *item = new QListWidgetItem(tr("%1 (read by a template)").arg(d), m_deps);
        item->setData(Qt::UserRole, d);
        item->setFlags(Qt::ItemIsEnabled);
        item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        item->setToolTip(tr("This step reads %1's output, status or error, so it waits for it. "
                            "Remove the reference to remove the dependency.")
                             .arg(d));
    }
    m_removeDep->setEnabled(false);
    m_loadingPanel = loading;
}

void WorkflowEditor::showWorkflow()
{
    const bool loading = std::exchange(m_loadingPanel, true);
    m_description->setText(scalarText(m_doc.value(QStringLiteral("description"))));
    const QJsonObject t = m_doc.value(QStringLiteral("trigger")).toObject();
    const int kind = m_triggerKind->findData(triggerKind(t));
    m_triggerKind->setCurrentIndex(kind);
    m_triggerPages->setCurrentIndex(kind);
    m_event->setCurrentText(scalarText(t.value(QStringLiteral("event"))));
    m_triggerKey->setText(scalarText(t.value(QStringLiteral("key"))));
    m_filter->setText(scalarText(t.value(QStringLiteral("filter"))));
    // schedule: a cron string, or {cron, timezone, missed}.
    const QJsonValue schedule = t.value(QStringLiteral("schedule"));
    const QJsonObject s = schedule.toObject();
    m_cron->setText(scalarText(schedule.isObject() ? s.value(QStringLiteral("cron")) : schedule));
    m_timezone->setCurrentText(s.contains(QStringLiteral("timezone"))
                                   ? scalarText(s.value(QStringLiteral("timezone")))
                                   : QStringLiteral("UTC"));
    const QString missed = scalarText(s.value(QStringLiteral("missed")));
    setComboData(m_missed, missed.isEmpty() ? QStringLiteral("run_once") : missed);
    updateCronPreview();
    m_loadingPanel = loading;
}

void WorkflowEditor::commitPanel()
{
    if (m_loadingPanel || m_step.isEmpty() || stepIndex(m_step) < 0)
        return;
    clearFieldError();
    const int i = stepIndex(m_step);
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    QJsonObject st = steps.at(i).toObject();
    const QString oldName = m_step;
    // Read before change(): applying it shows the step again, which resets the panel's fields.
    const QString newName = m_stepName->text().trimmed();
    QJsonObject retry = st.value(QStringLiteral("retry")).toObject();
    // Durations are refused here, with the syntax, rather than saved for the server to refuse.
    const QString timeoutText = m_timeout->text().trimmed();
    const auto timeout = durationValue(timeoutText, st.value(QStringLiteral("timeout")));
    if (!timeout) {
        showFieldError(tr("Timeout: \"%1\" is not a duration. Write a whole number followed by "
                          "ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for no timeout.")
                           .arg(timeoutText));
        return;
    }
    const QString delayText = m_delay->text().trimmed();
    const auto delay = durationValue(delayText, retry.value(QStringLiteral("delay")));
    if (!delay) {
        showFieldError(tr("Retry delay: \"%1\" is not a duration. Write a whole number followed "
                          "by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for 1s.")
                           .arg(delayText));
        return;
    }
    st.insert(QStringLiteral("agent"), m_agent->currentText());
    st.insert(QStringLiteral("action"), m_action->currentText());
    const QString inputText = m_input->toPlainText();
    if (inputText != m_inputShown) { // untouched: kept as written
        const QByteArray inputJson = inputText.trimmed().toUtf8();
        if (inputJson.isEmpty()) {
            st.remove(QStringLiteral("input"));
        } else {
            QJsonParseError err{};
            const QJsonDocument parsed = QJsonDocument::fromJson(inputJson, &err);
            if (err.error != QJsonParseError::NoError) {
                showFieldError(tr("Input is not valid JSON (at character %1): %2")
                                   .arg(err.offset)
                                   .arg(err.errorString()));
                return;
            }
            st.insert(QStringLiteral("input"),
                      parsed.isObject() ? QJsonValue(parsed.object()) : QJsonValue(parsed.array()));
        }
    }
    putText(st, QStringLiteral("when"), m_when->text().trimmed());
    putText(st, QStringLiteral("for_each"), m_forEach->text().trimmed());
    // "fail" is the default: written only when the step already says it.
    const QString onError = m_onError->currentData().toString();
    if (onError != scalarText(st.value(QStringLiteral("on_error"))) &&
        (onError != QLatin1String("fail") || st.contains(QStringLiteral("on_error"))))
        st.insert(QStringLiteral("on_error"), onError);
    putValue(st, QStringLiteral("timeout"), *timeout);
    const int attempts = m_attempts->value();
    const int oldAttempts = retry.value(QStringLiteral("max_attempts")).toInt(1);
    if (attempts > 1) {
        if (attempts != oldAttempts)
            retry.insert(QStringLiteral("max_attempts"), double(attempts));
        // Spelled out in a new retry block; an existing one keeps its default implicit.
        const QString backoff = m_backoff->currentData().toString();
        if (oldAttempts == 1 || retry.contains(QStringLiteral("backoff")) ||
            backoff != QLatin1String("exponential"))
            putText(retry, QStringLiteral("backoff"), backoff);
        putValue(retry, QStringLiteral("delay"), *delay);
        st.insert(QStringLiteral("retry"), retry);
    } else if (oldAttempts > 1) {
        // Down to one attempt: nothing is retried, so backoff and delay go too.
        st.remove(QStringLiteral("retry"));
    }
    steps[i] = st;
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    change(d, tr("Edit step %1").arg(oldName));
    if (!newName.isEmpty() && newName != oldName)
        setStepField(oldName, QStringLiteral("name"), newName);
}

void WorkflowEditor::commitWorkflow()
{
    if (m_loadingPanel)
        return;
    clearFieldError();
    QJsonObject d = m_doc;
    putText(d, QStringLiteral("description"), m_description->text().trimmed());
    const QJsonObject old = d.value(QStringLiteral("trigger")).toObject();
    const QString kind = m_triggerKind->currentData().toString();
    // Another kind starts a new trigger: an event's filter means nothing to a schedule.
    QJsonObject t = kind == triggerKind(old) ? old : QJsonObject();
    if (kind == QLatin1String("event")) {
        // Written even empty: the validation then says the topic is missing, where an absent
        // event would silently make the workflow manual.
        const QString event = m_event->currentText().trimmed();
        if (event != scalarText(t.value(QStringLiteral("event"))) ||
            !t.contains(QStringLiteral("event")))
            t.insert(QStringLiteral("event"), event);
        putText(t, QStringLiteral("key"), m_triggerKey->text().trimmed());
        putText(t, QStringLiteral("filter"), m_filter->text().trimmed());
    } else if (kind == QLatin1String("schedule")) {
        const QJsonValue was = t.value(QStringLiteral("schedule"));
        QJsonObject s = was.isObject()   ? was.toObject()
                        : was.isString() ? QJsonObject{{QStringLiteral("cron"), was}}
                                         : QJsonObject();
        const QString cron = m_cron->text().trimmed();
        if (cron != scalarText(s.value(QStringLiteral("cron"))) ||
            !s.contains(QStringLiteral("cron")))
            s.insert(QStringLiteral("cron"), cron);
        putSetting(s, QStringLiteral("timezone"), m_timezone->currentText().trimmed(),
                   QStringLiteral("UTC"));
        putSetting(s, QStringLiteral("missed"), m_missed->currentData().toString(),
                   QStringLiteral("run_once"));
        // A schedule written as a bare cron string stays one while nothing else is set.
        if (was.isString() && s.size() == 1)
            t.insert(QStringLiteral("schedule"), s.value(QStringLiteral("cron")));
        else
            t.insert(QStringLiteral("schedule"), s);
    } else if (kind != triggerKind(old)) {
        t.insert(QStringLiteral("manual"), true);
    }
    if (t != old) {
        if (t.isEmpty())
            d.remove(QStringLiteral("trigger"));
        else
            d.insert(QStringLiteral("trigger"), t);
    }
    if (d == m_doc)
        showWorkflow(); // nothing to change: the panel goes back to what the document says
    else
        change(d, tr("Edit the workflow's settings"));
}

void WorkflowEditor::updateCronPreview()
{
    const QString cron = m_cron->text().trimmed();
    const QString zone = m_timezone->currentText().trimmed();
    if (cron.isEmpty()) {
        m_cronPreview->setText(tr("Five fields: minute hour day-of-month month weekday."));
        return;
    }
    // The same check the server makes, and when that means the next run is.
    const auto schedule =
        workflows::CronSchedule::parse(cron, zone.isEmpty() ? QStringLiteral("UTC") : zone);
    if (!schedule) {
        m_cronPreview->setText(tr("Not a schedule: %1").arg(schedule.error()));
        return;
    }
    const QDateTime next = schedule->nextAfter(QDateTime::currentDateTimeUtc());
    const QTimeZone tz(zone.isEmpty() ? QByteArrayLiteral("UTC") : zone.toUtf8());
    m_cronPreview->setText(
        next.isValid()
            ? tr("Next run: %1 (%2)")
                  .arg(QLocale().toString(next.toTimeZone(tz.isValid() ? tz : QTimeZone::utc()),
                                          QLocale::ShortFormat),
                       zone.isEmpty() ? QStringLiteral("UTC") : zone)
            : tr("It never runs in the next five years."));
}

void WorkflowEditor::showFieldError(const QString &message)
{
    m_fieldError->setText(message);
    m_fieldError->show();
    m_status->setText(message);
}

void WorkflowEditor::clearFieldError()
{
    m_fieldError->clear();
    m_fieldError->hide();
}

void WorkflowEditor::scheduleValidation()
{
    // An answer for the text before this edit is not applied to the one after it.
    ++m_validation;
    m_validateTimer->start();
}

void WorkflowEditor::validate()
{
    const int generation = ++m_validation;
    m_api.sendText(
        "POST", QStringLiteral("/api/workflow-validation"), yaml(), "application/yaml", this,
        [this, generation](const ApiReply &r) {
            if (generation != m_validation)
                return; // a newer edit is being checked
            m_errors.clear();
            m_errorList->clear();
            // The graph (with its implied edges) was drawn by apply(); only the errors are new.
            QHash<QString, QString> byStep;
            const QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
            if (r.ok()) {
                m_status->setText(tr("Valid."));
            } else {
                static const QRegularExpression stepPath(QStringLiteral("^\\.?steps\\[(\\d+)\\]"));
                for (const QJsonValue &v : r.json.value(QStringLiteral("errors")).toArray()) {
                    const QJsonObject e = v.toObject();
                    const QString path = e.value(QStringLiteral("field")).toString();
                    const QString message = e.value(QStringLiteral("reason")).toString();
                    QString step;
                    if (const auto m = stepPath.match(path); m.hasMatch())
                        step = steps.at(m.captured(1).toInt())
                                   .toObject()
                                   .value(QStringLiteral("name"))
                                   .toString();
                    if (!step.isEmpty() && !byStep.contains(step))
                        byStep.insert(step, message);
                    const QString line =
                        QStringLiteral("%1:%2 ")
                            .arg(e.value(QStringLiteral("line")).toInt())
                            .arg(e.value(QStringLiteral("column")).toInt()) +
                        (path.isEmpty() ? message : path + QStringLiteral(": ") + message);
                    m_errors << line;
                    auto *item = new QListWidgetItem(line, m_errorList);
                    item->setData(Qt::UserRole, step);
                }
                if (m_errors.isEmpty() && !r.error.isEmpty())
                    m_errors << r.error;
                m_status->setText(tr("%n problem(s).", nullptr, int(m_errors.size())));
            }
            m_graph->setStepErrors(byStep);
            emit validated(r.ok());
        });
}

bool WorkflowEditor::eventFilter(QObject *watched, QEvent *event)
{
    // Focus leaves before the click that moved it reaches the graph, so the step edited is
    // still the shown one here.
    if (watched == m_input && event->type() == QEvent::FocusOut &&
        m_input->toPlainText() != m_inputShown)
        commitPanel();
    return QWidget::eventFilter(watched, event);
}

} // namespace dc::ui
