// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Workflow definitions: one schema for YAML and JSON (parsed with yaml-cpp, which reads both),
// validated on load. Every error carries the file, line and column it comes from; a definition
// that does not validate is never run. definition.cpp reads and validates; definitionwriter.cpp
// writes a document back as YAML for the editor.
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QStringList>

#include <expected>
#include <functional>
#include <optional>

namespace dc::workflows {

struct SourcePos
{
    int line = 0;   // 1-based; 0 when unknown
    int column = 0; // 1-based
};

struct ValidationError
{
    QString file;
    SourcePos pos;
    QString path; // where in the document: "steps[2].depends_on[0]"
    QString message;
    QString toString() const; // "file:line:column: path: message"
    QJsonObject toJson() const;
};

struct RetrySpec
{
    int maxAttempts = 1;
    QString backoff = QStringLiteral("exponential"); // exponential | fixed
    qint64 delayMs = 1000;
};

struct StepDef
{
    QString name;
    QString agent;
    QString action;
    QJsonValue input;        // may hold templates
    QStringList dependsOn;   // as written
    QStringList impliedDeps; // from template references
    QString when;            // expression; empty: always
    std::optional<RetrySpec> retry;
    qint64 timeoutMs = 0;
    QString onError = QStringLiteral("fail"); // fail | continue | <step name>
    QString forEach; // expression giving a list; the step runs once per item
    SourcePos pos;
    QStringList allDeps() const;
};

struct ErrorHandler
{
    QString onError; // the step whose failure triggers it
    QString agent = QStringLiteral("system");
    QString action;
    QJsonValue input;
    SourcePos pos;
};

struct TriggerDef
{
    enum class Kind { Manual, Event, Schedule };
    Kind kind = Kind::Manual;
    QString event;  // topic pattern
    QString filter; // expression over the event
    QString key;    // template giving the dedupe key (default for events: the event key)
    QString cron;   // five fields
    QString timezone = QStringLiteral("UTC");
    QString missed = QStringLiteral("run_once"); // run_once | skip
};

struct WorkflowDefinition
{
    QString name;
    QString description;
    TriggerDef trigger;
    QList<StepDef> steps;
    QList<ErrorHandler> errorHandling;
    QJsonObject outputs;
    QStringList order; // a topological order of the steps
    const StepDef *step(const QString &name) const;
};

// Which agents and actions exist: returns an error message for an unknown pair.
using ActionCatalog =
    std::function<std::optional<QString>(const QString &agent, const QString &action)>;

// Parses and validates. Budgets: 1 MiB of text, 100,000 nodes, nesting 64, 500 steps.
std::expected<WorkflowDefinition, QList<ValidationError>>
loadWorkflow(const QByteArray &text, const QString &fileName, const ActionCatalog &catalog);

// For editors: the document as JSON, parsed with the same budgets but not validated (a YAML
// syntax error is the one possible error), and written back as YAML. Round trip:
// parseWorkflowDocument(workflowToYaml(d)) == d for any document parseWorkflowDocument gives.
std::expected<QJsonObject, QList<ValidationError>> parseWorkflowDocument(const QByteArray &text,
                                                                         const QString &fileName);
QByteArray workflowToYaml(const QJsonObject &document);

} // namespace dc::workflows
