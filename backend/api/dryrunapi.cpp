// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/dryrunapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "api/workflowsapi.h"
#include "core/jsonschema.h"
#include "events/eventlog.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"
#include "workflows/dryrun.h"
#include "workflows/engine.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace dc::api {

using namespace dc::workflows;

namespace {

// The text budget of a definition (the loader's own, in bytes, reports with a position).
constexpr int kMaxDefinitionChars = 1024 * 1024;

// One event of the log, read on the request's own reader connection.
std::expected<events::Event, QHttpServerResponse> recordedEvent(storage::Store &store, qint64 id)
{
    auto q = storage::exec(store.reader(),
                           QStringLiteral("SELECT ") + events::kEventColumns +
                               QStringLiteral(" FROM events WHERE id = ?"),
                           {id});
    if (!q)
        return std::unexpected(errorResponse(q.error()));
    if (!q->next())
        return std::unexpected(notFound(QStringLiteral("no event %1").arg(id)));
    return events::eventFromRow(*q);
}

// Reads only: the definition, the event and the registered actions. No run, task or event is
// created and no agent is called; the request is audited as every POST is.
QHttpServerResponse dryRunResponse(RequestContext &ctx, WorkflowEngine &engine,
                                   tasks::TaskManager &tasks, storage::Store &store, QObject &front,
                                   QThreadPool &pool)
{
    const QJsonObject &body = ctx.body; // held to the route's schema
    const std::optional<QString> text = textOf(body, QStringLiteral("definition"));
    // A definition's own text renders whatever it is written to render: trying one out is
    // editing, and takes what saving takes (a stored one was written by an editor already).
    if (text && !security::roleAllows(ctx.principal.role, QStringLiteral("workflows.edit"))) {
        ctx.securityEvent = QStringLiteral("permission_denied");
        ctx.auditDetail = {{QStringLiteral("permission"), QStringLiteral("workflows.edit")}};
        return forbidden(ctx.principal.role, QStringLiteral("workflows.edit"));
    }
    const std::optional<QString> stored = textOf(body, QStringLiteral("workflow"));
    if (text.has_value() == stored.has_value())
        return invalidField(QStringLiteral("workflow"),
                            QStringLiteral("give a stored workflow's name or a definition's "
                                           "text (one of them)"));
    const bool byEvent = body.contains(QStringLiteral("event_id"));
    if (byEvent && body.contains(QStringLiteral("input")))
        return invalidField(QStringLiteral("input"),
                            QStringLiteral("give an event_id or an input, not both: a run an "
                                           "event starts has no input"));
    // The rendered inputs come from the event's data: reading it takes what reading the event
    // log takes.
    if (byEvent && !security::roleAllows(ctx.principal.role, QStringLiteral("events.read"))) {
        ctx.securityEvent = QStringLiteral("permission_denied");
        ctx.auditDetail = {{QStringLiteral("permission"), QStringLiteral("events.read")}};
        return forbidden(ctx.principal.role, QStringLiteral("events.read"));
    }

    QByteArray source;
    QString file = QStringLiteral("definition"); // as the validation route names it
    if (stored) {
        source = engine.source(*stored);
        if (source.isEmpty())
            return notFound(QStringLiteral("no workflow \"%1\"").arg(*stored));
        file = *stored + QStringLiteral(".yaml");
    } else {
        source = text->toUtf8();
    }
    // Read as a save reads it (saveChecked): every error with its line and column. The agent
    // actions are looked up per step instead, so that a missing one is shown on its step with
    // the rest of the dry run rather than refusing it whole.
    auto def = loadWorkflow(source, file, {});
    if (!def)
        return validationProblem(def.error());

    DryRunTrigger trigger;
    if (byEvent) {
        auto e = recordedEvent(store, body.value(QStringLiteral("event_id")).toInteger());
        if (!e)
            return std::move(e.error());
        trigger.event = std::move(*e);
    } else {
        trigger.input = body.value(QStringLiteral("input")).toObject();
    }
    // The actions this process can run, as the catalogue a definition loads with knows them.
    const DryRunActions actions = [&tasks](const QString &agent,
                                           const QString &action) -> std::optional<DryRunAction> {
        const QString kind = agent + QLatin1Char('.') + action;
        if (!tasks.hasKind(kind))
            return std::nullopt;
        return DryRunAction{tasks.kindOptions(kind).value_or(tasks::KindOptions{}).inputSchema};
    };
    ctx.auditTarget = QStringLiteral("workflow:") + def->name;
    if (trigger.event)
        ctx.auditDetail.insert(QStringLiteral("event_id"), trigger.event->id);
    // The rendering itself, off the HTTP thread.
    return respondFromPool(
        front, pool, ctx,
        [def = std::move(*def), trigger = std::move(trigger), actions,
         principal = ctx.principal]() -> QHttpServerResponse {
            QJsonObject out = dryRun(def, trigger, actions);
            // Rendered inputs carry what the event carries (customers' names, addresses): shown
            // as runs' step inputs are, {"redacted": true} without personal.read.
            if (!security::roleAllows(principal.role, QStringLiteral("personal.read"))) {
                QJsonArray steps;
                for (const QJsonValue &s : out.value(QStringLiteral("steps")).toArray()) {
                    QJsonObject step = visiblePayloads(s.toObject(), principal);
                    if (step.contains(QStringLiteral("inputs")))
                        step.insert(QStringLiteral("inputs"),
                                    QJsonObject{{QStringLiteral("redacted"), true}});
                    steps.append(step);
                }
                out.insert(QStringLiteral("steps"), steps);
            }
            return json(out);
        });
}

} // namespace

void registerDryRunRoutes(HttpFront &front, WorkflowEngine &engine, tasks::TaskManager &tasks,
                          storage::Store &store, QThreadPool &heavyReads)
{
    front.router().route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/workflow-dry-run"),
         .permission = QStringLiteral("workflows.read"),
         .summary = QStringLiteral(
             "Dry run of a workflow {workflow | definition (YAML or JSON text), event_id | "
             "input}: against a recorded event (events.read too; 404 for an unknown one) or a "
             "manual input, the trigger key and, in dependency order, each step's action (and "
             "whether it exists), when (true, false or null: unknown), for_each items and input "
             "rendered as a run would render it, with its problems (the action's input schema, "
             "for_each, size limits). An earlier step's output renders as \"<output of step "
             "NAME.path>\" (its places listed in unknown). A definition is read as a save reads "
             "it (422 with every error's line and column). No side effect: no run, task or "
             "event is created and no agent or outside service is called. Inputs for "
             "personal.read, {\"redacted\": true} for the others. A definition's text takes "
             "workflows.edit; a stored workflow, workflows.read"),
         .tag = QStringLiteral("workflows"),
         .maxBodyBytes = 2 * 1024 * 1024,
         .requestBody =
             schema::object({{QStringLiteral("workflow"), schema::string(100)},
                             {QStringLiteral("definition"), schema::string(kMaxDefinitionChars)},
                             {QStringLiteral("event_id"), schema::integer(1)},
                             {QStringLiteral("input"), schema::anyObject()}}),
         .body = BodyKind::Json},
        [&front, &engine, &tasks, &store, &heavyReads](RequestContext &ctx) {
            return dryRunResponse(ctx, engine, tasks, store, front, heavyReads);
        });
}

} // namespace dc::api
