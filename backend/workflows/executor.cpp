// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/executor.h"

#include "core/expression.h"
#include "core/logging.h"
#include "events/topics.h"
#include "storage/sqlutil.h"
#include "workflows/catalog.h"
#include "workflows/jsoncolumn.h"
#include "workflows/runrows.h"
#include "workflows/template.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace dc::workflows {

using namespace dc::storage;

WorkflowExecutor::WorkflowExecutor(Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                                   const WorkflowCatalog &catalog, const RunQueries &queries)
    : m_store(store)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_catalog(catalog)
    , m_queries(queries)
{}

WorkflowExecutor::~WorkflowExecutor()
{
    m_tasks.setStepFinishedHook({});
}

DbResult<bool> WorkflowExecutor::outcomeApplied(qint64 taskId) const
{
    auto q =
        cachedRead(m_store.reader(),
                   QStringLiteral("SELECT r.state, s.state FROM tasks t JOIN workflow_runs r ON "
                                  "r.id = t.workflow_run_id LEFT JOIN workflow_steps s ON "
                                  "s.run_id = t.workflow_run_id AND s.name = t.step_name "
                                  "WHERE t.id = ?"),
                   {taskId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return true; // not a step of a run
    return q->value(0).toString() != QLatin1String("running") ||
           q->value(1).toString() != QLatin1String("queued");
}

void WorkflowExecutor::noteApplied(qint64 eventId)
{
    // Far more than the bus holds in flight. Marks whose delivery never comes this way (the
    // subscription held by another instance, an event delivered before its mark was set) are
    // pushed out by newer ones; event ids never repeat, so a stale mark matches nothing.
    constexpr size_t kMaxMarks = 65536;
    QMutexLocker lock(&m_appliedLock);
    if (m_applied.contains(eventId))
        return;
    m_applied.insert(eventId);
    m_appliedOrder.push_back(eventId);
    while (m_appliedOrder.size() > kMaxMarks) {
        m_applied.remove(m_appliedOrder.front());
        m_appliedOrder.pop_front();
    }
}

bool WorkflowExecutor::takeApplied(qint64 eventId)
{
    QMutexLocker lock(&m_appliedLock);
    return m_applied.remove(eventId); // its id leaves m_appliedOrder with the bound
}

void WorkflowExecutor::start()
{
    // The usual path: a step's task advances its run in the transaction that records its
    // outcome (one commit per step rather than two, and no wait for the event).
    m_tasks.setStepFinishedHook([this](WriteContext &ctx, qint64 taskId, qint64 eventId) {
        auto r = onTaskOutcome(ctx, taskId);
        if (r && eventId > 0)
            ctx.afterCommit([this, eventId] { noteApplied(eventId); });
        return r;
    });
    events::SubscriptionSpec spec;
    spec.name = QStringLiteral("workflow-engine");
    spec.kind = QStringLiteral("handler");
    spec.patterns = {QString(events::topics::kTaskSucceeded), QString(events::topics::kTaskDead),
                     QString(events::topics::kTaskCancelled)};
    spec.filter = QStringLiteral("data.workflow_run_id != null");
    spec.maxAttempts = 100;
    if (auto s = m_bus.subscriptionAdmin().ensureSubscription(spec); !s)
        qCWarning(lcWorkflows) << "cannot subscribe to task outcomes:" << s.error().message;
    m_bus.registerHandler(
        spec.name, [this](const events::Event &e) -> std::expected<void, QString> {
            const qint64 taskId = e.data.value(QStringLiteral("task_id")).toInteger();
            // The safety net for outcomes the hook did not apply: tasks that finished before
            // start(), a failed advance, tasks cancelled while queued. Nearly always the step
            // is already settled, and a read says so without a write (not for a for_each
            // step's items before the last: their step stays queued).
            if (takeApplied(e.id))
                return {};
            if (auto applied = outcomeApplied(taskId); applied && *applied)
                return {};
            auto r = m_store.writeAndWait<int>(
                [this, taskId](WriteContext &ctx) { return onTaskOutcome(ctx, taskId); });
            if (!r)
                return std::unexpected(r.error().message);
            return {};
        });
}

// A run's row as the engine reads it inside a write, with its definition (null: unreadable).
// Its input and trigger data (the whole order, for an order's run) are parsed only when a step
// is rendered.
struct WorkflowExecutor::RunRow
{
    QString workflow;
    std::shared_ptr<const WorkflowDefinition> def;
    QString state;
    QVariant input, triggerData; // JSON text
    QString key;
    QString correlation;
    int generation = 0;
    qint64 createdAt = 0;
    // The run's steps as this transaction has them, when the caller has them at hand (a run
    // just started, a step just settled): advance() then reads them no more.
    std::optional<QHash<QString, StepRow>> steps;
};

DbResult<StartResult> WorkflowExecutor::startRun(const QString &workflow, const QJsonObject &input,
                                                 const QString &key, const QJsonObject &triggerData,
                                                 const QString &correlationId)
{
    // Checked before the write: a refusal fails no job (a failed job reruns its whole batch).
    auto prepared = prepareRun(workflow, key);
    if (!prepared)
        return std::unexpected(prepared.error());
    return m_store.writeAndWait<StartResult>([=, this](WriteContext &ctx) {
        return startRun(ctx, *prepared, input, key, triggerData, correlationId);
    });
}

DbResult<PreparedRun> WorkflowExecutor::prepareRun(const QString &workflow,
                                                   const QString &key) const
{
    // The text and its version together: a save between two reads would pair them wrongly.
    const std::pair<QByteArray, int> current = m_catalog.sourceAndVersion(workflow);
    if (current.first.isEmpty())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no workflow \"%1\"").arg(workflow)});
    if (key.size() > 200)
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("key: at most 200 characters")});
    auto def = m_catalog.snapshot(QString::fromUtf8(current.first));
    if (!def)
        return std::unexpected(
            DbError{DbError::Kind::Internal, QStringLiteral("the definition no longer parses")});
    return PreparedRun{workflow, current.first,
                       current.second > 0 ? QVariant(current.second)
                                          : QVariant(QMetaType(QMetaType::Int)),
                       std::move(def)};
}

