// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/shopifyjson.h"

#include <QJsonArray>

namespace dc::shopify {

namespace {

// Shopify ids are 64-bit integers; JSON numbers above 2^53 lose precision, so strings are
// accepted too (and preferred by careful senders).
std::optional<qint64> idField(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok && n > 0 ? std::optional<qint64>(n) : std::nullopt;
    }
    if (v.isDouble()) {
        const qint64 n = v.toInteger(-1);
        return n > 0 ? std::optional<qint64>(n) : std::nullopt;
    }
    return std::nullopt;
}

QDateTime timeField(const QJsonObject &o, const char *name)
{
    return QDateTime::fromString(o.value(QLatin1String(name)).toString(), Qt::ISODateWithMs)
        .toUTC();
}

// An order edit keeps a line's original quantity and gives the current one apart (0: the line
// was removed). A refund lowers the current quantity too: a refunded order keeps its lines as
// sold (what the supplier was asked for). False: the line is no longer part of the order.
bool takeEditedQuantity(const QJsonObject &li, const char *field, bool refunded, LineItem &item)
{
    const QJsonValue current = li.value(QLatin1String(field));
    if (refunded || !current.isDouble())
        return true;
    if (current.toInt() <= 0)
        return false;
    item.quantity = current.toInt();
    return true;
}

std::expected<Money, QString> moneyField(const QJsonObject &o, const char *name,
                                         const QString &currency, bool required = true)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return std::unexpected(QStringLiteral("%1: required").arg(QLatin1String(name)));
        return Money{0, currency};
    }
    const QString text = v.isString() ? v.toString() : QString::number(v.toDouble(), 'f', 2);
    auto m = parseDecimalMoney(text, currency);
    if (!m)
        return std::unexpected(QStringLiteral("%1: %2").arg(QLatin1String(name), m.error()));
    return m;
}

// The shop-currency amount of a REST "*_set" object, or of a GraphQL MoneyBag.
std::expected<Money, QString> moneySet(const QJsonObject &o, const char *name,
                                       const QString &currency, const char *inner)
{
    const QJsonObject set = o.value(QLatin1String(name)).toObject();
    if (set.isEmpty())
        return Money{0, currency};
    const QJsonObject shop = set.value(QLatin1String(inner)).toObject();
    auto m = parseDecimalMoney(shop.value(QStringLiteral("amount")).toString(), currency);
    if (!m)
        return std::unexpected(QStringLiteral("%1: %2").arg(QLatin1String(name), m.error()));
    return m;
}

Address addressFrom(const QJsonObject &a, bool graphql)
{
    Address out;
    const QString first =
        a.value(graphql ? QStringLiteral("firstName") : QStringLiteral("first_name")).toString();
    const QString last =
        a.value(graphql ? QStringLiteral("lastName") : QStringLiteral("last_name")).toString();
    out.name = a.value(QStringLiteral("name")).toString();
    if (out.name.isEmpty())
        out.name = QString(first + QLatin1Char(' ') + last).trimmed();
    out.address1 = a.value(QStringLiteral("address1")).toString();
    out.address2 = a.value(QStringLiteral("address2")).toString();
    out.city = a.value(QStringLiteral("city")).toString();
    out.province = a.value(QStringLiteral("province")).toString();
    out.zip = a.value(QStringLiteral("zip")).toString();
    out.countryCode =
        a.value(graphql ? QStringLiteral("countryCodeV2") : QStringLiteral("country_code"))
            .toString()
            .toUpper();
    out.phone = a.value(QStringLiteral("phone")).toString();
    return out;
}

