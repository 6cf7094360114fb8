// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small helpers the benchmarks share: latency percentiles, CPU time and peak memory.
#include "storage/store.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <functional>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

namespace dc::bench {

inline double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size())));
    return v[i];
}

inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

inline double cpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

inline long peakRssKiB()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// The options every benchmark takes: --database URL and --json FILE.
struct CommonOptions
{
    QCommandLineOption database{QStringLiteral("database"),
                                QStringLiteral("Database URL (default: a fresh SQLite file)."),
                                QStringLiteral("URL")};
    QCommandLineOption json{QStringLiteral("json"),
                            QStringLiteral("Also write the results to this JSON file."),
                            QStringLiteral("FILE")};
    void addTo(QCommandLineParser &p) const { p.addOptions({database, json}); }
};

// The --database URL (password from DROPCREW_DATABASE_PASSWORD), or a fresh SQLite file in tmp.
inline dc::storage::DatabaseUrl benchDatabase(const QCommandLineParser &p, const CommonOptions &o,
                                              const QTemporaryDir &tmp,
                                              const QString &file = QStringLiteral("bench.db"))
{
    dc::storage::DatabaseUrl url;
    if (p.isSet(o.database)) {
        auto parsed = dc::storage::DatabaseUrl::parse(p.value(o.database));
        if (!parsed)
            qFatal("%s", qPrintable(parsed.error()));
        url = *parsed;
        url.password = qEnvironmentVariable("DROPCREW_DATABASE_PASSWORD");
    } else {
        url.path = tmp.filePath(file);
    }
    return url;
}

inline std::unique_ptr<dc::storage::Store> openBenchStore(const dc::storage::DatabaseUrl &url)
{
    auto store = dc::storage::Store::open(url);
    if (!store)
        qFatal("%s", qPrintable(store.error()));
    return std::move(*store);
}

// bench/run gathers these files into bench/results.json.
inline void writeResults(const QString &path, const QJsonArray &results)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        return;
    }
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("results"), results},
                                      {QStringLiteral("peak_rss_kib"), qint64(peakRssKiB())}})
                .toJson());
}

// Client side of the HTTP benchmarks (blocking sockets on their own threads).
struct ClientResult
{
    std::vector<double> latenciesMs;
    qint64 errors = 0;
};

// One keep-alive connection sending requests (one at a time) until the deadline; each
// latency is from writing the request to having read the whole response.
inline ClientResult
runHttpClient(quint16 port, const std::function<QByteArray(qint64 seq)> &request, qint64 deadlineNs)
{
    ClientResult out;
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000)) {
        out.errors = 1;
        return out;
    }
    QByteArray buf;
    for (qint64 seq = 0; nowNs() < deadlineNs; ++seq) {
        const QByteArray bytes = request(seq); // may wait for its turn when paced
        const qint64 t0 = nowNs();
        s.write(bytes);
        // Read one whole response: head, then Content-Length bytes.
        qsizetype headEnd = -1;
        qint64 need = -1;
        while (true) {
            if (headEnd < 0) {
                headEnd = buf.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    const qsizetype cl = buf.indexOf("Content-Length: ");
                    need = headEnd + 4 +
                           buf.mid(cl + 16, buf.indexOf("\r\n", cl) - cl - 16).toLongLong();
                }
            }
            if (need >= 0 && buf.size() >= need)
                break;
            if (!s.waitForReadyRead(10000)) {
                ++out.errors;
                return out;
            }
            buf += s.readAll();
        }
        if (!buf.startsWith("HTTP/1.1 200"))
            ++out.errors;
        buf.remove(0, need);
        out.latenciesMs.push_back(double(nowNs() - t0) / 1e6);
    }
    return out;
}

} // namespace dc::bench
