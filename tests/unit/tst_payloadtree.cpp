// SPDX-License-Identifier: GPL-3.0-or-later
// A run's payload read a node at a time (GET /api/runs/{id}/payload) and the desktop's tree over
// it: pages of children, cut strings, errors for a bad part or path; the whole payload is never
// sent at once.
#include "apiclient.h"
#include "payloadtree.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeView>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestPayloadTree : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void apiReadsOneNodeAtATime();
    void treeLoadsAsItIsExpanded();
    void aViewerSeesThatItIsPersonalData();
    void cleanupTestCase();

private:
    ApiReply call(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QTemporaryDir m_dir;
    std::unique_ptr<runtime::Backend> m_backend;
    std::unique_ptr<ApiClient> m_api;
    qint64 m_run = 0;
    QTranslator m_english;
};

ApiReply TestPayloadTree::call(const QByteArray &method, const QString &path,
                               const QJsonObject &body)
{
    std::optional<ApiReply> out;
    if (method == "GET")
        m_api->get(path, this, [&](const ApiReply &r) { out = r; });
    else
        m_api->send(method, path, body, this, [&](const ApiReply &r) { out = r; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 10000); }();
    return out.value_or(ApiReply{});
}

void TestPayloadTree::initTestCase()
{
    // As the app does: English plural forms come from the English translation.
    QVERIFY(m_english.load(QStringLiteral(":/i18n/dropcrew_en.qm")));
    QCoreApplication::installTranslator(&m_english);
    auto b = dc::test::startEmbeddedBackend(m_dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    m_backend = std::move(*b);
    m_api = std::make_unique<ApiClient>(QUrl(m_backend->listenUrl()));
    QVERIFY(dc::test::signIn(*m_api, *m_backend));
    bool saved = false;
    m_api->sendText("PUT", QStringLiteral("/api/workflows/payload_demo/definition"),
                    "name: payload_demo\nsteps:\n  - name: note_it\n    agent: system\n    "
                    "action: notify_admin\n    input:\n      subject: \"{{ input.subject }}\"\n",
                    "application/yaml", this, [&](const ApiReply &r) {
                        saved = r.ok();
                        if (!r.ok())
                            qWarning() << r.status << r.raw;
                    });
    QTRY_VERIFY(saved);
    // A payload with a wide object, a long text and a short list.
    QJsonObject big;
    for (int i = 0; i < 250; ++i)
        big.insert(QStringLiteral("k%1").arg(i, 3, 10, QLatin1Char('0')), i);
    const QJsonObject input{{QStringLiteral("subject"), QStringLiteral("Big one")},
                            {QStringLiteral("big"), big},
                            {QStringLiteral("text"), QString(10000, QLatin1Char('x'))},
                            {QStringLiteral("list"), QJsonArray{1, 2, 3}}};
    const ApiReply started = call("POST", QStringLiteral("/api/workflows/payload_demo"),
                                  {{QStringLiteral("input"), input}});
    QVERIFY2(started.ok(), started.raw.constData());
    m_run = started.json.value(QStringLiteral("run_id")).toInteger();
    QVERIFY(m_run > 0);
}

void TestPayloadTree::apiReadsOneNodeAtATime()
{
    const QString base = QStringLiteral("/api/runs/%1/payload?part=input").arg(m_run);
    const ApiReply root = call("GET", base);
    QVERIFY2(root.ok(), root.raw.constData());
    QCOMPARE(root.json.value(QStringLiteral("type")).toString(), QStringLiteral("object"));
    QCOMPARE(root.json.value(QStringLiteral("size")).toInteger(), 4);
    QCOMPARE(root.json.value(QStringLiteral("children")).toArray().size(), 4);
    QVERIFY(root.json.value(QStringLiteral("payload_bytes")).toInteger() > 10000);
    // Children come with their type, size and a short preview, never their content.
    QJsonObject text;
    for (const QJsonValue &c : root.json.value(QStringLiteral("children")).toArray())
        if (c.toObject().value(QStringLiteral("key")) == QStringLiteral("text"))
            text = c.toObject();
    QCOMPARE(text.value(QStringLiteral("size")).toInteger(), 10000);
    QCOMPARE(text.value(QStringLiteral("preview")).toString().size(), 80);
    QVERIFY(root.raw.size() < 4000);

    const ApiReply page = call("GET", base + QStringLiteral("&path=/big"));
    QCOMPARE(page.json.value(QStringLiteral("children")).toArray().size(), 100);
    QCOMPARE(page.json.value(QStringLiteral("next_offset")).toInteger(), 100);
    const ApiReply last = call("GET", base + QStringLiteral("&path=/big&offset=200&limit=500"));
    QCOMPARE(last.json.value(QStringLiteral("children")).toArray().size(), 50);
    QVERIFY(last.json.value(QStringLiteral("next_offset")).isNull());
    const ApiReply item = call("GET", base + QStringLiteral("&path=/list/2"));
    QCOMPARE(item.json.value(QStringLiteral("value")).toInt(), 3);
    const ApiReply cut = call("GET", base + QStringLiteral("&path=/text"));
    QCOMPARE(cut.json.value(QStringLiteral("value")).toString().size(), 4096);
    QVERIFY(cut.json.value(QStringLiteral("truncated")).toBool());
    const ApiReply rest = call("GET", base + QStringLiteral("&path=/text&offset=8192"));
    QCOMPARE(rest.json.value(QStringLiteral("value")).toString().size(), 10000 - 8192);
    QVERIFY(!rest.json.value(QStringLiteral("truncated")).toBool());
    // A step's own payload.
    QTRY_VERIFY_WITH_TIMEOUT(
        call(
            "GET",
            QStringLiteral("/api/runs/%1/payload?step=note_it&part=input&path=/subject").arg(m_run))
                .json.value(QStringLiteral("value"))
                .toString() == QLatin1String("Big one"),
        10000);

    // Errors name the field and the reason; nothing crashes on odd pointers.
    for (const QString &bad : {QStringLiteral("&path=/nope"), QStringLiteral("&path=/list/07"),
                               QStringLiteral("&path=/list/9"), QStringLiteral("&path=big"),
                               QStringLiteral("&path=/text/0")}) {
        const ApiReply r = call("GET", base + bad);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.raw.contains("path"), r.raw.constData());
    }
    const ApiReply badPart =
        call("GET", QStringLiteral("/api/runs/%1/payload?part=definition").arg(m_run));
    QCOMPARE(badPart.status, 400);
    QVERIFY(badPart.raw.contains("part"));
    QCOMPARE(call("GET", QStringLiteral("/api/runs/999999/payload?part=input")).status, 404);
    QCOMPARE(
        call("GET", QStringLiteral("/api/runs/%1/payload?step=nope&part=output").arg(m_run)).status,
        404);
    QCOMPARE(call("GET", base + QStringLiteral("&limit=0")).status, 400);
}

