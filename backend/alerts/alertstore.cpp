// SPDX-License-Identifier: GPL-3.0-or-later
#include "alerts/alertstore.h"

#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dc::alerts {

using storage::DbResult;
using storage::exec;
using storage::WriteContext;

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString compact(const QStringList &list)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QString iso(const QDateTime &t)
{
    return t.toString(Qt::ISODateWithMs);
}

const QString kRuleColumns =
    QStringLiteral("name, enabled, severity, params, channels, updated_at, updated_by");

AlertRule ruleFrom(const QSqlQuery &q)
{
    AlertRule r;
    r.name = q.value(0).toString();
    if (const AlertRule *shipped = shippedRule(r.name))
        r.description = shipped->description;
    r.enabled = q.value(1).toInt() != 0;
    r.severity = q.value(2).toString();
    r.params = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    for (const QJsonValue &c : QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array())
        r.channels << c.toString();
    r.updatedAt = storage::utcFromMs(q.value(5));
    r.updatedBy = q.value(6).toString();
    return r;
}

const QString kAlertColumns =
    QStringLiteral("id, rule, dedup_key, severity, subject, detail, order_id, first_at, last_at, "
                   "occurrences, acknowledged_by, acknowledged_at, email_state, notified_at");

Alert alertFrom(const QSqlQuery &q)
{
    Alert a;
    a.id = q.value(0).toLongLong();
    a.rule = q.value(1).toString();
    a.dedupKey = q.value(2).toString();
    a.severity = q.value(3).toString();
    a.subject = q.value(4).toString();
    a.detail = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    if (!q.value(6).isNull())
        a.orderId = q.value(6).toLongLong();
    a.firstAt = storage::utcFromMs(q.value(7));
    a.lastAt = storage::utcFromMs(q.value(8));
    a.count = q.value(9).toInt();
    a.acknowledgedBy = q.value(10).toString();
    a.acknowledgedAt = storage::utcFromMs(q.value(11));
    a.emailState = q.value(12).toString();
    a.notifiedAt = storage::utcFromMs(q.value(13));
    return a;
}

} // namespace

QJsonObject Alert::toJson() const
{
    const auto isoOrNull = [](const QDateTime &t) {
        return t.isValid() ? QJsonValue(iso(t)) : QJsonValue();
    };
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("rule"), rule},
        {QStringLiteral("key"), dedupKey},
        {QStringLiteral("severity"), severity},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("detail"), detail},
        {QStringLiteral("order_id"), orderId ? QJsonValue(*orderId) : QJsonValue()},
        {QStringLiteral("first_at"), iso(firstAt)},
        {QStringLiteral("last_at"), iso(lastAt)},
        {QStringLiteral("count"), count},
        {QStringLiteral("state"), open() ? QStringLiteral("open") : QStringLiteral("acknowledged")},
        {QStringLiteral("acknowledged_by"), open() ? QJsonValue() : QJsonValue(acknowledgedBy)},
        {QStringLiteral("acknowledged_at"), isoOrNull(acknowledgedAt)},
        {QStringLiteral("email"), emailState},
        {QStringLiteral("notified_at"), isoOrNull(notifiedAt)}};
}

DbResult<void> ensureRules(WriteContext &w, qint64 nowMs)
{
    for (const AlertRule &r : shippedRules()) {
        auto q = exec(
            w.db(),
            QStringLiteral("INSERT INTO alert_rules (%1) VALUES (?,?,?,?,?,?,'') "
                           "ON CONFLICT (name) DO NOTHING")
                .arg(kRuleColumns),
            {r.name, r.enabled ? 1 : 0, r.severity, compact(r.params), compact(r.channels), nowMs});
        if (!q)
            return std::unexpected(q.error());
    }
    return {};
}

DbResult<QList<AlertRule>> loadRules(QSqlDatabase db)
{
    auto q = exec(db, QStringLiteral("SELECT %1 FROM alert_rules").arg(kRuleColumns));
    if (!q)
        return std::unexpected(q.error());
    QHash<QString, AlertRule> stored;
    while (q->next()) {
        AlertRule r = ruleFrom(*q);
        stored.insert(r.name, r);
    }
    // The shipped order; a rule of a newer version (another instance) comes last.
    QList<AlertRule> out;
    for (const AlertRule &s : shippedRules())
        if (stored.contains(s.name))
            out << stored.take(s.name);
    for (const AlertRule &r : std::as_const(stored))
        out << r;
    return out;
}

DbResult<std::optional<AlertRule>> loadRule(QSqlDatabase db, const QString &name)
{
    auto q = exec(db, QStringLiteral("SELECT %1 FROM alert_rules WHERE name=?").arg(kRuleColumns),
                  {name});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    return ruleFrom(*q);
}

