// SPDX-License-Identifier: GPL-3.0-or-later
// /api/workflows and /api/runs over a real socket, on the embedded backend with its system
// agent: definitions refused with their positions and never saved, saved when valid, runs
// started (once per key), followed, cancelled and retried; notify_admin raises an event. Bulk
// retry: by workflow, step and time, dry runs that change nothing, refusals naming the field,
// and concurrent retries of the same runs that start each run once. Versions: each save of a
// new text is one (who, when, hash), the same text again none, a file's text once however often
// it is loaded, a restore saves the old text as a new version, and a run records its version.
// Dry runs: a stored workflow against a recorded event renders each step's input as its run
// does, later steps' outputs as placeholders, conditions true, false or unknown; unknown actions
// and schema problems reported; nothing run, enqueued or published; inputs redacted for viewers.
#include "http.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "storage/sqlutil.h"
#include "testdb.h"
#include "workflows/versions.h"

#include <QThread>

#include <QDir>
#include <QFile>
#include <QFileInfo>
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
    void savesAreVersionsWithWhoAndWhen();
    void restoreSavesTheOldTextAsANewVersion();
    void runsRecordTheirVersion();
    void fileDefinitionsAreVersionedOnce();
    void versionErrors();
    void dryRunRendersAStoredWorkflowAsItsRunDoes();
    void dryRunShowsUnknownsAndConditions();
    void dryRunReportsUnknownActionsAndSchemaProblems();
    void dryRunHasNoSideEffects();
    void dryRunErrors();
    void dryRunRedactsInputsWithoutPersonalRead();

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
    // GET /api/workflows/{name}/versions's list, newest first.
    QJsonArray versions(const QString &workflow);
    // The recorded event and the stored workflow the dry runs use (made once); the event's id.
    qint64 dryRunFixture();
    Reply dryRun(const QJsonObject &body, const std::optional<QByteArray> &auth = std::nullopt);

    QTemporaryDir m_dir;
    dc::test::ScratchDatabase m_db;
    std::unique_ptr<runtime::Backend> m_backend;
    QNetworkAccessManager m_nam;
    qint64 m_dryEvent = 0;
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

namespace {
// The versioned workflow's two texts: they differ in one line.
const QByteArray kFirst = "name: versioned\nsteps:\n"
                          "  - name: only\n    agent: test\n    action: double\n"
                          "    input: {n: 1}\n";
const QByteArray kSecond = "name: versioned\nsteps:\n"
                           "  - name: only\n    agent: test\n    action: double\n"
                           "    input: {n: 2}\n";

QList<int> numbers(const QJsonArray &versions)
{
    QList<int> out;
    for (const QJsonValue &v : versions)
        out << v.toObject().value(QStringLiteral("version")).toInt();
    return out;
}

QList<int> currentOnes(const QJsonArray &versions)
{
    QList<int> out;
    for (const QJsonValue &v : versions)
        if (v.toObject().value(QStringLiteral("current")).toBool())
            out << v.toObject().value(QStringLiteral("version")).toInt();
    return out;
}
} // namespace

QJsonArray TestWorkflowsApi::versions(const QString &workflow)
{
    const Reply r = call("GET", QStringLiteral("/api/workflows/%1/versions").arg(workflow));
    if (r.status != 200)
        qWarning() << r.status << r.raw;
    return r.json.value(QStringLiteral("versions")).toArray();
}

