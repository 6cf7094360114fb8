// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::catalog {
class OfferService;
}
namespace dc::api {
class HttpFront;
// /api/variants/{id}/offers (list, map) and /api/variants/{id}/offers/{offer_id} (remove).
void registerOfferRoutes(HttpFront &front, const catalog::OfferService &offers);
} // namespace dc::api
