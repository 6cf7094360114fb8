// SPDX-License-Identifier: GPL-3.0-or-later
// Requests per second and latency of an authenticated GET /api/orders (a page of 50 orders from
// 2,000) through the whole front: guard, router, JWT or API key check (a user lookup per
// request), permission, rate limiter (on, with limits high enough not to refuse), handler, JSON.
// The server runs on the main thread as in the app; keep-alive clients run on their own threads.
//
//   bench_api [--seconds N] [--connections N] [--auth jwt|key] [--json FILE]
#include "benchhttp.h"
#include "storage/orderrepository.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

using namespace dc;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dropcrew.*.info=false"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Duration."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption connOpt(QStringLiteral("connections"),
                                     QStringLiteral("Keep-alive client connections."),
                                     QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption authOpt(QStringLiteral("auth"),
                                     QStringLiteral("jwt (a user's access token) or key."),
                                     QStringLiteral("KIND"), QStringLiteral("jwt"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"),
                                     QStringLiteral("Also write the results to this JSON file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption pathOpt(QStringLiteral("path"), QStringLiteral("What to GET."),
                                     QStringLiteral("PATH"),
                                     QStringLiteral("/api/orders?limit=50"));
    p.addOptions({secondsOpt, connOpt, authOpt, jsonOpt, pathOpt});
    p.process(app);
    const int seconds = p.value(secondsOpt).toInt();
    const int connections = p.value(connOpt).toInt();

    QTemporaryDir dir;
    qputenv("DROPCREW_ADMIN_PASSWORD", "bench-admin-password");
    auto backend = dc::bench::startBenchBackend(
        dir, "[limits]\nuser_rate=1000000\nuser_burst=1000000\nmax_connections_per_ip=1000\n");
    runtime::Backend &b = *backend;

    // 2,000 orders with two line items each.
    storage::OrderRepository repo(b.cipher());
    for (int batch = 0; batch < 20; ++batch) {
        auto r =
            b.store().writeAndWait<bool>([&](storage::WriteContext &w) -> storage::DbResult<bool> {
                for (int i = 0; i < 100; ++i) {
                    Order o;
                    o.shop = QStringLiteral("bench.myshopify.com");
                    o.name = QStringLiteral("#%1").arg(batch * 100 + i);
                    o.currency = QStringLiteral("EUR");
                    o.subtotal = o.total = Money{2500, o.currency};
                    o.shippingTotal = o.taxTotal = Money{0, o.currency};
                    o.lineItems = {LineItem{0, 0, 0, 0, QStringLiteral("A"), QStringLiteral("Lamp"),
                                            1, Money{1500, o.currency}, Money{0, o.currency}},
                                   LineItem{0, 0, 0, 0, QStringLiteral("B"), QStringLiteral("Bulb"),
                                            1, Money{1000, o.currency}, Money{0, o.currency}}};
                    if (auto id = repo.insertManualOrder(w, o); !id)
                        return std::unexpected(id.error());
                }
                return true;
            });
        if (!r)
            qFatal("%s", qPrintable(r.error().message));
    }
    QByteArray bearer;
    if (p.value(authOpt) == QLatin1String("key")) {
        auto key = b.auth().createApiKey(QStringLiteral("bench"), security::Role::Viewer,
                                         QStringLiteral("bench"));
        bearer = key->second.toUtf8();
    } else {
        auto u = b.auth().createUser(QStringLiteral("viewer"), QStringLiteral("bench-viewer-pass"),
                                     security::Role::Viewer);
        if (!u)
            qFatal("%s", qPrintable(u.error().message));
        bearer = b.auth()
                     .login(QStringLiteral("viewer"), QStringLiteral("bench-viewer-pass"))
                     ->accessToken.toUtf8();
    }
    const QByteArray request = "GET " + p.value(pathOpt).toUtf8() +
                               " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + bearer +
                               "\r\n\r\n";
    const quint16 port = b.http().port();

    const dc::bench::LoadResult load =
        dc::bench::runLoad(app, port, connections, seconds, [&](qint64) { return request; });
    const std::vector<double> &all = load.latenciesMs;
    const qint64 errors = load.errors;
    const double elapsed = load.elapsedSeconds;
    const double cpu = load.cpuSeconds;
    const double rps = double(all.size()) / elapsed;
    std::printf("authenticated GET %s (%s), %d keep-alive connections, %.1f s\n",
                qPrintable(p.value(pathOpt)), qPrintable(p.value(authOpt)), connections, elapsed);
    std::printf("  %zu requests, %lld errors: %.0f req/s\n", all.size(),
                static_cast<long long>(errors), rps);
    std::printf("  latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", dc::bench::percentile(all, 50),
                dc::bench::percentile(all, 99), dc::bench::percentile(all, 100));
    std::printf("  process CPU %.1f s (server and clients share 2 cores), peak RSS %ld MiB\n", cpu,
                dc::bench::peakRssKiB() / 1024);
    if (p.isSet(jsonOpt))
        dc::bench::writeResults(
            p.value(jsonOpt),
            QJsonArray{QJsonObject{
                {QStringLiteral("scenario"),
                 QStringLiteral("GET /api/orders authenticated (%1)").arg(p.value(authOpt))},
                {QStringLiteral("connections"), connections},
                {QStringLiteral("requests"), qint64(all.size())},
                {QStringLiteral("errors"), errors},
                {QStringLiteral("requests_per_second"), rps},
                {QStringLiteral("p50_ms"), dc::bench::percentile(all, 50)},
                {QStringLiteral("p99_ms"), dc::bench::percentile(all, 99)}}});
    b.stop();
    return errors == 0 ? 0 : 1;
}
