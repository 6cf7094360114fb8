// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/ordermanager.h"

#include "agents/agentutil.h"
#include "core/jsonschema.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/addresscheck.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

namespace dc::agents {

using aliexpress::AeError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;

namespace {

const QStringList kValidationHolds{QStringLiteral("address_incomplete"), QStringLiteral("not_paid"),
                                   QStringLiteral("unmapped_item"),
                                   QStringLiteral("address_rejected")};

const QJsonObject kOrderId = schema::object({{QStringLiteral("order_id"), schema::integer(1)}},
                                            {QStringLiteral("order_id")});

} // namespace

OrderManager::OrderManager(storage::Store &store, const storage::OrderRepository &orders,
                           events::EventBus &bus, const orders::OrderLifecycle &lifecycle,
                           aliexpress::AliExpressClient &aliexpress, OrderManagerSettings settings)
    : m_steps(store, orders, bus, lifecycle, aliexpress, std::move(settings))
    , m_offers(m_steps)
    , m_supplier(m_steps)
    , m_tracking(m_steps)
{}

ActionResult OrderManager::validateOrder(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    auto o = loadOrder(m_steps.orders, m_steps.store, id);
    if (!o)
        return std::unexpected(o.error());
    const Order &order = *o;
    const auto done = [&](bool already) {
        return QJsonObject{{QStringLiteral("order_id"), id},
                           {QStringLiteral("status"), QStringLiteral("validated")},
                           {QStringLiteral("country"), order.shippingCountry},
                           {QStringLiteral("line_items"), order.lineItems.size()},
                           {QStringLiteral("already"), already}};
    };
    switch (order.status) {
    case OrderStatus::Cancelled:
    case OrderStatus::Refunded:
        return fail(QStringLiteral("ORDER_CLOSED"),
                    QStringLiteral("order %1 is %2").arg(id).arg(orderStatusName(order.status)));
    case OrderStatus::Validated:
    case OrderStatus::SupplierOrdered:
    case OrderStatus::Shipped:
    case OrderStatus::Delivered:
        return done(true);
    case OrderStatus::OnHold:
        if (!kValidationHolds.contains(order.holdReason))
            return done(true); // held later in the flow (margin, stock): validation stands
        break;
    default:
        break;
    }
    if (order.financialStatus != QLatin1String("paid")) {
        const QString why =
            QStringLiteral("order %1 is %2, not paid")
                .arg(id)
                .arg(order.financialStatus.isEmpty() ? QStringLiteral("without payment")
                                                     : order.financialStatus);
        // orders/paid may have been stored since the order was read, and it releases only an
        // order already held: the payment is read again, locked, in the hold's transaction.
        auto held = m_steps.store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            auto q = storage::exec(
                w.db(),
                QStringLiteral("SELECT financial_status FROM orders WHERE id = ?") +
                    (w.backend() == storage::Backend::Postgres ? QStringLiteral(" FOR UPDATE")
                                                               : QString()),
                {id});
            if (!q)
                return std::unexpected(q.error());
            if (!q->next() || q->value(0).toString() == QLatin1String("paid"))
                return false;
            auto t = m_steps.lifecycle.transition(
                w, id, OrderStatus::OnHold, QStringLiteral("not_paid"),
                QStringLiteral("agent:order_manager"), {{QStringLiteral("detail"), why}});
            if (!t)
                return std::unexpected(t.error());
            return true;
        });
        if (!held) // as OrderSteps::hold: the refusal stands, the hold is said in the log
            qCWarning(lcAgents).noquote()
                << "order" << id << "could not be held:" << held.error().message;
        if (!held || *held)
            return fail(QStringLiteral("NOT_PAID"), why);
    }
    if (const QStringList p = orders::addressProblems(order.shippingAddress); !p.isEmpty())
        return m_steps.hold(id, QStringLiteral("address_incomplete"),
                            QStringLiteral("ADDRESS_INCOMPLETE"), p.join(QStringLiteral("; ")));
    const storage::CatalogRepository catalog;
    QStringList unmapped;
    for (const LineItem &li : order.lineItems) {
        auto v = catalog.findVariantByShopifyId(m_steps.store.reader(), li.shopifyVariantId);
        if (!v)
            return storeFailure(v.error());
        if (!v->has_value()) {
            unmapped
                << QStringLiteral("%1 (variant %2 unknown)").arg(li.title).arg(li.shopifyVariantId);
            continue;
        }
        auto offers =
            catalog.offersForVariant(m_steps.store.reader(), (*v)->id, order.shippingCountry);
        if (!offers)
            return storeFailure(offers.error());
        if (offers->isEmpty())
            unmapped << QStringLiteral("%1 (no supplier offer ships to %2)")
                            .arg(li.title, order.shippingCountry);
    }
    if (order.lineItems.isEmpty())
        unmapped << QStringLiteral("the order has no line items");
    if (!unmapped.isEmpty())
        return m_steps.hold(id, QStringLiteral("unmapped_item"), QStringLiteral("UNMAPPED_ITEM"),
                            unmapped.join(QStringLiteral("; ")));
    // The move commits with the step's success (tasks::OutcomeWrite): one commit fewer before
    // the next steps start. The transition reads the order again there: a cancellation that
    // landed meanwhile refuses it, and the attempt fails as a store failure would.
    const orders::OrderLifecycle &lifecycle = m_steps.lifecycle;
    ctx.writeOnSuccess([&lifecycle, id](WriteContext &w,
                                        QJsonObject result) -> DbResult<QJsonObject> {
        auto t = lifecycle.transition(w, id, OrderStatus::Validated, QStringLiteral("validated"),
                                      QStringLiteral("agent:order_manager"));
        if (!t)
            return std::unexpected(t.error());
        return result;
    });
    return done(false);
}

