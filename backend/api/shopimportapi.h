// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /api/shops/{domain}/import: a shop's catalog (and its open orders) imported from Shopify, as a
// task whose progress GET /api/tasks/{id} shows.
namespace dc::shopify {
class CatalogImport;
}
namespace dc::api {
class HttpFront;
void registerShopImportRoutes(HttpFront &front, shopify::CatalogImport &import);
} // namespace dc::api
