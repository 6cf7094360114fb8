// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What mapping variants to supplier offers reads: the variants no active supplier's offer covers
// with the orders held for them, the shop's main destinations, and the supplier an AliExpress
// store becomes.
#include "storage/store.h"

#include <QStringList>

namespace dc::storage {

struct UnmappedVariant
{
    qint64 variantId = 0;
    qint64 shopifyVariantId = 0;
    QString sku;
    QString title; // the variant's ("Silver / M")
    qint64 priceMinor = 0;
    QString currency;
    qint64 productId = 0;
    QString productTitle;
    QString shop;
    int pendingOrders = 0; // orders held unmapped_item with a line of this variant
};

class MappingRepository
{
public:
    // Variants of products that are not archived with no offer from an active supplier, those
    // with the most held orders first; `total` gets how many there are in all.
    DbResult<QList<UnmappedVariant>> unmapped(QSqlDatabase db, int limit, int *total) const;
    // Orders held unmapped_item with a line of this Shopify variant, oldest first.
    DbResult<QList<qint64>> ordersWaitingFor(QSqlDatabase db, qint64 shopifyVariantId) const;
    // The countries most orders since sinceMs were shipped to, the most first.
    DbResult<QStringList> mainCountries(QSqlDatabase db, qint64 sinceMs, int count) const;
    // The currency most active shops sell in; empty without a shop.
    DbResult<QString> shopCurrency(QSqlDatabase db) const;
    // The supplier named `name` on `platform`, created when there is none; a name another
    // platform's supplier has gets " (<platform>)" appended.
    DbResult<qint64> supplierFor(WriteContext &ctx, const QString &name,
                                 const QString &platform) const;
};

} // namespace dc::storage
