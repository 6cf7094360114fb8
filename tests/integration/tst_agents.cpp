// SPDX-License-Identifier: GPL-3.0-or-later
// The agents beyond the order flow, in a running backend: remote agents (registered by URL and
// secret, called with signed requests, their declared errors and schemas honoured), the
// Content Generator (templates, and a local fake of an OpenAI-compatible server whose HTML is
// sanitised), the Data Analyzer (profitability, supplier scores, delivery estimates, price
// changes) on seeded history, and stock alerts raised once per shortage (and restored once).
#include "fakeshopify.h"
#include "fakesmtp.h"
#include "http.h"
#include "testbackend.h"

#include "agents/remoteagents.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::test;
using security::Role;

namespace {
const QString kShop = QStringLiteral("lumen.myshopify.com");
const QByteArray kToken = "shpat_agents_token";
const QByteArray kRemoteSecret = "remote-secret-0123456789";
} // namespace

class TestAgents : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void remoteAgentJoinsTheCrew();
    void contentFromTheLanguageModel();
    void llmEndpointSetThroughTheApi();
    void contentUpdateWorkflowPublishes();
    void dataAnalyzerOnHistory();
    void priceChangesArePublished();
    void stockAlertsOncePerShortage();
    void emailNotifications();

private:
    using Reply = HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return httpCall(m_nam, m_t.base, method, path, body);
    }
    QJsonObject act(const QString &agent, const QByteArray &body)
    {
        return call("POST", QStringLiteral("/api/agents/%1/action?wait=20").arg(agent), body).json;
    }
    int events(const QString &topic)
    {
        return int(call("GET", QStringLiteral("/api/events?limit=500&topic=") + topic)
                       .json.value(QStringLiteral("events"))
                       .toArray()
                       .size());
    }

    QTemporaryDir m_dir;
    TestBackend m_t;
    QNetworkAccessManager m_nam;
    std::unique_ptr<FakeShopify> m_shopify;
    FakeSmtp m_smtp;
    // The remote agent and the language model server, both played here.
    QHttpServer m_remote, m_llm;
    quint16 m_remotePort = 0, m_llmPort = 0;
    QList<QJsonObject> m_remoteCalls;
    int m_badSignatures = 0;
    QList<QJsonObject> m_llmCalls;
    QByteArray m_llmAuth;
    QList<std::pair<int, QByteArray>> m_llmAnswers; // status, body; then the default
    qint64 m_product = 0, m_variant = 0;
};

void TestAgents::initTestCase()
{
    m_remote.route(QStringLiteral("/crew"), [this](const QHttpServerRequest &req) {
        const QByteArray sig = req.value("X-DropCrew-Signature");
        const QByteArray ts = req.value("X-DropCrew-Timestamp");
        if (sig != agents::RemoteAgents::signature(kRemoteSecret, ts, req.body())) {
            ++m_badSignatures;
            return QHttpServerResponse(QByteArray("application/json"),
                                       QByteArray(R"({"error":{"code":"BAD_SIGNATURE"}})"),
                                       QHttpServerResponse::StatusCode::Unauthorized);
        }
        const QJsonObject call = QJsonDocument::fromJson(req.body()).object();
        m_remoteCalls.append(call);
        const QJsonObject in = call.value(QStringLiteral("input")).toObject();
        if (call.value(QStringLiteral("action")).toString() == QLatin1String("quota"))
            return QHttpServerResponse(
                QByteArray("application/json"),
                QByteArray(R"({"error":{"code":"QUOTA","message":"monthly quota used"}})"),
                QHttpServerResponse::StatusCode::TooManyRequests);
        if (in.value(QStringLiteral("text")).toString() == QLatin1String("huge"))
            // Valid JSON, but 5 MiB of it: over the 4 MiB a remote agent may answer.
            return QHttpServerResponse(QByteArray("application/json"),
                                       QByteArray(5 * 1024 * 1024, ' ') +
                                           R"({"output":{"summary":"HUGE"}})",
                                       QHttpServerResponse::StatusCode::Ok);
        if (in.value(QStringLiteral("text")).toString() == QLatin1String("flaky") &&
            call.value(QStringLiteral("attempt")).toInt() == 1)
            return QHttpServerResponse(QHttpServerResponse::StatusCode::ServiceUnavailable);
        return QHttpServerResponse(QJsonObject{
            {QStringLiteral("output"),
             QJsonObject{{QStringLiteral("summary"),
                          in.value(QStringLiteral("text")).toString().left(5).toUpper()}}}});
    });
    auto *tcp = new QTcpServer(this);
    QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
    m_remotePort = tcp->serverPort();
    m_remote.bind(tcp);

    m_llm.route(QStringLiteral("/v1/chat/completions"), [this](const QHttpServerRequest &req) {
        m_llmCalls.append(QJsonDocument::fromJson(req.body()).object());
        m_llmAuth = req.value("Authorization");
        if (!m_llmAnswers.isEmpty()) {
            const auto [status, body] = m_llmAnswers.takeFirst();
            return QHttpServerResponse(QByteArray("application/json"), body,
                                       QHttpServerResponse::StatusCode(status));
        }
        const QString content = QStringLiteral(
            "```json\n{\"title\": \"Nano Player, pocket size\", \"description_html\": \"<p>Music "
            "<script>alert(1)</script>everywhere.</p><b onclick=\\\"x()\\\">Light</b><img "
            "src=x>\"}\n```");
        return QHttpServerResponse(
            QJsonObject{{QStringLiteral("choices"),
                         QJsonArray{QJsonObject{
                             {QStringLiteral("message"),
                              QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                          {QStringLiteral("content"), content}}}}}}});
    });
    auto *tcp2 = new QTcpServer(this);
    QVERIFY(tcp2->listen(QHostAddress::LocalHost, 0));
    m_llmPort = tcp2->serverPort();
    m_llm.bind(tcp2);

    const QByteArray ini = "[limits]\nip_rate=0\nuser_rate=0\n[shopify]\nreconcile_minutes=0\n"
                           "poll_seconds=0\n[llm]\nmodel=tiny-model\nurl=http://127.0.0.1:" +
                           QByteArray::number(m_llmPort) +
                           "\n[smtp]\nurl=smtp://127.0.0.1:" + QByteArray::number(m_smtp.port()) +
                           "\nfrom=orders@lumen.example\ntls=none\nlanguage=fr\n";
    auto t = startTestBackend(m_dir.path(), ini);
    QVERIFY2(t, qPrintable(t ? QString() : t.error()));
    m_t = std::move(*t);
    setDefaultAuthorization(m_t.bearer.value(Role::Admin));
    QVERIFY(m_t.backend->secrets().write(QStringLiteral("llm-api-key"), "sk-local"));
    m_shopify = std::make_unique<FakeShopify>(kToken);
    QCOMPARE(
        call("PUT", QStringLiteral("/api/shops/") + kShop,
             QJsonDocument(
                 QJsonObject{{QStringLiteral("webhook_secret"), QStringLiteral("whsec_agents")},
                             {QStringLiteral("access_token"), QString::fromLatin1(kToken)},
                             {QStringLiteral("admin_url"), m_shopify->adminUrl()}})
                 .toJson())
            .status,
        200);
    Product p;
    p.shop = kShop;
    p.shopifyProductId = 4242;
    p.title = QStringLiteral("Nano Player");
    p.vendor = QStringLiteral("Lumen");
    p.variants = {Variant{0,
                          0,
                          4343,
                          QStringLiteral("NANO-S"),
                          QStringLiteral("Silver"),
                          {4000, QStringLiteral("EUR")},
                          5,
                          0}};
    auto up = m_t.backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return storage::CatalogRepository().upsertProduct(w, p); });
    QVERIFY(up);
    m_product = up->id;
    auto v =
        storage::CatalogRepository().findVariantByShopifyId(m_t.backend->store().reader(), 4343);
    QVERIFY(v && v->has_value());
    m_variant = (*v)->id;
}

