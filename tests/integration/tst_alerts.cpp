// SPDX-License-Identifier: GPL-3.0-or-later
// Operator alerts end to end (issue 22): a rule fires once for two triggers (one alert, count
// 2), an operator acknowledges it and the next trigger raises a new one; the alert is mailed
// through a local SMTP server and delivered to an outbound webhook with a Slack-compatible text;
// an order held longer than the rule's minutes is raised by the sweep, moved in time by the
// injectable clock (no sleeping), once; a rule disabled through the API raises nothing;
// notify_admin raises a workflow_notification alert.
#include "fakesmtp.h"
#include "http.h"
#include "testbackend.h"
#include "testdb.h"

#include "alerts/alertservice.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/sqlutil.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;
using security::Role;

class TestAlerts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void ruleFiresOnceThenAcknowledged();
    void sameEventCountsOnce();
    void mailedThroughSmtp();
    void webhookGetsSlackText();
    void heldLongerThanTheRuleRaisesOnce();
    void disabledRuleRaisesNothing();
    void staleTrackingAfterDays();
    void unconfirmedSupplierOrderAfterAnHour();
    void eventRulesMapTheirTopics();
    void notifyAdminRaisesAnAlert();
    void integrationDownOncePerOutage();

private:
    using Reply = HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               Role role = Role::Admin)
    {
        return httpCall(m_nam, m_t.base, method, path, body, "application/json",
                        m_t.bearer.value(role));
    }
    void publish(const QLatin1StringView &topic, const QJsonObject &data,
                 const QString &key = QStringLiteral("alerts-test"))
    {
        auto id = m_t.backend->events()
                      .publish(events::EventDraft{
                          QString(topic), data, key, QStringLiteral("test"), {}, {}})
                      .result();
        QVERIFY(id);
    }
    QJsonArray alerts(const QString &query)
    {
        return call("GET", QStringLiteral("/api/alerts?") + query)
            .json.value(QStringLiteral("alerts"))
            .toArray();
    }
    qint64 addOrder(const QString &name, const QString &holdReason, qint64 updatedAtMs,
                    const QString &status = QStringLiteral("on_hold"));
    // One SQL statement in a write transaction; the id it returns (RETURNING id), or 0.
    qint64 insert(const QString &sql, const QVariantList &binds);
    void moveClock(qint64 ms) { m_now = m_now.addMSecs(ms); }

    QTemporaryDir m_dir;
    std::unique_ptr<ScratchDatabase> m_db;
    TestBackend m_t;
    QNetworkAccessManager m_nam;
    FakeSmtp m_smtp;
    QHttpServer m_hook;
    QList<QByteArray> m_hookBodies;
    quint16 m_hookPort = 0;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
};

void TestAlerts::initTestCase()
{
    m_db = std::make_unique<ScratchDatabase>();
    DC_REQUIRE_DB(*m_db);
    m_hook.route(QStringLiteral("/hook"), [this](const QHttpServerRequest &req) {
        m_hookBodies << req.body();
        return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
    });
    auto *tcp = new QTcpServer(this);
    QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
    m_hookPort = tcp->serverPort();
    m_hook.bind(tcp);
    const QByteArray ini = "[limits]\nip_rate=0\nuser_rate=0\nsensitive_per_minute=0\n"
                           "[shopify]\nreconcile_minutes=0\npoll_seconds=0\n"
                           "[smtp]\nurl=smtp://127.0.0.1:" +
                           QByteArray::number(m_smtp.port()) +
                           "\nfrom=dropcrew@lumen.example\ntls=none\n"
                           "alerts_to=\"ops@lumen.example, boss@lumen.example\"\n";
    auto t = startTestBackend(m_dir.path(), ini,
                              backendUnderTest() == storage::Backend::Postgres ? m_db->urlString()
                                                                               : QString());
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
    m_t.backend->alerts().setClock([this] { return m_now; });
}

