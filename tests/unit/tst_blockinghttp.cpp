// SPDX-License-Identifier: GPL-3.0-or-later
// A blocking call gives up when the work on its thread is asked to stop (core/blockinghttp.h):
// against a server that never answers, the call returns as soon as the flag is raised, not at
// its timeout, and says it stopped; a pause ends early the same way.
#include "core/blockinghttp.h"
#include "http.h"

#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace dc;

class TestBlockingHttp : public QObject
{
    Q_OBJECT
private slots:
    void aCallStopsWhenItsWorkIsAskedTo();
    void aPauseEndsWhenItsWorkIsAskedToStop();
    void aScopeHoldsOnlyWhileItLives();
};

void TestBlockingHttp::aCallStopsWhenItsWorkIsAskedTo()
{
    // A server that takes the request and never answers.
    dc::test::SilentServer server;
    QVERIFY(server.listening());
    auto flag = std::make_shared<std::atomic<bool>>(false);
    std::atomic<bool> done{false};
    BlockingReply reply;
    std::thread worker;
    // A failed check still ends the worker (a joinable thread left behind would abort).
    auto joined = qScopeGuard([&] {
        flag->store(true);
        if (worker.joinable())
            worker.join();
    });
    worker = std::thread([&] {
        const StopScope scope(flag);
        QNetworkRequest req(server.url());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        req.setTransferTimeout(120'000); // far beyond the wait below
        reply = blockingPost(req, QByteArray("{}"), 1024);
        done = true;
    });
    // The request is out, its answer never comes.
    QTRY_VERIFY_WITH_TIMEOUT(server.connections() > 0, 30'000);
    QVERIFY(!done.load());
    flag->store(true);
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 30'000);
    worker.join();
    QVERIFY(reply.stopped);
    QCOMPARE(reply.status, 0);
    QVERIFY(reply.body.isEmpty());
    QVERIFY(!reply.timedOut()); // not a timeout: the service said nothing wrong
    QVERIFY2(reply.errorString.contains(QStringLiteral("asked to stop")),
             qPrintable(reply.errorString));
}

void TestBlockingHttp::aPauseEndsWhenItsWorkIsAskedToStop()
{
    auto flag = std::make_shared<std::atomic<bool>>(false);
    std::atomic<bool> pausing{false};
    std::atomic<int> paused{-1};
    std::thread worker([&] {
        const StopScope scope(flag);
        pausing = true;
        paused = pauseUnlessStopped(600'000) ? 1 : 0;
    });
    auto joined = qScopeGuard([&] {
        flag->store(true);
        worker.join();
    });
    QTRY_VERIFY_WITH_TIMEOUT(pausing.load(), 30'000); // in its pause (or about to be)
    flag->store(true);
    QTRY_COMPARE_WITH_TIMEOUT(paused.load(), 0, 30'000);
}

void TestBlockingHttp::aScopeHoldsOnlyWhileItLives()
{
    QVERIFY(!stopRequested());
    auto flag = std::make_shared<std::atomic<bool>>(true);
    {
        const StopScope scope(flag);
        QVERIFY(stopRequested());
        QVERIFY(!pauseUnlessStopped(30'000)); // at once (a regression fails after 30 s)
        // Nothing is sent once the stop is asked.
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:9/")));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        const BlockingReply r = blockingPost(req, QByteArray("{}"), 1024);
        QVERIFY(r.stopped);
        QCOMPARE(r.status, 0);
        QVERIFY2(r.errorString.startsWith(QStringLiteral("not sent")), qPrintable(r.errorString));
    }
    QVERIFY(!stopRequested()); // the scope ended: this thread's work is its own again
    QVERIFY(pauseUnlessStopped(1));
}

QTEST_GUILESS_MAIN(TestBlockingHttp)
#include "tst_blockinghttp.moc"
