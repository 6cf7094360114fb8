// SPDX-License-Identifier: GPL-3.0-or-later
#include "orderfixture.h"

#include "core/money.h"
#include "storage/catalogrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

namespace dc::test {

std::expected<void, QString> OrderFixture::setUp(int aeTimeoutSeconds, const QByteArray &shopifyIni)
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<ScratchDatabase>();
    if (!m_db->isValid())
        return std::unexpected(QStringLiteral("scratch database: ") + m_db->error());
    // The shipped workflows, as an installation has them.
    QDir().mkpath(m_dir->path() + QStringLiteral("/workflows"));
    const QDir shipped(qEnvironmentVariable("DROPCREW_SOURCE_DIR") + QStringLiteral("/workflows"));
    if (!shipped.exists(QStringLiteral("order_processing.yaml")))
        return std::unexpected(QStringLiteral("DROPCREW_SOURCE_DIR is not set"));
    for (const QString &f : shipped.entryList({QStringLiteral("*.yaml")}))
        if (!QFile::copy(shipped.filePath(f), m_dir->path() + QStringLiteral("/workflows/") + f))
            return std::unexpected(QStringLiteral("cannot copy ") + f);
    m_ae = std::make_unique<FakeAliExpress>(QStringLiteral("app-1"), "app-secret", "token-1");
    m_ae->addProduct(QStringLiteral("1005001"), QStringLiteral("Nano player"),
                     {{QStringLiteral("sku-a"), QStringLiteral("12.00"), 50}});
    m_ae->addProduct(QStringLiteral("1005002"), QStringLiteral("Nano player (backup)"),
                     {{QStringLiteral("sku-x"), QStringLiteral("13.00"), 30}});
    const QByteArray ini =
        "[limits]\nip_rate=0\nuser_rate=0\nsensitive_per_minute=0\n"
        "[shopify]\n" +
        shopifyIni + "[aliexpress]\ntimeout_seconds=" + QByteArray::number(aeTimeoutSeconds) +
        "\nurl=" + m_ae->url().toUtf8() + "\n[order_manager]\nmin_margin_percent=10\n";
    auto t = startTestBackend(m_dir->path(), ini,
                              backendUnderTest() == storage::Backend::Postgres ? m_db->urlString()
                                                                               : QString());
    if (!t)
        return std::unexpected(t.error());
    m_t = std::move(*t);
    m_t.backend->workflows().setAutomaticSchedules(false); // tracking_sync runs when told
    m_shopify = std::make_unique<FakeShopify>(kToken);
    const Reply shop = call(
        "PUT", QStringLiteral("/api/shops/") + kShop,
        QJsonDocument(QJsonObject{{QStringLiteral("webhook_secret"), QString::fromLatin1(kSecret)},
                                  {QStringLiteral("access_token"), QString::fromLatin1(kToken)},
                                  {QStringLiteral("admin_url"), m_shopify->adminUrl()},
                                  {QStringLiteral("currency"), QStringLiteral("EUR")}})
            .toJson());
    if (shop.status != 200)
        return std::unexpected(QStringLiteral("PUT shop: ") + QString::fromUtf8(shop.raw));
    const Reply ae = call(
        "PUT", QStringLiteral("/api/integrations/aliexpress"),
        QJsonDocument(QJsonObject{{QStringLiteral("app_key"), QStringLiteral("app-1")},
                                  {QStringLiteral("app_secret"), QStringLiteral("app-secret")},
                                  {QStringLiteral("access_token"), QStringLiteral("token-1")},
                                  {QStringLiteral("refresh_token"), QStringLiteral("refresh-1")}})
            .toJson());
    if (ae.status != 200)
        return std::unexpected(QStringLiteral("PUT aliexpress: ") + QString::fromUtf8(ae.raw));

    // The product as Shopify's products/create put it in the catalog.
    Product p;
    p.shop = kShop;
    p.shopifyProductId = 632910392;
    p.title = QStringLiteral("IPod Nano");
    p.variants = {Variant{0,
                          0,
                          808950810,
                          QStringLiteral("IPOD-1"),
                          QStringLiteral("Silver"),
                          {4000, QStringLiteral("EUR")},
                          5,
                          kInventoryItem}};
    if (!storeProduct(p))
        return std::unexpected(QStringLiteral("the product was not stored"));
    auto v = storage::CatalogRepository().findVariantByShopifyId(m_t.backend->store().reader(),
                                                                 808950810);
    if (!v || !v->has_value())
        return std::unexpected(QStringLiteral("the variant was not stored"));
    m_variant = (*v)->id;
    m_supplier = addSupplier(QStringLiteral("Ali Store 1"));
    if (m_supplier <= 0 ||
        !addOffer(m_supplier, QStringLiteral("1005001"), QStringLiteral("sku-a"), 1200, 0))
        return std::unexpected(QStringLiteral("the supplier or its offer was refused"));
    return {};
}

void OrderFixture::tearDown()
{
    m_t.backend.reset();
    m_shopify.reset();
    m_ae.reset();
    m_db.reset();
    m_dir.reset();
}

OrderFixture::Reply OrderFixture::call(const QByteArray &method, const QString &path,
                                       const QByteArray &body, security::Role role)
{
    return httpCall(m_nam, m_t.base, method, path, body, "application/json",
                    m_t.bearer.value(role));
}

bool OrderFixture::storeProduct(const Product &p)
{
    auto up = m_t.backend->store().writeAndWait<storage::UpsertOutcome>(
        [&](storage::WriteContext &w) { return storage::CatalogRepository().upsertProduct(w, p); });
    if (!up)
        qWarning() << "product refused:" << up.error().message;
    return up.has_value();
}

