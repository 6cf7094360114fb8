// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/suppliers and /api/shipments.
void registerCatalogRoutes(HttpFront &front, storage::Store &store);
} // namespace dc::api
