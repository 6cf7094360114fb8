// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/audit.h"

#include "core/logging.h"
#include "security/jwt.h"
#include "security/secretstore.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/rand.h>

namespace dc::security {

using storage::DbError;
using storage::DbResult;
using storage::exec;

namespace {
const QString kAuditKey = QStringLiteral("audit-key");
const QString kColumns =
    QStringLiteral("id, at, actor, ip, action, target, outcome, detail, prev_hash, hash");

AuditEntry entryFrom(const QSqlQuery &q)
{
    AuditEntry e;
    e.id = q.value(0).toLongLong();
    e.at = storage::utcFromMs(q.value(1));
    e.actor = q.value(2).toString();
    e.ip = q.value(3).toString();
    e.action = q.value(4).toString();
    e.target = q.value(5).toString();
    e.outcome = q.value(6).toInt();
    e.detail = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    e.prevHash = q.value(8).toString();
    e.hash = q.value(9).toString();
    return e;
}
} // namespace

QJsonObject AuditEntry::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("at"), at.toString(Qt::ISODateWithMs)},
            {QStringLiteral("actor"), actor},
            {QStringLiteral("ip"), ip},
            {QStringLiteral("action"), action},
            {QStringLiteral("target"), target},
            {QStringLiteral("outcome"), outcome},
            {QStringLiteral("detail"), detail},
            {QStringLiteral("hash"), hash}};
}

std::expected<std::unique_ptr<AuditLog>, QString> AuditLog::create(storage::Store &store,
                                                                   SecretStore &secrets)
{
    QByteArray fresh(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(fresh.data()), 32) != 1)
        return std::unexpected(QStringLiteral("no random bytes for the audit key"));
    // One key for every instance of a shared database: a second key would fork the chain.
    auto stored = secrets.createIfAbsent(kAuditKey, fresh.toBase64());
    if (!stored)
        return std::unexpected(QStringLiteral("cannot read or store the audit key in %1: %2")
                                   .arg(secrets.description(), stored.error()));
    const QByteArray key = QByteArray::fromBase64(*stored);
    if (key.size() < 32)
        return std::unexpected(
            QStringLiteral("the audit key in %1 is malformed").arg(secrets.description()));
    auto log = std::make_unique<AuditLog>(store, key);
    // A chain from before the head existed is anchored as it stands now.
    if (auto h = log->anchorHead(); !h)
        return std::unexpected(QStringLiteral("cannot anchor the audit chain: ") +
                               h.error().message);
    return log;
}

QString AuditLog::chainHash(const AuditEntry &e) const
{
    // The detail is hashed as stored (its compact JSON text), so verification needs no
    // canonical re-serialisation.
    const QByteArray fields =
        QJsonDocument(
            QJsonArray{e.prevHash, e.at.toMSecsSinceEpoch(), e.actor, e.ip, e.action, e.target,
                       e.outcome,
                       QString::fromUtf8(QJsonDocument(e.detail).toJson(QJsonDocument::Compact))})
            .toJson(QJsonDocument::Compact);
    return QString::fromLatin1(hmacSha256(m_key, fields).toHex());
}

void AuditLog::record(AuditEntry entry)
{
    if (!entry.at.isValid())
        entry.at = QDateTime::currentDateTimeUtc();
    m_store.write<qint64>([this, entry](storage::WriteContext &w) { return append(w, entry); });
}

