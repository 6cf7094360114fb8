// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/money.h"

#include <QStringList>

#include <limits>

namespace dc {

int currencyExponent(const QString &currency)
{
    // The zero- and three-decimal currencies of ISO 4217; everything else uses two.
    static const QStringList zero = {
        QStringLiteral("BIF"), QStringLiteral("CLP"), QStringLiteral("DJF"), QStringLiteral("GNF"),
        QStringLiteral("ISK"), QStringLiteral("JPY"), QStringLiteral("KMF"), QStringLiteral("KRW"),
        QStringLiteral("PYG"), QStringLiteral("RWF"), QStringLiteral("UGX"), QStringLiteral("UYI"),
        QStringLiteral("VND"), QStringLiteral("VUV"), QStringLiteral("XAF"), QStringLiteral("XOF"),
        QStringLiteral("XPF")};
    static const QStringList three = {
        QStringLiteral("BHD"), QStringLiteral("IQD"), QStringLiteral("JOD"), QStringLiteral("KWD"),
        QStringLiteral("LYD"), QStringLiteral("OMR"), QStringLiteral("TND")};
    if (zero.contains(currency))
        return 0;
    if (three.contains(currency))
        return 3;
    return 2;
}

bool isCurrencyCode(const QString &code)
{
    if (code.size() != 3)
        return false;
    for (QChar c : code)
        if (c < QLatin1Char('A') || c > QLatin1Char('Z'))
            return false;
    return true;
}

std::expected<Money, QString> parseDecimalMoney(const QString &amount, const QString &currency)
{
    if (!isCurrencyCode(currency))
        return std::unexpected(QStringLiteral("invalid currency code \"%1\"").arg(currency));
    const QString s = amount.trimmed();
    if (s.isEmpty())
        return std::unexpected(QStringLiteral("empty amount"));
    const int exp = currencyExponent(currency);
    qsizetype i = 0;
    bool negative = false;
    if (s[0] == QLatin1Char('-')) {
        negative = true;
        ++i;
    }
    qint64 value = 0;
    int decimals = -1; // -1: no decimal point seen yet
    bool anyDigit = false;
    constexpr qint64 limit = std::numeric_limits<qint64>::max() / 10 - 9;
    for (; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == QLatin1Char('.')) {
            if (decimals >= 0)
                return std::unexpected(
                    QStringLiteral("more than one decimal point in \"%1\"").arg(s));
            decimals = 0;
            continue;
        }
        if (!c.isDigit() || c.unicode() > 127)
            return std::unexpected(QStringLiteral("not a decimal amount: \"%1\"").arg(s));
        if (decimals >= 0 && ++decimals > exp) {
            // Trailing zeros beyond the currency's precision are harmless ("10.500" EUR).
            if (c != QLatin1Char('0'))
                return std::unexpected(
                    QStringLiteral("\"%1\" has more decimals than %2 allows").arg(s, currency));
            continue;
        }
        if (value > limit)
            return std::unexpected(QStringLiteral("amount out of range: \"%1\"").arg(s));
        value = value * 10 + (c.unicode() - '0');
        anyDigit = true;
    }
    if (!anyDigit)
        return std::unexpected(QStringLiteral("not a decimal amount: \"%1\"").arg(s));
    for (int d = std::max(decimals, 0); d < exp; ++d) {
        if (value > limit)
            return std::unexpected(QStringLiteral("amount out of range: \"%1\"").arg(s));
        value *= 10;
    }
    return Money{negative ? -value : value, currency};
}

MoneyDigits moneyDigits(const Money &m)
{
    const int exp = currencyExponent(m.currency);
    MoneyDigits d;
    d.negative = m.minor < 0;
    // Avoid negating INT64_MIN by working on the unsigned magnitude.
    const quint64 mag = d.negative ? quint64(0) - quint64(m.minor) : quint64(m.minor);
    quint64 div = 1;
    for (int i = 0; i < exp; ++i)
        div *= 10;
    d.whole = QString::number(mag / div);
    if (exp > 0)
        d.fraction = QString::number(mag % div).rightJustified(exp, QLatin1Char('0'));
    return d;
}

QString formatMoney(const Money &m)
{
    const MoneyDigits d = moneyDigits(m);
    return (d.negative ? QStringLiteral("-") : QString()) + d.whole +
           (d.fraction.isEmpty() ? QString() : QLatin1Char('.') + d.fraction) + QLatin1Char(' ') +
           m.currency;
}

} // namespace dc