std::expected<void, QString> OrderManager::subscribe(tasks::TaskManager &tasks)
{
    const QString name = QStringLiteral("order_manager.offers");
    m_steps.bus.registerHandler(
        name, [&tasks](const events::Event &e) -> std::expected<void, QString> {
            const QJsonValue pid = e.data.value(QStringLiteral("product_id"));
            if (pid.isUndefined() || pid.isNull())
                return {};
            // A product just created has no offers yet: nothing to refresh (a catalog import
            // creates thousands at once). Older subscriptions still list the topic.
            if (e.topic == events::topics::kProductCreated)
                return {};
            tasks::EnqueueRequest r;
            r.kind = QStringLiteral("order_manager.refresh_offers");
            r.input = {{QStringLiteral("product_id"), pid}};
            r.idempotencyKey = QStringLiteral("refresh_offers:event:%1").arg(e.id);
            r.correlationId = e.correlationId;
            auto q = tasks.enqueue(r);
            if (!q)
                return std::unexpected(q.error().message);
            return {};
        });
    events::SubscriptionSpec spec;
    spec.name = name;
    spec.kind = QStringLiteral("handler");
    spec.patterns = {QString(events::topics::kProductUpdated),
                     QString(events::topics::kPriceChanged)};
    auto s = m_steps.bus.subscriptionAdmin().ensureSubscription(spec);
    if (!s)
        return std::unexpected(s.error().message);
    return {};
}

