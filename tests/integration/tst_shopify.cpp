// SPDX-License-Identifier: GPL-3.0-or-later
// Shopify against local fakes: webhook signatures (10,000 forged deliveries, none accepted; the
// previous secret during a rotation), dedupe, orders/updated before orders/create, late
// deliveries, malformed payloads, the privacy topics, fulfillment with tracking through the
// GraphQL fake with its throttle honoured, 429/5xx/401/scope errors, and reconciliation filling
// a missed order.
#include "fakeshopify.h"
#include "http.h"
#include "storage/sqlutil.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;
using security::Role;

namespace {
const QString kShop = QStringLiteral("lumen.myshopify.com");
const QByteArray kSecret = "shpss_current_secret";
const QByteArray kOldSecret = "shpss_previous_secret";
const QByteArray kToken = "shpat_test_token";
} // namespace

class TestShopify : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void forgedDeliveriesAreRefused();
    void refusedSignaturesAreLimitedValidOnesNever();
    void rotationAcceptsThePreviousSecret();
    void malformedSignedDeliveriesAreRefusedAndRecorded();
    void redeliveriesAreProcessedOnce();
    void aDeliveryIsProcessedInItsReceiptsCommit();
    void updatedBeforeCreateAndLateDeliveries();
    void productsInventoryAndUnknownTopics();
    void privacyTopicsExportAndErase();
    void signedBodiesMustMatchTheirHeaders();
    void erasedStaysErased();
    void retentionEmptiesOldPayloads();
    void fulfillmentReachesShopifyWithinTheThrottle();
    void apiErrorsBecomeHealth();
    void reconciliationFillsAMissedOrder();
    void processingCanBeHeldAndResumed();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {});
    WebhookReply deliver(const QString &topic, const QByteArray &body, const QString &id,
                         const QByteArray &secret = kSecret);
    qint64 deliveries(const QString &state = {});
    QJsonObject orderByShopifyId(qint64 id);
    int eventCount(const QString &topic);
    void waitProcessed();
    QByteArray forgedRequest(const QByteArray &body, const QByteArray &signature,
                             const QByteArray &id) const;
    QTemporaryDir m_dir;
    TestBackend m_t;
    QNetworkAccessManager m_nam;
    std::unique_ptr<FakeShopify> m_fake;
};

void TestShopify::initTestCase()
{
    auto t =
        startTestBackend(m_dir.path(), "[limits]\nip_rate=0\nfailures_per_minute=0\n[shopify]\n"
                                       "reconcile_minutes=0\npoll_seconds=0\n");
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
    setDefaultAuthorization(m_t.bearer.value(Role::Admin));
    m_fake = std::make_unique<FakeShopify>(kToken);
    const Reply shop = call(
        "PUT", QStringLiteral("/api/shops/") + kShop,
        QJsonDocument(QJsonObject{{QStringLiteral("webhook_secret"), QString::fromLatin1(kSecret)},
                                  {QStringLiteral("access_token"), QString::fromLatin1(kToken)},
                                  {QStringLiteral("admin_url"), m_fake->adminUrl()},
                                  {QStringLiteral("currency"), QStringLiteral("EUR")}})
            .toJson());
    QCOMPARE(shop.status, 200);
    QVERIFY(shop.json.value(QStringLiteral("has_webhook_secret")).toBool());
    QVERIFY(!shop.raw.contains(kSecret)); // never echoed
}

void TestShopify::cleanupTestCase()
{
    m_t.backend.reset();
    m_fake.reset();
}

TestShopify::Reply TestShopify::call(const QByteArray &method, const QString &path,
                                     const QByteArray &body)
{
    return httpCall(m_nam, m_t.base, method, path, body);
}

WebhookReply TestShopify::deliver(const QString &topic, const QByteArray &body, const QString &id,
                                  const QByteArray &secret)
{
    return sendWebhook(m_nam, m_t.base, kShop, topic, body, secret, id);
}

qint64 TestShopify::deliveries(const QString &state)
{
    return call("GET", QStringLiteral("/api/webhooks/deliveries?limit=1000") +
                           (state.isEmpty() ? QString() : QStringLiteral("&state=") + state))
        .json.value(QStringLiteral("deliveries"))
        .toArray()
        .size();
}

QJsonObject TestShopify::orderByShopifyId(qint64 id)
{
    const QJsonArray list = call("GET", QStringLiteral("/api/orders?shopify_order_id=%1").arg(id))
                                .json.value(QStringLiteral("orders"))
                                .toArray();
    if (list.isEmpty())
        return {};
    return call("GET", QStringLiteral("/api/orders/%1")
                           .arg(list.first().toObject().value(QStringLiteral("id")).toInteger()))
        .json;
}

int TestShopify::eventCount(const QString &topic)
{
    return call("GET", QStringLiteral("/api/events?limit=1000&topic=") + topic)
        .json.value(QStringLiteral("events"))
        .toArray()
        .size();
}

void TestShopify::waitProcessed()
{
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(QStringLiteral("received")), 0, 20000);
}

