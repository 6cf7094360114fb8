// SPDX-License-Identifier: GPL-3.0-or-later
// The Order Manager end to end, through the shipped workflows, against a fake Shopify and a
// fake AliExpress: a signed orders/create webhook becomes a stored order, validated, checked
// for stock, ordered from AliExpress once, tracked, fulfilled on Shopify with its tracking and
// shipped. Each failure path has its own case: out of stock (backup supplier), an incomplete
// address (held, notify_admin), a low margin (held until an operator approves), an AliExpress
// timeout after the order was really created (no duplicate), and a refund. Supplier stock
// reaches the storefront: a shortage and its end set the Shopify inventory.
#include "orderfixture.h"

#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;
using security::Role;

class TestOrderManager : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void shippedWorkflowsLoad();
    void webhookToShippedEndToEnd();
    void dashboardAggregatesOrdersAndMargin();
    void outOfStockUsesTheBackupSupplier();
    void noSupplierStockFailsNamingTheProduct();
    void manualOrderOfACatalogVariantIsPlaced();
    void replacementIsPlacedAgainAtNoCharge();
    void incompleteAddressHoldsAndNotifies();
    void lowMarginHoldsUntilApproved();
    void timeoutAfterCreationNeverDuplicates();
    void refundRequestRefundsOnShopify();
    void aRefundWhoseAnswerWasLostIsMadeOnce();
    void stockAlertAndTrackingSyncWorkflows();
    void supplierStockReachesTheStorefront();
    void profitabilityPerProductSupplierAndDay();
    void profitabilityRefusesBadQueries();
    void supplierScoresAndDeliveryEstimates();

private:
    // The report's row of the group `key` (a product or supplier id, or a day), empty if none.
    static QJsonObject reportRow(const Reply &r, const QString &key)
    {
        for (const QJsonValue &v : r.json.value(QStringLiteral("rows")).toArray())
            if (v.toObject().value(QStringLiteral("key")).toString() == key)
                return v.toObject();
        return {};
    }
    // An order of the variant and a supplier order of it from `supplier`, placed 20 days ago
    // and delivered `days` later (failed instead when days < 0): the history a score needs.
    void addHistory(qint64 supplier, int days);
    // The AliExpress product of the first supplier order's first line.
    QString firstPlacedProduct() const
    {
        return m_ae->orders()
            .first()
            .request.value(QStringLiteral("product_items"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("product_id"))
            .toString();
    }
};

void TestOrderManager::init()
{
    auto up = setUp();
    QVERIFY2(up, qPrintable(up ? QString() : up.error()));
}

void TestOrderManager::cleanup()
{
    tearDown();
}

void TestOrderManager::shippedWorkflowsLoad()
{
    const Reply r = call("GET", QStringLiteral("/api/workflows"));
    QStringList names;
    for (const QJsonValue &w : r.json.value(QStringLiteral("workflows")).toArray())
        names << w.toObject().value(QStringLiteral("name")).toString();
    for (const QString &n :
         {QStringLiteral("order_processing_workflow"), QStringLiteral("order_fulfillment"),
          QStringLiteral("tracking_sync"), QStringLiteral("profitability_analysis"),
          QStringLiteral("content_update"), QStringLiteral("stock_alert_workflow"),
          QStringLiteral("stock_restored_workflow"), QStringLiteral("refund"),
          QStringLiteral("order_cancellation")})
        QVERIFY2(names.contains(n),
                 qPrintable(n + QStringLiteral(" missing from ") + names.join(u',')));
    // Every action declares its schemas and errors.
    const Reply agents = call("GET", QStringLiteral("/api/agents"));
    int actions = 0;
    for (const QJsonValue &a : agents.json.value(QStringLiteral("agents")).toArray())
        for (const QJsonValue &act : a.toObject().value(QStringLiteral("actions")).toArray()) {
            ++actions;
            QVERIFY(act.toObject().value(QStringLiteral("output_schema")).isObject());
            QVERIFY(act.toObject().value(QStringLiteral("errors")).isArray());
        }
    QVERIFY(actions >= 20);
    QVERIFY(agents.raw.contains("\"LOW_MARGIN\""));
}

void TestOrderManager::webhookToShippedEndToEnd()
{
    const qint64 id = sendOrder(5001, QStringLiteral("40.00"));
    QVERIFY(id > 0);
    const QString key = QStringLiteral("order:%1").arg(id);
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"), key))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    QCOMPARE(m_ae->orders().size(), 1);
    const FakeAliExpress::Order placed = m_ae->orders().first();
    QCOMPARE(placed.outOrderId, QStringLiteral("DC%1S%2").arg(id).arg(m_supplier));
    const QJsonObject item =
        placed.request.value(QStringLiteral("product_items")).toArray().at(0).toObject();
    QCOMPARE(item.value(QStringLiteral("product_id")).toString(), QStringLiteral("1005001"));
    // Named by the attribute string AliExpress lists for it (the offer names only the id).
    QCOMPARE(item.value(QStringLiteral("sku_attr")).toString(), QStringLiteral("14:sku-a"));
    QCOMPARE(item.value(QStringLiteral("product_count")).toInt(), 1);
    QCOMPARE(placed.request.value(QStringLiteral("logistics_address"))
                 .toObject()
                 .value(QStringLiteral("city"))
                 .toString(),
             QStringLiteral("Lille"));
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("supplier_ordered"));
    const QJsonObject prepared = step(run, QStringLiteral("prepare_supplier_order"))
                                     .value(QStringLiteral("output"))
                                     .toObject();
    QCOMPARE(prepared.value(QStringLiteral("cost_minor")).toInteger(), 1200);
    QCOMPARE(prepared.value(QStringLiteral("fees_minor")).toInteger(), 30 + 116);
    QCOMPARE(prepared.value(QStringLiteral("margin_minor")).toInteger(), 4000 - 1200 - 300 - 146);
    QCOMPARE(step(run, QStringLiteral("notify_customer")).value(QStringLiteral("state")).toString(),
             QStringLiteral("succeeded"));
    const Reply so = call("GET", QStringLiteral("/api/orders/%1/supplier-orders").arg(id));
    QCOMPARE(so.json.value(QStringLiteral("supplier_orders"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("supplier_order_id"))
                 .toString(),
             placed.id);
    QVERIFY(events(QStringLiteral("order.updated")) >= 2); // validated, supplier_ordered

    // Submitting again (a replayed step) lands on the same AliExpress order.
    const Reply again = call(
        "POST", QStringLiteral("/api/agents/order_manager/action?wait=20"),
        QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("submit_to_supplier")},
                                  {QStringLiteral("input"),
                                   QJsonObject{{QStringLiteral("prepared_order"), prepared}}}})
            .toJson());
    QCOMPARE(again.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(m_ae->orders().size(), 1);

    // The supplier ships; the tracking sync finds the parcel.
    m_ae->ship(placed.id, QStringLiteral("Cainiao"), QStringLiteral("LP00123456"));
    const Reply sync = call("POST", QStringLiteral("/api/agents/order_manager/action?wait=20"),
                            R"({"action":"sync_tracking","input":{}})");
    QCOMPARE(sync.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(sync.json.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("new_shipments"))
                 .toInt(),
             1);
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("shipped"), 20000);
    const QJsonArray fulfillments = m_shopify->fulfillments();
    QCOMPARE(fulfillments.size(), 1);
    const QJsonObject tracking = fulfillments.at(0)
                                     .toObject()
                                     .value(QStringLiteral("trackingInfo"))
                                     .toArray()
                                     .at(0)
                                     .toObject();
    QCOMPARE(tracking.value(QStringLiteral("number")).toString(), QStringLiteral("LP00123456"));
    QCOMPARE(tracking.value(QStringLiteral("company")).toString(), QStringLiteral("Cainiao"));
    QVERIFY(fulfillments.at(0).toObject().value(QStringLiteral("notifyCustomer")).toBool());
    QCOMPARE(events(QStringLiteral("order.shipped")), 1);
    QCOMPARE(events(QStringLiteral("shipment.created")), 1);

    // A second sync finds nothing new; delivery closes the order.
    m_ae->deliver(placed.id);
    const Reply sync2 = call("POST", QStringLiteral("/api/agents/order_manager/action?wait=20"),
                             R"({"action":"sync_tracking","input":{}})");
    QCOMPARE(sync2.json.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("new_shipments"))
                 .toInt(),
             0);
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    QCOMPARE(m_shopify->fulfillments().size(), 1);
    // Every transition is in the audit chain.
    auto audit = m_t.backend->audit().list(m_t.backend->store().reader(), 0, 1000);
    QVERIFY(audit);
    int transitions = 0;
    for (const auto &e : *audit)
        transitions += e.action == QLatin1String("order.transition") &&
                       e.target == QStringLiteral("order:%1").arg(id);
    QCOMPARE(transitions, 4); // validated, supplier_ordered, shipped, delivered
}

