// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/statementcache.h"

#include "storage/sqliteresult.h"
#include "storage/sqlutil.h"
#include "storage/store.h"

#include <QHash>
#include <QPointer>
#include <QSqlDriver>
#include <QSqlError>

#include <memory>
#include <unordered_map>

namespace dc::storage {

namespace {

// The writer connection's prepared statements, reused from job to job: preparing them anew was
// a third of the writer thread's time, and preparing its SELECTs a sixth once the others were
// cached. Only the writer thread uses it. A SELECT's statement is reused only when it is not
// active: a caller may still be reading it when the same text runs again (a few of them per
// text then). Every cached statement is reset between jobs, so none holds on to a transaction
// or a snapshot.
struct StatementCache
{
    QString connection; // the writer connection's name; empty: no cache on this thread
    QHash<QString, QSqlQuery> byText;
    QHash<QString, QList<QSqlQuery>> selects;
    QList<QSqlQuery> used; // executed since the last reset
};
constexpr qsizetype kMaxTexts = 256;     // texts built with IN (?, ?...) vary
constexpr qsizetype kMaxOpenPerText = 4; // the same SELECT open at once within one job

bool isSelect(const QString &sql)
{
    const QStringView head = QStringView(sql).trimmed().left(6);
    return head.startsWith(QLatin1String("SELECT"), Qt::CaseInsensitive);
}
thread_local StatementCache t_statements;

bool cacheable(const QString &sql)
{
    const QStringView head = QStringView(sql).trimmed().left(7);
    return head.startsWith(QLatin1String("INSERT"), Qt::CaseInsensitive) ||
           head.startsWith(QLatin1String("UPDATE"), Qt::CaseInsensitive) ||
           head.startsWith(QLatin1String("DELETE"), Qt::CaseInsensitive);
}

QVariant bindable(const QVariant &v)
{
    // A null QString (QString()) would bind as SQL NULL: it is text, possibly empty. A real
    // NULL is asked for with a typed null QVariant (QVariant(QMetaType(...)), isNull()).
    if (v.typeId() == QMetaType::QString && !v.isNull() && v.toString().isNull())
        return QString(QLatin1String(""));
    return v;
}

// fast: on SQLite, through SQLite's own API (storage/sqliteresult.h); only for statements
// finalized before their connection closes, which the writer's cache ensures.
DbResult<QSqlQuery> prepared(const QSqlDatabase &db, Backend backend, const QString &sql,
                             bool fast = false)
{
    std::optional<QSqlQuery> direct;
    if (fast && backend == Backend::Sqlite)
        direct = fastSqliteQuery(db);
    QSqlQuery q = direct ? std::move(*direct) : QSqlQuery(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return std::unexpected(toDbError(q.lastError(), backend));
    return q;
}

// Binds and runs a cached statement, which is finished at the job's end.
DbResult<QSqlQuery> runCached(QSqlQuery &q, Backend backend, const QVariantList &binds)
{
    for (qsizetype i = 0; i < binds.size(); ++i)
        q.bindValue(int(i), bindable(binds[i]));
    t_statements.used.append(q);
    if (!q.exec())
        return std::unexpected(toDbError(q.lastError(), backend));
    return q;
}

} // namespace

struct CachedRead::Slot
{
    QSqlQuery query;
    QPointer<QSqlDriver> driver; // the connection it was prepared on (null once that closed)
    bool inUse = false;
};

namespace {

// Per thread: connection name, then statement text. A closed store's connections stay here
// until the thread opens another connection, or ends.
using ReadSlots =
    std::unordered_map<QString, std::unordered_map<QString, std::unique_ptr<CachedRead::Slot>>>;
// A plain pointer, not a thread_local object, whose destructor would run as the thread exits,
// after QThread::wait() (and so QThreadPool::waitForDone()) has returned: a pool's thread then
// finalized statements while Store::close() closed its connection from another thread (a
// statement left open: sqlite3_close() failed and the connection leaked). The store's
// per-thread registry frees these under its lock, before wait() returns (dropCachedReads(),
// store.cpp).
thread_local ReadSlots *t_reads = nullptr;
ReadSlots &threadReads()
{
    if (!t_reads) {
        ensureThreadReaders(); // what frees them when the thread ends
        t_reads = new ReadSlots;
    }
    return *t_reads;
}
constexpr size_t kMaxReadTexts = 64; // per connection; the callers' texts are fixed

// The slots of connections that have closed, once a new connection appears on this thread.
void forgetClosedConnections()
{
    ReadSlots &reads = threadReads();
    for (auto it = reads.begin(); it != reads.end();) {
        bool closed = true;
        bool busy = false;
        for (const auto &[text, slot] : it->second) {
            closed = closed && slot->driver.isNull();
            busy = busy || slot->inUse;
        }
        if (closed && !busy)
            it = reads.erase(it);
        else
            ++it;
    }
}

} // namespace

// A copy shares its statement with the slot's QSqlQuery (Qt deprecates copying for the surprise
// this sharing can be; here it is the point: finish() through either ends the one read).
QT_WARNING_PUSH
QT_WARNING_DISABLE_DEPRECATED
CachedRead::CachedRead(const QSqlQuery &q, Slot *slot, bool finishAtEnd)
    : QSqlQuery(q)
    , m_slot(slot)
    , m_finishAtEnd(finishAtEnd)
{}
QT_WARNING_POP

CachedRead::CachedRead(CachedRead &&other) noexcept
    : QSqlQuery(std::move(other))
    , m_slot(std::exchange(other.m_slot, nullptr))
    , m_finishAtEnd(std::exchange(other.m_finishAtEnd, false))
{}

CachedRead::~CachedRead()
{
    if (m_slot) {
        finish(); // shared with the slot's copy: its read snapshot ends here
        m_slot->inUse = false;
    } else if (m_finishAtEnd) {
        finish();
    }
}

DbResult<CachedRead> cachedRead(QSqlDatabase db, const QString &sql, const QVariantList &binds)
{
    const Backend backend = backendOf(db);
    auto oneOff = [&](bool finishAtEnd = false) -> DbResult<CachedRead> {
        auto q = exec(db, backend, sql, binds);
        if (!q)
            return std::unexpected(q.error());
        return CachedRead(*q, nullptr, finishAtEnd);
    };
    // On the writer's connection (a repository read inside a job), exec() has the writer's own
    // cache, reset between jobs; the read finishes its statement when it ends, for the next read
    // of the text in the same job. Not kept on PostgreSQL's read connections: Qt's result there
    // deallocates its statement through its connection when destroyed, which crashes once the
    // store has closed that connection (a pool thread outliving its store).
    if (db.connectionName() == t_statements.connection)
        return oneOff(true);
    if (backend != Backend::Sqlite)
        return oneOff();
    ReadSlots &reads = threadReads();
    auto conn = reads.find(db.connectionName());
    if (conn == reads.end()) {
        forgetClosedConnections();
        conn = reads.try_emplace(db.connectionName()).first;
    }
    auto &texts = conn->second;
    auto it = texts.find(sql);
    CachedRead::Slot *slot = it == texts.end() ? nullptr : it->second.get();
    if (slot && !slot->inUse && slot->driver.data() != db.driver()) {
        texts.erase(it); // prepared on an earlier connection of the same name
        slot = nullptr;
    }
    if (slot && slot->inUse)
        return oneOff(); // read again while the caller still reads it (a nested read)
    if (!slot) {
        if (texts.size() >= kMaxReadTexts)
            std::erase_if(texts, [](const auto &kv) { return !kv.second->inUse; });
        auto fresh = prepared(db, backend, sql);
        if (!fresh)
            return std::unexpected(fresh.error());
        auto owned = std::make_unique<CachedRead::Slot>();
        owned->query = std::move(*fresh);
        owned->driver = db.driver();
        slot = owned.get();
        texts.insert_or_assign(sql, std::move(owned));
    }
    for (qsizetype i = 0; i < binds.size(); ++i)
        slot->query.bindValue(int(i), bindable(binds[i]));
    if (!slot->query.exec()) {
        const DbError e = toDbError(slot->query.lastError(), backend);
        texts.erase(sql); // prepared afresh next time (a statement gone stale, a schema change)
        return std::unexpected(e);
    }
    slot->inUse = true;
    return CachedRead(slot->query, slot);
}

void dropCachedReads(const QString &connection)
{
    if (t_reads)
        t_reads->erase(connection);
}

void dropAllCachedReads()
{
    delete t_reads;
    t_reads = nullptr;
}

void useStatementCache(const QSqlDatabase &db)
{
    t_statements.byText.clear();
    t_statements.connection = db.connectionName();
}

void resetCachedStatements()
{
    for (QSqlQuery &q : t_statements.used)
        q.finish();
    t_statements.used.clear();
    if (t_statements.selects.size() > kMaxTexts) // between jobs: none of them is open
        t_statements.selects.clear();
}

void dropStatementCache()
{
    t_statements.used.clear();
    t_statements.byText.clear();
    t_statements.selects.clear();
    t_statements.connection.clear();
}

DbResult<QSqlQuery> exec(QSqlDatabase db, Backend backend, const QString &sql,
                         const QVariantList &binds)
{
    // Statements on the writer's connection are cached: writes with bound values, and reads
    // (a read without any, such as the audit chain's last hash, is parsed as often as one with).
    // Other texts without values are transaction control (BEGIN, SAVEPOINT, SET LOCAL).
    const bool cacheOn =
        !t_statements.connection.isEmpty() && db.connectionName() == t_statements.connection;
    if (cacheOn && !binds.isEmpty() && cacheable(sql)) {
        auto it = t_statements.byText.find(sql);
        if (it == t_statements.byText.end()) {
            if (t_statements.byText.size() >= kMaxTexts)
                t_statements.byText.clear(); // those in use are finished at the job's end
            auto fresh = prepared(db, backend, sql, true);
            if (!fresh)
                return std::unexpected(fresh.error());
            it = t_statements.byText.insert(sql, *fresh);
        }
        return runCached(*it, backend, binds);
    }
    if (cacheOn && isSelect(sql)) {
        QList<QSqlQuery> &open = t_statements.selects[sql];
        qsizetype free = -1;
        for (qsizetype i = 0; i < open.size() && free < 0; ++i)
            if (!open[i].isActive())
                free = i;
        if (free < 0 && open.size() < kMaxOpenPerText) {
            auto fresh = prepared(db, backend, sql, true);
            if (!fresh)
                return std::unexpected(fresh.error());
            open.append(*fresh);
            free = open.size() - 1;
        }
        if (free >= 0)
            return runCached(open[free], backend, binds);
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (binds.isEmpty()) {
        if (!q.exec(sql))
            return std::unexpected(toDbError(q.lastError(), backend));
        return q;
    }
    if (!q.prepare(sql))
        return std::unexpected(toDbError(q.lastError(), backend));
    for (const QVariant &v : binds)
        q.addBindValue(bindable(v));
    if (!q.exec())
        return std::unexpected(toDbError(q.lastError(), backend));
    return q;
}

} // namespace dc::storage