DbResult<StartResult> WorkflowExecutor::startRun(WriteContext &ctx, const PreparedRun &prepared,
                                                 const QJsonObject &input, const QString &key,
                                                 const QJsonObject &triggerData,
                                                 const QString &correlationId)
{
    const QString &workflow = prepared.workflow;
    const QByteArray &source = prepared.source;
    const QVariant &version = prepared.version;
    const auto &def = prepared.def;
    const QString inputText = jsonText(input);
    const QString triggerText = jsonText(triggerData);
    const qint64 now = nowMs();
    auto q = exec(
        ctx.db(),
        QStringLiteral("INSERT INTO workflow_runs (workflow, definition, version, state, "
                       "trigger_key, input, trigger_data, correlation_id, created_at, updated_at) "
                       "VALUES (?,?,?,'running',?,?,?,?,?,?) "
                       "ON CONFLICT (workflow, trigger_key) DO NOTHING RETURNING id"),
        {workflow, QString::fromUtf8(source), version,
         key.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(key), inputText,
         triggerText, correlationId, now, now});
    if (!q)
        return std::unexpected(q.error());
    const auto inserted = returnedValue(*q);
    if (!inserted) {
        auto existing =
            exec(ctx.db(),
                 QStringLiteral("SELECT id FROM workflow_runs WHERE workflow=? AND trigger_key=?"),
                 {workflow, key});
        if (!existing || !existing->next())
            return std::unexpected(
                DbError{DbError::Kind::Internal, QStringLiteral("duplicate run not found")});
        return StartResult{existing->value(0).toLongLong(), false};
    }
    const qint64 runId = inserted->toLongLong();
    // The steps' rows in statements of up to 32 (one statement for nearly every workflow).
    for (qsizetype from = 0; from < def->steps.size(); from += 32) {
        const qsizetype n = std::min<qsizetype>(32, def->steps.size() - from);
        QVariantList binds;
        binds.reserve(2 * n);
        for (qsizetype i = from; i < from + n; ++i)
            binds << runId << def->steps[i].name;
        if (auto i =
                exec(ctx.db(),
                     QStringLiteral("INSERT INTO workflow_steps (run_id, name, state) VALUES ") +
                         QStringList(n, QStringLiteral("(?,?,'pending')")).join(QLatin1Char(',')),
                     binds);
            !i)
            return std::unexpected(i.error());
    }
    if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowRunStarted), runId,
                         {{QStringLiteral("workflow"), workflow}, {QStringLiteral("key"), key}},
                         correlationId);
        !e)
        return std::unexpected(e.error());
    // The run as just written: advance() need not read it back.
    RunRow run{workflow, def, QStringLiteral("running"), inputText, triggerText, key, correlationId,
               0,        now, QHash<QString, StepRow>()};
    for (const StepDef &s : def->steps)
        run.steps->insert(s.name,
                          StepRow{QStringLiteral("pending"), -1, QJsonValue(), QString(), false});
    if (auto a = advance(ctx, runId, run); !a)
        return std::unexpected(a.error());
    return StartResult{runId, true};
}