// The rest of a line item, which both APIs give alike once their names are mapped; its ids are
// already set. An error names the field; an item that an order edit removed is left out.
std::optional<QString> appendLineItem(Order &order, LineItem item, const QJsonObject &li, int n,
                                      bool graphql, bool refunded)
{
    const QString where =
        QStringLiteral("%1[%2].")
            .arg(graphql ? QStringLiteral("lineItems") : QStringLiteral("line_items"))
            .arg(n);
    item.sku = li.value(QStringLiteral("sku")).toString().left(128);
    item.title = li.value(QStringLiteral("title")).toString().left(256);
    item.quantity = li.value(QStringLiteral("quantity")).toInt();
    if (item.quantity <= 0)
        return where + QStringLiteral("quantity: a positive integer");
    if (!takeEditedQuantity(li, graphql ? "currentQuantity" : "current_quantity", refunded, item))
        return std::nullopt;
    auto price = graphql ? moneySet(li, "originalUnitPriceSet", order.currency, "shopMoney")
                         : moneyField(li, "price", order.currency);
    auto discount = graphql ? moneySet(li, "totalDiscountSet", order.currency, "shopMoney")
                            : moneyField(li, "total_discount", order.currency, false);
    for (auto *m : {&price, &discount})
        if (!*m)
            return where + m->error();
    item.unitPrice = *price;
    item.totalDiscount = *discount;
    order.lineItems.append(item);
    return std::nullopt;
}

// The shipping address and the customer (when customerId is one), in either API's names.
void takeAddressAndCustomer(IngestedOrder &in, const QJsonObject &ship, const QJsonObject &c,
                            qint64 customerId, bool graphql)
{
    Order &order = in.order;
    if (!ship.isEmpty()) {
        order.shippingAddress = addressFrom(ship, graphql);
        order.shippingCountry = order.shippingAddress->countryCode;
    }
    if (customerId <= 0)
        return;
    Customer customer;
    customer.shop = order.shop;
    customer.shopifyCustomerId = customerId;
    customer.personal = {
        c.value(graphql ? QStringLiteral("firstName") : QStringLiteral("first_name")).toString(),
        c.value(graphql ? QStringLiteral("lastName") : QStringLiteral("last_name")).toString(),
        c.value(QStringLiteral("email")).toString(), c.value(QStringLiteral("phone")).toString()};
    const QJsonObject def =
        c.value(graphql ? QStringLiteral("defaultAddress") : QStringLiteral("default_address"))
            .toObject();
    if (!def.isEmpty())
        customer.defaultAddress = addressFrom(def, graphql);
    in.customer = customer;
}

} // namespace

qint64 idInput(const QJsonObject &in, const char *name)
{
    const QJsonValue v = in.value(QLatin1String(name));
    return v.isString() ? v.toString().toLongLong() : v.toInteger();
}

qint64 idFromGid(const QString &gid)
{
    const qsizetype slash = gid.lastIndexOf(QLatin1Char('/'));
    bool ok = false;
    const qint64 n = gid.mid(slash + 1).section(QLatin1Char('?'), 0, 0).toLongLong(&ok);
    return ok ? n : 0;
}

QString gid(const char *type, qint64 id)
{
    return QStringLiteral("gid://shopify/%1/%2").arg(QLatin1String(type)).arg(id);
}

