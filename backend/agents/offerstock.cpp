// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/offerstock.h"

#include "agents/agentutil.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"

namespace dc::agents {

using aliexpress::AeError;
using orders::Margin;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;

DbResult<QList<OfferStock::OfferRef>>
OfferStock::offersOfProducts(const QList<qint64> &productIds) const
{
    QList<OfferRef> out;
    for (qint64 pid : productIds) {
        auto q = storage::cachedRead(
            m_steps.store.reader(),
            QStringLiteral("SELECT o.id, o.variant_id, v.product_id, o.supplier_id, s.platform, "
                           "o.supplier_product_id, o.supplier_sku_id, o.currency, o.cost_minor, "
                           "o.stock FROM supplier_offers o JOIN variants v ON v.id = o.variant_id "
                           "JOIN suppliers s ON s.id = o.supplier_id WHERE v.product_id = ? AND "
                           "s.active = 1 ORDER BY o.variant_id, o.priority, o.id"),
            {pid});
        if (!q)
            return std::unexpected(q.error());
        while (q->next())
            out.append({q->value(0).toLongLong(), q->value(1).toLongLong(),
                        q->value(2).toLongLong(), q->value(3).toLongLong(), q->value(4).toString(),
                        q->value(5).toString(), q->value(6).toString(), q->value(7).toString(),
                        q->value(8).toLongLong(), q->value(9).toInt()});
    }
    return out;
}

std::expected<OfferStock::Refreshed, ActionFailure>
OfferStock::refresh(const QList<OfferRef> &offers, const QString &country)
{
    // One product.get per (AliExpress product, currency); each SKU's price and stock go to
    // the offers that name it. One product failing does not stop the others (its backups are
    // other products).
    QHash<QString, QList<OfferRef>> byProduct;
    for (const OfferRef &o : offers)
        if (o.platform == QLatin1String("aliexpress"))
            byProduct[o.supplierProductId + QLatin1Char('|') + o.currency].append(o);
    Refreshed out;
    std::optional<aliexpress::AeError> firstError;
    for (auto it = byProduct.cbegin(); it != byProduct.cend(); ++it) {
        const QString productId = it.key().section(QLatin1Char('|'), 0, 0);
        const QString currency = it.key().section(QLatin1Char('|'), 1);
        auto p = m_steps.aliexpress.product(productId, country, currency);
        if (!p) {
            qCWarning(lcAgents).noquote()
                << "AliExpress product" << productId << "not read:" << p.error().code;
            out.failed.insert(productId, p.error());
            if (!firstError)
                firstError = p.error();
            // AliExpress refused this product (gone, not sold to that country...): its offers
            // cannot be bought now. A timeout says nothing about stock: left as it was.
            if (p.error().kind != aliexpress::AeError::Kind::Business)
                continue;
        }
        auto w = m_steps.store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
            int n = 0;
            for (const OfferRef &o : it.value()) {
                if (!p) {
                    auto u = exec(ctx.db(),
                                  QStringLiteral("UPDATE supplier_offers SET stock = 0, "
                                                 "updated_at = ? WHERE id = ?"),
                                  {storage::nowMs(), o.offerId});
                    if (!u)
                        return std::unexpected(u.error());
                    continue;
                }
                for (const aliexpress::SkuInfo &s : p->skus) {
                    if (s.skuId != o.supplierSkuId &&
                        !(o.supplierSkuId.isEmpty() && p->skus.size() == 1))
                        continue;
                    if (s.price.currency != o.currency)
                        continue; // a price in another currency cannot replace ours
                    // The attribute string too: it is what the order names the SKU by.
                    auto u = exec(ctx.db(),
                                  QStringLiteral("UPDATE supplier_offers SET cost_minor = ?, "
                                                 "stock = ?, supplier_sku_attr = COALESCE("
                                                 "NULLIF(?, ''), supplier_sku_attr), "
                                                 "updated_at = ? WHERE id = ?"),
                                  {s.price.minor, s.stock, s.skuAttr, storage::nowMs(), o.offerId});
                    if (!u)
                        return std::unexpected(u.error());
                    ++n;
                }
            }
            return n;
        });
        if (!w)
            return std::unexpected(ActionFailure{QStringLiteral("store"), w.error().message});
        out.updated += *w;
    }
    // Nothing answered: AliExpress is down (retried) or refuses us (not).
    if (firstError && out.failed.size() == byProduct.size())
        return std::unexpected(failureOf(firstError->toError()));
    return out;
}

