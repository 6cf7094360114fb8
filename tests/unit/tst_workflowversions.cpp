// SPDX-License-Identifier: GPL-3.0-or-later
// The versions dialog, offscreen, over a real embedded backend: two saves from the editor are two
// versions (who, when), the newest shown beside the one before it with the changed line marked
// on each side, and a rollback that asks first: refused, nothing changes; agreed, the old text is
// the newest version and the editor shows it. The line diff itself on small cases.
#include "apiclient.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"
#include "workfloweditor.h"
#include "workflows/engine.h"
#include "workflows/versions.h"
#include "workflowversions.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

namespace {

// A one-step workflow whose step's subject is `subject`.
QByteArray definition(const QString &name, const QString &subject)
{
    return QStringLiteral("name: %1\nsteps:\n"
                          "  - name: tell\n    agent: system\n    action: notify_admin\n"
                          "    input: {subject: \"%2\"}\n")
        .arg(name, subject)
        .toUtf8();
}

// The index of the first line containing `text`; -1 if none does.
int lineWith(const QPlainTextEdit *edit, const QString &text)
{
    const QStringList lines = edit->toPlainText().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(text))
            return i;
    return -1;
}

} // namespace

class TestWorkflowVersions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void diffMarksOnlyTheLinesThatDiffer();
    void listsVersionsAndMarksTheChangedLine();
    void restoreAsksThenReloadsTheEditor();
    void cleanupTestCase();

private:
    // Saves the workflow from the editor twice: `first` as loaded, then with its step's subject
    // changed to `second`. False with the reason logged when a save failed.
    bool saveTwice(WorkflowEditor &editor, const QString &name, const QString &first,
                   const QString &second);

    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
};

void TestWorkflowVersions::initTestCase()
{
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
}

void TestWorkflowVersions::cleanupTestCase()
{
    m_backend.reset();
}

bool TestWorkflowVersions::saveTwice(WorkflowEditor &editor, const QString &name,
                                     const QString &first, const QString &second)
{
    QSignalSpy saved(&editor, &WorkflowEditor::saved);
    // Waits for the n-th save's answer; whether it saved.
    const auto answered = [&saved](int n) {
        if (!QTest::qWaitFor([&saved, n] { return saved.size() >= n; }, 15000))
            return false;
        if (!saved.at(n - 1).at(0).toBool())
            qWarning().noquote() << saved.at(n - 1).at(1).toString();
        return saved.at(n - 1).at(0).toBool();
    };
    if (!editor.loadText(definition(name, first)))
        return false;
    editor.save();
    if (!answered(1))
        return false;
    editor.setStepField(QStringLiteral("tell"), QStringLiteral("input"),
                        QJsonObject{{QStringLiteral("subject"), second}});
    editor.save();
    return answered(2);
}

