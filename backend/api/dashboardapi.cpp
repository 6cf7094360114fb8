// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/dashboardapi.h"

#include "orders/margin.h"

#include "agents/settings.h"
#include "api/httpfront.h"
#include "api/ordersapi.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "events/eventbus.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"

#include <QJsonArray>
#include <QMutex>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>

namespace dc::api {

namespace {

struct Bucket
{
    qint64 orders = 0;
    QHash<QString, qint64> runs; // state -> count
    struct Money
    {
        qint64 revenue = 0, sourcedOrders = 0;
        orders::Margin sourced; // orders sent to a supplier (shipping is in their cost here)
    };
    QHash<QString, Money> byCurrency;
};

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

// Orders, revenue and margin per bucket of `step` ms from `from` and currency, into `buckets`:
// one pass over the window's orders (index on created_at), each with what its supplier orders
// cost (NULL: not sent to a supplier). The CTE is materialised so the per-order lookup runs
// once, not once per use.
storage::DbResult<void> addOrderMoney(QSqlDatabase db, const agents::OrderManagerSettings &fees,
                                      qint64 from, qint64 step, QList<Bucket> &buckets)
{
    const qint64 count = buckets.size();
    const qint64 to = from + count * step;
    auto q = storage::exec(
        db,
        QStringLiteral(
            "WITH t AS MATERIALIZED (SELECT (o.created_at - ?) / ? AS b, o.currency AS cur, "
            "o.total_minor - o.tax_minor AS net, o.total_minor AS total, (SELECT "
            "SUM(so.cost_minor + so.shipping_minor) FROM supplier_orders so WHERE so.order_id "
            "= o.id AND so.status NOT IN ('prepared', 'failed', 'cancelled')) AS cost FROM "
            "orders o WHERE o.created_at >= ? AND o.created_at < ? AND o.status NOT IN "
            "('cancelled', 'refunded')) SELECT b, cur, COUNT(*), SUM(net), SUM(CASE WHEN cost "
            "IS NOT NULL THEN net ELSE 0 END), COUNT(cost), SUM(CASE WHEN cost IS NOT NULL "
            "THEN %1 ELSE 0 END), SUM(COALESCE(cost, 0)) FROM t GROUP BY b, cur")
            .arg(orders::FeePolicy::sqlFeesOn(QStringLiteral("total"))),
        {from, step, from, to, fees.feePolicy().fixedMinor, qint64(fees.feePolicy().basisPoints)});
    if (!q)
        return std::unexpected(q.error());
    while (q->next()) {
        const qint64 b = q->value(0).toLongLong();
        if (b < 0 || b >= count)
            continue;
        Bucket &bk = buckets[b];
        bk.orders += q->value(2).toLongLong();
        Bucket::Money &m = bk.byCurrency[q->value(1).toString()];
        m.revenue += q->value(3).toLongLong();
        m.sourcedOrders += q->value(5).toLongLong();
        m.sourced += orders::Margin{q->value(4).toLongLong(), q->value(7).toLongLong(), 0,
                                    q->value(6).toLongLong()};
    }
    return {};
}

QJsonObject moneyJson(const Bucket::Money &m)
{
    return {{QStringLiteral("revenue_minor"), m.revenue},
            {QStringLiteral("sourced_orders"), m.sourcedOrders},
            {QStringLiteral("sourced_revenue_minor"), m.sourced.revenue},
            {QStringLiteral("margin_minor"), m.sourced.minor()}};
}

// The currency with the most revenue first: what a chart or a tile shows by default.
QStringList byRevenue(const QHash<QString, qint64> &revenue)
{
    QStringList currencies = revenue.keys();
    std::sort(currencies.begin(), currencies.end(), [&](const QString &a, const QString &b) {
        const qint64 ra = revenue.value(a), rb = revenue.value(b);
        return ra != rb ? ra > rb : a < b;
    });
    return currencies;
}

// Runs on a worker thread (its own read connection): a year of a million orders takes about a
// second, which must not hold the HTTP thread that also receives webhooks.
storage::DbResult<QJsonObject> compute(storage::Store &store, tasks::TaskManager &tasks,
                                       events::EventBus &events,
                                       const agents::OrderManagerSettings &fees, bool daily,
                                       qint64 count, qint64 step, qint64 now, qint64 from)
{
    const qint64 to = from + count * step;
    QList<Bucket> buckets(count);
    QSqlDatabase db = store.reader();
    if (auto m = addOrderMoney(db, fees, from, step, buckets); !m)
        return std::unexpected(m.error());
    auto r = storage::exec(db,
                           QStringLiteral("SELECT (created_at - ?) / ?, state, COUNT(*) "
                                          "FROM workflow_runs WHERE created_at >= ? AND "
                                          "created_at < ? GROUP BY 1, 2"),
                           {from, step, from, to});
    if (!r)
        return std::unexpected(r.error());
    while (r->next()) {
        const qint64 b = r->value(0).toLongLong();
        if (b >= 0 && b < count)
            buckets[b].runs[r->value(1).toString()] += r->value(2).toLongLong();
    }

    QHash<QString, qint64> revenueByCurrency;
    QJsonArray rows;
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const Bucket &bk = buckets.at(i);
        QJsonObject money;
        for (auto it = bk.byCurrency.cbegin(); it != bk.byCurrency.cend(); ++it) {
            const Bucket::Money &m = it.value();
            revenueByCurrency[it.key()] += m.revenue;
            money.insert(it.key(), moneyJson(m));
        }
        QJsonObject runs;
        for (auto it = bk.runs.cbegin(); it != bk.runs.cend(); ++it)
            runs.insert(it.key(), it.value());
        const qint64 ok = bk.runs.value(QStringLiteral("succeeded"));
        const qint64 finished = ok + bk.runs.value(QStringLiteral("failed")) +
                                bk.runs.value(QStringLiteral("cancelled"));
        rows.append(
            QJsonObject{{QStringLiteral("start"), iso(from + i * step)},
                        {QStringLiteral("orders"), bk.orders},
                        {QStringLiteral("money"), money},
                        {QStringLiteral("runs"), runs},
                        {QStringLiteral("success_rate"),
                         finished ? QJsonValue(double(ok) / double(finished)) : QJsonValue()}});
    }
    const QStringList currencies = byRevenue(revenueByCurrency);

