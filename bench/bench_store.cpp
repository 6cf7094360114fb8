// SPDX-License-Identifier: GPL-3.0-or-later
// Durable single-row writes per second through the store, with and without group commit.
// Every write is answered only after the transaction holding it has committed with
// synchronous=FULL (SQLite) or the server's default fsync (PostgreSQL).
//
//   bench_store [--seconds N] [--threads 1,8,32,64] [--database URL] [--json FILE]
#include "benchutil.h"
#include "storage/sqlutil.h"
#include "storage/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <atomic>
#include <mutex>
#include <thread>

using namespace dc::storage;

namespace {
struct Result
{
    QString mode;
    int threads = 0;
    quint64 writes = 0;
    double seconds = 0;
    double p50ms = 0, p99ms = 0, cpu = 0;
    quint64 commits = 0;
};

Result runScenario(const DatabaseUrl &url, bool group, int threads, double seconds)
{
    StoreOptions opt;
    opt.groupCommit = group;
    auto store = Store::open(url, opt);
    if (!store)
        qFatal("%s", qPrintable(store.error()));
    std::atomic<bool> stop{false};
    std::atomic<quint64> counter{0};
    std::mutex latMutex;
    std::vector<double> latencies;
    const double cpu0 = dc::bench::cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            std::vector<double> mine;
            QElapsedTimer one;
            while (!stop.load(std::memory_order_relaxed)) {
                const quint64 n = counter.fetch_add(1);
                one.start();
                auto r =
                    (*store)->writeAndWait<qint64>([n, t](WriteContext &ctx) -> DbResult<qint64> {
                        auto q =
                            exec(ctx.db(),
                                 QStringLiteral("INSERT INTO data_entries (namespace, key, value, "
                                                "updated_at) VALUES (?, ?, ?, ?)"),
                                 {QStringLiteral("bench"), QStringLiteral("%1-%2").arg(t).arg(n),
                                  QStringLiteral("{\"n\":%1}").arg(n), nowMs()});
                        if (!q)
                            return std::unexpected(q.error());
                        return 1;
                    });
                if (!r)
                    qFatal("write failed: %s", qPrintable(r.error().message));
                mine.push_back(double(one.nsecsElapsed()) / 1e6);
            }
            std::lock_guard lock(latMutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(qint64(seconds * 1000)));
    stop = true;
    for (auto &th : pool)
        th.join();
    Result r;
    r.mode = group ? QStringLiteral("group commit") : QStringLiteral("one commit per write");
    r.threads = threads;
    r.seconds = double(wall.nsecsElapsed()) / 1e9;
    r.writes = latencies.size();
    r.p50ms = dc::bench::percentile(latencies, 50);
    r.p99ms = dc::bench::percentile(latencies, 99);
    r.cpu = dc::bench::cpuSeconds() - cpu0;
    r.commits = (*store)->stats().commits;
    return r;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dropcrew.*.info=false"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"),
                                        QStringLiteral("Duration of each scenario."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"),
                                        QStringLiteral("Concurrent writers to try."),
                                        QStringLiteral("LIST"), QStringLiteral("1,8,32,64"));
    const dc::bench::CommonOptions common;
    p.addOptions({secondsOpt, threadsOpt});
    common.addTo(p);
    p.process(app);
    QTemporaryDir tmp;
    const double seconds = p.value(secondsOpt).toDouble();

    std::printf("durable single-row writes through the store (%s)\n",
                p.isSet(common.database) ? qPrintable(p.value(common.database))
                                         : "SQLite, WAL, synchronous=FULL");
    std::printf("%-22s %7s %10s %10s %9s %9s %9s %8s\n", "mode", "callers", "writes/s", "commits/s",
                "p50 ms", "p99 ms", "cpu s", "per tx");
    QJsonArray results;
    int run = 0;
    for (bool group : {false, true}) {
        for (const QString &t : p.value(threadsOpt).split(QLatin1Char(','))) {
            // A fresh SQLite file per scenario, so no scenario starts on another's data.
            const DatabaseUrl url =
                dc::bench::benchDatabase(p, common, tmp, QStringLiteral("bench-%1.db").arg(run++));
            const Result r = runScenario(url, group, t.toInt(), seconds);
            std::printf("%-22s %7d %10.0f %10.0f %9.3f %9.3f %9.2f %8.1f\n", qPrintable(r.mode),
                        r.threads, double(r.writes) / r.seconds, double(r.commits) / r.seconds,
                        r.p50ms, r.p99ms, r.cpu,
                        r.commits ? double(r.writes) / double(r.commits) : 0.0);
            std::fflush(stdout);
            results.append(
                QJsonObject{{QStringLiteral("scenario"), QStringLiteral("store_durable_writes")},
                            {QStringLiteral("mode"), r.mode},
                            {QStringLiteral("callers"), r.threads},
                            {QStringLiteral("writes_per_s"), double(r.writes) / r.seconds},
                            {QStringLiteral("commits_per_s"), double(r.commits) / r.seconds},
                            {QStringLiteral("p50_ms"), r.p50ms},
                            {QStringLiteral("p99_ms"), r.p99ms},
                            {QStringLiteral("cpu_s"), r.cpu}});
        }
    }
    std::printf("peak RSS: %ld KiB\n", dc::bench::peakRssKiB());
    if (p.isSet(common.json))
        dc::bench::writeResults(p.value(common.json), results);
    return 0;
}
