// SPDX-License-Identifier: GPL-3.0-or-later
// Outbound replies against real local servers: a cap stops the read (a 64 MiB answer, with or
// without a Content-Length, costs little memory), the Shopify and AliExpress clients map an
// answer over their cap to their invalid-answer error, outbound webhooks keep nothing of the
// receiver's answer, and no outbound call follows a redirect to another host.
// Qt's network thread reads ahead of the caller (QNetworkReply's read buffer size does not hold
// it back in 6.4): past the cap, what is held depends on how fast the caller drains it, so the
// memory bounds below are "well under the answer", not "the cap".
#include "aliexpress/aliexpressclient.h"
#include "core/blockinghttp.h"
#include "events/eventbus.h"
#include "shopify/shopifyclient.h"
#include "streamingserver.h"
#include "testdb.h"

#include <QtTest>

using namespace dc;
using dc::test::StreamingServer;

namespace {
constexpr qint64 kHuge = 64 * 1024 * 1024;
constexpr qint64 kMiB = 1024 * 1024;

QNetworkRequest jsonRequest(const QString &url)
{
    QNetworkRequest req{QUrl(url)};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    req.setRawHeader("Authorization", "Bearer outbound-secret");
    req.setTransferTimeout(30'000);
    return req;
}
} // namespace

class TestOutbound : public QObject
{
    Q_OBJECT
private slots:
    void capStopsTheRead_data();
    void capStopsTheRead();
    void answerWithinTheCapIsKept();
    void redirectToAnotherHostIsNotFollowed();
    void shopifyAnswerOverTheCapIsInvalid();
    void aliExpressAnswerOverTheCapIsInvalid();
    void webhookAnswerIsNotBuffered();
    void webhookRedirectIsNotFollowed();

private:
    // A bus with one webhook subscription to url; publishes one event and waits until the
    // subscription's cursor passed it (delivered) or it was retried (failed).
    struct Delivery
    {
        bool delivered = false;
        QString lastError;
    };
    Delivery deliverOne(const QString &url);
};

void TestOutbound::capStopsTheRead_data()
{
    QTest::addColumn<bool>("contentLength");
    QTest::newRow("Content-Length over the cap") << true;
    QTest::newRow("no Content-Length") << false;
}

void TestOutbound::capStopsTheRead()
{
    QFETCH(bool, contentLength);
    StreamingServer server({.status = 200, .bodyBytes = kHuge, .contentLength = contentLength});
    const qint64 before = dc::test::residentBytes();
    dc::test::resetPeakResident();
    const BlockingReply r = blockingPost(jsonRequest(server.url()), "{}", kMiB);
    const qint64 growth = dc::test::peakResidentBytes() - before;
    qInfo() << "peak RSS growth (MiB)" << double(growth) / kMiB << "sent by the server (MiB)"
            << double(server.bytesSent()) / kMiB;
    QCOMPARE(r.status, 200);
    QVERIFY(r.tooLarge);
    QVERIFY(r.body.isEmpty()); // never a truncated answer
    QVERIFY(!r.timedOut());
    QVERIFY2(r.errorString.contains(QStringLiteral("larger than")), qPrintable(r.errorString));
    // The read stopped: far less than the 64 MiB answer was taken in.
    if (dc::test::kResidentMemoryIsMeaningful)
        QVERIFY2(growth < kHuge / 2, qPrintable(QString::number(double(growth) / kMiB)));
    QVERIFY(server.bytesSent() < kHuge);
}

void TestOutbound::answerWithinTheCapIsKept()
{
    for (const bool contentLength : {true, false}) {
        StreamingServer server(
            {.status = 200, .bodyBytes = 300 * 1024, .contentLength = contentLength});
        const BlockingReply r = blockingPost(jsonRequest(server.url()), "{}", 300 * 1024);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.tooLarge);
        QCOMPARE(r.body.size(), 300 * 1024);
        QCOMPARE(r.error, QNetworkReply::NoError);
    }
}

void TestOutbound::redirectToAnotherHostIsNotFollowed()
{
    // 127.0.0.1 redirects to localhost: another host (and port), which must see no request and
    // so no credentials.
    StreamingServer target({.status = 200, .bodyBytes = 2});
    StreamingServer redirect(
        {.location = target.url()
                         .replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"))
                         .toUtf8()});
    const BlockingReply r = blockingPost(jsonRequest(redirect.url()), "{}", kMiB);
    QCOMPARE(r.status, 307);
    QCOMPARE(redirect.requests(), 1);
    QCOMPARE(target.requests(), 0);
}

void TestOutbound::shopifyAnswerOverTheCapIsInvalid()
{
    // 8 MiB is the cap. Memory is not checked here: it depends on how fast this thread drains
    // what Qt's network thread reads ahead (capStopsTheRead measures it).
    StreamingServer server({.status = 200, .bodyBytes = 4 * kHuge, .contentLength = false});
    shopify::ShopifyClient client({.maxAttempts = 2, .sleep = [](int) {}});
    shopify::ShopConnection shop{QStringLiteral("acme.myshopify.com"), QStringLiteral("2024-07"),
                                 server.url(QStringLiteral("/graphql.json")), "shpat_x"};
    dc::test::resetPeakResident();
    const qint64 before = dc::test::residentBytes();
    const auto r = client.call(shop, QStringLiteral("{ shop { name } }"));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, shopify::ApiError::Kind::Invalid);
    QVERIFY2(r.error().message.contains(QStringLiteral("larger than")),
             qPrintable(r.error().message));
    QCOMPARE(server.requests(), 1); // not retried: the same answer would come again
    const qint64 growth = dc::test::peakResidentBytes() - before;
    qInfo() << "peak RSS growth (MiB)" << double(growth) / kMiB << "sent by the server (MiB)"
            << double(server.bytesSent()) / kMiB;
    QVERIFY(server.bytesSent() < 4 * kHuge); // the read stopped
}

