// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/eventlog.h"

#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace dc::events {

using namespace dc::storage;

const QString kEventColumns = QStringLiteral(
    "id, topic, event_key, payload, source, correlation_id, causation_id, created_at");

QJsonObject Event::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("topic"), topic},
                       {QStringLiteral("key"), key},
                       {QStringLiteral("data"), data},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("correlation_id"), correlationId},
                       {QStringLiteral("causation_id"), causationId},
                       {QStringLiteral("created_at"), createdAt.toString(Qt::ISODateWithMs)}};
}

namespace {

// `payload`: the draft's data, serialised (once, by the caller that also stores it).
std::optional<std::pair<QString, QString>> validateDraft(const EventDraft &d,
                                                         const QByteArray &payload)
{
    if (!isValidTopic(d.topic))
        return std::pair{
            QStringLiteral("topic"),
            QStringLiteral("a topic is 1 to 8 dot-separated segments of a-z, 0-9 and _")};
    if (d.key.size() > 256)
        return std::pair{QStringLiteral("key"), QStringLiteral("at most 256 characters")};
    for (const auto &[field, value] : {std::pair{QStringLiteral("source"), d.source},
                                       std::pair{QStringLiteral("correlation_id"), d.correlationId},
                                       std::pair{QStringLiteral("causation_id"), d.causationId}})
        if (value.size() > 128)
            return std::pair{field, QStringLiteral("at most 128 characters")};
    if (payload.size() > kMaxPayloadBytes)
        return std::pair{QStringLiteral("data"),
                         QStringLiteral("larger than %1 bytes").arg(kMaxPayloadBytes)};
    return std::nullopt;
}

} // namespace

std::optional<std::pair<QString, QString>> validateDraft(const EventDraft &d)
{
    return validateDraft(d, QJsonDocument(d.data).toJson(QJsonDocument::Compact));
}

std::expected<PreparedEvent, DbError> prepareEvent(const EventDraft &d, qint64 nowMs)
{
    PreparedEvent e{d, QJsonDocument(d.data).toJson(QJsonDocument::Compact), nowMs};
    if (auto bad = validateDraft(d, e.payload))
        return std::unexpected(
            DbError{DbError::Kind::Invalid, bad->first + QStringLiteral(": ") + bad->second});
    return e;
}

std::expected<QList<PreparedEvent>, DbError> prepareEvents(const QList<EventDraft> &drafts,
                                                           qint64 nowMs)
{
    QList<PreparedEvent> events;
    events.reserve(drafts.size());
    for (const EventDraft &d : drafts) {
        auto e = prepareEvent(d, nowMs);
        if (!e)
            return std::unexpected(e.error());
        events << std::move(*e);
    }
    return events;
}

DbResult<QList<qint64>> writeEvents(WriteContext &ctx, const QList<PreparedEvent> &events,
                                    bool readIds)
{
    if (events.isEmpty())
        return QList<qint64>{};
    if (ctx.backend() == Backend::Postgres)
        ctx.notifyAtCommit(QStringLiteral("dropcrew_events"));
    // Statements of 32, 16, 8, 4, 2 or 1 rows, so that their texts are few and each is
    // prepared once.
    QList<qint64> ids;
    if (readIds)
        ids.reserve(events.size());
    for (qsizetype from = 0; from < events.size();) {
        qsizetype n = 32;
        while (n > events.size() - from)
            n /= 2;
        QVariantList binds;
        binds.reserve(n * 7);
        for (qsizetype i = from; i < from + n; ++i) {
            const PreparedEvent &e = events[i];
            binds << e.draft.topic << e.draft.key << QString::fromUtf8(e.payload) << e.draft.source
                  << e.draft.correlationId << e.draft.causationId << e.at;
        }
        const QString sql =
            QStringLiteral("INSERT INTO events (topic, event_key, payload, source, "
                           "correlation_id, causation_id, created_at) VALUES ") +
            QStringList(n, QStringLiteral("(?,?,?,?,?,?,?)")).join(QLatin1Char(','));
        if (!readIds) {
            if (auto q = exec(ctx.db(), sql, binds); !q)
                return std::unexpected(q.error());
            from += n;
            continue;
        }
        auto chunk = selectIds(ctx.db(), sql + QStringLiteral(" RETURNING id"), binds);
        if (!chunk)
            return std::unexpected(chunk.error());
        if (chunk->size() != n)
            return std::unexpected(DbError{
                DbError::Kind::Internal,
                QStringLiteral("events: %1 rows inserted, %2 ids back").arg(n).arg(chunk->size())});
        // RETURNING gives no order; the ids themselves follow the rows' order: the writer is
        // the only one appending (on PostgreSQL it holds the event log's lock). Every row read,
        // the statement is done: no statement journal stays open (see returnedValue()).
        std::sort(chunk->begin(), chunk->end());
        ids += *chunk;
        from += n;
    }
    return ids;
}

