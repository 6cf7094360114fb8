// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Prometheus text exposition (format 0.0.4) for GET /api/metrics: request counts and latency
// histograms per route, plus gauges read from the services when scraped.
#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

namespace dc::api {

class HttpMetrics
{
public:
    // route is the pattern ("/api/orders/{id:int}"), never the raw path: bounded cardinality.
    void observe(const QString &route, const QByteArray &method, int status, double seconds);
    void render(QString &out) const;

    static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1,    2.5,   10};

private:
    struct Histogram
    {
        std::array<quint64, kBuckets.size()> buckets{};
        quint64 count = 0;
        double sum = 0;
    };
    mutable QMutex m_lock;
    QHash<QString, quint64> m_requests;  // "route\x1fmethod\x1fstatus"
    QHash<QString, Histogram> m_latency; // "route\x1fmethod"
};

// Label value escaping: backslash, double quote and newline.
QString promLabel(const QString &v);
// Writes "# HELP", "# TYPE" and the samples of one metric family.
void promFamily(QString &out, const char *name, const char *type, const char *help,
                const QList<std::pair<QString, double>> &samples);
// process_cpu_seconds_total, process_resident_memory_bytes, process_open_fds, ...
void renderProcessMetrics(QString &out);

} // namespace dc::api
