// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Order Manager's offers and stock: pulls supplier prices and stock into the offers,
// checks an order's products can be delivered, and raises stock alerts. Apart from supplier
// ordering because it changes the catalog, never an order.
#include "agents/ordersteps.h"

namespace dc::agents {

class OfferStock
{
public:
    explicit OfferStock(OrderSteps &steps)
        : m_steps(steps)
    {}

    ActionResult checkInventory(tasks::TaskContext &ctx);
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
    // Pulls price and stock from AliExpress into the offers; raises stock alerts.
    std::expected<int, ActionFailure> refresh(const QList<OfferRef> &offers,
                                              const QString &country);
    std::expected<QList<QJsonObject>, ActionFailure>
    raiseStockAlerts(const QList<qint64> &variantIds, int threshold);
    storage::DbResult<QList<OfferRef>> offersOfProducts(const QList<qint64> &productIds) const;

    OrderSteps &m_steps;
};

} // namespace dc::agents
