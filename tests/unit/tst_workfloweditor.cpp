// SPDX-License-Identifier: GPL-3.0-or-later
// The workflow editor, offscreen, over a real embedded backend: the seed workflow drawn with
// its explicit and implied dependencies, a dependency added by dragging from one node's port to
// another, undo and redo, a validation error shown on its node, and the YAML round trip through
// the server (save, fetch back, load: the same definition). The panel: the workflow's own
// settings when no step is selected (never a stale step), the trigger (event, key, filter,
// schedule, manual) and a step's for_each, on_error, timeout and retry edited, saved, accepted
// by the server's validation and shown again after reloading; a bad duration refused with a
// message; dependencies removed from the list and from the graph; steps copied and pasted under
// free names; nodes as wide as their names; the dry run opened on the text being edited.
#include "apiclient.h"
#include "dryrundialog.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"
#include "workfloweditor.h"
#include "workflowgraph.h"
#include "workflows/definition.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <optional>

using namespace dc;
using namespace dc::ui;

namespace {

const QString kSeed = QStringLiteral("order_processing_workflow");

template <typename T> T *child(QObject &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

QJsonObject stepOf(const WorkflowEditor &editor, const QString &name)
{
    for (const QJsonValue &v : editor.document().value(QStringLiteral("steps")).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

// Types into a field as a user would, ending with Return (editingFinished).
void enter(QLineEdit *field, const QString &text)
{
    field->setText(text);
    QTest::keyClick(field, Qt::Key_Return);
}

// Picks the item holding `data`, as a click in the list would (activated).
bool choose(QComboBox *box, const QString &data)
{
    const int i = box->findData(data);
    if (i < 0)
        return false;
    box->setCurrentIndex(i);
    emit box->activated(i);
    return true;
}

} // namespace

class TestWorkflowEditor : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void seedGraphConnectUndoValidateSave();
    void workflowPanelWhenNoStepIsSelected();
    void editsTriggerAndStepSettings();
    void refusesABadDuration();
    void removesADependency();
    void copiesAndPastesSteps();
    void nodesFitTheirNames();
    void dryRunOpensOnTheEditedText();
    void cleanupTestCase();

private:
    // Shows the editor and opens the seed workflow in it; false when that failed.
    bool openSeed(WorkflowEditor &editor);
    // Whether the server's validation (the editor's live check) accepts a text; why not in *why.
    bool accepted(ApiClient &api, const QByteArray &text, QString *why);
    // Saves the editor's document, fetches it back and loads that text; false when one failed.
    bool saveAndReload(ApiClient &api, WorkflowEditor &editor);

    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestWorkflowEditor::initTestCase()
{
    QDir().mkpath(m_dir.filePath(QStringLiteral("workflows")));
    QVERIFY(QFile::copy(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
                            QStringLiteral("/workflows/order_processing.yaml"),
                        m_dir.filePath(QStringLiteral("workflows/order_processing.yaml"))));
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

void TestWorkflowEditor::seedGraphConnectUndoValidateSave()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    editor.resize(1400, 900);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));

    QSignalSpy loaded(&editor, &WorkflowEditor::loaded);
    QSignalSpy validated(&editor, &WorkflowEditor::validated);
    editor.open(QStringLiteral("order_processing_workflow"));
    QTRY_COMPARE(loaded.size(), 1);
    const QJsonObject original = editor.document();
    WorkflowGraph *g = editor.graph();
    QCOMPARE(g->steps().size(), 5);
    // The seed's implied dependency (submit uses prepare's output) is drawn dashed.
    QTRY_VERIFY(!validated.isEmpty() && validated.last().at(0).toBool());
    QTRY_COMPARE(g->edgeCount(true), 1);
    QCOMPARE(g->edgeCount(false), 3);

    // Drag from validate_order's output port onto notify_customer.
    g->fitInView(g->scene()->itemsBoundingRect(), Qt::KeepAspectRatio);
    QApplication::processEvents();
    const QPoint from = g->portCenter(QStringLiteral("validate_order"));
    const QPoint to = g->nodeCenter(QStringLiteral("notify_customer"));
    QTest::mousePress(g->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(g->viewport(), (from + to) / 2);
    QTest::mouseMove(g->viewport(), to);
    QTest::mouseRelease(g->viewport(), Qt::LeftButton, {}, to);
    const auto depsOf = [&editor](const QString &step) {
        for (const QJsonValue &v : editor.document().value(QStringLiteral("steps")).toArray())
            if (v.toObject().value(QStringLiteral("name")).toString() == step)
                return v.toObject().value(QStringLiteral("depends_on")).toArray();
        return QJsonArray();
    };
    QCOMPARE(depsOf(QStringLiteral("notify_customer")),
             (QJsonArray{QStringLiteral("submit_to_supplier"), QStringLiteral("validate_order")}));
    QCOMPARE(g->edgeCount(false), 4);
    QCOMPARE(editor.undoStack()->count(), 1);

    // Undo and redo.
    editor.undoStack()->undo();
    QCOMPARE(editor.document(), original);
    QCOMPARE(g->edgeCount(false), 3);
    editor.undoStack()->redo();
    QCOMPARE(g->edgeCount(false), 4);
    editor.undoStack()->undo();

    // An unknown action: the error is on its node and in the list.
    validated.clear();
    editor.setStepField(QStringLiteral("check_inventory"), QStringLiteral("action"),
                        QStringLiteral("no_such_action"));
    QTRY_VERIFY(!validated.isEmpty());
    QCOMPARE(validated.last().at(0).toBool(), false);
    QTRY_VERIFY2(!g->errorShown(QStringLiteral("check_inventory")).isEmpty(),
                 qPrintable(editor.validationErrors().join(u'\n')));
    QVERIFY(g->errorShown(QStringLiteral("validate_order")).isEmpty());
    auto *list = editor.findChild<QListWidget *>(QStringLiteral("validationErrors"));
    QVERIFY(list && list->count() >= 1);
    QVERIFY(list->item(0)->text().contains(QStringLiteral("steps[1]")));
    editor.undoStack()->undo();
    QCOMPARE(editor.document(), original);
    validated.clear();
    QTRY_VERIFY(!validated.isEmpty() && validated.last().at(0).toBool());
    QVERIFY(g->errorShown(QStringLiteral("check_inventory")).isEmpty());

    // Save under a new name, fetch it back from the server, load it: the same definition.
    QJsonObject renamed = editor.document();
    renamed.insert(QStringLiteral("name"), QStringLiteral("order_processing_copy"));
    QVERIFY(editor.loadText(workflows::workflowToYaml(renamed)));
    QCOMPARE(editor.document(), renamed);
    QSignalSpy saved(&editor, &WorkflowEditor::saved);
    editor.save();
    QTRY_COMPARE(saved.size(), 1);
    QVERIFY2(saved.at(0).at(0).toBool(), qPrintable(saved.at(0).at(1).toString()));
    bool fetched = false;
    QByteArray text;
    api.get(QStringLiteral("/api/workflows/order_processing_copy/definition"), this,
            [&](const ApiReply &r) {
                fetched = r.ok();
                text = r.raw;
            });
    QTRY_VERIFY(fetched);
    auto back = workflows::parseWorkflowDocument(text, QStringLiteral("back"));
    QVERIFY(back);
    QCOMPARE(*back, renamed);
    QVERIFY(editor.loadText(text));
    QCOMPARE(editor.document(), renamed);
    // And the saved definition is the seed's, step for step.
    QJsonObject seed = original;
    seed.insert(QStringLiteral("name"), QStringLiteral("order_processing_copy"));
    QCOMPARE(*back, seed);
}

bool TestWorkflowEditor::openSeed(WorkflowEditor &editor)
{
    editor.resize(1400, 900);
    editor.show();
    if (!QTest::qWaitForWindowExposed(&editor))
        return false;
    QSignalSpy loaded(&editor, &WorkflowEditor::loaded);
    editor.open(kSeed);
    return QTest::qWaitFor([&loaded] { return !loaded.isEmpty(); }, 10000) &&
           editor.graph()->steps().size() == 5;
}

bool TestWorkflowEditor::accepted(ApiClient &api, const QByteArray &text, QString *why)
{
    std::optional<ApiReply> reply;
    QObject context; // a late answer is dropped with it, never written to a gone `reply`
    api.sendText("POST", QStringLiteral("/api/workflow-validation"), text, "application/yaml",
                 &context, [&reply](const ApiReply &r) { reply = r; });
    if (!QTest::qWaitFor([&reply] { return reply.has_value(); }, 10000)) {
        *why = QStringLiteral("no answer");
        return false;
    }
    *why = QString::fromUtf8(reply->raw) + QStringLiteral("\n") + QString::fromUtf8(text);
    return reply->ok();
}

bool TestWorkflowEditor::saveAndReload(ApiClient &api, WorkflowEditor &editor)
{
    const QString name = editor.document().value(QStringLiteral("name")).toString();
    QSignalSpy saved(&editor, &WorkflowEditor::saved);
    editor.save();
    if (!QTest::qWaitFor([&saved] { return !saved.isEmpty(); }, 10000))
        return false;
    if (!saved.first().at(0).toBool()) {
        qWarning().noquote() << saved.first().at(1).toString();
        return false;
    }
    std::optional<ApiReply> reply;
    QObject context;
    api.get(QStringLiteral("/api/workflows/%1/definition").arg(name), &context,
            [&reply](const ApiReply &r) { reply = r; });
    if (!QTest::qWaitFor([&reply] { return reply.has_value(); }, 10000) || !reply->ok())
        return false;
    const QJsonObject before = editor.document();
    return editor.loadText(reply->raw) && editor.document() == before;
}

void TestWorkflowEditor::workflowPanelWhenNoStepIsSelected()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    WorkflowGraph *g = editor.graph();
    auto *workflowPanel = child<QWidget>(editor, "workflowPanel");
    auto *stepPanel = child<QWidget>(editor, "stepPanel");
    auto *agent = child<QComboBox>(editor, "agentField");
    auto *action = child<QComboBox>(editor, "actionField");
    QVERIFY(workflowPanel && stepPanel && agent && action);

    // Nothing selected: the workflow's own settings, and no agent shown anywhere.
    QVERIFY(editor.currentStep().isEmpty());
    QVERIFY(workflowPanel->isVisible());
    QVERIFY(!stepPanel->isVisible());
    QCOMPARE(agent->currentIndex(), -1);
    QCOMPARE(child<QLineEdit>(editor, "descriptionField")->text(),
             editor.document().value(QStringLiteral("description")).toString());
    QCOMPARE(child<QComboBox>(editor, "triggerKind")->currentData().toString(),
             QStringLiteral("event"));
    QCOMPARE(child<QComboBox>(editor, "triggerEvent")->currentText(),
             QStringLiteral("order.created"));
    // The agents arrive after the definition: still none shown.
    QTRY_VERIFY(agent->findText(QStringLiteral("order_manager")) >= 0);
    QCOMPARE(agent->currentIndex(), -1);

    // A step selected: its panel with its agent and action.
    g->selectStep(QStringLiteral("check_inventory"));
    QCOMPARE(editor.currentStep(), QStringLiteral("check_inventory"));
    QVERIFY(stepPanel->isVisible());
    QVERIFY(!workflowPanel->isVisible());
    QCOMPARE(agent->currentText(), QStringLiteral("order_manager"));
    QCOMPARE(action->currentText(), QStringLiteral("check_inventory"));

    // A click on the graph's background: the workflow again, the agent gone.
    const QPoint background = g->mapFromScene(g->sceneRect().topLeft() + QPointF(4, 4));
    QTest::mouseClick(g->viewport(), Qt::LeftButton, {}, background);
    QTRY_VERIFY(editor.currentStep().isEmpty());
    QVERIFY(g->selectedStep().isEmpty());
    QVERIFY(workflowPanel->isVisible());
    QVERIFY(!stepPanel->isVisible());
    QCOMPARE(agent->currentIndex(), -1);

    // The step panel's way back does the same.
    g->selectStep(QStringLiteral("validate_order"));
    QVERIFY(stepPanel->isVisible());
    auto *back = child<QPushButton>(editor, "backToWorkflow");
    QVERIFY(back);
    back->click();
    QVERIFY(editor.currentStep().isEmpty());
    QVERIFY(g->selectedStep().isEmpty());
    QVERIFY(workflowPanel->isVisible());
    QCOMPARE(agent->currentIndex(), -1);

    // A step deleted while shown: the workflow's panel, not the deleted step.
    g->selectStep(QStringLiteral("notify_customer"));
    editor.removeStep(QStringLiteral("notify_customer"));
    QVERIFY(editor.currentStep().isEmpty());
    QVERIFY(workflowPanel->isVisible());
    QCOMPARE(agent->currentIndex(), -1);
}

void TestWorkflowEditor::editsTriggerAndStepSettings()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    WorkflowGraph *g = editor.graph();
    // Under a name of its own: the seed stays as shipped.
    QJsonObject renamed = editor.document();
    renamed.insert(QStringLiteral("name"), QStringLiteral("edited_settings"));
    QVERIFY(editor.loadText(workflows::workflowToYaml(renamed)));
    auto *description = child<QLineEdit>(editor, "descriptionField");
    auto *kind = child<QComboBox>(editor, "triggerKind");
    auto *event = child<QComboBox>(editor, "triggerEvent");
    auto *key = child<QLineEdit>(editor, "triggerKey");
    auto *filter = child<QLineEdit>(editor, "triggerFilter");
    auto *cron = child<QLineEdit>(editor, "triggerCron");
    auto *timezone = child<QComboBox>(editor, "triggerTimezone");
    auto *missed = child<QComboBox>(editor, "triggerMissed");
    auto *preview = child<QLabel>(editor, "cronPreview");
    QVERIFY(description && kind && event && key && filter && cron && timezone && missed && preview);
    QString why;
    const auto trigger = [&editor] {
        return editor.document().value(QStringLiteral("trigger")).toObject();
    };

