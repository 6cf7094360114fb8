// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Polling: a shop with no public URL cannot receive webhooks (a desktop behind a home router),
// so every poll_seconds a task reads the orders and products it updated since the last pass
// through the Admin API (the reconciliation's order pages and the catalog import's product
// pages, filtered by updated_at, within the cost-based throttle) and hands them to the same
// order ingestion and catalog upsert as the webhooks: an order's workflow starts once however
// often it is read. Each shop keeps its cursors (the newest updated_at seen) in its row.
#include "storage/store.h"

#include <QObject>
#include <QTimer>

namespace dc::events {
class EventBus;
}
namespace dc::tasks {
class TaskManager;
struct TaskOutcome;
} // namespace dc::tasks

namespace dc::shopify {

class Reconciler;
class ShopRegistry;
class ShopifyClient;

class ShopPoller : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pollSeconds = 60;    // 0: no polling
        int firstSyncHours = 24; // how far back a shop's first pass looks
    };
    ShopPoller(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
               ShopRegistry &shops, ShopifyClient &client, Reconciler &reconciler, Options options);

    // Registers shopify.poll (before the task manager starts).
    void registerTaskKind();
    // Polls every active shop that has a token and no public URL, every pollSeconds.
    void start();
    void stop();
    // Queues a pass over the shop (one per shop and interval, across instances).
    storage::DbResult<qint64> requestPoll(const QString &domain);

private:
    tasks::TaskOutcome poll(const QString &domain);
    void pollDue();

    storage::Store &m_store;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    ShopRegistry &m_shops;
    ShopifyClient &m_client;
    Reconciler &m_reconciler;
    Options m_options;
    QTimer m_timer;
};

} // namespace dc::shopify