void TestOrderManager::dashboardAggregatesOrdersAndMargin()
{
    // One order through the supplier: every window counts it once, with the Order Manager's margin.
    const QString before = QDateTime::currentDateTimeUtc().addMSecs(-1).toString(Qt::ISODateWithMs);
    const qint64 id = sendOrder(5101, QStringLiteral("40.00"));
    QVERIFY(id > 0);
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"),
                                            QStringLiteral("order:%1").arg(id)))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    const QJsonObject prepared = step(run, QStringLiteral("prepare_supplier_order"))
                                     .value(QStringLiteral("output"))
                                     .toObject();
    const qint64 margin = prepared.value(QStringLiteral("margin_minor")).toInteger();
    QVERIFY(margin > 0);

    for (const QString &query : {QStringLiteral("?bucket=hour&count=3"),
                                 QStringLiteral("?bucket=day&count=2"), QString()}) {
        const Reply d = call("GET", QStringLiteral("/api/dashboard") + query);
        QVERIFY2(d.status == 200, d.raw.constData());
        const QJsonArray buckets = d.json.value(QStringLiteral("buckets")).toArray();
        QCOMPARE(buckets.size(), query.isEmpty() ? 24 : query.endsWith(u'3') ? 3 : 2);
        qint64 orders = 0, revenue = 0, marginSum = 0, sourced = 0, succeeded = 0;
        for (const QJsonValue &v : buckets) {
            const QJsonObject b = v.toObject();
            orders += b.value(QStringLiteral("orders")).toInteger();
            const QJsonObject eur =
                b.value(QStringLiteral("money")).toObject().value(QStringLiteral("EUR")).toObject();
            revenue += eur.value(QStringLiteral("revenue_minor")).toInteger();
            marginSum += eur.value(QStringLiteral("margin_minor")).toInteger();
            sourced += eur.value(QStringLiteral("sourced_orders")).toInteger();
            succeeded += b.value(QStringLiteral("runs"))
                             .toObject()
                             .value(QStringLiteral("succeeded"))
                             .toInteger();
        }
        QCOMPARE(orders, 1);
        QCOMPARE(sourced, 1);
        QCOMPARE(revenue, 4000);
        QCOMPARE(marginSum, margin); // the same figure the Order Manager decided on
        QVERIFY(succeeded >= 1);
        QCOMPARE(d.json.value(QStringLiteral("currencies")).toArray().at(0).toString(),
                 QStringLiteral("EUR"));
        QVERIFY(
            d.json.value(QStringLiteral("queue")).toObject().contains(QStringLiteral("queued")));
        // The buckets are consecutive and end with the current one.
        const QDateTime last = QDateTime::fromString(
            buckets.last().toObject().value(QStringLiteral("start")).toString(), Qt::ISODate);
        QVERIFY(last <= QDateTime::currentDateTimeUtc());
        QVERIFY(last.addSecs(query.contains(QLatin1String("day")) ? 86400 : 3600) >
                QDateTime::currentDateTimeUtc());
    }
    // The supplier list carries what the supplier did: its offer and this open order.
    QJsonObject stats;
    for (const QJsonValue &v : call("GET", QStringLiteral("/api/suppliers"))
                                   .json.value(QStringLiteral("suppliers"))
                                   .toArray())
        if (v.toObject().value(QStringLiteral("id")).toInteger() == m_supplier)
            stats = v.toObject().value(QStringLiteral("stats")).toObject();
    QCOMPARE(stats.value(QStringLiteral("orders_30d")).toInteger(), 1);
    QCOMPARE(stats.value(QStringLiteral("open")).toInteger(), 1);
    QCOMPARE(stats.value(QStringLiteral("failed")).toInteger(), 0);
    QVERIFY(stats.value(QStringLiteral("offers")).toInteger() >= 1);
    QVERIFY(stats.value(QStringLiteral("last_order_at")).isString());

    // AliExpress answered: the status bar's "configured" is not a guess.
    QVERIFY(call("GET", QStringLiteral("/api/integrations/aliexpress"))
                .json.value(QStringLiteral("last_call"))
                .toObject()
                .value(QStringLiteral("ok"))
                .toBool());

    const Reply bad = call("GET", QStringLiteral("/api/dashboard?bucket=week"));
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.raw.contains("bucket"));
    QCOMPARE(call("GET", QStringLiteral("/api/dashboard?count=0")).status, 400);

    // The figures now, since just before the order: that one order, its revenue and margin.
    const Reply sum = call("GET", QStringLiteral("/api/dashboard/summary?since=") +
                                      QString::fromLatin1(QUrl::toPercentEncoding(before)));
    QCOMPARE(sum.status, 200);
    QCOMPARE(sum.json.value(QStringLiteral("orders")).toInteger(), 1);
    const QJsonObject eur =
        sum.json.value(QStringLiteral("money")).toObject().value(QStringLiteral("EUR")).toObject();
    QCOMPARE(eur.value(QStringLiteral("margin_minor")).toInteger(), margin);
    QCOMPARE(eur.value(QStringLiteral("sourced_orders")).toInteger(), 1);
    QCOMPARE(sum.json.value(QStringLiteral("currencies")).toArray().first().toString(),
             QStringLiteral("EUR"));
    for (const char *key : {"held", "failed_orders", "in_transit", "failed_runs", "dead_tasks",
                            "open_alerts", "shipped_30d"})
        QVERIFY2(sum.json.value(QLatin1String(key)).isDouble(), key);
    // Not shipped yet: no average to show rather than a zero.
    QVERIFY(sum.json.value(QStringLiteral("avg_hours_to_ship")).isNull() ||
            sum.json.value(QStringLiteral("shipped_30d")).toInteger() > 0);
    const Reply later =
        call("GET", QStringLiteral("/api/dashboard/summary?since=2999-01-01T00:00:00Z"));
    QCOMPARE(later.json.value(QStringLiteral("orders")).toInteger(), 0);
    const Reply badSince = call("GET", QStringLiteral("/api/dashboard/summary?since=yesterday"));
    QCOMPARE(badSince.status, 400);
    QVERIFY(badSince.raw.contains("since"));
}

