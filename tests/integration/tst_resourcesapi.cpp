// SPDX-License-Identifier: GPL-3.0-or-later
// Resource routes over real sockets: orders (manual entry, validation naming the field,
// filters, cursor paging, corrections, cancel/refund, process), suppliers, shipments, the
// shared data store with ETag/If-Match, and agent actions with ?wait=.
#include "http.h"
#include "storage/catalogrepository.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using security::Role;

class TestResourcesApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void manualOrdersAreValidated_data();
    void manualOrdersAreValidated();
    void ordersListFiltersAndPages();
    void orderCorrectionsCancelAndRefund();
    void suppliersAndShipments();
    void productsAndOffers();
    void sharedDataWithOptimisticConcurrency();
    void agentActions();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {});
    Reply callWith(const QByteArray &method, const QString &path, const QByteArray &body,
                   const QList<std::pair<QByteArray, QByteArray>> &headers);
    qint64 createOrder(const QString &name, qint64 price, const QString &sku = QStringLiteral("S"));
    QTemporaryDir m_dir;
    dc::test::TestBackend m_t;
    QNetworkAccessManager m_nam;
};

void TestResourcesApi::initTestCase()
{
    auto t = dc::test::startTestBackend(m_dir.path());
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
    dc::test::setDefaultAuthorization(m_t.bearer.value(Role::Operator));
    tasks::KindOptions echo;
    echo.description = QStringLiteral("Echoes its input");
    echo.inputSchema = {
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("text"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}};
    m_t.backend->tasks().registerKind(
        QStringLiteral("echo.say"),
        [](tasks::TaskContext &ctx) { return tasks::TaskOutcome::success(ctx.input); }, echo);
}

void TestResourcesApi::cleanupTestCase()
{
    m_t.backend.reset();
}

TestResourcesApi::Reply TestResourcesApi::call(const QByteArray &method, const QString &path,
                                               const QByteArray &body)
{
    return dc::test::httpCall(m_nam, m_t.base, method, path, body);
}

TestResourcesApi::Reply
TestResourcesApi::callWith(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req(QUrl(m_t.base + path));
    req.setRawHeader("Authorization", dc::test::defaultAuthorization());
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (const auto &[k, v] : headers)
        req.setRawHeader(k, v);
    QNetworkReply *r = m_nam.sendCustomRequest(req, method, body);
    QSignalSpy done(r, &QNetworkReply::finished);
    if (!r->isFinished())
        done.wait(15000);
    Reply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.raw = r->readAll();
    out.json = QJsonDocument::fromJson(out.raw).object();
    for (const auto &[k, v] : r->rawHeaderPairs())
        out.headers.insert(k.toLower(), v);
    r->deleteLater();
    return out;
}

qint64 TestResourcesApi::createOrder(const QString &name, qint64 price, const QString &sku)
{
    const Reply r = call("POST", QStringLiteral("/api/orders"),
                         QStringLiteral(R"({"name":"%1","currency":"EUR","line_items":[
                             {"sku":"%3","title":"Thing","quantity":1,"unit_price_minor":%2}]})")
                             .arg(name)
                             .arg(price)
                             .arg(sku)
                             .toUtf8());
    if (r.status != 201)
        qWarning() << r.raw;
    return r.json.value(QStringLiteral("id")).toInteger();
}

