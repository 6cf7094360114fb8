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
    security::RateLimit auth{20, 60'000, 10}; // failed /api/auth/* attempts per address
    security::RateLimit sensitive{60, 60'000, 10};
    security::RateLimit failures{30, 60'000, 60}; // refused webhook signatures per address
    // A rate of 0 turns a limiter off.
    security::BackoffPolicy account; // failed logins per account (maxMs 0: off)
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

    // Failed logins. The per-address auth limit admits requests while it has room and counts
    // failures only, so an address with many good logins behind it (a balancer) is never
    // limited; an account (its user name's pseudonym) waits after failures, whatever address they
    // come from. Callable from any thread.
    qint64 accountWaitMs(const QString &account);
    // A failed attempt from peer; account: the login's account, empty for a refresh.
    void authFailed(const QHostAddress &peer, const QString &account = {});
    void loginSucceeded(const QString &account);

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
    security::FailureBackoff m_backoff;
    security::SharedRateLimiter *m_shared = nullptr;
};

} // namespace dc::api