DbResult<void> saveRule(WriteContext &w, const AlertRule &r, qint64 nowMs)
{
    auto q = exec(w.db(),
                  QStringLiteral("UPDATE alert_rules SET enabled=?, severity=?, params=?, "
                                 "channels=?, updated_at=?, updated_by=? WHERE name=?"),
                  {r.enabled ? 1 : 0, r.severity, compact(r.params), compact(r.channels), nowMs,
                   r.updatedBy, r.name});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

DbResult<RaiseOutcome> upsertAlert(WriteContext &w, const AlertRule &rule, const AlertDraft &d,
                                   qint64 nowMs)
{
    if (d.since) {
        // A lasting condition: once per occurrence, whether still open or acknowledged since.
        auto seen = exec(w.db(),
                         QStringLiteral("SELECT id FROM alerts WHERE rule=? AND dedup_key=? AND "
                                        "(acknowledged_at IS NULL OR first_at >= ?) LIMIT 1"),
                         {d.rule, d.key, *d.since});
        if (!seen)
            return std::unexpected(seen.error());
        if (seen->next())
            return RaiseOutcome{};
    }
    const QString emailState = rule.channels.contains(QString(kChannelEmail))
                                   ? QStringLiteral("pending")
                                   : QStringLiteral("off");
    // The partial unique index makes this one statement race-free between instances: a second
    // trigger of the same open alert counts on it (or, for a condition, does nothing). An
    // order_id that names no order (deleted, or a workflow's made-up input) is left empty.
    const QString onConflict =
        d.since ? QStringLiteral("DO NOTHING")
                : QStringLiteral("DO UPDATE SET occurrences = alerts.occurrences + 1, "
                                 "last_at = excluded.last_at, last_event_id = "
                                 "excluded.last_event_id WHERE alerts.last_event_id IS NULL OR "
                                 "excluded.last_event_id IS NULL OR alerts.last_event_id <> "
                                 "excluded.last_event_id");
    auto q = exec(
        w.db(),
        QStringLiteral("INSERT INTO alerts (rule, dedup_key, severity, subject, detail, "
                       "order_id, first_at, last_at, occurrences, email_state, last_event_id) "
                       "VALUES (?,?,?,?,?,(SELECT id FROM orders WHERE id=?),?,?,1,?,?) "
                       "ON CONFLICT (rule, dedup_key) "
                       "WHERE acknowledged_at IS NULL %1 RETURNING id, occurrences")
            .arg(onConflict),
        {d.rule, d.key, rule.severity, d.subject.left(500), compact(d.detail),
         storage::nullableId(d.orderId), nowMs, nowMs, emailState, storage::nullableId(d.eventId)});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return RaiseOutcome{};
    const int count = q->value(1).toInt();
    const qint64 id = q->value(0).toLongLong();
    q->finish(); // see storage::returnedValue()
    return RaiseOutcome{id, count == 1, count};
}

DbResult<QList<Alert>> listAlerts(QSqlDatabase db, const AlertQuery &query)
{
    QStringList where;
    QVariantList binds;
    if (query.state == AlertQuery::State::Open)
        where << QStringLiteral("acknowledged_at IS NULL");
    else if (query.state == AlertQuery::State::Acknowledged)
        where << QStringLiteral("acknowledged_at IS NOT NULL");
    if (!query.rule.isEmpty()) {
        where << QStringLiteral("rule = ?");
        binds << query.rule;
    }
    if (query.beforeId > 0) {
        where << QStringLiteral("id < ?");
        binds << query.beforeId;
    }
    binds << query.limit;
    auto q =
        exec(db,
             QStringLiteral("SELECT %1 FROM alerts %2 ORDER BY id DESC LIMIT ?")
                 .arg(kAlertColumns, where.isEmpty() ? QString()
                                                     : QStringLiteral("WHERE ") +
                                                           where.join(QStringLiteral(" AND "))),
             binds);
    if (!q)
        return std::unexpected(q.error());
    QList<Alert> out;
    while (q->next())
        out << alertFrom(*q);
    return out;
}

DbResult<std::optional<Alert>> loadAlert(QSqlDatabase db, qint64 id)
{
    auto q = exec(db, QStringLiteral("SELECT %1 FROM alerts WHERE id=?").arg(kAlertColumns), {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    return alertFrom(*q);
}

DbResult<qint64> openAlertCount(QSqlDatabase db)
{
    auto q = exec(db, QStringLiteral("SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NULL"));
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

DbResult<std::optional<std::pair<Alert, bool>>> acknowledgeAlert(WriteContext &w, qint64 id,
                                                                 const QString &by, qint64 nowMs)
{
    auto u = exec(w.db(),
                  QStringLiteral("UPDATE alerts SET acknowledged_by=?, acknowledged_at=? "
                                 "WHERE id=? AND acknowledged_at IS NULL"),
                  {by, nowMs, id});
    if (!u)
        return std::unexpected(u.error());
    const bool changed = u->numRowsAffected() > 0;
    auto a = loadAlert(w.db(), id);
    if (!a)
        return std::unexpected(a.error());
    if (!*a)
        return std::nullopt;
    return std::pair{**a, changed};
}

DbResult<void> setEmailState(WriteContext &w, qint64 id, const QString &state, qint64 nowMs)
{
    auto u =
        exec(w.db(), QStringLiteral("UPDATE alerts SET email_state=?, notified_at=? WHERE id=?"),
             {state, nowMs, id});
    if (!u)
        return std::unexpected(u.error());
    return {};
}

} // namespace dc::alerts
