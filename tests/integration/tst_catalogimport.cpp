// SPDX-License-Identifier: GPL-3.0-or-later
// The catalog import of an existing store, through the real backend (with the shipped
// workflows) and the fake Shopify: 2,000 products with their variants and images read page by
// page (the bucket spent once on the way: a THROTTLED answer) and by a bulk operation (its JSONL
// downloaded from the fake, children apart from their products), the same catalog in both, a run
// again that changes nothing, a products/update webhook newer than the import that wins (and an
// import that does not undo it), the open unfulfilled orders of the last days imported once with
// one order workflow each, and the route's refusals and its answer while an import runs. The
// import times are printed.
#include "orderfixture.h"
#include "storage/sqlutil.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace dc;
using namespace dc::test;
using security::Role;

namespace {
constexpr int kProducts = 2000;
constexpr int kVariants = 3;
constexpr int kImages = 2;
// Product 7 has more variants and images than a page carries: they are asked for apart.
constexpr int kWide = 7;
constexpr int kWideVariants = 40;
constexpr int kWideImages = 8;
constexpr int kAllVariants = (kProducts - 1) * kVariants + kWideVariants;
} // namespace

class TestCatalogImport : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void pagedImport();
    void bulkImport();
    void newerWebhookWins();
    void openOrdersOnce();
    void refusals();

private:
    // POST /api/shops/{shop}/import as an operator; the finished task (empty when it never
    // finished), and how long it took from the request.
    QJsonObject import(const QJsonObject &body, qint64 *elapsedMs = nullptr);
    // The task once it has ended (as it was when the wait gave up otherwise).
    QJsonObject finished(qint64 id);
    // The products page by page, no orders.
    QJsonObject importPaged()
    {
        return import({{QStringLiteral("mode"), QStringLiteral("paged")},
                       {QStringLiteral("orders_days"), 0}});
    }
    // A count of a finished import's result: result.<part>.<name>.
    static int counted(const QJsonObject &task, const char *part, const char *name)
    {
        return task.value(QStringLiteral("result"))
            .toObject()
            .value(QLatin1String(part))
            .toObject()
            .value(QLatin1String(name))
            .toInt();
    }
    // The catalog products of the shop (the fixture's own product left out) by Shopify id.
    QHash<qint64, QJsonObject> products();
    void checkCatalog();
    QDateTime m_catalogAt;
};

void TestCatalogImport::init()
{
    auto s = setUp();
    QVERIFY2(s, qPrintable(s ? QString() : s.error()));
    // A quick bucket (the test is not about waiting), a requested cost as Shopify computes it.
    m_shopify->setThrottle(1000, 20000, 10);
    m_catalogAt = QDateTime::currentDateTimeUtc().addDays(-1);
    m_shopify->setCatalog(kProducts, kVariants, kImages, m_catalogAt);
    m_shopify->setProductShape(kWide, kWideVariants, kWideImages);
}

void TestCatalogImport::cleanup()
{
    tearDown();
}

QJsonObject TestCatalogImport::import(const QJsonObject &body, qint64 *elapsedMs)
{
    QElapsedTimer clock;
    clock.start();
    const Reply r = call("POST", QStringLiteral("/api/shops/%1/import").arg(kShop),
                         QJsonDocument(body).toJson(), Role::Operator);
    if (r.status != 202) {
        qWarning() << "import answered" << r.status << r.raw;
        return {};
    }
    const QJsonObject task = finished(r.json.value(QStringLiteral("task_id")).toInteger());
    if (elapsedMs)
        *elapsedMs = clock.elapsed();
    if (task.value(QStringLiteral("state")).toString() != QLatin1String("succeeded")) {
        qWarning() << "import task ended" << task;
        return {};
    }
    return task;
}

