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

// A signed webhook's body must have its topic's shape: Shopify signs the body only, the topic
// and shop come from headers, so a captured body (a products/update) replayed under another
// topic (shop/redact) must not pass. Checks the topics DropCrew acts on; the shop in the body
// (shop_domain, myshopify_domain) must be the header's. Returns "field: reason" when refused.
// Topics DropCrew does not act on pass (they are stored and ignored).
std::optional<QString> checkWebhookShape(const QString &topic, const QJsonObject &body,
                                         const QString &shop);
// The shop's numeric id where the topic's body carries it (privacy topics, app/uninstalled).
qint64 shopIdOfWebhook(const QString &topic, const QJsonObject &body);
// The Shopify order and customer a delivery is about (0 when none), stored beside its sealed
// body so that an erasure finds it.
struct WebhookSubjects
{
    qint64 orderId = 0;
    qint64 customerId = 0;
};
WebhookSubjects subjectsOfWebhook(const QString &topic, const QJsonObject &body);

// An id in a task input or a webhook body, as a string or a number (unchecked: 0 when absent).
qint64 idInput(const QJsonObject &in, const char *name);

// "gid://shopify/Order/123" -> 123 (0 when it is not one).
qint64 idFromGid(const QString &gid);
QString gid(const char *type, qint64 id);

} // namespace dc::shopify
