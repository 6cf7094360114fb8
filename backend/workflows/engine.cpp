// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/engine.h"

#include "core/expression.h"
#include "core/logging.h"
#include "storage/sqlutil.h"
#include "workflows/cron.h"
#include "workflows/template.h"

#include <QTimer>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace dc::workflows {

using namespace dc::storage;

namespace {

QString jsonText(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    // Scalars are wrapped so that any JSON value round-trips through a TEXT column.
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QStringLiteral("=") + QString::fromUtf8(wrapped);
}

QJsonValue parseJsonText(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue();
    const QString s = v.toString();
    if (s.startsWith(QLatin1Char('=')))
        return QJsonDocument::fromJson(s.mid(1).toUtf8()).array().at(0);
    const QJsonDocument d = QJsonDocument::fromJson(s.toUtf8());
    return d.isArray() ? QJsonValue(d.array()) : QJsonValue(d.object());
}

bool isFinal(const QString &state)
{
    return state == QLatin1String("succeeded") || state == QLatin1String("failed") ||
           state == QLatin1String("skipped") || state == QLatin1String("cancelled");
}

struct StepRow
{
    QString state;
    int items = -1;
    QJsonValue output;
    QString error;
    bool forced = false;
};

DbResult<qint64> publish(events::EventBus &bus, WriteContext &ctx, const QString &topic,
                         qint64 runId, QJsonObject data, const QString &correlation)
{
    data.insert(QStringLiteral("run_id"), runId);
    return bus.append(ctx, events::EventDraft{topic,
                                              data,
                                              QStringLiteral("run-%1").arg(runId),
                                              QStringLiteral("workflows"),
                                              correlation,
                                              {}});
}

// Stops what is left of a run: its pending steps are cancelled, its waiting tasks cancelled and
// its running ones asked to stop (used when a run fails and when it is cancelled).
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

} // namespace

QJsonObject StepRun::toJson() const
{
    auto iso = [](const QDateTime &d) {
        return d.isValid() ? QJsonValue(d.toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("items"), items},
                       {QStringLiteral("input"), input},
                       {QStringLiteral("output"), output},
                       {QStringLiteral("error"), error},
                       {QStringLiteral("started_at"), iso(startedAt)},
                       {QStringLiteral("finished_at"), iso(finishedAt)}};
}

