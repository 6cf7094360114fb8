// SPDX-License-Identifier: GPL-3.0-or-later
// Roles and the backend's own work, over real sockets: topics that drive money and state are
// the backend's alone; every agent action needs its own permission (a table of every action
// and role); caller-given keys cannot take the engine's; a workflow's author may only use the
// actions they may call; viewers see no personal data and no credentials in URLs; endpoints
// that receive a stored secret must be given it again when they move; storage errors' text is
// not public; a new data folder and database are the owner's alone.
#include "http.h"
#include "storage/sqlutil.h"
#include "testbackend.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using security::Role;

class TestRoles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void backendTopicsCannotBePublished_data();
    void backendTopicsCannotBePublished();
    void externalTopicsCarryTheirPublisher();
    void everyActionNeedsItsPermission_data();
    void everyActionNeedsItsPermission();
    void internalWorkIsNotCallable();
    void callerKeysCannotTakeTheEnginesKeys();
    void retryNeedsTheKindsPermission();
    void workflowAuthorsUseOnlyTheirActions();
    void viewersSeeNoPersonalDataNorUrlCredentials();
    void movedEndpointsNeedTheirSecretAgain();
    void storageErrorsAreNotPublic();
    void newDataFolderIsPrivate();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               Role role = Role::Admin)
    {
        return dc::test::httpCall(m_nam, m_t.base, method, path, body, "application/json",
                                  m_t.bearer.value(role));
    }
    qint64 scalar(const QString &sql)
    {
        auto q = storage::exec(m_t.backend->store().reader(), sql);
        return q && q->next() ? q->value(0).toLongLong() : -1;
    }
    QTemporaryDir m_dir;
    dc::test::TestBackend m_t;
    QNetworkAccessManager m_nam;
};

void TestRoles::initTestCase()
{
    auto t = dc::test::startTestBackend(m_dir.path(),
                                        "[limits]\nip_rate=0\nuser_rate=0\nsensitive_per_minute="
                                        "0\n[shopify]\nreconcile_minutes=0\npoll_seconds=0\n");
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
}

void TestRoles::cleanupTestCase()
{
    m_t.backend.reset();
}

void TestRoles::backendTopicsCannotBePublished_data()
{
    QTest::addColumn<int>("roleIndex");
    QTest::addColumn<QString>("topic");
    for (Role role : {Role::Operator, Role::Agent, Role::Admin})
        for (const char *topic :
             {"order.refund_requested", "order.created", "order.cancel_requested",
              "shipment.created", "product.stock_alert", "catalog.offer_changed", "secret.changed",
              "task.succeeded", "workflow.run.started", "shopify.reconciled", "privacy.shop_redact",
              "admin.notification", "alert.raised", "remote_agent.changed", "anything.new"})
            QTest::addRow("%s publishes %s", qPrintable(security::roleName(role)), topic)
                << int(role) << QString::fromLatin1(topic);
}

void TestRoles::backendTopicsCannotBePublished()
{
    QFETCH(int, roleIndex);
    const Role role = Role(roleIndex);
    QFETCH(QString, topic);
    const qint64 eventsBefore = scalar(QStringLiteral("SELECT COUNT(*) FROM events"));
    const qint64 runsBefore = scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs"));
    const Reply r =
        call("POST", QStringLiteral("/api/events"),
             QJsonDocument(QJsonObject{{QStringLiteral("topic"), topic},
                                       {QStringLiteral("data"),
                                        QJsonObject{{QStringLiteral("order_id"), 1},
                                                    {QStringLiteral("amount_minor"), 100000}}}})
                 .toJson(),
             role);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    QVERIFY2(r.raw.contains("\"field\":\"topic\""), r.raw.constData());
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM events")), eventsBefore);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM workflow_runs")), runsBefore);
}

