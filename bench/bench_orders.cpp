// SPDX-License-Identifier: GPL-3.0-or-later
// Orders end to end through the seed's order_processing workflow, against a local fake of
// AliExpress (its own thread, signatures checked): signed orders/create webhook → stored
// order → validate_order ∥ check_inventory (a product.get per order) → prepare_supplier_order →
// submit_to_supplier (aliexpress.ds.order.create) → notify_customer. Prints orders per second
// and the latency from sending the webhook to the supplier order being placed (p50/p99).
//
//   bench_orders [--seconds N] [--rate R (orders/s; 0: as fast as 8 senders go)] [--database URL]
#include "benchhttp.h"

#include "agents/crew.h"
#include "fakealiexpress.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>

#include <mutex>
#include <thread>

using namespace dc;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(
        QStringLiteral("dropcrew.*.info=false\ndropcrew.*.warning=false"));
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Sending time."),
                                        QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"),
                                     QStringLiteral("Orders per second (0: saturate)."),
                                     QStringLiteral("R"), QStringLiteral("20"));
    const dc::bench::CommonOptions common;
    p.addOptions({secondsOpt, rateOpt});
    common.addTo(p);
    p.process(app);
    const int seconds = p.value(secondsOpt).toInt();
    const double rate = p.value(rateOpt).toDouble();

    dc::test::FakeAliExpress ae(QStringLiteral("bench-app"), "bench-app-secret", "bench-token");
    ae.addProduct(QStringLiteral("9001"), QStringLiteral("Lamp"),
                  {{QStringLiteral("sku-1"), QStringLiteral("12.00"), 1'000'000'000}});

    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("workflows")));
    QFile::copy(QStringLiteral(DROPCREW_SOURCE_DIR "/workflows/order_processing.yaml"),
                dir.filePath(QStringLiteral("workflows/order_processing.yaml")));
    const QByteArray secret = "bench-shopify-secret";
    const QString shop = QStringLiteral("bench.myshopify.com");
    QStringList extra;
    if (p.isSet(common.database))
        extra << QStringLiteral("--database") << p.value(common.database);
    auto backend = dc::bench::startBenchBackend(
        dir,
        "[limits]\nip_rate=0\nmax_connections_per_ip=1000\n[shopify]\nreconcile_minutes=0\n"
        "[aliexpress]\nurl=" +
            ae.url().toUtf8() + "\n",
        extra);
    runtime::Backend &b = *backend;
    if (!b.shopify().shops().saveShop(
            {.domain = shop, .adminUrl = QStringLiteral("http://127.0.0.1:9/")}, secret,
            std::nullopt, QByteArray("unused-token")))
        qFatal("shop");
    if (!agents::Integrations::saveCredentials(b.secrets(),
                                               {QStringLiteral("bench-app"), "bench-app-secret",
                                                "bench-token", "bench-refresh", 0, 0}))
        qFatal("credentials");
    Product product;
    product.shop = shop;
    product.shopifyProductId = 42;
    product.title = QStringLiteral("Lamp");
    product.variants = {
        Variant{0, 0, 43, QStringLiteral("LAMP"), {}, {4990, QStringLiteral("EUR")}, 0, 0}};
    auto ok =
        b.store().writeAndWait<qint64>([&](storage::WriteContext &w) -> storage::DbResult<qint64> {
            const storage::CatalogRepository c;
            if (auto up = c.upsertProduct(w, product); !up)
                return std::unexpected(up.error());
            auto v = c.findVariantByShopifyId(w.db(), 43);
            auto s = c.upsertSupplier(
                w, {0, QStringLiteral("Bench supplier"), QStringLiteral("aliexpress"), true, {}});
            if (!v || !v->has_value() || !s)
                return std::unexpected(
                    storage::DbError{storage::DbError::Kind::Internal, QStringLiteral("catalog")});
            SupplierOffer o;
            o.supplierId = *s;
            o.variantId = (*v)->id;
            o.supplierProductId = QStringLiteral("9001");
            o.supplierSkuId = QStringLiteral("sku-1");
            o.cost = {1200, QStringLiteral("EUR")};
            o.shippingCost = {300, QStringLiteral("EUR")};
            o.stock = 1'000'000;
            return c.upsertOffer(w, o);
        });
    if (!ok)
        qFatal("%s", qPrintable(ok.error().message));

    std::mutex lock;
    QHash<qint64, qint64> sentAtMs; // Shopify order id -> when its webhook left
    std::atomic<qint64> next{0};
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    const double cpuAtStart = dc::bench::cpuSeconds();
    // Shopify stamps each delivery; the receiver refuses stamps older than its retry window.
    const QByteArray triggeredAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1();
    auto request = [&](qint64) -> QByteArray {
        const qint64 n = next++;
        if (rate > 0) { // paced: order n leaves at start + n / rate
            const qint64 due = startMs + qint64(double(n) * 1000.0 / rate);
            const qint64 wait = due - QDateTime::currentMSecsSinceEpoch();
            if (wait > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        }
        const qint64 id = 2'000'000 + n;
        const QByteArray body =
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("id"), id},
                    {QStringLiteral("name"), QStringLiteral("#E%1").arg(n)},
                    {QStringLiteral("updated_at"), QStringLiteral("2026-11-24T10:00:00Z")},
                    {QStringLiteral("currency"), QStringLiteral("EUR")},
                    {QStringLiteral("financial_status"), QStringLiteral("paid")},
                    {QStringLiteral("total_price"), QStringLiteral("49.90")},
                    {QStringLiteral("subtotal_price"), QStringLiteral("49.90")},
                    {QStringLiteral("shipping_address"),
                     QJsonObject{{QStringLiteral("name"), QStringLiteral("Bench Customer")},
                                 {QStringLiteral("address1"), QStringLiteral("1 rue du Banc")},
                                 {QStringLiteral("city"), QStringLiteral("Paris")},
                                 {QStringLiteral("zip"), QStringLiteral("75001")},
                                 {QStringLiteral("country_code"), QStringLiteral("FR")}}},
                    {QStringLiteral("line_items"),
                     QJsonArray{QJsonObject{{QStringLiteral("id"), id},
                                            {QStringLiteral("product_id"), 42},
                                            {QStringLiteral("variant_id"), 43},
                                            {QStringLiteral("title"), QStringLiteral("Lamp")},
                                            {QStringLiteral("quantity"), 1},
                                            {QStringLiteral("price"), QStringLiteral("49.90")}}}}})
                .toJson(QJsonDocument::Compact);
        const QByteArray sig =
            QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toBase64();
        {
            std::lock_guard g(lock);
            sentAtMs.insert(id, QDateTime::currentMSecsSinceEpoch());
        }
        return "POST /webhooks/shopify HTTP/1.1\r\nHost: bench\r\nContent-Type: "
               "application/json\r\nX-Shopify-Topic: orders/create\r\nX-Shopify-Shop-Domain: " +
               shop.toUtf8() + "\r\nX-Shopify-Webhook-Id: e2e-" + QByteArray::number(n) +
               "\r\nX-Shopify-Triggered-At: " + triggeredAt + "\r\nX-Shopify-Hmac-Sha256: " + sig +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    const dc::bench::LoadResult load =
        dc::bench::runLoad(app, b.http().port(), 8, seconds, request);
    const qint64 sent = qint64(load.latenciesMs.size());

    // Let the workflows finish (at most a minute after the last webhook).
    auto countRuns = [&](const char *state) {
        auto q = storage::exec(b.store().reader(),
                               QStringLiteral("SELECT COUNT(*) FROM workflow_runs WHERE state = ?"),
                               {QString::fromLatin1(state)});
        return q && q->next() ? q->value(0).toLongLong() : -1;
    };
    // While draining, through the partial indexes of finished and of failed runs: a COUNT on
    // state alone reads every run's row (its definition, the whole order), CPU that was
    // charged to the server.
    auto finishedRuns = [&] {
        auto q = storage::exec(
            b.store().reader(),
            QStringLiteral("SELECT (SELECT COUNT(*) FROM workflow_runs WHERE purged_at IS NULL AND "
                           "state IN ('succeeded', 'cancelled')) + (SELECT COUNT(*) FROM "
                           "workflow_runs WHERE state = 'failed')"));
        return q && q->next() ? q->value(0).toLongLong() : -1;
    };
    QElapsedTimer drain;
    drain.start();
    // Polled five times a second: the COUNTs are CPU charged to the server, and when the last
    // run finished is read from the store below, not from this loop.
    while (finishedRuns() < sent && drain.elapsed() < 60'000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    const qint64 succeeded = countRuns("succeeded");
    // The whole process from the first webhook to the last run: server, senders and the
    // AliExpress fake (the drain's polling included, five COUNTs a second).
    const double cpuMsPerOrder =
        succeeded > 0 ? (dc::bench::cpuSeconds() - cpuAtStart) * 1000.0 / double(succeeded) : 0;
    auto q =
        storage::exec(b.store().reader(),
                      QStringLiteral("SELECT o.shopify_order_id, so.placed_at, r.finished_at "
                                     "FROM supplier_orders so JOIN orders o ON o.id = so.order_id "
                                     "JOIN workflow_runs r ON r.trigger_key = 'order:' || o.id "
                                     "WHERE so.placed_at IS NOT NULL"));
    std::vector<double> toSupplier;
    qint64 lastFinished = startMs;
    while (q && q->next()) {
        std::lock_guard g(lock);
        toSupplier.push_back(
            double(q->value(1).toLongLong() - sentAtMs.value(q->value(0).toLongLong())));
        lastFinished = std::max(lastFinished, q->value(2).toLongLong());
    }
    const double span = double(lastFinished - startMs) / 1000.0;
    const double ops = span > 0 ? double(succeeded) / span : 0;
    std::printf("Orders end to end (webhook → order_processing_workflow → AliExpress fake), %s, "
                "%s, %d s of sending\n",
                rate > 0 ? qPrintable(QStringLiteral("paced at %1/s").arg(rate)) : "saturated",
                qPrintable(storage::backendName(b.store().backend())), seconds);
    std::printf("  %lld webhooks sent, %lld runs succeeded, %lld failed; %zu AliExpress orders "
                "(one per order: %s)\n",
                static_cast<long long>(sent), static_cast<long long>(succeeded),
                static_cast<long long>(countRuns("failed")), size_t(ae.orders().size()),
                ae.orders().size() == succeeded ? "yes" : "NO");
    std::printf("  %.1f orders/s end to end (first webhook to last run finished, %.1f s)\n", ops,
                span);
    std::printf("  webhook → supplier order placed: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
                dc::bench::percentile(toSupplier, 50), dc::bench::percentile(toSupplier, 99),
                dc::bench::percentile(toSupplier, 100));
    std::printf("  CPU %.1f s while sending, %.2f ms per order in all (senders and fake "
                "included); peak RSS %ld MiB\n",
                load.cpuSeconds, cpuMsPerOrder, dc::bench::peakRssKiB() / 1024);
    // How the writer's commits were shared: each commit is a WAL write and an fsync.
    const storage::StoreStats st = b.store().stats();
    const double perOrder = succeeded > 0 ? double(st.commits) / double(succeeded) : 0;
    std::printf("  store: %llu commits (%.2f per order), %llu jobs, %.1f jobs per commit, largest "
                "batch %d, %llu reruns\n",
                static_cast<unsigned long long>(st.commits), perOrder,
                static_cast<unsigned long long>(st.jobs),
                st.commits > 0 ? double(st.jobs) / double(st.commits) : 0.0, st.maxBatchSeen,
                static_cast<unsigned long long>(st.reruns));
    if (p.isSet(common.json))
        dc::bench::writeResults(
            p.value(common.json),
            QJsonArray{QJsonObject{
                {QStringLiteral("scenario"), QStringLiteral("orders end to end")},
                {QStringLiteral("database"), storage::backendName(b.store().backend())},
                {QStringLiteral("rate"), rate},
                {QStringLiteral("sent"), sent},
                {QStringLiteral("succeeded"), succeeded},
                {QStringLiteral("orders_per_second"), ops},
                {QStringLiteral("to_supplier_p50_ms"), dc::bench::percentile(toSupplier, 50)},
                {QStringLiteral("to_supplier_p99_ms"), dc::bench::percentile(toSupplier, 99)},
                {QStringLiteral("cpu_ms_per_order"), cpuMsPerOrder},
                {QStringLiteral("commits_per_order"), perOrder},
                {QStringLiteral("jobs_per_commit"),
                 st.commits > 0 ? double(st.jobs) / double(st.commits) : 0.0},
                {QStringLiteral("peak_rss_kib"), qint64(dc::bench::peakRssKiB())}}});
    b.stop();
    return succeeded == sent ? 0 : 1;
}