QJsonObject RunInfo::toJson() const
{
    auto iso = [](const QDateTime &d) {
        return d.isValid() ? QJsonValue(d.toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    QJsonArray s;
    for (const StepRun &r : steps)
        s.append(r.toJson());
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("workflow"), workflow},
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

WorkflowEngine::WorkflowEngine(Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                               ActionCatalog catalog, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_catalog(std::move(catalog))
{
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            [this] { loadFolders(m_folders); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { loadFolders(m_folders); });
}

WorkflowEngine::~WorkflowEngine() = default;

std::expected<WorkflowDefinition, QList<ValidationError>>
WorkflowEngine::addDefinition(const QByteArray &text, const QString &file)
{
    auto def = loadWorkflow(text, file, m_catalog);
    if (!def)
        return def;
    bool started = false;
    {
        QMutexLocker lock(&m_mutex);
        m_defs.insert(def->name, {*def, text});
        started = m_started;
    }
    if (started)
        registerTrigger(*def);
    return def;
}

std::expected<WorkflowDefinition, QList<ValidationError>>
WorkflowEngine::saveDefinition(const QString &name, const QByteArray &text)
{
    const QString file = name + QStringLiteral(".yaml");
    auto def = loadWorkflow(text, file, m_catalog);
    if (!def)
        return def;
    auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto q = exec(ctx.db(),
                      QStringLiteral("INSERT INTO workflow_definitions (name, source, updated_at) "
                                     "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                                     "source = excluded.source, updated_at = excluded.updated_at"),
                      {name, text, storage::nowMs()});
        if (!q)
            return std::unexpected(q.error());
        auto e = m_bus.append(ctx, events::EventDraft{QStringLiteral("workflow.definition.saved"),
                                                      {{QStringLiteral("name"), name}},
                                                      QStringLiteral("workflow:") + name,
                                                      QStringLiteral("workflows"),
                                                      {},
                                                      {}});
        if (!e)
            return std::unexpected(e.error());
        return true;
    });
    if (!w)
        return std::unexpected(
            QList<ValidationError>{{QString(), {}, QString(), w.error().message}});
    return addDefinition(text, file);
}

std::expected<void, QString> WorkflowEngine::loadStored(const QString &name)
{
    auto q =
        exec(m_store.reader(),
             name.isEmpty()
                 ? QStringLiteral("SELECT name, source FROM workflow_definitions ORDER BY name")
                 : QStringLiteral("SELECT name, source FROM workflow_definitions WHERE name = ?"),
             name.isEmpty() ? QVariantList{} : QVariantList{name});
    if (!q)
        return std::unexpected(q.error().message);
    QStringList problems;
    while (q->next()) {
        const QString n = q->value(0).toString();
        auto def = addDefinition(q->value(1).toByteArray(), n + QStringLiteral(".yaml"));
        if (!def)
            problems << def.error().first().toString();
    }
    if (!problems.isEmpty())
        return std::unexpected(problems.join(QStringLiteral("; ")));
    return {};
}

QList<ValidationError> WorkflowEngine::loadFolders(const QStringList &folders)
{
    m_folders = folders;
    QList<ValidationError> errors;
    for (const QString &folder : folders) {
        const QDir dir(folder);
        if (!dir.exists())
            continue;
        if (!m_watcher.directories().contains(dir.absolutePath()))
            m_watcher.addPath(dir.absolutePath());
        for (const QString &name : dir.entryList(
                 {QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")},
                 QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly)) {
                errors << ValidationError{f.fileName(), {}, {}, f.errorString()};
                continue;
            }
            if (!m_watcher.files().contains(f.fileName()))
                m_watcher.addPath(f.fileName());
            auto def = addDefinition(f.readAll(), f.fileName());
            if (!def) {
                for (const ValidationError &e : def.error())
                    qCWarning(lcWorkflows).noquote() << "ignored:" << e.toString();
                errors += def.error();
            }
        }
    }
    return errors;
}

QList<WorkflowDefinition> WorkflowEngine::definitions() const
{
    QMutexLocker lock(&m_mutex);
    QList<WorkflowDefinition> out;
    for (const auto &[def, src] : m_defs)
        out << def;
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

std::optional<WorkflowDefinition> WorkflowEngine::definition(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_defs.constFind(name);
    if (it == m_defs.cend())
        return std::nullopt;
    return it->first;
}

QByteArray WorkflowEngine::source(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_defs.value(name).second;
}

std::shared_ptr<const WorkflowDefinition> WorkflowEngine::parsedSnapshot(const QString &source)
{
    const QByteArray key = QCryptographicHash::hash(source.toUtf8(), QCryptographicHash::Sha256);
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_snapshots.constFind(key); it != m_snapshots.cend())
            return *it;
    }
    // The snapshot validated when its run started; the catalogue is not checked again, so a run
    // resumes even if an agent's action list changed since.
    auto def = loadWorkflow(source.toUtf8(), QStringLiteral("(run snapshot)"), {});
    if (!def)
        return nullptr;
    auto ptr = std::make_shared<const WorkflowDefinition>(std::move(*def));
    QMutexLocker lock(&m_mutex);
    m_snapshots.insert(key, ptr);
    return ptr;
}

void WorkflowEngine::start()
{
    {
        QMutexLocker lock(&m_mutex);
        m_started = true;
    }
    events::SubscriptionSpec spec;
    spec.name = QStringLiteral("workflow-engine");
    spec.kind = QStringLiteral("handler");
    spec.patterns = {QStringLiteral("task.succeeded"), QStringLiteral("task.dead"),
                     QStringLiteral("task.cancelled")};
    spec.filter = QStringLiteral("data.workflow_run_id != null");
    spec.maxAttempts = 100;
    if (auto s = m_bus.ensureSubscription(spec); !s)
        qCWarning(lcWorkflows) << "cannot subscribe to task outcomes:" << s.error().message;
    m_bus.registerHandler(
        spec.name, [this](const events::Event &e) -> std::expected<void, QString> {
            const qint64 taskId = e.data.value(QStringLiteral("task_id")).toInteger();
            auto r = m_store.writeAndWait<int>(
                [this, taskId](WriteContext &ctx) { return onTaskOutcome(ctx, taskId); });
            if (!r)
                return std::unexpected(r.error().message);
            return {};
        });
    for (const WorkflowDefinition &def : definitions())
        registerTrigger(def);
    // Schedules: fire what is due, then sleep until the next one (at most a minute, so new or
    // changed definitions and clock changes are picked up).
    if (!m_automaticSchedules)
        return;
    if (!m_scheduleTimer) {
        m_scheduleTimer = new QTimer(this);
        m_scheduleTimer->setSingleShot(true);
        connect(m_scheduleTimer, &QTimer::timeout, this, [this] {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            fireDueSchedules(now);
            const QDateTime next = nextScheduleAfter(now);
            const qint64 wait =
                next.isValid() ? std::clamp<qint64>(now.msecsTo(next) + 50, 50, 60000) : 60000;
            m_scheduleTimer->start(int(wait));
        });
    }
    m_scheduleTimer->start(0);
}

void WorkflowEngine::stop()
{
    if (m_scheduleTimer)
        m_scheduleTimer->stop();
    QMutexLocker lock(&m_mutex);
    m_started = false;
}

QDateTime WorkflowEngine::nextScheduleAfter(const QDateTime &now) const
{
    QDateTime best;
    for (const WorkflowDefinition &def : definitions()) {
        if (def.trigger.kind != TriggerDef::Kind::Schedule)
            continue;
        auto cron = CronSchedule::parse(def.trigger.cron, def.trigger.timezone);
        if (!cron)
            continue;
        const QDateTime next = cron->nextAfter(now);
        if (next.isValid() && (!best.isValid() || next < best))
            best = next;
    }
    return best;
}

int WorkflowEngine::fireDueSchedules(const QDateTime &now)
{
    constexpr qint64 kGraceMs = 60 * 1000; // a fire this late is on time, not missed
    int started = 0;
    for (const WorkflowDefinition &def : definitions()) {
        if (def.trigger.kind != TriggerDef::Kind::Schedule)
            continue;
        auto cron = CronSchedule::parse(def.trigger.cron, def.trigger.timezone);
        if (!cron)
            continue;
        auto last =
            exec(m_store.reader(),
                 QStringLiteral("SELECT last_fire FROM workflow_schedules WHERE workflow=?"),
                 {def.name});
        if (!last)
            continue;
        if (!last->next()) {
            // First sight: nothing is owed for the time before the workflow existed.
            (void)m_store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
                auto i = exec(ctx.db(),
                              QStringLiteral("INSERT INTO workflow_schedules (workflow, last_fire) "
                                             "VALUES (?,?) ON CONFLICT (workflow) DO NOTHING"),
                              {def.name, now.toMSecsSinceEpoch()});
                if (!i)
                    return std::unexpected(i.error());
                return 0;
            });
            continue;
        }
        QDateTime t = QDateTime::fromMSecsSinceEpoch(last->value(0).toLongLong(), Qt::UTC);
        QDateTime latest;
        int due = 0;
        for (QDateTime n = cron->nextAfter(t); n.isValid() && n <= now && due < 100000;
             n = cron->nextAfter(n)) {
            latest = n;
            ++due;
        }
        if (!latest.isValid())
            continue;
        const bool late = latest.msecsTo(now) > kGraceMs || due > 1;
        const bool fire = !late || def.trigger.missed == QLatin1String("run_once");
        if (fire) {
            const QString key = QStringLiteral("schedule-") + latest.toString(Qt::ISODate);
            auto r = startRun(def.name, {}, key,
                              {{QStringLiteral("scheduled_at"), latest.toString(Qt::ISODate)},
                               {QStringLiteral("missed"), due > 1 ? due - 1 : 0}},
                              key);
            if (r && r->created)
                ++started;
            else if (!r)
                qCWarning(lcWorkflows)
                    << "scheduled run of" << def.name << "failed to start:" << r.error().message;
        } else {
            qCInfo(lcWorkflows) << "skipped" << due << "missed run(s) of" << def.name;
        }
        const qint64 mark = latest.toMSecsSinceEpoch();
        (void)m_store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
            auto u = exec(
                ctx.db(),
                QStringLiteral(
                    "UPDATE workflow_schedules SET last_fire=? WHERE workflow=? AND last_fire < ?"),
                {mark, def.name, mark});
            if (!u)
                return std::unexpected(u.error());
            return 0;
        });
    }
    return started;
}