void TestRoles::externalTopicsCarryTheirPublisher()
{
    // The source is the server's to say: a body naming one is refused, and the stored event
    // names the caller.
    Reply r = call("POST", QStringLiteral("/api/events"),
                   R"({"topic":"ext.crm.lead","source":"shopify","data":{}})", Role::Agent);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.raw.contains("source"), r.raw.constData());
    r = call("POST", QStringLiteral("/api/events"),
             R"({"topic":"ext.crm.lead","key":"lead-1","data":{"n":1}})", Role::Agent);
    QCOMPARE(r.status, 201);
    const Reply h = call("GET", QStringLiteral("/api/events?topic=ext.crm.lead"));
    const QJsonObject e = h.json.value(QStringLiteral("events")).toArray().last().toObject();
    QCOMPARE(e.value(QStringLiteral("source")).toString(), QStringLiteral("api:key:test-agent"));
    QCOMPARE(e.value(QStringLiteral("key")).toString(),
             QStringLiteral("api:key:test-agent:lead-1"));
}

void TestRoles::everyActionNeedsItsPermission_data()
{
    QTest::addColumn<QString>("agent");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("permission");
    QTest::addColumn<int>("roleIndex");
    const Reply listed = call("GET", QStringLiteral("/api/agents"));
    QCOMPARE(listed.status, 200);
    int actions = 0;
    for (const QJsonValue &a : listed.json.value(QStringLiteral("agents")).toArray())
        for (const QJsonValue &act : a.toObject().value(QStringLiteral("actions")).toArray()) {
            const QString agent = a.toObject().value(QStringLiteral("name")).toString();
            const QString action = act.toObject().value(QStringLiteral("name")).toString();
            const QString permission =
                act.toObject().value(QStringLiteral("permission")).toString();
            QVERIFY2(security::allPermissions().contains(permission),
                     qPrintable(agent + QLatin1Char('.') + action + QStringLiteral(" declares ") +
                                permission));
            ++actions;
            for (Role role : {Role::Viewer, Role::Operator, Role::Agent, Role::Admin})
                QTest::addRow("%s.%s as %s", qPrintable(agent), qPrintable(action),
                              qPrintable(security::roleName(role)))
                    << agent << action << permission << int(role);
        }
    QVERIFY(actions >= 25);
}

void TestRoles::everyActionNeedsItsPermission()
{
    QFETCH(QString, agent);
    QFETCH(QString, action);
    QFETCH(QString, permission);
    QFETCH(int, roleIndex);
    const Role role = Role(roleIndex);
    // An input no action accepts: an allowed call is refused by the schema (400) and nothing
    // runs; a forbidden one is refused for the permission first.
    const qint64 tasksBefore = scalar(QStringLiteral("SELECT COUNT(*) FROM tasks"));
    const Reply r =
        call("POST", QStringLiteral("/api/agents/%1/action").arg(agent),
             QJsonDocument(QJsonObject{{QStringLiteral("action"), action},
                                       {QStringLiteral("input"),
                                        QJsonObject{{QStringLiteral("zz_probe"), QJsonArray{}}}}})
                 .toJson(),
             role);
    const bool allowed = security::roleAllows(role, QStringLiteral("agents.call")) &&
                         security::roleAllows(role, permission);
    if (allowed) {
        QVERIFY2(r.status != 401 && r.status != 403, r.raw.constData());
    } else {
        QCOMPARE(r.status, 403);
        const QString needed = security::roleAllows(role, QStringLiteral("agents.call"))
                                   ? permission
                                   : QStringLiteral("agents.call");
        QCOMPARE(r.json.value(QStringLiteral("permission")).toString(), needed);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM tasks")), tasksBefore);
    }
}