std::expected<IngestedOrder, QString> orderFromWebhook(const QJsonObject &o, const QString &shop)
{
    IngestedOrder in;
    Order &order = in.order;
    order.shop = shop;
    const auto id = idField(o, "id");
    if (!id)
        return std::unexpected(QStringLiteral("id: required (a positive order id)"));
    order.shopifyOrderId = *id;
    order.name = o.value(QStringLiteral("name")).toString().left(64);
    order.currency = o.value(QStringLiteral("currency")).toString();
    if (!isCurrencyCode(order.currency))
        return std::unexpected(QStringLiteral("currency: an ISO 4217 code is required"));
    order.shopifyUpdatedAt = timeField(o, "updated_at");
    if (!order.shopifyUpdatedAt.isValid())
        return std::unexpected(QStringLiteral("updated_at: required (ISO 8601)"));
    order.shopifyCreatedAt = timeField(o, "created_at");
    order.financialStatus = o.value(QStringLiteral("financial_status")).toString().left(32);
    order.fulfillmentStatus = o.value(QStringLiteral("fulfillment_status")).toString().left(32);
    if (!o.value(QStringLiteral("cancelled_at")).toString().isEmpty())
        order.status = OrderStatus::Cancelled;
    auto subtotal = moneyField(o, "subtotal_price", order.currency, false);
    auto total = moneyField(o, "total_price", order.currency);
    auto tax = moneyField(o, "total_tax", order.currency, false);
    auto shipping = moneySet(o, "total_shipping_price_set", order.currency, "shop_money");
    for (auto *m : {&subtotal, &total, &tax, &shipping})
        if (!*m)
            return std::unexpected(m->error());
    order.subtotal = *subtotal;
    order.total = *total;
    order.taxTotal = *tax;
    order.shippingTotal = *shipping;
    const bool refunded = !o.value(QStringLiteral("refunds")).toArray().isEmpty() ||
                          order.financialStatus.contains(QLatin1String("refunded"));
    const QJsonValue items = o.value(QStringLiteral("line_items"));
    if (!items.isArray())
        return std::unexpected(QStringLiteral("line_items: required (a list)"));
    int n = 0;
    for (const QJsonValue &v : items.toArray()) {
        const QJsonObject li = v.toObject();
        LineItem item;
        item.shopifyLineItemId = idField(li, "id").value_or(0);
        item.shopifyProductId = idField(li, "product_id").value_or(0);
        item.shopifyVariantId = idField(li, "variant_id").value_or(0);
        if (auto error = appendLineItem(order, item, li, n++, false, refunded))
            return std::unexpected(*error);
    }
    const QJsonObject c = o.value(QStringLiteral("customer")).toObject();
    takeAddressAndCustomer(in, o.value(QStringLiteral("shipping_address")).toObject(), c,
                           idField(c, "id").value_or(0), false);
    return in;
}

std::expected<Product, QString> productFromWebhook(const QJsonObject &p, const QString &shop)
{
    Product out;
    out.shop = shop;
    const auto id = idField(p, "id");
    if (!id)
        return std::unexpected(QStringLiteral("id: required (a positive product id)"));
    out.shopifyProductId = *id;
    out.title = p.value(QStringLiteral("title")).toString().left(256);
    if (out.title.isEmpty())
        return std::unexpected(QStringLiteral("title: required"));
    out.vendor = p.value(QStringLiteral("vendor")).toString().left(128);
    out.status = p.value(QStringLiteral("status")).toString().left(16);
    out.shopifyUpdatedAt = timeField(p, "updated_at");
    if (!out.shopifyUpdatedAt.isValid())
        return std::unexpected(QStringLiteral("updated_at: required (ISO 8601)"));
    // Product webhooks carry prices without a currency: the shop's currency is not in them, so
    // the caller supplies it through "currency" when it knows it; EUR is only a placeholder.
    const QString currency = p.value(QStringLiteral("currency")).toString(QStringLiteral("EUR"));
    int n = 0;
    for (const QJsonValue &v : p.value(QStringLiteral("variants")).toArray()) {
        const QJsonObject vo = v.toObject();
        Variant var;
        const auto vid = idField(vo, "id");
        if (!vid)
            return std::unexpected(QStringLiteral("variants[%1].id: required").arg(n));
        var.shopifyVariantId = *vid;
        var.sku = vo.value(QStringLiteral("sku")).toString().left(128);
        var.title = vo.value(QStringLiteral("title")).toString().left(256);
        auto price = moneyField(vo, "price", currency);
        if (!price)
            return std::unexpected(QStringLiteral("variants[%1].%2").arg(n).arg(price.error()));
        var.price = *price;
        var.inventoryQuantity = vo.value(QStringLiteral("inventory_quantity")).toInt();
        var.shopifyInventoryItemId = idField(vo, "inventory_item_id").value_or(0);
        out.variants.append(var);
        ++n;
    }
    for (const QJsonValue &image : p.value(QStringLiteral("images")).toArray())
        if (const QString src = image.toObject().value(QStringLiteral("src")).toString();
            !src.isEmpty())
            out.images << src.left(2048);
    return out;
}