void TestOrderManager::outOfStockUsesTheBackupSupplier()
{
    const qint64 backup = addSupplier(QStringLiteral("Ali Store 2"));
    addOffer(backup, QStringLiteral("1005002"), QStringLiteral("sku-x"), 1300, 1);
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 0); // the preferred runs dry
    const qint64 id = sendOrder(5002, QStringLiteral("40.00"));
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"),
                                            QStringLiteral("order:%1").arg(id)))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    QCOMPARE(m_ae->orders().size(), 1);
    QCOMPARE(firstPlacedProduct(), QStringLiteral("1005002"));
    const QJsonObject prepared = step(run, QStringLiteral("prepare_supplier_order"))
                                     .value(QStringLiteral("output"))
                                     .toObject();
    QCOMPARE(prepared.value(QStringLiteral("backups")).toArray().size(), 1);
    QVERIFY(prepared.value(QStringLiteral("backups"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("why"))
                .toString()
                .contains(QStringLiteral("0 in stock")));
    // The backup still has 30 (above the threshold of 10): no stock alert for the variant.
    QCOMPARE(events(QStringLiteral("product.stock_alert")), 0);
}

// Every supplier out of stock: check_inventory fails for good (no retries, nothing ordered) and
// tells the operator which product, by its name.
void TestOrderManager::noSupplierStockFailsNamingTheProduct()
{
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 0);
    const qint64 id = sendOrder(5003, QStringLiteral("40.00"));
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"),
                                            QStringLiteral("order:%1").arg(id)))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("failed"), 20000);
    const QJsonObject inventory = step(run, QStringLiteral("check_inventory"));
    QCOMPARE(inventory.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(inventory.value(QStringLiteral("error")).toString(),
             QStringLiteral("no supplier can deliver IPod Nano (none in stock)"));
    QCOMPARE(m_ae->orders().size(), 0);
}

// An order taken by phone, entered by hand for a catalog variant and marked paid, goes to the
// supplier like a Shopify one; unpaid, it waits.
void TestOrderManager::manualOrderOfACatalogVariantIsPlaced()
{
    const QByteArray address =
        R"("shipping_address":{"name":"Jeanne Durand",
           "address1":"3 rue des Lilas","city":"Lille","zip":"59000","country_code":"FR"})";
    const Reply paid = call("POST", QStringLiteral("/api/orders"),
                            QStringLiteral(R"({"name":"#PHONE-1","currency":"EUR",
                                "financial_status":"paid","line_items":[{"variant_id":%1,
                                "quantity":1}],%2})")
                                .arg(m_variant)
                                .arg(QString::fromUtf8(address))
                                .toUtf8());
    QVERIFY2(paid.status == 201, paid.raw.constData());
    const qint64 id = paid.json.value(QStringLiteral("id")).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("supplier_ordered"), 20000);
    QCOMPARE(m_ae->orders().size(), 1);
    QCOMPARE(firstPlacedProduct(), QStringLiteral("1005001"));
    // No Shopify order and no mail server: the run still succeeds, saying nobody was told.
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"),
                                            QStringLiteral("order:%1").arg(id)))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    const QJsonObject notified =
        step(run, QStringLiteral("notify_customer")).value(QStringLiteral("output")).toObject();
    QCOMPARE(notified.value(QStringLiteral("sent")).toBool(true), false);
    QCOMPARE(notified.value(QStringLiteral("channel")).toString(), QStringLiteral("none"));

    const Reply unpaid = call("POST", QStringLiteral("/api/orders"),
                              QStringLiteral(R"({"name":"#PHONE-2","currency":"EUR",
                                  "line_items":[{"variant_id":%1,"quantity":1}],%2})")
                                  .arg(m_variant)
                                  .arg(QString::fromUtf8(address))
                                  .toUtf8());
    QCOMPARE(unpaid.status, 201);
    const qint64 held = unpaid.json.value(QStringLiteral("id")).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(order(held).value(QStringLiteral("hold_reason")).toString(),
                              QStringLiteral("not_paid"), 20000);
    QCOMPARE(m_ae->orders().size(), 1);
}

// A parcel lost in transit: the operator sends the same items again. The replacement is a new,
// paid order at no charge, to the same address, placed with the supplier by the same workflow
// (its zero margin approved by whoever asked); a repeated request gives the same replacement.
void TestOrderManager::replacementIsPlacedAgainAtNoCharge()
{
    const qint64 id = sendOrder(5004, QStringLiteral("40.00"));
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("supplier_ordered"), 20000);
    const QJsonObject original = order(id);
    const QString path = QStringLiteral("/api/orders/%1/replace").arg(id);

    // Refused, nothing created: no reason, an unknown line, too many items, a viewer.
    const int before = int(call("GET", QStringLiteral("/api/orders?limit=50"))
                               .json.value(QStringLiteral("orders"))
                               .toArray()
                               .size());
    for (auto [body, field] :
         {std::pair{QByteArray(R"({"key":"k1"})"), QStringLiteral("reason")},
          std::pair{QByteArray(R"({"reason":"lost","line_items":[{"id":999999,"quantity":1}]})"),
                    QStringLiteral("line_items")},
          std::pair{
              QByteArray(R"({"reason":"lost","line_items":[{"id":%1,"quantity":99}]})")
                  .replace("%1", QByteArray::number(original.value(QStringLiteral("line_items"))
                                                        .toArray()
                                                        .at(0)
                                                        .toObject()
                                                        .value(QStringLiteral("id"))
                                                        .toInteger())),
              QStringLiteral("line_items")},
          std::pair{QByteArray(R"({"reason":"lost","line_items":{}})"),
                    QStringLiteral("line_items")}}) {
        const Reply bad = call("POST", path, body);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json.value(QStringLiteral("errors"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
                 field);
    }
    QCOMPARE(call("POST", path, R"({"reason":"lost"})", Role::Viewer).status, 403);
    QCOMPARE(call("GET", QStringLiteral("/api/orders?limit=50"))
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             before);

    const Reply made = call("POST", path, R"({"reason":"lost in transit","key":"k1"})");
    QVERIFY2(made.status == 201, made.raw.constData());
    const qint64 rid = made.json.value(QStringLiteral("id")).toInteger();
    QCOMPARE(made.json.value(QStringLiteral("name")).toString(),
             original.value(QStringLiteral("name")).toString() + QStringLiteral("-R1"));
    QCOMPARE(made.json.value(QStringLiteral("total_minor")).toInteger(), 0);
    QCOMPARE(made.json.value(QStringLiteral("financial_status")).toString(),
             QStringLiteral("paid"));
    QCOMPARE(made.json.value(QStringLiteral("shipping_address")),
             original.value(QStringLiteral("shipping_address")));
    QCOMPARE(made.json.value(QStringLiteral("line_items")).toArray().size(),
             original.value(QStringLiteral("line_items")).toArray().size());
    QCOMPARE(made.json.value(QStringLiteral("margin_approved_by")).toString().isEmpty(), false);
    // The same key: the same replacement, not a second one.
    const Reply again = call("POST", path, R"({"reason":"lost in transit","key":"k1"})");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json.value(QStringLiteral("id")).toInteger(), rid);

    // Placed with the supplier like the original, though it brings no money in.
    QTRY_COMPARE_WITH_TIMEOUT(order(rid).value(QStringLiteral("status")).toString(),
                              QStringLiteral("supplier_ordered"), 20000);
    QCOMPARE(m_ae->orders().size(), 2);
    QCOMPARE(m_ae->orders().at(1).request.value(QStringLiteral("product_items")),
             m_ae->orders().at(0).request.value(QStringLiteral("product_items")));
    const QJsonArray replaced = call("GET", QStringLiteral("/api/events?topic=order.replaced&key="
                                                           "order:%1")
                                                .arg(id))
                                    .json.value(QStringLiteral("events"))
                                    .toArray();
    QCOMPARE(replaced.size(), 1);
    QCOMPARE(replaced.at(0)
                 .toObject()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("replacement_id"))
                 .toInteger(),
             rid);

    // Another key, another replacement (only one of the lines, here all of it): -R2.
    const Reply second = call("POST", path, R"({"reason":"broken on arrival","key":"k2"})");
    QCOMPARE(second.status, 201);
    QCOMPARE(second.json.value(QStringLiteral("name")).toString(),
             original.value(QStringLiteral("name")).toString() + QStringLiteral("-R2"));

    // An order nothing was sent for cannot be replaced: a held one.
    const Reply held =
        call("POST", QStringLiteral("/api/orders"),
             R"({"name":"#PHONE-9","currency":"EUR","line_items":[{"title":"Lamp","quantity":1,
                 "unit_price_minor":100}],"shipping_address":{"address1":"1 rue A","city":"Lille",
                 "zip":"59000","country_code":"FR"}})");
    QCOMPARE(held.status, 201);
    const Reply refused = call("POST",
                               QStringLiteral("/api/orders/%1/replace")
                                   .arg(held.json.value(QStringLiteral("id")).toInteger()),
                               R"({"reason":"lost"})");
    QCOMPARE(refused.status, 409);
}

