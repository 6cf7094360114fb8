// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/runqueries.h"

#include "storage/sqlutil.h"
#include "workflows/catalog.h"
#include "workflows/jsoncolumn.h"

#include <QJsonArray>

namespace dc::workflows {

using namespace dc::storage;

namespace {

QJsonValue iso(const QDateTime &d)
{
    return d.isValid() ? QJsonValue(d.toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject StepRun::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("items"), items},
                       {QStringLiteral("input"), input},
                       {QStringLiteral("output"), output},
                       {QStringLiteral("error"), error},
                       {QStringLiteral("started_at"), iso(startedAt)},
                       {QStringLiteral("finished_at"), iso(finishedAt)},
                       {QStringLiteral("task"), task.isEmpty() ? QJsonValue() : QJsonValue(task)}};
}

QJsonObject RunInfo::toJson() const
{
    QJsonArray s;
    for (const StepRun &r : steps)
        s.append(r.toJson());
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("workflow"), workflow},
        {QStringLiteral("version"), version > 0 ? QJsonValue(version) : QJsonValue()},
        {QStringLiteral("state"), state},
        {QStringLiteral("key"), triggerKey.isEmpty() ? QJsonValue() : QJsonValue(triggerKey)},
        {QStringLiteral("input"), input},
        {QStringLiteral("trigger_data"), triggerData},
        {QStringLiteral("error"), error},
        {QStringLiteral("failed_step"), failedStep},
        {QStringLiteral("outputs"), outputs},
        {QStringLiteral("created_at"), iso(createdAt)},
        {QStringLiteral("updated_at"), iso(updatedAt)},
        {QStringLiteral("finished_at"), iso(finishedAt)},
        {QStringLiteral("steps"), s}};
}

DbResult<QJsonObject> RunQueries::stats(QSqlDatabase db) const
{
    auto pct = [](std::vector<double> v, double p) {
        if (v.empty())
            return 0.0;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, size_t(p / 100.0 * double(v.size())))];
    };
    struct Acc
    {
        QHash<QString, qint64> states;
        std::vector<double> durations;
        qint64 ok = 0, finished = 0;
        QJsonObject json(const std::function<double(std::vector<double>, double)> &pct) const
        {
            QJsonObject s;
            for (auto it = states.cbegin(); it != states.cend(); ++it)
                s.insert(it.key(), it.value());
            return QJsonObject{
                {QStringLiteral("by_state"), s},
                {QStringLiteral("success_rate"), finished ? double(ok) / double(finished) : 0.0},
                {QStringLiteral("duration_ms"),
                 QJsonObject{{QStringLiteral("p50"), pct(durations, 50)},
                             {QStringLiteral("p99"), pct(durations, 99)}}}};
        }
        void add(const QString &state, const QVariant &start, const QVariant &end)
        {
            states[state] += 1;
            const bool done =
                state == QLatin1String("succeeded") || state == QLatin1String("failed");
            finished += done ? 1 : 0;
            ok += state == QLatin1String("succeeded") ? 1 : 0;
            if (done && !start.isNull() && !end.isNull())
                durations.push_back(double(end.toLongLong() - start.toLongLong()));
        }
    };
    QHash<QString, Acc> runs;
    QHash<QString, QHash<QString, Acc>> steps;
    auto r = exec(db, QStringLiteral("SELECT workflow, state, created_at, finished_at FROM "
                                     "workflow_runs ORDER BY id DESC LIMIT 1000"));
    if (!r)
        return std::unexpected(r.error());
    while (r->next())
        runs[r->value(0).toString()].add(r->value(1).toString(), r->value(2), r->value(3));
    auto s = exec(
        db,
        QStringLiteral(
            "SELECT r.workflow, s.name, s.state, s.started_at, s.finished_at FROM workflow_steps s "
            "JOIN workflow_runs r ON r.id = s.run_id WHERE r.id > "
            "(SELECT COALESCE(MAX(id), 0) - 1000 FROM workflow_runs)"));
    if (!s)
        return std::unexpected(s.error());
    while (s->next())
        steps[s->value(0).toString()][s->value(1).toString()].add(s->value(2).toString(),
                                                                  s->value(3), s->value(4));
    QJsonObject out;
    for (auto it = runs.cbegin(); it != runs.cend(); ++it) {
        QJsonObject w = it->json(pct);
        QJsonObject st;
        const auto &perStep = steps.value(it.key());
        for (auto s2 = perStep.cbegin(); s2 != perStep.cend(); ++s2)
            st.insert(s2.key(), s2->json(pct));
        w.insert(QStringLiteral("steps"), st);
        out.insert(it.key(), w);
    }
    return out;
}

