// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A local HTTP server that plays Shopify's GraphQL Admin API (orders, fulfillment orders,
// fulfillments, the cost-based throttle with its extensions, 429s and errors on demand, every
// call recorded), and a sender that signs webhooks the way Shopify does.
#include <QDateTime>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QTcpServer>

#include <deque>
#include <optional>

namespace dc::test {

class FakeShopify : public QObject
{
    Q_OBJECT
public:
    struct Call
    {
        QString query;
        QJsonObject variables;
        QByteArray token;
        qint64 atMs = 0;
        int status = 200;
        bool throttled = false;
    };
    struct Forced
    {
        int status = 200;         // 429, 500, 401...
        QByteArray retryAfter;    // for 429
        QString graphqlErrorCode; // "THROTTLED", "ACCESS_DENIED" (with status 200)
        // Non-empty: this answer waits for a call whose query holds this text (others pass),
        // which is carried out first: an answer lost after Shopify did the work.
        QString afterDoing;
    };

    explicit FakeShopify(QByteArray token, QObject *parent = nullptr);
    quint16 port() const { return m_port; }
    QString adminUrl() const; // what a shop's admin_url is set to

    // The throttle bucket: every call costs `cost` points.
    void setThrottle(double maximum, double restoreRate, int cost);
    // The next calls get these answers, in order.
    void force(const Forced &f);
    void setToken(const QByteArray &token) { m_token = token; }

    // An order (GraphQL node shape) with one open fulfillment order.
    void addOrder(qint64 id, const QDateTime &updatedAt, qint64 totalMinor,
                  const QString &currency = QStringLiteral("EUR"));
    QList<Call> calls() const;
    int throttledAnswers() const;
    QJsonArray fulfillments() const
    {
        QMutexLocker l(&m_lock);
        return m_fulfillments;
    }
    QJsonArray priceUpdates() const
    {
        QMutexLocker l(&m_lock);
        return m_priceUpdates;
    }
    QJsonArray refunds() const
    {
        QMutexLocker l(&m_lock);
        return m_refunds;
    }
    QJsonArray productUpdates() const
    {
        QMutexLocker l(&m_lock);
        return m_productUpdates;
    }
    // inventorySetQuantities inputs, in order.
    QJsonArray inventorySets() const
    {
        QMutexLocker l(&m_lock);
        return m_inventorySets;
    }
    // The available quantity last set for the item at the location; -1 when never set.
    int available(qint64 inventoryItemId, qint64 locationId) const;
    // What `location` (no id: the shop's primary location) answers; 0 answers null.
    void setPrimaryLocation(qint64 id)
    {
        QMutexLocker l(&m_lock);
        m_primaryLocation = id;
    }