void TestWorkflowsApi::savesAreVersionsWithWhoAndWhen()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/versioned/definition"), kFirst,
                  "application/yaml")
                 .status,
             200);
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
    QJsonArray list = versions(QStringLiteral("versioned"));
    QCOMPARE(numbers(list), QList<int>{1});
    const QJsonObject first = list.first().toObject();
    QCOMPARE(first.value(QStringLiteral("saved_by")).toString(), QStringLiteral("key:test-admin"));
    const QString savedAt = first.value(QStringLiteral("saved_at")).toString();
    QVERIFY2(savedAt.endsWith(QLatin1Char('Z')), qPrintable(savedAt)); // UTC
    const QDateTime at = QDateTime::fromString(savedAt, Qt::ISODateWithMs);
    QVERIFY2(at >= before && at <= after, qPrintable(savedAt));
    QCOMPARE(first.value(QStringLiteral("hash")).toString(), workflows::definitionHash(kFirst));
    QVERIFY(first.value(QStringLiteral("current")).toBool());

    // The same text again: saved, but no new version.
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/versioned/definition"), kFirst,
                  "application/yaml")
                 .status,
             200);
    QCOMPARE(numbers(versions(QStringLiteral("versioned"))), QList<int>{1});

    // Another text: version 2, the current one; the list is newest first.
    const Reply second = call("PUT", QStringLiteral("/api/workflows/versioned/definition"), kSecond,
                              "application/yaml");
    QCOMPARE(second.status, 200);
    QCOMPARE(second.json.value(QStringLiteral("version")).toInt(), 2);
    list = versions(QStringLiteral("versioned"));
    QCOMPARE(numbers(list), (QList<int>{2, 1}));
    QCOMPARE(currentOnes(list), QList<int>{2});

    // Each version with its text exactly as saved.
    for (const auto &[number, text] : {std::pair{1, kFirst}, std::pair{2, kSecond}}) {
        const Reply v =
            call("GET", QStringLiteral("/api/workflows/versioned/versions/%1").arg(number));
        QCOMPARE(v.status, 200);
        QCOMPARE(v.json.value(QStringLiteral("version")).toInt(), number);
        QCOMPARE(v.json.value(QStringLiteral("definition")).toString().toUtf8(), text);
        QCOMPARE(v.json.value(QStringLiteral("hash")).toString(), workflows::definitionHash(text));
        QCOMPARE(v.json.value(QStringLiteral("saved_by")).toString(),
                 QStringLiteral("key:test-admin"));
        QCOMPARE(v.json.value(QStringLiteral("current")).toBool(), number == 2);
    }

    // The save is audited with the workflow and the version it made.
    const auto audited = [&] {
        auto audit = m_backend->audit().list(m_backend->store().reader(), 0, 1000);
        return audit && std::any_of(audit->cbegin(), audit->cend(), [](const auto &e) {
                   return e.action == QLatin1String("PUT /api/workflows/{name}/definition") &&
                          e.target == QLatin1String("workflow:versioned") &&
                          e.detail.value(QStringLiteral("version")).toInt() == 2;
               });
    };
    QTRY_VERIFY_WITH_TIMEOUT(audited(), 15000);
}

void TestWorkflowsApi::restoreSavesTheOldTextAsANewVersion()
{
    const Reply r = call("POST", QStringLiteral("/api/workflows/versioned/versions/1/restore"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("version")).toInt(), 3);
    QCOMPARE(r.json.value(QStringLiteral("restored_from")).toInt(), 1);
    QVERIFY(r.json.value(QStringLiteral("current")).toBool());
    QCOMPARE(r.json.value(QStringLiteral("saved_by")).toString(), QStringLiteral("key:test-admin"));
    // The old text is the definition again, and the newest version; the old version stays.
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/versioned/definition")).raw, kFirst);
    QJsonArray list = versions(QStringLiteral("versioned"));
    QCOMPARE(numbers(list), (QList<int>{3, 2, 1}));
    QCOMPARE(currentOnes(list), QList<int>{3});
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("hash")),
             list.at(2).toObject().value(QStringLiteral("hash")));
    QCOMPARE(call("GET", QStringLiteral("/api/workflows/versioned/versions/3"))
                 .json.value(QStringLiteral("definition"))
                 .toString()
                 .toUtf8(),
             kFirst);
    // Restoring the newest version's text makes none.
    const Reply again = call("POST", QStringLiteral("/api/workflows/versioned/versions/3/restore"));
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json.value(QStringLiteral("version")).toInt(), 3);
    QCOMPARE(numbers(versions(QStringLiteral("versioned"))), (QList<int>{3, 2, 1}));
    // Audited as a save, with the version restored.
    const auto audited = [&] {
        auto audit = m_backend->audit().list(m_backend->store().reader(), 0, 1000);
        return audit && std::any_of(audit->cbegin(), audit->cend(), [](const auto &e) {
                   return e.action == QLatin1String("POST /api/workflows/{name}/versions/"
                                                    "{version:int}/restore") &&
                          e.target == QLatin1String("workflow:versioned") && e.outcome == 200 &&
                          e.detail.value(QStringLiteral("restored_from")).toInt() == 1 &&
                          e.detail.value(QStringLiteral("version")).toInt() == 3;
               });
    };
    QTRY_VERIFY_WITH_TIMEOUT(audited(), 15000);
}

void TestWorkflowsApi::runsRecordTheirVersion()
{
    const auto runVersion = [&](qint64 run) {
        return call("GET", QStringLiteral("/api/runs/%1").arg(run))
            .json.value(QStringLiteral("version"));
    };
    const qint64 a = start(QStringLiteral("versioned"), QStringLiteral("v-a"));
    QVERIFY(a > 0);
    QCOMPARE(runVersion(a).toInt(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(state(a), QStringLiteral("succeeded"), 15000);
    // A new version: the next run has it, the earlier run keeps its own.
    QCOMPARE(call("PUT", QStringLiteral("/api/workflows/versioned/definition"), kSecond,
                  "application/yaml")
                 .status,
             200);
    const qint64 b = start(QStringLiteral("versioned"), QStringLiteral("v-b"));
    QCOMPARE(runVersion(b).toInt(), 4);
    QCOMPARE(runVersion(a).toInt(), 3);
    const QJsonArray runs = call("GET", QStringLiteral("/api/workflows/versioned/runs"))
                                .json.value(QStringLiteral("runs"))
                                .toArray();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("id")).toInteger(), b);
    QCOMPARE(runs.at(0).toObject().value(QStringLiteral("version")).toInt(), 4);
    QCOMPARE(runs.at(1).toObject().value(QStringLiteral("version")).toInt(), 3);
}