DbResult<std::optional<RunInfo>> RunQueries::run(QSqlDatabase db, qint64 id) const
{
    auto q =
        exec(db,
             QStringLiteral("SELECT id, workflow, state, trigger_key, input, trigger_data, error, "
                            "failed_step, outputs, created_at, "
                            "updated_at, finished_at, definition, version FROM workflow_runs "
                            "WHERE id=?"),
             {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<RunInfo>();
    RunInfo r;
    r.id = q->value(0).toLongLong();
    r.workflow = q->value(1).toString();
    r.state = q->value(2).toString();
    r.triggerKey = q->value(3).toString();
    r.input = parseJsonText(q->value(4)).toObject();
    r.triggerData = parseJsonText(q->value(5)).toObject();
    r.error = q->value(6).toString();
    r.failedStep = q->value(7).toString();
    r.outputs = parseJsonText(q->value(8)).toObject();
    r.createdAt = utcFromMs(q->value(9));
    r.updatedAt = utcFromMs(q->value(10));
    r.finishedAt = utcFromMs(q->value(11));
    r.version = q->value(13).isNull() ? 0 : q->value(13).toInt();
    auto def = m_catalog.snapshot(q->value(12).toString());
    auto s = exec(db,
                  QStringLiteral("SELECT name, state, items, input, output, error, started_at, "
                                 "finished_at FROM workflow_steps WHERE run_id=?"),
                  {id});
    if (!s)
        return std::unexpected(s.error());
    QHash<QString, StepRun> byName;
    while (s->next())
        byName.insert(s->value(0).toString(),
                      StepRun{s->value(0).toString(), s->value(1).toString(), s->value(2).toInt(),
                              parseJsonText(s->value(3)), parseJsonText(s->value(4)),
                              s->value(5).toString(), utcFromMs(s->value(6)),
                              utcFromMs(s->value(7))});
    auto t =
        exec(db,
             QStringLiteral("SELECT step_name, id, state, attempts, max_attempts, next_run_at, "
                            "error_code, error FROM tasks WHERE workflow_run_id=? ORDER BY id"),
             {id});
    if (!t)
        return std::unexpected(t.error());
    while (t->next()) {
        auto step = byName.find(t->value(0).toString());
        if (step == byName.end())
            continue;
        const QString state = t->value(2).toString();
        const bool waiting = state == QLatin1String("failed");
        step->task = QJsonObject{{QStringLiteral("id"), t->value(1).toLongLong()},
                                 {QStringLiteral("state"), state},
                                 {QStringLiteral("attempts"), t->value(3).toInt()},
                                 {QStringLiteral("max_attempts"), t->value(4).toInt()},
                                 {QStringLiteral("next_attempt_at"),
                                  waiting ? iso(utcFromMs(t->value(5))) : QJsonValue()},
                                 {QStringLiteral("error_code"), t->value(6).toString()},
                                 {QStringLiteral("error"), t->value(7).toString()}};
    }
    if (def)
        for (const QString &n : def->order)
            r.steps << byName.value(n);
    return std::optional<RunInfo>(r);
}

DbResult<QList<RunInfo>> RunQueries::runs(QSqlDatabase db, const QString &workflow, qint64 afterId,
                                          int limit) const
{
    QString sql = QStringLiteral("SELECT id FROM workflow_runs WHERE workflow=?");
    QVariantList binds{workflow};
    if (afterId > 0) {
        sql += QStringLiteral(" AND id < ?");
        binds << afterId;
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(std::clamp(limit, 1, 200));
    auto ids = storage::selectIds(db, sql, binds);
    if (!ids)
        return std::unexpected(ids.error());
    QList<RunInfo> out;
    for (qint64 id : *ids) {
        auto r = run(db, id);
        if (!r)
            return std::unexpected(r.error());
        if (r->has_value())
            out << **r;
    }
    return out;
}

DbResult<FailedRuns> RunQueries::failedRuns(QSqlDatabase db, const FailedRunFilter &f) const
{
    QString where = QStringLiteral("r.state = 'failed'");
    QVariantList binds;
    if (!f.workflow.isEmpty()) {
        where += QStringLiteral(" AND r.workflow = ?");
        binds << f.workflow;
    }
    if (!f.step.isEmpty()) {
        where += QStringLiteral(" AND EXISTS (SELECT 1 FROM workflow_steps s WHERE s.run_id = "
                                "r.id AND s.name = ? AND s.state = 'failed')");
        binds << f.step;
    }
    if (f.since.isValid()) {
        where += QStringLiteral(" AND r.finished_at >= ?");
        binds << f.since.toMSecsSinceEpoch();
    }
    // Both reads see the same runs.
    ReadSnapshot snapshot(db);
    auto count =
        exec(db, QStringLiteral("SELECT COUNT(*) FROM workflow_runs r WHERE ") + where, binds);
    if (!count)
        return std::unexpected(count.error());
    FailedRuns out;
    out.matched = count->next() ? count->value(0).toLongLong() : 0;
    auto ids = selectIds(db,
                         QStringLiteral("SELECT r.id FROM workflow_runs r WHERE %1 ORDER BY r.id "
                                        "LIMIT %2")
                             .arg(where)
                             .arg(std::max(1, f.limit)),
                         binds);
    if (!ids)
        return std::unexpected(ids.error());
    out.ids = *ids;
    return out;
}

} // namespace dc::workflows
