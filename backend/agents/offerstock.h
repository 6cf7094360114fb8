// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Order Manager's offers and stock: pulls supplier prices and stock into the offers,
// checks an order's products can be delivered, and raises stock alerts. Apart from supplier
// ordering because it changes the catalog, never an order.
#include "agents/ordersteps.h"

#include <QHash>

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
    struct Refreshed
    {
        int updated = 0;
        QHash<QString, aliexpress::AeError> failed; // by AliExpress product id
    };
    // Pulls price and stock from AliExpress into the offers, product by product: one failing
    // does not stop the others (a business refusal sets its offers' stock to 0). Fails only
    // when every product.get failed.
    std::expected<Refreshed, ActionFailure> refresh(const QList<OfferRef> &offers,
                                                    const QString &country);
    std::expected<QList<QJsonObject>, ActionFailure>
    raiseStockAlerts(const QList<qint64> &variantIds, int threshold);
    storage::DbResult<QList<OfferRef>> offersOfProducts(const QList<qint64> &productIds) const;

    OrderSteps &m_steps;
};

} // namespace dc::agents
