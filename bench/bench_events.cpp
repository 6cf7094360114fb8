// SPDX-License-Identifier: GPL-3.0-or-later
// Event publish -> delivery: latency (p50/p99) and events per second, for an in-process
// (live, signal/slot) subscriber and for a durable subscriber (cursor, acknowledgement).
//
//   bench_events [--events N] [--database URL] [--json FILE]
#include "benchutil.h"
#include "events/eventbus.h"
#include "storage/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QThread>

#include <mutex>
#include <thread>

using namespace dc;
using namespace dc::events;
using namespace dc::storage;

namespace {
struct Figures
{
    QString scenario;
    int events = 0;
    double seconds = 0, p50 = 0, p99 = 0, cpu = 0;
};

void print(const Figures &f)
{
    std::printf("%-40s %8d %12.0f %10.3f %10.3f %8.2f\n", qPrintable(f.scenario), f.events,
                f.events / f.seconds, f.p50, f.p99, f.cpu);
    std::fflush(stdout);
}

// Saturation (rate 0): 8 publisher threads as fast as commits allow. Paced (rate > 0): one
// publisher at a fixed rate, so latency is the pipeline's, not a queue's.
// Each event carries its publish time; the receiver measures the gap.
Figures run(EventBus &bus, int n, int rate, const QString &name,
            const std::function<void()> &waitDone, std::vector<double> &latencies)
{
    const double cpu0 = bench::cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    auto draft = [](int i) {
        EventDraft d;
        d.topic = QStringLiteral("order.created");
        d.key = QString::number(i % 64);
        d.data.insert(QStringLiteral("ns"), QString::number(bench::nowNs()));
        return d;
    };
    std::vector<std::thread> pubs;
    const int threads = rate > 0 ? 1 : 8;
    for (int t = 0; t < threads; ++t)
        pubs.emplace_back([&, t] {
            QList<QFuture<DbResult<qint64>>> pending;
            const qint64 start = bench::nowNs();
            for (int i = t, k = 0; i < n; i += threads, ++k) {
                if (rate > 0) {
                    const qint64 due = start + qint64(k) * 1000000000LL / rate;
                    const qint64 wait = due - bench::nowNs();
                    if (wait > 0)
                        std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
                }
                pending << bus.publish(draft(i));
                if (rate == 0 && pending.size() >= 32) {
                    for (auto &f : pending)
                        f.waitForFinished();
                    pending.clear();
                }
            }
            for (auto &f : pending)
                f.waitForFinished();
        });
    for (auto &p : pubs)
        p.join();
    waitDone();
    Figures f;
    f.scenario =
        name + (rate > 0 ? QStringLiteral(", %1/s").arg(rate) : QStringLiteral(", saturated"));
    f.events = n;
    f.seconds = double(wall.nsecsElapsed()) / 1e9;
    f.p50 = bench::percentile(latencies, 50);
    f.p99 = bench::percentile(latencies, 99);
    f.cpu = bench::cpuSeconds() - cpu0;
    return f;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dropcrew.*.info=false"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption nOpt(QStringLiteral("events"), QStringLiteral("Events per scenario."),
                                  QStringLiteral("N"), QStringLiteral("20000"));
    const dc::bench::CommonOptions common;
    p.addOption(nOpt);
    common.addTo(p);
    p.process(app);
    const int n = p.value(nOpt).toInt();
    QTemporaryDir tmp;
    auto store = dc::bench::openBenchStore(dc::bench::benchDatabase(p, common, tmp));
    security::FieldCipher cipher = security::FieldCipher::generate();
    EventBus bus(*store, cipher, QStringLiteral("bench"));
    bus.start();

    std::printf("event publish -> delivery (%s), 8 publisher threads, 64 keys\n",
                p.isSet(common.database) ? qPrintable(p.value(common.database))
                                         : "SQLite, synchronous=FULL");
    std::printf("%-40s %8s %12s %10s %10s %8s\n", "scenario", "events", "events/s", "p50 ms",
                "p99 ms", "cpu s");
    QJsonArray results;
    auto record = [&](const Figures &f) {
        print(f);
        results.append(QJsonObject{{QStringLiteral("scenario"), f.scenario},
                                   {QStringLiteral("events"), f.events},
                                   {QStringLiteral("events_per_s"), f.events / f.seconds},
                                   {QStringLiteral("p50_ms"), f.p50},
                                   {QStringLiteral("p99_ms"), f.p99},
                                   {QStringLiteral("cpu_s"), f.cpu}});
    };

    {
        std::mutex m;
        std::vector<double> lat;
        // The subscriber lives on a thread of its own with an event loop, as a UI model would.
        QThread consumer;
        consumer.start();
        auto live = bus.subscribe(*TopicPatternSet::parse(QStringLiteral("order.#")));
        live->moveToThread(&consumer);
        QObject::connect(live.get(), &LocalSubscription::received, live.get(), [&](const Event &e) {
            const double ms = double(bench::nowNs() -
                                     e.data.value(QStringLiteral("ns")).toString().toLongLong()) /
                              1e6;
            std::lock_guard lock(m);
            lat.push_back(ms);
        });
        for (int rate : {0, 1000}) {
            const int count = rate ? std::min(n, 5000) : n;
            {
                std::lock_guard lock(m);
                lat.clear();
            }
            record(run(
                bus, count, rate, QStringLiteral("in-process subscriber"),
                [&] {
                    while ([&] {
                        std::lock_guard lock(m);
                        return lat.size();
                    }() < size_t(count))
                        std::this_thread::sleep_for(std::chrono::milliseconds(5));
                },
                lat));
        }
        live.reset();
        consumer.quit();
        consumer.wait();
    }
    {
        std::mutex m;
        std::vector<double> lat;
        std::atomic<int> done{0};
        bus.registerHandler(
            QStringLiteral("bench"), [&](const Event &e) -> std::expected<void, QString> {
                const double ms =
                    double(bench::nowNs() -
                           e.data.value(QStringLiteral("ns")).toString().toLongLong()) /
                    1e6;
                {
                    std::lock_guard lock(m);
                    lat.push_back(ms);
                }
                ++done;
                return {};
            });
        SubscriptionSpec spec;
        spec.name = QStringLiteral("bench");
        spec.kind = QStringLiteral("handler");
        spec.patterns = {QStringLiteral("order.#")};
        if (!bus.subscriptionAdmin().createSubscription(spec))
            qFatal("cannot create the subscription");
        for (int rate : {0, 1000}) {
            const int count = rate ? std::min(n, 5000) : n;
            done = 0;
            {
                std::lock_guard lock(m);
                lat.clear();
            }
            record(run(
                bus, count, rate, QStringLiteral("durable subscriber"),
                [&] {
                    while (done.load() < count)
                        std::this_thread::sleep_for(
                            std::chrono::milliseconds(2)); // never spin: 2 cores
                },
                lat));
        }
    }
    bus.stop();
    std::printf("peak RSS: %ld KiB\n", bench::peakRssKiB());
    if (p.isSet(common.json))
        bench::writeResults(p.value(common.json), results);
    return 0;
}