    // The catalog (fakeshopifycatalog.cpp): `products` generated products with `variants`
    // variants and `images` images each, served through products pages (cursors, a product's
    // further variants and images asked for apart, a requested cost that grows with the page
    // sizes as Shopify's does), productsCount, and bulk operations (bulkOperationRunQuery,
    // currentBulkOperation, node(id:), bulkOperationCancel) whose JSONL the fake serves over HTTP,
    // children after every product as ungrouped output has them.
    void setCatalog(int products, int variants, int images, const QDateTime &updatedAt);
    // One product with other numbers of variants and images (more than a page holds).
    void setProductShape(int index, int variants, int images);
    static qint64 catalogProductId(int index) { return 7'000'000'000LL + index; }
    static qint64 catalogVariantId(int index, int variant)
    {
        return 8'000'000'000LL + index * 1000LL + variant;
    }
    static qint64 catalogInventoryItemId(int index, int variant)
    {
        return 9'000'000'000LL + index * 1000LL + variant;
    }
    static qint64 catalogPriceMinor(int index, int variant)
    {
        return 1000 + (index * 7 + variant * 100) % 9000;
    }
    // The next products page is answered THROTTLED: the bucket was spent (by another app).
    void throttleNextProductsPage();
    int maxRequestedCost() const;
    int bulkOperationsStarted() const;
    // addOrder()'s order as created then, with that displayFulfillmentStatus.
    void setOrderCreated(qint64 id, const QDateTime &createdAt, const QString &fulfillmentStatus);

    // Connecting a shop (tst_shopconnect): the app's granted scopes (currentAppInstallation)
    // and its webhook subscriptions (webhookSubscriptions, webhookSubscriptionCreate/Update/
    // Delete). Polling reads orders and the catalog above with an updated_at filter.
    // Default: the scopes a custom app with DropCrew's list has (read and write listed apart).
    void setScopes(const QStringList &handles);
    // A subscription made outside DropCrew (topic as GraphQL names it: ORDERS_CREATE); its id.
    QString addSubscription(const QString &graphqlTopic, const QString &callbackUrl);
    void removeSubscription(const QString &id);
    void setSubscriptionUrl(const QString &id, const QString &callbackUrl);
    // [{id, topic, callbackUrl}] in creation order.
    QJsonArray subscriptions() const;
    // addOrder() with its one line item on this product and variant, shipped to France.
    void addOrderOf(qint64 id, const QDateTime &updatedAt, qint64 totalMinor, qint64 productId,
                    qint64 variantId, const QString &sku);

private:
    struct CatalogState
    {
        int products = 0, variants = 1, images = 1;
        QDateTime updatedAt;
        QHash<int, std::pair<int, int>> shapes; // index -> variants, images
        bool throttleNext = false;
        int maxRequested = 0;
        struct Bulk
        {
            QString id;
            QString status;
            QString query;
            int polls = 0;
        };
        QList<Bulk> bulk;
        QHash<int, QByteArray> files; // bulk operation number -> JSONL
    };
    // The catalog's answers; nullopt for any other query.
    std::optional<QJsonObject> dispatchCatalog(const QString &query, const QJsonObject &vars);
    // What a call is charged: catalog queries by their sizes, the rest m_cost.
    int chargeFor(const QString &query, const QJsonObject &vars);
    QJsonObject catalogProduct(int index) const;
    QJsonArray catalogChildren(int index, bool variants, int from, int count) const;
    QJsonObject bulkOperationJson(const CatalogState::Bulk &op) const;
    QByteArray bulkJsonl() const;
    QJsonObject importOrders(const QString &search) const;
    CatalogState m_catalog;

    // Connecting a shop's queries (setScopes() and the rest above); nullopt for the others.
    std::optional<QJsonObject> dispatchConnect(const QString &query, const QJsonObject &vars);
    QStringList m_scopes;
    QList<QJsonObject> m_subscriptions; // {id, topic, callbackUrl}
    int m_nextSubscription = 1;

    QHttpServerResponse answer(const QHttpServerRequest &req);
    QJsonObject dispatch(const QString &query, const QJsonObject &vars);
    QHttpServer m_http;
    quint16 m_port = 0;
    QByteArray m_token;
    mutable QMutex m_lock;
    QList<Call> m_calls;
    std::deque<Forced> m_forced;
    double m_max = 1000, m_available = 1000, m_restore = 50;
    int m_cost = 10;
    qint64 m_lastMs = 0;
    QMap<qint64, QJsonObject> m_orders;
    QJsonArray m_fulfillments;
    QJsonArray m_productUpdates;
    QJsonArray m_refunds;
    QJsonArray m_priceUpdates;
    QJsonArray m_inventorySets;
    QHash<QString, int> m_inventory; // "InventoryItem gid|Location gid" -> quantity
    qint64 m_primaryLocation = 61'000'000'001;
    QSet<QString> m_closed; // fulfillment orders already fulfilled
};

// Signs and posts webhooks as Shopify does (X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the
// raw body). Blocking, for tests: the event loop runs while waiting.
struct WebhookReply
{
    int status = 0;
    QByteArray body;
};
// The same delivery without waiting: the caller owns the reply.
// triggeredAt: X-Shopify-Triggered-At (now when invalid; a string "-" leaves it out).
QNetworkReply *postWebhook(QNetworkAccessManager &nam, const QString &base, const QString &shop,
                           const QString &topic, const QByteArray &body, const QByteArray &secret,
                           const QString &webhookId, const QString &eventId = {},
                           const QByteArray &triggeredAt = {});
WebhookReply sendWebhook(QNetworkAccessManager &nam, const QString &base, const QString &shop,
                         const QString &topic, const QByteArray &body, const QByteArray &secret,
                         const QString &webhookId, const QString &eventId = {},
                         const QByteArray &triggeredAt = {});
QByteArray shopifySignature(const QByteArray &secret, const QByteArray &body);

// A Shopify-shaped order payload (REST webhook format).
QByteArray orderPayload(qint64 id, const QDateTime &updatedAt, const QString &total,
                        qint64 customerId = 0, const QString &lastName = QStringLiteral("Durand"));

} // namespace dc::test
