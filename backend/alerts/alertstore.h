// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The alerts and alert_rules tables (storage/sql/0016_alerts.sql): rules read and saved, alerts
// raised (deduplicated), listed and acknowledged. SQL only: what raises an alert and what is
// sent about it live in AlertService.
#include "alerts/alertrules.h"
#include "storage/store.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace dc::alerts {

struct Alert
{
    qint64 id = 0;
    QString rule;
    QString dedupKey;
    QString severity;
    QString subject;
    QJsonObject detail; // never personal data
    std::optional<qint64> orderId;
    QDateTime firstAt;
    QDateTime lastAt;
    int count = 1;
    QString acknowledgedBy; // "user:alice"; empty while open
    QDateTime acknowledgedAt;
    QString emailState; // pending, sent, off, not_configured, failed
    QDateTime notifiedAt;
    bool open() const { return !acknowledgedAt.isValid(); }
    QJsonObject toJson() const;
};

// What a rule raises. The same rule and key while an alert is open counts again on it.
struct AlertDraft
{
    QString rule;
    QString key;
    QString subject;
    QJsonObject detail;
    std::optional<qint64> orderId;
    // Set for a lasting condition (an order held, tracking stale) that began at this time (epoch
    // ms): raised once for it, neither counted again while open nor raised again once
    // acknowledged; a condition that begins again later (a new hold) raises a new alert.
    std::optional<qint64> since;
    // The event that triggered it: delivered again (at least once), it does not count again.
    std::optional<qint64> eventId;
};

struct RaiseOutcome
{
    qint64 id = 0;       // 0: not raised (the rule is disabled, or the condition was raised)
    bool raised = false; // a new alert (false: an open one counted again)
    int count = 0;
};

struct AlertQuery
{
    enum class State { Open, Acknowledged, All };
    State state = State::Open;
    QString rule;        // empty: every rule
    qint64 beforeId = 0; // the cursor: newest first, ids below it (0: the first page)
    int limit = 50;
};

// Inserts the shipped rules that are not in the table yet (a new version's rules included).
storage::DbResult<void> ensureRules(storage::WriteContext &w, qint64 nowMs);
storage::DbResult<QList<AlertRule>> loadRules(QSqlDatabase db);
storage::DbResult<std::optional<AlertRule>> loadRule(QSqlDatabase db, const QString &name);
storage::DbResult<void> saveRule(storage::WriteContext &w, const AlertRule &rule, qint64 nowMs);

// Raises or counts again `draft` under `rule` (enabled: the caller checked).
storage::DbResult<RaiseOutcome> upsertAlert(storage::WriteContext &w, const AlertRule &rule,
                                            const AlertDraft &draft, qint64 nowMs);
storage::DbResult<QList<Alert>> listAlerts(QSqlDatabase db, const AlertQuery &q);
storage::DbResult<std::optional<Alert>> loadAlert(QSqlDatabase db, qint64 id);
storage::DbResult<qint64> openAlertCount(QSqlDatabase db);
// Marks it acknowledged by `by` (once: an acknowledged alert stays as it was). nullopt: no such
// alert; the bool says whether this call acknowledged it.
storage::DbResult<std::optional<std::pair<Alert, bool>>>
acknowledgeAlert(storage::WriteContext &w, qint64 id, const QString &by, qint64 nowMs);
storage::DbResult<void> setEmailState(storage::WriteContext &w, qint64 id, const QString &state,
                                      qint64 nowMs);

} // namespace dc::alerts
