// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Opening a connection: SQLite files (created 0600 in a 0700 folder, WAL, pragmas) and
// PostgreSQL servers (timeouts, UTC). Apart from the store because the task manager, the event
// bus and tools open connections of their own with the same settings.
#include "storage/databaseurl.h"

#include <QSqlDatabase>

#include <expected>

namespace dc::storage {

// Opens a connection to the database named by url, applying the per-connection settings
// (SQLite pragmas, PostgreSQL timeouts). Used by the store and by tools that need their own.
std::expected<QSqlDatabase, QString> openDatabase(const DatabaseUrl &url, const QString &name,
                                                  bool readOnly);

} // namespace dc::storage
