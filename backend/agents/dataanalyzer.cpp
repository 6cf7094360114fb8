// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/dataanalyzer.h"

#include "events/topics.h"
#include "orders/margin.h"

#include "agents/agentutil.h"
#include "agents/supplierscores.h"
#include "core/jsonschema.h"
#include "events/eventbus.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <cmath>

namespace dc::agents {

using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;

namespace {

struct Sums
{
    QString label;
    QString currency;
    QSet<qint64> orders;
    orders::Margin margin;
    QJsonObject toJson(const QString &key) const
    {
        QJsonObject o = margin.toJson();
        o.insert(QStringLiteral("key"), key);
        o.insert(QStringLiteral("label"), label);
        o.insert(QStringLiteral("currency"), currency);
        o.insert(QStringLiteral("orders"), orders.size());
        return o;
    }
};

std::optional<QDateTime> dateInput(const QJsonObject &in, const QString &name)
{
    if (!in.contains(name))
        return std::nullopt;
    QDateTime t = QDateTime::fromString(in.value(name).toString(), Qt::ISODate);
    if (!t.isValid())
        t = QDate::fromString(in.value(name).toString(), Qt::ISODate).startOfDay(Qt::UTC);
    return t;
}

} // namespace

DataAnalyzer::DataAnalyzer(storage::Store &store, events::EventBus &bus, OrderManagerSettings fees,
                           DataAnalyzerSettings settings)
    : m_store(store)
    , m_bus(bus)
    , m_fees(std::move(fees))
    , m_settings(settings)
{}

ActionResult DataAnalyzer::profitability(TaskContext &ctx)
{
    const QString groupBy =
        ctx.input.value(QStringLiteral("group_by")).toString(QStringLiteral("day"));
    const auto from = dateInput(ctx.input, QStringLiteral("from"));
    const auto to = dateInput(ctx.input, QStringLiteral("to"));
    if ((from && !from->isValid()) || (to && !to->isValid()))
        return fail(QStringLiteral("invalid_input"),
                    QStringLiteral("input.from/to: expected an ISO 8601 date or date-time"));
    const qint64 fromMs = from ? from->toMSecsSinceEpoch() : 0;
    const qint64 toMs = to ? to->toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
    // Orders that reached a supplier, with their supplier orders' lines and costs.
    auto q = exec(
        m_store.reader(),
        QStringLiteral("SELECT o.id, o.name, o.currency, o.total_minor, o.tax_minor, o.created_at, "
                       "so.supplier_id, s.name, so.lines, so.shipping_minor FROM orders o JOIN "
                       "supplier_orders so ON so.order_id = o.id JOIN suppliers s ON s.id = "
                       "so.supplier_id WHERE o.status IN ('supplier_ordered', 'shipped', "
                       "'delivered') AND so.status NOT IN ('prepared', 'failed', 'cancelled') AND "
                       "o.created_at >= ? AND o.created_at < ? ORDER BY o.id, so.id LIMIT 200000"),
        {fromMs, toMs});
    if (!q)
        return storeFailure(q.error());
    struct Line
    {
        qint64 orderId;
        QString orderName, currency, supplierName;
        qint64 supplierId, lineItemId, variantId, cost, shipping;
        QDate day;
    };
    struct OrderTotals
    {
        qint64 revenue = 0, fees = 0, lineRevenue = 0;
    };
    QList<Line> lines;
    QHash<qint64, OrderTotals> orders;
    QSet<qint64> lineItemIds;
    while (q->next()) {
        const qint64 oid = q->value(0).toLongLong();
        const qint64 total = q->value(3).toLongLong();
        OrderTotals &t = orders[oid];
        t.revenue = total - q->value(4).toLongLong();
        t.fees = m_fees.feePolicy().feesOn(total);
        const QJsonArray soLines = QJsonDocument::fromJson(q->value(8).toString().toUtf8()).array();
        const qint64 shipping = q->value(9).toLongLong();
        for (qsizetype i = 0; i < soLines.size(); ++i) {
            const QJsonObject l = soLines.at(i).toObject();
            // The supplier order's shipping is spread over its lines, the remainder on the first.
            const qint64 share =
                shipping / soLines.size() + (i == 0 ? shipping % soLines.size() : 0);
            lines.append(
                {oid, q->value(1).toString(), q->value(2).toString(), q->value(7).toString(),
                 q->value(6).toLongLong(), l.value(QStringLiteral("line_item_id")).toInteger(),
                 l.value(QStringLiteral("variant_id")).toInteger(),
                 l.value(QStringLiteral("cost_minor")).toInteger(), share,
                 QDateTime::fromMSecsSinceEpoch(q->value(5).toLongLong(), Qt::UTC).date()});
            lineItemIds.insert(l.value(QStringLiteral("line_item_id")).toInteger());
        }
    }
    // What each line sold for, to share the order's revenue and fees between its lines.
    QHash<qint64, qint64> lineNet;
    QHash<qint64, std::pair<qint64, QString>> productOf; // variant -> (product, title)
    for (const Line &l : std::as_const(lines)) {
        if (!lineNet.contains(l.lineItemId)) {
            auto li =
                exec(m_store.reader(),
                     QStringLiteral("SELECT unit_price_minor * quantity - discount_minor FROM "
                                    "line_items WHERE id = ?"),
                     {l.lineItemId});
            if (!li)
                return storeFailure(li.error());
            lineNet.insert(l.lineItemId, li->next() ? li->value(0).toLongLong() : 0);
            orders[l.orderId].lineRevenue += lineNet.value(l.lineItemId);
        }
        if (groupBy == QLatin1String("product") && !productOf.contains(l.variantId)) {
            auto p = exec(m_store.reader(),
                          QStringLiteral("SELECT p.id, p.title FROM variants v JOIN products p ON "
                                         "p.id = v.product_id WHERE v.id = ?"),
                          {l.variantId});
            if (!p)
                return storeFailure(p.error());
            productOf.insert(l.variantId,
                             p->next() ? std::pair(p->value(0).toLongLong(), p->value(1).toString())
                                       : std::pair(qint64(0), QString()));
        }
    }
    QMap<QString, Sums> groups;
    QMap<QString, Sums> totals;
    for (const Line &l : std::as_const(lines)) {
        const OrderTotals &t = orders.value(l.orderId);
        const qint64 net = lineNet.value(l.lineItemId);
        const double share = t.lineRevenue > 0 ? double(net) / double(t.lineRevenue) : 0.0;
        const qint64 revenue = qint64(std::llround(double(t.revenue) * share));
        const qint64 fees = qint64(std::llround(double(t.fees) * share));
        QString key, label;
        if (groupBy == QLatin1String("order")) {
            key = QString::number(l.orderId);
            label = l.orderName;
        } else if (groupBy == QLatin1String("supplier")) {
            key = QString::number(l.supplierId);
            label = l.supplierName;
        } else if (groupBy == QLatin1String("product")) {
            key = QString::number(productOf.value(l.variantId).first);
            label = productOf.value(l.variantId).second;
        } else {
            key = l.day.toString(Qt::ISODate);
            label = key;
        }
        for (auto [map, k] : {std::pair{&groups, QString(key + QLatin1Char('|') + l.currency)},
                              std::pair{&totals, l.currency}}) {
            Sums &s = (*map)[k];
            s.label = label;
            s.currency = l.currency;
            s.orders.insert(l.orderId);
            s.margin += orders::Margin{revenue, l.cost, l.shipping, fees};
        }
    }
    QJsonArray rows, totalRows;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it)
        rows.append(it.value().toJson(it.key().section(QLatin1Char('|'), 0, 0)));
    for (auto it = totals.cbegin(); it != totals.cend(); ++it)
        totalRows.append(it.value().toJson(QStringLiteral("total")));
    return QJsonObject{{QStringLiteral("group_by"), groupBy},
                       {QStringLiteral("rows"), rows},
                       {QStringLiteral("totals"), totalRows}};
}

