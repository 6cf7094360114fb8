// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/metrics.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>

#ifdef Q_OS_WIN
#include <psapi.h>
#include <windows.h>
#else
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace dc::api {

namespace {
const QChar kSep(0x1f);

QString number(double v)
{
    if (v == double(qint64(v)) && std::abs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', 12);
}

const qint64 kStartMs = QDateTime::currentMSecsSinceEpoch();
} // namespace

QString promLabel(const QString &v)
{
    QString out = v;
    out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    out.replace(QLatin1Char('"'), QLatin1String("\\\""));
    out.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return out;
}

void promFamily(QString &out, const char *name, const char *type, const char *help,
                const QList<std::pair<QString, double>> &samples)
{
    out += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n")
               .arg(QLatin1String(name), QLatin1String(help), QLatin1String(type));
    for (const auto &[labels, v] : samples)
        out += QLatin1String(name) +
               (labels.isEmpty() ? QString() : QLatin1Char('{') + labels + QLatin1Char('}')) +
               QLatin1Char(' ') + number(v) + QLatin1Char('\n');
}

void HttpMetrics::observe(const QString &route, const QByteArray &method, int status,
                          double seconds)
{
    const QString m = QString::fromLatin1(method);
    QMutexLocker lock(&m_lock);
    m_requests[route + kSep + m + kSep + QString::number(status)] += 1;
    Histogram &h = m_latency[route + kSep + m];
    for (size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i])
            h.buckets[i] += 1;
    h.count += 1;
    h.sum += seconds;
}

void HttpMetrics::render(QString &out) const
{
    QMutexLocker lock(&m_lock);
    QList<std::pair<QString, double>> req;
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it) {
        const QStringList p = it.key().split(kSep);
        req.append({QStringLiteral("route=\"%1\",method=\"%2\",status=\"%3\"")
                        .arg(promLabel(p[0]), p[1], p[2]),
                    double(it.value())});
    }
    std::sort(req.begin(), req.end());
    promFamily(out, "dropcrew_http_requests_total", "counter",
               "HTTP requests answered, by route pattern, method and status.", req);
    out += QStringLiteral("# HELP dropcrew_http_request_duration_seconds Time to answer a request "
                          "(handler and writing), by route pattern and method.\n"
                          "# TYPE dropcrew_http_request_duration_seconds histogram\n");
    QStringList keys = m_latency.keys();
    keys.sort();
    for (const QString &k : keys) {
        const Histogram &h = m_latency[k];
        const QStringList p = k.split(kSep);
        const QString labels =
            QStringLiteral("route=\"%1\",method=\"%2\"").arg(promLabel(p[0]), p[1]);
        for (size_t i = 0; i < kBuckets.size(); ++i)
            out +=
                QStringLiteral("dropcrew_http_request_duration_seconds_bucket{%1,le=\"%2\"} %3\n")
                    .arg(labels, number(kBuckets[i]))
                    .arg(h.buckets[i]);
        out += QStringLiteral("dropcrew_http_request_duration_seconds_bucket{%1,le=\"+Inf\"} %2\n")
                   .arg(labels)
                   .arg(h.count);
        out += QStringLiteral("dropcrew_http_request_duration_seconds_sum{%1} %2\n")
                   .arg(labels, number(h.sum));
        out += QStringLiteral("dropcrew_http_request_duration_seconds_count{%1} %2\n")
                   .arg(labels)
                   .arg(h.count);
    }
}

void renderProcessMetrics(QString &out)
{
    double cpu = 0;
    double rss = 0;
#ifdef Q_OS_WIN
    FILETIME created, exited, kernel, user;
    if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) {
        const auto secs = [](const FILETIME &t) {
            return double((quint64(t.dwHighDateTime) << 32) | t.dwLowDateTime) / 1e7; // 100 ns
        };
        cpu = secs(kernel) + secs(user);
    }
    PROCESS_MEMORY_COUNTERS mem{};
    if (GetProcessMemoryInfo(GetCurrentProcess(), &mem, sizeof mem))
        rss = double(mem.WorkingSetSize);
#else
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
          double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> f = statm.readAll().split(' ');
        if (f.size() > 1)
            rss = f[1].toDouble() * double(sysconf(_SC_PAGESIZE));
    }
#endif
    promFamily(out, "process_cpu_seconds_total", "counter",
               "Total user and system CPU time spent in seconds.", {{QString(), cpu}});
    promFamily(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
               {{QString(), rss}});
    promFamily(out, "process_open_fds", "gauge", "Number of open file descriptors.",
               {{QString(), double(QDir(QStringLiteral("/proc/self/fd"))
                                       .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                                       .size())}});
    promFamily(out, "process_start_time_seconds", "gauge",
               "Start time of the process since unix epoch in seconds.",
               {{QString(), double(kStartMs) / 1000.0}});
}

} // namespace dc::api
