// SPDX-License-Identifier: GPL-3.0-or-later
#include "workfloweditor.h"

#include "apiclient.h"
#include "workflowgraph.h"
#include "workflows/definition.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace dc::ui {

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
    connect(m_graph, &WorkflowGraph::connectRequested, this, &WorkflowEditor::connectSteps);

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
    QAction *layoutAct = bar->addAction(tr("Arrange"));
    connect(openAct, &QAction::triggered, this, [this] { open(m_workflows->currentText()); });
    connect(copyAct, &QAction::triggered, this, [this] { open(m_workflows->currentText(), true); });
    connect(saveAct, &QAction::triggered, this, &WorkflowEditor::save);
    connect(addAct, &QAction::triggered, this,
            [this] { addStep(m_agent->currentText(), m_action->currentText()); });
    connect(delAct, &QAction::triggered, this, [this] {
        if (!m_step.isEmpty())
            removeStep(m_step);
    });
    connect(layoutAct, &QAction::triggered, m_graph, &WorkflowGraph::autoLayout);
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (m_name->text() != m_doc.value(QStringLiteral("name")).toString()) {
            QJsonObject d = m_doc;
            d.insert(QStringLiteral("name"), m_name->text());
            change(d, tr("Rename the workflow"));
        }
    });

    // The property panel.
    auto *panel = new QWidget(this);
    auto *form = new QFormLayout(panel);
    m_stepName = new QLineEdit(panel);
    m_agent = new QComboBox(panel);
    m_agent->setObjectName(QStringLiteral("agentField"));
    m_action = new QComboBox(panel);
    m_action->setObjectName(QStringLiteral("actionField"));
    m_input = new QPlainTextEdit(panel);
    m_input->setObjectName(QStringLiteral("inputField"));
    m_input->setPlaceholderText(
        tr("JSON, templates allowed: {\"order_id\": \"{{ trigger.data.order_id }}\"}"));
    m_when = new QLineEdit(panel);
    m_when->setPlaceholderText(tr("expression; empty: always"));
    m_attempts = new QSpinBox(panel);
    m_attempts->setRange(1, 100);
    m_backoff = new QComboBox(panel);
    m_backoff->addItem(tr("exponential"), QStringLiteral("exponential"));
    m_backoff->addItem(tr("fixed"), QStringLiteral("fixed"));
    form->addRow(tr("Step:"), m_stepName);
    form->addRow(tr("Agent:"), m_agent);
    form->addRow(tr("Action:"), m_action);
    form->addRow(tr("Input:"), m_input);
    form->addRow(tr("When:"), m_when);
    form->addRow(tr("Attempts:"), m_attempts);
    form->addRow(tr("Backoff:"), m_backoff);
    auto *applyButton = new QPushButton(tr("Apply"), panel);
    form->addRow(applyButton);
    connect(applyButton, &QPushButton::clicked, this, &WorkflowEditor::commitPanel);
    connect(m_stepName, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_when, &QLineEdit::editingFinished, this, &WorkflowEditor::commitPanel);
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
    connect(m_attempts, &QSpinBox::editingFinished, this, &WorkflowEditor::commitPanel);
    connect(m_backoff, &QComboBox::activated, this, &WorkflowEditor::commitPanel);

    m_errorList = new QListWidget(this);
    m_errorList->setObjectName(QStringLiteral("validationErrors"));
    m_errorList->setMaximumHeight(110);
    connect(m_errorList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *i) { m_graph->selectStep(i->data(Qt::UserRole).toString()); });
    m_status = new QLabel(this);

    auto *split = new QSplitter(this);
    split->addWidget(m_graph);
    split->addWidget(panel);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({900, 360});
    panel->setMaximumWidth(520);
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
    // Fields losing focus while the editor is destroyed emit editingFinished().
    for (QObject *field : std::initializer_list<QObject *>{m_name, m_stepName, m_when, m_attempts})
        field->disconnect(this);
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
        const QSignalBlocker b(m_agent);
        m_loadingPanel = true;
        m_agent->clear();
        m_agent->addItems(m_catalog.keys());
        m_loadingPanel = false;
        emit m_agent->currentTextChanged(m_agent->currentText());
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

