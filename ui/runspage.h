// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs: a workflow's runs (newest first, live, with the version of the definition each ran), and
// the selected run as the workflow's graph with each step's live state, duration, input, output
// and error; retry from the failed step, cancel; retry many failed runs at once
// (BulkRetryDialog).
#include "jsontablemodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace dc::ui {

class PayloadView;

class ApiClient;
class BulkRetryDialog;
class WorkflowGraph;

class RunsModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Version, State, Started, Duration, Failed, ColumnCount };
    explicit RunsModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

class RunsPage : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPage(ApiClient &api, QWidget *parent = nullptr);
    void showWorkflow(const QString &name);
    void showRun(qint64 id);
    RunsModel *model() const { return m_model; }
    WorkflowGraph *graph() const { return m_graph; }
    QTextBrowser *stepDetail() const { return m_stepDetail; }
    // The selected step's input and output, loaded as they are expanded.
    PayloadView *inputView() const { return m_input; }
    PayloadView *outputView() const { return m_output; }
    qint64 currentRun() const { return m_run; }
    QString runState() const { return m_runJson.value(QStringLiteral("state")).toString(); }
    // "Retry failed…": opens the dialog (not modal) and returns it.
    BulkRetryDialog *openBulkRetry();
    QString statusText() const;

signals:
    void runShown(qint64 id, const QString &state);

private:
    void reloadRuns();
    void renderRun();
    void showStepDetail(const QString &step);

    ApiClient &m_api;
    QComboBox *m_workflows;
    RunsModel *m_model;
    QTableView *m_view;
    WorkflowGraph *m_graph;
    QTextBrowser *m_stepDetail;
    QTabWidget *m_payloads;
    PayloadView *m_input;
    PayloadView *m_output;
    QString m_shownStep; // whose payloads the tabs show (not reloaded on a live refresh)
    qint64 m_shownRun = 0;
    QString m_shownState;
    qint64 m_jumpedRun = 0; // the run whose failed step was selected for the operator
    QPushButton *m_retry;
    QPushButton *m_cancel;
    QPushButton *m_bulkRetry;
    QLabel *m_status;
    QTimer *m_reload;
    QString m_workflow;
    qint64 m_run = 0;
    QJsonObject m_runJson;
    QJsonObject m_definition;
    QJsonArray m_workflowList; // GET /api/workflows: names and steps, for the bulk retry
    int m_generation = 0;
};

} // namespace dc::ui
