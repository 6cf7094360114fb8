// SPDX-License-Identifier: GPL-3.0-or-later
// The system routes: health (public, and the storage detail for those who read metrics), the
// OpenAPI document generated from the route table, and the Prometheus metrics.
#include "api/systemapi.h"

#include "api/httpfront.h"
#include "api/metrics.h"
#include "api/response.h"
#include "api/router.h"
#include "dropcrew/version.h"
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/engine.h"

#include <QDateTime>
#include <QJsonObject>

namespace dc::api {

namespace {

QJsonObject storageHealthJson(const storage::Store &store, bool withText)
{
    const storage::StoreStats s = store.stats();
    const storage::StorageHealth h = store.health();
    QJsonObject o{{QStringLiteral("ok"), h.ok()},
                  {QStringLiteral("state"), storage::storageStateName(h.state)},
                  {QStringLiteral("failures"), qint64(s.storageFailures)},
                  {QStringLiteral("recent_failures"), qint64(s.recentFailures)}};
    if (h.freeBytes >= 0)
        o.insert(QStringLiteral("free_bytes"), h.freeBytes);
    if (h.okInMs > 0)
        o.insert(QStringLiteral("ok_in_seconds"), (h.okInMs + 999) / 1000);
    if (s.lastStorageFailureMs > 0) {
        // Anonymous callers learn what kind of failure, not the database's words.
        o.insert(QStringLiteral("last_failure_kind"),
                 storage::storageFailureKind(s.lastStorageFailure));
        o.insert(QStringLiteral("last_failure_at"),
                 QDateTime::fromMSecsSinceEpoch(s.lastStorageFailureMs, Qt::UTC)
                     .toString(Qt::ISODateWithMs));
        if (withText)
            o.insert(QStringLiteral("last_failure"), s.lastStorageFailure);
    }
    if (withText && !h.ok())
        o.insert(QStringLiteral("reason"), h.reason);
    return o;
}

QString renderMetrics(const SystemSources &src, HttpFront &front)
{
    QString out;
    src.metrics.render(out);
    promFamily(out, "dropcrew_http_open_connections", "gauge", "Open HTTP connections.",
               {{QString(), double(front.openConnections())}});
    promFamily(out, "dropcrew_workflows_loaded", "gauge",
               "Workflow definitions loaded (0: orders are stored but never processed).",
               {{QString(), double(src.workflows.definitionCount())}});
    const storage::StoreStats store = src.store.stats();
    promFamily(out, "dropcrew_storage_failures_total", "counter",
               "Writes the storage itself failed (disk full, I/O error, database unreachable).",
               {{QString(), double(store.storageFailures)}});
    promFamily(out, "dropcrew_storage_writes_failing", "gauge",
               "1 while no write has committed since the last storage failure.",
               {{QString(), store.writesFailing ? 1.0 : 0.0}});
    promFamily(out, "dropcrew_storage_batch_reruns_total", "counter",
               "Write batches run a second time, with a savepoint per job, because one of their "
               "jobs failed.",
               {{QString(), double(store.reruns)}});
    promFamily(out, "dropcrew_storage_recent_failures", "gauge",
               "Storage failures within the recovery window ([storage] recovery_seconds).",
               {{QString(), double(store.recentFailures)}});
    {
        // Why /api/health says what it says: one series per state, 1 for the present one.
        const storage::StorageHealth health = src.store.health();
        QList<std::pair<QString, double>> states;
        for (auto st :
             {storage::StorageHealth::State::Ok, storage::StorageHealth::State::Failing,
              storage::StorageHealth::State::LowSpace, storage::StorageHealth::State::Recovering})
            states.append({QStringLiteral("state=\"%1\"").arg(storage::storageStateName(st)),
                           health.state == st ? 1.0 : 0.0});
        promFamily(out, "dropcrew_storage_health", "gauge",
                   "Storage health: ok, failing (no commit since the last failure), low_space, "
                   "recovering (a failure within the recovery window).",
                   states);
        if (health.freeBytes >= 0)
            promFamily(out, "dropcrew_storage_free_bytes", "gauge",
                       "Free space on the SQLite database's filesystem.",
                       {{QString(), double(health.freeBytes)}});
    }
    QSqlDatabase db = src.store.reader();
    if (auto s = src.tasks.stats(db)) {
        QList<std::pair<QString, double>> states;
        for (auto it = s->byState.cbegin(); it != s->byState.cend(); ++it)
            states.append({QStringLiteral("state=\"%1\"").arg(it.key()), double(it.value())});
        std::sort(states.begin(), states.end());
        promFamily(out, "dropcrew_tasks", "gauge", "Tasks in the queue by state.", states);
        promFamily(out, "dropcrew_task_wait_p50_seconds", "gauge",
                   "Median time from due to started over the last 1000 finished tasks.",
                   {{QString(), s->waitP50Ms / 1000.0}});
        promFamily(out, "dropcrew_task_wait_p99_seconds", "gauge",
                   "99th percentile of the time from due to started (last 1000 finished tasks).",
                   {{QString(), s->waitP99Ms / 1000.0}});
        promFamily(out, "dropcrew_task_success_ratio", "gauge",
                   "Succeeded / (succeeded + dead) over the last 1000 finished tasks.",
                   {{QString(), s->successRate}});
    }
    if (auto w = src.workflows.stats(db)) {
        QList<std::pair<QString, double>> runs, ratio, p50, p99;
        for (auto it = w->begin(); it != w->end(); ++it) {
            const QJsonObject o = it.value().toObject();
            const QString wf = promLabel(it.key());
            const QJsonObject states = o.value(QStringLiteral("by_state")).toObject();
            for (auto st = states.begin(); st != states.end(); ++st)
                runs.append({QStringLiteral("workflow=\"%1\",state=\"%2\"").arg(wf, st.key()),
                             st.value().toDouble()});
            ratio.append({QStringLiteral("workflow=\"%1\"").arg(wf),
                          o.value(QStringLiteral("success_rate")).toDouble()});
            const QJsonObject d = o.value(QStringLiteral("duration_ms")).toObject();
            p50.append({QStringLiteral("workflow=\"%1\"").arg(wf),
                        d.value(QStringLiteral("p50")).toDouble() / 1000.0});
            p99.append({QStringLiteral("workflow=\"%1\"").arg(wf),
                        d.value(QStringLiteral("p99")).toDouble() / 1000.0});
        }
        promFamily(out, "dropcrew_workflow_runs", "gauge",
                   "Runs among the last 1000, by workflow and state.", runs);
        promFamily(out, "dropcrew_workflow_success_ratio", "gauge",
                   "Succeeded / finished among the last 1000 runs, by workflow.", ratio);
        promFamily(out, "dropcrew_workflow_duration_p50_seconds", "gauge",
                   "Median run duration among the last 1000 runs, by workflow.", p50);
        promFamily(out, "dropcrew_workflow_duration_p99_seconds", "gauge",
                   "99th percentile run duration among the last 1000 runs, by workflow.", p99);
    }
    if (auto subs = src.events.subscriptionAdmin().subscriptions(db)) {
        QList<std::pair<QString, double>> lag, dead;
        for (const events::SubscriptionInfo &si : *subs) {
            lag.append(
                {QStringLiteral("subscription=\"%1\"").arg(promLabel(si.name)), double(si.lag)});
            dead.append(
                {QStringLiteral("subscription=\"%1\"").arg(promLabel(si.name)), double(si.dead)});
        }
        promFamily(out, "dropcrew_event_subscription_lag_events", "gauge",
                   "Events in the log not yet delivered, by durable subscription.", lag);
        promFamily(out, "dropcrew_event_subscription_dead_letters", "gauge",
                   "Dead-lettered events, by durable subscription.", dead);
    }
    renderProcessMetrics(out);
    return out;
}

} // namespace

void registerSystemRoutes(HttpFront &front, const SystemSources &src)
{
    Router &r = front.router();
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/health"),
             .summary = QStringLiteral("Liveness, version, storage health and the workflows "
                                       "loaded: 503 \"degraded\" while no workflow is loaded "
                                       "(orders would never be processed), while writes fail, "
                                       "the disk is nearly full, or until writes have succeeded "
                                       "for the recovery window after a failure. Public: the "
                                       "storage error's text is on /api/health/storage"),
             .tag = QStringLiteral("system")},
            [&store = src.store, &workflows = src.workflows, db = src.databaseName,
             shipped = src.shippedWorkflows] {
                const storage::StorageHealth h = store.health();
                // Without a workflow, orders are stored and never processed.
                const qsizetype loaded = workflows.definitionCount();
                const bool ok = h.ok() && loaded > 0;
                return json({{QStringLiteral("status"),
                              ok ? QStringLiteral("ok") : QStringLiteral("degraded")},
                             {QStringLiteral("version"), QStringLiteral(DROPCREW_VERSION)},
                             {QStringLiteral("database"), db},
                             {QStringLiteral("storage"), storageHealthJson(store, false)},
                             {QStringLiteral("workflows"),
                              QJsonObject{{QStringLiteral("loaded"), qint64(loaded)},
                                          {QStringLiteral("shipped"), shipped}}}},
                            ok ? Status::Ok : Status::ServiceUnavailable);
            });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/health/storage"),
             .permission = QStringLiteral("metrics.read"),
             .summary = QStringLiteral("Storage health with the storage errors' text (database "
                                       "messages may name paths and hosts)"),
             .tag = QStringLiteral("system")},
            [&store = src.store] { return json(storageHealthJson(store, true)); });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/openapi.json"),
             .summary = QStringLiteral("This document, generated from the route table"),
             .tag = QStringLiteral("system")},
            [&r] { return json(r.openApi(QStringLiteral(DROPCREW_VERSION))); });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/metrics"),
             .permission = QStringLiteral("metrics.read"),
             .summary = QStringLiteral("Prometheus metrics (text format 0.0.4)"),
             .tag = QStringLiteral("system")},
            [src, &front] {
                return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4; "
                                                             "charset=utf-8"),
                                           renderMetrics(src, front).toUtf8());
            });
}

} // namespace dc::api