void TestOrderManager::incompleteAddressHoldsAndNotifies()
{
    const qint64 id = sendOrder(5003, QStringLiteral("40.00"), [](QJsonObject &o) {
        QJsonObject a = o.value(QStringLiteral("shipping_address")).toObject();
        a.remove(QStringLiteral("zip"));
        o.insert(QStringLiteral("shipping_address"), a);
    });
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"),
                                            QStringLiteral("order:%1").arg(id)))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("failed"), 20000);
    QCOMPARE(run.value(QStringLiteral("failed_step")).toString(), QStringLiteral("validate_order"));
    QVERIFY(run.value(QStringLiteral("error")).toString().contains(QStringLiteral("zip")));
    const QJsonObject o = order(id);
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("on_hold"));
    QCOMPARE(o.value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("address_incomplete"));
    // error_handling ran the seed's notify_admin.
    QTRY_VERIFY_WITH_TIMEOUT(call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                                 .raw.contains("Validation d'ordre"),
                             10000);
    QCOMPARE(m_ae->orders().size(), 0);
    // Retry from the order: its failed run starts again at the failed step (and, the address
    // being still incomplete, fails there again). Viewers may not; nothing failed is a 409.
    QCOMPARE(call("POST", QStringLiteral("/api/orders/%1/retry").arg(id), {}, Role::Viewer).status,
             403);
    const Reply retried =
        call("POST", QStringLiteral("/api/orders/%1/retry").arg(id), {}, Role::Operator);
    QVERIFY2(retried.status == 202, retried.raw.constData());
    QCOMPARE(retried.json.value(QStringLiteral("id")).toInteger(),
             run.value(QStringLiteral("id")).toInteger());
    QCOMPARE(events(QStringLiteral("workflow.run.retried")), 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        runFor(QStringLiteral("order_processing_workflow"), QStringLiteral("order:%1").arg(id))
            .value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("failed"), 20000);
    QCOMPARE(call("POST", QStringLiteral("/api/orders/999999/retry"), {}, Role::Operator).status,
             409);
    // The order's runs with their steps, for its timeline.
    const QJsonArray runs = call("GET", QStringLiteral("/api/orders/%1/runs").arg(id))
                                .json.value(QStringLiteral("runs"))
                                .toArray();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("workflow")).toString(),
             QStringLiteral("order_processing_workflow"));
    QCOMPARE(step(runs.at(0).toObject(), QStringLiteral("validate_order"))
                 .value(QStringLiteral("state"))
                 .toString(),
             QStringLiteral("failed"));
}

void TestOrderManager::lowMarginHoldsUntilApproved()
{
    // Cost 35.00 + 3.00 shipping on a 40.00 sale: about -3 % once fees are paid.
    addOffer(m_supplier, QStringLiteral("1005001"), QStringLiteral("sku-a"), 3500, 0);
    m_ae->addProduct(QStringLiteral("1005001"), QStringLiteral("Nano player"),
                     {{QStringLiteral("sku-a"), QStringLiteral("35.00"), 50}});
    const qint64 id = sendOrder(5004, QStringLiteral("40.00"));
    const QString key = QStringLiteral("order:%1").arg(id);
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"), key))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("failed"), 20000);
    QCOMPARE(run.value(QStringLiteral("failed_step")).toString(),
             QStringLiteral("prepare_supplier_order"));
    QVERIFY(run.value(QStringLiteral("error")).toString().contains(QStringLiteral("margin")));
    QCOMPARE(order(id).value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("low_margin"));
    QCOMPARE(m_ae->orders().size(), 0);
    // Viewers cannot approve; an operator can, and the run resumes from the held step.
    QCOMPARE(
        call("POST", QStringLiteral("/api/orders/%1/approve").arg(id), {}, Role::Viewer).status,
        403);
    const Reply ok =
        call("POST", QStringLiteral("/api/orders/%1/approve").arg(id), {}, Role::Operator);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json.value(QStringLiteral("retried_runs")).toArray().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(runFor(QStringLiteral("order_processing_workflow"), key)
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    QCOMPARE(m_ae->orders().size(), 1);
    const QJsonObject o = order(id);
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("supplier_ordered"));
    QVERIFY(o.value(QStringLiteral("margin_approved_by"))
                .toString()
                .contains(QStringLiteral("operator")));
    // Approving what is not held is a conflict.
    QCOMPARE(
        call("POST", QStringLiteral("/api/orders/%1/approve").arg(id), {}, Role::Operator).status,
        409);
}

void TestOrderManager::timeoutAfterCreationNeverDuplicates()
{
    // AliExpress creates the order but answers after our 1 s timeout.
    m_ae->force({.method = QStringLiteral("aliexpress.ds.order.create"), .delayMs = 2500});
    const qint64 id = sendOrder(5005, QStringLiteral("40.00"));
    QTRY_COMPARE_WITH_TIMEOUT(
        runFor(QStringLiteral("order_processing_workflow"), QStringLiteral("order:%1").arg(id))
            .value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("succeeded"), 30000);
    QCOMPARE(m_ae->orders().size(), 1);
    const QJsonArray tasks =
        call("GET", QStringLiteral("/api/tasks?kind=order_manager.submit_to_supplier"))
            .json.value(QStringLiteral("tasks"))
            .toArray();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.at(0).toObject().value(QStringLiteral("attempts")).toInt(), 2);
    QCOMPARE(call("GET", QStringLiteral("/api/orders/%1/supplier-orders").arg(id))
                 .json.value(QStringLiteral("supplier_orders"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("supplier_order_id"))
                 .toString(),
             m_ae->orders().first().id);
    QVERIFY(m_ae->methodsCalled().contains(QStringLiteral("aliexpress.trade.ds.order.get")));
}

