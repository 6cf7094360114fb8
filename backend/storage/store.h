// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The store: one writer thread owns the only write connection and commits queued jobs in
// batches (group commit); every other thread reads through its own named connection.
// The writer thread is storage/writer.h, opening a connection storage/connection.h.
#include "core/error.h"
#include "storage/connection.h"
#include "storage/databaseurl.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <expected>
#include <functional>
#include <memory>

namespace dc::storage {

// The store's errors are the backend's one error type (core/error.h).
using DbError = dc::Error;
template <class T> using DbResult = dc::Result<T>;
using dc::errorKindName;

// What a write job sees: the open write connection inside a transaction, and a place to
// register work that must only happen once the batch holding this job has committed.
class WriteContext
{
public:
    WriteContext(QSqlDatabase &db, Backend backend)
        : m_db(db)
        , m_backend(backend)
    {}
    QSqlDatabase &db() { return m_db; }
    Backend backend() const { return m_backend; }
    // Runs on the writer thread after COMMIT; dropped if this job or its batch rolls back.
    void afterCommit(std::function<void()> fn) { m_hooks.push_back(std::move(fn)); }
    // PostgreSQL: a NOTIFY on `channel` sent once with the batch's COMMIT, however many jobs
    // and rows asked for it (one round trip per batch instead of one per event). Dropped with
    // the job if it fails; a part undone under a savepoint keeps it (a listener woken for
    // nothing reads nothing new).
    void notifyAtCommit(const QString &channel)
    {
        if (!m_notify.contains(channel))
            m_notify.push_back(channel);
    }
    // The job parked under `name` (Store::park) runs because of this one: in its transaction,
    // after it, when it can (both then commit together), otherwise queued at once.
    void wakeParked(const QString &name)
    {
        if (!m_wake.contains(name))
            m_wake.push_back(name);
    }

    // Rows the job writes but never reads back (the events of its hot path), put off to be
    // written together: one statement for a job's several events instead of one each. They are
    // written when the job ends, before a savepoint begins, and when flushDeferred() is called
    // (before a write whose order with them matters); a part undone under a savepoint drops those
    // it added. One kind at a time: setting another writes the first.
    class Deferred
    {
    public:
        virtual ~Deferred() = default;
        virtual DbResult<void> write(WriteContext &ctx) = 0;
    };
    Deferred *deferred() { return m_deferred.get(); }
    DbResult<void> setDeferred(std::unique_ptr<Deferred> d)
    {
        if (auto f = flushDeferred(); !f)
            return f;
        m_deferred = std::move(d);
        return {};
    }
    DbResult<void> flushDeferred()
    {
        // Taken out first, so that writing it never writes it twice (a write that appends at
        // once flushes first). A write must not defer anything new: the job's end writes once.
        if (std::unique_ptr<Deferred> d = std::move(m_deferred))
            return d->write(*this);
        return {};
    }

    // Runs part of a job under a savepoint: if `part` fails, its writes and the afterCommit()
    // hooks it added are undone, the rest of the job stays, and its error is returned.
    // Otherwise its value. The outer result fails only when the savepoint itself does.
    // In a batch run without savepoints (WriterThread's fast path), a failing part cannot be
    // undone alone: the whole batch is rolled back and run again with savepoints.
    template <class T>
    std::expected<DbResult<T>, DbError> underSavepoint(const std::function<DbResult<T>()> &part)
    {
        if (m_withoutSavepoints) {
            DbResult<T> r = part();
            if (!r)
                throw NeedsSavepoints{};
            return r;
        }
        if (auto f = flushDeferred(); !f) // what the part might undo is only its own
            return std::unexpected(f.error());
        const size_t hooks = m_hooks.size();
        if (auto s = savepoint(QStringLiteral("SAVEPOINT dc_part")); !s)
            return std::unexpected(s.error());
        DbResult<T> r = part();
        if (!r) {
            m_deferred.reset();
            if (auto b = savepoint(QStringLiteral("ROLLBACK TO SAVEPOINT dc_part")); !b)
                return std::unexpected(b.error());
            m_hooks.resize(hooks);
        }
        if (auto e = savepoint(QStringLiteral("RELEASE SAVEPOINT dc_part")); !e)
            return std::unexpected(e.error());
        return r;
    }