void TestPayloadTree::treeLoadsAsItIsExpanded()
{
    PayloadView view(*m_api);
    QAbstractItemModelTester tester(view.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.resize(700, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    PayloadModel *m = view.model();
    m->setSource(m_run, QString(), QStringLiteral("input"));
    QTRY_COMPARE(m->rowCount(), 4);
    QModelIndex big, text;
    for (int r = 0; r < m->rowCount(); ++r) {
        const QString key = m->index(r, PayloadModel::Key).data().toString();
        if (key == QLatin1String("big"))
            big = m->index(r, 0);
        if (key == QLatin1String("text"))
            text = m->index(r, 0);
    }
    QVERIFY(big.isValid() && text.isValid());
    // (The model tester fetches every node it can; the view alone would wait for expand.)
    QCOMPARE(m->index(big.row(), PayloadModel::Value).data().toString(),
             QStringLiteral("{250 keys}"));
    QVERIFY(m->index(text.row(), PayloadModel::Value)
                .data()
                .toString()
                .endsWith(QLatin1String("(10000 characters)")) ||
            m->index(text.row(), PayloadModel::Value)
                .data()
                .toString()
                .endsWith(QLatin1String("(10,000 characters)")));
    view.tree()->expand(big);
    QTRY_COMPARE(m->rowCount(big), 101);    // a page and the "more…" row
    QVERIFY(m->canFetchMore(big) == false); // the first page is in; the rest on demand
    const QModelIndex more = m->index(100, 0, big);
    QCOMPARE(more.data(PayloadModel::TypeRole).toString(), QStringLiteral("more"));
    m->fetchNextPage(big);
    QTRY_COMPARE(m->rowCount(big), 201);
    m->fetchNextPage(big);
    QTRY_COMPARE(m->rowCount(big), 250);
    QCOMPARE(m->index(249, PayloadModel::Key, big).data().toString(), QStringLiteral("k249"));
    QCOMPARE(m->index(249, PayloadModel::Value, big).data().toString(), QStringLiteral("249"));
    // A long text: the pane shows what one answer carries, and says where it was cut.
    view.tree()->setCurrentIndex(text);
    QTRY_VERIFY(view.valueView()->toPlainText().startsWith(QString(4096, QLatin1Char('x'))));
    QVERIFY(view.valueView()->toPlainText().contains(QLatin1String("cut here")));
    // Another source resets the tree: the value pane forgets the old text.
    m->setSource(m_run, QStringLiteral("note_it"), QStringLiteral("input"));
    QVERIFY(view.valueView()->toPlainText().isEmpty());
    QTRY_COMPARE(m->rowCount(), 1);
    QCOMPARE(m->index(0, PayloadModel::Key).data().toString(), QStringLiteral("subject"));

    // Answers still on their way for a source left meanwhile are dropped (their nodes are gone).
    m->setSource(m_run, QString(), QStringLiteral("input"));
    QTRY_COMPARE(m->rowCount(), 4);
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, PayloadModel::Key).data().toString() == QLatin1String("big"))
            big = m->index(r, 0);
    view.tree()->expand(big); // its first page is asked for ...
    QSignalSpy loaded(m, &PayloadModel::loaded);
    m->setSource(m_run, QStringLiteral("note_it"), QStringLiteral("input")); // ... and dropped
    QTRY_VERIFY(loaded.size() >= 1 && !m->loading());
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(m->rowCount(m->index(0, 0)), 0);
}

