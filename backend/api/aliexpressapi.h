// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
class QThreadPool;
namespace dc::agents {
class Crew;
}
namespace dc::catalog {
class VariantMapping;
}
namespace dc::api {
class HttpFront;
// Connecting AliExpress (/api/integrations/aliexpress/authorize-url, /token) and mapping variants
// to its products (/api/aliexpress/products/{id}, /api/aliexpress/lookup, /api/variants/{id}/map,
// /api/variants/unmapped). Returns the pool the AliExpress calls run on (owned by the front):
// waited for before the store closes.
QThreadPool *registerAliExpressRoutes(HttpFront &front, agents::Crew &crew,
                                      const catalog::VariantMapping &mapping);
} // namespace dc::api
