// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /api/shops: the Shopify shops (their settings, secrets and health) and their reconciliation.
namespace dc::storage {
class Store;
}
namespace dc::shopify {
class ShopRegistry;
class Reconciler;
class WebhookReceiver;
} // namespace dc::shopify
namespace dc::api {
class HttpFront;
void registerShopRoutes(HttpFront &front, storage::Store &store, shopify::ShopRegistry &shops,
                        shopify::Reconciler &reconciler, const shopify::WebhookReceiver &receiver);
} // namespace dc::api
