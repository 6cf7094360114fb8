// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/versions.h"

#include "storage/sqlutil.h"

#include <QCryptographicHash>

namespace dc::workflows {

using namespace dc::storage;

QString definitionHash(const QByteArray &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

DbResult<int> recordVersion(WriteContext &ctx, const QString &workflow, const QByteArray &text,
                            const QString &savedBy)
{
    const QString hash = definitionHash(text);
    // Two instances sharing a PostgreSQL database may number the same version at once: the one
    // whose insert found the number taken reads the newest version again and tries the next.
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto newest = exec(ctx.db(),
                           QStringLiteral("SELECT version, hash FROM workflow_versions WHERE "
                                          "workflow = ? ORDER BY version DESC LIMIT 1"),
                           {workflow});
        if (!newest)
            return std::unexpected(newest.error());
        int last = 0;
        if (newest->next()) {
            last = newest->value(0).toInt();
            if (newest->value(1).toString() == hash)
                return last;
        }
        auto added = exec(ctx.db(),
                          QStringLiteral("INSERT INTO workflow_versions (workflow, version, "
                                         "source, hash, saved_by, created_at) VALUES "
                                         "(?, ?, ?, ?, ?, ?) ON CONFLICT (workflow, version) "
                                         "DO NOTHING RETURNING version"),
                          {workflow, last + 1, text, hash, savedBy, nowMs()});
        if (!added)
            return std::unexpected(added.error());
        if (added->next())
            return last + 1;
    }
    return std::unexpected(
        DbError{DbError::Kind::Busy,
                QStringLiteral("workflow \"%1\": its next version number is being taken by "
                               "other saves, try again")
                    .arg(workflow)});
}

DbResult<QList<WorkflowVersion>> listVersions(QSqlDatabase db, const QString &workflow)
{
    auto q = exec(db,
                  QStringLiteral("SELECT version, hash, saved_by, created_at FROM "
                                 "workflow_versions WHERE workflow = ? ORDER BY version DESC"),
                  {workflow});
    if (!q)
        return std::unexpected(q.error());
    QList<WorkflowVersion> out;
    while (q->next())
        out.append(WorkflowVersion{workflow,
                                   q->value(0).toInt(),
                                   q->value(1).toString(),
                                   q->value(2).toString(),
                                   utcFromMs(q->value(3)),
                                   {}});
    return out;
}

DbResult<std::optional<WorkflowVersion>> findVersion(QSqlDatabase db, const QString &workflow,
                                                     int version)
{
    auto q = exec(db,
                  QStringLiteral("SELECT hash, saved_by, created_at, source FROM "
                                 "workflow_versions WHERE workflow = ? AND version = ?"),
                  {workflow, version});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<WorkflowVersion>();
    return std::optional<WorkflowVersion>(
        WorkflowVersion{workflow, version, q->value(0).toString(), q->value(1).toString(),
                        utcFromMs(q->value(2)), q->value(3).toByteArray()});
}

DbResult<int> versionWithHash(QSqlDatabase db, const QString &workflow, const QString &hash)
{
    auto q = exec(db,
                  QStringLiteral("SELECT MAX(version) FROM workflow_versions WHERE workflow = ? "
                                 "AND hash = ?"),
                  {workflow, hash});
    if (!q)
        return std::unexpected(q.error());
    return q->next() && !q->value(0).isNull() ? q->value(0).toInt() : 0;
}

DbResult<std::optional<std::pair<int, QString>>> newestVersion(QSqlDatabase db,
                                                               const QString &workflow)
{
    using Newest = std::optional<std::pair<int, QString>>;
    auto q = exec(db,
                  QStringLiteral("SELECT version, hash FROM workflow_versions WHERE workflow = ? "
                                 "ORDER BY version DESC LIMIT 1"),
                  {workflow});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return Newest();
    return Newest(std::pair<int, QString>{q->value(0).toInt(), q->value(1).toString()});
}

} // namespace dc::workflows