DbResult<QList<qint64>> appendEvents(WriteContext &ctx, const QList<EventDraft> &drafts,
                                     qint64 nowMs)
{
    if (drafts.size() == 1) { // the common case keeps its one cached statement
        auto id = appendEvent(ctx, drafts.first(), nowMs);
        if (!id)
            return std::unexpected(id.error());
        return QList<qint64>{*id};
    }
    auto events = prepareEvents(drafts, nowMs);
    if (!events)
        return std::unexpected(events.error());
    return writeEvents(ctx, *events, true);
}

DbResult<qint64> appendEvent(WriteContext &ctx, const EventDraft &d, qint64 nowMs)
{
    // The payload is serialised once, for its size and for the row.
    auto e = prepareEvent(d, nowMs);
    if (!e)
        return std::unexpected(e.error());
    // PostgreSQL: ids in commit order need the event log's lock, which the writer takes when
    // it begins every transaction (WriterThread::tryBatch).
    if (ctx.backend() == Backend::Postgres)
        ctx.notifyAtCommit(QStringLiteral("dropcrew_events"));
    auto q = exec(
        ctx.db(),
        QStringLiteral(
            "INSERT INTO events (topic, event_key, payload, source, correlation_id, causation_id, "
            "created_at) VALUES (?,?,?,?,?,?,?) RETURNING id"),
        {d.topic, d.key, QString::fromUtf8(e->payload), d.source, d.correlationId, d.causationId,
         nowMs});
    if (!q)
        return std::unexpected(q.error());
    return returnedId(*q);
}

Event eventFromRow(const QSqlQuery &q)
{
    Event e;
    e.id = q.value(0).toLongLong();
    e.topic = q.value(1).toString();
    e.key = q.value(2).toString();
    e.data = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    e.source = q.value(4).toString();
    e.correlationId = q.value(5).toString();
    e.causationId = q.value(6).toString();
    e.createdAt = utcFromMs(q.value(7));
    return e;
}

DbResult<QList<Event>> queryEvents(QSqlDatabase db, const EventQuery &query)
{
    QStringList where{QStringLiteral("id > ?")};
    QVariantList binds{query.afterId};
    if (query.beforeId > 0) {
        where << QStringLiteral("id < ?");
        binds << query.beforeId;
    }
    if (!query.key.isEmpty()) {
        where << QStringLiteral("event_key = ?");
        binds << query.key;
    }
    if (query.since.isValid()) {
        where << QStringLiteral("created_at >= ?");
        binds << query.since.toMSecsSinceEpoch();
    }
    if (query.until.isValid()) {
        where << QStringLiteral("created_at < ?");
        binds << query.until.toMSecsSinceEpoch();
    }
    const int limit = std::clamp(query.limit, 1, 1000);
    QList<Event> out;
    // Patterns are matched here rather than in SQL ("#" has no LIKE equivalent); the scan is
    // bounded so a rare topic cannot make one request read the whole log.
    qint64 after = query.afterId;
    int scanned = 0;
    while (out.size() < limit && scanned < 100000) {
        binds[0] = after;
        auto q = exec(
            db,
            QStringLiteral("SELECT ") + kEventColumns + QStringLiteral(" FROM events WHERE ") +
                where.join(QStringLiteral(" AND ")) + QStringLiteral(" ORDER BY id LIMIT 1000"),
            binds);
        if (!q)
            return std::unexpected(q.error());
        int rows = 0;
        while (q->next() && out.size() < limit) {
            ++rows;
            Event e = eventFromRow(*q);
            after = e.id;
            if (!query.topics || query.topics->matches(e.topic))
                out << e;
        }
        scanned += rows;
        if (rows < 1000)
            break;
    }
    return out;
}

DbResult<qint64> lastEventId(QSqlDatabase db)
{
    auto q = exec(db, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"));
    if (!q)
        return std::unexpected(q.error());
    q->next();
    return q->value(0).toLongLong();
}

} // namespace dc::events
