// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>
#include <QtGlobal>
#include <expected>
#include <optional>

namespace dc {

// Money is an integer count of the currency's minor unit (cents for EUR/USD, yen for JPY):
// never a double, so sums and margins are exact.
struct Money
{
    qint64 minor = 0;
    QString currency; // ISO 4217, upper case

    friend bool operator==(const Money &, const Money &) = default;

    // Sum or difference only within one currency; mixing currencies is a caller error
    // that must surface as a value, not as a silently wrong number.
    std::optional<Money> plus(const Money &o) const
    {
        if (o.currency != currency)
            return std::nullopt;
        return Money{minor + o.minor, currency};
    }
    std::optional<Money> minus(const Money &o) const
    {
        if (o.currency != currency)
            return std::nullopt;
        return Money{minor - o.minor, currency};
    }
};

// Number of decimals of a currency's minor unit (ISO 4217). Unknown codes default to 2.
int currencyExponent(const QString &currency);

// Parses Shopify's decimal strings ("19.90", "1000", "0.5") into minor units without floating
// point. Refuses more decimals than the currency has, signs other than a leading '-', and overflow.
std::expected<Money, QString> parseDecimalMoney(const QString &amount, const QString &currency);

// The exact decimal digits of an amount in its currency's exponent (never through a double):
// -1990 EUR is {true, "19", "90"}; 1250 JPY is {false, "1250", ""}. Displays put their own
// separators around them.
struct MoneyDigits
{
    bool negative = false;
    QString whole;
    QString fraction;
};
MoneyDigits moneyDigits(const Money &m);

// "19.90 EUR"
QString formatMoney(const Money &m);

bool isCurrencyCode(const QString &code);

} // namespace dc
