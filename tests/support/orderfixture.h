// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the order tests share: a backend with the shipped workflows, a fake Shopify shop
// (lumen.myshopify.com) and a fake AliExpress, the IPod Nano variant (Shopify 808950810, inventory
// item 39072856) in the catalog with one AliExpress offer, and the calls the tests make against
// it.
#include "fakealiexpress.h"
#include "fakeshopify.h"
#include "http.h"
#include "testbackend.h"
#include "testdb.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace dc::test {

class OrderFixture
{
public:
    static inline const QString kShop = QStringLiteral("lumen.myshopify.com");
    static inline const QByteArray kSecret = "shpss_order_secret";
    static inline const QByteArray kToken = "shpat_order_token";
    static constexpr qint64 kInventoryItem = 39072856; // the variant's Shopify inventory item

    // Everything above, afresh; an error says what failed. AliExpress's answers are awaited
    // aeTimeoutSeconds. shopifyIni: the [shopify] settings (no background pulls by default).
    std::expected<void, QString> setUp(int aeTimeoutSeconds = 1,
                                       const QByteArray &shopifyIni = "reconcile_minutes=0\n"
                                                                      "poll_seconds=0\n");
    void tearDown();

    using Reply = HttpReply;
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {},
               security::Role role = security::Role::Admin);
    qint64 addSupplier(const QString &name);
    // A product as Shopify's products/create puts it in the catalog; false when refused.
    bool storeProduct(const Product &p);
    // A product of the shop with one variant (no offer).
    bool storeProduct(qint64 shopifyProductId, const QString &title, qint64 shopifyVariantId,
                      const QString &sku, const QString &variantTitle, qint64 priceMinor);
    // An offer of the variant; false (with a warning) when refused.
    bool addOffer(qint64 supplier, const QString &productId, const QString &sku, qint64 cost,
                  int priority);
    // Shopify's order `shopifyId` (orderPayload(), updated now, edited by `edit`) sent as
    // orders/create; our order id once it is stored, 0 when it never shows up.
    qint64 sendOrder(qint64 shopifyId, const QString &total,
                     const std::function<void(QJsonObject &)> &edit = {});
    // Any webhook of the shop, signed; its HTTP status.
    int sendShopify(const QString &topic, const QJsonObject &body, const QString &webhookId);
    QJsonObject runFor(const QString &workflow, const QString &key);
    QJsonObject order(qint64 id)
    {
        return call("GET", QStringLiteral("/api/orders/%1").arg(id)).json;
    }
    QString status(qint64 id) { return order(id).value(QStringLiteral("status")).toString(); }
    int events(const QString &topic);
    // The newest event of the topic (its data), empty when there is none.
    QJsonObject lastEvent(const QString &topic);
    static QJsonObject step(const QJsonObject &run, const QString &name);

protected:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScratchDatabase> m_db;
    TestBackend m_t;
    QNetworkAccessManager m_nam;
    std::unique_ptr<FakeShopify> m_shopify;
    std::unique_ptr<FakeAliExpress> m_ae;
    qint64 m_variant = 0;
    qint64 m_supplier = 0;
};

} // namespace dc::test
