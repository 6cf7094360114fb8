// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/orderservice.h"

#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/orderevents.h"
#include "orders/storefollow.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "workflows/engine.h"

#include <QJsonArray>

namespace dc::orders {

using storage::DbError;
using storage::DbResult;
using storage::WriteContext;

namespace {
DbError invalid(const QString &field, const QString &reason)
{
    return DbError{DbError::Kind::Invalid, field + QStringLiteral(": ") + reason};
}

DbError noOrder(qint64 id)
{
    return DbError{DbError::Kind::NotFound, QStringLiteral("no order %1").arg(id)};
}
} // namespace

OrderService::OrderService(storage::Store &store, const storage::OrderRepository &orders,
                           events::EventBus &bus, const OrderLifecycle &lifecycle,
                           workflows::WorkflowEngine &engine, tasks::TaskManager &tasks)
    : m_store(store)
    , m_orders(orders)
    , m_bus(bus)
    , m_lifecycle(lifecycle)
    , m_engine(engine)
    , m_tasks(tasks)
{}

DbResult<Order> OrderService::resolve(const ManualOrder &in) const
{
    Order o;
    o.name = in.name;
    o.shop = in.shop;
    o.currency = in.currency;
    if (!isCurrencyCode(o.currency))
        return std::unexpected(invalid(QStringLiteral("currency"),
                                       QStringLiteral("required: an ISO 4217 code, e.g. EUR")));
    if (in.lines.isEmpty() || in.lines.size() > 500)
        return std::unexpected(
            invalid(QStringLiteral("line_items"), QStringLiteral("required: 1 to 500 line items")));
    if (!QStringList{QStringLiteral("pending"), QStringLiteral("authorized"),
                     QStringLiteral("paid")}
             .contains(in.financialStatus))
        return std::unexpected(invalid(QStringLiteral("financial_status"),
                                       QStringLiteral("pending, authorized or paid")));
    QSqlDatabase catalog = m_store.reader();
    qint64 subtotal = 0;
    for (qsizetype n = 0; n < in.lines.size(); ++n) {
        const ManualOrder::Line &line = in.lines.at(n);
        const QString at = QStringLiteral("line_items[%1]").arg(n);
        LineItem item;
        std::optional<storage::VariantRef> variant;
        if (line.variantId) {
            auto v = storage::CatalogRepository().variantRef(catalog, *line.variantId);
            if (!v)
                return std::unexpected(v.error());
            if (!v->has_value())
                return std::unexpected(
                    invalid(at + QStringLiteral(".variant_id"),
                            QStringLiteral("no variant %1").arg(*line.variantId)));
            variant = **v;
            const QString variantCurrency = variant->variant.price.currency;
            if (!line.unitPriceMinor && variantCurrency != o.currency)
                return std::unexpected(invalid(
                    at + QStringLiteral(".unit_price_minor"),
                    QStringLiteral("required: the variant is priced in %1, the order is in %2")
                        .arg(variantCurrency, o.currency)));
            item.shopifyVariantId = variant->variant.shopifyVariantId;
            item.shopifyProductId = variant->shopifyProductId;
        }
        if (!variant && (!line.title || !line.unitPriceMinor))
            return std::unexpected(
                invalid(at, QStringLiteral("quantity, and title and unit_price_minor unless "
                                           "variant_id names a catalog variant, are required")));
        const qint64 unit =
            line.unitPriceMinor ? *line.unitPriceMinor : variant->variant.price.minor;
        item.sku = line.sku.value_or(variant ? variant->variant.sku : QString());
        // "Desk lamp — Black"; Shopify names a product's only variant "Default Title".
        const auto variantTitle = [&] {
            const QString t = variant->variant.title;
            return t.isEmpty() || t.startsWith(QLatin1String("Default"))
                       ? variant->productTitle
                       : variant->productTitle + QStringLiteral(" — ") + t;
        };
        item.title = line.title ? *line.title : variantTitle();
        item.quantity = line.quantity;
        item.unitPrice = Money{unit, o.currency};
        item.totalDiscount = Money{0, o.currency};
        subtotal += unit * line.quantity;
        o.lineItems.append(item);
    }
    o.subtotal = Money{subtotal, o.currency};
    o.shippingTotal = Money{in.shippingMinor, o.currency};
    o.taxTotal = Money{in.taxMinor, o.currency};
    o.total = Money{subtotal + in.shippingMinor + in.taxMinor, o.currency};
    o.shippingAddress = in.shippingAddress;
    o.shippingCountry = in.shippingAddress ? in.shippingAddress->countryCode : QString();
    // Taken by phone or paid outside the shop: the operator says whether it is paid (only a
    // paid order is sent to a supplier).
    o.financialStatus = in.financialStatus;
    return o;
}

DbResult<qint64> OrderService::enter(const ManualOrder &in) const
{
    auto order = resolve(in);
    if (!order)
        return std::unexpected(order.error());
    // The same event a Shopify order raises, marked as entered by hand.
    return m_store.writeAndWait<qint64>([&](WriteContext &w) {
        return m_lifecycle.enterOrder(w, *order, QStringLiteral("manual"));
    });
}

DbResult<void> OrderService::correct(qint64 orderId, std::optional<OrderStatus> status,
                                     std::optional<std::optional<Address>> address,
                                     const QString &actor) const
{
    if (status && (*status == OrderStatus::Cancelled || *status == OrderStatus::Refunded))
        return std::unexpected(
            invalid(QStringLiteral("status"),
                    QStringLiteral("use POST /api/orders/{id}/cancel or /refund")));
    auto done = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        if (status)
            if (auto s =
                    m_lifecycle.transition(w, orderId, *status, QStringLiteral("operator"), actor);
                !s)
                return std::unexpected(s.error());
        if (address)
            if (auto a = m_orders.updateShippingAddress(w, orderId, *address); !a)
                return std::unexpected(a.error());
        return true;
    });
    if (!done)
        return std::unexpected(done.error());
    return {};
}