    // The description, then an event trigger's run key and filter.
    enter(description, QStringLiteral("Orders of 100 or more, one run per order"));
    QCOMPARE(editor.document().value(QStringLiteral("description")).toString(),
             QStringLiteral("Orders of 100 or more, one run per order"));
    enter(key, QStringLiteral("order:{{ trigger.data.order_id }}"));
    enter(filter, QStringLiteral("data.total_amount >= 10000"));
    QCOMPARE(
        trigger(),
        (QJsonObject{{QStringLiteral("event"), QStringLiteral("order.created")},
                     {QStringLiteral("key"), QStringLiteral("order:{{ trigger.data.order_id }}")},
                     {QStringLiteral("filter"), QStringLiteral("data.total_amount >= 10000")}}));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));
    // Another topic, typed into the topic list's field.
    QVERIFY(event->findText(QStringLiteral("order.cancel_requested")) >= 0);
    enter(event->lineEdit(), QStringLiteral("order.cancel_requested"));
    QCOMPARE(trigger().value(QStringLiteral("event")).toString(),
             QStringLiteral("order.cancel_requested"));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));

    // A schedule instead: the event, its key and its filter go. A cron with four fields is
    // reported beside the field and by the server.
    QVERIFY(choose(kind, QStringLiteral("schedule")));
    QVERIFY(cron->isVisible());
    enter(cron, QStringLiteral("15 6 * *"));
    QVERIFY2(preview->text().contains(QLatin1String("five fields")), qPrintable(preview->text()));
    QVERIFY(!accepted(api, editor.yaml(), &why));
    QVERIFY2(why.contains(QLatin1String("trigger.schedule")), qPrintable(why));
    enter(cron, QStringLiteral("15 6 * * 1-5"));
    QVERIFY2(!preview->text().contains(QLatin1String("five fields")), qPrintable(preview->text()));
    timezone->setCurrentText(QStringLiteral("Europe/Paris"));
    QTest::keyClick(timezone->lineEdit(), Qt::Key_Return);
    QVERIFY(choose(missed, QStringLiteral("skip")));
    QCOMPARE(trigger(),
             (QJsonObject{{QStringLiteral("schedule"),
                           QJsonObject{{QStringLiteral("cron"), QStringLiteral("15 6 * * 1-5")},
                                       {QStringLiteral("timezone"), QStringLiteral("Europe/Paris")},
                                       {QStringLiteral("missed"), QStringLiteral("skip")}}}}));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));

    // A step: for_each, on_error, timeout, and a retry with its backoff and delay.
    g->selectStep(QStringLiteral("check_inventory"));
    auto *forEach = child<QLineEdit>(editor, "forEachField");
    auto *onError = child<QComboBox>(editor, "onErrorField");
    auto *timeout = child<QLineEdit>(editor, "timeoutField");
    auto *attempts = child<QSpinBox>(editor, "attemptsField");
    auto *backoff = child<QComboBox>(editor, "backoffField");
    auto *delay = child<QLineEdit>(editor, "retryDelayField");
    QVERIFY(forEach && onError && timeout && attempts && backoff && delay);
    // on_error offers fail, continue and the other steps (to recover), not the step itself.
    QVERIFY(onError->findData(QStringLiteral("fail")) >= 0);
    QVERIFY(onError->findData(QStringLiteral("continue")) >= 0);
    QVERIFY(onError->findData(QStringLiteral("validate_order")) >= 0);
    QCOMPARE(onError->findData(QStringLiteral("check_inventory")), -1);
    QCOMPARE(onError->currentData().toString(), QStringLiteral("fail"));
    QVERIFY(!backoff->isEnabled() && !delay->isEnabled()); // one attempt: nothing to retry
    enter(forEach, QStringLiteral("trigger.data.line_items"));
    QVERIFY(choose(onError, QStringLiteral("continue")));
    enter(timeout, QStringLiteral("30s"));
    attempts->setValue(3);
    QTest::keyClick(attempts, Qt::Key_Return);
    QVERIFY(backoff->isEnabled() && delay->isEnabled());
    QVERIFY(choose(backoff, QStringLiteral("fixed")));
    enter(delay, QStringLiteral("2s"));
    QJsonObject st = stepOf(editor, QStringLiteral("check_inventory"));
    QCOMPARE(st.value(QStringLiteral("for_each")).toString(),
             QStringLiteral("trigger.data.line_items"));
    QCOMPARE(st.value(QStringLiteral("on_error")).toString(), QStringLiteral("continue"));
    QCOMPARE(st.value(QStringLiteral("timeout")).toString(), QStringLiteral("30s"));
    QJsonObject retry = st.value(QStringLiteral("retry")).toObject();
    QCOMPARE(retry.size(), 3);
    QCOMPARE(retry.value(QStringLiteral("max_attempts")).toInt(), 3);
    QCOMPARE(retry.value(QStringLiteral("backoff")).toString(), QStringLiteral("fixed"));
    QCOMPARE(retry.value(QStringLiteral("delay")).toString(), QStringLiteral("2s"));
    // Another step as the recovery route.
    g->selectStep(QStringLiteral("notify_customer"));
    QVERIFY(choose(onError, QStringLiteral("validate_order")));
    QCOMPARE(stepOf(editor, QStringLiteral("notify_customer")).value(QStringLiteral("on_error")),
             QJsonValue(QStringLiteral("validate_order")));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));

    // Saved (PUT), fetched back and loaded: the same document, and the panels show it again.
    QVERIFY(saveAndReload(api, editor));
    g->selectStep(QStringLiteral("check_inventory"));
    QCOMPARE(forEach->text(), QStringLiteral("trigger.data.line_items"));
    QCOMPARE(onError->currentData().toString(), QStringLiteral("continue"));
    QCOMPARE(timeout->text(), QStringLiteral("30s"));
    QCOMPARE(attempts->value(), 3);
    QCOMPARE(backoff->currentData().toString(), QStringLiteral("fixed"));
    QCOMPARE(delay->text(), QStringLiteral("2s"));
    g->selectStep({});
    QCOMPARE(description->text(), QStringLiteral("Orders of 100 or more, one run per order"));
    QCOMPARE(kind->currentData().toString(), QStringLiteral("schedule"));
    QCOMPARE(cron->text(), QStringLiteral("15 6 * * 1-5"));
    QCOMPARE(timezone->currentText(), QStringLiteral("Europe/Paris"));
    QCOMPARE(missed->currentData().toString(), QStringLiteral("skip"));

    // Retries off: one attempt leaves no retry block.
    g->selectStep(QStringLiteral("check_inventory"));
    attempts->setValue(1);
    QTest::keyClick(attempts, Qt::Key_Return);
    QVERIFY(!stepOf(editor, QStringLiteral("check_inventory")).contains(QStringLiteral("retry")));

    // Only by hand.
    g->selectStep({});
    QVERIFY(choose(kind, QStringLiteral("manual")));
    QCOMPARE(trigger(), (QJsonObject{{QStringLiteral("manual"), true}}));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));
    // Back to an event: refused by the validation until it names a topic.
    QVERIFY(choose(kind, QStringLiteral("event")));
    QVERIFY(trigger().contains(QStringLiteral("event")));
    QVERIFY(!accepted(api, editor.yaml(), &why));
    QVERIFY2(why.contains(QLatin1String("trigger.event")), qPrintable(why));
    enter(event->lineEdit(), QStringLiteral("order.created"));
    QCOMPARE(trigger(), (QJsonObject{{QStringLiteral("event"), QStringLiteral("order.created")}}));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));
    QVERIFY(saveAndReload(api, editor));
    QCOMPARE(kind->currentData().toString(), QStringLiteral("event"));
    QCOMPARE(event->currentText(), QStringLiteral("order.created"));
}

