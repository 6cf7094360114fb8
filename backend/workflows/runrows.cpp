// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/runrows.h"

#include "storage/sqlutil.h"
#include "workflows/jsoncolumn.h"

namespace dc::workflows {

using namespace dc::storage;

const QString kRunColumns =
    QStringLiteral("r.workflow, r.definition, r.state, r.input, r.trigger_data, r.trigger_key, "
                   "r.correlation_id, r.generation, r.created_at");

bool isFinal(const QString &state)
{
    return state == QLatin1String("succeeded") || state == QLatin1String("failed") ||
           state == QLatin1String("skipped") || state == QLatin1String("cancelled");
}

DbResult<QHash<QString, StepRow>> loadSteps(WriteContext &ctx, qint64 runId)
{
    auto sq = exec(
        ctx.db(),
        QStringLiteral(
            "SELECT name, state, items, output, error, forced FROM workflow_steps WHERE run_id=?"),
        {runId});
    if (!sq)
        return std::unexpected(sq.error());
    QHash<QString, StepRow> steps;
    while (sq->next())
        steps.insert(sq->value(0).toString(),
                     StepRow{sq->value(1).toString(), sq->value(2).toInt(),
                             parseJsonText(sq->value(3)), sq->value(4).toString(),
                             sq->value(5).toInt() != 0});
    return steps;
}

DbResult<void> publish(events::EventBus &bus, WriteContext &ctx, const QString &topic, qint64 runId,
                       QJsonObject data, const QString &correlation)
{
    data.insert(QStringLiteral("run_id"), runId);
    return bus.appendDeferred(ctx, events::EventDraft{topic,
                                                      data,
                                                      QStringLiteral("run-%1").arg(runId),
                                                      QStringLiteral("workflows"),
                                                      correlation,
                                                      {}});
}

DbResult<int> stopRunWork(WriteContext &ctx, qint64 runId, qint64 now)
{
    for (const QString &sql :
         {QStringLiteral("UPDATE workflow_steps SET state='cancelled', finished_at=? WHERE "
                         "run_id=? AND state IN ('pending','queued')"),
          QStringLiteral("UPDATE tasks SET state='cancelled', error='cancelled', "
                         "error_code='cancelled', finished_at=? "
                         "WHERE workflow_run_id=? AND state IN ('queued','failed')")})
        if (auto c = exec(ctx.db(), sql, {now, runId}); !c)
            return std::unexpected(c.error());
    if (auto c = exec(
            ctx.db(),
            QStringLiteral(
                "UPDATE tasks SET cancel_requested=1 WHERE workflow_run_id=? AND state='running'"),
            {runId});
        !c)
        return std::unexpected(c.error());
    return 0;
}

} // namespace dc::workflows
