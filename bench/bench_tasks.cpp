// SPDX-License-Identifier: GPL-3.0-or-later
// Task throughput and enqueue -> start latency (p50/p99) for no-op tasks, 4 workers by default.
//
//   bench_tasks [--tasks N] [--workers N] [--database URL] [--json FILE]
#include "benchutil.h"
#include "events/eventbus.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <mutex>
#include <thread>

using namespace dc;
using namespace dc::storage;
using namespace dc::tasks;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dropcrew.*.info=false"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption nOpt(QStringLiteral("tasks"), QStringLiteral("Tasks per scenario."),
                                  QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption workersOpt(QStringLiteral("workers"),
                                        QStringLiteral("Task workers (default 4)."),
                                        QStringLiteral("N"), QStringLiteral("4"));
    const dc::bench::CommonOptions common;
    p.addOption(nOpt);
    p.addOption(workersOpt);
    common.addTo(p);
    p.process(app);
    const int n = p.value(nOpt).toInt();
    QTemporaryDir tmp;
    auto store = dc::bench::openBenchStore(dc::bench::benchDatabase(p, common, tmp));
    security::FieldCipher cipher = security::FieldCipher::generate();
    events::EventBus bus(*store, cipher, QStringLiteral("bench"));
    bus.start();
    TaskManager tasks(*store, bus, QStringLiteral("bench"));
    const int workers = std::max(1, p.value(workersOpt).toInt());
    tasks.setConcurrency(workers);
    std::mutex m;
    std::vector<double> lat;
    std::atomic<int> done{0};
    tasks.registerKind(QStringLiteral("bench.noop"), [&](TaskContext &ctx) {
        const double ms =
            double(bench::nowNs() - ctx.input.value(QStringLiteral("ns")).toString().toLongLong()) /
            1e6;
        {
            std::lock_guard lock(m);
            lat.push_back(ms);
        }
        return TaskOutcome::success();
    });
    QObject::connect(
        &tasks, &TaskManager::taskFinished, &app, [&] { ++done; }, Qt::DirectConnection);
    tasks.start();

    const QString dbName =
        p.isSet(common.database) ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite");
    std::printf("no-op tasks through the durable queue (%s), %d workers\n", qPrintable(dbName),
                workers);
    std::printf("%-36s %8s %10s %10s %10s %8s %9s\n", "scenario", "tasks", "tasks/s", "p50 ms",
                "p99 ms", "cpu s", "commits");
    QJsonArray results;
    for (int rate : {0, 200}) {
        const int count = rate ? std::min(n, 1000) : n;
        {
            std::lock_guard lock(m);
            lat.clear();
        }
        done = 0;
        const StoreStats st0 = store->stats();
        const double cpu0 = bench::cpuSeconds();
        QElapsedTimer wall;
        wall.start();
        std::thread producer([&] {
            const qint64 start = bench::nowNs();
            for (int i = 0; i < count; ++i) {
                if (rate > 0) {
                    const qint64 due = start + qint64(i) * 1000000000LL / rate;
                    const qint64 wait = due - bench::nowNs();
                    if (wait > 0)
                        std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
                }
                EnqueueRequest r;
                r.kind = QStringLiteral("bench.noop");
                r.input.insert(QStringLiteral("ns"), QString::number(bench::nowNs()));
                // Enqueued in the background like a workflow step would be; the store batches them.
                (void)store->write<EnqueueResult>(
                    [&tasks, r](WriteContext &ctx) { return tasks.enqueue(ctx, r); });
            }
        });
        producer.join();
        while (done.load() < count)
            std::this_thread::sleep_for(std::chrono::milliseconds(2)); // never spin: 2 cores
        const double secs = double(wall.nsecsElapsed()) / 1e9;
        std::vector<double> copy;
        {
            std::lock_guard lock(m);
            copy = lat;
        }
        const QString name = dbName + (rate ? QStringLiteral(", paced %1/s").arg(rate)
                                            : QStringLiteral(", saturated"));
        const double p50 = bench::percentile(copy, 50), p99 = bench::percentile(copy, 99),
                     cpu = bench::cpuSeconds() - cpu0;
        // Each commit is a WAL write and an fsync: how many tasks share one tells how well
        // claims and completions are batched.
        const double commitsPerTask = double(store->stats().commits - st0.commits) / count;
        std::printf("%-36s %8d %10.0f %10.3f %10.3f %8.2f %9.3f\n", qPrintable(name), count,
                    count / secs, p50, p99, cpu, commitsPerTask);
        std::fflush(stdout);
        results.append(QJsonObject{{QStringLiteral("scenario"), name},
                                   {QStringLiteral("tasks"), count},
                                   {QStringLiteral("tasks_per_s"), count / secs},
                                   {QStringLiteral("enqueue_to_start_p50_ms"), p50},
                                   {QStringLiteral("enqueue_to_start_p99_ms"), p99},
                                   {QStringLiteral("cpu_s"), cpu},
                                   {QStringLiteral("commits_per_task"), commitsPerTask}});
    }
    tasks.stop();
    bus.stop();
    std::printf("peak RSS: %ld KiB\n", bench::peakRssKiB());
    if (p.isSet(common.json))
        bench::writeResults(p.value(common.json), results);
    return 0;
}