void TestOrderManager::refundRequestRefundsOnShopify()
{
    const qint64 id = sendOrder(5006, QStringLiteral("40.00"));
    QTRY_COMPARE_WITH_TIMEOUT(
        runFor(QStringLiteral("order_processing_workflow"), QStringLiteral("order:%1").arg(id))
            .value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("succeeded"), 20000);
    QCOMPARE(call("POST", QStringLiteral("/api/orders/%1/refund").arg(id),
                  R"({"reason":"damaged"})", Role::Operator)
                 .status,
             202);
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("refunded"), 20000);
    QCOMPARE(m_shopify->refunds().size(), 1);
    QCOMPARE(m_shopify->refunds()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("transactions"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("amount"))
                 .toString(),
             QStringLiteral("40.00"));
    // The placed AliExpress order cannot be cancelled through the API: an operator is told.
    QTRY_VERIFY_WITH_TIMEOUT(call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                                 .raw.contains("Cancel AliExpress orders by hand"),
                             10000);
}

// Shopify made the refund but its answer was lost (a 500 after the work): the mutation is not
// sent again blindly, and the task's retry finds the refund by its key instead of paying twice.
void TestOrderManager::aRefundWhoseAnswerWasLostIsMadeOnce()
{
    const qint64 id = sendOrder(5007, QStringLiteral("40.00"));
    QTRY_COMPARE_WITH_TIMEOUT(
        runFor(QStringLiteral("order_processing_workflow"), QStringLiteral("order:%1").arg(id))
            .value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("succeeded"), 20000);
    m_shopify->force({.status = 500, .afterDoing = QStringLiteral("refundCreate")});
    QCOMPARE(call("POST", QStringLiteral("/api/orders/%1/refund").arg(id),
                  R"({"reason":"damaged"})", Role::Operator)
                 .status,
             202);
    // The attempt failed (no answer), and waits for its retry: it is asked for now.
    QJsonObject task;
    QTRY_COMPARE_WITH_TIMEOUT(
        (task = call("GET", QStringLiteral("/api/tasks?kind=website_builder.refund"))
                    .json.value(QStringLiteral("tasks"))
                    .toArray()
                    .first()
                    .toObject())
            .value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("failed"), 30000);
    QCOMPARE(m_shopify->refunds().size(), 1); // made, its answer lost, not sent again
    QCOMPARE(call("POST", QStringLiteral("/api/tasks/%1/retry")
                              .arg(task.value(QStringLiteral("id")).toInteger()))
                 .status,
             202);
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("refunded"), 30000);
    QCOMPARE(m_shopify->refunds().size(), 1);
    const QString note = m_shopify->refunds().at(0)[QStringLiteral("note")].toString();
    QVERIFY2(note.startsWith(QStringLiteral("damaged [dropcrew task ")), qPrintable(note));
}

void TestOrderManager::stockAlertAndTrackingSyncWorkflows()
{
    // The supplier runs low: check_inventory raises product.stock_alert and the shipped
    // stock_alert_workflow tells the operators.
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 3);
    const Reply check =
        call("POST", QStringLiteral("/api/agents/order_manager/action?wait=20"),
             R"({"action":"check_inventory","input":{"product_ids":[632910392],"country":"FR"}})");
    QCOMPARE(check.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(check.json.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("stock_alerts"))
                 .toInt(),
             1);
    QTRY_VERIFY_WITH_TIMEOUT(call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                                 .raw.contains("Supplier stock low"),
                             15000);
    // tracking_sync (scheduled) can also be started by hand; with nothing placed it checks none.
    const Reply started =
        call("POST", QStringLiteral("/api/workflows/tracking_sync"), R"({"input":{}})");
    QCOMPARE(started.status, 202);
    const qint64 run = started.json.value(QStringLiteral("run_id")).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/runs/%1").arg(run))
                                  .json.value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 15000);
    QCOMPARE(step(call("GET", QStringLiteral("/api/runs/%1").arg(run)).json,
                  QStringLiteral("sync_tracking"))
                 .value(QStringLiteral("output"))
                 .toObject()
                 .value(QStringLiteral("checked"))
                 .toInt(),
             0);
}

