// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/workflowsapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "api/workflowversionsapi.h"
#include "core/jsonschema.h"
#include "tasks/taskmanager.h"
#include "workflows/engine.h"

#include <QDir>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUrlQuery>

namespace dc::api {

namespace {
// A run as GET /api/runs/{id}?payloads=none gives it: each payload replaced by its size.
QJsonObject withoutPayloads(QJsonObject o)
{
    for (const QString &key : {QStringLiteral("input"), QStringLiteral("output"),
                               QStringLiteral("trigger_data"), QStringLiteral("outputs")}) {
        const QJsonValue v = o.value(key);
        if (v.isObject() || v.isArray())
            o.insert(
                key,
                QJsonObject{
                    {QStringLiteral("omitted"), true},
                    {QStringLiteral("bytes"),
                     qint64(
                         v.isObject()
                             ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).size()
                             : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact).size())}});
    }
    if (o.value(QStringLiteral("steps")).isArray()) {
        QJsonArray steps;
        for (const QJsonValue &s : o.value(QStringLiteral("steps")).toArray())
            steps.append(withoutPayloads(s.toObject()));
        o.insert(QStringLiteral("steps"), steps);
    }
    return o;
}
} // namespace

using Status = QHttpServerResponse::StatusCode;
using namespace dc::workflows;
using dc::tasks::KindOptions;

namespace {

// A definition document (YAML, or JSON as YAML's subset): validated by the workflow loader,
// which reports every error with its line and column.
QJsonObject definitionSchema()
{
    QJsonObject o = schema::anyObject();
    o.insert(QStringLiteral("description"),
             QStringLiteral("A workflow definition: name, trigger, steps, error_handling"));
    return o;
}
QJsonObject summary(const WorkflowDefinition &d)
{
    QJsonArray steps;
    for (const StepDef &s : d.steps) {
        QJsonArray deps;
        for (const QString &x : s.allDeps())
            deps.append(x);
        steps.append(QJsonObject{{QStringLiteral("name"), s.name},
                                 {QStringLiteral("agent"), s.agent},
                                 {QStringLiteral("action"), s.action},
                                 {QStringLiteral("depends_on"), deps}});
    }
    const QString trigger = d.trigger.kind == TriggerDef::Kind::Event ? QStringLiteral("event")
                            : d.trigger.kind == TriggerDef::Kind::Schedule
                                ? QStringLiteral("schedule")
                                : QStringLiteral("manual");
    return QJsonObject{
        {QStringLiteral("name"), d.name},
        {QStringLiteral("description"), d.description},
        {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("kind"), trigger},
                                                {QStringLiteral("event"), d.trigger.event},
                                                {QStringLiteral("cron"), d.trigger.cron}}},
        {QStringLiteral("steps"), steps}};
}

// POST /api/runs/retry: the body was checked against its schema by the router.
QHttpServerResponse retryFailedRuns(RequestContext &ctx, WorkflowEngine &engine)
{
    const QJsonObject &body = ctx.body;
    FailedRunFilter filter;
    filter.workflow = body.value(QStringLiteral("workflow")).toString();
    filter.step = body.value(QStringLiteral("step")).toString();
    const QString since = body.value(QStringLiteral("since")).toString();
    // Never "every failed run there is" by accident.
    if (filter.workflow.isEmpty() && filter.step.isEmpty() && since.isEmpty())
        return invalidField(QStringLiteral("workflow"),
                            QStringLiteral("give a workflow, a step or since (at least one)"));
    if (!since.isEmpty()) {
        filter.since = QDateTime::fromString(since, Qt::ISODateWithMs);
        // Without an offset the time would be the server's local time: refused as ambiguous.
        if (!filter.since.isValid() || filter.since.timeSpec() == Qt::LocalTime)
            return invalidField(QStringLiteral("since"),
                                QStringLiteral("an ISO 8601 date and time with its offset "
                                               "(2024-05-01T08:00:00Z)"));
    }
    filter.limit = int(body.value(QStringLiteral("limit")).toInteger(500));
    const bool dryRun = body.value(QStringLiteral("dry_run")).toBool(false);
    auto done = engine.retryFailedRuns(filter, dryRun);
    if (!done)
        return errorResponse(done.error());
    QJsonArray skipped;
    for (const auto &[id, reason] : std::as_const(done->skipped))
        skipped.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("reason"), reason}});
    ctx.auditTarget = filter.workflow.isEmpty() ? QStringLiteral("runs")
                                                : QStringLiteral("workflow:") + filter.workflow;
    ctx.auditDetail = body;
    ctx.auditDetail.insert(QStringLiteral("matched"), done->matched);
    ctx.auditDetail.insert(QStringLiteral("retried"), done->retried.size());
    ctx.auditDetail.insert(QStringLiteral("skipped"), skipped.size());
    QJsonArray retried;
    for (qint64 id : std::as_const(done->retried))
        retried.append(id);
    return json({{QStringLiteral("matched"), done->matched},
                 {QStringLiteral("retried"), retried},
                 {QStringLiteral("skipped"), skipped},
                 {QStringLiteral("dry_run"), dryRun}},
                dryRun ? Status::Ok : Status::Accepted);
}

