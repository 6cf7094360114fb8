// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /api/shops: the Shopify shops (their settings, secrets and health), connecting them (scopes,
// webhook subscriptions, polling) and their reconciliation.
class QThreadPool;
namespace dc::storage {
class Store;
}
namespace dc::shopify {
class ShopifyService;
} // namespace dc::shopify
namespace dc::api {
class HttpFront;
// The routes that call Shopify answer from the returned pool (owned by the front), which must be
// drained (waitForDone) before the store closes.
QThreadPool *registerShopRoutes(HttpFront &front, storage::Store &store,
                                shopify::ShopifyService &shopify);
} // namespace dc::api
