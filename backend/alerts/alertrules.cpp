// SPDX-License-Identifier: GPL-3.0-or-later
#include "alerts/alertrules.h"

#include <QJsonArray>

namespace dc::alerts {

namespace {

const QString kWarning = QStringLiteral("warning");
const QString kCritical = QStringLiteral("critical");

// Upper bound of every integer param: a year of minutes.
constexpr qint64 kMaxParam = 525'600;

QList<AlertRule> build()
{
    const QStringList both{QString(kChannelEmail), QString(kChannelWebhook)};
    const auto rule = [&](QLatin1StringView name, const char *description, const QString &severity,
                          QJsonObject params = {}) {
        AlertRule r;
        r.name = QString(name);
        r.description = QString::fromUtf8(description);
        r.severity = severity;
        r.params = std::move(params);
        r.channels = both;
        return r;
    };
    return {
        rule(kOrderHeld,
             "an order stays on hold (other than low_margin) longer than minutes, or than "
             "minutes_by_reason[hold_reason]",
             kWarning,
             {{QStringLiteral("minutes"), 60},
              {QStringLiteral("minutes_by_reason"),
               QJsonObject{{QStringLiteral("not_paid"), 24 * 60}}}}),
        rule(kLowMargin, "an order waits for a low margin approval longer than minutes", kWarning,
             {{QStringLiteral("minutes"), 0}}),
        rule(kTrackingStale,
             "a placed or shipped supplier order has no new tracking event for days", kWarning,
             {{QStringLiteral("days"), 7}}),
        rule(kIntegrationDown, "a shop's Admin API or AliExpress failed its last call", kCritical),
        rule(kSupplierOrderUnconfirmed,
             "a supplier order was asked for at AliExpress and no answer was seen for longer "
             "than minutes: it may exist there",
             kCritical, {{QStringLiteral("minutes"), 60}}),
        rule(kSupplierOrderFailed,
             "submit_to_supplier failed for good (dead task, or its workflow step failed)",
             kCritical),
        rule(kSupplierPaymentFailed, "the supplier could not take the payment of a supplier order",
             kCritical),
        rule(kSupplierProblem, "the supplier reported another problem with a supplier order",
             kWarning),
        rule(kDeadTask, "a task failed for good (no retry left, or not retryable)", kWarning),
        rule(kLowStock, "a variant's best supplier stock fell below the stock threshold", kWarning),
        rule(kCancelledAfterSupplier,
             "Shopify cancelled, refunded or deleted an order after its supplier order was "
             "placed: cancel it at the supplier by hand",
             kCritical),
        rule(kChangedAfterSupplier,
             "Shopify changed an order's address or lines after its supplier order was placed",
             kWarning),
        rule(kWorkflowNotification, "a workflow's notify_admin action", kWarning),
    };
}

std::optional<std::pair<QString, QString>> intProblem(const QString &field, const QJsonValue &v)
{
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != double(qint64(d)) || d < 0 || d > double(kMaxParam))
        return std::pair{field, QStringLiteral("an integer from 0 to %1").arg(kMaxParam)};
    return std::nullopt;
}

} // namespace

QJsonObject AlertRule::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("description"), description},
            {QStringLiteral("enabled"), enabled},
            {QStringLiteral("severity"), severity},
            {QStringLiteral("params"), params},
            {QStringLiteral("channels"), QJsonArray::fromStringList(channels)},
            {QStringLiteral("updated_at"), updatedAt.isValid()
                                               ? QJsonValue(updatedAt.toString(Qt::ISODateWithMs))
                                               : QJsonValue()},
            {QStringLiteral("updated_by"), updatedBy}};
}

const QList<AlertRule> &shippedRules()
{
    static const QList<AlertRule> rules = build();
    return rules;
}

const AlertRule *shippedRule(const QString &name)
{
    for (const AlertRule &r : shippedRules())
        if (r.name == name)
            return &r;
    return nullptr;
}

QStringList severities()
{
    return {kWarning, kCritical};
}

QStringList channelNames()
{
    return {QString(kChannelEmail), QString(kChannelWebhook)};
}

std::optional<std::pair<QString, QString>> paramsProblem(const QString &rule,
                                                         const QJsonObject &params)
{
    const AlertRule *shipped = shippedRule(rule);
    if (!shipped)
        return std::pair{QStringLiteral("name"), QStringLiteral("no such rule")};
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QString field = QStringLiteral("params.") + it.key();
        if (!shipped->params.contains(it.key()))
            return std::pair{field,
                             shipped->params.isEmpty()
                                 ? QStringLiteral("this rule takes no params")
                                 : QStringLiteral("unknown; this rule takes %1")
                                       .arg(shipped->params.keys().join(QStringLiteral(", ")))};
        if (it.key() == QLatin1String("minutes_by_reason")) {
            if (!it->isObject())
                return std::pair{field, QStringLiteral("an object of hold reason: minutes")};
            const QJsonObject byReason = it->toObject();
            for (auto r = byReason.begin(); r != byReason.end(); ++r)
                if (auto p = intProblem(field + QLatin1Char('.') + r.key(), *r))
                    return p;
        } else if (auto p = intProblem(field, *it)) {
            return p;
        }
    }
    return std::nullopt;
}

qint64 intParam(const AlertRule &rule, const QString &name)
{
    const QJsonValue v = rule.params.value(name);
    if (v.isDouble())
        return qint64(v.toDouble());
    const AlertRule *shipped = shippedRule(rule.name);
    return shipped ? qint64(shipped->params.value(name).toDouble()) : 0;
}

} // namespace dc::alerts