void TestShopify::forgedDeliveriesAreRefused()
{
    // 10,000 deliveries signed with the wrong key, on raw keep-alive connections.
    const QByteArray body =
        orderPayload(424242, QDateTime::currentDateTimeUtc(), QStringLiteral("9.99"));
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_t.backend->http().port());
    QVERIFY(s.waitForConnected(5000));
    int answered401 = 0, other = 0;
    QByteArray buffer;
    const int n = 10000;
    for (int i = 0; i < n; ++i) {
        const QByteArray sig = shopifySignature("forger-" + QByteArray::number(i), body);
        s.write(forgedRequest(body, sig, QByteArray::number(i)));
        // Read this answer before the next request (QTRY keeps the server's loop running).
        QTRY_VERIFY_WITH_TIMEOUT((buffer += s.readAll()).contains("\r\n\r\n") &&
                                     buffer.indexOf("}", buffer.indexOf("\r\n\r\n")) > 0,
                                 5000);
        if (buffer.startsWith("HTTP/1.1 401"))
            ++answered401;
        else
            ++other;
        buffer.clear();
    }
    QCOMPARE(answered401, n);
    QCOMPARE(other, 0);
    QCOMPARE(deliveries(), 0); // nothing stored
    QVERIFY(orderByShopifyId(424242).isEmpty());
    const Reply refusals = call("GET", QStringLiteral("/api/webhooks/refusals"));
    QVERIFY(refusals.json.value(QStringLiteral("total")).toInteger() >= n);
    QCOMPARE(refusals.json.value(QStringLiteral("refusals"))
                 .toArray()
                 .last()
                 .toObject()
                 .value(QStringLiteral("reason"))
                 .toString(),
             QStringLiteral("bad signature"));
    // No signature, an unknown shop: 401 too.
    QCOMPARE(deliver(QStringLiteral("orders/create"), body, QStringLiteral("nosig"), QByteArray())
                 .status,
             401);
    QCOMPARE(sendWebhook(m_nam, m_t.base, QStringLiteral("other.myshopify.com"),
                         QStringLiteral("orders/create"), body, kSecret, QStringLiteral("x1"))
                 .status,
             401);
}

QByteArray TestShopify::forgedRequest(const QByteArray &body, const QByteArray &signature,
                                      const QByteArray &id) const
{
    return "POST /webhooks/shopify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "X-Shopify-Topic: orders/create\r\nX-Shopify-Shop-Domain: " +
           kShop.toUtf8() + "\r\nX-Shopify-Webhook-Id: forged-" + id +
           "\r\nX-Shopify-Triggered-At: " +
           QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1() +
           "\r\nX-Shopify-Hmac-Sha256: " + signature +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

void TestShopify::refusedSignaturesAreLimitedValidOnesNever()
{
    // A backend with the default limits: the per-address limit counts refused signatures only.
    // A flash sale's deliveries all pass, from an address (a proxy) a forger shares with them.
    QTemporaryDir dir;
    auto t = startTestBackend(dir.path(), "[shopify]\nreconcile_minutes=0\npoll_seconds=0\n");
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    QCOMPARE(httpCall(m_nam, t->base, "PUT", QStringLiteral("/api/shops/") + kShop,
                      QJsonDocument(QJsonObject{{QStringLiteral("webhook_secret"),
                                                 QString::fromLatin1(kSecret)}})
                          .toJson(),
                      "application/json", t->bearer.value(Role::Admin))
                 .status,
             200);
    // 1,000 valid deliveries from one address at once (the default per-address request limit
    // is 200/s with a burst of 400: it no longer applies to them).
    const QDateTime at = QDateTime::currentDateTimeUtc();
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 1000; ++i)
        replies << postWebhook(m_nam, t->base, kShop, QStringLiteral("orders/create"),
                               orderPayload(600000 + i, at, QStringLiteral("5.00")), kSecret,
                               QStringLiteral("sale-%1").arg(i));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             120000);
    int ok = 0;
    for (QNetworkReply *r : std::as_const(replies)) {
        ok += r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
        r->deleteLater();
    }
    QCOMPARE(ok, 1000);
    // Forged ones: 401 until the address's failure budget is spent, then 429 with Retry-After.
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, t->backend->http().port());
    QVERIFY(s.waitForConnected(5000));
    int answered401 = 0, answered429 = 0;
    const QByteArray body = orderPayload(424243, at, QStringLiteral("9.99"));
    for (int i = 0; i < 200; ++i) {
        s.write(
            forgedRequest(body, shopifySignature("forger", body), "lim-" + QByteArray::number(i)));
        QByteArray buffer;
        QTRY_VERIFY_WITH_TIMEOUT((buffer += s.readAll()).contains("\r\n\r\n") &&
                                     buffer.indexOf("}", buffer.indexOf("\r\n\r\n")) > 0,
                                 5000);
        answered401 += buffer.startsWith("HTTP/1.1 401");
        answered429 += buffer.startsWith("HTTP/1.1 429") && buffer.contains("Retry-After");
    }
    QCOMPARE(answered401 + answered429, 200);
    QVERIFY2(answered401 >= 30 && answered401 <= 70, qPrintable(QString::number(answered401)));
    // And a valid delivery from the same address is still taken.
    QCOMPARE(sendWebhook(m_nam, t->base, kShop, QStringLiteral("orders/create"),
                         orderPayload(601000, at, QStringLiteral("5.00")), kSecret,
                         QStringLiteral("sale-after"))
                 .status,
             200);
}

