// SPDX-License-Identifier: GPL-3.0-or-later
// What happens at AliExpress after a supplier order is placed, end to end through signed
// webhooks, the shipped workflows and the fake AliExpress: each AliExpress order state the
// tracking pass reads (closed by the seller, being cancelled, not paid then closed unpaid and
// retried, paid by hand, risk control, split parcels) maps to a supplier order status, an
// order state and order.supplier_problem; one bad order among 50 does not stop the pass nor
// come first in the next one; check_inventory falls to the backup offer when product.get
// fails for the first; AliExpress down for two hours (the task clock moved, no sleeping) holds
// the orders without spending their attempts, and when it is back each is placed exactly once.
#include "orderfixture.h"

#include "alerts/alertservice.h"
#include "storage/supplierorderrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;
using security::Role;

class TestSupplierState : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void onePassOfFiftyWithOneBadOrder();
    void everyLookFailingFailsThePass();
    void closedBySellerHoldsTheOrder();
    void beingCancelledHoldsTheOrder();
    void unpaidThenClosedIsRetriedAsANewOrder();
    void paidByHandReleasesTheHold();
    void riskControlHoldHoldsTheOrder();
    void splitParcelsDeliverWhenAllArrive();
    void checkInventoryFallsToTheBackup();
    void outageOfTwoHoursThenBack();

private:
    bool postOrder(qint64 shopifyId);
    // Sends orders/create and waits until its supplier order is placed; our order id.
    qint64 placedOrder(qint64 shopifyId);
    QJsonObject sync(); // one tracking pass: the task as the API answers it
    QJsonObject supplierOrder(qint64 orderId)
    {
        return call("GET", QStringLiteral("/api/orders/%1/supplier-orders").arg(orderId))
            .json.value(QStringLiteral("supplier_orders"))
            .toArray()
            .at(0)
            .toObject();
    }
    QString aeId(qint64 orderId)
    {
        return supplierOrder(orderId).value(QStringLiteral("supplier_order_id")).toString();
    }
    QList<QJsonObject> problems(qint64 orderId);
    QJsonArray tasksIn(const QString &state)
    {
        return call("GET", QStringLiteral("/api/tasks?limit=500&state=") + state)
            .json.value(QStringLiteral("tasks"))
            .toArray();
    }
    QJsonObject aliexpressCircuit()
    {
        return call("GET", QStringLiteral("/api/tasks/stats"))
            .json.value(QStringLiteral("circuits"))
            .toObject()
            .value(QStringLiteral("aliexpress"))
            .toObject();
    }
    std::atomic<qint64> m_now{0}; // the task clock of outageOfTwoHoursThenBack
};

void TestSupplierState::init()
{
    // Two seconds for AliExpress's answers, and stock for a pass of fifty orders.
    auto up = setUp(2);
    QVERIFY2(up, qPrintable(up ? QString() : up.error()));
    m_ae->setStock(QStringLiteral("1005001"), QStringLiteral("sku-a"), 1000);
}

void TestSupplierState::cleanup()
{
    tearDown();
}

bool TestSupplierState::postOrder(qint64 shopifyId)
{
    m_shopify->addOrder(shopifyId, QDateTime::currentDateTimeUtc(), 4000);
    const WebhookReply w = sendWebhook(
        m_nam, m_t.base, kShop, QStringLiteral("orders/create"),
        orderPayload(shopifyId, QDateTime::currentDateTimeUtc(), QStringLiteral("40.00"), 77,
                     QStringLiteral("Martin")),
        kSecret, QStringLiteral("wh-%1").arg(shopifyId));
    return w.status == 200;
}

qint64 TestSupplierState::placedOrder(qint64 shopifyId)
{
    const qsizetype before = m_ae->orders().size();
    if (!postOrder(shopifyId))
        return 0;
    if (!QTest::qWaitFor([&] { return m_ae->orders().size() > before; }, 30000))
        return 0;
    // Our reference to AliExpress is DC<order id>S<supplier id>.
    const QString out = m_ae->orders().last().outOrderId;
    const qint64 id = out.mid(2, out.indexOf(u'S') - 2).toLongLong();
    // The run is over once the order left validated (supplier_ordered, or held).
    (void)QTest::qWaitFor(
        [&] {
            return order(id).value(QStringLiteral("status")).toString() !=
                   QLatin1String("validated");
        },
        20000);
    return id;
}

QJsonObject TestSupplierState::sync()
{
    return call("POST", QStringLiteral("/api/agents/order_manager/action?wait=60"),
                R"({"action":"sync_tracking","input":{}})")
        .json;
}

