// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// exec() (declared in store.h, defined beside it) and the writer thread's cache of prepared
// statements that exec() consults. Apart from the writer (storage/writer.cpp) because every
// thread runs exec(); only the writer thread turns the cache on, resets it between jobs and
// drops it before its connection closes.
#include <QSqlDatabase>

namespace dc::storage {

// From now on this thread's exec() on db reuses prepared statements (with bound values).
void useStatementCache(const QSqlDatabase &db);
// Finishes every cached statement used since the last reset (between jobs, and before a
// savepoint statement: WriteContext::underSavepoint() is for when no result is being read).
void resetCachedStatements();
// Forgets the cache (before the writer's connection closes).
void dropStatementCache();

} // namespace dc::storage
