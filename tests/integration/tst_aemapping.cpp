// SPDX-License-Identifier: GPL-3.0-or-later
// Connecting AliExpress and mapping products, through the API against the fakes: the
// authorisation URL with its state, the code exchanged for tokens kept in the secret store (a
// state not handed out and a wrong code refused, each naming its field), the token refreshed
// ahead of its expiry; then a product page's URL looked up (SKUs with attributes, cost, stock,
// shipping per country, the SKU that fits the variant suggested), the variant mapped in one call,
// the order that was held for it placed at AliExpress, and the next order placed directly.
#include "orderfixture.h"

#include "storage/catalogrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>
#include <QtTest>

using namespace dc;
using namespace dc::test;

namespace {
const QString kLampProduct = QStringLiteral("1005006000001");
constexpr qint64 kSilverM = 9'001, kGoldS = 9'002; // the lamp's Shopify variants
} // namespace

class TestAeMapping : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void authorisationCodeBecomesTokens();
    void tokenRefreshedAheadOfExpiry();
    void mappingFromAProductUrl();

private:
    Reply post(const QString &path, const QJsonObject &body)
    {
        return call("POST", path, QJsonDocument(body).toJson());
    }
    // GET authorize-url, then the fake's consent page: the code and state it redirects with.
    std::pair<QString, QString> authorise(const QString &redirect);
    qint64 variantId(qint64 shopifyVariantId);
    QString supplierStatus(qint64 orderId);
};

void TestAeMapping::init()
{
    auto up = setUp();
    QVERIFY2(up, qPrintable(up ? QString() : up.error()));
}

void TestAeMapping::cleanup()
{
    tearDown();
}

std::pair<QString, QString> TestAeMapping::authorise(const QString &redirect)
{
    const Reply url = call("GET", QStringLiteral("/api/integrations/aliexpress/authorize-url?"
                                                 "redirect_uri=") +
                                      QString::fromLatin1(QUrl::toPercentEncoding(redirect)));
    if (url.status != 200) {
        qWarning() << url.raw;
        return {};
    }
    const QString state = url.json.value(QStringLiteral("state")).toString();
    // The browser opens the page; the fake consents at once and sends it back with a code.
    QNetworkRequest req(QUrl(url.json.value(QStringLiteral("url")).toString()));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> r(m_nam.get(req));
    if (!QTest::qWaitFor([&] { return r->isFinished(); }, 10000))
        return {};
    const QUrl back(QString::fromUtf8(r->rawHeader("Location")));
    if (!back.toString().startsWith(redirect))
        return {};
    const QUrlQuery q(back);
    if (q.queryItemValue(QStringLiteral("state")) != state)
        return {};
    return {q.queryItemValue(QStringLiteral("code")), state};
}

qint64 TestAeMapping::variantId(qint64 shopifyVariantId)
{
    auto v = storage::CatalogRepository().findVariantByShopifyId(m_t.backend->store().reader(),
                                                                 shopifyVariantId);
    return v && v->has_value() ? (*v)->id : 0;
}

