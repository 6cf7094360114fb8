// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/scheduler.h"

#include "core/logging.h"
#include "storage/sqlutil.h"
#include "workflows/catalog.h"
#include "workflows/cron.h"
#include "workflows/executor.h"
#include "workflows/template.h"

#include <QTimer>

namespace dc::workflows {

using namespace dc::storage;

namespace {

// The scheduled workflows with their schedules (one whose schedule does not parse is left out).
QList<std::pair<WorkflowDefinition, CronSchedule>> schedules(const WorkflowCatalog &catalog)
{
    QList<std::pair<WorkflowDefinition, CronSchedule>> out;
    for (const WorkflowDefinition &def : catalog.definitions()) {
        if (def.trigger.kind != TriggerDef::Kind::Schedule)
            continue;
        if (auto cron = CronSchedule::parse(def.trigger.cron, def.trigger.timezone))
            out.append({def, *cron});
    }
    return out;
}

} // namespace

WorkflowScheduler::WorkflowScheduler(Store &store, events::EventBus &bus,
                                     const WorkflowCatalog &catalog, WorkflowExecutor &executor,
                                     QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_bus(bus)
    , m_catalog(catalog)
    , m_executor(executor)
{}

WorkflowScheduler::~WorkflowScheduler()
{
    m_bus.removeInlineHooks(QStringLiteral("workflow.")); // the bus may outlive this scheduler
}

void WorkflowScheduler::start()
{
    m_started = true;
    for (const WorkflowDefinition &def : m_catalog.definitions())
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

void WorkflowScheduler::stop()
{
    if (m_scheduleTimer)
        m_scheduleTimer->stop();
    m_started = false;
}

void WorkflowScheduler::definitionAdded(const WorkflowDefinition &def)
{
    if (m_started)
        registerTrigger(def);
}

QDateTime WorkflowScheduler::nextScheduleAfter(const QDateTime &now) const
{
    QDateTime best;
    for (const auto &scheduled : schedules(m_catalog)) {
        const QDateTime next = scheduled.second.nextAfter(now);
        if (next.isValid() && (!best.isValid() || next < best))
            best = next;
    }
    return best;
}

int WorkflowScheduler::fireDueSchedules(const QDateTime &now)
{
    constexpr qint64 kGraceMs = 60 * 1000; // a fire this late is on time, not missed
    int started = 0;
    for (const auto &scheduled : schedules(m_catalog)) {
        const WorkflowDefinition &def = scheduled.first;
        const CronSchedule &cron = scheduled.second;
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
        for (QDateTime n = cron.nextAfter(t); n.isValid() && n <= now && due < 100000;
             n = cron.nextAfter(n)) {
            latest = n;
            ++due;
        }
        if (!latest.isValid())
            continue;
        const bool late = latest.msecsTo(now) > kGraceMs || due > 1;
        const bool fire = !late || def.trigger.missed == QLatin1String("run_once");
        if (fire) {
            const QString key = QStringLiteral("schedule-") + latest.toString(Qt::ISODate);
            auto r =
                m_executor.startRun(def.name, {}, key,
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

void WorkflowScheduler::registerTrigger(const WorkflowDefinition &def)
{
    const QString name = def.name;
    const QString inlineName = QStringLiteral("workflow.") + name;
    if (def.trigger.kind != TriggerDef::Kind::Event) {
        m_bus.setInlineHook(inlineName, {}, std::nullopt, {});
        return;
    }
    events::SubscriptionSpec spec;
    spec.name = inlineName;
    spec.kind = QStringLiteral("handler");
    spec.patterns = def.trigger.event.split(QLatin1Char(','), Qt::SkipEmptyParts);
    spec.filter = def.trigger.filter;
    spec.maxAttempts = 20;
    if (auto s = m_bus.subscriptionAdmin().ensureSubscription(spec); !s) {
        qCWarning(lcWorkflows) << "cannot subscribe" << def.name
                               << "to its trigger:" << s.error().message;
        m_bus.setInlineHook(inlineName, {}, std::nullopt, {}); // no start without its safety net
        return;
    }
    const QString keyTemplate = def.trigger.key;
    // One run per trigger key: a redelivered or duplicated event never starts a second run.
    const auto keyOf = [keyTemplate](const events::Event &e) {
        if (keyTemplate.isEmpty())
            return e.key.isEmpty() ? QStringLiteral("event-%1").arg(e.id) : e.key;
        const QJsonObject ctx{
            {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("data"), e.data},
                                                    {QStringLiteral("key"), e.key},
                                                    {QStringLiteral("topic"), e.topic}}}};
        const QJsonValue v = renderValue(keyTemplate, ctx);
        return v.isString() ? v.toString() : QString::number(v.toDouble(), 'g', 17);
    };
    const auto correlationOf = [](const events::Event &e) {
        return e.correlationId.isEmpty() ? QStringLiteral("event-%1").arg(e.id) : e.correlationId;
    };
    // The usual path: the run starts in the commit of its event (its first steps are queued
    // with the order that triggered it). The subscription below catches what that missed.
    // Both parse: the subscription was accepted with them.
    const auto patterns = events::TopicPatternSet::parse(spec.patterns);
    const auto filter = spec.filter.isEmpty() ? std::optional<Expression>()
                                              : Expression::parse(spec.filter).value();
    if (patterns)
        m_bus.setInlineHook(inlineName, *patterns, filter,
                            [this, name, keyOf, correlationOf](
                                WriteContext &ctx, const events::Event &e) -> DbResult<void> {
                                // Left to the subscription: a stopped scheduler; an empty key (no
                                // run is then found by it, and the subscription would start a
                                // second one); a start the executor refuses (no such workflow, a
                                // key too long), so it refuses it there.
                                const QString key = keyOf(e);
                                if (!m_started || key.isEmpty())
                                    return {};
                                const auto prepared = m_executor.prepareRun(name, key);
                                if (!prepared)
                                    return {};
                                auto r = m_executor.startRun(ctx, *prepared, {}, key, e.data,
                                                             correlationOf(e));
                                if (!r)
                                    return std::unexpected(r.error());
                                return {};
                            });
    m_bus.registerHandler(
        spec.name,
        [this, name, keyOf, correlationOf](const events::Event &e) -> std::expected<void, QString> {
            const QString key = keyOf(e);
            // Nearly always started in the event's own commit: a read says so, without a write.
            if (auto started = runStarted(name, key); started && *started)
                return {};
            auto r = m_executor.startRun(name, {}, key, e.data, correlationOf(e));
            if (!r &&
                r.error().kind != DbError::Kind::NotFound) // a removed workflow: nothing to do
                return std::unexpected(r.error().message);
            return {};
        });
}

DbResult<bool> WorkflowScheduler::runStarted(const QString &workflow, const QString &key) const
{
    auto q =
        exec(m_store.reader(),
             QStringLiteral("SELECT 1 FROM workflow_runs WHERE workflow = ? AND trigger_key = ?"),
             {workflow, key});
    if (!q)
        return std::unexpected(q.error());
    return q->next();
}

} // namespace dc::workflows
