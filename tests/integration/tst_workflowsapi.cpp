// SPDX-License-Identifier: GPL-3.0-or-later
// /api/workflows and /api/runs over a real socket, on the embedded backend with its system
// agent: definitions refused with their positions and never saved, saved when valid, runs
// started (once per key), followed, cancelled and retried; notify_admin raises an event. Bulk
// retry: by workflow, step and time, dry runs that change nothing, refusals naming the field,
// and concurrent retries of the same runs that start each run once.
#include "http.h"
#include "runtime/backend.h"
#include "testdb.h"

#include <QThread>

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
    void bulkRetryRefusesWithTheField();
    void bulkRetryByWorkflowStepAndSince();
    void bulkRetryNeverStartsARunTwice();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               const QByteArray &type = "application/json");
    // Starts a run of the workflow with that key; its id.
    qint64 start(const QString &workflow, const QString &key);
    QString state(qint64 run);
    // How many times the run was retried (workflow.run.retried events of it).
    int retries(qint64 run);
    Reply bulkRetry(const QJsonObject &body);

    QTemporaryDir m_dir;
    dc::test::ScratchDatabase m_db;
    std::unique_ptr<runtime::Backend> m_backend;
    QNetworkAccessManager m_nam;
    // test.flaky: fails while s_fail; otherwise succeeds once s_open (in flight until then).
    static inline std::atomic<bool> s_fail{true};
    static inline std::atomic<bool> s_open{true};
};

void TestWorkflowsApi::initTestCase()
{
    DC_REQUIRE_DB(m_db);
    QStringList args{QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                     QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:0")};
    if (dc::test::backendUnderTest() == storage::Backend::Postgres)
        args << QStringLiteral("--database") << m_db.urlString();
    auto cl = runtime::parseCommandLine(args);
    QVERIFY(cl);
    cl->config.shippedWorkflows = QStringLiteral("none"); // only what the test adds
    auto b = runtime::Backend::start(cl->config);
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    QCOMPARE(m_backend->store().backend(), dc::test::backendUnderTest());
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
    m_backend->tasks().registerKind(
        QStringLiteral("test.flaky"),
        [](tasks::TaskContext &ctx) {
            if (s_fail)
                return tasks::TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("down"));
            QElapsedTimer t;
            t.start();
            while (!s_open && !ctx.cancelled() && t.elapsed() < 60000)
                QThread::msleep(5);
            return tasks::TaskOutcome::success({{QStringLiteral("ok"), true}});
        },
        once);
    const QByteArray bulkA = "name: bulk_a\nsteps:\n"
                             "  - name: first\n    agent: test\n    action: double\n"
                             "    input: {n: 1}\n"
                             "  - name: deliver\n    agent: test\n    action: flaky\n"
                             "    depends_on: [first]\n";
    const QByteArray bulkB = "name: bulk_b\nsteps:\n"
                             "  - name: check\n    agent: test\n    action: flaky\n";
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/bulk_a/definition"), bulkA,
                  "application/yaml")
                 .status,
             200);
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/bulk_b/definition"), bulkB,
                  "application/yaml")
                 .status,
             200);
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

qint64 TestWorkflowsApi::start(const QString &workflow, const QString &key)
{
    return call("POST", QStringLiteral("/api/workflows/") + workflow,
                QJsonDocument(QJsonObject{{QStringLiteral("key"), key}}).toJson())
        .json.value(QStringLiteral("run_id"))
        .toInteger();
}

QString TestWorkflowsApi::state(qint64 run)
{
    return call("GET", QStringLiteral("/api/runs/%1").arg(run))
        .json.value(QStringLiteral("state"))
        .toString();
}

int TestWorkflowsApi::retries(qint64 run)
{
    return int(call("GET",
                    QStringLiteral("/api/events?topic=workflow.run.retried&key=run-%1").arg(run))
                   .json.value(QStringLiteral("events"))
                   .toArray()
                   .size());
}

TestWorkflowsApi::Reply TestWorkflowsApi::bulkRetry(const QJsonObject &body)
{
    return call("POST", QStringLiteral("/api/runs/retry"), QJsonDocument(body).toJson());
}

