// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalog/variantmapping.h"

#include "catalog/offerservice.h"
#include "core/logging.h"
#include "core/money.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "orders/lifecycle.h"
#include "storage/orderrepository.h"

#include <QRegularExpression>

namespace dc::catalog {

using aliexpress::AeError;
using storage::DbError;

namespace {

constexpr qint64 kMainCountriesWindowMs = 90LL * 86'400'000;

dc::Error invalid(const QString &field, const QString &reason)
{
    return dc::Error{dc::Error::Kind::Invalid, reason, QString(), field};
}

// AliExpress refusing the product (gone, not sold there) is the request's fault; no answer, a
// refused token or a missing configuration are AliExpress's own errors.
dc::Error lookupError(const AeError &e)
{
    if (e.kind == AeError::Kind::Business)
        return invalid(QStringLiteral("product"),
                       QStringLiteral("AliExpress refused it: %1 (%2)").arg(e.code, e.message));
    return e.toError();
}

} // namespace

Result<QStringList> VariantMapping::mainCountries() const
{
    return storage::MappingRepository().mainCountries(
        m_store.reader(), m_aliexpress.now() - kMainCountriesWindowMs, 3);
}

Result<VariantMapping::Lookup> VariantMapping::lookup(const LookupRequest &r) const
{
    Lookup out;
    const QString productId = aliexpress::productIdFrom(r.product);
    if (productId.isEmpty())
        return std::unexpected(invalid(QStringLiteral("product"),
                                       QStringLiteral("an AliExpress product page's URL or a "
                                                      "product id")));
    if (r.variantId > 0) {
        auto v = storage::CatalogRepository().variantRef(m_store.reader(), r.variantId);
        if (!v)
            return std::unexpected(v.error());
        if (!v->has_value())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no variant %1").arg(r.variantId)});
        out.variant = **v;
    }
    static const QRegularExpression iso(QStringLiteral("^[A-Z]{2}$"));
    for (const QString &c : r.countries)
        if (!iso.match(c).hasMatch())
            return std::unexpected(
                invalid(QStringLiteral("country"),
                        QStringLiteral("\"%1\" is not an ISO 3166 code").arg(c)));
    out.countries = r.countries;
    if (out.countries.isEmpty()) {
        auto main = mainCountries();
        if (!main)
            return std::unexpected(main.error());
        out.countries = *main;
    }
    if (out.countries.isEmpty())
        return std::unexpected(invalid(QStringLiteral("country"),
                                       QStringLiteral("required until orders show the shop's "
                                                      "main countries")));
    out.currency = r.currency;
    if (out.currency.isEmpty() && out.variant)
        out.currency = out.variant->variant.price.currency;
    if (out.currency.isEmpty()) {
        auto c = storage::MappingRepository().shopCurrency(m_store.reader());
        if (!c)
            return std::unexpected(c.error());
        out.currency = c->isEmpty() ? QStringLiteral("USD") : *c;
    }
    if (!isCurrencyCode(out.currency))
        return std::unexpected(
            invalid(QStringLiteral("currency"), QStringLiteral("an ISO 4217 code in capitals")));
    auto found = aliexpress::lookUpProduct(
        m_aliexpress, productId, out.countries, out.currency,
        out.variant ? aliexpress::optionValues(out.variant->variant.title) : QStringList(),
        r.skuId);
    if (!found)
        return std::unexpected(lookupError(found.error()));
    out.found = *found;
    if (!r.skuId.isEmpty() &&
        std::none_of(found->product.skus.cbegin(), found->product.skus.cend(),
                     [&](const aliexpress::SkuInfo &s) { return s.skuId == r.skuId; }))
        return std::unexpected(
            invalid(QStringLiteral("sku_id"),
                    QStringLiteral("product %1 has no SKU %2").arg(productId, r.skuId)));
    return out;
}

Result<VariantMapping::Mapped> VariantMapping::map(const MapRequest &r) const
{
    if (r.lookup.variantId <= 0)
        return std::unexpected(invalid(QStringLiteral("variant_id"), QStringLiteral("required")));
    auto l = lookup(r.lookup);
    if (!l)
        return std::unexpected(l.error());
    const aliexpress::ProductInfo &product = l->found.product;
    QString skuId = r.lookup.skuId;
    if (skuId.isEmpty() && l->found.suggested >= 0)
        skuId = product.skus[l->found.suggested].skuId;
    if (skuId.isEmpty())
        return std::unexpected(invalid(QStringLiteral("sku_id"),
                                       QStringLiteral("required: no SKU of product %1 matches "
                                                      "the variant")
                                           .arg(product.productId)));
    const auto sku = std::find_if(product.skus.cbegin(), product.skus.cend(),
                                  [&](const aliexpress::SkuInfo &s) { return s.skuId == skuId; });
    const Money price = sku->price;
    const QString sells = l->variant->variant.price.currency;
    if (price.currency != sells)
        return std::unexpected(invalid(QStringLiteral("currency"),
                                       QStringLiteral("AliExpress priced it in %1; the variant "
                                                      "sells in %2")
                                           .arg(price.currency, sells)));
    // The chosen delivery to each country (the cheapest unless one is named); the offer
    // carries the dearest of them, so that no order's margin is overstated.
    SupplierOffer offer;
    qint64 shipping = 0;
    QStringList unreached;
    for (const aliexpress::CountryShipping &c : l->found.shipping) {
        const auto option = std::find_if(
            c.options.cbegin(), c.options.cend(), [&](const aliexpress::FreightOption &o) {
                return r.shippingCode.isEmpty() || o.code == r.shippingCode;
            });
        if (option == c.options.cend()) {
            unreached << c.country;
            continue;
        }
        shipping = std::max(shipping, option->fee.minor);
        offer.shipsTo << c.country;
    }
    if (offer.shipsTo.isEmpty())
        return std::unexpected(invalid(
            r.shippingCode.isEmpty() ? QStringLiteral("country") : QStringLiteral("shipping_code"),
            QStringLiteral("AliExpress delivers product %1 to none of %2%3")
                .arg(product.productId, unreached.join(QStringLiteral(", ")),
                     r.shippingCode.isEmpty() ? QString()
                                              : QStringLiteral(" by ") + r.shippingCode)));
    qint64 supplier = r.supplierId;
    QString supplierName;
    if (supplier == 0) {
        supplierName =
            product.storeName.isEmpty() ? QStringLiteral("AliExpress") : product.storeName;
        auto s = m_store.writeAndWait<qint64>([&](storage::WriteContext &w) {
            return storage::MappingRepository().supplierFor(w, supplierName,
                                                            QStringLiteral("aliexpress"));
        });
        if (!s)
            return std::unexpected(s.error());
        supplier = *s;
    }
    offer.supplierId = supplier;
    offer.variantId = r.lookup.variantId;
    offer.supplierProductId = product.productId;
    offer.supplierSkuId = skuId;
    offer.supplierSkuAttr = sku->skuAttr;
    offer.cost = price;
    offer.shippingCost = {shipping, price.currency};
    offer.stock = sku->stock;
    offer.priority = r.priority;
    auto id = m_offers.map(offer);
    if (!id)
        return std::unexpected(id.error());
    offer.id = *id;
    Mapped out{offer, supplierName, {}, *l};
    auto released = releaseWaiting(l->variant->variant.shopifyVariantId, r.actor);
    if (!released) // the offer stands; the held orders can still be retried by hand
        qCWarning(lcAliExpress).noquote()
            << "variant" << offer.variantId
            << "mapped; its held orders not released:" << released.error().message;
    else
        out.released = *released;
    return out;
}

Result<QList<qint64>> VariantMapping::releaseWaiting(qint64 shopifyVariantId,
                                                     const QString &actor) const
{
    auto waiting =
        storage::MappingRepository().ordersWaitingFor(m_store.reader(), shopifyVariantId);
    if (!waiting)
        return std::unexpected(waiting.error());
    QList<qint64> released;
    const storage::CatalogRepository catalog;
    for (qint64 id : *waiting) {
        auto done = m_store.writeAndWait<bool>([&](storage::WriteContext &w) -> Result<bool> {
            auto o = m_orders.get(w.db(), id);
            if (!o)
                return std::unexpected(o.error());
            if (!o->has_value() || (*o)->status != OrderStatus::OnHold ||
                (*o)->holdReason != QLatin1String("unmapped_item"))
                return false;
            const Order &order = **o;
            for (const LineItem &li : order.lineItems) {
                auto v = catalog.findVariantByShopifyId(w.db(), li.shopifyVariantId);
                if (!v)
                    return std::unexpected(v.error());
                if (!v->has_value())
                    return false;
                auto offers = catalog.offersForVariant(w.db(), (*v)->id, order.shippingCountry);
                if (!offers)
                    return std::unexpected(offers.error());
                if (offers->isEmpty())
                    return false;
            }
            auto t = m_lifecycle.transition(w, id, OrderStatus::Received,
                                            QStringLiteral("its items are mapped"), actor);
            if (!t)
                return std::unexpected(t.error());
            auto e = m_bus.append(
                w, events::EventDraft{QString(events::topics::kOrderReleased),
                                      {{QStringLiteral("order_id"), id},
                                       {QStringLiteral("name"), order.name},
                                       {QStringLiteral("hold_reason"), order.holdReason}},
                                      QStringLiteral("order:%1").arg(id),
                                      QStringLiteral("api")});
            if (!e)
                return std::unexpected(e.error());
            return true;
        });
        if (!done)
            return std::unexpected(done.error());
        if (*done)
            released << id;
    }
    return released;
}

} // namespace dc::catalog