// Without personal.read the payload is not sent, and the view says why rather than staying blank.
void TestPayloadTree::aViewerSeesThatItIsPersonalData()
{
    auto key = m_backend->auth().createApiKey(QStringLiteral("payload-viewer"),
                                              security::Role::Viewer, QStringLiteral("test"));
    QVERIFY(key);
    ApiClient viewer(QUrl(m_backend->listenUrl()));
    viewer.setSession({key->second, QString()});
    for (const QString &q :
         {QStringLiteral("part=input"), QStringLiteral("step=note_it&part=input&path=/subject")}) {
        std::optional<ApiReply> r;
        viewer.get(QStringLiteral("/api/runs/%1/payload?").arg(m_run) + q, this,
                   [&](const ApiReply &a) { r = a; });
        QTRY_VERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QVERIFY2(r->json.value(QStringLiteral("redacted")).toBool(), r->raw.constData());
        QVERIFY(!r->raw.contains("Big one"));
    }
    PayloadView view(viewer);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.model()->setSource(m_run, QString(), QStringLiteral("input"));
    QTRY_VERIFY(view.notice()->isVisible());
    QVERIFY(view.notice()->text().contains(QLatin1String("personal.read")));
    QVERIFY(view.model()->redacted());
    QCOMPARE(view.model()->rowCount(), 0);
}

void TestPayloadTree::cleanupTestCase()
{
    m_api.reset();
    m_backend.reset();
}

QTEST_MAIN(TestPayloadTree)
#include "tst_payloadtree.moc"
