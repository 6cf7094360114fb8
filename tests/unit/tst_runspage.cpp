// SPDX-License-Identifier: GPL-3.0-or-later
// The runs page, offscreen, following a real run of a real embedded backend: the run appears in
// the list, and its graph's steps reach their final states through the event stream alone.
#include "apiclient.h"
#include "runspage.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"
#include "workflowgraph.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestRunsPage : public QObject
{
    Q_OBJECT
private slots:
    void followsARealRun();
};

void TestRunsPage::followsARealRun()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("workflows")));
    QFile wf(dir.filePath(QStringLiteral("workflows/two_steps.yaml")));
    QVERIFY(wf.open(QIODevice::WriteOnly));
    wf.write("name: two_steps\n"
             "steps:\n"
             "  - name: first\n"
             "    agent: system\n"
             "    action: notify_admin\n"
             "    input: {subject: \"first {{ input.n }}\"}\n"
             "  - name: second\n"
             "    agent: system\n"
             "    action: notify_admin\n"
             "    input: {subject: \"after {{ first.output }}\"}\n"
             "  - name: skipped\n"
             "    agent: system\n"
             "    action: notify_admin\n"
             "    when: \"input.n > 100\"\n"
             "    depends_on: [first]\n");
    wf.close();
    auto b = dc::test::startEmbeddedBackend(dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    std::unique_ptr<runtime::Backend> backend = std::move(*b);

    ApiClient api(QUrl(backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *backend));
    api.subscribe(QStringLiteral("workflow.#"));
    QTRY_VERIFY(api.streaming());

    RunsPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.resize(1300, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.showWorkflow(QStringLiteral("two_steps"));
    QTRY_COMPARE(page.graph()->steps().size(), 3);
    QCOMPARE(page.model()->rowCount(), 0);

    qint64 runId = 0;
    api.send(
        "POST", QStringLiteral("/api/workflows/two_steps"),
        {{QStringLiteral("input"), QJsonObject{{QStringLiteral("n"), 7}}}}, this,
        [&](const ApiReply &r) { runId = r.json.value(QStringLiteral("run_id")).toInteger(); });
    QTRY_VERIFY(runId > 0);
    // Shown at once, then followed live: no refresh is asked for after this.
    page.showRun(runId);
    QTRY_COMPARE(page.model()->rowCount(), 1);
    QCOMPARE(page.model()->idAt(0), runId);
    QTRY_COMPARE(page.runState(), QStringLiteral("succeeded"));
    QTRY_COMPARE(page.graph()->stateShown(QStringLiteral("second")), QStringLiteral("succeeded"));
    QCOMPARE(page.graph()->stateShown(QStringLiteral("first")), QStringLiteral("succeeded"));
    QCOMPARE(page.graph()->stateShown(QStringLiteral("skipped")), QStringLiteral("skipped"));
    QTRY_COMPARE(page.model()->index(0, RunsModel::State).data().toString(),
                 QStringLiteral("Succeeded"));
    QCOMPARE(page.graph()->edgeCount(true), 1); // second uses first's output
}

QTEST_MAIN(TestRunsPage)
#include "tst_runspage.moc"
