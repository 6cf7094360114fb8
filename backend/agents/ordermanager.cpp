// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/ordermanager.h"

#include "agents/agentutil.h"
#include "core/jsonschema.h"
#include "core/logging.h"
#include "events/eventbus.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"

#include <QRegularExpression>

namespace dc::agents {

using aliexpress::AeError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;

namespace {

const QStringList kValidationHolds{QStringLiteral("address_incomplete"), QStringLiteral("not_paid"),
                                   QStringLiteral("unmapped_item"),
                                   QStringLiteral("address_rejected")};

// Countries where addresses have no postal code.
const QSet<QString> kNoPostcode{
    QStringLiteral("AE"), QStringLiteral("AG"), QStringLiteral("AO"), QStringLiteral("AW"),
    QStringLiteral("BF"), QStringLiteral("BI"), QStringLiteral("BJ"), QStringLiteral("BO"),
    QStringLiteral("BS"), QStringLiteral("BW"), QStringLiteral("BZ"), QStringLiteral("CD"),
    QStringLiteral("CF"), QStringLiteral("CG"), QStringLiteral("CI"), QStringLiteral("CM"),
    QStringLiteral("DJ"), QStringLiteral("DM"), QStringLiteral("ER"), QStringLiteral("FJ"),
    QStringLiteral("GA"), QStringLiteral("GD"), QStringLiteral("GH"), QStringLiteral("GM"),
    QStringLiteral("GQ"), QStringLiteral("GY"), QStringLiteral("HK"), QStringLiteral("JM"),
    QStringLiteral("KE"), QStringLiteral("KI"), QStringLiteral("KM"), QStringLiteral("KN"),
    QStringLiteral("LC"), QStringLiteral("ML"), QStringLiteral("MO"), QStringLiteral("MR"),
    QStringLiteral("MW"), QStringLiteral("NA"), QStringLiteral("QA"), QStringLiteral("RW"),
    QStringLiteral("SB"), QStringLiteral("SC"), QStringLiteral("SL"), QStringLiteral("SR"),
    QStringLiteral("TG"), QStringLiteral("TO"), QStringLiteral("TT"), QStringLiteral("TV"),
    QStringLiteral("TZ"), QStringLiteral("UG"), QStringLiteral("VU"), QStringLiteral("YE"),
    QStringLiteral("ZW")};
// Countries whose addresses need a state or province.
const QSet<QString> kNeedsProvince{QStringLiteral("US"), QStringLiteral("CA"), QStringLiteral("AU"),
                                   QStringLiteral("BR"), QStringLiteral("MX"), QStringLiteral("IN"),
                                   QStringLiteral("JP"), QStringLiteral("CN"), QStringLiteral("AR"),
                                   QStringLiteral("IT"), QStringLiteral("ES")};

const QRegularExpression &postcodePattern(const QString &country)
{
    static const QHash<QString, QRegularExpression> patterns{
        {QStringLiteral("US"), QRegularExpression(QStringLiteral("^\\d{5}(-\\d{4})?$"))},
        {QStringLiteral("FR"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("DE"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("IT"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("ES"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("BE"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("CH"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("AT"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("AU"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("NL"), QRegularExpression(QStringLiteral("^\\d{4} ?[A-Za-z]{2}$"))},
        {QStringLiteral("CA"),
         QRegularExpression(QStringLiteral("^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$"))},
        {QStringLiteral("GB"),
         QRegularExpression(QStringLiteral("^[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}$"))}};
    static const QRegularExpression any(QStringLiteral("^[A-Za-z0-9 -]{2,12}$"));
    auto it = patterns.constFind(country);
    return it == patterns.cend() ? any : *it;
}

// What is missing or malformed in an address for its country (empty: deliverable).
QStringList addressProblems(const std::optional<Address> &a)
{
    if (!a)
        return {QStringLiteral("shipping_address: missing")};
    QStringList p;
    const QString country = a->countryCode.trimmed().toUpper();
    if (a->name.trimmed().isEmpty())
        p << QStringLiteral("name: missing");
    if (a->address1.trimmed().isEmpty())
        p << QStringLiteral("address1: missing");
    if (a->city.trimmed().isEmpty())
        p << QStringLiteral("city: missing");
    if (country.size() != 2)
        p << QStringLiteral("country_code: missing");
    if (!kNoPostcode.contains(country)) {
        if (a->zip.trimmed().isEmpty())
            p << QStringLiteral("zip: missing for %1").arg(country);
        else if (!postcodePattern(country).match(a->zip.trimmed()).hasMatch())
            p << QStringLiteral("zip: \"%1\" is not a postal code of %2").arg(a->zip, country);
    }
    if (kNeedsProvince.contains(country) && a->province.trimmed().isEmpty())
        p << QStringLiteral("province: missing for %1").arg(country);
    return p;
}

const QJsonObject kOrderId = schema::object({{QStringLiteral("order_id"), schema::integer(1)}},
                                            {QStringLiteral("order_id")});

} // namespace

// What the order leaves once suppliers, shipping and payment fees are paid.
struct Margin
{
    qint64 revenue = 0, cost = 0, shipping = 0, fees = 0;
    qint64 minor() const { return revenue - cost - shipping - fees; }
    double percent() const { return revenue > 0 ? double(minor() * 10000 / revenue) / 100.0 : 0.0; }
    bool below(int basisPoints) const
    {
        return revenue <= 0 || minor() * 10000 < revenue * basisPoints;
    }
    QJsonObject toJson() const
    {
        return {{QStringLiteral("revenue_minor"), revenue},
                {QStringLiteral("cost_minor"), cost},
                {QStringLiteral("shipping_minor"), shipping},
                {QStringLiteral("fees_minor"), fees},
                {QStringLiteral("margin_minor"), minor()},
                {QStringLiteral("margin_percent"), percent()}};
    }
};

static Margin marginOf(const Order &o, qint64 cost, qint64 shipping, const OrderManagerSettings &s)
{
    return {o.total.minor - o.taxTotal.minor, cost, shipping,
            s.feeFixedMinor + (o.total.minor * s.feeBasisPoints + 5000) / 10000};
}

ActionFailure supplierFailure(const AeError &e)
{
    switch (e.kind) {
    case AeError::Kind::Config:
        return {QStringLiteral("NOT_CONFIGURED"), e.message};
    case AeError::Kind::Auth:
        return {QStringLiteral("SUPPLIER_AUTH"), e.message};
    case AeError::Kind::Business:
        if (e.code == QLatin1String("INVENTORY_HOLD_ERROR"))
            return {QStringLiteral("INVENTORY_HOLD"), e.message};
        if (e.code.contains(QLatin1String("ADDRESS")))
            return {QStringLiteral("ADDRESS_REJECTED"), e.code + QStringLiteral(": ") + e.message};
        break;
    default:
        break;
    }
    if (e.retryable)
        return {QStringLiteral("SUPPLIER_UNAVAILABLE"), e.code + QStringLiteral(": ") + e.message};
    return {QStringLiteral("SUPPLIER_ERROR"), e.code + QStringLiteral(": ") + e.message};
}

OrderManager::OrderManager(storage::Store &store, const storage::OrderRepository &orders,
                           events::EventBus &bus, const OrderLifecycle &lifecycle,
                           aliexpress::AliExpressClient &aliexpress, OrderManagerSettings settings)
    : m_store(store)
    , m_orders(orders)
    , m_bus(bus)
    , m_lifecycle(lifecycle)
    , m_aliexpress(aliexpress)
    , m_settings(std::move(settings))
{}

storage::DbResult<bool> OrderManager::move(qint64 orderId, OrderStatus to, const QString &reason,
                                           const QJsonObject &detail)
{
    return m_store.writeAndWait<bool>([&](WriteContext &w) {
        return m_lifecycle.transition(w, orderId, to, reason, QStringLiteral("agent:order_manager"),
                                      detail);
    });
}

std::optional<std::unexpected<ActionFailure>> OrderManager::holdIfLowMargin(const Order &order,
                                                                            const Margin &margin)
{
    if (!margin.below(m_settings.minMarginBasisPoints) || !order.marginApprovedBy.isEmpty())
        return std::nullopt;
    return hold(order.id, QStringLiteral("low_margin"), QStringLiteral("LOW_MARGIN"),
                QStringLiteral("margin %1 % is below %2 %: waiting for an operator's approval")
                    .arg(margin.percent())
                    .arg(m_settings.minMarginBasisPoints / 100.0));
}

std::unexpected<ActionFailure> OrderManager::hold(qint64 orderId, const QString &reason,
                                                  const QString &code, const QString &message)
{
    auto r = move(orderId, OrderStatus::OnHold, reason, {{QStringLiteral("detail"), message}});
    if (!r)
        qCWarning(lcAgents).noquote()
            << "order" << orderId << "could not be held:" << r.error().message;
    return fail(code, message);
}

ActionResult OrderManager::validateOrder(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    auto o = loadOrder(m_orders, m_store, id);
    if (!o)
        return std::unexpected(o.error());
    const Order &order = *o;
    const auto done = [&](bool already) {
        return QJsonObject{{QStringLiteral("order_id"), id},
                           {QStringLiteral("status"), QStringLiteral("validated")},
                           {QStringLiteral("country"), order.shippingCountry},
                           {QStringLiteral("line_items"), order.lineItems.size()},
                           {QStringLiteral("already"), already}};
    };
    switch (order.status) {
    case OrderStatus::Cancelled:
    case OrderStatus::Refunded:
        return fail(QStringLiteral("ORDER_CLOSED"),
                    QStringLiteral("order %1 is %2").arg(id).arg(orderStatusName(order.status)));
    case OrderStatus::Validated:
    case OrderStatus::SupplierOrdered:
    case OrderStatus::Shipped:
    case OrderStatus::Delivered:
        return done(true);
    case OrderStatus::OnHold:
        if (!kValidationHolds.contains(order.holdReason))
            return done(true); // held later in the flow (margin, stock): validation stands
        break;
    default:
        break;
    }
    if (order.financialStatus != QLatin1String("paid"))
        return hold(id, QStringLiteral("not_paid"), QStringLiteral("NOT_PAID"),
                    QStringLiteral("order %1 is %2, not paid")
                        .arg(id)
                        .arg(order.financialStatus.isEmpty() ? QStringLiteral("without payment")
                                                             : order.financialStatus));
    if (const QStringList p = addressProblems(order.shippingAddress); !p.isEmpty())
        return hold(id, QStringLiteral("address_incomplete"), QStringLiteral("ADDRESS_INCOMPLETE"),
                    p.join(QStringLiteral("; ")));
    const storage::CatalogRepository catalog;
    QStringList unmapped;
    for (const LineItem &li : order.lineItems) {
        auto v = catalog.findVariantByShopifyId(m_store.reader(), li.shopifyVariantId);
        if (!v)
            return storeFailure(v.error());
        if (!v->has_value()) {
            unmapped
                << QStringLiteral("%1 (variant %2 unknown)").arg(li.title).arg(li.shopifyVariantId);
            continue;
        }
        auto offers = catalog.offersForVariant(m_store.reader(), (*v)->id, order.shippingCountry);
        if (!offers)
            return storeFailure(offers.error());
        if (offers->isEmpty())
            unmapped << QStringLiteral("%1 (no supplier offer ships to %2)")
                            .arg(li.title, order.shippingCountry);
    }
    if (order.lineItems.isEmpty())
        unmapped << QStringLiteral("the order has no line items");
    if (!unmapped.isEmpty())
        return hold(id, QStringLiteral("unmapped_item"), QStringLiteral("UNMAPPED_ITEM"),
                    unmapped.join(QStringLiteral("; ")));
    auto t = move(id, OrderStatus::Validated, QStringLiteral("validated"));
    if (!t)
        return storeFailure(t.error());
    return done(false);
}

DbResult<QList<OrderManager::OfferRef>>
OrderManager::offersOfProducts(const QList<qint64> &productIds) const
{
    QList<OfferRef> out;
    for (qint64 pid : productIds) {
        auto q = exec(
            m_store.reader(),
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

std::expected<int, ActionFailure> OrderManager::refresh(const QList<OfferRef> &offers,
                                                        const QString &country)
{
    // One product.get per (AliExpress product, currency); each SKU's price and stock go to
    // the offers that name it.
    QHash<QString, QList<OfferRef>> byProduct;
    for (const OfferRef &o : offers)
        if (o.platform == QLatin1String("aliexpress"))
            byProduct[o.supplierProductId + QLatin1Char('|') + o.currency].append(o);
    int updated = 0;
    for (auto it = byProduct.cbegin(); it != byProduct.cend(); ++it) {
        const QString productId = it.key().section(QLatin1Char('|'), 0, 0);
        const QString currency = it.key().section(QLatin1Char('|'), 1);
        auto p = m_aliexpress.product(productId, country, currency);
        if (!p)
            return std::unexpected(supplierFailure(p.error()));
        auto w = m_store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
            int n = 0;
            for (const OfferRef &o : it.value()) {
                for (const aliexpress::SkuInfo &s : p->skus) {
                    if (s.skuId != o.supplierSkuId &&
                        !(o.supplierSkuId.isEmpty() && p->skus.size() == 1))
                        continue;
                    if (s.price.currency != o.currency)
                        continue; // a price in another currency cannot replace ours
                    auto u = exec(ctx.db(),
                                  QStringLiteral("UPDATE supplier_offers SET cost_minor = ?, "
                                                 "stock = ?, updated_at = ? WHERE id = ?"),
                                  {s.price.minor, s.stock, storage::nowMs(), o.offerId});
                    if (!u)
                        return std::unexpected(u.error());
                    ++n;
                }
            }
            return n;
        });
        if (!w)
            return std::unexpected(ActionFailure{QStringLiteral("store"), w.error().message});
        updated += *w;
    }
    return updated;
}

std::expected<QList<QJsonObject>, ActionFailure>
OrderManager::raiseStockAlerts(const QList<qint64> &variantIds, int threshold)
{
    auto r = m_store.writeAndWait<QList<QJsonObject>>(
        [&](WriteContext &w) -> DbResult<QList<QJsonObject>> {
            QList<QJsonObject> alerts;
            for (qint64 vid : variantIds) {
                auto q = exec(
                    w.db(),
                    QStringLiteral("SELECT v.product_id, v.sku, v.stock_alert_at, (SELECT "
                                   "MAX(o.stock) FROM supplier_offers o JOIN suppliers s ON s.id = "
                                   "o.supplier_id WHERE o.variant_id = v.id AND s.active = 1) FROM "
                                   "variants v WHERE v.id = ?"),
                    {vid});
                if (!q)
                    return std::unexpected(q.error());
                if (!q->next() || q->value(3).isNull())
                    continue; // no offer: nothing to watch
                const qint64 product = q->value(0).toLongLong();
                const QString sku = q->value(1).toString();
                const bool alerted = !q->value(2).isNull();
                const int stock = q->value(3).toInt();
                if (stock < threshold && !alerted) {
                    const QJsonObject data{{QStringLiteral("product_id"), product},
                                           {QStringLiteral("variant_id"), vid},
                                           {QStringLiteral("sku"), sku},
                                           {QStringLiteral("stock"), stock},
                                           {QStringLiteral("threshold"), threshold}};
                    if (auto e = m_bus.append(
                            w, events::EventDraft{QStringLiteral("product.stock_alert"), data,
                                                  QStringLiteral("product:%1").arg(product),
                                                  QStringLiteral("order_manager"), QString(),
                                                  QString()});
                        !e)
                        return std::unexpected(e.error());
                    if (auto u = exec(w.db(),
                                      QStringLiteral("UPDATE variants SET stock_alert_at = ? WHERE "
                                                     "id = ?"),
                                      {storage::nowMs(), vid});
                        !u)
                        return std::unexpected(u.error());
                    alerts.append(data);
                } else if (stock >= threshold && alerted) {
                    // Back in stock: the next shortage raises a new alert.
                    if (auto u = exec(w.db(),
                                      QStringLiteral("UPDATE variants SET stock_alert_at = NULL "
                                                     "WHERE id = ?"),
                                      {vid});
                        !u)
                        return std::unexpected(u.error());
                }
            }
            return alerts;
        });
    if (!r)
        return std::unexpected(ActionFailure{QStringLiteral("store"), r.error().message});
    return *r;
}

ActionResult OrderManager::checkInventory(TaskContext &ctx)
{
    // Shopify product ids, as the order's trigger data carries them.
    QList<qint64> productIds;
    QHash<qint64, QString> titles; // for the operator: products by name, not by our ids
    QStringList unknown;
    for (const QJsonValue &v : ctx.input.value(QStringLiteral("product_ids")).toArray()) {
        const qint64 shopifyId = v.isString() ? v.toString().toLongLong() : v.toInteger();
        auto q = exec(m_store.reader(),
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
    for (qint64 pid : productIds) {
        QJsonArray list;
        int best = 0;
        for (const OfferRef &o : *fresh) {
            if (o.productId != pid)
                continue;
            if (!variants.contains(o.variantId))
                variants << o.variantId;
            best = std::max(best, o.stock);
            list.append(QJsonObject{{QStringLiteral("offer_id"), o.offerId},
                                    {QStringLiteral("variant_id"), o.variantId},
                                    {QStringLiteral("supplier_id"), o.supplierId},
                                    {QStringLiteral("stock"), o.stock},
                                    {QStringLiteral("cost_minor"), o.costMinor},
                                    {QStringLiteral("currency"), o.currency}});
        }
        if (best <= 0)
            outOfStock << (list.isEmpty() ? QStringLiteral("%1 (no supplier offer)")
                                          : QStringLiteral("%1 (none in stock)"))
                              .arg(titles.value(pid));
        products.append(QJsonObject{{QStringLiteral("product_id"), pid},
                                    {QStringLiteral("in_stock"), best > 0},
                                    {QStringLiteral("offers"), list}});
    }
    auto alerts = raiseStockAlerts(variants, m_settings.stockAlertThreshold);
    if (!alerts)
        return std::unexpected(alerts.error());
    if (!outOfStock.isEmpty())
        return fail(QStringLiteral("OUT_OF_STOCK"),
                    QStringLiteral("no supplier can deliver %1").arg(outOfStock.join(u", ")));
    return QJsonObject{{QStringLiteral("in_stock"), true},
                       {QStringLiteral("refreshed_offers"), *refreshed},
                       {QStringLiteral("stock_alerts"), alerts->size()},
                       {QStringLiteral("products"), products}};
}

ActionResult OrderManager::prepareSupplierOrder(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    auto o = loadOrder(m_orders, m_store, id);
    if (!o)
        return std::unexpected(o.error());
    const Order &order = *o;
    if (order.status == OrderStatus::Cancelled || order.status == OrderStatus::Refunded)
        return fail(QStringLiteral("ORDER_CLOSED"),
                    QStringLiteral("order %1 is %2").arg(id).arg(orderStatusName(order.status)));
    if (order.status != OrderStatus::Validated && order.status != OrderStatus::SupplierOrdered &&
        order.status != OrderStatus::OnHold)
        return fail(QStringLiteral("WRONG_STATE"),
                    QStringLiteral("order %1 is %2: validate it first")
                        .arg(id)
                        .arg(orderStatusName(order.status)));
    const storage::CatalogRepository catalog;
    struct Group
    {
        qint64 supplierId = 0;
        QString supplierName, platform;
        QJsonArray lines;
        qint64 cost = 0, shipping = 0;
    };
    QMap<qint64, Group> groups;
    QJsonArray backups;
    for (const LineItem &li : order.lineItems) {
        auto v = catalog.findVariantByShopifyId(m_store.reader(), li.shopifyVariantId);
        if (!v)
            return storeFailure(v.error());
        if (!v->has_value())
            return hold(id, QStringLiteral("unmapped_item"), QStringLiteral("NO_OFFER"),
                        QStringLiteral("%1: variant %2 is not in the catalog")
                            .arg(li.title)
                            .arg(li.shopifyVariantId));
        auto offers = catalog.offersForVariant(m_store.reader(), (*v)->id, order.shippingCountry);
        if (!offers)
            return storeFailure(offers.error());
        if (offers->isEmpty())
            return hold(id, QStringLiteral("unmapped_item"), QStringLiteral("NO_OFFER"),
                        QStringLiteral("%1: no supplier offer ships to %2")
                            .arg(li.title, order.shippingCountry));
        // Preferred first; the first with enough stock in the order's currency wins.
        const SupplierOffer *chosen = nullptr;
        QStringList skipped;
        for (const SupplierOffer &offer : *offers) {
            if (offer.cost.currency != order.currency) {
                skipped << QStringLiteral("offer %1 is priced in %2")
                               .arg(offer.id)
                               .arg(offer.cost.currency);
                continue;
            }
            if (offer.stock < li.quantity) {
                skipped
                    << QStringLiteral("offer %1 has %2 in stock").arg(offer.id).arg(offer.stock);
                continue;
            }
            chosen = &offer;
            break;
        }
        if (!chosen)
            return hold(
                id, QStringLiteral("out_of_stock"), QStringLiteral("OUT_OF_STOCK"),
                QStringLiteral("%1 × %2: %3").arg(li.quantity).arg(li.title, skipped.join(u"; ")));
        if (chosen->id != offers->first().id)
            backups.append(QJsonObject{{QStringLiteral("line_item_id"), li.id},
                                       {QStringLiteral("offer_id"), chosen->id},
                                       {QStringLiteral("instead_of"), offers->first().id},
                                       {QStringLiteral("why"), skipped.join(u"; ")}});
        auto supplier = catalog.supplier(m_store.reader(), chosen->supplierId);
        if (!supplier)
            return storeFailure(supplier.error());
        Group &g = groups[chosen->supplierId];
        g.supplierId = chosen->supplierId;
        g.supplierName = supplier->has_value() ? (*supplier)->name : QString();
        g.platform = supplier->has_value() ? (*supplier)->platform : QString();
        g.cost += chosen->cost.minor * li.quantity;
        g.shipping += chosen->shippingCost.minor;
        g.lines.append(
            QJsonObject{{QStringLiteral("line_item_id"), li.id},
                        {QStringLiteral("variant_id"), (*v)->id},
                        {QStringLiteral("offer_id"), chosen->id},
                        {QStringLiteral("product_id"), chosen->supplierProductId},
                        {QStringLiteral("sku_id"), chosen->supplierSkuId},
                        {QStringLiteral("quantity"), li.quantity},
                        {QStringLiteral("cost_minor"), chosen->cost.minor * li.quantity}});
    }
    if (groups.isEmpty())
        return hold(id, QStringLiteral("unmapped_item"), QStringLiteral("NO_OFFER"),
                    QStringLiteral("the order has no line items"));
    qint64 cost = 0, shipping = 0;
    for (const Group &g : std::as_const(groups)) {
        cost += g.cost;
        shipping += g.shipping;
    }
    const Margin margin = marginOf(order, cost, shipping, m_settings);
    if (auto held = holdIfLowMargin(order, margin))
        return *held;
    if (order.status == OrderStatus::OnHold) {
        // Held for stock or margin, and now both are fine (stock came back, an operator
        // approved): back into the flow. Other holds need their own fix first.
        if (order.holdReason != QLatin1String("out_of_stock") &&
            order.holdReason != QLatin1String("low_margin"))
            return fail(QStringLiteral("WRONG_STATE"),
                        QStringLiteral("order %1 is on hold (%2)").arg(id).arg(order.holdReason));
        auto t = move(id, OrderStatus::Validated, QStringLiteral("hold cleared"));
        if (!t)
            return storeFailure(t.error());
    }

    const storage::SupplierOrderRepository repo;
    auto prepared = m_store.writeAndWait<QJsonArray>([&](WriteContext &w) -> DbResult<QJsonArray> {
        QJsonArray out;
        for (const Group &g : std::as_const(groups)) {
            SupplierOrder so;
            so.orderId = id;
            so.supplierId = g.supplierId;
            so.outOrderId = QStringLiteral("DC%1S%2").arg(id).arg(g.supplierId);
            so.lines = g.lines;
            so.cost = {g.cost, order.currency};
            so.shipping = {g.shipping, order.currency};
            auto p = repo.prepare(w, so);
            if (!p)
                return std::unexpected(p.error());
            out.append(QJsonObject{{QStringLiteral("id"), p->id},
                                   {QStringLiteral("supplier_id"), g.supplierId},
                                   {QStringLiteral("supplier"), g.supplierName},
                                   {QStringLiteral("platform"), g.platform},
                                   {QStringLiteral("out_order_id"), so.outOrderId},
                                   {QStringLiteral("already_placed"), p->placed},
                                   {QStringLiteral("cost_minor"), g.cost},
                                   {QStringLiteral("shipping_minor"), g.shipping},
                                   {QStringLiteral("lines"), g.lines}});
        }
        return out;
    });
    if (!prepared)
        return storeFailure(prepared.error());
    QJsonObject out = margin.toJson();
    out.insert(QStringLiteral("order_id"), id);
    out.insert(QStringLiteral("currency"), order.currency);
    out.insert(QStringLiteral("approved_by"), order.marginApprovedBy);
    out.insert(QStringLiteral("supplier_orders"), *prepared);
    out.insert(QStringLiteral("backups"), backups);
    return out;
}

ActionResult OrderManager::submitToSupplier(TaskContext &ctx)
{
    const QJsonObject prepared = ctx.input.value(QStringLiteral("prepared_order")).toObject();
    const qint64 id = idOf(prepared, "order_id");
    auto o = loadOrder(m_orders, m_store, id);
    if (!o)
        return std::unexpected(o.error());
    const Order &order = *o;
    if (order.status != OrderStatus::Validated && order.status != OrderStatus::SupplierOrdered)
        return fail(QStringLiteral("WRONG_STATE"),
                    QStringLiteral("order %1 is %2%3; only a validated order is submitted")
                        .arg(id)
                        .arg(orderStatusName(order.status),
                             order.holdReason.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" (%1)").arg(order.holdReason)));
    const storage::SupplierOrderRepository repo;
    // The rows are the truth, not the input: a caller cannot slip in other costs or lines.
    auto rows = repo.forOrder(m_store.reader(), id);
    if (!rows)
        return storeFailure(rows.error());
    QSet<qint64> wanted;
    for (const QJsonValue &v : prepared.value(QStringLiteral("supplier_orders")).toArray())
        wanted.insert(idOf(v.toObject(), "id"));
    qint64 cost = 0, shipping = 0;
    QList<SupplierOrder> toSubmit;
    for (const SupplierOrder &so : *rows) {
        if (!wanted.contains(so.id) || so.status == QLatin1String("cancelled"))
            continue;
        cost += so.cost.minor;
        shipping += so.shipping.minor;
        toSubmit.append(so);
    }
    if (toSubmit.isEmpty())
        return fail(QStringLiteral("NOTHING_TO_SUBMIT"),
                    QStringLiteral("order %1 has no prepared supplier order").arg(id));
    // Checked again here: a caller of this action alone cannot skip the margin guard.
    if (auto held = holdIfLowMargin(order, marginOf(order, cost, shipping, m_settings)))
        return *held;

    aliexpress::OrderAddress address;
    if (order.shippingAddress) {
        const Address &a = *order.shippingAddress;
        address = {a.name,     a.name, a.address1,    a.address2, a.city,
                   a.province, a.zip,  a.countryCode, a.phone};
    }
    const storage::CatalogRepository catalog;
    QJsonArray results;
    for (SupplierOrder so : toSubmit) {
        if (!so.supplierOrderId.isEmpty()) {
            results.append(QJsonObject{{QStringLiteral("id"), so.id},
                                       {QStringLiteral("supplier_id"), so.supplierId},
                                       {QStringLiteral("out_order_id"), so.outOrderId},
                                       {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                       {QStringLiteral("already_existed"), true}});
            continue;
        }
        auto supplier = catalog.supplier(m_store.reader(), so.supplierId);
        if (!supplier)
            return storeFailure(supplier.error());
        if (!supplier->has_value() || (*supplier)->platform != QLatin1String("aliexpress"))
            return fail(QStringLiteral("UNSUPPORTED_PLATFORM"),
                        QStringLiteral("supplier %1 is not on a platform DropCrew orders from")
                            .arg(so.supplierId));
        QList<aliexpress::OrderItem> items;
        for (const QJsonValue &l : so.lines) {
            const QJsonObject line = l.toObject();
            items.append({line.value(QStringLiteral("product_id")).toString(),
                          line.value(QStringLiteral("sku_id")).toString(),
                          line.value(QStringLiteral("quantity")).toInt(),
                          m_settings.logisticsService});
        }
        auto placed = m_aliexpress.createOrder(so.outOrderId, address, items);
        if (!placed) {
            const ActionFailure f = supplierFailure(placed.error());
            qCWarning(lcAliExpress).noquote() << "order" << id << "supplier order" << so.outOrderId
                                              << "attempt" << ctx.attempt << f.code;
            if (!placed.error().retryable) {
                so.status = QStringLiteral("failed");
                so.error = f.message;
                (void)m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
                    if (auto u = repo.update(w, so); !u)
                        return std::unexpected(u.error());
                    return true;
                });
            }
            if (f.code == QLatin1String("ADDRESS_REJECTED"))
                return hold(id, QStringLiteral("address_rejected"), f.code, f.message);
            return std::unexpected(f);
        }
        so.status = QStringLiteral("placed");
        so.supplierOrderId = placed->aeOrderId;
        so.error.clear();
        so.placedAt = QDateTime::currentDateTimeUtc();
        auto u = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
            if (auto r = repo.update(w, so); !r)
                return std::unexpected(r.error());
            return true;
        });
        if (!u)
            return storeFailure(u.error());
        results.append(QJsonObject{{QStringLiteral("id"), so.id},
                                   {QStringLiteral("supplier_id"), so.supplierId},
                                   {QStringLiteral("out_order_id"), so.outOrderId},
                                   {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                                   {QStringLiteral("already_existed"), placed->alreadyExisted}});
    }
    auto t = move(id, OrderStatus::SupplierOrdered, QStringLiteral("supplier order placed"),
                  {{QStringLiteral("supplier_orders"), results}});
    if (!t)
        return storeFailure(t.error());
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("status"), orderStatusName(OrderStatus::SupplierOrdered)},
                       {QStringLiteral("supplier_orders"), results}};
}

ActionResult OrderManager::syncTracking(TaskContext &ctx)
{
    const storage::SupplierOrderRepository repo;
    const storage::ShipmentRepository shipments;
    DbResult<QList<SupplierOrder>> list =
        ctx.input.contains(QStringLiteral("order_id"))
            ? repo.forOrder(m_store.reader(), idOf(ctx.input, "order_id"))
            : repo.open(m_store.reader(), 200);
    if (!list)
        return storeFailure(list.error());
    int checked = 0, fresh = 0, delivered = 0;
    QJsonArray found;
    QSet<qint64> touchedOrders;
    for (SupplierOrder so : *list) {
        if (so.supplierOrderId.isEmpty() ||
            (so.status != QLatin1String("placed") && so.status != QLatin1String("shipped")))
            continue;
        if (ctx.cancelled())
            break;
        ++checked;
        auto status = m_aliexpress.order(so.supplierOrderId);
        if (!status)
            return std::unexpected(supplierFailure(status.error()));
        auto lines = m_aliexpress.tracking(so.supplierOrderId);
        if (!lines)
            return std::unexpected(supplierFailure(lines.error()));
        const bool finished = status->status == QLatin1String("FINISH");
        auto w = m_store.writeAndWait<int>([&](WriteContext &w) -> DbResult<int> {
            int created = 0;
            for (const aliexpress::TrackingLine &l : *lines) {
                auto before = shipments.shipmentsForOrder(w.db(), so.orderId);
                if (!before)
                    return std::unexpected(before.error());
                bool existed = false;
                for (const Shipment &s : *before)
                    existed = existed || s.trackingNumber == l.trackingNumber;
                bool delivered = finished;
                QList<TrackingEvent> events;
                for (const auto &n : l.nodes) {
                    events.append({n.at, n.name, n.description, QString()});
                    delivered = delivered || n.name.contains(QLatin1String("elivered"));
                }
                Shipment s;
                s.orderId = so.orderId;
                s.supplierOrderId = so.supplierOrderId;
                s.carrier = l.carrier;
                s.trackingNumber = l.trackingNumber;
                s.trackingUrl = QStringLiteral("https://t.17track.net/en#nums=") + l.trackingNumber;
                s.status = delivered ? QStringLiteral("delivered") : QStringLiteral("in_transit");
                auto sid = shipments.upsertShipment(w, s);
                if (!sid)
                    return std::unexpected(sid.error());
                if (auto e = shipments.addTrackingEvents(w, *sid, events); !e)
                    return std::unexpected(e.error());
                if (!existed) {
                    ++created;
                    const QJsonObject data{
                        {QStringLiteral("order_id"), so.orderId},
                        {QStringLiteral("shipment_id"), *sid},
                        {QStringLiteral("supplier_order_id"), so.supplierOrderId},
                        {QStringLiteral("carrier"), s.carrier},
                        {QStringLiteral("tracking_number"), s.trackingNumber},
                        {QStringLiteral("tracking_url"), s.trackingUrl}};
                    found.append(data);
                    if (auto e = m_bus.append(
                            w, events::EventDraft{QStringLiteral("shipment.created"), data,
                                                  QStringLiteral("order:%1").arg(so.orderId),
                                                  QStringLiteral("order_manager"),
                                                  ctx.correlationId, QString()});
                        !e)
                        return std::unexpected(e.error());
                }
                if (delivered && !so.deliveredAt.isValid())
                    so.deliveredAt = QDateTime::currentDateTimeUtc();
            }
            if (!lines->isEmpty() && !so.shippedAt.isValid())
                so.shippedAt = QDateTime::currentDateTimeUtc();
            so.status = so.deliveredAt.isValid() ? QStringLiteral("delivered")
                        : !lines->isEmpty()      ? QStringLiteral("shipped")
                                                 : so.status;
            if (auto u = repo.update(w, so); !u)
                return std::unexpected(u.error());
            return created;
        });
        if (!w)
            return storeFailure(w.error());
        fresh += *w;
        if (so.status == QLatin1String("delivered")) {
            ++delivered;
            touchedOrders.insert(so.orderId);
        }
    }
    // An order is delivered when every one of its supplier orders is.
    for (qint64 orderId : touchedOrders) {
        auto all = repo.forOrder(m_store.reader(), orderId);
        auto o = m_orders.get(m_store.reader(), orderId);
        if (!all || !o || !o->has_value() || (*o)->status != OrderStatus::Shipped)
            continue;
        bool done = true;
        for (const SupplierOrder &s : *all)
            done = done && (s.status == QLatin1String("delivered") ||
                            s.status == QLatin1String("cancelled"));
        if (done)
            (void)move(orderId, OrderStatus::Delivered, QStringLiteral("delivered"));
    }
    return QJsonObject{{QStringLiteral("checked"), checked},
                       {QStringLiteral("new_shipments"), fresh},
                       {QStringLiteral("delivered"), delivered},
                       {QStringLiteral("shipments"), found}};
}

ActionResult OrderManager::markShipped(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    auto o = loadOrder(m_orders, m_store, id);
    if (!o)
        return std::unexpected(o.error());
    auto ships = storage::ShipmentRepository().shipmentsForOrder(m_store.reader(), id);
    if (!ships)
        return storeFailure(ships.error());
    if (ships->isEmpty())
        return fail(QStringLiteral("NO_SHIPMENT"),
                    QStringLiteral("order %1 has no shipment with tracking yet").arg(id));
    const OrderStatus st = o->status;
    if (st != OrderStatus::SupplierOrdered && st != OrderStatus::Shipped &&
        st != OrderStatus::Delivered)
        return fail(QStringLiteral("WRONG_STATE"),
                    QStringLiteral("order %1 is %2").arg(id).arg(orderStatusName(st)));
    const Shipment &s = ships->last();
    if (st == OrderStatus::SupplierOrdered) {
        auto t = move(id, OrderStatus::Shipped, QStringLiteral("shipped"),
                      {{QStringLiteral("carrier"), s.carrier},
                       {QStringLiteral("tracking_number"), s.trackingNumber},
                       {QStringLiteral("tracking_url"), s.trackingUrl}});
        if (!t)
            return storeFailure(t.error());
    }
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("status"), QStringLiteral("shipped")},
                       {QStringLiteral("shipments"), ships->size()},
                       {QStringLiteral("already"), st != OrderStatus::SupplierOrdered}};
}

ActionResult OrderManager::cancelSupplierOrder(TaskContext &ctx)
{
    const qint64 id = idOf(ctx.input, "order_id");
    const storage::SupplierOrderRepository repo;
    auto rows = repo.forOrder(m_store.reader(), id);
    if (!rows)
        return storeFailure(rows.error());
    int cancelled = 0;
    QJsonArray manual;
    auto w = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        for (SupplierOrder so : *rows) {
            if (so.status == QLatin1String("prepared") || so.status == QLatin1String("failed")) {
                so.status = QStringLiteral("cancelled");
                ++cancelled;
            } else if (so.status == QLatin1String("placed")) {
                // The dropshipping API has no cancellation: the buyer account cancels it.
                so.status = QStringLiteral("cancel_requested");
                manual.append(so.supplierOrderId);
            } else {
                continue;
            }
            if (auto u = repo.update(w, so); !u)
                return std::unexpected(u.error());
        }
        if (!manual.isEmpty())
            if (auto e = m_bus.append(
                    w, events::EventDraft{QStringLiteral("admin.notification"),
                                          {{QStringLiteral("subject"),
                                            QStringLiteral("Cancel AliExpress orders by hand")},
                                           {QStringLiteral("order_id"), id},
                                           {QStringLiteral("supplier_order_ids"), manual},
                                           {QStringLiteral("reason"),
                                            ctx.input.value(QStringLiteral("reason")).toString()}},
                                          QStringLiteral("order:%1").arg(id),
                                          QStringLiteral("order_manager"),
                                          ctx.correlationId,
                                          QString()});
                !e)
                return std::unexpected(e.error());
        return true;
    });
    if (!w)
        return storeFailure(w.error());
    return QJsonObject{{QStringLiteral("order_id"), id},
                       {QStringLiteral("cancelled"), cancelled},
                       {QStringLiteral("manual"), manual}};
}

ActionResult OrderManager::checkStock(TaskContext &ctx)
{
    const int threshold =
        ctx.input.value(QStringLiteral("threshold")).toInt(m_settings.stockAlertThreshold);
    auto q = exec(m_store.reader(),
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

ActionResult OrderManager::refreshOffers(TaskContext &ctx)
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
    // The margin each variant now makes at its preferred offer.
    auto q =
        exec(m_store.reader(),
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
            v.insert(QStringLiteral("margin_percent"),
                     double((price - cost) * 10000 / price) / 100.0);
        }
        variants.append(v);
    }
    auto alerts = raiseStockAlerts(ids, m_settings.stockAlertThreshold);
    if (!alerts)
        return std::unexpected(alerts.error());
    return QJsonObject{{QStringLiteral("product_id"), pid},
                       {QStringLiteral("refreshed_offers"), *n},
                       {QStringLiteral("stock_alerts"), alerts->size()},
                       {QStringLiteral("variants"), variants}};
}

std::expected<void, QString> OrderManager::subscribe(tasks::TaskManager &tasks)
{
    const QString name = QStringLiteral("order_manager.offers");
    m_bus.registerHandler(name, [&tasks](const events::Event &e) -> std::expected<void, QString> {
        const QJsonValue pid = e.data.value(QStringLiteral("product_id"));
        if (pid.isUndefined() || pid.isNull())
            return {};
        tasks::EnqueueRequest r;
        r.kind = QStringLiteral("order_manager.refresh_offers");
        r.input = {{QStringLiteral("product_id"), pid}};
        r.idempotencyKey = QStringLiteral("refresh_offers:event:%1").arg(e.id);
        r.correlationId = e.correlationId;
        auto q = tasks.enqueue(r);
        if (!q)
            return std::unexpected(q.error().message);
        return {};
    });
    events::SubscriptionSpec spec;
    spec.name = name;
    spec.kind = QStringLiteral("handler");
    spec.patterns = {QStringLiteral("product.created"), QStringLiteral("product.updated"),
                     QStringLiteral("price.changed")};
    auto s = m_bus.ensureSubscription(spec);
    if (!s)
        return std::unexpected(s.error().message);
    return {};
}

void OrderManager::registerActions(tasks::TaskManager &tasks)
{
    using namespace schema;
    const QString agent = QStringLiteral("order_manager");
    const ActionError notFound{QStringLiteral("ORDER_NOT_FOUND"), false,
                               QStringLiteral("no such order")};
    const ActionError closed{QStringLiteral("ORDER_CLOSED"), false,
                             QStringLiteral("the order is cancelled or refunded")};
    const ActionError wrongState{
        QStringLiteral("WRONG_STATE"), false,
        QStringLiteral("the order is not in a state this action applies to")};
    const QList<ActionError> supplierErrors{
        {QStringLiteral("NOT_CONFIGURED"), false,
         QStringLiteral("AliExpress credentials are missing")},
        {QStringLiteral("SUPPLIER_AUTH"), false,
         QStringLiteral("AliExpress refused the credentials: authorize the app again")},
        {QStringLiteral("SUPPLIER_UNAVAILABLE"), true,
         QStringLiteral("no answer, a timeout or a temporary AliExpress error")},
        {QStringLiteral("SUPPLIER_ERROR"), false,
         QStringLiteral("AliExpress refused the request")}};
    const auto bind = [this](ActionResult (OrderManager::*f)(TaskContext &)) {
        return [this, f](TaskContext &c) { return (this->*f)(c); };
    };

    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent,
         QStringLiteral("validate_order"),
         QStringLiteral(
             "Checks that the order is paid, its address is complete for its country and "
             "every line item has a supplier offer; holds it otherwise"),
         kOrderId,
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("status"), string()},
                 {QStringLiteral("country"), string()},
                 {QStringLiteral("line_items"), integer()},
                 {QStringLiteral("already"), boolean()}},
                {QStringLiteral("order_id"), QStringLiteral("status")}),
         {notFound,
          closed,
          {QStringLiteral("NOT_PAID"), false, QStringLiteral("not paid: held (not_paid)")},
          {QStringLiteral("ADDRESS_INCOMPLETE"), false,
           QStringLiteral("the address is incomplete for its country: held (address_incomplete)")},
          {QStringLiteral("UNMAPPED_ITEM"), false,
           QStringLiteral("a line item has no supplier offer: held (unmapped_item)")}}},
        bind(&OrderManager::validateOrder));

    QList<ActionError> inventoryErrors = supplierErrors;
    inventoryErrors << ActionError{QStringLiteral("UNKNOWN_PRODUCT"), false,
                                   QStringLiteral("a product id is not in the catalog")}
                    << ActionError{QStringLiteral("OUT_OF_STOCK"), false,
                                   QStringLiteral("no supplier has stock for a product")};
    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent, QStringLiteral("check_inventory"),
         QStringLiteral("Refreshes supplier price and stock for the products (Shopify ids) and "
                        "raises stock alerts"),
         object({{QStringLiteral("product_ids"), array(integer(), 500)},
                 {QStringLiteral("country"), string(2)}},
                {QStringLiteral("product_ids")}),
         object({{QStringLiteral("in_stock"), boolean()},
                 {QStringLiteral("refreshed_offers"), integer()},
                 {QStringLiteral("stock_alerts"), integer()},
                 {QStringLiteral("products"), array(anyObject())}},
                {QStringLiteral("in_stock"), QStringLiteral("products")}),
         inventoryErrors, 0, 2 * 60'000, 3},
        bind(&OrderManager::checkInventory));

    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent,
         QStringLiteral("prepare_supplier_order"),
         QStringLiteral(
             "Chooses an offer per line item (country, stock, backups), groups them per "
             "supplier and checks the margin; a low margin holds the order for approval"),
         kOrderId,
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("currency"), string()},
                 {QStringLiteral("revenue_minor"), integer()},
                 {QStringLiteral("cost_minor"), integer()},
                 {QStringLiteral("shipping_minor"), integer()},
                 {QStringLiteral("fees_minor"), integer()},
                 {QStringLiteral("margin_minor"), integer()},
                 {QStringLiteral("margin_percent"), number()},
                 {QStringLiteral("approved_by"), string()},
                 {QStringLiteral("supplier_orders"), array(anyObject())},
                 {QStringLiteral("backups"), array(anyObject())}},
                {QStringLiteral("order_id"), QStringLiteral("supplier_orders")}),
         {notFound,
          closed,
          wrongState,
          {QStringLiteral("NO_OFFER"), false, QStringLiteral("a line item has no offer: held")},
          {QStringLiteral("OUT_OF_STOCK"), false,
           QStringLiteral("no offer has enough stock, backups included: held (out_of_stock)")},
          {QStringLiteral("LOW_MARGIN"), false,
           QStringLiteral("the margin is below the minimum: held until an operator approves")}}},
        bind(&OrderManager::prepareSupplierOrder));

    QList<ActionError> submitErrors = supplierErrors;
    submitErrors << notFound << wrongState
                 << ActionError{QStringLiteral("NOTHING_TO_SUBMIT"), false,
                                QStringLiteral("no prepared supplier order")}
                 << ActionError{QStringLiteral("LOW_MARGIN"), false,
                                QStringLiteral("the margin is below the minimum: held")}
                 << ActionError{QStringLiteral("INVENTORY_HOLD"), true,
                                QStringLiteral("AliExpress holds the stock for other buyers")}
                 << ActionError{QStringLiteral("ADDRESS_REJECTED"), false,
                                QStringLiteral("AliExpress refused the address: held")}
                 << ActionError{QStringLiteral("UNSUPPORTED_PLATFORM"), false,
                                QStringLiteral("the supplier is not on AliExpress")};
    registerAction(
        tasks, QStringLiteral("orders.sensitive"),
        {agent, QStringLiteral("submit_to_supplier"),
         QStringLiteral(
             "Places the prepared supplier orders on AliExpress, once each (out_order_id)"),
         object({{QStringLiteral("prepared_order"),
                  object({{QStringLiteral("order_id"), integer(1)},
                          {QStringLiteral("supplier_orders"), array(anyObject())}},
                         {QStringLiteral("order_id"), QStringLiteral("supplier_orders")}, true)}},
                {QStringLiteral("prepared_order")}),
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("status"), string()},
                 {QStringLiteral("supplier_orders"), array(anyObject())}},
                {QStringLiteral("order_id"), QStringLiteral("supplier_orders")}),
         // Four at once: one run per order keeps an order's submissions apart, and
         // out_order_id makes a repeat harmless; more would only meet AliExpress's call limit.
         submitErrors, 4, 2 * 60'000, 6, 2000},
        bind(&OrderManager::submitToSupplier));

    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent, QStringLiteral("sync_tracking"),
         QStringLiteral("Polls supplier order status and tracking into shipments; publishes "
                        "shipment.created for new parcels (one order, or every open one)"),
         object({{QStringLiteral("order_id"), integer(1)}}),
         object({{QStringLiteral("checked"), integer()},
                 {QStringLiteral("new_shipments"), integer()},
                 {QStringLiteral("delivered"), integer()},
                 {QStringLiteral("shipments"), array(anyObject())}},
                {QStringLiteral("checked")}),
         supplierErrors, 1, 10 * 60'000, 3},
        bind(&OrderManager::syncTracking));

    registerAction(
        tasks, QStringLiteral("orders.write"),
        {agent,
         QStringLiteral("mark_shipped"),
         QStringLiteral(
             "Moves the order to shipped (publishes order.shipped) once it has tracking"),
         kOrderId,
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("status"), string()},
                 {QStringLiteral("shipments"), integer()},
                 {QStringLiteral("already"), boolean()}},
                {QStringLiteral("order_id")}),
         {notFound,
          wrongState,
          {QStringLiteral("NO_SHIPMENT"), true, QStringLiteral("no tracking yet")}}},
        bind(&OrderManager::markShipped));

    registerAction(
        tasks, QStringLiteral("orders.sensitive"),
        {agent,
         QStringLiteral("cancel_supplier_order"),
         QStringLiteral("Cancels supplier orders not yet placed; placed ones are flagged for a "
                        "manual cancellation (the API has none) with an admin notification"),
         object({{QStringLiteral("order_id"), integer(1)}, {QStringLiteral("reason"), string(500)}},
                {QStringLiteral("order_id")}),
         object({{QStringLiteral("order_id"), integer()},
                 {QStringLiteral("cancelled"), integer()},
                 {QStringLiteral("manual"), array({})}},
                {QStringLiteral("order_id")}),
         {}},
        bind(&OrderManager::cancelSupplierOrder));

    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent,
         QStringLiteral("check_stock"),
         QStringLiteral("Raises product.stock_alert for variants whose best supplier stock is "
                        "below the threshold (once per shortage)"),
         object({{QStringLiteral("threshold"), integer(0, 1'000'000)}}),
         object({{QStringLiteral("checked"), integer()},
                 {QStringLiteral("threshold"), integer()},
                 {QStringLiteral("alerts"), array(anyObject())}},
                {QStringLiteral("alerts")}),
         {}},
        bind(&OrderManager::checkStock));

    registerAction(
        tasks, QStringLiteral("agents.call"),
        {agent, QStringLiteral("refresh_offers"),
         QStringLiteral("Refreshes a product's supplier offers (price, stock) and reports each "
                        "variant's margin"),
         object(
             {{QStringLiteral("product_id"), integer(1)}, {QStringLiteral("country"), string(2)}},
             {QStringLiteral("product_id")}),
         object({{QStringLiteral("product_id"), integer()},
                 {QStringLiteral("refreshed_offers"), integer()},
                 {QStringLiteral("stock_alerts"), integer()},
                 {QStringLiteral("variants"), array(anyObject())}},
                {QStringLiteral("product_id")}),
         supplierErrors, 2},
        bind(&OrderManager::refreshOffers));
}

} // namespace dc::agents
