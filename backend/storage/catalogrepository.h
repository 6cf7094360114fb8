// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/domain.h"
#include "storage/orderrepository.h"
#include "storage/store.h"

namespace dc::storage {

// A page of the catalog as operators map it: products (newest first) with their variants and
// every offer of each variant, paused suppliers' included.
struct CatalogQuery
{
    QString text;              // in the product's title, a variant's title or SKU
    QString shop;              // empty: every shop
    bool unmappedOnly = false; // products with a variant that has no offer
    qint64 beforeId = 0;       // keyset cursor: products with a smaller id (0: from the newest)
    int limit = 50;
};

struct CatalogEntry
{
    Product product;
    QHash<qint64, QList<SupplierOffer>> offers; // by variant id, preferred first
};

// A variant with what an order line needs of its product.
struct VariantRef
{
    Variant variant;
    qint64 shopifyProductId = 0;
    QString productTitle;
    QString shop;
};

// Products and variants (from Shopify), suppliers and their offers for each variant.
class CatalogRepository
{
public:
    // Guarded by shopify_updated_at like orders; variants are upserted by Shopify variant id
    // and variants no longer listed are removed (with their offers).
    DbResult<UpsertOutcome> upsertProduct(WriteContext &ctx, const Product &p) const;
    DbResult<std::optional<Product>> getProduct(QSqlDatabase db, qint64 id) const;
    DbResult<std::optional<Variant>> findVariantByShopifyId(QSqlDatabase db,
                                                            qint64 shopifyVariantId) const;
    // By our id (GET /api/products' variant ids).
    DbResult<std::optional<VariantRef>> variantRef(QSqlDatabase db, qint64 variantId) const;

    DbResult<qint64> upsertSupplier(WriteContext &ctx, const Supplier &s) const;
    DbResult<QList<Supplier>> suppliers(QSqlDatabase db) const;
    // inventory_levels/update: the variants (ids) of this shop holding the inventory item.
    DbResult<QList<qint64>> setInventoryByItem(WriteContext &ctx, const QString &shop,
                                               qint64 inventoryItemId, int available) const;
    DbResult<std::optional<Supplier>> supplier(QSqlDatabase db, qint64 id) const;
    // By id; a name taken by another supplier is a Conflict.
    DbResult<void> updateSupplier(WriteContext &ctx, const Supplier &s) const;

    DbResult<QList<CatalogEntry>> catalog(QSqlDatabase db, const CatalogQuery &query) const;

    DbResult<qint64> upsertOffer(WriteContext &ctx, const SupplierOffer &o) const;
    // NotFound when the variant has no such offer.
    DbResult<void> removeOffer(WriteContext &ctx, qint64 variantId, qint64 offerId) const;
    DbResult<void> setOfferStock(WriteContext &ctx, qint64 offerId, int stock) const;
    // Offers for a variant that ship to the country (or everywhere), preferred first.
    DbResult<QList<SupplierOffer>> offersForVariant(QSqlDatabase db, qint64 variantId,
                                                    const QString &countryCode = {}) const;
};

class ShipmentRepository
{
public:
    // By (order, tracking number): a second sync of the same parcel updates it.
    DbResult<qint64> upsertShipment(WriteContext &ctx, const Shipment &s) const;
    // Tracking events already stored (same time and status) are skipped. Returns how many were new.
    DbResult<int> addTrackingEvents(WriteContext &ctx, qint64 shipmentId,
                                    const QList<TrackingEvent> &events) const;
    DbResult<QList<Shipment>> shipmentsForOrder(QSqlDatabase db, qint64 orderId) const;
    DbResult<std::optional<Shipment>> shipment(QSqlDatabase db, qint64 id) const;
    // Newest first; beforeId is the keyset cursor (0: from the newest).
    DbResult<QList<Shipment>> list(QSqlDatabase db, const QString &status, qint64 beforeId,
                                   int limit) const;
    // Every field but the order and the tracking events, by id.
    DbResult<void> update(WriteContext &ctx, const Shipment &s) const;

private:
    DbResult<QList<Shipment>> query(QSqlDatabase db, const QString &where,
                                    const QVariantList &binds) const;
};

} // namespace dc::storage