DbResult<void> OrderService::requestEnd(qint64 orderId, OrderStatus to, const QString &reason,
                                        const QString &actor) const
{
    const QString topic = to == OrderStatus::Cancelled
                              ? QString(events::topics::kOrderCancelRequested)
                              : QString(events::topics::kOrderRefundRequested);
    auto done = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto cur = m_orders.get(w.db(), orderId);
        if (!cur)
            return std::unexpected(cur.error());
        if (!cur->has_value())
            return std::unexpected(noOrder(orderId));
        const OrderStatus was = (*cur)->status;
        if (was == to || was == OrderStatus::Refunded || !transitionAllowed(was, to))
            return std::unexpected(DbError{DbError::Kind::Conflict,
                                           QStringLiteral("order %1 is %2: it cannot be %3")
                                               .arg(orderId)
                                               .arg(orderStatusName(was), orderStatusName(to))});
        if (to == OrderStatus::Cancelled)
            if (auto s = m_lifecycle.transition(w, orderId, to, reason, actor,
                                                {{QString(kStopProcessing), true}});
                !s)
                return std::unexpected(s.error());
        auto e = m_bus.append(
            w, events::EventDraft{topic,
                                  {{QStringLiteral("order_id"), orderId},
                                   {QStringLiteral("previous_status"), orderStatusName(was)},
                                   {QStringLiteral("reason"), reason}},
                                  runKey(orderId),
                                  QStringLiteral("api"),
                                  QString(),
                                  QString()});
        if (!e)
            return std::unexpected(e.error());
        return true;
    });
    if (!done)
        return std::unexpected(done.error());
    return {};
}

DbResult<OrderLifecycle::Replacement>
OrderService::replace(qint64 orderId, const QHash<qint64, int> &quantities, const QString &reason,
                      const QString &key, const QString &actor) const
{
    return m_store.writeAndWait<OrderLifecycle::Replacement>([&](WriteContext &w) {
        return m_lifecycle.replace(w, orderId, quantities, reason, key, actor);
    });
}

DbResult<QList<qint64>> OrderService::approveMargin(qint64 orderId, const QString &actor) const
{
    auto done = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        if (auto a = m_lifecycle.approveMargin(w, orderId, actor); !a)
            return std::unexpected(a.error());
        return true;
    });
    if (!done)
        return std::unexpected(done.error());
    // Runs for this order that stopped on the hold start again from the failed step.
    auto failed = runIds(orderId, true);
    if (!failed)
        return std::unexpected(failed.error());
    QList<qint64> retried;
    for (qint64 run : *failed)
        if (m_engine.retryRun(run))
            retried << run;
    return retried;
}

DbResult<workflows::StartResult> OrderService::process(qint64 orderId) const
{
    auto o = m_orders.get(m_store.reader(), orderId);
    if (!o)
        return std::unexpected(o.error());
    if (!o->has_value())
        return std::unexpected(noOrder(orderId));
    if (!m_engine.definition(kProcessingWorkflow))
        return std::unexpected(
            DbError{DbError::Kind::Conflict,
                    QStringLiteral("the workflow %1 is not loaded").arg(kProcessingWorkflow)});
    // The trigger data carries ids and amounts, never the customer's address.
    return m_engine.startRun(kProcessingWorkflow, {}, runKey(orderId),
                             orderEventData(**o, orderId));
}