void WorkflowEngine::registerTrigger(const WorkflowDefinition &def)
{
    if (def.trigger.kind != TriggerDef::Kind::Event)
        return;
    events::SubscriptionSpec spec;
    spec.name = QStringLiteral("workflow.") + def.name;
    spec.kind = QStringLiteral("handler");
    spec.patterns = def.trigger.event.split(QLatin1Char(','), Qt::SkipEmptyParts);
    spec.filter = def.trigger.filter;
    spec.maxAttempts = 20;
    if (auto s = m_bus.ensureSubscription(spec); !s) {
        qCWarning(lcWorkflows) << "cannot subscribe" << def.name
                               << "to its trigger:" << s.error().message;
        return;
    }
    const QString name = def.name;
    const QString keyTemplate = def.trigger.key;
    m_bus.registerHandler(
        spec.name,
        [this, name, keyTemplate](const events::Event &e) -> std::expected<void, QString> {
            // One run per trigger key: a redelivered or duplicated event never starts a second run.
            QString key = e.key.isEmpty() ? QStringLiteral("event-%1").arg(e.id) : e.key;
            if (!keyTemplate.isEmpty()) {
                const QJsonObject ctx{
                    {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("data"), e.data},
                                                            {QStringLiteral("key"), e.key},
                                                            {QStringLiteral("topic"), e.topic}}}};
                const QJsonValue v = renderValue(keyTemplate, ctx);
                key = v.isString() ? v.toString() : QString::number(v.toDouble(), 'g', 17);
            }
            auto r = startRun(name, {}, key, e.data,
                              e.correlationId.isEmpty() ? QStringLiteral("event-%1").arg(e.id)
                                                        : e.correlationId);
            if (!r &&
                r.error().kind != DbError::Kind::NotFound) // a removed workflow: nothing to do
                return std::unexpected(r.error().message);
            return {};
        });
}

