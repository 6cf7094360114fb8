// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A QSqlResult that runs a prepared statement on SQLite's own API, for the writer's cache of
// prepared statements (storage/statementcache.cpp). Qt's SQLite result rebuilds the result's
// record on every exec (a QSqlField with three strings and a type lookup per column) and copies
// every bound value twice: with the writer running about a hundred statements per order, Qt and
// the allocator took more of the writer thread than SQLite did.
// Behaves as Qt's result does where the store relies on it: the statement runs at exec() (a
// write without RETURNING is done by then), values come back as Qt's driver gives them, and
// errors carry SQLite's code and message with the same error types.
#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace dc::storage {

// A query on db (an open QSQLITE connection) whose statements run through SQLite
// directly. Nothing when SQLite's API is not at hand (built without SQLite's headers), db is not
// SQLite, or Qt's driver carries a SQLite of its own: callers then use Qt's own result.
// The statement must be finalized before the connection closes (Qt finalizes only its own
// results): the query and every copy of it must be gone by then.
std::optional<QSqlQuery> fastSqliteQuery(const QSqlDatabase &db);

} // namespace dc::storage
