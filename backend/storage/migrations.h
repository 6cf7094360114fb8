// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "storage/databaseurl.h"

#include <QSqlDatabase>
#include <expected>

namespace dc::storage {

// Versioned schema migrations, kept as SQL files in the resources (:/dropcrew/sql/NNNN_name.sql).
// One file serves both databases; a few placeholders stand for the types that differ:
//   @ID@    auto-increment primary key   @BLOB@  binary column
int latestSchemaVersion();

// Brings the database to `target` (-1: latest), one transaction per migration, recording each
// in schema_version. Refuses a database whose version is newer than this build knows.
// On PostgreSQL an advisory lock keeps two instances starting together from racing.
// Returns the version the database is at afterwards.
std::expected<int, QString> migrate(QSqlDatabase &db, Backend backend, int target = -1);

// 0 for an empty database.
std::expected<int, QString> currentSchemaVersion(QSqlDatabase &db, Backend backend);

} // namespace dc::storage
