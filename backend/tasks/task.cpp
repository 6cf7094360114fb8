// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/task.h"

#include "core/backoff.h"

namespace dc::tasks {

QString taskStateName(TaskState s)
{
    switch (s) {
    case TaskState::Queued:
        return QStringLiteral("queued");
    case TaskState::Running:
        return QStringLiteral("running");
    case TaskState::Failed:
        return QStringLiteral("failed");
    case TaskState::Succeeded:
        return QStringLiteral("succeeded");
    case TaskState::Dead:
        return QStringLiteral("dead");
    case TaskState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<TaskState> taskStateFromName(const QString &s)
{
    for (TaskState t : {TaskState::Queued, TaskState::Running, TaskState::Failed,
                        TaskState::Succeeded, TaskState::Dead, TaskState::Cancelled})
        if (taskStateName(t) == s)
            return t;
    return std::nullopt;
}

QJsonObject Task::toJson() const
{
    auto iso = [](const QDateTime &d) {
        return d.isValid() ? QJsonValue(d.toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("input"), input},
                  {QStringLiteral("priority"), priority},
                  {QStringLiteral("state"), taskStateName(state)},
                  {QStringLiteral("attempts"), attempts},
                  {QStringLiteral("max_attempts"), maxAttempts},
                  {QStringLiteral("next_run_at"), iso(nextRunAt)},
                  {QStringLiteral("lease_owner"), leaseOwner},
                  {QStringLiteral("lease_until"), iso(leaseUntil)},
                  {QStringLiteral("progress"), progress},
                  {QStringLiteral("progress_message"), progressMessage},
                  {QStringLiteral("result"), result ? QJsonValue(*result) : QJsonValue()},
                  {QStringLiteral("error"), error},
                  {QStringLiteral("error_code"), errorCode},
                  {QStringLiteral("idempotency_key"),
                   idempotencyKey.isEmpty() ? QJsonValue() : QJsonValue(idempotencyKey)},
                  {QStringLiteral("cancel_requested"), cancelRequested},
                  {QStringLiteral("workflow_run_id"),
                   workflowRunId ? QJsonValue(*workflowRunId) : QJsonValue()},
                  {QStringLiteral("step"), stepName},
                  {QStringLiteral("correlation_id"), correlationId},
                  {QStringLiteral("created_at"), iso(createdAt)},
                  {QStringLiteral("started_at"), iso(startedAt)},
                  {QStringLiteral("finished_at"), iso(finishedAt)},
                  {QStringLiteral("updated_at"), iso(updatedAt)}};
    return o;
}

QJsonObject TaskStats::toJson() const
{
    QJsonObject states, kinds, prio;
    for (auto it = byState.cbegin(); it != byState.cend(); ++it)
        states.insert(it.key(), it.value());
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
        QJsonObject k;
        for (auto s = it.value().cbegin(); s != it.value().cend(); ++s)
            k.insert(s.key(), s.value());
        kinds.insert(it.key(), k);
    }
    for (auto it = queuedByPriority.cbegin(); it != queuedByPriority.cend(); ++it)
        prio.insert(QString::number(it.key()), it.value());
    return QJsonObject{{QStringLiteral("by_state"), states},
                       {QStringLiteral("by_kind"), kinds},
                       {QStringLiteral("queued_by_priority"), prio},
                       {QStringLiteral("wait_ms"), QJsonObject{{QStringLiteral("p50"), waitP50Ms},
                                                               {QStringLiteral("p99"), waitP99Ms}}},
                       {QStringLiteral("run_ms"), QJsonObject{{QStringLiteral("p50"), runP50Ms},
                                                              {QStringLiteral("p99"), runP99Ms}}},
                       {QStringLiteral("success_rate"), successRate}};
}

qint64 RetryPolicy::backoffMs(int failures) const
{
    return Backoff{std::max<qint64>(1, firstDelayMs), maxDelayMs}.delayMs(failures);
}

namespace {
qint64 nominalDelay(const RetryPolicy &p, int failures)
{
    qint64 d = std::max<qint64>(1, p.firstDelayMs);
    for (int i = 1; i < failures && d < p.maxDelayMs; ++i)
        d *= 2;
    return std::min(d, std::max(p.maxDelayMs, std::max<qint64>(1, p.firstDelayMs)));
}
} // namespace

int RetryPolicy::attemptsWithin(qint64 budget) const
{
    qint64 total = 0;
    int attempts = 1;
    while (total < budget && attempts < 100)
        total += nominalDelay(*this, attempts++);
    return attempts;
}

qint64 RetryPolicy::budgetMs() const
{
    qint64 total = 0;
    for (int failures = 1; failures < maxAttempts; ++failures)
        total += nominalDelay(*this, failures);
    return total;
}

} // namespace dc::tasks
