// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/eventbus.h"

#include "core/backoff.h"
#include "core/logging.h"
#include "storage/guardedpart.h"
#include "storage/sqlutil.h"

#include <QScopeGuard>
#include <QThreadPool>

namespace dc::events {

using namespace dc::storage;

namespace {
// Threads of the durable handlers' pool (see the constructor).
constexpr int kHandlerThreads = 16;
} // namespace

bool LocalSubscription::accepts(const Event &e) const
{
    if (!m_patterns.matches(e.topic))
        return false;
    return !m_filter || m_filter->test(e.toJson());
}

EventBus::EventBus(storage::Store &store, const security::FieldCipher &cipher, QString instanceId,
                   QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_instanceId(std::move(instanceId))
    , m_subscriptions(
          store, cipher,
          [this] {
              QMutexLocker lock(&m_workerLock);
              if (m_worker)
                  QMetaObject::invokeMethod(m_worker, &BusWorker::reload, Qt::QueuedConnection);
          },
          [this] {
              ++m_requeueGeneration;
              wake();
          })
{
    qRegisterMetaType<dc::events::Event>();
    m_thread.setObjectName(QStringLiteral("dc-events"));
    // Handlers mostly wait for the store's writer (a commit each): far more of them than cores
    // keep it busy and let group commit share one sync between them. The global pool (as many
    // threads as cores) let two run at a time across every subscription.
    m_handlerPool.setObjectName(QStringLiteral("dc-event-handlers"));
    m_handlerPool.setMaxThreadCount(kHandlerThreads);
    // Each thread keeps a reader connection (on PostgreSQL, shared by every instance): kept,
    // not opened again after every idle spell.
    m_handlerPool.setExpiryTimeout(-1);
}

EventBus::~EventBus()
{
    stop();
}

void EventBus::start()
{
    if (m_worker)
        return;
    m_worker = new BusWorker(*this, m_store, m_subscriptions, m_instanceId, m_handlerPool);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &BusWorker::init, Qt::BlockingQueuedConnection);
}

void EventBus::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, &BusWorker::shutdown, Qt::BlockingQueuedConnection);
    // Handlers still running finish before the store goes away; their results are dropped
    // (not acknowledged), so they are delivered again after a restart: at-least-once.
    m_handlerPool.waitForDone();
    {
        QMutexLocker lock(&m_workerLock);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
    // Cursor flushes and publications queued before now commit (and run their hooks) first.
    m_store.barrier();
}

void EventBus::wake()
{
    QMutexLocker lock(&m_workerLock);
    if (m_worker)
        m_worker->wake();
}

qint64 EventBus::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

void EventBus::setClock(Clock clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
}

void EventBus::setRetryDelays(qint64 firstMs, qint64 maxMs)
{
    QMutexLocker lock(&m_mutex);
    m_firstDelayMs = firstMs;
    m_maxDelayMs = maxMs;
}

void EventBus::setLeaseMs(qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    m_leaseMs = ms;
}

qint64 EventBus::leaseMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_leaseMs;
}

void EventBus::setRetentionPolicy(const RetentionPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_retention = policy;
}

RetentionPolicy EventBus::retentionPolicy() const
{
    QMutexLocker lock(&m_mutex);
    return m_retention;
}

qint64 EventBus::backoffMs(int failures) const
{
    QMutexLocker lock(&m_mutex);
    return Backoff{m_firstDelayMs, m_maxDelayMs}.delayMs(failures);
}

DbResult<qint64> EventBus::append(WriteContext &ctx, const EventDraft &draft)
{
    if (auto f = ctx.flushDeferred(); !f) // ids in the order the events came
        return std::unexpected(f.error());
    const qint64 at = now();
    auto id = appendEvent(ctx, draft, at);
    if (!id)
        return id;
    ctx.afterCommit([this] { wake(); });
    if (auto h = runInlineHooks(ctx, draft, *id, at); !h)
        return std::unexpected(h.error());
    return id;
}

