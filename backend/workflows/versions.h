// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Workflow versions: every text a workflow was saved with, kept unchanged (workflow_versions),
// numbered 1, 2, 3... per workflow, with who saved it, when (UTC ms) and the SHA-256 of the text.
// A text equal to the newest version's is no new version, so a restart or the same text saved
// twice adds nothing. The catalog records versions as it saves and loads definitions (catalog.h);
// the API lists, shows and restores them.
#include "storage/store.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace dc::workflows {

struct WorkflowVersion
{
    QString workflow;
    int version = 0;
    QString hash;      // SHA-256 of the text, lower-case hex
    QString savedBy;   // "user:alice", "key:ci-bot", "file:/path/name.yaml" or "system"
    QDateTime savedAt; // UTC
    QByteArray source; // the text exactly as saved (empty in lists)
};

// The hash versions are compared by: SHA-256 of the bytes, lower-case hex.
QString definitionHash(const QByteArray &text);

// In the caller's write transaction: `text` as the workflow's next version, unless it is the
// newest version's text already. Returns the version the text is now (new or the newest).
storage::DbResult<int> recordVersion(storage::WriteContext &ctx, const QString &workflow,
                                     const QByteArray &text, const QString &savedBy);

// The workflow's versions, newest first, without their texts.
storage::DbResult<QList<WorkflowVersion>> listVersions(QSqlDatabase db, const QString &workflow);
// One version with its text; nullopt when the workflow has no such version.
storage::DbResult<std::optional<WorkflowVersion>> findVersion(QSqlDatabase db,
                                                              const QString &workflow, int version);
// The newest version with that hash; 0 when no version has it.
storage::DbResult<int> versionWithHash(QSqlDatabase db, const QString &workflow,
                                       const QString &hash);
// The newest version's number and hash; nullopt when the workflow has no version.
storage::DbResult<std::optional<std::pair<int, QString>>> newestVersion(QSqlDatabase db,
                                                                        const QString &workflow);

} // namespace dc::workflows
