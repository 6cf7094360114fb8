// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The audit log: who did what, when, from where, for every mutating request and every security
// event. Rows are chained: hash = HMAC-SHA256(key, prev_hash | fields), the key held in the
// secret store, so an edited, inserted or deleted row breaks the chain and someone with only
// database access cannot forge a new one.
#include "storage/store.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace dc::security {

class SecretStore;

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor; // "user:alice", "key:ci", "anonymous", "system"
    QString ip;
    QString action;  // "POST /api/orders", "login.failed", "permission_denied"...
    QString target;  // "order:12", "" when none
    int outcome = 0; // the HTTP status, or 0
    QJsonObject detail;
    QString prevHash;
    QString hash;
    QJsonObject toJson() const;
};

struct AuditVerification
{
    qint64 entries = 0;
    qint64 firstBadId = 0; // 0 when the chain is intact
    QString problem;
    bool ok() const { return firstBadId == 0 && problem.isEmpty(); }
};

class AuditLog
{
public:
    // The HMAC key comes from the secret store ("audit-key"), created on first use.
    static std::expected<std::unique_ptr<AuditLog>, QString> create(storage::Store &store,
                                                                    SecretStore &secrets);
    AuditLog(storage::Store &store, QByteArray key)
        : m_store(store)
        , m_key(std::move(key))
    {}

    // Queued on the writer thread (does not wait). Time is taken now.
    void record(AuditEntry entry);
    // Inside a caller's transaction, e.g. with the change it describes.
    storage::DbResult<qint64> append(storage::WriteContext &ctx, AuditEntry entry) const;
    storage::DbResult<QList<AuditEntry>> list(QSqlDatabase db, qint64 afterId, int limit,
                                              const QString &actor = {}) const;
    storage::DbResult<AuditVerification> verify(QSqlDatabase db) const;

    // Writes the signed head record when there is none (a chain from an older version).
    storage::DbResult<void> anchorHead() const;

private:
    QString chainHash(const AuditEntry &e) const;
    QString headMac(qint64 lastId, qint64 entries, const QString &lastHash) const;
    // `headEntries`: the head's count before this entry, when the caller has read it.
    storage::DbResult<void> writeHead(storage::WriteContext &ctx, qint64 lastId,
                                      const QString &lastHash,
                                      std::optional<qint64> headEntries = std::nullopt) const;
    storage::Store &m_store;
    QByteArray m_key;
};

} // namespace dc::security
