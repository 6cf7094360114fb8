// SPDX-License-Identifier: GPL-3.0-or-later
// The dry-run dialog, offscreen, over a real embedded backend: the definition's trigger topic
// filters the recorded events (newest first), the operator picks one, and the dry run lists every
// step with its action, condition and problems (in red), the selected step's input rendered from
// the picked event and an earlier step's output shown as its placeholder. A manual input renders
// too, a definition that does not validate says where, and nothing ever runs.
#include "apiclient.h"
#include "dryrundialog.h"
#include "events/eventbus.h"
#include "runtime/backend.h"
#include "storage/sqlutil.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QColor>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

namespace {

// The editor's text (never saved: no run of it can start): a step reading the event, one
// reading that step's output, a condition the event makes false, an action that does not exist.
const QByteArray kDefinition =
    "name: dry_ui\n"
    "trigger:\n  event: ext.shop.order_placed\n"
    "steps:\n"
    "  - name: announce\n    agent: system\n    action: noop\n"
    "    input:\n      order: \"{{ trigger.data.order_id }}\"\n"
    "      who: \"{{ trigger.data.customer }}\"\n"
    "  - name: follow\n    agent: system\n    action: noop\n"
    "    input:\n      previous: \"{{ announce.output.done }}\"\n"
    "  - name: big_only\n    agent: system\n    action: noop\n"
    "    when: \"trigger.data.order_id > 100\"\n"
    "  - name: ghost\n    agent: system\n    action: nothing_like_this\n";

qint64 publish(runtime::Backend &backend, const QString &topic, const QJsonObject &data)
{
    auto f = backend.events().publish(
        events::EventDraft{topic, data, QString(), QStringLiteral("test"), {}, {}});
    f.waitForFinished();
    const storage::DbResult<qint64> id = f.result();
    return id ? *id : 0;
}

qint64 runCount(runtime::Backend &backend)
{
    auto q = storage::exec(backend.store().reader(),
                           QStringLiteral("SELECT COUNT(*) FROM workflow_runs"));
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

} // namespace

class TestDryRunDialog : public QObject
{
    Q_OBJECT
private slots:
    void picksAnEventAndShowsTheSteps();
    void manualInputAndARefusal();
};

void TestDryRunDialog::picksAnEventAndShowsTheSteps()
{
    QTemporaryDir dir;
    auto b = dc::test::startEmbeddedBackend(dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    std::unique_ptr<runtime::Backend> backend = std::move(*b);
    // Two orders, then an event of another topic.
    const qint64 older = publish(
        *backend, QStringLiteral("ext.shop.order_placed"),
        {{QStringLiteral("order_id"), 41}, {QStringLiteral("customer"), QStringLiteral("Bea")}});
    const qint64 newer = publish(
        *backend, QStringLiteral("ext.shop.order_placed"),
        {{QStringLiteral("order_id"), 42}, {QStringLiteral("customer"), QStringLiteral("Ann")}});
    const qint64 other =
        publish(*backend, QStringLiteral("ext.other.thing"), {{QStringLiteral("x"), 1}});
    QVERIFY(older > 0 && newer > older && other > newer);
    const qint64 runsBefore = runCount(*backend);

    ApiClient api(QUrl(backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *backend));
    DryRunDialog d(api, QStringLiteral("dry_ui"), kDefinition);
    QAbstractItemModelTester eventsTester(d.eventsModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester stepsTester(d.stepsModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QCOMPARE(d.stepsView()->objectName(), QStringLiteral("dryRunSteps"));
    QCOMPARE(d.startButton()->objectName(), QStringLiteral("dryRunStart"));

    // The trigger's topic filters the events: the two orders, newest first, the newest chosen.
    QCOMPARE(d.triggerTopic(), QStringLiteral("ext.shop.order_placed"));
    QCOMPARE(d.topicEdit()->text(), d.triggerTopic());
    QTRY_COMPARE_WITH_TIMEOUT(d.eventsModel()->rowCount(), 2, 15000);
    QCOMPARE(d.eventsModel()->idAt(0), newer);
    QCOMPARE(d.eventsModel()->idAt(1), older);
    QCOMPARE(d.eventsModel()->index(1, DryRunEventsModel::Topic).data().toString(),
             QStringLiteral("ext.shop.order_placed"));
    QVERIFY(d.startButton()->isEnabled());

    // The operator picks the older one and runs it dry.
    d.eventsView()->selectRow(1);
    QSignalSpy shown(&d, &DryRunDialog::resultShown);
    QTest::mouseClick(d.startButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QCOMPARE(d.result()
                 .value(QStringLiteral("event"))
                 .toObject()
                 .value(QStringLiteral("id"))
                 .toInteger(),
             older);
    QCOMPARE(d.stepsModel()->rowCount(), 4);
    const auto cell = [&d](const QString &step, int column) {
        return d.stepsModel()->index(d.stepsModel()->rowOf(step), column).data().toString();
    };
    QCOMPARE(cell(QStringLiteral("announce"), DryRunStepsModel::Action),
             QStringLiteral("system.noop"));
    QCOMPARE(cell(QStringLiteral("announce"), DryRunStepsModel::When), QStringLiteral("yes"));
    QCOMPARE(cell(QStringLiteral("announce"), DryRunStepsModel::Problems), QString());
    QCOMPARE(cell(QStringLiteral("big_only"), DryRunStepsModel::When), QStringLiteral("no"));
    QVERIFY(cell(QStringLiteral("ghost"), DryRunStepsModel::Problems)
                .contains(QLatin1String("system.nothing_like_this")));
    const QModelIndex ghostProblems = d.stepsModel()->index(
        d.stepsModel()->rowOf(QStringLiteral("ghost")), DryRunStepsModel::Problems);
    QVERIFY(ghostProblems.data(Qt::ForegroundRole).canConvert<QColor>()); // red

    // The first step's input, rendered from the picked event, as indented JSON.
    d.showStep(QStringLiteral("announce"));
    QVERIFY(d.stepInputView()->isReadOnly());
    const QJsonObject input =
        QJsonDocument::fromJson(d.stepInputView()->toPlainText().toUtf8()).object();
    QCOMPARE(input.value(QStringLiteral("order")).toInt(), 41);
    QCOMPARE(input.value(QStringLiteral("who")).toString(), QStringLiteral("Bea"));
    QVERIFY(d.stepInputView()->toPlainText().contains(QLatin1Char('\n'))); // indented
    // A later step reads announce's output: its placeholder.
    d.showStep(QStringLiteral("follow"));
    QVERIFY2(d.stepInputView()->toPlainText().contains(
                 QLatin1String("\"<output of step announce.done>\"")),
             qPrintable(d.stepInputView()->toPlainText()));
    // The missing action: its problem under the step, and a warning.
    d.showStep(QStringLiteral("ghost"));
    QVERIFY(d.problemsLabel()->isVisible());
    QVERIFY(d.problemsLabel()->text().contains(QLatin1String("nothing_like_this")));
    QVERIFY(d.warningsLabel()->isVisible());
    QVERIFY(d.warningsLabel()->text().contains(QLatin1String("steps.ghost")));
    QVERIFY2(d.statusLabel()->text().contains(QString::number(older)),
             qPrintable(d.statusLabel()->text()));

    // Another topic typed in the search box: that event only.
    d.topicEdit()->setText(QStringLiteral("ext.other.#"));
    QTest::keyClick(d.topicEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(d.eventsModel()->rowCount(), 1, 15000);
    QCOMPARE(d.eventsModel()->idAt(0), other);
    QVERIFY(d.isVisible()); // Return searched; it pressed no button of the dialog

    // Nothing ran.
    QCOMPARE(runCount(*backend), runsBefore);
}

void TestDryRunDialog::manualInputAndARefusal()
{
    QTemporaryDir dir;
    auto b = dc::test::startEmbeddedBackend(dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    std::unique_ptr<runtime::Backend> backend = std::move(*b);
    ApiClient api(QUrl(backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *backend));

    const QByteArray byHand = "name: by_hand\nsteps:\n"
                              "  - name: greet\n    agent: system\n    action: noop\n"
                              "    input:\n      who: \"{{ input.name }}\"\n";
    DryRunDialog d(api, QStringLiteral("by_hand"), byHand);
    QAbstractItemModelTester stepsTester(d.stepsModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QCOMPARE(d.triggerTopic(), QString()); // no event trigger: every topic is listed
    QVERIFY(!d.inputEdit()->isEnabled());
    d.manualButton()->setChecked(true);
    QVERIFY(d.inputEdit()->isEnabled());
    QVERIFY(!d.eventsView()->isEnabled());
    QVERIFY(d.startButton()->isEnabled());
    // Not an object: said at once, nothing sent.
    d.inputEdit()->setPlainText(QStringLiteral("[1, 2]"));
    QTest::mouseClick(d.startButton(), Qt::LeftButton);
    QVERIFY2(d.statusLabel()->text().contains(QLatin1String("JSON object")),
             qPrintable(d.statusLabel()->text()));
    QCOMPARE(d.stepsModel()->rowCount(), 0);

    d.inputEdit()->setPlainText(QStringLiteral(R"({"name": "Ann"})"));
    QSignalSpy shown(&d, &DryRunDialog::resultShown);
    QTest::mouseClick(d.startButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 15000);
    QCOMPARE(d.stepsModel()->rowCount(), 1);
    QCOMPARE(d.stepsModel()->index(0, DryRunStepsModel::Name).data().toString(),
             QStringLiteral("greet"));
    QCOMPARE(QJsonDocument::fromJson(d.stepInputView()->toPlainText().toUtf8())
                 .object()
                 .value(QStringLiteral("who"))
                 .toString(),
             QStringLiteral("Ann"));
    QVERIFY2(d.statusLabel()->text().startsWith(QLatin1String("Manual input")),
             qPrintable(d.statusLabel()->text()));
    QVERIFY(!d.warningsLabel()->isVisible());

    // A definition that does not validate: refused, with where.
    DryRunDialog broken(api, QStringLiteral("broken"),
                        "name: broken\nsteps:\n  - name: a\n    agent: system\n"
                        "    action: noop\n    colour: red\n");
    broken.show();
    QVERIFY(QTest::qWaitForWindowExposed(&broken));
    broken.manualButton()->setChecked(true);
    QTest::mouseClick(broken.startButton(), Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(
        broken.statusLabel()->text().contains(QLatin1String("line 6, column 5")),
        qPrintable(broken.statusLabel()->text()), 15000);
    QCOMPARE(broken.stepsModel()->rowCount(), 0);
    QVERIFY(broken.startButton()->isEnabled()); // it may be tried again
    QCOMPARE(runCount(*backend), qint64(0));
}

QTEST_MAIN(TestDryRunDialog)
#include "tst_dryrundialog.moc"
