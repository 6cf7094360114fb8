// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/agentsapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "tasks/taskmanager.h"

#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>

namespace dc::api {

using namespace dc::tasks;

namespace {

QHttpServerResponse taskResponse(TaskManager &tasks, storage::Store &store, qint64 id,
                                 Status status)
{
    auto t = tasks.task(store.reader(), id);
    if (!t)
        return errorResponse(t.error());
    if (!t->has_value())
        return notFound(QStringLiteral("no task %1").arg(id));
    QHttpServerResponse r = json((*t)->toJson(), status);
    r.addHeader("Location", "/api/tasks/" + QByteArray::number(id));
    return r;
}

bool terminal(TaskState s)
{
    return s == TaskState::Succeeded || s == TaskState::Dead || s == TaskState::Cancelled;
}

} // namespace

void registerAgentRoutes(HttpFront &front, TaskManager &tasks, storage::Store &store)
{
    Router &r = front.router();

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/agents"),
             .permission = QStringLiteral("agents.read"),
             .summary = QStringLiteral("Agents and their actions: input and output JSON Schemas, "
                                       "error codes (retryable or not), the permission a caller "
                                       "needs besides agents.call"),
             .tag = QStringLiteral("agents")},
            [&tasks] {
                QMap<QString, QJsonArray> byAgent;
                for (const QString &kind : tasks.kinds()) {
                    const qsizetype dot = kind.indexOf(QLatin1Char('.'));
                    if (dot <= 0)
                        continue;
                    const KindOptions o = tasks.kindOptions(kind).value_or(KindOptions{});
                    if (o.internal)
                        continue;
                    byAgent[kind.left(dot)].append(QJsonObject{
                        {QStringLiteral("name"), kind.mid(dot + 1)},
                        {QStringLiteral("description"), o.description},
                        {QStringLiteral("input_schema"),
                         o.inputSchema.isEmpty()
                             ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}
                             : o.inputSchema},
                        {QStringLiteral("output_schema"),
                         o.outputSchema.isEmpty()
                             ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}
                             : o.outputSchema},
                        {QStringLiteral("errors"), o.errors},
                        {QStringLiteral("permission"), o.permission},
                        {QStringLiteral("timeout_ms"), o.timeoutMs},
                        {QStringLiteral("max_attempts"), o.retry.maxAttempts},
                        {QStringLiteral("retry"),
                         QJsonObject{{QStringLiteral("max_attempts"), o.retry.maxAttempts},
                                     {QStringLiteral("first_delay_ms"), o.retry.firstDelayMs},
                                     {QStringLiteral("max_delay_ms"), o.retry.maxDelayMs},
                                     {QStringLiteral("budget_ms"), o.retry.budgetMs()}}}});
                }
                QJsonArray agents;
                for (auto it = byAgent.cbegin(); it != byAgent.cend(); ++it)
                    agents.append(QJsonObject{{QStringLiteral("name"), it.key()},
                                              {QStringLiteral("actions"), it.value()}});
                return json({{QStringLiteral("agents"), agents}});
            });

    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/agents/{agent}/action"),
         .permission = QStringLiteral("agents.call"),
         .summary = QStringLiteral(
             "Run an action {action, input, idempotency_key?, priority?}: the caller needs the "
             "action's permission too (GET /api/agents), the input is checked against its "
             "schema before anything runs, and the key lives in the caller's namespace; "
             "?wait=SECONDS (at most 60) answers with the result"),
         .tag = QStringLiteral("agents"),
         .maxBodyBytes = 256 * 1024,
         .requestBody = schema::object(
             {{QStringLiteral("action"), schema::string(64)},
              {QStringLiteral("input"), schema::anyObject()},
              {QStringLiteral("idempotency_key"), schema::nullable(schema::string(120))},
              {QStringLiteral("priority"), schema::nullable(schema::integer(-1000, 1000))}},
             {QStringLiteral("action")}),
         .query = {{QStringLiteral("wait"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                {QStringLiteral("maximum"), 60}}}}},
        [&tasks, &store, &front](RequestContext &ctx) {
            const QString agent = ctx.params.value(0);
            const QJsonObject &body = ctx.body;
            auto action = stringField(body, QStringLiteral("action"), 64);
            if (!action)
                return std::move(action.error());
            if (!action->has_value())
                return invalidField(QStringLiteral("action"), QStringLiteral("required"));
            const QString kind = agent + QLatin1Char('.') + **action;
            const std::optional<KindOptions> options = tasks.kindOptions(kind);
            if (!options || options->internal)
                return invalidField(QStringLiteral("action"),
                                    QStringLiteral("the agent \"%1\" has no action \"%2\" here "
                                                   "(see GET /api/agents)")
                                        .arg(agent, **action),
                                    Status::NotFound);
            if (!security::roleAllows(ctx.principal.role, options->permission)) {
                ctx.securityEvent = QStringLiteral("permission_denied");
                ctx.auditDetail = {{QStringLiteral("permission"), options->permission},
                                   {QStringLiteral("kind"), kind}};
                return forbidden(ctx.principal.role, options->permission);
            }
            if (body.contains(QStringLiteral("input")) &&
                !body.value(QStringLiteral("input")).isObject())
                return invalidField(QStringLiteral("input"), QStringLiteral("expected an object"));
            // Refused here, before a task exists, rather than as a failed task later.
            if (auto bad = validateJson(body.value(QStringLiteral("input")).toObject(),
                                        options->inputSchema, QStringLiteral("input")))
                return invalidField(bad->section(QStringLiteral(": "), 0, 0),
                                    bad->section(QStringLiteral(": "), 1));
            auto key = stringField(body, QStringLiteral("idempotency_key"), 120);
            if (!key)
                return std::move(key.error());
            auto priority = intField(body, QStringLiteral("priority"), -1000, 1000);
            if (!priority)
                return std::move(priority.error());
            auto wait = intQuery(ctx.request, QStringLiteral("wait"), 0, 0, 60);
            if (!wait)
                return std::move(wait.error());

            EnqueueRequest req;
            req.kind = kind;
            req.input = body.value(QStringLiteral("input")).toObject();
            req.idempotencyKey = callerKey(ctx.principal, key->value_or(QString()));
            req.priority = int(priority->value_or(0));
            req.correlationId = ctx.principal.subject();
            auto enq = tasks.enqueue(req);
            if (!enq)
                return errorResponse(enq.error());
            const qint64 id = enq->id;
            ctx.auditTarget = QStringLiteral("task:%1").arg(id);
            ctx.auditDetail.insert(QStringLiteral("kind"), kind);
            if (*wait == 0)
                return taskResponse(tasks, store, id, Status::Accepted);

            // Answer when the task finishes, or with 202 when the wait is over. The watcher lives
            // on the front's thread; the reply checks that the client is still there.
            auto reply = ctx.defer();
            auto *watch = new QObject(&front);
            auto finish = [reply, watch, &tasks, &store, id](Status status) {
                reply->send(taskResponse(tasks, store, id, status));
                watch->deleteLater();
            };
            QObject::connect(&tasks, &TaskManager::taskFinished, watch,
                             [finish, id](qint64 done, const QString &) {
                                 if (done == id)
                                     finish(Status::Ok);
                             });
            QTimer::singleShot(0, watch, [finish, &tasks, &store, id] {
                // It may have finished before we listened.
                auto t = tasks.task(store.reader(), id);
                if (t && t->has_value() && terminal((*t)->state))
                    finish(Status::Ok);
            });
            QTimer::singleShot(int(*wait) * 1000, watch, [finish] { finish(Status::Accepted); });
            return QHttpServerResponse(Status::Accepted); // ignored: the reply is deferred
        });
}

} // namespace dc::api
