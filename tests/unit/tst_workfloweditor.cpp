// SPDX-License-Identifier: GPL-3.0-or-later
// The workflow editor, offscreen, over a real embedded backend: the seed workflow drawn with
// its explicit and implied dependencies, a dependency added by dragging from one node's port to
// another, undo and redo, a validation error shown on its node, and the YAML round trip through
// the server (save, fetch back, load: the same definition).
#include "apiclient.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"
#include "workfloweditor.h"
#include "workflowgraph.h"
#include "workflows/definition.h"

#include <QApplication>
#include <QJsonArray>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestWorkflowEditor : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void seedGraphConnectUndoValidateSave();
    void cleanupTestCase();

private:
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

void TestWorkflowEditor::cleanupTestCase()
{
    m_backend.reset();
}

QTEST_MAIN(TestWorkflowEditor)
#include "tst_workfloweditor.moc"
