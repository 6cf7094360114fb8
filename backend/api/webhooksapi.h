// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// /webhooks/shopify (Shopify's deliveries) and /api/webhooks/* (what was received and refused):
// the HTTP side of the Shopify webhook receiver.
namespace dc::shopify {
class WebhookReceiver;
}
namespace dc::api {
class HttpFront;
void registerWebhookRoutes(HttpFront &front, shopify::WebhookReceiver &receiver);
} // namespace dc::api
