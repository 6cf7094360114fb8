// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Shopify GraphQL Admin API client. Calls block the calling thread (agent actions run on
// task worker threads) with a local event loop. It honours the cost-based throttle
// (extensions.cost.throttleStatus: it waits before a call that would exceed what is available,
// and after a THROTTLED answer), 429 with Retry-After, and retries 5xx and timeouts with
// exponential backoff. Revoked tokens and missing scopes are errors of their own kind, shown
// as the shop's connection health.
#include "core/error.h"
#include "core/money.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <expected>
#include <functional>

namespace dc::shopify {

struct ShopConnection
{
    QString domain;     // "acme.myshopify.com"
    QString apiVersion; // "2024-07"
    QString adminUrl;   // empty: https://<domain>/admin/api/<version>/graphql.json
    QByteArray accessToken;
    QString endpoint() const;
};

struct ApiError
{
    enum class Kind {
        Network,      // unreachable, timed out (after retries)
        Throttled,    // still throttled after retries
        Unauthorized, // 401: the token is invalid or was revoked (app uninstalled)
        Forbidden,    // 403 / ACCESS_DENIED: a missing scope
        NotFound,     // 404: no such shop, API version or object
        UserError,    // the mutation's userErrors
        Server,       // 5xx after retries
        Invalid,      // GraphQL errors, malformed answers
        Stopped,      // given up: the task was asked to stop (as a lost answer)
    };
    Kind kind = Kind::Invalid;
    QString message;
    int httpStatus = 0;
    QString kindName() const;
    // The backend's error (core/error.h), with the codes agents and clients see:
    // SHOPIFY_UNAVAILABLE (retry), SHOPIFY_AUTH, SHOPIFY_ERROR.
    dc::Error toError() const;
};

struct Tracking
{
    QString company;
    QString number;
    QString url;
};

// A page of a connection (orders, products).
struct OrdersPage
{
    QJsonArray nodes;
    bool hasNextPage = false;
    QString endCursor;
};

// A webhook subscription of the app, as Shopify has it.
struct WebhookSubscription
{
    QString id;          // gid://shopify/WebhookSubscription/...
    QString topic;       // GraphQL's enum: ORDERS_CREATE
    QString callbackUrl; // empty for EventBridge or Pub/Sub endpoints
};

class ShopifyClient
{
public:
    struct Options
    {
        int maxAttempts = 5;
        int timeoutMs = 15000;
        int backoffMs = 500;   // first retry delay; doubled each time, with jitter
        int maxWaitMs = 60000; // never wait longer than this for the throttle or Retry-After
        // Waiting (tests pass one that records instead of sleeping long).
        std::function<void(int ms)> sleep;
    };
    ShopifyClient();
    explicit ShopifyClient(Options options);

    // One GraphQL call with throttling and retries; the "data" object or the error.
    std::expected<QJsonObject, ApiError> call(const ShopConnection &shop, const QString &query,
                                              const QJsonObject &variables = {},
                                              int estimatedCost = 10);

    std::expected<QJsonObject, ApiError> order(const ShopConnection &shop, qint64 orderId);
    // Fulfils every open fulfillment order of the order with one tracking number. An order
    // whose fulfillment orders are all closed answers {"alreadyFulfilled": true}.
    std::expected<QJsonObject, ApiError> createFulfillment(const ShopConnection &shop,
                                                           qint64 orderId, const Tracking &t,
                                                           bool notifyCustomer);
    std::expected<QJsonObject, ApiError> updateTracking(const ShopConnection &shop,
                                                        const QString &fulfillmentGid,
                                                        const Tracking &t, bool notifyCustomer);
    std::expected<QJsonObject, ApiError> setVariantPrice(const ShopConnection &shop,
                                                         qint64 productId, qint64 variantId,
                                                         const Money &price);
    std::expected<QJsonObject, ApiError> setInventory(const ShopConnection &shop,
                                                      qint64 inventoryItemId, qint64 locationId,
                                                      int quantity, const QString &reason);
    // The shop's primary location id: `location` without an id names it (Shop's
    // primaryLocation fields are deprecated since 2024-04).
    std::expected<qint64, ApiError> primaryLocation(const ShopConnection &shop);
    // Title and/or description (HTML); an empty string leaves that field alone.
    std::expected<QJsonObject, ApiError> updateProduct(const ShopConnection &shop, qint64 productId,
                                                       const QString &title,
                                                       const QString &descriptionHtml);
    // A refund of `amount` on the order's first successful transaction (no restock), made
    // once per `key`: its note carries the key, and a refund of the order whose note has it
    // already is the answer (a retry after an answer that was lost pays nothing twice).
    std::expected<QJsonObject, ApiError> refund(const ShopConnection &shop, qint64 orderId,
                                                const Money &amount, const QString &note,
                                                bool notifyCustomer, const QString &key);
    // Orders updated after `since`, oldest update first; cursor from the previous page.
    std::expected<OrdersPage, ApiError>
    ordersUpdatedSince(const ShopConnection &shop, const QDateTime &since, const QString &cursor);
    // Orders matching Shopify's search syntax ("status:open created_at:>='...'"), in sortKey's
    // order (UPDATED_AT, CREATED_AT); cursor from the previous page. Pages stay under Shopify's
    // single-query cost limit (1,000 points): an order with more line items than a page reads is
    // read again on its own.
    std::expected<OrdersPage, ApiError> ordersMatching(const ShopConnection &shop,
                                                       const QString &search,
                                                       const QString &sortKey,
                                                       const QString &cursor);

    // The GraphQL selection of an order that orderFromGraphQL() reads (its first `lineItems`
    // line items, and whether there are more).
    static QString orderFields(int lineItems = 100);
    // The search for what changed after `since`: "updated_at:>'2026-01-02T03:04:05Z'".
    static QString updatedAfter(const QDateTime &since);

    // Connecting a shop (shopify/shopconnect.cpp).
    // The scopes the token was granted (currentAppInstallation.accessScopes).
    std::expected<QStringList, ApiError> grantedScopes(const ShopConnection &shop);
    // Every webhook subscription of the app in the shop.
    std::expected<QList<WebhookSubscription>, ApiError>
    webhookSubscriptions(const ShopConnection &shop);
    std::expected<WebhookSubscription, ApiError>
    createWebhookSubscription(const ShopConnection &shop, const QString &graphqlTopic,
                              const QString &callbackUrl);
    std::expected<WebhookSubscription, ApiError>
    updateWebhookSubscription(const ShopConnection &shop, const QString &id,
                              const QString &callbackUrl);
    std::expected<void, ApiError> deleteWebhookSubscription(const ShopConnection &shop,
                                                            const QString &id);

private:
    struct Throttle
    {
        double available = -1; // unknown until the first answer
        double maximum = 1000;
        double restoreRate = 50; // points per second
        qint64 atMs = 0;
    };
    void waitForBudget(const QString &shop, int cost);
    void recordThrottle(const QString &shop, const QJsonObject &status);
    void sleep(int ms);

    Options m_options;
    QMutex m_lock;
    QHash<QString, Throttle> m_throttle;
};

} // namespace dc::shopify