void TestWorkflowsApi::fileDefinitionsAreVersionedOnce()
{
    // The data folder's workflows, where an operator drops files.
    const QString folder = m_backend->workflowFolders().constLast();
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + QStringLiteral("/from_file.yaml");
    const auto write = [&](const QByteArray &text) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
    };
    // What a start does: the folders, then the definitions the database holds.
    const auto restart = [&] {
        const QList<workflows::ValidationError> errors =
            m_backend->workflows().loadFolders(m_backend->workflowFolders());
        return errors.isEmpty() && m_backend->workflows().loadStored().has_value();
    };
    const QByteArray a = "name: from_file\nsteps:\n"
                         "  - name: only\n    agent: test\n    action: double\n";
    const QByteArray b = a + "    input: {n: 3}\n";
    QVERIFY(write(a));
    QVERIFY(restart());
    const QString byFile = QStringLiteral("file:") + QFileInfo(path).absoluteFilePath();
    QJsonArray list = versions(QStringLiteral("from_file"));
    QCOMPARE(numbers(list), QList<int>{1});
    QCOMPARE(list.first().toObject().value(QStringLiteral("saved_by")).toString(), byFile);
    QCOMPARE(currentOnes(list), QList<int>{1});
    // Loaded again and again (restarts, reloads): the same text is no new version.
    QVERIFY(restart());
    QVERIFY(restart());
    QCOMPARE(numbers(versions(QStringLiteral("from_file"))), QList<int>{1});
    // The file changed: a new version, by the file.
    QVERIFY(write(b));
    QVERIFY(restart());
    list = versions(QStringLiteral("from_file"));
    QCOMPARE(numbers(list), (QList<int>{2, 1}));
    QCOMPARE(list.first().toObject().value(QStringLiteral("saved_by")).toString(), byFile);
    // Saved through the API, the stored text is what runs: the file no longer makes versions.
    QCOMPARE(
        call("PUT", QStringLiteral("/api/workflows/from_file/definition"), a, "application/yaml")
            .status,
        200);
    QVERIFY(write(a + "    input: {n: 4}\n"));
    QVERIFY(restart());
    list = versions(QStringLiteral("from_file"));
    QCOMPARE(numbers(list), (QList<int>{3, 2, 1}));
    QCOMPARE(currentOnes(list), QList<int>{3});
    QVERIFY(QFile::remove(path));
}

void TestWorkflowsApi::versionErrors()
{
    for (const QString &path : {QStringLiteral("/api/workflows/no_such_flow/versions"),
                                QStringLiteral("/api/workflows/versioned/versions/99"),
                                QStringLiteral("/api/workflows/versioned/versions/0"),
                                QStringLiteral("/api/workflows/no_such_flow/versions/1"),
                                QStringLiteral("/api/workflows/versioned/versions/99999999999")}) {
        const Reply r = call("GET", path);
        QVERIFY2(r.status == 404, qPrintable(path));
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    }
    const Reply restore =
        call("POST", QStringLiteral("/api/workflows/versioned/versions/99/restore"));
    QCOMPARE(restore.status, 404);
    QCOMPARE(restore.contentType, QByteArray("application/problem+json"));
    QCOMPARE(call("POST", QStringLiteral("/api/workflows/no_such_flow/versions/1/restore")).status,
             404);
    // Restoring takes the permission saving does; reading the versions, the one reading takes.
    auto viewer = m_backend->auth().createApiKey(QStringLiteral("test-viewer"),
                                                 security::Role::Viewer, QStringLiteral("test"));
    QVERIFY(viewer);
    const QByteArray asViewer = "Bearer " + viewer->second.toUtf8();
    const Reply refused =
        dc::test::httpCall(m_nam, m_backend->listenUrl(), "POST",
                           QStringLiteral("/api/workflows/versioned/versions/1/restore"), {},
                           "application/json", asViewer);
    QCOMPARE(refused.status, 403);
    QCOMPARE(dc::test::httpCall(m_nam, m_backend->listenUrl(), "GET",
                                QStringLiteral("/api/workflows/versioned/versions"), {},
                                "application/json", asViewer)
                 .status,
             200);
    QCOMPARE(numbers(versions(QStringLiteral("versioned"))), (QList<int>{4, 3, 2, 1}));
}