    // Thrown out of a job run without savepoints whose part failed (see underSavepoint).
    struct NeedsSavepoints
    {
    };

private:
    friend class WriterThread;
    // One savepoint statement. SQLite refuses them while a statement of the job is still open
    // (an INSERT ... RETURNING read once): the job's cached statements are finished first.
    DbResult<void> savepoint(const QString &sql);

    QSqlDatabase &m_db;
    Backend m_backend;
    std::vector<std::function<void()>> m_hooks;
    QStringList m_notify;
    QStringList m_wake;
    bool m_withoutSavepoints = false;
    std::unique_ptr<Deferred> m_deferred;
};

// Small helpers that turn Qt SQL's bool-and-lastError style into values.
DbError toDbError(const QSqlError &e, Backend backend);
DbResult<QSqlQuery> exec(QSqlDatabase db, Backend backend, const QString &sql,
                         const QVariantList &binds = {});

struct StoreOptions
{
    bool groupCommit = true;      // false: one transaction (one fsync) per job
    int maxBatch = 512;           // jobs per transaction at most
    int targetSchemaVersion = -1; // -1: latest; tests use lower values to build older schemas
    bool readOnly = false;        // open without migrating or writing (e.g. `audit verify`)
    // Storage health (see StorageHealth): how long writes must have succeeded, with no storage
    // failure, before health says "ok" again; and the free space (SQLite's filesystem) below
    // which it says "low_space". 0 turns the free-space check off.
    int recoverySeconds = 30;
    qint64 minFreeBytes = 64ll * 1024 * 1024;
};

struct StoreStats
{
    quint64 commits = 0;
    quint64 jobs = 0;
    quint64 failedJobs = 0;
    int maxBatchSeen = 0;
    // Failures of the storage itself (a transaction that could not begin or commit, a job's
    // unclassified SQL error: disk full, I/O error), not a job refusing its input.
    quint64 storageFailures = 0;
    qint64 lastStorageFailureMs = 0; // UTC ms since the epoch
    QString lastStorageFailure;
    // Writing is failing now: no commit has succeeded since the last storage failure.
    bool writesFailing = false;
    quint64 commitsSinceFailure = 0; // commits since the last storage failure (all, if none)
    quint64 recentFailures = 0;      // storage failures in the last recoverySeconds
    quint64 probes = 0;              // probe writes run while failing with nothing else to do
    // Batches run a second time, with savepoints, because a job failed in the first run
    // (which has none, see WriterThread::runBatch).
    quint64 reruns = 0;
};

// Whether this instance can take writes, for /api/health and a load balancer. Degraded states
// hold until writes have succeeded steadily, so a write that happens to fit in SQLite's free pages
// while the disk is full does not flip the answer back to "ok" between two refused ones.
struct StorageHealth
{
    enum class State {
        Ok,
        Failing,    // no commit has succeeded since the last storage failure
        LowSpace,   // the database's filesystem has less free space than minFreeBytes
        Recovering, // commits succeed again, but a storage failure is younger than recoverySeconds
    };
    State state = State::Ok;
    QString reason;        // one line for operators; empty when Ok
    qint64 freeBytes = -1; // -1: not known (PostgreSQL, or the check is off)
    qint64 okInMs = 0;     // Recovering: how long until "ok" if nothing fails meanwhile
    bool ok() const { return state == State::Ok; }
};
QString storageStateName(StorageHealth::State s);
// A storage error's kind, safe to show anyone: disk_full, io_error, unreachable or error.
QString storageFailureKind(const QString &message);

class WriterThread;

class Store : public QObject
{
    Q_OBJECT
public:
    // Opens the write connection, applies migrations, and starts the writer thread.
    // Errors are one readable sentence (bad path, unreachable server, newer schema...).
    static std::expected<std::unique_ptr<Store>, QString> open(const DatabaseUrl &url,
                                                               const StoreOptions &options = {});
    ~Store() override;

