// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/poller.h"

#include "core/logging.h"
#include "shopify/adminactions.h"
#include "shopify/catalogfetch.h"
#include "shopify/productstore.h"
#include "shopify/reconciler.h"
#include "shopify/shopregistry.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"

namespace dc::shopify {

using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;
using tasks::TaskOutcome;

namespace {

// Each pass reads the last minute before its cursor again: Shopify's search may list a change a
// little after it happened. Reading an order or product twice changes nothing (upserts are
// guarded by updated_at; a workflow starts only when an order is created).
constexpr int kOverlapSeconds = 60;

} // namespace

ShopPoller::ShopPoller(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                       ShopRegistry &shops, ShopifyClient &client, Reconciler &reconciler,
                       Options options)
    : m_store(store)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_shops(shops)
    , m_client(client)
    , m_reconciler(reconciler)
    , m_options(options)
{}

void ShopPoller::registerTaskKind()
{
    tasks::KindOptions o = shopTaskKind(QStringLiteral("Reads the orders and products a shop "
                                                       "without webhooks updated since the last "
                                                       "pass"),
                                        2, 10 * 60'000);
    o.retry.maxAttempts = 1; // the next pass comes within poll_seconds
    m_tasks.registerKind(
        QStringLiteral("shopify.poll"),
        [this](TaskContext &ctx) {
            return poll(ctx.input.value(QStringLiteral("shop")).toString());
        },
        o);
}

void ShopPoller::start()
{
    if (m_options.pollSeconds <= 0)
        return;
    connect(&m_timer, &QTimer::timeout, this, &ShopPoller::pollDue);
    m_timer.start(m_options.pollSeconds * 1000);
}

void ShopPoller::stop()
{
    m_timer.stop();
}

DbResult<qint64> ShopPoller::requestPoll(const QString &domain)
{
    if (m_options.pollSeconds <= 0)
        return 0;
    // Several instances (or a connection and the timer) in one interval make one pass.
    return enqueueShopTask(m_tasks, QStringLiteral("shopify.poll"), domain,
                           QStringLiteral("shopify-poll-%1-%2")
                               .arg(domain)
                               .arg(QDateTime::currentSecsSinceEpoch() / m_options.pollSeconds));
}

void ShopPoller::pollDue()
{
    auto list = m_shops.shops(m_store.reader());
    if (!list)
        return;
    for (const Shop &s : std::as_const(*list))
        if (s.active && s.hasAccessToken && s.polling())
            if (auto r = requestPoll(s.domain); !r)
                qCWarning(lcShopify).noquote()
                    << "polling" << s.domain << "not queued:" << r.error().message;
}

TaskOutcome ShopPoller::poll(const QString &domain)
{
    auto found = m_shops.shop(m_store.reader(), domain);
    if (!found)
        return TaskOutcome::failure(QStringLiteral("store"), found.error().message);
    // Removed, or its token taken away, since the pass was queued: nothing to poll.
    auto conn = m_shops.connectionFor(domain);
    if (!found->has_value() || !conn)
        return TaskOutcome::success({{QStringLiteral("skipped"), QStringLiteral("no token")}});
    const Shop shop = **found;
    if (!shop.polling() || !shop.active)
        return TaskOutcome::success(
            {{QStringLiteral("skipped"),
              shop.active ? QStringLiteral("webhooks") : QStringLiteral("inactive")}});
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const auto since = [&](const QDateTime &through) {
        return through.isValid() ? through.addSecs(-kOverlapSeconds)
                                 : started.addSecs(-3600LL * m_options.firstSyncHours);
    };
    const QString correlation = QStringLiteral("shopify-poll-") + domain;

    auto orders = m_reconciler.pullOrders(*conn, since(shop.ordersPolledThrough),
                                          shop.ordersPolledThrough, correlation);
    if (!orders)
        return TaskOutcome::failure(QStringLiteral("store"), orders.error().message);
    std::optional<ApiError> failure = orders->failure;
    const QDateTime ordersThrough = orders->counts.latestUpdate;

    // Products, oldest change first, as the catalog import reads and stores them (through the
    // upsert of products/* webhooks).
    ProductCounts products;
    products.latestUpdate = shop.productsPolledThrough;
    if (!failure) {
        CatalogFetcher::Options only;
        only.search = ShopifyClient::updatedAfter(since(shop.productsPolledThrough));
        CatalogFetcher fetcher(m_client, *conn, only, [] { return false; });
        const CatalogFetcher::Sink sink =
            [&](const QList<QJsonObject> &nodes) -> std::expected<void, FetchFailure> {
            if (auto r = storeProductNodes(m_store, m_bus, nodes, domain, shop.currency,
                                           correlation, products);
                !r)
                return std::unexpected(
                    FetchFailure{QStringLiteral("store"), r.error().message, true, {}});
            return {};
        };
        auto fetched = fetcher.paged(0, sink, [](double, const QString &) {});
        if (!fetched && !fetched.error().api)
            return TaskOutcome::failure(fetched.error().code, fetched.error().message);
        if (!fetched)
            failure = fetched.error().api;
    }
    const QDateTime productsThrough = products.latestUpdate;

    m_shops.recordHealth(domain, failure);
    const QString err = failure ? failure->message.left(500) : QString();
    auto saved = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q = exec(w.db(),
                      QStringLiteral("UPDATE shops SET orders_polled_through = ?, "
                                     "products_polled_through = ?, last_polled_at = ?, "
                                     "last_poll_error = ? WHERE domain = ?"),
                      {storage::msOrNull(ordersThrough), storage::msOrNull(productsThrough),
                       storage::nowMs(), err, domain});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
    if (!saved)
        return TaskOutcome::failure(QStringLiteral("store"), saved.error().message);
    // A failed pass is the shop's health and last_poll_error: the next pass tries again, no
    // task retries pile up meanwhile.
    return TaskOutcome::success({{QStringLiteral("orders_seen"), orders->counts.seen},
                                 {QStringLiteral("orders_created"), orders->counts.created},
                                 {QStringLiteral("products_seen"), products.read},
                                 {QStringLiteral("error"), err}});
}

} // namespace dc::shopify
