// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Website Builder agent: everything DropCrew pushes to the Shopify store. Fulfilments with
// tracking, prices, inventory, refunds, product content, and customer notifications (through
// Shopify's own notifyCustomer).
#include "agents/agent.h"
#include "agents/mailer.h"
#include "orders/lifecycle.h"
#include "shopify/shopifyclient.h"

namespace dc::shopify {
class ShopifyService;
} // namespace dc::shopify
namespace dc::storage {
class OrderRepository;
}

namespace dc::agents {

class WebsiteBuilder
{
public:
    WebsiteBuilder(storage::Store &store, const storage::OrderRepository &orders,
                   shopify::ShopifyService &shopify, const orders::OrderLifecycle &lifecycle,
                   const Mailer &mailer, QString language);
    void registerActions(tasks::TaskManager &tasks);

    ActionResult createFulfillment(tasks::TaskContext &ctx);
    ActionResult updatePrice(tasks::TaskContext &ctx);
    ActionResult updateInventory(tasks::TaskContext &ctx);
    ActionResult refund(tasks::TaskContext &ctx);
    ActionResult sendNotification(tasks::TaskContext &ctx);
    ActionResult updateProductContent(tasks::TaskContext &ctx);

private:
    storage::Store &m_store;
    const storage::OrderRepository &m_orders;
    shopify::ShopifyService &m_shopify;
    const orders::OrderLifecycle &m_lifecycle;
    const Mailer &m_mailer;
    QString m_language;
    ActionResult sendEmail(const Order &order, const QString &templateName);
    // The shop's Admin API connection (NOT_CONNECTED when it has none).
    std::expected<shopify::ShopConnection, ActionFailure> connection(const QString &shop) const;
    // The order named by input.order_id and its shop's connection; an order entered by hand is
    // NOT_CONNECTED.
    struct OrderOnShopify
    {
        qint64 id = 0;
        Order order;
        shopify::ShopConnection conn;
    };
    std::expected<OrderOnShopify, ActionFailure> orderOnShopify(const QJsonObject &input) const;
};

} // namespace dc::agents
