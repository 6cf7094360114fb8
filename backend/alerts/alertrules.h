// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The alert rules the backend knows, with their shipped defaults (written to alert_rules at start
// when absent, then edited through the API) and what each one's params may hold.
#include <QDateTime>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QStringList>

#include <optional>
#include <utility>

namespace dc::alerts {

// Time-based rules (the periodic sweep, alerts/alertsweep.cpp).
inline constexpr QLatin1StringView kOrderHeld{"order_held"};
inline constexpr QLatin1StringView kLowMargin{"low_margin"};
inline constexpr QLatin1StringView kTrackingStale{"tracking_stale"};
inline constexpr QLatin1StringView kIntegrationDown{"integration_down"};
inline constexpr QLatin1StringView kSupplierOrderUnconfirmed{"supplier_order_unconfirmed"};
// Event-driven rules (a durable subscription, alerts/alertservice.cpp).
inline constexpr QLatin1StringView kSupplierOrderFailed{"supplier_order_failed"};
inline constexpr QLatin1StringView kSupplierPaymentFailed{"supplier_payment_failed"};
inline constexpr QLatin1StringView kSupplierProblem{"supplier_problem"};
inline constexpr QLatin1StringView kDeadTask{"dead_task"};
inline constexpr QLatin1StringView kLowStock{"low_stock"};
inline constexpr QLatin1StringView kCancelledAfterSupplier{"order_cancelled_after_supplier"};
inline constexpr QLatin1StringView kChangedAfterSupplier{"order_changed_after_supplier"};
// Raised by the workflow action system.notify_admin.
inline constexpr QLatin1StringView kWorkflowNotification{"workflow_notification"};

inline constexpr QLatin1StringView kChannelEmail{"email"};
inline constexpr QLatin1StringView kChannelWebhook{"webhook"};

struct AlertRule
{
    QString name;
    QString description; // shipped, not stored
    bool enabled = true;
    QString severity; // "warning" or "critical"
    QJsonObject params;
    QStringList channels;
    QDateTime updatedAt;
    QString updatedBy;
    QJsonObject toJson() const;
};

// Every rule, with its shipped settings, in a stable order.
const QList<AlertRule> &shippedRules();
const AlertRule *shippedRule(const QString &name);

QStringList severities();
QStringList channelNames();

// What is wrong with params for this rule, as (field, reason); nullopt when they are valid.
std::optional<std::pair<QString, QString>> paramsProblem(const QString &rule,
                                                         const QJsonObject &params);

// An integer param of the rule, or its shipped default.
qint64 intParam(const AlertRule &rule, const QString &name);

} // namespace dc::alerts
