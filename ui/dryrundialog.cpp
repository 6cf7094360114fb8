// SPDX-License-Identifier: GPL-3.0-or-later
#include "dryrundialog.h"

#include "apiclient.h"
#include "jsontablemodel.h"
#include "look.h"
#include "workflows/definition.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace dc::ui {

namespace {

constexpr int kShownEvents = 50;
// GET /api/events answers oldest first: the newest events are looked for in widening windows
// (the last hour, day, week and month, then the whole log), each read to its end.
constexpr std::array<int, 4> kWindowHours{1, 24, 24 * 7, 24 * 30};
constexpr int kMaxEventRequests = 20; // then the newest of what was read is shown

QStringList texts(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out << v.toString();
    return out;
}

// Labels showing the server's words: never read as rich text ("<output of step a>" is no tag).
QLabel *plainLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

// --- DryRunEventsModel

int DryRunEventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int DryRunEventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DryRunEventsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &e = m_events.at(index.row());
    if (role == Qt::ToolTipRole)
        return QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("data")).toObject())
                                     .toJson(QJsonDocument::Indented));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id:
        return e.value(QStringLiteral("id")).toInteger();
    case Time:
        return QLocale().toString(
            QDateTime::fromString(e.value(QStringLiteral("created_at")).toString(),
                                  Qt::ISODateWithMs)
                .toLocalTime(),
            QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Topic:
        return e.value(QStringLiteral("topic")).toString();
    case Key:
        return e.value(QStringLiteral("key")).toString();
    default:
        return {};
    }
}

QVariant DryRunEventsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Id:
        return tr("Id");
    case Time:
        return tr("Time");
    case Topic:
        return tr("Topic");
    case Key:
        return tr("Key");
    default:
        return {};
    }
}

void DryRunEventsModel::setEvents(const QList<QJsonObject> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

qint64 DryRunEventsModel::idAt(int row) const
{
    return m_events.value(row).value(QStringLiteral("id")).toInteger();
}

// --- DryRunStepsModel

int DryRunStepsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

int DryRunStepsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DryRunStepsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &s = m_steps.at(index.row());
    const QStringList problems = texts(s.value(QStringLiteral("problems")));
    if (role == Qt::ForegroundRole) {
        if (index.column() != Problems || problems.isEmpty())
            return {};
        return look::toneColour(look::Tone::Failure, look::isDark(QPalette()));
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Problems && !problems.isEmpty())
            return problems.join(QLatin1Char('\n'));
        if (index.column() == When && s.contains(QStringLiteral("skip_reason")))
            return s.value(QStringLiteral("skip_reason")).toString();
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return s.value(QStringLiteral("name")).toString();
    case Action:
        return QString(s.value(QStringLiteral("agent")).toString() + QLatin1Char('.') +
                       s.value(QStringLiteral("action")).toString());
    case When: {
        const QJsonValue w = s.value(QStringLiteral("when"));
        if (!w.isBool())
            return tr("unknown");
        return w.toBool() ? tr("yes") : tr("no");
    }
    case Items: {
        const QJsonValue n = s.value(QStringLiteral("for_each_items"));
        if (n.isDouble())
            return n.toInteger();
        // Only for_each steps have "inputs": their list could not be computed.
        return s.contains(QStringLiteral("inputs")) ? tr("unknown") : QString();
    }
    case Problems:
        if (problems.size() <= 1)
            return problems.value(0);
        return tr("%1 (and %n more)", nullptr, int(problems.size() - 1)).arg(problems.first());
    default:
        return {};
    }
}

QVariant DryRunStepsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Name:
        return tr("Step");
    case Action:
        return tr("Action");
    case When:
        return tr("When");
    case Items:
        return tr("Items");
    case Problems:
        return tr("Problems");
    default:
        return {};
    }
}

void DryRunStepsModel::setSteps(const QJsonArray &steps)
{
    beginResetModel();
    m_steps.clear();
    for (const QJsonValue &s : steps)
        m_steps << s.toObject();
    endResetModel();
}

int DryRunStepsModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_steps.size(); ++i)
        if (m_steps.at(i).value(QStringLiteral("name")).toString() == name)
            return i;
    return -1;
}

// --- DryRunDialog