    QJsonObject queue;
    if (auto s = tasks.stats(db)) {
        for (const char *st : {"queued", "running", "dead"})
            queue.insert(QLatin1String(st), s->byState.value(QLatin1String(st)));
    } else {
        return std::unexpected(s.error());
    }
    qint64 lag = 0, dead = 0;
    if (auto subs = events.subscriptionAdmin().subscriptions(db)) {
        for (const events::SubscriptionInfo &si : *subs) {
            lag = std::max(lag, si.lag);
            dead += si.dead;
        }
    } else {
        return std::unexpected(subs.error());
    }
    return QJsonObject(
        {{QStringLiteral("bucket"), daily ? QStringLiteral("day") : QStringLiteral("hour")},
         {QStringLiteral("from"), iso(from)},
         {QStringLiteral("to"), iso(to)},
         {QStringLiteral("now"), iso(now)},
         {QStringLiteral("currencies"), QJsonArray::fromStringList(currencies)},
         {QStringLiteral("buckets"), rows},
         {QStringLiteral("queue"), queue},
         {QStringLiteral("events"), QJsonObject{{QStringLiteral("max_subscription_lag"), lag},
                                                {QStringLiteral("dead_letters"), dead}}}});
}

// The last minutes of the queue and the event flow, sampled here every few seconds whether or
// not a window is open, so that a dashboard opened now has history from its first second.
struct LiveHistory
{
    static constexpr int kIntervalMs = 5000;
    static constexpr int kSamples = 120; // ten minutes
    QMutex mutex;
    QList<QJsonObject> samples; // oldest first
    qint64 lastEventId = -1;
};

void sampleLive(storage::Store &store, tasks::TaskManager &tasks, LiveHistory &h)
{
    QSqlDatabase db = store.reader();
    auto s = tasks.stats(db);
    auto e = storage::exec(db, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"));
    if (!s || !e || !e->next())
        return; // a busy or closing store: this sample is skipped, not made up
    const qint64 maxId = e->value(0).toLongLong();
    QMutexLocker lock(&h.mutex);
    const qint64 events = h.lastEventId < 0 ? 0 : std::max<qint64>(0, maxId - h.lastEventId);
    h.lastEventId = maxId;
    h.samples.append(
        QJsonObject{{QStringLiteral("at"), iso(QDateTime::currentMSecsSinceEpoch())},
                    {QStringLiteral("queued"), s->byState.value(QStringLiteral("queued"))},
                    {QStringLiteral("running"), s->byState.value(QStringLiteral("running"))},
                    {QStringLiteral("events"), events}});
    while (h.samples.size() > LiveHistory::kSamples)
        h.samples.removeFirst();
}

// The operator's figures now (KPI tiles, the sidebar's badges): orders, revenue and margin since
// `since`, what needs a hand (held, failed), what is on its way, and how fast orders ship.
// Each count reads an index (status, the partial failed-runs and open-alerts ones).
storage::DbResult<QJsonObject> summarise(storage::Store &store, tasks::TaskManager &tasks,
                                         const agents::OrderManagerSettings &fees, qint64 since,
                                         qint64 now)
{
    QSqlDatabase db = store.reader();
    QJsonObject out{{QStringLiteral("since"), iso(since)}, {QStringLiteral("now"), iso(now)}};
    // The dashboard's own figures, as one bucket from `since` to now.
    QList<Bucket> one(1);
    if (auto m = addOrderMoney(db, fees, since, std::max<qint64>(1, now + 1 - since), one); !m)
        return std::unexpected(m.error());
    QJsonObject money;
    QHash<QString, qint64> revenue;
    for (auto it = one[0].byCurrency.cbegin(); it != one[0].byCurrency.cend(); ++it) {
        money.insert(it.key(), moneyJson(it.value()));
        revenue.insert(it.key(), it.value().revenue);
    }
    out.insert(QStringLiteral("orders"), one[0].orders);
    out.insert(QStringLiteral("money"), money);
    out.insert(QStringLiteral("currencies"), QJsonArray::fromStringList(byRevenue(revenue)));

    const auto count = [&](const char *key, const QString &sql,
                           const QVariantList &binds) -> storage::DbResult<void> {
        auto c = storage::exec(db, sql, binds);
        if (!c)
            return std::unexpected(c.error());
        out.insert(QLatin1String(key), c->next() ? c->value(0).toLongLong() : 0);
        return {};
    };
    const QString byStatus = QStringLiteral("SELECT COUNT(*) FROM orders WHERE status = ?");
    for (auto [key, status] : {std::pair{"held", "on_hold"}, std::pair{"failed_orders", "failed"},
                               std::pair{"in_transit", "shipped"}})
        if (auto r = count(key, byStatus, {QString::fromLatin1(status)}); !r)
            return std::unexpected(r.error());
    if (auto r =
            count("failed_runs",
                  QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE state = 'failed'"), {});
        !r)
        return std::unexpected(r.error());
    if (auto r =
            count("open_alerts",
                  QStringLiteral("SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NULL"), {});
        !r)
        return std::unexpected(r.error());
    auto s = tasks.stats(db);
    if (!s)
        return std::unexpected(s.error());
    out.insert(QStringLiteral("dead_tasks"), s->byState.value(QStringLiteral("dead")));

    // Hours from order to its first shipment, over the orders of the last 30 days that shipped.
    const qint64 window = now - 30 * 86'400'000LL;
    auto ship = storage::exec(
        db,
        QStringLiteral("SELECT COUNT(*), AVG(f - c) FROM (SELECT o.created_at AS c, (SELECT "
                       "MIN(s.created_at) FROM shipments s WHERE s.order_id = o.id) AS f FROM "
                       "orders o WHERE o.created_at >= ?) t WHERE f IS NOT NULL"),
        {window});
    if (!ship)
        return std::unexpected(ship.error());
    const bool any = ship->next() && ship->value(0).toLongLong() > 0;
    out.insert(QStringLiteral("shipped_30d"), any ? ship->value(0).toLongLong() : 0);
    out.insert(QStringLiteral("avg_hours_to_ship"),
               any ? QJsonValue(ship->value(1).toDouble() / 3'600'000.0) : QJsonValue());
    return out;
}

} // namespace

QThreadPool *registerDashboardRoutes(HttpFront &front, storage::Store &store,
                                     tasks::TaskManager &tasks, events::EventBus &events,
                                     const agents::OrderManagerSettings &fees)
{
    auto *pool = new QThreadPool(&front);
    pool->setMaxThreadCount(2); // heavy reads at once; more wait their turn

    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};
    front.router().route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/dashboard"),
         .permission = QStringLiteral("orders.read"),
         .summary = QStringLiteral(
             "Per hour or day (?bucket=hour|day&count=N, UTC, the last bucket is the current "
             "one): orders, revenue (total less tax, cancelled and refunded orders left out) "
             "and margin per currency (orders sent to a supplier: revenue less supplier cost, "
             "shipping and payment fees), workflow runs by state and their success rate; the "
             "task queue and the durable subscriptions' lag now"),
         .tag = QStringLiteral("orders"),
         .query = {{QStringLiteral("bucket"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("enum"),
                                 QJsonArray{QStringLiteral("hour"), QStringLiteral("day")}}}},
                   {QStringLiteral("count"), integer}}},
        [&front, &store, &tasks, &events, fees, pool](RequestContext &ctx) {
            const QHttpServerRequest &req = ctx.request;
            const QString unit = QUrlQuery(req.url()).queryItemValue(QStringLiteral("bucket"));
            if (!unit.isEmpty() && unit != QLatin1String("hour") && unit != QLatin1String("day"))
                return invalidField(QStringLiteral("bucket"), QStringLiteral("hour or day"));
            const bool daily = unit == QLatin1String("day");
            auto count = intQuery(req, QStringLiteral("count"), daily ? 30 : 24, 1, 366);
            if (!count)
                return std::move(count.error());
            const qint64 step = daily ? 86'400'000 : 3'600'000;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const qint64 to = (now / step + 1) * step; // the end of the current bucket
            const qint64 from = to - *count * step;
            return answerFromPool(
                front, *pool, ctx,
                [&store, &tasks, &events, fees, daily, n = *count, step, now, from] {
                    return compute(store, tasks, events, fees, daily, n, step, now, from);
                });
        });
    // The sampler's timer belongs to the pool, so Backend::stop() stops it before draining the
    // pool and closing the store.
    auto live = std::make_shared<LiveHistory>();
    auto *sampler = new QTimer(pool);
    sampler->setObjectName(QStringLiteral("liveSampler"));
    QObject::connect(sampler, &QTimer::timeout, pool, [pool, &store, &tasks, live] {
        pool->start([&store, &tasks, live] { sampleLive(store, tasks, *live); });
    });
    sampler->start(LiveHistory::kIntervalMs);
    pool->start([&store, &tasks, live] { sampleLive(store, tasks, *live); });
    front.router().route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/dashboard/live"),
         .permission = QStringLiteral("orders.read"),
         .summary = QStringLiteral(
             "The last ten minutes, sampled every five seconds by the server: tasks queued and "
             "running, and the events appended since the previous sample"),
         .tag = QStringLiteral("orders")},
        [live] {
            QMutexLocker lock(&live->mutex);
            QJsonArray samples;
            for (const QJsonObject &s : std::as_const(live->samples))
                samples.append(s);
            return json({{QStringLiteral("interval_ms"), LiveHistory::kIntervalMs},
                         {QStringLiteral("samples"), samples}});
        });
    front.router().route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/dashboard/summary"),
         .permission = QStringLiteral("orders.read"),
         .summary = QStringLiteral(
             "The figures now: orders, revenue and margin per currency since ?since= (ISO 8601; "
             "default the start of today, UTC), orders held, failed and in transit, failed "
             "workflow runs, dead tasks, open alerts, and the average hours from order to first "
             "shipment over the last 30 days"),
         .tag = QStringLiteral("orders"),
         .query = {{QStringLiteral("since"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("format"), QStringLiteral("date-time")}}}}},
        [&front, &store, &tasks, fees, pool](RequestContext &ctx) {
            auto since = dateQuery(ctx.request, QStringLiteral("since"));
            if (!since)
                return std::move(since.error());
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const qint64 from =
                since->isValid() ? since->toMSecsSinceEpoch() : now - now % 86'400'000LL;
            return answerFromPool(front, *pool, ctx, [&store, &tasks, fees, from, now] {
                return summarise(store, tasks, fees, from, now);
            });
        });
    return pool;
}

} // namespace dc::api