DbResult<std::optional<WorkflowExecutor::RunRow>> WorkflowExecutor::loadRun(WriteContext &ctx,
                                                                            qint64 runId)
{
    const QString lock =
        ctx.backend() == Backend::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
    auto rq = exec(ctx.db(),
                   QStringLiteral("SELECT ") + kRunColumns +
                       QStringLiteral(" FROM workflow_runs r WHERE id=?") + lock,
                   {runId});
    if (!rq)
        return std::unexpected(rq.error());
    if (!rq->next())
        return std::optional<RunRow>();
    return runRowFrom(*rq, 0);
}

// The columns kRunColumns lists, from `first` on.
WorkflowExecutor::RunRow WorkflowExecutor::runRowFrom(const QSqlQuery &q, int first) const
{
    return RunRow{q.value(first).toString(),
                  m_catalog.snapshot(q.value(first + 1).toString()),
                  q.value(first + 2).toString(),
                  q.value(first + 3),
                  q.value(first + 4),
                  q.value(first + 5).toString(),
                  q.value(first + 6).toString(),
                  q.value(first + 7).toInt(),
                  q.value(first + 8).toLongLong(),
                  std::nullopt};
}

DbResult<int> WorkflowExecutor::advance(WriteContext &ctx, qint64 runId)
{
    auto run = loadRun(ctx, runId);
    if (!run)
        return std::unexpected(run.error());
    if (!*run)
        return 0;
    return advance(ctx, runId, **run);
}

