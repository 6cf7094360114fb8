// SPDX-License-Identifier: GPL-3.0-or-later
// Connecting a Shopify store against the Shopify fake: the token's scopes checked on connect and
// on demand (what is missing named, in the answer and the shop's health), webhook subscriptions
// registered at the public URL, listed and repaired (one missing, one pointing elsewhere) and
// removed with the shop, and polling without a public URL catching an order no webhook
// announced (stored once, its workflow run once, a later pass adding nothing) and a product.
#include "orderfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace dc;
using namespace dc::test;

class TestShopConnect : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void scopesAreCheckedAndMissingOnesNamed();
    void webhooksAreRegisteredListedAndRepaired();
    void pollingCatchesAnOrderOnce();
    void removingTheShopRemovesItsWebhooks();

private:
    QJsonObject shop();
    Reply put(const QJsonObject &body)
    {
        return call("PUT", QStringLiteral("/api/shops/") + kShop, QJsonDocument(body).toJson());
    }
    // {topic: status} of GET /api/shops/{domain}/webhooks
    QHash<QString, QString> webhookStatuses(QJsonObject *report = nullptr);
    // The fake's subscriptions to our callback URL, per topic.
    QHash<QString, int> oursAtShopify();
    QString callbackUrl() const { return m_t.base + QStringLiteral("/webhooks/shopify"); }
};

void TestShopConnect::init()
{
    // Polling every second: the passes the tests wait for come quickly.
    auto s = setUp(1, "reconcile_minutes=0\npoll_seconds=1\n");
    QVERIFY2(s, qPrintable(s ? QString() : s.error()));
    // A bucket that refills as fast as passes spend it (each asks for a page of products with
    // their variants, about 830 points).
    m_shopify->setThrottle(20000, 20000, 10);
}

void TestShopConnect::cleanup()
{
    tearDown();
}

QJsonObject TestShopConnect::shop()
{
    for (const QJsonValue &v :
         call("GET", QStringLiteral("/api/shops")).json.value(QStringLiteral("shops")).toArray())
        if (v.toObject().value(QStringLiteral("domain")).toString() == kShop)
            return v.toObject();
    return {};
}

QHash<QString, QString> TestShopConnect::webhookStatuses(QJsonObject *report)
{
    const Reply r = call("GET", QStringLiteral("/api/shops/%1/webhooks").arg(kShop));
    if (report)
        *report = r.json;
    QHash<QString, QString> out;
    for (const QJsonValue &v : r.json.value(QStringLiteral("topics")).toArray())
        out.insert(v.toObject().value(QStringLiteral("topic")).toString(),
                   v.toObject().value(QStringLiteral("status")).toString());
    return out;
}

QHash<QString, int> TestShopConnect::oursAtShopify()
{
    QHash<QString, int> out;
    for (const QJsonValue &v : m_shopify->subscriptions())
        if (v.toObject().value(QStringLiteral("callbackUrl")).toString() == callbackUrl())
            ++out[v.toObject().value(QStringLiteral("topic")).toString()];
    return out;
}

