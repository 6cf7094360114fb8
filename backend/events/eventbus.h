// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The event bus: a durable log, live in-process delivery on Qt signals, and durable
// subscriptions with cursors, retries, dead letters and per-key ordering.
//
// Threads: the bus runs a thread of its own ("dc-events") that follows the log by id after
// every commit (and, on PostgreSQL, after a NOTIFY from another instance) and emits
// published() in log order; subscribers in other threads receive it queued, so in order.
// Durable handlers run on a small thread pool; webhooks are posted from the bus thread.
#include "core/expression.h"
#include "events/event.h"
#include "events/eventlog.h"
#include "events/topic.h"
#include "security/fieldcipher.h"
#include "storage/store.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace dc::events {

struct SubscriptionSpec
{
    QString name;         // [a-z0-9_.-], unique
    QString kind;         // "handler" (in-process, handler registered under the name) | "webhook"
    QStringList patterns; // topic patterns
    QString filter;       // optional expression over the event (data.x, topic, key)
    QString url;          // webhook target
    QByteArray secret;    // webhook signing secret (stored sealed)
    int maxAttempts = 8;  // then the event is dead-lettered for this subscriber
    std::optional<qint64> startAfterId; // default: only events published from now on
};

struct SubscriptionInfo
{
    qint64 id = 0;
    QString name;
    QString kind;
    QStringList patterns;
    QString filter;
    QString url;
    int maxAttempts = 8;
    qint64 cursor = 0;
    qint64 lag = 0; // events in the log after the cursor
    int retrying = 0;
    int dead = 0;
    QString leaseOwner;
    QDateTime createdAt;
    QJsonObject toJson() const;
};

struct DeadLetter
{
    qint64 eventId = 0;
    QString state; // "dead" or "retrying"
    int attempts = 0;
    QString lastError;
    QDateTime updatedAt;
    QJsonObject toJson() const;
};

struct RetentionPolicy
{
    int maxAgeDays = 0;  // 0: no age limit
    qint64 maxCount = 0; // 0: no count limit
};

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

class BusWorker;

class EventBus : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<std::expected<void, QString>(const Event &)>;
    using Clock = std::function<qint64()>;

    EventBus(storage::Store &store, const security::FieldCipher &cipher, QString instanceId,
             QObject *parent = nullptr);
    ~EventBus() override;

    void start();
    void stop(); // waits for in-flight handler calls
    storage::Store &store() { return m_store; }

    // Transactional outbox: call inside a write job; the event commits with the job.
    storage::DbResult<qint64> append(storage::WriteContext &ctx, const EventDraft &draft);
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
    storage::DbResult<SubscriptionInfo> createSubscription(const SubscriptionSpec &spec);
    // Creates it if absent; an existing one keeps its cursor (a restart resumes, not restarts).
    storage::DbResult<SubscriptionInfo> ensureSubscription(const SubscriptionSpec &spec);
    storage::DbResult<void> deleteSubscription(qint64 id);
    storage::DbResult<QList<SubscriptionInfo>> subscriptions(QSqlDatabase db) const;
    storage::DbResult<std::optional<SubscriptionInfo>> subscription(QSqlDatabase db,
                                                                    qint64 id) const;
    storage::DbResult<QList<DeadLetter>> deadLetters(QSqlDatabase db, qint64 subscriptionId) const;
    storage::DbResult<void> retryDeadLetter(qint64 subscriptionId, qint64 eventId);
    // Delivers the matching events of [fromId, toId] to one subscriber again (at most 10,000).
    storage::DbResult<int> replay(qint64 subscriptionId, qint64 fromId, qint64 toId);
    // Deletes old events, never one a durable subscriber still needs. Returns how many.
    storage::DbResult<qint64> applyRetention(const RetentionPolicy &policy);
    // Applied on the bus thread at start and then every hour.
    void setRetentionPolicy(const RetentionPolicy &policy);
    RetentionPolicy retentionPolicy() const;

    // Backoff before attempt n+1 after n failures: first * 2^(n-1), capped, with +-20% jitter.
    qint64 backoffMs(int failures) const;
    void setRetryDelays(qint64 firstMs, qint64 maxMs);
    // How long a durable subscription stays with an instance that stopped renewing (crashed).
    void setLeaseMs(qint64 ms);
    qint64 leaseMs() const;
    void setClock(Clock clock);
    qint64 now() const;
    QString instanceId() const { return m_instanceId; }

    // Wakes the bus thread (after a commit); cheap and coalesced.
    void wake();

signals:
    // Every committed event, in log order, emitted from the bus thread.
    void published(const dc::events::Event &event);
    // A durable delivery failed for good.
    void deadLettered(qint64 subscriptionId, qint64 eventId, const QString &error);

private:
    friend class BusWorker;
    storage::Store &m_store;
    const security::FieldCipher &m_cipher;
    QString m_instanceId;
    QThread m_thread;
    BusWorker *m_worker = nullptr;
    std::atomic<bool> m_wakePending{false};
    mutable QMutex m_mutex; // guards handlers, clock and delays
    QHash<QString, Handler> m_handlers;
    Clock m_clock;
    qint64 m_firstDelayMs = 1000;
    qint64 m_maxDelayMs = 5 * 60 * 1000;
    qint64 m_leaseMs = 30000;
    RetentionPolicy m_retention;
};

} // namespace dc::events
