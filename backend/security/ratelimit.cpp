// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/ratelimit.h"

#include <algorithm>

namespace dc::security {

namespace {

// The decision for a bucket whose theoretical arrival time is tat, if a request came now.
RateDecision decide(qint64 tat, const RateLimit &limit, qint64 nowMs)
{
    const qint64 interval = std::max<qint64>(1, qint64(limit.periodMs) / std::max(1, limit.rate));
    const qint64 tolerance = interval * std::max(0, limit.burst - 1);
    tat = std::max(tat, nowMs);
    RateDecision d;
    d.limit = limit.burst;
    if (nowMs < tat - tolerance) {
        d.allowed = false;
        d.retryAfterMs = tat - tolerance - nowMs;
        d.resetMs = tat - nowMs;
        return d;
    }
    d.remaining = int(std::max<qint64>(0, (tolerance - (tat - nowMs)) / interval + 1));
    d.resetMs = tat - nowMs;
    return d;
}

} // namespace

qint64 BackoffPolicy::waitAfter(int failures) const
{
    if (maxMs <= 0 || failures <= freeFailures)
        return 0;
    const int doublings = std::min(failures - freeFailures - 1, 40);
    return std::min(maxMs, baseMs << doublings);
}

BackoffState BackoffState::failed(const BackoffPolicy &p, qint64 nowMs) const
{
    BackoffState next = *this;
    if (lastFailureMs > 0 && nowMs - lastFailureMs > p.forgetMs && nowMs >= lockedUntilMs)
        next.failures = 0; // quiet long enough: start over
    next.failures = std::min(next.failures + 1, 1'000'000);
    next.lastFailureMs = nowMs;
    next.lockedUntilMs = std::max(lockedUntilMs, nowMs + p.waitAfter(next.failures));
    return next;
}

qint64 FailureBackoff::waitMs(const QString &key, qint64 nowMs) const
{
    QMutexLocker lock(&m_lock);
    const auto it = m_state.constFind(key);
    return it == m_state.cend() ? 0 : std::max<qint64>(0, it->lockedUntilMs - nowMs);
}

qint64 FailureBackoff::failed(const QString &key, const BackoffPolicy &policy, qint64 nowMs)
{
    QMutexLocker lock(&m_lock);
    if (m_state.size() >= m_maxKeys && !m_state.contains(key)) {
        // Keys quiet for longer than forgetMs carry nothing: dropping them changes nothing.
        for (auto it = m_state.begin(); it != m_state.end();)
            it = nowMs - it->lastFailureMs > policy.forgetMs && it->lockedUntilMs <= nowMs
                     ? m_state.erase(it)
                     : std::next(it);
        if (m_state.size() >= m_maxKeys)
            m_state.clear(); // under a flood of distinct keys, fail open rather than grow
    }
    const BackoffState next = m_state.value(key).failed(policy, nowMs);
    m_state.insert(key, next);
    return std::max<qint64>(0, next.lockedUntilMs - nowMs);
}

void FailureBackoff::clear(const QString &key)
{
    QMutexLocker lock(&m_lock);
    m_state.remove(key);
}

RateDecision RateLimiter::peek(const QString &key, const RateLimit &limit, qint64 nowMs) const
{
    QMutexLocker lock(&m_lock);
    return decide(m_tat.value(key, nowMs), limit, nowMs);
}

RateDecision RateLimiter::check(const QString &key, const RateLimit &limit, qint64 nowMs)
{
    const qint64 interval = std::max<qint64>(1, qint64(limit.periodMs) / std::max(1, limit.rate));
    const qint64 tolerance = interval * std::max(0, limit.burst - 1);
    QMutexLocker lock(&m_lock);
    if (m_tat.size() >= m_maxKeys) {
        // Keys whose bucket is full again carry no state: dropping them changes nothing.
        for (auto it = m_tat.begin(); it != m_tat.end();)
            it = it.value() <= nowMs ? m_tat.erase(it) : std::next(it);
        if (m_tat.size() >= m_maxKeys)
            m_tat.clear(); // under a flood of distinct keys, fail open rather than grow
    }
    const qint64 tat = std::max(m_tat.value(key, nowMs), nowMs);
    const qint64 allowAt = tat - tolerance;
    RateDecision d;
    d.limit = limit.burst;
    if (nowMs < allowAt) {
        d.allowed = false;
        d.retryAfterMs = allowAt - nowMs;
        d.remaining = 0;
        d.resetMs = tat - nowMs;
        return d;
    }
    const qint64 newTat = tat + interval;
    m_tat.insert(key, newTat);
    d.remaining = int(std::max<qint64>(0, (tolerance - (newTat - nowMs)) / interval + 1));
    d.resetMs = newTat - nowMs;
    return d;
}

qsizetype RateLimiter::size() const
{
    QMutexLocker lock(&m_lock);
    return m_tat.size();
}

storage::DbResult<RateDecision> SharedRateLimiter::check(const QString &key, const RateLimit &limit,
                                                         qint64 nowMs)
{
    const qint64 interval = std::max<qint64>(1, qint64(limit.periodMs) / std::max(1, limit.rate));
    const qint64 tolerance = interval * std::max(0, limit.burst - 1);
    return m_store.writeAndWait<RateDecision>(
        [&](storage::WriteContext &w) -> storage::DbResult<RateDecision> {
            // Allowed when the bucket has room (max(tat, now) - now <= tolerance): then the
            // arrival time moves on by one interval, in the same statement.
            auto q = storage::exec(
                w.db(), w.backend(),
                QStringLiteral("INSERT INTO rate_limits AS r (key, tat) VALUES (?, ?) ON CONFLICT "
                               "(key) DO UPDATE SET tat = GREATEST(r.tat, ?) + ? WHERE "
                               "GREATEST(r.tat, ?) - ? <= ? RETURNING tat"),
                {key, nowMs + interval, nowMs, interval, nowMs, nowMs, tolerance});
            if (!q)
                return std::unexpected(q.error());
            RateDecision d;
            d.limit = limit.burst;
            if (q->next()) {
                const qint64 newTat = q->value(0).toLongLong();
                d.remaining =
                    int(std::max<qint64>(0, (tolerance - (newTat - nowMs)) / interval + 1));
                d.resetMs = newTat - nowMs;
                return d;
            }
            q->finish();
            auto cur =
                storage::exec(w.db(), w.backend(),
                              QStringLiteral("SELECT tat FROM rate_limits WHERE key = ?"), {key});
            if (!cur)
                return std::unexpected(cur.error());
            const qint64 tat = cur->next() ? cur->value(0).toLongLong() : nowMs;
            d.allowed = false;
            d.retryAfterMs = std::max<qint64>(1, tat - tolerance - nowMs);
            d.resetMs = tat - nowMs;
            return d;
        });
}

storage::DbResult<RateDecision> SharedRateLimiter::peek(const QString &key, const RateLimit &limit,
                                                        qint64 nowMs)
{
    QSqlDatabase db = m_store.reader();
    auto q = storage::exec(db, m_store.backend(),
                           QStringLiteral("SELECT tat FROM rate_limits WHERE key = ?"), {key});
    if (!q)
        return std::unexpected(q.error());
    const qint64 tat = q->next() ? q->value(0).toLongLong() : nowMs;
    q->finish();
    return decide(tat, limit, nowMs);
}

storage::DbResult<qint64> SharedRateLimiter::backoffWaitMs(const QString &key, qint64 nowMs)
{
    QSqlDatabase db = m_store.reader();
    auto q = storage::exec(db, m_store.backend(),
                           QStringLiteral("SELECT locked_until FROM login_backoff WHERE key = ?"),
                           {key});
    if (!q)
        return std::unexpected(q.error());
    const qint64 until = q->next() ? q->value(0).toLongLong() : 0;
    q->finish();
    return std::max<qint64>(0, until - nowMs);
}

storage::DbResult<qint64>
SharedRateLimiter::backoffFailed(const QString &key, const BackoffPolicy &policy, qint64 nowMs)
{
    // Read and write in one job: the writer (and on PostgreSQL the cluster write lock) runs one
    // at a time, so two instances' failures both count.
    return m_store.writeAndWait<qint64>([&](storage::WriteContext &w) -> storage::DbResult<qint64> {
        auto q = storage::exec(w.db(), w.backend(),
                               QStringLiteral("SELECT failures, locked_until, last_failure_at "
                                              "FROM login_backoff WHERE key = ?"),
                               {key});
        if (!q)
            return std::unexpected(q.error());
        BackoffState now;
        if (q->next())
            now = {q->value(0).toInt(), q->value(1).toLongLong(), q->value(2).toLongLong()};
        q->finish();
        const BackoffState next = now.failed(policy, nowMs);
        auto u = storage::exec(
            w.db(), w.backend(),
            QStringLiteral("INSERT INTO login_backoff (key, failures, locked_until, "
                           "last_failure_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
                           "SET failures = excluded.failures, locked_until = "
                           "excluded.locked_until, last_failure_at = excluded.last_failure_at"),
            {key, next.failures, next.lockedUntilMs, next.lastFailureMs});
        if (!u)
            return std::unexpected(u.error());
        return std::max<qint64>(0, next.lockedUntilMs - nowMs);
    });
}

storage::DbResult<void> SharedRateLimiter::backoffClear(const QString &key)
{
    auto r = m_store.writeAndWait<bool>([&](storage::WriteContext &w) -> storage::DbResult<bool> {
        auto q = storage::exec(w.db(), w.backend(),
                               QStringLiteral("DELETE FROM login_backoff WHERE key = ?"), {key});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
    if (!r)
        return std::unexpected(r.error());
    return {};
}

storage::DbResult<int> SharedRateLimiter::purge(qint64 nowMs, qint64 forgetMs)
{
    return m_store.writeAndWait<int>([&](storage::WriteContext &w) -> storage::DbResult<int> {
        auto q = storage::exec(w.db(), w.backend(),
                               QStringLiteral("DELETE FROM rate_limits WHERE tat < ?"), {nowMs});
        if (!q)
            return std::unexpected(q.error());
        const int n = q->numRowsAffected();
        q->finish();
        auto b = storage::exec(w.db(), w.backend(),
                               QStringLiteral("DELETE FROM login_backoff WHERE locked_until < ? "
                                              "AND last_failure_at < ?"),
                               {nowMs, nowMs - forgetMs});
        if (!b)
            return std::unexpected(b.error());
        return n + b->numRowsAffected();
    });
}

} // namespace dc::security
