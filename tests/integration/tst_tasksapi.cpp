// SPDX-License-Identifier: GPL-3.0-or-later
// /api/tasks over a real socket: list and filters, one task, cancel, retry, priority, stats.
#include "http.h"
#include "runtime/backend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace dc;
using namespace dc::tasks;

class TestTasksApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void listGetAndFilters();
    void cancelRetryAndPriority();
    void badRequests_data();
    void badRequests();

private:
    using Reply = dc::test::HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {});
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    QNetworkAccessManager m_nam;
    std::atomic<bool> m_failing{true};
};

void TestTasksApi::initTestCase()
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
    KindOptions once;
    once.retry.maxAttempts = 1;
    m_backend->tasks().registerKind(QStringLiteral("test.echo"), [](TaskContext &ctx) {
        return TaskOutcome::success(ctx.input);
    });
    m_backend->tasks().registerKind(
        QStringLiteral("test.fragile"),
        [this](TaskContext &) {
            return m_failing ? TaskOutcome::failure(QStringLiteral("E_DOWN"),
                                                    QStringLiteral("supplier down"))
                             : TaskOutcome::success();
        },
        once);
}

void TestTasksApi::cleanupTestCase()
{
    m_backend.reset();
}

TestTasksApi::Reply TestTasksApi::call(const QByteArray &method, const QString &path,
                                       const QByteArray &body)
{
    return dc::test::httpCall(m_nam, m_backend->listenUrl(), method, path, body);
}

void TestTasksApi::listGetAndFilters()
{
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids << m_backend->tasks()
                   .enqueue(EnqueueRequest{QStringLiteral("test.echo"),
                                           {{QStringLiteral("i"), i}},
                                           0,
                                           {},
                                           {},
                                           {},
                                           {},
                                           0,
                                           {},
                                           {}})
                   ->id;
    QTRY_COMPARE(call("GET", QStringLiteral("/api/tasks?state=succeeded&kind=test.echo"))
                     .json.value(QStringLiteral("tasks"))
                     .toArray()
                     .size(),
                 3);
    const Reply one = call("GET", QStringLiteral("/api/tasks/%1").arg(ids[1]));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(one.json.value(QStringLiteral("result")).toObject().value(QStringLiteral("i")).toInt(),
             1);
    const Reply page = call("GET", QStringLiteral("/api/tasks?kind=test.echo&limit=2"));
    QCOMPARE(page.json.value(QStringLiteral("tasks")).toArray().size(), 2);
    const qint64 next = page.json.value(QStringLiteral("next_after")).toInteger();
    QCOMPARE(call("GET", QStringLiteral("/api/tasks?kind=test.echo&limit=2&after=%1").arg(next))
                 .json.value(QStringLiteral("tasks"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(call("GET", QStringLiteral("/api/tasks/999999")).status, 404);
    const Reply stats = call("GET", QStringLiteral("/api/tasks/stats"));
    QCOMPARE(stats.status, 200);
    QVERIFY(stats.json.value(QStringLiteral("by_kind"))
                .toObject()
                .contains(QStringLiteral("test.echo")));
}

void TestTasksApi::cancelRetryAndPriority()
{
    // A task for a kind nobody runs stays queued: its priority can change, then it is cancelled.
    const qint64 waiting =
        m_backend->tasks()
            .enqueue(EnqueueRequest{
                QStringLiteral("nobody.runs_this"), {}, 0, {}, {}, {}, {}, 0, {}, {}})
            ->id;
    const Reply p =
        call("PATCH", QStringLiteral("/api/tasks/%1").arg(waiting), R"({"priority": 50})");
    QCOMPARE(p.status, 200);
    QCOMPARE(p.json.value(QStringLiteral("priority")).toInt(), 50);
    const Reply c = call("POST", QStringLiteral("/api/tasks/%1/cancel").arg(waiting));
    QCOMPARE(c.status, 202);
    QCOMPARE(c.json.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
    QCOMPARE(call("POST", QStringLiteral("/api/tasks/%1/cancel").arg(waiting)).status, 409);
    QCOMPARE(
        call("PATCH", QStringLiteral("/api/tasks/%1").arg(waiting), R"({"priority": 1})").status,
        409);

    const qint64 fragile =
        m_backend->tasks()
            .enqueue(
                EnqueueRequest{QStringLiteral("test.fragile"), {}, 0, {}, {}, {}, {}, 0, {}, {}})
            ->id;
    QTRY_COMPARE(call("GET", QStringLiteral("/api/tasks/%1").arg(fragile))
                     .json.value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("dead"));
    const Reply dead = call("GET", QStringLiteral("/api/tasks?state=dead"));
    QCOMPARE(dead.json.value(QStringLiteral("tasks"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("error_code"))
                 .toString(),
             QStringLiteral("E_DOWN"));
    m_failing = false;
    QCOMPARE(call("POST", QStringLiteral("/api/tasks/%1/retry").arg(fragile)).status, 202);
    QTRY_COMPARE(call("GET", QStringLiteral("/api/tasks/%1").arg(fragile))
                     .json.value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("succeeded"));
    QCOMPARE(call("POST", QStringLiteral("/api/tasks/%1/retry").arg(fragile)).status, 409);
}

void TestTasksApi::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::newRow("bad state") << QByteArray("GET") << "/api/tasks?state=sleeping" << QByteArray()
                               << 400 << "state";
    QTest::newRow("bad limit") << QByteArray("GET") << "/api/tasks?limit=0" << QByteArray() << 400
                               << "limit";
    QTest::newRow("unknown parameter")
        << QByteArray("GET") << "/api/tasks?colour=red" << QByteArray() << 400 << "colour";
    QTest::newRow("priority missing")
        << QByteArray("PATCH") << "/api/tasks/1" << QByteArray("{}") << 400 << "priority";
    QTest::newRow("priority type") << QByteArray("PATCH") << "/api/tasks/1"
                                   << QByteArray(R"({"priority":"high"})") << 400 << "priority";
    QTest::newRow("priority range") << QByteArray("PATCH") << "/api/tasks/1"
                                    << QByteArray(R"({"priority":1e9})") << 400 << "priority";
    QTest::newRow("unknown field")
        << QByteArray("PATCH") << "/api/tasks/1"
        << QByteArray(R"({"priority":1,"state":"succeeded"})") << 400 << "state";
    QTest::newRow("missing task") << QByteArray("POST") << "/api/tasks/123456/retry" << QByteArray()
                                  << 404 << "";
}

void TestTasksApi::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const Reply r = call(method, path, body);
    QCOMPARE(r.status, status);
    if (!field.isEmpty())
        QCOMPARE(r.json.value(QStringLiteral("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
                 field);
}

QTEST_GUILESS_MAIN(TestTasksApi)
#include "tst_tasksapi.moc"