QList<QJsonObject> TestSupplierState::problems(qint64 orderId)
{
    QList<QJsonObject> out;
    const QJsonArray events =
        call("GET", QStringLiteral("/api/events?limit=500&topic=order.supplier_problem"))
            .json.value(QStringLiteral("events"))
            .toArray();
    for (const QJsonValue &e : events) {
        const QJsonObject data = e.toObject().value(QStringLiteral("data")).toObject();
        if (data.value(QStringLiteral("order_id")).toInteger() == orderId)
            out.append(data);
    }
    return out;
}

void TestSupplierState::onePassOfFiftyWithOneBadOrder()
{
    for (int i = 0; i < 50; ++i)
        QVERIFY(postOrder(7000 + i));
    QTRY_COMPARE_WITH_TIMEOUT(m_ae->orders().size(), 50, 180000);
    // Every supplier order recorded as placed (the runs finished).
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            auto open = storage::SupplierOrderRepository().open(m_t.backend->store().reader(), 200);
            return open ? int(open->size()) : -1;
        }(),
        50, 60000);
    for (const FakeAliExpress::Order &o : m_ae->orders())
        m_ae->ship(o.id, QStringLiteral("Cainiao"), QStringLiteral("LP") + o.id);
    // Never checked: the first of the pass is the oldest row. That one fails.
    auto open = storage::SupplierOrderRepository().open(m_t.backend->store().reader(), 200);
    QVERIFY(open);
    const SupplierOrder bad = open->first();
    m_ae->failOrderGet(bad.supplierOrderId, QStringLiteral("SYSTEM_ERROR"));

    const qsizetype before = m_ae->orderGets().size();
    const QJsonObject pass = sync();
    QCOMPARE(pass.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    const QJsonObject result = pass.value(QStringLiteral("result")).toObject();
    QCOMPARE(result.value(QStringLiteral("checked")).toInt(), 50);
    QCOMPARE(result.value(QStringLiteral("failed")).toInt(), 1);
    QCOMPARE(result.value(QStringLiteral("new_shipments")).toInt(), 49);
    const QJsonObject failure =
        result.value(QStringLiteral("failures")).toArray().at(0).toObject();
    QCOMPARE(failure.value(QStringLiteral("supplier_order_id")).toString(), bad.supplierOrderId);
    QCOMPARE(failure.value(QStringLiteral("order_id")).toInteger(), bad.orderId);
    QVERIFY(failure.value(QStringLiteral("retryable")).toBool());
    QCOMPARE(m_ae->orderGets().at(before), bad.supplierOrderId); // it did come first
    // The error is on the supplier order; the other 49 have their shipment.
    const QJsonObject row = supplierOrder(bad.orderId);
    QVERIFY2(row.value(QStringLiteral("last_error")).toString().contains(u"SYSTEM_ERROR"),
             QJsonDocument(row).toJson().constData());
    QVERIFY(row.value(QStringLiteral("checked_at")).isString());
    QCOMPARE(row.value(QStringLiteral("status")).toString(), QStringLiteral("placed"));
    auto all = storage::SupplierOrderRepository().all(m_t.backend->store().reader(), 100);
    QVERIFY(all);
    int shipped = 0;
    for (const SupplierOrder &so : *all)
        shipped += so.status == QLatin1String("shipped");
    QCOMPARE(shipped, 49);

    // The next pass: the bad order is last, not first; it still fails, the others go on.
    const qsizetype second = m_ae->orderGets().size();
    const QJsonObject again = sync();
    QCOMPARE(again.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    const QStringList gets = m_ae->orderGets().mid(second);
    QCOMPARE(gets.size(), 50);
    QVERIFY(gets.first() != bad.supplierOrderId);
    QCOMPARE(gets.last(), bad.supplierOrderId);
    // Back to normal: tracked like the others.
    m_ae->failOrderGet(bad.supplierOrderId, {});
    const QJsonObject third = sync();
    QCOMPARE(third.value(QStringLiteral("result")).toObject().value(QStringLiteral("failed")).toInt(),
             0);
    QCOMPARE(supplierOrder(bad.orderId).value(QStringLiteral("last_error")).toString(), QString());
}

void TestSupplierState::everyLookFailingFailsThePass()
{
    const qint64 id = placedOrder(7101);
    QVERIFY(id > 0);
    m_ae->failOrderGet(aeId(id), QStringLiteral("SYSTEM_ERROR"));
    const QJsonObject pass = sync(); // answers once the task is over: every attempt spent
    // Retried like an outage (a retryable code, every attempt made), not taken as done.
    QCOMPARE(pass.value(QStringLiteral("error_code")).toString(),
             QStringLiteral("SUPPLIER_UNAVAILABLE"));
    QVERIFY2(pass.value(QStringLiteral("attempts")).toInt() > 1,
             QJsonDocument(pass).toJson().constData());
    QVERIFY(supplierOrder(id)
                .value(QStringLiteral("last_error"))
                .toString()
                .contains(u"SYSTEM_ERROR"));
}

void TestSupplierState::closedBySellerHoldsTheOrder()
{
    const qint64 id = placedOrder(7201);
    QVERIFY(id > 0);
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("supplier_ordered"));
    const QString ae = aeId(id);
    m_ae->setOrderState(ae, QStringLiteral("FINISH"), QStringLiteral("seller_send_goods_timeout"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    const QJsonObject o = order(id);
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("on_hold"));
    QCOMPARE(o.value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("supplier_cancelled"));
    const QJsonObject so = supplierOrder(id);
    QCOMPARE(so.value(QStringLiteral("status")).toString(), QStringLiteral("closed"));
    QCOMPARE(so.value(QStringLiteral("supplier_status")).toString(), QStringLiteral("FINISH"));
    const QList<QJsonObject> p = problems(id);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p[0].value(QStringLiteral("problem")).toString(),
             QStringLiteral("supplier_cancelled"));
    QCOMPARE(p[0].value(QStringLiteral("supplier_order_id")).toString(), ae);
    QCOMPARE(p[0].value(QStringLiteral("out_order_id")).toString(),
             QStringLiteral("DC%1S%2").arg(id).arg(m_supplier));
    QCOMPARE(p[0].value(QStringLiteral("supplier_order")).toInteger(),
             so.value(QStringLiteral("id")).toInteger());
    QCOMPARE(p[0].value(QStringLiteral("retryable")).toBool(), false);
    QCOMPARE(p[0].value(QStringLiteral("end_reason")).toString(),
             QStringLiteral("seller_send_goods_timeout"));
    QCOMPARE(p[0].value(QStringLiteral("order_status")).toString(), QStringLiteral("on_hold"));
    QVERIFY(p[0].value(QStringLiteral("detail")).toString().contains(ae));
    // Closed is over: the next pass does not read it, and says nothing again.
    const QJsonObject again = sync();
    QCOMPARE(again.value(QStringLiteral("result")).toObject().value(QStringLiteral("checked")).toInt(),
             0);
    QCOMPARE(problems(id).size(), 1);
    // Not a payment: no retry.
    QCOMPARE(call("POST", QStringLiteral("/api/orders/%1/supplier-orders/%2/retry-payment")
                              .arg(id)
                              .arg(so.value(QStringLiteral("id")).toInteger()))
                 .status,
             409);
}

