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

// Exponential backoff on failures (failed logins per account): the first freeFailures cost
// nothing, then each failure makes the key wait baseMs, 2 x baseMs, 4 x baseMs... up to maxMs.
// Failures are forgotten forgetMs after the last one, or at once on a success (clear()).
struct BackoffPolicy
{
    int freeFailures = 5;
    qint64 baseMs = 1000;
    qint64 maxMs = 15 * 60'000; // 0 turns the backoff off
    qint64 forgetMs = 60 * 60'000;
    // The wait that the failures-th failure in a row imposes.
    qint64 waitAfter(int failures) const;
};

struct BackoffState
{
    int failures = 0;
    qint64 lockedUntilMs = 0;
    qint64 lastFailureMs = 0;
    // One more failure at nowMs.
    BackoffState failed(const BackoffPolicy &p, qint64 nowMs) const;
};

class FailureBackoff
{
public:
    explicit FailureBackoff(int maxKeys = 100'000)
        : m_maxKeys(maxKeys)
    {}
    // How long the key must wait before its next attempt (0: it may try now).
    qint64 waitMs(const QString &key, qint64 nowMs) const;
    // Records a failure; returns the wait it imposes.
    qint64 failed(const QString &key, const BackoffPolicy &policy, qint64 nowMs);
    void clear(const QString &key);

private:
    mutable QMutex m_lock;
    QHash<QString, BackoffState> m_state;
    int m_maxKeys;
};

// The same algorithms with their state in the database, for limits that must hold across
// instances sharing it (use them for low-rate limits).
class SharedRateLimiter
{
public:
    explicit SharedRateLimiter(storage::Store &store)
        : m_store(store)
    {}
    // nowMs is wall-clock epoch milliseconds (instances share it, not a monotonic clock).
    // One atomic statement per check (PostgreSQL).
    storage::DbResult<RateDecision> check(const QString &key, const RateLimit &limit, qint64 nowMs);
    // Whether check() would allow a request now, without counting one (a read).
    storage::DbResult<RateDecision> peek(const QString &key, const RateLimit &limit, qint64 nowMs);
    // FailureBackoff's operations (SQLite and PostgreSQL).
    storage::DbResult<qint64> backoffWaitMs(const QString &key, qint64 nowMs);
    storage::DbResult<qint64> backoffFailed(const QString &key, const BackoffPolicy &policy,
                                            qint64 nowMs);
    storage::DbResult<void> backoffClear(const QString &key);
    // Drops keys whose bucket is full again, and failures older than forgetMs (nothing to
    // remember).
    storage::DbResult<int> purge(qint64 nowMs, qint64 forgetMs = 60 * 60'000);

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
    // Whether check() would allow a request now, without counting one: for limits on failures,
    // admitted while there is room, counted (check()) once the attempt has failed.
    RateDecision peek(const QString &key, const RateLimit &limit, qint64 nowMs) const;
    qsizetype size() const;

private:
    mutable QMutex m_lock;
    QHash<QString, qint64> m_tat; // theoretical arrival time per key
    int m_maxKeys;
};

} // namespace dc::security
