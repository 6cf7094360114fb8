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

bool WriterThread::park(const QString &name, Job job)
{
    QMutexLocker lock(&m_mutex);
    if (m_stopping)
        return false;
    if (auto it = m_parked.find(name); it != m_parked.end()) {
        m_queue.push_back(std::move(*it));
        m_cond.wakeOne();
    }
    m_parked.insert(name, std::move(job));
    return true;
}

bool WriterThread::release(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_parked.find(name);
    if (it == m_parked.end())
        return false;
    m_queue.push_back(std::move(*it));
    m_parked.erase(it);
    m_cond.wakeOne();
    return true;
}

void WriterThread::wake(const QStringList &names, std::vector<Job> &batch, bool join)
{
    QMutexLocker lock(&m_mutex);
    for (const QString &name : names) {
        auto it = m_parked.find(name);
        if (it == m_parked.end())
            continue;
        if (join) {
            m_joined.push_back(Joined{batch.size(), name, it->run});
            batch.push_back(std::move(*it));
        } else {
            m_queue.push_back(std::move(*it));
        }
        m_parked.erase(it);
    }
}

void WriterThread::stop()
{
    QMutexLocker lock(&m_mutex);
    m_stopping = true;
    for (auto it = m_parked.begin(); it != m_parked.end(); ++it)
        m_queue.push_back(std::move(*it));
    m_parked.clear();
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

// Savepoints cost: two more statements per job, and SQLite copies every page a job changes
// into a sub-journal that spills to a temporary file past 64 KiB. Jobs nearly always succeed,
// so a batch first runs without them; when a job fails (or a part of one run under
// WriteContext::underSavepoint), the transaction is rolled back and the batch runs again, from
// copies of the jobs taken before, with a savepoint per job. A job may therefore run twice: its
// effects outside the database belong in afterCommit() hooks, which only the committed run
// keeps. After such a rerun the next batches use savepoints from the start for a while (as
// long as jobs keep failing), so a stream of refused jobs costs one run each, not two.
void WriterThread::runBatch(QSqlDatabase &db, std::vector<Job> &batch)
{
    if (m_safeBatches > 0) {
        --m_safeBatches;
        (void)tryBatch(db, batch, true);
        return;
    }
    std::vector<Store::RunFn> copies;
    copies.reserve(batch.size());
    for (const Job &j : batch)
        copies.push_back(j.run);
    if (tryBatch(db, batch, false))
        return;
    {
        // Parked jobs that had joined are queued (unanswered, their run as it was before it
        // ran): the run below may not wake them again (its BEGIN or a savepoint failing), and
        // whoever parked them counts on their running once woken.
        QMutexLocker lock(&m_mutex);
        for (Joined &j : m_joined)
            m_queue.push_back(Job{std::move(j.run), std::move(batch[j.index].done)});
        m_joined.clear();
    }
    batch.resize(copies.size());
    for (size_t i = 0; i < batch.size(); ++i)
        batch[i].run = std::move(copies[i]);
    {
        QMutexLocker lock(&m_mutex);
        ++m_stats.reruns;
    }
    (void)tryBatch(db, batch, true);
}

bool WriterThread::tryBatch(QSqlDatabase &db, std::vector<Job> &batch, bool savepoints)
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
        return true;
    }
    m_joined.clear();
    // A lone job needs no savepoint: its failure rolls back the whole (one-job) transaction.
    const bool perJob = savepoints && batch.size() > 1;
    std::vector<std::function<void()>> hooks;
    QStringList notify; // channels to NOTIFY with the COMMIT (PostgreSQL)
    std::vector<std::optional<DbError>> errors(batch.size()); // each job's answer
    quint64 failed = 0;
    bool anyOk = false;
    for (size_t i = 0; i < batch.size(); ++i) {
        Job &job = batch[i];
        if (perJob && !storage::exec(db, backend, QStringLiteral("SAVEPOINT dc_job"))) {
            job.run = nullptr; // marks "not run"
            continue;
        }
        WriteContext ctx(db, backend);
        ctx.m_withoutSavepoints = !savepoints;
        std::optional<DbError> err;
        bool partFailed = false;
        try {
            err = job.run(ctx);
            if (!err) {
                if (auto f = ctx.flushDeferred(); !f)
                    err = f.error();
            }
        } catch (const WriteContext::NeedsSavepoints &) {
            partFailed = true;
            err = DbError{DbError::Kind::Internal, QStringLiteral("a part of the job failed")};
        } catch (const std::exception &e) {
            err = DbError{DbError::Kind::Internal, QString::fromUtf8(e.what())};
        } catch (...) {
            err = DbError{DbError::Kind::Internal,
                          QStringLiteral("unknown exception in a write job")};
        }
        resetCachedStatements(); // the job is over: none of its statements stays open
        // A lone job's failure needs no second run, unless a part of it must be undone alone:
        // the rollback below is all that savepoints would have done.
        if (err && !savepoints && (batch.size() > 1 || partFailed)) {
            qCDebug(lcStore) << "a job failed in a batch without savepoints, the batch runs again:"
                             << err->message;
            (void)storage::exec(db, backend, QStringLiteral("ROLLBACK"));
            return false; // the caller runs the batch again, with savepoints
        }
        // Parked jobs it woke: after it, in this transaction, when it succeeded without
        // savepoints around it; otherwise queued (they run whether or not it committed).
        // (`job` is not used after this: the batch may grow.)
        if (!ctx.m_wake.isEmpty()) {
            wake(ctx.m_wake, batch, !savepoints && !err);
            errors.resize(batch.size());
        }
        if (err) {
            errors[i] = err;
            ++failed;
            if (err->kind == DbError::Kind::Internal) {
                QMutexLocker lock(&m_mutex);
                noteStorageFailure(*err);
            }
            if (perJob) {
                (void)storage::exec(db, backend, QStringLiteral("ROLLBACK TO SAVEPOINT dc_job"));
                (void)storage::exec(db, backend, QStringLiteral("RELEASE SAVEPOINT dc_job"));
            }
        } else {
            anyOk = true;
            if (perJob)
                (void)storage::exec(db, backend, QStringLiteral("RELEASE SAVEPOINT dc_job"));
            for (auto &h : ctx.m_hooks)
                hooks.push_back(std::move(h));
            for (const QString &c : std::as_const(ctx.m_notify))
                if (!notify.contains(c))
                    notify << c;
        }
    }
    resetCachedStatements();
    if (anyOk && backend == Backend::Postgres)
        for (const QString &channel : std::as_const(notify))
            if (auto n = storage::exec(db, backend, QStringLiteral("NOTIFY ") + channel); !n) {
                qCWarning(lcStore) << "NOTIFY failed:" << n.error().message;
                (void)storage::exec(db, backend, QStringLiteral("ROLLBACK"));
                failAll(n.error());
                return true;
            }
    auto end =
        storage::exec(db, backend, anyOk ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK"));
    if (!end) {
        qCWarning(lcStore) << "commit failed:" << end.error().message;
        (void)storage::exec(db, backend, QStringLiteral("ROLLBACK"));
        failAll(end.error());
        return true;
    }
    if (savepoints && failed > 0)
        m_safeBatches = kSafeBatches;
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
    for (size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].run)
            batch[i].done(DbError{DbError::Kind::Internal, QStringLiteral("savepoint failed")});
        else
            batch[i].done(errors[i]); // a job that threw is answered with what it threw
    }
    return true;
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
