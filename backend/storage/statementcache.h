// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// exec() (declared in store.h, defined beside it) and the writer thread's cache of prepared
// statements that exec() consults. Apart from the writer (storage/writer.cpp) because every
// thread runs exec(); only the writer thread turns the cache on, resets it between jobs and
// drops it before its connection closes.
#include "storage/store.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace dc::storage {

// From now on this thread's exec() on db reuses prepared statements (with bound values).
void useStatementCache(const QSqlDatabase &db);
// Finishes every cached statement used since the last reset (between jobs, and before a
// savepoint statement: WriteContext::underSavepoint() is for when no result is being read).
void resetCachedStatements();
// Forgets the cache (before the writer's connection closes).
void dropStatementCache();

// A read on a statement prepared once per connection and thread, then reused: preparing was
// most of a short read's cost (an order's two SELECTs, read on every step of its workflow), and
// on PostgreSQL it is a round trip more. The statement is finished when this goes out of scope:
// a cached statement left un-reset after a one-row read would keep its read snapshot open,
// and the connection's later reads would not see newer commits.
// Only for fixed texts: texts built from the input (IN lists) go through exec(). SQLite only:
// on PostgreSQL this is exec() (see statementcache.cpp).
class CachedRead : public QSqlQuery
{
public:
    struct Slot;
    CachedRead(CachedRead &&other) noexcept;
    CachedRead(const CachedRead &) = delete;
    CachedRead &operator=(const CachedRead &) = delete;
    CachedRead &operator=(CachedRead &&) = delete;
    ~CachedRead();

private:
    friend DbResult<CachedRead> cachedRead(QSqlDatabase db, const QString &sql,
                                           const QVariantList &binds);
    CachedRead(const QSqlQuery &q, Slot *slot, bool finishAtEnd = false);
    Slot *m_slot = nullptr; // null: a one-off statement (the text was already being read)
    // The writer's cached statement (exec()'s own cache): finished here too, so that a job
    // reading the same text many times (a batch of deliveries) reuses it instead of preparing
    // it again once the cache's few copies of that text are all still open.
    bool m_finishAtEnd = false;
};
DbResult<CachedRead> cachedRead(QSqlDatabase db, const QString &sql, const QVariantList &binds);
// Frees this thread's cached reads on `connection`, or all of them: the store's per-thread
// registry calls these when the thread ends, under the lock that Store::close() holds while it
// closes connections (store.cpp).
void dropCachedReads(const QString &connection);
void dropAllCachedReads();
// Makes sure this thread has its reader registry (store.cpp), which calls dropCachedReads()
// when the thread ends.
void ensureThreadReaders();

} // namespace dc::storage