void TestWorkflowVersions::diffMarksOnlyTheLinesThatDiffer()
{
    const QStringList a{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                        QStringLiteral("d")};
    LineDiff d = diffLines(a, a);
    QVERIFY(d.removed.isEmpty() && d.added.isEmpty());
    // One line changed and one added at the end.
    d = diffLines(a, {QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("c"),
                      QStringLiteral("d"), QStringLiteral("e")});
    QCOMPARE(d.removed, QList<int>{1});
    QCOMPARE(d.added, (QList<int>{1, 4}));
    // A line moved from the end to the start: the rest is common.
    d = diffLines({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                  {QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(d.removed, QList<int>{2});
    QCOMPARE(d.added, QList<int>{0});
    // Everything new.
    d = diffLines({}, {QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY(d.removed.isEmpty());
    QCOMPARE(d.added, (QList<int>{0, 1}));
}

void TestWorkflowVersions::listsVersionsAndMarksTheChangedLine()
{
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    editor.resize(1300, 850);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(saveTwice(editor, QStringLiteral("versioned_flow"), QStringLiteral("first draft"),
                      QStringLiteral("second draft")));

    auto *button = editor.findChild<QAbstractButton *>(QStringLiteral("versionsButton"));
    QVERIFY(button);
    button->click();
    QPointer<WorkflowVersionsDialog> d = editor.findChild<WorkflowVersionsDialog *>();
    QVERIFY(d);
    QCOMPARE(d->workflow(), QStringLiteral("versioned_flow"));
    QAbstractItemModelTester tester(d->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(QTest::qWaitForWindowExposed(d));

    // Two versions, newest first, with who saved each and when; the newest is current.
    QTRY_COMPARE(d->model()->rowCount(), 2);
    const QModelIndex newest = d->model()->index(0, VersionsModel::Version);
    QCOMPARE(newest.data(VersionsModel::VersionRole).toInt(), 2);
    QCOMPARE(d->model()->index(1, VersionsModel::Version).data(VersionsModel::VersionRole).toInt(),
             1);
    QCOMPARE(d->model()->currentVersion(), 2);
    QVERIFY(!d->model()->at(1).current);
    for (int row = 0; row < 2; ++row) {
        const VersionRow v = d->model()->at(row);
        QVERIFY2(v.savedBy.startsWith(QLatin1String("user:")), qPrintable(v.savedBy));
        QCOMPARE(d->model()->index(row, VersionsModel::SavedBy).data().toString(), v.savedBy);
        QVERIFY(v.savedAt.isValid());
        QVERIFY(v.savedAt >= before && v.savedAt <= QDateTime::currentDateTimeUtc());
        QVERIFY(!d->model()->index(row, VersionsModel::SavedAt).data().toString().isEmpty());
    }

    // The newest version (the current one) beside the one before it: the subject's line is
    // marked on both sides, and nothing else.
    QTRY_VERIFY(lineWith(d->rightText(), QStringLiteral("second draft")) >= 0);
    QCOMPARE(d->leftVersion(), 1);
    QCOMPARE(d->rightVersion(), 2);
    const int removed = lineWith(d->leftText(), QStringLiteral("first draft"));
    const int added = lineWith(d->rightText(), QStringLiteral("second draft"));
    QVERIFY(removed >= 0);
    QVERIFY(d->leftText()->isReadOnly() && d->rightText()->isReadOnly());
    QCOMPARE(d->markedLines(false), QList<int>{removed});
    QCOMPARE(d->markedLines(true), QList<int>{added});
    // The current version cannot be restored over itself.
    QVERIFY(!d->restoreButton()->isEnabled());

    // The older one chosen: compared with the current one, and it can be restored.
    QSignalSpy shown(d.data(), &WorkflowVersionsDialog::diffShown);
    d->selectVersions({1});
    QTRY_COMPARE(shown.size(), 1);
    QCOMPARE(shown.first().at(0).toInt(), 1);
    QCOMPARE(shown.first().at(1).toInt(), 2);
    QVERIFY(d->restoreButton()->isEnabled());
    QCOMPARE(d->markedLines(true).size(), 1);
    // The same version twice: nothing differs.
    d->compare(2, 2);
    QTRY_COMPARE(shown.size(), 2);
    QVERIFY(d->markedLines(false).isEmpty() && d->markedLines(true).isEmpty());
}

void TestWorkflowVersions::restoreAsksThenReloadsTheEditor()
{
    const QString name = QStringLiteral("rollback_flow");
    ApiClient api(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *m_backend));
    WorkflowEditor editor(api);
    editor.resize(1300, 850);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QVERIFY(editor.loadText(definition(name, QStringLiteral("old"))));
    const QJsonObject oldDocument = editor.document();
    QVERIFY(saveTwice(editor, name, QStringLiteral("old"), QStringLiteral("new")));
    const QJsonObject newDocument = editor.document();
    QVERIFY(newDocument != oldDocument);
    const QByteArray newText = m_backend->workflows().source(name);

    QPointer<WorkflowVersionsDialog> d = editor.openVersions();
    QVERIFY(d);
    QAbstractItemModelTester tester(d->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(QTest::qWaitForWindowExposed(d));
    QTRY_COMPARE(d->model()->rowCount(), 2);
    d->selectVersions({1});
    QTRY_VERIFY(d->restoreButton()->isEnabled());
    QSignalSpy restored(d.data(), &WorkflowVersionsDialog::restored);
    QSignalSpy loaded(&editor, &WorkflowEditor::loaded);

    // Refused: nothing is sent, nothing changes.
    QStringList asked;
    d->setConfirmer([&asked](const QString &question) {
        asked << question;
        return false;
    });
    QTest::mouseClick(d->restoreButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QVERIFY2(asked.first().contains(name), qPrintable(asked.first()));
    QVERIFY(d->restoreButton()->isEnabled());
    QCOMPARE(restored.size(), 0);
    auto versions = workflows::listVersions(m_backend->store().reader(), name);
    QVERIFY(versions);
    QCOMPARE(versions->size(), 2);
    QCOMPARE(m_backend->workflows().source(name), newText);
    QCOMPARE(loaded.size(), 0);
    QCOMPARE(editor.document(), newDocument);

    // Agreed: the old text is saved as version 3, and the editor shows it.
    d->setConfirmer([&asked](const QString &question) {
        asked << question;
        return true;
    });
    QTest::mouseClick(d->restoreButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 1, 15000);
    QCOMPARE(restored.first().first().toInt(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 15000);
    QCOMPARE(editor.document(), oldDocument);
    versions = workflows::listVersions(m_backend->store().reader(), name);
    QVERIFY(versions);
    QCOMPARE(versions->size(), 3);
    auto first = workflows::findVersion(m_backend->store().reader(), name, 1);
    auto third = workflows::findVersion(m_backend->store().reader(), name, 3);
    QVERIFY(first && first->has_value() && third && third->has_value());
    QCOMPARE((*third)->source, (*first)->source);
    QCOMPARE(m_backend->workflows().source(name), (*first)->source);
    // The list follows: three versions, the restored one current.
    QTRY_COMPARE(d->model()->rowCount(), 3);
    QCOMPARE(d->model()->currentVersion(), 3);
}

QTEST_MAIN(TestWorkflowVersions)
#include "tst_workflowversions.moc"