std::expected<IngestedOrder, QString> orderFromGraphQL(const QJsonObject &node, const QString &shop)
{
    IngestedOrder in;
    Order &order = in.order;
    order.shop = shop;
    order.shopifyOrderId = idFromGid(node.value(QStringLiteral("id")).toString());
    if (order.shopifyOrderId <= 0)
        return std::unexpected(QStringLiteral("id: not an order id"));
    order.name = node.value(QStringLiteral("name")).toString().left(64);
    order.currency = node.value(QStringLiteral("currencyCode")).toString();
    if (!isCurrencyCode(order.currency))
        return std::unexpected(QStringLiteral("currencyCode: an ISO 4217 code is required"));
    order.shopifyUpdatedAt = timeField(node, "updatedAt");
    order.shopifyCreatedAt = timeField(node, "createdAt");
    if (!order.shopifyUpdatedAt.isValid())
        return std::unexpected(QStringLiteral("updatedAt: required"));
    order.financialStatus =
        node.value(QStringLiteral("displayFinancialStatus")).toString().toLower().left(32);
    order.fulfillmentStatus =
        node.value(QStringLiteral("displayFulfillmentStatus")).toString().toLower().left(32);
    if (!node.value(QStringLiteral("cancelledAt")).toString().isEmpty())
        order.status = OrderStatus::Cancelled;
    auto subtotal = moneySet(node, "subtotalPriceSet", order.currency, "shopMoney");
    auto total = moneySet(node, "totalPriceSet", order.currency, "shopMoney");
    auto tax = moneySet(node, "totalTaxSet", order.currency, "shopMoney");
    auto shipping = moneySet(node, "totalShippingPriceSet", order.currency, "shopMoney");
    for (auto *m : {&subtotal, &total, &tax, &shipping})
        if (!*m)
            return std::unexpected(m->error());
    order.subtotal = *subtotal;
    order.total = *total;
    order.taxTotal = *tax;
    order.shippingTotal = *shipping;
    const bool refunded = order.financialStatus.contains(QLatin1String("refunded"));
    int n = 0;
    for (const QJsonValue &v : node.value(QStringLiteral("lineItems"))
                                   .toObject()
                                   .value(QStringLiteral("nodes"))
                                   .toArray()) {
        const QJsonObject li = v.toObject();
        LineItem item;
        item.shopifyLineItemId = idFromGid(li.value(QStringLiteral("id")).toString());
        item.shopifyProductId = idFromGid(
            li.value(QStringLiteral("product")).toObject().value(QStringLiteral("id")).toString());
        item.shopifyVariantId = idFromGid(
            li.value(QStringLiteral("variant")).toObject().value(QStringLiteral("id")).toString());
        if (auto error = appendLineItem(order, item, li, n++, true, refunded))
            return std::unexpected(*error);
    }
    const QJsonObject c = node.value(QStringLiteral("customer")).toObject();
    takeAddressAndCustomer(in, node.value(QStringLiteral("shippingAddress")).toObject(), c,
                           idFromGid(c.value(QStringLiteral("id")).toString()), true);
    return in;
}

namespace {
bool positiveId(const QJsonObject &o, const char *field)
{
    return idField(o, field).has_value();
}

std::optional<QString> privacyShape(const QString &topic, const QJsonObject &b, const QString &shop)
{
    // Exactly the members Shopify documents for the topic: nothing else fits in them.
    QStringList allowed{QStringLiteral("shop_id"), QStringLiteral("shop_domain")};
    if (topic == QLatin1String("customers/data_request"))
        allowed << QStringLiteral("customer") << QStringLiteral("orders_requested")
                << QStringLiteral("data_request");
    else if (topic == QLatin1String("customers/redact"))
        allowed << QStringLiteral("customer") << QStringLiteral("orders_to_redact");
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!allowed.contains(it.key()))
            return it.key() + QStringLiteral(": not part of a %1 payload").arg(topic);
    if (!positiveId(b, "shop_id"))
        return QStringLiteral("shop_id: required");
    if (b.value(QStringLiteral("shop_domain")).toString().toLower() != shop)
        return QStringLiteral("shop_domain: must be the X-Shopify-Shop-Domain header's shop");
    if (topic == QLatin1String("shop/redact"))
        return std::nullopt;
    if (!b.value(QStringLiteral("customer")).isObject() ||
        !positiveId(b.value(QStringLiteral("customer")).toObject(), "id"))
        return QStringLiteral("customer.id: required");
    const QString orders = topic == QLatin1String("customers/redact")
                               ? QStringLiteral("orders_to_redact")
                               : QStringLiteral("orders_requested");
    if (b.contains(orders) && !b.value(orders).isArray())
        return orders + QStringLiteral(": a list of order ids");
    return std::nullopt;
}
} // namespace

