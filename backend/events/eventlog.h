// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The durable event log. Events are appended inside the same write transaction as the state
// change that caused them (transactional outbox): no event without its data, no data without
// its event.
#include "events/event.h"
#include "events/topic.h"
#include "storage/store.h"

#include <optional>

namespace dc::events {

constexpr int kMaxPayloadBytes = 64 * 1024;

struct EventQuery
{
    std::optional<TopicPatternSet> topics;
    QString key;
    qint64 afterId = 0;  // exclusive
    qint64 beforeId = 0; // exclusive, 0: no bound
    QDateTime since;     // inclusive
    QDateTime until;     // exclusive
    int limit = 100;
};

// How long the log keeps events (EventBus::applyRetention, hourly on the bus thread).
struct RetentionPolicy
{
    int maxAgeDays = 0;  // 0: no age limit
    qint64 maxCount = 0; // 0: no count limit
};

// Checks a draft: topic syntax, payload size. Returns the field at fault and why.
std::optional<std::pair<QString, QString>> validateDraft(const EventDraft &d);

// Appends inside the caller's transaction. On PostgreSQL it takes a transaction-scoped advisory
// lock first, so events from several instances commit in id order (a reader following the log
// by id never skips an event that commits late), and queues a NOTIFY for the other instances.
storage::DbResult<qint64> appendEvent(storage::WriteContext &ctx, const EventDraft &d,
                                      qint64 nowMs);
// Several events in statements of up to 32 rows (one round trip each on PostgreSQL); their ids
// in the drafts' order. All or none: a draft that fails validation appends nothing.
storage::DbResult<QList<qint64>> appendEvents(storage::WriteContext &ctx,
                                              const QList<EventDraft> &drafts, qint64 nowMs);

// A draft checked, with its payload serialised, ready to be written (EventBus::appendDeferred).
struct PreparedEvent
{
    EventDraft draft;
    QByteArray payload;
    qint64 at = 0;
};
std::expected<PreparedEvent, storage::DbError> prepareEvent(const EventDraft &d, qint64 nowMs);
// All of them, or the first one's error.
std::expected<QList<PreparedEvent>, storage::DbError> prepareEvents(const QList<EventDraft> &drafts,
                                                                    qint64 nowMs);
// Writes them in statements of up to 32 rows; with `readIds`, their ids in order.
storage::DbResult<QList<qint64>> writeEvents(storage::WriteContext &ctx,
                                             const QList<PreparedEvent> &events, bool readIds);

storage::DbResult<QList<Event>> queryEvents(QSqlDatabase db, const EventQuery &q);
storage::DbResult<qint64> lastEventId(QSqlDatabase db);
Event eventFromRow(const class QSqlQuery &q); // columns: see kEventColumns
extern const QString kEventColumns;

} // namespace dc::events
