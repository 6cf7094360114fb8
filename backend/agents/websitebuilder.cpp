// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/websitebuilder.h"

#include "agents/agentutil.h"
#include "core/jsonschema.h"
#include "core/money.h"
#include "shopify/shopifyjson.h"
#include "shopify/shopifyservice.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

namespace dc::agents {

using shopify::ApiError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;

namespace {
// A call's outcome becomes the shop's connection health.
template <class T>
void recordHealth(shopify::ShopifyService &s, const QString &shop,
                  const std::expected<T, ApiError> &r)
{
    s.recordHealth(shop, r ? std::nullopt : std::optional<ApiError>(r.error()));
}
} // namespace

namespace {
const QList<ActionError> kShopifyErrors{
    {QStringLiteral("NOT_CONNECTED"), false,
     QStringLiteral("the order's shop has no Admin API connection (or the order was entered by "
                    "hand)")},
    {QStringLiteral("SHOPIFY_UNAVAILABLE"), true, QStringLiteral("network, 5xx or throttled")},
    {QStringLiteral("SHOPIFY_AUTH"), false, QStringLiteral("token revoked or scope missing")},
    {QStringLiteral("SHOPIFY_ERROR"), false, QStringLiteral("Shopify refused the change")},
    {QStringLiteral("ORDER_NOT_FOUND"), false, QStringLiteral("no such order")},
};
} // namespace

WebsiteBuilder::WebsiteBuilder(storage::Store &store, const storage::OrderRepository &orders,
                               shopify::ShopifyService &shopify,
                               const orders::OrderLifecycle &lifecycle, const Mailer &mailer,
                               QString language)
    : m_store(store)
    , m_orders(orders)
    , m_shopify(shopify)
    , m_lifecycle(lifecycle)
    , m_mailer(mailer)
    , m_language(std::move(language))
{}

std::expected<shopify::ShopConnection, ActionFailure>
WebsiteBuilder::connection(const QString &shop) const
{
    auto conn = m_shopify.connectionFor(shop);
    if (!conn)
        return std::unexpected(ActionFailure{QStringLiteral("NOT_CONNECTED"), conn.error()});
    return *conn;
}

std::expected<WebsiteBuilder::OrderOnShopify, ActionFailure>
WebsiteBuilder::orderOnShopify(const QJsonObject &input) const
{
    const qint64 id = idOf(input, "order_id");
    auto order = loadOrder(m_orders, m_store, id);
    if (!order)
        return std::unexpected(order.error());
    if (order->shopifyOrderId == 0)
        return std::unexpected(ActionFailure{
            QStringLiteral("NOT_CONNECTED"),
            QStringLiteral("order %1 was entered by hand: it is not on Shopify").arg(id)});
    auto conn = connection(order->shop);
    if (!conn)
        return std::unexpected(conn.error());
    return OrderOnShopify{id, std::move(*order), std::move(*conn)};
}

ActionResult WebsiteBuilder::createFulfillment(TaskContext &ctx)
{
    auto found = orderOnShopify(ctx.input);
    if (!found)
        return std::unexpected(found.error());
    const auto &[id, order, conn] = *found;
    auto ships = storage::ShipmentRepository().shipmentsForOrder(m_store.reader(), id);
    if (!ships)
        return storeFailure(ships.error());
    const qint64 wanted =
        ctx.input.contains(QStringLiteral("shipment_id")) ? idOf(ctx.input, "shipment_id") : 0;
    std::optional<Shipment> ship;
    for (const Shipment &s : *ships)
        if (wanted == 0 || s.id == wanted)
            ship = s;
    if (!ship)
        return fail(QStringLiteral("NO_SHIPMENT"),
                    QStringLiteral("order %1 has no shipment%2")
                        .arg(id)
                        .arg(wanted ? QStringLiteral(" %1").arg(wanted) : QString()));
    auto existing = exec(
        m_store.reader(),
        QStringLiteral("SELECT shopify_fulfillment_id FROM shipments WHERE id = ?"), {ship->id});
    if (!existing)
        return storeFailure(existing.error());
    if (existing->next() && !existing->value(0).toString().isEmpty())
        return QJsonObject{{QStringLiteral("order_id"), id},
                           {QStringLiteral("shipment_id"), ship->id},
                           {QStringLiteral("fulfillment_id"), existing->value(0).toString()},
                           {QStringLiteral("already"), true}};
    auto r = m_shopify.client().createFulfillment(
        conn, order.shopifyOrderId, {ship->carrier, ship->trackingNumber, ship->trackingUrl}, true);
    recordHealth(m_shopify, order.shop, r);
    if (!r)
        return std::unexpected(failureOf(r.error().toError()));
    const bool already = r->value(QStringLiteral("alreadyFulfilled")).toBool();
    const QString fid = already ? QStringLiteral("already-fulfilled")
                                : r->value(QStringLiteral("fulfillment"))
                                      .toObject()
                                      .value(QStringLiteral("id"))
                                      .toString();
    auto w = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q =
            exec(w.db(),
                 QStringLiteral("UPDATE shipments SET shopify_fulfillment_id = ?, updated_at = "
                                "? WHERE id = ?"),
                 {fid, storage::nowMs(), ship->id});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
    if (!w)
        return storeFailure(w.error());
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("shipment_id"), ship->id},
                       {QStringLiteral("fulfillment_id"), fid},
                       {QStringLiteral("already"), already}};
}