// The run as loaded in this transaction (by advance() above, or by onTaskOutcome(), which has
// just read it: one read of the row and its definition per step, not two).
DbResult<int> WorkflowExecutor::advance(WriteContext &ctx, qint64 runId, const RunRow &run)
{
    if (run.state != QLatin1String("running"))
        return 0;
    const QString &workflow = run.workflow;
    const WorkflowDefinition *def = run.def.get();
    if (!def)
        return std::unexpected(
            DbError{DbError::Kind::Internal,
                    QStringLiteral("run %1 has an unreadable definition").arg(runId)});
    std::optional<QJsonValue> input, triggerData;
    const QString &key = run.key;
    const QString &correlation = run.correlation;
    const int generation = run.generation;
    // A step's tasks are queued at its run's start, so runs under way go first. A retried run
    // (a later generation) queues as new work: a bulk retry of old runs must not go ahead of
    // every order that arrived since.
    const std::optional<qint64> queueAt =
        generation == 0 ? std::optional<qint64>(run.createdAt) : std::nullopt;

    QHash<QString, StepRow> steps;
    if (run.steps) {
        steps = *run.steps;
    } else {
        auto loaded = loadSteps(ctx, runId);
        if (!loaded)
            return std::unexpected(loaded.error());
        steps = std::move(*loaded);
    }
    auto context = [&] {
        if (!input) {
            input = parseJsonText(run.input);
            triggerData = parseJsonText(run.triggerData);
        }
        QJsonObject c{
            {QStringLiteral("trigger"),
             QJsonObject{{QStringLiteral("data"), *triggerData}, {QStringLiteral("key"), key}}},
            {QStringLiteral("input"), *input},
            {QStringLiteral("run"),
             QJsonObject{{QStringLiteral("id"), runId}, {QStringLiteral("workflow"), workflow}}}};
        for (auto it = steps.cbegin(); it != steps.cend(); ++it)
            if (isFinal(it->state))
                c.insert(it.key(), QJsonObject{{QStringLiteral("output"), it->output},
                                               {QStringLiteral("status"), it->state},
                                               {QStringLiteral("error"), it->error}});
        return c;
    };
    const qint64 now = nowMs();
    auto setStep = [&](const QString &name, const QString &state, const QString &error,
                       const QString &topic) -> DbResult<int> {
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE workflow_steps SET state=?, error=?, finished_at=? "
                                     "WHERE run_id=? AND name=?"),
                      {state, error, now, runId, name});
        if (!u)
            return std::unexpected(u.error());
        steps[name].state = state;
        steps[name].error = error;
        if (auto e = publish(m_bus, ctx, topic, runId,
                             {{QStringLiteral("workflow"), workflow},
                              {QStringLiteral("step"), name},
                              {QStringLiteral("reason"), error}},
                             correlation);
            !e)
            return std::unexpected(e.error());
        return 1;
    };

    int started = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (const QString &name : def->order) {
            StepRow &row = steps[name];
            if (row.state != QLatin1String("pending"))
                continue;
            const StepDef &step = *def->step(name);
            bool waiting = false, blocked = false;
            if (!row.forced) {
                for (const QString &d : step.allDeps()) {
                    const QString st = steps.value(d).state;
                    if (st == QLatin1String("pending") || st == QLatin1String("queued"))
                        waiting = true;
                    else if (st == QLatin1String("skipped") || st == QLatin1String("cancelled") ||
                             (st == QLatin1String("failed") &&
                              def->step(d)->onError != QLatin1String("continue")))
                        blocked = true;
                }
            }
            if (waiting)
                continue;
            changed = true;
            if (blocked) {
                if (auto r = setStep(name, QStringLiteral("skipped"),
                                     QStringLiteral("a step it depends on did not succeed"),
                                     QString(events::topics::kWorkflowStepSkipped));
                    !r)
                    return r;
                continue;
            }
            const QJsonObject c = context();
            if (!step.when.isEmpty()) {
                auto w = Expression::parse(step.when);
                if (w && !w->test(c)) {
                    if (auto r = setStep(name, QStringLiteral("skipped"),
                                         QStringLiteral("when is false"),
                                         QString(events::topics::kWorkflowStepSkipped));
                        !r)
                        return r;
                    continue;
                }
            }
            QJsonArray items;
            bool fanOut = !step.forEach.isEmpty();
            if (fanOut) {
                const QJsonValue list = Expression::parse(step.forEach)->evaluate(c);
                if (!list.isArray()) {
                    if (auto r = setStep(name, QStringLiteral("failed"),
                                         QStringLiteral("for_each did not give a list"),
                                         QString(events::topics::kWorkflowStepFailed));
                        !r)
                        return r;
                    continue;
                }
                items = list.toArray();
                // Checked before anything is rendered or queued: this runs inside the writer's
                // transaction, and what it may cost there is bounded.
                if (items.size() > kMaxForEachItems) {
                    if (auto r = setStep(name, QStringLiteral("failed"),
                                         QStringLiteral("for_each gave %1 items; a step takes at "
                                                        "most %2")
                                             .arg(items.size())
                                             .arg(kMaxForEachItems),
                                         QString(events::topics::kWorkflowStepFailed));
                        !r)
                        return r;
                    continue;
                }
            }
            const int count = fanOut ? int(items.size()) : 1;
            // Every input rendered and measured first (each within the input limit, the step
            // within its total), so that a step too large fails whole, with nothing queued.
            QJsonArray inputs;
            QString tooLarge;
            qint64 stepBytes = 0;
            for (int i = 0; i < count && tooLarge.isEmpty(); ++i) {
                QJsonObject ci = c;
                if (fanOut)
                    ci.insert(QStringLiteral("item"), items.at(i));
                const QJsonValue rendered =
                    renderValue(step.input.isNull() ? QJsonValue(QJsonObject()) : step.input, ci);
                const qint64 size = jsonSizeAtMost(rendered, kMaxRenderedInputBytes);
                stepBytes += size;
                if (size > kMaxRenderedInputBytes)
                    tooLarge = QStringLiteral("the input%1 renders to more than %2 KiB")
                                   .arg(fanOut ? QStringLiteral(" of item %1").arg(i) : QString())
                                   .arg(kMaxRenderedInputBytes / 1024);
                else if (stepBytes > kMaxRenderedStepBytes)
                    tooLarge = QStringLiteral("the inputs of its items render to more than %1 MiB")
                                   .arg(kMaxRenderedStepBytes / (1024 * 1024));
                inputs.append(rendered);
            }
            if (!tooLarge.isEmpty()) {
                if (auto r = setStep(name, QStringLiteral("failed"), tooLarge,
                                     QString(events::topics::kWorkflowStepFailed));
                    !r)
                    return r;
                continue;
            }
            for (int i = 0; i < count; ++i) {
                const QJsonValue rendered = inputs.at(i);
                tasks::EnqueueRequest req;
                req.kind = step.agent + QLatin1Char('.') + step.action;
                req.input = rendered.toObject();
                req.idempotencyKey =
                    QStringLiteral("wf-%1-%2-%3").arg(runId).arg(generation).arg(name) +
                    (fanOut ? QStringLiteral("-%1").arg(i) : QString());
                req.workflowRunId = runId;
                req.stepName = name;
                req.correlationId = correlation;
                req.queueAt = queueAt;
                if (step.retry) {
                    req.maxAttempts = step.retry->maxAttempts;
                    req.retryDelayMs = step.retry->delayMs;
                    req.retryBackoff = step.retry->backoff;
                }
                if (step.timeoutMs > 0)
                    req.timeoutMs = step.timeoutMs;
                if (auto t = m_tasks.enqueue(ctx, req); !t)
                    return std::unexpected(t.error());
            }
            if (fanOut && count == 0) {
                auto u =
                    exec(ctx.db(),
                         QStringLiteral("UPDATE workflow_steps SET state='succeeded', items=0, "
                                        "input=?, output=?, started_at=?, "
                                        "finished_at=? WHERE run_id=? AND name=?"),
                         {jsonText(QJsonArray()), jsonText(QJsonArray()), now, now, runId, name});
                if (!u)
                    return std::unexpected(u.error());
                row.state = QStringLiteral("succeeded");
                row.output = QJsonArray();
                continue;
            }
            auto u = exec(ctx.db(),
                          QStringLiteral("UPDATE workflow_steps SET state='queued', items=?, "
                                         "input=?, started_at=? WHERE run_id=? AND name=?"),
                          {fanOut ? count : -1,
                           jsonText(fanOut ? QJsonValue(inputs) : inputs.at(0)), now, runId, name});
            if (!u)
                return std::unexpected(u.error());
            row.state = QStringLiteral("queued");
            ++started;
            if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowStepStarted), runId,
                                 {{QStringLiteral("workflow"), workflow},
                                  {QStringLiteral("step"), name},
                                  {QStringLiteral("items"), count}},
                                 correlation);
                !e)
                return std::unexpected(e.error());
        }
    }

    for (auto it = steps.cbegin(); it != steps.cend(); ++it)
        if (!isFinal(it->state))
            return started;
    // Every step is final: the run is done.
    const QJsonValue outputs = renderValue(def->outputs, context());
    auto u = exec(ctx.db(),
                  QStringLiteral("UPDATE workflow_runs SET state='succeeded', outputs=?, "
                                 "updated_at=?, finished_at=? WHERE id=?"),
                  {jsonText(outputs), now, now, runId});
    if (!u)
        return std::unexpected(u.error());
    if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowRunSucceeded), runId,
                         {{QStringLiteral("workflow"), workflow}}, correlation);
        !e)
        return std::unexpected(e.error());
    return started;
}

