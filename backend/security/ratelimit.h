// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp per key): each key
// may make `burst` requests at once and then one every `period / rate`.
#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>

namespace dc::security {

struct RateLimit
{
    int rate = 20;       // requests...
    int periodMs = 1000; // ...per this period
    int burst = 40;      // at once, from rest
};

struct RateDecision
{
    bool allowed = true;
    int limit = 0;           // the burst
    int remaining = 0;       // requests left right now
    qint64 retryAfterMs = 0; // when refused: wait this long
    qint64 resetMs = 0;      // until the bucket is full again
};

class RateLimiter
{
public:
    explicit RateLimiter(int maxKeys = 100'000)
        : m_maxKeys(maxKeys)
    {}
    // nowMs is monotonic milliseconds (tests pass their own clock).
    RateDecision check(const QString &key, const RateLimit &limit, qint64 nowMs);
    qsizetype size() const;

private:
    mutable QMutex m_lock;
    QHash<QString, qint64> m_tat; // theoretical arrival time per key
    int m_maxKeys;
};

} // namespace dc::security
