// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
class QThreadPool;
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// GET /api/runs/{id}/payload: one node of a run's or a step's payload (input, output, trigger
// data), by JSON pointer, with its children a page at a time and long strings cut. The
// desktop's payload tree expands through it, so a large payload is never sent whole.
// Payloads are read and parsed on heavyReads.
void registerPayloadRoutes(HttpFront &front, storage::Store &store, QThreadPool &heavyReads);
} // namespace dc::api
