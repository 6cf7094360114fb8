// SPDX-License-Identifier: GPL-3.0-or-later
// GCRA: a burst, then one request per interval; Retry-After figures; independent keys; bounded
// memory under a flood of distinct keys.
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

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