DbResult<QList<qint64>> EventBus::append(WriteContext &ctx, const QList<EventDraft> &drafts)
{
    if (auto f = ctx.flushDeferred(); !f)
        return std::unexpected(f.error());
    const qint64 at = now();
    auto ids = appendEvents(ctx, drafts, at);
    if (!ids || ids->isEmpty())
        return ids;
    ctx.afterCommit([this] { wake(); });
    for (qsizetype i = 0; i < drafts.size(); ++i)
        if (auto h = runInlineHooks(ctx, drafts[i], ids->at(i), at); !h)
            return std::unexpected(h.error());
    return ids;
}

namespace {
// Inside a hook, on the writer thread: the events it appends are left to the bus.
thread_local bool t_inInlineHook = false;

// A job's deferred events (EventBus::appendDeferred).
class PendingEvents final : public WriteContext::Deferred
{
public:
    explicit PendingEvents(const EventBus *bus)
        : bus(bus)
    {}
    DbResult<void> write(WriteContext &ctx) override
    {
        if (auto w = writeEvents(ctx, events, false); !w)
            return std::unexpected(w.error());
        return {};
    }
    const EventBus *const bus;
    QList<PreparedEvent> events;
};
} // namespace

DbResult<void> EventBus::appendDeferred(WriteContext &ctx, const EventDraft &draft)
{
    return appendDeferred(ctx, QList<EventDraft>{draft});
}

DbResult<void> EventBus::appendDeferred(WriteContext &ctx, const QList<EventDraft> &drafts)
{
    if (drafts.isEmpty())
        return {};
    if (inlineHookMayWant(drafts)) {
        if (auto ids = append(ctx, drafts); !ids)
            return std::unexpected(ids.error());
        return {};
    }
    auto ready = prepareEvents(drafts, now()); // all checked before any is kept
    if (!ready)
        return std::unexpected(ready.error());
    auto *pending = dynamic_cast<PendingEvents *>(ctx.deferred());
    if (!pending || pending->bus != this) {
        auto fresh = std::make_unique<PendingEvents>(this);
        pending = fresh.get();
        if (auto s = ctx.setDeferred(std::move(fresh)); !s)
            return s;
        ctx.afterCommit([this] { wake(); });
    }
    pending->events += std::move(*ready);
    return {};
}

bool EventBus::inlineHookMayWant(const QList<EventDraft> &drafts) const
{
    if (t_inInlineHook)
        return false; // no hook runs within a hook
    std::shared_ptr<const QList<Inline>> hooks;
    {
        QMutexLocker lock(&m_mutex);
        hooks = m_inline;
    }
    if (!hooks)
        return false;
    for (const Inline &h : *hooks)
        for (const EventDraft &d : drafts)
            if (h.patterns.matches(d.topic))
                return true;
    return false;
}

namespace {
// A copy of the hook list without those `named` picks (the list is replaced whole, see m_inline).
template <class List, class Pred>
std::shared_ptr<List> withoutHooks(const std::shared_ptr<const List> &hooks, Pred named)
{
    auto next = std::make_shared<List>();
    if (hooks)
        for (const auto &h : *hooks)
            if (!named(h.name))
                next->append(h);
    return next;
}
} // namespace

void EventBus::setInlineHook(const QString &name, const TopicPatternSet &patterns,
                             std::optional<Expression> filter, InlineHook hook)
{
    QMutexLocker lock(&m_mutex);
    auto next = withoutHooks(m_inline, [&name](const QString &n) { return n == name; });
    if (hook)
        next->append(Inline{name, patterns, std::move(filter), std::move(hook)});
    m_inline = std::move(next);
}

void EventBus::removeInlineHooks(const QString &prefix)
{
    QMutexLocker lock(&m_mutex);
    m_inline = withoutHooks(m_inline, [&prefix](const QString &n) { return n.startsWith(prefix); });
}