void TestShopConnect::scopesAreCheckedAndMissingOnesNamed()
{
    // The connection made when the token was given read the scopes: all there.
    QTRY_VERIFY_WITH_TIMEOUT(shop()
                                 .value(QStringLiteral("scopes"))
                                 .toObject()
                                 .value(QStringLiteral("checked_at"))
                                 .isString(),
                             20000);
    QCOMPARE(shop().value(QStringLiteral("scopes")).toObject().value(QStringLiteral("missing")),
             QJsonArray());
    QTRY_COMPARE(shop().value(QStringLiteral("health")).toString(), QStringLiteral("ok"));

    // A token without stock, locations and fulfillment orders; write_products alone stands
    // for read_products.
    m_shopify->setScopes({QStringLiteral("read_orders"), QStringLiteral("write_orders"),
                          QStringLiteral("read_customers"), QStringLiteral("write_products"),
                          QStringLiteral("read_inventory"), QStringLiteral("write_fulfillments")});
    Reply r = call("POST", QStringLiteral("/api/shops/%1/check").arg(kShop));
    QCOMPARE(r.status, 200);
    const QJsonArray missing =
        r.json.value(QStringLiteral("scopes")).toObject().value(QStringLiteral("missing")).toArray();
    QCOMPARE(missing, (QJsonArray{QStringLiteral("write_inventory"),
                                  QStringLiteral("read_locations"),
                                  QStringLiteral("write_merchant_managed_fulfillment_orders")}));
    const QJsonObject warning =
        r.json.value(QStringLiteral("warnings")).toArray().first().toObject();
    QCOMPARE(warning.value(QStringLiteral("field")).toString(), QStringLiteral("scopes"));
    QVERIFY2(warning.value(QStringLiteral("reason"))
                 .toString()
                 .contains(QStringLiteral("write_inventory (setting stock in Shopify")),
             qPrintable(warning.value(QStringLiteral("reason")).toString()));
    QCOMPARE(r.json.value(QStringLiteral("health")).toString(), QStringLiteral("missing_scope"));
    // The shop's health says so, and a successful poll afterwards does not hide it.
    const QString polled = shop().value(QStringLiteral("last_polled_at")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(shop().value(QStringLiteral("last_polled_at")).toString() != polled,
                             20000);
    const QJsonObject s = shop();
    QCOMPARE(s.value(QStringLiteral("health")).toString(), QStringLiteral("missing_scope"));
    QVERIFY2(s.value(QStringLiteral("health_detail")).toString().contains(
                 QStringLiteral("read_locations")),
             qPrintable(s.value(QStringLiteral("health_detail")).toString()));

    // Granted again: nothing missing, healthy.
    m_shopify->setScopes({QStringLiteral("read_orders"), QStringLiteral("write_orders"),
                          QStringLiteral("read_customers"), QStringLiteral("write_products"),
                          QStringLiteral("write_inventory"), QStringLiteral("read_locations"),
                          QStringLiteral("write_fulfillments"),
                          QStringLiteral("write_merchant_managed_fulfillment_orders")});
    r = call("POST", QStringLiteral("/api/shops/%1/check").arg(kShop));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("warnings")).toArray().size(), 0);
    QCOMPARE(r.json.value(QStringLiteral("health")).toString(), QStringLiteral("ok"));

    // A revoked token: Shopify's refusal, and the shop's health.
    m_shopify->setToken("shpat_someone_else");
    r = call("POST", QStringLiteral("/api/shops/%1/check").arg(kShop));
    QCOMPARE(r.status, 502);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("SHOPIFY_AUTH"));
    QTRY_COMPARE(shop().value(QStringLiteral("health")).toString(),
                 QStringLiteral("unauthorized"));
    QCOMPARE(call("POST", QStringLiteral("/api/shops/nowhere.myshopify.com/check")).status, 404);
}