void TestWorkflowEditor::refusesABadDuration()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    auto *timeout = child<QLineEdit>(editor, "timeoutField");
    auto *attempts = child<QSpinBox>(editor, "attemptsField");
    auto *delay = child<QLineEdit>(editor, "retryDelayField");
    auto *message = child<QLabel>(editor, "fieldError");
    QVERIFY(timeout && attempts && delay && message);
    editor.graph()->selectStep(QStringLiteral("submit_to_supplier"));
    const QJsonObject before = editor.document();
    const int edits = editor.undoStack()->count();

    // Not a duration: nothing changes, and the message gives the syntax.
    enter(timeout, QStringLiteral("ten seconds"));
    QCOMPARE(editor.document(), before);
    QCOMPARE(editor.undoStack()->count(), edits);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("ten seconds")) &&
                 message->text().contains(QLatin1String("30s")),
             qPrintable(message->text()));
    // Plain seconds are a duration: accepted, the message gone.
    enter(timeout, QStringLiteral("90"));
    QVERIFY(!message->isVisible());
    QCOMPARE(stepOf(editor, QStringLiteral("submit_to_supplier"))
                 .value(QStringLiteral("timeout"))
                 .toDouble(),
             90.0);

    // The retry delay takes the same syntax.
    attempts->setValue(2);
    QTest::keyClick(attempts, Qt::Key_Return);
    const QJsonObject withRetry = editor.document();
    enter(delay, QStringLiteral("2 seconds"));
    QCOMPARE(editor.document(), withRetry);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("2 seconds")), qPrintable(message->text()));
    enter(delay, QStringLiteral("500ms"));
    QVERIFY(!message->isVisible());
    QCOMPARE(stepOf(editor, QStringLiteral("submit_to_supplier"))
                 .value(QStringLiteral("retry"))
                 .toObject()
                 .value(QStringLiteral("delay"))
                 .toString(),
             QStringLiteral("500ms"));

    // Emptied: no timeout at all.
    enter(timeout, QString());
    QVERIFY(
        !stepOf(editor, QStringLiteral("submit_to_supplier")).contains(QStringLiteral("timeout")));
    QString why;
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));
}

