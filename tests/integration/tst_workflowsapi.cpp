// SPDX-License-Identifier: GPL-3.0-or-later
// /api/workflows and /api/runs over a real socket, on the embedded backend with its system
// agent: definitions refused with their positions and never saved, saved when valid, runs
// started (once per key), followed, cancelled and retried; notify_admin raises an event.
#include "http.h"
#include "runtime/backend.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;

class TestWorkflowsApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void invalidDefinitionsAreRefusedWithPositions();
    void validDefinitionIsSavedAndListed();
    void runsStartOncePerKeyAndFinish();
    void failedStepNotifiesTheAdmin();
    void runErrors();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               const QByteArray &type = "application/json");
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    QNetworkAccessManager m_nam;
};

void TestWorkflowsApi::initTestCase()
{
    auto cl = runtime::parseCommandLine(
        {QStringLiteral("dropcrew"), QStringLiteral("--headless"), QStringLiteral("--data-dir"),
         m_dir.path(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(cl);
    cl->config.shippedWorkflows = QStringLiteral("none"); // only what the test adds
    auto b = runtime::Backend::start(cl->config);
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    auto key = m_backend->auth().createApiKey(QStringLiteral("test-admin"), security::Role::Admin,
                                              QStringLiteral("test"));
    QVERIFY(key);
    dc::test::setDefaultAuthorization("Bearer " + key->second.toUtf8());
    m_backend->tasks().registerKind(QStringLiteral("test.double"), [](tasks::TaskContext &ctx) {
        return tasks::TaskOutcome::success(
            {{QStringLiteral("n"), ctx.input.value(QStringLiteral("n")).toInt() * 2}});
    });
    tasks::KindOptions once;
    once.retry.maxAttempts = 1;
    m_backend->tasks().registerKind(
        QStringLiteral("test.fail"),
        [](tasks::TaskContext &) {
            return tasks::TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("broken"));
        },
        once);
}

void TestWorkflowsApi::cleanupTestCase()
{
    m_backend.reset();
}

TestWorkflowsApi::Reply TestWorkflowsApi::call(const QByteArray &method, const QString &path,
                                               const QByteArray &body, const QByteArray &type)
{
    return dc::test::httpCall(m_nam, m_backend->listenUrl(), method, path, body, type);
}

void TestWorkflowsApi::invalidDefinitionsAreRefusedWithPositions()
{
    const QByteArray bad =
        "name: broken\nsteps:\n  - name: a\n    agent: test\n    action: nothing_like_this\n";
    const Reply r =
        call("PUT", QStringLiteral("/api/workflows/broken/definition"), bad, "application/yaml");
    QCOMPARE(r.status, 422);
    const QJsonObject e = r.json.value(QStringLiteral("errors")).toArray().first().toObject();
    QCOMPARE(e.value(QStringLiteral("line")).toInt(), 5);
    QCOMPARE(e.value(QStringLiteral("column")).toInt(), 13);
    QVERIFY(e.value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("test.nothing_like_this")));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("workflows/broken.yaml"))));
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/broken/definition")).status, 404);
    const Reply mismatch =
        call("PUT", QStringLiteral("/api/workflows/other/definition"),
             "name: named_else\nsteps:\n  - name: a\n    agent: system\n    action: noop\n",
             "application/yaml");
    QCOMPARE(mismatch.status, 400);
}

void TestWorkflowsApi::validDefinitionIsSavedAndListed()
{
    const QByteArray yaml = "name: doubler\ndescription: doubles twice\nsteps:\n"
                            "  - name: once\n    agent: test\n    action: double\n    input:\n     "
                            " n: \"{{ input.n }}\"\n"
                            "  - name: twice\n    agent: test\n    action: double\n    input:\n    "
                            "  n: \"{{ once.output.n }}\"\n"
                            "outputs:\n  result: \"{{ twice.output.n }}\"\n";
    const Reply r =
        call("PUT", QStringLiteral("/api/workflows/doubler/definition"), yaml, "application/yaml");
    QCOMPARE(r.status, 200);
    // Stored in the database (shared by the instances), not as a file.
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("workflows/doubler.yaml"))));
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/doubler/definition")).raw, yaml);
    const QJsonArray list = call("GET", QStringLiteral("/api/workflows"))
                                .json.value(QStringLiteral("workflows"))
                                .toArray();
    QJsonObject doubler;
    for (const QJsonValue &w : list)
        if (w.toObject().value(QStringLiteral("name")).toString() == QLatin1String("doubler"))
            doubler = w.toObject();
    QCOMPARE(doubler.value(QStringLiteral("steps"))
                 .toArray()
                 .at(1)
                 .toObject()
                 .value(QStringLiteral("depends_on"))
                 .toArray()
                 .first()
                 .toString(),
             QStringLiteral("once"));
}

