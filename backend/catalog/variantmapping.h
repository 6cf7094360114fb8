// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mapping a store variant to an AliExpress SKU from a pasted product URL or id: the product read
// with its SKUs and the shipping to the shop's main countries, the SKU that fits the variant
// suggested, and once the operator picks one, the offer created with its cost and shipping
// (catalog::OfferService) and the orders held for want of it put back into the flow. AliExpress
// is called on the caller's thread: callers run these off the HTTP thread.
#include "aliexpress/productlookup.h"
#include "storage/catalogrepository.h"
#include "storage/mappingrepository.h"

#include <optional>

namespace dc::events {
class EventBus;
}
namespace dc::orders {
class OrderLifecycle;
}
namespace dc::storage {
class OrderRepository;
}

namespace dc::catalog {

class OfferService;

class VariantMapping
{
public:
    VariantMapping(storage::Store &store, const storage::OrderRepository &orders,
                   events::EventBus &bus, const orders::OrderLifecycle &lifecycle,
                   const OfferService &offers, aliexpress::AliExpressClient &aliexpress)
        : m_store(store)
        , m_orders(orders)
        , m_bus(bus)
        , m_lifecycle(lifecycle)
        , m_offers(offers)
        , m_aliexpress(aliexpress)
    {}

    struct LookupRequest
    {
        QString product;       // a product page's URL or the product id
        QStringList countries; // ISO codes; empty: the shop's main countries
        QString currency;      // empty: the variant's, else the shops'
        qint64 variantId = 0;  // the variant to suggest a SKU for (0: none)
        QString skuId;         // the SKU to quote shipping for (empty: the suggested one)
    };
    struct Lookup
    {
        aliexpress::ProductLookup found;
        QString currency;
        QStringList countries;
        std::optional<storage::VariantRef> variant;
    };
    // Invalid (naming product, country, currency or sku_id) for what cannot be looked up, or
    // AliExpress's refusal of the product; NotFound for an unknown variant; AliExpress's
    // other errors as theirs (core/error.h).
    Result<Lookup> lookup(const LookupRequest &request) const;

    struct MapRequest
    {
        LookupRequest lookup;  // variantId is the variant mapped; skuId empty: the suggested SKU
        QString shippingCode;  // the delivery option (empty: the cheapest to each country)
        qint64 supplierId = 0; // 0: the AliExpress store's supplier, created when new
        int priority = 0;
        QString actor; // who maps (the orders' audit)
    };
    struct Mapped
    {
        SupplierOffer offer;
        QString supplierName;
        QList<qint64> released; // orders held for the variant, back into the flow
        Lookup lookup;
    };
    // The offer: the SKU's cost and stock, the highest of the chosen option's fees over the
    // countries it is delivered to, those countries as ships_to. Upserted by supplier and SKU.
    Result<Mapped> map(const MapRequest &request) const;

    Result<QList<storage::UnmappedVariant>> unmapped(int limit, int *total) const
    {
        return storage::MappingRepository().unmapped(m_store.reader(), limit, total);
    }
    // Where most orders of the last 90 days went (at most 3).
    Result<QStringList> mainCountries() const;

private:
    // Orders held unmapped_item for this variant whose every line now has an offer to their
    // country: moved back to received and order.released published (their run resumes).
    Result<QList<qint64>> releaseWaiting(qint64 shopifyVariantId, const QString &actor) const;

    storage::Store &m_store;
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    const orders::OrderLifecycle &m_lifecycle;
    const OfferService &m_offers;
    aliexpress::AliExpressClient &m_aliexpress;
};

} // namespace dc::catalog