DbResult<StartResult> WorkflowEngine::startRun(const QString &workflow, const QJsonObject &input,
                                               const QString &key, const QJsonObject &triggerData,
                                               const QString &correlationId)
{
    const QByteArray source = this->source(workflow);
    if (source.isEmpty())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no workflow \"%1\"").arg(workflow)});
    if (key.size() > 200)
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("key: at most 200 characters")});
    auto def = parsedSnapshot(QString::fromUtf8(source));
    if (!def)
        return std::unexpected(
            DbError{DbError::Kind::Internal, QStringLiteral("the definition no longer parses")});
    return m_store.writeAndWait<StartResult>([=, this](WriteContext &ctx) -> DbResult<StartResult> {
        const qint64 now = nowMs();
        auto q =
            exec(ctx.db(),
                 QStringLiteral(
                     "INSERT INTO workflow_runs (workflow, definition, state, trigger_key, input, "
                     "trigger_data, "
                     "correlation_id, created_at, updated_at) VALUES (?,?,'running',?,?,?,?,?,?) "
                     "ON CONFLICT (workflow, trigger_key) DO NOTHING RETURNING id"),
                 {workflow, QString::fromUtf8(source),
                  key.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(key),
                  jsonText(input), jsonText(triggerData), correlationId, now, now});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next()) {
            auto existing = exec(
                ctx.db(),
                QStringLiteral("SELECT id FROM workflow_runs WHERE workflow=? AND trigger_key=?"),
                {workflow, key});
            if (!existing || !existing->next())
                return std::unexpected(
                    DbError{DbError::Kind::Internal, QStringLiteral("duplicate run not found")});
            return StartResult{existing->value(0).toLongLong(), false};
        }
        const qint64 runId = q->value(0).toLongLong();
        for (const StepDef &s : def->steps)
            if (auto i = exec(
                    ctx.db(),
                    QStringLiteral(
                        "INSERT INTO workflow_steps (run_id, name, state) VALUES (?,?,'pending')"),
                    {runId, s.name});
                !i)
                return std::unexpected(i.error());
        if (auto e = publish(m_bus, ctx, QStringLiteral("workflow.run.started"), runId,
                             {{QStringLiteral("workflow"), workflow}, {QStringLiteral("key"), key}},
                             correlationId);
            !e)
            return std::unexpected(e.error());
        if (auto a = advance(ctx, runId); !a)
            return std::unexpected(a.error());
        return StartResult{runId, true};
    });
}