ActionResult DataAnalyzer::detectPriceChanges(TaskContext &ctx)
{
    const double threshold = ctx.input.contains(QStringLiteral("threshold_percent"))
                                 ? ctx.input.value(QStringLiteral("threshold_percent")).toDouble()
                                 : m_settings.priceChangeBasisPoints / 100.0;
    auto r = m_store.writeAndWait<QJsonObject>([&](WriteContext &w) -> DbResult<QJsonObject> {
        auto q = exec(w.db(),
                      QStringLiteral("SELECT o.id, o.variant_id, v.product_id, o.supplier_id, "
                                     "o.cost_minor, o.reference_cost_minor, o.currency, "
                                     "v.price_minor FROM supplier_offers o JOIN variants v ON v.id "
                                     "= o.variant_id ORDER BY o.id"));
        if (!q)
            return std::unexpected(q.error());
        QJsonArray changes;
        int checked = 0;
        QList<std::pair<qint64, qint64>> references; // offer -> cost now the reference
        while (q->next()) {
            ++checked;
            const qint64 offer = q->value(0).toLongLong();
            const qint64 cost = q->value(4).toLongLong();
            if (q->value(5).isNull()) {
                references.append({offer, cost}); // first sight: the reference to compare to
                continue;
            }
            const qint64 ref = q->value(5).toLongLong();
            if (ref <= 0 || cost == ref)
                continue;
            const double pct = double(cost - ref) * 100.0 / double(ref);
            if (std::abs(pct) < threshold)
                continue;
            const qint64 price = q->value(7).toLongLong();
            // The price that keeps the variant's margin rate with the new cost.
            const qint64 suggested =
                ref > 0 && price > 0
                    ? qint64(std::llround(double(price) * double(cost) / double(ref)))
                    : price;
            const QJsonObject data{{QStringLiteral("offer_id"), offer},
                                   {QStringLiteral("variant_id"), q->value(1).toLongLong()},
                                   {QStringLiteral("product_id"), q->value(2).toLongLong()},
                                   {QStringLiteral("supplier_id"), q->value(3).toLongLong()},
                                   {QStringLiteral("old_cost_minor"), ref},
                                   {QStringLiteral("new_cost_minor"), cost},
                                   {QStringLiteral("change_percent"), roundTo2(pct)},
                                   {QStringLiteral("currency"), q->value(6).toString()},
                                   {QStringLiteral("price_minor"), price},
                                   {QStringLiteral("suggested_price_minor"), suggested}};
            changes.append(data);
            references.append({offer, cost});
        }
        q->finish();
        for (const QJsonValue &c : std::as_const(changes)) {
            const QJsonObject data = c.toObject();
            if (auto e = m_bus.append(
                    w,
                    events::EventDraft{
                        QString(events::topics::kPriceChanged), data,
                        QStringLiteral("product:%1")
                            .arg(data.value(QStringLiteral("product_id")).toInteger()),
                        QStringLiteral("data_analyzer"), ctx.correlationId, QString()});
                !e)
                return std::unexpected(e.error());
        }
        for (auto [offer, cost] : references)
            if (auto u = exec(w.db(),
                              QStringLiteral("UPDATE supplier_offers SET reference_cost_minor = ? "
                                             "WHERE id = ?"),
                              {cost, offer});
                !u)
                return std::unexpected(u.error());
        return QJsonObject{{QStringLiteral("checked"), checked},
                           {QStringLiteral("threshold_percent"), threshold},
                           {QStringLiteral("changes"), changes}};
    });
    if (!r)
        return storeFailure(r.error());
    return *r;
}