bool OrderFixture::storeProduct(qint64 shopifyProductId, const QString &title,
                                qint64 shopifyVariantId, const QString &sku,
                                const QString &variantTitle, qint64 priceMinor)
{
    Product p;
    p.shop = kShop;
    p.shopifyProductId = shopifyProductId;
    p.title = title;
    p.variants = {
        Variant{0, 0, shopifyVariantId, sku, variantTitle, {priceMinor, QStringLiteral("EUR")}, 5}};
    return storeProduct(p);
}

qint64 OrderFixture::addSupplier(const QString &name)
{
    const Reply r =
        call("POST", QStringLiteral("/api/suppliers"),
             QJsonDocument(QJsonObject{{QStringLiteral("name"), name},
                                       {QStringLiteral("platform"), QStringLiteral("aliexpress")}})
                 .toJson());
    if (r.status != 201)
        qWarning() << r.raw;
    return r.json.value(QStringLiteral("id")).toInteger();
}

bool OrderFixture::addOffer(qint64 supplier, const QString &productId, const QString &sku,
                            qint64 cost, int priority)
{
    const Reply r =
        call("PUT", QStringLiteral("/api/variants/%1/offers").arg(m_variant),
             QJsonDocument(QJsonObject{{QStringLiteral("supplier_id"), supplier},
                                       {QStringLiteral("supplier_product_id"), productId},
                                       {QStringLiteral("supplier_sku_id"), sku},
                                       {QStringLiteral("currency"), QStringLiteral("EUR")},
                                       {QStringLiteral("cost_minor"), cost},
                                       {QStringLiteral("shipping_minor"), 300},
                                       {QStringLiteral("stock"), 20},
                                       {QStringLiteral("ships_to"),
                                        QJsonArray{QStringLiteral("FR"), QStringLiteral("BE")}},
                                       {QStringLiteral("priority"), priority}})
                 .toJson());
    if (r.status != 200)
        qWarning() << "offer refused" << r.status << r.raw;
    return r.status == 200;
}

int OrderFixture::sendShopify(const QString &topic, const QJsonObject &body,
                              const QString &webhookId)
{
    const WebhookReply w =
        sendWebhook(m_nam, m_t.base, kShop, topic,
                    QJsonDocument(body).toJson(QJsonDocument::Compact), kSecret, webhookId);
    if (w.status != 200)
        qWarning() << "webhook" << topic << "answered" << w.status << w.body;
    return w.status;
}

qint64 OrderFixture::sendOrder(qint64 shopifyId, const QString &total,
                               const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject o = QJsonDocument::fromJson(orderPayload(shopifyId, QDateTime::currentDateTimeUtc(),
                                                         total, 77, QStringLiteral("Martin")))
                        .object();
    if (edit)
        edit(o);
    m_shopify->addOrder(shopifyId, QDateTime::currentDateTimeUtc(),
                        parseDecimalMoney(total, QStringLiteral("EUR")).value_or(Money{}).minor);
    if (sendShopify(QStringLiteral("orders/create"), o, QStringLiteral("wh-%1").arg(shopifyId)) !=
        200)
        return 0;
    qint64 id = 0;
    // 0 tells the caller the order never showed up (its QVERIFY fails).
    (void)QTest::qWaitFor(
        [&] {
            const QJsonArray orders = call("GET", QStringLiteral("/api/orders?limit=50"))
                                          .json.value(QStringLiteral("orders"))
                                          .toArray();
            for (const QJsonValue &v : orders)
                if (v.toObject().value(QStringLiteral("name")).toString() ==
                    o.value(QStringLiteral("name")).toString())
                    id = v.toObject().value(QStringLiteral("id")).toInteger();
            return id > 0;
        },
        10000);
    return id;
}

QJsonObject OrderFixture::runFor(const QString &workflow, const QString &key)
{
    const QJsonArray runs = call("GET", QStringLiteral("/api/workflows/%1/runs").arg(workflow))
                                .json.value(QStringLiteral("runs"))
                                .toArray();
    for (const QJsonValue &r : runs)
        if (r.toObject().value(QStringLiteral("key")).toString() == key)
            return call("GET", QStringLiteral("/api/runs/%1")
                                   .arg(r.toObject().value(QStringLiteral("id")).toInteger()))
                .json;
    return {};
}

QJsonObject OrderFixture::step(const QJsonObject &run, const QString &name)
{
    for (const QJsonValue &s : run.value(QStringLiteral("steps")).toArray())
        if (s.toObject().value(QStringLiteral("name")).toString() == name)
            return s.toObject();
    return {};
}

int OrderFixture::events(const QString &topic)
{
    return int(call("GET", QStringLiteral("/api/events?limit=500&topic=") + topic)
                   .json.value(QStringLiteral("events"))
                   .toArray()
                   .size());
}

QJsonObject OrderFixture::lastEvent(const QString &topic)
{
    const QJsonArray all = call("GET", QStringLiteral("/api/events?limit=500&topic=") + topic)
                               .json.value(QStringLiteral("events"))
                               .toArray();
    QJsonObject newest;
    for (const QJsonValue &v : all)
        if (newest.isEmpty() || v.toObject().value(QStringLiteral("id")).toInteger() >
                                    newest.value(QStringLiteral("id")).toInteger())
            newest = v.toObject();
    return newest.value(QStringLiteral("data")).toObject();
}

} // namespace dc::test
