// SPDX-License-Identifier: GPL-3.0-or-later
// The AliExpress client against a local fake that checks signatures: signing, order creation
// exactly once (REPEATED_ORDER_ERROR lookup, an answer lost to a timeout), error mapping,
// token refresh (ahead of expiry and after an IllegalAccessToken), the authorisation code
// exchanged for tokens and kept fresh on a moved clock, the read methods, product page URLs and
// the SKU suggested for a variant.
#include "aliexpress/aliexpressclient.h"
#include "aliexpress/productlookup.h"
#include "fakealiexpress.h"

#include <QUrlQuery>
#include <QtTest>

using namespace dc;
using namespace dc::aliexpress;
using dc::test::FakeAliExpress;

class TestAliExpress : public QObject
{
    Q_OBJECT
private:
    struct Setup
    {
        std::unique_ptr<FakeAliExpress> fake;
        std::shared_ptr<Credentials> creds;
        std::shared_ptr<int> saves;
        std::shared_ptr<qint64> clock; // the client's now (epoch ms)
        std::unique_ptr<AliExpressClient> client;
    };
    Setup make(int timeoutMs = 5000)
    {
        Setup s;
        s.fake = std::make_unique<FakeAliExpress>(QStringLiteral("app-1"), "app-secret", "token-1");
        s.fake->addProduct(QStringLiteral("1005001"), QStringLiteral("Lamp"),
                           {{QStringLiteral("sku-a"), QStringLiteral("7.25"), 40},
                            {QStringLiteral("sku-b"), QStringLiteral("8.00"), 0}});
        s.creds = std::make_shared<Credentials>(
            Credentials{QStringLiteral("app-1"), "app-secret", "token-1", "refresh-1", 0, 0});
        s.saves = std::make_shared<int>(0);
        s.clock = std::make_shared<qint64>(QDateTime::currentMSecsSinceEpoch());
        AliExpressClient::Options o;
        o.now = [clock = s.clock] { return *clock; };
        o.url = s.fake->url();
        o.timeoutMs = timeoutMs;
        o.sleep = [](int) {}; // retries without waiting
        auto creds = s.creds;
        auto saves = s.saves;
        s.client = std::make_unique<AliExpressClient>(
            o, [creds] { return std::expected<Credentials, QString>(*creds); },
            [creds, saves](const Credentials &c) -> std::expected<void, QString> {
                *creds = c;
                ++*saves;
                return {};
            });
        return s;
    }
    static OrderAddress address(const QString &zip = QStringLiteral("59000"))
    {
        return {QStringLiteral("Jeanne Martin"),
                QStringLiteral("Jeanne Martin"),
                QStringLiteral("3 rue des Lilas"),
                QString(),
                QStringLiteral("Lille"),
                QString(),
                zip,
                QStringLiteral("FR"),
                QStringLiteral("+33600000000")};
    }

private slots:
    void whichFailuresMayHaveCreatedAnOrder_data()
    {
        using K = AeError::Kind;
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("retryable");
        QTest::addColumn<bool>("maybe");
        // No answer, or no readable one: it may have run.
        QTest::newRow("timeout") << int(K::Network) << "timeout" << true << true;
        QTest::newRow("reset") << int(K::Network) << "network" << true << true;
        QTest::newRow("5xx") << int(K::Gateway) << "http_502" << true << true;
        QTest::newRow("unreadable") << int(K::Invalid) << "invalid_answer" << false << true;
        // Behind the gateway, the service timed out or failed: it may have run.
        QTest::newRow("remote timeout")
            << int(K::Gateway) << "isp.remote-service-timeout" << true << true;
        QTest::newRow("service error") << int(K::Gateway) << "ServiceError" << true << true;
        QTest::newRow("system error") << int(K::Business) << "SYSTEM_ERROR" << true << true;
        // Refused before anything ran.
        QTest::newRow("stopped before sending") << int(K::Network) << "stopped" << true << false;
        QTest::newRow("call limit") << int(K::Gateway) << "ApiCallLimit" << true << false;
        QTest::newRow("call limit (sub_code)")
            << int(K::Gateway) << "accesscontrol.limited-by-api-access-count" << true << false;
        QTest::newRow("unavailable")
            << int(K::Gateway) << "isp.service-unavailable" << true << false;
        QTest::newRow("bad parameter") << int(K::Gateway) << "41" << false << false;
        QTest::newRow("stock held") << int(K::Business) << "INVENTORY_HOLD_ERROR" << true << false;
        QTest::newRow("address") << int(K::Business)
                                 << "B_DROPSHIPPER_DELIVERY_ADDRESS_VALIDATE_FAIL" << false
                                 << false;
        QTest::newRow("auth") << int(K::Auth) << "auth" << false << false;
        QTest::newRow("config") << int(K::Config) << "not_configured" << false << false;
    }
    void whichFailuresMayHaveCreatedAnOrder()
    {
        QFETCH(int, kind);
        QFETCH(QString, code);
        QFETCH(bool, retryable);
        QFETCH(bool, maybe);
        AeError e{AeError::Kind(kind), code, QStringLiteral("m"), retryable};
        QCOMPARE(e.mayHaveActed(), maybe);
        e.acted = true; // REPEATED_ORDER_ERROR whose lookup failed: it exists
        QVERIFY(e.mayHaveActed());
    }