DryRunDialog::DryRunDialog(ApiClient &api, const QString &workflow,
                           const QByteArray &definitionYaml, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_workflow(workflow)
    , m_definition(definitionYaml)
{
    setObjectName(QStringLiteral("DryRunDialog"));
    setWindowTitle(workflow.isEmpty() ? tr("Dry run") : tr("Dry run of %1").arg(workflow));

    m_useEvent = new QRadioButton(tr("Recorded event"), this);
    m_useEvent->setObjectName(QStringLiteral("dryRunUseEvent"));
    m_useEvent->setChecked(true);
    m_topic = new QLineEdit(this);
    m_topic->setObjectName(QStringLiteral("dryRunTopic"));
    m_topic->setPlaceholderText(tr("Topic pattern (order.*, ext.#); empty: every topic"));
    m_search = new QPushButton(tr("Search"), this);
    m_search->setObjectName(QStringLiteral("dryRunSearch"));
    m_eventsModel = new DryRunEventsModel(this);
    m_events = makeRowTable(m_eventsModel, this);
    m_events->setObjectName(QStringLiteral("dryRunEvents"));
    m_eventsStatus = plainLabel(this);
    m_eventsStatus->setObjectName(QStringLiteral("dryRunEventsStatus"));
    m_useInput = new QRadioButton(tr("Manual input"), this);
    m_useInput->setObjectName(QStringLiteral("dryRunUseInput"));
    m_input = new QPlainTextEdit(this);
    m_input->setObjectName(QStringLiteral("dryRunInput"));
    m_input->setPlaceholderText(tr("The run's input, a JSON object"));
    m_input->setPlainText(QStringLiteral("{}"));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setEnabled(false);
    m_start = new QPushButton(tr("Dry run"), this);
    m_start->setObjectName(QStringLiteral("dryRunStart"));
    m_start->setToolTip(tr("Renders every step as a run would, without running anything"));
    m_start->setEnabled(false);
    m_status = plainLabel(this);
    m_status->setObjectName(QStringLiteral("dryRunStatus"));
    m_warnings = plainLabel(this);
    m_warnings->setObjectName(QStringLiteral("dryRunWarnings"));
    m_warnings->hide();
    m_stepsModel = new DryRunStepsModel(this);
    m_steps = makeRowTable(m_stepsModel, this);
    m_steps->setObjectName(QStringLiteral("dryRunSteps"));
    m_problems = plainLabel(this);
    m_problems->setObjectName(QStringLiteral("dryRunProblems"));
    QPalette red = m_problems->palette();
    red.setColor(QPalette::WindowText, look::toneColour(look::Tone::Failure, look::isDark(red)));
    m_problems->setPalette(red);
    m_problems->hide();
    m_stepNote = plainLabel(this);
    m_stepNote->setObjectName(QStringLiteral("dryRunStepNote"));
    m_stepNote->hide();
    m_stepInput = new QPlainTextEdit(this);
    m_stepInput->setObjectName(QStringLiteral("dryRunStepInput"));
    m_stepInput->setReadOnly(true);
    m_stepInput->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    // Return in the topic box searches; it must not press a button of the dialog.
    for (QPushButton *b : {m_search, m_start, buttons->button(QDialogButtonBox::Close)})
        b->setAutoDefault(false);

    auto *eventRow = new QHBoxLayout;
    eventRow->addWidget(m_useEvent);
    eventRow->addWidget(m_topic, 1);
    eventRow->addWidget(m_search);
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_start);
    startRow->addWidget(m_status, 1);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_problems);
    detailLayout->addWidget(m_stepNote);
    detailLayout->addWidget(m_stepInput, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_steps);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(eventRow);
    layout->addWidget(m_events, 2);
    layout->addWidget(m_eventsStatus);
    layout->addWidget(m_useInput);
    layout->addWidget(m_input, 1);
    layout->addLayout(startRow);
    layout->addWidget(m_warnings);
    layout->addWidget(split, 4);
    layout->addWidget(buttons);
    resize(1000, 760);

    connect(m_search, &QPushButton::clicked, this, &DryRunDialog::loadEvents);
    connect(m_topic, &QLineEdit::returnPressed, this, &DryRunDialog::loadEvents);
    connect(m_useInput, &QRadioButton::toggled, this, [this](bool manual) {
        m_input->setEnabled(manual);
        m_events->setEnabled(!manual);
        m_topic->setEnabled(!manual);
        m_search->setEnabled(!manual);
        updateStart();
    });
    connect(m_events->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DryRunDialog::updateStart);
    connect(m_events, &QTableView::doubleClicked, this, &DryRunDialog::start);
    connect(m_steps->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DryRunDialog::showSelectedStep);
    connect(m_start, &QPushButton::clicked, this, &DryRunDialog::start);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (!m_definition.isEmpty()) {
        setTriggerTopic(m_definition);
        loadEvents();
        return;
    }
    // The stored definition's trigger gives the events' first filter.
    m_eventsStatus->setText(tr("Reading the definition…"));
    m_api.get(QStringLiteral("/api/workflows/%1/definition")
                  .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_workflow))),
              this, [this](const ApiReply &r) {
                  if (r.ok())
                      setTriggerTopic(r.raw);
                  loadEvents();
              });
}