ActionResult WebsiteBuilder::sendEmail(const Order &order, const QString &tpl)
{
    if (!order.customerId)
        return fail(QStringLiteral("NO_EMAIL"),
                    QStringLiteral("order %1 has no customer").arg(order.id));
    auto customer = m_orders.getCustomer(m_store.reader(), *order.customerId);
    if (!customer)
        return storeFailure(customer.error());
    if (!customer->has_value() || (*customer)->erased || (*customer)->personal.email.isEmpty())
        return fail(QStringLiteral("NO_EMAIL"),
                    QStringLiteral("order %1: the customer has no email address").arg(order.id));
    QJsonObject values{{QStringLiteral("first_name"), (*customer)->personal.firstName},
                       {QStringLiteral("order_name"), order.name},
                       {QStringLiteral("shop_name"), order.shop},
                       {QStringLiteral("total"), formatMoney(order.total)}};
    if (tpl == QLatin1String("shipped")) {
        auto ships = storage::ShipmentRepository().shipmentsForOrder(m_store.reader(), order.id);
        if (!ships)
            return storeFailure(ships.error());
        if (ships->isEmpty())
            return fail(QStringLiteral("NOT_SHIPPED"),
                        QStringLiteral("order %1 has no shipment yet").arg(order.id));
        values.insert(QStringLiteral("carrier"), ships->last().carrier);
        values.insert(QStringLiteral("tracking_number"), ships->last().trackingNumber);
        values.insert(QStringLiteral("tracking_url"), ships->last().trackingUrl);
    }
    Mail mail = renderNotification(tpl, m_language, values);
    mail.to = (*customer)->personal.email;
    if (auto sent = m_mailer.send(mail); !sent)
        return fail(sent.error().code, sent.error().message);
    // The result is stored with the task: it never carries the address.
    return QJsonObject{{QStringLiteral("order_id"), order.id},
                       {QStringLiteral("template"), tpl},
                       {QStringLiteral("channel"), QStringLiteral("email")},
                       {QStringLiteral("sent"), true},
                       {QStringLiteral("detail"), QStringLiteral("emailed to the customer")}};
}

