// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The reconciliation: pulls the orders a shop updated since the last sync through the Admin API
// (on a timer, or when asked) and hands them to the order ingestion, so that a lost webhook
// costs a delay, never an order. Apart from the webhook processing, which ingests the same
// orders as they are pushed.
#include "shopify/shopifyclient.h"
#include "storage/store.h"

#include <QObject>
#include <QTimer>

namespace dc::events {
class EventBus;
}
namespace dc::orders {
class Ingestion;
}
namespace dc::tasks {
class TaskManager;
struct TaskOutcome;
} // namespace dc::tasks

namespace dc::shopify {

class ShopRegistry;

// What handing a page of GraphQL order nodes to the ingestion found.
struct OrderIngestCounts
{
    int seen = 0;
    int created = 0;
    int updated = 0;
    QDateTime latestUpdate; // the newest Shopify updated_at seen
};
// Each node (ShopifyClient::orderFields()) parsed and ingested in a transaction of its own, the
// way orders/* webhooks are: the reconciliation and the catalog import share it. A node that
// cannot be read is skipped with a warning; a store failure stops.
storage::DbResult<void> ingestOrderNodes(storage::Store &store, const orders::Ingestion &ingestion,
                                         const QJsonArray &nodes, const QString &shop,
                                         const QString &correlation, OrderIngestCounts &counts);

// What a pass over the orders a shop updated since a time found.
struct OrdersPull
{
    OrderIngestCounts counts;        // latestUpdate: the newer of the one given and those seen
    std::optional<ApiError> failure; // a page Shopify did not give: the pass stopped there
};

class Reconciler : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int reconcileMinutes = 15; // 0: no scheduled reconciliation
        int firstSyncHours = 24;   // how far back the first reconciliation of a shop looks
    };
    Reconciler(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
               ShopRegistry &shops, ShopifyClient &client, const orders::Ingestion &ingestion,
               Options options);

    // Registers shopify.reconcile (before the task manager starts).
    void registerTaskKind();
    // Starts the scheduled reconciliation of every active shop with a token.
    void start();
    void stop();
    // Queues a reconciliation of the shop (deduplicated per shop and minute).
    storage::DbResult<qint64> requestReconcile(const QString &domain);
    // Reads the orders updated after `since`, page by page, and hands each to the order
    // ingestion, as webhooks do (a new order's workflow starts once); `through` is the newest
    // updated_at seen before. The polling passes use it too. A store error ends it.
    storage::DbResult<OrdersPull> pullOrders(const ShopConnection &conn, const QDateTime &since,
                                             const QDateTime &through,
                                             const QString &correlation);

private:
    tasks::TaskOutcome reconcile(const QString &domain);
    void reconcileDue();

    storage::Store &m_store;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    ShopRegistry &m_shops;
    ShopifyClient &m_client;
    const orders::Ingestion &m_ingestion;
    Options m_options;
    QTimer m_timer;
};

} // namespace dc::shopify
