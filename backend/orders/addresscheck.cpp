// SPDX-License-Identifier: GPL-3.0-or-later
#include "orders/addresscheck.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace dc::orders {

namespace {

// Countries where addresses have no postal code.
const QSet<QString> kNoPostcode{
    QStringLiteral("AE"), QStringLiteral("AG"), QStringLiteral("AO"), QStringLiteral("AW"),
    QStringLiteral("BF"), QStringLiteral("BI"), QStringLiteral("BJ"), QStringLiteral("BO"),
    QStringLiteral("BS"), QStringLiteral("BW"), QStringLiteral("BZ"), QStringLiteral("CD"),
    QStringLiteral("CF"), QStringLiteral("CG"), QStringLiteral("CI"), QStringLiteral("CM"),
    QStringLiteral("DJ"), QStringLiteral("DM"), QStringLiteral("ER"), QStringLiteral("FJ"),
    QStringLiteral("GA"), QStringLiteral("GD"), QStringLiteral("GH"), QStringLiteral("GM"),
    QStringLiteral("GQ"), QStringLiteral("GY"), QStringLiteral("HK"), QStringLiteral("JM"),
    QStringLiteral("KE"), QStringLiteral("KI"), QStringLiteral("KM"), QStringLiteral("KN"),
    QStringLiteral("LC"), QStringLiteral("ML"), QStringLiteral("MO"), QStringLiteral("MR"),
    QStringLiteral("MW"), QStringLiteral("NA"), QStringLiteral("QA"), QStringLiteral("RW"),
    QStringLiteral("SB"), QStringLiteral("SC"), QStringLiteral("SL"), QStringLiteral("SR"),
    QStringLiteral("TG"), QStringLiteral("TO"), QStringLiteral("TT"), QStringLiteral("TV"),
    QStringLiteral("TZ"), QStringLiteral("UG"), QStringLiteral("VU"), QStringLiteral("YE"),
    QStringLiteral("ZW")};
// Countries whose addresses need a state or province.
const QSet<QString> kNeedsProvince{QStringLiteral("US"), QStringLiteral("CA"), QStringLiteral("AU"),
                                   QStringLiteral("BR"), QStringLiteral("MX"), QStringLiteral("IN"),
                                   QStringLiteral("JP"), QStringLiteral("CN"), QStringLiteral("AR"),
                                   QStringLiteral("IT"), QStringLiteral("ES")};

const QRegularExpression &postcodePattern(const QString &country)
{
    static const QHash<QString, QRegularExpression> patterns{
        {QStringLiteral("US"), QRegularExpression(QStringLiteral("^\\d{5}(-\\d{4})?$"))},
        {QStringLiteral("FR"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("DE"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("IT"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("ES"), QRegularExpression(QStringLiteral("^\\d{5}$"))},
        {QStringLiteral("BE"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("CH"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("AT"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("AU"), QRegularExpression(QStringLiteral("^\\d{4}$"))},
        {QStringLiteral("NL"), QRegularExpression(QStringLiteral("^\\d{4} ?[A-Za-z]{2}$"))},
        {QStringLiteral("CA"),
         QRegularExpression(QStringLiteral("^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$"))},
        {QStringLiteral("GB"),
         QRegularExpression(QStringLiteral("^[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}$"))}};
    static const QRegularExpression any(QStringLiteral("^[A-Za-z0-9 -]{2,12}$"));
    auto it = patterns.constFind(country);
    return it == patterns.cend() ? any : *it;
}

} // namespace

// What is missing or malformed in an address for its country (empty: deliverable).
QStringList addressProblems(const std::optional<Address> &a)
{
    if (!a)
        return {QStringLiteral("shipping_address: missing")};
    QStringList p;
    const QString country = a->countryCode.trimmed().toUpper();
    if (a->name.trimmed().isEmpty())
        p << QStringLiteral("name: missing");
    if (a->address1.trimmed().isEmpty())
        p << QStringLiteral("address1: missing");
    if (a->city.trimmed().isEmpty())
        p << QStringLiteral("city: missing");
    if (country.size() != 2)
        p << QStringLiteral("country_code: missing");
    if (!kNoPostcode.contains(country)) {
        if (a->zip.trimmed().isEmpty())
            p << QStringLiteral("zip: missing for %1").arg(country);
        else if (!postcodePattern(country).match(a->zip.trimmed()).hasMatch())
            p << QStringLiteral("zip: \"%1\" is not a postal code of %2").arg(a->zip, country);
    }
    if (kNeedsProvince.contains(country) && a->province.trimmed().isEmpty())
        p << QStringLiteral("province: missing for %1").arg(country);
    return p;
}

} // namespace dc::orders
