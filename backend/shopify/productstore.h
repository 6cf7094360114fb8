// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one way a Shopify product enters the catalog, whoever brings it: a products/* webhook or
// the catalog import (paged or bulk). The upsert is guarded by Shopify's updated_at (a version
// older than or as old as the stored one changes nothing: an import run again, or a webhook
// older than what an import brought), and product.created / product.updated is published in the
// same transaction. Also the GraphQL product node (as the products query and a bulk operation
// give it) to a product.
#include "core/domain.h"
#include "storage/orderrepository.h"
#include "storage/store.h"

#include <QJsonObject>
#include <expected>

namespace dc::events {
class EventBus;
}

namespace dc::shopify {

// The shop's currency as configured (product webhooks and GraphQL prices name none); EUR for a
// shop that is not configured.
storage::DbResult<QString> shopCurrency(QSqlDatabase db, const QString &shop);

storage::DbResult<storage::UpsertOutcome> storeProduct(storage::WriteContext &w,
                                                       events::EventBus &bus, const Product &p,
                                                       const QString &correlation);

// What storing a batch of GraphQL product nodes did.
struct ProductCounts
{
    int read = 0, created = 0, updated = 0, unchanged = 0, skipped = 0;
    QDateTime latestUpdate; // the newest Shopify updated_at read (kept when none is newer)
};
// A batch of product nodes (productFromGraphQL()) through storeProduct in one transaction: the
// catalog import's pages and the polling passes. A node that cannot be read is skipped with a
// warning.
storage::DbResult<void> storeProductNodes(storage::Store &store, events::EventBus &bus,
                                          const QList<QJsonObject> &nodes, const QString &shop,
                                          const QString &currency, const QString &correlation,
                                          ProductCounts &counts);

// A GraphQL Product node: id, title, vendor, status, updatedAt, images { nodes { url } },
// variants { nodes { id title sku price inventoryQuantity inventoryItem { id } } }, prices in
// `currency`. Every refusal names the field.
std::expected<Product, QString> productFromGraphQL(const QJsonObject &node, const QString &shop,
                                                   const QString &currency);

} // namespace dc::shopify