void TestResourcesApi::manualOrdersAreValidated_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no name") << QByteArray(R"({"currency":"EUR","line_items":[]})") << "name";
    QTest::newRow("bad currency") << QByteArray(
                                         R"({"name":"#1","currency":"euro","line_items":[]})")
                                  << "currency";
    QTest::newRow("no items") << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[]})")
                              << "line_items";
    QTest::newRow("zero quantity")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"title":"A","quantity":0,
                        "unit_price_minor":1}]})")
        << "line_items[0].quantity";
    QTest::newRow("fractional price")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"title":"A","quantity":1,
                        "unit_price_minor":1.5}]})")
        << "line_items[0].unit_price_minor";
    QTest::newRow("unknown item field")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"title":"A","quantity":1,
                        "unit_price_minor":1,"cost":1}]})")
        << "line_items[0].cost";
    QTest::newRow("mass assignment of a total")
        << QByteArray(R"({"name":"#1","currency":"EUR","total_minor":1,"line_items":[]})")
        << "total_minor";
    QTest::newRow("mass assignment of a status")
        << QByteArray(R"({"name":"#1","currency":"EUR","status":"delivered","line_items":[]})")
        << "status";
    QTest::newRow("bad country")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"title":"A","quantity":1,
                        "unit_price_minor":1}],"shipping_address":{"address1":"1 rue A",
                        "city":"Paris","country_code":"France"}})")
        << "shipping_address.country_code";
    QTest::newRow("unknown variant")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"variant_id":999999,
                        "quantity":1}]})")
        << "line_items[0].variant_id";
    QTest::newRow("variant id not a number")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"variant_id":"abc",
                        "quantity":1}]})")
        << "line_items[0].variant_id";
    QTest::newRow("no title without a variant")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"quantity":1,
                        "unit_price_minor":1}]})")
        << "line_items[0]";
    QTest::newRow("bad financial status")
        << QByteArray(R"({"name":"#1","currency":"EUR","financial_status":"refunded",
                        "line_items":[{"title":"A","quantity":1,"unit_price_minor":1}]})")
        << "financial_status";
    QTest::newRow("address field of another type")
        << QByteArray(R"({"name":"#1","currency":"EUR","line_items":[{"title":"A","quantity":1,
                        "unit_price_minor":1}],"shipping_address":{"address1":1}})")
        << "shipping_address.address1";
}

void TestResourcesApi::manualOrdersAreValidated()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const qint64 before = call("GET", QStringLiteral("/api/orders?limit=500"))
                              .json.value(QStringLiteral("orders"))
                              .toArray()
                              .size();
    const Reply r = call("POST", QStringLiteral("/api/orders"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.value(QStringLiteral("errors"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             field);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?limit=500"))
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             before); // nothing written
}

void TestResourcesApi::ordersListFiltersAndPages()
{
    QList<qint64> ids;
    for (int i = 0; i < 7; ++i)
        ids << createOrder(QStringLiteral("#P%1").arg(i), 100 * (i + 1),
                           i % 2 ? QStringLiteral("ODD-SKU") : QStringLiteral("EVEN-SKU"));
    QVERIFY(!ids.contains(0));
    // Cursor pages of 3, newest first, no overlap.
    QList<qint64> seen;
    QString cursor;
    for (int page = 0; page < 10; ++page) {
        const Reply r = call("GET", QStringLiteral("/api/orders?limit=3&q=%23P") + cursor);
        QCOMPARE(r.status, 200);
        for (const QJsonValue &o : r.json.value(QStringLiteral("orders")).toArray())
            seen << o.toObject().value(QStringLiteral("id")).toInteger();
        if (r.json.value(QStringLiteral("next_cursor")).isNull())
            break;
        cursor = QStringLiteral("&cursor=%1")
                     .arg(r.json.value(QStringLiteral("next_cursor")).toInteger());
    }
    QList<qint64> expected = ids;
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(seen, expected);
    // Text search reaches line item SKUs.
    QCOMPARE(call("GET", QStringLiteral("/api/orders?q=ODD-SKU"))
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             3);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?status=received&q=%23P6"))
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             1);
    const QString tomorrow = QDateTime::currentDateTimeUtc()
                                 .addDays(1)
                                 .toString(Qt::ISODate)
                                 .replace(QLatin1Char('+'), QLatin1String("%2B"));
    QCOMPARE(call("GET", QStringLiteral("/api/orders?from=") + tomorrow)
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             0);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?status=lost")).status, 400);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?from=yesterday")).status, 400);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?limit=0")).status, 400);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?colour=red")).status, 400);
    const Reply one = call("GET", QStringLiteral("/api/orders/%1").arg(ids.first()));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json.value(QStringLiteral("line_items")).toArray().size(), 1);
    QCOMPARE(one.json.value(QStringLiteral("total_minor")).toInteger(), 100);
    QCOMPARE(call("GET", QStringLiteral("/api/orders/987654")).status, 404);
}