void TestRoles::internalWorkIsNotCallable()
{
    // The agent role's key could call every registered kind: refunds on Shopify of any amount,
    // prices and stock. Those need orders.sensitive or catalog.write now, which agents lack.
    for (
        const auto &[agent, action, input] :
        {std::tuple{
             "shopify", "refund",
             R"({"shop":"x.myshopify.com","shopify_order_id":"1","amount_minor":100000,"currency":"EUR"})"},
         std::tuple{
             "shopify", "set_variant_price",
             R"({"shop":"x.myshopify.com","shopify_product_id":"1","shopify_variant_id":"2","price_minor":1,"currency":"EUR"})"},
         std::tuple{
             "shopify", "set_inventory",
             R"({"shop":"x.myshopify.com","inventory_item_id":"1","location_id":"2","quantity":0})"}}) {
        const Reply r =
            call("POST", QStringLiteral("/api/agents/%1/action").arg(QLatin1String(agent)),
                 QStringLiteral(R"({"action":"%1","input":%2})")
                     .arg(QLatin1String(action), QLatin1String(input))
                     .toUtf8(),
                 Role::Agent);
        QCOMPARE(r.status, 403);
    }
    // The backend's own kinds are not actions at all.
    const Reply listed = call("GET", QStringLiteral("/api/agents"));
    for (const auto &[agent, action] :
         {std::pair{"shopify", "process_deliveries"}, std::pair{"system", "notify_admin"},
          std::pair{"system", "noop"}}) {
        const QByteArray quoted = QByteArray("\"") + QByteArray(action) + QByteArray("\"");
        QVERIFY(!listed.raw.contains(quoted));
        const Reply r = call(
            "POST", QStringLiteral("/api/agents/%1/action").arg(QLatin1String(agent)),
            QStringLiteral(R"({"action":"%1","input":{}})").arg(QLatin1String(action)).toUtf8());
        QCOMPARE(r.status, 404);
    }
}

void TestRoles::callerKeysCannotTakeTheEnginesKeys()
{
    // A workflow whose step is an action the agent role may call.
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/claimed_flow/definition"),
                  "name: claimed_flow\ntrigger:\n  manual: true\nsteps:\n  - name: score\n"
                  "    agent: data_analyzer\n    action: supplier_scores\n    input: {}\n")
                 .status,
             200);
    // The agent claims the keys the engine will use for the next runs' first step.
    const qint64 next =
        scalar(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM workflow_runs")) + 1;
    for (qint64 run = next; run < next + 5; ++run) {
        const Reply r =
            call("POST", QStringLiteral("/api/agents/data_analyzer/action"),
                 QStringLiteral(
                     R"({"action":"supplier_scores","input":{},"idempotency_key":"wf-%1-0-score"})")
                     .arg(run)
                     .toUtf8(),
                 Role::Agent);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json.value(QStringLiteral("idempotency_key")).toString(),
                 QStringLiteral("api:key:test-agent:wf-%1-0-score").arg(run));
    }
    // The workflow still runs, and its step ran its own task.
    const Reply started = call("POST", QStringLiteral("/api/workflows/claimed_flow"), "{}");
    QCOMPARE(started.status, 202);
    const qint64 runId = started.json.value(QStringLiteral("run_id")).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/runs/%1").arg(runId))
                                  .json.value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 30000);
    // A caller's run key is its own: an operator's "order:1" is not the order's run key.
    const Reply keyed = call("POST", QStringLiteral("/api/workflows/claimed_flow"),
                             R"({"key":"order:1"})", Role::Operator);
    QCOMPARE(keyed.status, 202);
    QCOMPARE(call("GET", QStringLiteral("/api/runs/%1")
                             .arg(keyed.json.value(QStringLiteral("run_id")).toInteger()))
                 .json.value(QStringLiteral("key"))
                 .toString(),
             QStringLiteral("api:key:test-operator:order:1"));
}

void TestRoles::retryNeedsTheKindsPermission()
{
    // An administrator's reconciliation of a shop that does not exist: it dies at once.
    const Reply r = call("POST", QStringLiteral("/api/agents/shopify/action?wait=20"),
                         R"({"action":"reconcile","input":{"shop":"none.myshopify.com"}})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    const qint64 id = r.json.value(QStringLiteral("id")).toInteger();
    // Operators manage tasks, but may not run this kind: nor re-run it.
    const Reply refused =
        call("POST", QStringLiteral("/api/tasks/%1/retry").arg(id), {}, Role::Operator);
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.json.value(QStringLiteral("permission")).toString(),
             QStringLiteral("settings.manage"));
    QCOMPARE(call("POST", QStringLiteral("/api/tasks/%1/retry").arg(id)).status, 202);
}