DbResult<qint64> AuditLog::append(storage::WriteContext &ctx, AuditEntry e) const
{
    if (!e.at.isValid())
        e.at = QDateTime::currentDateTimeUtc();
    // Instances sharing a PostgreSQL database append to one chain, one at a time: every
    // writing transaction there holds the cluster write lock from its start (Store), so the
    // chain's last row cannot change under this append.
    // The chain's last hash and the head's count, in one read.
    auto last = exec(ctx.db(), QStringLiteral("SELECT (SELECT hash FROM audit_log ORDER BY id DESC "
                                              "LIMIT 1), (SELECT entries FROM audit_head WHERE "
                                              "id = 1)"));
    if (!last)
        return std::unexpected(last.error());
    std::optional<qint64> headEntries;
    if (last->next()) {
        e.prevHash = last->value(0).toString();
        if (!last->value(1).isNull())
            headEntries = last->value(1).toLongLong();
    }
    last->finish();
    e.at = QDateTime::fromMSecsSinceEpoch(e.at.toMSecsSinceEpoch(), Qt::UTC);
    e.hash = chainHash(e);
    auto q = exec(ctx.db(),
                  QStringLiteral("INSERT INTO audit_log (at, actor, ip, action, target, outcome, "
                                 "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                 "RETURNING id"),
                  {e.at.toMSecsSinceEpoch(), e.actor, e.ip, e.action, e.target, e.outcome,
                   QString::fromUtf8(QJsonDocument(e.detail).toJson(QJsonDocument::Compact)),
                   e.prevHash, e.hash});
    if (!q)
        return std::unexpected(q.error());
    const qint64 id = storage::returnedId(*q);
    if (auto h = writeHead(ctx, id, e.hash, headEntries); !h)
        return std::unexpected(h.error());
    return id;
}

QString AuditLog::headMac(qint64 lastId, qint64 entries, const QString &lastHash) const
{
    return QString::fromLatin1(
        hmacSha256(
            m_key,
            QStringLiteral("audit-head|%1|%2|%3").arg(lastId).arg(entries).arg(lastHash).toUtf8())
            .toHex());
}

DbResult<void> AuditLog::writeHead(storage::WriteContext &ctx, qint64 lastId,
                                   const QString &lastHash, std::optional<qint64> headEntries) const
{
    // The head counts the entries and names the newest, under the audit key: deleting the
    // newest entries (or the head itself) no longer verifies. A chain from before the head
    // existed is counted once, then each append adds one.
    if (!headEntries) {
        auto n = exec(ctx.db(), QStringLiteral("SELECT entries FROM audit_head WHERE id = 1"));
        if (!n)
            return std::unexpected(n.error());
        if (n->next())
            headEntries = n->value(0).toLongLong();
        n->finish();
    }
    qint64 entries = 0;
    if (headEntries) {
        entries = *headEntries + 1;
    } else {
        auto c = exec(ctx.db(), QStringLiteral("SELECT COUNT(*) FROM audit_log"));
        if (!c)
            return std::unexpected(c.error());
        c->next();
        entries = c->value(0).toLongLong();
    }
    auto u = exec(ctx.db(),
                  QStringLiteral("INSERT INTO audit_head (id, last_id, entries, last_hash, mac) "
                                 "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_id "
                                 "= excluded.last_id, entries = excluded.entries, last_hash = "
                                 "excluded.last_hash, mac = excluded.mac"),
                  {lastId, entries, lastHash, headMac(lastId, entries, lastHash)});
    if (!u)
        return std::unexpected(u.error());
    return {};
}

DbResult<void> AuditLog::anchorHead() const
{
    auto r = m_store.writeAndWait<bool>([this](storage::WriteContext &ctx) -> DbResult<bool> {
        auto head = exec(ctx.db(), QStringLiteral("SELECT 1 FROM audit_head"));
        if (!head)
            return std::unexpected(head.error());
        if (head->next())
            return true;
        head->finish();
        auto last = exec(ctx.db(), QStringLiteral("SELECT id, hash FROM audit_log "
                                                  "ORDER BY id DESC LIMIT 1"));
        if (!last)
            return std::unexpected(last.error());
        if (!last->next())
            return true; // nothing to anchor yet
        const qint64 id = last->value(0).toLongLong();
        const QString hash = last->value(1).toString();
        last->finish();
        if (auto h = writeHead(ctx, id, hash); !h)
            return std::unexpected(h.error());
        return true;
    });
    if (!r)
        return std::unexpected(r.error());
    return {};
}

DbResult<QList<AuditEntry>> AuditLog::list(QSqlDatabase db, qint64 afterId, int limit,
                                           const QString &actor) const
{
    QString sql =
        QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM audit_log WHERE id > ?");
    QVariantList binds{afterId};
    if (!actor.isEmpty()) {
        sql += QStringLiteral(" AND actor = ?");
        binds << actor;
    }
    sql += QStringLiteral(" ORDER BY id LIMIT ?");
    binds << limit;
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    QList<AuditEntry> out;
    while (q->next())
        out.append(entryFrom(*q));
    return out;
}

DbResult<AuditVerification> AuditLog::verify(QSqlDatabase db) const
{
    // The chain and its head are read in one snapshot: an entry appended between the two
    // reads would otherwise look like a chain that ends before its head.
    const storage::ReadSnapshot snapshot(db);
    auto q = exec(db, QStringLiteral("SELECT ") + kColumns +
                          QStringLiteral(" FROM audit_log ORDER BY id"));
    if (!q)
        return std::unexpected(q.error());
    AuditVerification v;
    QString prev;
    qint64 lastEntryId = 0;
    while (q->next()) {
        const AuditEntry e = entryFrom(*q);
        ++v.entries;
        lastEntryId = e.id;
        if (e.prevHash != prev) {
            v.firstBadId = e.id;
            v.problem = QStringLiteral("entry %1 does not follow the one before it (an entry was "
                                       "removed or inserted)")
                            .arg(e.id);
            return v;
        }
        if (!constantTimeEquals(chainHash(e).toLatin1(), e.hash.toLatin1())) {
            v.firstBadId = e.id;
            v.problem = QStringLiteral("entry %1 was altered").arg(e.id);
            return v;
        }
        prev = e.hash;
    }
    q->finish();
    // The chain must end where its signed head says: no newest entry removed.
    auto head = exec(db, QStringLiteral("SELECT last_id, entries, last_hash, mac FROM audit_head "
                                        "WHERE id = 1"));
    if (!head)
        return std::unexpected(head.error());
    if (!head->next()) {
        if (v.entries > 0) {
            v.firstBadId = lastEntryId;
            v.problem = QStringLiteral("the chain's signed head record is missing");
        }
        return v;
    }
    const qint64 lastId = head->value(0).toLongLong();
    const qint64 entries = head->value(1).toLongLong();
    const QString lastHash = head->value(2).toString();
    if (!constantTimeEquals(headMac(lastId, entries, lastHash).toLatin1(),
                            head->value(3).toString().toLatin1())) {
        v.firstBadId = lastId;
        v.problem = QStringLiteral("the chain's head record was altered");
    } else if (entries != v.entries || lastHash != prev) {
        v.firstBadId = lastId;
        v.problem = QStringLiteral("the chain ends before its head (entry %1): %2 of %3 entries "
                                   "remain, the newest were removed")
                        .arg(lastId)
                        .arg(v.entries)
                        .arg(entries);
    }
    return v;
}

} // namespace dc::security