// Every save of a definition (PUT .../definition, a version restored): the name, the
// definition's own name, the actions its author may use, then the save itself, recorded as the
// caller's version and audited with it. The refusal, or what was saved.
std::expected<SavedDefinition, QHttpServerResponse>
saveChecked(RequestContext &ctx, WorkflowEngine &engine, tasks::TaskManager &tasks,
            const QString &name, const QByteArray &body)
{
    static const QRegularExpression nameRe(QStringLiteral("^[a-z0-9][a-z0-9_.-]{0,99}$"));
    if (!nameRe.match(name).hasMatch())
        return std::unexpected(invalidField(
            QStringLiteral("name"), QStringLiteral("lower-case letters, digits, _, . and -")));
    auto def = loadWorkflow(body, name + QStringLiteral(".yaml"), {});
    if (def && def->name != name)
        return std::unexpected(invalidField(
            QStringLiteral("name"),
            QStringLiteral("the definition is named \"%1\", not \"%2\"").arg(def->name, name)));
    // A saved workflow calls its actions for whoever triggers it later: its author may only use
    // actions whose permission they hold (editing workflows implies the base agents.call).
    if (def) {
        QList<std::pair<QString, QString>> calls; // (where, kind)
        for (const StepDef &st : def->steps)
            calls.append(
                {QStringLiteral("steps.%1").arg(st.name), st.agent + QLatin1Char('.') + st.action});
        for (qsizetype i = 0; i < def->errorHandling.size(); ++i)
            calls.append(
                {QStringLiteral("error_handling[%1]").arg(i),
                 def->errorHandling[i].agent + QLatin1Char('.') + def->errorHandling[i].action});
        for (const auto &[where, kind] : std::as_const(calls)) {
            const std::optional<KindOptions> o = tasks.kindOptions(kind);
            if (!o || o->internal || o->permission == QLatin1String("agents.call") ||
                security::roleAllows(ctx.principal.role, o->permission))
                continue;
            ctx.securityEvent = QStringLiteral("permission_denied");
            ctx.auditDetail = {{QStringLiteral("permission"), o->permission},
                               {QStringLiteral("kind"), kind}};
            return std::unexpected(invalidField(
                where,
                QStringLiteral("%1 needs the permission \"%2\", which the %3 role lacks")
                    .arg(kind, o->permission, security::roleName(ctx.principal.role)),
                Status::Forbidden));
        }
    }
    // Stored in the database: every instance sharing it runs the same definition. Who saved it
    // is written as the audit log writes its actor ("user:alice", "key:ci-bot").
    int version = 0;
    auto added = engine.saveDefinition(name, body, ctx.principal.subject(), &version);
    if (!added) {
        const ValidationError &e = added.error().first();
        if (e.file.isEmpty() && e.pos.line == 0)
            return std::unexpected(
                problem(Status::ServiceUnavailable, QStringLiteral("Service Unavailable"),
                        QStringLiteral("the definition could not be stored: ") + e.message));
        return std::unexpected(validationProblem(added.error())); // nothing is saved
    }
    ctx.auditTarget = QStringLiteral("workflow:") + name;
    ctx.auditDetail.insert(QStringLiteral("version"), version);
    return SavedDefinition{*added, version};
}
} // namespace

QHttpServerResponse validationProblem(const QList<ValidationError> &errors)
{
    QJsonArray arr;
    for (const ValidationError &e : errors)
        arr.append(e.toJson());
    return problem(Status::UnprocessableEntity, QStringLiteral("Invalid workflow definition"),
                   errors.isEmpty() ? QString() : errors.first().toString(),
                   {{QStringLiteral("errors"), arr}});
}