ActionResult WebsiteBuilder::sendNotification(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    const QString tpl = ctx.input.value(QStringLiteral("template")).toString();
    auto o = loadOrder(m_orders, m_store, id);
    if (!o)
        return std::unexpected(o.error());
    if (m_mailer.configured())
        return sendEmail(*o, tpl);
    // An order entered by hand (a phone order, a replacement) has no Shopify order whose
    // notifications could tell the customer, and there is no mail server: nothing to send it
    // through. Said in the output rather than failing a run whose supplier order is placed.
    if (o->shopifyOrderId == 0)
        return QJsonObject{{QStringLiteral("order_id"), id},
                           {QStringLiteral("template"), tpl},
                           {QStringLiteral("channel"), QStringLiteral("none")},
                           {QStringLiteral("sent"), false},
                           {QStringLiteral("detail"),
                            QStringLiteral("entered by hand and no mail server ([smtp]) is "
                                           "configured: the customer was not notified")}};
    // On Shopify (checked above): its connection, without loading the order again.
    auto shop = connection(o->shop);
    if (!shop)
        return std::unexpected(shop.error());
    const Order &order = *o;
    const shopify::ShopConnection *conn = &*shop;
    QJsonObject out{{QStringLiteral("order_id"), id},
                    {QStringLiteral("template"), tpl},
                    {QStringLiteral("channel"), QStringLiteral("shopify")}};
    if (tpl == QLatin1String("order_confirmed")) {
        // Shopify emails its order confirmation itself at checkout; sending another would
        // duplicate it, so this records that the customer has it.
        out.insert(QStringLiteral("sent"), false);
        out.insert(QStringLiteral("detail"),
                   QStringLiteral("Shopify sent its order confirmation at checkout"));
        return out;
    }
    // shipped: Shopify's shipping confirmation, through the fulfilment's notifyCustomer.
    auto q = exec(m_store.reader(),
                  QStringLiteral("SELECT shopify_fulfillment_id, carrier, tracking_number, "
                                 "tracking_url FROM shipments WHERE order_id = ? AND "
                                 "shopify_fulfillment_id LIKE 'gid:%' ORDER BY id DESC LIMIT 1"),
                  {id});
    if (!q)
        return storeFailure(q.error());
    if (!q->next())
        return fail(QStringLiteral("NOT_SHIPPED"),
                    QStringLiteral("order %1 has no fulfilment on Shopify yet").arg(id));
    auto r = m_shopify.client().updateTracking(
        *conn, q->value(0).toString(),
        {q->value(1).toString(), q->value(2).toString(), q->value(3).toString()}, true);
    recordHealth(m_shopify, order.shop, r);
    if (!r)
        return std::unexpected(failureOf(r.error().toError()));
    out.insert(QStringLiteral("sent"), true);
    out.insert(QStringLiteral("detail"), QStringLiteral("Shopify shipping confirmation"));
    return out;
}

ActionResult WebsiteBuilder::refund(TaskContext &ctx)
{
    auto found = orderOnShopify(ctx.input);
    if (!found)
        return std::unexpected(found.error());
    const auto &[id, order, conn] = *found;
    if (order.status == OrderStatus::Refunded)
        return QJsonObject{{QStringLiteral("order_id"), id},
                           {QStringLiteral("refunded_minor"), 0},
                           {QStringLiteral("currency"), order.currency},
                           {QStringLiteral("already"), true}};
    const qint64 amount = ctx.input.contains(QStringLiteral("amount_minor"))
                              ? idOf(ctx.input, "amount_minor")
                              : order.total.minor;
    if (amount > order.total.minor)
        return fail(QStringLiteral("invalid_input"),
                    QStringLiteral("input.amount_minor: more than the order total %1")
                        .arg(order.total.minor));
    auto r = m_shopify.client().refund(conn, order.shopifyOrderId, {amount, order.currency},
                                       ctx.input.value(QStringLiteral("reason")).toString(),
                                       ctx.input.value(QStringLiteral("notify")).toBool(true),
                                       // the same task's retries refund once
                                       QStringLiteral("task %1").arg(ctx.id));
    recordHealth(m_shopify, order.shop, r);
    if (!r)
        return std::unexpected(failureOf(r.error().toError()));
    auto t = m_store.writeAndWait<bool>([&](WriteContext &w) {
        return m_lifecycle.transition(
            w, id, OrderStatus::Refunded, ctx.input.value(QStringLiteral("reason")).toString(),
            QStringLiteral("agent:website_builder"), {{QStringLiteral("amount_minor"), amount}});
    });
    // A refund of an order the state machine cannot mark refunded (still open) stays recorded
    // on Shopify; the order's state is left for the operator.
    if (!t && t.error().kind != storage::DbError::Kind::Conflict)
        return storeFailure(t.error());
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("refunded_minor"), amount},
                       {QStringLiteral("currency"), order.currency},
                       {QStringLiteral("already"), false}};
}

