// SPDX-License-Identifier: GPL-3.0-or-later
// Durable Shopify webhooks per second and latency to the 200, with signature checking on:
// each delivery is verified (HMAC-SHA256 in constant time), sealed (AES-256-GCM) and stored
// under group commit (synchronous=FULL on SQLite), and only then answered; the processing
// (upsert the order, publish order.created) runs at the same time.
//
//   bench_webhooks [--seconds N] [--connections N] [--rate R (webhooks/s; 0: as fast as the
//                  senders go)] [--receipt-only] [--database URL] [--json FILE]
#include "benchhttp.h"
#include "storage/sqlutil.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>

#include <atomic>
#include <thread>

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
                                     QStringLiteral("Concurrent senders (keep-alive)."),
                                     QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption receiptOpt(
        QStringLiteral("receipt-only"),
        QStringLiteral("Hold the processing ([shopify] process_webhooks=false): receipt alone, "
                       "as when a burst arrives."));
    const dc::bench::CommonOptions common;
    const QCommandLineOption rateOpt(QStringLiteral("rate"),
                                     QStringLiteral("Webhooks per second (0: saturate)."),
                                     QStringLiteral("R"), QStringLiteral("0"));
    p.addOptions({secondsOpt, connOpt, receiptOpt, rateOpt});
    common.addTo(p);
    p.process(app);
    const int seconds = p.value(secondsOpt).toInt();
    const int connections = p.value(connOpt).toInt();
    const double rate = p.value(rateOpt).toDouble();

    QTemporaryDir dir;
    const QByteArray secret = "bench-shopify-secret";
    qputenv("DROPCREW_SHOPIFY_SECRET", secret);
    QStringList extra;
    if (p.isSet(common.database))
        extra << QStringLiteral("--database") << p.value(common.database);
    auto backend = dc::bench::startBenchBackend(
        dir,
        QByteArray("[limits]\nip_rate=0\nmax_connections_per_ip=1000\n[shopify]\n"
                   "reconcile_minutes=0\n") +
            (p.isSet(receiptOpt) ? "process_webhooks=false\n" : ""),
        extra);
    runtime::Backend &b = *backend;
    const quint16 port = b.http().port();

    std::atomic<qint64> next{0};
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    // Shopify stamps each delivery; the receiver refuses stamps older than its retry window.
    const QByteArray triggeredAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1();
    auto request = [&](qint64) -> QByteArray { // not auto: a QStringBuilder would dangle
        const qint64 n = next++;
        if (rate > 0) { // paced: webhook n leaves at start + n / rate
            const qint64 wait =
                startMs + qint64(double(n) * 1000.0 / rate) - QDateTime::currentMSecsSinceEpoch();
            if (wait > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        }
        const QByteArray body =
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("id"), 1'000'000 + n},
                    {QStringLiteral("name"), QStringLiteral("#B%1").arg(n)},
                    {QStringLiteral("updated_at"), QStringLiteral("2026-11-24T10:00:00Z")},
                    {QStringLiteral("currency"), QStringLiteral("EUR")},
                    {QStringLiteral("total_price"), QStringLiteral("49.90")},
                    {QStringLiteral("subtotal_price"), QStringLiteral("49.90")},
                    {QStringLiteral("shipping_address"),
                     QJsonObject{{QStringLiteral("name"), QStringLiteral("Bench Customer")},
                                 {QStringLiteral("address1"), QStringLiteral("1 Bench Street")},
                                 {QStringLiteral("city"), QStringLiteral("Paris")},
                                 {QStringLiteral("country_code"), QStringLiteral("FR")}}},
                    {QStringLiteral("line_items"),
                     QJsonArray{QJsonObject{{QStringLiteral("id"), n},
                                            {QStringLiteral("product_id"), 42},
                                            {QStringLiteral("variant_id"), 43},
                                            {QStringLiteral("title"), QStringLiteral("Lamp")},
                                            {QStringLiteral("quantity"), 1},
                                            {QStringLiteral("price"), QStringLiteral("49.90")}}}}})
                .toJson(QJsonDocument::Compact);
        const QByteArray sig =
            QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toBase64();
        return "POST /webhooks/shopify HTTP/1.1\r\nHost: bench\r\nContent-Type: "
               "application/json\r\nX-Shopify-Topic: orders/create\r\nX-Shopify-Shop-Domain: "
               "bench.myshopify.com\r\nX-Shopify-Webhook-Id: bench-" +
               QByteArray::number(n) + "\r\nX-Shopify-Triggered-At: " + triggeredAt +
               "\r\nX-Shopify-Hmac-Sha256: " + sig +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };

    const dc::bench::LoadResult load = dc::bench::runLoad(app, port, connections, seconds, request);
    const std::vector<double> &all = load.latenciesMs;
    const qint64 errors = load.errors;
    const double elapsed = load.elapsedSeconds;
    // How far processing got meanwhile (it goes on after the answers).
    auto processed =
        storage::exec(b.store().reader(), QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries "
                                                         "WHERE state = 'processed'"));
    processed->next();
    const qint64 done = processed->value(0).toLongLong();
    const double rps = double(all.size()) / elapsed;
    std::printf("Shopify webhooks (orders/create, ~600 B, HMAC checked, sealed, stored; %s), %d "
                "senders, %s, %s, %.1f s\n",
                p.isSet(receiptOpt) ? "processing held" : "processed meanwhile", connections,
                rate > 0 ? qPrintable(QStringLiteral("paced at %1/s").arg(rate)) : "saturated",
                qPrintable(storage::backendName(b.store().backend())), elapsed);
    std::printf("  %zu answered 200, %lld errors: %.0f durable webhooks/s\n", all.size(),
                static_cast<long long>(errors), rps);
    std::printf("  latency to the 200: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                dc::bench::percentile(all, 50), dc::bench::percentile(all, 99),
                dc::bench::percentile(all, 100));
    std::printf("  processed into orders meanwhile: %lld (%.0f/s); CPU %.1f s; peak RSS %ld MiB\n",
                static_cast<long long>(done), double(done) / elapsed, load.cpuSeconds,
                dc::bench::peakRssKiB() / 1024);
    if (p.isSet(common.json))
        dc::bench::writeResults(
            p.value(common.json),
            QJsonArray{
                QJsonObject{{QStringLiteral("scenario"), QStringLiteral("shopify webhooks")},
                            {QStringLiteral("database"), storage::backendName(b.store().backend())},
                            {QStringLiteral("connections"), connections},
                            {QStringLiteral("rate"), rate},
                            {QStringLiteral("answered"), qint64(all.size())},
                            {QStringLiteral("errors"), errors},
                            {QStringLiteral("webhooks_per_second"), rps},
                            {QStringLiteral("p50_ms"), dc::bench::percentile(all, 50)},
                            {QStringLiteral("p99_ms"), dc::bench::percentile(all, 99)},
                            {QStringLiteral("processed_per_second"), double(done) / elapsed}}});
    b.stop();
    return errors == 0 ? 0 : 1;
}
