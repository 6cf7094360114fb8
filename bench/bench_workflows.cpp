// SPDX-License-Identifier: GPL-3.0-or-later
// The workflow engine's overhead per step and runs per second of a 5-step workflow whose
// actions do nothing (so what is measured is the engine, the queue and the store).
//
//   bench_workflows [--runs N] [--database URL] [--json FILE]
#include "benchutil.h"
#include "events/eventbus.h"
#include "storage/sqlutil.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/engine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <thread>

using namespace dc;
using namespace dc::storage;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dropcrew.*.info=false"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption nOpt(QStringLiteral("runs"),
                                  QStringLiteral("Runs in the saturated scenario."),
                                  QStringLiteral("N"), QStringLiteral("200"));
    const dc::bench::CommonOptions common;
    p.addOption(nOpt);
    common.addTo(p);
    p.process(app);
    QTemporaryDir tmp;
    auto store = dc::bench::openBenchStore(dc::bench::benchDatabase(p, common, tmp));
    security::FieldCipher cipher = security::FieldCipher::generate();
    events::EventBus bus(*store, cipher, QStringLiteral("bench"));
    tasks::TaskManager tasks(*store, bus, QStringLiteral("bench"));
    tasks.registerKind(QStringLiteral("bench.noop"), [](tasks::TaskContext &ctx) {
        return tasks::TaskOutcome::success(ctx.input);
    });
    workflows::WorkflowEngine engine(*store, bus, tasks, [](const QString &, const QString &) {
        return std::optional<QString>();
    });
    engine.setAutomaticSchedules(false);
    QByteArray yaml = "name: five\nsteps:\n";
    for (int i = 1; i <= 5; ++i) {
        yaml += "  - name: s" + QByteArray::number(i) +
                "\n    agent: bench\n    action: noop\n    input:\n      n: ";
        yaml += i == 1 ? QByteArray("1") : "\"{{ s" + QByteArray::number(i - 1) + ".output.n }}\"";
        yaml += "\n";
    }
    if (auto d = engine.addDefinition(yaml, QStringLiteral("five.yaml")); !d)
        qFatal("%s", qPrintable(d.error().first().toString()));
    bus.start();
    tasks.start();
    engine.start();

    // Counted through the partial index of finished runs (no run of this bench is cancelled):
    // a COUNT on state alone reads every run's row, definition and all, and that CPU was
    // charged to the engine.
    auto succeeded = [&] {
        auto q = exec(store->reader(),
                      QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE purged_at IS NULL "
                                     "AND state IN ('succeeded', 'cancelled')"));
        return q && q->next() ? q->value(0).toLongLong() : 0;
    };
    std::printf("5-step workflow of no-op actions (%s), 4 workers\n",
                p.isSet(common.database) ? "PostgreSQL" : "SQLite, synchronous=FULL");
    QJsonArray results;

    // One run at a time: the end-to-end latency of a run, and per step.
    std::vector<double> runMs;
    for (int i = 0; i < 30; ++i) {
        const qint64 before = succeeded();
        const qint64 t0 = bench::nowNs();
        if (!engine.startRun(QStringLiteral("five"), {}))
            qFatal("start failed");
        while (succeeded() == before)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        runMs.push_back(double(bench::nowNs() - t0) / 1e6);
    }
    const double p50 = bench::percentile(runMs, 50), p99 = bench::percentile(runMs, 99);
    std::printf("%-34s p50 %8.2f ms  p99 %8.2f ms  per step p50 %6.2f ms\n",
                "one run at a time (30 runs)", p50, p99, p50 / 5);
    results.append(QJsonObject{{QStringLiteral("scenario"), QStringLiteral("sequential")},
                               {QStringLiteral("run_p50_ms"), p50},
                               {QStringLiteral("run_p99_ms"), p99},
                               {QStringLiteral("step_overhead_p50_ms"), p50 / 5}});

    // Many at once: runs per second.
    const int n = p.value(nOpt).toInt();
    const qint64 base = succeeded();
    const double cpu0 = bench::cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < n; ++i)
        if (!engine.startRun(QStringLiteral("five"), {}))
            qFatal("start failed");
    while (succeeded() < base + n)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const double secs = double(wall.nsecsElapsed()) / 1e9;
    const double cpu = bench::cpuSeconds() - cpu0;
    std::printf("%-34s %8.1f runs/s  %8.1f steps/s  cpu %.2f s, %.3f ms per step\n",
                qPrintable(QStringLiteral("%1 runs started at once").arg(n)), n / secs,
                n * 5 / secs, cpu, cpu * 1000.0 / (n * 5));
    results.append(QJsonObject{{QStringLiteral("scenario"), QStringLiteral("saturated")},
                               {QStringLiteral("runs"), n},
                               {QStringLiteral("runs_per_s"), n / secs},
                               {QStringLiteral("steps_per_s"), n * 5 / secs},
                               {QStringLiteral("cpu_ms_per_step"), cpu * 1000.0 / (n * 5)}});
    tasks.stop();
    bus.stop();
    std::printf("peak RSS: %ld KiB\n", bench::peakRssKiB());
    if (p.isSet(common.json))
        bench::writeResults(p.value(common.json), results);
    return 0;
}
