// SPDX-License-Identifier: GPL-3.0-or-later
// The tasks page over a real embedded backend: the tasks of a real run appear under their state
// through the task events alone, with their figures; QAbstractItemModelTester watches the model.
#include "apiclient.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "taskspage.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestTasksPage : public QObject
{
    Q_OBJECT
private slots:
    void followsTheQueue();
};

void TestTasksPage::followsTheQueue()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("workflows")));
    QFile wf(dir.filePath(QStringLiteral("workflows/tell.yaml")));
    QVERIFY(wf.open(QIODevice::WriteOnly));
    wf.write("name: tell\nsteps:\n  - name: a\n    agent: system\n    action: notify_admin\n"
             "    input: {subject: one}\n  - name: b\n    agent: system\n    action: notify_admin\n"
             "    input: {subject: two}\n    depends_on: [a]\n");
    wf.close();
    auto b = dc::test::startEmbeddedBackend(dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    std::unique_ptr<runtime::Backend> backend = std::move(*b);
    ApiClient api(QUrl(backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *backend));
    api.subscribe(QStringLiteral("task.#"));
    QTRY_VERIFY(api.streaming());

    TasksPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    page.showState(QStringLiteral("succeeded"));
    QTRY_COMPARE(page.model()->rowCount(), 0);
    bool started = false;
    api.send("POST", QStringLiteral("/api/workflows/tell"), {}, this,
             [&](const ApiReply &r) { started = r.ok(); });
    QTRY_VERIFY(started);
    // No reload asked for: the task events bring the two steps' finished tasks in.
    const auto steps = [&page] {
        QList<int> rows;
        for (int r = 0; r < page.model()->rowCount(); ++r)
            if (page.model()->index(r, TasksModel::Kind).data().toString() ==
                QLatin1String("system.notify_admin"))
                rows << r;
        return rows;
    };
    QTRY_COMPARE(steps().size(), 2);
    const int row = steps().first();
    QCOMPARE(page.model()->index(row, TasksModel::State).data().toString(),
             QStringLiteral("Succeeded"));
    QVERIFY(page.model()->index(row, TasksModel::Attempts).data().toString().startsWith(u"1/"));
    page.showState(QStringLiteral("dead"));
    QTRY_COMPARE(page.model()->rowCount(), 0);
}

QTEST_MAIN(TestTasksPage)
#include "tst_taskspage.moc"
