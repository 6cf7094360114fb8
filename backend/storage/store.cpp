// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/store.h"

#include "core/logging.h"
#include "storage/migrations.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QStorageInfo>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <future>

namespace dc::storage {

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

namespace {

// The writer connection's prepared INSERT/UPDATE/DELETE statements, reused from job to job:
// preparing them anew was a third of the writer thread's time. Only the writer thread uses it.
// SELECTs are never cached (a caller may still be reading one when the same text runs again),
// and every cached statement is reset before each COMMIT or ROLLBACK so none holds on to a
// transaction or a snapshot.
struct StatementCache
{
    QString connection; // the writer connection's name; empty: no cache on this thread
    QHash<QString, QSqlQuery> byText;
    QList<QSqlQuery> used; // executed since the last reset
};
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
}

void dropStatementCache()
{
    t_statements.used.clear();
    t_statements.byText.clear();
    t_statements.connection.clear();
}

} // namespace

DbResult<QSqlQuery> exec(QSqlDatabase db, Backend backend, const QString &sql,
                         const QVariantList &binds)
{
    if (!binds.isEmpty() && !t_statements.connection.isEmpty() &&
        db.connectionName() == t_statements.connection && cacheable(sql)) {
        auto it = t_statements.byText.find(sql);
        if (it == t_statements.byText.end()) {
            if (t_statements.byText.size() >= 256) { // texts built with IN (?, ?...) vary
                resetCachedStatements();
                t_statements.byText.clear();
            }
            QSqlQuery fresh(db);
            fresh.setForwardOnly(true);
            if (!fresh.prepare(sql))
                return std::unexpected(toDbError(fresh.lastError(), backend));
            it = t_statements.byText.insert(sql, fresh);
        }
        QSqlQuery &q = *it;
        for (qsizetype i = 0; i < binds.size(); ++i)
            q.bindValue(int(i), bindable(binds[i]));
        t_statements.used.append(q);
        if (!q.exec())
            return std::unexpected(toDbError(q.lastError(), backend));
        return q;
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

std::expected<QSqlDatabase, QString> openDatabase(const DatabaseUrl &url, const QString &name,
                                                  bool readOnly)
{
    if (url.backend == Backend::Sqlite) {
        const QFileInfo fi(url.path);
        if (!readOnly && !fi.absoluteDir().exists()) {
            if (!QDir().mkpath(fi.absolutePath()))
                return std::unexpected(
                    QStringLiteral("cannot create the folder %1").arg(fi.absolutePath()));
            QFile::setPermissions(fi.absolutePath(), QFileDevice::ReadOwner |
                                                         QFileDevice::WriteOwner |
                                                         QFileDevice::ExeOwner);
        }
        // A new database is the owner's alone (SQLite gives its -wal and -shm files the same
        // mode): created empty with 0600 before SQLite opens it.
        if (!readOnly && !fi.exists() && url.path != QLatin1String(":memory:")) {
            QFile file(url.path);
            if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
                file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(url.path);
        // 5 s of waiting for another process's lock before SQLITE_BUSY.
        // Readers use query_only rather than SQLITE_OPEN_READONLY: a WAL reader still needs the
        // -shm file.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            const QString err = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return std::unexpected(QStringLiteral("cannot open %1: %2").arg(url.path, err));
        }
        // WAL persists in the file; the others must be set on every connection.
        QStringList pragmas = {QStringLiteral("PRAGMA foreign_keys=ON"),
                               QStringLiteral("PRAGMA synchronous=FULL")};
        if (readOnly)
            pragmas << QStringLiteral("PRAGMA query_only=ON");
        else
            pragmas.prepend(QStringLiteral("PRAGMA journal_mode=WAL"));
        for (const QString &p : pragmas) {
            QSqlQuery q(db);
            // Switching a new file to WAL needs a moment alone with it, and the busy timeout does
            // not cover that: two processes opening a fresh database together retry here.
            bool ok = q.exec(p);
            for (int attempt = 0;
                 !ok && attempt < 250 && q.lastError().nativeErrorCode() == QLatin1String("5");
                 ++attempt) {
                QThread::msleep(20);
                ok = q.exec(p);
            }
            if (!ok) {
                const QString err = q.lastError().text();
                q = QSqlQuery();
                db.close();
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(name);
                return std::unexpected(QStringLiteral("cannot use %1: %2").arg(url.path, err));
            }
        }
        return db;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setDatabaseName(url.dbName);
    if (!url.password.isEmpty())
        db.setPassword(url.password);
    // An unreachable server must fail in seconds, not hang the start-up.
    QString opts = url.options;
    if (!opts.contains(QLatin1String("connect_timeout")))
        opts = (opts.isEmpty() ? QString() : opts + QLatin1Char(';')) +
               QStringLiteral("connect_timeout=5");
    db.setConnectOptions(opts);
    if (!db.open()) {
        const QString err = db.lastError().text().simplified();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return std::unexpected(
            QStringLiteral("cannot connect to %1: %2").arg(url.toDisplayString(), err));
    }
    QStringList setup = {QStringLiteral("SET TIME ZONE 'UTC'"),
                         QStringLiteral("SET lock_timeout = '5s'")};
    if (readOnly)
        setup << QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    for (const QString &s : setup) {
        QSqlQuery q(db);
        if (!q.exec(s)) {
            const QString err = q.lastError().text();
            q = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return std::unexpected(
                QStringLiteral("cannot set up %1: %2").arg(url.toDisplayString(), err));
        }
    }
    return db;
}

// ---------------------------------------------------------------------------------------------

class WriterThread : public QThread
{
public:
    struct Job
    {
        Store::RunFn run;
        Store::DoneFn done;
    };

    explicit WriterThread(Store *store)
        : m_store(store)
    {}

    std::future<std::expected<int, QString>> startupResult() { return m_started.get_future(); }

    bool push(Job job)
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopping)
            return false;
        m_queue.push_back(std::move(job));
        m_cond.wakeOne();
        return true;
    }

    void stop()
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_cond.wakeAll();
    }

    StoreStats stats() const
    {
        QMutexLocker lock(&m_mutex);
        StoreStats s = m_stats;
        const qint64 since = QDateTime::currentMSecsSinceEpoch() - recoveryMs();
        s.recentFailures = quint64(std::count_if(m_failureTimes.cbegin(), m_failureTimes.cend(),
                                                 [since](qint64 t) { return t >= since; }));
        return s;
    }

protected:
    void run() override
    {
        const DatabaseUrl &url = m_store->m_url;
        const QString name = m_store->m_prefix + QStringLiteral("-w");
        {
            auto opened = openDatabase(url, name, m_store->m_options.readOnly);
            if (!opened) {
                m_started.set_value(std::unexpected(opened.error()));
                return;
            }
            QSqlDatabase db = *opened;
            int version = 0;
            if (m_store->m_options.readOnly) {
                auto v = currentSchemaVersion(db, url.backend);
                if (!v) {
                    m_started.set_value(std::unexpected(v.error()));
                    db.close();
                    db = QSqlDatabase();
                    QSqlDatabase::removeDatabase(name);
                    return;
                }
                version = *v;
            } else {
                auto migrated = migrate(db, url.backend, m_store->m_options.targetSchemaVersion);
                if (!migrated) {
                    m_started.set_value(std::unexpected(migrated.error()));
                    db.close();
                    db = QSqlDatabase();
                    QSqlDatabase::removeDatabase(name);
                    return;
                }
                version = *migrated;
            }
            m_version = version;
            m_started.set_value(version);
            useStatementCache(db);
            loop(db);
            dropStatementCache(); // before the connection goes
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

private:
    void loop(QSqlDatabase &db)
    {
        const bool group = m_store->m_options.groupCommit;
        const size_t maxBatch = size_t(std::max(1, m_store->m_options.maxBatch));
        std::vector<Job> batch;
        for (;;) {
            {
                QMutexLocker lock(&m_mutex);
                while (m_queue.empty() && !m_stopping) {
                    // While writes fail, an idle writer probes once a second: an instance that a
                    // load balancer took out gets no traffic, and must still notice it recovered.
                    if (!m_stats.writesFailing) {
                        m_cond.wait(&m_mutex);
                    } else if (!m_cond.wait(&m_mutex, QDeadlineTimer(1000)) && m_queue.empty() &&
                               !m_stopping && m_stats.writesFailing) {
                        m_queue.push_back(probeJob());
                        ++m_stats.probes;
                    }
                }
                if (m_queue.empty() && m_stopping)
                    return;
                const size_t n = group ? std::min(maxBatch, m_queue.size()) : 1;
                batch.clear();
                for (size_t i = 0; i < n; ++i) {
                    batch.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
            runBatch(db, batch);
        }
    }

    void runBatch(QSqlDatabase &db, std::vector<Job> &batch)
    {
        const Backend backend = m_store->m_url.backend;
        auto failAll = [&](const DbError &e) {
            {
                QMutexLocker lock(&m_mutex);
                m_stats.failedJobs += batch.size();
                m_stats.jobs += batch.size();
                noteStorageFailure(e);
            }
            for (Job &j : batch)
                j.done(e);
        };
        auto begin = storage::exec(db, backend,
                                   backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                              : QStringLiteral("BEGIN"));
        // PostgreSQL shared by several instances: one writing batch at a time across all of
        // them, as BEGIN IMMEDIATE is on SQLite. Nearly every batch appends events, which
        // serialises on the event log's lock anyway (ids in commit order); taking that lock
        // first, before any row lock, is what keeps two instances from deadlocking (one
        // holding the event lock and waiting for a row the other locked before waiting for it).
        if (begin && backend == Backend::Postgres)
            begin = storage::exec(db, backend,
                                  QStringLiteral("SELECT pg_advisory_xact_lock(4470743829)"));
        if (!begin) {
            qCWarning(lcStore) << "cannot begin a write transaction:" << begin.error().message;
            (void)storage::exec(db, backend, QStringLiteral("ROLLBACK"));
            failAll(begin.error());
            return;
        }
        // A lone job needs no savepoint: its failure rolls back the whole (one-job) transaction.
        const bool savepoints = batch.size() > 1;
        std::vector<std::function<void()>> hooks;
        quint64 failed = 0;
        bool anyOk = false;
        for (Job &job : batch) {
            if (savepoints && !storage::exec(db, backend, QStringLiteral("SAVEPOINT dc_job"))) {
                job.run = nullptr; // marks "not run"
                continue;
            }
            WriteContext ctx(db, backend);
            std::optional<DbError> err;
            try {
                err = job.run(ctx);
            } catch (const std::exception &e) {
                err = DbError{DbError::Kind::Internal, QString::fromUtf8(e.what())};
            } catch (...) {
                err = DbError{DbError::Kind::Internal,
                              QStringLiteral("unknown exception in a write job")};
            }
            resetCachedStatements(); // the job is over: none of its statements stays open
            if (err) {
                ++failed;
                if (err->kind == DbError::Kind::Internal) {
                    QMutexLocker lock(&m_mutex);
                    noteStorageFailure(*err);
                }
                if (savepoints) {
                    (void)storage::exec(db, backend,
                                        QStringLiteral("ROLLBACK TO SAVEPOINT dc_job"));
                    (void)storage::exec(db, backend, QStringLiteral("RELEASE SAVEPOINT dc_job"));
                }
            } else {
                anyOk = true;
                if (savepoints)
                    (void)storage::exec(db, backend, QStringLiteral("RELEASE SAVEPOINT dc_job"));
                for (auto &h : ctx.m_hooks)
                    hooks.push_back(std::move(h));
            }
        }
        resetCachedStatements();
        auto end = storage::exec(db, backend,
                                 anyOk ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
        if (!end) {
            qCWarning(lcStore) << "commit failed:" << end.error().message;
            (void)storage::exec(db, backend, QStringLiteral("ROLLBACK"));
            failAll(end.error());
            return;
        }
        {
            // Counted before anyone is answered, so a caller that reads stats() sees its job.
            QMutexLocker lock(&m_mutex);
            if (anyOk) {
                ++m_stats.commits;
                ++m_stats.commitsSinceFailure;
                m_stats.writesFailing = false;
            }
            m_stats.jobs += batch.size();
            m_stats.failedJobs += failed;
            m_stats.maxBatchSeen = std::max<int>(m_stats.maxBatchSeen, int(batch.size()));
        }
        for (auto &h : hooks)
            h();
        for (Job &j : batch) {
            if (!j.run)
                j.done(DbError{DbError::Kind::Internal, QStringLiteral("savepoint failed")});
            else
                j.done(std::nullopt);
        }
    }

    // Under m_mutex.
    void noteStorageFailure(const DbError &e)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        ++m_stats.storageFailures;
        m_stats.lastStorageFailureMs = now;
        m_stats.lastStorageFailure = e.message.left(300);
        m_stats.writesFailing = true;
        m_stats.commitsSinceFailure = 0;
        // Only the recovery window is ever counted; the cap bounds memory under a failure storm.
        m_failureTimes.push_back(now);
        while (!m_failureTimes.empty() &&
               (m_failureTimes.size() > 4096 || m_failureTimes.front() < now - recoveryMs()))
            m_failureTimes.pop_front();
    }

    qint64 recoveryMs() const { return qint64(m_store->m_options.recoverySeconds) * 1000; }

    // A one-row write that must reach the disk to commit. Schemas older than the probe's
    // table (tests that build them) get an empty transaction, which still tests BEGIN/COMMIT.
    Job probeJob() const
    {
        const bool table = m_version >= kStorageProbeSchema;
        return Job{[table](WriteContext &w) -> std::optional<DbError> {
                       if (!table)
                           return std::nullopt;
                       auto r = storage::exec(
                           w.db(), w.backend(),
                           QStringLiteral("INSERT INTO storage_probe (id, probed_at) VALUES (1, ?) "
                                          "ON CONFLICT (id) DO UPDATE SET probed_at = "
                                          "excluded.probed_at"),
                           {QDateTime::currentMSecsSinceEpoch()});
                       if (!r)
                           return r.error();
                       return std::nullopt;
                   },
                   [](const std::optional<DbError> &) {}};
    }
    static constexpr int kStorageProbeSchema = 13;

    Store *m_store;
    std::promise<std::expected<int, QString>> m_started;
    mutable QMutex m_mutex;
    QWaitCondition m_cond;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    StoreStats m_stats;
    std::deque<qint64> m_failureTimes; // storage failures, oldest first (UTC ms)
    int m_version = 0;                 // schema version, set before the first job runs
};

// ---------------------------------------------------------------------------------------------

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
// does not leak connections (Qt SQL connections can only be used by the thread that made them).
struct ThreadReaders
{
    const quint64 serial = ++g_threadSerial;
    std::vector<std::pair<std::weak_ptr<Store::ReaderRegistry>, QString>> owned;
    ~ThreadReaders()
    {
        for (auto &[weak, name] : owned) {
            if (auto reg = weak.lock()) {
                QMutexLocker lock(&reg->mutex);
                if (reg->names.remove(name))
                    QSqlDatabase::removeDatabase(name);
            }
        }
    }
};
thread_local ThreadReaders t_readers;
} // namespace

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

void Store::enqueue(RunFn run, DoneFn done)
{
    if (!m_writer || !m_writer->push({std::move(run), done}))
        done(DbError{DbError::Kind::Unavailable, QStringLiteral("the store is closed")});
}

QSqlDatabase Store::reader()
{
    const QString name = m_prefix + QStringLiteral("-r") + QString::number(t_readers.serial);
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
    t_readers.owned.emplace_back(m_readers, name);
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
