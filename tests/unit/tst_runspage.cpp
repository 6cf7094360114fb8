// SPDX-License-Identifier: GPL-3.0-or-later
// The runs page, offscreen, following a real run of a real embedded backend: the run appears in
// the list with the version it ran, and its graph's steps reach their final states through the
// event stream alone.
// "Retry failed…" counts the matching failed runs as the filter is edited and retries them.
#include "apiclient.h"
#include "bulkretrydialog.h"
#include "runspage.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"
#include "workflowgraph.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QPushButton>
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
    void retriesFailedRunsInBulk();
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
    // The run ran the file's text, the workflow's first version.
    QCOMPARE(page.model()->index(0, RunsModel::Version).data().toInt(), 1);
    QTRY_VERIFY2(page.statusText().contains(QLatin1String("(version 1)")),
                 qPrintable(page.statusText()));
    QCOMPARE(page.graph()->edgeCount(true), 1); // second uses first's output
}

void TestRunsPage::retriesFailedRunsInBulk()
{
    QTemporaryDir dir;
    auto b = dc::test::startEmbeddedBackend(dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    std::unique_ptr<runtime::Backend> backend = std::move(*b);
    static std::atomic<bool> fail{true};
    tasks::KindOptions once;
    once.retry.maxAttempts = 1;
    backend->tasks().registerKind(
        QStringLiteral("test.flaky"),
        [](tasks::TaskContext &) {
            return fail ? tasks::TaskOutcome::failure(QStringLiteral("E"), QStringLiteral("down"))
                        : tasks::TaskOutcome::success({});
        },
        once);
    for (const char *name : {"flaky_a", "flaky_b"}) {
        const QByteArray step = qstrcmp(name, "flaky_a") == 0 ? "deliver" : "publish";
        QVERIFY(backend->workflows().saveDefinition(
            QLatin1String(name), "name: " + QByteArray(name) + "\nsteps:\n  - name: " + step +
                                     "\n    agent: test\n    action: flaky\n"));
    }
    QList<qint64> a, others;
    for (int i = 0; i < 3; ++i) {
        auto r = backend->workflows().startRun(i < 2 ? QStringLiteral("flaky_a")
                                                     : QStringLiteral("flaky_b"),
                                               {}, QStringLiteral("k%1").arg(i));
        QVERIFY(r);
        (i < 2 ? a : others) << r->runId;
    }
    const auto state = [&](qint64 id) {
        auto r = backend->workflows().run(backend->store().reader(), id);
        return r && r->has_value() ? (*r)->state : QString();
    };
    for (qint64 id : a + others)
        QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("failed"), 15000);

    ApiClient api(QUrl(backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *backend));
    RunsPage page(api);
    page.resize(1300, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_COMPARE(page.findChild<QComboBox *>()->count(), 2); // the workflows are loaded
    page.showWorkflow(QStringLiteral("flaky_a"));
    QTRY_COMPARE(page.model()->rowCount(), 2);

    auto *button = page.findChild<QPushButton *>(QStringLiteral("bulkRetryButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QPointer<BulkRetryDialog> d = page.findChild<BulkRetryDialog *>();
    QVERIFY(d);
    QVERIFY(QTest::qWaitForWindowExposed(d));
    // The page's workflow is chosen: its two failed runs are counted by a dry run.
    QCOMPARE(d->workflowBox()->currentData().toString(), QStringLiteral("flaky_a"));
    QTRY_COMPARE(d->previewCount(), 2);
    QVERIFY(d->retryButton()->isEnabled());
    QVERIFY(d->previewText().startsWith(QLatin1Char('2')));
    // Nothing chosen: nothing is counted, Retry is off.
    d->workflowBox()->setCurrentIndex(0);
    QTRY_COMPARE(d->previewText(), QStringLiteral("Choose a workflow, a step or a time."));
    QCOMPARE(d->previewCount(), -1);
    QVERIFY(!d->retryButton()->isEnabled());
    // Any workflow's step, among every workflow's steps.
    QVERIFY(d->stepBox()->findText(QStringLiteral("publish")) >= 0);
    d->stepBox()->setCurrentText(QStringLiteral("publish"));
    QTRY_COMPARE(d->previewCount(), 1);
    // Failed since a time to come: none.
    d->sinceBox()->setChecked(true);
    d->sinceEdit()->setDateTime(QDateTime::currentDateTime().addSecs(3600));
    QVERIFY(d->filter().value(QStringLiteral("since")).toString().endsWith(QLatin1Char('Z')));
    QTRY_COMPARE(d->previewCount(), 0);
    QVERIFY(!d->retryButton()->isEnabled());
    d->sinceBox()->setChecked(false);
    d->stepBox()->setCurrentText(QString());
    d->workflowBox()->setCurrentIndex(d->workflowBox()->findData(QStringLiteral("flaky_a")));
    QTRY_COMPARE(d->previewCount(), 2);
    QCOMPARE(d->stepBox()->count(), 2); // "" and flaky_a's one step

    // Retry: flaky_a's runs only, which now succeed.
    fail = false;
    QSignalSpy retried(d.data(), &BulkRetryDialog::retried);
    QTest::mouseClick(d->retryButton(), Qt::LeftButton);
    QTRY_COMPARE(retried.count(), 1);
    QList<qint64> ids;
    for (const QJsonValue &v :
         retried.first().first().toJsonObject().value(QStringLiteral("retried")).toArray())
        ids << v.toInteger();
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, a);
    QTRY_VERIFY(!d); // accepted and closed
    for (qint64 id : a)
        QTRY_COMPARE_WITH_TIMEOUT(state(id), QStringLiteral("succeeded"), 15000);
    QCOMPARE(state(others.first()), QStringLiteral("failed"));
}

QTEST_MAIN(TestRunsPage)
#include "tst_runspage.moc"