namespace {
// The dry runs' workflow: a trigger key, a step reading the event, one reading that step's output
// and the run's id (placeholders), a condition false from the event and one unknown (from an
// output), a step after a skipped one, and for_each over the event's lines and over an output.
// Every step can run for real too (test.double), and the run succeeds.
const QByteArray kDryOrders =
    "name: dry_orders\n"
    "trigger:\n"
    "  event: ext.shop.order_placed\n"
    "  key: \"order-{{ trigger.data.order_id }}\"\n"
    "steps:\n"
    "  - name: first\n    agent: test\n    action: double\n    input:\n"
    "      n: \"{{ trigger.data.order_id }}\"\n"
    "      email: \"{{ trigger.data.email }}\"\n"
    "      note: \"order {{ trigger.data.order_id }} for {{ trigger.data.email }}\"\n"
    "  - name: second\n    agent: test\n    action: double\n    input:\n"
    "      n: \"{{ first.output.n }}\"\n"
    "      label: \"twice {{ first.output.n }}!\"\n"
    "      run: \"{{ run.id }}\"\n"
    "  - name: big_only\n    agent: test\n    action: double\n"
    "    when: \"{{ trigger.data.order_id > 100 }}\"\n    input: {n: 1}\n"
    "  - name: after_big\n    agent: test\n    action: double\n"
    "    depends_on: [big_only]\n    input: {n: 2}\n"
    "  - name: if_doubled\n    agent: test\n    action: double\n"
    "    when: \"second.output.n > 10\"\n    input: {n: 3}\n"
    "  - name: per_line\n    agent: test\n    action: double\n"
    "    for_each: \"{{ trigger.data.lines }}\"\n    input:\n"
    "      sku: \"{{ item.sku }}\"\n      n: \"{{ item.qty }}\"\n"
    "  - name: per_output\n    agent: test\n    action: double\n"
    "    for_each: \"{{ [first.output.n] }}\"\n    input:\n"
    "      sku: \"{{ item.sku }}\"\n";

QJsonObject dryEventData()
{
    return {{QStringLiteral("order_id"), 42},
            {QStringLiteral("email"), QStringLiteral("ann@example.com")},
            {QStringLiteral("lines"),
             QJsonArray{QJsonObject{{QStringLiteral("sku"), QStringLiteral("A-1")},
                                    {QStringLiteral("qty"), 2}},
                        QJsonObject{{QStringLiteral("sku"), QStringLiteral("B-2")},
                                    {QStringLiteral("qty"), 1}}}}};
}

// The step of that name in a dry run's answer.
QJsonObject stepOf(const QJsonObject &dry, const QString &name)
{
    for (const QJsonValue &s : dry.value(QStringLiteral("steps")).toArray())
        if (s.toObject().value(QStringLiteral("name")).toString() == name)
            return s.toObject();
    return {};
}

bool isFalse(const QJsonValue &v)
{
    return v.isBool() && !v.toBool();
}
} // namespace

qint64 TestWorkflowsApi::dryRunFixture()
{
    if (m_dryEvent > 0)
        return m_dryEvent;
    // Recorded before the workflow exists: its trigger's subscription starts after the event,
    // which therefore never starts a run of it.
    const Reply e = call("POST", QStringLiteral("/api/events"),
                         QJsonDocument(QJsonObject{{QStringLiteral("topic"),
                                                    QStringLiteral("ext.shop.order_placed")},
                                                   {QStringLiteral("key"), QStringLiteral("o-42")},
                                                   {QStringLiteral("data"), dryEventData()}})
                             .toJson());
    if (e.status != 201) {
        qWarning() << "event not recorded:" << e.status << e.raw;
        return 0;
    }
    const Reply saved = call("PUT", QStringLiteral("/api/workflows/dry_orders/definition"),
                             kDryOrders, "application/yaml");
    if (saved.status != 200) {
        qWarning() << "dry_orders not saved:" << saved.status << saved.raw;
        return 0;
    }
    m_dryEvent = e.json.value(QStringLiteral("id")).toInteger();
    return m_dryEvent;
}

