// SPDX-License-Identifier: GPL-3.0-or-later
// The Shopify service's tasks: processing stored webhook deliveries, the reconciliation, and the
// Admin API actions agents and workflows call (shopify.create_fulfillment, ...).
#include "core/logging.h"
#include "events/eventbus.h"
#include "security/fieldcipher.h"
#include "shopify/shopifyjson.h"
#include "shopify/shopifyservice.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"

#include <QJsonDocument>

namespace dc::shopify {

using storage::DbError;
using storage::DbResult;
using storage::exec;
using tasks::TaskContext;
using tasks::TaskOutcome;

namespace {

QJsonObject stringSchema(const QStringList &required, const QJsonObject &props)
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("required"), QJsonArray::fromStringList(required)},
            {QStringLiteral("properties"), props}};
}

const QJsonObject kString{{QStringLiteral("type"), QStringLiteral("string")}};
const QJsonObject kInteger{{QStringLiteral("type"), QStringLiteral("integer")}};
const QJsonObject kBool{{QStringLiteral("type"), QStringLiteral("boolean")}};

TaskOutcome fromApiError(const ApiError &e)
{
    // A revoked token, a missing scope or a refused mutation will not fix itself by retrying.
    const bool retryable = e.kind == ApiError::Kind::Network || e.kind == ApiError::Kind::Server ||
                           e.kind == ApiError::Kind::Throttled;
    return TaskOutcome::failure(QStringLiteral("shopify_") + e.kindName(), e.message, retryable);
}

qint64 idInput(const QJsonObject &in, const char *name)
{
    const QJsonValue v = in.value(QLatin1String(name));
    return v.isString() ? v.toString().toLongLong() : v.toInteger();
}

DbResult<std::optional<qint64>> customerIdFor(QSqlDatabase db, const QString &shop,
                                              qint64 shopifyCustomerId)
{
    auto q = exec(
        db, QStringLiteral("SELECT id FROM customers WHERE shop = ? AND shopify_customer_id = ?"),
        {shop, shopifyCustomerId});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

} // namespace

DbResult<QString> ShopifyService::ingestOrder(WriteContext &w, const IngestedOrder &in,
                                              const QString &correlation)
{
    Order order = in.order;
    if (in.customer) {
        auto c = m_orders.upsertCustomer(w, *in.customer);
        if (!c)
            return std::unexpected(c.error());
        order.customerId = c->id;
    }
    auto outcome = m_orders.upsertShopifyOrder(w, order);
    if (!outcome)
        return std::unexpected(outcome.error());
    using K = storage::UpsertOutcome::Kind;
    if (outcome->kind == K::Stale)
        return QStringLiteral("stale");
    const bool created = outcome->kind == K::Created;
    auto e = m_bus.append(w, events::EventDraft{created ? QStringLiteral("order.created")
                                                        : QStringLiteral("order.updated"),
                                                orderEventData(order, outcome->id),
                                                QStringLiteral("order:%1").arg(outcome->id),
                                                QStringLiteral("shopify"), correlation, QString()});
    if (!e)
        return std::unexpected(e.error());
    return created ? QStringLiteral("created") : QStringLiteral("updated");
}