DbResult<int> WorkflowEngine::advance(WriteContext &ctx, qint64 runId)
{
    const QString lock =
        ctx.backend() == Backend::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
    auto rq = exec(ctx.db(),
                   QStringLiteral("SELECT workflow, definition, state, input, trigger_data, "
                                  "trigger_key, correlation_id, generation "
                                  "FROM workflow_runs WHERE id=?") +
                       lock,
                   {runId});
    if (!rq)
        return std::unexpected(rq.error());
    if (!rq->next() || rq->value(2).toString() != QLatin1String("running"))
        return 0;
    const QString workflow = rq->value(0).toString();
    auto def = parsedSnapshot(rq->value(1).toString());
    if (!def)
        return std::unexpected(
            DbError{DbError::Kind::Internal,
                    QStringLiteral("run %1 has an unreadable definition").arg(runId)});
    const QJsonValue input = parseJsonText(rq->value(3));
    const QJsonValue triggerData = parseJsonText(rq->value(4));
    const QString key = rq->value(5).toString();
    const QString correlation = rq->value(6).toString();
    const int generation = rq->value(7).toInt();

    QHash<QString, StepRow> steps;
    auto sq = exec(
        ctx.db(),
        QStringLiteral(
            "SELECT name, state, items, output, error, forced FROM workflow_steps WHERE run_id=?"),
        {runId});
    if (!sq)
        return std::unexpected(sq.error());
    while (sq->next())
        steps.insert(sq->value(0).toString(),
                     StepRow{sq->value(1).toString(), sq->value(2).toInt(),
                             parseJsonText(sq->value(3)), sq->value(4).toString(),
                             sq->value(5).toInt() != 0});
    auto context = [&] {
        QJsonObject c{{QStringLiteral("trigger"), QJsonObject{{QStringLiteral("data"), triggerData},
                                                              {QStringLiteral("key"), key}}},
                      {QStringLiteral("input"), input},
                      {QStringLiteral("run"), QJsonObject{{QStringLiteral("id"), runId},
                                                          {QStringLiteral("workflow"), workflow}}}};
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
                                     QStringLiteral("workflow.step.skipped"));
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
                                         QStringLiteral("workflow.step.skipped"));
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
                                         QStringLiteral("workflow.step.failed"));
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
                                         QStringLiteral("workflow.step.failed"));
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
                                     QStringLiteral("workflow.step.failed"));
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
            if (auto e = publish(m_bus, ctx, QStringLiteral("workflow.step.started"), runId,
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
    if (auto e = publish(m_bus, ctx, QStringLiteral("workflow.run.succeeded"), runId,
                         {{QStringLiteral("workflow"), workflow}}, correlation);
        !e)
        return std::unexpected(e.error());
    return started;
}

DbResult<int> WorkflowEngine::onTaskOutcome(WriteContext &ctx, qint64 taskId)
{
    auto tq =
        exec(ctx.db(), QStringLiteral("SELECT workflow_run_id, step_name FROM tasks WHERE id=?"),
             {taskId});
    if (!tq)
        return std::unexpected(tq.error());
    if (!tq->next() || tq->value(0).isNull())
        return 0;
    const qint64 runId = tq->value(0).toLongLong();
    const QString stepName = tq->value(1).toString();
    const QString lock =
        ctx.backend() == Backend::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
    auto rq = exec(
        ctx.db(),
        QStringLiteral(
            "SELECT state, definition, workflow, correlation_id, generation, trigger_data, input, "
            "trigger_key FROM workflow_runs WHERE id=?") +
            lock,
        {runId});
    if (!rq)
        return std::unexpected(rq.error());
    if (!rq->next() || rq->value(0).toString() != QLatin1String("running"))
        return 0; // cancelled or failed meanwhile: late outcomes change nothing
    auto def = parsedSnapshot(rq->value(1).toString());
    const QString workflow = rq->value(2).toString();
    const QString correlation = rq->value(3).toString();
    const int generation = rq->value(4).toInt();
    const StepDef *step = def ? def->step(stepName) : nullptr;
    if (!step)
        return 0;
    auto sq =
        exec(ctx.db(),
             QStringLiteral("SELECT state, items FROM workflow_steps WHERE run_id=? AND name=?"),
             {runId, stepName});
    if (!sq)
        return std::unexpected(sq.error());
    if (!sq->next() || sq->value(0).toString() != QLatin1String("queued"))
        return 0; // already settled: an outcome delivered twice is applied once
    const int items = sq->value(1).toInt();

    // The step's tasks of this generation (one, or one per for_each item).
    const QString prefix = QStringLiteral("wf-%1-%2-%3").arg(runId).arg(generation).arg(stepName);
    auto all = exec(ctx.db(),
                    QStringLiteral("SELECT idempotency_key, state, result, error FROM tasks WHERE "
                                   "workflow_run_id=? AND step_name=? "
                                   "AND (idempotency_key = ? OR idempotency_key LIKE ?)"),
                    {runId, stepName, prefix, QString(prefix + QStringLiteral("-%"))});
    if (!all)
        return std::unexpected(all.error());
    QMap<int, QJsonValue> results;
    QString firstError;
    int finished = 0, failed = 0, total = 0;
    while (all->next()) {
        ++total;
        const QString st = all->value(1).toString();
        const QString k = all->value(0).toString();
        const int index = k == prefix ? 0 : k.mid(prefix.size() + 1).toInt();
        if (st == QLatin1String("succeeded")) {
            ++finished;
            results.insert(index,
                           QJsonDocument::fromJson(all->value(2).toString().toUtf8()).object());
        } else if (st == QLatin1String("dead") || st == QLatin1String("cancelled")) {
            ++finished;
            ++failed;
            if (firstError.isEmpty())
                firstError = all->value(3).toString().isEmpty() ? st : all->value(3).toString();
        }
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
                m_bus, ctx, QStringLiteral("workflow.step.succeeded"), runId,
                {{QStringLiteral("workflow"), workflow}, {QStringLiteral("step"), stepName}},
                correlation);
            !e)
            return std::unexpected(e.error());
        return advance(ctx, runId);
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
    if (auto e = publish(m_bus, ctx, QStringLiteral("workflow.step.failed"), runId, failure,
                         correlation);
        !e)
        return std::unexpected(e.error());
    // error_handling: the seed's notify_admin and friends, as tasks outside the run.
    const QJsonObject context{
        {QStringLiteral("trigger"),
         QJsonObject{{QStringLiteral("data"), parseJsonText(rq->value(5))},
                     {QStringLiteral("key"), rq->value(7).toString()}}},
        {QStringLiteral("input"), parseJsonText(rq->value(6))},
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
        return advance(ctx, runId);
    if (step->onError != QLatin1String("fail")) {
        // Route to a recovery step: it runs whatever its own dependencies say.
        auto f = exec(
            ctx.db(),
            QStringLiteral(
                "UPDATE workflow_steps SET forced=1 WHERE run_id=? AND name=? AND state='pending'"),
            {runId, step->onError});
        if (!f)
            return std::unexpected(f.error());
        return advance(ctx, runId);
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
    if (auto e =
            publish(m_bus, ctx, QStringLiteral("workflow.run.failed"), runId, failure, correlation);
        !e)
        return std::unexpected(e.error());
    return 0;
}

DbResult<QJsonObject> WorkflowEngine::stats(QSqlDatabase db) const
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

DbResult<std::optional<RunInfo>> WorkflowEngine::run(QSqlDatabase db, qint64 id) const
{
    auto q =
        exec(db,
             QStringLiteral("SELECT id, workflow, state, trigger_key, input, trigger_data, error, "
                            "failed_step, outputs, created_at, "
                            "updated_at, finished_at, definition FROM workflow_runs WHERE id=?"),
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
    auto def = const_cast<WorkflowEngine *>(this)->parsedSnapshot(q->value(12).toString());
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
    if (def)
        for (const QString &n : def->order)
            r.steps << byName.value(n);
    return std::optional<RunInfo>(r);
}

DbResult<QList<RunInfo>> WorkflowEngine::runs(QSqlDatabase db, const QString &workflow,
                                              qint64 afterId, int limit) const
{
    QString sql = QStringLiteral("SELECT id FROM workflow_runs WHERE workflow=?");
    QVariantList binds{workflow};
    if (afterId > 0) {
        sql += QStringLiteral(" AND id < ?");
        binds << afterId;
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(std::clamp(limit, 1, 200));
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    QList<RunInfo> out;
    for (qint64 id : ids) {
        auto r = run(db, id);
        if (!r)
            return std::unexpected(r.error());
        if (r->has_value())
            out << **r;
    }
    return out;
}

DbResult<RunInfo> WorkflowEngine::runAfterChange(qint64 id, const DbResult<int> &change) const
{
    auto current = run(m_store.reader(), id);
    if (!current)
        return std::unexpected(current.error());
    if (!current->has_value())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no run %1").arg(id)});
    if (!change)
        return std::unexpected(change.error());
    return **current;
}

DbResult<RunInfo> WorkflowEngine::cancelRun(qint64 id)
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
        if (auto e =
                publish(m_bus, ctx, QStringLiteral("workflow.run.cancelled"), id, {}, QString());
            !e)
            return std::unexpected(e.error());
        return 0;
    });
    return runAfterChange(id, r);
}

DbResult<RunInfo> WorkflowEngine::retryRun(qint64 id)
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
        if (auto e = publish(m_bus, ctx, QStringLiteral("workflow.run.retried"), id, {}, QString());
            !e)
            return std::unexpected(e.error());
        return advance(ctx, id);
    });
    return runAfterChange(id, r);
}

} // namespace dc::workflows