namespace {
struct VariantRef
{
    qint64 id = 0;
    QString shop;
    qint64 shopifyProductId = 0;
    qint64 shopifyVariantId = 0;
    qint64 inventoryItemId = 0;
    QString currency;
};
DbResult<std::optional<VariantRef>> variantRef(QSqlDatabase db, qint64 id)
{
    auto q = exec(db,
                  QStringLiteral("SELECT p.shop, p.shopify_product_id, v.shopify_variant_id, "
                                 "v.shopify_inventory_item_id, v.currency FROM variants v JOIN "
                                 "products p ON p.id = v.product_id WHERE v.id = ?"),
                  {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<VariantRef>();
    return std::optional<VariantRef>(VariantRef{id, q->value(0).toString(),
                                                q->value(1).toLongLong(), q->value(2).toLongLong(),
                                                q->value(3).toLongLong(), q->value(4).toString()});
}
} // namespace

ActionResult WebsiteBuilder::updatePrice(TaskContext &ctx)
{
    const qint64 vid = idOf(ctx.input, "variant_id");
    const qint64 price = idOf(ctx.input, "price_minor");
    auto v = variantRef(m_store.reader(), vid);
    if (!v)
        return storeFailure(v.error());
    if (!v->has_value())
        return fail(QStringLiteral("VARIANT_NOT_FOUND"), QStringLiteral("no variant %1").arg(vid));
    auto conn = connection((*v)->shop);
    if (!conn)
        return std::unexpected(conn.error());
    auto r = m_shopify.client().setVariantPrice(*conn, (*v)->shopifyProductId,
                                                (*v)->shopifyVariantId, {price, (*v)->currency});
    recordHealth(m_shopify, (*v)->shop, r);
    if (!r)
        return std::unexpected(failureOf(r.error().toError()));
    auto w = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q = exec(w.db(), QStringLiteral("UPDATE variants SET price_minor = ? WHERE id = ?"),
                      {price, vid});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
    if (!w)
        return storeFailure(w.error());
    return QJsonObject{{QStringLiteral("variant_id"), vid},
                       {QStringLiteral("price_minor"), price},
                       {QStringLiteral("currency"), (*v)->currency}};
}

ActionResult WebsiteBuilder::updateInventory(TaskContext &ctx)
{
    const qint64 vid = idOf(ctx.input, "variant_id");
    auto v = variantRef(m_store.reader(), vid);
    if (!v)
        return storeFailure(v.error());
    if (!v->has_value())
        return fail(QStringLiteral("VARIANT_NOT_FOUND"), QStringLiteral("no variant %1").arg(vid));
    if ((*v)->inventoryItemId == 0)
        return fail(QStringLiteral("VARIANT_NOT_FOUND"),
                    QStringLiteral("variant %1 has no Shopify inventory item yet").arg(vid));
    auto conn = connection((*v)->shop);
    if (!conn)
        return std::unexpected(conn.error());
    const int quantity = ctx.input.value(QStringLiteral("quantity")).toInt();
    // No location named: the shop's primary one (where a single-location shop keeps its stock).
    qint64 location =
        ctx.input.contains(QStringLiteral("location_id")) ? idOf(ctx.input, "location_id") : 0;
    if (location == 0) {
        auto primary = m_shopify.primaryLocation(*conn);
        if (!primary)
            return std::unexpected(failureOf(primary.error().toError()));
        location = *primary;
    }
    auto r = m_shopify.client().setInventory(*conn, (*v)->inventoryItemId, location, quantity,
                                             QStringLiteral("correction"));
    recordHealth(m_shopify, (*v)->shop, r);
    if (!r)
        return std::unexpected(failureOf(r.error().toError()));
    return QJsonObject{{QStringLiteral("variant_id"), vid},
                       {QStringLiteral("location_id"), location},
                       {QStringLiteral("quantity"), quantity}};
}

ActionResult WebsiteBuilder::updateProductContent(TaskContext &ctx)
{
    const qint64 pid = idOf(ctx.input, "product_id");
    auto q =
        exec(m_store.reader(),
             QStringLiteral("SELECT shop, shopify_product_id FROM products WHERE id = ?"), {pid});
    if (!q)
        return storeFailure(q.error());
    if (!q->next())
        return fail(QStringLiteral("PRODUCT_NOT_FOUND"), QStringLiteral("no product %1").arg(pid));
    const QString shop = q->value(0).toString();
    const qint64 shopifyId = q->value(1).toLongLong();
    auto conn = connection(shop);
    if (!conn)
        return std::unexpected(conn.error());
    const QString title = ctx.input.value(QStringLiteral("title")).toString();
    const QString html = ctx.input.value(QStringLiteral("description_html")).toString();
    auto r = m_shopify.client().updateProduct(*conn, shopifyId, title, html);
    recordHealth(m_shopify, shop, r);
    if (!r)
        return std::unexpected(failureOf(r.error().toError()));
    if (!title.isEmpty()) {
        auto w = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            auto u = exec(w.db(),
                          QStringLiteral("UPDATE products SET title = ?, updated_at = ? "
                                         "WHERE id = ?"),
                          {title, storage::nowMs(), pid});
            if (!u)
                return std::unexpected(u.error());
            return true;
        });
        if (!w)
            return storeFailure(w.error());
    }
    return QJsonObject{{QStringLiteral("product_id"), pid},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("updated"), true}};
}

