// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/workflowversionsapi.h"

#include "api/response.h"
#include "storage/store.h"
#include "workflows/engine.h"
#include "workflows/versions.h"

#include <QJsonArray>

#include <limits>

namespace dc::api {

using namespace dc::workflows;

namespace {

QJsonValue iso(const QDateTime &d)
{
    return d.isValid() ? QJsonValue(d.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject versionJson(const WorkflowVersion &v, bool current)
{
    return QJsonObject{{QStringLiteral("version"), v.version},
                       {QStringLiteral("saved_by"), v.savedBy},
                       {QStringLiteral("saved_at"), iso(v.savedAt)},
                       {QStringLiteral("hash"), v.hash},
                       {QStringLiteral("current"), current}};
}

// The {version:int} capture; 0 when it cannot be a version (not positive, too large).
int versionParam(const RequestContext &ctx)
{
    const qint64 v = ctx.intParam(1);
    return v > 0 && v <= std::numeric_limits<int>::max() ? int(v) : 0;
}

QHttpServerResponse noVersion(const QString &name, const RequestContext &ctx)
{
    return notFound(
        QStringLiteral("workflow \"%1\" has no version %2").arg(name, ctx.params.value(1)));
}

// The version this instance runs: the newest one with the running text's hash (a text restored
// is a new version, so an older version with the same text is not the current one). 0: none
// (the workflow is not loaded, or runs a text never saved as a version).
storage::DbResult<int> currentVersion(WorkflowEngine &engine, storage::Store &store,
                                      const QString &name)
{
    const QByteArray running = engine.source(name);
    if (running.isEmpty())
        return 0;
    return versionWithHash(store.reader(), name, definitionHash(running));
}

} // namespace

void registerWorkflowVersionRoutes(Router &r, WorkflowEngine &engine, storage::Store &store,
                                   SaveDefinition save)
{
    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/workflows/{name}/versions"),
         .permission = QStringLiteral("workflows.read"),
         .summary = QStringLiteral("The versions of a workflow (every text it was saved "
                                   "with), newest first: {versions: [{version, saved_by, "
                                   "saved_at, hash, current}]}"),
         .tag = QStringLiteral("workflows")},
        [&engine, &store](RequestContext &ctx) -> QHttpServerResponse {
            const QString name = ctx.params.value(0);
            auto versions = listVersions(store.reader(), name);
            if (!versions)
                return errorResponse(versions.error());
            if (versions->isEmpty() && engine.source(name).isEmpty())
                return notFound(QStringLiteral("no workflow \"%1\"").arg(name));
            auto current = currentVersion(engine, store, name);
            if (!current)
                return errorResponse(current.error());
            QJsonArray arr;
            for (const WorkflowVersion &v : std::as_const(*versions))
                arr.append(versionJson(v, v.version == *current));
            return json({{QStringLiteral("workflow"), name}, {QStringLiteral("versions"), arr}});
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/workflows/{name}/versions/{version:int}"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral("One version of a workflow with its text as saved: "
                                       "{version, saved_by, saved_at, hash, current, "
                                       "definition}"),
             .tag = QStringLiteral("workflows")},
            [&engine, &store](RequestContext &ctx) -> QHttpServerResponse {
                const QString name = ctx.params.value(0);
                const int number = versionParam(ctx);
                if (number == 0)
                    return noVersion(name, ctx);
                auto v = findVersion(store.reader(), name, number);
                if (!v)
                    return errorResponse(v.error());
                if (!v->has_value())
                    return noVersion(name, ctx);
                auto current = currentVersion(engine, store, name);
                if (!current)
                    return errorResponse(current.error());
                QJsonObject o = versionJson(**v, number == *current);
                o.insert(QStringLiteral("workflow"), name);
                o.insert(QStringLiteral("definition"), QString::fromUtf8((*v)->source));
                return json(o);
            });

    // Rollback: the old text is saved again, so the history only grows and the rollback itself
    // can be rolled back.
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/workflows/{name}/versions/{version:int}/restore"),
             .permission = QStringLiteral("workflows.edit"),
             .summary = QStringLiteral("Roll back: save a version's text again as the newest "
                                       "version, checked as a save of the definition is (nothing "
                                       "new when it is the newest version's text). {version, "
                                       "saved_by, saved_at, hash, current, restored_from}"),
             .tag = QStringLiteral("workflows"),
             .body = BodyKind::None},
            [&store, save](RequestContext &ctx) -> QHttpServerResponse {
                const QString name = ctx.params.value(0);
                const int number = versionParam(ctx);
                if (number == 0)
                    return noVersion(name, ctx);
                auto old = findVersion(store.reader(), name, number);
                if (!old)
                    return errorResponse(old.error());
                if (!old->has_value())
                    return noVersion(name, ctx);
                auto saved = save(ctx, name, (*old)->source);
                if (!saved)
                    return std::move(saved.error());
                ctx.auditDetail.insert(QStringLiteral("restored_from"), number);
                auto now = findVersion(store.reader(), name, saved->version);
                if (!now)
                    return errorResponse(now.error());
                QJsonObject o = now->has_value()
                                    ? versionJson(**now, true)
                                    : QJsonObject{{QStringLiteral("version"), saved->version}};
                o.insert(QStringLiteral("workflow"), name);
                o.insert(QStringLiteral("restored_from"), number);
                return json(o);
            });
}

} // namespace dc::api