void TestResourcesApi::orderCorrectionsCancelAndRefund()
{
    const qint64 id = createOrder(QStringLiteral("#C1"), 500);
    Reply r = call("PUT", QStringLiteral("/api/orders/%1").arg(id),
                   R"({"status":"on_hold","shipping_address":{"name":"A B","address1":"1 Main St",
                       "city":"Berlin","zip":"10115","country_code":"DE"}})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("on_hold"));
    QCOMPARE(r.json.value(QStringLiteral("shipping_country")).toString(), QStringLiteral("DE"));
    QCOMPARE(
        call("PUT", QStringLiteral("/api/orders/%1").arg(id), R"({"status":"cancelled"})").status,
        400);
    QCOMPARE(call("PUT", QStringLiteral("/api/orders/%1").arg(id), R"({"total_minor":1})").status,
             400);
    QCOMPARE(call("PUT", QStringLiteral("/api/orders/%1").arg(id), R"({})").status, 400);
    QCOMPARE(call("PUT", QStringLiteral("/api/orders/987654"), R"({"status":"on_hold"})").status,
             404);
    r = call("POST", QStringLiteral("/api/orders/%1/cancel").arg(id),
             R"({"reason":"customer asked"})");
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    QCOMPARE(call("POST", QStringLiteral("/api/orders/%1/cancel").arg(id)).status, 409);
    // A cancelled order may still be refunded: the request is an event; the refund workflow
    // refunds on Shopify and then marks the order refunded.
    r = call("POST", QStringLiteral("/api/orders/%1/refund").arg(id));
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    QVERIFY(call("GET", QStringLiteral("/api/events?topic=order.refund_requested"))
                .raw.contains(QByteArray(QByteArray("\"order_id\":") + QByteArray::number(id))));
    // The decision is an event the Order Manager acts on.
    const Reply events = call("GET", QStringLiteral("/api/events?topic=order.cancel_requested"));
    QVERIFY(events.raw.contains("customer asked"));
    // Processing needs the shipped workflow; a missing definition is a clear 409.
    const Reply process = call("POST", QStringLiteral("/api/orders/%1/process").arg(id));
    QVERIFY2(process.status == 202 || process.status == 409, process.raw.constData());
}