void WebsiteBuilder::registerActions(tasks::TaskManager &tasks)
{
    using namespace schema;
    const QString agent = QStringLiteral("website_builder");
    const auto bind = [this](ActionResult (WebsiteBuilder::*f)(TaskContext &)) {
        return [this, f](TaskContext &c) { return (this->*f)(c); };
    };
    const auto with = [](QList<ActionError> extra) {
        extra.append(kShopifyErrors);
        return extra;
    };
    const ActionError variantMissing{QStringLiteral("VARIANT_NOT_FOUND"), false,
                                     QStringLiteral("no such variant (or no inventory item)")};

    registerAction(tasks, QStringLiteral("orders.sensitive"),
                   {agent, QStringLiteral("create_fulfillment"),
                    QStringLiteral("Fulfils the order on Shopify with the shipment's tracking "
                                   "(the customer is notified); once per shipment"),
                    object({{QStringLiteral("order_id"), integer(1)},
                            {QStringLiteral("shipment_id"), integer(1)}},
                           {QStringLiteral("order_id")}),
                    object({{QStringLiteral("order_id"), integer()},
                            {QStringLiteral("shipment_id"), integer()},
                            {QStringLiteral("fulfillment_id"), string()},
                            {QStringLiteral("already"), boolean()}},
                           {QStringLiteral("order_id"), QStringLiteral("fulfillment_id")}),
                    with({{QStringLiteral("NO_SHIPMENT"), false,
                           QStringLiteral("the order has no shipment to fulfil with")}}),
                    0, 2 * 60'000, 5, 1000, kOutageBudgetMs},
                   bind(&WebsiteBuilder::createFulfillment));
    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent, QStringLiteral("send_notification"),
         QStringLiteral(
             "Tells the customer (order_confirmed, shipped): by email when [smtp] is "
             "configured, otherwise through Shopify's own notifications (an order entered "
             "by hand: not sent, said in the output)"),
         object({{QStringLiteral("order_id"), integer(1)},
                 {QStringLiteral("template"),
                  string(0, {QStringLiteral("order_confirmed"), QStringLiteral("shipped")})}},
                {QStringLiteral("order_id"), QStringLiteral("template")}),
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("template"), string()},
                 {QStringLiteral("channel"), string()},
                 {QStringLiteral("sent"), boolean()},
                 {QStringLiteral("detail"), string()}},
                {QStringLiteral("sent")}),
         with({{QStringLiteral("NOT_SHIPPED"), true,
                QStringLiteral("shipped: no fulfilment (or shipment) yet")},
               {QStringLiteral("NO_EMAIL"), false,
                QStringLiteral("the customer has no email address (or was erased)")},
               {QStringLiteral("SMTP_UNAVAILABLE"), true,
                QStringLiteral("the mail server did not answer or answered 4xx")},
               {QStringLiteral("SMTP_AUTH"), false,
                QStringLiteral("the mail server refused the login")},
               {QStringLiteral("SMTP_REJECTED"), false,
                QStringLiteral("the mail server refused the message (5xx)")}})},
        bind(&WebsiteBuilder::sendNotification));
    registerAction(tasks, QStringLiteral("orders.sensitive"),
                   {agent, QStringLiteral("refund"),
                    QStringLiteral("Refunds the order on Shopify (all of it, or amount_minor) "
                                   "and marks it refunded"),
                    object({{QStringLiteral("order_id"), integer(1)},
                            {QStringLiteral("amount_minor"), integer(1)},
                            {QStringLiteral("reason"), string(500)},
                            {QStringLiteral("notify"), boolean()}},
                           {QStringLiteral("order_id")}),
                    object({{QStringLiteral("order_id"), integer()},
                            {QStringLiteral("refunded_minor"), integer()},
                            {QStringLiteral("currency"), string()},
                            {QStringLiteral("already"), boolean()}},
                           {QStringLiteral("order_id")}),
                    with({}), 1, 2 * 60'000, 4, 1000, kOutageBudgetMs},
                   bind(&WebsiteBuilder::refund));
    registerAction(tasks, QStringLiteral("catalog.write"),
                   {agent, QStringLiteral("update_price"),
                    QStringLiteral("Sets a variant's price on Shopify and here"),
                    object({{QStringLiteral("variant_id"), integer(1)},
                            {QStringLiteral("price_minor"), integer(0)}},
                           {QStringLiteral("variant_id"), QStringLiteral("price_minor")}),
                    object({{QStringLiteral("variant_id"), integer()},
                            {QStringLiteral("price_minor"), integer()},
                            {QStringLiteral("currency"), string()}},
                           {QStringLiteral("variant_id")}),
                    with({variantMissing})},
                   bind(&WebsiteBuilder::updatePrice));
    registerAction(tasks, QStringLiteral("catalog.write"),
                   {agent, QStringLiteral("update_inventory"),
                    QStringLiteral("Sets a variant's available quantity at a Shopify location "
                                   "(without location_id: the shop's primary location)"),
                    object({{QStringLiteral("variant_id"), integer(1)},
                            {QStringLiteral("location_id"), integer(1)},
                            {QStringLiteral("quantity"), integer(0, 1'000'000'000)}},
                           {QStringLiteral("variant_id"), QStringLiteral("quantity")}),
                    object({{QStringLiteral("variant_id"), integer()},
                            {QStringLiteral("location_id"), integer()},
                            {QStringLiteral("quantity"), integer()}},
                           {QStringLiteral("variant_id")}),
                    with({variantMissing}), 0, 2 * 60'000, 5, 1000, kOutageBudgetMs},
                   bind(&WebsiteBuilder::updateInventory));
    registerAction(
        tasks, QStringLiteral("catalog.write"),
        {agent, QStringLiteral("update_product_content"),
         QStringLiteral("Sets a product's title and description on Shopify"),
         object({{QStringLiteral("product_id"), integer(1)},
                 {QStringLiteral("title"), string(255)},
                 {QStringLiteral("description_html"), string(64 * 1024)}},
                {QStringLiteral("product_id")}),
         object({{QStringLiteral("product_id"), integer()},
                 {QStringLiteral("title"), string()},
                 {QStringLiteral("updated"), boolean()}},
                {QStringLiteral("product_id")}),
         with({{QStringLiteral("PRODUCT_NOT_FOUND"), false, QStringLiteral("no such product")}})},
        bind(&WebsiteBuilder::updateProductContent));
}

} // namespace dc::agents
