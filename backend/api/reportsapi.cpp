// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/reportsapi.h"

#include "orders/margin.h"

#include "agents/settings.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/money.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QThreadPool>
#include <QTimeZone>
#include <QUrlQuery>

#include <algorithm>
#include <optional>

namespace dc::api {

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kDefaultDays = 30;
constexpr int kDefaultLimit = 1000;
constexpr int kMaxLimit = 5000;

enum class GroupBy { Product, Supplier, Day };

struct Report
{
    GroupBy by = GroupBy::Day;
    qint64 from = 0, to = 0; // [from, to), UTC ms
    QString currency;        // empty: every currency
    bool firstPage = true;   // no cursor: the totals and the currencies come with it
    qint64 afterKey = -1;    // keyset: the last group of the previous page (keys are >= 0)
    QString afterCurrency;
    int limit = kDefaultLimit;
};

QString byName(GroupBy g)
{
    switch (g) {
    case GroupBy::Product:
        return QStringLiteral("product");
    case GroupBy::Supplier:
        return QStringLiteral("supplier");
    case GroupBy::Day:
        break;
    }
    return QStringLiteral("day");
}

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// A day ("2024-05-01": its start, or with endOfDay the next day's, UTC) or a date and time (UTC
// unless it carries an offset, as everything is stored); nullopt when it is neither.
std::optional<qint64> instant(const QString &text, bool endOfDay)
{
    if (text.size() == 10) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        return QDateTime(endOfDay ? d.addDays(1) : d, QTime(0, 0), QTimeZone::utc())
            .toMSecsSinceEpoch();
    }
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset given: never the server's own time zone
        t = QDateTime(t.date(), t.time(), QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

// The window's sent supplier-order lines (CTE f), each with its share of its order's revenue and
// payment fees (in proportion to what the line sold for, the rounding remainder on the order's
// first sent line) and of its supplier order's shipping (evenly, the remainder on the first
// line): an order's shares add up to the order exactly, so the groups of any grouping add up to
// the totals, which are the dashboard's sourced figures. The lines are the supplier order's JSON
// array: json_each on SQLite, jsonb_array_elements on PostgreSQL.
// Binds: fixed fee, fee basis points, from, to[, currency].
QString sentLines(storage::Backend backend, bool oneCurrency)
{
    const bool pg = backend == storage::Backend::Postgres;
    const auto field = [pg](const char *name) {
        return (pg ? QStringLiteral("(j.value ->> '%1')::BIGINT")
                   : QStringLiteral("CAST(json_extract(j.value, '$.%1') AS BIGINT)"))
            .arg(QLatin1String(name));
    };
    const QString lines =
        QStringLiteral(
            "WITH l AS (SELECT o.id AS oid, o.currency AS cur, o.created_at AS at, o.total_minor "
            "- o.tax_minor AS net, %1 AS fees, so.id AS soid, so.supplier_id AS sid, "
            "so.shipping_minor AS ship, %2 AS idx, %3 AS n, %4 AS liid, %5 AS vid, COALESCE(%6, "
            "0) AS qty, COALESCE(%7, 0) AS cost FROM orders o JOIN supplier_orders so ON "
            "so.order_id = o.id AND so.currency = o.currency%8 WHERE o.created_at >= ? AND "
            "o.created_at < ? AND o.status NOT "
            "IN ('cancelled', 'refunded') AND so.status NOT IN ('prepared', 'failed', "
            "'cancelled')%9), ")
            .arg(orders::FeePolicy::sqlFeesOn(QStringLiteral("o.total_minor")),
                 pg ? QStringLiteral("j.idx - 1") : QStringLiteral("CAST(j.key AS BIGINT)"),
                 pg ? QStringLiteral("jsonb_array_length(so.lines::jsonb)")
                    : QStringLiteral("json_array_length(so.lines)"),
                 field("line_item_id"), field("variant_id"), field("quantity"), field("cost_minor"),
                 pg ? QStringLiteral(" CROSS JOIN LATERAL jsonb_array_elements(so.lines::jsonb) "
                                     "WITH ORDINALITY AS j(value, idx)")
                    : QStringLiteral(", json_each(so.lines) j"),
                 oneCurrency ? QStringLiteral(" AND o.currency = ?") : QString());
    // PostgreSQL sums BIGINTs as NUMERIC, and NUMERIC divides with decimals: cast back.
    return lines +
           QStringLiteral(
               "w AS (SELECT l.*, COALESCE(li.unit_price_minor * li.quantity - li.discount_minor, "
               "0) AS wt, li.title AS lt FROM l LEFT JOIN line_items li ON li.id = l.liid), s AS "
               "(SELECT w.*, CAST(SUM(wt) OVER (PARTITION BY oid) AS BIGINT) AS wsum, "
               "ROW_NUMBER() OVER (PARTITION BY oid ORDER BY soid, idx) AS rn FROM w), p AS "
               "(SELECT s.*, CASE WHEN wsum > 0 THEN net * wt / wsum ELSE 0 END AS rev0, CASE "
               "WHEN wsum > 0 THEN fees * wt / wsum ELSE 0 END AS fee0, ship / n + CASE WHEN idx "
               "= 0 THEN ship % n ELSE 0 END AS shp FROM s), f AS (SELECT p.*, rev0 + CASE WHEN "
               "rn = 1 THEN net - CAST(SUM(rev0) OVER (PARTITION BY oid) AS BIGINT) ELSE 0 END AS "
               "rev, fee0 + CASE WHEN rn = 1 THEN fees - CAST(SUM(fee0) OVER (PARTITION BY oid) "
               "AS BIGINT) ELSE 0 END AS fee FROM p) ");
}

const QString kSums = QStringLiteral(
    "COUNT(DISTINCT f.oid), CAST(SUM(f.qty) AS BIGINT), CAST(SUM(f.rev) AS BIGINT), "
    "CAST(SUM(f.cost) AS BIGINT), CAST(SUM(f.shp) AS BIGINT), CAST(SUM(f.fee) AS BIGINT)");

// One page of groups, by (key, currency) after the cursor. Keys: the product's id (0 when its
// variant left the catalog), the supplier's id, the day's number since 1970-01-01 (UTC).
// Binds: sentLines()'s, then the cursor's key twice, its currency, the limit.
QString groupsSql(storage::Backend backend, GroupBy by, bool oneCurrency)
{
    QString key, label, joins;
    switch (by) {
    case GroupBy::Product:
        key = QStringLiteral("COALESCE(v.product_id, 0)");
        label = QStringLiteral("MIN(COALESCE(pr.title, f.lt))");
        joins = QStringLiteral(" LEFT JOIN variants v ON v.id = f.vid LEFT JOIN products pr ON "
                               "pr.id = v.product_id");
        break;
    case GroupBy::Supplier:
        key = QStringLiteral("f.sid");
        label = QStringLiteral("MIN(COALESCE(su.name, ''))");
        joins = QStringLiteral(" LEFT JOIN suppliers su ON su.id = f.sid");
        break;
    case GroupBy::Day:
        key = QStringLiteral("f.at / 86400000");
        label = QStringLiteral("CAST('' AS TEXT)");
        break;
    }
    return sentLines(backend, oneCurrency) +
           QStringLiteral("SELECT * FROM (SELECT %1 AS k, f.cur AS cur, %2 AS label, %3 FROM f%4 "
                          "GROUP BY 1, 2) g WHERE g.k > ? OR (g.k = ? AND g.cur > ?) ORDER BY "
                          "g.k, g.cur LIMIT ?")
               .arg(key, label, kSums, joins);
}

QJsonObject figures(const QString &currency, qint64 orderCount, qint64 units,
                    const orders::Margin &m)
{
    QJsonObject o = m.toJson();
    o.insert(QStringLiteral("currency"), currency);
    o.insert(QStringLiteral("orders"), orderCount);
    o.insert(QStringLiteral("units"), units);
    return o;
}

// Runs on a worker thread (its own read connection): a long window of many orders must not hold
// the HTTP thread that also receives webhooks.
storage::DbResult<QJsonObject> compute(storage::Store &store, const orders::FeePolicy &fees,
                                       const Report &r)
{
    QSqlDatabase db = store.reader();
    const storage::Backend backend = storage::backendOf(db);
    const storage::ReadSnapshot snapshot(db); // the page and its totals from one state
    const QVariantList window{fees.fixedMinor, qint64(fees.basisPoints), r.from, r.to};
    QVariantList binds = window;
    if (!r.currency.isEmpty())
        binds << r.currency;
    binds << r.afterKey << r.afterKey << r.afterCurrency << r.limit;
    auto q = storage::exec(db, groupsSql(backend, r.by, !r.currency.isEmpty()), binds);
    if (!q)
        return std::unexpected(q.error());
    QJsonArray rows;
    qint64 lastKey = 0;
    QString lastCurrency;
    while (q->next()) {
        lastKey = q->value(0).toLongLong();
        lastCurrency = q->value(1).toString();
        const QString key = r.by == GroupBy::Day
                                ? QDate(1970, 1, 1).addDays(lastKey).toString(Qt::ISODate)
                                : QString::number(lastKey);
        QJsonObject row =
            figures(lastCurrency, q->value(3).toLongLong(), q->value(4).toLongLong(),
                    orders::Margin{q->value(5).toLongLong(), q->value(6).toLongLong(),
                                   q->value(7).toLongLong(), q->value(8).toLongLong()});
        row.insert(QStringLiteral("key"), key);
        row.insert(QStringLiteral("label"), r.by == GroupBy::Day ? key : q->value(2).toString());
        rows.append(row);
    }
    QJsonObject out{
        {QStringLiteral("by"), byName(r.by)},
        {QStringLiteral("from"), iso(r.from)},
        {QStringLiteral("to"), iso(r.to)},
        {QStringLiteral("currency"), r.currency.isEmpty() ? QJsonValue() : QJsonValue(r.currency)},
        {QStringLiteral("rows"), rows},
        {QStringLiteral("next_cursor"),
         rows.size() == r.limit ? QJsonValue(QStringLiteral("%1:%2").arg(lastKey).arg(lastCurrency))
                                : QJsonValue()}};
    if (!r.firstPage)
        return out;

    // Every currency of the window (for a chooser), the most revenue first; the totals of the
    // one asked for, or of each.
    auto t = storage::exec(db,
                           sentLines(backend, false) + QStringLiteral("SELECT f.cur, ") + kSums +
                               QStringLiteral(" FROM f GROUP BY f.cur"),
                           window);
    if (!t)
        return std::unexpected(t.error());
    QJsonArray totals;
    QList<std::pair<qint64, QString>> byRevenue;
    while (t->next()) {
        const QString cur = t->value(0).toString();
        const orders::Margin m{t->value(3).toLongLong(), t->value(4).toLongLong(),
                               t->value(5).toLongLong(), t->value(6).toLongLong()};
        byRevenue.append({-m.revenue, cur});
        if (r.currency.isEmpty() || r.currency == cur)
            totals.append(figures(cur, t->value(1).toLongLong(), t->value(2).toLongLong(), m));
    }
    std::sort(byRevenue.begin(), byRevenue.end());
    QJsonArray currencies;
    for (const auto &[revenue, cur] : std::as_const(byRevenue))
        currencies.append(cur);
    out.insert(QStringLiteral("totals"), totals);
    out.insert(QStringLiteral("currencies"), currencies);
    return out;
}

std::expected<Report, QHttpServerResponse> reportOf(const QHttpServerRequest &req)
{
    const QUrlQuery q(req.url());
    const auto text = [&q](const char *name) {
        return q.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    Report r;
    const QString by = text("by");
    if (by == QLatin1String("product"))
        r.by = GroupBy::Product;
    else if (by == QLatin1String("supplier"))
        r.by = GroupBy::Supplier;
    else if (!by.isEmpty() && by != QLatin1String("day"))
        return std::unexpected(
            invalidField(QStringLiteral("by"), QStringLiteral("product, supplier or day")));
    const QString dateReason =
        QStringLiteral("expected an ISO 8601 date (2024-05-01) or date and time");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    r.to = (now / kDayMs + 1) * kDayMs; // the end of today (UTC)
    qint64 toAsGiven = r.to;            // a day's start for a day: from may not come after it
    if (q.hasQueryItem(QStringLiteral("to"))) {
        const auto to = instant(text("to"), true);
        if (!to)
            return std::unexpected(invalidField(QStringLiteral("to"), dateReason));
        r.to = *to;
        toAsGiven = *instant(text("to"), false);
    }
    r.from = r.to - kDefaultDays * kDayMs;
    if (q.hasQueryItem(QStringLiteral("from"))) {
        const auto from = instant(text("from"), false);
        if (!from)
            return std::unexpected(invalidField(QStringLiteral("from"), dateReason));
        r.from = *from;
    }
    if (r.from > toAsGiven)
        return std::unexpected(
            invalidField(QStringLiteral("from"), QStringLiteral("must not be after to")));
    if (q.hasQueryItem(QStringLiteral("currency"))) {
        r.currency = text("currency");
        if (!isCurrencyCode(r.currency))
            return std::unexpected(invalidField(QStringLiteral("currency"),
                                                QStringLiteral("an ISO 4217 code such as EUR")));
    }
    if (q.hasQueryItem(QStringLiteral("cursor"))) {
        const QString cursor = text("cursor");
        const qsizetype colon = cursor.indexOf(QLatin1Char(':'));
        bool ok = false;
        r.afterKey = colon > 0 ? cursor.left(colon).toLongLong(&ok) : -1;
        r.afterCurrency = cursor.mid(colon + 1);
        if (!ok || r.afterKey < 0 || !isCurrencyCode(r.afterCurrency))
            return std::unexpected(invalidField(QStringLiteral("cursor"),
                                                QStringLiteral("a next_cursor this report gave")));
        r.firstPage = false;
    }
    auto limit = intQuery(req, QStringLiteral("limit"), kDefaultLimit, 1, kMaxLimit);
    if (!limit)
        return std::unexpected(std::move(limit.error()));
    r.limit = int(*limit);
    return r;
}

} // namespace

void registerReportRoutes(HttpFront &front, storage::Store &store,
                          const agents::OrderManagerSettings &fees, QThreadPool &pool)
{
    const orders::FeePolicy policy = fees.feePolicy();
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    front.router().route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/reports/profitability"),
         .permission = QStringLiteral("orders.read"),
         .summary = QStringLiteral(
             "Profitability per product, supplier or day (?by=product|supplier|day, default "
             "day, UTC) and currency (amounts are never added across currencies; ?currency= "
             "keeps one) over [from, to) (?from=&to=: ISO 8601 dates or date-times, UTC "
             "without an offset; a date alone as to includes that day; to defaults to the "
             "end of today, from to 30 days before to): orders, units, revenue (total less "
             "tax), supplier cost, shipping, payment fees, margin (revenue less the three) and "
             "margin percent. Counted: the orders created in the window, neither cancelled nor "
             "refunded, that have a supplier order sent (any status but prepared, failed or "
             "cancelled), and of those only the lines of their sent supplier orders with the "
             "costs recorded on them; an order's revenue and fees are shared between its sent "
             "lines by what each sold for, a supplier order's shipping evenly between its "
             "lines. Orders not sent to a supplier are not counted. Keyset pages "
             "(&cursor=<next_cursor>&limit=, 1000 by default, at most 5000); the first page "
             "also has the totals per currency and every currency of the window"),
         .tag = QStringLiteral("orders"),
         .query = {{QStringLiteral("by"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("enum"),
                                 QJsonArray{QStringLiteral("product"), QStringLiteral("supplier"),
                                            QStringLiteral("day")}}}},
                   {QStringLiteral("from"), str},
                   {QStringLiteral("to"), str},
                   {QStringLiteral("currency"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("pattern"), QStringLiteral("^[A-Z]{3}$")}}},
                   {QStringLiteral("cursor"), str},
                   {QStringLiteral("limit"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                {QStringLiteral("minimum"), 1},
                                {QStringLiteral("maximum"), kMaxLimit}}}}},
        [&front, &store, policy, &pool](RequestContext &ctx) {
            auto report = reportOf(ctx.request);
            if (!report)
                return std::move(report.error());
            return answerFromPool(front, pool, ctx, [&store, policy, r = *report] {
                return compute(store, policy, r);
            });
        });
}

} // namespace dc::api
