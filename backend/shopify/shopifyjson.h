// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shopify payloads to domain values: the webhook (REST-shaped) JSON of orders, products and
// inventory levels, and the GraphQL order node the reconciliation reads. Every refusal names
// the field.
#include "core/domain.h"

#include <QJsonObject>
#include <expected>

namespace dc::shopify {

struct IngestedOrder
{
    Order order;
    std::optional<Customer> customer; // when the payload names one
};

std::expected<IngestedOrder, QString> orderFromWebhook(const QJsonObject &o, const QString &shop);
std::expected<Product, QString> productFromWebhook(const QJsonObject &p, const QString &shop);
std::expected<IngestedOrder, QString> orderFromGraphQL(const QJsonObject &node,
                                                       const QString &shop);

// "gid://shopify/Order/123" -> 123 (0 when it is not one).
qint64 idFromGid(const QString &gid);
QString gid(const char *type, qint64 id);

// What order.created / order.updated carry: ids and amounts, never personal data. The seed's
// workflow reads trigger.data.order_id and trigger.data.line_items[*].product_id.
QJsonObject orderEventData(const Order &o, qint64 orderId);

} // namespace dc::shopify
