// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/domain.h"

#include <QJsonObject>

class QThreadPool;
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/products, /api/suppliers and /api/shipments. minOrdersForScore: the supplier orders a
// supplier needs before it is scored ([data_analyzer] min_orders_for_score).
// Scores read every supplier's deliveries: /api/suppliers is computed on heavyReads, never on
// the HTTP thread that also receives webhooks.
void registerCatalogRoutes(HttpFront &front, storage::Store &store, int minOrdersForScore,
                           QThreadPool &heavyReads);
// An offer as the API shows it (GET /api/variants/{id}/offers, /api/products).
QJsonObject offerJson(const SupplierOffer &o);
} // namespace dc::api