TestWorkflowsApi::Reply TestWorkflowsApi::dryRun(const QJsonObject &body,
                                                 const std::optional<QByteArray> &auth)
{
    return dc::test::httpCall(
        m_nam, m_backend->listenUrl(), "POST", QStringLiteral("/api/workflow-dry-run"),
        QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", auth);
}

void TestWorkflowsApi::dryRunRendersAStoredWorkflowAsItsRunDoes()
{
    const qint64 event = dryRunFixture();
    QVERIFY(event > 0);
    const Reply r = dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                            {QStringLiteral("event_id"), event}});
    QVERIFY2(r.status == 200, r.raw.constData());
    const QJsonObject &d = r.json;
    QCOMPARE(d.value(QStringLiteral("workflow")).toString(), QStringLiteral("dry_orders"));
    const QJsonObject e = d.value(QStringLiteral("event")).toObject();
    QCOMPARE(e.value(QStringLiteral("id")).toInteger(), event);
    QCOMPARE(e.value(QStringLiteral("topic")).toString(), QStringLiteral("ext.shop.order_placed"));
    // The trigger's key template as the trigger renders it; the event would start a run.
    QCOMPARE(d.value(QStringLiteral("key")).toString(), QStringLiteral("order-42"));
    QVERIFY(d.value(QStringLiteral("starts_run")).toBool());
    QVERIFY2(d.value(QStringLiteral("warnings")).toArray().isEmpty(), r.raw.constData());
    // Every step, each after those it depends on.
    QStringList order;
    for (const QJsonValue &s : d.value(QStringLiteral("steps")).toArray())
        order << s.toObject().value(QStringLiteral("name")).toString();
    QCOMPARE(order.size(), 7);
    QVERIFY(order.indexOf(QStringLiteral("first")) < order.indexOf(QStringLiteral("second")));
    QVERIFY(order.indexOf(QStringLiteral("second")) < order.indexOf(QStringLiteral("if_doubled")));
    QVERIFY(order.indexOf(QStringLiteral("big_only")) < order.indexOf(QStringLiteral("after_big")));

    const QJsonObject first = stepOf(d, QStringLiteral("first"));
    QCOMPARE(first.value(QStringLiteral("agent")).toString(), QStringLiteral("test"));
    QCOMPARE(first.value(QStringLiteral("action")).toString(), QStringLiteral("double"));
    QVERIFY(first.value(QStringLiteral("action_exists")).toBool());
    QVERIFY(first.value(QStringLiteral("when")).toBool());
    QVERIFY(first.value(QStringLiteral("runs")).toBool());
    QVERIFY(first.value(QStringLiteral("for_each_items")).isNull());
    QVERIFY(first.value(QStringLiteral("problems")).toArray().isEmpty());
    QVERIFY(first.value(QStringLiteral("unknown")).toArray().isEmpty());
    const QJsonObject input = first.value(QStringLiteral("input")).toObject();
    QVERIFY(input.value(QStringLiteral("n")).isDouble()); // a whole template keeps the type
    QCOMPARE(input.value(QStringLiteral("n")).toInt(), 42);
    QCOMPARE(input.value(QStringLiteral("email")).toString(), QStringLiteral("ann@example.com"));
    QCOMPARE(input.value(QStringLiteral("note")).toString(),
             QStringLiteral("order 42 for ann@example.com"));
    const QJsonObject perLine = stepOf(d, QStringLiteral("per_line"));
    QCOMPARE(perLine.value(QStringLiteral("for_each_items")).toInt(), 2);
    const QJsonArray lines = perLine.value(QStringLiteral("inputs")).toArray();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1).toObject().value(QStringLiteral("sku")).toString(), QStringLiteral("B-2"));
    QCOMPARE(lines.at(1).toObject().value(QStringLiteral("n")).toInt(), 1);
    QCOMPARE(perLine.value(QStringLiteral("input")), lines.at(0));

    // The same trigger data run for real: the inputs its steps got are the dry run's.
    auto run = m_backend->workflows().startRun(QStringLiteral("dry_orders"), {},
                                               QStringLiteral("order-42"), dryEventData());
    QVERIFY(run && run->created);
    QTRY_COMPARE_WITH_TIMEOUT(state(run->runId), QStringLiteral("succeeded"), 15000);
    const QJsonArray ran = call("GET", QStringLiteral("/api/runs/%1").arg(run->runId))
                               .json.value(QStringLiteral("steps"))
                               .toArray();
    const auto ranInput = [&ran](const QString &step) {
        for (const QJsonValue &s : ran)
            if (s.toObject().value(QStringLiteral("name")).toString() == step)
                return s.toObject().value(QStringLiteral("input"));
        return QJsonValue(QJsonValue::Undefined);
    };
    QCOMPARE(ranInput(QStringLiteral("first")), first.value(QStringLiteral("input")));
    QCOMPARE(ranInput(QStringLiteral("per_line")), perLine.value(QStringLiteral("inputs")));
    // What only the run could know: first's output.
    QCOMPARE(ranInput(QStringLiteral("second")).toObject().value(QStringLiteral("n")).toInt(), 84);
}

