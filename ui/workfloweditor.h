// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The visual workflow editor: the definition as a graph, a property panel for the selected step
// (agent, action, input, when, retry), live validation against the server's agents with the
// errors on the nodes, undo/redo of every change, automatic layout, and saving as YAML (the
// server validates again and stores it). A shipped workflow is the start of a new one.
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;
class QUndoStack;
class QAction;

namespace dc::ui {

class ApiClient;
class WorkflowGraph;

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
    WorkflowGraph *graph() const { return m_graph; }
    QUndoStack *undoStack() const { return m_undo; }
    QStringList validationErrors() const { return m_errors; }

    // Edits (each one undoable).
    void addStep(const QString &agent, const QString &action);
    void removeStep(const QString &name);
    void connectSteps(const QString &from, const QString &to);
    void setStepField(const QString &step, const QString &field, const QJsonValue &value);

signals:
    void validated(bool valid);
    void saved(bool ok, const QString &message);
    void loaded();

private:
    friend class DocumentCommand;
    void apply(const QJsonObject &doc); // shows a document (undo/redo and edits)
    void change(const QJsonObject &doc, const QString &what);
    void scheduleValidation();
    void validate();
    void showStep(const QString &name);
    void commitPanel();
    int stepIndex(const QString &name) const;
    void loadCatalog();

    ApiClient &m_api;
    QJsonObject m_doc;
    QUndoStack *m_undo;
    WorkflowGraph *m_graph;
    QComboBox *m_workflows;
    QLineEdit *m_name;
    QLabel *m_status;
    QListWidget *m_errorList;
    // Property panel of the selected step.
    QString m_step;
    QLineEdit *m_stepName;
    QComboBox *m_agent;
    QComboBox *m_action;
    QPlainTextEdit *m_input;
    QLineEdit *m_when;
    QSpinBox *m_attempts;
    QComboBox *m_backoff;
    QJsonObject m_catalog; // agent -> [actions]
    QStringList m_errors;
    int m_validation = 0;
    bool m_loadingPanel = false;
    class QTimer *m_validateTimer;
};

} // namespace dc::ui