void TestSupplierState::beingCancelledHoldsTheOrder()
{
    const qint64 id = placedOrder(7301);
    QVERIFY(id > 0);
    m_ae->setOrderState(aeId(id), QStringLiteral("IN_CANCEL"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(order(id).value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("supplier_cancelled"));
    QCOMPARE(supplierOrder(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("cancelling"));
    // Then closed: a new status, the same problem, said again (it is over now).
    m_ae->setOrderState(aeId(id), QStringLiteral("FINISH"), QStringLiteral("CANCELED"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(supplierOrder(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("closed"));
    const QList<QJsonObject> p = problems(id);
    QCOMPARE(p.size(), 2);
    QCOMPARE(p[1].value(QStringLiteral("problem")).toString(),
             QStringLiteral("supplier_cancelled"));
    QCOMPARE(p[1].value(QStringLiteral("status")).toString(), QStringLiteral("closed"));
}

void TestSupplierState::unpaidThenClosedIsRetriedAsANewOrder()
{
    m_ae->setPaymentFails(true);
    const qint64 id = placedOrder(7401);
    QVERIFY(id > 0);
    // Placed but unpaid ("OrderCreated, autoPay fail"): held at once, said once.
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("hold_reason")).toString(),
                              QStringLiteral("supplier_payment_failed"), 20000);
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(), QStringLiteral("on_hold"));
    QJsonObject so = supplierOrder(id);
    const qint64 soid = so.value(QStringLiteral("id")).toInteger();
    const QString first = so.value(QStringLiteral("supplier_order_id")).toString();
    QCOMPARE(so.value(QStringLiteral("status")).toString(), QStringLiteral("payment_failed"));
    QList<QJsonObject> p = problems(id);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p[0].value(QStringLiteral("problem")).toString(), QStringLiteral("payment_failed"));
    QVERIFY(p[0].value(QStringLiteral("retryable")).toBool());
    QCOMPARE(p[0].value(QStringLiteral("retry_path")).toString(),
             QStringLiteral("/api/orders/%1/supplier-orders/%2/retry-payment").arg(id).arg(soid));
    QVERIFY(p[0].value(QStringLiteral("detail")).toString().contains(u"autoPay fail"));
    // Still unpaid at the next pass: nothing new said.
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(problems(id).size(), 1);

    // Still open at AliExpress: a second order could ship twice once someone pays the first.
    const QString retry =
        QStringLiteral("/api/orders/%1/supplier-orders/%2/retry-payment").arg(id).arg(soid);
    const Reply early = call("POST", retry);
    QCOMPARE(early.status, 409);
    QVERIFY(early.raw.contains("still open"));
    QCOMPARE(call("POST", retry, {}, Role::Viewer).status, 403);
    QCOMPARE(call("POST", QStringLiteral("/api/orders/%1/supplier-orders/%2/retry-payment")
                              .arg(id + 1000)
                              .arg(soid))
                 .status,
             404);

    // AliExpress closes it unpaid: said again, now retryable through the API.
    m_ae->setOrderState(first, QStringLiteral("FINISH"),
                        QStringLiteral("buyer_cancel_notpay_order"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(supplierOrder(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("closed"));
    p = problems(id);
    QCOMPARE(p.size(), 2);
    QCOMPARE(p[1].value(QStringLiteral("problem")).toString(), QStringLiteral("payment_failed"));
    QCOMPARE(p[1].value(QStringLiteral("status")).toString(), QStringLiteral("closed"));

    m_ae->setPaymentFails(false);
    const Reply retried = call("POST", retry);
    QCOMPARE(retried.status, 202);
    QCOMPARE(retried.json.value(QStringLiteral("out_order_id")).toString(),
             QStringLiteral("DC%1S%2R2").arg(id).arg(m_supplier));
    QCOMPARE(retried.json.value(QStringLiteral("closed_supplier_order_id")).toString(), first);
    QTRY_COMPARE_WITH_TIMEOUT(m_ae->orders().size(), 2, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("supplier_ordered"), 20000);
    so = supplierOrder(id);
    QCOMPARE(so.value(QStringLiteral("status")).toString(), QStringLiteral("placed"));
    QCOMPARE(so.value(QStringLiteral("supplier_order_id")).toString(), m_ae->orders().last().id);
    QCOMPARE(so.value(QStringLiteral("attempts")).toInt(), 2);
    // Once: the same retry again is refused (nothing closed to replace).
    QCOMPARE(call("POST", retry).status, 409);
    QCOMPARE(m_ae->orders().size(), 2);
}

void TestSupplierState::paidByHandReleasesTheHold()
{
    m_ae->setPaymentFails(true);
    const qint64 id = placedOrder(7501);
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("hold_reason")).toString(),
                              QStringLiteral("supplier_payment_failed"), 20000);
    // The operator paid it in AliExpress: the next pass releases the order.
    m_ae->setOrderState(aeId(id), QStringLiteral("WAIT_SELLER_SEND_GOODS"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("supplier_ordered"));
    const QJsonObject so = supplierOrder(id);
    QCOMPARE(so.value(QStringLiteral("status")).toString(), QStringLiteral("placed"));
    QCOMPARE(so.value(QStringLiteral("problem")).toString(), QString());
}

void TestSupplierState::riskControlHoldHoldsTheOrder()
{
    const qint64 id = placedOrder(7601);
    QVERIFY(id > 0);
    // The routine check after every payment is not a problem.
    m_ae->setOrderState(aeId(id), QStringLiteral("RISK_CONTROL"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("supplier_ordered"));
    QCOMPARE(problems(id).size(), 0);
    m_ae->setOrderState(aeId(id), QStringLiteral("RISK_CONTROL_HOLD"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(order(id).value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("supplier_risk_control"));
    QCOMPARE(supplierOrder(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("risk_control"));
    const QList<QJsonObject> p = problems(id);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p[0].value(QStringLiteral("problem")).toString(), QStringLiteral("risk_control"));
    QCOMPARE(p[0].value(QStringLiteral("supplier_status")).toString(),
             QStringLiteral("RISK_CONTROL_HOLD"));
    QCOMPARE(p[0].value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("supplier_risk_control"));
    // Closed by risk control after that: the same problem, now closed.
    m_ae->setOrderState(aeId(id), QStringLiteral("FINISH"), QStringLiteral("risk_reject_closed"));
    QCOMPARE(sync().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(problems(id).size(), 2);
    QCOMPARE(problems(id)[1].value(QStringLiteral("problem")).toString(),
             QStringLiteral("risk_control"));
}

void TestSupplierState::splitParcelsDeliverWhenAllArrive()
{
    const qint64 id = placedOrder(7701);
    QVERIFY(id > 0);
    const QString ae = aeId(id);
    m_ae->ship(ae, QStringLiteral("Cainiao"), QStringLiteral("LP001"));
    m_ae->addParcel(ae, QStringLiteral("YunExpress"), QStringLiteral("YT002"));
    m_ae->setOrderState(ae, QStringLiteral("SELLER_PART_SEND_GOODS"), {},
                        QStringLiteral("SELLER_SEND_PART_GOODS"));
    QJsonObject pass = sync();
    QCOMPARE(pass.value(QStringLiteral("result")).toObject().value(QStringLiteral("new_shipments")).toInt(),
             2);
    QCOMPARE(supplierOrder(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("shipped"));
    QTRY_COMPARE_WITH_TIMEOUT(order(id).value(QStringLiteral("status")).toString(),
                              QStringLiteral("shipped"), 20000);
    // One parcel arrives: the order is not delivered yet.
    m_ae->deliverParcel(ae, QStringLiteral("LP001"));
    m_ae->setOrderState(ae, QStringLiteral("WAIT_BUYER_ACCEPT_GOODS"), {},
                        QStringLiteral("SELLER_SEND_GOODS"));
    pass = sync();
    QCOMPARE(pass.value(QStringLiteral("result")).toObject().value(QStringLiteral("delivered")).toInt(),
             0);
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(), QStringLiteral("shipped"));
    // Both: delivered.
    m_ae->deliverParcel(ae, QStringLiteral("YT002"));
    pass = sync();
    QCOMPARE(pass.value(QStringLiteral("result")).toObject().value(QStringLiteral("delivered")).toInt(),
             1);
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    QCOMPARE(problems(id).size(), 0);
}

void TestSupplierState::checkInventoryFallsToTheBackup()
{
    const qint64 backup = addSupplier(QStringLiteral("Ali Store 2"));
    QVERIFY(addOffer(backup, QStringLiteral("1005002"), QStringLiteral("sku-x"), 1200, 1));
    m_ae->failProductGet(QStringLiteral("1005001"), QStringLiteral("B_PRODUCT_OFFLINE"));
    const qint64 id = placedOrder(7801);
    QVERIFY(id > 0);
    QCOMPARE(order(id).value(QStringLiteral("status")).toString(),
             QStringLiteral("supplier_ordered"));
    // The backup's product was asked for although the first failed, and placed.
    QCOMPARE(m_ae->orders()
                 .last()
                 .request.value(QStringLiteral("product_items"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("product_id"))
                 .toString(),
             QStringLiteral("1005002"));
    // check_inventory's own answer names the failed offer and counts the backup.
    const Reply check = call(
        "POST", QStringLiteral("/api/agents/order_manager/action?wait=30"),
        R"({"action":"check_inventory","input":{"product_ids":[632910392],"country":"FR"}})");
    QCOMPARE(check.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    const QJsonObject result = check.json.value(QStringLiteral("result")).toObject();
    QVERIFY(result.value(QStringLiteral("in_stock")).toBool());
    const QJsonArray offers = result.value(QStringLiteral("products"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("offers"))
                                  .toArray();
    QCOMPARE(offers.size(), 2);
    int failedOffers = 0;
    for (const QJsonValue &o : offers) {
        const QJsonObject offer = o.toObject();
        if (offer.contains(QStringLiteral("refresh_error"))) {
            ++failedOffers;
            QVERIFY(offer.value(QStringLiteral("refresh_error"))
                        .toString()
                        .contains(u"B_PRODUCT_OFFLINE"));
            QCOMPARE(offer.value(QStringLiteral("stock")).toInt(), 0);
        } else {
            QVERIFY(offer.value(QStringLiteral("stock")).toInt() > 0);
        }
    }
    QCOMPARE(failedOffers, 1);
}

void TestSupplierState::outageOfTwoHoursThenBack()
{
    // Retries and circuits run on the test's clock: two hours pass without sleeping.
    m_now = QDateTime::currentMSecsSinceEpoch();
    tasks::TaskManager &tasks = m_t.backend->tasks();
    tasks.setClock([this] { return m_now.load(); });
    // The first order's creation reaches AliExpress, whose answer never comes back (later than
    // the client waits): then AliExpress is down.
    m_ae->force({QStringLiteral("aliexpress.ds.order.create"), {}, {}, {}, 0, 3000});
    QVERIFY(postOrder(8001));
    QTRY_COMPARE_WITH_TIMEOUT(m_ae->orders().size(), 1, 30000);
    m_ae->setDown(true);
    for (qint64 id : {8002, 8003, 8004, 8005, 8006})
        QVERIFY(postOrder(id));
    // Six orders wait: the first at submit_to_supplier, the others at check_inventory, each
    // on the circuit, none dead.
    const auto waitingTasks = [this] {
        int n = 0;
        for (const QJsonValue &t : tasksIn(QStringLiteral("failed")))
            n += t[QStringLiteral("error_code")].toString() == QLatin1String("SUPPLIER_UNAVAILABLE");
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(waitingTasks(), 6, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(tasksIn(QStringLiteral("running")).size(), 0, 30000);
    QCOMPARE(aliexpressCircuit().value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(m_t.backend->alerts().sweep().value_or(-1), 1); // integration_down, once

    // Two hours, five minutes at a time: each time the circuit half-opens a single task probes
    // AliExpress; the others wait without calling it.
    for (int minutes = 5; minutes <= 120; minutes += 5) {
        m_now += 5 * 60'000;
        tasks.wake();
        QTRY_COMPARE_WITH_TIMEOUT(
            aliexpressCircuit().value(QStringLiteral("state")).toString() +
                QStringLiteral(", running: %1").arg(tasksIn(QStringLiteral("running")).size()),
            QStringLiteral("open, running: 0"), 30000);
    }
    QCOMPARE(tasksIn(QStringLiteral("dead")).size(), 0);
    QCOMPARE(waitingTasks(), 6);
    for (const QJsonValue &t : tasksIn(QStringLiteral("failed")))
        QVERIFY2(t[QStringLiteral("attempts")].toInt() <= 2, // the ones before the circuit opened
                 QJsonDocument(t.toObject()).toJson().constData());
    // A probe is one task's call (with the client's own read retries), not one per order.
    QVERIFY2(m_ae->callsWhileDown() < 6 * 24, qPrintable(QString::number(m_ae->callsWhileDown())));
    // The runs show what their steps wait for (all but the tasks that failed before the
    // circuit opened).
    int shown = 0;
    for (const QJsonValue &run :
         call("GET", QStringLiteral("/api/workflows/order_processing_workflow/runs"))
             .json.value(QStringLiteral("runs"))
             .toArray()) {
        const QJsonObject t = step(run.toObject(), QStringLiteral("check_inventory"))
                                  .value(QStringLiteral("task"))
                                  .toObject();
        if (t.value(QStringLiteral("error")).toString().startsWith(u"waiting for aliexpress")) {
            QCOMPARE(t.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
            QVERIFY(!t.value(QStringLiteral("next_attempt_at")).toString().isEmpty());
            ++shown;
        }
    }
    QVERIFY2(shown >= 3, qPrintable(QString::number(shown)));

    // AliExpress is back: the next probe closes the circuit and every order goes on at once,
    // each placed exactly once (the first found by its out_order_id, not created again).
    m_ae->setDown(false);
    m_now += 10 * 60'000;
    tasks.wake();
    const auto placed = [this] {
        int n = 0;
        for (const QJsonValue &o : call("GET", QStringLiteral("/api/orders?limit=50"))
                                       .json.value(QStringLiteral("orders"))
                                       .toArray())
            n += o[QStringLiteral("status")].toString() == QLatin1String("supplier_ordered");
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(placed(), 6, 90000);
    QCOMPARE(m_ae->orders().size(), 6);
    QSet<QString> outIds;
    for (const auto &o : m_ae->orders())
        outIds.insert(o.outOrderId);
    QCOMPARE(outIds.size(), 6);
    QCOMPARE(aliexpressCircuit().value(QStringLiteral("state")).toString(),
             QStringLiteral("closed"));
    QCOMPARE(tasksIn(QStringLiteral("dead")).size(), 0);
    tasks.setClock({});
}

QTEST_MAIN(TestSupplierState)
#include "tst_supplierstate.moc"
