// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The catalog import, for an operator whose store already has products and orders: every
// product of a shop with its variants (title, SKU, price, inventory, inventory item) and its
// images' URLs, read through the Admin API (catalogfetch.h: paged, or a bulk operation for a
// large catalog) and stored through the same guarded upsert as products/* webhooks
// (productstore.h), one transaction per page or batch; then the open unfulfilled orders of the
// last N days, through the order ingestion the webhooks use (so an order's workflow starts once,
// whichever of the two brings it first). A task (shopify.import_catalog) whose progress
// GET /api/tasks/{id} and task.progress show. Running it again changes nothing Shopify did not
// change; afterwards webhooks (or the polling) keep the catalog current, and a webhook newer
// than what the import read wins.
#include "shopify/catalogfetch.h"
#include "storage/store.h"
#include "tasks/task.h"

#include <QMutex>

namespace dc::events {
class EventBus;
}
namespace dc::orders {
class Ingestion;
}
namespace dc::tasks {
class TaskManager;
}

namespace dc::shopify {

class ShopRegistry;

struct ImportRequest
{
    static constexpr int kDefaultOrdersDays = 30;
    // Without the read_all_orders scope Shopify shows an app the last 60 days of orders.
    static constexpr int kMaxOrdersDays = 60;
    bool products = true;
    int ordersDays = kDefaultOrdersDays;   // 0: no orders
    QString mode = QStringLiteral("auto"); // one of kModes
    static inline const QStringList kModes{QStringLiteral("auto"), QStringLiteral("paged"),
                                           QStringLiteral("bulk")};
};

class CatalogImport
{
public:
    struct Options
    {
        // mode auto: a bulk operation from this many products on ([shopify]
        // bulk_import_threshold), pages below.
        int bulkThreshold = 1000;
        CatalogFetcher::Options fetch;
    };
    static inline const QString kKind = QStringLiteral("shopify.import_catalog");

    CatalogImport(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                  ShopRegistry &shops, ShopifyClient &client, const orders::Ingestion &ingestion,
                  Options options);

    // Registers shopify.import_catalog (before the task manager starts).
    void registerTaskKind();
    // Queues an import of the shop: its task id. NotFound for an unknown shop; while an import of
    // the shop waits or runs, that one (in this instance: two instances asked at once may start
    // two, which is harmless since an import changes nothing twice).
    storage::DbResult<qint64> requestImport(const QString &domain, const ImportRequest &request);

private:
    tasks::TaskOutcome run(tasks::TaskContext &ctx);
    // The open unfulfilled orders created in the last `days` days; their counts, or the failure.
    std::expected<QJsonObject, tasks::TaskOutcome>
    importOrders(tasks::TaskContext &ctx, const ShopConnection &shop, int days,
                 const QString &correlation, int fromPercent);

    storage::Store &m_store;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    ShopRegistry &m_shops;
    ShopifyClient &m_client;
    const orders::Ingestion &m_ingestion;
    Options m_options;
    QMutex m_requestLock; // one look for a running import, then one enqueue, at a time
};

} // namespace dc::shopify