void TestShopify::rotationAcceptsThePreviousSecret()
{
    const QByteArray rotated = "shpss_rotated_secret";
    QCOMPARE(call("PUT", QStringLiteral("/api/shops/") + kShop,
                  QJsonDocument(
                      QJsonObject{{QStringLiteral("webhook_secret"), QString::fromLatin1(rotated)},
                                  {QStringLiteral("previous_webhook_secret"),
                                   QString::fromLatin1(kOldSecret)}})
                      .toJson())
                 .status,
             200);
    const QDateTime t = QDateTime::currentDateTimeUtc();
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(1001, t, QStringLiteral("10.00")), QStringLiteral("rot-1"),
                     rotated)
                 .status,
             200);
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(1002, t, QStringLiteral("10.00")), QStringLiteral("rot-2"),
                     kOldSecret)
                 .status,
             200);
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(1003, t, QStringLiteral("10.00")), QStringLiteral("rot-3"),
                     kSecret)
                 .status,
             401); // neither current nor previous any more
    // Back to the usual secret for the other tests.
    QCOMPARE(call("PUT", QStringLiteral("/api/shops/") + kShop,
                  QJsonDocument(
                      QJsonObject{{QStringLiteral("webhook_secret"), QString::fromLatin1(kSecret)},
                                  {QStringLiteral("previous_webhook_secret"), QString()}})
                      .toJson())
                 .status,
             200);
    waitProcessed();
    QVERIFY(!orderByShopifyId(1001).isEmpty());
    QVERIFY(!orderByShopifyId(1002).isEmpty());
}

void TestShopify::malformedSignedDeliveriesAreRefusedAndRecorded()
{
    const qint64 before = deliveries();
    QCOMPARE(deliver(QStringLiteral("orders/create"), "{not json", QStringLiteral("bad-1")).status,
             400);
    const WebhookReply missing = deliver(QStringLiteral("orders/create"),
                                         R"({"id":5,"currency":"EUR"})", QStringLiteral("bad-2"));
    QCOMPARE(missing.status, 400);
    QVERIFY(missing.body.contains("updated_at"));
    QCOMPARE(sendWebhook(m_nam, m_t.base, kShop, QStringLiteral("orders/create"), "{}", kSecret,
                         QString())
                 .status,
             400);                  // no webhook id
    QCOMPARE(deliveries(), before); // nothing half-written
    const QJsonArray refusals = call("GET", QStringLiteral("/api/webhooks/refusals"))
                                    .json.value(QStringLiteral("refusals"))
                                    .toArray();
    QVERIFY(refusals.last()
                .toObject()
                .value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("X-Shopify-Webhook-Id")));
    // Oversize: refused by the front before the body is read.
    QCOMPARE(deliver(QStringLiteral("orders/create"), QByteArray(5 * 1024 * 1024, ' '),
                     QStringLiteral("big"))
                 .status,
             413);
}

void TestShopify::redeliveriesAreProcessedOnce()
{
    const QByteArray body =
        orderPayload(2001, QDateTime::currentDateTimeUtc(), QStringLiteral("25.50"));
    const int created = eventCount(QStringLiteral("order.created"));
    for (int i = 0; i < 3; ++i) {
        const WebhookReply r =
            deliver(QStringLiteral("orders/create"), body, QStringLiteral("dup-1"));
        QCOMPARE(r.status, 200);
        QCOMPARE(
            QJsonDocument::fromJson(r.body).object().value(QStringLiteral("duplicate")).toBool(),
            i > 0);
    }
    // The same event under another webhook id (Shopify's X-Shopify-Event-Id) is a duplicate too.
    QCOMPARE(sendWebhook(m_nam, m_t.base, kShop, QStringLiteral("orders/create"), body, kSecret,
                         QStringLiteral("dup-2"), QStringLiteral("dup-1"))
                 .status,
             200);
    waitProcessed();
    QTRY_COMPARE_WITH_TIMEOUT(eventCount(QStringLiteral("order.created")), created + 1, 10000);
    const QJsonObject o = orderByShopifyId(2001);
    QCOMPARE(o.value(QStringLiteral("total_minor")).toInteger(), 2550);
    // The event names the order and its products, never the customer.
    const QJsonArray events =
        call("GET", QStringLiteral("/api/events?topic=order.created&limit=1000"))
            .json.value(QStringLiteral("events"))
            .toArray();
    const QJsonObject data = events.last().toObject().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("order_id")).toInteger(),
             o.value(QStringLiteral("id")).toInteger());
    QCOMPARE(data.value(QStringLiteral("line_items"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("product_id")),
             QJsonValue(632910392));
    QVERIFY(!QJsonDocument(data).toJson().contains("Lilas"));
}

