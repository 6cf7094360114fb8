// SPDX-License-Identifier: GPL-3.0-or-later
// The orders page over a database of a million orders (default): time to first paint, frame
// times while scrolling down through the table (the view asks for pages as it reaches the end;
// the page waits are reported apart), and memory. Offscreen; numbers, never pass/fail.
//   bench_ui_orders [--orders N] [--frames N] [--json FILE]
#include "apiclient.h"
#include "benchutil.h"
#include "dashboardpage.h"
#include "ordersmodel.h"
#include "orderspage.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "storage/sqlutil.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>

#include <cstdio>

using namespace dc;
using namespace dc::bench;

namespace {
long currentRssKiB()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().split(' ').value(1).toLong() * 4;
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "dropcrew.*.info=false");
    QApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption ordersOpt(QStringLiteral("orders"),
                                       QStringLiteral("Orders (1000000)."), QStringLiteral("N"),
                                       QStringLiteral("1000000"));
    const QCommandLineOption framesOpt(QStringLiteral("frames"),
                                       QStringLiteral("Scroll frames (3000)."), QStringLiteral("N"),
                                       QStringLiteral("3000"));
    CommonOptions common;
    p.addOptions({ordersOpt, framesOpt});
    common.addTo(p);
    p.process(app);
    const qint64 n = p.value(ordersOpt).toLongLong();
    const int frames = p.value(framesOpt).toInt();

    // A million orders, written in one statement (the API would take hours to enter them).
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer seed;
    seed.start();
    {
        storage::DatabaseUrl url;
        url.path = dir.filePath(QStringLiteral("dropcrew.db"));
        auto store = openBenchStore(url);
        auto w = store->writeAndWait<bool>([&](storage::WriteContext &w)
                                               -> storage::DbResult<bool> {
            auto q = storage::exec(
                w.db(),
                QStringLiteral(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %1) "
                    "INSERT INTO orders (shop, name, status, currency, subtotal_minor, "
                    "shipping_minor,"
                    " tax_minor, total_minor, shipping_country, created_at, updated_at) "
                    "SELECT 'bench.myshopify.com', '#' || x, "
                    "CASE x % 4 WHEN 0 THEN 'received' WHEN 1 THEN 'validated' WHEN 2 THEN "
                    "'supplier_ordered' ELSE 'shipped' END, 'EUR', 1000 + x % 9000, 490, 0, "
                    "1490 + x % 9000, 'FR', %2 - x * %3, %2 - x * %3 FROM c")
                    .arg(n)
                    .arg(now)
                    .arg(365LL * 86'400'000 / n)); // spread over the last year
            if (!q)
                return std::unexpected(q.error());
            // Half of them went to a supplier: the dashboard's margin looks their cost up.
            auto s = storage::exec(
                w.db(), QStringLiteral("INSERT INTO suppliers (name, platform, active, created_at) "
                                       "VALUES ('Bench supplier', 'aliexpress', 1, 0)"));
            if (!s)
                return std::unexpected(s.error());
            auto so = storage::exec(
                w.db(),
                QStringLiteral("INSERT INTO supplier_orders (order_id, supplier_id, out_order_id, "
                               "status, lines, cost_minor, shipping_minor, currency, created_at, "
                               "updated_at) SELECT id, (SELECT MAX(id) FROM suppliers), 'DC' || "
                               "id, 'placed', '[]', 600, 200, 'EUR', created_at, created_at FROM "
                               "orders WHERE status IN ('supplier_ordered', 'shipped')"));
            if (!so)
                return std::unexpected(so.error());
            return true;
        });
        if (!w)
            qFatal("seeding failed: %s", qPrintable(w.error().message));
        store->close();
    }
    const double seedSeconds = double(seed.elapsed()) / 1000.0;

    auto cl = runtime::parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--data-dir"),
                                         dir.path(), QStringLiteral("--listen"),
                                         QStringLiteral("127.0.0.1:0"), QStringLiteral("--secrets"),
                                         QStringLiteral("file")});
    if (!cl)
        qFatal("%s", qPrintable(cl.error()));
    cl->config.shippedWorkflows = QStringLiteral("none"); // no run on the seeded orders
    auto backend = runtime::Backend::start(cl->config);
    if (!backend)
        qFatal("%s", qPrintable(backend.error()));
    const long rssBefore = currentRssKiB();

    ui::ApiClient api(QUrl((*backend)->listenUrl()));
    auto t = (*backend)->auth().localAdminSession();
    if (!t)
        qFatal("%s", qPrintable(t.error()));
    api.setSession({t->accessToken, t->refreshToken});

    // Time to first paint: from creating the page to a painted screen of rows.
    QElapsedTimer firstPaint;
    firstPaint.start();
    ui::OrdersPage page(api);
    page.resize(1280, 800);
    page.show();
    QTableView *view = page.view();
    while (view->model()->rowCount() == 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    view->viewport()->repaint();
    const double firstPaintMs = double(firstPaint.nsecsElapsed()) / 1e6;

    // Scroll down a few rows per frame (a wheel notch is 3 rows), as an operator does.
    std::vector<double> frameMs, waitMs;
    QScrollBar *bar = view->verticalScrollBar();
    for (int f = 0; f < frames; ++f) {
        if (bar->value() >= bar->maximum()) {
            // At the end of what is loaded: the view asks for the next page; wait for it.
            QElapsedTimer wait;
            wait.start();
            const int rows = view->model()->rowCount();
            if (view->model()->canFetchMore({}))
                view->model()->fetchMore({});
            while (view->model()->rowCount() == rows && page.model()->loading())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            waitMs.push_back(double(wait.nsecsElapsed()) / 1e6);
        }
        QElapsedTimer frame;
        frame.start();
        bar->setValue(bar->value() + 3);
        view->viewport()->repaint();
        QCoreApplication::processEvents();
        frameMs.push_back(double(frame.nsecsElapsed()) / 1e6);
    }
    const int loaded = view->model()->rowCount();
    const long rssAfter = currentRssKiB();
    page.close();

    // The dashboard over the same orders: from asking to a filled model, per window, and how
    // long /api/health waits meanwhile (the aggregation runs off the HTTP thread).
    ui::DashboardPage dashboard(api);
    int reloads = 0;
    QObject::connect(&dashboard, &ui::DashboardPage::reloaded, [&reloads] { ++reloads; });
    const auto waitReload = [&reloads](int before) {
        while (reloads == before)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    };
    waitReload(0);
    auto *range = dashboard.findChild<QComboBox *>(QStringLiteral("range"));
    struct Window
    {
        const char *name;
        std::vector<double> ms;
        std::vector<double> healthMs;
    };
    std::vector<Window> windows{
        {"24 hours", {}, {}}, {"7 days hourly", {}, {}}, {"30 days", {}, {}}, {"365 days", {}, {}}};
    QNetworkAccessManager nam;
    const QUrl health((*backend)->listenUrl() + QStringLiteral("/api/health"));
    for (int w = 0; w < int(windows.size()); ++w) {
        const int shown = reloads;
        range->setCurrentIndex(w);
        if (w > 0)
            waitReload(shown);
        for (int rep = 0; rep < 5; ++rep) {
            QElapsedTimer t;
            t.start();
            const int before = reloads;
            dashboard.reload();
            // Health asked while the dashboard is computed.
            QElapsedTimer h;
            h.start();
            QNetworkReply *hr = nam.get(QNetworkRequest(health));
            double healthMs = -1;
            QObject::connect(hr, &QNetworkReply::finished, [&] {
                healthMs = double(h.nsecsElapsed()) / 1e6;
                hr->deleteLater();
            });
            while (reloads == before || healthMs < 0)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            windows[w].ms.push_back(double(t.nsecsElapsed()) / 1e6);
            windows[w].healthMs.push_back(healthMs);
        }
    }

    std::printf("orders page over %lld orders (seeded in %.1f s, SQLite)\n",
                static_cast<long long>(n), seedSeconds);
    std::printf("  time to first paint: %.1f ms\n", firstPaintMs);
    std::printf("  scrolling: %d frames, %d rows loaded; frame p50 %.2f ms, p99 %.2f ms, max %.2f "
                "ms\n",
                frames, loaded, percentile(frameMs, 50), percentile(frameMs, 99),
                percentile(frameMs, 100));
    std::printf("  page fetches while scrolling: %zu, wait p50 %.1f ms, p99 %.1f ms\n",
                waitMs.size(), percentile(waitMs, 50), percentile(waitMs, 99));
    std::printf("  memory: RSS %.1f MiB before the page, %.1f MiB after scrolling, peak %.1f MiB\n",
                double(rssBefore) / 1024.0, double(rssAfter) / 1024.0,
                double(peakRssKiB()) / 1024.0);
    std::printf("  dashboard (5 loads per window, request to filled model; /api/health "
                "meanwhile):\n");
    QJsonArray results;
    for (const Window &w : windows) {
        std::printf("    %-14s p50 %.0f ms, max %.0f ms; health p50 %.1f ms, max %.1f ms\n", w.name,
                    percentile(w.ms, 50), percentile(w.ms, 100), percentile(w.healthMs, 50),
                    percentile(w.healthMs, 100));
        results.append(
            QJsonObject{{QStringLiteral("scenario"),
                         QString(QStringLiteral("ui_dashboard ") + QLatin1String(w.name))},
                        {QStringLiteral("orders"), n},
                        {QStringLiteral("p50_ms"), percentile(w.ms, 50)},
                        {QStringLiteral("max_ms"), percentile(w.ms, 100)},
                        {QStringLiteral("health_max_ms"), percentile(w.healthMs, 100)}});
    }
    results.prepend(QJsonObject{{QStringLiteral("scenario"), QStringLiteral("ui_orders")},
                                {QStringLiteral("orders"), n},
                                {QStringLiteral("first_paint_ms"), firstPaintMs},
                                {QStringLiteral("frames"), frames},
                                {QStringLiteral("rows_loaded"), loaded},
                                {QStringLiteral("frame_p50_ms"), percentile(frameMs, 50)},
                                {QStringLiteral("frame_p99_ms"), percentile(frameMs, 99)},
                                {QStringLiteral("page_wait_p50_ms"), percentile(waitMs, 50)},
                                {QStringLiteral("page_wait_p99_ms"), percentile(waitMs, 99)},
                                {QStringLiteral("rss_after_kib"), qint64(rssAfter)}});
    if (p.isSet(common.json))
        writeResults(p.value(common.json), results);

    (*backend)->stop();
    return 0;
}
