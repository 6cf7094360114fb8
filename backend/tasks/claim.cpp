// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/claim.h"

#include "core/logging.h"
#include "events/topics.h"
#include "storage/sqlutil.h"
#include "tasks/taskrows.h"

#include <QSet>

#include <algorithm>

namespace dc::tasks {

using namespace dc::storage;

namespace {
// How many times a retryable task is started when its workers keep dying with their process.
constexpr int kLostWorkerStarts = 10;
} // namespace

// A workflow step's task has just finished in this transaction: its run advances in the same
// commit. Under a savepoint, so that a failed advance leaves the outcome recorded (rolling it
// back would run the task again); the task's event, committed with it, lets the engine's
// subscription try again. Only a failure of the savepoint statements themselves (the database
// failing) fails the whole job, as the outcome's own UPDATE would.
DbResult<void> advanceRun(WriteContext &ctx, DispatcherHost &host, qint64 taskId, qint64 eventId)
{
    auto r = ctx.underSavepoint<int>([&] { return host.stepFinished(ctx, taskId, eventId); });
    if (!r)
        return std::unexpected(r.error());
    if (!*r)
        qCWarning(lcTasks) << "task" << taskId
                           << "finished, its run did not advance yet:" << r->error().message;
    return {};
}

DbResult<Claim> claimTasks(WriteContext &ctx, DispatcherHost &hostRef, events::EventBus &busRef,
                           ClaimRequest req)
{
    DispatcherHost *host = &hostRef;
    events::EventBus *bus = &busRef;
    const int free = req.room;
    const QStringList &kinds = req.kinds;
    QHash<QString, int> &capacity = req.capacity;
    const QHash<QString, QStringList> &probes = req.probes;
    QVariantList &runningHere = req.runningHere;
    const QString &me = req.instanceId;
    // Times are taken when the transaction runs, not when it was queued: a lease
    // must never start out shorter than it should.
    host->claimReadsQueue();
    const qint64 now = host->now();
    const qint64 leaseUntil = now + host->leaseMs();
    QVariantList kindBinds;
    for (const QString &k : kinds)
        kindBinds << k;
    const QString in = bindMarks(kinds.size());
    const QString lock = ctx.backend() == Backend::Postgres
                             ? QStringLiteral(" FOR UPDATE SKIP LOCKED") // shared queue
                             : QString();
    struct Cand
    {
        qint64 id;
        QString kind;
        bool expired;
        int attempts, maxAttempts;
    };
    QList<Cand> cands;
    bool more = false; // see Claim::more
    // Tasks whose worker died (lease expired) first, then due tasks by priority, then by
    // when their work arrived (a step's run's start: runs under way finish first).
    // Each query matches a partial index, so finished tasks are never scanned.
    const QString notHere =
        runningHere.isEmpty()
            ? QString()
            : QStringLiteral(" AND id NOT IN (") + paddedBindMarks(runningHere) + QLatin1Char(')');
    const QString expiredSql =
        QStringLiteral("SELECT id, kind, state, attempts, max_attempts FROM tasks WHERE "
                       "state = 'running' AND lease_until < ?") +
        notHere + QStringLiteral(" AND kind IN (") + in + QStringLiteral(") LIMIT ?") + lock;
    const QString dueSql =
        QStringLiteral("SELECT id, kind, state, attempts, max_attempts FROM tasks WHERE state "
                       "IN ('queued', 'failed') AND next_run_at <= ? AND kind IN (") +
        in + QStringLiteral(") ORDER BY priority DESC, queue_at, id LIMIT ?") + lock;
    // PostgreSQL plans on statistics, and the table's were mostly taken when nearly every
    // task had finished: it then expects a handful of queued rows, reads every one of a
    // backlog of thousands and sorts them (2 ms a claim, measured, against 0.02 ms). With
    // sorting off for this one statement only the due-order index gives the order, and
    // the claim stops after LIMIT rows whatever the statistics say.
    const bool pg = ctx.backend() == Backend::Postgres;
    // Candidates read: some may be skipped below (a kind at its limit, a probe taken).
    const int window = std::min(free * 4, free + 32);
    const QVariantList limit{window};
    for (const auto &[sql, binds, unsorted] :
         {std::tuple{expiredSql, QVariantList{now} + runningHere + kindBinds + limit, false},
          std::tuple{dueSql, QVariantList{now} + kindBinds + limit, pg}}) {
        if (unsorted)
            if (auto s = exec(ctx.db(), QStringLiteral("SET LOCAL enable_sort = off")); !s)
                return std::unexpected(s.error());
        auto q = exec(ctx.db(), sql, binds);
        if (!q)
            return std::unexpected(q.error());
        int rows = 0;
        for (; q->next(); ++rows)
            cands << Cand{q->value(0).toLongLong(), q->value(1).toString(),
                          q->value(2).toString() == QLatin1String("running"), q->value(3).toInt(),
                          q->value(4).toInt()};
        more = more || rows >= window; // every candidate read: more may be due behind them
        if (unsorted)
            if (auto s = exec(ctx.db(), QStringLiteral("SET LOCAL enable_sort TO DEFAULT")); !s)
                return std::unexpected(s.error());
    }
    int room = free;
    QSet<QString> probed;    // half-open circuits whose probe this claim took
    QVariantList ids;        // to claim
    QHash<qint64, int> rank; // the order of the candidates: priority, then age
    for (const Cand &c : cands) {
        if (room == 0) {
            more = true; // candidates left: the UPDATE below may still skip some ids
            break;
        }
        // A kind whose room (or circuit's probe) this claim took: its other due tasks wait for
        // a completion, which wakes the dispatcher.
        const QStringList probe = probes.value(c.kind);
        if (capacity.value(c.kind) <= 0 ||
            std::any_of(probe.cbegin(), probe.cend(),
                        [&probed](const QString &p) { return probed.contains(p); }))
            continue;
        // A worker dies with its process (a crash, kill -9, power loss), and every task it
        // ran dies with it: that is not the task's error. A task that may be retried is
        // therefore started again up to kLostWorkerStarts times in all, even past its retry
        // budget; one that takes its process down every time still ends dead. A task that
        // may run only once (max_attempts 1) never runs twice.
        const int startLimit =
            c.maxAttempts > 1 ? std::max(c.maxAttempts, kLostWorkerStarts) : c.maxAttempts;
        if (c.expired && c.attempts >= startLimit) {
            auto d = exec(
                ctx.db(),
                QStringLiteral(
                    "UPDATE tasks SET state='dead', error=?, error_code='lease_expired', "
                    "lease_owner='', lease_until=0, finished_at=?, updated_at=? WHERE "
                    "id=?"),
                {QStringLiteral("the worker running the last attempt was lost"), now, now, c.id});
            if (!d)
                return std::unexpected(d.error());
            auto t = loadTask(ctx.db(), c.id);
            if (!t) // its run would never hear of it
                return std::unexpected(t.error());
            if (t->has_value()) {
                // A failed append fails the claim: it also wrote the job's deferred events.
                const auto event =
                    publishTaskEvent(*bus, ctx, **t, QString(events::topics::kTaskDead));
                if (!event)
                    return std::unexpected(event.error());
                if ((*t)->workflowRunId)
                    if (auto a = advanceRun(ctx, *host, c.id, *event); !a)
                        return std::unexpected(a.error());
            }
            continue;
        }
        ids << c.id;
        rank.insert(c.id, int(rank.size()));
        capacity[c.kind] -= 1;
        --room;
        for (const QString &p : probe)
            probed.insert(p);
    }
    // One UPDATE claims them all; the claimed rows come back with it (no lookup per task).
    // Other transactions cannot change them (the only writer on SQLite; FOR UPDATE on
    // PostgreSQL), but this one can: a dead-lettered task above may fail its run, which
    // cancels the run's other queued steps. The guard skips those. It names the finished
    // states: a guard on the live ones (state IN (...)) would let PostgreSQL's generic plan
    // walk a partial index on state instead of the primary key (5 ms a claim against a
    // backlog of thousands, measured).
    Claim out{{}, now, more};
    if (!ids.isEmpty()) {
        const QString sql =
            QStringLiteral("UPDATE tasks SET state='running', lease_owner=?, lease_until=?, "
                           "attempts=attempts+1, started_at=?, updated_at=?, progress=0, "
                           "progress_message='' WHERE id IN (") +
            paddedBindMarks(ids) +
            QStringLiteral(") AND state NOT IN ('succeeded','dead','cancelled') RETURNING ") +
            kTaskColumns;
        auto u = exec(ctx.db(), sql, QVariantList{me, leaseUntil, now, now} + ids);
        if (!u)
            return std::unexpected(u.error());
        while (u->next())
            out.tasks << taskFromRow(*u);
        u->finish(); // see returnedValue()
    }
    std::sort(out.tasks.begin(), out.tasks.end(), [&rank](const Task &a, const Task &b) {
        return rank.value(a.id) < rank.value(b.id);
    });
    if (auto e = deferTaskEvents(*bus, ctx, out.tasks, QString(events::topics::kTaskStarted)); !e)
        return std::unexpected(e.error());
    return out;
}

} // namespace dc::tasks