void TestShopify::aDeliveryIsProcessedInItsReceiptsCommit()
{
    waitProcessed(); // earlier tests' deliveries
    const auto drains = [this] {
        return call("GET", QStringLiteral("/api/tasks?kind=shopify.process_deliveries&limit=1000"))
            .json.value(QStringLiteral("tasks"))
            .toArray()
            .size();
    };
    const qsizetype drainsBefore = drains();
    const WebhookReply r =
        deliver(QStringLiteral("orders/create"),
                orderPayload(2077, QDateTime::currentDateTimeUtc(), QStringLiteral("12.00")),
                QStringLiteral("receipt-commit-1"));
    QCOMPARE(r.status, 200);
    // Read at once, without waiting: the 200 came after the commit that stored the order.
    const QJsonObject o = orderByShopifyId(2077);
    QCOMPARE(o.value(QStringLiteral("total_minor")).toInteger(), 1200);
    QCOMPARE(deliveries(QStringLiteral("received")), 0);
    QCOMPARE(drains(), drainsBefore); // no drain task was needed
}

void TestShopify::updatedBeforeCreateAndLateDeliveries()
{
    const QDateTime t1 = QDateTime::currentDateTimeUtc().addSecs(-300);
    const QDateTime t2 = t1.addSecs(60);
    const QDateTime t3 = t1.addSecs(120);
    // orders/updated (t2) arrives before orders/create (t1).
    QCOMPARE(deliver(QStringLiteral("orders/updated"),
                     orderPayload(3001, t2, QStringLiteral("20.00")), QStringLiteral("ord-u2"))
                 .status,
             200);
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(3001, t1, QStringLiteral("10.00")), QStringLiteral("ord-c1"))
                 .status,
             200);
    waitProcessed();
    QCOMPARE(orderByShopifyId(3001).value(QStringLiteral("total_minor")).toInteger(), 2000);
    // A newer update, then a late one carrying older data.
    QCOMPARE(deliver(QStringLiteral("orders/paid"), orderPayload(3001, t3, QStringLiteral("30.00")),
                     QStringLiteral("ord-p3"))
                 .status,
             200);
    waitProcessed();
    QCOMPARE(deliver(QStringLiteral("orders/updated"),
                     orderPayload(3001, t2.addSecs(1), QStringLiteral("21.00")),
                     QStringLiteral("ord-late"))
                 .status,
             200);
    waitProcessed();
    QCOMPARE(orderByShopifyId(3001).value(QStringLiteral("total_minor")).toInteger(), 3000);
    QCOMPARE(deliveries(QStringLiteral("failed")), 0);
}

