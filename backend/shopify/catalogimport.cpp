// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/catalogimport.h"

#include "core/logging.h"
#include "orders/ingestion.h"
#include "shopify/adminactions.h"
#include "shopify/productstore.h"
#include "shopify/reconciler.h"
#include "shopify/shopregistry.h"
#include "tasks/taskmanager.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace dc::shopify {

using storage::DbResult;
using tasks::TaskContext;
using tasks::TaskOutcome;

namespace {

ImportRequest requestFrom(const QJsonObject &in)
{
    ImportRequest r;
    r.products = in.value(QStringLiteral("products")).toBool(true);
    r.ordersDays = std::clamp(in.value(QStringLiteral("orders_days")).toInt(r.ordersDays), 0,
                              ImportRequest::kMaxOrdersDays);
    r.mode = in.value(QStringLiteral("mode")).toString(r.mode);
    if (!ImportRequest::kModes.contains(r.mode))
        r.mode = QStringLiteral("auto");
    return r;
}

} // namespace

CatalogImport::CatalogImport(storage::Store &store, events::EventBus &bus,
                             tasks::TaskManager &tasks, ShopRegistry &shops, ShopifyClient &client,
                             const orders::Ingestion &ingestion, Options options)
    : m_store(store)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_shops(shops)
    , m_client(client)
    , m_ingestion(ingestion)
    , m_options(options)
{}

