// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the task manager works with, as plain values: a task's state, its row, what a handler
// sees and returns, what a caller asks for (enqueue, list), the per-kind options and the stats.
// Apart from the manager so that the dispatcher, the row queries and the API can use them
// without the queue itself.
#include "core/error.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace dc::storage {
class WriteContext;
}

namespace dc::tasks {

enum class TaskState { Queued, Running, Failed, Succeeded, Dead, Cancelled };
QString taskStateName(TaskState s);
std::optional<TaskState> taskStateFromName(const QString &s);

struct RetryPolicy
{
    int maxAttempts = 5;
    qint64 firstDelayMs = 1000;
    qint64 maxDelayMs = 5 * 60 * 1000;
    QStringList nonRetryableCodes; // error codes that go straight to dead

    // The delay before attempt n+1 after n failures (core/backoff.h, the first delay at least
    // 1 ms).
    qint64 backoffMs(int failures) const;
    // The attempts whose nominal delays (no jitter) add up to at least budgetMs: a retry
    // budget given in time.
    int attemptsWithin(qint64 budgetMs) const;
    // How long all the retries take, nominally: the budget the attempts make.
    qint64 budgetMs() const;
};

struct KindOptions
{
    int concurrency = 0; // at most this many of the kind at once across the pool (0: no limit)
    RetryPolicy retry;
    qint64 timeoutMs = 0; // a run longer than this is asked to stop and counts as a failure
    // For GET /api/agents: what the action does and the JSON Schema of its input.
    QString description;
    QJsonObject inputSchema;
    QJsonObject outputSchema;
    QJsonArray errors; // [{code, retryable, description}]
    // Who may start the kind through the API (POST /api/agents/{agent}/action, or retry one
    // with POST /api/tasks/{id}/retry): a permission of the table, on top of the route's. An
    // internal kind is the backend's own work: never started through the API (workflows and
    // the backend enqueue it).
    QString permission = QStringLiteral("agents.call");
    bool internal = false;
};

// A handler's last write, made in the transaction that records its success: it gets the
// handler's result and returns the one to record (ids of the rows it wrote, say). The write and
// the success then commit together: one commit fewer on a workflow step's way, and no write
// left done without its outcome for a retry to find. It runs later, on the store's writer
// thread, under a savepoint, only while the task's lease is still held: it captures by value or
// objects that outlive the task manager. An error undoes it and the attempt fails with code
// "store", retried as any store failure.
// What the write makes of the attempt: the result to record with its success, or a failure
// that stands with the write (what it recorded happened, and the step fails all the same: a
// supplier order placed for an order found cancelled meanwhile, its operator told).
struct WriteOutcome
{
    WriteOutcome(QJsonObject r = {}) // NOLINT: a plain result is a success
        : result(std::move(r))
    {}
    static WriteOutcome failure(QString code, QString message, bool retryable = false)
    {
        WriteOutcome w;
        w.failCode = std::move(code);
        w.failMessage = std::move(message);
        w.retryable = retryable;
        return w;
    }
    QJsonObject result;
    QString failCode; // set: the attempt fails with it, the write kept
    QString failMessage;
    bool retryable = false;
};
using OutcomeWrite =
    std::function<dc::Result<WriteOutcome>(storage::WriteContext &, QJsonObject result)>;

// What a handler sees. Handlers run on a worker thread; they should check cancelled() now and
// then, and may report progress.
class TaskContext
{
public:
    qint64 id = 0;
    QString kind;
    QJsonObject input;
    int attempt = 1;
    QString idempotencyKey;
    std::optional<qint64> workflowRunId;
    QString stepName;
    QString correlationId;

    bool cancelled() const { return m_cancel && m_cancel->load(); }
    // The write to make with this attempt's success (see OutcomeWrite); dropped if it fails.
    void writeOnSuccess(OutcomeWrite write) { m_onSuccess = std::move(write); }
    void progress(int percent, const QString &message = {}) const
    {
        if (m_progress)
            m_progress(std::clamp(percent, 0, 100), message);
    }

private:
    friend class Dispatcher; // sets the cancel flag and the progress callback of each run
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::function<void(int, const QString &)> m_progress;
    OutcomeWrite m_onSuccess;
};

struct TaskOutcome
{
    bool ok = false;
    QJsonObject result;
    QString errorCode; // e.g. "timeout", "INVENTORY_HOLD_ERROR"
    QString errorMessage;
    bool retryable = true; // false: dead at once whatever the policy says
    OutcomeWrite write;    // with a success: TaskContext::writeOnSuccess

    static TaskOutcome success(QJsonObject result = {})
    {
        return {true, std::move(result), {}, {}, true};
    }
    static TaskOutcome failure(QString code, QString message, bool retryable = true)
    {
        return {false, {}, std::move(code), std::move(message), retryable};
    }
};

using TaskHandler = std::function<TaskOutcome(TaskContext &)>;

struct EnqueueRequest
{
    QString kind;
    QJsonObject input;
    int priority = 0;       // higher runs first
    QString idempotencyKey; // same key, same task
    std::optional<qint64> workflowRunId;
    QString stepName;
    QString correlationId;
    qint64 delayMs = 0;             // not before now + delay
    std::optional<int> maxAttempts; // default: the kind's policy
    std::optional<qint64> timeoutMs;
    qint64 retryDelayMs = 0; // > 0: first retry delay instead of the kind's
    QString retryBackoff;    // "fixed" or "exponential" (default)
    // When the work arrived, for the claim order after priority (UTC ms; default: now). A
    // workflow step passes its run's start, so runs under way go before newer runs.
    std::optional<qint64> queueAt;
};

struct EnqueueResult
{
    qint64 id = 0;
    bool created = true; // false: an existing task had the idempotency key
};

struct Task
{
    qint64 id = 0;
    QString kind;
    QJsonObject input;
    int priority = 0;
    TaskState state = TaskState::Queued;
    int attempts = 0;
    int maxAttempts = 0;
    QDateTime nextRunAt;
    QString leaseOwner;
    QDateTime leaseUntil;
    int progress = 0;
    QString progressMessage;
    std::optional<QJsonObject> result;
    QString error;
    QString errorCode;
    QString idempotencyKey;
    bool cancelRequested = false;
    std::optional<qint64> workflowRunId;
    QString stepName;
    QString correlationId;
    QDateTime createdAt, startedAt, finishedAt, updatedAt;
    qint64 retryDelayMs = 0;
    QString retryBackoff;
    qint64 timeoutMs = 0; // the task's own timeout; 0: its kind's
    QJsonObject toJson() const;
};

struct TaskQuery
{
    std::optional<TaskState> state;
    QString kind;
    std::optional<qint64> workflowRunId;
    qint64 afterId = 0; // keyset: tasks with a smaller id (newest first)
    int limit = 100;
};

struct TaskStats
{
    QHash<QString, qint64> byState;                // state -> count
    QHash<QString, QHash<QString, qint64>> byKind; // kind -> state -> count
    QHash<int, qint64> queuedByPriority;
    double waitP50Ms = 0, waitP99Ms = 0; // created (or due) -> started, last 1000 finished
    double runP50Ms = 0, runP99Ms = 0;   // started -> finished
    double successRate = 0;              // succeeded / (succeeded + dead), last 1000 finished
    QJsonObject toJson() const;
};

} // namespace dc::tasks