void TestShopify::productsInventoryAndUnknownTopics()
{
    const QByteArray product =
        QJsonDocument(
            QJsonObject{{QStringLiteral("id"), 632910392},
                        {QStringLiteral("title"), QStringLiteral("IPod Nano")},
                        {QStringLiteral("vendor"), QStringLiteral("Apple")},
                        {QStringLiteral("status"), QStringLiteral("active")},
                        {QStringLiteral("updated_at"),
                         QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                        {QStringLiteral("variants"),
                         QJsonArray{QJsonObject{{QStringLiteral("id"), 808950810},
                                                {QStringLiteral("sku"), QStringLiteral("IPOD-1")},
                                                {QStringLiteral("price"), QStringLiteral("199.00")},
                                                {QStringLiteral("inventory_quantity"), 10},
                                                {QStringLiteral("inventory_item_id"), 39072856}}}}})
            .toJson();
    QCOMPARE(deliver(QStringLiteral("products/create"), product, QStringLiteral("prod-1")).status,
             200);
    QCOMPARE(deliver(QStringLiteral("inventory_levels/update"),
                     R"({"inventory_item_id":39072856,"location_id":655441491,"available":3,
                         "updated_at":"2026-11-24T10:00:00Z"})",
                     QStringLiteral("inv-1"))
                 .status,
             200);
    QCOMPARE(
        deliver(QStringLiteral("themes/publish"), R"({"id":1})", QStringLiteral("theme-1")).status,
        200); // unknown: stored and acknowledged
    waitProcessed();
    QTRY_COMPARE_WITH_TIMEOUT(eventCount(QStringLiteral("product.created")), 1, 10000);
    const QJsonArray stock = call("GET", QStringLiteral("/api/events?topic=stock.updated"))
                                 .json.value(QStringLiteral("events"))
                                 .toArray();
    QCOMPARE(stock.size(), 1);
    QCOMPARE(stock.first()
                 .toObject()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("available")),
             QJsonValue(3));
    QCOMPARE(stock.first()
                 .toObject()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("variant_ids"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(deliveries(QStringLiteral("ignored")), 1);
}

void TestShopify::privacyTopicsExportAndErase()
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(4001, t, QStringLiteral("15.00"), 77001, QStringLiteral("Privé")),
                     QStringLiteral("priv-o1"))
                 .status,
             200);
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(4002, t, QStringLiteral("16.00"), 77002, QStringLiteral("Autre")),
                     QStringLiteral("priv-o2"))
                 .status,
             200);
    waitProcessed();
    const qint64 customer = orderByShopifyId(4001).value(QStringLiteral("customer_id")).toInteger();
    QVERIFY(customer > 0);

    QCOMPARE(deliver(QStringLiteral("customers/data_request"),
                     R"({"shop_id":1,"shop_domain":"lumen.myshopify.com","customer":{"id":77001,
                         "email":"jeanne@example.org"},"orders_requested":[4001],
                         "data_request":{"id":9999}})",
                     QStringLiteral("priv-dr"))
                 .status,
             200);
    waitProcessed();
    const QJsonArray requests =
        call("GET", QStringLiteral("/api/events?topic=privacy.data_request"))
            .json.value(QStringLiteral("events"))
            .toArray();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first()
                 .toObject()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("state")),
             QJsonValue(QStringLiteral("ready")));
    const Reply exported = call("GET", QStringLiteral("/api/customers/%1/export").arg(customer));
    QCOMPARE(exported.status, 200);
    QCOMPARE(exported.json.value(QStringLiteral("customer"))
                 .toObject()
                 .value(QStringLiteral("last_name")),
             QJsonValue(QStringLiteral("Privé")));
    QCOMPARE(exported.json.value(QStringLiteral("orders")).toArray().size(), 1);

    QCOMPARE(deliver(QStringLiteral("customers/redact"),
                     R"({"shop_id":1,"shop_domain":"lumen.myshopify.com","customer":{"id":77001},
                         "orders_to_redact":[4001]})",
                     QStringLiteral("priv-cr"))
                 .status,
             200);
    waitProcessed();
    const Reply after = call("GET", QStringLiteral("/api/customers/%1/export").arg(customer));
    QVERIFY(after.json.value(QStringLiteral("customer"))
                .toObject()
                .value(QStringLiteral("erased"))
                .toBool());
    QCOMPARE(
        after.json.value(QStringLiteral("customer")).toObject().value(QStringLiteral("last_name")),
        QJsonValue(QString()));
    const QJsonObject order = orderByShopifyId(4001);
    QVERIFY(order.value(QStringLiteral("shipping_address")).isNull());
    QCOMPARE(order.value(QStringLiteral("total_minor")).toInteger(), 1500); // economics kept
    // shop/redact erases every customer of the shop, once the shop has uninstalled the app
    // (Shopify sends it 48 hours after); before, it is recorded and refused.
    QCOMPARE(deliver(QStringLiteral("shop/redact"),
                     R"({"shop_id":1,"shop_domain":"lumen.myshopify.com"})",
                     QStringLiteral("priv-sr-early"))
                 .status,
             200);
    waitProcessed();
    QCOMPARE(deliveries(QStringLiteral("refused")), 1);
    QVERIFY(!orderByShopifyId(4002).value(QStringLiteral("shipping_address")).isNull());
    QCOMPARE(deliver(QStringLiteral("app/uninstalled"),
                     R"({"id":1,"name":"Lumen","myshopify_domain":"lumen.myshopify.com"})",
                     QStringLiteral("priv-un"))
                 .status,
             200);
    QCOMPARE(deliver(QStringLiteral("shop/redact"),
                     R"({"shop_id":1,"shop_domain":"lumen.myshopify.com"})",
                     QStringLiteral("priv-sr"))
                 .status,
             200);
    waitProcessed();
    QVERIFY(orderByShopifyId(4002).value(QStringLiteral("shipping_address")).isNull());
    QVERIFY(!call("GET",
                  QStringLiteral("/api/customers/%1/export")
                      .arg(orderByShopifyId(4002).value(QStringLiteral("customer_id")).toInteger()))
                 .raw.contains("Autre"));
    // Installed again, for the tests that follow.
    QCOMPARE(call("PUT", QStringLiteral("/api/shops/") + kShop, R"({"active":true})").status, 200);
}

