// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The delivery processor: a task (shopify.process_deliveries) that drains the stored webhook
// deliveries in batches, oldest first; each is claimed, opened, checked against the shop's id and
// handed to its topic's function (deliverytopics.h) in one transaction, exactly once across
// instances. Apart from the receiver, which only verifies and stores: a delivery is answered
// before it is processed.
#include "storage/store.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <atomic>

namespace dc::security {
class FieldCipher;
}
namespace dc::events {
class EventBus;
}
namespace dc::orders {
class Ingestion;
}
namespace dc::storage {
class OrderRepository;
}
namespace dc::tasks {
class TaskManager;
struct TaskOutcome;
} // namespace dc::tasks

namespace dc::shopify {

class DeliveryProcessor : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool processDeliveries = true; // false: store deliveries, hold their processing
        // How often deliveries left waiting (their receiver died) are looked for, and how old
        // they must be.
        int safetyIntervalMs = 30'000;
        int safetyAgeMs = 10'000;
    };
    DeliveryProcessor(storage::Store &store, const security::FieldCipher &cipher,
                      events::EventBus &bus, tasks::TaskManager &tasks,
                      const storage::OrderRepository &orders, const orders::Ingestion &ingestion,
                      Options options);

    // Registers shopify.process_deliveries (before the task manager starts).
    void registerTaskKind();
    // Drains what was stored but not processed (the app stopped or crashed) and starts the
    // safety net that re-queues a drain whenever deliveries wait with none queued.
    void start();
    void stop();
    bool processing() const { return m_options.processDeliveries; }
    // Makes sure one drain is queued (call on this object's thread: queueing may wait for the
    // store).
    void queueDrain();
    // A delivery just stored, inside the receipt's own transaction (writer thread): processed
    // there, so that its order commits with it and no drain is needed. A failure rolls back
    // the processing alone (a savepoint) and leaves the delivery to a drain, queued after the
    // commit.
    storage::DbResult<void> processOnReceipt(storage::WriteContext &w, qint64 id,
                                             const QString &shop, const QString &topic,
                                             const QJsonObject &payload);

private:
    struct PendingDelivery
    {
        qint64 id = 0;
        QString shop;
        QString topic;
        QJsonObject payload;
        QString openError;
    };
    // Processes the received deliveries in batches (a task; one at a time is queued).
    tasks::TaskOutcome drainDeliveries();
    // One delivery inside the batch's transaction: claim, process, mark. False when another
    // drain had already taken it.
    storage::DbResult<bool> processDelivery(storage::WriteContext &w, const PendingDelivery &d);

    storage::Store &m_store;
    const security::FieldCipher &m_cipher;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    const storage::OrderRepository &m_orders;
    const orders::Ingestion &m_ingestion;
    Options m_options;
    std::atomic<bool> m_drainQueued{false};
    QTimer m_drainSafety; // queues a drain if deliveries wait (e.g. after a crash)
};

} // namespace dc::shopify