void TestRoles::workflowAuthorsUseOnlyTheirActions()
{
    const QByteArray flow = "name: sync_shop\ntrigger:\n  manual: true\nsteps:\n  - name: pull\n"
                            "    agent: shopify\n    action: reconcile\n    input:\n"
                            "      shop: lumen.myshopify.com\n";
    const Reply refused =
        call("PUT", QStringLiteral("/api/workflows/sync_shop/definition"), flow, Role::Operator);
    QCOMPARE(refused.status, 403);
    QVERIFY2(refused.raw.contains("steps.pull") && refused.raw.contains("settings.manage"),
             refused.raw.constData());
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/sync_shop/definition")).status, 404);
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/sync_shop/definition"), flow).status, 200);
}

void TestRoles::viewersSeeNoPersonalDataNorUrlCredentials()
{
    const Reply made = call(
        "POST", QStringLiteral("/api/orders"),
        R"({"name":"PHONE-1","currency":"EUR","financial_status":"paid",)"
        R"("line_items":[{"title":"Lamp","sku":"L-1","quantity":1,"unit_price_minor":2500}],)"
        R"("shipping_address":{"name":"Jeanne Secret","address1":"3 rue Cachée","city":"Lille",)"
        R"("zip":"59000","country_code":"FR","phone":"+33611111111"}})",
        Role::Operator);
    QVERIFY2(made.status == 201, made.raw.constData());
    const qint64 order = made.json.value(QStringLiteral("id")).toInteger();
    const Reply asViewer =
        call("GET", QStringLiteral("/api/orders/%1").arg(order), {}, Role::Viewer);
    QCOMPARE(asViewer.status, 200);
    QVERIFY(!asViewer.raw.contains("Secret"));
    QVERIFY(!asViewer.raw.contains("Cachée"));
    QVERIFY(!asViewer.raw.contains("33611111111"));
    QCOMPARE(asViewer.json.value(QStringLiteral("shipping_address"))
                 .toObject()
                 .value(QStringLiteral("country_code"))
                 .toString(),
             QStringLiteral("FR"));
    QVERIFY(call("GET", QStringLiteral("/api/orders/%1").arg(order), {}, Role::Operator)
                .raw.contains("Jeanne Secret"));

    // URLs often carry credentials (user info, a token in the path or query). (Bodies with
    // "//" stay out of the test macros: moc reads them as comments.)
    const QByteArray subscription =
        R"({"name":"slack","patterns":["ext.#"],)"
        R"("url":"https:\/\/bot:hunter2@hooks.example.com/services/T0KEN?sig=abc",)"
        R"("secret":"0123456789abcdef"})";
    const QByteArray remote =
        R"({"url":"https:\/\/crm.example.com/agent/s3cr3t-path","secret":"0123456789abcdef",)"
        R"("actions":[{"name":"lookup"}]})";
    const Reply subscribed = call("POST", QStringLiteral("/api/subscriptions"), subscription);
    QCOMPARE(subscribed.status, 201);
    const Reply registered = call("PUT", QStringLiteral("/api/remote-agents/crm"), remote);
    QCOMPARE(registered.status, 200);
    for (Role role : {Role::Viewer, Role::Operator}) {
        const Reply subs = call("GET", QStringLiteral("/api/subscriptions"), {}, role);
        QCOMPARE(subs.status, 200);
        QVERIFY2(!subs.raw.contains("hunter2") && !subs.raw.contains("T0KEN") &&
                     !subs.raw.contains("sig=abc"),
                 subs.raw.constData());
        QVERIFY(subs.raw.contains("hooks.example.com"));
        const Reply agents = call("GET", QStringLiteral("/api/remote-agents"), {}, role);
        QCOMPARE(agents.status, 200);
        QVERIFY2(!agents.raw.contains("s3cr3t-path"), agents.raw.constData());
        QVERIFY(agents.raw.contains("crm.example.com"));
    }
    QVERIFY(call("GET", QStringLiteral("/api/subscriptions")).raw.contains("T0KEN"));
    // Task and run payloads (an order read from Shopify, a remote agent's answer) likewise.
    const Reply tasks = call("GET", QStringLiteral("/api/tasks?limit=50"), {}, Role::Viewer);
    QCOMPARE(tasks.status, 200);
    for (const QJsonValue &t : tasks.json.value(QStringLiteral("tasks")).toArray()) {
        const QJsonValue input = t.toObject().value(QStringLiteral("input"));
        const QJsonObject redacted{{QStringLiteral("redacted"), true}};
        QVERIFY(input.isNull() || input.toObject() == redacted);
    }
}