    void signatureMatchesTheDocumentedAlgorithm()
    {
        // Reference values computed independently (Python hmac) from the platform's rule.
        const QMap<QString, QString> p{
            {QStringLiteral("app_key"), QStringLiteral("12345")},
            {QStringLiteral("method"), QStringLiteral("aliexpress.ds.product.get")},
            {QStringLiteral("product_id"), QStringLiteral("1005001")},
            {QStringLiteral("session"), QStringLiteral("tok")},
            {QStringLiteral("sign_method"), QStringLiteral("sha256")},
            {QStringLiteral("timestamp"), QStringLiteral("1700000000000")}};
        QCOMPARE(AliExpressClient::sign(p, "secret"),
                 QByteArray("254925DDD1005AA4754D8A8B661A473D6D88A53F3FF438857D04B6A7001184BF"));
        QMap<QString, QString> withSign = p;
        withSign.insert(QStringLiteral("sign"), QStringLiteral("ignored"));
        QCOMPARE(AliExpressClient::sign(withSign, "secret"), AliExpressClient::sign(p, "secret"));
        const QMap<QString, QString> sys{
            {QStringLiteral("app_key"), QStringLiteral("12345")},
            {QStringLiteral("refresh_token"), QStringLiteral("r1")},
            {QStringLiteral("sign_method"), QStringLiteral("sha256")},
            {QStringLiteral("timestamp"), QStringLiteral("1700000000000")}};
        QCOMPARE(AliExpressClient::sign(sys, "secret", QStringLiteral("/auth/token/refresh")),
                 QByteArray("ADA2D254926EDF256052ED3277422E1E4C8873F698FCAFD9B8CF6BD4BC4F657C"));
    }

    void signatureMatchesTheIopVectors()
    {
        // The IOP scheme's vectors (issue 23), computed by an independent implementation: the
        // parameters sorted by name, name and value concatenated, the API path in front for the
        // system calls (/auth/token/...) and nothing in front for /sync's business methods.
        const QMap<QString, QString> p{{QStringLiteral("foo"), QStringLiteral("1")},
                                       {QStringLiteral("bar"), QStringLiteral("2")},
                                       {QStringLiteral("foo_bar"), QStringLiteral("3")},
                                       {QStringLiteral("foobar"), QStringLiteral("4")}};
        QCOMPARE(AliExpressClient::sign(p, "1234", QStringLiteral("/test/api")),
                 QByteArray("988085883BF9D32D251478D23122C7ECC91518CDF63BA22F792000A378F52409"));
        QCOMPARE(AliExpressClient::sign(p, "1234"),
                 QByteArray("DFA217E7D2B2C59F3B7889EC37224714F71C8AE1AFB9CE777727DED9FD92DD96"));
    }

    void createsAnOrderOnceAndLooksUpARepeat()
    {
        Setup s = make();
        const QList<OrderItem> items{
            {QStringLiteral("1005001"), QStringLiteral("14:sku-a"), 2, {}}};
        auto first = s.client->createOrder(QStringLiteral("DC1S1"), address(), items);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        QVERIFY(!first->alreadyExisted);
        auto again = s.client->createOrder(QStringLiteral("DC1S1"), address(), items);
        QVERIFY(again);
        QVERIFY(again->alreadyExisted);
        QCOMPARE(again->aeOrderId, first->aeOrderId);
        QCOMPARE(s.fake->orders().size(), 1);
        QCOMPARE(s.fake->orders()
                     .first()
                     .request.value(QStringLiteral("logistics_address"))
                     .toObject()
                     .value(QStringLiteral("zip"))
                     .toString(),
                 QStringLiteral("59000"));
        QCOMPARE(s.fake->badSignatures(), 0);
    }