void TestWorkflowsApi::runsStartOncePerKeyAndFinish()
{
    const Reply a = call("POST", QStringLiteral("/api/workflows/doubler"),
                         R"({"input": {"n": 5}, "key": "order-1"})");
    QCOMPARE(a.status, 202);
    QVERIFY(a.json.value(QStringLiteral("created")).toBool());
    const qint64 id = a.json.value(QStringLiteral("run_id")).toInteger();
    const Reply b = call("POST", QStringLiteral("/api/workflows/doubler"),
                         R"({"input": {"n": 7}, "key": "order-1"})");
    QCOMPARE(b.json.value(QStringLiteral("run_id")).toInteger(), id);
    QVERIFY(!b.json.value(QStringLiteral("created")).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/runs/%1").arg(id))
                                  .json.value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("succeeded"), 15000);
    const QJsonObject run = call("GET", QStringLiteral("/api/runs/%1").arg(id)).json;
    QCOMPARE(
        run.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("result")).toInt(),
        20);
    const QJsonArray steps = run.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps.at(1)
                 .toObject()
                 .value(QStringLiteral("input"))
                 .toObject()
                 .value(QStringLiteral("n"))
                 .toInt(),
             10);
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/doubler/runs"))
                 .json.value(QStringLiteral("runs"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(call("POST", QStringLiteral("/api/runs/%1/cancel").arg(id)).status, 409);
    QCOMPARE(call("POST", QStringLiteral("/api/runs/%1/retry").arg(id)).status, 409);
    // Metrics per workflow and per step.
    const QJsonObject stats = call("GET", QStringLiteral("/api/workflows/stats"))
                                  .json.value(QStringLiteral("workflows"))
                                  .toObject()
                                  .value(QStringLiteral("doubler"))
                                  .toObject();
    QCOMPARE(stats.value(QStringLiteral("by_state"))
                 .toObject()
                 .value(QStringLiteral("succeeded"))
                 .toInt(),
             1);
    QCOMPARE(stats.value(QStringLiteral("success_rate")).toDouble(), 1.0);
    QVERIFY(stats.value(QStringLiteral("duration_ms"))
                .toObject()
                .value(QStringLiteral("p50"))
                .toDouble() >= 0);
    QCOMPARE(stats.value(QStringLiteral("steps"))
                 .toObject()
                 .value(QStringLiteral("twice"))
                 .toObject()
                 .value(QStringLiteral("success_rate"))
                 .toDouble(),
             1.0);
}

void TestWorkflowsApi::failedStepNotifiesTheAdmin()
{
    const QByteArray yaml =
        "name: alarm\nsteps:\n  - name: boom\n    agent: test\n    action: fail\n"
        "error_handling:\n  - on_error: boom\n    action: notify_admin\n    input:\n"
        "      subject: \"run {{ run.id }} failed\"\n";
    QCOMPARE(
        call("PUT", QStringLiteral("/api/workflows/alarm/definition"), yaml, "application/yaml")
            .status,
        200);
    const qint64 id = call("POST", QStringLiteral("/api/workflows/alarm"))
                          .json.value(QStringLiteral("run_id"))
                          .toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/runs/%1").arg(id))
                                  .json.value(QStringLiteral("state"))
                                  .toString(),
                              QStringLiteral("failed"), 15000);
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/stats"))
                 .json.value(QStringLiteral("workflows"))
                 .toObject()
                 .value(QStringLiteral("alarm"))
                 .toObject()
                 .value(QStringLiteral("success_rate"))
                 .toDouble(),
             0.0);
    QTRY_COMPARE_WITH_TIMEOUT(call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                                  .json.value(QStringLiteral("events"))
                                  .toArray()
                                  .size(),
                              1, 15000);
    const QJsonObject note = call("GET", QStringLiteral("/api/events?topic=admin.notification"))
                                 .json.value(QStringLiteral("events"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("data"))
                                 .toObject();
    QCOMPARE(note.value(QStringLiteral("subject")).toString(),
             QStringLiteral("run %1 failed").arg(id));
    QCOMPARE(
        note.value(QStringLiteral("_failure")).toObject().value(QStringLiteral("step")).toString(),
        QStringLiteral("boom"));
}

void TestWorkflowsApi::runErrors()
{
    QCOMPARE(call("POST", QStringLiteral("/api/workflows/no_such_flow")).status, 404);
    QCOMPARE(call("GET", QStringLiteral("/api/runs/987654")).status, 404);
    QCOMPARE(call("POST", QStringLiteral("/api/runs/987654/cancel")).status, 404);
    QCOMPARE(call("POST", QStringLiteral("/api/workflows/doubler"), R"({"input": [1]})").status,
             400);
    QCOMPARE(call("POST", QStringLiteral("/api/workflows/doubler"), R"({"inputs": {}})").status,
             400);
}

QTEST_GUILESS_MAIN(TestWorkflowsApi)
#include "tst_workflowsapi.moc"