std::expected<QList<QJsonObject>, ActionFailure>
OfferStock::raiseStockAlerts(const QList<qint64> &variantIds, int threshold)
{
    // A variant's product, sku, when its shortage was alerted and its best stock; whether
    // that calls for an alert or a restore (a change). No row: no offer, nothing to watch.
    struct Watched
    {
        qint64 product;
        QString sku;
        QVariant alertedAt;
        int stock;
        bool low, changes;
    };
    static const QString kWatched = QStringLiteral(
        "SELECT v.product_id, v.sku, v.stock_alert_at, (SELECT MAX(o.stock) FROM "
        "supplier_offers o JOIN suppliers s ON s.id = o.supplier_id WHERE o.variant_id = v.id "
        "AND s.active = 1) FROM variants v WHERE v.id = ?");
    const auto watched = [threshold](QSqlQuery &q) -> std::optional<Watched> {
        if (!q.next() || q.value(3).isNull())
            return std::nullopt;
        Watched out{q.value(0).toLongLong(),
                    q.value(1).toString(),
                    q.value(2),
                    q.value(3).toInt(),
                    false,
                    false};
        out.low = out.stock < threshold;
        // Still low (alerted once), or still fine: no change.
        out.changes = out.low == out.alertedAt.isNull();
        return out;
    };
    // Nearly every check changes nothing: read first, and write (a commit on the order's
    // way) only when an alert is raised or ended. The write reads again.
    bool changes = false;
    for (qint64 vid : variantIds) {
        auto q = storage::cachedRead(m_steps.store.reader(), kWatched, {vid});
        if (!q)
            return std::unexpected(ActionFailure{QStringLiteral("store"), q.error().message});
        const std::optional<Watched> v = watched(*q);
        changes = changes || (v && v->changes);
    }
    if (!changes)
        return QList<QJsonObject>{};
    auto r = m_steps.store.writeAndWait<QList<QJsonObject>>(
        [&](WriteContext &w) -> DbResult<QList<QJsonObject>> {
            QList<QJsonObject> alerts;
            for (qint64 vid : variantIds) {
                auto q = exec(w.db(), kWatched, {vid});
                if (!q)
                    return std::unexpected(q.error());
                const std::optional<Watched> v = watched(*q);
                if (!v || !v->changes)
                    continue;
                const qint64 product = v->product;
                const QVariant alertedAt = v->alertedAt;
                const int stock = v->stock;
                const bool low = v->low;
                // One alert per shortage, and one restore when it ends: the stock the storefront
                // can sell follows both (stock_alert_workflow, stock_restored_workflow).
                const qint64 now = storage::nowMs();
                const QJsonObject data{
                    {QStringLiteral("product_id"), product},
                    {QStringLiteral("variant_id"), vid},
                    {QStringLiteral("sku"), v->sku},
                    {QStringLiteral("stock"), stock},
                    {QStringLiteral("threshold"), threshold},
                    {QStringLiteral("alerted_at"),
                     QDateTime::fromMSecsSinceEpoch(low ? now : alertedAt.toLongLong(), Qt::UTC)
                         .toString(Qt::ISODateWithMs)}};
                const QString topic = low ? QString(events::topics::kProductStockAlert)
                                          : QString(events::topics::kProductStockRestored);
                if (auto e = m_steps.bus.append(
                        w,
                        events::EventDraft{topic, data, QStringLiteral("product:%1").arg(product),
                                           QStringLiteral("order_manager"), QString(), QString()});
                    !e)
                    return std::unexpected(e.error());
                if (auto u =
                        exec(w.db(),
                             QStringLiteral("UPDATE variants SET stock_alert_at = ? WHERE "
                                            "id = ?"),
                             {low ? QVariant(now) : QVariant(QMetaType(QMetaType::LongLong)), vid});
                    !u)
                    return std::unexpected(u.error());
                if (low)
                    alerts.append(data);
            }
            return alerts;
        });
    if (!r)
        return std::unexpected(ActionFailure{QStringLiteral("store"), r.error().message});
    return *r;
}