DbResult<QList<qint64>> OrderService::runIds(qint64 orderId, bool failedOnly) const
{
    // Runs are keyed by (workflow, trigger key): one index lookup per loaded workflow.
    QVariantList binds;
    for (const workflows::WorkflowDefinition &d : m_engine.definitions())
        binds << d.name;
    if (binds.isEmpty())
        return QList<qint64>();
    const QString marks = storage::bindMarks(binds.size());
    binds << runKey(orderId);
    return storage::selectIds(
        m_store.reader(),
        QStringLiteral("SELECT id FROM workflow_runs WHERE workflow IN (%1) AND "
                       "trigger_key = ?%2 ORDER BY id LIMIT 100")
            .arg(marks, failedOnly ? QStringLiteral(" AND state = 'failed'") : QString()),
        binds);
}

DbResult<workflows::RunInfo> OrderService::retryLatestFailed(qint64 orderId) const
{
    auto ids = runIds(orderId, true);
    if (!ids)
        return std::unexpected(ids.error());
    if (ids->isEmpty())
        return std::unexpected(
            DbError{DbError::Kind::Conflict,
                    QStringLiteral("order %1 has no failed workflow run").arg(orderId)});
    return m_engine.retryRun(ids->last());
}

std::expected<void, QString> OrderService::followOrders()
{
    const QString name = QStringLiteral("orders.follow");
    m_bus.registerHandler(name, [this](const events::Event &e) -> std::expected<void, QString> {
        const qint64 id = e.data.value(QStringLiteral("order_id")).toInteger();
        if (id <= 0)
            return {};
        DbResult<void> r;
        if (e.topic == events::topics::kOrderReleased)
            r = resumeProcessing(id);
        else if (e.data.value(kStopProcessing).toBool())
            r = stopProcessing(id, e.data.value(QStringLiteral("status")).toString());
        if (!r)
            return std::unexpected(r.error().message);
        return {};
    });
    events::SubscriptionSpec spec;
    spec.name = name;
    spec.kind = QStringLiteral("handler");
    spec.patterns = {QString(events::topics::kOrderUpdated),
                     QString(events::topics::kOrderReleased)};
    if (auto s = m_bus.subscriptionAdmin().ensureSubscription(spec); !s)
        return std::unexpected(s.error().message);
    return {};
}

// The order's runs of the order workflow in that state, oldest first.
DbResult<QList<qint64>> OrderService::processingRuns(qint64 orderId, const QString &state) const
{
    return storage::selectIds(m_store.reader(),
                              QStringLiteral("SELECT id FROM workflow_runs WHERE workflow = ? AND "
                                             "trigger_key = ? AND state = ? ORDER BY id"),
                              {kProcessingWorkflow, runKey(orderId), state});
}

// Delivered at least once: a run already stopped or finished is left as it is, and an order
// that moved on since (released by an operator, its run restarted) is not stopped again.
DbResult<void> OrderService::stopProcessing(qint64 orderId, const QString &status) const
{
    auto o = m_orders.get(m_store.reader(), orderId);
    if (!o)
        return std::unexpected(o.error());
    if (!o->has_value() || orderStatusName((*o)->status) != status)
        return {};
    auto runs = processingRuns(orderId, QStringLiteral("running"));
    if (!runs)
        return std::unexpected(runs.error());
    for (qint64 run : *runs)
        if (auto c = m_engine.cancelRun(run); !c && c.error().kind != DbError::Kind::Conflict)
            return std::unexpected(c.error());
    return {};
}

DbResult<void> OrderService::resumeProcessing(qint64 orderId) const
{
    auto runs = processingRuns(orderId, QStringLiteral("failed"));
    if (!runs)
        return std::unexpected(runs.error());
    // The run that held the order may not have failed yet (its step's failure reaches the
    // executor through the bus): try again later rather than leave the order behind.
    auto running = processingRuns(orderId, QStringLiteral("running"));
    if (!running)
        return std::unexpected(running.error());
    if (!running->isEmpty())
        return std::unexpected(DbError{DbError::Kind::Conflict,
                                       QStringLiteral("order %1's run is still running: released "
                                                      "once it stops")
                                           .arg(orderId)});
    if (!runs->isEmpty()) {
        if (auto r = m_engine.retryRun(runs->last());
            !r && r.error().kind != DbError::Kind::Conflict)
            return std::unexpected(r.error());
        return {};
    }
    // Never processed (held before its run started, or its workflow was not loaded then): the
    // run key makes this start at most once.
    if (!m_engine.definition(kProcessingWorkflow))
        return {};
    auto p = process(orderId);
    if (!p && p.error().kind != DbError::Kind::Conflict)
        return std::unexpected(p.error());
    return {};
}

DbResult<int> OrderService::eraseCustomer(qint64 customerId) const
{
    return m_store.writeAndWait<int>(
        [&](WriteContext &w) { return m_orders.eraseCustomer(w, customerId); });
}

} // namespace dc::orders