void TestWorkflowEditor::removesADependency()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    WorkflowGraph *g = editor.graph();
    const QJsonObject original = editor.document();
    auto *deps = child<QListWidget>(editor, "dependsOnList");
    auto *remove = child<QPushButton>(editor, "removeDependency");
    QVERIFY(deps && remove);
    QAbstractItemModelTester tester(deps->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto dependsOn = [&editor](const QString &step) {
        return stepOf(editor, step).value(QStringLiteral("depends_on"));
    };

    // From the list: the selected dependency goes, the step stays.
    g->selectStep(QStringLiteral("prepare_supplier_order"));
    QCOMPARE(deps->count(), 2);
    QCOMPARE(deps->item(0)->text(), QStringLiteral("validate_order"));
    QCOMPARE(deps->item(1)->text(), QStringLiteral("check_inventory"));
    QVERIFY(!remove->isEnabled());
    deps->setCurrentRow(1);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(dependsOn(QStringLiteral("prepare_supplier_order")),
             QJsonValue(QJsonArray{QStringLiteral("validate_order")}));
    QCOMPARE(g->edgeCount(false), 2);
    QCOMPARE(g->steps().size(), 5);
    QCOMPARE(editor.currentStep(), QStringLiteral("prepare_supplier_order"));
    QCOMPARE(deps->count(), 1);
    QVERIFY(!remove->isEnabled());
    editor.undoStack()->undo();
    QCOMPARE(editor.document(), original);
    QCOMPARE(g->edgeCount(false), 3);

    // From the graph: the edge selected (no step then), and Delete.
    QVERIFY(
        g->selectEdge(QStringLiteral("validate_order"), QStringLiteral("prepare_supplier_order")));
    QCOMPARE(g->selectedEdge(), (std::pair{QStringLiteral("validate_order"),
                                           QStringLiteral("prepare_supplier_order")}));
    QVERIFY(editor.currentStep().isEmpty());
    // A dashed (implied) edge cannot be selected: a template makes it.
    QVERIFY(!g->selectEdge(QStringLiteral("prepare_supplier_order"),
                           QStringLiteral("submit_to_supplier")));
    QVERIFY(
        g->selectEdge(QStringLiteral("validate_order"), QStringLiteral("prepare_supplier_order")));
    g->setFocus();
    QTest::keyClick(g, Qt::Key_Delete);
    QCOMPARE(dependsOn(QStringLiteral("prepare_supplier_order")),
             QJsonValue(QJsonArray{QStringLiteral("check_inventory")}));
    QCOMPARE(g->steps().size(), 5);
    QCOMPARE(g->edgeCount(false), 2);

    // An implied dependency is listed, but cannot be removed from the list.
    g->selectStep(QStringLiteral("submit_to_supplier"));
    QCOMPARE(deps->count(), 1);
    QVERIFY(deps->item(0)->text().contains(QLatin1String("prepare_supplier_order")));
    QVERIFY(!(deps->item(0)->flags() & Qt::ItemIsSelectable));
    deps->setCurrentRow(0);
    QVERIFY(!remove->isEnabled());

    // The last explicit dependency removed: no depends_on left at all.
    editor.removeDependency(QStringLiteral("notify_customer"),
                            QStringLiteral("submit_to_supplier"));
    QVERIFY(
        !stepOf(editor, QStringLiteral("notify_customer")).contains(QStringLiteral("depends_on")));
    QString why;
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));
}

