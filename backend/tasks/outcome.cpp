// SPDX-License-Identifier: GPL-3.0-or-later
// The dispatcher's outcomes (see dispatcher.h): what an attempt's outcome makes of its task,
// and the transaction that records it, with the handler's last write, the run's advance and
// the claim of the worker it freed. Apart from dispatcher.cpp for its size.
#include "tasks/dispatcher.h"

#include "core/logging.h"
#include "events/topics.h"
#include "storage/guardedpart.h"
#include "storage/sqlutil.h"
#include "tasks/claim.h"
#include "tasks/taskrows.h"

namespace dc::tasks {

using namespace dc::storage;

Dispatcher::Verdict Dispatcher::verdict(const Circuits &circuits, const Running &r,
                                        const TaskOutcome &outcome, const RetryPolicy &policy,
                                        qint64 now)
{
    Verdict v{r.task, {}, now};
    Task &t = v.task;
    if (outcome.ok) {
        t.state = TaskState::Succeeded;
        t.result = outcome.result;
        t.progress = 100;
        t.error.clear();
        t.errorCode.clear();
        v.topic = QString(events::topics::kTaskSucceeded);
    } else if (r.reason == StopReason::User) {
        t.state = TaskState::Cancelled;
        t.error = QStringLiteral("cancelled");
        t.errorCode = QStringLiteral("cancelled");
        v.topic = QString(events::topics::kTaskCancelled);
    } else if (r.reason == StopReason::Shutdown) {
        // Not the task's fault: back to the queue, the attempt does not count.
        t.state = TaskState::Queued;
        t.attempts -= 1;
    } else {
        t.errorCode =
            r.reason == StopReason::Timeout ? QStringLiteral("timeout") : outcome.errorCode;
        t.error = r.reason == StopReason::Timeout
                      ? QStringLiteral("timed out after %1 ms").arg(r.timeoutMs)
                      : outcome.errorMessage;
        const bool retryable =
            r.reason == StopReason::Timeout ||
            (outcome.retryable && !policy.nonRetryableCodes.contains(outcome.errorCode));
        // The service this failure names is down (its circuit is not closed): the task waits
        // for it without using an attempt, and runs again when it answers (or as a probe).
        const QString circuit =
            r.reason == StopReason::Timeout ? QString() : circuits.circuitOfCode(outcome.errorCode);
        const bool waiting =
            retryable && !circuit.isEmpty() && circuits.state(circuit) != Circuits::State::Closed;
        if (waiting) {
            t.state = TaskState::Failed;
            t.attempts -= 1;
            v.nextRun = std::max(now + 1, circuits.probeAt(circuit));
            t.error = QStringLiteral("waiting for %1: %2").arg(circuit, t.error);
            v.topic = QString(events::topics::kTaskFailed);
        } else if (!retryable || t.attempts >= t.maxAttempts) {
            t.state = TaskState::Dead;
            v.topic = QString(events::topics::kTaskDead);
        } else {
            t.state = TaskState::Failed;
            v.nextRun = now + policy.backoffMs(t.attempts);
            v.topic = QString(events::topics::kTaskFailed);
        }
    }
    return v;
}

QFuture<DbResult<Claim>>
Dispatcher::record(const Running &r, const TaskOutcome &outcome,
                   const std::function<DbResult<Claim>(WriteContext &)> &claim, bool wakeParked)
{
    const qint64 now = m_host.now();
    RetryPolicy policy = m_host.registeredKind(r.kind).options.retry;
    if (r.task.retryDelayMs > 0) { // a workflow step's own retry settings
        policy.firstDelayMs = r.task.retryDelayMs;
        if (r.task.retryBackoff == QLatin1String("fixed"))
            policy.maxDelayMs = r.task.retryDelayMs;
        else
            policy.maxDelayMs = std::max(policy.maxDelayMs, r.task.retryDelayMs);
    }
    const Verdict decided = verdict(m_host.circuits(), r, outcome, policy, now);
    const QString me = m_instanceId;
    DispatcherHost *host = &m_host;
    events::EventBus *bus = &m_bus;
    auto write = [=](WriteContext &ctx) -> DbResult<int> {
        Verdict v = decided;
        if (outcome.ok && outcome.write) {
            // The handler's last write joins this transaction, while the lease is still ours.
            auto held = exec(ctx.db(),
                             QStringLiteral("SELECT 1 FROM tasks WHERE id=? AND lease_owner=? AND "
                                            "state='running'") +
                                 (ctx.backend() == storage::Backend::Postgres
                                      ? QStringLiteral(" FOR UPDATE")
                                      : QString()),
                             {v.task.id, me});
            if (!held)
                return std::unexpected(held.error());
            if (!held->next()) {
                qCInfo(lcTasks) << "task" << v.task.id
                                << "was claimed elsewhere after its lease expired; outcome "
                                   "and its write dropped";
                return 0;
            }
            held->finish();
            auto w = ctx.underSavepoint<WriteOutcome>([&] {
                return exceptionsAsErrors<WriteOutcome>(
                    [&] { return outcome.write(ctx, v.task.result.value_or(QJsonObject())); });
            });
            if (!w)
                return std::unexpected(w.error());
            if (*w && (*w)->failCode.isEmpty()) {
                v.task.result = (*w)->result;
            } else if (*w) {
                // The write stands; the attempt fails as the write says.
                Running failed = r;
                failed.reason = StopReason::None;
                v = verdict(
                    host->circuits(), failed,
                    TaskOutcome::failure((*w)->failCode, (*w)->failMessage, (*w)->retryable),
                    policy, now);
            } else {
                qCWarning(lcTasks).noquote() << "task" << v.task.id << "succeeded but its write"
                                             << "failed:" << w->error().message;
                // A store failure, whatever stop was asked of the handler meanwhile.
                Running failed = r;
                failed.reason = StopReason::None;
                v = verdict(host->circuits(), failed,
                            TaskOutcome::failure(QStringLiteral("store"), w->error().message),
                            policy, now);
            }
        }
        const Task &t = v.task;
        const bool finished = t.state != TaskState::Queued && t.state != TaskState::Failed;
        // Only the lease holder may record an outcome: if the lease was lost and the task
        // claimed again elsewhere, this result is dropped.
        auto u = exec(
            ctx.db(),
            QStringLiteral("UPDATE tasks SET state=?, attempts=?, result=?, error=?, error_code=?, "
                           "next_run_at=?, "
                           "progress=?, lease_owner='', lease_until=0, finished_at=?, updated_at=? "
                           "WHERE id=? AND lease_owner=? AND state='running'"),
            {taskStateName(t.state), t.attempts,
             t.result ? QVariant(toJsonText(*t.result)) : QVariant(QMetaType(QMetaType::QString)),
             t.error.left(2000), t.errorCode.left(200), v.nextRun, t.progress,
             finished ? QVariant(now) : QVariant(QMetaType(QMetaType::LongLong)), now, t.id, me});
        if (!u)
            return std::unexpected(u.error());
        if (u->numRowsAffected() == 0) {
            if (outcome.ok && outcome.write) // the lease was checked above: the write moved it
                return std::unexpected(
                    DbError{DbError::Kind::Internal,
                            QStringLiteral("task %1's last write changed its own row").arg(t.id)});
            qCInfo(lcTasks) << "task" << t.id
                            << "was claimed elsewhere after its lease expired; outcome dropped";
            return 0;
        }
        qint64 eventId = 0;
        if (!v.topic.isEmpty()) {
            auto e = publishTaskEvent(*bus, ctx, t, v.topic);
            if (!e)
                return std::unexpected(e.error());
            eventId = *e;
        }
        if (finished && t.workflowRunId)
            if (auto a = advanceRun(ctx, *host, t.id, eventId); !a)
                return std::unexpected(a.error());
        const qint64 id = t.id;
        const QString state = taskStateName(t.state);
        ctx.afterCommit([host, id, state, finished] {
            if (finished)
                host->onTaskFinished(id, state);
            else
                host->wake(); // a retry or a requeue is due later
        });
        return 1;
    };
    const QString parked = wakeParked ? parkedClaimName(m_instanceId) : QString();
    return m_store.write<Claim>([write, claim, host, parked](WriteContext &ctx) -> DbResult<Claim> {
        if (!parked.isEmpty())
            ctx.wakeParked(parked); // whether or not this commits
        if (auto w = write(ctx); !w)
            return std::unexpected(w.error());
        // Whether or not the outcome was still ours to write, the worker is free.
        if (!claim)
            return Claim{};
        // Under a savepoint: a failed claim must not undo the outcome (the task would run
        // again when its lease lapsed).
        auto c = ctx.underSavepoint<Claim>([&] { return claim(ctx); });
        if (!c)
            return std::unexpected(c.error());
        if (*c)
            return **c;
        qCWarning(lcTasks) << "claim failed:" << c->error().message;
        return Claim{{}, host->now(), true}; // another claim follows, on its own
    });
}

} // namespace dc::tasks