// The threshold rule (stock < 10) end to end: a check_inventory that finds the supplier low
// raises one alert per shortage, and stock_alert_workflow sets the Shopify inventory (at the
// shop's primary location, asked once) to the supplier's stock; stock back at 10 or more
// publishes product.stock_restored and stock_restored_workflow sets it again.
void TestOrderManager::supplierStockReachesTheStorefront()
{
    constexpr qint64 kLocation = 61'000'000'001; // the fake shop's primary location
    m_shopify->setPrimaryLocation(kLocation);
    const auto checkInventory = [&] {
        return call("POST", QStringLiteral("/api/agents/order_manager/action?wait=20"),
                    R"({"action":"check_inventory","input":{"product_ids":[632910392],)"
                    R"("country":"FR"}})")
            .json;
    };
    const auto alertsOf = [](const QJsonObject &task) {
        return task.value(QStringLiteral("result"))
            .toObject()
            .value(QStringLiteral("stock_alerts"))
            .toInt();
    };
    const auto runsOf = [&](const QString &workflow) {
        return call("GET", QStringLiteral("/api/workflows/%1/runs").arg(workflow))
            .json.value(QStringLiteral("runs"))
            .toArray();
    };
    const auto available = [&] { return m_shopify->available(kInventoryItem, kLocation); };

    // Below the threshold: one alert, and Shopify sells what the supplier still has.
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 4);
    QJsonObject task = checkInventory();
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(alertsOf(task), 1);
    QTRY_COMPARE_WITH_TIMEOUT(available(), 4, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(runsOf(QStringLiteral("stock_alert_workflow"))
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    const qint64 alertRun = runsOf(QStringLiteral("stock_alert_workflow"))
                                .at(0)
                                .toObject()
                                .value(QStringLiteral("id"))
                                .toInteger();
    const QJsonObject set = step(call("GET", QStringLiteral("/api/runs/%1").arg(alertRun)).json,
                                 QStringLiteral("update_shopify_inventory"))
                                .value(QStringLiteral("output"))
                                .toObject();
    QCOMPARE(set.value(QStringLiteral("location_id")).toInteger(), kLocation);
    QCOMPARE(set.value(QStringLiteral("quantity")).toInt(), 4);
    QVERIFY(call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                .raw.contains("Supplier stock low"));

    // Still low: no second alert, no second run.
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 3);
    task = checkInventory();
    QCOMPARE(alertsOf(task), 0);
    QCOMPARE(events(QStringLiteral("product.stock_alert")), 1);
    QCOMPARE(runsOf(QStringLiteral("stock_alert_workflow")).size(), 1);

    // Back at the threshold: restored once, and Shopify gets the stock again.
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 40);
    task = checkInventory();
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(events(QStringLiteral("product.stock_restored")), 1);
    const QJsonObject restored = lastEvent(QStringLiteral("product.stock_restored"));
    QCOMPARE(restored.value(QStringLiteral("stock")).toInt(), 40);
    QCOMPARE(restored.value(QStringLiteral("threshold")).toInt(), 10);
    QCOMPARE(restored.value(QStringLiteral("alerted_at")).toString(),
             lastEvent(QStringLiteral("product.stock_alert"))
                 .value(QStringLiteral("alerted_at"))
                 .toString());
    QTRY_COMPARE_WITH_TIMEOUT(available(), 40, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(runsOf(QStringLiteral("stock_restored_workflow"))
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    checkInventory(); // still fine: nothing more
    QCOMPARE(events(QStringLiteral("product.stock_restored")), 1);

    // Out entirely (a new shortage, a run of its own): 0 at Shopify, and the order path still
    // says no supplier can deliver.
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 0);
    task = checkInventory();
    QVERIFY(task.value(QStringLiteral("state")).toString() != QLatin1String("succeeded"));
    QCOMPARE(events(QStringLiteral("product.stock_alert")), 2);
    QTRY_COMPARE_WITH_TIMEOUT(available(), 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(runsOf(QStringLiteral("stock_alert_workflow")).size(), 2, 20000);
    // The primary location was asked of Shopify once, then kept.
    int asked = 0;
    for (const FakeShopify::Call &c : m_shopify->calls())
        asked += c.query.contains(QLatin1String("{ location {")) ? 1 : 0;
    QCOMPARE(asked, 1);
    QCOMPARE(m_shopify->inventorySets().size(), 3);
}

// One order of two products from two suppliers: the report's figures per product, supplier and
// day, exactly, and the same totals as the Order Manager's margin. An order not sent to a
// supplier (held, unpaid) is not counted.
void TestOrderManager::profitabilityPerProductSupplierAndDay()
{
    m_ae->addProduct(QStringLiteral("1005003"), QStringLiteral("Desk lamp"),
                     {{QStringLiteral("sku-l"), QStringLiteral("9.00"), 40}});
    QVERIFY(storeProduct(632910393, QStringLiteral("Desk Lamp"), 808950811,
                         QStringLiteral("LAMP-1"), QStringLiteral("Black"), 3500));
    auto lampVariant = storage::CatalogRepository().findVariantByShopifyId(
        m_t.backend->store().reader(), 808950811);
    QVERIFY(lampVariant && lampVariant->has_value());
    const qint64 lampSupplier = addSupplier(QStringLiteral("Lamp Works"));
    // Prepared after Ali Store 1's: the fees' rounding cent goes to the IPod Nano line.
    QVERIFY(lampSupplier > m_supplier);
    const Reply offer =
        call("PUT", QStringLiteral("/api/variants/%1/offers").arg((*lampVariant)->id),
             QJsonDocument(
                 QJsonObject{{QStringLiteral("supplier_id"), lampSupplier},
                             {QStringLiteral("supplier_product_id"), QStringLiteral("1005003")},
                             {QStringLiteral("supplier_sku_id"), QStringLiteral("sku-l")},
                             {QStringLiteral("currency"), QStringLiteral("EUR")},
                             {QStringLiteral("cost_minor"), 900},
                             {QStringLiteral("shipping_minor"), 200},
                             {QStringLiteral("stock"), 20},
                             {QStringLiteral("ships_to"), QJsonArray{QStringLiteral("FR")}},
                             {QStringLiteral("priority"), 0}})
                 .toJson());
    QVERIFY2(offer.status == 200, offer.raw.constData());

    // 2 × IPod Nano at 40.00 (Ali Store 1: 12.00 each + 3.00 shipping) and a Desk Lamp at 35.00
    // (Lamp Works: 9.00 + 2.00 shipping): 115.00, no tax.
    const qint64 id = sendOrder(5301, QStringLiteral("115.00"), [](QJsonObject &o) {
        const auto line = [](qint64 lineId, qint64 product, qint64 variant, const char *sku,
                             const char *title, int quantity, const char *price) {
            return QJsonObject{{QStringLiteral("id"), lineId},
                               {QStringLiteral("product_id"), product},
                               {QStringLiteral("variant_id"), variant},
                               {QStringLiteral("sku"), QLatin1String(sku)},
                               {QStringLiteral("title"), QLatin1String(title)},
                               {QStringLiteral("quantity"), quantity},
                               {QStringLiteral("price"), QLatin1String(price)},
                               {QStringLiteral("total_discount"), QStringLiteral("0.00")}};
        };
        o.insert(QStringLiteral("line_items"),
                 QJsonArray{line(53010, 632910392, 808950810, "IPOD-1", "IPod Nano", 2, "40.00"),
                            line(53011, 632910393, 808950811, "LAMP-1", "Desk Lamp", 1, "35.00")});
    });
    QVERIFY(id > 0);
    QJsonObject run;
    QTRY_COMPARE_WITH_TIMEOUT((run = runFor(QStringLiteral("order_processing_workflow"),
                                            QStringLiteral("order:%1").arg(id)))
                                  .value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    QCOMPARE(m_ae->orders().size(), 2);
    const qint64 decided = step(run, QStringLiteral("prepare_supplier_order"))
                               .value(QStringLiteral("output"))
                               .toObject()
                               .value(QStringLiteral("margin_minor"))
                               .toInteger();
    // Revenue 115.00; fees 0.30 + 2.9 % of 115.00 = 3.64; margin 115.00 - 33.00 - 5.00 - 3.64.
    QCOMPARE(decided, 7336);

    // Taken by phone, not paid: held before any supplier order, so not in the report.
    const Reply unpaid = call(
        "POST", QStringLiteral("/api/orders"),
        QStringLiteral(R"({"name":"#PROF-UNPAID","currency":"EUR","line_items":[{"variant_id":%1,
            "quantity":1}],"shipping_address":{"name":"Jeanne Durand","address1":"3 rue des Lilas",
            "city":"Lille","zip":"59000","country_code":"FR"}})")
            .arg(m_variant)
            .toUtf8());
    QVERIFY2(unpaid.status == 201, unpaid.raw.constData());
    QTRY_COMPARE_WITH_TIMEOUT(order(unpaid.json.value(QStringLiteral("id")).toInteger())
                                  .value(QStringLiteral("hold_reason"))
                                  .toString(),
                              QStringLiteral("not_paid"), 20000);

    const auto expect = [](const QJsonObject &row, qint64 orders, qint64 units, qint64 revenue,
                           qint64 cost, qint64 shipping, qint64 fees, double percent) {
        QCOMPARE(row.value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
        QCOMPARE(row.value(QStringLiteral("orders")).toInteger(), orders);
        QCOMPARE(row.value(QStringLiteral("units")).toInteger(), units);
        QCOMPARE(row.value(QStringLiteral("revenue_minor")).toInteger(), revenue);
        QCOMPARE(row.value(QStringLiteral("cost_minor")).toInteger(), cost);
        QCOMPARE(row.value(QStringLiteral("shipping_minor")).toInteger(), shipping);
        QCOMPARE(row.value(QStringLiteral("fees_minor")).toInteger(), fees);
        QCOMPARE(row.value(QStringLiteral("margin_minor")).toInteger(),
                 revenue - cost - shipping - fees);
        QCOMPARE(row.value(QStringLiteral("margin_percent")).toDouble(), percent);
    };
    // The fees (3.64) shared by what each line sold for: 80.00 -> 2.53, 35.00 -> 1.10, and the
    // rounding's cent on the first supplier order's line.
    const Reply byProduct = call("GET", QStringLiteral("/api/reports/profitability?by=product"));
    QVERIFY2(byProduct.status == 200, byProduct.raw.constData());
    QCOMPARE(byProduct.json.value(QStringLiteral("by")).toString(), QStringLiteral("product"));
    QCOMPARE(byProduct.json.value(QStringLiteral("rows")).toArray().size(), 2);
    auto nanoProduct = storage::CatalogRepository().findVariantByShopifyId(
        m_t.backend->store().reader(), 808950810);
    QVERIFY(nanoProduct && nanoProduct->has_value());
    const QJsonObject nano = reportRow(byProduct, QString::number((*nanoProduct)->productId));
    QCOMPARE(nano.value(QStringLiteral("label")).toString(), QStringLiteral("IPod Nano"));
    expect(nano, 1, 2, 8000, 2400, 300, 254, 63.08);
    const QJsonObject lamp = reportRow(byProduct, QString::number((*lampVariant)->productId));
    QCOMPARE(lamp.value(QStringLiteral("label")).toString(), QStringLiteral("Desk Lamp"));
    expect(lamp, 1, 1, 3500, 900, 200, 110, 65.43);
    const QJsonArray totals = byProduct.json.value(QStringLiteral("totals")).toArray();
    QCOMPARE(totals.size(), 1);
    expect(totals.at(0).toObject(), 1, 3, 11500, 3300, 500, 364, 63.79);
    QCOMPARE(totals.at(0).toObject().value(QStringLiteral("margin_minor")).toInteger(), decided);
    QCOMPARE(byProduct.json.value(QStringLiteral("currencies")).toArray(),
             QJsonArray{QStringLiteral("EUR")});
    QVERIFY(byProduct.json.value(QStringLiteral("next_cursor")).isNull());

    const Reply bySupplier = call("GET", QStringLiteral("/api/reports/profitability?by=supplier"));
    QCOMPARE(bySupplier.status, 200);
    QCOMPARE(bySupplier.json.value(QStringLiteral("rows")).toArray().size(), 2);
    const QJsonObject ali = reportRow(bySupplier, QString::number(m_supplier));
    QCOMPARE(ali.value(QStringLiteral("label")).toString(), QStringLiteral("Ali Store 1"));
    expect(ali, 1, 2, 8000, 2400, 300, 254, 63.08);
    const QJsonObject works = reportRow(bySupplier, QString::number(lampSupplier));
    QCOMPARE(works.value(QStringLiteral("label")).toString(), QStringLiteral("Lamp Works"));
    expect(works, 1, 1, 3500, 900, 200, 110, 65.43);

    // The day the order was created (UTC), given as dates: both days are included.
    const QString day =
        QDateTime::fromString(order(id).value(QStringLiteral("created_at")).toString(),
                              Qt::ISODateWithMs)
            .toUTC()
            .date()
            .toString(Qt::ISODate);
    const Reply byDay =
        call("GET", QStringLiteral("/api/reports/profitability?by=day&from=%1&to=%1").arg(day));
    QVERIFY2(byDay.status == 200, byDay.raw.constData());
    QCOMPARE(byDay.json.value(QStringLiteral("rows")).toArray().size(), 1);
    const QJsonObject today = reportRow(byDay, day);
    QCOMPARE(today.value(QStringLiteral("label")).toString(), day);
    expect(today, 1, 3, 11500, 3300, 500, 364, 63.79);
    QCOMPARE(byDay.json.value(QStringLiteral("from")).toString(),
             day + QStringLiteral("T00:00:00.000Z"));

    // Another period, another currency: nothing; keyset pages of one group each.
    const Reply past =
        call("GET",
             QStringLiteral("/api/reports/profitability?from=2000-01-01&to=2000-01-31T12:00:00Z"));
    QCOMPARE(past.status, 200);
    QVERIFY(past.json.value(QStringLiteral("rows")).toArray().isEmpty());
    QVERIFY(past.json.value(QStringLiteral("totals")).toArray().isEmpty());
    const Reply usd =
        call("GET", QStringLiteral("/api/reports/profitability?by=product&currency=USD"));
    QCOMPARE(usd.status, 200);
    QVERIFY(usd.json.value(QStringLiteral("rows")).toArray().isEmpty());
    QVERIFY(usd.json.value(QStringLiteral("totals")).toArray().isEmpty());
    QCOMPARE(usd.json.value(QStringLiteral("currencies")).toArray(),
             QJsonArray{QStringLiteral("EUR")});
    QStringList keys;
    QString cursor;
    for (int page = 0; page < 4; ++page) {
        const Reply p =
            call("GET",
                 QStringLiteral("/api/reports/profitability?by=product&limit=1") +
                     (cursor.isEmpty() ? QString() : QString(QStringLiteral("&cursor=") + cursor)));
        QVERIFY2(p.status == 200, p.raw.constData());
        QCOMPARE(p.json.contains(QStringLiteral("totals")), cursor.isEmpty());
        for (const QJsonValue &v : p.json.value(QStringLiteral("rows")).toArray())
            keys << v.toObject().value(QStringLiteral("key")).toString();
        cursor = p.json.value(QStringLiteral("next_cursor")).toString();
        if (cursor.isEmpty())
            break;
    }
    QVERIFY(cursor.isEmpty());
    QCOMPARE(keys, (QStringList{QString::number((*nanoProduct)->productId),
                                QString::number((*lampVariant)->productId)}));
    // A viewer reads it (orders.read).
    QCOMPARE(call("GET", QStringLiteral("/api/reports/profitability"), {}, Role::Viewer).status,
             200);
}