DbResult<int> WorkflowExecutor::onTaskOutcome(WriteContext &ctx, qint64 taskId)
{
    // The task's run and step, and the run, in one read.
    const QString lock =
        ctx.backend() == Backend::Postgres ? QStringLiteral(" FOR UPDATE OF r") : QString();
    auto tq = exec(ctx.db(),
                   QStringLiteral("SELECT t.workflow_run_id, t.step_name, t.idempotency_key, "
                                  "t.state, t.result, t.error, ") +
                       kRunColumns +
                       QStringLiteral(" FROM tasks t JOIN workflow_runs r ON r.id = "
                                      "t.workflow_run_id WHERE t.id=?") +
                       lock,
                   {taskId});
    if (!tq)
        return std::unexpected(tq.error());
    if (!tq->next())
        return 0; // not a step of a run
    const qint64 runId = tq->value(0).toLongLong();
    const QString stepName = tq->value(1).toString();
    // The task itself: for a step of one task, all that the step's outcome needs.
    const std::array<QVariant, 4> own{tq->value(2), tq->value(3), tq->value(4), tq->value(5)};
    RunRow run = runRowFrom(*tq, 6);
    if (run.state != QLatin1String("running"))
        return 0; // cancelled or failed meanwhile: late outcomes change nothing
    const WorkflowDefinition *def = run.def.get();
    const QString workflow = run.workflow;
    const QString correlation = run.correlation;
    const int generation = run.generation;
    const StepDef *step = def ? def->step(stepName) : nullptr;
    if (!step)
        return 0;
    // The run's steps, read once here and handed to advance(). A for_each step's items each
    // come this way, and all but the last stop below: those read only their own step's row.
    std::optional<QHash<QString, StepRow>> steps;
    QString state;
    int items = -1;
    if (step->forEach.isEmpty()) {
        auto loaded = loadSteps(ctx, runId);
        if (!loaded)
            return std::unexpected(loaded.error());
        steps = std::move(*loaded);
        const auto it = steps->constFind(stepName);
        if (it != steps->cend()) {
            state = it->state;
            items = it->items;
        }
    } else {
        auto sq = exec(
            ctx.db(),
            QStringLiteral("SELECT state, items FROM workflow_steps WHERE run_id=? AND name=?"),
            {runId, stepName});
        if (!sq)
            return std::unexpected(sq.error());
        if (sq->next()) {
            state = sq->value(0).toString();
            items = sq->value(1).toInt();
        }
    }
    if (state != QLatin1String("queued"))
        return 0; // already settled: an outcome delivered twice is applied once

    // The step's tasks of this generation (one, or one per for_each item).
    const QString prefix = QStringLiteral("wf-%1-%2-%3").arg(runId).arg(generation).arg(stepName);
    QMap<int, QJsonValue> results;
    QString firstError;
    int finished = 0, failed = 0;
    // One task's row: its key, state, result and error.
    auto take = [&](const QString &k, const QString &st, const QVariant &result,
                    const QString &error) {
        int index = 0;
        if (k != prefix) {
            bool item = false;
            if (k.size() > prefix.size() + 1 && k.startsWith(prefix) &&
                k.at(prefix.size()) == QLatin1Char('-'))
                index = QStringView(k).mid(prefix.size() + 1).toInt(&item);
            if (!item)
                return; // another generation's task
        }
        if (st == QLatin1String("succeeded")) {
            ++finished;
            results.insert(index, QJsonDocument::fromJson(result.toString().toUtf8()).object());
        } else if (st == QLatin1String("dead") || st == QLatin1String("cancelled")) {
            ++finished;
            ++failed;
            if (firstError.isEmpty())
                firstError = error.isEmpty() ? st : error;
        }
    };
    if (items < 0 && own[0].toString() == prefix) {
        // The step's only task (keys are unique): no other to read.
        take(prefix, own[1].toString(), own[2], own[3].toString());
    } else {
        // Other generations' tasks are told apart here rather than with LIKE: SQLite prepares
        // a statement again every time the pattern bound to a LIKE changes.
        auto all = exec(ctx.db(),
                        QStringLiteral("SELECT idempotency_key, state, result, error FROM tasks "
                                       "WHERE workflow_run_id=? AND step_name=?"),
                        {runId, stepName});
        if (!all)
            return std::unexpected(all.error());
        while (all->next())
            take(all->value(0).toString(), all->value(1).toString(), all->value(2),
                 all->value(3).toString());
    }
    const int expected = items >= 0 ? items : 1;
    if (finished < expected)
        return 0; // other items still running
    const qint64 now = nowMs();
    if (failed == 0) {
        QJsonValue output = items >= 0 ? QJsonValue(QJsonArray()) : results.value(0);
        if (items >= 0) {
            QJsonArray a;
            for (const QJsonValue &v : std::as_const(results))
                a.append(v);
            output = a;
        }
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE workflow_steps SET state='succeeded', output=?, "
                                     "finished_at=? WHERE run_id=? AND name=?"),
                      {jsonText(output), now, runId, stepName});
        if (!u)
            return std::unexpected(u.error());
        if (auto e = publish(
                m_bus, ctx, QString(events::topics::kWorkflowStepSucceeded), runId,
                {{QStringLiteral("workflow"), workflow}, {QStringLiteral("step"), stepName}},
                correlation);
            !e)
            return std::unexpected(e.error());
        // The steps as this transaction now has them (only this one changed).
        if (steps) {
            StepRow &settled = (*steps)[stepName];
            settled.state = QStringLiteral("succeeded");
            settled.output = output;
            run.steps = std::move(steps);
        }
        return advance(ctx, runId, run);
    }

    // The step failed.
    const QJsonObject failure{{QStringLiteral("workflow"), workflow},
                              {QStringLiteral("step"), stepName},
                              {QStringLiteral("error"), firstError}};
    auto u = exec(ctx.db(),
                  QStringLiteral("UPDATE workflow_steps SET state='failed', error=?, finished_at=? "
                                 "WHERE run_id=? AND name=?"),
                  {firstError, now, runId, stepName});
    if (!u)
        return std::unexpected(u.error());
    if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowStepFailed), runId, failure,
                         correlation);
        !e)
        return std::unexpected(e.error());
    // error_handling: the seed's notify_admin and friends, as tasks outside the run.
    const QJsonObject context{
        {QStringLiteral("trigger"),
         QJsonObject{{QStringLiteral("data"), parseJsonText(run.triggerData)},
                     {QStringLiteral("key"), run.key}}},
        {QStringLiteral("input"), parseJsonText(run.input)},
        {QStringLiteral("run"),
         QJsonObject{{QStringLiteral("id"), runId}, {QStringLiteral("workflow"), workflow}}},
        {stepName, QJsonObject{{QStringLiteral("status"), QStringLiteral("failed")},
                               {QStringLiteral("error"), firstError}}}};
    int h = 0;
    for (const ErrorHandler &eh : def->errorHandling) {
        if (eh.onError != stepName)
            continue;
        tasks::EnqueueRequest req;
        req.kind = eh.agent + QLatin1Char('.') + eh.action;
        req.input = renderValue(eh.input, context).toObject();
        req.input.insert(QStringLiteral("_failure"),
                         QJsonObject{{QStringLiteral("run_id"), runId},
                                     {QStringLiteral("workflow"), workflow},
                                     {QStringLiteral("step"), stepName},
                                     {QStringLiteral("error"), firstError}});
        req.idempotencyKey = QStringLiteral("wf-%1-%2-%3-on-error-%4")
                                 .arg(runId)
                                 .arg(generation)
                                 .arg(stepName)
                                 .arg(h++);
        req.correlationId = correlation;
        req.priority = 10;
        if (auto t = m_tasks.enqueue(ctx, req); !t)
            return std::unexpected(t.error());
    }
    if (step->onError == QLatin1String("continue"))
        return advance(ctx, runId, run);
    if (step->onError != QLatin1String("fail")) {
        // Route to a recovery step: it runs whatever its own dependencies say.
        auto f = exec(
            ctx.db(),
            QStringLiteral(
                "UPDATE workflow_steps SET forced=1 WHERE run_id=? AND name=? AND state='pending'"),
            {runId, step->onError});
        if (!f)
            return std::unexpected(f.error());
        return advance(ctx, runId, run);
    }
    // Fail the run: nothing else of it runs.
    auto fr = exec(ctx.db(),
                   QStringLiteral("UPDATE workflow_runs SET state='failed', failed_step=?, "
                                  "error=?, updated_at=?, finished_at=? WHERE id=?"),
                   {stepName, firstError, now, now, runId});
    if (!fr)
        return std::unexpected(fr.error());
    if (auto c = stopRunWork(ctx, runId, now); !c)
        return std::unexpected(c.error());
    if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowRunFailed), runId, failure,
                         correlation);
        !e)
        return std::unexpected(e.error());
    return 0;
}