void TestShopify::signedBodiesMustMatchTheirHeaders()
{
    // Shopify signs the body only; topic, shop and time come from headers. A captured, validly
    // signed body must not pass for another topic, another shop, or a later time.
    const QDateTime t = QDateTime::currentDateTimeUtc();
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(4101, t, QStringLiteral("12.00"), 77101, QStringLiteral("Garde")),
                     QStringLiteral("hdr-o1"))
                 .status,
             200);
    waitProcessed();
    const QByteArray product =
        R"({"id":632910392,"title":"IPod Nano","updated_at":")" + t.toString(Qt::ISODate).toUtf8() +
        R"(","variants":[{"id":808950810,"price":"199.00","sku":"IPOD-1"}]})";
    QCOMPARE(deliver(QStringLiteral("products/update"), product, QStringLiteral("hdr-p1")).status,
             200);
    // The product body replayed as shop/redact (and as customers/redact) with fresh ids.
    for (const QString &topic : {QStringLiteral("shop/redact"), QStringLiteral("customers/redact"),
                                 QStringLiteral("customers/data_request")}) {
        const WebhookReply r = deliver(topic, product, QStringLiteral("hdr-replay-") + topic);
        QCOMPARE(r.status, 400);
    }
    // A privacy body naming another shop than the header.
    QCOMPARE(deliver(QStringLiteral("customers/redact"),
                     R"({"shop_id":1,"shop_domain":"other.myshopify.com","customer":{"id":77101},
                         "orders_to_redact":[4101]})",
                     QStringLiteral("hdr-other-shop"))
                 .status,
             400);
    QCOMPARE(deliver(QStringLiteral("app/uninstalled"),
                     R"({"id":1,"myshopify_domain":"other.myshopify.com"})",
                     QStringLiteral("hdr-other-un"))
                 .status,
             400);
    // Older than Shopify's retry window, missing, or from the future.
    const auto at = [](const QDateTime &d) { return d.toString(Qt::ISODate).toLatin1(); };
    const QByteArray body =
        orderPayload(4102, t, QStringLiteral("12.00"), 0, QStringLiteral("Tard"));
    for (const QByteArray &triggered : {at(t.addSecs(-6 * 3600)), QByteArray("-"),
                                        at(t.addSecs(3600)), QByteArray("yesterday")}) {
        const WebhookReply r =
            sendWebhook(m_nam, m_t.base, kShop, QStringLiteral("orders/create"), body, kSecret,
                        QStringLiteral("hdr-late"), {}, triggered);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains("X-Shopify-Triggered-At"), r.body.constData());
    }
    // Within the window (a retry 3 hours later) it is taken.
    QCOMPARE(sendWebhook(m_nam, m_t.base, kShop, QStringLiteral("orders/create"), body, kSecret,
                         QStringLiteral("hdr-retry"), {}, at(t.addSecs(-3 * 3600)))
                 .status,
             200);
    // A privacy body with another shop id than the shop's: stored, and refused.
    QCOMPARE(deliver(QStringLiteral("customers/data_request"),
                     R"({"shop_id":1,"shop_domain":"lumen.myshopify.com","customer":{"id":77101},
                         "orders_requested":[4101],"data_request":{"id":1}})",
                     QStringLiteral("hdr-id-1"))
                 .status,
             200);
    const qint64 refusedBefore = deliveries(QStringLiteral("refused"));
    QCOMPARE(deliver(QStringLiteral("customers/redact"),
                     R"({"shop_id":2,"shop_domain":"lumen.myshopify.com","customer":{"id":77101},
                         "orders_to_redact":[4101]})",
                     QStringLiteral("hdr-id-2"))
                 .status,
             200);
    waitProcessed();
    QCOMPARE(deliveries(QStringLiteral("refused")), refusedBefore + 1);
    // Nothing of the above erased the order's customer.
    QVERIFY(orderByShopifyId(4101)
                .value(QStringLiteral("shipping_address"))
                .toObject()
                .value(QStringLiteral("name"))
                .toString()
                .contains(QStringLiteral("Garde")));
}

void TestShopify::erasedStaysErased()
{
    const QDateTime t = QDateTime::currentDateTimeUtc().addSecs(-60);
    QCOMPARE(deliver(QStringLiteral("orders/create"),
                     orderPayload(4201, t, QStringLiteral("30.00"), 77201, QStringLiteral("Oubli")),
                     QStringLiteral("er-o1"))
                 .status,
             200);
    waitProcessed();
    const QJsonObject order = orderByShopifyId(4201);
    const qint64 orderId = order.value(QStringLiteral("id")).toInteger();
    const qint64 customer = order.value(QStringLiteral("customer_id")).toInteger();
    QVERIFY(!order.value(QStringLiteral("shipping_address")).isNull());
    QCOMPARE(call("POST", QStringLiteral("/api/customers/%1/erase").arg(customer)).status, 200);
    QVERIFY(orderByShopifyId(4201).value(QStringLiteral("shipping_address")).isNull());
    const auto storedBodies = [&] {
        auto q =
            storage::exec(m_t.backend->store().reader(),
                          QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE "
                                         "shopify_order_id = 4201 AND body_purged_at IS NULL"));
        return q && q->next() ? q->value(0).toLongLong() : -1;
    };
    QCOMPARE(storedBodies(), 0); // the raw delivery that carried the address is emptied too
    // A newer signed orders/updated, with the address: processed, and the address stays gone.
    QCOMPARE(deliver(QStringLiteral("orders/updated"),
                     orderPayload(4201, t.addSecs(30), QStringLiteral("30.00"), 77201,
                                  QStringLiteral("Oubli")),
                     QStringLiteral("er-u1"))
                 .status,
             200);
    waitProcessed();
    QVERIFY(orderByShopifyId(4201).value(QStringLiteral("shipping_address")).isNull());
    QCOMPARE(storedBodies(), 0);
    // An operator's edit cannot put one back. (Reconciliation: reconciliationFillsAMissedOrder.)
    const Reply put = call("PUT", QStringLiteral("/api/orders/%1").arg(orderId),
                           R"({"shipping_address":{"name":"X Y","address1":"1 rue",)"
                           R"("city":"Paris","zip":"75001","country_code":"FR"}})");
    QCOMPARE(put.status, 409);
    QVERIFY(orderByShopifyId(4201).value(QStringLiteral("shipping_address")).isNull());
}