void TestResourcesApi::suppliersAndShipments()
{
    Reply s = call("POST", QStringLiteral("/api/suppliers"),
                   R"({"name":"Ali Store 1","platform":"aliexpress"})");
    QCOMPARE(s.status, 201);
    const qint64 sid = s.json.value(QStringLiteral("id")).toInteger();
    QCOMPARE(call("POST", QStringLiteral("/api/suppliers"),
                  R"({"name":"Ali Store 1","platform":"aliexpress"})")
                 .status,
             409);
    QCOMPARE(
        call("POST", QStringLiteral("/api/suppliers"), R"({"name":"X","platform":"Ali Express"})")
            .status,
        400);
    s = call("PUT", QStringLiteral("/api/suppliers/%1").arg(sid), R"({"active":false})");
    QCOMPARE(s.status, 200);
    QCOMPARE(s.json.value(QStringLiteral("active")).toBool(), false);
    QCOMPARE(s.json.value(QStringLiteral("name")).toString(), QStringLiteral("Ali Store 1"));
    QCOMPARE(call("GET", QStringLiteral("/api/suppliers/%1").arg(sid))
                 .json.value(QStringLiteral("active"))
                 .toBool(),
             false);
    QCOMPARE(call("GET", QStringLiteral("/api/suppliers"))
                 .json.value(QStringLiteral("suppliers"))
                 .toArray()
                 .size(),
             1);

    const qint64 order = createOrder(QStringLiteral("#S1"), 900);
    Reply sh = call("POST", QStringLiteral("/api/shipments"),
                    QStringLiteral(R"({"order_id":%1,"carrier":"Cainiao","tracking_number":"LP123",
                        "tracking_url":"https://track.example/LP123"})")
                        .arg(order)
                        .toUtf8());
    QCOMPARE(sh.status, 201);
    const qint64 shid = sh.json.value(QStringLiteral("id")).toInteger();
    QCOMPARE(sh.json.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
    QCOMPARE(call("POST", QStringLiteral("/api/shipments"), R"({"order_id":987654})")
                 .json.value(QStringLiteral("errors"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             QStringLiteral("order_id"));
    QCOMPARE(call("POST", QStringLiteral("/api/shipments"),
                  QStringLiteral("{\"order_id\":%1,\"tracking_url\":\"javascript:alert(1)\"}")
                      .arg(order)
                      .toUtf8())
                 .status,
             400);
    sh = call("PUT", QStringLiteral("/api/shipments/%1").arg(shid), R"({"status":"in_transit"})");
    QCOMPARE(sh.status, 200);
    QCOMPARE(sh.json.value(QStringLiteral("status")).toString(), QStringLiteral("in_transit"));
    QCOMPARE(
        call("PUT", QStringLiteral("/api/shipments/%1").arg(shid), R"({"status":"lost"})").status,
        400);
    QCOMPARE(call("GET", QStringLiteral("/api/shipments?status=in_transit"))
                 .json.value(QStringLiteral("shipments"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(call("GET", QStringLiteral("/api/orders/%1").arg(order))
                 .json.value(QStringLiteral("shipments"))
                 .toArray()
                 .size(),
             1);
}

// The catalog operators map: products with variants and every offer, filters and paging, bad
// parameters named; an offer put and removed, each raising catalog.offer_changed.
void TestResourcesApi::productsAndOffers()
{
    storage::Store &store = m_t.backend->store();
    QList<qint64> products;
    for (int i = 0; i < 3; ++i) {
        Product p;
        p.shop = QStringLiteral("cat.myshopify.com");
        p.shopifyProductId = 9000 + i;
        p.title = QStringLiteral("Catalog item %1").arg(i);
        p.variants << Variant{0,
                              0,
                              90000 + i,
                              QStringLiteral("CAT-%1").arg(i),
                              QStringLiteral("Default"),
                              Money{1990, QStringLiteral("EUR")},
                              4};
        auto up = store.writeAndWait<storage::UpsertOutcome>([&](storage::WriteContext &w) {
            return storage::CatalogRepository().upsertProduct(w, p);
        });
        QVERIFY(up);
        products << up->id;
    }
    Reply page = call("GET", QStringLiteral("/api/products?q=catalog%20item&limit=2"));
    QCOMPARE(page.status, 200);
    QJsonArray list = page.json.value(QStringLiteral("products")).toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("id")).toInteger(), products[2]);
    const QJsonObject variant =
        list.at(0).toObject().value(QStringLiteral("variants")).toArray().at(0).toObject();
    QCOMPARE(variant.value(QStringLiteral("sku")).toString(), QStringLiteral("CAT-2"));
    QCOMPARE(variant.value(QStringLiteral("price_minor")).toInteger(), 1990);
    QCOMPARE(variant.value(QStringLiteral("offers")).toArray().size(), 0);
    const qint64 cursor = page.json.value(QStringLiteral("next_cursor")).toInteger();
    QCOMPARE(cursor, products[1]);
    list = call("GET", QStringLiteral("/api/products?q=catalog%20item&cursor=%1").arg(cursor))
               .json.value(QStringLiteral("products"))
               .toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("id")).toInteger(), products[0]);
    for (const QString &bad : QStringList{
             QStringLiteral("unmapped=yes"), QStringLiteral("limit=0"), QStringLiteral("cursor=-1"),
             QStringLiteral("q=") + QString(201, QLatin1Char('x')), QStringLiteral("colour=red")}) {
        const Reply r = call("GET", QStringLiteral("/api/products?") + bad);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.contentType.startsWith("application/problem+json"), r.contentType.constData());
    }

    const qint64 supplier = call("POST", QStringLiteral("/api/suppliers"),
                                 R"({"name":"Catalog supplier","platform":"aliexpress"})")
                                .json.value(QStringLiteral("id"))
                                .toInteger();
    QVERIFY(supplier > 0);
    const qint64 variantId = variant.value(QStringLiteral("id")).toInteger();
    const Reply put =
        call("PUT", QStringLiteral("/api/variants/%1/offers").arg(variantId),
             QStringLiteral(R"({"supplier_id":%1,"supplier_product_id":"1005009","currency":"EUR",
                 "cost_minor":700,"shipping_minor":150,"ships_to":["FR","BE"]})")
                 .arg(supplier)
                 .toUtf8());
    QCOMPARE(put.status, 200);
    const qint64 offer = put.json.value(QStringLiteral("id")).toInteger();
    auto unmapped = [&] {
        QList<qint64> ids;
        for (const QJsonValue &v : call("GET", QStringLiteral("/api/products?unmapped=true&q=CAT-"))
                                       .json.value(QStringLiteral("products"))
                                       .toArray())
            ids << v.toObject().value(QStringLiteral("id")).toInteger();
        return ids;
    };
    QCOMPARE(unmapped(), (QList<qint64>{products[1], products[0]}));
    const QJsonObject mapped = call("GET", QStringLiteral("/api/products?q=CAT-2"))
                                   .json.value(QStringLiteral("products"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("variants"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("offers"))
                                   .toArray()
                                   .at(0)
                                   .toObject();
    QCOMPARE(mapped.value(QStringLiteral("supplier_id")).toInteger(), supplier);
    QCOMPARE(mapped.value(QStringLiteral("cost_minor")).toInteger(), 700);
    QCOMPARE(mapped.value(QStringLiteral("ships_to")).toArray().size(), 2);

    QCOMPARE(
        call("DELETE", QStringLiteral("/api/variants/%1/offers/%2").arg(variantId + 1).arg(offer))
            .status,
        404);
    QCOMPARE(call("DELETE", QStringLiteral("/api/variants/%1/offers/%2").arg(variantId).arg(offer))
                 .status,
             204);
    QCOMPARE(call("DELETE", QStringLiteral("/api/variants/%1/offers/%2").arg(variantId).arg(offer))
                 .status,
             404);
    QCOMPARE(unmapped().size(), 3);
    const QJsonArray changes =
        call(
            "GET",
            QStringLiteral("/api/events?topic=catalog.offer_changed&key=variant:%1").arg(variantId))
            .json.value(QStringLiteral("events"))
            .toArray();
    QCOMPARE(changes.size(), 2); // the put and the removal; not the refused ones
    QCOMPARE(changes.at(0)
                 .toObject()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("offer_id"))
                 .toInteger(),
             offer);

    // A manual order naming the catalog variant: tied to it, with its SKU, title and price.
    const Reply manual =
        call("POST", QStringLiteral("/api/orders"),
             QStringLiteral(R"({"name":"#CAT-1","currency":"EUR","financial_status":"paid",
            "line_items":[{"variant_id":%1,"quantity":2}]})")
                 .arg(variantId)
                 .toUtf8());
    QCOMPARE(manual.status, 201);
    QCOMPARE(manual.json.value(QStringLiteral("financial_status")).toString(),
             QStringLiteral("paid"));
    QCOMPARE(manual.json.value(QStringLiteral("total_minor")).toInteger(), 3980);
    const QJsonObject line =
        manual.json.value(QStringLiteral("line_items")).toArray().at(0).toObject();
    QCOMPARE(line.value(QStringLiteral("sku")).toString(), QStringLiteral("CAT-2"));
    QCOMPARE(line.value(QStringLiteral("title")).toString(), QStringLiteral("Catalog item 2"));
    QCOMPARE(line.value(QStringLiteral("unit_price_minor")).toInteger(), 1990);
    QCOMPARE(line.value(QStringLiteral("shopify_variant_id")).toInteger(), 90002);
    QCOMPARE(line.value(QStringLiteral("shopify_product_id")).toInteger(), 9002);
    // In another currency its price cannot be taken: the order's own is required.
    const QByteArray usd =
        QStringLiteral(R"({"name":"#CAT-2","currency":"USD","line_items":[{"variant_id":%1,
            "quantity":1}]})")
            .arg(variantId)
            .toUtf8();
    const Reply refused = call("POST", QStringLiteral("/api/orders"), usd);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json.value(QStringLiteral("errors"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             QStringLiteral("line_items[0].unit_price_minor"));
    const Reply priced =
        call("POST", QStringLiteral("/api/orders"),
             QStringLiteral(R"({"name":"#CAT-3","currency":"USD","line_items":[{"variant_id":%1,
            "quantity":1,"unit_price_minor":2500,"title":"Gift"}]})")
                 .arg(variantId)
                 .toUtf8());
    QCOMPARE(priced.status, 201);
    QCOMPARE(priced.json.value(QStringLiteral("financial_status")).toString(),
             QStringLiteral("pending"));
    const QJsonObject pricedLine =
        priced.json.value(QStringLiteral("line_items")).toArray().at(0).toObject();
    QCOMPARE(pricedLine.value(QStringLiteral("title")).toString(), QStringLiteral("Gift"));
    QCOMPARE(pricedLine.value(QStringLiteral("unit_price_minor")).toInteger(), 2500);
    QCOMPARE(pricedLine.value(QStringLiteral("shopify_variant_id")).toInteger(), 90002);
}

