// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/gate.h"

#include "api/response.h"
#include "security/audit.h"
#include "security/auth.h"

#include <QElapsedTimer>

namespace dc::api {

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

QByteArray ceilSeconds(qint64 ms)
{
    return QByteArray::number((ms + 999) / 1000);
}

QString addressKey(const QHostAddress &peer)
{
    return QStringLiteral("auth:") + peer.toString();
}

QString accountKey(const QString &account)
{
    return QStringLiteral("login:") + account;
}
} // namespace

ApiGate::ApiGate(security::AuthService &auth, security::AuditLog &audit, HttpMetrics &metrics,
                 GateLimits limits)
    : m_auth(auth)
    , m_audit(audit)
    , m_metrics(metrics)
    , m_limits(limits)
{}

RouterHooks ApiGate::hooks()
{
    RouterHooks h;
    h.authenticate = [this](const QByteArray &authorization) {
        return m_auth.authenticate(authorization);
    };
    h.admit = [this](const RouteSpec &spec, const security::Principal &who,
                     const QHostAddress &peer) { return admit(spec, who, peer); };
    h.admitFailure = [this](const RouteSpec &spec, const QHostAddress &peer) {
        return admitFailure(spec, peer);
    };
    h.finished = [this](const RequestRecord &rec) { finished(rec); };
    return h;
}

Admission ApiGate::admit(const RouteSpec &spec, const security::Principal &who,
                         const QHostAddress &peer)
{
    QList<std::pair<QString, const security::RateLimit *>> checks;
    if (!who.authenticated()) {
        if (spec.tag == QLatin1String("auth"))
            checks.append({addressKey(peer), &m_limits.auth});
        else
            checks.append({QStringLiteral("ip:") + peer.toString(), &m_limits.perAddress});
    } else {
        if (spec.sensitive)
            checks.append({QStringLiteral("sensitive:") + who.subject(), &m_limits.sensitive});
        checks.append({QStringLiteral("user:") + who.subject(), &m_limits.perPrincipal});
    }
    Admission a;
    const qint64 now = monotonicMs();
    for (const auto &[key, limit] : checks) {
        if (limit->rate <= 0)
            continue;
        security::RateDecision d;
        const bool cluster = m_shared && (limit == &m_limits.auth || limit == &m_limits.sensitive);
        // The auth limit counts failures (authFailed()): here it only says whether there is room.
        const bool failuresOnly = limit == &m_limits.auth;
        if (cluster) {
            const qint64 wall = QDateTime::currentMSecsSinceEpoch();
            auto shared = failuresOnly ? m_shared->peek(key, *limit, wall)
                                       : m_shared->check(key, *limit, wall);
            // The database unreachable: the instance's own bucket still limits.
            d = shared ? *shared
                       : (failuresOnly ? m_limiter.peek(key, *limit, now)
                                       : m_limiter.check(key, *limit, now));
        } else {
            d = failuresOnly ? m_limiter.peek(key, *limit, now) : m_limiter.check(key, *limit, now);
        }
        a.headers = {{"RateLimit-Limit", QByteArray::number(d.limit)},
                     {"RateLimit-Remaining", QByteArray::number(d.remaining)},
                     {"RateLimit-Reset", ceilSeconds(d.resetMs)}};
        if (!d.allowed) {
            QHttpServerResponse r =
                problem(Status::TooManyRequests, QStringLiteral("Too Many Requests"),
                        QStringLiteral("rate limit reached; retry in %1 s")
                            .arg(QString::fromLatin1(ceilSeconds(d.retryAfterMs))));
            r.addHeader("Retry-After", ceilSeconds(d.retryAfterMs));
            a.refusal.emplace(std::move(r));
            return a;
        }
    }
    return a;
}

Admission ApiGate::admitFailure(const RouteSpec &spec, const QHostAddress &peer)
{
    Admission a;
    if (m_limits.failures.rate <= 0)
        return a;
    const security::RateDecision d =
        m_limiter.check(QStringLiteral("fail:") + spec.tag + QLatin1Char(':') + peer.toString(),
                        m_limits.failures, monotonicMs());
    if (!d.allowed) {
        QHttpServerResponse r =
            problem(Status::TooManyRequests, QStringLiteral("Too Many Requests"),
                    QStringLiteral("too many refused requests from this address; retry in %1 s")
                        .arg(QString::fromLatin1(ceilSeconds(d.retryAfterMs))));
        r.addHeader("Retry-After", ceilSeconds(d.retryAfterMs));
        a.refusal.emplace(std::move(r));
    }
    return a;
}

qint64 ApiGate::accountWaitMs(const QString &account)
{
    if (m_limits.account.maxMs <= 0 || account.isEmpty())
        return 0;
    if (m_shared)
        if (auto w =
                m_shared->backoffWaitMs(accountKey(account), QDateTime::currentMSecsSinceEpoch()))
            return std::max(*w, m_backoff.waitMs(accountKey(account), monotonicMs()));
    return m_backoff.waitMs(accountKey(account), monotonicMs());
}

void ApiGate::authFailed(const QHostAddress &peer, const QString &account)
{
    if (m_limits.auth.rate > 0) {
        const bool shared = m_shared && m_shared->check(addressKey(peer), m_limits.auth,
                                                        QDateTime::currentMSecsSinceEpoch());
        if (!shared) // on one instance, or its database unreachable
            m_limiter.check(addressKey(peer), m_limits.auth, monotonicMs());
    }
    if (m_limits.account.maxMs > 0 && !account.isEmpty()) {
        const bool shared =
            m_shared && m_shared->backoffFailed(accountKey(account), m_limits.account,
                                                QDateTime::currentMSecsSinceEpoch());
        if (!shared)
            m_backoff.failed(accountKey(account), m_limits.account, monotonicMs());
    }
}

void ApiGate::loginSucceeded(const QString &account)
{
    if (m_limits.account.maxMs <= 0 || account.isEmpty())
        return;
    m_backoff.clear(accountKey(account));
    if (m_shared)
        (void)m_shared->backoffClear(accountKey(account));
}

void ApiGate::finished(const RequestRecord &rec)
{
    m_metrics.observe(rec.route ? rec.route->pattern : QStringLiteral("unmatched"), rec.method,
                      rec.status, double(rec.durationNs) / 1e9);
    if (rec.securityEvent == QLatin1String("rate_limited"))
        return; // counted in the metrics; a flood of refusals must not flood the audit log
    // /api/auth/* records its own, more precise events (login.ok, login.failed...); webhook
    // deliveries have their own log (webhook_deliveries, and the refusals).
    if (rec.route &&
        (rec.route->tag == QLatin1String("auth") || rec.route->tag == QLatin1String("webhooks")) &&
        rec.securityEvent.isEmpty())
        return;
    const bool mutating = rec.method != "GET" && rec.method != "HEAD" && rec.method != "OPTIONS";
    const bool securityEvent = rec.securityEvent == QLatin1String("token_refused") ||
                               rec.securityEvent == QLatin1String("permission_denied");
    if (!rec.route || (!mutating && !securityEvent))
        return;
    security::AuditEntry e;
    e.actor = rec.principal.subject();
    e.ip = rec.peer.toString();
    e.action = securityEvent
                   ? rec.securityEvent
                   : QString::fromLatin1(rec.method) + QLatin1Char(' ') + rec.route->pattern;
    e.target = rec.target;
    e.outcome = rec.status;
    e.detail = rec.detail;
    e.detail.insert(QStringLiteral("path"), rec.path);
    m_audit.record(std::move(e));
}

} // namespace dc::api
