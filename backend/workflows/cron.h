// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Five-field cron expressions (minute hour day-of-month month day-of-week) evaluated in a time
// zone. Fields take *, N, A-B, */S, A-B/S and lists; months and weekdays also take names
// (JAN..DEC, SUN..SAT; 0 and 7 are Sunday). As in Vixie cron, when both day fields are
// restricted a day matching either one fires.
//
// Daylight saving: every matching local wall-clock time fires once. A time that does not exist
// (skipped by the spring-forward change) fires right after the gap, shifted by its length; a
// time that happens twice (fall-back) fires at its first occurrence only.
#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <bitset>
#include <expected>

namespace dc::workflows {

class CronSchedule
{
public:
    static std::expected<CronSchedule, QString>
    parse(const QString &expression, const QString &timeZone = QStringLiteral("UTC"));
    // The first fire time strictly after `after`, in UTC; invalid if none within five years.
    QDateTime nextAfter(const QDateTime &after) const;

private:
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;    // 1..31
    std::bitset<13> m_months;  // 1..12
    std::bitset<7> m_weekdays; // 0 = Sunday
    bool m_daysRestricted = false;
    bool m_weekdaysRestricted = false;
    QTimeZone m_zone;
};

} // namespace dc::workflows