void TestResourcesApi::sharedDataWithOptimisticConcurrency()
{
    Reply r = callWith("PUT", QStringLiteral("/api/data/prices/sku-1"), R"({"eur":1299})",
                       {{"If-None-Match", "*"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.header("ETag"), QByteArray("\"1\""));
    QCOMPARE(callWith("PUT", QStringLiteral("/api/data/prices/sku-1"), R"({"eur":1})",
                      {{"If-None-Match", "*"}})
                 .status,
             412);
    r = callWith("PUT", QStringLiteral("/api/data/prices/sku-1"), R"({"eur":1399})",
                 {{"If-Match", "\"1\""}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("ETag"), QByteArray("\"2\""));
    // A writer holding the old version loses, and nothing is overwritten.
    QCOMPARE(callWith("PUT", QStringLiteral("/api/data/prices/sku-1"), R"({"eur":1})",
                      {{"If-Match", "\"1\""}})
                 .status,
             412);
    r = call("GET", QStringLiteral("/api/data/prices/sku-1"));
    QCOMPARE(r.json.value(QStringLiteral("value")).toObject().value(QStringLiteral("eur")).toInt(),
             1399);
    QCOMPARE(
        callWith("GET", QStringLiteral("/api/data/prices/sku-1"), {}, {{"If-None-Match", "\"2\""}})
            .status,
        304);
    // Scalars and lists are values too.
    QCOMPARE(call("PUT", QStringLiteral("/api/data/prices/sku-2"), "42").status, 201);
    QCOMPARE(call("PUT", QStringLiteral("/api/data/prices/other"), R"(["a","b"])").status, 201);
    QCOMPARE(call("PUT", QStringLiteral("/api/data/prices/bad"), "{nope").status, 400);
    QCOMPARE(call("PUT", QStringLiteral("/api/data/bad%20ns!/k"), "1").status, 400);
    const Reply list = call("GET", QStringLiteral("/api/data/prices?prefix=sku-"));
    QCOMPARE(list.json.value(QStringLiteral("entries")).toArray().size(), 2);
    QCOMPARE(
        callWith("DELETE", QStringLiteral("/api/data/prices/sku-1"), {}, {{"If-Match", "\"1\""}})
            .status,
        412);
    QCOMPARE(
        callWith("DELETE", QStringLiteral("/api/data/prices/sku-1"), {}, {{"If-Match", "\"2\""}})
            .status,
        204);
    QCOMPARE(call("GET", QStringLiteral("/api/data/prices/sku-1")).status, 404);
    QCOMPARE(call("DELETE", QStringLiteral("/api/data/prices/sku-1")).status, 404);
    // Over the route's 256 KiB: refused by the front before the body is read.
    QCOMPARE(call("PUT", QStringLiteral("/api/data/prices/huge"),
                  "\"" + QByteArray(300 * 1024, 'x') + "\"")
                 .status,
             413);
}

void TestResourcesApi::agentActions()
{
    dc::test::setDefaultAuthorization(m_t.bearer.value(Role::Agent));
    const Reply agents = call("GET", QStringLiteral("/api/agents"));
    QCOMPARE(agents.status, 200);
    bool found = false;
    for (const QJsonValue &a : agents.json.value(QStringLiteral("agents")).toArray())
        for (const QJsonValue &act : a.toObject().value(QStringLiteral("actions")).toArray())
            if (a.toObject().value(QStringLiteral("name")).toString() == QLatin1String("echo") &&
                act.toObject().value(QStringLiteral("name")).toString() == QLatin1String("say")) {
                found = true;
                QCOMPARE(act.toObject()
                             .value(QStringLiteral("input_schema"))
                             .toObject()
                             .value(QStringLiteral("properties"))
                             .toObject()
                             .keys(),
                         QStringList{QStringLiteral("text")});
            }
    QVERIFY(found);

    Reply r = call("POST", QStringLiteral("/api/agents/echo/action"),
                   R"({"action":"say","input":{"text":"hi"}})");
    QCOMPARE(r.status, 202);
    QVERIFY(r.json.value(QStringLiteral("id")).toInteger() > 0);
    r = call("POST", QStringLiteral("/api/agents/echo/action?wait=10"),
             R"({"action":"say","input":{"text":"waited"}})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(
        r.json.value(QStringLiteral("result")).toObject().value(QStringLiteral("text")).toString(),
        QStringLiteral("waited"));
    QCOMPARE(
        call("POST", QStringLiteral("/api/agents/echo/action"), R"({"action":"shout"})").status,
        404);
    QCOMPARE(call("POST", QStringLiteral("/api/agents/echo/action?wait=61"), R"({"action":"say"})")
                 .status,
             400);
    QCOMPARE(call("POST", QStringLiteral("/api/agents/echo/action"),
                  R"({"action":"say","input":"text"})")
                 .status,
             400);
    // The same idempotency key gives the same task.
    const Reply a = call("POST", QStringLiteral("/api/agents/echo/action"),
                         R"({"action":"say","idempotency_key":"k-1"})");
    const Reply b = call("POST", QStringLiteral("/api/agents/echo/action"),
                         R"({"action":"say","idempotency_key":"k-1"})");
    QCOMPARE(a.json.value(QStringLiteral("id")), b.json.value(QStringLiteral("id")));
    // Viewers read agents but cannot call them.
    QCOMPARE(dc::test::httpCall(m_nam, m_t.base, "POST", QStringLiteral("/api/agents/echo/action"),
                                R"({"action":"say"})", "application/json",
                                m_t.bearer.value(Role::Viewer))
                 .status,
             403);
    dc::test::setDefaultAuthorization(m_t.bearer.value(Role::Operator));
}

QTEST_GUILESS_MAIN(TestResourcesApi)
#include "tst_resourcesapi.moc"