ActionResult OfferStock::checkInventory(TaskContext &ctx)
{
    // Shopify product ids, as the order's trigger data carries them.
    QList<qint64> productIds;
    QHash<qint64, QString> titles; // for the operator: products by name, not by our ids
    QStringList unknown;
    for (const QJsonValue &v : ctx.input.value(QStringLiteral("product_ids")).toArray()) {
        const qint64 shopifyId = v.isString() ? v.toString().toLongLong() : v.toInteger();
        auto q = storage::cachedRead(
            m_steps.store.reader(),
            QStringLiteral("SELECT id, title FROM products WHERE shopify_product_id = ?"),
            {shopifyId});
        if (!q)
            return storeFailure(q.error());
        if (!q->next()) {
            unknown << QString::number(shopifyId);
        } else if (!productIds.contains(q->value(0).toLongLong())) {
            productIds << q->value(0).toLongLong();
            titles.insert(q->value(0).toLongLong(), q->value(1).toString());
        }
    }
    if (!unknown.isEmpty())
        return fail(QStringLiteral("UNKNOWN_PRODUCT"),
                    QStringLiteral("products not in the catalog: %1").arg(unknown.join(u", ")));
    auto offers = offersOfProducts(productIds);
    if (!offers)
        return storeFailure(offers.error());
    const QString country =
        ctx.input.value(QStringLiteral("country")).toString(QStringLiteral("US"));
    auto refreshed = refresh(*offers, country);
    if (!refreshed)
        return std::unexpected(refreshed.error());
    auto fresh = offersOfProducts(productIds);
    if (!fresh)
        return storeFailure(fresh.error());
    QList<qint64> variants;
    QJsonArray products;
    QStringList outOfStock;
    std::optional<aliexpress::AeError> staleError;
    for (qint64 pid : productIds) {
        QJsonArray list;
        int best = 0;
        bool stale = false; // an offer's stock could not be read (a timeout)
        for (const OfferRef &o : *fresh) {
            if (o.productId != pid)
                continue;
            if (!variants.contains(o.variantId))
                variants << o.variantId;
            QJsonObject offer{{QStringLiteral("offer_id"), o.offerId},
                              {QStringLiteral("variant_id"), o.variantId},
                              {QStringLiteral("supplier_id"), o.supplierId},
                              {QStringLiteral("stock"), o.stock},
                              {QStringLiteral("cost_minor"), o.costMinor},
                              {QStringLiteral("currency"), o.currency}};
            const auto failed = refreshed->failed.constFind(o.supplierProductId);
            if (o.platform == QLatin1String("aliexpress") && failed != refreshed->failed.cend()) {
                // Not counted: its stock is unknown (or AliExpress refused the product).
                offer.insert(QStringLiteral("refresh_error"),
                             QString(failed->code + QStringLiteral(": ") + failed->message));
                if (failed->retryable) {
                    stale = true;
                    staleError = *failed;
                }
            } else {
                best = std::max(best, o.stock);
            }
            list.append(offer);
        }
        if (best <= 0 && stale) // maybe in stock: ask again rather than say it is not
            return std::unexpected(failureOf(staleError->toError()));
        if (best <= 0)
            outOfStock << (list.isEmpty() ? QStringLiteral("%1 (no supplier offer)")
                                          : QStringLiteral("%1 (none in stock)"))
                              .arg(titles.value(pid));
        products.append(QJsonObject{{QStringLiteral("product_id"), pid},
                                    {QStringLiteral("in_stock"), best > 0},
                                    {QStringLiteral("offers"), list}});
    }
    auto alerts = raiseStockAlerts(variants, m_steps.settings.stockAlertThreshold);
    if (!alerts)
        return std::unexpected(alerts.error());
    if (!outOfStock.isEmpty())
        return fail(QStringLiteral("OUT_OF_STOCK"),
                    QStringLiteral("no supplier can deliver %1").arg(outOfStock.join(u", ")));
    return QJsonObject{{QStringLiteral("in_stock"), true},
                       {QStringLiteral("refreshed_offers"), refreshed->updated},
                       {QStringLiteral("stock_alerts"), alerts->size()},
                       {QStringLiteral("products"), products}};
}

