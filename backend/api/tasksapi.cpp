// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/tasksapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "tasks/taskmanager.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QUrlQuery>

namespace dc::api {

using Status = QHttpServerResponse::StatusCode;
using namespace dc::tasks;

void registerTaskRoutes(HttpFront &front, TaskManager &tasks, storage::Store &store)
{
    Router &r = front.router();

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/tasks"),
         .permission = QStringLiteral("tasks.read"),
         .summary = QStringLiteral("List tasks"),
         .tag = QStringLiteral("tasks"),
         .query = {{QStringLiteral("state"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                   {QStringLiteral("kind"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                   {QStringLiteral("limit"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                   {QStringLiteral("after"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                   {QStringLiteral("workflow_run_id"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}}}},
        [&tasks, &store](RequestContext &ctx) {
            const QHttpServerRequest &req = ctx.request;
            const QUrlQuery query(req.url());
            TaskQuery q;
            if (query.hasQueryItem(QStringLiteral("state"))) {
                q.state = taskStateFromName(query.queryItemValue(QStringLiteral("state")));
                if (!q.state)
                    return invalidField(
                        QStringLiteral("state"),
                        QStringLiteral(
                            "one of queued, running, failed, succeeded, dead, cancelled"));
            }
            q.kind = query.queryItemValue(QStringLiteral("kind"), QUrl::FullyDecoded);
            auto limit = intQuery(req, QStringLiteral("limit"), 100, 1, 1000);
            if (!limit)
                return std::move(limit.error());
            auto after =
                intQuery(req, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
            if (!after)
                return std::move(after.error());
            auto run = intQuery(req, QStringLiteral("workflow_run_id"), 0, 0,
                                std::numeric_limits<qint64>::max());
            if (!run)
                return std::move(run.error());
            if (*run > 0)
                q.workflowRunId = *run;
            q.limit = int(*limit);
            q.afterId = *after;
            auto list = tasks.tasks(store.reader(), q);
            if (!list)
                return errorResponse(list.error());
            QJsonArray arr;
            for (const Task &t : *list)
                arr.append(visiblePayloads(t.toJson(), ctx.principal));
            return json({{QStringLiteral("tasks"), arr},
                         {QStringLiteral("next_after"),
                          list->size() == q.limit ? QJsonValue(list->last().id) : QJsonValue()}});
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/tasks/stats"),
             .permission = QStringLiteral("tasks.read"),
             .summary = QStringLiteral(
                 "Queue statistics, and the circuits of the outside services (closed, open or "
                 "half_open; while not closed the tasks calling the service wait for it)"),
             .tag = QStringLiteral("tasks")},
            [&tasks, &store] {
                auto s = tasks.stats(store.reader());
                if (!s)
                    return errorResponse(s.error());
                QJsonObject o = s->toJson();
                o.insert(QStringLiteral("circuits"), tasks.circuits().toJson());
                return json(o);
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/tasks/{id:int}"),
             .permission = QStringLiteral("tasks.read"),
             .summary = QStringLiteral("One task (its input and result for personal.read)"),
             .tag = QStringLiteral("tasks")},
            [&tasks, &store](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                auto t = tasks.task(store.reader(), id);
                if (!t)
                    return errorResponse(t.error());
                if (!t->has_value())
                    return notFound(QStringLiteral("no task %1").arg(id));
                return json(visiblePayloads((*t)->toJson(), ctx.principal));
            });

    r.route(
        {.method = Method::Patch,
         .pattern = QStringLiteral("/api/tasks/{id:int}"),
         .permission = QStringLiteral("tasks.manage"),
         .summary = QStringLiteral("Change the priority of a queued task"),
         .tag = QStringLiteral("tasks"),
         .maxBodyBytes = 1024,
         .requestBody = schema::object({{QStringLiteral("priority"), schema::integer(-1000, 1000)}},
                                       {QStringLiteral("priority")})},
        [&tasks](RequestContext &ctx) {
            const qint64 id = ctx.intParam(0);
            const QJsonObject &body = ctx.body;
            auto p = intField(body, QStringLiteral("priority"), -1000, 1000);
            if (!p)
                return std::move(p.error());
            if (!p->has_value())
                return invalidField(QStringLiteral("priority"), QStringLiteral("required"));
            auto t = tasks.setPriority(id, int(**p));
            if (!t)
                return errorResponse(t.error());
            return json(t->toJson());
        });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/tasks/{id:int}/cancel"),
             .permission = QStringLiteral("tasks.manage"),
             .summary = QStringLiteral("Cancel a task"),
             .tag = QStringLiteral("tasks"),
             .sensitive = true,
             .body = BodyKind::None},
            [&tasks](qint64 id) {
                auto t = tasks.cancel(id);
                if (!t)
                    return errorResponse(t.error());
                return json(t->toJson(), Status::Accepted);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/tasks/{id:int}/retry"),
             .permission = QStringLiteral("tasks.manage"),
             .summary = QStringLiteral("Retry a failed task (the caller needs the task kind's "
                                       "permission too, as to start it)"),
             .tag = QStringLiteral("tasks"),
             .body = BodyKind::None},
            [&tasks, &store](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                // Retrying runs the kind again: whoever could not start it may not re-run it
                // (an operator re-running a refund an administrator queued, say). A workflow's
                // step runs what its saved definition says (its author's permissions were
                // checked when it was saved), so tasks.manage is enough for those.
                if (auto existing = tasks.task(store.reader(), id);
                    existing && *existing && !(*existing)->workflowRunId) {
                    const std::optional<KindOptions> o = tasks.kindOptions((*existing)->kind);
                    if (o && !o->internal &&
                        !security::roleAllows(ctx.principal.role, o->permission)) {
                        ctx.securityEvent = QStringLiteral("permission_denied");
                        ctx.auditDetail = {{QStringLiteral("permission"), o->permission}};
                        return forbidden(ctx.principal.role, o->permission);
                    }
                }
                auto t = tasks.retry(id);
                if (!t)
                    return errorResponse(t.error());
                return json(t->toJson(), Status::Accepted);
            });
}

} // namespace dc::api
