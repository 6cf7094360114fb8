// SPDX-License-Identifier: GPL-3.0-or-later
// Cron next-fire times, in UTC and in a time zone, across both daylight-saving changes.
#include "workflows/cron.h"

#include <QtTest>

using dc::workflows::CronSchedule;

namespace {
QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}
} // namespace

class TestCron : public QObject
{
    Q_OBJECT
private slots:
    void nextAfter_data();
    void nextAfter();
    void sequenceAcrossFallBackFiresOnce();
    void invalidExpressions_data();
    void invalidExpressions();
};

void TestCron::nextAfter_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QDateTime>("after");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("every 15 minutes")
        << "*/15 * * * *"
        << "UTC" << utc("2026-11-23T10:07:00") << utc("2026-11-23T10:15:00");
    QTest::newRow("strictly after")
        << "*/15 * * * *"
        << "UTC" << utc("2026-11-23T10:15:00") << utc("2026-11-23T10:30:00");
    QTest::newRow("seconds are ignored")
        << "* * * * *"
        << "UTC" << utc("2026-11-23T10:15:30") << utc("2026-11-23T10:16:00");
    QTest::newRow("next day") << "0 3 * * *"
                              << "UTC" << utc("2026-11-23T04:00:00") << utc("2026-11-24T03:00:00");
    QTest::newRow("weekdays in Paris (winter, UTC+1)")
        << "0 9 * * MON-FRI"
        << "Europe/Paris" << utc("2026-11-27T10:00:00") << utc("2026-11-30T08:00:00");
    QTest::newRow("month names and list")
        << "0 0 1 JAN,JUL *"
        << "UTC" << utc("2026-02-01T00:00:00") << utc("2026-07-01T00:00:00");
    QTest::newRow("day of month or weekday")
        << "0 12 13 * FRI"
        << "UTC" << utc("2026-11-23T00:00:00") << utc("2026-11-27T12:00:00");
    QTest::newRow("sunday as 7") << "0 8 * * 7"
                                 << "UTC" << utc("2026-11-23T00:00:00")
                                 << utc("2026-11-29T08:00:00");
    QTest::newRow("range with step")
        << "10-50/20 * * * *"
        << "UTC" << utc("2026-11-23T10:31:00") << utc("2026-11-23T10:50:00");
    QTest::newRow("leap day") << "0 0 29 2 *"
                              << "UTC" << utc("2026-03-01T00:00:00") << utc("2028-02-29T00:00:00");
    // Spring forward in Paris, 2026-03-29: 02:00 CET becomes 03:00 CEST. 02:30 does not exist:
    // it fires after the gap, shifted by its hour (03:30 CEST = 01:30 UTC).
    QTest::newRow("spring forward gap")
        << "30 2 * * *"
        << "Europe/Paris" << utc("2026-03-28T23:00:00") << utc("2026-03-29T01:30:00");
    QTest::newRow("after the gap, next day")
        << "30 2 * * *"
        << "Europe/Paris" << utc("2026-03-29T01:30:00") << utc("2026-03-30T00:30:00");
    QTest::newRow("hourly across the gap")
        << "0 * * * *"
        << "Europe/Paris" << utc("2026-03-29T00:30:00") << utc("2026-03-29T01:00:00");
    // Fall back in Paris, 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    QTest::newRow("fall back first occurrence")
        << "30 2 * * *"
        << "Europe/Paris" << utc("2026-10-24T22:00:00") << utc("2026-10-25T00:30:00");
    QTest::newRow("fall back not twice")
        << "30 2 * * *"
        << "Europe/Paris" << utc("2026-10-25T00:30:00") << utc("2026-10-26T01:30:00");
    QTest::newRow("inside the repeated hour")
        << "30 2 * * *"
        << "Europe/Paris" << utc("2026-10-25T01:15:00") << utc("2026-10-26T01:30:00");
    QTest::newRow("new york") << "0 7 * * *"
                              << "America/New_York" << utc("2026-11-23T00:00:00")
                              << utc("2026-11-23T12:00:00");
}

void TestCron::nextAfter()
{
    QFETCH(QString, expr);
    QFETCH(QString, zone);
    QFETCH(QDateTime, after);
    QFETCH(QDateTime, expected);
    auto c = CronSchedule::parse(expr, zone);
    QVERIFY2(c, qPrintable(c ? QString() : c.error()));
    const QDateTime next = c->nextAfter(after);
    QCOMPARE(next.toUTC(), expected);
}

void TestCron::sequenceAcrossFallBackFiresOnce()
{
    auto c = CronSchedule::parse(QStringLiteral("*/30 * * * *"), QStringLiteral("Europe/Paris"));
    QVERIFY(c);
    QList<QDateTime> fires;
    QDateTime t = utc("2026-10-24T23:00:00"); // 01:00 CEST
    for (int i = 0; i < 6; ++i) {
        t = c->nextAfter(t);
        fires << t.toUTC();
    }
    // 01:30 CEST, 02:00 CEST, 02:30 CEST, then (02:xx CET already seen) 03:00 CET, 03:30 CET, 04:00
    // CET.
    QCOMPARE(fires, (QList<QDateTime>{utc("2026-10-24T23:30:00"), utc("2026-10-25T00:00:00"),
                                      utc("2026-10-25T00:30:00"), utc("2026-10-25T02:00:00"),
                                      utc("2026-10-25T02:30:00"), utc("2026-10-25T03:00:00")}));
    QVERIFY(std::is_sorted(fires.begin(), fires.end()));
}

void TestCron::invalidExpressions_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("message");
    QTest::newRow("four fields") << "* * * *"
                                 << "UTC"
                                 << "five fields";
    QTest::newRow("minute 60") << "60 * * * *"
                               << "UTC"
                               << "minute";
    QTest::newRow("hour 24") << "0 24 * * *"
                             << "UTC"
                             << "hour";
    QTest::newRow("day 0") << "0 0 0 * *"
                           << "UTC"
                           << "day of month";
    QTest::newRow("step 0") << "*/0 * * * *"
                            << "UTC"
                            << "step";
    QTest::newRow("bad name") << "0 0 * FOO *"
                              << "UTC"
                              << "month";
    QTest::newRow("reversed range") << "0 0 * * FRI-MON"
                                    << "UTC"
                                    << "day of week";
    QTest::newRow("bad zone") << "0 0 * * *"
                              << "Mars/Olympus"
                              << "time zone";
}

void TestCron::invalidExpressions()
{
    QFETCH(QString, expr);
    QFETCH(QString, zone);
    QFETCH(QString, message);
    auto c = CronSchedule::parse(expr, zone);
    QVERIFY(!c);
    QVERIFY2(c.error().contains(message), qPrintable(c.error()));
}

QTEST_GUILESS_MAIN(TestCron)
#include "tst_cron.moc"