void TestWorkflowEditor::copiesAndPastesSteps()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    WorkflowGraph *g = editor.graph();
    auto *copy = child<QAction>(editor, "copyStep");
    auto *paste = child<QAction>(editor, "pasteStep");
    QVERIFY(copy && paste);
    QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
    QCOMPARE(paste->shortcut(), QKeySequence(QKeySequence::Paste));
    const QString original = QStringLiteral("prepare_supplier_order");
    const QJsonObject step = stepOf(editor, original);
    QVERIFY(step.contains(QStringLiteral("depends_on")));

    // Copied: the step's JSON, as JSON and as text.
    g->selectStep(original);
    copy->trigger();
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime && mime->hasFormat(QStringLiteral("application/json")));
    QCOMPARE(QJsonDocument::fromJson(mime->data(QStringLiteral("application/json"))).object(),
             step);
    QCOMPARE(QJsonDocument::fromJson(mime->text().toUtf8()).object(), step);

    // Pasted: a free name, no dependencies, the rest as copied; beside the original.
    paste->trigger();
    const QString first = original + QStringLiteral("_copy");
    QCOMPARE(editor.currentStep(), first);
    QCOMPARE(g->selectedStep(), first);
    QJsonObject expected = step;
    expected.insert(QStringLiteral("name"), first);
    expected.remove(QStringLiteral("depends_on"));
    QCOMPARE(stepOf(editor, first), expected);
    QCOMPARE(g->steps().size(), 6);
    const QRectF placed = g->nodeRect(first);
    const QRectF originalRect = g->nodeRect(original);
    QVERIFY(placed.top() > originalRect.top());
    QVERIFY(std::abs(placed.left() - originalRect.left()) < originalRect.width());
    for (const QString &other : g->steps())
        if (other != first)
            QVERIFY2(!placed.intersects(g->nodeRect(other)), qPrintable(other));

    // Again: the next free name.
    QCOMPARE(editor.pasteStep(), original + QStringLiteral("_copy2"));
    QCOMPARE(g->steps().size(), 7);
    QString why;
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));
    editor.undoStack()->undo();
    QCOMPARE(g->steps().size(), 6);
    QVERIFY(stepOf(editor, original + QStringLiteral("_copy2")).isEmpty());

    // A name at the loader's 64-character limit: the copy's name is shortened, still valid.
    const QString longName = QString(62, QLatin1Char('v'));
    editor.setStepField(QStringLiteral("validate_order"), QStringLiteral("name"), longName);
    QVERIFY(editor.copyStep(longName));
    const QString shortened = editor.pasteStep();
    QCOMPARE(shortened, QString(59, QLatin1Char('v')) + QStringLiteral("_copy"));
    QVERIFY2(accepted(api, editor.yaml(), &why), qPrintable(why));

    // Text that is no step: nothing pasted.
    QGuiApplication::clipboard()->setText(QStringLiteral("not a step"));
    const int steps = int(g->steps().size());
    QVERIFY(editor.pasteStep().isEmpty());
    QCOMPARE(g->steps().size(), steps);
}