ActionResult OfferStock::checkStock(TaskContext &ctx)
{
    const int threshold =
        ctx.input.value(QStringLiteral("threshold")).toInt(m_steps.settings.stockAlertThreshold);
    auto q = exec(m_steps.store.reader(),
                  QStringLiteral("SELECT DISTINCT variant_id FROM supplier_offers ORDER BY 1"));
    if (!q)
        return storeFailure(q.error());
    QList<qint64> variants;
    while (q->next())
        variants << q->value(0).toLongLong();
    auto alerts = raiseStockAlerts(variants, threshold);
    if (!alerts)
        return std::unexpected(alerts.error());
    QJsonArray list;
    for (const QJsonObject &a : *alerts)
        list.append(a);
    return QJsonObject{{QStringLiteral("checked"), variants.size()},
                       {QStringLiteral("threshold"), threshold},
                       {QStringLiteral("alerts"), list}};
}

ActionResult OfferStock::refreshOffers(TaskContext &ctx)
{
    const qint64 pid = idOf(ctx.input, "product_id");
    auto offers = offersOfProducts({pid});
    if (!offers)
        return storeFailure(offers.error());
    const QString country =
        ctx.input.value(QStringLiteral("country")).toString(QStringLiteral("US"));
    auto n = refresh(*offers, country);
    if (!n)
        return std::unexpected(n.error());
    QJsonArray failures;
    for (auto it = n->failed.cbegin(); it != n->failed.cend(); ++it)
        failures.append(QJsonObject{
            {QStringLiteral("supplier_product_id"), it.key()},
            {QStringLiteral("error"), QString(it->code + QStringLiteral(": ") + it->message)}});
    // The margin each variant now makes at its preferred offer.
    auto q =
        exec(m_steps.store.reader(),
             QStringLiteral("SELECT v.id, v.price_minor, v.currency, (SELECT o.cost_minor + "
                            "o.shipping_minor FROM supplier_offers o WHERE o.variant_id = v.id "
                            "ORDER BY o.priority, o.id LIMIT 1) FROM variants v WHERE "
                            "v.product_id = ? ORDER BY v.id"),
             {pid});
    if (!q)
        return storeFailure(q.error());
    QJsonArray variants;
    QList<qint64> ids;
    while (q->next()) {
        const qint64 price = q->value(1).toLongLong();
        QJsonObject v{{QStringLiteral("variant_id"), q->value(0).toLongLong()},
                      {QStringLiteral("price_minor"), price},
                      {QStringLiteral("currency"), q->value(2).toString()}};
        ids << q->value(0).toLongLong();
        if (!q->value(3).isNull() && price > 0) {
            const qint64 cost = q->value(3).toLongLong();
            v.insert(QStringLiteral("cost_minor"), cost);
            // Before shipping and payment fees, which depend on the order it goes into.
            v.insert(QStringLiteral("margin_percent"), Margin{price, cost, 0, 0}.percent());
        }
        variants.append(v);
    }
    auto alerts = raiseStockAlerts(ids, m_steps.settings.stockAlertThreshold);
    if (!alerts)
        return std::unexpected(alerts.error());
    return QJsonObject{{QStringLiteral("product_id"), pid},
                       {QStringLiteral("refreshed_offers"), n->updated},
                       {QStringLiteral("refresh_failures"), failures},
                       {QStringLiteral("stock_alerts"), alerts->size()},
                       {QStringLiteral("variants"), variants}};
}

} // namespace dc::agents
