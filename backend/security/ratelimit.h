// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp per key): each key
// may make `burst` requests at once and then one every `period / rate`.
#include "storage/store.h"

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

// The same algorithm with its state in the database, for limits that must hold across
// instances sharing it: one atomic statement per check (use it for low-rate limits).
class SharedRateLimiter
{
public:
    explicit SharedRateLimiter(storage::Store &store)
        : m_store(store)
    {}
    // nowMs is wall-clock epoch milliseconds (instances share it, not a monotonic clock).
    storage::DbResult<RateDecision> check(const QString &key, const RateLimit &limit, qint64 nowMs);
    // Drops keys whose bucket is full again (nothing to remember).
    storage::DbResult<int> purge(qint64 nowMs);

private:
    storage::Store &m_store;
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
