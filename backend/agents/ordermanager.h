// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Order Manager agent: validates orders, checks supplier stock, chooses a supplier offer
// per line item (variant mapping, country, stock, backups), guards the margin, places the
// supplier orders on AliExpress exactly once, syncs tracking into shipments, and raises stock
// alerts. Its actions run as tasks "order_manager.<action>"; it also refreshes offers when
// product.created, product.updated or price.changed is published.
#include "agents/offerstock.h"
#include "agents/ordersteps.h"
#include "agents/supplierordering.h"
#include "agents/suppliertracking.h"

namespace dc::agents {

class OrderManager
{
public:
    OrderManager(storage::Store &store, const storage::OrderRepository &orders,
                 events::EventBus &bus, const orders::OrderLifecycle &lifecycle,
                 aliexpress::AliExpressClient &aliexpress, OrderManagerSettings settings);

    void registerActions(tasks::TaskManager &tasks);
    // Durable subscription: product.created/updated and price.changed queue refresh_offers.
    std::expected<void, QString> subscribe(tasks::TaskManager &tasks);

    ActionResult validateOrder(tasks::TaskContext &ctx);

private:
    OrderSteps m_steps;
    OfferStock m_offers;
    SupplierOrdering m_supplier;
    SupplierTracking m_tracking;
};

} // namespace dc::agents