DbResult<RunInfo> WorkflowExecutor::runAfterChange(qint64 id, const DbResult<int> &change) const
{
    auto current = m_queries.run(m_store.reader(), id);
    if (!current)
        return std::unexpected(current.error());
    if (!current->has_value())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no run %1").arg(id)});
    if (!change)
        return std::unexpected(change.error());
    return **current;
}

DbResult<RunInfo> WorkflowExecutor::cancelRun(qint64 id)
{
    auto r = m_store.writeAndWait<int>([=, this](WriteContext &ctx) -> DbResult<int> {
        const qint64 now = nowMs();
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE workflow_runs SET state='cancelled', updated_at=?, "
                                     "finished_at=? WHERE id=? AND state='running'"),
                      {now, now, id});
        if (!u)
            return std::unexpected(u.error());
        if (u->numRowsAffected() == 0)
            return std::unexpected(
                DbError{DbError::Kind::Conflict,
                        QStringLiteral("state: only a running run can be cancelled")});
        if (auto c = stopRunWork(ctx, id, now); !c)
            return std::unexpected(c.error());
        if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowRunCancelled), id, {},
                             QString());
            !e)
            return std::unexpected(e.error());
        return 0;
    });
    return runAfterChange(id, r);
}

DbResult<RunInfo> WorkflowExecutor::retryRun(qint64 id)
{
    auto r = m_store.writeAndWait<int>([=, this](WriteContext &ctx) -> DbResult<int> {
        const qint64 now = nowMs();
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE workflow_runs SET state='running', error='', "
                                     "failed_step='', finished_at=NULL, updated_at=?, "
                                     "generation=generation+1 WHERE id=? AND state='failed'"),
                      {now, id});
        if (!u)
            return std::unexpected(u.error());
        if (u->numRowsAffected() == 0)
            return std::unexpected(
                DbError{DbError::Kind::Conflict,
                        QStringLiteral("state: only a failed run can be retried")});
        // Completed steps keep their outputs and never run again; the rest start over.
        auto s =
            exec(ctx.db(),
                 QStringLiteral("UPDATE workflow_steps SET state='pending', error='', output=NULL, "
                                "forced=0, finished_at=NULL "
                                "WHERE run_id=? AND state IN ('failed','cancelled','skipped')"),
                 {id});
        if (!s)
            return std::unexpected(s.error());
        if (auto e = publish(m_bus, ctx, QString(events::topics::kWorkflowRunRetried), id, {},
                             QString());
            !e)
            return std::unexpected(e.error());
        return advance(ctx, id);
    });
    return runAfterChange(id, r);
}

} // namespace dc::workflows
