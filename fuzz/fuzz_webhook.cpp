// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a Shopify webhook body (every topic's shape check, orders/*, products/*) and as
// a GraphQL order node: the mapping to orders and products never crashes, and what it accepts
// is consistent (integer money, known currency, quantities above zero). The same JSON also goes
// through the agents' input schema check, which sees whatever a client posts to
// /api/agents/{agent}/action.
#include "core/jsonschema.h"
#include "shopify/shopifyjson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    const QJsonObject o = doc.object();
    const QString shop = QStringLiteral("fuzz.myshopify.com");
    for (auto *map : {&dc::shopify::orderFromWebhook, &dc::shopify::orderFromGraphQL}) {
        if (auto in = map(o, shop)) {
            if (!dc::isCurrencyCode(in->order.currency))
                std::abort();
            for (const dc::LineItem &li : in->order.lineItems)
                if (li.quantity <= 0)
                    std::abort();
        }
    }
    (void)dc::shopify::productFromWebhook(o, shop);
    // The receiver's shape check for every topic it acts on: a body accepted for shop/redact
    // names exactly the header's shop, whatever the bytes.
    for (const char *topic :
         {"orders/create", "orders/updated", "orders/edited", "orders/delete", "refunds/create",
          "products/update", "inventory_levels/update", "app/uninstalled", "customers/data_request",
          "customers/redact", "shop/redact"}) {
        const QString t = QString::fromLatin1(topic);
        const bool accepted = !dc::shopify::checkWebhookShape(t, o, shop);
        if (accepted && t == QLatin1String("shop/redact") &&
            (o.size() != 2 || o.value(QStringLiteral("shop_domain")).toString().toLower() != shop))
            std::abort();
        (void)dc::shopify::subjectsOfWebhook(t, o);
        (void)dc::shopify::shopIdOfWebhook(t, o);
    }
    static const QJsonObject schema = dc::schema::object(
        {{QStringLiteral("order_id"), dc::schema::integer(1)},
         {QStringLiteral("items"),
          dc::schema::array(
              dc::schema::object({{QStringLiteral("qty"), dc::schema::integer(0, 99)}}), 10)},
         {QStringLiteral("template"),
          dc::schema::string(20, {QStringLiteral("a"), QStringLiteral("b")})}},
        {QStringLiteral("order_id")});
    (void)dc::validateJson(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(o), schema);
    return 0;
}