DbResult<void> EventBus::runInlineHooks(WriteContext &ctx, const EventDraft &draft, qint64 id,
                                        qint64 at)
{
    if (t_inInlineHook)
        return {};
    std::shared_ptr<const QList<Inline>> hooks;
    {
        QMutexLocker lock(&m_mutex);
        hooks = m_inline;
    }
    if (!hooks)
        return {};
    std::optional<Event> event;
    for (const Inline &h : *hooks) {
        if (!h.patterns.matches(draft.topic))
            continue;
        if (!event)
            event = Event{id,
                          draft.topic,
                          draft.key,
                          draft.data,
                          draft.source,
                          draft.correlationId,
                          draft.causationId,
                          QDateTime::fromMSecsSinceEpoch(at, Qt::UTC)};
        if (h.filter && !h.filter->test(event->toJson()))
            continue;
        t_inInlineHook = true;
        // Reset however the part ends: a batch without savepoints throws to run again with them.
        const auto reset = qScopeGuard([] { t_inInlineHook = false; });
        auto r = ctx.underSavepoint<void>(
            [&] { return exceptionsAsErrors<void>([&] { return h.hook(ctx, *event); }); });
        if (!r)
            return std::unexpected(r.error());
        if (!*r)
            qCInfo(lcEvents).noquote()
                << h.name << "left event" << id << "to its subscription:" << r->error().message;
    }
    return {};
}

QFuture<DbResult<qint64>> EventBus::publish(const EventDraft &draft)
{
    return m_store.write<qint64>([this, draft](WriteContext &ctx) { return append(ctx, draft); });
}

std::unique_ptr<LocalSubscription> EventBus::subscribe(const TopicPatternSet &patterns,
                                                       std::optional<Expression> filter)
{
    auto sub = std::make_unique<LocalSubscription>(patterns, std::move(filter));
    connect(this, &EventBus::published, sub.get(), &LocalSubscription::onPublished);
    return sub;
}

void EventBus::registerHandler(const QString &name, Handler handler)
{
    {
        QMutexLocker lock(&m_mutex);
        m_handlers.insert(name, std::move(handler));
    }
    wake();
}

bool EventBus::hasHandler(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_handlers.contains(name);
}

EventBus::Handler EventBus::handler(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_handlers.value(name);
}

void EventBus::eventPublished(const Event &e)
{
    emit published(e);
}

void EventBus::eventDeadLettered(qint64 subscriptionId, qint64 eventId, const QString &error)
{
    emit deadLettered(subscriptionId, eventId, error);
}

DbResult<qint64> EventBus::applyRetention(const RetentionPolicy &policy)
{
    if (policy.maxAgeDays <= 0 && policy.maxCount <= 0)
        return 0;
    const qint64 cutoff = policy.maxAgeDays > 0 ? now() - qint64(policy.maxAgeDays) * 86400000 : 0;
    const qint64 maxCount = policy.maxCount;
    return m_store.writeAndWait<qint64>([=](WriteContext &ctx) -> DbResult<qint64> {
        // What some durable subscriber still needs: everything above the lowest cursor, and
        // every event with a delivery row (dead letters, retries, replays).
        auto minCursor = exec(ctx.db(), QStringLiteral("SELECT MIN(cursor) FROM subscriptions"));
        if (!minCursor)
            return std::unexpected(minCursor.error());
        minCursor->next();
        qint64 keepAbove = minCursor->value(0).isNull() ? std::numeric_limits<qint64>::max()
                                                        : minCursor->value(0).toLongLong();
        QStringList cond;
        QVariantList binds;
        if (cutoff > 0) {
            cond << QStringLiteral("created_at < ?");
            binds << cutoff;
        }
        if (maxCount > 0) {
            auto last = exec(ctx.db(), QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"));
            if (!last)
                return std::unexpected(last.error());
            last->next();
            cond << QStringLiteral("id <= ?");
            binds << last->value(0).toLongLong() - maxCount;
        }
        binds << keepAbove;
        auto d = exec(
            ctx.db(),
            QStringLiteral("DELETE FROM events WHERE (") + cond.join(QStringLiteral(" OR ")) +
                QStringLiteral(
                    ") AND id <= ? AND id NOT IN (SELECT event_id FROM subscription_deliveries)"),
            binds);
        if (!d)
            return std::unexpected(d.error());
        return qint64(d->numRowsAffected());
    });
}

} // namespace dc::events
