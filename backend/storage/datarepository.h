// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shared data store of the seed's /api/data: JSON values by (namespace, key) with a version
// for optimistic concurrency.
#include "storage/store.h"

#include <QJsonValue>
#include <optional>

namespace dc::storage {

struct DataEntry
{
    QString ns;
    QString key;
    QJsonValue value;
    qint64 version = 0;
    QDateTime updatedAt;
};

class DataRepository
{
public:
    enum class Precondition { None, MustNotExist, VersionMatches };
    // Creates or replaces. MustNotExist fails with Conflict if the key exists; VersionMatches
    // fails with Conflict unless the stored version is expectedVersion (NotFound if absent).
    DbResult<DataEntry> put(WriteContext &ctx, const QString &ns, const QString &key,
                            const QJsonValue &value, Precondition pre = Precondition::None,
                            qint64 expectedVersion = 0) const;
    // Conflict when expectedVersion (> 0) does not match; NotFound when absent.
    DbResult<void> remove(WriteContext &ctx, const QString &ns, const QString &key,
                          qint64 expectedVersion = 0) const;
    DbResult<std::optional<DataEntry>> get(QSqlDatabase db, const QString &ns,
                                           const QString &key) const;
    // Keys in ascending order, starting after `after`, filtered by prefix.
    DbResult<QList<DataEntry>> list(QSqlDatabase db, const QString &ns, const QString &prefix,
                                    const QString &after, int limit) const;
};

} // namespace dc::storage
