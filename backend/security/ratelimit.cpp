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

} // namespace dc::security
