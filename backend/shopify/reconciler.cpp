// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/reconciler.h"

#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/ingestion.h"
#include "shopify/adminactions.h"
#include "shopify/shopifyjson.h"
#include "shopify/shopregistry.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"

namespace dc::shopify {

using storage::DbError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;
using tasks::TaskOutcome;

DbResult<void> ingestOrderNodes(storage::Store &store, const orders::Ingestion &ingestion,
                                const QJsonArray &nodes, const QString &shop,
                                const QString &correlation, OrderIngestCounts &counts)
{
    for (const QJsonValue &v : nodes) {
        auto in = orderFromGraphQL(v.toObject(), shop);
        if (!in) {
            qCWarning(lcShopify).noquote() << shop << "skipped an order:" << in.error();
            continue;
        }
        ++counts.seen;
        auto r = store.writeAndWait<QString>([&](WriteContext &w) {
            return ingestion.ingestShopifyOrder(w, in->order, in->customer, correlation);
        });
        if (!r)
            return std::unexpected(r.error());
        counts.created += *r == QLatin1String("created") ? 1 : 0;
        counts.updated += *r == QLatin1String("updated") ? 1 : 0;
        if (!counts.latestUpdate.isValid() || in->order.shopifyUpdatedAt > counts.latestUpdate)
            counts.latestUpdate = in->order.shopifyUpdatedAt;
    }
    return {};
}

Reconciler::Reconciler(storage::Store &store, events::EventBus &bus, tasks::TaskManager &tasks,
                       ShopRegistry &shops, ShopifyClient &client,
                       const orders::Ingestion &ingestion, Options options)
    : m_store(store)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_shops(shops)
    , m_client(client)
    , m_ingestion(ingestion)
    , m_options(options)
{}

void Reconciler::registerTaskKind()
{
    // Startable as POST /api/shops/{domain}/reconcile is.
    m_tasks.registerKind(
        QStringLiteral("shopify.reconcile"),
        [this](TaskContext &ctx) {
            return reconcile(ctx.input.value(QStringLiteral("shop")).toString());
        },
        shopTaskKind(QStringLiteral("Pulls the orders updated since the last sync"), 1,
                     10 * 60'000));
}

void Reconciler::start()
{
    if (m_options.reconcileMinutes > 0) {
        connect(&m_timer, &QTimer::timeout, this, &Reconciler::reconcileDue);
        m_timer.start(m_options.reconcileMinutes * 60'000);
    }
}

void Reconciler::stop()
{
    m_timer.stop();
}

DbResult<qint64> Reconciler::requestReconcile(const QString &domain)
{
    auto s = m_shops.shop(m_store.reader(), domain);
    if (!s)
        return std::unexpected(s.error());
    if (!s->has_value())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no shop %1").arg(domain)});
    // Several instances (or clicks) in the same minute start one reconciliation.
    return enqueueShopTask(m_tasks, QStringLiteral("shopify.reconcile"), domain,
                           QStringLiteral("shopify-reconcile-%1-%2")
                               .arg(domain)
                               .arg(QDateTime::currentSecsSinceEpoch() / 60));
}

void Reconciler::reconcileDue()
{
    auto list = m_shops.shops(m_store.reader());
    if (!list)
        return;
    for (const Shop &s : *list)
        if (s.active && s.hasAccessToken)
            requestReconcile(s.domain);
}

DbResult<OrdersPull> Reconciler::pullOrders(const ShopConnection &conn, const QDateTime &since,
                                            const QDateTime &through,
                                            const QString &correlation)
{
    OrdersPull out;
    out.counts.latestUpdate = through;
    QString cursor;
    for (int page = 0; page < 200; ++page) {
        auto p = m_client.ordersUpdatedSince(conn, since, cursor);
        if (!p) {
            out.failure = p.error();
            break;
        }
        if (auto r = ingestOrderNodes(m_store, m_ingestion, p->nodes, conn.domain, correlation,
                                      out.counts);
            !r)
            return std::unexpected(r.error());
        if (!p->hasNextPage)
            break;
        cursor = p->endCursor;
    }
    return out;
}

TaskOutcome Reconciler::reconcile(const QString &domain)
{
    auto conn = m_shops.connectionFor(domain);
    if (!conn)
        return TaskOutcome::failure(QStringLiteral("shopify_not_configured"), conn.error(), false);
    auto s = m_shops.shop(m_store.reader(), domain);
    if (!s || !s->has_value())
        return TaskOutcome::failure(QStringLiteral("not_found"), QStringLiteral("no shop"), false);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    // A small overlap: an order updated while the previous pass ran is read again (upserts
    // are guarded by updated_at, so reading twice costs nothing).
    QDateTime since = (*s)->reconciledThrough.isValid()
                          ? (*s)->reconciledThrough.addSecs(-60)
                          : started.addSecs(-3600LL * m_options.firstSyncHours);
    auto pull = pullOrders(*conn, since, (*s)->reconciledThrough,
                           QStringLiteral("shopify-reconcile-") + domain);
    if (!pull)
        return TaskOutcome::failure(QStringLiteral("store"), pull.error().message);
    const int created = pull->counts.created, updated = pull->counts.updated,
              seen = pull->counts.seen;
    const std::optional<ApiError> failure = pull->failure;
    QDateTime through = pull->counts.latestUpdate;
    m_shops.recordHealth(domain, failure);
    const QString err = failure ? failure->message.left(500) : QString();
    // Without a failure everything up to the start of this pass has been seen.
    if (!failure && (!through.isValid() || through < started.addSecs(-60)))
        through = started.addSecs(-60);
    auto saved = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        if (auto q = exec(
                w.db(),
                QStringLiteral("UPDATE shops SET last_reconciled_at = ?, "
                               "reconciled_through = ?, last_reconcile_found = ?, "
                               "last_reconcile_error = ? WHERE domain = ?"),
                {storage::nowMs(), storage::msOrNull(through), created + updated, err, domain});
            !q)
            return std::unexpected(q.error());
        auto e = m_bus.append(w, events::EventDraft{QString(events::topics::kShopifyReconciled),
                                                    {{QStringLiteral("shop"), domain},
                                                     {QStringLiteral("seen"), seen},
                                                     {QStringLiteral("created"), created},
                                                     {QStringLiteral("updated"), updated},
                                                     {QStringLiteral("error"), err}},
                                                    QStringLiteral("shop:") + domain,
                                                    QStringLiteral("shopify"),
                                                    QString(),
                                                    QString()});
        if (!e)
            return std::unexpected(e.error());
        return true;
    });
    if (!saved)
        return TaskOutcome::failure(QStringLiteral("store"), saved.error().message);
    if (failure)
        return taskFailureFrom(*failure);
    return TaskOutcome::success({{QStringLiteral("seen"), seen},
                                 {QStringLiteral("created"), created},
                                 {QStringLiteral("updated"), updated}});
}

} // namespace dc::shopify