void TestWorkflowsApi::dryRunShowsUnknownsAndConditions()
{
    const qint64 event = dryRunFixture();
    QVERIFY(event > 0);
    const Reply r = dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                            {QStringLiteral("event_id"), event}});
    QVERIFY2(r.status == 200, r.raw.constData());
    // An earlier step's output (and the run's id): a placeholder, alone or within text, and its
    // place listed.
    const QJsonObject second = stepOf(r.json, QStringLiteral("second"));
    const QJsonObject in = second.value(QStringLiteral("input")).toObject();
    QCOMPARE(in.value(QStringLiteral("n")).toString(), QStringLiteral("<output of step first.n>"));
    QCOMPARE(in.value(QStringLiteral("label")).toString(),
             QStringLiteral("twice <output of step first.n>!"));
    QCOMPARE(in.value(QStringLiteral("run")).toString(), QStringLiteral("<run.id>"));
    QStringList unknown = second.value(QStringLiteral("unknown")).toVariant().toStringList();
    unknown.sort();
    QCOMPARE(unknown, (QStringList{QStringLiteral("input.label"), QStringLiteral("input.n"),
                                   QStringLiteral("input.run")}));
    QCOMPARE(second.value(QStringLiteral("depends_on")).toArray(),
             QJsonArray{QStringLiteral("first")});
    QVERIFY(second.value(QStringLiteral("runs")).toBool());
    QVERIFY(second.value(QStringLiteral("problems")).toArray().isEmpty());
    // when: false from the event, and so skipped, with what depends on it.
    const QJsonObject big = stepOf(r.json, QStringLiteral("big_only"));
    QVERIFY(isFalse(big.value(QStringLiteral("when"))));
    QVERIFY(isFalse(big.value(QStringLiteral("runs"))));
    QCOMPARE(big.value(QStringLiteral("skip_reason")).toString(), QStringLiteral("when is false"));
    const QJsonObject after = stepOf(r.json, QStringLiteral("after_big"));
    QVERIFY(after.value(QStringLiteral("when")).toBool());
    QVERIFY(isFalse(after.value(QStringLiteral("runs"))));
    QCOMPARE(after.value(QStringLiteral("skip_reason")).toString(),
             QStringLiteral("big_only would be skipped"));
    // when reading an output: unknown, and so is whether the step runs.
    const QJsonObject doubled = stepOf(r.json, QStringLiteral("if_doubled"));
    QVERIFY(doubled.value(QStringLiteral("when")).isNull());
    QVERIFY(doubled.value(QStringLiteral("runs")).isNull());
    // for_each over an output: how many items is unknown, and so is each item.
    const QJsonObject perOutput = stepOf(r.json, QStringLiteral("per_output"));
    QVERIFY(perOutput.value(QStringLiteral("for_each_items")).isNull());
    QCOMPARE(perOutput.value(QStringLiteral("input")).toObject().value(QStringLiteral("sku")),
             QJsonValue(QStringLiteral("<item.sku>")));
    QVERIFY(perOutput.value(QStringLiteral("problems")).toArray().isEmpty());
}

void TestWorkflowsApi::dryRunReportsUnknownActionsAndSchemaProblems()
{
    if (!m_backend->tasks().hasKind(QStringLiteral("test.typed"))) {
        tasks::KindOptions typed;
        typed.inputSchema = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("n"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                      {QStringLiteral("minimum"), 1}}},
                         {QStringLiteral("sku"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("n"), QStringLiteral("sku")}},
            {QStringLiteral("additionalProperties"), false}};
        m_backend->tasks().registerKind(
            QStringLiteral("test.typed"),
            [](tasks::TaskContext &) { return tasks::TaskOutcome::success({}); }, typed);
    }
    // A definition's text (the editor's, unsaved) with a manual input.
    const QByteArray text = "name: dry_text\nsteps:\n"
                            "  - name: ghost\n    agent: test\n    action: nothing_like_this\n"
                            "  - name: typed\n    agent: test\n    action: typed\n    input:\n"
                            "      n: \"{{ input.count }}\"\n"
                            "  - name: typed_later\n    agent: test\n    action: typed\n"
                            "    input:\n      n: \"{{ typed.output.n }}\"\n      sku: A-1\n"
                            "  - name: typed_mixed\n    agent: test\n    action: typed\n"
                            "    input:\n      n: \"{{ typed.output.n }}\"\n      sku: 5\n";
    const Reply r = dryRun({{QStringLiteral("definition"), QString::fromUtf8(text)},
                            {QStringLiteral("input"), QJsonObject{{QStringLiteral("count"), 0}}}});
    QVERIFY2(r.status == 200, r.raw.constData());
    // Started by hand: no event, no key.
    QVERIFY(r.json.value(QStringLiteral("event")).isNull());
    QVERIFY(r.json.value(QStringLiteral("key")).isNull());
    QVERIFY(r.json.value(QStringLiteral("starts_run")).isNull());
    QCOMPARE(r.json.value(QStringLiteral("workflow")).toString(), QStringLiteral("dry_text"));
    // An action that does not exist: on its step, and a warning (a save would refuse it).
    const QJsonObject ghost = stepOf(r.json, QStringLiteral("ghost"));
    QVERIFY(isFalse(ghost.value(QStringLiteral("action_exists"))));
    QCOMPARE(ghost.value(QStringLiteral("problems")).toArray(),
             QJsonArray{QStringLiteral("no agent action \"test.nothing_like_this\" is available")});
    const QJsonArray warnings = r.json.value(QStringLiteral("warnings")).toArray();
    QVERIFY2(std::any_of(warnings.begin(), warnings.end(),
                         [](const QJsonValue &w) {
                             return w.toString().startsWith(QLatin1String("steps.ghost: "));
                         }),
             r.raw.constData());
    // The action's input schema, against the input rendered from the manual input.
    const QJsonObject typed = stepOf(r.json, QStringLiteral("typed"));
    QVERIFY(typed.value(QStringLiteral("action_exists")).toBool());
    QCOMPARE(typed.value(QStringLiteral("input")).toObject().value(QStringLiteral("n")).toInt(), 0);
    QCOMPARE(typed.value(QStringLiteral("problems")).toArray(),
             QJsonArray{QStringLiteral("input.sku: required")});
    // An unknown value is not checked; the known ones are.
    const QJsonObject later = stepOf(r.json, QStringLiteral("typed_later"));
    QCOMPARE(later.value(QStringLiteral("unknown")).toArray(),
             QJsonArray{QStringLiteral("input.n")});
    QVERIFY2(later.value(QStringLiteral("problems")).toArray().isEmpty(), r.raw.constData());
    QCOMPARE(
        stepOf(r.json, QStringLiteral("typed_mixed")).value(QStringLiteral("problems")).toArray(),
        QJsonArray{QStringLiteral("input.sku: expected string")});
}

