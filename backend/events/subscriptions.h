// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Durable subscriptions as an operator manages them: create (checked, the webhook secret
// sealed), list, delete, dead letters, retry of a dead letter and replay of a range. Apart from
// the bus worker, which consumes subscriptions, because this is administration over the same
// rows: it runs on the caller's thread and only tells the worker that something changed.
#include "security/fieldcipher.h"
#include "storage/store.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>

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

class SubscriptionAdmin
{
public:
    // `changed`: a subscription was created or deleted (the worker reloads its list);
    // `requeued`: deliveries were put back (the worker wakes). Either may be called from any
    // thread.
    SubscriptionAdmin(storage::Store &store, const security::FieldCipher &cipher,
                      std::function<void()> changed, std::function<void()> requeued);

    storage::DbResult<SubscriptionInfo> createSubscription(const SubscriptionSpec &spec);
    // Creates it if absent; an existing one keeps its cursor (a restart resumes, not restarts)
    // and takes the spec's patterns and filter if they changed.
    storage::DbResult<SubscriptionInfo> ensureSubscription(const SubscriptionSpec &spec);
    storage::DbResult<void> deleteSubscription(qint64 id);
    storage::DbResult<QList<SubscriptionInfo>> subscriptions(QSqlDatabase db) const;
    storage::DbResult<std::optional<SubscriptionInfo>> subscription(QSqlDatabase db,
                                                                    qint64 id) const;
    storage::DbResult<QList<DeadLetter>> deadLetters(QSqlDatabase db, qint64 subscriptionId) const;
    storage::DbResult<void> retryDeadLetter(qint64 subscriptionId, qint64 eventId);
    // Delivers the matching events of [fromId, toId] to one subscriber again (at most 10,000).
    storage::DbResult<int> replay(qint64 subscriptionId, qint64 fromId, qint64 toId);
    // A webhook subscription's signing secret, opened (empty when it has none or it cannot be
    // opened). Reads on the calling thread's connection.
    QByteArray secret(qint64 id, const QString &name) const;

private:
    storage::Store &m_store;
    const security::FieldCipher &m_cipher;
    std::function<void()> m_changed;
    std::function<void()> m_requeued;
};

} // namespace dc::events