QJsonObject TestCatalogImport::finished(qint64 id)
{
    QJsonObject task;
    (void)QTest::qWaitFor(
        [&] {
            task = call("GET", QStringLiteral("/api/tasks/%1").arg(id)).json;
            const QString state = task.value(QStringLiteral("state")).toString();
            return state == QLatin1String("succeeded") || state == QLatin1String("dead") ||
                   state == QLatin1String("cancelled");
        },
        240'000);
    return task;
}

QHash<qint64, QJsonObject> TestCatalogImport::products()
{
    QHash<qint64, QJsonObject> out;
    QString cursor;
    for (int page = 0; page < 100; ++page) {
        const QJsonObject r =
            call("GET",
                 QStringLiteral("/api/products?shop=%1&limit=200%2")
                     .arg(kShop, cursor.isEmpty() ? QString() : QString(u"&cursor=" + cursor)))
                .json;
        for (const QJsonValue &v : r.value(QStringLiteral("products")).toArray()) {
            const qint64 id = v.toObject().value(QStringLiteral("shopify_product_id")).toInteger();
            if (id >= FakeShopify::catalogProductId(0))
                out.insert(id, v.toObject());
        }
        if (r.value(QStringLiteral("next_cursor")).isNull())
            break;
        cursor = QString::number(r.value(QStringLiteral("next_cursor")).toInteger());
    }
    return out;
}

void TestCatalogImport::checkCatalog()
{
    const QHash<qint64, QJsonObject> all = products();
    QCOMPARE(all.size(), kProducts);
    int variants = 0;
    for (const QJsonObject &p : all)
        variants += int(p.value(QStringLiteral("variants")).toArray().size());
    QCOMPARE(variants, kAllVariants);

    // The wide product: every variant and image, though a page holds 25 and 5.
    const QJsonObject wide = all.value(FakeShopify::catalogProductId(kWide));
    QCOMPARE(wide.value(QStringLiteral("title")).toString(), QStringLiteral("Catalog product 7"));
    QCOMPARE(wide.value(QStringLiteral("vendor")).toString(), QStringLiteral("Lumen Works"));
    QCOMPARE(wide.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    const QJsonArray images = wide.value(QStringLiteral("images")).toArray();
    QCOMPARE(images.size(), kWideImages);
    QCOMPARE(images.at(7).toString(), QStringLiteral("https://cdn.example.test/products/7/7.jpg"));
    const QJsonArray wideVariants = wide.value(QStringLiteral("variants")).toArray();
    QCOMPARE(wideVariants.size(), kWideVariants);
    QJsonObject last;
    for (const QJsonValue &v : wideVariants)
        if (v.toObject().value(QStringLiteral("sku")).toString() == QLatin1String("CAT-7-39"))
            last = v.toObject();
    QCOMPARE(last.value(QStringLiteral("title")).toString(), QStringLiteral("Size 40"));
    // Prices in minor units of the shop's currency: 1000 + (7 × 7 + 39 × 100) % 9000 = 4949.
    QCOMPARE(last.value(QStringLiteral("price_minor")).toInteger(), 4949);
    QCOMPARE(last.value(QStringLiteral("price_minor")).toInteger(),
             FakeShopify::catalogPriceMinor(kWide, 39));
    QCOMPARE(last.value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
    QCOMPARE(last.value(QStringLiteral("inventory_quantity")).toInt(), (7 + 39) % 40);
    QCOMPARE(last.value(QStringLiteral("shopify_variant_id")).toInteger(),
             FakeShopify::catalogVariantId(kWide, 39));
    // The inventory item, which inventory_levels/update webhooks name.
    auto item = storage::exec(m_t.backend->store().reader(),
                              QStringLiteral("SELECT shopify_inventory_item_id FROM variants "
                                             "WHERE shopify_variant_id = ?"),
                              {FakeShopify::catalogVariantId(kWide, 39)});
    QVERIFY(item && item->next());
    QCOMPARE(item->value(0).toLongLong(), FakeShopify::catalogInventoryItemId(kWide, 39));
    // An ordinary one, a draft.
    const QJsonObject draft = all.value(FakeShopify::catalogProductId(1999));
    QCOMPARE(draft.value(QStringLiteral("status")).toString(), QStringLiteral("draft"));
    QCOMPARE(draft.value(QStringLiteral("variants")).toArray().size(), kVariants);
    QCOMPARE(draft.value(QStringLiteral("images")).toArray().size(), kImages);
}

void TestCatalogImport::pagedImport()
{
    m_shopify->throttleNextProductsPage();
    qint64 ms = 0;
    const QJsonObject task = import(
        {{QStringLiteral("mode"), QStringLiteral("paged")}, {QStringLiteral("orders_days"), 0}},
        &ms);
    QVERIFY(!task.isEmpty());
    QCOMPARE(task.value(QStringLiteral("progress")).toInt(), 100);
    const QJsonObject result = task.value(QStringLiteral("result")).toObject();
    QCOMPARE(result.value(QStringLiteral("mode")).toString(), QStringLiteral("paged"));
    const QJsonObject counts = result.value(QStringLiteral("products")).toObject();
    QCOMPARE(counts.value(QStringLiteral("read")).toInt(), kProducts);
    QCOMPARE(counts.value(QStringLiteral("created")).toInt(), kProducts);
    qInfo("paged import of %d products (%d variants): %lld ms in the task, %lld ms from the "
          "request to its end",
          kProducts, kAllVariants, counts.value(QStringLiteral("duration_ms")).toInteger(), ms);
    checkCatalog();
    // The bucket was spent once: waited for, asked again. No query asked for more than
    // Shopify's single-query limit.
    QVERIFY(m_shopify->throttledAnswers() >= 1);
    QVERIFY2(m_shopify->maxRequestedCost() <= 1000,
             qPrintable(QString::number(m_shopify->maxRequestedCost())));
    QCOMPARE(events(QStringLiteral("product.updated")), 0);

    // Again: nothing changes, nothing is published.
    const QJsonObject again = importPaged();
    QVERIFY(!again.isEmpty());
    QCOMPARE(counted(again, "products", "unchanged"), kProducts);
    QCOMPARE(counted(again, "products", "created"), 0);
    QCOMPARE(counted(again, "products", "updated"), 0);
    QCOMPARE(products().size(), kProducts);
    QCOMPARE(events(QStringLiteral("product.updated")), 0);
}

void TestCatalogImport::bulkImport()
{
    qint64 ms = 0;
    // mode auto: 2,000 products are past the default threshold (1,000).
    const QJsonObject task = import({{QStringLiteral("orders_days"), 0}}, &ms);
    QVERIFY(!task.isEmpty());
    QCOMPARE(task.value(QStringLiteral("progress")).toInt(), 100);
    const QJsonObject result = task.value(QStringLiteral("result")).toObject();
    QCOMPARE(result.value(QStringLiteral("mode")).toString(), QStringLiteral("bulk"));
    const QJsonObject counts = result.value(QStringLiteral("products")).toObject();
    QCOMPARE(counts.value(QStringLiteral("created")).toInt(), kProducts);
    qInfo("bulk import of %d products (%d variants): %lld ms in the task, %lld ms from the "
          "request to its end",
          kProducts, kAllVariants, counts.value(QStringLiteral("duration_ms")).toInteger(), ms);
    QCOMPARE(m_shopify->bulkOperationsStarted(), 1);
    checkCatalog();

    // The same catalog read page by page: nothing to change.
    const QJsonObject again = importPaged();
    QVERIFY(!again.isEmpty());
    QCOMPARE(counted(again, "products", "unchanged"), kProducts);
    QCOMPARE(products().size(), kProducts);
}

void TestCatalogImport::newerWebhookWins()
{
    QVERIFY(!import({{QStringLiteral("mode"), QStringLiteral("bulk")},
                     {QStringLiteral("orders_days"), 0}})
                 .isEmpty());
    const qint64 id = FakeShopify::catalogProductId(5);
    const auto webhook = [&](const QDateTime &at, const QString &title, const QString &price) {
        return QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("title"), title},
            {QStringLiteral("vendor"), QStringLiteral("Lumen Works")},
            {QStringLiteral("status"), QStringLiteral("active")},
            {QStringLiteral("updated_at"), at.toString(Qt::ISODate)},
            {QStringLiteral("images"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("src"), QStringLiteral("https://cdn.example.test/new.jpg")}}}},
            {QStringLiteral("variants"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), FakeShopify::catalogVariantId(5, 0)},
                                    {QStringLiteral("sku"), QStringLiteral("CAT-5-0")},
                                    {QStringLiteral("title"), QStringLiteral("One size")},
                                    {QStringLiteral("price"), price},
                                    {QStringLiteral("inventory_quantity"), 12},
                                    {QStringLiteral("inventory_item_id"),
                                     FakeShopify::catalogInventoryItemId(5, 0)}}}}};
    };
    // Older than what the import read: ignored.
    QCOMPARE(sendShopify(QStringLiteral("products/update"),
                         webhook(m_catalogAt.addSecs(-60), QStringLiteral("Old name"),
                                 QStringLiteral("1.00")),
                         QStringLiteral("wh-old")),
             200);
    // Newer: wins.
    QCOMPARE(sendShopify(QStringLiteral("products/update"),
                         webhook(QDateTime::currentDateTimeUtc(), QStringLiteral("Renamed lamp"),
                                 QStringLiteral("99.90")),
                         QStringLiteral("wh-new")),
             200);
    QTRY_COMPARE_WITH_TIMEOUT(products().value(id).value(QStringLiteral("title")).toString(),
                              QStringLiteral("Renamed lamp"), 15000);
    const auto checkWebhooksVersion = [&] {
        const QJsonObject p = products().value(id);
        QCOMPARE(p.value(QStringLiteral("title")).toString(), QStringLiteral("Renamed lamp"));
        const QJsonArray variants = p.value(QStringLiteral("variants")).toArray();
        QCOMPARE(variants.size(), 1);
        QCOMPARE(variants.first().toObject().value(QStringLiteral("price_minor")).toInteger(),
                 9990);
        QCOMPARE(p.value(QStringLiteral("images")).toArray(),
                 QJsonArray{QStringLiteral("https://cdn.example.test/new.jpg")});
    };
    checkWebhooksVersion();
    // The import again (older data for this product): the webhook's version stays.
    const QJsonObject again = importPaged();
    QVERIFY(!again.isEmpty());
    QCOMPARE(counted(again, "products", "updated"), 0);
    checkWebhooksVersion();
}

