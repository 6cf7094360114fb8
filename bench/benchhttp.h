// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the HTTP benchmarks share: a whole backend on a fresh data folder, and keep-alive
// clients on their own threads while the server runs on the main thread, as in the app.
#include "benchutil.h"
#include "runtime/backend.h"

#include <QCoreApplication>

#include <atomic>
#include <thread>

namespace dc::bench {

// Starts the backend headless on a free port with `ini` as its dropcrew.ini; extra command line
// arguments (e.g. --database URL) follow. Fatal on failure: a benchmark has nothing to measure.
inline std::unique_ptr<runtime::Backend>
startBenchBackend(const QTemporaryDir &dir, const QByteArray &ini, const QStringList &extra = {})
{
    QFile f(dir.filePath(QStringLiteral("dropcrew.ini")));
    if (!f.open(QIODevice::WriteOnly) || f.write(ini) != ini.size())
        qFatal("cannot write the INI file");
    f.close();
    auto cl = runtime::parseCommandLine(
        QStringList{QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                    QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--secrets"),
                    QStringLiteral("file")} +
        extra);
    if (!cl)
        qFatal("%s", qPrintable(cl.error()));
    // Only the workflows a benchmark puts in its data folder (not the build tree's shipped ones).
    cl->config.shippedWorkflows = QStringLiteral("none");
    auto backend = runtime::Backend::start(cl->config);
    if (!backend)
        qFatal("%s", qPrintable(backend.error()));
    return std::move(*backend);
}

struct LoadResult
{
    std::vector<double> latenciesMs; // every answered request
    qint64 errors = 0;
    double elapsedSeconds = 0;
    double cpuSeconds = 0; // the whole process: server and clients
};

// `connections` keep-alive clients send request(seq) for `seconds` while the event loop serves.
inline LoadResult runLoad(QCoreApplication &app, quint16 port, int connections, int seconds,
                          const std::function<QByteArray(qint64)> &request)
{
    const double cpu0 = cpuSeconds();
    const qint64 start = nowNs();
    const qint64 deadline = start + qint64(seconds) * 1'000'000'000;
    std::vector<ClientResult> results{size_t(connections)};
    std::atomic<int> running{connections};
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i)
        threads.emplace_back([&, i] {
            results[size_t(i)] = runHttpClient(port, request, deadline);
            if (--running == 0)
                QMetaObject::invokeMethod(&app, &QCoreApplication::quit, Qt::QueuedConnection);
        });
    app.exec();
    for (auto &t : threads)
        t.join();
    LoadResult out;
    out.elapsedSeconds = double(nowNs() - start) / 1e9;
    out.cpuSeconds = cpuSeconds() - cpu0;
    for (const ClientResult &r : results) {
        out.latenciesMs.insert(out.latenciesMs.end(), r.latenciesMs.begin(), r.latenciesMs.end());
        out.errors += r.errors;
    }
    return out;
}

} // namespace dc::bench
