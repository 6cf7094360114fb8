// SPDX-License-Identifier: GPL-3.0-or-later
// GCRA: a burst, then one request per interval; Retry-After figures; independent keys; bounded
// memory under a flood of distinct keys; peeking counts nothing. Failure backoff: free failures,
// then doubling waits up to a cap, forgotten after a quiet period or cleared by a success.
#include "security/ratelimit.h"

#include <QtTest>

using namespace dc::security;

class TestRateLimit : public QObject
{
    Q_OBJECT
private slots:
    void burstThenSteadyRate();
    void keysAreIndependent();
    void memoryIsBounded();
    void peekCountsNothing();
    void failureBackoffDoubles();
};

void TestRateLimit::burstThenSteadyRate()
{
    RateLimiter rl;
    const RateLimit limit{10, 1000, 3}; // 10/s (one per 100 ms), bursts of 3
    qint64 t = 1'000'000;
    for (int i = 0; i < 3; ++i) {
        const RateDecision d = rl.check(QStringLiteral("k"), limit, t);
        QVERIFY(d.allowed);
        QCOMPARE(d.remaining, 2 - i);
        QCOMPARE(d.limit, 3);
    }
    RateDecision refused = rl.check(QStringLiteral("k"), limit, t);
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.retryAfterMs, 100);
    QCOMPARE(refused.remaining, 0);
    QVERIFY(!rl.check(QStringLiteral("k"), limit, t + 99).allowed);
    QVERIFY(rl.check(QStringLiteral("k"), limit, t + 100).allowed);
    QVERIFY(!rl.check(QStringLiteral("k"), limit, t + 150).allowed);
    // After a full rest the whole burst is back.
    t += 10'000;
    for (int i = 0; i < 3; ++i)
        QVERIFY(rl.check(QStringLiteral("k"), limit, t).allowed);
    QVERIFY(!rl.check(QStringLiteral("k"), limit, t).allowed);
}

void TestRateLimit::keysAreIndependent()
{
    RateLimiter rl;
    const RateLimit limit{1, 60'000, 1};
    QVERIFY(rl.check(QStringLiteral("a"), limit, 0).allowed);
    QVERIFY(!rl.check(QStringLiteral("a"), limit, 0).allowed);
    QVERIFY(rl.check(QStringLiteral("b"), limit, 0).allowed);
    const RateDecision d = rl.check(QStringLiteral("a"), limit, 1000);
    QVERIFY(!d.allowed);
    QCOMPARE(d.retryAfterMs, 59'000);
}

void TestRateLimit::memoryIsBounded()
{
    RateLimiter rl(1000);
    const RateLimit limit{10, 1000, 5};
    for (int i = 0; i < 50'000; ++i)
        rl.check(QStringLiteral("ip:%1").arg(i), limit, i / 100);
    QVERIFY(rl.size() <= 1000);
}

void TestRateLimit::peekCountsNothing()
{
    RateLimiter rl;
    const RateLimit limit{1, 60'000, 2};
    for (int i = 0; i < 10; ++i)
        QCOMPARE(rl.peek(QStringLiteral("k"), limit, 0).remaining, 2);
    QVERIFY(rl.check(QStringLiteral("k"), limit, 0).allowed);
    QCOMPARE(rl.peek(QStringLiteral("k"), limit, 0).remaining, 1);
    QVERIFY(rl.check(QStringLiteral("k"), limit, 0).allowed);
    const RateDecision full = rl.peek(QStringLiteral("k"), limit, 0);
    QVERIFY(!full.allowed);
    QCOMPARE(full.retryAfterMs, 60'000);
    QVERIFY(!rl.check(QStringLiteral("k"), limit, 0).allowed); // what peek said
    QVERIFY(rl.peek(QStringLiteral("k"), limit, 60'000).allowed);
}

void TestRateLimit::failureBackoffDoubles()
{
    FailureBackoff b;
    BackoffPolicy p;
    p.freeFailures = 2;
    p.baseMs = 1000;
    p.maxMs = 4000;
    p.forgetMs = 60'000;
    const QString a = QStringLiteral("a");
    qint64 t = 1'000'000;
    QCOMPARE(b.failed(a, p, t), 0);
    QCOMPARE(b.failed(a, p, t), 0);
    QCOMPARE(b.failed(a, p, t), 1000);
    QCOMPARE(b.waitMs(a, t + 400), 600);
    QCOMPARE(b.waitMs(QStringLiteral("b"), t), 0); // keys are independent
    t += 1000;
    QCOMPARE(b.waitMs(a, t), 0);
    QCOMPARE(b.failed(a, p, t), 2000);
    t += 2000;
    QCOMPARE(b.failed(a, p, t), 4000);
    t += 4000;
    QCOMPARE(b.failed(a, p, t), 4000); // the cap
    // A failure during a wait does not shorten it.
    QCOMPARE(b.failed(a, p, t + 3000), 4000);
    // Quiet for longer than forgetMs: counted from one again.
    t += 3000 + 4000 + 60'001;
    QCOMPARE(b.failed(a, p, t), 0);
    // A success clears the count.
    QCOMPARE(b.failed(a, p, t), 0);
    b.clear(a);
    QCOMPARE(b.failed(a, p, t), 0);
    QCOMPARE(b.failed(a, p, t), 0);
    QCOMPARE(b.failed(a, p, t), 1000);
    // maxMs 0 turns it off.
    p.maxMs = 0;
    QCOMPARE(p.waitAfter(100), 0);
    QCOMPARE(b.failed(QStringLiteral("c"), p, t), 0);
    p.maxMs = 15 * 60'000;
    QCOMPARE(p.waitAfter(1000), 15 * 60'000); // no overflow far past the cap
}

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