void CatalogImport::registerTaskKind()
{
    tasks::KindOptions o;
    o.description = QStringLiteral("Imports a shop's products (paged or by a bulk operation) and "
                                   "its open unfulfilled orders of the last days");
    o.concurrency = 1;
    // A bulk operation over a large catalog takes Shopify a while; an import is asked to stop
    // (and can be run again: it picks up nothing twice) after this.
    o.timeoutMs = 6 * 3600'000LL;
    o.retry.maxAttempts = 3;
    o.retry.firstDelayMs = 30'000;
    o.inputSchema = taskInputSchema(
        {QStringLiteral("shop")},
        {{QStringLiteral("shop"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
         {QStringLiteral("products"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
         {QStringLiteral("orders_days"),
          QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                      {QStringLiteral("minimum"), 0},
                      {QStringLiteral("maximum"), ImportRequest::kMaxOrdersDays}}},
         {QStringLiteral("mode"),
          QJsonObject{
              {QStringLiteral("type"), QStringLiteral("string")},
              {QStringLiteral("enum"), QJsonArray::fromStringList(ImportRequest::kModes)}}}});
    o.permission = QStringLiteral("catalog.write"); // as POST /api/shops/{domain}/import
    m_tasks.registerKind(
        kKind, [this](TaskContext &ctx) { return run(ctx); }, o);
}

DbResult<qint64> CatalogImport::requestImport(const QString &domain, const ImportRequest &request)
{
    auto s = m_shops.shop(m_store.reader(), domain);
    if (!s)
        return std::unexpected(s.error());
    if (!s->has_value())
        return std::unexpected(storage::DbError{storage::DbError::Kind::NotFound,
                                                QStringLiteral("no shop %1").arg(domain)});
    // An import of the shop waiting or running is the answer (two clicks, two operators); one
    // that ended is not: asking again imports again.
    QMutexLocker lock(&m_requestLock);
    for (const tasks::TaskState state :
         {tasks::TaskState::Queued, tasks::TaskState::Running, tasks::TaskState::Failed}) {
        tasks::TaskQuery q;
        q.kind = kKind;
        q.state = state;
        q.limit = 100;
        auto list = m_tasks.tasks(m_store.reader(), q);
        if (!list)
            return std::unexpected(list.error());
        for (const tasks::Task &t : std::as_const(*list))
            if (t.input.value(QStringLiteral("shop")).toString() == domain)
                return t.id;
    }
    tasks::EnqueueRequest req;
    req.kind = kKind;
    req.input = {{QStringLiteral("shop"), domain},
                 {QStringLiteral("products"), request.products},
                 {QStringLiteral("orders_days"), request.ordersDays},
                 {QStringLiteral("mode"), request.mode}};
    auto r = m_tasks.enqueue(req);
    if (!r)
        return std::unexpected(r.error());
    return r->id;
}

std::expected<QJsonObject, TaskOutcome>
CatalogImport::importOrders(TaskContext &ctx, const ShopConnection &shop, int days,
                            const QString &correlation, int fromPercent)
{
    const QDateTime since = QDateTime::currentDateTimeUtc().addDays(-days);
    const QString search =
        QStringLiteral("status:open fulfillment_status:unfulfilled created_at:>='%1'")
            .arg(since.toString(Qt::ISODate));
    OrderIngestCounts counts;
    QString cursor;
    for (int page = 0; page < 200 && !ctx.cancelled(); ++page) {
        auto p = m_client.ordersMatching(shop, search, QStringLiteral("CREATED_AT"), cursor);
        if (!p) {
            m_shops.recordHealth(shop.domain, p.error());
            return std::unexpected(taskFailureFrom(p.error()));
        }
        if (auto r =
                ingestOrderNodes(m_store, m_ingestion, p->nodes, shop.domain, correlation, counts);
            !r)
            return std::unexpected(
                TaskOutcome::failure(QStringLiteral("store"), r.error().message));
        // Pages of 50 until there are no more: the bar creeps on, it cannot know how many.
        ctx.progress(std::min(99, fromPercent + page + 1),
                     QStringLiteral("%1 open orders").arg(counts.seen));
        if (!p->hasNextPage || p->endCursor.isEmpty())
            break;
        cursor = p->endCursor;
    }
    return QJsonObject{{QStringLiteral("since"), since.toString(Qt::ISODate)},
                       {QStringLiteral("read"), counts.seen},
                       {QStringLiteral("created"), counts.created},
                       {QStringLiteral("updated"), counts.updated}};
}

TaskOutcome CatalogImport::run(TaskContext &ctx)
{
    const QString domain = ctx.input.value(QStringLiteral("shop")).toString();
    const ImportRequest request = requestFrom(ctx.input);
    auto conn = m_shops.connectionFor(domain);
    if (!conn)
        return TaskOutcome::failure(QStringLiteral("shopify_not_configured"), conn.error(), false);
    auto currency = shopCurrency(m_store.reader(), domain);
    if (!currency)
        return TaskOutcome::failure(QStringLiteral("store"), currency.error().message);
    const QString correlation = ctx.correlationId.isEmpty()
                                    ? QStringLiteral("shopify-import-") + domain
                                    : ctx.correlationId;
    QElapsedTimer clock;
    clock.start();
    // The products take the bar to 90 % when orders follow.
    const int productsPercent = !request.products ? 0 : request.ordersDays > 0 ? 90 : 100;
    QJsonObject result{{QStringLiteral("shop"), domain}};
    if (request.products) {
        CatalogFetcher fetch(m_client, *conn, m_options.fetch, [&ctx] { return ctx.cancelled(); });
        const auto failed = [&](const FetchFailure &f) {
            if (f.api)
                m_shops.recordHealth(domain, f.api);
            return TaskOutcome::failure(f.code, f.message, f.retryable);
        };
        auto total = fetch.productCount();
        if (!total)
            return failed(total.error());
        const QString mode = request.mode != QLatin1String("auto") ? request.mode
                             : *total >= m_options.bulkThreshold   ? QStringLiteral("bulk")
                                                                   : QStringLiteral("paged");
        ProductCounts counts;
        const CatalogFetcher::Sink sink =
            [&](const QList<QJsonObject> &nodes) -> std::expected<void, FetchFailure> {
            if (auto r = storeProductNodes(m_store, m_bus, nodes, domain, *currency, correlation,
                                           counts);
                !r)
                return std::unexpected(
                    FetchFailure{QStringLiteral("store"), r.error().message, true, {}});
            return {};
        };
        const CatalogFetcher::Progress progress = [&](double fraction, const QString &message) {
            ctx.progress(int(fraction * productsPercent), message);
        };
        auto done = mode == QLatin1String("bulk") ? fetch.bulk(*total, sink, progress)
                                                  : fetch.paged(*total, sink, progress);
        if (!done)
            return failed(done.error());
        const qint64 ms = clock.elapsed();
        qCInfo(lcShopify).noquote()
            << domain << "catalog imported" << mode << "in" << ms << "ms:" << counts.read
            << "products," << counts.created << "new," << counts.updated << "changed";
        result.insert(QStringLiteral("mode"), mode);
        result.insert(QStringLiteral("products"),
                      QJsonObject{{QStringLiteral("total"), *total},
                                  {QStringLiteral("read"), counts.read},
                                  {QStringLiteral("created"), counts.created},
                                  {QStringLiteral("updated"), counts.updated},
                                  {QStringLiteral("unchanged"), counts.unchanged},
                                  {QStringLiteral("skipped"), counts.skipped},
                                  {QStringLiteral("duration_ms"), ms}});
    }
    if (request.ordersDays > 0) {
        auto orders = importOrders(ctx, *conn, request.ordersDays, correlation, productsPercent);
        if (!orders)
            return orders.error();
        result.insert(QStringLiteral("orders"), *orders);
    }
    m_shops.recordHealth(domain, std::nullopt);
    result.insert(QStringLiteral("duration_ms"), clock.elapsed());
    return TaskOutcome::success(result);
}

} // namespace dc::shopify
