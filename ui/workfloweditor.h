// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The visual workflow editor: the definition as a graph and a property panel. With no step
// selected the panel shows the workflow itself (description; trigger: an event with its key and
// filter, a schedule, or manual only); with one, the step (agent, action, input, when, for_each,
// on_error, timeout, retry, its dependencies, which can be removed). Steps are copied and pasted
// through the clipboard (their JSON). Live validation against the server's agents with the
// errors on the nodes, undo/redo of every change, automatic layout, a dry run of the text as
// edited, and saving as YAML (the server validates again and stores it, each changed text a new
// version). A shipped workflow is the start of a new one; an older version can be compared and
// restored (WorkflowVersionsDialog).
#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTimer;
class QUndoStack;

namespace dc::ui {

class ApiClient;
class DryRunDialog;
class WorkflowGraph;
class WorkflowVersionsDialog;

class WorkflowEditor : public QWidget
{
    Q_OBJECT
public:
    explicit WorkflowEditor(ApiClient &api, QWidget *parent = nullptr);
    ~WorkflowEditor() override;

    // The document being edited (what Save writes, as YAML).
    QJsonObject document() const { return m_doc; }
    QByteArray yaml() const;
    // Loads a definition (YAML or JSON text); false with the error shown when it cannot be read.
    bool loadText(const QByteArray &text);
    // Fetches a workflow from the server; asNew: a copy under a new name.
    void open(const QString &name, bool asNew = false);
    void save();
    // "Versions…": the saved versions of the workflow being edited (not modal to the app;
    // deleted on close). A version restored there is loaded here.
    WorkflowVersionsDialog *openVersions();
    // "Dry run…": the definition as edited, saved or not (window-modal; deleted on close).
    DryRunDialog *openDryRun();
    WorkflowGraph *graph() const { return m_graph; }
    QUndoStack *undoStack() const { return m_undo; }
    QStringList validationErrors() const { return m_errors; }
    // The step the panel shows; empty when it shows the workflow's own properties.
    QString currentStep() const { return m_step; }

    // Edits (each one undoable).
    void addStep(const QString &agent, const QString &action);
    void removeStep(const QString &name);
    void connectSteps(const QString &from, const QString &to);
    // `step` no longer depends on `dependency` (explicitly: a template reading its output
    // still makes it one).
    void removeDependency(const QString &step, const QString &dependency);
    void setStepField(const QString &step, const QString &field, const QJsonValue &value);
    // The step as JSON on the clipboard (application/json, and as text); false when no such step.
    bool copyStep(const QString &name);
    // The clipboard's step as a new one: a free name ("x_copy", "x_copy2", ...), no dependencies,
    // beside the original. Its name; empty when the clipboard holds no step.
    QString pasteStep();

signals:
    void validated(bool valid);
    void saved(bool ok, const QString &message);
    void loaded();

protected:
    // The input field commits when it loses the focus: selecting another step (or a late
    // answer redrawing the panel) must not drop JSON typed there.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    friend class DocumentCommand;
    void createWorkflowPanel();
    void createStepPanel();
    void apply(const QJsonObject &doc); // shows a document (undo/redo and edits)
    void change(const QJsonObject &doc, const QString &what);
    void scheduleValidation();
    void validate();
    void showStep(const QString &name);
    void showWorkflow();
    void commitPanel();
    void commitWorkflow();
    void removeSelectedDependency();
    void updateCronPreview();
    void showFieldError(const QString &message);
    void clearFieldError();
    int stepIndex(const QString &name) const;
    QString uniqueCopyName(const QString &name) const;
    void loadCatalog();

    ApiClient &m_api;
    QJsonObject m_doc;
    QHash<QString, QStringList> m_implied; // step -> steps its templates read
    QUndoStack *m_undo;
    WorkflowGraph *m_graph;
    QComboBox *m_workflows;
    QLineEdit *m_name;
    QLabel *m_status;
    QListWidget *m_errorList;
    QAction *m_copyAct;
    QAction *m_pasteAct;
    QStackedWidget *m_panels; // the workflow's panel, or the selected step's
    QWidget *m_workflowPanel;
    QWidget *m_stepPanel;
    QLabel *m_fieldError; // why a field's text was refused
    // The workflow's panel.
    QLineEdit *m_description;
    QComboBox *m_triggerKind;
    QStackedWidget *m_triggerPages;
    QComboBox *m_event;
    QLineEdit *m_triggerKey;
    QLineEdit *m_filter;
    QLineEdit *m_cron;
    QComboBox *m_timezone;
    QComboBox *m_missed;
    QLabel *m_cronPreview;
    // The selected step's panel.
    QString m_step;
    QLineEdit *m_stepName;
    QComboBox *m_agent;
    QComboBox *m_action;
    QPlainTextEdit *m_input;
    QString m_inputShown; // the input as shown: unchanged text keeps the input as written
    QLineEdit *m_when;
    QLineEdit *m_forEach;
    QComboBox *m_onError;
    QLineEdit *m_timeout;
    QSpinBox *m_attempts;
    QComboBox *m_backoff;
    QLineEdit *m_delay;
    QListWidget *m_deps;
    QPushButton *m_removeDep;
    QJsonObject m_catalog; // agent -> [actions]
    QStringList m_errors;
    int m_validation = 0;
    bool m_loadingPanel = false;
    QTimer *m_validateTimer;
};

} // namespace dc::ui
