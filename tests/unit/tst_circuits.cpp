// SPDX-License-Identifier: GPL-3.0-or-later
// The circuit breakers of the outside services (tasks/circuits.h) on an injectable clock: when
// a circuit opens, half-opens, waits longer after a failed probe, closes and tells its
// listener; which kinds a circuit covers; and the retry budgets given in time (task.h).
#include "tasks/circuits.h"
#include "tasks/task.h"

#include <QtTest>

using namespace dc::tasks;

class TestCircuits : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void opensAfterCallsInARowWithoutAnAnswer();
    void failedProbesWaitLongerUpToTheCap();
    void anAnswerClosesAndTellsTheListener();
    void codesNameTheCircuitsOfAKind();
    void retryBudgetInTime();

private:
    qint64 m_now = 1'000'000;
    std::unique_ptr<Circuits> m_c;
    QList<QPair<QString, bool>> m_changes;
};

void TestCircuits::init()
{
    m_now = 1'000'000;
    m_changes.clear();
    m_c = std::make_unique<Circuits>();
    m_c->setClock([this] { return m_now; });
    m_c->setOptions({3, 30'000, 120'000});
    m_c->bind(QStringLiteral("SUPPLIER_UNAVAILABLE"), QStringLiteral("aliexpress"));
    m_c->bind(QStringLiteral("SHOPIFY_UNAVAILABLE"), QStringLiteral("shopify"));
    m_c->setListener([this](const QString &c, bool open) { m_changes.append({c, open}); });
}

void TestCircuits::opensAfterCallsInARowWithoutAnAnswer()
{
    const QString ae = QStringLiteral("aliexpress");
    m_c->unanswered(ae, QStringLiteral("timeout"));
    m_c->unanswered(ae, QStringLiteral("timeout"));
    m_c->answered(ae); // in a row: an answer starts the count again
    m_c->unanswered(ae, QStringLiteral("timeout"));
    m_c->unanswered(ae, QStringLiteral("timeout"));
    QCOMPARE(m_c->state(ae), Circuits::State::Closed);
    QCOMPARE(m_c->nextProbeAt(), 0);
    m_c->unanswered(ae, QStringLiteral("http_503"));
    QCOMPARE(m_c->state(ae), Circuits::State::Open);
    QCOMPARE(m_c->probeAt(ae), m_now + 30'000);
    QCOMPARE(m_c->nextProbeAt(), m_now + 30'000);
    QCOMPARE(m_changes, (QList<QPair<QString, bool>>{{ae, true}}));
    QCOMPARE(m_c->state(QStringLiteral("shopify")), Circuits::State::Closed);
    const QJsonObject j = m_c->toJson().value(ae).toObject();
    QCOMPARE(j.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(j.value(QStringLiteral("failures")).toInt(), 3);
    QCOMPARE(j.value(QStringLiteral("last_error")).toString(), QStringLiteral("http_503"));
    QVERIFY(!j.value(QStringLiteral("down_since")).toString().isEmpty());
    m_now += 29'999;
    QCOMPARE(m_c->state(ae), Circuits::State::Open);
    m_now += 1;
    QCOMPARE(m_c->state(ae), Circuits::State::HalfOpen);
    QCOMPARE(m_c->toJson().value(ae)[QStringLiteral("state")].toString(),
             QStringLiteral("half_open"));
}

void TestCircuits::failedProbesWaitLongerUpToTheCap()
{
    const QString ae = QStringLiteral("aliexpress");
    for (int i = 0; i < 3; ++i)
        m_c->unanswered(ae, QStringLiteral("timeout"));
    QList<qint64> waits;
    for (int probe = 0; probe < 4; ++probe) {
        m_now = m_c->probeAt(ae);
        QCOMPARE(m_c->state(ae), Circuits::State::HalfOpen);
        m_c->unanswered(ae, QStringLiteral("timeout"));
        QCOMPARE(m_c->state(ae), Circuits::State::Open);
        waits << m_c->probeAt(ae) - m_now;
    }
    QCOMPARE(waits, (QList<qint64>{60'000, 120'000, 120'000, 120'000}));
    QCOMPARE(m_changes.size(), 1); // opened once, whatever the probes
}

void TestCircuits::anAnswerClosesAndTellsTheListener()
{
    const QString sh = QStringLiteral("shopify");
    m_c->answered(sh); // closed already: nothing to tell
    QVERIFY(m_changes.isEmpty());
    for (int i = 0; i < 3; ++i)
        m_c->unanswered(sh, QStringLiteral("throttled"));
    m_now = m_c->probeAt(sh);
    m_c->answered(sh);
    QCOMPARE(m_c->state(sh), Circuits::State::Closed);
    QCOMPARE(m_c->probeAt(sh), 0);
    QCOMPARE(m_changes, (QList<QPair<QString, bool>>{{sh, true}, {sh, false}}));
    const QJsonObject j = m_c->toJson().value(sh).toObject();
    QCOMPARE(j.value(QStringLiteral("failures")).toInt(), 0);
    QVERIFY(j.value(QStringLiteral("down_since")).isNull());
    // A new outage opens it again from the first wait.
    for (int i = 0; i < 3; ++i)
        m_c->unanswered(sh, QStringLiteral("timeout"));
    QCOMPARE(m_c->probeAt(sh) - m_now, 30'000);
}

void TestCircuits::codesNameTheCircuitsOfAKind()
{
    QCOMPARE(m_c->circuitOfCode(QStringLiteral("SUPPLIER_UNAVAILABLE")),
             QStringLiteral("aliexpress"));
    QCOMPARE(m_c->circuitOfCode(QStringLiteral("ADDRESS_REJECTED")), QString());
    QCOMPARE(m_c->codesOf(QStringLiteral("shopify")),
             QStringList{QStringLiteral("SHOPIFY_UNAVAILABLE")});
    QCOMPARE(m_c->circuitsOfCodes(
                 {QStringLiteral("NOT_PAID"), QStringLiteral("SHOPIFY_UNAVAILABLE"),
                  QStringLiteral("SUPPLIER_UNAVAILABLE"), QStringLiteral("SHOPIFY_UNAVAILABLE")}),
             (QStringList{QStringLiteral("shopify"), QStringLiteral("aliexpress")}));
    QVERIFY(m_c->circuitsOfCodes({QStringLiteral("timeout")}).isEmpty());
}

void TestCircuits::retryBudgetInTime()
{
    RetryPolicy p;
    p.firstDelayMs = 1000;
    p.maxDelayMs = 3600'000;
    // 1 s, 2 s, ... 2048 s (12 tries, 4095 s), then 1 h each: 4 h is reached at the 16th try.
    QCOMPARE(p.attemptsWithin(4 * 3600'000LL), 16);
    p.maxAttempts = 16;
    QVERIFY(p.budgetMs() >= 4 * 3600'000LL);
    p.maxAttempts = 15;
    QVERIFY(p.budgetMs() < 4 * 3600'000LL);
    p.maxAttempts = 1;
    QCOMPARE(p.budgetMs(), 0);
    QCOMPARE(p.attemptsWithin(0), 1);
}

QTEST_GUILESS_MAIN(TestCircuits)
#include "tst_circuits.moc"
