// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/writer.h"

#include "core/logging.h"
#include "storage/connection.h"
#include "storage/migrations.h"
#include "storage/statementcache.h"

#include <QDateTime>
#include <QSqlError>

namespace dc::storage {

WriterThread::WriterThread(Store *store)
    : m_store(store)
{}

bool WriterThread::push(Job job)
{
    QMutexLocker lock(&m_mutex);
    if (m_stopping)
        return false;
    m_queue.push_back(std::move(job));
    m_cond.wakeOne();
    return true;
}

void WriterThread::stop()
{
    QMutexLocker lock(&m_mutex);
    m_stopping = true;
    m_cond.wakeAll();
}

StoreStats WriterThread::stats() const
{
    QMutexLocker lock(&m_mutex);
    StoreStats s = m_stats;
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - recoveryMs();
    s.recentFailures = quint64(std::count_if(m_failureTimes.cbegin(), m_failureTimes.cend(),
                                             [since](qint64 t) { return t >= since; }));
    return s;
}

void WriterThread::run()
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
        const auto version = m_store->m_options.readOnly
                                 ? currentSchemaVersion(db, url.backend)
                                 : migrate(db, url.backend, m_store->m_options.targetSchemaVersion);
        if (!version) {
            m_started.set_value(std::unexpected(version.error()));
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return;
        }
        m_version = *version;
        m_started.set_value(*version);
        useStatementCache(db);
        loop(db);
        dropStatementCache(); // before the connection goes
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void WriterThread::loop(QSqlDatabase &db)
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

void WriterThread::runBatch(QSqlDatabase &db, std::vector<Job> &batch)
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
        begin =
            storage::exec(db, backend, QStringLiteral("SELECT pg_advisory_xact_lock(4470743829)"));
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
                (void)storage::exec(db, backend, QStringLiteral("ROLLBACK TO SAVEPOINT dc_job"));
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
    auto end =
        storage::exec(db, backend, anyOk ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
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

void WriterThread::noteStorageFailure(const DbError &e)
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

WriterThread::Job WriterThread::probeJob() const
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

qint64 WriterThread::recoveryMs() const
{
    return qint64(m_store->m_options.recoverySeconds) * 1000;
}

} // namespace dc::storage