    void aTimeoutAfterCreationNeverDuplicates()
    {
        Setup s = make(400);
        s.fake->force({.method = QStringLiteral("aliexpress.ds.order.create"), .delayMs = 1500});
        const QList<OrderItem> items{
            {QStringLiteral("1005001"), QStringLiteral("14:sku-a"), 1, {}}};
        auto lost = s.client->createOrder(QStringLiteral("DC2S1"), address(), items);
        QVERIFY(!lost);
        QCOMPARE(lost.error().kind, AeError::Kind::Network);
        QCOMPARE(lost.error().code, QStringLiteral("timeout"));
        QVERIFY(lost.error().retryable);
        QCOMPARE(s.fake->orders().size(), 1); // it was created all the same
        QTRY_VERIFY(s.fake->idle());          // the late answer went out before the retry
        auto retried = s.client->createOrder(QStringLiteral("DC2S1"), address(), items);
        QVERIFY(retried);
        QVERIFY(retried->alreadyExisted);
        QCOMPARE(retried->aeOrderId, s.fake->orders().first().id);
        QCOMPARE(s.fake->orders().size(), 1);
    }

    void businessAndGatewayErrorsAreClassified()
    {
        Setup s = make();
        const QList<OrderItem> items{
            {QStringLiteral("1005001"), QStringLiteral("14:sku-a"), 1, {}}};
        auto address = s.client->createOrder(
            QStringLiteral("DC3S1"), TestAliExpress::address(QStringLiteral("00000")), items);
        QVERIFY(!address);
        QCOMPARE(address.error().kind, AeError::Kind::Business);
        QVERIFY(address.error().code.contains(QStringLiteral("ADDRESS")));
        QVERIFY(!address.error().retryable);

        auto held =
            s.client->createOrder(QStringLiteral("DC4S1"), TestAliExpress::address(),
                                  {{QStringLiteral("1005001"), QStringLiteral("14:sku-b"), 1, {}}});
        QVERIFY(!held);
        QCOMPARE(held.error().code, QStringLiteral("INVENTORY_HOLD_ERROR"));
        QVERIFY(held.error().retryable);

        // A create is never retried by the client, even on a retryable gateway error...
        s.fake->force({.method = QStringLiteral("aliexpress.ds.order.create"),
                       .gatewayCode = QStringLiteral("7"),
                       .gatewaySub = QStringLiteral("ApiCallLimit")});
        auto limited =
            s.client->createOrder(QStringLiteral("DC5S1"), TestAliExpress::address(), items);
        QVERIFY(!limited);
        QVERIFY(limited.error().retryable);
        QCOMPARE(s.fake->orders().size(), 0);
        // ...while reads are: a call limit then a 500, then the answer.
        s.fake->force({.method = QStringLiteral("aliexpress.ds.product.get"),
                       .gatewayCode = QStringLiteral("7"),
                       .gatewaySub = QStringLiteral("ApiCallLimit")});
        s.fake->force({.method = QStringLiteral("aliexpress.ds.product.get"), .httpStatus = 500});
        auto product = s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                         QStringLiteral("EUR"));
        QVERIFY2(product, qPrintable(product ? QString() : product.error().message));
        QCOMPARE(product->title, QStringLiteral("Lamp"));
        QCOMPARE(product->skus.size(), 2);
        QCOMPARE(product->skus.first().price, (Money{725, QStringLiteral("EUR")}));
        QCOMPARE(product->skus.first().stock, 40);