void TestAlerts::cleanupTestCase()
{
    // The fake SMTP server answers on this thread: every e-mail is sent before the backend
    // stops (it waits for its handlers).
    const auto pending = [this] {
        int n = 0;
        for (const QJsonValue &v : alerts(QStringLiteral("state=all&limit=500")))
            n += v.toObject().value(QStringLiteral("email")).toString() == QLatin1String("pending");
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(pending(), 0, 30000);
    m_t.backend.reset();
}

qint64 TestAlerts::insert(const QString &sql, const QVariantList &binds)
{
    auto id = m_t.backend->store().writeAndWait<qint64>(
        [&](storage::WriteContext &w) -> storage::DbResult<qint64> {
            auto q = storage::exec(w.db(), sql + QStringLiteral(" RETURNING id"), binds);
            if (!q)
                return std::unexpected(q.error());
            return q->next() ? q->value(0).toLongLong() : 0;
        });
    return id ? *id : 0;
}

qint64 TestAlerts::addOrder(const QString &name, const QString &holdReason, qint64 updatedAtMs,
                            const QString &status)
{
    return insert(
        QStringLiteral("INSERT INTO orders (shop, name, status, currency, subtotal_minor, "
                       "shipping_minor, tax_minor, total_minor, created_at, updated_at, "
                       "hold_reason) VALUES ('lumen.myshopify.com', ?, ?, 'EUR', 1000, "
                       "0, 0, 1000, ?, ?, ?)"),
        {name, status, updatedAtMs, updatedAtMs, holdReason});
}

void TestAlerts::ruleFiresOnceThenAcknowledged()
{
    const QJsonObject stock{{QStringLiteral("product_id"), 1},
                            {QStringLiteral("variant_id"), 41},
                            {QStringLiteral("sku"), QStringLiteral("sku-41")},
                            {QStringLiteral("stock"), 3},
                            {QStringLiteral("threshold"), 10}};
    publish(events::topics::kProductStockAlert, stock);
    publish(events::topics::kProductStockAlert, stock);
    QTRY_COMPARE_WITH_TIMEOUT(alerts(QStringLiteral("rule=low_stock"))
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("count"))
                                  .toInt(),
                              2, 15000);
    const QJsonArray open = alerts(QStringLiteral("rule=low_stock"));
    QCOMPARE(open.size(), 1); // deduplicated
    const QJsonObject a = open.at(0).toObject();
    const qint64 id = a.value(QStringLiteral("id")).toInteger();
    QCOMPARE(a.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(a.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
    QCOMPARE(a.value(QStringLiteral("key")).toString(), QStringLiteral("variant:41"));
    QVERIFY(a.value(QStringLiteral("subject")).toString().contains(QStringLiteral("sku-41")));
    // One alert.raised for the two triggers.
    QCOMPARE(call("GET", QStringLiteral("/api/events?topic=alert.raised"))
                 .json.value(QStringLiteral("events"))
                 .toArray()
                 .size(),
             1);

    // Viewers read alerts but may not acknowledge; an operator does, and is recorded.
    QCOMPARE(call("GET", QStringLiteral("/api/alerts"), {}, Role::Viewer).status, 200);
    QCOMPARE(call("POST", QStringLiteral("/api/alerts/%1/ack").arg(id), {}, Role::Viewer).status,
             403);
    QCOMPARE(call("POST", QStringLiteral("/api/alerts/999999/ack")).status, 404);
    const Reply ack =
        call("POST", QStringLiteral("/api/alerts/%1/ack").arg(id), {}, Role::Operator);
    QCOMPARE(ack.status, 200);
    QCOMPARE(ack.json.value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
    const QString by = ack.json.value(QStringLiteral("acknowledged_by")).toString();
    QVERIFY2(by.startsWith(QStringLiteral("key:")), qPrintable(by));
    // Again: the first acknowledgement stays.
    QCOMPARE(call("POST", QStringLiteral("/api/alerts/%1/ack").arg(id))
                 .json.value(QStringLiteral("acknowledged_by"))
                 .toString(),
             by);
    QCOMPARE(alerts(QStringLiteral("rule=low_stock")).size(), 0);
    QCOMPARE(alerts(QStringLiteral("rule=low_stock&state=acknowledged")).size(), 1);
    QCOMPARE(call("GET", QStringLiteral("/api/alerts?state=nope")).status, 400);

    // Raised again after the acknowledgement: a new alert.
    publish(events::topics::kProductStockAlert, stock);
    QTRY_COMPARE_WITH_TIMEOUT(alerts(QStringLiteral("rule=low_stock")).size(), 1, 15000);
    QVERIFY(alerts(QStringLiteral("rule=low_stock"))
                .at(0)
                .toObject()
                .value(QStringLiteral("id"))
                .toInteger() != id);
    QCOMPARE(alerts(QStringLiteral("rule=low_stock&state=all")).size(), 2);
}

void TestAlerts::sameEventCountsOnce()
{
    // Durable deliveries are at least once: the same event again does not count again.
    alerts::AlertService &service = m_t.backend->alerts();
    alerts::AlertDraft d;
    d.rule = QString(alerts::kLowStock);
    d.key = QStringLiteral("variant:555");
    d.subject = QStringLiteral("Supplier stock low for sku-555");
    d.eventId = 9001;
    auto first = service.raise(d);
    QVERIFY(first && first->raised);
    QCOMPARE(first->count, 1);
    auto again = service.raise(d);
    QVERIFY(again && !again->raised);
    d.eventId = 9002;
    auto next = service.raise(d);
    QVERIFY(next && !next->raised);
    QCOMPARE(next->count, 2);
    QCOMPARE(next->id, first->id);
}

void TestAlerts::mailedThroughSmtp()
{
    publish(events::topics::kOrderCancelledAfterSupplier,
            {{QStringLiteral("order_id"), 424242},
             {QStringLiteral("name"), QStringLiteral("#1900")},
             {QStringLiteral("reason"), QStringLiteral("cancelled in Shopify")},
             {QStringLiteral("supplier_orders"),
              QJsonArray{
                  QJsonObject{{QStringLiteral("out_order_id"), QStringLiteral("DC1S1")},
                              {QStringLiteral("supplier_order_id"), QStringLiteral("8100000001")},
                              {QStringLiteral("status"), QStringLiteral("placed")}}}}});
    const auto mailed = [this] {
        for (const FakeSmtp::Message &m : m_smtp.messages())
            if (m.text().contains(QStringLiteral("8100000001")))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(mailed(), 15000);
    QList<FakeSmtp::Message> about;
    for (const FakeSmtp::Message &m : m_smtp.messages())
        if (m.text().contains(QStringLiteral("8100000001")))
            about << m;
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            int n = 0;
            for (const FakeSmtp::Message &m : m_smtp.messages())
                n += m.text().contains(QStringLiteral("8100000001")) ? 1 : 0;
            return n;
        }(),
        2, 15000); // both operators
    const FakeSmtp::Message m = about.first();
    QVERIFY(m.to.contains(QStringLiteral("<ops@lumen.example>")) ||
            m.to.contains(QStringLiteral("<boss@lumen.example>")));
    QVERIFY(m.text().contains(QStringLiteral("#1900")));
    QVERIFY(m.text().contains(QStringLiteral("order_cancelled_after_supplier")));
    const QJsonObject a =
        alerts(QStringLiteral("rule=order_cancelled_after_supplier")).at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QTRY_COMPARE_WITH_TIMEOUT(
        call("GET", QStringLiteral("/api/alerts/%1").arg(a.value(QStringLiteral("id")).toInteger()))
            .json.value(QStringLiteral("email"))
            .toString(),
        QStringLiteral("sent"), 15000);
}

void TestAlerts::webhookGetsSlackText()
{
    const Reply sub = call(
        "POST", QStringLiteral("/api/subscriptions"),
        QJsonDocument(
            QJsonObject{
                {QStringLiteral("name"), QStringLiteral("slack")},
                {QStringLiteral("patterns"), QJsonArray{QStringLiteral("alert.raised")}},
                {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/hook").arg(m_hookPort)},
                {QStringLiteral("secret"), QStringLiteral("slack-signing-secret-0123456789")}})
            .toJson());
    QVERIFY2(sub.status == 201 || sub.status == 200, sub.raw.constData());
    publish(events::topics::kOrderSupplierProblem,
            {{QStringLiteral("order_id"), 424243},
             {QStringLiteral("supplier_order_id"), QStringLiteral("8100000002")},
             {QStringLiteral("out_order_id"), QStringLiteral("dc-77-1")},
             {QStringLiteral("problem"), QStringLiteral("payment_failed")},
             {QStringLiteral("detail"), QStringLiteral("OrderCreated, autoPay fail")},
             {QStringLiteral("retryable"), true}});
    QTRY_VERIFY_WITH_TIMEOUT(!m_hookBodies.isEmpty(), 15000);
    const QJsonObject body = QJsonDocument::fromJson(m_hookBodies.first()).object();
    QCOMPARE(body.value(QStringLiteral("topic")).toString(), QStringLiteral("alert.raised"));
    const QString text = body.value(QStringLiteral("text")).toString();
    QVERIFY2(text.startsWith(QStringLiteral("[critical] ")) &&
                 text.contains(QStringLiteral("8100000002")) &&
                 text.contains(QStringLiteral("payment_failed")),
             qPrintable(text));
    const QJsonObject data = body.value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("rule")).toString(),
             QStringLiteral("supplier_payment_failed"));
    QCOMPARE(data.value(QStringLiteral("text")).toString(), text);
}

void TestAlerts::heldLongerThanTheRuleRaisesOnce()
{
    alerts::AlertService &service = m_t.backend->alerts();
    const qint64 start = m_now.toMSecsSinceEpoch();
    const qint64 stuck =
        addOrder(QStringLiteral("#2001"), QStringLiteral("address_incomplete"), start);
    const qint64 unpaid = addOrder(QStringLiteral("#2002"), QStringLiteral("not_paid"), start);
    const qint64 margin = addOrder(QStringLiteral("#2003"), QStringLiteral("low_margin"), start);
    QVERIFY(stuck && unpaid && margin);
    const auto heldAlerts = [this](const QString &rule) {
        return alerts(QStringLiteral("state=all&rule=") + rule);
    };
    // At once: only low_margin (0 minutes by default).
    QCOMPARE(service.sweep().value_or(-1), 1);
    QCOMPARE(heldAlerts(QStringLiteral("low_margin")).size(), 1);
    QCOMPARE(heldAlerts(QStringLiteral("order_held")).size(), 0);
    moveClock(59 * 60'000);
    QCOMPARE(service.sweep().value_or(-1), 0);
    moveClock(2 * 60'000); // 61 minutes: the address hold, not yet the unpaid one (a day)
    QCOMPARE(service.sweep().value_or(-1), 1);
    QJsonArray held = heldAlerts(QStringLiteral("order_held"));
    QCOMPARE(held.size(), 1);
    QJsonObject a = held.at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("order_id")).toInteger(), stuck);
    QVERIFY(a.value(QStringLiteral("subject")).toString().contains(QStringLiteral("#2001")));
    QCOMPARE(a.value(QStringLiteral("detail")).toObject().value(QStringLiteral("hold_reason")),
             QJsonValue(QStringLiteral("address_incomplete")));
    // Every later sweep: nothing more while it is open, nor once acknowledged.
    QCOMPARE(service.sweep().value_or(-1), 0);
    QCOMPARE(
        call("POST",
             QStringLiteral("/api/alerts/%1/ack").arg(a.value(QStringLiteral("id")).toInteger()))
            .status,
        200);
    moveClock(10 * 60'000);
    QCOMPARE(service.sweep().value_or(-1), 0);
    moveClock(24 * 60 * 60'000);
    QCOMPARE(service.sweep().value_or(-1), 1); // the unpaid order's day
    held = heldAlerts(QStringLiteral("order_held"));
    QCOMPARE(held.size(), 2);
    QCOMPARE(held.at(0).toObject().value(QStringLiteral("order_id")).toInteger(), unpaid);
    QCOMPARE(held.at(0).toObject().value(QStringLiteral("count")).toInt(), 1);
}

void TestAlerts::disabledRuleRaisesNothing()
{
    QCOMPARE(call("PUT", QStringLiteral("/api/alert-rules/low_stock"), R"({"enabled":false})",
                  Role::Operator)
                 .status,
             403);
    QCOMPARE(call("PUT", QStringLiteral("/api/alert-rules/nope"), R"({"enabled":false})").status,
             404);
    QCOMPARE(
        call("PUT", QStringLiteral("/api/alert-rules/order_held"), R"({"params":{"x":1}})").status,
        400);
    QCOMPARE(
        call("PUT", QStringLiteral("/api/alert-rules/order_held"), R"({"params":{"minutes":-1}})")
            .status,
        400);
    QCOMPARE(
        call("PUT", QStringLiteral("/api/alert-rules/low_stock"), R"({"channels":["sms"]})").status,
        400);
    const Reply off =
        call("PUT", QStringLiteral("/api/alert-rules/low_stock"), R"({"enabled":false})");
    QCOMPARE(off.status, 200);
    QCOMPARE(off.json.value(QStringLiteral("enabled")).toBool(), false);
    QVERIFY(
        off.json.value(QStringLiteral("updated_by")).toString().startsWith(QStringLiteral("key:")));
    const QJsonArray rules = call("GET", QStringLiteral("/api/alert-rules"), {}, Role::Viewer)
                                 .json.value(QStringLiteral("rules"))
                                 .toArray();
    QCOMPARE(rules.size(), alerts::shippedRules().size());
    // Two events with one key reach the handler in order: once the second one's alert is
    // there, the first (disabled) one was handled.
    publish(events::topics::kProductStockAlert,
            {{QStringLiteral("variant_id"), 99}, {QStringLiteral("sku"), QStringLiteral("sku-99")}},
            QStringLiteral("ordered"));
    publish(events::topics::kOrderSupplierProblem,
            {{QStringLiteral("order_id"), 1},
             {QStringLiteral("out_order_id"), QStringLiteral("dc-99-1")},
             {QStringLiteral("problem"), QStringLiteral("risk_control")}},
            QStringLiteral("ordered"));
    QTRY_COMPARE_WITH_TIMEOUT(alerts(QStringLiteral("rule=supplier_problem")).size(), 1, 15000);
    for (const QJsonValue &v : alerts(QStringLiteral("state=all&rule=low_stock")))
        QVERIFY(v.toObject().value(QStringLiteral("key")).toString() !=
                QStringLiteral("variant:99"));
    QCOMPARE(
        call("PUT", QStringLiteral("/api/alert-rules/low_stock"), R"({"enabled":true,"params":{}})")
            .status,
        200);
    // Params: a rule's own keys, the rest keeps the shipped value.
    const Reply days = call("PUT", QStringLiteral("/api/alert-rules/tracking_stale"),
                            R"({"params":{"days":3},"channels":["webhook"]})");
    QCOMPARE(days.status, 200);
    QCOMPARE(days.json.value(QStringLiteral("params")).toObject().value(QStringLiteral("days")),
             QJsonValue(3));
    QCOMPARE(days.json.value(QStringLiteral("channels")).toArray(),
             QJsonArray{QStringLiteral("webhook")});
}

void TestAlerts::staleTrackingAfterDays()
{
    // tracking_stale is 3 days since disabledRuleRaisesNothing; a tracking event restarts it.
    alerts::AlertService &service = m_t.backend->alerts();
    const qint64 t0 = m_now.toMSecsSinceEpoch();
    const qint64 order =
        addOrder(QStringLiteral("#3001"), QString(), t0, QStringLiteral("supplier_ordered"));
    const qint64 supplier =
        insert(QStringLiteral("INSERT INTO suppliers (name, platform, "
                              "created_at) VALUES ('AE store', 'aliexpress', ?)"),
               {t0});
    QVERIFY(order && supplier);
    QVERIFY(
        insert(QStringLiteral("INSERT INTO supplier_orders (order_id, supplier_id, out_order_id, "
                              "supplier_order_id, status, lines, cost_minor, shipping_minor, "
                              "currency, placed_at, created_at, updated_at) VALUES (?, ?, "
                              "'dc-3001-1', '8100003001', 'placed', '[]', 500, 100, 'EUR', ?, "
                              "?, ?)"),
               {order, supplier, t0, t0, t0}));
    const auto stale = [this] { return alerts(QStringLiteral("state=all&rule=tracking_stale")); };
    moveClock(2 * 24 * 3600'000LL);
    QCOMPARE(service.sweep().value_or(-1), 0);
    // A parcel's tracking event one day in: the three days count from it.
    const qint64 shipment = insert(
        QStringLiteral("INSERT INTO shipments (order_id, supplier_order_id, tracking_number, "
                       "created_at, updated_at) VALUES (?, '8100003001', 'LP1', ?, ?)"),
        {order, t0, t0});
    QVERIFY(shipment);
    QVERIFY(insert(QStringLiteral("INSERT INTO tracking_events (shipment_id, at, status) VALUES "
                                  "(?, ?, 'in_transit')"),
                   {shipment, t0 + 24 * 3600'000LL}));
    moveClock(24 * 3600'000LL + 60'000); // 3 days after placing, 2 after the event
    QCOMPARE(service.sweep().value_or(-1), 0);
    moveClock(24 * 3600'000LL);
    QCOMPARE(service.sweep().value_or(-1), 1);
    QCOMPARE(stale().size(), 1);
    const QJsonObject a = stale().at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("order_id")).toInteger(), order);
    QVERIFY(a.value(QStringLiteral("subject")).toString().contains(QStringLiteral("8100003001")));
    QCOMPARE(service.sweep().value_or(-1), 0);
}

void TestAlerts::unconfirmedSupplierOrderAfterAnHour()
{
    // Asked for at AliExpress, no answer seen: it may exist there. The operator hears of it
    // after `minutes` (60), once.
    alerts::AlertService &service = m_t.backend->alerts();
    const qint64 t0 = m_now.toMSecsSinceEpoch();
    const qint64 order =
        addOrder(QStringLiteral("#3101"), QString(), t0, QStringLiteral("validated"));
    const qint64 supplier =
        insert(QStringLiteral("INSERT INTO suppliers (name, platform, "
                              "created_at) VALUES ('AE store 2', 'aliexpress', ?)"),
               {t0});
    QVERIFY(order && supplier);
    QVERIFY(
        insert(QStringLiteral("INSERT INTO supplier_orders (order_id, supplier_id, out_order_id, "
                              "status, lines, cost_minor, shipping_minor, currency, created_at, "
                              "updated_at) VALUES (?, ?, 'DC3101S1', 'submitting', '[]', 500, "
                              "100, 'EUR', ?, ?)"),
               {order, supplier, t0, t0}));
    const auto unconfirmed = [this] {
        return alerts(QStringLiteral("state=all&rule=supplier_order_unconfirmed"));
    };
    moveClock(59 * 60'000);
    QCOMPARE(service.sweep().value_or(-1), 0);
    moveClock(2 * 60'000);
    QCOMPARE(service.sweep().value_or(-1), 1);
    QCOMPARE(unconfirmed().size(), 1);
    const QJsonObject a = unconfirmed().at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("order_id")).toInteger(), order);
    QVERIFY(a.value(QStringLiteral("subject")).toString().contains(QStringLiteral("DC3101S1")));
    QCOMPARE(a.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QCOMPARE(service.sweep().value_or(-1), 0);
}

void TestAlerts::eventRulesMapTheirTopics()
{
    // A submission that died outside a workflow: supplier_order_failed, not dead_task.
    publish(events::topics::kTaskDead,
            {{QStringLiteral("task_id"), 777001},
             {QStringLiteral("kind"), QStringLiteral("order_manager.submit_to_supplier")},
             {QStringLiteral("state"), QStringLiteral("dead")},
             {QStringLiteral("error"), QStringLiteral("AliExpress refused")}});
    // A workflow step refused at its first attempt (an order held): the order rules say it.
    publish(events::topics::kTaskDead,
            {{QStringLiteral("task_id"), 777003},
             {QStringLiteral("kind"), QStringLiteral("order_manager.validate_order")},
             {QStringLiteral("state"), QStringLiteral("dead")},
             {QStringLiteral("workflow_run_id"), 41},
             {QStringLiteral("attempt"), 1},
             {QStringLiteral("error_code"), QStringLiteral("NOT_PAID")},
             {QStringLiteral("error"), QStringLiteral("not paid")}});
    publish(events::topics::kTaskDead,
            {{QStringLiteral("task_id"), 777002},
             {QStringLiteral("kind"), QStringLiteral("website_builder.refund")},
             {QStringLiteral("state"), QStringLiteral("dead")},
             {QStringLiteral("error"), QStringLiteral("Shopify said no")}});
    // A step whose retries an outage used up.
    publish(events::topics::kTaskDead,
            {{QStringLiteral("task_id"), 777004},
             {QStringLiteral("kind"), QStringLiteral("order_manager.check_inventory")},
             {QStringLiteral("state"), QStringLiteral("dead")},
             {QStringLiteral("workflow_run_id"), 42},
             {QStringLiteral("attempt"), 5},
             {QStringLiteral("error"), QStringLiteral("AliExpress unreachable")}});
    QTRY_COMPARE_WITH_TIMEOUT(alerts(QStringLiteral("rule=dead_task")).size(), 2, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(alerts(QStringLiteral("rule=supplier_order_failed")).size(), 1,
                              15000);
    QCOMPARE(alerts(QStringLiteral("rule=supplier_order_failed"))
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("key"))
                 .toString(),
             QStringLiteral("task:777001"));
    QStringList deadKeys;
    for (const QJsonValue &v : alerts(QStringLiteral("rule=dead_task")))
        deadKeys << v.toObject().value(QStringLiteral("key")).toString();
    deadKeys.sort();
    QCOMPARE(deadKeys, (QStringList{QStringLiteral("task:777002"), QStringLiteral("task:777004")}));
}

void TestAlerts::notifyAdminRaisesAnAlert()
{
    const QByteArray yaml =
        "name: tell_ops\nsteps:\n  - name: tell\n    agent: system\n"
        "    action: notify_admin\n    input: {subject: \"stock sync stuck\"}\n";
    QCOMPARE(httpCall(m_nam, m_t.base, "PUT", QStringLiteral("/api/workflows/tell_ops/definition"),
                      yaml, "application/yaml", m_t.bearer.value(Role::Admin))
                 .status,
             200);
    const qint64 run = call("POST", QStringLiteral("/api/workflows/tell_ops"))
                           .json.value(QStringLiteral("run_id"))
                           .toInteger();
    QVERIFY(run > 0);
    QTRY_COMPARE_WITH_TIMEOUT(alerts(QStringLiteral("rule=workflow_notification")).size(), 1,
                              15000);
    const QJsonObject a = alerts(QStringLiteral("rule=workflow_notification")).at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("subject")).toString(), QStringLiteral("stock sync stuck"));
    QCOMPARE(a.value(QStringLiteral("key")).toString(), QStringLiteral("run:%1:tell").arg(run));
    // The event earlier subscribers follow is still published.
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                                  .json.value(QStringLiteral("events"))
                                  .toArray()
                                  .size(),
                              1, 15000);
}

void TestAlerts::integrationDownOncePerOutage()
{
    alerts::AlertService &service = m_t.backend->alerts();
    bool up = false;
    service.setIntegrationProbe([&up] {
        return QList<alerts::IntegrationHealth>{
            {QStringLiteral("aliexpress"), up, QStringLiteral("timeout")}};
    });
    const auto down = [this] { return alerts(QStringLiteral("state=all&rule=integration_down")); };
    QCOMPARE(service.sweep().value_or(-1), 1);
    moveClock(60'000);
    QCOMPARE(service.sweep().value_or(-1), 0);
    QCOMPARE(down().size(), 1);
    QCOMPARE(call("POST", QStringLiteral("/api/alerts/%1/ack")
                              .arg(down().at(0).toObject().value(QStringLiteral("id")).toInteger()))
                 .status,
             200);
    moveClock(60'000);
    QCOMPARE(service.sweep().value_or(-1), 0); // the same outage
    up = true;
    moveClock(60'000);
    QCOMPARE(service.sweep().value_or(-1), 0);
    up = false;
    moveClock(60'000);
    QCOMPARE(service.sweep().value_or(-1), 1); // a new outage
    QCOMPARE(down().size(), 2);
    service.setIntegrationProbe({});
}

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