void TestShopify::retentionEmptiesOldPayloads()
{
    // Processed deliveries and finished tasks older than the retention (30 days by default)
    // have their payloads emptied; rows stay. "Now" is moved instead of waiting a month.
    const auto count = [&](const QString &sql) {
        auto q = storage::exec(m_t.backend->store().reader(), sql);
        return q && q->next() ? q->value(0).toLongLong() : -1;
    };
    const qint64 deliveriesBefore =
        count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries"));
    QVERIFY(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE body_purged_at IS "
                                 "NULL AND state NOT IN ('received', 'processing')")) > 0);
    auto none = m_t.backend->applyRetention(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(none);
    QCOMPARE(none->total(), 0); // nothing is a month old yet
    auto purged = m_t.backend->applyRetention(
        QDateTime::currentDateTimeUtc().addDays(31).toMSecsSinceEpoch());
    QVERIFY(purged);
    QVERIFY(purged->deliveries > 0);
    QVERIFY(purged->tasks > 0);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE body_purged_at IS "
                                  "NULL AND state NOT IN ('received', 'processing')")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE state IN ('succeeded', "
                                  "'cancelled') AND purged_at IS NULL")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE purged_at IS NOT NULL AND "
                                  "(input <> '{}' OR result IS NOT NULL)")),
             0);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), deliveriesBefore);
}

void TestShopify::fulfillmentReachesShopifyWithinTheThrottle()
{
    // A small bucket: 40 points, 20 restored per second, 10 per call. Each fulfillment costs
    // two calls: five in a row must wait for the bucket rather than be throttled.
    m_fake->setThrottle(40, 20, 10);
    const QDateTime t = QDateTime::currentDateTimeUtc();
    for (qint64 id = 5001; id <= 5005; ++id)
        m_fake->addOrder(id, t, 1000);
    const int callsBefore = m_fake->calls().size();
    QElapsedTimer clock;
    clock.start();
    for (qint64 id = 5001; id <= 5005; ++id) {
        const Reply r = httpCall(
            m_nam, m_t.base, "POST", QStringLiteral("/api/agents/shopify/action?wait=30"),
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("action"), QStringLiteral("create_fulfillment")},
                    {QStringLiteral("input"),
                     QJsonObject{
                         {QStringLiteral("shop"), kShop},
                         {QStringLiteral("shopify_order_id"), QString::number(id)},
                         {QStringLiteral("tracking_company"), QStringLiteral("Cainiao")},
                         {QStringLiteral("tracking_number"), QStringLiteral("LP%1").arg(id)},
                         {QStringLiteral("tracking_url"),
                          QStringLiteral("https://t.example/LP%1").arg(id)}}}})
                .toJson(),
            "application/json", m_t.bearer.value(Role::Admin)); // an action for orders.sensitive
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json.value(QStringLiteral("state")).toString() == QLatin1String("succeeded"),
                 r.raw.constData());
    }
    QCOMPARE(m_fake->fulfillments().size(), 5);
    const QJsonObject last = m_fake->fulfillments().last().toObject();
    QCOMPARE(last.value(QStringLiteral("trackingInfo"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("number")),
             QJsonValue(QStringLiteral("LP5005")));
    QCOMPARE(last.value(QStringLiteral("notifyCustomer")), QJsonValue(true));
    QCOMPARE(m_fake->calls().size() - callsBefore, 10);
    QCOMPARE(m_fake->throttledAnswers(), 0); // the client waited for the budget instead
    QVERIFY(clock.elapsed() >= 1500);        // 100 points through a 40-point bucket at 20/s
    m_fake->setThrottle(1000, 50, 10);
}

void TestShopify::apiErrorsBecomeHealth()
{
    m_fake->addOrder(6001, QDateTime::currentDateTimeUtc(), 500);
    auto getOrder = [&] {
        return httpCall(
            m_nam, m_t.base, "POST", QStringLiteral("/api/agents/shopify/action?wait=30"),
            QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("get_order")},
                                      {QStringLiteral("input"),
                                       QJsonObject{{QStringLiteral("shop"), kShop},
                                                   {QStringLiteral("shopify_order_id"),
                                                    QStringLiteral("6001")}}}})
                .toJson(),
            "application/json", m_t.bearer.value(Role::Admin)); // personal.read: the whole order
    };
    // 429 with Retry-After, then a 500, then THROTTLED: all retried, then success.
    m_fake->force({429, "1", {}});
    m_fake->force({500, {}, {}});
    m_fake->force({200, {}, QStringLiteral("THROTTLED")});
    QElapsedTimer clock;
    clock.start();
    Reply r = getOrder();
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QVERIFY(clock.elapsed() >= 1000); // Retry-After honoured
    QCOMPARE(r.json.value(QStringLiteral("result")).toObject().value(QStringLiteral("name")),
             QJsonValue(QStringLiteral("#6001")));
    auto health = [&] {
        return call("GET", QStringLiteral("/api/shops"))
            .json.value(QStringLiteral("shops"))
            .toArray()
            .first()
            .toObject();
    };
    QTRY_COMPARE(health().value(QStringLiteral("health")).toString(), QStringLiteral("ok"));
    // A missing scope and a revoked token fail at once (no retries) and show as health.
    m_fake->force({200, {}, QStringLiteral("ACCESS_DENIED")});
    r = getOrder();
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    QCOMPARE(r.json.value(QStringLiteral("error_code")).toString(),
             QStringLiteral("shopify_forbidden"));
    QTRY_COMPARE(health().value(QStringLiteral("health")).toString(),
                 QStringLiteral("missing_scope"));
    m_fake->setToken("another-token");
    r = getOrder();
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    QTRY_COMPARE(health().value(QStringLiteral("health")).toString(),
                 QStringLiteral("unauthorized"));
    m_fake->setToken(kToken);
}

