// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/store.h"

#include "core/logging.h"
#include "storage/connection.h"
#include "storage/statementcache.h"
#include "storage/writer.h"

#include <QDateTime>
#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QStorageInfo>
#include <QThreadStorage>

namespace dc::storage {

DbResult<void> WriteContext::savepoint(const QString &sql)
{
    resetCachedStatements();
    if (auto q = exec(m_db, m_backend, sql); !q)
        return std::unexpected(q.error());
    return {};
}

DbError toDbError(const QSqlError &e, Backend backend)
{
    const QString code = e.nativeErrorCode();
    DbError::Kind kind = DbError::Kind::Internal;
    if (backend == Backend::Sqlite) {
        // Primary result codes: 5 BUSY, 6 LOCKED, 19 CONSTRAINT (extended codes keep the low byte).
        const int primary = code.toInt() & 0xff;
        if (primary == 5 || primary == 6)
            kind = DbError::Kind::Busy;
        else if (primary == 19)
            kind = DbError::Kind::Constraint;
        else if (e.type() == QSqlError::ConnectionError)
            kind = DbError::Kind::Unavailable;
    } else {
        if (code.startsWith(QLatin1String("23")))
            kind = DbError::Kind::Constraint;
        else if (code == QLatin1String("40001") || code == QLatin1String("40P01") ||
                 code == QLatin1String("55P03"))
            kind = DbError::Kind::Busy;
        else if (code.startsWith(QLatin1String("08")) || e.type() == QSqlError::ConnectionError)
            kind = DbError::Kind::Unavailable;
    }
    QString msg = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    return DbError{kind, msg.trimmed()};
}

struct Store::ReaderRegistry
{
    QMutex mutex;
    QSet<QString> names;
    bool closed = false;
};

namespace {
std::atomic<quint64> g_storeSerial{0};
std::atomic<quint64> g_threadSerial{0};

// Closes this thread's read connections when the thread ends, so a pool that recycles threads
// does not leak connections (Qt SQL connections can only be used by the thread that made them),
// and frees its cached statements (statementcache.cpp) before.
// Kept in a QThreadStorage, not a C++ thread_local: Qt deletes a thread's QThreadStorage data
// before QThread::wait() returns (and so before QThreadPool::waitForDone() does), while
// thread_local destructors run after, as the thread exits. Then a pool's thread could still be
// freeing its statements while Store::close() closed its connection from another thread (a
// statement left open: sqlite3_close() failed and the connection leaked, or one freed twice),
// or while the process exited (LeakSanitizer saw what it was freeing). The registry's lock
// still orders this with close() for threads that Qt did not start.
struct ThreadReaders
{
    const quint64 serial = ++g_threadSerial;
    std::vector<std::pair<std::weak_ptr<Store::ReaderRegistry>, QString>> owned;
    ~ThreadReaders()
    {
        for (auto &[weak, name] : owned) {
            if (auto reg = weak.lock()) {
                QMutexLocker lock(&reg->mutex);
                dropCachedReads(name);
                if (reg->names.remove(name))
                    QSqlDatabase::removeDatabase(name);
            }
        }
        dropAllCachedReads(); // those of stores already gone (their drivers are deleted)
    }
};
QThreadStorage<ThreadReaders *> t_readers;

ThreadReaders &threadReaders()
{
    if (!t_readers.hasLocalData())
        t_readers.setLocalData(new ThreadReaders);
    return *t_readers.localData();
}
} // namespace

void ensureThreadReaders()
{
    threadReaders();
}

Store::Store(const DatabaseUrl &url)
    : m_url(url)
    , m_prefix(QStringLiteral("dc%1").arg(++g_storeSerial))
    , m_readers(std::make_shared<ReaderRegistry>())
{}

std::expected<std::unique_ptr<Store>, QString> Store::open(const DatabaseUrl &url,
                                                           const StoreOptions &options)
{
    std::unique_ptr<Store> store(new Store(url));
    store->m_options = options;
    store->m_writer = std::make_unique<WriterThread>(store.get());
    store->m_writer->setObjectName(QStringLiteral("dc-store-writer"));
    auto started = store->m_writer->startupResult();
    store->m_writer->start();
    auto version = started.get();
    if (!version) {
        store->m_writer->wait();
        store->m_writer.reset();
        return std::unexpected(version.error());
    }
    store->m_schemaVersion = *version;
    qCInfo(lcStore).noquote() << "opened" << url.toDisplayString() << "schema version" << *version;
    return store;
}

Store::~Store()
{
    close();
}

void Store::enqueue(const QString &parkAs, RunFn run, DoneFn done)
{
    const bool taken =
        m_writer && (parkAs.isEmpty() ? m_writer->push({std::move(run), done})
                                      : m_writer->park(parkAs, {std::move(run), done}));
    if (!taken)
        done(DbError{DbError::Kind::Unavailable, QStringLiteral("the store is closed")});
}

bool Store::releaseParked(const QString &name)
{
    return m_writer && m_writer->release(name);
}

QSqlDatabase Store::reader()
{
    ThreadReaders &mine = threadReaders();
    const QString name = m_prefix + QStringLiteral("-r") + QString::number(mine.serial);
    QMutexLocker lock(&m_readers->mutex);
    if (m_readers->closed)
        return QSqlDatabase();
    if (m_readers->names.contains(name))
        return QSqlDatabase::database(name, false);
    auto db = openDatabase(m_url, name, true);
    if (!db) {
        qCWarning(lcStore).noquote() << "cannot open a read connection:" << db.error();
        return QSqlDatabase();
    }
    m_readers->names.insert(name);
    mine.owned.emplace_back(m_readers, name);
    return *db;
}

void Store::barrier()
{
    (void)writeAndWait<int>([](WriteContext &) -> DbResult<int> { return 0; });
}

void Store::close()
{
    if (m_writer) {
        m_writer->stop();
        m_writer->wait();
        m_finalStats = m_writer->stats();
        m_writer.reset();
        qCInfo(lcStore).noquote() << "closed" << m_url.toDisplayString();
    }
    QMutexLocker lock(&m_readers->mutex);
    m_readers->closed = true;
    for (const QString &name : std::as_const(m_readers->names))
        QSqlDatabase::removeDatabase(name);
    m_readers->names.clear();
}

StoreStats Store::stats() const
{
    return m_writer ? m_writer->stats() : m_finalStats;
}

QString storageStateName(StorageHealth::State s)
{
    switch (s) {
    case StorageHealth::State::Ok:
        return QStringLiteral("ok");
    case StorageHealth::State::Failing:
        return QStringLiteral("failing");
    case StorageHealth::State::LowSpace:
        return QStringLiteral("low_space");
    case StorageHealth::State::Recovering:
        return QStringLiteral("recovering");
    }
    return QStringLiteral("ok");
}

QString storageFailureKind(const QString &message)
{
    const QString m = message.toLower();
    if (m.contains(QLatin1String("full")) || m.contains(QLatin1String("no space")) ||
        m.contains(QLatin1String("could not extend")))
        return QStringLiteral("disk_full");
    if (m.contains(QLatin1String("i/o")) || m.contains(QLatin1String("input/output")))
        return QStringLiteral("io_error");
    if (m.contains(QLatin1String("connect")) || m.contains(QLatin1String("closed")) ||
        m.contains(QLatin1String("terminat")))
        return QStringLiteral("unreachable");
    return QStringLiteral("error");
}

StorageHealth Store::health() const
{
    const StoreStats s = stats();
    StorageHealth h;
    if (m_url.backend == Backend::Sqlite && m_options.minFreeBytes > 0 && !m_url.path.isEmpty() &&
        m_url.path != QLatin1String(":memory:")) {
        const QStorageInfo fs(QFileInfo(m_url.path).absolutePath());
        if (fs.isValid())
            h.freeBytes = fs.bytesAvailable();
    }
    const qint64 sinceFailure = QDateTime::currentMSecsSinceEpoch() - s.lastStorageFailureMs;
    const qint64 recoveryMs = qint64(m_options.recoverySeconds) * 1000;
    if (s.writesFailing) {
        h.state = StorageHealth::State::Failing;
        h.reason = QStringLiteral("writes fail: %1").arg(s.lastStorageFailure);
    } else if (h.freeBytes >= 0 && h.freeBytes < m_options.minFreeBytes) {
        h.state = StorageHealth::State::LowSpace;
        h.reason = QStringLiteral("disk full or nearly: %1 KiB free, %2 KiB needed")
                       .arg(h.freeBytes / 1024)
                       .arg(m_options.minFreeBytes / 1024);
    } else if (s.lastStorageFailureMs > 0 && sinceFailure < recoveryMs) {
        h.state = StorageHealth::State::Recovering;
        h.okInMs = recoveryMs - sinceFailure;
        h.reason = QStringLiteral("writes succeed again; %1 storage failure(s) in the last %2 s, "
                                  "the latest: %3")
                       .arg(s.recentFailures)
                       .arg(m_options.recoverySeconds)
                       .arg(s.lastStorageFailure);
    }
    return h;
}

} // namespace dc::storage
