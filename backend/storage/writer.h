// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The store's writer thread: it owns the only write connection (opened and migrated at its
// start), takes queued jobs in order, commits them in batches (a job that fails is undone
// alone), runs their after-commit hooks, and keeps the write statistics that storage health is
// judged by (failures, and a probe write once a second while writes fail). Apart from the
// Store, which is what callers see: opening, reader connections, queueing, closing.
#include "storage/store.h"

#include <QHash>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <future>

namespace dc::storage {

class WriterThread : public QThread
{
public:
    struct Job
    {
        Store::RunFn run;
        Store::DoneFn done;
    };

    explicit WriterThread(Store *store);

    // The schema version once the connection is open and migrated, or why it is not.
    std::future<std::expected<int, QString>> startupResult() { return m_started.get_future(); }
    // False once stopping: the job was not taken.
    bool push(Job job);
    // Sets a job aside under `name` (Store::park); false once stopping. One already there
    // under that name is queued.
    bool park(const QString &name, Job job);
    // Queues the job parked under `name`; false if there is none.
    bool release(const QString &name);
    // Runs what is queued, then ends.
    void stop();
    StoreStats stats() const;

protected:
    void run() override;

private:
    void loop(QSqlDatabase &db);
    void runBatch(QSqlDatabase &db, std::vector<Job> &batch);
    // One try at the batch in one transaction. Without savepoints it gives up (rolled back,
    // nobody answered, false) at the first failing job; with them, a failing job is undone alone.
    bool tryBatch(QSqlDatabase &db, std::vector<Job> &batch, bool savepoints);
    // After a job that woke parked jobs: in the fast path (no savepoints) and when it
    // succeeded, they join the batch (appended, to run after it); otherwise they are queued.
    void wake(const QStringList &names, std::vector<Job> &batch, bool join);
    // Parked jobs that joined the batch being tried, by name (they go back if it is rolled
    // back to be run again: the job that woke them runs again, and wakes them again).
    struct Joined
    {
        size_t index;
        QString name;
        Store::RunFn run; // a copy, taken before it ran
    };
    std::vector<Joined> m_joined;
    // Under m_mutex.
    void noteStorageFailure(const DbError &e);
    qint64 recoveryMs() const;
    // A one-row write that must reach the disk to commit. Schemas older than the probe's
    // table (tests that build them) get an empty transaction, which still tests BEGIN/COMMIT.
    Job probeJob() const;
    static constexpr int kStorageProbeSchema = 13;

    Store *m_store;
    std::promise<std::expected<int, QString>> m_started;
    mutable QMutex m_mutex;
    QWaitCondition m_cond;
    std::deque<Job> m_queue;
    QHash<QString, Job> m_parked; // queued when stopping, so that every one is answered
    bool m_stopping = false;
    StoreStats m_stats;
    std::deque<qint64> m_failureTimes; // storage failures, oldest first (UTC ms)
    int m_version = 0;                 // schema version, set before the first job runs
    // Batches still to run with savepoints from the start (see runBatch): kSafeBatches after
    // one with a failing job.
    static constexpr int kSafeBatches = 16;
    int m_safeBatches = 0;
};

} // namespace dc::storage
