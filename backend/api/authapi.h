// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
class QThreadPool;
namespace dc::security {
class AuthService;
class AuditLog;
} // namespace dc::security
namespace dc::storage {
class Store;
}
namespace dc::api {
class ApiGate;
class HttpFront;
// Password work (Argon2id for logins and for setting passwords) runs on this many threads, with
// at most kPasswordQueue requests waiting behind them; beyond, 503 with Retry-After.
constexpr int kPasswordWorkers = 2;
constexpr int kPasswordQueue = 16;
// /api/auth/* (tokens), /api/users, /api/keys, /api/auth/signing-keys, /api/audit. Returns the
// password workers (owned by the front): wait for them before closing the store.
// Failed logins and refreshes are counted by the gate (per address and per account).
QThreadPool *registerAuthRoutes(HttpFront &front, security::AuthService &auth,
                                security::AuditLog &audit, storage::Store &store, ApiGate &gate);
} // namespace dc::api
