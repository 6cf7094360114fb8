// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A dry run of a workflow (POST /api/workflow-dry-run): against a recorded event, chosen among
// the recent events of the trigger's topic (a pattern the operator may change), or against a
// manual input. Each step is listed with its action, whether its condition holds (yes, no or
// unknown: it reads an earlier step's output), its for_each items and its problems; the
// selected step's rendered input is shown as indented JSON, earlier steps' outputs in it as
// "<output of step NAME.path>". Nothing runs: the server only renders.
#include <QAbstractTableModel>
#include <QDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTableView;

namespace dc::ui {

class ApiClient;
struct ApiReply;

// The recorded events to choose from (GET /api/events rows), newest first.
class DryRunEventsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Time, Topic, Key, ColumnCount };

    explicit DryRunEventsModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    {}
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void setEvents(const QList<QJsonObject> &events);
    qint64 idAt(int row) const;

private:
    QList<QJsonObject> m_events;
};

// The steps of a dry run's answer, in the order they would run.
class DryRunStepsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Action, When, Items, Problems, ColumnCount };

    explicit DryRunStepsModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    {}
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void setSteps(const QJsonArray &steps);
    QJsonObject step(int row) const { return m_steps.value(row); }
    int rowOf(const QString &name) const; // -1 when no step has that name

private:
    QList<QJsonObject> m_steps;
};

class DryRunDialog : public QDialog
{
    Q_OBJECT
public:
    // definitionYaml: the text to dry-run (the editor's, saved or not); empty: the stored
    // definition of `workflow`.
    DryRunDialog(ApiClient &api, const QString &workflow, const QByteArray &definitionYaml,
                 QWidget *parent = nullptr);

    QTableView *eventsView() const { return m_events; }
    DryRunEventsModel *eventsModel() const { return m_eventsModel; }
    QLineEdit *topicEdit() const { return m_topic; }
    QRadioButton *eventButton() const { return m_useEvent; }
    QRadioButton *manualButton() const { return m_useInput; }
    QPlainTextEdit *inputEdit() const { return m_input; }
    QPushButton *startButton() const { return m_start; }
    QTableView *stepsView() const { return m_steps; }
    DryRunStepsModel *stepsModel() const { return m_stepsModel; }
    // The selected step's rendered input, as indented JSON.
    QPlainTextEdit *stepInputView() const { return m_stepInput; }
    // What the last dry run gave (or why it was refused).
    QLabel *statusLabel() const { return m_status; }
    // How the search for recorded events went.
    QLabel *eventsStatusLabel() const { return m_eventsStatus; }
    QLabel *warningsLabel() const { return m_warnings; }
    QLabel *problemsLabel() const { return m_problems; }
    // The trigger's topic pattern, the events' first filter (empty: none, or not known yet).
    QString triggerTopic() const { return m_triggerTopic; }
    // The last dry run's answer; empty before the first.
    QJsonObject result() const { return m_result; }

    // Lists the recent events of the topic pattern in the search box.
    void loadEvents();
    // Selects the step of that name and shows its input.
    void showStep(const QString &name);

signals:
    void resultShown(const QJsonObject &result);

private:
    void setTriggerTopic(const QByteArray &definitionYaml);
    void fetchEvents(int generation, int window, qint64 after, QList<QJsonObject> newest,
                     int requests);
    void updateStart();
    void start();
    void showResult(const QJsonObject &result);
    void showSelectedStep();
    QString refusal(const ApiReply &reply) const;

    ApiClient &m_api;
    QString m_workflow;
    QByteArray m_definition;
    QString m_triggerTopic;
    QRadioButton *m_useEvent;
    QLineEdit *m_topic;
    QPushButton *m_search;
    QTableView *m_events;
    DryRunEventsModel *m_eventsModel;
    QLabel *m_eventsStatus;
    QRadioButton *m_useInput;
    QPlainTextEdit *m_input;
    QPushButton *m_start;
    QLabel *m_status;
    QLabel *m_warnings;
    QTableView *m_steps;
    DryRunStepsModel *m_stepsModel;
    QLabel *m_stepNote;
    QLabel *m_problems;
    QPlainTextEdit *m_stepInput;
    QJsonObject m_result;
    int m_eventsGeneration = 0;
    int m_runGeneration = 0;
    bool m_running = false;
};

} // namespace dc::ui