void TestShopify::reconciliationFillsAMissedOrder()
{
    // An order Shopify never delivered by webhook; and a newer version of an order whose
    // personal data was erased (erasedStaysErased), with its address.
    m_fake->addOrder(7001, QDateTime::currentDateTimeUtc().addSecs(-120), 4200);
    m_fake->addOrder(4201, QDateTime::currentDateTimeUtc().addSecs(-1), 3100);
    QVERIFY(orderByShopifyId(7001).isEmpty());
    const Reply r = call("POST", QStringLiteral("/api/shops/%1/reconcile").arg(kShop));
    QCOMPARE(r.status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(!orderByShopifyId(7001).isEmpty(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(
        orderByShopifyId(4201).value(QStringLiteral("total_minor")).toInteger(), qint64(3100),
        20000);
    QVERIFY(orderByShopifyId(4201).value(QStringLiteral("shipping_address")).isNull());
    const QJsonObject o = orderByShopifyId(7001);
    QCOMPARE(o.value(QStringLiteral("total_minor")).toInteger(), 4200);
    QCOMPARE(o.value(QStringLiteral("shipping_country")).toString(), QStringLiteral("PT"));
    QTRY_VERIFY_WITH_TIMEOUT(call("GET", QStringLiteral("/api/shops"))
                                 .json.value(QStringLiteral("shops"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("last_reconciled_at"))
                                 .isString(),
                             10000);
    const QJsonObject shop = call("GET", QStringLiteral("/api/shops"))
                                 .json.value(QStringLiteral("shops"))
                                 .toArray()
                                 .first()
                                 .toObject();
    QVERIFY(shop.value(QStringLiteral("last_reconcile_found")).toInt() >= 1);
    QCOMPARE(shop.value(QStringLiteral("last_reconcile_error")).toString(), QString());
    QCOMPARE(eventCount(QStringLiteral("shopify.reconciled")), 1);
}

void TestShopify::processingCanBeHeldAndResumed()
{
    // [shopify] process_webhooks=false: deliveries are accepted and stored, not processed;
    // with it back on, the next start processes them.
    QTemporaryDir dir;
    qputenv("DROPCREW_SHOPIFY_SECRET", "held-secret");
    auto held = startTestBackend(dir.path(), "[shopify]\nprocess_webhooks=false\n");
    QVERIFY2(held, qPrintable(held ? QString() : held.error()));
    const QByteArray body =
        orderPayload(8001, QDateTime::currentDateTimeUtc(), QStringLiteral("12.00"));
    QCOMPARE(sendWebhook(m_nam, held->base, QStringLiteral("held.myshopify.com"),
                         QStringLiteral("orders/create"), body, "held-secret",
                         QStringLiteral("held-1"))
                 .status,
             200);
    const QByteArray admin = held->bearer.value(Role::Admin);
    auto count = [&](const QString &base, const QString &path) {
        return httpCall(m_nam, base, "GET", path, {}, "application/json", admin)
            .json
            .value(path.startsWith(QLatin1String("/api/orders")) ? QStringLiteral("orders")
                                                                 : QStringLiteral("deliveries"))
            .toArray()
            .size();
    };
    QCOMPARE(count(held->base, QStringLiteral("/api/webhooks/deliveries?state=received")), 1);
    QCOMPARE(count(held->base, QStringLiteral("/api/orders?shopify_order_id=8001")), 0);
    held->backend.reset();

    QFile::remove(dir.filePath(QStringLiteral("dropcrew.ini")));
    auto resumed = startTestBackend(dir.path());
    QVERIFY2(resumed, qPrintable(resumed ? QString() : resumed.error()));
    QTRY_COMPARE_WITH_TIMEOUT(httpCall(m_nam, resumed->base, "GET",
                                       QStringLiteral("/api/orders?shopify_order_id=8001"), {},
                                       "application/json", resumed->bearer.value(Role::Admin))
                                  .json.value(QStringLiteral("orders"))
                                  .toArray()
                                  .size(),
                              1, 20000);
    resumed->backend.reset();
    qunsetenv("DROPCREW_SHOPIFY_SECRET");
}

QTEST_GUILESS_MAIN(TestShopify)
#include "tst_shopify.moc"