void DryRunDialog::setTriggerTopic(const QByteArray &definitionYaml)
{
    // Parsed here (the editor's own reader): the text may not be saved, or even valid yet.
    auto doc = workflows::parseWorkflowDocument(definitionYaml, QStringLiteral("definition"));
    m_triggerTopic = doc ? doc->value(QStringLiteral("trigger"))
                               .toObject()
                               .value(QStringLiteral("event"))
                               .toString()
                         : QString();
    m_topic->setText(m_triggerTopic);
}

void DryRunDialog::loadEvents()
{
    m_eventsStatus->setText(tr("Looking for the recent events…"));
    fetchEvents(++m_eventsGeneration, 0, 0, {}, 0);
}

void DryRunDialog::fetchEvents(int generation, int window, qint64 after, QList<QJsonObject> newest,
                               int requests)
{
    QStringList query{QStringLiteral("limit=1000")};
    const QString topic = m_topic->text().trimmed();
    if (!topic.isEmpty() && topic != QLatin1String("#"))
        query << QStringLiteral("topic=") + QString::fromLatin1(QUrl::toPercentEncoding(topic));
    if (window < int(kWindowHours.size())) {
        const QDateTime since =
            QDateTime::currentDateTimeUtc().addSecs(-3600LL * kWindowHours.at(window));
        query << QStringLiteral("since=") + QString::fromLatin1(QUrl::toPercentEncoding(
                                                since.toString(Qt::ISODateWithMs)));
    }
    if (after > 0)
        query << QStringLiteral("after=%1").arg(after);
    m_api.get(QStringLiteral("/api/events?") + query.join(QLatin1Char('&')), this,
              [this, generation, window, newest, requests](const ApiReply &r) mutable {
                  if (generation != m_eventsGeneration)
                      return; // another search started meanwhile
                  if (!r.ok()) {
                      m_eventsStatus->setText(tr("The events could not be read: %1").arg(r.error));
                      return;
                  }
                  for (const QJsonValue &v : r.json.value(QStringLiteral("events")).toArray()) {
                      newest << v.toObject();
                      if (newest.size() > kShownEvents)
                          newest.removeFirst();
                  }
                  const bool more = r.json.value(QStringLiteral("next_after")).isDouble();
                  if (requests + 1 < kMaxEventRequests) {
                      if (more) // the rest of this window
                          return fetchEvents(generation, window,
                                             r.json.value(QStringLiteral("next_after")).toInteger(),
                                             newest, requests + 1);
                      if (newest.size() < kShownEvents && window < int(kWindowHours.size()))
                          return fetchEvents(generation, window + 1, 0, {}, requests + 1);
                  }
                  std::reverse(newest.begin(), newest.end()); // newest first
                  m_eventsModel->setEvents(newest);
                  if (newest.isEmpty())
                      m_eventsStatus->setText(
                          m_topic->text().trimmed().isEmpty()
                              ? tr("No event is recorded.")
                              : tr("No event of %1 is recorded.").arg(m_topic->text().trimmed()));
                  else
                      m_eventsStatus->setText(
                          tr("%n recent event(s).", nullptr, int(newest.size())));
                  if (!newest.isEmpty())
                      m_events->selectRow(0);
                  updateStart();
              });
}

void DryRunDialog::updateStart()
{
    const bool chosen =
        m_useInput->isChecked() || !m_events->selectionModel()->selectedRows().isEmpty();
    m_start->setEnabled(chosen && !m_running);
}

void DryRunDialog::start()
{
    if (m_running)
        return;
    QJsonObject body;
    if (!m_definition.isEmpty())
        body.insert(QStringLiteral("definition"), QString::fromUtf8(m_definition));
    else
        body.insert(QStringLiteral("workflow"), m_workflow);
    if (m_useInput->isChecked()) {
        const QString text = m_input->toPlainText().trimmed();
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(
            text.isEmpty() ? QByteArrayLiteral("{}") : text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            m_status->setText(tr("The input is not JSON: %1 (at character %2)")
                                  .arg(error.errorString(), QString::number(error.offset + 1)));
            return;
        }
        if (!doc.isObject()) {
            m_status->setText(tr("The input must be a JSON object: {…}"));
            return;
        }
        body.insert(QStringLiteral("input"), doc.object());
    } else {
        const QModelIndexList rows = m_events->selectionModel()->selectedRows();
        if (rows.isEmpty()) {
            m_status->setText(tr("Choose an event first."));
            return;
        }
        body.insert(QStringLiteral("event_id"), m_eventsModel->idAt(rows.first().row()));
    }
    const int generation = ++m_runGeneration;
    m_running = true;
    updateStart();
    m_status->setText(tr("Rendering the steps…"));
    m_api.send("POST", QStringLiteral("/api/workflow-dry-run"), body, this,
               [this, generation](const ApiReply &r) {
                   if (generation != m_runGeneration)
                       return;
                   m_running = false;
                   updateStart();
                   if (!r.ok()) {
                       m_status->setText(refusal(r));
                       return;
                   }
                   showResult(r.json);
               });
}

