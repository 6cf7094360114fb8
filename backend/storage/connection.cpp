// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/connection.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#ifdef DROPCREW_SQLITE_CONFIG
#include <sqlite3.h>
#endif

#include <mutex>

namespace dc::storage {

namespace {

// SQLite counts every allocation under one process-wide mutex unless told not to; with the
// writer, the task workers and the bus reading at once that mutex was contended on nearly every
// statement (a futex call each time). Nothing here reads SQLite's memory statistics. It only
// applies before SQLite initialises, that is before the first connection opens (a failure,
// SQLite already initialised, only costs speed).
//
// Not changed, tried and measured: an in-memory sub-journal (temp_store=MEMORY) halved the
// writer's pwrite calls but has no bound for a huge job; a larger spill threshold
// (SQLITE_CONFIG_STMTJRNL_SPILL, 16 MiB) made a one-statement insert of a million rows fail.
void configureSqlite()
{
    static std::once_flag once;
    std::call_once(once, [] {
#ifdef DROPCREW_SQLITE_CONFIG
        if (const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); rc != SQLITE_OK)
            qCInfo(lcStore) << "SQLite was initialised before the store configured it:" << rc;
#endif
    });
}

} // namespace

std::expected<QSqlDatabase, QString> openDatabase(const DatabaseUrl &url, const QString &name,
                                                  bool readOnly)
{
    if (url.backend == Backend::Sqlite) {
        configureSqlite();
        const QFileInfo fi(url.path);
        if (!readOnly && !fi.absoluteDir().exists()) {
            if (!QDir().mkpath(fi.absolutePath()))
                return std::unexpected(
                    QStringLiteral("cannot create the folder %1").arg(fi.absolutePath()));
            QFile::setPermissions(fi.absolutePath(), QFileDevice::ReadOwner |
                                                         QFileDevice::WriteOwner |
                                                         QFileDevice::ExeOwner);
        }
        // A new database is the owner's alone (SQLite gives its -wal and -shm files the same
        // mode): created empty with 0600 before SQLite opens it.
        if (!readOnly && !fi.exists() && url.path != QLatin1String(":memory:")) {
            QFile file(url.path);
            if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
                file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(url.path);
        // 5 s of waiting for another process's lock before SQLITE_BUSY.
        // Readers use query_only rather than SQLITE_OPEN_READONLY: a WAL reader still needs the
        // -shm file.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            const QString err = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return std::unexpected(QStringLiteral("cannot open %1: %2").arg(url.path, err));
        }
        // WAL persists in the file; the others must be set on every connection.
        QStringList pragmas = {QStringLiteral("PRAGMA foreign_keys=ON"),
                               QStringLiteral("PRAGMA synchronous=FULL")};
        if (readOnly) {
            pragmas << QStringLiteral("PRAGMA query_only=ON");
        } else {
            pragmas.prepend(QStringLiteral("PRAGMA journal_mode=WAL"));
            // The one writer keeps its pages across transactions (no other connection writes):
            // 32 MiB rather than SQLite's 2 MiB holds the hot tables' indexes, so a write
            // reads from memory instead of a pread per page.
            pragmas << QStringLiteral("PRAGMA cache_size=-32768");
        }
        for (const QString &p : pragmas) {
            QSqlQuery q(db);
            // Switching a new file to WAL needs a moment alone with it, and the busy timeout does
            // not cover that: two processes opening a fresh database together retry here.
            bool ok = q.exec(p);
            for (int attempt = 0;
                 !ok && attempt < 250 && q.lastError().nativeErrorCode() == QLatin1String("5");
                 ++attempt) {
                QThread::msleep(20);
                ok = q.exec(p);
            }
            if (!ok) {
                const QString err = q.lastError().text();
                q = QSqlQuery();
                db.close();
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                return std::unexpected(QStringLiteral("cannot use %1: %2").arg(url.path, err));
            }
        }
        return db;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setDatabaseName(url.dbName);
    if (!url.password.isEmpty())
        db.setPassword(url.password);
    // An unreachable server must fail in seconds, not hang the start-up.
    QString opts = url.options;
    if (!opts.contains(QLatin1String("connect_timeout")))
        opts = (opts.isEmpty() ? QString() : opts + QLatin1Char(';')) +
               QStringLiteral("connect_timeout=5");
    db.setConnectOptions(opts);
    if (!db.open()) {
        const QString err = db.lastError().text().simplified();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return std::unexpected(
            QStringLiteral("cannot connect to %1: %2").arg(url.toDisplayString(), err));
    }
    QStringList setup = {QStringLiteral("SET TIME ZONE 'UTC'"),
                         QStringLiteral("SET lock_timeout = '5s'")};
    if (readOnly)
        setup << QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    for (const QString &s : setup) {
        QSqlQuery q(db);
        if (!q.exec(s)) {
            const QString err = q.lastError().text();
            q = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return std::unexpected(
                QStringLiteral("cannot set up %1: %2").arg(url.toDisplayString(), err));
        }
    }
    return db;
}

} // namespace dc::storage