void TestAgents::cleanupTestCase()
{
    m_t.backend.reset();
    m_shopify.reset();
}

void TestAgents::remoteAgentJoinsTheCrew()
{
    const QByteArray registration =
        QJsonDocument(
            QJsonObject{
                {QStringLiteral("url"),
                 QStringLiteral("http://127.0.0.1:%1/crew").arg(m_remotePort)},
                {QStringLiteral("secret"), QString::fromLatin1(kRemoteSecret)},
                {QStringLiteral("timeout_ms"), 5000},
                {QStringLiteral("actions"),
                 QJsonArray{
                     QJsonObject{
                         {QStringLiteral("name"), QStringLiteral("summarize")},
                         {QStringLiteral("description"), QStringLiteral("A CrewAI summary")},
                         {QStringLiteral("input_schema"),
                          QJsonObject{
                              {QStringLiteral("type"), QStringLiteral("object")},
                              {QStringLiteral("required"), QJsonArray{QStringLiteral("text")}},
                              {QStringLiteral("properties"),
                               QJsonObject{{QStringLiteral("text"),
                                            QJsonObject{{QStringLiteral("type"),
                                                         QStringLiteral("string")}}}}}}},
                         {QStringLiteral("output_schema"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                      {QStringLiteral("required"),
                                       QJsonArray{QStringLiteral("summary")}}}}},
                     QJsonObject{
                         {QStringLiteral("name"), QStringLiteral("quota")},
                         {QStringLiteral("errors"),
                          QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("QUOTA")},
                                                 {QStringLiteral("retryable"), false}}}}}}}})
            .toJson();
    // Built-in names and bad fields are refused with the field.
    Reply bad = call("PUT", QStringLiteral("/api/remote-agents/order_manager"), registration);
    QCOMPARE(bad.status, 400);
    bad = call("PUT", QStringLiteral("/api/remote-agents/crewai"),
               R"({"url":"ftp://x","secret":"0123456789abcdef","actions":[{"name":"a"}]})");
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.raw.contains("url"));
    QCOMPARE(httpCall(m_nam, m_t.base, "PUT", QStringLiteral("/api/remote-agents/crewai"),
                      registration, "application/json", m_t.bearer.value(Role::Operator))
                 .status,
             403);

    // Names may have underscores (secret names cannot: the mapping keeps them apart).
    QCOMPARE(call("PUT", QStringLiteral("/api/remote-agents/crew_two"), registration).status, 200);
    QCOMPARE(call("DELETE", QStringLiteral("/api/remote-agents/crew_two")).status, 204);
    const Reply saved = call("PUT", QStringLiteral("/api/remote-agents/crewai"), registration);
    QCOMPARE(saved.status, 200);
    QVERIFY(!saved.raw.contains(kRemoteSecret));
    const Reply listed = call("GET", QStringLiteral("/api/agents"));
    QVERIFY(listed.raw.contains("\"crewai\""));
    QVERIFY(listed.raw.contains("A CrewAI summary"));

    QJsonObject task =
        act(QStringLiteral("crewai"), R"({"action":"summarize","input":{"text":"hello world"}})");
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(
        task.value(QStringLiteral("result")).toObject().value(QStringLiteral("summary")).toString(),
        QStringLiteral("HELLO"));
    QCOMPARE(m_badSignatures, 0);
    QCOMPARE(m_remoteCalls.last().value(QStringLiteral("agent")).toString(),
             QStringLiteral("crewai"));

    // A 503 is retried; the input schema is checked before any task exists (400 naming the
    // field, no call); a declared error keeps its retryability.
    task = act(QStringLiteral("crewai"), R"({"action":"summarize","input":{"text":"flaky"}})");
    QTRY_COMPARE_WITH_TIMEOUT(
        call("GET",
             QStringLiteral("/api/tasks/%1").arg(task.value(QStringLiteral("id")).toInteger()))
            .json.value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("succeeded"), 15000);
    const int before = int(m_remoteCalls.size());
    const Reply refused = call("POST", QStringLiteral("/api/agents/crewai/action?wait=20"),
                               R"({"action":"summarize","input":{"words":3}})");
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.raw.contains("input"), refused.raw.constData());
    QCOMPARE(int(m_remoteCalls.size()), before);
    // An answer over the cap is an invalid output, whatever it holds.
    task = act(QStringLiteral("crewai"), R"({"action":"summarize","input":{"text":"huge"}})");
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    QCOMPARE(task.value(QStringLiteral("error_code")).toString(), QStringLiteral("invalid_output"));
    QVERIFY2(task.value(QStringLiteral("error")).toString().contains(QStringLiteral("larger than")),
             qPrintable(task.value(QStringLiteral("error")).toString()));
    task = act(QStringLiteral("crewai"), R"({"action":"quota","input":{}})");
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    QCOMPARE(task.value(QStringLiteral("error_code")).toString(), QStringLiteral("QUOTA"));
    QCOMPARE(task.value(QStringLiteral("attempts")).toInt(), 1);

    // Workflows can use it like any agent.
    const Reply wf = call(
        "PUT", QStringLiteral("/api/workflows/remote_summary/definition"),
        "name: remote_summary\ntrigger:\n  manual: true\nsteps:\n  - name: s\n"
        "    agent: crewai\n    action: summarize\n    input:\n      text: \"{{ input.text }}\"\n");
    QVERIFY2(wf.status == 200 || wf.status == 201, wf.raw.constData());
    QCOMPARE(call("DELETE", QStringLiteral("/api/remote-agents/crewai")).status, 204);
    QVERIFY(!call("GET", QStringLiteral("/api/agents")).raw.contains("\"crewai\""));
    QCOMPARE(call("POST", QStringLiteral("/api/agents/crewai/action"), R"({"action":"summarize"})")
                 .status,
             404);
}

