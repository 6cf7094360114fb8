// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/ratelimit.h"

#include <algorithm>

namespace dc::security {

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

storage::DbResult<int> SharedRateLimiter::purge(qint64 nowMs)
{
    return m_store.writeAndWait<int>([&](storage::WriteContext &w) -> storage::DbResult<int> {
        auto q = storage::exec(w.db(), w.backend(),
                               QStringLiteral("DELETE FROM rate_limits WHERE tat < ?"), {nowMs});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected();
    });
}

} // namespace dc::security