void WorkflowEditor::apply(const QJsonObject &doc)
{
    m_doc = doc;
    m_name->setText(doc.value(QStringLiteral("name")).toString());
    m_graph->setSteps(doc.value(QStringLiteral("steps")).toArray(),
                      WorkflowGraph::impliedDependencies(doc));
    if (stepIndex(m_step) < 0)
        m_step.clear();
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
        QJsonArray deps = st.value(QStringLiteral("depends_on")).toArray();
        for (int j = int(deps.size()) - 1; j >= 0; --j)
            if (deps.at(j).toString() == name)
                deps.removeAt(j);
        if (st.contains(QStringLiteral("depends_on"))) {
            if (deps.isEmpty())
                st.remove(QStringLiteral("depends_on"));
            else
                st.insert(QStringLiteral("depends_on"), deps);
        }
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
    QJsonArray deps = st.value(QStringLiteral("depends_on")).toArray();
    if (deps.contains(from))
        return;
    deps.append(from);
    st.insert(QStringLiteral("depends_on"), deps);
    steps[i] = st;
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    change(d, tr("%1 depends on %2").arg(to, from));
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
        // Renaming keeps the edges: dependencies follow the new name.
        const QString to = value.toString();
        for (int k = 0; k < steps.size(); ++k) {
            QJsonObject o = steps.at(k).toObject();
            QJsonArray deps = o.value(QStringLiteral("depends_on")).toArray();
            for (int j = 0; j < deps.size(); ++j)
                if (deps.at(j).toString() == step)
                    deps[j] = to;
            if (o.contains(QStringLiteral("depends_on")))
                o.insert(QStringLiteral("depends_on"), deps);
            steps[k] = o;
        }
        d.insert(QStringLiteral("steps"), steps);
        m_step = to;
    }
    change(d, tr("Edit %1 of %2").arg(field, step));
}

void WorkflowEditor::showStep(const QString &name)
{
    m_step = name;
    const int i = stepIndex(name);
    const QJsonObject st =
        i >= 0 ? m_doc.value(QStringLiteral("steps")).toArray().at(i).toObject() : QJsonObject();
    m_loadingPanel = true;
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_stepName, m_input, m_when, m_attempts, m_backoff})
        w->setEnabled(i >= 0);
    m_stepName->setText(st.value(QStringLiteral("name")).toString());
    m_agent->setCurrentText(st.value(QStringLiteral("agent")).toString());
    m_action->setCurrentText(st.value(QStringLiteral("action")).toString());
    const QJsonValue input = st.value(QStringLiteral("input"));
    m_input->setPlainText(
        input.isUndefined() ? QString()
        : input.isObject()  ? QString::fromUtf8(QJsonDocument(input.toObject()).toJson())
        : input.isArray()   ? QString::fromUtf8(QJsonDocument(input.toArray()).toJson())
                            : QString::fromUtf8(QJsonDocument(QJsonArray{input})
                                                    .toJson(QJsonDocument::Compact)
                                                    .mid(1)
                                                    .chopped(1)));
    m_when->setText(st.value(QStringLiteral("when")).toString());
    const QJsonObject retry = st.value(QStringLiteral("retry")).toObject();
    m_attempts->setValue(retry.value(QStringLiteral("max_attempts")).toInt(1));
    m_backoff->setCurrentIndex(std::max(
        0, m_backoff->findData(
               retry.value(QStringLiteral("backoff")).toString(QStringLiteral("exponential")))));
    m_loadingPanel = false;
}

void WorkflowEditor::commitPanel()
{
    if (m_loadingPanel || m_step.isEmpty() || stepIndex(m_step) < 0)
        return;
    const int i = stepIndex(m_step);
    QJsonArray steps = m_doc.value(QStringLiteral("steps")).toArray();
    QJsonObject st = steps.at(i).toObject();
    const QString oldName = m_step;
    st.insert(QStringLiteral("agent"), m_agent->currentText());
    st.insert(QStringLiteral("action"), m_action->currentText());
    const QByteArray inputText = m_input->toPlainText().trimmed().toUtf8();
    if (inputText.isEmpty()) {
        st.remove(QStringLiteral("input"));
    } else {
        QJsonParseError err{};
        const QJsonDocument parsed = QJsonDocument::fromJson(inputText, &err);
        if (err.error != QJsonParseError::NoError) {
            m_status->setText(tr("Input is not valid JSON (at character %1): %2")
                                  .arg(err.offset)
                                  .arg(err.errorString()));
            return;
        }
        st.insert(QStringLiteral("input"),
                  parsed.isObject() ? QJsonValue(parsed.object()) : QJsonValue(parsed.array()));
    }
    if (m_when->text().trimmed().isEmpty())
        st.remove(QStringLiteral("when"));
    else
        st.insert(QStringLiteral("when"), m_when->text().trimmed());
    if (m_attempts->value() > 1)
        st.insert(QStringLiteral("retry"),
                  QJsonObject{{QStringLiteral("max_attempts"), m_attempts->value()},
                              {QStringLiteral("backoff"), m_backoff->currentData().toString()}});
    else
        st.remove(QStringLiteral("retry"));
    steps[i] = st;
    QJsonObject d = m_doc;
    d.insert(QStringLiteral("steps"), steps);
    change(d, tr("Edit step %1").arg(oldName));
    const QString newName = m_stepName->text().trimmed();
    if (!newName.isEmpty() && newName != oldName)
        setStepField(oldName, QStringLiteral("name"), newName);
}

void WorkflowEditor::scheduleValidation()
{
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

} // namespace dc::ui