void TestAgents::contentFromTheLanguageModel()
{
    QJsonObject task =
        act(QStringLiteral("content_generator"),
            QJsonDocument(
                QJsonObject{{QStringLiteral("action"), QStringLiteral("generate_description")},
                            {QStringLiteral("input"),
                             QJsonObject{{QStringLiteral("product_id"), m_product},
                                         {QStringLiteral("language"), QStringLiteral("fr")}}}})
                .toJson());
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    const QJsonObject out = task.value(QStringLiteral("result")).toObject();
    QCOMPARE(out.value(QStringLiteral("source")).toString(), QStringLiteral("llm"));
    QCOMPARE(out.value(QStringLiteral("title")).toString(),
             QStringLiteral("Nano Player, pocket size"));
    const QString html = out.value(QStringLiteral("description_html")).toString();
    QVERIFY2(!html.contains(QStringLiteral("<script")) &&
                 !html.contains(QStringLiteral("onclick")) &&
                 !html.contains(QStringLiteral("<img")),
             qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("<b>Light</b>")));
    QCOMPARE(m_llmAuth, QByteArray("Bearer sk-local"));
    const QJsonObject sent = m_llmCalls.last();
    QCOMPARE(sent.value(QStringLiteral("model")).toString(), QStringLiteral("tiny-model"));
    QVERIFY(QJsonDocument(sent).toJson().contains("Nano Player"));

    // A busy server is retried; prose instead of JSON is an error of its own.
    m_llmAnswers = {{503, "{}"}};
    task = act(QStringLiteral("content_generator"),
               QJsonDocument(
                   QJsonObject{{QStringLiteral("action"), QStringLiteral("generate_description")},
                               {QStringLiteral("input"),
                                QJsonObject{{QStringLiteral("product_id"), m_product}}}})
                   .toJson());
    QTRY_COMPARE_WITH_TIMEOUT(
        call("GET",
             QStringLiteral("/api/tasks/%1").arg(task.value(QStringLiteral("id")).toInteger()))
            .json.value(QStringLiteral("state"))
            .toString(),
        QStringLiteral("succeeded"), 15000);
    const QByteArray prose =
        R"({"choices":[{"message":{"content":"Sure! Here is a great description."}}]})";
    m_llmAnswers = {{200, prose}, {200, prose}, {200, prose}};
    task = act(QStringLiteral("content_generator"),
               QJsonDocument(
                   QJsonObject{{QStringLiteral("action"), QStringLiteral("generate_description")},
                               {QStringLiteral("input"),
                                QJsonObject{{QStringLiteral("product_id"), m_product}}}})
                   .toJson());
    QTRY_COMPARE_WITH_TIMEOUT(
        call("GET",
             QStringLiteral("/api/tasks/%1").arg(task.value(QStringLiteral("id")).toInteger()))
            .json.value(QStringLiteral("error_code"))
            .toString(),
        QStringLiteral("LLM_INVALID_ANSWER"), 15000);

    // Over the language model's cap (1 MiB): an invalid answer, although it is valid JSON.
    const QByteArray huge =
        QByteArray(2 * 1024 * 1024, ' ') +
        R"({"choices":[{"message":{"content":"{\"title\":\"T\",\"description_html\":\"<p>d</p>\"}"}}]})";
    m_llmAnswers = {{200, huge}, {200, huge}, {200, huge}};
    task = act(QStringLiteral("content_generator"),
               QJsonDocument(
                   QJsonObject{{QStringLiteral("action"), QStringLiteral("generate_description")},
                               {QStringLiteral("input"),
                                QJsonObject{{QStringLiteral("product_id"), m_product}}}})
                   .toJson());
    QTRY_COMPARE_WITH_TIMEOUT(
        call("GET",
             QStringLiteral("/api/tasks/%1").arg(task.value(QStringLiteral("id")).toInteger()))
            .json.value(QStringLiteral("error_code"))
            .toString(),
        QStringLiteral("LLM_INVALID_ANSWER"), 15000);
    m_llmAnswers.clear();
}