ActionResult DataAnalyzer::supplierScores(TaskContext &)
{
    auto scores = scoreSuppliers(m_store.reader(), m_settings.minOrdersForScore);
    if (!scores)
        return storeFailure(scores.error());
    QJsonArray out;
    for (const SupplierScore &s : std::as_const(*scores)) {
        QJsonObject row = s.toJson();
        row.remove(QStringLiteral("min_orders"));
        // This action has always said 0 days for a supplier that delivered nothing yet.
        for (const char *key : {"delivery_days_p50", "delivery_days_p90"})
            if (row.value(QLatin1String(key)).isNull())
                row.insert(QLatin1String(key), 0.0);
        out.append(row);
    }
    return QJsonObject{{QStringLiteral("suppliers"), out},
                       {QStringLiteral("min_orders"), m_settings.minOrdersForScore}};
}

ActionResult DataAnalyzer::deliveryEstimate(TaskContext &ctx)
{
    const QString country = ctx.input.value(QStringLiteral("country")).toString().toUpper();
    const qint64 supplier =
        ctx.input.contains(QStringLiteral("supplier_id")) ? idOf(ctx.input, "supplier_id") : 0;
    auto e = estimateDelivery(m_store.reader(), supplier, country);
    if (!e)
        return storeFailure(e.error());
    if (!e->has_value())
        return fail(QStringLiteral("NO_HISTORY"),
                    QStringLiteral("fewer than 3 delivered supplier orders to learn from"));
    QJsonObject out = (*e)->toJson();
    out.insert(QStringLiteral("country"), country);
    out.insert(QStringLiteral("supplier_id"), supplier);
    return out;
}