    Backend backend() const { return m_url.backend; }
    const DatabaseUrl &url() const { return m_url; }
    int schemaVersion() const { return m_schemaVersion; }

    // The calling thread's read connection, opened on first use and closed when the thread
    // ends or the store closes. Never share the returned handle with another thread.
    QSqlDatabase reader();

    // Queues a job for the writer thread. The future completes after the transaction that
    // holds the job has committed (or failed). A job that fails is rolled back alone and the
    // rest of its batch still commits. A job may run twice (the first run rolled back, see
    // WriterThread::runBatch): whatever it changes outside the database goes in afterCommit()
    // hooks, and what it writes through references is set afresh on each run.
    template <class T> QFuture<DbResult<T>> write(std::function<DbResult<T>(WriteContext &)> job)
    {
        return submit<T>(std::move(job), {});
    }

    // Sets a job aside until a job wakes it (WriteContext::wakeParked): it then runs in that
    // job's transaction, after it, so that both commit together, or is queued at once when it
    // cannot join (a batch run with savepoints). releaseParked() queues it as any job. One per
    // name; answered as write()'s. For a claim that takes the tasks the transaction it joins
    // enqueues, without a commit of its own (tasks/dispatcher.cpp).
    template <class T>
    QFuture<DbResult<T>> park(const QString &name, std::function<DbResult<T>(WriteContext &)> job)
    {
        return submit<T>(std::move(job), name);
    }
    // Queues the job parked under `name`; false if none is parked (it ran, or is running).
    bool releaseParked(const QString &name);

    template <class T>
    QFuture<DbResult<T>> submit(std::function<DbResult<T>(WriteContext &)> job,
                                const QString &parkAs)
    {
        auto promise = std::make_shared<QPromise<DbResult<T>>>();
        auto result = std::make_shared<DbResult<T>>(std::unexpected(DbError{}));
        QFuture<DbResult<T>> future = promise->future();
        promise->start();
        enqueue(
            parkAs,
            [job = std::move(job), result](WriteContext &ctx) -> std::optional<DbError> {
                // Nothing of an earlier, rolled-back run may be answered if this one throws.
                *result = std::unexpected(DbError{});
                *result = job(ctx);
                if (result->has_value())
                    return std::nullopt;
                return result->error();
            },
            // The job's own error (what it returned or threw), or its batch's.
            [promise, result](const std::optional<DbError> &error) {
                if (error)
                    promise->addResult(DbResult<T>(std::unexpected(*error)));
                else
                    promise->addResult(std::move(*result));
                promise->finish();
            });
        return future;
    }

    // Blocking form for worker threads and tests. Must not be called on the writer thread.
    template <class T> DbResult<T> writeAndWait(std::function<DbResult<T>(WriteContext &)> job)
    {
        QFuture<DbResult<T>> f = write<T>(std::move(job));
        f.waitForFinished();
        return f.result();
    }

    // Returns once every job queued before the call has run, with its after-commit hooks (the
    // writer takes jobs in order). Components that queue writes call it when they stop, so no
    // hook of theirs runs after they are gone.
    void barrier();

    // Stops taking jobs, commits what is queued, closes every connection. Idempotent. No read
    // may be in progress on any thread (the threads that read are stopped or drained first):
    // only a thread that is ending may still be freeing its cached reads (store.cpp).
    void close();
    StoreStats stats() const;
    StorageHealth health() const;

    struct ReaderRegistry; // connections of reader threads, closed with the store

private:
    using RunFn = std::function<std::optional<DbError>(WriteContext &)>;
    using DoneFn = std::function<void(const std::optional<DbError> &)>;
    explicit Store(const DatabaseUrl &url);
    void enqueue(const QString &parkAs, RunFn run, DoneFn done); // parkAs empty: queued
    QSqlDatabase openConnection(const QString &name, bool readOnly) const;

    friend class WriterThread;
    DatabaseUrl m_url;
    StoreOptions m_options;
    int m_schemaVersion = 0;
    QString m_prefix;
    std::unique_ptr<WriterThread> m_writer;
    StoreStats m_finalStats;
    std::shared_ptr<ReaderRegistry> m_readers;
};

} // namespace dc::storage