        // A permanent gateway error is not retried.
        s.fake->force({.gatewayCode = QStringLiteral("isv.invalid-parameter")});
        const int before = s.fake->methodsCalled().size();
        auto invalid = s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                         QStringLiteral("EUR"));
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().kind, AeError::Kind::Gateway);
        QVERIFY(!invalid.error().retryable);
        QCOMPARE(s.fake->methodsCalled().size(), before + 1);

        auto unknown =
            s.client->product(QStringLiteral("404"), QStringLiteral("FR"), QStringLiteral("EUR"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, QStringLiteral("PRODUCT_NOT_EXIST"));
    }

    void aWrongSecretIsRefusedNotRetried()
    {
        Setup s = make();
        s.creds->appSecret = "not-the-secret";
        auto r = s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                   QStringLiteral("EUR"));
        QVERIFY(!r);
        QVERIFY(!r.error().retryable);
        QCOMPARE(s.fake->badSignatures(), 1);
    }

    void anInvalidTokenIsRefreshedOnceAndSaved()
    {
        Setup s = make();
        s.fake->expireAccessToken();
        auto r = s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                   QStringLiteral("EUR"));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(*s.saves, 1);
        QCOMPARE(s.creds->accessToken, s.fake->accessToken());
        QCOMPARE(s.creds->refreshToken, QByteArray("refresh-2"));
        QVERIFY(s.creds->accessExpiresMs > QDateTime::currentMSecsSinceEpoch());
        QVERIFY(s.fake->methodsCalled().contains(QStringLiteral("auth.token.refresh")));

        // A refused refresh is an authorisation error, not a retry loop.
        s.fake->expireAccessToken();
        s.fake->setRefreshToken("someone-else");
        s.creds->accessExpiresMs = 0;
        auto refused = s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                         QStringLiteral("EUR"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, AeError::Kind::Auth);
        QVERIFY(!refused.error().retryable);
    }

    void aTokenAboutToExpireIsRefreshedFirst()
    {
        Setup s = make();
        s.creds->accessExpiresMs = QDateTime::currentMSecsSinceEpoch() + 60'000;
        auto r = s.client->order(QString(), QStringLiteral("nothing"));
        QVERIFY(!r); // no such order, but the token was refreshed before the call
        QCOMPARE(r.error().code, QStringLiteral("ORDER_NOT_FOUND"));
        QCOMPARE(s.fake->methodsCalled().first(), QStringLiteral("auth.token.refresh"));
        QCOMPARE(*s.saves, 1);
    }

    void anOrderNamesTheSkuByItsAttributes()
    {
        // ds.order.create takes the SKU's attribute string from ds.product.get, not its id.
        Setup s = make();
        auto p = s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                   QStringLiteral("EUR"));
        QVERIFY(p);
        QCOMPARE(p->skus.first().skuId, QStringLiteral("sku-a"));
        QCOMPARE(p->skus.first().skuAttr, QStringLiteral("14:sku-a"));
        auto byId =
            s.client->createOrder(QStringLiteral("DC7S1"), address(),
                                  {{QStringLiteral("1005001"), QStringLiteral("sku-a"), 1, {}}});
        QVERIFY(!byId);
        QCOMPARE(byId.error().code, QStringLiteral("B_DROPSHIPPER_SKU_ERROR"));
        QVERIFY(!byId.error().retryable);
        QVERIFY(s.fake->orders().isEmpty());
    }

    void statusTrackingAndFreight()
    {
        Setup s = make();
        auto placed =
            s.client->createOrder(QStringLiteral("DC6S1"), address(),
                                  {{QStringLiteral("1005001"), QStringLiteral("14:sku-a"), 1, {}}});
        QVERIFY(placed);
        auto none = s.client->tracking(placed->aeOrderId);
        QVERIFY(none);
        QVERIFY(none->isEmpty());
        s.fake->ship(placed->aeOrderId, QStringLiteral("Cainiao"), QStringLiteral("LP00123"));
        s.fake->deliver(placed->aeOrderId);
        auto lines = s.client->tracking(placed->aeOrderId);
        QVERIFY(lines);
        QCOMPARE(lines->size(), 1);
        QCOMPARE(lines->first().trackingNumber, QStringLiteral("LP00123"));
        QCOMPARE(lines->first().carrier, QStringLiteral("Cainiao"));
        QCOMPARE(lines->first().nodes.size(), 2);
        QCOMPARE(lines->first().nodes.last().name, QStringLiteral("Delivered"));
        QCOMPARE(lines->first().nodes.first().at.timeSpec(), Qt::UTC);
        auto status = s.client->order(placed->aeOrderId);
        QVERIFY(status);
        QCOMPARE(status->status, QStringLiteral("FINISH"));
        QCOMPARE(status->outOrderId, QStringLiteral("DC6S1"));
        auto byOut = s.client->order(QString(), QStringLiteral("DC6S1"));
        QVERIFY(byOut);
        QCOMPARE(byOut->aeOrderId, placed->aeOrderId);
        auto freight = s.client->freight(QStringLiteral("1005001"), QStringLiteral("sku-a"), 1,
                                         QStringLiteral("FR"), QStringLiteral("EUR"));
        QVERIFY(freight);
        QCOMPARE(freight->size(), 1);
        QCOMPARE(freight->first().fee, (Money{250, QStringLiteral("EUR")}));
        QCOMPARE(freight->first().maxDays, 15);
    }

    void anAuthorisationCodeBecomesTokens()
    {
        Setup s = make();
        *s.creds = Credentials{QStringLiteral("app-1"), "app-secret", {}, {}, 0, 0};
        const QUrl url = s.client->authorizeUrl(QStringLiteral("app-1"),
                                                QStringLiteral("http://127.0.0.1:8999/cb?x=1"),
                                                QStringLiteral("st-1"));
        const QUrlQuery q(url);
        QCOMPARE(url.path(), QStringLiteral("/oauth/authorize"));
        QCOMPARE(q.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
        QCOMPARE(q.queryItemValue(QStringLiteral("force_auth")), QStringLiteral("true"));
        QCOMPARE(q.queryItemValue(QStringLiteral("client_id")), QStringLiteral("app-1"));
        QCOMPARE(q.queryItemValue(QStringLiteral("state")), QStringLiteral("st-1"));
        QCOMPARE(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded),
                 QStringLiteral("http://127.0.0.1:8999/cb?x=1"));

        // A code the platform never gave is refused as an authorisation error, nothing saved.
        auto wrong = s.client->createToken(QStringLiteral("made-up"));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().kind, AeError::Kind::Auth);
        QVERIFY2(wrong.error().message.contains(QStringLiteral("InvalidCode")),
                 qPrintable(wrong.error().message));
        QCOMPARE(*s.saves, 0);

        s.fake->addAuthorizationCode(QStringLiteral("code-1"));
        s.fake->setTokenLifetime(10 * 3'600'000LL, 60 * 86'400'000LL);
        auto t = s.client->createToken(QStringLiteral("code-1"));
        QVERIFY2(t, qPrintable(t ? QString() : t.error().message));
        QCOMPARE(*s.saves, 1);
        QCOMPARE(s.creds->accessToken, s.fake->accessToken());
        QCOMPARE(s.creds->appSecret, QByteArray("app-secret"));
        QVERIFY(!s.creds->refreshToken.isEmpty());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(qAbs(s.creds->accessExpiresMs - (now + 10 * 3'600'000LL)) < 60'000);
        QVERIFY(qAbs(s.creds->refreshExpiresMs - (now + 60 * 86'400'000LL)) < 60'000);
        QCOMPARE(s.creds->accessIssuedMs, *s.clock);
        QCOMPARE(s.fake->badSignatures(), 0);
        // A code works once.
        QVERIFY(!s.client->createToken(QStringLiteral("code-1")));
        // The new token works.
        QVERIFY(s.client->product(QStringLiteral("1005001"), QStringLiteral("FR"),
                                  QStringLiteral("EUR")));
    }

    void keptFreshAheadOfExpiryOnTheClock()
    {
        Setup s = make();
        const qint64 t0 = *s.clock;
        // A token of 30 days, issued now: nothing to do for 29 days.
        s.creds->accessIssuedMs = t0;
        s.creds->accessExpiresMs = t0 + 30 * 86'400'000LL;
        auto r = s.client->keepFresh();
        QVERIFY(r);
        QVERIFY(!*r);
        *s.clock = t0 + 28 * 86'400'000LL;
        QVERIFY(!*s.client->keepFresh());
        QCOMPARE(*s.saves, 0);
        // Less than a day left: refreshed, though calls would still work for hours.
        *s.clock = t0 + 29 * 86'400'000LL + 3'600'000;
        r = s.client->keepFresh();
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QVERIFY(*r);
        QCOMPARE(*s.saves, 1);
        QCOMPARE(s.creds->accessToken, s.fake->accessToken());
        QCOMPARE(s.creds->accessIssuedMs, *s.clock);
        // A token of 10 hours is refreshed at half its life, not every pass.
        s.creds->accessIssuedMs = *s.clock;
        s.creds->accessExpiresMs = *s.clock + 10 * 3'600'000LL;
        *s.clock += 4 * 3'600'000LL;
        QVERIFY(!*s.client->keepFresh());
        *s.clock += 2 * 3'600'000LL;
        QVERIFY(*s.client->keepFresh());
        QCOMPARE(*s.saves, 2);
        // Not authorised (no refresh token): nothing to do, no error.
        s.creds->refreshToken.clear();
        *s.clock += 100 * 86'400'000LL;
        r = s.client->keepFresh();
        QVERIFY(r);
        QVERIFY(!*r);
    }

    void productPagesAndIds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("id");
        const QString id = QStringLiteral("1005001234567890");
        QTest::newRow("bare id") << QStringLiteral(" 1005001234567890 ") << id;
        QTest::newRow("www") << QStringLiteral(
                                    "https://www.aliexpress.com/item/1005001234567890.html")
                             << id;
        QTest::newRow("query") << QStringLiteral(
                                      "https://www.aliexpress.com/item/"
                                      "1005001234567890.html?spm=a2g0o.home&gatewayAdapt=1")
                               << id;
        QTest::newRow("us") << QStringLiteral(
                                   "https://www.aliexpress.us/item/1005001234567890.html")
                            << id;
        QTest::newRow("fr") << QStringLiteral(
                                   "https://fr.aliexpress.com/item/1005001234567890.html")
                            << id;
        QTest::newRow("fr domain")
            << QStringLiteral("https://aliexpress.fr/item/1005001234567890.html#reviews") << id;
        QTest::newRow("mobile") << QStringLiteral(
                                       "https://m.aliexpress.com/item/1005001234567890.html")
                                << id;
        QTest::newRow("no scheme")
            << QStringLiteral("aliexpress.com/item/1005001234567890.html") << id;
        QTest::newRow("named") << QStringLiteral("https://www.aliexpress.com/item/Desk-Lamp/"
                                                 "1005001234567890.html")
                               << id;
        QTest::newRow("other site")
            << QStringLiteral("https://www.example.com/item/1005001234567890.html") << QString();
        QTest::newRow("lookalike")
            << QStringLiteral("https://aliexpress.com.example.net/item/1005001234567890.html")
            << QString();
        QTest::newRow("no item") << QStringLiteral("https://www.aliexpress.com/store/1234567")
                                 << QString();
        QTest::newRow("words") << QStringLiteral("desk lamp") << QString();
    }

    void productPagesAndIds()
    {
        QFETCH(QString, text);
        QFETCH(QString, id);
        QCOMPARE(productIdFrom(text), id);
    }

    void theSkuThatFitsAVariantIsSuggested()
    {
        const auto sku = [](const char *id, QList<std::pair<QString, QString>> props) {
            SkuInfo s;
            s.skuId = QString::fromLatin1(id);
            s.properties = std::move(props);
            return s;
        };
        const QString color = QStringLiteral("Color"), size = QStringLiteral("Size");
        const QList<SkuInfo> skus{
            sku("gold-s", {{color, QStringLiteral("Gold")}, {size, QStringLiteral("S")}}),
            sku("silver-s", {{color, QStringLiteral("Silver")}, {size, QStringLiteral("S")}}),
            sku("silver-m", {{color, QStringLiteral("silver")}, {size, QStringLiteral("M")}}),
            sku("silver-xl", {{color, QStringLiteral("Silver")}, {size, QStringLiteral("XL")}})};
        QCOMPARE(optionValues(QStringLiteral("Silver / M")),
                 (QStringList{QStringLiteral("Silver"), QStringLiteral("M")}));
        QVERIFY(optionValues(QStringLiteral("Default Title")).isEmpty());
        QCOMPARE(suggestSku(skus, optionValues(QStringLiteral("Silver / M"))), 2);
        QCOMPARE(suggestSku(skus, optionValues(QStringLiteral("XL / Silver"))), 3);
        QCOMPARE(suggestSku(skus, {QStringLiteral("Gold")}), 0);
        QCOMPARE(suggestSku(skus, {QStringLiteral("Purple")}), -1);
        QCOMPARE(suggestSku(skus, {}), -1);
        QCOMPARE(suggestSku({skus.first()}, {QStringLiteral("Purple")}), 0);
    }

    void unconfiguredIsAClearError()
    {
        AliExpressClient c(
            {}, [] { return std::expected<Credentials, QString>(Credentials{}); },
            [](const Credentials &) { return std::expected<void, QString>(); });
        auto r = c.product(QStringLiteral("1"), QStringLiteral("FR"), QStringLiteral("EUR"));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, AeError::Kind::Config);
        QVERIFY(r.error().message.contains(QStringLiteral("not configured")));
    }
};

QTEST_GUILESS_MAIN(TestAliExpress)
#include "tst_aliexpress.moc"
