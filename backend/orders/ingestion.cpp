// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/ingestion.h"

#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/orderevents.h"
#include "storage/orderrepository.h"

namespace dc::orders {

Ingestion::Ingestion(const storage::OrderRepository &orders, events::EventBus &bus)
    : m_orders(orders)
    , m_bus(bus)
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
    return created ? QStringLiteral("created") : QStringLiteral("updated");
}

} // namespace dc::orders
