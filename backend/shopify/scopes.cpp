// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/scopes.h"

namespace dc::shopify {

namespace {

// What ShopifyClient calls and the subscribed webhook topics need. read_all_orders is not
// needed: orders older than 60 days are never read.
constexpr std::pair<const char *, const char *> kScopes[] = {
    {"read_orders", "orders/* and refunds/create webhooks, reading orders (reconciliation, "
                    "polling, a payment before a refund)"},
    {"write_orders", "refunds (refundCreate)"},
    {"read_customers", "the customer of an order read through the Admin API"},
    {"read_products", "products/* webhooks and polled products"},
    {"write_products", "prices, titles and descriptions (productVariantsBulkUpdate, "
                       "productUpdate)"},
    {"read_inventory", "inventory_levels/update webhooks"},
    {"write_inventory", "setting stock in Shopify (inventorySetQuantities)"},
    {"read_locations", "the shop's primary location, where stock is set"},
    {"write_fulfillments", "fulfilments with tracking (fulfillmentCreate, "
                           "fulfillmentTrackingInfoUpdate)"},
    {"write_merchant_managed_fulfillment_orders",
     "reading and fulfilling the order's fulfillment orders at the shop's own locations"},
};

} // namespace

QList<RequiredScope> requiredScopes()
{
    QList<RequiredScope> out;
    for (const auto &[handle, why] : kScopes)
        out.append({QLatin1StringView(handle), QLatin1StringView(why)});
    return out;
}

QStringList missingScopes(const QStringList &granted)
{
    QStringList missing;
    for (const auto &[handle, why] : kScopes) {
        const QString h = QLatin1String(handle);
        const bool has = granted.contains(h) || (h.startsWith(QLatin1String("read_")) &&
                                                 granted.contains(QStringLiteral("write_") +
                                                                  h.mid(5))); // after "read_"
        if (!has)
            missing << h;
    }
    return missing;
}

QString describeScopes(const QStringList &handles)
{
    QStringList parts;
    for (const QString &h : handles) {
        QString why;
        for (const auto &[handle, reason] : kScopes)
            if (h == QLatin1String(handle))
                why = QLatin1String(reason);
        parts << (why.isEmpty() ? h : QStringLiteral("%1 (%2)").arg(h, why));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace dc::shopify