void TestAeMapping::authorisationCodeBecomesTokens()
{
    // The app key and secret alone: the same app keeps its tokens...
    Reply r = call(
        "PUT", QStringLiteral("/api/integrations/aliexpress"),
        QJsonDocument(QJsonObject{{QStringLiteral("app_key"), QStringLiteral("app-1")},
                                  {QStringLiteral("app_secret"), QStringLiteral("app-secret")}})
            .toJson());
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("configured")).toBool(), true);
    // ...while the page needs a callback to send the seller back to.
    r = call("GET", QStringLiteral("/api/integrations/aliexpress/authorize-url"));
    QCOMPARE(r.status, 400);
    QCOMPARE(problemField(r), QStringLiteral("redirect_uri"));
    r = call("GET", QStringLiteral(
                        "/api/integrations/aliexpress/authorize-url?redirect_uri=ftp%3A%2F%2Fx"));
    QCOMPARE(problemField(r), QStringLiteral("redirect_uri"));

    const QString callback = QStringLiteral("https://ops.example.com/aliexpress/callback");
    auto [code, state] = authorise(callback);
    QVERIFY(!code.isEmpty());
    QCOMPARE(m_ae->authorizations(), 1);

    // A state this server never handed out is refused before AliExpress is asked.
    r = post(QStringLiteral("/api/integrations/aliexpress/token"),
             {{QStringLiteral("code"), code}, {QStringLiteral("state"), QStringLiteral("forged")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    QCOMPARE(problemField(r), QStringLiteral("state"));
    QVERIFY(!m_ae->methodsCalled().contains(QStringLiteral("auth.token.create")));

    // A code AliExpress does not know: refused, saying so; the state is used up.
    r = post(
        QStringLiteral("/api/integrations/aliexpress/token"),
        {{QStringLiteral("code"), QStringLiteral("not-a-code")}, {QStringLiteral("state"), state}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.contentType, QByteArray("application/problem+json"));
    QCOMPARE(problemField(r), QStringLiteral("code"));
    QVERIFY2(
        r.json.value(QStringLiteral("detail")).toString().contains(QStringLiteral("InvalidCode")),
        r.raw.constData());
    r = post(QStringLiteral("/api/integrations/aliexpress/token"),
             {{QStringLiteral("code"), code}, {QStringLiteral("state"), state}});
    QCOMPARE(problemField(r), QStringLiteral("state"));

    // Again, with the code the consent gave: the tokens are created and kept.
    std::tie(code, state) = authorise(callback);
    QVERIFY(!code.isEmpty());
    r = post(QStringLiteral("/api/integrations/aliexpress/token"),
             {{QStringLiteral("code"), code}, {QStringLiteral("state"), state}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("configured")).toBool(), true);
    QCOMPARE(r.json.value(QStringLiteral("needs_authorization")).toBool(), false);
    QVERIFY(!r.raw.contains(m_ae->accessToken()));
    r = call("GET", QStringLiteral("/api/integrations/aliexpress"));
    const QDateTime access = QDateTime::fromString(
        r.json.value(QStringLiteral("access_expires_at")).toString(), Qt::ISODate);
    const QDateTime refresh = QDateTime::fromString(
        r.json.value(QStringLiteral("refresh_expires_at")).toString(), Qt::ISODate);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY2(qAbs(now.secsTo(access) - 86'400) < 120, qPrintable(access.toString(Qt::ISODate)));
    QVERIFY2(qAbs(now.secsTo(refresh) - 30 * 86'400) < 120,
             qPrintable(refresh.toString(Qt::ISODate)));
    QVERIFY(r.json.value(QStringLiteral("has_refresh_token")).toBool());
    auto stored = m_t.backend->crew().integrations().aliexpressCredentials();
    QVERIFY(stored);
    QCOMPARE(stored->accessToken, m_ae->accessToken());
    QCOMPARE(m_ae->badSignatures(), 0);
    // The code is spent: the same one again is refused (with a fresh state).
    auto [unused, fresh] = authorise(callback);
    QVERIFY(!fresh.isEmpty());
    r = post(QStringLiteral("/api/integrations/aliexpress/token"),
             {{QStringLiteral("code"), code}, {QStringLiteral("state"), fresh}});
    QCOMPARE(problemField(r), QStringLiteral("code"));

    // Calls use the new token (the fixture's first one no longer works).
    r = post(QStringLiteral("/api/aliexpress/lookup"),
             {{QStringLiteral("url_or_id"), QStringLiteral("1005001")},
              {QStringLiteral("country"), QStringLiteral("FR")}});
    QVERIFY2(r.status == 200, r.raw.constData());

    // Another app starts unauthorised.
    r = call("PUT", QStringLiteral("/api/integrations/aliexpress"),
             QJsonDocument(QJsonObject{{QStringLiteral("app_key"), QStringLiteral("app-2")},
                                       {QStringLiteral("app_secret"), QStringLiteral("s2")}})
                 .toJson());
    QCOMPARE(r.json.value(QStringLiteral("configured")).toBool(), false);
    QCOMPARE(r.json.value(QStringLiteral("needs_authorization")).toBool(), true);
    // Only settings.manage hands out authorisation URLs.
    r = call("GET",
             QStringLiteral("/api/integrations/aliexpress/authorize-url?redirect_uri=") +
                 QString::fromLatin1(QUrl::toPercentEncoding(callback)),
             {}, security::Role::Operator);
    QCOMPARE(r.status, 403);
}

void TestAeMapping::tokenRefreshedAheadOfExpiry()
{
    // Tokens that live two minutes: the next call renews first instead of failing halfway.
    m_ae->setTokenLifetime(2 * 60'000, 30 * 86'400'000LL);
    auto [code, state] = authorise(QStringLiteral("http://127.0.0.1:9/cb"));
    QVERIFY(!code.isEmpty());
    Reply r = post(QStringLiteral("/api/integrations/aliexpress/token"),
                   {{QStringLiteral("code"), code}, {QStringLiteral("state"), state}});
    QVERIFY2(r.status == 200, r.raw.constData());
    const QByteArray first = m_ae->accessToken();
    m_ae->setTokenLifetime(86'400'000, 30 * 86'400'000LL);
    const qsizetype before = m_ae->methodsCalled().size();
    r = post(QStringLiteral("/api/aliexpress/lookup"),
             {{QStringLiteral("url_or_id"), QStringLiteral("1005001")},
              {QStringLiteral("country"), QStringLiteral("FR")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    const QStringList calls = m_ae->methodsCalled().mid(before);
    QCOMPARE(calls.value(0), QStringLiteral("auth.token.refresh"));
    QCOMPARE(calls.value(1), QStringLiteral("aliexpress.ds.product.get"));
    QVERIFY(m_ae->accessToken() != first);
    auto stored = m_t.backend->crew().integrations().aliexpressCredentials();
    QVERIFY(stored);
    QCOMPARE(stored->accessToken, m_ae->accessToken());
    QVERIFY(stored->accessExpiresMs - QDateTime::currentMSecsSinceEpoch() > 23 * 3'600'000LL);
    // With a day ahead of it, the hourly check leaves it alone.
    auto kept = m_t.backend->crew().aliexpress().keepFresh();
    QVERIFY(kept);
    QVERIFY(!*kept);
}

QString TestAeMapping::supplierStatus(qint64 orderId)
{
    const QJsonArray sos =
        call("GET", QStringLiteral("/api/orders/%1/supplier-orders").arg(orderId))
            .json.value(QStringLiteral("supplier_orders"))
            .toArray();
    return sos.isEmpty() ? QString()
                         : sos.first().toObject().value(QStringLiteral("status")).toString();
}

void TestAeMapping::mappingFromAProductUrl()
{
    // A lamp in the store, silver M and gold S, not mapped yet.
    Product p;
    p.shop = kShop;
    p.shopifyProductId = 777001;
    p.title = QStringLiteral("Desk lamp");
    p.variants = {Variant{0,
                          0,
                          kSilverM,
                          QStringLiteral("LAMP-SM"),
                          QStringLiteral("Silver / M"),
                          {4500, QStringLiteral("EUR")},
                          5},
                  Variant{0,
                          0,
                          kGoldS,
                          QStringLiteral("LAMP-GS"),
                          QStringLiteral("Gold / S"),
                          {4500, QStringLiteral("EUR")},
                          5}};
    QVERIFY(
        m_t.backend->store().writeAndWait<storage::UpsertOutcome>([&](storage::WriteContext &w) {
            return storage::CatalogRepository().upsertProduct(w, p);
        }));
    const qint64 silverM = variantId(kSilverM), goldS = variantId(kGoldS);
    QVERIFY(silverM > 0 && goldS > 0);
    const QString color = QStringLiteral("Color"), size = QStringLiteral("Size");
    m_ae->addProduct(kLampProduct, QStringLiteral("LED desk lamp"),
                     {{QStringLiteral("sku-gs"),
                       QStringLiteral("11.00"),
                       30,
                       QStringLiteral("EUR"),
                       {{color, QStringLiteral("Gold")}, {size, QStringLiteral("S")}}},
                      {QStringLiteral("sku-ss"),
                       QStringLiteral("11.50"),
                       30,
                       QStringLiteral("EUR"),
                       {{color, QStringLiteral("Silver")}, {size, QStringLiteral("S")}}},
                      {QStringLiteral("sku-sm"),
                       QStringLiteral("12.40"),
                       25,
                       QStringLiteral("EUR"),
                       {{color, QStringLiteral("Silver")}, {size, QStringLiteral("M")}}}},
                     QStringLiteral("Lumen Lights"));
    m_ae->setFreight(QStringLiteral("FR"),
                     {{QStringLiteral("CAINIAO_STANDARD"), QStringLiteral("2.90"), 8, 15},
                      {QStringLiteral("AE_ECONOMY"), QStringLiteral("1.20"), 15, 30}});
    m_ae->setFreight(QStringLiteral("BE"),
                     {{QStringLiteral("CAINIAO_STANDARD"), QStringLiteral("3.40"), 9, 16}});
    m_ae->setFreight(QStringLiteral("US"), {});

    // An order for the silver lamp arrives first: held, waiting on the mapping.
    const auto silverLine = [](QJsonObject &o) {
        QJsonArray lines = o.value(QStringLiteral("line_items")).toArray();
        QJsonObject l = lines.first().toObject();
        l.insert(QStringLiteral("product_id"), 777001);
        l.insert(QStringLiteral("variant_id"), kSilverM);
        l.insert(QStringLiteral("sku"), QStringLiteral("LAMP-SM"));
        l.insert(QStringLiteral("title"), QStringLiteral("Desk lamp"));
        lines[0] = l;
        o.insert(QStringLiteral("line_items"), lines);
    };
    const qint64 held = sendOrder(5001, QStringLiteral("45.00"), silverLine);
    QVERIFY(held > 0);
    QTRY_COMPARE_WITH_TIMEOUT(status(held), QStringLiteral("on_hold"), 30000);
    QCOMPARE(order(held).value(QStringLiteral("hold_reason")).toString(),
             QStringLiteral("unmapped_item"));

    // The bulk view: the unmapped variants, the one orders wait on first.
    Reply r = call("GET", QStringLiteral("/api/variants/unmapped"));
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("total")).toInt(), 2);
    QJsonArray unmapped = r.json.value(QStringLiteral("variants")).toArray();
    QCOMPARE(unmapped.size(), 2);
    QCOMPARE(unmapped[0][QStringLiteral("variant_id")].toInteger(), silverM);
    QCOMPARE(unmapped[0][QStringLiteral("pending_orders")].toInt(), 1);
    QCOMPARE(unmapped[0][QStringLiteral("title")].toString(), QStringLiteral("Silver / M"));
    QCOMPARE(unmapped[0][QStringLiteral("product_title")].toString(), QStringLiteral("Desk lamp"));
    QCOMPARE(unmapped[1][QStringLiteral("variant_id")].toInteger(), goldS);
    QCOMPARE(unmapped[1][QStringLiteral("pending_orders")].toInt(), 0);

    // The product page as the operator copies it from the browser.
    const QString page =
        QStringLiteral(
            "https://fr.aliexpress.com/item/%1.html?spm=a2g0o.detail&gatewayAdapt=glo2fra")
            .arg(kLampProduct);
    r = post(QStringLiteral("/api/aliexpress/lookup"),
             {{QStringLiteral("url_or_id"), page},
              {QStringLiteral("country"), QStringLiteral("FR,be,US")},
              {QStringLiteral("variant_id"), silverM}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("product_id")).toString(), kLampProduct);
    QCOMPARE(r.json.value(QStringLiteral("store_name")).toString(), QStringLiteral("Lumen Lights"));
    QCOMPARE(r.json.value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
    QCOMPARE(r.json.value(QStringLiteral("suggested_sku")).toString(), QStringLiteral("sku-sm"));
    const QJsonArray skus = r.json.value(QStringLiteral("skus")).toArray();
    QCOMPARE(skus.size(), 3);
    const QJsonObject sm = skus[2].toObject();
    QCOMPARE(sm.value(QStringLiteral("sku_id")).toString(), QStringLiteral("sku-sm"));
    QCOMPARE(sm.value(QStringLiteral("attributes_text")).toString(),
             QStringLiteral("Color: Silver; Size: M"));
    QCOMPARE(sm.value(QStringLiteral("cost_minor")).toInt(), 1240);
    QCOMPARE(sm.value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
    QCOMPARE(sm.value(QStringLiteral("stock")).toInt(), 25);
    const QJsonArray shipping = r.json.value(QStringLiteral("shipping")).toArray();
    QCOMPARE(shipping.size(), 3);
    QCOMPARE(shipping[0][QStringLiteral("country")].toString(), QStringLiteral("FR"));
    QCOMPARE(shipping[0][QStringLiteral("sku_id")].toString(), QStringLiteral("sku-sm"));
    const QJsonArray fr = shipping[0][QStringLiteral("options")].toArray();
    QCOMPARE(fr.size(), 2);
    QCOMPARE(fr[0][QStringLiteral("code")].toString(), QStringLiteral("AE_ECONOMY")); // cheapest
    QCOMPARE(fr[0][QStringLiteral("fee_minor")].toInt(), 120);
    QCOMPARE(fr[1][QStringLiteral("max_days")].toInt(), 15);
    QCOMPARE(shipping[1][QStringLiteral("country")].toString(), QStringLiteral("BE"));
    QCOMPARE(shipping[2][QStringLiteral("options")].toArray().size(), 0);
    QVERIFY(shipping[2][QStringLiteral("error")].toString().contains(
        QStringLiteral("DELIVERY_NOT_SUPPORTED")));
    // The same by id; without a country, where the orders went (FR).
    r = call(
        "GET",
        QStringLiteral("/api/aliexpress/products/%1?variant_id=%2").arg(kLampProduct).arg(goldS));
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("countries")).toArray(), QJsonArray{QStringLiteral("FR")});
    QCOMPARE(r.json.value(QStringLiteral("suggested_sku")).toString(), QStringLiteral("sku-gs"));

    // Refusals name the field.
    r = post(QStringLiteral("/api/aliexpress/lookup"),
             {{QStringLiteral("url_or_id"), QStringLiteral("https://example.com/item/1.html")}});
    QCOMPARE(problemField(r), QStringLiteral("product"));
    r = post(QStringLiteral("/api/aliexpress/lookup"),
             {{QStringLiteral("url_or_id"), QStringLiteral("1005009999999")}});
    QCOMPARE(problemField(r), QStringLiteral("product"));
    QVERIFY(r.json.value(QStringLiteral("detail"))
                .toString()
                .contains(QStringLiteral("PRODUCT_NOT_EXIST")));
    r = post(QStringLiteral("/api/aliexpress/lookup"),
             {{QStringLiteral("url_or_id"), kLampProduct},
              {QStringLiteral("country"), QStringLiteral("France")}});
    QCOMPARE(problemField(r), QStringLiteral("country"));
    r = post(QStringLiteral("/api/variants/%1/map").arg(silverM),
             {{QStringLiteral("product"), page},
              {QStringLiteral("sku_id"), QStringLiteral("sku-zz")},
              {QStringLiteral("country"), QStringLiteral("FR")}});
    QCOMPARE(problemField(r), QStringLiteral("sku_id"));
    r = post(
        QStringLiteral("/api/variants/%1/map").arg(silverM),
        {{QStringLiteral("product"), page}, {QStringLiteral("country"), QStringLiteral("US")}});
    QCOMPARE(problemField(r), QStringLiteral("country"));
    r = post(QStringLiteral("/api/variants/999999/map"), {{QStringLiteral("product"), page}});
    QCOMPARE(r.status, 404);

    // One call maps it: the suggested SKU, its cost and stock, the dearest of the cheapest
    // deliveries to the countries it reaches; the held order goes back into the flow.
    r = post(QStringLiteral("/api/variants/%1/map").arg(silverM),
             {{QStringLiteral("product"), page},
              {QStringLiteral("country"), QStringLiteral("FR,BE,US")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("sku_id")).toString(), QStringLiteral("sku-sm"));
    QCOMPARE(r.json.value(QStringLiteral("supplier_name")).toString(),
             QStringLiteral("Lumen Lights"));
    QCOMPARE(r.json[QStringLiteral("cost")][QStringLiteral("minor")].toInt(), 1240);
    QCOMPARE(r.json[QStringLiteral("shipping")][QStringLiteral("minor")].toInt(), 340);
    QCOMPARE(r.json.value(QStringLiteral("stock")).toInt(), 25);
    QCOMPARE(r.json.value(QStringLiteral("ships_to")).toArray(),
             (QJsonArray{QStringLiteral("FR"), QStringLiteral("BE")}));
    QCOMPARE(r.json.value(QStringLiteral("released_orders")).toArray(), QJsonArray{held});
    const qint64 supplier = r.json.value(QStringLiteral("supplier_id")).toInteger();
    r = call("GET", QStringLiteral("/api/variants/%1/offers").arg(silverM));
    QCOMPARE(r.json.value(QStringLiteral("offers")).toArray().size(), 1);
    QCOMPARE(r.json[QStringLiteral("offers")][0][QStringLiteral("supplier_sku_attr")].toString(),
             QStringLiteral("14:sku-sm#Silver;15:sku-sm#M"));

    // The held order is placed at AliExpress with the mapped product and SKU.
    QTRY_COMPARE_WITH_TIMEOUT(status(held), QStringLiteral("supplier_ordered"), 30000);
    QCOMPARE(supplierStatus(held), QStringLiteral("placed"));
    QCOMPARE(m_ae->orders().size(), 1);
    const QJsonObject item = m_ae->orders()
                                 .first()
                                 .request.value(QStringLiteral("product_items"))
                                 .toArray()
                                 .first()
                                 .toObject();
    QCOMPARE(item.value(QStringLiteral("product_id")).toString(), kLampProduct);
    // Named by its attribute string (taken at mapping), not by its sku_id.
    QCOMPARE(item.value(QStringLiteral("sku_attr")).toString(),
             QStringLiteral("14:sku-sm#Silver;15:sku-sm#M"));
    QCOMPARE(m_ae->orders().first().outOrderId, QStringLiteral("DC%1S%2").arg(held).arg(supplier));

    // No longer unmapped; the next order for it goes straight through.
    r = call("GET", QStringLiteral("/api/variants/unmapped"));
    QCOMPARE(r.json.value(QStringLiteral("total")).toInt(), 1);
    QCOMPARE(r.json[QStringLiteral("variants")][0][QStringLiteral("variant_id")].toInteger(),
             goldS);
    const qint64 next = sendOrder(5002, QStringLiteral("45.00"), silverLine);
    QVERIFY(next > 0);
    QTRY_COMPARE_WITH_TIMEOUT(status(next), QStringLiteral("supplier_ordered"), 30000);
    QCOMPARE(m_ae->orders().size(), 2);
    QCOMPARE(m_ae->badSignatures(), 0);

    // Mapped again (another SKU, the same store): the same supplier, a second offer.
    r = post(QStringLiteral("/api/variants/%1/map").arg(goldS),
             {{QStringLiteral("product"), kLampProduct},
              {QStringLiteral("country"), QStringLiteral("FR")},
              {QStringLiteral("shipping_code"), QStringLiteral("CAINIAO_STANDARD")}});
    QVERIFY2(r.status == 200, r.raw.constData());
    QCOMPARE(r.json.value(QStringLiteral("supplier_id")).toInteger(), supplier);
    QCOMPARE(r.json.value(QStringLiteral("sku_id")).toString(), QStringLiteral("sku-gs"));
    QCOMPARE(r.json[QStringLiteral("shipping")][QStringLiteral("minor")].toInt(), 290);
    QCOMPARE(r.json.value(QStringLiteral("released_orders")).toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestAeMapping)
#include "tst_aemapping.moc"