void OrderManager::registerActions(tasks::TaskManager &tasks)
{
    using namespace schema;
    const QString agent = QStringLiteral("order_manager");
    const ActionError notFound{QStringLiteral("ORDER_NOT_FOUND"), false,
                               QStringLiteral("no such order")};
    const ActionError closed{QStringLiteral("ORDER_CLOSED"), false,
                             QStringLiteral("the order is cancelled or refunded")};
    const ActionError wrongState{
        QStringLiteral("WRONG_STATE"), false,
        QStringLiteral("the order is not in a state this action applies to")};
    const QList<ActionError> supplierErrors{
        {QStringLiteral("NOT_CONFIGURED"), false,
         QStringLiteral("AliExpress credentials are missing")},
        {QStringLiteral("SUPPLIER_AUTH"), false,
         QStringLiteral("AliExpress refused the credentials: authorize the app again")},
        {QStringLiteral("SUPPLIER_UNAVAILABLE"), true,
         QStringLiteral("no answer, a timeout or a temporary AliExpress error")},
        {QStringLiteral("SUPPLIER_ERROR"), false,
         QStringLiteral("AliExpress refused the request")}};
    const auto bind = [](auto *part, auto action) {
        return [part, action](TaskContext &c) { return (part->*action)(c); };
    };

    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent,
         QStringLiteral("validate_order"),
         QStringLiteral(
             "Checks that the order is paid, its address is complete for its country and "
             "every line item has a supplier offer; holds it otherwise"),
         kOrderId,
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("status"), string()},
                 {QStringLiteral("country"), string()},
                 {QStringLiteral("line_items"), integer()},
                 {QStringLiteral("already"), boolean()}},
                {QStringLiteral("order_id"), QStringLiteral("status")}),
         {notFound,
          closed,
          {QStringLiteral("NOT_PAID"), false, QStringLiteral("not paid: held (not_paid)")},
          {QStringLiteral("ADDRESS_INCOMPLETE"), false,
           QStringLiteral("the address is incomplete for its country: held (address_incomplete)")},
          {QStringLiteral("UNMAPPED_ITEM"), false,
           QStringLiteral("a line item has no supplier offer: held (unmapped_item)")}}},
        bind(this, &OrderManager::validateOrder));

    QList<ActionError> inventoryErrors = supplierErrors;
    inventoryErrors << ActionError{QStringLiteral("UNKNOWN_PRODUCT"), false,
                                   QStringLiteral("a product id is not in the catalog")}
                    << ActionError{QStringLiteral("OUT_OF_STOCK"), false,
                                   QStringLiteral("no supplier has stock for a product")};
    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent, QStringLiteral("check_inventory"),
         QStringLiteral("Refreshes supplier price and stock for the products (Shopify ids) and "
                        "raises stock alerts; an offer whose product.get fails is not counted "
                        "(refresh_error) and its backups still are"),
         object({{QStringLiteral("product_ids"), array(integer(), 500)},
                 {QStringLiteral("country"), string(2)}},
                {QStringLiteral("product_ids")}),
         object({{QStringLiteral("in_stock"), boolean()},
                 {QStringLiteral("refreshed_offers"), integer()},
                 {QStringLiteral("stock_alerts"), integer()},
                 {QStringLiteral("products"), array(anyObject())}},
                {QStringLiteral("in_stock"), QStringLiteral("products")}),
         inventoryErrors, 0, 2 * 60'000, 3, 1000, kOutageBudgetMs},
        bind(&m_offers, &OfferStock::checkInventory));

    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent,
         QStringLiteral("prepare_supplier_order"),
         QStringLiteral(
             "Chooses an offer per line item (country, stock, backups), groups them per "
             "supplier and checks the margin; a low margin holds the order for approval"),
         kOrderId,
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("currency"), string()},
                 {QStringLiteral("revenue_minor"), integer()},
                 {QStringLiteral("cost_minor"), integer()},
                 {QStringLiteral("shipping_minor"), integer()},
                 {QStringLiteral("fees_minor"), integer()},
                 {QStringLiteral("margin_minor"), integer()},
                 {QStringLiteral("margin_percent"), number()},
                 {QStringLiteral("approved_by"), string()},
                 {QStringLiteral("supplier_orders"), array(anyObject())},
                 {QStringLiteral("backups"), array(anyObject())}},
                {QStringLiteral("order_id"), QStringLiteral("supplier_orders")}),
         {notFound,
          closed,
          wrongState,
          {QStringLiteral("NO_OFFER"), false, QStringLiteral("a line item has no offer: held")},
          {QStringLiteral("OUT_OF_STOCK"), false,
           QStringLiteral("no offer has enough stock, backups included: held (out_of_stock)")},
          {QStringLiteral("LOW_MARGIN"), false,
           QStringLiteral("the margin is below the minimum: held until an operator approves")}}},
        bind(&m_supplier, &SupplierOrdering::prepareSupplierOrder));

    QList<ActionError> submitErrors = supplierErrors;
    submitErrors << notFound << closed << wrongState
                 << ActionError{QStringLiteral("NOTHING_TO_SUBMIT"), false,
                                QStringLiteral("no prepared supplier order")}
                 << ActionError{QStringLiteral("LOW_MARGIN"), false,
                                QStringLiteral("the margin is below the minimum: held")}
                 << ActionError{QStringLiteral("INVENTORY_HOLD"), true,
                                QStringLiteral("AliExpress holds the stock for other buyers")}
                 << ActionError{QStringLiteral("ADDRESS_REJECTED"), false,
                                QStringLiteral("AliExpress refused the address: held")}
                 << ActionError{QStringLiteral("UNSUPPORTED_PLATFORM"), false,
                                QStringLiteral("the supplier is not on AliExpress")};
    registerAction(
        tasks, QStringLiteral("orders.sensitive"),
        {agent, QStringLiteral("submit_to_supplier"),
         QStringLiteral(
             "Places the prepared supplier orders on AliExpress, once each (out_order_id)"),
         object({{QStringLiteral("prepared_order"),
                  object({{QStringLiteral("order_id"), integer(1)},
                          {QStringLiteral("supplier_orders"), array(anyObject())}},
                         {QStringLiteral("order_id"), QStringLiteral("supplier_orders")}, true)}},
                {QStringLiteral("prepared_order")}),
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("status"), string()},
                 {QStringLiteral("supplier_orders"), array(anyObject())}},
                {QStringLiteral("order_id"), QStringLiteral("supplier_orders")}),
         // Four at once: one run per order keeps an order's submissions apart, and
         // out_order_id makes a repeat harmless; more would only meet AliExpress's call limit.
         submitErrors, 4, 2 * 60'000, 6, 2000, kOutageBudgetMs},
        bind(&m_supplier, &SupplierOrdering::submitToSupplier));

    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent, QStringLiteral("sync_tracking"),
         QStringLiteral("Polls supplier order status and tracking into shipments; publishes "
                        "shipment.created for new parcels and order.supplier_problem for a "
                        "supplier order closed, unpaid or held at AliExpress (its order is "
                        "held). One order, or every open one, least recently checked first; one "
                        "order's error is recorded on it (failures) and the pass goes on: the "
                        "action fails only when every look failed"),
         object({{QStringLiteral("order_id"), integer(1)}}),
         object({{QStringLiteral("checked"), integer()},
                 {QStringLiteral("failed"), integer()},
                 {QStringLiteral("failures"), array(anyObject())},
                 {QStringLiteral("new_shipments"), integer()},
                 {QStringLiteral("delivered"), integer()},
                 {QStringLiteral("shipments"), array(anyObject())}},
                {QStringLiteral("checked")}),
         supplierErrors, 1, 10 * 60'000, 3},
        bind(&m_tracking, &SupplierTracking::syncTracking));

    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent,
         QStringLiteral("mark_shipped"),
         QStringLiteral(
             "Moves the order to shipped (publishes order.shipped) once it has tracking"),
         kOrderId,
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("status"), string()},
                 {QStringLiteral("shipments"), integer()},
                 {QStringLiteral("already"), boolean()}},
                {QStringLiteral("order_id")}),
         {notFound,
          wrongState,
          {QStringLiteral("NO_SHIPMENT"), true, QStringLiteral("no tracking yet")}}},
        bind(&m_supplier, &SupplierOrdering::markShipped));

    registerAction(
        tasks, QStringLiteral("orders.sensitive"),
        {agent,
         QStringLiteral("cancel_supplier_order"),
         QStringLiteral("Cancels supplier orders not yet placed; placed ones, and those asked "
                        "for whose answer was not seen (unconfirmed), are flagged for a manual "
                        "cancellation (the API has none) with an admin notification"),
         object({{QStringLiteral("order_id"), integer(1)}, {QStringLiteral("reason"), string(500)}},
                {QStringLiteral("order_id")}),
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("cancelled"), integer()},
                 {QStringLiteral("manual"), array({})},
                 {QStringLiteral("unconfirmed"), array({})}},
                {QStringLiteral("order_id")}),
         {}},
        bind(&m_supplier, &SupplierOrdering::cancelSupplierOrder));

    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent,
         QStringLiteral("check_stock"),
         QStringLiteral("Raises product.stock_alert for variants whose best supplier stock is "
                        "below the threshold (once per shortage)"),
         object({{QStringLiteral("threshold"), integer(0, 1'000'000)}}),
         object({{QStringLiteral("checked"), integer()},
                 {QStringLiteral("threshold"), integer()},
                 {QStringLiteral("alerts"), array(anyObject())}},
                {QStringLiteral("alerts")}),
         {}},
        bind(&m_offers, &OfferStock::checkStock));

    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent, QStringLiteral("refresh_offers"),
         QStringLiteral("Refreshes a product's supplier offers (price, stock) and reports each "
                        "variant's margin"),
         object(
             {{QStringLiteral("product_id"), integer(1)}, {QStringLiteral("country"), string(2)}},
             {QStringLiteral("product_id")}),
         object({{QStringLiteral("product_id"), integer()},
                 {QStringLiteral("refreshed_offers"), integer()},
                 {QStringLiteral("refresh_failures"), array(anyObject())},
                 {QStringLiteral("stock_alerts"), integer()},
                 {QStringLiteral("variants"), array(anyObject())}},
                {QStringLiteral("product_id")}),
         supplierErrors, 2},
        bind(&m_offers, &OfferStock::refreshOffers));
}

} // namespace dc::agents
