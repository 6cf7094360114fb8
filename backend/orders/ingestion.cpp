// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/ingestion.h"

#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/orderevents.h"
#include "storage/orderrepository.h"

namespace dc::orders {

Ingestion::Ingestion(const storage::OrderRepository &orders, events::EventBus &bus,
                     security::AuditLog &audit)
    : m_orders(orders)
    , m_bus(bus)
    , m_follower(orders, bus, audit)
{}

storage::DbResult<QString> Ingestion::ingestShopifyOrder(storage::WriteContext &w,
                                                         const Order &incoming,
                                                         const std::optional<Customer> &customer,
                                                         const QString &correlation) const
{
    Order order = incoming;
    if (customer) {
        auto c = m_orders.upsertCustomer(w, *customer);
        if (!c)
            return std::unexpected(c.error());
        order.customerId = c->id;
    }
    auto before = m_orders.findByShopifyId(w.db(), order.shop, order.shopifyOrderId);
    if (!before)
        return std::unexpected(before.error());
    auto outcome = m_orders.upsertShopifyOrder(w, order);
    if (!outcome)
        return std::unexpected(outcome.error());
    using K = storage::UpsertOutcome::Kind;
    if (outcome->kind == K::Stale)
        return QStringLiteral("stale");
    const bool created = outcome->kind == K::Created;
    auto e = m_bus.append(w, events::EventDraft{created ? QString(events::topics::kOrderCreated)
                                                        : QString(events::topics::kOrderUpdated),
                                                orderEventData(order, outcome->id),
                                                QStringLiteral("order:%1").arg(outcome->id),
                                                QStringLiteral("shopify"), correlation, QString()});
    if (!e)
        return std::unexpected(e.error());
    if (auto f = m_follower.follow(w, *before, order, outcome->id, correlation); !f)
        return std::unexpected(f.error());
    return created ? QStringLiteral("created") : QStringLiteral("updated");
}

storage::DbResult<bool> Ingestion::ingestShopifyDeletion(storage::WriteContext &w,
                                                         const QString &shop,
                                                         qint64 shopifyOrderId,
                                                         const QString &correlation) const
{
    auto ids = m_orders.orderIdsByShopifyIds(w.db(), shop, {shopifyOrderId});
    if (!ids)
        return std::unexpected(ids.error());
    if (ids->isEmpty())
        return false;
    if (auto d = m_follower.deleted(w, ids->first(), correlation); !d)
        return std::unexpected(d.error());
    return true;
}

} // namespace dc::orders