void TestAgents::llmEndpointSetThroughTheApi()
{
    // From the INI file at first; the key is never shown.
    Reply g = call("GET", QStringLiteral("/api/integrations/llm"));
    QCOMPARE(g.status, 200);
    QCOMPARE(g.json.value(QStringLiteral("source")).toString(), QStringLiteral("ini"));
    QCOMPARE(g.json.value(QStringLiteral("model")).toString(), QStringLiteral("tiny-model"));
    QVERIFY(g.json.value(QStringLiteral("has_api_key")).toBool());
    QVERIFY(!g.raw.contains("sk-local"));

    // Bad values: the field and the reason, nothing changed.
    Reply bad = call("PUT", QStringLiteral("/api/integrations/llm"),
                     R"({"url":"ftp://models.example","model":"m"})");
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json.value(QStringLiteral("errors"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             QStringLiteral("url"));
    bad =
        call("PUT", QStringLiteral("/api/integrations/llm"),
             QByteArray(R"({"url":"http://127.0.0.1:)") + QByteArray::number(m_llmPort) + R"("})");
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json.value(QStringLiteral("errors"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("field"))
                 .toString(),
             QStringLiteral("model"));

    // Another model and key through the API: the next call uses them.
    Reply put = call("PUT", QStringLiteral("/api/integrations/llm"),
                     QByteArray(R"({"url":"http://127.0.0.1:)") + QByteArray::number(m_llmPort) +
                         R"(","model":"bigger-model","api_key":"sk-api"})");
    QVERIFY2(put.status == 200, put.raw.constData());
    QCOMPARE(put.json.value(QStringLiteral("source")).toString(), QStringLiteral("api"));
    QVERIFY(!put.raw.contains("sk-api"));
    const QByteArray generate =
        QJsonDocument(
            QJsonObject{
                {QStringLiteral("action"), QStringLiteral("generate_description")},
                {QStringLiteral("input"), QJsonObject{{QStringLiteral("product_id"), m_product}}}})
            .toJson();
    QJsonObject task = act(QStringLiteral("content_generator"), generate);
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(m_llmCalls.last().value(QStringLiteral("model")).toString(),
             QStringLiteral("bigger-model"));
    QCOMPARE(m_llmAuth, QByteArray("Bearer sk-api"));

    // The last call answered; a server that does not answer is reported, never the key.
    QVERIFY(call("GET", QStringLiteral("/api/integrations/llm"))
                .json.value(QStringLiteral("last_call"))
                .toObject()
                .value(QStringLiteral("ok"))
                .toBool());
    // The stored key does not follow the URL to another server: it must be given again.
    put = call("PUT", QStringLiteral("/api/integrations/llm"),
               R"({"url":"http://127.0.0.1:9","model":"bigger-model"})");
    QCOMPARE(put.status, 400);
    QVERIFY2(put.raw.contains("api_key"), put.raw.constData());
    put = call("PUT", QStringLiteral("/api/integrations/llm"),
               R"({"url":"http://127.0.0.1:9","model":"bigger-model","api_key":"sk-api"})");
    QCOMPARE(put.status, 200);
    (void)act(QStringLiteral("content_generator"), generate);
    QJsonObject last;
    QTRY_VERIFY_WITH_TIMEOUT((last = call("GET", QStringLiteral("/api/integrations/llm"))
                                         .json.value(QStringLiteral("last_call"))
                                         .toObject(),
                              last.value(QStringLiteral("ok")) == QJsonValue(false)),
                             10000);
    QVERIFY(!last.value(QStringLiteral("error")).toString().isEmpty());

    // An empty URL turns the model off: templates only.
    const qsizetype calls = m_llmCalls.size();
    put = call("PUT", QStringLiteral("/api/integrations/llm"), R"({"url":"","api_key":""})");
    QCOMPARE(put.status, 200);
    QVERIFY(!put.json.value(QStringLiteral("configured")).toBool());
    QVERIFY(!put.json.value(QStringLiteral("has_api_key")).toBool());
    task = act(QStringLiteral("content_generator"), generate);
    QCOMPARE(task.value(QStringLiteral("result")).toObject().value(QStringLiteral("source")),
             QStringLiteral("template"));
    QCOMPARE(m_llmCalls.size(), calls);

    // Back to the INI's model for the tests that follow.
    put = call("PUT", QStringLiteral("/api/integrations/llm"),
               QByteArray(R"({"url":"http://127.0.0.1:)") + QByteArray::number(m_llmPort) +
                   R"(","model":"tiny-model","api_key":"sk-local"})");
    QCOMPARE(put.status, 200);
}

void TestAgents::contentUpdateWorkflowPublishes()
{
    QFile f(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
            QStringLiteral("/workflows/content_update.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(call("PUT", QStringLiteral("/api/workflows/content_update/definition"), f.readAll())
                .status < 300);
    const Reply started =
        call("POST", QStringLiteral("/api/workflows/content_update"),
             QJsonDocument(QJsonObject{{QStringLiteral("input"),
                                        QJsonObject{{QStringLiteral("product_id"), m_product}}}})
                 .toJson());
    QCOMPARE(started.status, 202);
    const qint64 run = started.json.value(QStringLiteral("run_id")).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/runs/%1").arg(run))
                                  .json.value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    QCOMPARE(m_shopify->productUpdates().size(), 1);
    const QJsonObject update = m_shopify->productUpdates().at(0).toObject();
    QCOMPARE(update.value(QStringLiteral("id")).toString(),
             QStringLiteral("gid://shopify/Product/4242"));
    QCOMPARE(update.value(QStringLiteral("title")).toString(),
             QStringLiteral("Nano Player, pocket size"));
    QVERIFY(!update.value(QStringLiteral("descriptionHtml"))
                 .toString()
                 .contains(QStringLiteral("script")));
}

void TestAgents::dataAnalyzerOnHistory()
{
    storage::Store &store = m_t.backend->store();
    const storage::OrderRepository orders(m_t.backend->cipher());
    const storage::CatalogRepository catalog;
    auto a = store.writeAndWait<qint64>([&](storage::WriteContext &w) {
        return catalog.upsertSupplier(
            w, {0, QStringLiteral("Scored A"), QStringLiteral("aliexpress"), true, {}});
    });
    auto b = store.writeAndWait<qint64>([&](storage::WriteContext &w) {
        return catalog.upsertSupplier(
            w, {0, QStringLiteral("Scored B"), QStringLiteral("aliexpress"), true, {}});
    });
    QVERIFY(a && b);
    // Six delivered orders of 40.00 (cost 12.00 + 3.00 shipping): five from A after 8, 9, 10,
    // 12 and 14 days, one from B; and one more from A whose supplier order failed.
    const QList<std::pair<qint64, int>> history{{*a, 8},  {*a, 9},  {*a, 10}, {*a, 12},
                                                {*a, 14}, {*b, 11}, {*a, -1}};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &[supplier, days] : history) {
        auto done = store.writeAndWait<bool>([&](storage::WriteContext &w)
                                                 -> storage::DbResult<bool> {
            Order o;
            o.shop = kShop;
            o.name = QStringLiteral("#H");
            o.currency = QStringLiteral("EUR");
            o.subtotal = o.total = {4000, QStringLiteral("EUR")};
            o.shippingTotal = o.taxTotal = {0, QStringLiteral("EUR")};
            o.shippingCountry = QStringLiteral("FR");
            o.shippingAddress = Address{
                QStringLiteral("A B"),   QStringLiteral("1 rue"), {}, QStringLiteral("Lille"), {},
                QStringLiteral("59000"), QStringLiteral("FR"),    {}};
            o.lineItems = {LineItem{0,
                                    0,
                                    4242,
                                    4343,
                                    QStringLiteral("NANO-S"),
                                    QStringLiteral("Nano"),
                                    1,
                                    {4000, QStringLiteral("EUR")},
                                    {0, QStringLiteral("EUR")}}};
            auto id = orders.insertManualOrder(w, o);
            if (!id)
                return std::unexpected(id.error());
            if (auto s = orders.setStatus(w, *id,
                                          days < 0 ? OrderStatus::Failed : OrderStatus::Delivered);
                !s)
                return std::unexpected(s.error());
            auto stored = orders.get(w.db(), *id);
            if (!stored || !stored->has_value())
                return std::unexpected(
                    storage::DbError{storage::DbError::Kind::Internal, QStringLiteral("order")});
            SupplierOrder so;
            so.orderId = *id;
            so.supplierId = supplier;
            so.outOrderId = QStringLiteral("H%1").arg(*id);
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
            so.supplierOrderId = QStringLiteral("AE%1").arg(*id);
            so.placedAt = QDateTime::fromMSecsSinceEpoch(now - 20 * 86'400'000LL, Qt::UTC);
            if (days >= 0)
                so.deliveredAt = so.placedAt.addDays(days);
            if (auto u = storage::SupplierOrderRepository().update(w, so); !u)
                return std::unexpected(u.error());
            return true;
        });
        QVERIFY2(done, qPrintable(done ? QString() : done.error().message));
    }

    QJsonObject task = act(QStringLiteral("data_analyzer"),
                           R"({"action":"profitability","input":{"group_by":"supplier"}})");
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QJsonObject out = task.value(QStringLiteral("result")).toObject();
    const QJsonObject total = out.value(QStringLiteral("totals")).toArray().at(0).toObject();
    QCOMPARE(total.value(QStringLiteral("orders")).toInt(), 6);
    QCOMPARE(total.value(QStringLiteral("revenue_minor")).toInteger(), 24000);
    QCOMPARE(total.value(QStringLiteral("cost_minor")).toInteger(), 7200);
    QCOMPARE(total.value(QStringLiteral("shipping_minor")).toInteger(), 1800);
    QCOMPARE(total.value(QStringLiteral("fees_minor")).toInteger(), 6 * 146);
    QCOMPARE(total.value(QStringLiteral("margin_minor")).toInteger(), 6 * 2354);
    QCOMPARE(total.value(QStringLiteral("margin_percent")).toDouble(), 58.85);
    const QJsonArray rows = out.value(QStringLiteral("rows")).toArray();
    QCOMPARE(rows.size(), 2);
    for (const QJsonValue &r : rows)
        QCOMPARE(r.toObject().value(QStringLiteral("orders")).toInt(),
                 r.toObject().value(QStringLiteral("label")).toString() == QLatin1String("Scored A")
                     ? 5
                     : 1);
    task = act(QStringLiteral("data_analyzer"),
               R"({"action":"profitability","input":{"group_by":"product"}})");
    // (contentUpdateWorkflowPublishes gave the product its new title)
    QVERIFY(task.value(QStringLiteral("result"))
                .toObject()
                .value(QStringLiteral("rows"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("label"))
                .toString()
                .startsWith(QStringLiteral("Nano Player")));
    task = act(QStringLiteral("data_analyzer"),
               R"({"action":"profitability","input":{"group_by":"day","from":"2000-01-01"}})");
    QCOMPARE(task.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("rows"))
                 .toArray()
                 .size(),
             1);
    const Reply refused = call("POST", QStringLiteral("/api/agents/data_analyzer/action?wait=20"),
                               R"({"action":"profitability","input":{"group_by":"week"}})");
    QCOMPARE(refused.status, 400); // refused before a task exists
    QVERIFY2(refused.raw.contains("group_by"), refused.raw.constData());

    task = act(QStringLiteral("data_analyzer"), R"({"action":"supplier_scores","input":{}})");
    QJsonObject scoreA, scoreB;
    for (const QJsonValue &s : task.value(QStringLiteral("result"))
                                   .toObject()
                                   .value(QStringLiteral("suppliers"))
                                   .toArray()) {
        if (s.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Scored A"))
            scoreA = s.toObject();
        if (s.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Scored B"))
            scoreB = s.toObject();
    }
    QCOMPARE(scoreA.value(QStringLiteral("orders")).toInt(), 6);
    QCOMPARE(scoreA.value(QStringLiteral("failed")).toInt(), 1);
    QCOMPARE(scoreA.value(QStringLiteral("delivery_days_p50")).toDouble(), 10.0);
    QCOMPARE(scoreA.value(QStringLiteral("delivery_days_p90")).toDouble(), 14.0);
    QCOMPARE(scoreA.value(QStringLiteral("score")).toDouble(), 83.33);
    QVERIFY(scoreB.value(QStringLiteral("score")).isNull()); // one order is not a record

    task = act(
        QStringLiteral("data_analyzer"),
        QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("delivery_estimate")},
                                  {QStringLiteral("input"),
                                   QJsonObject{{QStringLiteral("country"), QStringLiteral("FR")},
                                               {QStringLiteral("supplier_id"), *a}}}})
            .toJson());
    out = task.value(QStringLiteral("result")).toObject();
    QCOMPARE(out.value(QStringLiteral("basis")).toString(), QStringLiteral("supplier+country"));
    QCOMPARE(out.value(QStringLiteral("samples")).toInt(), 5);
    QCOMPARE(out.value(QStringLiteral("p50_days")).toDouble(), 10.0);
    task = act(QStringLiteral("data_analyzer"),
               R"({"action":"delivery_estimate","input":{"country":"JP"}})");
    QCOMPARE(
        task.value(QStringLiteral("result")).toObject().value(QStringLiteral("basis")).toString(),
        QStringLiteral("all"));
}

void TestAgents::priceChangesArePublished()
{
    storage::Store &store = m_t.backend->store();
    auto s = store.writeAndWait<qint64>([&](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertSupplier(
            w, {0, QStringLiteral("Pricey"), QStringLiteral("aliexpress"), true, {}});
    });
    QVERIFY(s);
    SupplierOffer o;
    o.supplierId = *s;
    o.variantId = m_variant;
    o.supplierProductId = QStringLiteral("1009");
    o.supplierSkuId = QStringLiteral("p-1");
    o.cost = {1000, QStringLiteral("EUR")};
    o.shippingCost = {0, QStringLiteral("EUR")};
    o.stock = 100;
    auto offer = store.writeAndWait<qint64>(
        [&](storage::WriteContext &w) { return storage::CatalogRepository().upsertOffer(w, o); });
    QVERIFY(offer);
    // The first pass records the reference cost; a 3 % move stays quiet, an 8 % one speaks.
    QJsonObject task =
        act(QStringLiteral("data_analyzer"), R"({"action":"detect_price_changes","input":{}})");
    QCOMPARE(task.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("changes"))
                 .toArray()
                 .size(),
             0);
    for (auto [cost, expected] : {std::pair{1030, 0}, std::pair{1080, 1}}) {
        o.cost.minor = cost;
        QVERIFY(store.writeAndWait<qint64>([&](storage::WriteContext &w) {
            return storage::CatalogRepository().upsertOffer(w, o);
        }));
        task =
            act(QStringLiteral("data_analyzer"), R"({"action":"detect_price_changes","input":{}})");
        QCOMPARE(task.value(QStringLiteral("result"))
                     .toObject()
                     .value(QStringLiteral("changes"))
                     .toArray()
                     .size(),
                 expected);
    }
    const QJsonArray changes = call("GET", QStringLiteral("/api/events?topic=price.changed"))
                                   .json.value(QStringLiteral("events"))
                                   .toArray();
    QCOMPARE(changes.size(), 1);
    const QJsonObject data = changes.at(0).toObject().value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("old_cost_minor")).toInteger(), 1000);
    QCOMPARE(data.value(QStringLiteral("new_cost_minor")).toInteger(), 1080);
    QCOMPARE(data.value(QStringLiteral("change_percent")).toDouble(), 8.0);
    QCOMPARE(data.value(QStringLiteral("suggested_price_minor")).toInteger(), 4320);
    // The shipped profitability_analysis reprices what moved on Shopify (Order Manager → Data
    // Analyzer → Website Builder), keeping the margin rate.
    QFile f(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
            QStringLiteral("/workflows/profitability_analysis.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const Reply put = call(
        "PUT", QStringLiteral("/api/workflows/profitability_analysis/definition"), f.readAll());
    QVERIFY2(put.status < 300, put.raw.constData());
    o.cost.minor = 1200; // +11 % since the last check
    QVERIFY(store.writeAndWait<qint64>(
        [&](storage::WriteContext &w) { return storage::CatalogRepository().upsertOffer(w, o); }));
    const Reply started =
        call("POST", QStringLiteral("/api/workflows/profitability_analysis"), R"({"input":{}})");
    QCOMPARE(started.status, 202);
    const qint64 run = started.json.value(QStringLiteral("run_id")).toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/runs/%1").arg(run))
                                  .json.value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 20000);
    QCOMPARE(m_shopify->priceUpdates().size(), 1);
    const QJsonObject variant = m_shopify->priceUpdates()
                                    .at(0)
                                    .toObject()
                                    .value(QStringLiteral("v"))
                                    .toArray()
                                    .at(0)
                                    .toObject();
    QCOMPARE(variant.value(QStringLiteral("id")).toString(),
             QStringLiteral("gid://shopify/ProductVariant/4343"));
    QCOMPARE(variant.value(QStringLiteral("price")).toString(),
             QStringLiteral("44.44")); // 40.00 × 1200/1080
    // The Order Manager consumes price.changed: it queues a refresh of the product's offers.
    QTRY_VERIFY_WITH_TIMEOUT(
        !call("GET", QStringLiteral("/api/tasks?kind=order_manager.refresh_offers"))
             .json.value(QStringLiteral("tasks"))
             .toArray()
             .isEmpty(),
        10000);
}

void TestAgents::stockAlertsOncePerShortage()
{
    storage::Store &store = m_t.backend->store();
    auto s = store.writeAndWait<qint64>([&](storage::WriteContext &w) {
        return storage::CatalogRepository().upsertSupplier(
            w, {0, QStringLiteral("Thin"), QStringLiteral("aliexpress"), true, {}});
    });
    QVERIFY(s);
    // The variant's best stock across its offers (others hold 100 from the test above).
    auto setAll = [&](int stock) {
        return store.writeAndWait<bool>([&](storage::WriteContext &w) -> storage::DbResult<bool> {
            auto q = storage::exec(
                w.db(), QStringLiteral("UPDATE supplier_offers SET stock = ? WHERE variant_id = ?"),
                {stock, m_variant});
            if (!q)
                return std::unexpected(q.error());
            return true;
        });
    };
    QVERIFY(setAll(3));
    const int before = events(QStringLiteral("product.stock_alert"));
    QJsonObject task =
        act(QStringLiteral("order_manager"), R"({"action":"check_stock","input":{}})");
    QCOMPARE(task.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("alerts"))
                 .toArray()
                 .size(),
             1);
    task = act(QStringLiteral("order_manager"), R"({"action":"check_stock","input":{}})");
    QCOMPARE(task.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("alerts"))
                 .toArray()
                 .size(),
             0);
    // Back: one product.stock_restored, the next shortage is a new alert.
    const int restored = events(QStringLiteral("product.stock_restored"));
    QVERIFY(setAll(50));
    act(QStringLiteral("order_manager"), R"({"action":"check_stock","input":{}})");
    act(QStringLiteral("order_manager"), R"({"action":"check_stock","input":{}})");
    QCOMPARE(events(QStringLiteral("product.stock_restored")), restored + 1);
    QVERIFY(setAll(2));
    task = act(QStringLiteral("order_manager"), R"({"action":"check_stock","input":{}})");
    QCOMPARE(task.value(QStringLiteral("result"))
                 .toObject()
                 .value(QStringLiteral("alerts"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(events(QStringLiteral("product.stock_alert")), before + 2);
    QVERIFY(*s > 0);
}

void TestAgents::emailNotifications()
{
    storage::Store &store = m_t.backend->store();
    const storage::OrderRepository orders(m_t.backend->cipher());
    auto ids = store.writeAndWait<std::pair<qint64, qint64>>(
        [&](storage::WriteContext &w) -> storage::DbResult<std::pair<qint64, qint64>> {
            Customer c;
            c.shop = kShop;
            c.shopifyCustomerId = 9001;
            c.personal = {QStringLiteral("Jeanne"), QStringLiteral("Martin"),
                          QStringLiteral("jeanne@example.org"), QString()};
            auto cid = orders.upsertCustomer(w, c);
            if (!cid)
                return std::unexpected(cid.error());
            Order o;
            o.shop = kShop;
            o.name = QStringLiteral("#M1");
            o.currency = QStringLiteral("EUR");
            o.subtotal = o.total = {4000, QStringLiteral("EUR")};
            o.shippingTotal = o.taxTotal = {0, QStringLiteral("EUR")};
            o.customerId = cid->id;
            o.lineItems = {LineItem{0,
                                    0,
                                    4242,
                                    4343,
                                    QStringLiteral("NANO-S"),
                                    QStringLiteral("Nano"),
                                    1,
                                    {4000, QStringLiteral("EUR")},
                                    {0, QStringLiteral("EUR")}}};
            auto id = orders.insertManualOrder(w, o);
            if (!id)
                return std::unexpected(id.error());
            Order bare = o;
            bare.name = QStringLiteral("#M2");
            bare.customerId.reset();
            auto id2 = orders.insertManualOrder(w, bare);
            if (!id2)
                return std::unexpected(id2.error());
            return std::pair{*id, *id2};
        });
    QVERIFY2(ids, qPrintable(ids ? QString() : ids.error().message));
    const auto notify = [&](qint64 order, const char *tpl) {
        return act(QStringLiteral("website_builder"),
                   QJsonDocument(
                       QJsonObject{{QStringLiteral("action"), QStringLiteral("send_notification")},
                                   {QStringLiteral("input"),
                                    QJsonObject{{QStringLiteral("order_id"), order},
                                                {QStringLiteral("template"), QLatin1String(tpl)}}}})
                       .toJson());
    };
    QJsonObject task = notify(ids->first, "order_confirmed");
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(
        task.value(QStringLiteral("result")).toObject().value(QStringLiteral("channel")).toString(),
        QStringLiteral("email"));
    QVERIFY(!QJsonDocument(task).toJson().contains("jeanne@")); // never stored with the task
    QCOMPARE(m_smtp.messages().size(), 1);
    const FakeSmtp::Message m = m_smtp.messages().first();
    QCOMPARE(m.to, QStringList{QStringLiteral("<jeanne@example.org>")});
    QCOMPARE(m.from, QStringLiteral("<orders@lumen.example>"));
    const QByteArray subject = m.header("Subject");
    QVERIFY(subject.startsWith("=?UTF-8?B?"));
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(subject.mid(10).chopped(2))),
             QStringLiteral("Commande #M1 confirmée"));
    QVERIFY2(m.text().startsWith(QStringLiteral("Bonjour Jeanne,")), qPrintable(m.text()));
    QVERIFY(m.text().contains(QStringLiteral("40,00")) ||
            m.text().contains(QStringLiteral("40.00")));

    // shipped needs a parcel; then it carries the tracking.
    const qint64 shippedTask =
        call(
            "POST", QStringLiteral("/api/agents/website_builder/action"),
            QJsonDocument(
                QJsonObject{{QStringLiteral("action"), QStringLiteral("send_notification")},
                            {QStringLiteral("input"),
                             QJsonObject{{QStringLiteral("order_id"), ids->first},
                                         {QStringLiteral("template"), QStringLiteral("shipped")}}}})
                .toJson())
            .json.value(QStringLiteral("id"))
            .toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/tasks/%1").arg(shippedTask))
                                  .json.value(QStringLiteral("error_code"))
                                  .toString(),
                              QStringLiteral("NOT_SHIPPED"), 10000);
    Shipment s;
    s.orderId = ids->first;
    s.carrier = QStringLiteral("Cainiao");
    s.trackingNumber = QStringLiteral("LP0099");
    s.trackingUrl = QStringLiteral("https://t.17track.net/en#nums=LP0099");
    QVERIFY(store.writeAndWait<qint64>([&](storage::WriteContext &w) {
        return storage::ShipmentRepository().upsertShipment(w, s);
    }));
    QTRY_COMPARE_WITH_TIMEOUT(m_smtp.messages().size(), 2, 15000); // the retry of NOT_SHIPPED
    QVERIFY(m_smtp.messages().last().text().contains(QStringLiteral("LP0099")));

    // A customer without an address, and a server that refuses the recipient, are final.
    task = notify(ids->second, "order_confirmed");
    QCOMPARE(task.value(QStringLiteral("error_code")).toString(), QStringLiteral("NO_EMAIL"));
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    m_smtp.rejectRecipients = true;
    task = notify(ids->first, "order_confirmed");
    QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    QCOMPARE(task.value(QStringLiteral("error_code")).toString(), QStringLiteral("SMTP_REJECTED"));
    m_smtp.rejectRecipients = false;
}

QTEST_GUILESS_MAIN(TestAgents)
#include "tst_agents.moc"