std::optional<QString> checkWebhookShape(const QString &topic, const QJsonObject &body,
                                         const QString &shop)
{
    if (topic == QLatin1String("orders/delete") || topic == QLatin1String("products/delete")) {
        if (!positiveId(body, "id"))
            return QStringLiteral("id: required");
        return std::nullopt;
    }
    if (topic == QLatin1String("orders/edited")) {
        const QJsonObject edit = body.value(QStringLiteral("order_edit")).toObject();
        if (!positiveId(edit, "order_id"))
            return QStringLiteral("order_edit.order_id: required");
        return std::nullopt;
    }
    if (topic == QLatin1String("refunds/create")) {
        if (!positiveId(body, "id") || !positiveId(body, "order_id"))
            return QStringLiteral("order_id: required (with the refund's id)");
        return std::nullopt;
    }
    if (topic.startsWith(QLatin1String("orders/"))) {
        if (auto o = orderFromWebhook(body, shop); !o)
            return o.error();
        return std::nullopt;
    }
    if (topic == QLatin1String("products/create") || topic == QLatin1String("products/update")) {
        if (auto p = productFromWebhook(body, shop); !p)
            return p.error();
        return std::nullopt;
    }
    if (topic == QLatin1String("inventory_levels/update")) {
        if (!positiveId(body, "inventory_item_id"))
            return QStringLiteral("inventory_item_id: required");
        if (!body.value(QStringLiteral("available")).isDouble())
            return QStringLiteral("available: required (a number)");
        return std::nullopt;
    }
    if (topic == QLatin1String("app/uninstalled")) {
        if (!positiveId(body, "id"))
            return QStringLiteral("id: required (the shop's id)");
        if (body.value(QStringLiteral("myshopify_domain")).toString().toLower() != shop)
            return QStringLiteral("myshopify_domain: must be the X-Shopify-Shop-Domain header's "
                                  "shop");
        return std::nullopt;
    }
    if (topic == QLatin1String("customers/data_request") ||
        topic == QLatin1String("customers/redact") || topic == QLatin1String("shop/redact"))
        return privacyShape(topic, body, shop);
    return std::nullopt;
}

qint64 shopIdOfWebhook(const QString &topic, const QJsonObject &body)
{
    if (topic == QLatin1String("app/uninstalled"))
        return idField(body, "id").value_or(0);
    if (topic == QLatin1String("customers/data_request") ||
        topic == QLatin1String("customers/redact") || topic == QLatin1String("shop/redact"))
        return idField(body, "shop_id").value_or(0);
    return 0;
}

WebhookSubjects subjectsOfWebhook(const QString &topic, const QJsonObject &body)
{
    WebhookSubjects s;
    const QJsonObject customer = body.value(QStringLiteral("customer")).toObject();
    if (topic == QLatin1String("orders/edited"))
        s.orderId =
            idField(body.value(QStringLiteral("order_edit")).toObject(), "order_id").value_or(0);
    else if (topic.startsWith(QLatin1String("orders/")))
        s.orderId = idField(body, "id").value_or(0);
    else if (topic.startsWith(QLatin1String("refunds/")))
        s.orderId = idField(body, "order_id").value_or(0);
    if (topic.startsWith(QLatin1String("orders/")) || topic.startsWith(QLatin1String("customers/")))
        s.customerId = idField(customer, "id").value_or(0);
    return s;
}

} // namespace dc::shopify
