// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Conversions shared by the repositories: UTC milliseconds, nullable values, backend lookup.
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

inline QVariant blobOrNull(const std::optional<QByteArray> &b)
{
    return b ? QVariant(*b) : QVariant(QMetaType(QMetaType::QByteArray));
}

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace dc::storage