void TestWorkflowEditor::nodesFitTheirNames()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    WorkflowGraph *g = editor.graph();
    QFont bold = QApplication::font();
    bold.setBold(true);
    const QFontMetricsF titleMetrics(bold), subMetrics(QApplication::font());
    // Each node shows its step, agent and action in full, inside its rectangle.
    const auto fits = [&](const QString &name) {
        const QJsonObject st = stepOf(editor, name);
        const QString subtitle = st.value(QStringLiteral("agent")).toString() + QLatin1Char('.') +
                                 st.value(QStringLiteral("action")).toString();
        const QRectF r = g->nodeRect(name);
        return g->nodeText(name) == QStringList{name, subtitle} &&
               r.width() >= titleMetrics.horizontalAdvance(name) &&
               r.width() >= subMetrics.horizontalAdvance(subtitle);
    };
    for (const QString &name : g->steps())
        QVERIFY2(fits(name), qPrintable(g->nodeText(name).join(QLatin1String(" / "))));
    QVERIFY(fits(QStringLiteral("check_inventory"))); // order_manager.check_inventory

    // A long name widens its node, and the layout keeps every node apart.
    const QString longName = QStringLiteral("check_inventory_of_every_line_item_before_ordering");
    editor.setStepField(QStringLiteral("check_inventory"), QStringLiteral("name"), longName);
    QVERIFY2(fits(longName), qPrintable(g->nodeText(longName).join(QLatin1String(" / "))));
    g->autoLayout();
    const QStringList names = g->steps();
    for (int a = 0; a < names.size(); ++a)
        for (int b = a + 1; b < names.size(); ++b)
            QVERIFY2(!g->nodeRect(names[a]).intersects(g->nodeRect(names[b])),
                     qPrintable(names[a] + QStringLiteral(" overlaps ") + names[b]));
}

void TestWorkflowEditor::dryRunOpensOnTheEditedText()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    QVERIFY(openSeed(editor));
    auto *button = child<QAbstractButton>(editor, "dryRunButton");
    QVERIFY(button);
    button->click();
    QPointer<DryRunDialog> d = editor.findChild<DryRunDialog *>();
    QVERIFY(d);
    QTRY_VERIFY(d->isVisible());
    QVERIFY(d->testAttribute(Qt::WA_DeleteOnClose));
    d->close();
    QTRY_VERIFY(d.isNull());
    // The accessor returns the dialog it opened.
    QPointer<DryRunDialog> e = editor.openDryRun();
    QVERIFY(e);
    QVERIFY(e->parent() == &editor);
    e->close();
    QTRY_VERIFY(e.isNull());
}

void TestWorkflowEditor::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestWorkflowEditor)
#include "tst_workfloweditor.moc"
