// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Conversions shared by the repositories: UTC milliseconds, nullable values, backend lookup.
#include "storage/statementcache.h"
#include "storage/store.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QTimeZone>
#include <QVariant>
#include <optional>

namespace dc::storage {

inline Backend backendOf(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? Backend::Postgres : Backend::Sqlite;
}

inline DbResult<QSqlQuery> exec(QSqlDatabase db, const QString &sql, const QVariantList &binds = {})
{
    return exec(db, backendOf(db), sql, binds);
}

// The first column of every row, as ids ("SELECT id FROM ... WHERE ...").
inline DbResult<QList<qint64>> selectIds(QSqlDatabase db, const QString &sql,
                                         const QVariantList &binds = {})
{
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    QList<qint64> out;
    while (q->next())
        out << q->value(0).toLongLong();
    return out;
}

// The first column of the one row a write's RETURNING gives, or nothing when it wrote no row
// (ON CONFLICT DO NOTHING). The statement is finished at once: left open to the end of the
// job, it keeps its statement journal open on SQLite, which then copies every page the rest
// of the transaction changes (to a temporary file past 64 KiB).
inline std::optional<QVariant> returnedValue(QSqlQuery &q)
{
    std::optional<QVariant> v;
    if (q.next())
        v = q.value(0);
    q.finish();
    return v;
}

// The id a write's "RETURNING id" gives, 0 when it wrote no row (see returnedValue()).
inline qint64 returnedId(QSqlQuery &q)
{
    return returnedValue(q).value_or(QVariant()).toLongLong();
}

// One consistent view for several reads on a reader connection: a read transaction
// (REPEATABLE READ on PostgreSQL, where each statement would otherwise see newer commits),
// rolled back when it goes out of scope.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(QSqlDatabase db)
        : m_db(std::move(db))
    {
        m_open = m_db.transaction();
        if (m_open && backendOf(m_db) == Backend::Postgres)
            exec(m_db, QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    }
    ~ReadSnapshot()
    {
        if (m_open)
            m_db.rollback();
    }
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

inline QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QDateTime utcFromMs(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

inline QVariant nullableId(std::optional<qint64> v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QVariant textOrNull(const std::optional<QString> &t)
{
    return t ? QVariant(*t) : QVariant(QMetaType(QMetaType::QString));
}

inline QVariant blobOrNull(const std::optional<QByteArray> &b)
{
    return b ? QVariant(*b) : QVariant(QMetaType(QMetaType::QByteArray));
}

// A LIKE pattern (with ESCAPE '\\') matching text that contains `text`, lower-cased (compare with
// LOWER(column)); the user's wildcards are escaped so "50%" means the characters.
inline QString containsPattern(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + text.toLower() + QLatin1Char('%');
}

// "?,?,?": the binds of an IN list of n values.
inline QString bindMarks(qsizetype n)
{
    QString m;
    for (qsizetype i = 0; i < n; ++i)
        m += i ? QStringLiteral(",?") : QStringLiteral("?");
    return m;
}

// The binds of an IN list of `values`, padded to a power of two by repeating the last value
// (the same match): statement texts then come in a few sizes, and each is prepared once.
inline QString paddedBindMarks(QVariantList &values)
{
    qsizetype n = 1;
    while (n < values.size())
        n *= 2;
    while (!values.isEmpty() && values.size() < n)
        values << values.last();
    return bindMarks(values.size());
}

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace dc::storage