void TestShopConnect::webhooksAreRegisteredListedAndRepaired()
{
    // No public URL: the shop is polled, there is nothing to register.
    QCOMPARE(shop().value(QStringLiteral("mode")).toString(), QStringLiteral("polling"));
    QVERIFY(shop().value(QStringLiteral("webhook_url")).isNull());
    QJsonObject report;
    const auto polled = webhookStatuses(&report);
    QCOMPARE(report.value(QStringLiteral("mode")).toString(), QStringLiteral("polling"));
    QCOMPARE(polled.value(QStringLiteral("orders/create")), QStringLiteral("polling"));
    Reply r = call("POST", QStringLiteral("/api/shops/%1/webhooks/repair").arg(kShop));
    QCOMPARE(r.status, 409);
    QCOMPARE(r.json.value(QStringLiteral("code")).toString(), QStringLiteral("NO_PUBLIC_URL"));

    // Another subscription of the app, on a topic DropCrew does not use: left alone.
    m_shopify->addSubscription(QStringLiteral("CARTS_CREATE"),
                               QStringLiteral("https://crm.example/carts"));
    // A public URL: connecting registers every topic there.
    r = put({{QStringLiteral("public_url"), m_t.base}});
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.value(QStringLiteral("connect_task_id")).toInteger() > 0);
    QCOMPARE(r.json.value(QStringLiteral("mode")).toString(), QStringLiteral("webhooks"));
    QCOMPARE(r.json.value(QStringLiteral("webhook_url")).toString(), callbackUrl());
    QTRY_COMPARE_WITH_TIMEOUT(oursAtShopify().size(), 10, 20000);
    QHash<QString, QString> statuses = webhookStatuses(&report);
    QCOMPARE(statuses.size(), 10);
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        QVERIFY2(it.value() == QLatin1String("ok"), qPrintable(it.key() + u' ' + it.value()));
    QCOMPARE(report.value(QStringLiteral("other_subscriptions")).toArray().size(), 1);
    QCOMPARE(report.value(QStringLiteral("other_subscriptions"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("graphql_topic"))
                 .toString(),
             QStringLiteral("CARTS_CREATE"));
    QCOMPARE(report.value(QStringLiteral("privacy_topics")).toArray().size(), 3);
    QVERIFY(report.value(QStringLiteral("privacy_note")).toString().contains(callbackUrl()));

    // One deleted at Shopify, one pointing elsewhere (an old public URL).
    for (const QJsonValue &v : m_shopify->subscriptions()) {
        const QJsonObject s = v.toObject();
        const QString topic = s.value(QStringLiteral("topic")).toString();
        if (topic == QLatin1String("ORDERS_CREATE"))
            m_shopify->removeSubscription(s.value(QStringLiteral("id")).toString());
        else if (topic == QLatin1String("PRODUCTS_UPDATE"))
            m_shopify->setSubscriptionUrl(s.value(QStringLiteral("id")).toString(),
                                          QStringLiteral("https://old.example/webhooks/shopify"));
    }
    statuses = webhookStatuses();
    QCOMPARE(statuses.value(QStringLiteral("orders/create")), QStringLiteral("missing"));
    QCOMPARE(statuses.value(QStringLiteral("products/update")), QStringLiteral("wrong_url"));
    QCOMPARE(statuses.value(QStringLiteral("orders/updated")), QStringLiteral("ok"));

    r = call("POST", QStringLiteral("/api/shops/%1/webhooks/repair").arg(kShop));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("created")).toArray(),
             QJsonArray{QStringLiteral("orders/create")});
    QCOMPARE(r.json.value(QStringLiteral("updated")).toArray(),
             QJsonArray{QStringLiteral("products/update")});
    for (const QJsonValue &v : r.json.value(QStringLiteral("webhooks"))
                                   .toObject()
                                   .value(QStringLiteral("topics"))
                                   .toArray())
        QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    // Each topic once at our URL, the other subscription still there; a second repair does
    // nothing.
    const QHash<QString, int> ours = oursAtShopify();
    QCOMPARE(ours.size(), 10);
    for (int n : ours)
        QCOMPARE(n, 1);
    QCOMPARE(m_shopify->subscriptions().size(), 11);
    r = call("POST", QStringLiteral("/api/shops/%1/webhooks/repair").arg(kShop));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("created")).toArray().size(), 0);
    QCOMPARE(r.json.value(QStringLiteral("updated")).toArray().size(), 0);
    QCOMPARE(m_shopify->subscriptions().size(), 11);

    // Public URLs are https (http only to this machine).
    r = put({{QStringLiteral("public_url"), QStringLiteral("http://shop.example.net")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.value(QStringLiteral("errors")).toArray().first().toObject().value(
                 QStringLiteral("field")),
             QStringLiteral("public_url"));
}

void TestShopConnect::pollingCatchesAnOrderOnce()
{
    QCOMPARE(shop().value(QStringLiteral("mode")).toString(), QStringLiteral("polling"));
    QTRY_VERIFY_WITH_TIMEOUT(shop().value(QStringLiteral("last_polled_at")).isString(), 20000);
    // An order Shopify has and announced to nobody: no webhook.
    const QDateTime updated = QDateTime::currentDateTimeUtc().addSecs(-5);
    m_shopify->addOrderOf(9001, updated, 4000, 632910392, 808950810, QStringLiteral("IPOD-1"));
    const auto stored = [this] {
        return call("GET", QStringLiteral("/api/orders?shopify_order_id=9001"))
            .json.value(QStringLiteral("orders"))
            .toArray();
    };
    QTRY_COMPARE_WITH_TIMEOUT(stored().size(), 1, 20000);
    const qint64 id = stored().first().toObject().value(QStringLiteral("id")).toInteger();
    const QString key = QStringLiteral("order:%1").arg(id);
    // Its workflow runs, as for a webhook, to the supplier order.
    QTRY_COMPARE_WITH_TIMEOUT(runFor(QStringLiteral("order_processing_workflow"), key)
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 30000);
    QCOMPARE(m_ae->orders().size(), 1);

    // Later passes read it again (within their overlap) and change nothing.
    for (int pass = 0; pass < 2; ++pass) {
        const QString before = shop().value(QStringLiteral("last_polled_at")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(shop().value(QStringLiteral("last_polled_at")).toString() !=
                                     before,
                                 20000);
    }
    const QJsonObject s = shop();
    QCOMPARE(s.value(QStringLiteral("last_poll_error")).toString(), QString());
    QCOMPARE(QDateTime::fromString(s.value(QStringLiteral("polled_through"))
                                       .toObject()
                                       .value(QStringLiteral("orders"))
                                       .toString(),
                                   Qt::ISODateWithMs),
             QDateTime::fromString(updated.toString(Qt::ISODate), Qt::ISODate));
    QCOMPARE(stored().size(), 1);
    QCOMPARE(events(QStringLiteral("order.created")), 1);
    int runs = 0;
    for (const QJsonValue &v :
         call("GET", QStringLiteral("/api/workflows/order_processing_workflow/runs"))
             .json.value(QStringLiteral("runs"))
             .toArray())
        runs += v.toObject().value(QStringLiteral("key")).toString() == key ? 1 : 0;
    QCOMPARE(runs, 1);
    QCOMPARE(m_ae->orders().size(), 1);

    // Products too, as the catalog import stores them: two changed now, and a later pass
    // asks only for what changed after them.
    const QDateTime changed =
        QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch() - 10, Qt::UTC);
    m_shopify->setCatalog(2, 3, 2, changed);
    const auto catalog = [this] {
        return call("GET", QStringLiteral("/api/products?q=Catalog%20product"))
            .json.value(QStringLiteral("products"))
            .toArray();
    };
    QTRY_COMPARE_WITH_TIMEOUT(catalog().size(), 2, 20000);
    QCOMPARE(catalog().first().toObject().value(QStringLiteral("variants")).toArray().size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(shop()
                                  .value(QStringLiteral("polled_through"))
                                  .toObject()
                                  .value(QStringLiteral("products"))
                                  .toString(),
                              changed.addSecs(1).toString(Qt::ISODateWithMs), 20000);
    QCOMPARE(events(QStringLiteral("product.created")), 2);
    QCOMPARE(events(QStringLiteral("product.updated")), 0);
}

void TestShopConnect::removingTheShopRemovesItsWebhooks()
{
    m_shopify->addSubscription(QStringLiteral("CARTS_CREATE"),
                               QStringLiteral("https://crm.example/carts"));
    QCOMPARE(put({{QStringLiteral("public_url"), m_t.base}}).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(oursAtShopify().size(), 10, 20000);

    Reply r = call("DELETE", QStringLiteral("/api/shops/") + kShop);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("webhooks_removed")).toInt(), 10);
    QVERIFY(!r.json.contains(QStringLiteral("webhooks_error")));
    QCOMPARE(m_shopify->subscriptions().size(), 1); // the other app's use stays
    QVERIFY(shop().isEmpty());
    QCOMPARE(call("DELETE", QStringLiteral("/api/shops/") + kShop).status, 404);
    // Its secrets went with it.
    r = put({{QStringLiteral("currency"), QStringLiteral("EUR")}});
    QCOMPARE(r.status, 200);
    QVERIFY(!r.json.value(QStringLiteral("has_access_token")).toBool());
    QVERIFY(!r.json.contains(QStringLiteral("connect_task_id")));
}

QTEST_GUILESS_MAIN(TestShopConnect)
#include "tst_shopconnect.moc"
