// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/cron.h"

#include <QStringList>

namespace dc::workflows {

namespace {

// Parses one field into bits [min, max]; names map to numbers (index + offset).
template <size_t N>
std::expected<std::bitset<N>, QString> field(const QString &text, int min, int max,
                                             const QStringList &names, int nameBase,
                                             const char *what)
{
    std::bitset<N> bits;
    auto number = [&](const QString &s) -> std::optional<int> {
        bool ok = false;
        const int v = s.toInt(&ok);
        if (ok)
            return v;
        const qsizetype i = names.indexOf(s.toUpper());
        if (i >= 0)
            return int(i) + nameBase;
        return std::nullopt;
    };
    for (const QString &part : text.split(QLatin1Char(','))) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(QLatin1Char('/')); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step < 1 || step > max)
                return std::unexpected(
                    QStringLiteral("%1: bad step in \"%2\"").arg(QLatin1String(what), part));
            range = part.left(slash);
        }
        int lo = min, hi = max;
        if (range != QLatin1String("*")) {
            const qsizetype dash = range.indexOf(QLatin1Char('-'));
            const auto a = number(dash >= 0 ? range.left(dash) : range);
            const auto b = dash >= 0 ? number(range.mid(dash + 1)) : a;
            if (!a || !b)
                return std::unexpected(
                    QStringLiteral("%1: \"%2\" is not a value").arg(QLatin1String(what), part));
            lo = *a;
            hi = dash >= 0 || step > 1 ? *b : *a;
            if (dash < 0 && step > 1)
                hi = max; // "5/15" means from 5 every 15
        }
        if (lo < min || hi > max || lo > hi)
            return std::unexpected(QStringLiteral("%1: \"%2\" is outside %3-%4")
                                       .arg(QLatin1String(what), part)
                                       .arg(min)
                                       .arg(max));
        for (int v = lo; v <= hi; v += step)
            bits.set(size_t(v));
    }
    return bits;
}

// The earliest instant whose local wall time in `zone` is date+time; for a time skipped by a
// spring-forward change, the instant it maps to with the offset in force before the change.
QDateTime resolve(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    const QDateTime wallAsUtc(date, time, Qt::UTC);
    QDateTime best;
    for (qint64 probe : {-86400LL, 0LL, 86400LL}) {
        const int offset = zone.offsetFromUtc(wallAsUtc.addSecs(probe));
        const QDateTime utc = wallAsUtc.addSecs(-offset);
        const QDateTime local = utc.toTimeZone(zone);
        if (local.date() == date && local.time() == time && (!best.isValid() || utc < best))
            best = utc;
    }
    if (best.isValid())
        return best;
    return wallAsUtc.addSecs(-zone.offsetFromUtc(wallAsUtc.addSecs(-86400)));
}

} // namespace

std::expected<CronSchedule, QString> CronSchedule::parse(const QString &expression,
                                                         const QString &timeZone)
{
    const QStringList f = expression.simplified().split(QLatin1Char(' '));
    if (f.size() != 5)
        return std::unexpected(
            QStringLiteral("a cron expression has five fields: minute hour day month weekday"));
    CronSchedule c;
    c.m_zone = QTimeZone(timeZone.toUtf8());
    if (!c.m_zone.isValid())
        return std::unexpected(QStringLiteral("unknown time zone \"%1\"").arg(timeZone));
    static const QStringList months = {
        QStringLiteral("JAN"), QStringLiteral("FEB"), QStringLiteral("MAR"), QStringLiteral("APR"),
        QStringLiteral("MAY"), QStringLiteral("JUN"), QStringLiteral("JUL"), QStringLiteral("AUG"),
        QStringLiteral("SEP"), QStringLiteral("OCT"), QStringLiteral("NOV"), QStringLiteral("DEC")};
    static const QStringList days = {
        QStringLiteral("SUN"), QStringLiteral("MON"), QStringLiteral("TUE"), QStringLiteral("WED"),
        QStringLiteral("THU"), QStringLiteral("FRI"), QStringLiteral("SAT")};
    auto minutes = field<60>(f[0], 0, 59, {}, 0, "minute");
    auto hours = field<24>(f[1], 0, 23, {}, 0, "hour");
    auto dom = field<32>(f[2], 1, 31, {}, 0, "day of month");
    auto month = field<13>(f[3], 1, 12, months, 1, "month");
    auto dow = field<8>(f[4], 0, 7, days, 0, "day of week");
    for (const QString *err : {minutes ? nullptr : &minutes.error(),
                               hours ? nullptr : &hours.error(), dom ? nullptr : &dom.error(),
                               month ? nullptr : &month.error(), dow ? nullptr : &dow.error()})
        if (err)
            return std::unexpected(*err);
    c.m_minutes = *minutes;
    c.m_hours = *hours;
    c.m_days = *dom;
    c.m_months = *month;
    for (int d = 0; d < 7; ++d)
        c.m_weekdays[size_t(d)] = (*dow)[size_t(d)] || (d == 0 && (*dow)[7]);
    c.m_daysRestricted = f[2] != QLatin1String("*");
    c.m_weekdaysRestricted = f[4] != QLatin1String("*");
    return c;
}

QDateTime CronSchedule::nextAfter(const QDateTime &after) const
{
    // Walk local wall-clock times after the local time of `after`: a wall time that comes back
    // (fall-back) is then not fired a second time.
    const QDateTime local = after.toTimeZone(m_zone);
    const QDate startDate = local.date();
    const int startMinute = local.time().hour() * 60 + local.time().minute();
    for (int d = 0; d < 366 * 5; ++d) {
        const QDate date = startDate.addDays(d);
        if (!m_months[size_t(date.month())])
            continue;
        const bool domOk = m_days[size_t(date.day())];
        const bool dowOk = m_weekdays[size_t(date.dayOfWeek() % 7)];
        const bool dayOk =
            m_daysRestricted && m_weekdaysRestricted ? (domOk || dowOk) : (domOk && dowOk);
        if (!dayOk)
            continue;
        for (int h = 0; h < 24; ++h) {
            if (!m_hours[size_t(h)])
                continue;
            for (int m = 0; m < 60; ++m) {
                if (!m_minutes[size_t(m)] || (d == 0 && h * 60 + m <= startMinute))
                    continue;
                const QDateTime at = resolve(date, QTime(h, m), m_zone);
                if (at > after)
                    return at;
            }
        }
    }
    return {};
}

} // namespace dc::workflows
