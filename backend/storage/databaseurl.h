// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>
#include <expected>

namespace dc::storage {

enum class Backend { Sqlite, Postgres };
QString backendName(Backend b); // "sqlite" | "postgresql"

// Where the data lives, parsed from --database:
//   sqlite:///absolute/path/file.db   (or sqlite:relative/path.db)
//   postgresql://user@host:port/dbname[?sslmode=require&connect_timeout=5]
// A password in the URL is refused: command lines are visible to every local user (ps).
// It comes from the environment or the secret store instead (see Config).
struct DatabaseUrl
{
    Backend backend = Backend::Sqlite;
    QString path; // sqlite
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString dbName;
    QString options;  // extra libpq options, "key=value;key=value" form for QPSQL
    QString password; // never parsed from the URL; filled in by the caller

    static std::expected<DatabaseUrl, QString> parse(const QString &url);
    QString toDisplayString() const; // no password, safe to log
};

} // namespace dc::storage
