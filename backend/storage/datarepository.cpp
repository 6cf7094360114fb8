// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/datarepository.h"

#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dc::storage {

namespace {
// QJsonDocument holds only arrays and objects: a scalar travels inside a one-element array.
QString encode(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
}

QJsonValue decode(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).array().at(0);
}

DataEntry entryFrom(const QSqlQuery &q)
{
    return DataEntry{q.value(0).toString(), q.value(1).toString(), decode(q.value(2).toString()),
                     q.value(3).toLongLong(), utcFromMs(q.value(4))};
}

const QString kColumns = QStringLiteral("namespace, key, value, version, updated_at");
} // namespace

DbResult<DataEntry> DataRepository::put(WriteContext &ctx, const QString &ns, const QString &key,
                                        const QJsonValue &value, Precondition pre,
                                        qint64 expectedVersion) const
{
    auto cur = exec(ctx.db(),
                    QStringLiteral("SELECT version FROM data_entries WHERE namespace=? AND key=?"),
                    {ns, key});
    if (!cur)
        return std::unexpected(cur.error());
    const bool exists = cur->next();
    const qint64 version = exists ? cur->value(0).toLongLong() : 0;
    if (pre == Precondition::MustNotExist && exists)
        return std::unexpected(
            DbError{DbError::Kind::Conflict, QStringLiteral("%1/%2 already exists").arg(ns, key)});
    if (pre == Precondition::VersionMatches) {
        if (!exists)
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no value at %1/%2").arg(ns, key)});
        if (version != expectedVersion)
            return std::unexpected(
                DbError{DbError::Kind::Conflict, QStringLiteral("%1/%2 is at version %3, not %4")
                                                     .arg(ns, key)
                                                     .arg(version)
                                                     .arg(expectedVersion)});
    }
    const qint64 now = nowMs();
    auto q = exists
                 ? exec(ctx.db(),
                        QStringLiteral("UPDATE data_entries SET value=?, version=version+1, "
                                       "updated_at=? WHERE namespace=? AND key=? RETURNING ") +
                            kColumns,
                        {encode(value), now, ns, key})
                 : exec(ctx.db(),
                        QStringLiteral("INSERT INTO data_entries (namespace, key, value, "
                                       "version, updated_at) VALUES (?, ?, ?, 1, ?) RETURNING ") +
                            kColumns,
                        {ns, key, encode(value), now});
    if (!q)
        return std::unexpected(q.error());
    q->next();
    return entryFrom(*q);
}

DbResult<void> DataRepository::remove(WriteContext &ctx, const QString &ns, const QString &key,
                                      qint64 expectedVersion) const
{
    auto q =
        expectedVersion > 0
            ? exec(ctx.db(),
                   QStringLiteral(
                       "DELETE FROM data_entries WHERE namespace=? AND key=? AND version=?"),
                   {ns, key, expectedVersion})
            : exec(ctx.db(), QStringLiteral("DELETE FROM data_entries WHERE namespace=? AND key=?"),
                   {ns, key});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() > 0)
        return {};
    auto exists =
        exec(ctx.db(), QStringLiteral("SELECT 1 FROM data_entries WHERE namespace=? AND key=?"),
             {ns, key});
    if (!exists)
        return std::unexpected(exists.error());
    if (exists->next())
        return std::unexpected(DbError{
            DbError::Kind::Conflict,
            QStringLiteral("%1/%2 changed since version %3").arg(ns, key).arg(expectedVersion)});
    return std::unexpected(
        DbError{DbError::Kind::NotFound, QStringLiteral("no value at %1/%2").arg(ns, key)});
}

DbResult<std::optional<DataEntry>> DataRepository::get(QSqlDatabase db, const QString &ns,
                                                       const QString &key) const
{
    auto q = exec(db,
                  QStringLiteral("SELECT ") + kColumns +
                      QStringLiteral(" FROM data_entries WHERE namespace=? AND key=?"),
                  {ns, key});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<DataEntry>();
    return std::optional<DataEntry>(entryFrom(*q));
}

DbResult<QList<DataEntry>> DataRepository::list(QSqlDatabase db, const QString &ns,
                                                const QString &prefix, const QString &after,
                                                int limit) const
{
    // A prefix range (key >= p AND key < p + U+FFFF) uses the primary key on both backends,
    // where LIKE would need escaping and, on PostgreSQL, a special index.
    QString sql = QStringLiteral("SELECT ") + kColumns +
                  QStringLiteral(" FROM data_entries WHERE namespace=? AND key > ?");
    QVariantList binds{ns, after};
    if (!prefix.isEmpty()) {
        sql += QStringLiteral(" AND key >= ? AND key < ?");
        binds << prefix << QString(prefix + QChar(0xFFFF));
    }
    sql += QStringLiteral(" ORDER BY key LIMIT ?");
    binds << limit;
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    QList<DataEntry> out;
    while (q->next())
        out.append(entryFrom(*q));
    return out;
}

} // namespace dc::storage
