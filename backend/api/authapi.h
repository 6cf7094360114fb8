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
class HttpFront;
// Password work (Argon2id for logins and for setting passwords) runs on this many threads, with
// at most kPasswordQueue requests waiting behind them; beyond, 503 with Retry-After.
constexpr int kPasswordWorkers = 2;
constexpr int kPasswordQueue = 16;
// /api/auth/* (tokens), /api/users, /api/keys, /api/auth/signing-keys, /api/audit. Returns the
// password workers (owned by the front): wait for them before closing the store.
QThreadPool *registerAuthRoutes(HttpFront &front, security::AuthService &auth,
                                security::AuditLog &audit, storage::Store &store);
} // namespace dc::api
