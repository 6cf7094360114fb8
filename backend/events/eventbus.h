// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The event bus: a durable log, live in-process delivery on Qt signals, and durable
// subscriptions with cursors, retries, dead letters and per-key ordering.
//
// Threads: the bus runs a thread of its own ("dc-events") that follows the log by id after
// every commit (and, on PostgreSQL, after a NOTIFY from another instance) and emits
// published() in log order; subscribers in other threads receive it queued, so in order.
// Durable handlers run on a small thread pool; webhooks are posted from the bus thread.
//
// This class is the publishing side and the public face. The bus thread's work is BusWorker
// (events/busworker.h), which sees the bus only through BusWorkerHost; subscription
// administration is SubscriptionAdmin (events/subscriptions.h); the outbound HTTP of webhook
// deliveries is WebhookSender (events/webhooksender.h).
#include "core/expression.h"
#include "events/busworker.h"
#include "events/event.h"
#include "events/eventlog.h"
#include "events/subscriptions.h"
#include "events/topic.h"
#include "security/fieldcipher.h"
#include "storage/store.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace dc::events {

// A live, non-durable subscription: events committed after it was made, filtered, in order.
class LocalSubscription : public QObject
{
    Q_OBJECT
public:
    LocalSubscription(TopicPatternSet patterns, std::optional<Expression> filter)
        : m_patterns(std::move(patterns))
        , m_filter(std::move(filter))
    {}
    bool accepts(const Event &e) const;

signals:
    void received(const dc::events::Event &event);

public slots:
    void onPublished(const dc::events::Event &event)
    {
        if (accepts(event))
            emit received(event);
    }

private:
    TopicPatternSet m_patterns;
    std::optional<Expression> m_filter;
};

class EventBus : public QObject, private BusWorkerHost
{
    Q_OBJECT
public:
    using Handler = DeliveryHandler;
    using Clock = std::function<qint64()>;

    EventBus(storage::Store &store, const security::FieldCipher &cipher, QString instanceId,
             QObject *parent = nullptr);
    ~EventBus() override;

    void start();
    void stop(); // waits for in-flight handler calls
    storage::Store &store() { return m_store; }

    // Transactional outbox: call inside a write job; the event commits with the job.
    storage::DbResult<qint64> append(storage::WriteContext &ctx, const EventDraft &draft);
    // Several, up to 32 per statement: their ids, in the drafts' order.
    storage::DbResult<QList<qint64>> append(storage::WriteContext &ctx,
                                            const QList<EventDraft> &drafts);
    // The same, for events whose ids nobody reads (a task's and a workflow step's moves):
    // checked now, written with the job's other such events when it ends, or before its next
    // savepoint or immediate append (WriteContext::Deferred), in the order they came. An event
    // an inline hook may want is appended at once instead, so that its hook runs in place.
    storage::DbResult<void> appendDeferred(storage::WriteContext &ctx, const EventDraft &draft);
    storage::DbResult<void> appendDeferred(storage::WriteContext &ctx,
                                           const QList<EventDraft> &drafts);
    // Publish in a transaction of its own.
    QFuture<storage::DbResult<qint64>> publish(const EventDraft &draft);

    storage::DbResult<QList<Event>> history(QSqlDatabase db, const EventQuery &q) const
    {
        return queryEvents(db, q);
    }

    // Live subscription delivered to `context`'s thread; owned by the caller.
    std::unique_ptr<LocalSubscription> subscribe(const TopicPatternSet &patterns,
                                                 std::optional<Expression> filter = std::nullopt);

    // Durable subscriptions.
    void registerHandler(const QString &name, Handler handler);

    // Work done inside the transaction that appends an event `patterns` and `filter` accept
    // (on the store's writer thread): a workflow starts in the commit of its trigger event
    // rather than after the bus has delivered it, a thread hop and a commit later. A durable
    // subscription stays the safety net, so a hook may fail: its own writes are then rolled
    // back (a savepoint) and the event still commits. Events appended by a hook are left to
    // the bus (no hook within a hook). An empty `hook` removes the one named `name`.
    using InlineHook =
        std::function<storage::DbResult<void>(storage::WriteContext &, const Event &)>;
    void setInlineHook(const QString &name, const TopicPatternSet &patterns,
                       std::optional<Expression> filter, InlineHook hook);
    // Removes the hooks whose names start with `prefix` (their owner is going away).
    void removeInlineHooks(const QString &prefix);
    // Creating, listing and replaying durable subscriptions, and their dead letters.
    SubscriptionAdmin &subscriptionAdmin() { return m_subscriptions; }
    const SubscriptionAdmin &subscriptionAdmin() const { return m_subscriptions; }
    // Deletes old events, never one a durable subscriber still needs. Returns how many.
    storage::DbResult<qint64> applyRetention(const RetentionPolicy &policy) override;
    // Applied on the bus thread at start and then every hour.
    void setRetentionPolicy(const RetentionPolicy &policy);
    RetentionPolicy retentionPolicy() const override;

    // Backoff before attempt n+1 after n failures: first * 2^(n-1), capped, with +-20% jitter.
    qint64 backoffMs(int failures) const override;
    void setRetryDelays(qint64 firstMs, qint64 maxMs);
    // How long a durable subscription stays with an instance that stopped renewing (crashed).
    void setLeaseMs(qint64 ms);
    qint64 leaseMs() const override;
    void setClock(Clock clock);
    qint64 now() const override;
    QString instanceId() const { return m_instanceId; }

    // Wakes the bus thread (after a commit); cheap and coalesced.
    void wake();

signals:
    // Every committed event, in log order, emitted from the bus thread.
    void published(const dc::events::Event &event);
    // A durable delivery failed for good.
    void deadLettered(qint64 subscriptionId, qint64 eventId, const QString &error);

private:
    // BusWorkerHost
    bool hasHandler(const QString &name) const override;
    Handler handler(const QString &name) const override;
    void eventPublished(const Event &e) override;
    void eventDeadLettered(qint64 subscriptionId, qint64 eventId, const QString &error) override;
    quint64 requeueGeneration() const override { return m_requeueGeneration.load(); }

    storage::Store &m_store;
    QString m_instanceId;
    SubscriptionAdmin m_subscriptions;
    QThread m_thread;
    // Durable handlers' deliveries (at most 8 in flight per subscription).
    std::atomic<quint64> m_requeueGeneration{1};
    QThreadPool m_handlerPool;
    BusWorker *m_worker = nullptr;
    // wake() comes from the store's writer thread (after a commit) while stop() ends the worker:
    // the pointer is cleared under this lock before the worker is freed.
    QMutex m_workerLock;
    mutable QMutex m_mutex; // guards handlers, clock and delays
    QHash<QString, Handler> m_handlers;
    struct Inline
    {
        QString name;
        TopicPatternSet patterns;
        std::optional<Expression> filter;
        InlineHook hook;
    };
    // Replaced whole when one changes: append() takes the list without holding the lock.
    std::shared_ptr<const QList<Inline>> m_inline;
    bool inlineHookMayWant(const QList<EventDraft> &drafts) const;
    storage::DbResult<void> runInlineHooks(storage::WriteContext &ctx, const EventDraft &draft,
                                           qint64 id, qint64 at);
    Clock m_clock;
    qint64 m_firstDelayMs = 1000;
    qint64 m_maxDelayMs = 5 * 60 * 1000;
    qint64 m_leaseMs = 30000;
    RetentionPolicy m_retention;
};

} // namespace dc::events