void TestRoles::movedEndpointsNeedTheirSecretAgain()
{
    // A stored secret must not follow its endpoint to another host. (JSON escapes "/" so that
    // no "//" reaches the test macros: moc reads it as a comment.)
    const auto put = [&](const QString &path, const QByteArray &body) {
        return call("PUT", path, body);
    };
    const QString agent = QStringLiteral("/api/remote-agents/mover");
    QCOMPARE(put(agent, R"({"url":"https:\/\/agent.example.com/a","secret":"0123456789abcdef",)"
                        R"("actions":[{"name":"go"}]})")
                 .status,
             200);
    Reply r = put(agent, R"({"url":"https:\/\/evil.example.net/a","actions":[{"name":"go"}]})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.raw.contains("secret"), r.raw.constData());
    QCOMPARE(
        put(agent, R"({"url":"https:\/\/agent.example.com/b","actions":[{"name":"go"}]})").status,
        200); // same origin: fine
    // Shopify's admin URL: https only (http to this machine only), and the token again on a move.
    const QString shop = QStringLiteral("/api/shops/mover.myshopify.com");
    QCOMPARE(put(shop, R"({"admin_url":"http:\/\/mover.myshopify.com","access_token":"shpat_x"})")
                 .status,
             400);
    QCOMPARE(put(shop, R"({"admin_url":"https:\/\/mover.myshopify.com","access_token":"shpat_x"})")
                 .status,
             200);
    r = put(shop, R"({"admin_url":"https:\/\/collector.example.net"})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.raw.contains("access_token"), r.raw.constData());
}

void TestRoles::storageErrorsAreNotPublic()
{
    // A storage failure (as a full disk gives): health says it, in words safe for anyone; the
    // database's own message (paths, hosts) only to those who read metrics.
    auto failed = m_t.backend->store().writeAndWait<qint64>(
        [](storage::WriteContext &) -> storage::DbResult<qint64> {
            return std::unexpected(
                storage::DbError{storage::DbError::Kind::Internal,
                                 QStringLiteral("disk I/O error on /srv/private/dropcrew.db")});
        });
    QVERIFY(!failed);
    const Reply health = dc::test::httpCall(m_nam, m_t.base, "GET", QStringLiteral("/api/health"),
                                            {}, "application/json", QByteArray());
    QCOMPARE(health.status, 503);
    QVERIFY2(!health.raw.contains("/srv/private"), health.raw.constData());
    QCOMPARE(health.json.value(QStringLiteral("storage"))
                 .toObject()
                 .value(QStringLiteral("last_failure_kind"))
                 .toString(),
             QStringLiteral("io_error"));
    QCOMPARE(dc::test::httpCall(m_nam, m_t.base, "GET", QStringLiteral("/api/health/storage"), {},
                                "application/json", QByteArray())
                 .status,
             401);
    const Reply detail = call("GET", QStringLiteral("/api/health/storage"), {}, Role::Viewer);
    QCOMPARE(detail.status, 200);
    QVERIFY(detail.raw.contains("/srv/private"));
}

void TestRoles::newDataFolderIsPrivate()
{
    const QString fresh = m_dir.filePath(QStringLiteral("fresh/data"));
    QVERIFY(!QFileInfo::exists(fresh));
    auto t = dc::test::startTestBackend(fresh);
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                        QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    const QFileDevice::Permissions dir = QFileInfo(fresh).permissions();
    QVERIFY((dir & owner) == owner);
    QVERIFY2(!(dir & others), qPrintable(QString::number(int(dir), 16)));
    const QFileDevice::Permissions db =
        QFileInfo(fresh + QStringLiteral("/dropcrew.db")).permissions();
    QVERIFY(db & QFileDevice::ReadOwner);
    QVERIFY2(!(db & others), qPrintable(QString::number(int(db), 16)));
    t->backend.reset();
}

QTEST_GUILESS_MAIN(TestRoles)
#include "tst_roles.moc"
