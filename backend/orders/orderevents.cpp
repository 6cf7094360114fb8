// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/orderevents.h"

#include <QJsonArray>

namespace dc::orders {

QJsonObject orderEventData(const Order &o, qint64 orderId)
{
    QJsonArray items;
    for (const LineItem &li : o.lineItems)
        items.append(QJsonObject{{QStringLiteral("product_id"), li.shopifyProductId},
                                 {QStringLiteral("variant_id"), li.shopifyVariantId},
                                 {QStringLiteral("sku"), li.sku},
                                 {QStringLiteral("quantity"), li.quantity},
                                 {QStringLiteral("unit_price_minor"), li.unitPrice.minor}});
    return {{QStringLiteral("order_id"), orderId},
            {QStringLiteral("shop"), o.shop},
            {QStringLiteral("shopify_order_id"), QString::number(o.shopifyOrderId)},
            {QStringLiteral("name"), o.name},
            {QStringLiteral("financial_status"), o.financialStatus},
            {QStringLiteral("fulfillment_status"), o.fulfillmentStatus},
            {QStringLiteral("currency"), o.currency},
            {QStringLiteral("total_minor"), o.total.minor},
            {QStringLiteral("shipping_country"), o.shippingCountry},
            {QStringLiteral("line_items"), items}};
}

} // namespace dc::orders