QString DryRunDialog::refusal(const ApiReply &r) const
{
    // A definition that does not validate: its first error, where it is.
    const QJsonObject first = r.json.value(QStringLiteral("errors")).toArray().at(0).toObject();
    const int line = first.value(QStringLiteral("line")).toInt();
    if (line > 0)
        return tr("The definition does not validate: line %1, column %2: %3")
            .arg(QString::number(line),
                 QString::number(first.value(QStringLiteral("column")).toInt()),
                 first.value(QStringLiteral("reason")).toString());
    return tr("Refused: %1").arg(r.error);
}

void DryRunDialog::showResult(const QJsonObject &result)
{
    m_result = result;
    const QJsonArray steps = result.value(QStringLiteral("steps")).toArray();
    m_stepsModel->setSteps(steps);

    const QStringList warnings = texts(result.value(QStringLiteral("warnings")));
    QString warningText;
    for (const QString &w : warnings)
        warningText +=
            (warningText.isEmpty() ? tr("Warnings:") : QString()) + QStringLiteral("\n• ") + w;
    m_warnings->setText(warningText);
    m_warnings->setVisible(!warnings.isEmpty());

    int problems = 0;
    for (const QJsonValue &s : steps)
        problems += int(s.toObject().value(QStringLiteral("problems")).toArray().size());
    const QJsonObject event = result.value(QStringLiteral("event")).toObject();
    const QString from =
        event.isEmpty() ? tr("Manual input")
                        : tr("Event %1 (%2)")
                              .arg(QString::number(event.value(QStringLiteral("id")).toInteger()),
                                   event.value(QStringLiteral("topic")).toString());
    QString text =
        tr("%1: %n step(s) rendered, nothing was run.", nullptr, int(steps.size())).arg(from);
    if (const QString key = result.value(QStringLiteral("key")).toString(); !key.isEmpty())
        text += QLatin1Char(' ') + tr("The run's key would be %1.").arg(key);
    text += QLatin1Char(' ');
    text += problems == 0 ? tr("No problem found.") : tr("%n problem(s) found.", nullptr, problems);
    m_status->setText(text);

    if (!steps.isEmpty())
        m_steps->selectRow(0);
    showSelectedStep();
    emit resultShown(result);
}

void DryRunDialog::showStep(const QString &name)
{
    const int row = m_stepsModel->rowOf(name);
    if (row < 0)
        return;
    m_steps->selectRow(row);
    showSelectedStep();
}

void DryRunDialog::showSelectedStep()
{
    const QModelIndexList rows = m_steps->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_stepInput->clear();
        m_problems->clear();
        m_problems->hide();
        m_stepNote->clear();
        m_stepNote->hide();
        return;
    }
    const QJsonObject step = m_stepsModel->step(rows.first().row());
    const QJsonValue input = step.value(QStringLiteral("input"));
    if (input.toObject() == QJsonObject{{QStringLiteral("redacted"), true}})
        m_stepInput->setPlainText(tr("Hidden: your role may not read personal data."));
    else if (input.isObject())
        m_stepInput->setPlainText(
            QString::fromUtf8(QJsonDocument(input.toObject()).toJson(QJsonDocument::Indented)));
    else
        m_stepInput->setPlainText(tr("No input: for_each gives no item, no task would run."));

    QStringList notes;
    if (const QString reason = step.value(QStringLiteral("skip_reason")).toString();
        !reason.isEmpty())
        notes << tr("Would be skipped: %1.").arg(reason);
    else if (step.value(QStringLiteral("runs")).isNull())
        notes << tr("Whether it runs depends on what earlier steps give.");
    const QJsonValue items = step.value(QStringLiteral("for_each_items"));
    if (items.isDouble() && items.toInteger() > 1)
        notes << tr("The input of the first of %n item(s).", nullptr, int(items.toInteger()));
    const QStringList unknown = texts(step.value(QStringLiteral("unknown")));
    if (!unknown.isEmpty())
        notes << tr("Known only once the run gets there (shown as <…>): %1.")
                     .arg(unknown.join(QStringLiteral(", ")));
    m_stepNote->setText(notes.join(QLatin1Char('\n')));
    m_stepNote->setVisible(!notes.isEmpty());
    const QStringList problems = texts(step.value(QStringLiteral("problems")));
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
}

} // namespace dc::ui
