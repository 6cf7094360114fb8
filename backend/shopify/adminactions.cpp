// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/adminactions.h"

#include "shopify/shopifyjson.h"
#include "shopify/shopregistry.h"
#include "tasks/taskmanager.h"

#include <QJsonArray>

namespace dc::shopify {

using tasks::TaskContext;
using tasks::TaskOutcome;

namespace {

const QJsonObject kString{{QStringLiteral("type"), QStringLiteral("string")}};
const QJsonObject kInteger{{QStringLiteral("type"), QStringLiteral("integer")}};
const QJsonObject kBool{{QStringLiteral("type"), QStringLiteral("boolean")}};

Tracking trackingInput(const QJsonObject &in)
{
    return Tracking{in.value(QStringLiteral("tracking_company")).toString(),
                    in.value(QStringLiteral("tracking_number")).toString(),
                    in.value(QStringLiteral("tracking_url")).toString()};
}

std::expected<QJsonObject, ApiError> createFulfillment(ShopifyClient &client,
                                                       const ShopConnection &c,
                                                       const QJsonObject &in, const QString &)
{
    return client.createFulfillment(c, idInput(in, "shopify_order_id"), trackingInput(in),
                                    in.value(QStringLiteral("notify_customer")).toBool(true));
}

std::expected<QJsonObject, ApiError> updateTracking(ShopifyClient &client, const ShopConnection &c,
                                                    const QJsonObject &in, const QString &)
{
    QString id = in.value(QStringLiteral("fulfillment_id")).toString();
    if (!id.startsWith(QLatin1String("gid://")))
        id = gid("Fulfillment", id.toLongLong());
    return client.updateTracking(c, id, trackingInput(in),
                                 in.value(QStringLiteral("notify_customer")).toBool(true));
}

std::expected<QJsonObject, ApiError> getOrder(ShopifyClient &client, const ShopConnection &c,
                                              const QJsonObject &in, const QString &)
{
    return client.order(c, idInput(in, "shopify_order_id"));
}

std::expected<QJsonObject, ApiError> setVariantPrice(ShopifyClient &client, const ShopConnection &c,
                                                     const QJsonObject &in, const QString &)
{
    return client.setVariantPrice(c, idInput(in, "shopify_product_id"),
                                  idInput(in, "shopify_variant_id"),
                                  Money{in.value(QStringLiteral("price_minor")).toInteger(),
                                        in.value(QStringLiteral("currency")).toString()});
}

std::expected<QJsonObject, ApiError> setInventory(ShopifyClient &client, const ShopConnection &c,
                                                  const QJsonObject &in, const QString &)
{
    return client.setInventory(c, idInput(in, "inventory_item_id"), idInput(in, "location_id"),
                               int(in.value(QStringLiteral("quantity")).toInteger()),
                               QStringLiteral("correction"));
}

std::expected<QJsonObject, ApiError> refund(ShopifyClient &client, const ShopConnection &c,
                                            const QJsonObject &in, const QString &key)
{
    return client.refund(c, idInput(in, "shopify_order_id"),
                         Money{in.value(QStringLiteral("amount_minor")).toInteger(),
                               in.value(QStringLiteral("currency")).toString()},
                         in.value(QStringLiteral("note")).toString(),
                         in.value(QStringLiteral("notify_customer")).toBool(false), key);
}

} // namespace

TaskOutcome taskFailureFrom(const ApiError &e)
{
    // A revoked token, a missing scope or a refused mutation will not fix itself by retrying.
    const bool retryable = e.kind == ApiError::Kind::Network || e.kind == ApiError::Kind::Server ||
                           e.kind == ApiError::Kind::Throttled || e.kind == ApiError::Kind::Stopped;
    return TaskOutcome::failure(QStringLiteral("shopify_") + e.kindName(), e.message, retryable);
}

QJsonObject taskInputSchema(const QStringList &required, const QJsonObject &properties)
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("required"), QJsonArray::fromStringList(required)},
            {QStringLiteral("properties"), properties}};
}

