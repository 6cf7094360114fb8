// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/data/{namespace}[/{key}]: the shared JSON store with ETag / If-Match.
void registerDataRoutes(HttpFront &front, storage::Store &store);
} // namespace dc::api
