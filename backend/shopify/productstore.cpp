// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/productstore.h"

#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "shopify/shopifyjson.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>

namespace dc::shopify {

using storage::DbResult;

DbResult<QString> shopCurrency(QSqlDatabase db, const QString &shop)
{
    auto q =
        storage::exec(db, QStringLiteral("SELECT currency FROM shops WHERE domain = ?"), {shop});
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toString() : QStringLiteral("EUR");
}

DbResult<storage::UpsertOutcome> storeProduct(storage::WriteContext &w, events::EventBus &bus,
                                              const Product &p, const QString &correlation)
{
    auto r = storage::CatalogRepository().upsertProduct(w, p);
    if (!r)
        return std::unexpected(r.error());
    using K = storage::UpsertOutcome::Kind;
    if (r->kind == K::Stale)
        return r;
    QJsonArray variants;
    for (const Variant &v : p.variants)
        variants.append(
            QJsonObject{{QStringLiteral("variant_id"), QString::number(v.shopifyVariantId)},
                        {QStringLiteral("sku"), v.sku},
                        {QStringLiteral("price_minor"), v.price.minor},
                        {QStringLiteral("inventory_quantity"), v.inventoryQuantity}});
    auto e = bus.append(
        w, events::EventDraft{
               r->kind == K::Created ? QString(events::topics::kProductCreated)
                                     : QString(events::topics::kProductUpdated),
               {{QStringLiteral("product_id"), r->id},
                {QStringLiteral("shopify_product_id"), QString::number(p.shopifyProductId)},
                {QStringLiteral("shop"), p.shop},
                {QStringLiteral("title"), p.title},
                {QStringLiteral("variants"), variants}},
               QStringLiteral("product:%1").arg(r->id),
               QStringLiteral("shopify"),
               correlation,
               QString()});
    if (!e)
        return std::unexpected(e.error());
    return r;
}

DbResult<void> storeProductNodes(storage::Store &store, events::EventBus &bus,
                                 const QList<QJsonObject> &nodes, const QString &shop,
                                 const QString &currency, const QString &correlation,
                                 ProductCounts &counts)
{
    QList<Product> products;
    for (const QJsonObject &node : nodes) {
        ++counts.read;
        auto p = productFromGraphQL(node, shop, currency);
        if (!p) {
            ++counts.skipped;
            qCWarning(lcShopify).noquote()
                << shop << "skipped product" << node.value(QStringLiteral("id")).toString()
                << p.error();
            continue;
        }
        if (!counts.latestUpdate.isValid() || p->shopifyUpdatedAt > counts.latestUpdate)
            counts.latestUpdate = p->shopifyUpdatedAt;
        products << *p;
    }
    using Kind = storage::UpsertOutcome::Kind;
    auto kinds = store.writeAndWait<QList<Kind>>(
        [&](storage::WriteContext &w) -> DbResult<QList<Kind>> {
            QList<Kind> out;
            for (const Product &p : std::as_const(products)) {
                auto r = storeProduct(w, bus, p, correlation);
                if (!r)
                    return std::unexpected(r.error());
                out << r->kind;
            }
            return out;
        });
    if (!kinds)
        return std::unexpected(kinds.error());
    for (const Kind k : *kinds) {
        counts.created += k == Kind::Created ? 1 : 0;
        counts.updated += k == Kind::Updated ? 1 : 0;
        counts.unchanged += k == Kind::Stale ? 1 : 0;
    }
    return {};
}

std::expected<Product, QString> productFromGraphQL(const QJsonObject &node, const QString &shop,
                                                   const QString &currency)
{
    Product out;
    out.shop = shop;
    out.shopifyProductId = idFromGid(node.value(QStringLiteral("id")).toString());
    if (out.shopifyProductId <= 0)
        return std::unexpected(QStringLiteral("id: not a product id"));
    out.title = node.value(QStringLiteral("title")).toString().left(256);
    if (out.title.isEmpty())
        return std::unexpected(QStringLiteral("title: required"));
    out.vendor = node.value(QStringLiteral("vendor")).toString().left(128);
    // ACTIVE, DRAFT, ARCHIVED: the webhooks' lower-case words.
    out.status = node.value(QStringLiteral("status")).toString().toLower().left(16);
    out.shopifyUpdatedAt =
        QDateTime::fromString(node.value(QStringLiteral("updatedAt")).toString(), Qt::ISODateWithMs)
            .toUTC();
    if (!out.shopifyUpdatedAt.isValid())
        return std::unexpected(QStringLiteral("updatedAt: required (ISO 8601)"));
    const auto nodes = [&node](const char *connection) {
        return node.value(QLatin1String(connection))
            .toObject()
            .value(QStringLiteral("nodes"))
            .toArray();
    };
    int n = 0;
    for (const QJsonValue &v : nodes("variants")) {
        const QJsonObject vo = v.toObject();
        Variant var;
        var.shopifyVariantId = idFromGid(vo.value(QStringLiteral("id")).toString());
        if (var.shopifyVariantId <= 0)
            return std::unexpected(QStringLiteral("variants[%1].id: not a variant id").arg(n));
        var.sku = vo.value(QStringLiteral("sku")).toString().left(128);
        var.title = vo.value(QStringLiteral("title")).toString().left(256);
        // Money is a decimal string in the shop's currency.
        auto price = parseDecimalMoney(vo.value(QStringLiteral("price")).toString(), currency);
        if (!price)
            return std::unexpected(
                QStringLiteral("variants[%1].price: %2").arg(n).arg(price.error()));
        var.price = *price;
        var.inventoryQuantity = vo.value(QStringLiteral("inventoryQuantity")).toInt();
        var.shopifyInventoryItemId = idFromGid(vo.value(QStringLiteral("inventoryItem"))
                                                   .toObject()
                                                   .value(QStringLiteral("id"))
                                                   .toString());
        out.variants.append(var);
        ++n;
    }
    for (const QJsonValue &image : nodes("images"))
        if (const QString url = image.toObject().value(QStringLiteral("url")).toString();
            !url.isEmpty())
            out.images << url.left(2048);
    return out;
}

} // namespace dc::shopify
