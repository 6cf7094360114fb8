// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Order ingestion: an order as Shopify reports it (a webhook delivery or the reconciliation)
// becomes our order, with its customer, and order.created or order.updated is published in the
// same transaction. Part of the order domain, apart from Shopify's transport: the webhook
// processing and the reconciliation both hand their orders here.
#include "core/domain.h"
#include "storage/store.h"

#include <optional>

namespace dc::events {
class EventBus;
}
namespace dc::storage {
class OrderRepository;
}

namespace dc::orders {

class Ingestion
{
public:
    Ingestion(const storage::OrderRepository &orders, events::EventBus &bus);

    // Upserts the order (and its customer, when given) guarded by Shopify's updated_at and
    // publishes order.created or order.updated. Returns the outcome's name: "created",
    // "updated" or "stale" (an older version than the one stored: nothing changes).
    storage::DbResult<QString> ingestShopifyOrder(storage::WriteContext &w, const Order &order,
                                                  const std::optional<Customer> &customer,
                                                  const QString &correlation) const;

private:
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
};

} // namespace dc::orders