void TestOrderManager::profitabilityRefusesBadQueries()
{
    for (const auto &[query, field] :
         {std::pair{QStringLiteral("by=week"), QStringLiteral("by")},
          std::pair{QStringLiteral("from=yesterday"), QStringLiteral("from")},
          std::pair{QStringLiteral("to=2024-13-01"), QStringLiteral("to")},
          std::pair{QStringLiteral("from=2024-05-02&to=2024-05-01"), QStringLiteral("from")},
          std::pair{QStringLiteral("from=2024-05-02T00:00:01Z&to=2024-05-02T00:00:00Z"),
                    QStringLiteral("from")},
          std::pair{QStringLiteral("currency=eur"), QStringLiteral("currency")},
          std::pair{QStringLiteral("cursor=nonsense"), QStringLiteral("cursor")},
          std::pair{QStringLiteral("limit=0"), QStringLiteral("limit")},
          std::pair{QStringLiteral("group=product"), QStringLiteral("group")}}) {
        const Reply r = call("GET", QStringLiteral("/api/reports/profitability?") + query);
        QVERIFY2(r.status == 400, qPrintable(query + QLatin1Char(' ') + QString::fromUtf8(r.raw)));
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(r.json.value(QStringLiteral("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
                 field);
    }
    // Without credentials: 401, as every route with a permission.
    QCOMPARE(httpCall(m_nam, m_t.base, "GET", QStringLiteral("/api/reports/profitability"), {},
                      "application/json", QByteArray())
                 .status,
             401);
}

void TestOrderManager::addHistory(qint64 supplier, int days)
{
    storage::Store &store = m_t.backend->store();
    const storage::OrderRepository orders(m_t.backend->cipher());
    const qint64 placed = QDateTime::currentMSecsSinceEpoch() - 20 * 86'400'000LL;
    auto done = store.writeAndWait<bool>([&](storage::WriteContext &w) -> storage::DbResult<bool> {
        Order o;
        o.shop = kShop;
        o.name = QStringLiteral("#HIST");
        o.currency = QStringLiteral("EUR");
        o.subtotal = o.total = {4000, QStringLiteral("EUR")};
        o.shippingTotal = o.taxTotal = {0, QStringLiteral("EUR")};
        o.shippingCountry = QStringLiteral("FR");
        o.shippingAddress = Address{
            QStringLiteral("A B"),   QStringLiteral("1 rue"), {}, QStringLiteral("Lille"), {},
            QStringLiteral("59000"), QStringLiteral("FR"),    {}};
        o.lineItems = {LineItem{0,
                                0,
                                632910392,
                                808950810,
                                QStringLiteral("IPOD-1"),
                                QStringLiteral("IPod Nano"),
                                1,
                                {4000, QStringLiteral("EUR")},
                                {0, QStringLiteral("EUR")}}};
        auto id = orders.insertManualOrder(w, o);
        if (!id)
            return std::unexpected(id.error());
        auto stored = orders.get(w.db(), *id);
        if (!stored || !stored->has_value())
            return std::unexpected(
                storage::DbError{storage::DbError::Kind::Internal, QStringLiteral("no order")});
        SupplierOrder so;
        so.orderId = *id;
        so.supplierId = supplier;
        so.outOrderId = QStringLiteral("HIST%1").arg(*id);
        so.lines = QJsonArray{
            QJsonObject{{QStringLiteral("line_item_id"), (*stored)->lineItems.first().id},
                        {QStringLiteral("variant_id"), m_variant},
                        {QStringLiteral("quantity"), 1},
                        {QStringLiteral("cost_minor"), 1200}}};
        so.cost = {1200, QStringLiteral("EUR")};
        so.shipping = {300, QStringLiteral("EUR")};
        auto p = storage::SupplierOrderRepository().prepare(w, so);
        if (!p)
            return std::unexpected(p.error());
        so.id = p->id;
        so.status = days < 0 ? QStringLiteral("failed") : QStringLiteral("delivered");
        so.supplierOrderId = QStringLiteral("AEH%1").arg(*id);
        so.placedAt = QDateTime::fromMSecsSinceEpoch(placed, Qt::UTC);
        if (days >= 0)
            so.deliveredAt = so.placedAt.addDays(days);
        if (auto u = storage::SupplierOrderRepository().update(w, so); !u)
            return std::unexpected(u.error());
        return true;
    });
    QVERIFY2(done, qPrintable(done ? QString() : done.error().message));
}

// What the Data Analyzer learns of a supplier reaches the supplier list and each supplier order:
// the same score as its supplier_scores action, and when a parcel should arrive.
void TestOrderManager::supplierScoresAndDeliveryEstimates()
{
    const qint64 id = sendOrder(5401, QStringLiteral("40.00"));
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        runFor(QStringLiteral("order_processing_workflow"), QStringLiteral("order:%1").arg(id))
            .value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("succeeded"), 20000);
    const qint64 quiet = addSupplier(QStringLiteral("Quiet Co"));
    QVERIFY(quiet > 0);
    // Ali Store 1: this placed order, four delivered after 8, 9, 10 and 12 days, one failed.
    for (int days : {8, 9, 10, 12, -1}) {
        addHistory(m_supplier, days);
        if (QTest::currentTestFailed())
            return;
    }

    QJsonObject ali, none;
    for (const QJsonValue &v : call("GET", QStringLiteral("/api/suppliers"))
                                   .json.value(QStringLiteral("suppliers"))
                                   .toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("id")).toInteger() == m_supplier)
            ali = s.value(QStringLiteral("performance")).toObject();
        if (s.value(QStringLiteral("id")).toInteger() == quiet)
            none = s.value(QStringLiteral("performance")).toObject();
        QVERIFY(s.value(QStringLiteral("stats")).isObject()); // still there
    }
    QCOMPARE(ali.value(QStringLiteral("orders")).toInteger(), 6);
    QCOMPARE(ali.value(QStringLiteral("failed")).toInteger(), 1);
    QCOMPARE(ali.value(QStringLiteral("delivered")).toInteger(), 4);
    QCOMPARE(ali.value(QStringLiteral("failure_rate")).toDouble(), 0.17);
    QCOMPARE(ali.value(QStringLiteral("delivery_days_p50")).toDouble(), 9.0);
    QCOMPARE(ali.value(QStringLiteral("delivery_days_p90")).toDouble(), 12.0);
    QCOMPARE(ali.value(QStringLiteral("score")).toDouble(), 83.33); // 100 × 5/6
    QCOMPARE(ali.value(QStringLiteral("min_orders")).toInteger(), 5);
    QCOMPARE(none.value(QStringLiteral("orders")).toInteger(), 0);
    QVERIFY(none.value(QStringLiteral("score")).isNull());
    QVERIFY(none.value(QStringLiteral("delivery_days_p50")).isNull());

    // The Data Analyzer's own action says the same.
    const Reply scored = call("POST", QStringLiteral("/api/agents/data_analyzer/action?wait=20"),
                              R"({"action":"supplier_scores","input":{}})");
    QCOMPARE(scored.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    double actionScore = -1;
    for (const QJsonValue &v : scored.json.value(QStringLiteral("result"))
                                   .toObject()
                                   .value(QStringLiteral("suppliers"))
                                   .toArray())
        if (v.toObject().value(QStringLiteral("supplier_id")).toInteger() == m_supplier)
            actionScore = v.toObject().value(QStringLiteral("score")).toDouble();
    QCOMPARE(actionScore, ali.value(QStringLiteral("score")).toDouble());

    // The live order's supplier order: placed, expected 9 days later (at the latest 12), from
    // this supplier's deliveries to France.
    const Reply sos = call("GET", QStringLiteral("/api/orders/%1/supplier-orders").arg(id));
    QCOMPARE(sos.status, 200);
    const QJsonObject so =
        sos.json.value(QStringLiteral("supplier_orders")).toArray().at(0).toObject();
    QCOMPARE(so.value(QStringLiteral("status")).toString(), QStringLiteral("placed"));
    QCOMPARE(so.value(QStringLiteral("supplier_score")).toDouble(), 83.33);
    const QDateTime placedAt =
        QDateTime::fromString(so.value(QStringLiteral("placed_at")).toString(), Qt::ISODateWithMs);
    QVERIFY(placedAt.isValid());
    const QJsonObject estimate = so.value(QStringLiteral("delivery_estimate")).toObject();
    QCOMPARE(estimate.value(QStringLiteral("basis")).toString(),
             QStringLiteral("supplier+country"));
    QCOMPARE(estimate.value(QStringLiteral("samples")).toInteger(), 4);
    QCOMPARE(estimate.value(QStringLiteral("p50_days")).toDouble(), 9.0);
    QCOMPARE(estimate.value(QStringLiteral("p90_days")).toDouble(), 12.0);
    QCOMPARE(estimate.value(QStringLiteral("from")).toString(), QStringLiteral("placed_at"));
    QCOMPARE(QDateTime::fromString(so.value(QStringLiteral("estimated_delivery_at")).toString(),
                                   Qt::ISODateWithMs),
             placedAt.addDays(9));
    QCOMPARE(QDateTime::fromString(estimate.value(QStringLiteral("latest_at")).toString(),
                                   Qt::ISODateWithMs),
             placedAt.addDays(12));
    // Kept: what the list said before.
    QCOMPARE(so.value(QStringLiteral("supplier_id")).toInteger(), m_supplier);
    QCOMPARE(so.value(QStringLiteral("cost_minor")).toInteger(), 1200);
}

QTEST_GUILESS_MAIN(TestOrderManager)
#include "tst_ordermanager.moc"