void TestWorkflowsApi::dryRunHasNoSideEffects()
{
    const qint64 event = dryRunFixture();
    QVERIFY(event > 0);
    const auto count = [this](const QString &sql, const QVariantList &binds = {}) -> qint64 {
        auto q = storage::exec(m_backend->store().reader(), sql, binds);
        return q && q->next() ? q->value(0).toLongLong() : -1;
    };
    // What a run, its steps or a publication would leave (the backend's other work aside).
    const QString runs = QStringLiteral("SELECT COUNT(*) FROM workflow_runs");
    const QString tasks = QStringLiteral("SELECT COUNT(*) FROM tasks WHERE workflow_run_id IS NOT "
                                         "NULL OR kind LIKE 'test.%'");
    const QString events = QStringLiteral("SELECT COUNT(*) FROM events WHERE id > ? AND (topic "
                                          "LIKE 'workflow.%' OR topic LIKE 'ext.%')");
    const qint64 lastEvent = count(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"));
    const qint64 runsBefore = count(runs);
    const qint64 tasksBefore = count(tasks);
    QVERIFY(lastEvent >= event && runsBefore >= 0 && tasksBefore >= 0);
    QCOMPARE(dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                     {QStringLiteral("event_id"), event}})
                 .status,
             200);
    QCOMPARE(dryRun({{QStringLiteral("definition"), QString::fromUtf8(kDryOrders)},
                     {QStringLiteral("input"), QJsonObject{{QStringLiteral("n"), 1}}}})
                 .status,
             200);
    QCOMPARE(count(runs), runsBefore);
    QCOMPARE(count(tasks), tasksBefore);
    QCOMPARE(count(events, {lastEvent}), qint64(0));
    QVERIFY(call("GET", QStringLiteral("/api/workflows/dry_orders/runs"))
                .json.value(QStringLiteral("runs"))
                .toArray()
                .size() <= 1); // only the real run of dryRunRendersAStoredWorkflowAsItsRunDoes
}