void registerWorkflowRoutes(HttpFront &front, WorkflowEngine &engine, tasks::TaskManager &tasks,
                            storage::Store &store)
{
    Router &r = front.router();

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/workflows"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral("Loaded workflow definitions"),
             .tag = QStringLiteral("workflows")},
            [&engine] {
                QJsonArray arr;
                for (const WorkflowDefinition &d : engine.definitions())
                    arr.append(summary(d));
                return json({{QStringLiteral("workflows"), arr}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/workflows/stats"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral("Success rate and durations per workflow and step"),
             .tag = QStringLiteral("workflows")},
            [&engine, &store] {
                auto s = engine.stats(store.reader());
                if (!s)
                    return errorResponse(s.error());
                return json({{QStringLiteral("workflows"), *s}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/workflows/{name}/definition"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral("The definition of a workflow"),
             .tag = QStringLiteral("workflows")},
            [&engine](const QString &name) {
                const QByteArray src = engine.source(name);
                if (src.isEmpty())
                    return notFound(QStringLiteral("no workflow \"%1\"").arg(name));
                return QHttpServerResponse(QByteArrayLiteral("application/yaml"), src);
            });

    // For editors: live validation of a definition being written, nothing is saved.
    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/workflow-validation"),
         .permission = QStringLiteral("workflows.read"),
         .summary = QStringLiteral("Validate a definition (YAML or JSON) without saving it: "
                                   "its steps with their explicit and implied dependencies, "
                                   "or 422 with every error (line, column, path)"),
         .tag = QStringLiteral("workflows"),
         .maxBodyBytes = 1024 * 1024,
         .requestBody = definitionSchema(),
         .body = BodyKind::Document,
         .documentTypes = {QStringLiteral("application/yaml"), QStringLiteral("application/json")}},
        [&engine](const QHttpServerRequest &req) {
            auto def = engine.validate(req.body(), QStringLiteral("definition"));
            if (!def)
                return validationProblem(def.error());
            QJsonArray steps;
            for (const StepDef &st : def->steps)
                steps.append(QJsonObject{
                    {QStringLiteral("name"), st.name},
                    {QStringLiteral("depends_on"), QJsonArray::fromStringList(st.dependsOn)},
                    {QStringLiteral("implied"), QJsonArray::fromStringList(st.impliedDeps)}});
            return json({{QStringLiteral("valid"), true},
                         {QStringLiteral("name"), def->name},
                         {QStringLiteral("steps"), steps}});
        });

    // Checks a definition as PUT .../definition does and saves it as the caller's version.
    const SaveDefinition save = [&engine, &tasks](RequestContext &ctx, const QString &name,
                                                  const QByteArray &text) {
        return saveChecked(ctx, engine, tasks, name, text);
    };

    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/workflows/{name}/definition"),
             .permission = QStringLiteral("workflows.edit"),
             .summary = QStringLiteral("Replace a definition (validated first); a text that "
                                       "differs from the newest version is a new version"),
             .tag = QStringLiteral("workflows"),
             .maxBodyBytes = 512 * 1024,
             .requestBody = definitionSchema(),
             .body = BodyKind::Document,
             .documentTypes = {QStringLiteral("application/yaml")}},
            [save](RequestContext &ctx) {
                const QByteArray body = ctx.request.body();
                if (body.size() > 1024 * 1024)
                    return invalidField(QStringLiteral("body"), QStringLiteral("larger than 1 MiB"),
                                        Status::PayloadTooLarge);
                auto saved = save(ctx, ctx.params.value(0), body);
                if (!saved)
                    return std::move(saved.error());
                QJsonObject out = summary(saved->definition);
                out.insert(QStringLiteral("version"), saved->version);
                return json(out);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/workflows/{name}"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Start a run {input?, key?}: the key (one run per key) "
                                       "lives in the caller's namespace"),
             .tag = QStringLiteral("workflows"),
             .requestBody =
                 schema::object({{QStringLiteral("input"), schema::anyObject()},
                                 {QStringLiteral("key"), schema::nullable(schema::string(120))}}),
             .body = BodyKind::OptionalJson},
            [&engine](RequestContext &ctx) {
                const QString name = ctx.params.value(0);
                const QJsonObject &body = ctx.body; // empty without a body
                if (body.contains(QStringLiteral("input")) &&
                    !body.value(QStringLiteral("input")).isObject())
                    return invalidField(QStringLiteral("input"),
                                        QStringLiteral("expected a JSON object"));
                auto key = stringField(body, QStringLiteral("key"), 120);
                if (!key)
                    return std::move(key.error());
                // "order:42" from a caller must not be the backend's own key for order 42's run.
                auto r = engine.startRun(name, body.value(QStringLiteral("input")).toObject(),
                                         callerKey(ctx.principal, key->value_or(QString())), {},
                                         QStringLiteral("api"));
                if (!r)
                    return errorResponse(r.error());
                return json(
                    {{QStringLiteral("run_id"), r->runId}, {QStringLiteral("created"), r->created}},
                    Status::Accepted);
            });

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/workflows/{name}/runs"),
         .permission = QStringLiteral("workflows.read"),
         .summary = QStringLiteral("Runs of a workflow"),
         .tag = QStringLiteral("workflows")},
        [&engine, &store](RequestContext &ctx) {
            const QString name = ctx.params.value(0);
            const QHttpServerRequest &req = ctx.request;
            auto after =
                intQuery(req, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
            if (!after)
                return std::move(after.error());
            auto limit = intQuery(req, QStringLiteral("limit"), 50, 1, 200);
            if (!limit)
                return std::move(limit.error());
            auto runs = engine.runs(store.reader(), name, *after, int(*limit));
            if (!runs)
                return errorResponse(runs.error());
            QJsonArray arr;
            for (const RunInfo &r : *runs)
                arr.append(visiblePayloads(r.toJson(), ctx.principal));
            return json({{QStringLiteral("runs"), arr},
                         {QStringLiteral("next_after"),
                          runs->size() == *limit ? QJsonValue(runs->last().id) : QJsonValue()}});
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/runs/{id:int}"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral(
                 "One run with its steps (payloads for personal.read). ?payloads=none leaves "
                 "the payloads out (each {\"omitted\": true, \"bytes\": N}): read them a "
                 "node at a time with GET /api/runs/{id}/payload"),
             .tag = QStringLiteral("workflows"),
             .query = {{QStringLiteral("payloads"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                    {QStringLiteral("enum"),
                                     QJsonArray{QStringLiteral("all"), QStringLiteral("none")}}}}}},
            [&engine, &store](RequestContext &ctx) {
                const QString payloads =
                    QUrlQuery(ctx.request.url()).queryItemValue(QStringLiteral("payloads"));
                if (!payloads.isEmpty() && payloads != QLatin1String("all") &&
                    payloads != QLatin1String("none"))
                    return invalidField(QStringLiteral("payloads"), QStringLiteral("all or none"));
                const qint64 id = ctx.intParam(0);
                auto r = engine.run(store.reader(), id);
                if (!r)
                    return errorResponse(r.error());
                if (!r->has_value())
                    return notFound(QStringLiteral("no run %1").arg(id));
                QJsonObject run = visiblePayloads((*r)->toJson(), ctx.principal);
                if (payloads == QLatin1String("none"))
                    run = withoutPayloads(run);
                return json(run);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/runs/{id:int}/cancel"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Cancel a run"),
             .tag = QStringLiteral("workflows"),
             .sensitive = true,
             .body = BodyKind::None},
            [&engine](qint64 id) {
                auto r = engine.cancelRun(id);
                if (!r)
                    return errorResponse(r.error());
                return json(r->toJson(), Status::Accepted);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/runs/{id:int}/retry"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Retry a failed run from its failed step"),
             .tag = QStringLiteral("workflows"),
             .body = BodyKind::None},
            [&engine](qint64 id) {
                auto r = engine.retryRun(id);
                if (!r)
                    return errorResponse(r.error());
                return json(r->toJson(), Status::Accepted);
            });

    QJsonObject since = schema::string(40);
    since.insert(QStringLiteral("format"), QStringLiteral("date-time"));
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/runs/retry"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral(
                 "Retry the failed runs of a workflow, of a step (a step of the run that "
                 "failed) or failed since a time (at least one; all given must match), oldest "
                 "first, at most limit (500; up to 5000), each as /api/runs/{id}/retry does; "
                 "dry_run only lists them. {matched, retried: [ids], skipped: [{id, reason}]}"),
             .tag = QStringLiteral("workflows"),
             .maxBodyBytes = 4096,
             .requestBody = schema::object({{QStringLiteral("workflow"), schema::string(100)},
                                            {QStringLiteral("step"), schema::string(100)},
                                            {QStringLiteral("since"), since},
                                            {QStringLiteral("dry_run"), schema::boolean()},
                                            {QStringLiteral("limit"), schema::integer(1, 5000)}}),
             .body = BodyKind::Json},
            [&engine](RequestContext &ctx) { return retryFailedRuns(ctx, engine); });

    registerWorkflowVersionRoutes(r, engine, store, save);
}

} // namespace dc::api