void DataAnalyzer::registerActions(tasks::TaskManager &tasks)
{
    using namespace schema;
    const QString agent = QStringLiteral("data_analyzer");
    const auto bind = [this](ActionResult (DataAnalyzer::*f)(TaskContext &)) {
        return [this, f](TaskContext &c) { return (this->*f)(c); };
    };
    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent,
         QStringLiteral("profitability"),
         QStringLiteral("Revenue, supplier cost, shipping, fees and margin per order, product, "
                        "supplier or day (UTC) over [from, to)"),
         object({{QStringLiteral("group_by"),
                  string(0, {QStringLiteral("order"), QStringLiteral("product"),
                             QStringLiteral("supplier"), QStringLiteral("day")})},
                 {QStringLiteral("from"), string(40)},
                 {QStringLiteral("to"), string(40)}}),
         object({{QStringLiteral("group_by"), string()},
                 {QStringLiteral("rows"), array(anyObject())},
                 {QStringLiteral("totals"), array(anyObject())}},
                {QStringLiteral("rows"), QStringLiteral("totals")}),
         {}},
        bind(&DataAnalyzer::profitability));
    registerAction(
        tasks, QStringLiteral("catalog.write"),
        {agent,
         QStringLiteral("detect_price_changes"),
         QStringLiteral("Publishes price.changed for supplier costs that moved beyond the "
                        "threshold since the last check, with a price keeping the margin rate"),
         object({{QStringLiteral("threshold_percent"), number()}}),
         object({{QStringLiteral("checked"), integer()},
                 {QStringLiteral("threshold_percent"), number()},
                 {QStringLiteral("changes"), array(anyObject())}},
                {QStringLiteral("changes")}),
         {},
         1},
        bind(&DataAnalyzer::detectPriceChanges));
    registerAction(tasks, QStringLiteral("agents.call"),
                   {agent,
                    QStringLiteral("supplier_scores"),
                    QStringLiteral("Per supplier: orders, failure rate, delivery days p50/p90 "
                                   "and a 0-100 score (null below the minimum of orders)"),
                    object({}),
                    object({{QStringLiteral("suppliers"), array(anyObject())},
                            {QStringLiteral("min_orders"), integer()}},
                           {QStringLiteral("suppliers")}),
                    {}},
                   bind(&DataAnalyzer::supplierScores));
    registerAction(tasks, QStringLiteral("agents.call"),
                   {agent,
                    QStringLiteral("delivery_estimate"),
                    QStringLiteral("Delivery days p50/p90 to a country (for a supplier when it "
                                   "has enough history) from delivered supplier orders"),
                    object({{QStringLiteral("country"), string(2)},
                            {QStringLiteral("supplier_id"), integer(1)}},
                           {QStringLiteral("country")}),
                    object({{QStringLiteral("country"), string()},
                            {QStringLiteral("supplier_id"), integer()},
                            {QStringLiteral("basis"), string()},
                            {QStringLiteral("samples"), integer()},
                            {QStringLiteral("p50_days"), number()},
                            {QStringLiteral("p90_days"), number()}},
                           {QStringLiteral("p50_days")}),
                    {{QStringLiteral("NO_HISTORY"), false,
                      QStringLiteral("not enough delivered orders yet")}}},
                   bind(&DataAnalyzer::deliveryEstimate));
}

} // namespace dc::agents