void TestOutbound::aliExpressAnswerOverTheCapIsInvalid()
{
    StreamingServer server({.status = 200, .bodyBytes = kHuge, .contentLength = true});
    aliexpress::AliExpressClient::Options o;
    o.url = server.url(QString());
    o.sleep = [](int) {};
    aliexpress::AliExpressClient client(
        o,
        [] {
            return std::expected<aliexpress::Credentials, QString>(aliexpress::Credentials{
                QStringLiteral("app-1"), "app-secret", "token-1", "refresh-1", 0, 0});
        },
        [](const aliexpress::Credentials &) { return std::expected<void, QString>(); });
    dc::test::resetPeakResident();
    const qint64 before = dc::test::residentBytes();
    const auto r = client.product(QStringLiteral("1"), QStringLiteral("FR"), QStringLiteral("EUR"));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, aliexpress::AeError::Kind::Invalid);
    QCOMPARE(r.error().code, QStringLiteral("invalid_answer"));
    QVERIFY2(r.error().message.contains(QStringLiteral("larger than")),
             qPrintable(r.error().message));
    if (dc::test::kResidentMemoryIsMeaningful)
        QVERIFY(dc::test::peakResidentBytes() - before < kHuge / 2);
}

TestOutbound::Delivery TestOutbound::deliverOne(const QString &url)
{
    Delivery out;
    dc::test::ScratchDatabase sdb;
    if (!sdb.isValid())
        qFatal("%s", qPrintable(sdb.error()));
    auto store = storage::Store::open(sdb.url());
    if (!store)
        qFatal("%s", qPrintable(store.error()));
    const auto cipher = security::FieldCipher::generate();
    events::EventBus bus(**store, cipher, QStringLiteral("test"));
    bus.start();
    events::SubscriptionSpec spec;
    spec.name = QStringLiteral("hook");
    spec.kind = QStringLiteral("webhook");
    spec.patterns = {QStringLiteral("order.*")};
    spec.url = url;
    spec.secret = QByteArray(32, 's');
    auto sub = bus.subscriptionAdmin().createSubscription(spec);
    if (!sub)
        qFatal("%s", qPrintable(sub.error().message));
    auto published = bus.publish(events::EventDraft{QStringLiteral("order.created"),
                                                    {{QStringLiteral("n"), 1}},
                                                    {},
                                                    QStringLiteral("test"),
                                                    {},
                                                    {}});
    published.waitForFinished();
    const qint64 id = published.result().value_or(-1);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 60'000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        auto info = bus.subscriptionAdmin().subscription((*store)->reader(), sub->id);
        if (info && *info && (*info)->cursor >= id) {
            out.delivered = true;
            break;
        }
        auto letters = bus.subscriptionAdmin().deadLetters((*store)->reader(), sub->id);
        if (letters && !letters->isEmpty() && letters->first().attempts >= 1) {
            out.lastError = letters->first().lastError;
            break;
        }
        QTest::qWait(10);
    }
    bus.stop();
    return out;
}

void TestOutbound::webhookAnswerIsNotBuffered()
{
    // A receiver that answers 200 with 64 MiB: the delivery counts (the status is all that
    // matters) and the bus thread keeps nothing of the body.
    StreamingServer receiver({.status = 200, .bodyBytes = kHuge, .contentLength = false});
    dc::test::resetPeakResident();
    const qint64 before = dc::test::residentBytes();
    const Delivery d = deliverOne(receiver.url(QStringLiteral("/hook")));
    const qint64 growth = dc::test::peakResidentBytes() - before;
    qInfo() << "peak RSS growth (MiB)" << double(growth) / kMiB << "sent by the receiver (MiB)"
            << double(receiver.bytesSent()) / kMiB;
    QVERIFY2(d.delivered, qPrintable(d.lastError));
    if (dc::test::kResidentMemoryIsMeaningful)
        QVERIFY2(growth < kHuge / 2, qPrintable(QString::number(double(growth) / kMiB)));
    QVERIFY(receiver.bytesSent() < kHuge);
}

void TestOutbound::webhookRedirectIsNotFollowed()
{
    StreamingServer target({.status = 204});
    StreamingServer redirect(
        {.location = target.url()
                         .replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"))
                         .toUtf8()});
    const Delivery d = deliverOne(redirect.url(QStringLiteral("/hook")));
    QVERIFY(!d.delivered);
    QVERIFY2(d.lastError.contains(QStringLiteral("307")), qPrintable(d.lastError));
    QCOMPARE(target.requests(), 0);
}

QTEST_GUILESS_MAIN(TestOutbound)
#include "tst_outbound.moc"
