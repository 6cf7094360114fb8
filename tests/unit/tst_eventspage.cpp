// SPDX-License-Identifier: GPL-3.0-or-later
// The events page over a real embedded backend: published events appear live (newest first)
// when they match the topic pattern, are counted and not shown while paused, and the history
// search finds them; QAbstractItemModelTester watches the model.
#include "apiclient.h"
#include "eventspage.h"
#include "runtime/backend.h"
#include "security/auth.h"
#include "testbackend.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc;
using namespace dc::ui;

class TestEventsPage : public QObject
{
    Q_OBJECT
private slots:
    void liveFilterPauseAndHistory();
};

void TestEventsPage::liveFilterPauseAndHistory()
{
    QTemporaryDir dir;
    auto b = dc::test::startEmbeddedBackend(dir.path());
    QVERIFY2(b, qPrintable(b ? QString() : b.error()));
    std::unique_ptr<runtime::Backend> backend = std::move(*b);
    ApiClient api(QUrl(backend->listenUrl()));
    QVERIFY(dc::test::signIn(api, *backend));
    api.subscribe(QStringLiteral("#"));
    QTRY_VERIFY(api.streaming());

    EventsPage page(api);
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    page.setPattern(QStringLiteral("ext.demo.#"));
    const auto publish = [&](const QString &topic, int n) {
        bool done = false;
        api.send("POST", QStringLiteral("/api/events"),
                 {{QStringLiteral("topic"), topic},
                  {QStringLiteral("key"), QStringLiteral("demo:%1").arg(n)},
                  {QStringLiteral("data"), QJsonObject{{QStringLiteral("n"), n}}}},
                 this, [&](const ApiReply &r) { done = r.ok(); });
        QTRY_VERIFY(done);
    };
    publish(QStringLiteral("ext.demo.one"), 1);
    publish(QStringLiteral("ext.other.thing"), 2); // does not match the pattern
    publish(QStringLiteral("ext.demo.two"), 3);
    QTRY_COMPARE(page.model()->rowCount(), 2);
    QCOMPARE(page.model()->index(0, EventsModel::Topic).data().toString(),
             QStringLiteral("ext.demo.two"));
    QCOMPARE(page.model()->index(1, EventsModel::Topic).data().toString(),
             QStringLiteral("ext.demo.one"));
    QVERIFY(page.model()
                ->index(0, EventsModel::Data)
                .data()
                .toString()
                .contains(QStringLiteral("\"n\":3")));

    page.setPaused(true);
    publish(QStringLiteral("ext.demo.three"), 4);
    QTRY_COMPARE(page.missedWhilePaused(), 1);
    QCOMPARE(page.model()->rowCount(), 2);
    page.setPaused(false);

    QSignalSpy history(&page, &EventsPage::historyShown);
    page.search(QStringLiteral("ext.demo.#"), QString());
    QTRY_COMPARE(history.size(), 1);
    QCOMPARE(history.at(0).at(0).toInt(), 3);
    QCOMPARE(page.model()->index(0, EventsModel::Topic).data().toString(),
             QStringLiteral("ext.demo.three"));
    history.clear();
    // Keys published through the API live in the publisher's namespace.
    page.search(QString(), QStringLiteral("api:user:admin:demo:1"));
    QTRY_COMPARE(history.size(), 1);
    QCOMPARE(page.model()->rowCount(), 1);
}

QTEST_MAIN(TestEventsPage)
#include "tst_eventspage.moc"
