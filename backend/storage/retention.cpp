// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/retention.h"

#include "storage/sqlutil.h"

namespace dc::storage {

namespace {
DbResult<QList<qint64>> ids(WriteContext &ctx, const QString &sql, const QVariantList &binds)
{
    return selectIds(ctx.db(), sql, binds);
}

QVariantList asBinds(const QList<qint64> &v)
{
    QVariantList out;
    for (const qint64 id : v)
        out << id;
    return out;
}
} // namespace

DbResult<PurgeCounts> purgeExpiredPayloads(WriteContext &ctx, qint64 cutoffMs, int batch)
{
    const qint64 now = nowMs();
    PurgeCounts counts;
    // Each selection matches a partial index on what is not purged yet.
    auto deliveries = ids(ctx,
                          QStringLiteral("SELECT id FROM webhook_deliveries WHERE body_purged_at "
                                         "IS NULL AND received_at < ? AND state NOT IN "
                                         "('received', 'processing') ORDER BY received_at LIMIT ?"),
                          {cutoffMs, batch});
    if (!deliveries)
        return std::unexpected(deliveries.error());
    if (!deliveries->isEmpty()) {
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE webhook_deliveries SET body = ?, body_purged_at = ? "
                                     "WHERE id IN (%1)")
                          .arg(bindMarks(deliveries->size())),
                      QVariantList{QByteArray(""), now} + asBinds(*deliveries));
        if (!u)
            return std::unexpected(u.error());
        counts.deliveries = deliveries->size();
    }
    auto tasks = ids(ctx,
                     QStringLiteral("SELECT id FROM tasks WHERE purged_at IS NULL AND state IN "
                                    "('succeeded', 'cancelled') AND finished_at < ? ORDER BY "
                                    "finished_at LIMIT ?"),
                     {cutoffMs, batch});
    if (!tasks)
        return std::unexpected(tasks.error());
    if (!tasks->isEmpty()) {
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE tasks SET input = '{}', result = NULL, purged_at = ? "
                                     "WHERE id IN (%1)")
                          .arg(bindMarks(tasks->size())),
                      QVariantList{now} + asBinds(*tasks));
        if (!u)
            return std::unexpected(u.error());
        counts.tasks = tasks->size();
    }
    auto runs = ids(ctx,
                    QStringLiteral("SELECT id FROM workflow_runs WHERE purged_at IS NULL AND state "
                                   "IN ('succeeded', 'cancelled') AND finished_at < ? ORDER BY "
                                   "finished_at LIMIT ?"),
                    {cutoffMs, batch});
    if (!runs)
        return std::unexpected(runs.error());
    if (!runs->isEmpty()) {
        const QString in = bindMarks(runs->size());
        auto s = exec(ctx.db(),
                      QStringLiteral("UPDATE workflow_steps SET input = NULL, output = NULL WHERE "
                                     "run_id IN (%1)")
                          .arg(in),
                      asBinds(*runs));
        if (!s)
            return std::unexpected(s.error());
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE workflow_runs SET input = '{}', trigger_data = '{}', "
                                     "outputs = NULL, purged_at = ? WHERE id IN (%1)")
                          .arg(in),
                      QVariantList{now} + asBinds(*runs));
        if (!u)
            return std::unexpected(u.error());
        counts.runs = runs->size();
    }
    return counts;
}

} // namespace dc::storage