tasks::KindOptions shopTaskKind(const QString &description, int concurrency, qint64 timeoutMs)
{
    tasks::KindOptions o;
    o.description = description;
    o.concurrency = concurrency;
    o.timeoutMs = timeoutMs;
    o.inputSchema =
        taskInputSchema({QStringLiteral("shop")},
                        {{QStringLiteral("shop"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
    o.permission = QStringLiteral("settings.manage");
    return o;
}

storage::DbResult<qint64> enqueueShopTask(tasks::TaskManager &tasks, const QString &kind,
                                          const QString &domain, const QString &idempotencyKey)
{
    tasks::EnqueueRequest req;
    req.kind = kind;
    req.input = {{QStringLiteral("shop"), domain}};
    req.idempotencyKey = idempotencyKey;
    auto r = tasks.enqueue(req);
    if (!r)
        return std::unexpected(r.error());
    return r->id;
}

AdminApiActions::AdminApiActions(tasks::TaskManager &tasks, ShopRegistry &shops,
                                 ShopifyClient &client)
    : m_tasks(tasks)
    , m_shops(shops)
    , m_client(client)
{}

void AdminApiActions::registerAction(const QString &name, const QString &permission,
                                     const QString &description, QStringList required,
                                     QJsonObject props, Call call)
{
    // Inputs name the shop and Shopify ids (strings or numbers).
    tasks::KindOptions o;
    o.description = description;
    o.permission = permission;
    o.timeoutMs = 5 * 60'000;
    props.insert(QStringLiteral("shop"), kString);
    required.prepend(QStringLiteral("shop"));
    o.inputSchema = taskInputSchema(required, props);
    m_tasks.registerKind(
        QStringLiteral("shopify.") + name,
        [this, call, required](TaskContext &ctx) {
            for (const QString &f : required)
                if (!ctx.input.contains(f))
                    return TaskOutcome::failure(QStringLiteral("invalid_input"),
                                                f + QStringLiteral(": required"), false);
            const QString domain = ctx.input.value(QStringLiteral("shop")).toString();
            auto conn = m_shops.connectionFor(domain);
            if (!conn)
                return TaskOutcome::failure(QStringLiteral("shopify_not_configured"), conn.error(),
                                            false);
            auto r = call(m_client, *conn, ctx.input, QStringLiteral("task %1").arg(ctx.id));
            m_shops.recordHealth(domain, r ? std::nullopt : std::optional<ApiError>(r.error()));
            if (!r)
                return taskFailureFrom(r.error());
            return TaskOutcome::success(*r);
        },
        o);
}

void AdminApiActions::registerTaskKinds()
{
    registerAction(QStringLiteral("create_fulfillment"), QStringLiteral("orders.sensitive"),
                   QStringLiteral("Fulfils the order with tracking and tells the customer"),
                   {QStringLiteral("shopify_order_id"), QStringLiteral("tracking_number")},
                   {{QStringLiteral("shopify_order_id"), kString},
                    {QStringLiteral("tracking_company"), kString},
                    {QStringLiteral("tracking_number"), kString},
                    {QStringLiteral("tracking_url"), kString},
                    {QStringLiteral("notify_customer"), kBool}},
                   &createFulfillment);
    registerAction(QStringLiteral("update_tracking"), QStringLiteral("orders.sensitive"),
                   QStringLiteral("Changes a fulfillment's tracking"),
                   {QStringLiteral("fulfillment_id"), QStringLiteral("tracking_number")},
                   {{QStringLiteral("fulfillment_id"), kString},
                    {QStringLiteral("tracking_company"), kString},
                    {QStringLiteral("tracking_number"), kString},
                    {QStringLiteral("tracking_url"), kString},
                    {QStringLiteral("notify_customer"), kBool}},
                   &updateTracking);
    registerAction(QStringLiteral("get_order"), QStringLiteral("personal.read"),
                   QStringLiteral("Reads an order from Shopify"),
                   {QStringLiteral("shopify_order_id")},
                   {{QStringLiteral("shopify_order_id"), kString}}, &getOrder);
    registerAction(QStringLiteral("set_variant_price"), QStringLiteral("catalog.write"),
                   QStringLiteral("Changes a variant's price"),
                   {QStringLiteral("shopify_product_id"), QStringLiteral("shopify_variant_id"),
                    QStringLiteral("price_minor"), QStringLiteral("currency")},
                   {{QStringLiteral("shopify_product_id"), kString},
                    {QStringLiteral("shopify_variant_id"), kString},
                    {QStringLiteral("price_minor"), kInteger},
                    {QStringLiteral("currency"), kString}},
                   &setVariantPrice);
    registerAction(QStringLiteral("set_inventory"), QStringLiteral("catalog.write"),
                   QStringLiteral("Sets an item's available quantity"),
                   {QStringLiteral("inventory_item_id"), QStringLiteral("location_id"),
                    QStringLiteral("quantity")},
                   {{QStringLiteral("inventory_item_id"), kString},
                    {QStringLiteral("location_id"), kString},
                    {QStringLiteral("quantity"), kInteger}},
                   &setInventory);
    registerAction(QStringLiteral("refund"), QStringLiteral("orders.sensitive"),
                   QStringLiteral("Refunds an amount of an order"),
                   {QStringLiteral("shopify_order_id"), QStringLiteral("amount_minor"),
                    QStringLiteral("currency")},
                   {{QStringLiteral("shopify_order_id"), kString},
                    {QStringLiteral("amount_minor"), kInteger},
                    {QStringLiteral("currency"), kString},
                    {QStringLiteral("note"), kString},
                    {QStringLiteral("notify_customer"), kBool}},
                   &refund);
}

} // namespace dc::shopify
