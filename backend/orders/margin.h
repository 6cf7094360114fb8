// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What an order leaves once suppliers, shipping and payment fees are paid: the one definition
// the Order Manager's margin guard, the Data Analyzer's reports, the dashboard and the desktop
// share, so that every figure an operator sees is the same figure.
#include <QJsonObject>
#include <QString>

#include <cmath>

namespace dc::orders {

// Payment fees of an order: a fixed part plus a rate of what the customer paid (rounded to
// the nearest minor unit), as payment providers charge them.
struct FeePolicy
{
    qint64 fixedMinor = 0;
    int basisPoints = 0; // 290: 2.9 %
    qint64 feesOn(qint64 paidMinor) const
    {
        return fixedMinor + (paidMinor * basisPoints + 5000) / 10000;
    }
    // The same computation as an SQL expression over a column of amounts paid, for
    // aggregations done by the database; binds go in this order: fixedMinor, basisPoints.
    static QString sqlFeesOn(const QString &paidColumn)
    {
        return QStringLiteral("(? + (%1 * ? + 5000) / 10000)").arg(paidColumn);
    }
};

struct Margin
{
    qint64 revenue = 0; // what the customer paid, tax excluded
    qint64 cost = 0;    // supplier cost
    qint64 shipping = 0;
    qint64 fees = 0; // payment fees

    // An order: revenue is the total less tax; fees are charged on the whole total.
    static Margin ofOrder(qint64 totalMinor, qint64 taxMinor, qint64 cost, qint64 shipping,
                          const FeePolicy &fees)
    {
        return {totalMinor - taxMinor, cost, shipping, fees.feesOn(totalMinor)};
    }

    qint64 minor() const { return revenue - cost - shipping - fees; }
    // Percent of revenue, rounded to two decimals (0 without revenue).
    double percent() const
    {
        return revenue > 0 ? std::round(double(minor()) * 10000.0 / double(revenue)) / 100.0 : 0.0;
    }
    // Below a minimum rate (in basis points), or no revenue at all.
    bool below(int basisPoints) const
    {
        return revenue <= 0 || minor() * 10000 < revenue * basisPoints;
    }
    Margin &operator+=(const Margin &o)
    {
        revenue += o.revenue;
        cost += o.cost;
        shipping += o.shipping;
        fees += o.fees;
        return *this;
    }
    // {revenue_minor, cost_minor, shipping_minor, fees_minor, margin_minor, margin_percent}
    QJsonObject toJson() const
    {
        return {{QStringLiteral("revenue_minor"), revenue},
                {QStringLiteral("cost_minor"), cost},
                {QStringLiteral("shipping_minor"), shipping},
                {QStringLiteral("fees_minor"), fees},
                {QStringLiteral("margin_minor"), minor()},
                {QStringLiteral("margin_percent"), percent()}};
    }
};

} // namespace dc::orders
