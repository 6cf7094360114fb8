// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// exec() (declared in store.h, defined beside it) and the writer thread's cache of prepared
// statements that exec() consults. Apart from the writer (storage/writer.cpp) because every
// thread runs exec(); only the writer thread turns the cache on, resets it between jobs and
// drops it before its connection closes.
#include <QSqlDatabase>

namespace dc::storage {

// From now on this thread's exec() on db reuses prepared INSERT/UPDATE/DELETE statements.
void useStatementCache(const QSqlDatabase &db);
// Finishes every cached statement used since the last reset (before COMMIT or ROLLBACK).
void resetCachedStatements();
// Forgets the cache (before the writer's connection closes).
void dropStatementCache();

} // namespace dc::storage