TaskOutcome ShopifyService::drainDeliveries()
{
    // New deliveries queue a new drain from now on (this one may already be past them).
    m_drainQueued = false;
    int processed = 0;
    for (int round = 0; round < 50; ++round) {
        auto rows = exec(m_store.reader(),
                         QStringLiteral("SELECT id, shop, topic, webhook_id, body, "
                                        "body_purged_at FROM webhook_deliveries WHERE state = "
                                        "'received' ORDER BY id LIMIT 100"));
        if (!rows)
            return TaskOutcome::failure(QStringLiteral("store"), rows.error().message);
        // Opened here, on the worker thread, so the writer thread only writes.
        QList<PendingDelivery> batch;
        while (rows->next()) {
            PendingDelivery d{rows->value(0).toLongLong(),
                              rows->value(1).toString(),
                              rows->value(2).toString(),
                              {},
                              {}};
            if (!rows->value(5).isNull()) {
                d.openError = QStringLiteral("its body was erased (a GDPR erasure) before it was "
                                             "processed");
                batch << d;
                continue;
            }
            auto opened = m_cipher.open(
                rows->value(4).toByteArray(),
                security::aadFor("webhook_deliveries", "body",
                                 d.shop + QLatin1Char('/') + rows->value(3).toString()));
            if (opened)
                d.payload = QJsonDocument::fromJson(*opened).object();
            else
                d.openError = opened.error();
            batch << d;
        }
        rows->finish();
        if (batch.isEmpty())
            break;
        auto done = m_store.writeAndWait<int>([&](WriteContext &w) -> DbResult<int> {
            int n = 0;
            for (const PendingDelivery &d : batch) {
                auto r = processDelivery(w, d);
                if (!r)
                    return std::unexpected(r.error());
                n += *r ? 1 : 0;
            }
            return n;
        });
        if (!done)
            return TaskOutcome::failure(QStringLiteral("store"), done.error().message);
        processed += *done;
    }
    // Still more (a long backlog): another drain continues, after other tasks had a turn.
    auto left = exec(m_store.reader(), QStringLiteral("SELECT 1 FROM webhook_deliveries WHERE "
                                                      "state = 'received' LIMIT 1"));
    if (left && left->next()) {
        left->finish();
        queueDrain();
    }
    return TaskOutcome::success({{QStringLiteral("processed"), processed}});
}

void ShopifyService::queueDrain()
{
    if (m_drainQueued.exchange(true))
        return;
    tasks::EnqueueRequest req;
    req.kind = QStringLiteral("shopify.process_deliveries");
    req.priority = 10;
    if (auto r = m_tasks.enqueue(req); !r) {
        m_drainQueued = false;
        qCWarning(lcShopify).noquote() << "cannot queue webhook processing:" << r.error().message;
    }
}

namespace {
bool shopUninstalled(QSqlDatabase db, const QString &shop)
{
    auto q = exec(db,
                  QStringLiteral("SELECT 1 FROM shops WHERE domain = ? AND active = 0 AND "
                                 "uninstalled_at IS NOT NULL"),
                  {shop});
    return q && q->next();
}
} // namespace

