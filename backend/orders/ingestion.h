// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Order ingestion: an order as Shopify reports it (a webhook delivery or the reconciliation)
// becomes our order, with its customer, and order.created or order.updated is published in the
// same transaction. Part of the order domain, apart from Shopify's transport: the webhook
// processing and the reconciliation both hand their orders here.
#include "core/domain.h"
#include "orders/storefollow.h"
#include "storage/store.h"

#include <optional>


namespace dc::orders {

class Ingestion
{
public:
    Ingestion(const storage::OrderRepository &orders, events::EventBus &bus,
              security::AuditLog &audit);

    // Upserts the order (and its customer, when given) guarded by Shopify's updated_at,
    // publishes order.created or order.updated, and follows what the new version means for the
    // order (storefollow.h). Returns the outcome's name: "created", "updated" or "stale" (an
    // older version than the one stored: nothing changes).
    storage::DbResult<QString> ingestShopifyOrder(storage::WriteContext &w, const Order &order,
                                                  const std::optional<Customer> &customer,
                                                  const QString &correlation) const;

    // orders/delete: the order, if known, ends as if cancelled in Shopify. False: not known.
    storage::DbResult<bool> ingestShopifyDeletion(storage::WriteContext &w, const QString &shop,
                                                  qint64 shopifyOrderId,
                                                  const QString &correlation) const;

private:
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    StoreFollower m_follower;
};

} // namespace dc::orders
