// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::security {
class AuthService;
class AuditLog;
} // namespace dc::security
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/auth/* (tokens), /api/users, /api/keys, /api/auth/signing-keys, /api/audit.
void registerAuthRoutes(HttpFront &front, security::AuthService &auth, security::AuditLog &audit,
                        storage::Store &store);
} // namespace dc::api