DbResult<bool> ShopifyService::processDelivery(WriteContext &w, const PendingDelivery &d)
{
    // Claimed inside this transaction: with several instances, or a drain racing another, a
    // delivery is processed exactly once.
    auto claim = exec(w.db(),
                      QStringLiteral("UPDATE webhook_deliveries SET state = 'processing' WHERE id "
                                     "= ? AND state = 'received'"),
                      {d.id});
    if (!claim)
        return std::unexpected(claim.error());
    if (claim->numRowsAffected() == 0)
        return false;
    const qint64 deliveryId = d.id;
    const QString &shop = d.shop;
    const QString &topic = d.topic;
    const QJsonObject &payload = d.payload;
    const QString correlation = QStringLiteral("shopify-delivery-%1").arg(deliveryId);
    auto result = [&]() -> DbResult<QJsonObject> {
        if (!d.openError.isEmpty())
            return QJsonObject{{QStringLiteral("state"), QStringLiteral("failed")},
                               {QStringLiteral("error"), d.openError}};

        QString state = QStringLiteral("processed");
        QString error;
        QJsonObject out;
        auto publish = [&](const QString &t, const QJsonObject &data,
                           const QString &key) -> DbResult<qint64> {
            return m_bus.append(w, events::EventDraft{t, data, key, QStringLiteral("shopify"),
                                                      correlation, QString()});
        };
        // The shop's id in a privacy or uninstall body must be the shop's: learned from the
        // first such delivery (or the Admin API), then compared.
        if (const qint64 bodyShopId = shopIdOfWebhook(topic, payload); bodyShopId > 0) {
            auto known =
                exec(w.db(), QStringLiteral("SELECT shopify_shop_id FROM shops WHERE domain = ?"),
                     {shop});
            if (!known)
                return std::unexpected(known.error());
            if (known->next()) {
                if (known->value(0).isNull()) {
                    known->finish();
                    if (auto u = exec(w.db(),
                                      QStringLiteral("UPDATE shops SET shopify_shop_id = ? WHERE "
                                                     "domain = ?"),
                                      {bodyShopId, shop});
                        !u)
                        return std::unexpected(u.error());
                } else if (known->value(0).toLongLong() != bodyShopId) {
                    state = QStringLiteral("refused");
                    error = QStringLiteral("shop_id %1 is not the shop's (%2)")
                                .arg(bodyShopId)
                                .arg(known->value(0).toLongLong());
                }
            }
        }
        if (state == QLatin1String("refused")) {
            // Recorded below with its reason; nothing is done.
        } else if (topic == QLatin1String("shop/redact") && !shopUninstalled(w.db(), shop)) {
            // Shopify asks to erase a shop's data 48 hours after the app was uninstalled; for a
            // shop that is installed, this is someone else's doing.
            state = QStringLiteral("refused");
            error = QStringLiteral("shop/redact for a shop that has not uninstalled the app");
        } else if (topic.startsWith(QLatin1String("orders/"))) {
            auto in = orderFromWebhook(payload, shop);
            if (!in) {
                state = QStringLiteral("failed");
                error = in.error();
            } else {
                auto r = ingestOrder(w, *in, correlation);
                if (!r)
                    return std::unexpected(r.error());
                out.insert(QStringLiteral("order"), *r);
                // A delivery about an order whose personal data was erased keeps no copy of it.
                auto erased = exec(
                    w.db(),
                    QStringLiteral("UPDATE webhook_deliveries SET body = ?, "
                                   "body_purged_at = ? WHERE id = ? AND EXISTS "
                                   "(SELECT 1 FROM orders WHERE shop = ? AND "
                                   "shopify_order_id = ? AND personal_erased = 1)"),
                    {QByteArray(""), storage::nowMs(), deliveryId, shop, in->order.shopifyOrderId});
                if (!erased)
                    return std::unexpected(erased.error());
            }
        } else if (topic == QLatin1String("products/create") ||
                   topic == QLatin1String("products/update")) {
            QJsonObject p = payload;
            auto cur =
                exec(w.db(), QStringLiteral("SELECT currency FROM shops WHERE domain = ?"), {shop});
            if (!cur)
                return std::unexpected(cur.error());
            p.insert(QStringLiteral("currency"),
                     cur->next() ? cur->value(0).toString() : QStringLiteral("EUR"));
            auto product = productFromWebhook(p, shop);
            if (!product) {
                state = QStringLiteral("failed");
                error = product.error();
            } else {
                auto r = storage::CatalogRepository().upsertProduct(w, *product);
                if (!r)
                    return std::unexpected(r.error());
                using K = storage::UpsertOutcome::Kind;
                if (r->kind != K::Stale) {
                    QJsonArray variants;
                    for (const Variant &v : product->variants)
                        variants.append(QJsonObject{
                            {QStringLiteral("variant_id"), QString::number(v.shopifyVariantId)},
                            {QStringLiteral("sku"), v.sku},
                            {QStringLiteral("price_minor"), v.price.minor},
                            {QStringLiteral("inventory_quantity"), v.inventoryQuantity}});
                    if (auto e = publish(r->kind == K::Created ? QStringLiteral("product.created")
                                                               : QStringLiteral("product.updated"),
                                         {{QStringLiteral("product_id"), r->id},
                                          {QStringLiteral("shopify_product_id"),
                                           QString::number(product->shopifyProductId)},
                                          {QStringLiteral("shop"), shop},
                                          {QStringLiteral("title"), product->title},
                                          {QStringLiteral("variants"), variants}},
                                         QStringLiteral("product:%1").arg(r->id));
                        !e)
                        return std::unexpected(e.error());
                }
                out.insert(QStringLiteral("product"), r->id);
            }
        } else if (topic == QLatin1String("inventory_levels/update")) {
            const qint64 item = idInput(payload, "inventory_item_id");
            const QJsonValue available = payload.value(QStringLiteral("available"));
            if (item <= 0 || !available.isDouble()) {
                state = QStringLiteral("failed");
                error = QStringLiteral("inventory_item_id and available are required");
            } else {
                auto variants = storage::CatalogRepository().setInventoryByItem(w, shop, item,
                                                                                available.toInt());
                if (!variants)
                    return std::unexpected(variants.error());
                QJsonArray ids;
                for (qint64 v : *variants)
                    ids.append(v);
                if (auto e = publish(QStringLiteral("stock.updated"),
                                     {{QStringLiteral("shop"), shop},
                                      {QStringLiteral("inventory_item_id"), QString::number(item)},
                                      {QStringLiteral("location_id"),
                                       QString::number(idInput(payload, "location_id"))},
                                      {QStringLiteral("available"), available.toInt()},
                                      {QStringLiteral("variant_ids"), ids}},
                                     QStringLiteral("inventory:%1").arg(item));
                    !e)
                    return std::unexpected(e.error());
            }
        } else if (topic == QLatin1String("app/uninstalled")) {
            if (auto q =
                    exec(w.db(),
                         QStringLiteral("UPDATE shops SET active = 0, health = "
                                        "'uninstalled', health_checked_at = ?, uninstalled_at = ? "
                                        "WHERE domain = ?"),
                         {storage::nowMs(), storage::nowMs(), shop});
                !q)
                return std::unexpected(q.error());
            if (auto e = publish(QStringLiteral("shop.uninstalled"),
                                 {{QStringLiteral("shop"), shop}}, QStringLiteral("shop:") + shop);
                !e)
                return std::unexpected(e.error());
        } else if (topic == QLatin1String("customers/data_request") ||
                   topic == QLatin1String("customers/redact") ||
                   topic == QLatin1String("shop/redact")) {
            // Privacy topics: the request is recorded; redactions are carried out at once.
            QList<qint64> customers;
            qint64 shopifyCustomer = 0;
            if (topic == QLatin1String("shop/redact")) {
                auto all =
                    exec(w.db(), QStringLiteral("SELECT id FROM customers WHERE shop = ?"), {shop});
                if (!all)
                    return std::unexpected(all.error());
                while (all->next())
                    customers << all->value(0).toLongLong();
            } else {
                shopifyCustomer =
                    idInput(payload.value(QStringLiteral("customer")).toObject(), "id");
                auto c = customerIdFor(w.db(), shop, shopifyCustomer);
                if (!c)
                    return std::unexpected(c.error());
                if (*c)
                    customers << **c;
            }
            QString requestState =
                customers.isEmpty() ? QStringLiteral("no_data") : QStringLiteral("done");
            int erasedOrders = 0;
            if (topic != QLatin1String("customers/data_request")) {
                for (qint64 c : customers) {
                    auto n = m_orders.eraseCustomer(w, c);
                    if (!n)
                        return std::unexpected(n.error());
                    erasedOrders += *n;
                }
                // Orders with no customer of ours (guest checkouts) are named by Shopify: the
                // orders to redact, or every order of a redacted shop.
                QList<qint64> guestOrders;
                if (topic == QLatin1String("shop/redact")) {
                    auto all = exec(w.db(),
                                    QStringLiteral("SELECT id FROM orders WHERE shop = ? AND "
                                                   "personal_erased = 0"),
                                    {shop});
                    if (!all)
                        return std::unexpected(all.error());
                    while (all->next())
                        guestOrders << all->value(0).toLongLong();
                } else {
                    QList<qint64> shopifyIds;
                    for (const QJsonValue &v :
                         payload.value(QStringLiteral("orders_to_redact")).toArray())
                        if (const qint64 sid = v.toVariant().toLongLong(); sid > 0)
                            shopifyIds << sid;
                    auto ids = m_orders.orderIdsByShopifyIds(w.db(), shop, shopifyIds);
                    if (!ids)
                        return std::unexpected(ids.error());
                    guestOrders = *ids;
                }
                auto n = m_orders.eraseOrders(w, guestOrders);
                if (!n)
                    return std::unexpected(n.error());
                erasedOrders += *n;
            } else if (!customers.isEmpty())
                requestState = QStringLiteral("ready"); // GET /api/customers/{id}/export
            const QString kind =
                topic == QLatin1String("customers/data_request") ? QStringLiteral("data_request")
                : topic == QLatin1String("customers/redact")     ? QStringLiteral("customer_redact")
                                                                 : QStringLiteral("shop_redact");
            const QByteArray orders =
                QJsonDocument(payload.value(QStringLiteral("orders_requested")).toArray())
                    .toJson(QJsonDocument::Compact);
            auto ins = exec(
                w.db(),
                QStringLiteral("INSERT INTO privacy_requests (shop, kind, shopify_customer_id, "
                               "customer_id, orders_requested, state, detail, delivery_id, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                {shop, kind,
                 shopifyCustomer > 0 ? QVariant(shopifyCustomer)
                                     : QVariant(QMetaType(QMetaType::LongLong)),
                 customers.size() == 1 ? QVariant(customers.first())
                                       : QVariant(QMetaType(QMetaType::LongLong)),
                 QString::fromUtf8(orders), requestState,
                 QStringLiteral("%1 customer(s), %2 order(s) cleared")
                     .arg(topic == QLatin1String("customers/data_request") ? 0 : customers.size())
                     .arg(erasedOrders),
                 deliveryId, storage::nowMs()});
            if (!ins)
                return std::unexpected(ins.error());
            ins->next();
            const qint64 requestId = ins->value(0).toLongLong();
            QJsonArray ids;
            for (qint64 c : customers)
                ids.append(c);
            if (auto e = publish(QStringLiteral("privacy.") + kind,
                                 {{QStringLiteral("request_id"), requestId},
                                  {QStringLiteral("shop"), shop},
                                  {QStringLiteral("customer_ids"), ids},
                                  {QStringLiteral("state"), requestState}},
                                 QStringLiteral("privacy:%1").arg(requestId));
                !e)
                return std::unexpected(e.error());
            out.insert(QStringLiteral("privacy_request"), requestId);
        } else {
            state = QStringLiteral("ignored"); // stored and acknowledged; nothing to do
        }
        if (auto u = exec(w.db(),
                          QStringLiteral("UPDATE webhook_deliveries SET state = ?, error = ?, "
                                         "processed_at = ? WHERE id = ?"),
                          {state, error.left(1000), storage::nowMs(), deliveryId});
            !u)
            return std::unexpected(u.error());
        out.insert(QStringLiteral("state"), state);
        if (!error.isEmpty())
            out.insert(QStringLiteral("error"), error);
        return out;
    }();
    if (!result)
        return std::unexpected(result.error());
    if (!d.openError.isEmpty())
        if (auto u = exec(w.db(),
                          QStringLiteral("UPDATE webhook_deliveries SET state = 'failed', error = "
                                         "?, processed_at = ? WHERE id = ?"),
                          {d.openError, storage::nowMs(), deliveryId});
            !u)
            return std::unexpected(u.error());
    return true;
}

