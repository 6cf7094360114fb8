// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Order Manager agent: validates orders, checks supplier stock, chooses a supplier offer
// per line item (variant mapping, country, stock, backups), guards the margin, places the
// supplier orders on AliExpress exactly once, syncs tracking into shipments, and raises stock
// alerts. Its actions run as tasks "order_manager.<action>"; it also refreshes offers when
// product.created, product.updated or price.changed is published.
#include "agents/agent.h"
#include "agents/orderlifecycle.h"
#include "agents/settings.h"
#include "aliexpress/aliexpressclient.h"

namespace dc::events {
class EventBus;
}
namespace dc::storage {
class OrderRepository;
}

namespace dc::agents {

struct Margin;

class OrderManager
{
public:
    OrderManager(storage::Store &store, const storage::OrderRepository &orders,
                 events::EventBus &bus, const OrderLifecycle &lifecycle,
                 aliexpress::AliExpressClient &aliexpress, OrderManagerSettings settings);

    void registerActions(tasks::TaskManager &tasks);
    // Durable subscription: product.created/updated and price.changed queue refresh_offers.
    std::expected<void, QString> subscribe(tasks::TaskManager &tasks);

    ActionResult validateOrder(tasks::TaskContext &ctx);
    ActionResult checkInventory(tasks::TaskContext &ctx);
    ActionResult prepareSupplierOrder(tasks::TaskContext &ctx);
    ActionResult submitToSupplier(tasks::TaskContext &ctx);
    ActionResult syncTracking(tasks::TaskContext &ctx);
    ActionResult markShipped(tasks::TaskContext &ctx);
    ActionResult cancelSupplierOrder(tasks::TaskContext &ctx);
    ActionResult checkStock(tasks::TaskContext &ctx);
    ActionResult refreshOffers(tasks::TaskContext &ctx);

private:
    struct OfferRef
    {
        qint64 offerId = 0;
        qint64 variantId = 0;
        qint64 productId = 0;
        qint64 supplierId = 0;
        QString platform;
        QString supplierProductId;
        QString supplierSkuId;
        QString currency;
        qint64 costMinor = 0;
        int stock = 0;
    };
    // A status change by this agent, through the state machine, in a transaction of its own.
    storage::DbResult<bool> move(qint64 orderId, OrderStatus to, const QString &reason,
                                 const QJsonObject &detail = {});
    // LOW_MARGIN (and the order held) when the margin is below the minimum and nobody approved.
    std::optional<std::unexpected<ActionFailure>> holdIfLowMargin(const Order &order,
                                                                  const Margin &margin);
    // Puts the order on hold (reason) and returns the failure to answer with.
    std::unexpected<ActionFailure> hold(qint64 orderId, const QString &reason, const QString &code,
                                        const QString &message);
    // Pulls price and stock from AliExpress into the offers; raises stock alerts.
    std::expected<int, ActionFailure> refresh(const QList<OfferRef> &offers,
                                              const QString &country);
    std::expected<QList<QJsonObject>, ActionFailure>
    raiseStockAlerts(const QList<qint64> &variantIds, int threshold);
    storage::DbResult<QList<OfferRef>> offersOfProducts(const QList<qint64> &productIds) const;

    storage::Store &m_store;
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    const OrderLifecycle &m_lifecycle;
    aliexpress::AliExpressClient &m_aliexpress;
    OrderManagerSettings m_settings;
};

// The failure an AliExpress error becomes (code, retryable by declaration).
ActionFailure supplierFailure(const aliexpress::AeError &e);

} // namespace dc::agents
