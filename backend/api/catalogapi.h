// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/domain.h"

#include <QJsonObject>

namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/products, /api/suppliers and /api/shipments.
void registerCatalogRoutes(HttpFront &front, storage::Store &store);
// An offer as the API shows it (GET /api/variants/{id}/offers, /api/products).
QJsonObject offerJson(const SupplierOffer &o);
} // namespace dc::api