TaskOutcome ShopifyService::reconcile(const QString &domain)
{
    auto conn = connectionFor(domain);
    if (!conn)
        return TaskOutcome::failure(QStringLiteral("shopify_not_configured"), conn.error(), false);
    auto s = shop(m_store.reader(), domain);
    if (!s || !s->has_value())
        return TaskOutcome::failure(QStringLiteral("not_found"), QStringLiteral("no shop"), false);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    // A small overlap: an order updated while the previous pass ran is read again (upserts
    // are guarded by updated_at, so reading twice costs nothing).
    QDateTime since = (*s)->reconciledThrough.isValid()
                          ? (*s)->reconciledThrough.addSecs(-60)
                          : started.addSecs(-3600LL * m_options.firstSyncHours);
    int created = 0, updated = 0, seen = 0;
    QDateTime through = (*s)->reconciledThrough;
    QString cursor;
    std::optional<ApiError> failure;
    for (int page = 0; page < 200; ++page) {
        auto p = m_client.ordersUpdatedSince(*conn, since, cursor);
        if (!p) {
            failure = p.error();
            break;
        }
        for (const QJsonValue &v : p->nodes) {
            auto in = orderFromGraphQL(v.toObject(), domain);
            if (!in) {
                qCWarning(lcShopify).noquote() << "reconciliation skipped an order:" << in.error();
                continue;
            }
            ++seen;
            auto r = m_store.writeAndWait<QString>([&](WriteContext &w) {
                return ingestOrder(w, *in, QStringLiteral("shopify-reconcile-") + domain);
            });
            if (!r)
                return TaskOutcome::failure(QStringLiteral("store"), r.error().message);
            created += *r == QLatin1String("created") ? 1 : 0;
            updated += *r == QLatin1String("updated") ? 1 : 0;
            if (!through.isValid() || in->order.shopifyUpdatedAt > through)
                through = in->order.shopifyUpdatedAt;
        }
        if (!p->hasNextPage)
            break;
        cursor = p->endCursor;
    }
    recordHealth(domain, failure);
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
        auto e = m_bus.append(w, events::EventDraft{QStringLiteral("shopify.reconciled"),
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
        return fromApiError(*failure);
    return TaskOutcome::success({{QStringLiteral("seen"), seen},
                                 {QStringLiteral("created"), created},
                                 {QStringLiteral("updated"), updated}});
}

void ShopifyService::registerTaskKinds()
{
    tasks::KindOptions internal;
    internal.description =
        QStringLiteral("Processes the stored webhook deliveries, oldest first (internal)");
    internal.retry.maxAttempts = 10;
    internal.internal = true;
    m_tasks.registerKind(
        QStringLiteral("shopify.process_deliveries"),
        [this](TaskContext &) { return drainDeliveries(); }, internal);

    tasks::KindOptions rec;
    rec.description = QStringLiteral("Pulls the orders updated since the last sync");
    rec.concurrency = 1;
    rec.timeoutMs = 10 * 60'000;
    rec.inputSchema = stringSchema({QStringLiteral("shop")}, {{QStringLiteral("shop"), kString}});
    rec.permission = QStringLiteral("settings.manage"); // as POST /api/shops/{domain}/reconcile
    m_tasks.registerKind(
        QStringLiteral("shopify.reconcile"),
        [this](TaskContext &ctx) {
            return reconcile(ctx.input.value(QStringLiteral("shop")).toString());
        },
        rec);

    // Admin API actions. Inputs name the shop and Shopify ids (strings or numbers).
    auto action = [this](const QString &name, const QString &permission, const QString &description,
                         QStringList required, QJsonObject props,
                         std::function<std::expected<QJsonObject, ApiError>(const ShopConnection &,
                                                                            const QJsonObject &)>
                             fn) {
        tasks::KindOptions o;
        o.description = description;
        o.permission = permission;
        o.timeoutMs = 5 * 60'000;
        props.insert(QStringLiteral("shop"), kString);
        required.prepend(QStringLiteral("shop"));
        o.inputSchema = stringSchema(required, props);
        m_tasks.registerKind(
            QStringLiteral("shopify.") + name,
            [this, fn, required](TaskContext &ctx) {
                for (const QString &f : required)
                    if (!ctx.input.contains(f))
                        return TaskOutcome::failure(QStringLiteral("invalid_input"),
                                                    f + QStringLiteral(": required"), false);
                const QString domain = ctx.input.value(QStringLiteral("shop")).toString();
                auto conn = connectionFor(domain);
                if (!conn)
                    return TaskOutcome::failure(QStringLiteral("shopify_not_configured"),
                                                conn.error(), false);
                auto r = fn(*conn, ctx.input);
                recordHealth(domain, r ? std::nullopt : std::optional<ApiError>(r.error()));
                if (!r)
                    return fromApiError(r.error());
                return TaskOutcome::success(*r);
            },
            o);
    };
    auto tracking = [](const QJsonObject &in) {
        return Tracking{in.value(QStringLiteral("tracking_company")).toString(),
                        in.value(QStringLiteral("tracking_number")).toString(),
                        in.value(QStringLiteral("tracking_url")).toString()};
    };
    action(QStringLiteral("create_fulfillment"), QStringLiteral("orders.sensitive"),
           QStringLiteral("Fulfils the order with tracking and tells the customer"),
           {QStringLiteral("shopify_order_id"), QStringLiteral("tracking_number")},
           {{QStringLiteral("shopify_order_id"), kString},
            {QStringLiteral("tracking_company"), kString},
            {QStringLiteral("tracking_number"), kString},
            {QStringLiteral("tracking_url"), kString},
            {QStringLiteral("notify_customer"), kBool}},
           [this, tracking](const ShopConnection &c, const QJsonObject &in) {
               return m_client.createFulfillment(
                   c, idInput(in, "shopify_order_id"), tracking(in),
                   in.value(QStringLiteral("notify_customer")).toBool(true));
           });
    action(QStringLiteral("update_tracking"), QStringLiteral("orders.sensitive"),
           QStringLiteral("Changes a fulfillment's tracking"),
           {QStringLiteral("fulfillment_id"), QStringLiteral("tracking_number")},
           {{QStringLiteral("fulfillment_id"), kString},
            {QStringLiteral("tracking_company"), kString},
            {QStringLiteral("tracking_number"), kString},
            {QStringLiteral("tracking_url"), kString},
            {QStringLiteral("notify_customer"), kBool}},
           [this, tracking](const ShopConnection &c, const QJsonObject &in) {
               QString id = in.value(QStringLiteral("fulfillment_id")).toString();
               if (!id.startsWith(QLatin1String("gid://")))
                   id = gid("Fulfillment", id.toLongLong());
               return m_client.updateTracking(
                   c, id, tracking(in), in.value(QStringLiteral("notify_customer")).toBool(true));
           });
    action(QStringLiteral("get_order"), QStringLiteral("personal.read"),
           QStringLiteral("Reads an order from Shopify"), {QStringLiteral("shopify_order_id")},
           {{QStringLiteral("shopify_order_id"), kString}},
           [this](const ShopConnection &c, const QJsonObject &in) {
               return m_client.order(c, idInput(in, "shopify_order_id"));
           });
    action(QStringLiteral("set_variant_price"), QStringLiteral("catalog.write"),
           QStringLiteral("Changes a variant's price"),
           {QStringLiteral("shopify_product_id"), QStringLiteral("shopify_variant_id"),
            QStringLiteral("price_minor"), QStringLiteral("currency")},
           {{QStringLiteral("shopify_product_id"), kString},
            {QStringLiteral("shopify_variant_id"), kString},
            {QStringLiteral("price_minor"), kInteger},
            {QStringLiteral("currency"), kString}},
           [this](const ShopConnection &c, const QJsonObject &in) {
               return m_client.setVariantPrice(
                   c, idInput(in, "shopify_product_id"), idInput(in, "shopify_variant_id"),
                   Money{in.value(QStringLiteral("price_minor")).toInteger(),
                         in.value(QStringLiteral("currency")).toString()});
           });
    action(QStringLiteral("set_inventory"), QStringLiteral("catalog.write"),
           QStringLiteral("Sets an item's available quantity"),
           {QStringLiteral("inventory_item_id"), QStringLiteral("location_id"),
            QStringLiteral("quantity")},
           {{QStringLiteral("inventory_item_id"), kString},
            {QStringLiteral("location_id"), kString},
            {QStringLiteral("quantity"), kInteger}},
           [this](const ShopConnection &c, const QJsonObject &in) {
               return m_client.setInventory(c, idInput(in, "inventory_item_id"),
                                            idInput(in, "location_id"),
                                            int(in.value(QStringLiteral("quantity")).toInteger()),
                                            QStringLiteral("correction"));
           });
    action(QStringLiteral("refund"), QStringLiteral("orders.sensitive"),
           QStringLiteral("Refunds an amount of an order"),
           {QStringLiteral("shopify_order_id"), QStringLiteral("amount_minor"),
            QStringLiteral("currency")},
           {{QStringLiteral("shopify_order_id"), kString},
            {QStringLiteral("amount_minor"), kInteger},
            {QStringLiteral("currency"), kString},
            {QStringLiteral("note"), kString},
            {QStringLiteral("notify_customer"), kBool}},
           [this](const ShopConnection &c, const QJsonObject &in) {
               return m_client.refund(c, idInput(in, "shopify_order_id"),
                                      Money{in.value(QStringLiteral("amount_minor")).toInteger(),
                                            in.value(QStringLiteral("currency")).toString()},
                                      in.value(QStringLiteral("note")).toString(),
                                      in.value(QStringLiteral("notify_customer")).toBool(false));
           });
}

} // namespace dc::shopify
