// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The router's hooks: authentication (AuthService), rate limits (GCRA per address, per user or
// key, and stricter ones for /api/auth/* and sensitive routes), then audit and metrics for
// every answered request.
#include "api/metrics.h"
#include "api/router.h"
#include "security/ratelimit.h"

namespace dc::security {
class AuthService;
class AuditLog;
} // namespace dc::security

namespace dc::api {

struct GateLimits
{
    security::RateLimit perAddress{200, 1000, 400};
    security::RateLimit perPrincipal{100, 1000, 200};
    security::RateLimit auth{20, 60'000, 10};
    security::RateLimit sensitive{60, 60'000, 10};
    security::RateLimit failures{30, 60'000, 60}; // refused webhook signatures per address
    // A rate of 0 turns a limiter off.
};

class ApiGate
{
public:
    ApiGate(security::AuthService &auth, security::AuditLog &audit, HttpMetrics &metrics,
            GateLimits limits);
    // Instances sharing a database: the login and sensitive limits are kept there, so they hold
    // across the cluster (the others protect each instance and stay in memory).
    void shareLimits(security::SharedRateLimiter *shared) { m_shared = shared; }
    RouterHooks hooks();
    security::RateLimiter &limiter() { return m_limiter; }

private:
    Admission admit(const RouteSpec &spec, const security::Principal &who,
                    const QHostAddress &peer);
    Admission admitFailure(const RouteSpec &spec, const QHostAddress &peer);
    void finished(const RequestRecord &rec);

    security::AuthService &m_auth;
    security::AuditLog &m_audit;
    HttpMetrics &m_metrics;
    GateLimits m_limits;
    security::RateLimiter m_limiter;
    security::SharedRateLimiter *m_shared = nullptr;
};

} // namespace dc::api