namespace {
QList<qint64> ids(const QJsonValue &array)
{
    QList<qint64> out;
    for (const QJsonValue &v : array.toArray())
        out << v.toInteger();
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

void TestWorkflowsApi::bulkRetryRefusesWithTheField()
{
    const auto field = &dc::test::problemField;
    for (const QByteArray &body : {QByteArray("{}"), QByteArray(R"({"dry_run": true})"),
                                   QByteArray(R"({"workflow": "", "limit": 5})")}) {
        const Reply r = call("POST", QStringLiteral("/api/runs/retry"), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(field(r), QStringLiteral("workflow"));
    }
    for (const char *since : {"yesterday", "2024-05-01T08:00:00", "2024-13-01T08:00:00Z"}) {
        const Reply r = bulkRetry({{QStringLiteral("since"), QLatin1String(since)}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(field(r), QStringLiteral("since"));
    }
    // Checked against the route's schema before the handler.
    QCOMPARE(field(bulkRetry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")},
                              {QStringLiteral("limit"), 5001}})),
             QStringLiteral("limit"));
    QCOMPARE(field(bulkRetry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")},
                              {QStringLiteral("state"), QStringLiteral("failed")}})),
             QStringLiteral("state"));
    QCOMPARE(call("POST", QStringLiteral("/api/runs/retry"), "not json").status, 400);
}

void TestWorkflowsApi::bulkRetryByWorkflowStepAndSince()
{
    s_fail = true;
    const qint64 a1 = start(QStringLiteral("bulk_a"), QStringLiteral("a1"));
    const qint64 a2 = start(QStringLiteral("bulk_a"), QStringLiteral("a2"));
    QTRY_COMPARE_WITH_TIMEOUT(state(a1), QStringLiteral("failed"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(state(a2), QStringLiteral("failed"), 15000);
    // The runs of bulk_b fail after this.
    const QDateTime mid = QDateTime::currentDateTimeUtc();
    QTest::qWait(5); // finished_at has milliseconds: the next failures are strictly later
    const qint64 b1 = start(QStringLiteral("bulk_b"), QStringLiteral("b1"));
    const qint64 b2 = start(QStringLiteral("bulk_b"), QStringLiteral("b2"));
    QTRY_COMPARE_WITH_TIMEOUT(state(b1), QStringLiteral("failed"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(state(b2), QStringLiteral("failed"), 15000);
    const QString since = mid.toString(Qt::ISODateWithMs);

    // Dry runs say what would be retried and change nothing.
    const auto dry = [&](QJsonObject body) {
        body.insert(QStringLiteral("dry_run"), true);
        const Reply r = bulkRetry(body);
        if (r.status != 200)
            qWarning() << r.raw;
        return r.json;
    };
    QJsonObject d = dry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")}});
    QCOMPARE(d.value(QStringLiteral("matched")).toInteger(), 2);
    QCOMPARE(ids(d.value(QStringLiteral("retried"))), (QList<qint64>{a1, a2}));
    QVERIFY(d.value(QStringLiteral("skipped")).toArray().isEmpty());
    QVERIFY(d.value(QStringLiteral("dry_run")).toBool());
    d = dry({{QStringLiteral("step"), QStringLiteral("check")}});
    QCOMPARE(ids(d.value(QStringLiteral("retried"))), (QList<qint64>{b1, b2}));
    d = dry({{QStringLiteral("step"), QStringLiteral("deliver")}});
    QCOMPARE(ids(d.value(QStringLiteral("retried"))), (QList<qint64>{a1, a2}));
    // A step that succeeded is no run's failed step.
    QCOMPARE(dry({{QStringLiteral("step"), QStringLiteral("first")}})
                 .value(QStringLiteral("matched"))
                 .toInteger(),
             0);
    d = dry({{QStringLiteral("since"), since}});
    QCOMPARE(ids(d.value(QStringLiteral("retried"))), (QList<qint64>{b1, b2}));
    // The same instant written with another offset.
    d = dry({{QStringLiteral("since"),
              mid.toOffsetFromUtc(7200).toString(Qt::ISODateWithMs)}});
    QCOMPARE(ids(d.value(QStringLiteral("retried"))), (QList<qint64>{b1, b2}));
    // Filters combine; limit takes the oldest.
    QCOMPARE(dry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")},
                  {QStringLiteral("since"), since}})
                 .value(QStringLiteral("matched"))
                 .toInteger(),
             0);
    d = dry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")}, {QStringLiteral("limit"), 1}});
    QCOMPARE(d.value(QStringLiteral("matched")).toInteger(), 2);
    QCOMPARE(ids(d.value(QStringLiteral("retried"))), (QList<qint64>{std::min(a1, a2)}));
    for (qint64 run : {a1, a2, b1, b2}) {
        QCOMPARE(state(run), QStringLiteral("failed"));
        QCOMPARE(retries(run), 0);
    }

    // By workflow: only that workflow's runs, now succeeding.
    s_fail = false;
    Reply r = bulkRetry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(QStringLiteral("matched")).toInteger(), 2);
    QCOMPARE(ids(r.json.value(QStringLiteral("retried"))), (QList<qint64>{a1, a2}));
    QTRY_COMPARE_WITH_TIMEOUT(state(a1), QStringLiteral("succeeded"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(state(a2), QStringLiteral("succeeded"), 15000);
    QCOMPARE(state(b1), QStringLiteral("failed"));
    QCOMPARE(retries(b1), 0);
    // By step and since.
    r = bulkRetry({{QStringLiteral("step"), QStringLiteral("check")},
                   {QStringLiteral("since"), since}});
    QCOMPARE(r.status, 202);
    QCOMPARE(ids(r.json.value(QStringLiteral("retried"))), (QList<qint64>{b1, b2}));
    QTRY_COMPARE_WITH_TIMEOUT(state(b1), QStringLiteral("succeeded"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(state(b2), QStringLiteral("succeeded"), 15000);
    for (qint64 run : {a1, a2, b1, b2})
        QCOMPARE(retries(run), 1);
    // Nothing failed is left.
    r = bulkRetry({{QStringLiteral("workflow"), QStringLiteral("bulk_a")}});
    QCOMPARE(r.json.value(QStringLiteral("matched")).toInteger(), 0);
    QVERIFY(r.json.value(QStringLiteral("retried")).toArray().isEmpty());
    // Each bulk retry is in the audit log with its filter and counts.
    auto audit = m_backend->audit().list(m_backend->store().reader(), 0, 1000);
    QVERIFY(audit);
    int logged = 0;
    for (const auto &e : *audit)
        if (e.action == QLatin1String("POST /api/runs/retry") &&
            e.target == QLatin1String("workflow:bulk_a") &&
            !e.detail.value(QStringLiteral("dry_run")).toBool())
            logged += e.detail.value(QStringLiteral("retried")).toInt() == 2;
    QCOMPARE(logged, 1);
}

void TestWorkflowsApi::bulkRetryNeverStartsARunTwice()
{
    s_fail = true;
    QList<qint64> runs;
    for (int i = 0; i < 3; ++i)
        runs << start(QStringLiteral("bulk_b"), QStringLiteral("c%1").arg(i));
    for (qint64 run : std::as_const(runs))
        QTRY_COMPARE_WITH_TIMEOUT(state(run), QStringLiteral("failed"), 15000);
    std::sort(runs.begin(), runs.end());
    // Retried steps stay in flight (running) until the gate opens.
    s_fail = false;
    s_open = false;
    auto post = [&](const QString &path, const QByteArray &body) {
        QNetworkRequest req(QUrl(m_backend->listenUrl() + path));
        req.setRawHeader("Authorization", dc::test::defaultAuthorization());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        return m_nam.post(req, body);
    };
    // Two bulk retries and a single one of the same runs, at once.
    const QByteArray bulk = R"({"workflow": "bulk_b"})";
    QList<QNetworkReply *> replies{post(QStringLiteral("/api/runs/retry"), bulk),
                                   post(QStringLiteral("/api/runs/%1/retry").arg(runs.first()), {}),
                                   post(QStringLiteral("/api/runs/retry"), bulk)};
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             15000);
    QList<qint64> retried;
    qsizetype skipped = 0;
    for (int i : {0, 2}) {
        const QJsonObject o = QJsonDocument::fromJson(replies[i]->readAll()).object();
        QCOMPARE(replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
        retried += ids(o.value(QStringLiteral("retried")));
        for (const QJsonValue &v : o.value(QStringLiteral("skipped")).toArray()) {
            ++skipped;
            QVERIFY(runs.contains(v.toObject().value(QStringLiteral("id")).toInteger()));
            QVERIFY(!v.toObject().value(QStringLiteral("reason")).toString().isEmpty());
        }
    }
    const int single = replies[1]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QVERIFY2(single == 202 || single == 409, QByteArray::number(single));
    if (single == 202)
        retried << runs.first();
    qDeleteAll(replies);
    std::sort(retried.begin(), retried.end());
    // Each run retried by exactly one of the three; the others skipped it (or, coming after,
    // no longer found it failed).
    QCOMPARE(retried, runs);
    QVERIFY(skipped + (single == 409 ? 1 : 0) <= 3 + 1 + 3 - 3);
    for (qint64 run : std::as_const(runs)) {
        QCOMPARE(state(run), QStringLiteral("running"));
        QCOMPARE(retries(run), 1);
    }
    s_open = true;
    for (qint64 run : std::as_const(runs)) {
        QTRY_COMPARE_WITH_TIMEOUT(state(run), QStringLiteral("succeeded"), 15000);
        QCOMPARE(retries(run), 1);
    }
}

QTEST_GUILESS_MAIN(TestWorkflowsApi)
#include "tst_workflowsapi.moc"
