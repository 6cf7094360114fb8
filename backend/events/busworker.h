// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The bus thread's worker ("dc-events"): it follows the log by id and hands every new event to
// its owner in order, and it consumes the durable subscriptions this instance holds the lease
// of: a window of matching events above each cursor, per-key ordering, retries with backoff,
// dead letters, manual requeues, and the cursor written back in the background. Handlers run
// on the bus's handler pool; webhooks go out through WebhookSender.
//
// Apart from EventBus (the publishing side and the public face) because it is the other half:
// what runs on the bus thread. It sees its owner only through BusWorkerHost, and reads the
// subscriptions through SubscriptionAdmin.
#include "core/expression.h"
#include "events/event.h"
#include "events/eventlog.h"
#include "events/subscriptions.h"
#include "events/topic.h"
#include "storage/store.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>

#include <atomic>
#include <deque>
#include <expected>
#include <functional>
#include <limits>
#include <map>
#include <optional>

class QTimer;
class QThreadPool;

namespace dc::events {

class WebhookSender;

// An in-process durable subscriber: ok, or why the event could not be processed.
using DeliveryHandler = std::function<std::expected<void, QString>(const Event &)>;

// What the worker needs from its owner. Called on the bus thread.
class BusWorkerHost
{
public:
    virtual ~BusWorkerHost() = default;
    virtual qint64 now() const = 0;
    virtual qint64 leaseMs() const = 0;
    // The delay before the next attempt after `failures` failed deliveries.
    virtual qint64 backoffMs(int failures) const = 0;
    // Whether a handler is registered under a subscription's name in this process, and it.
    virtual bool hasHandler(const QString &name) const = 0;
    virtual DeliveryHandler handler(const QString &name) const = 0;
    virtual RetentionPolicy retentionPolicy() const = 0;
    virtual storage::DbResult<qint64> applyRetention(const RetentionPolicy &policy) = 0;
    // Every committed event, in log order.
    virtual void eventPublished(const Event &e) = 0;
    // A durable delivery failed for good.
    virtual void eventDeadLettered(qint64 subscriptionId, qint64 eventId, const QString &error) = 0;
    // Counts this process's manual requeues and replays (subscription_deliveries rows written
    // by someone other than the worker): a change means the rows must be read again.
    virtual quint64 requeueGeneration() const = 0;
};

class BusWorker : public QObject
{
    Q_OBJECT
public:
    BusWorker(BusWorkerHost &host, storage::Store &store, const SubscriptionAdmin &subscriptions,
              QString instanceId, QThreadPool &handlers);

    // Any thread: asks for a pass; coalesced until the pass starts.
    void wake();

    // An event this subscriber still has to process.
    struct Pending
    {
        Event event;
        bool inFlight = false;
        int attempts = 0;    // failed attempts so far
        qint64 nextAt = 0;   // not before (backoff)
        bool hasRow = false; // a "retrying" row exists in subscription_deliveries
    };

    // A durable subscription as the bus thread follows it. Everything at or below `cursor` is
    // done; `window` holds the matching, unfinished events above it, read from the log up to
    // `fetchedUpTo`. The persisted cursor trails the in-memory one (it is written in the
    // background): after a crash the difference is delivered again, which at-least-once allows.
    struct Sub
    {
        SubscriptionInfo info;
        TopicPatternSet patterns;
        std::optional<Expression> filter;
        QByteArray secret;
        qint64 cursor = 0;
        qint64 persistedCursor = 0;
        qint64 fetchedUpTo = 0;
        std::map<qint64, Pending> window;
        QHash<qint64, Pending> requeued; // manual retries and replays: no ordering
        bool owned = false;
        qint64 leaseUntil = 0;
        bool loaded = false;
        // subscription_deliveries rows are read again only when they may have changed: after a
        // requeue in this process (the generation moves), and every kRowsPollMs for other
        // instances' requeues. Above rowsUpTo there are none, so refill() skips the query.
        quint64 rowsGeneration = 0;
        qint64 rowsCheckedAt = 0;
        qint64 rowsUpTo = std::numeric_limits<qint64>::max();
        int inFlight() const;
    };

public slots:
    void init();
    void shutdown();
    void reload();
    void onWake();
    void onResult(qint64 subId, qint64 eventId, bool ok, const QString &error);

private:
    void applyRetention();
    void listenForOtherInstances();
    void tail();
    bool ready(Sub &s, qint64 now);
    bool holdLease(Sub &s, qint64 now);
    bool rowsMayHaveChanged(const Sub &s, qint64 now) const;
    void readRows(Sub &s, qint64 now);
    void refill(Sub &s);
    int loadRequeued(Sub &s); // the number of rows read
    void advance(Sub &s);
    void flushCursors();
    qint64 pump(Sub &s, qint64 now);
    void deliver(Sub &s, const DeliveryHandler &handler, const Event &e);

    BusWorkerHost &m_host;
    storage::Store &m_store;
    const SubscriptionAdmin &m_admin;
    const QString m_instanceId;
    QThreadPool &m_handlers;
    std::atomic<bool> m_wakePending{false};
    QTimer *m_timer = nullptr;
    QTimer *m_flushTimer = nullptr;
    WebhookSender *m_webhooks = nullptr;
    QSqlDatabase m_listen;
    qint64 m_lastSeen = 0;
    // The events tail() read last, in id order: every event with an id in (m_recentFrom,
    // m_lastSeen]. Subscriptions that keep up read them here rather than from the log (one
    // read and one JSON parse per event, not one per subscription).
    std::deque<Event> m_recent;
    qint64 m_recentFrom = 0;
    std::map<qint64, Sub> m_subs;
    bool m_stopping = false;
};

} // namespace dc::events