void TestCatalogImport::openOrdersOnce()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Open and unfulfilled, two days old: imported.
    m_shopify->addOrder(5001, now.addDays(-2), 4000);
    // Fulfilled already, and older than the 30 days asked: left alone.
    m_shopify->addOrder(5002, now.addDays(-3), 4000);
    m_shopify->setOrderCreated(5002, now.addDays(-3), QStringLiteral("FULFILLED"));
    m_shopify->addOrder(5003, now.addDays(-45), 4000);
    // Came by webhook before the import: not created twice.
    const qint64 webhookOrder = sendOrder(5004, QStringLiteral("40.00"));
    QVERIFY(webhookOrder > 0);

    const QJsonObject task = import({{QStringLiteral("products"), false}});
    QVERIFY(!task.isEmpty());
    QCOMPARE(task.value(QStringLiteral("progress")).toInt(), 100);
    QCOMPARE(counted(task, "orders", "read"), 2);
    QCOMPARE(counted(task, "orders", "created"), 1);
    const auto ordersOf = [&](qint64 shopifyId) {
        return call("GET", QStringLiteral("/api/orders?shopify_order_id=%1").arg(shopifyId))
            .json.value(QStringLiteral("orders"))
            .toArray();
    };
    QCOMPARE(ordersOf(5001).size(), 1);
    QCOMPARE(ordersOf(5002).size(), 0);
    QCOMPARE(ordersOf(5003).size(), 0);
    QCOMPARE(ordersOf(5004).size(), 1);
    const qint64 imported =
        ordersOf(5001).first().toObject().value(QStringLiteral("id")).toInteger();

    // One order workflow each, whichever brought the order.
    const auto runs = [&](qint64 order) {
        int n = 0;
        for (const QJsonValue &r : call("GET", QStringLiteral("/api/workflows/"
                                                              "order_processing_workflow/runs"))
                                       .json.value(QStringLiteral("runs"))
                                       .toArray())
            n += r.toObject().value(QStringLiteral("key")).toString() ==
                         QStringLiteral("order:%1").arg(order)
                     ? 1
                     : 0;
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(runs(imported), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(runs(webhookOrder), 1, 15000);

    // Again: nothing new, still one order and one run each.
    const QJsonObject again =
        import({{QStringLiteral("products"), false}, {QStringLiteral("orders_days"), 30}});
    QVERIFY(!again.isEmpty());
    QCOMPARE(counted(again, "orders", "read"), 2);
    QCOMPARE(counted(again, "orders", "created"), 0);
    QCOMPARE(ordersOf(5001).size(), 1);
    QCOMPARE(runs(imported), 1);
    QCOMPARE(runs(webhookOrder), 1);
    QCOMPARE(events(QStringLiteral("order.created")), 2);
}

void TestCatalogImport::refusals()
{
    const auto post = [&](const QString &shop, const QByteArray &body, Role role = Role::Operator) {
        return call("POST", QStringLiteral("/api/shops/%1/import").arg(shop), body, role);
    };
    Reply r = post(kShop, "{\"mode\":\"fast\"}");
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("mode"));
    r = post(kShop, "{\"orders_days\":61}");
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("orders_days"));
    r = post(kShop, "{\"products\":false,\"orders_days\":0}");
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("orders_days"));
    QCOMPARE(post(QStringLiteral("nowhere.myshopify.com"), "{}").status, 404);
    QCOMPARE(post(kShop, "{}", Role::Viewer).status, 403);
    // While an import of the shop waits or runs, asking again gives that one.
    r = post(kShop, "{}");
    QCOMPARE(r.status, 202);
    const Reply again = post(kShop, "{\"mode\":\"paged\",\"orders_days\":5}");
    QCOMPARE(again.status, 202);
    QCOMPARE(again.json.value(QStringLiteral("task_id")), r.json.value(QStringLiteral("task_id")));
    // Not left running into the backend's stop.
    QCOMPARE(finished(r.json.value(QStringLiteral("task_id")).toInteger())
                 .value(QStringLiteral("state"))
                 .toString(),
             QStringLiteral("succeeded"));
}

QTEST_MAIN(TestCatalogImport)
#include "tst_catalogimport.moc"