void TestWorkflowsApi::dryRunErrors()
{
    const qint64 event = dryRunFixture();
    QVERIFY(event > 0);
    const auto field = &dc::test::problemField;
    // An event or a workflow that does not exist.
    Reply r = dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                      {QStringLiteral("event_id"), 987654321}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    r = dryRun({{QStringLiteral("workflow"), QStringLiteral("no_such_flow")},
                {QStringLiteral("event_id"), event}});
    QCOMPARE(r.status, 404);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));

    // A definition is read as a save reads it: 422 with every error's line and column, as the
    // validation route answers.
    const QByteArray bad = "name: broken\nsteps:\n  - name: a\n    agent: test\n"
                           "    action: double\n    colour: red\n";
    r = dryRun({{QStringLiteral("definition"), QString::fromUtf8(bad)},
                {QStringLiteral("event_id"), event}});
    QCOMPARE(r.status, 422);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    const QJsonObject e = r.json.value(QStringLiteral("errors")).toArray().at(0).toObject();
    QCOMPARE(e.value(QStringLiteral("line")).toInt(), 6);
    QCOMPARE(e.value(QStringLiteral("column")).toInt(), 5);
    QCOMPARE(e.value(QStringLiteral("field")).toString(), QStringLiteral("steps[0].colour"));
    QVERIFY(e.value(QStringLiteral("reason")).toString().contains(QLatin1String("unknown field")));
    const Reply validation =
        call("POST", QStringLiteral("/api/workflow-validation"), bad, "application/yaml");
    QCOMPARE(validation.status, 422);
    QCOMPARE(r.json.value(QStringLiteral("errors")),
             validation.json.value(QStringLiteral("errors")));
    // YAML that does not parse: where it stops.
    r = dryRun({{QStringLiteral("definition"), QStringLiteral("name: x\nsteps: [\n")}});
    QCOMPARE(r.status, 422);
    QVERIFY(r.json.value(QStringLiteral("errors"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("line"))
                .toInt() >= 1);

    // One workflow (stored or as text), and an event or an input, not both.
    for (const QJsonObject &body :
         {QJsonObject{},
          QJsonObject{{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                      {QStringLiteral("definition"), QString::fromUtf8(kDryOrders)}}}) {
        r = dryRun(body);
        QCOMPARE(r.status, 400);
        QCOMPARE(field(r), QStringLiteral("workflow"));
    }
    r = dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                {QStringLiteral("event_id"), event},
                {QStringLiteral("input"), QJsonObject()}});
    QCOMPARE(r.status, 400);
    QCOMPARE(field(r), QStringLiteral("input"));
    // The route's schema, before anything is read.
    r = dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                {QStringLiteral("event_id"), QStringLiteral("x")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(field(r), QStringLiteral("event_id"));
    r = dryRun({{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                {QStringLiteral("events"), 1}});
    QCOMPARE(r.status, 400);
    QCOMPARE(field(r), QStringLiteral("events"));
}

void TestWorkflowsApi::dryRunRedactsInputsWithoutPersonalRead()
{
    const qint64 event = dryRunFixture();
    QVERIFY(event > 0);
    const QJsonObject body{{QStringLiteral("workflow"), QStringLiteral("dry_orders")},
                           {QStringLiteral("event_id"), event}};
    auto viewer = m_backend->auth().createApiKey(QStringLiteral("dry-run-viewer"),
                                                 security::Role::Viewer, QStringLiteral("test"));
    QVERIFY(viewer);
    const QByteArray asViewer = "Bearer " + viewer->second.toUtf8();
    const Reply r = dryRun(body, asViewer);
    QVERIFY2(r.status == 200, r.raw.constData());
    const QJsonObject redacted{{QStringLiteral("redacted"), true}};
    const QJsonArray steps = r.json.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 7);
    for (const QJsonValue &s : steps)
        QCOMPARE(s.toObject().value(QStringLiteral("input")).toObject(), redacted);
    const QJsonObject perLine = stepOf(r.json, QStringLiteral("per_line"));
    QCOMPARE(perLine.value(QStringLiteral("inputs")).toObject(), redacted);
    QVERIFY(!r.raw.contains("ann@example.com"));
    // The rest is shown: conditions, items, the key.
    QCOMPARE(perLine.value(QStringLiteral("for_each_items")).toInt(), 2);
    QVERIFY(isFalse(stepOf(r.json, QStringLiteral("big_only")).value(QStringLiteral("when"))));
    QCOMPARE(r.json.value(QStringLiteral("key")).toString(), QStringLiteral("order-42"));
    // A definition's own text is an editor's to try out: a viewer may dry-run stored ones only.
    const Reply text = dryRun({{QStringLiteral("definition"),
                                QStringLiteral("name: mine\nsteps:\n  - name: a\n    agent: "
                                               "system\n    action: notify_admin\n")},
                               {QStringLiteral("input"), QJsonObject()}},
                              asViewer);
    QCOMPARE(text.status, 403);
    QVERIFY(text.raw.contains("workflows.edit"));
    // An operator may read personal data: the inputs in full.
    auto op = m_backend->auth().createApiKey(QStringLiteral("dry-run-operator"),
                                             security::Role::Operator, QStringLiteral("test"));
    QVERIFY(op);
    const QByteArray asOperator = "Bearer " + op->second.toUtf8();
    const Reply full = dryRun(body, asOperator);
    QCOMPARE(full.status, 200);
    QCOMPARE(stepOf(full.json, QStringLiteral("first"))
                 .value(QStringLiteral("input"))
                 .toObject()
                 .value(QStringLiteral("email"))
                 .toString(),
             QStringLiteral("ann@example.com"));
}

QTEST_GUILESS_MAIN(TestWorkflowsApi)
#include "tst_workflowsapi.moc"
