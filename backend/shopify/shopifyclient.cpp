// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/shopifyclient.h"

#include "core/logging.h"
#include "shopify/shopifyjson.h"

#include "core/blockinghttp.h"
#include <QDateTime>

#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

#include <optional>

namespace dc::shopify {

namespace {
// The largest Admin API answer read: a page of 50 orders with up to 100 line items each is well
// under it.
constexpr qint64 kMaxAnswerBytes = 8 * 1024 * 1024;
} // namespace

QString ShopConnection::endpoint() const
{
    if (!adminUrl.isEmpty())
        return adminUrl;
    return QStringLiteral("https://%1/admin/api/%2/graphql.json").arg(domain, apiVersion);
}

QString ApiError::kindName() const
{
    switch (kind) {
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Throttled:
        return QStringLiteral("throttled");
    case Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::UserError:
        return QStringLiteral("user_error");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Invalid:
        return QStringLiteral("invalid");
    case Kind::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

dc::Error ApiError::toError() const
{
    using K = dc::Error::Kind;
    switch (kind) {
    case Kind::Network:
    case Kind::Server:
    case Kind::Stopped:
        return {K::Unavailable, message, QStringLiteral("SHOPIFY_UNAVAILABLE"), {}};
    case Kind::Throttled:
        return {K::Busy, message, QStringLiteral("SHOPIFY_UNAVAILABLE"), {}};
    case Kind::Unauthorized:
    case Kind::Forbidden:
        return {K::Upstream, message, QStringLiteral("SHOPIFY_AUTH"), {}};
    default:
        return {kind == Kind::NotFound ? K::NotFound : K::Upstream,
                kindName() + QStringLiteral(": ") + message,
                QStringLiteral("SHOPIFY_ERROR"),
                {}};
    }
}

ShopifyClient::ShopifyClient()
    : ShopifyClient(Options{})
{}

ShopifyClient::ShopifyClient(Options options)
    : m_options(std::move(options))
{}

void ShopifyClient::sleep(int ms)
{
    ms = std::clamp(ms, 0, m_options.maxWaitMs);
    if (ms == 0)
        return;
    if (m_options.sleep)
        m_options.sleep(ms);
    else
        pauseUnlessStopped(ms); // the next loop of call() then gives up
}

void ShopifyClient::waitForBudget(const QString &shop, int cost)
{
    int waitMs = 0;
    {
        QMutexLocker lock(&m_lock);
        const Throttle t = m_throttle.value(shop);
        if (t.available < 0)
            return;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const double available =
            std::min(t.maximum, t.available + t.restoreRate * double(now - t.atMs) / 1000.0);
        if (available < cost && t.restoreRate > 0)
            waitMs = int(std::ceil((cost - available) / t.restoreRate * 1000.0));
    }
    if (waitMs > 0) {
        qCInfo(lcShopify).noquote() << shop << "throttle budget low: waiting" << waitMs << "ms";
        sleep(waitMs);
    }
}

void ShopifyClient::recordThrottle(const QString &shop, const QJsonObject &status)
{
    if (status.isEmpty())
        return;
    QMutexLocker lock(&m_lock);
    Throttle &t = m_throttle[shop];
    t.maximum = status.value(QStringLiteral("maximumAvailable")).toDouble(t.maximum);
    t.available = status.value(QStringLiteral("currentlyAvailable")).toDouble(0);
    t.restoreRate = status.value(QStringLiteral("restoreRate")).toDouble(t.restoreRate);
    t.atMs = QDateTime::currentMSecsSinceEpoch();
}

std::expected<QJsonObject, ApiError> ShopifyClient::call(const ShopConnection &shop,
                                                         const QString &query,
                                                         const QJsonObject &variables,
                                                         int estimatedCost)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("query"), query},
                                                      {QStringLiteral("variables"), variables}})
                                .toJson(QJsonDocument::Compact);
    ApiError last{ApiError::Kind::Network, QStringLiteral("not attempted"), 0};
    const bool mutation = QStringView(query).trimmed().startsWith(QLatin1String("mutation"));
    int backoff = m_options.backoffMs;
    for (int attempt = 1; attempt <= m_options.maxAttempts; ++attempt) {
        waitForBudget(shop.domain, estimatedCost);
        if (stopRequested()) // the task was asked to stop: not tried (again)
            return std::unexpected(ApiError{
                ApiError::Kind::Stopped,
                attempt == 1 ? QStringLiteral("not sent: the task was asked to stop")
                             : QStringLiteral("stopped before trying again: ") + last.message,
                last.httpStatus});
        QNetworkRequest req{QUrl(shop.endpoint())};
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        req.setRawHeader("X-Shopify-Access-Token", shop.accessToken);
        req.setTransferTimeout(m_options.timeoutMs);
        // Calls come from task worker threads: the helper keeps a manager per thread. A mutation
        // runs to its answer or its timeout even when its task is asked to stop (its outcome
        // stays known); it is only not tried again.
        std::optional<StopScope> shielded;
        if (mutation)
            shielded.emplace(nullptr);
        const BlockingReply reply = blockingPost(req, body, kMaxAnswerBytes);
        shielded.reset();
        if (reply.stopped)
            return std::unexpected(ApiError{ApiError::Kind::Stopped, reply.errorString, 0});
        const int status = reply.status;
        if (reply.tooLarge) // the same answer would come again: not retried
            return std::unexpected(ApiError{
                ApiError::Kind::Invalid,
                QStringLiteral("Shopify's answer is larger than %1 MiB").arg(kMaxAnswerBytes >> 20),
                status});
        const QByteArray &answer = reply.body;
        const QByteArray retryAfter = reply.header("Retry-After");
        const QNetworkReply::NetworkError netError = reply.error;
        const QString &netMessage = reply.errorString;

        const auto jitter = [&backoff] {
            const int ms = backoff + int(QRandomGenerator::global()->bounded(backoff / 2 + 1));
            backoff *= 2;
            return ms;
        };
        if (status == 0) { // no HTTP answer: network error or timeout
            last = {ApiError::Kind::Network, netMessage, 0};
            qCWarning(lcShopify).noquote() << shop.domain << "attempt" << attempt << netMessage;
            // A mutation may have been carried out: not sent again blindly. The caller's
            // retry reads first (a refund looks for its key, a fulfilment for its order).
            if (mutation)
                return std::unexpected(last);
            sleep(jitter());
            continue;
        }
        if (status == 401)
            return std::unexpected(ApiError{ApiError::Kind::Unauthorized,
                                            QStringLiteral("the access token is invalid or was "
                                                           "revoked (is the app still installed?)"),
                                            status});
        if (status == 403)
            return std::unexpected(ApiError{ApiError::Kind::Forbidden,
                                            QStringLiteral("access denied: the app lacks a scope "
                                                           "this call needs"),
                                            status});
        if (status == 404)
            return std::unexpected(ApiError{
                ApiError::Kind::NotFound,
                QStringLiteral("no Admin API at %1 (shop or API version)").arg(shop.endpoint()),
                status});
        if (status == 429) {
            bool ok = false;
            const double secs = retryAfter.toDouble(&ok);
            const int ms = ok ? int(secs * 1000) : jitter();
            last = {ApiError::Kind::Throttled, QStringLiteral("429 Too Many Requests"), status};
            qCInfo(lcShopify).noquote() << shop.domain << "429: retrying in" << ms << "ms";
            sleep(ms);
            continue;
        }
        if (status >= 500) {
            last = {ApiError::Kind::Server, QStringLiteral("Shopify answered %1").arg(status),
                    status};
            if (mutation) // as above: it may have been carried out
                return std::unexpected(last);
            sleep(jitter());
            continue;
        }
        if (status != 200 || netError != QNetworkReply::NoError)
            return std::unexpected(ApiError{ApiError::Kind::Invalid,
                                            QStringLiteral("unexpected answer %1").arg(status),
                                            status});
        QJsonParseError perr;
        const QJsonObject doc = QJsonDocument::fromJson(answer, &perr).object();
        if (perr.error != QJsonParseError::NoError)
            return std::unexpected(ApiError{ApiError::Kind::Invalid,
                                            QStringLiteral("malformed JSON from Shopify"), status});
        const QJsonObject cost = doc.value(QStringLiteral("extensions"))
                                     .toObject()
                                     .value(QStringLiteral("cost"))
                                     .toObject();
        recordThrottle(shop.domain, cost.value(QStringLiteral("throttleStatus")).toObject());
        const QJsonArray errors = doc.value(QStringLiteral("errors")).toArray();
        if (!errors.isEmpty()) {
            const QJsonObject first = errors.first().toObject();
            const QString code = first.value(QStringLiteral("extensions"))
                                     .toObject()
                                     .value(QStringLiteral("code"))
                                     .toString();
            const QString message = first.value(QStringLiteral("message")).toString().left(500);
            if (code == QLatin1String("THROTTLED")) {
                last = {ApiError::Kind::Throttled, message, status};
                const int needed =
                    int(cost.value(QStringLiteral("requestedQueryCost")).toDouble(estimatedCost));
                waitForBudget(shop.domain, std::max(needed, estimatedCost));
                continue;
            }
            if (code == QLatin1String("ACCESS_DENIED"))
                return std::unexpected(ApiError{ApiError::Kind::Forbidden,
                                                QStringLiteral("missing scope: ") + message,
                                                status});
            return std::unexpected(ApiError{ApiError::Kind::Invalid, message, status});
        }
        return doc.value(QStringLiteral("data")).toObject();
    }
    return std::unexpected(last);
}

namespace {

// The mutation's payload, or its userErrors as an error.
std::expected<QJsonObject, ApiError> payload(const std::expected<QJsonObject, ApiError> &data,
                                             const char *field)
{
    if (!data)
        return std::unexpected(data.error());
    const QJsonObject p = data->value(QLatin1String(field)).toObject();
    const QJsonArray userErrors = p.value(QStringLiteral("userErrors")).toArray();
    if (!userErrors.isEmpty()) {
        QStringList messages;
        for (const QJsonValue &e : userErrors)
            messages << e.toObject().value(QStringLiteral("message")).toString();
        return std::unexpected(
            ApiError{ApiError::Kind::UserError, messages.join(QStringLiteral("; ")), 200});
    }
    return p;
}

QJsonObject trackingInput(const Tracking &t)
{
    QJsonObject o{{QStringLiteral("number"), t.number}};
    if (!t.company.isEmpty())
        o.insert(QStringLiteral("company"), t.company);
    if (!t.url.isEmpty())
        o.insert(QStringLiteral("url"), t.url);
    return o;
}

QString decimal(const Money &m)
{
    const int exp = currencyExponent(m.currency);
    qint64 div = 1;
    for (int i = 0; i < exp; ++i)
        div *= 10;
    const qint64 whole = std::abs(m.minor) / div;
    const qint64 frac = std::abs(m.minor) % div;
    QString s = (m.minor < 0 ? QStringLiteral("-") : QString()) + QString::number(whole);
    if (exp > 0)
        s += QLatin1Char('.') + QStringLiteral("%1").arg(frac, exp, 10, QLatin1Char('0'));
    return s;
}

} // namespace

QString ShopifyClient::orderFields(int lineItems)
{
    return QStringLiteral(
               "id name createdAt updatedAt cancelledAt currencyCode displayFinancialStatus "
               "displayFulfillmentStatus "
               "subtotalPriceSet { shopMoney { amount currencyCode } } "
               "totalPriceSet { shopMoney { amount currencyCode } } "
               "totalTaxSet { shopMoney { amount currencyCode } } "
               "totalShippingPriceSet { shopMoney { amount currencyCode } } "
               "customer { id firstName lastName email phone } "
               "shippingAddress { name firstName lastName address1 address2 city province zip "
               "countryCodeV2 phone } "
               "lineItems(first: %1) { pageInfo { hasNextPage } nodes { id title sku quantity "
               "currentQuantity product { id } variant { id } "
               "originalUnitPriceSet { shopMoney { amount currencyCode } } "
               "totalDiscountSet { shopMoney { amount currencyCode } } } }")
        .arg(lineItems);
}

std::expected<QJsonObject, ApiError> ShopifyClient::order(const ShopConnection &shop,
                                                          qint64 orderId)
{
    auto data = call(shop,
                     QStringLiteral("query($id: ID!) { order(id: $id) { ") + orderFields() +
                         QStringLiteral(" } }"),
                     {{QStringLiteral("id"), gid("Order", orderId)}}, 20);
    if (!data)
        return std::unexpected(data.error());
    const QJsonObject o = data->value(QStringLiteral("order")).toObject();
    if (o.isEmpty())
        return std::unexpected(
            ApiError{ApiError::Kind::NotFound,
                     QStringLiteral("no order %1 in %2").arg(orderId).arg(shop.domain), 200});
    return o;
}

std::expected<QJsonObject, ApiError> ShopifyClient::createFulfillment(const ShopConnection &shop,
                                                                      qint64 orderId,
                                                                      const Tracking &t,
                                                                      bool notifyCustomer)
{
    auto data = call(shop,
                     QStringLiteral("query($id: ID!) { order(id: $id) { fulfillmentOrders(first: "
                                    "20) { nodes { id status } } } }"),
                     {{QStringLiteral("id"), gid("Order", orderId)}}, 12);
    if (!data)
        return std::unexpected(data.error());
    QJsonArray lineItemsByFulfillmentOrder;
    int closed = 0;
    for (const QJsonValue &v : data->value(QStringLiteral("order"))
                                   .toObject()
                                   .value(QStringLiteral("fulfillmentOrders"))
                                   .toObject()
                                   .value(QStringLiteral("nodes"))
                                   .toArray()) {
        const QString status = v.toObject().value(QStringLiteral("status")).toString();
        if (status == QLatin1String("OPEN") || status == QLatin1String("IN_PROGRESS"))
            lineItemsByFulfillmentOrder.append(QJsonObject{
                {QStringLiteral("fulfillmentOrderId"), v.toObject().value(QStringLiteral("id"))}});
        else if (status == QLatin1String("CLOSED"))
            ++closed;
    }
    // A retry after a fulfilment whose answer was lost finds everything closed: done already.
    if (lineItemsByFulfillmentOrder.isEmpty() && closed > 0)
        return QJsonObject{{QStringLiteral("alreadyFulfilled"), true}};
    if (lineItemsByFulfillmentOrder.isEmpty())
        return std::unexpected(ApiError{ApiError::Kind::UserError,
                                        QStringLiteral("order %1 has no open fulfillment order "
                                                       "(already fulfilled?)")
                                            .arg(orderId),
                                        200});
    return payload(
        call(shop,
             QStringLiteral("mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) "
                            "{ fulfillment { id status trackingInfo { company number url } } "
                            "userErrors { field message } } }"),
             {{QStringLiteral("f"),
               QJsonObject{
                   {QStringLiteral("lineItemsByFulfillmentOrder"), lineItemsByFulfillmentOrder},
                   {QStringLiteral("trackingInfo"), trackingInput(t)},
                   {QStringLiteral("notifyCustomer"), notifyCustomer}}}},
             10),
        "fulfillmentCreate");
}

std::expected<QJsonObject, ApiError> ShopifyClient::updateProduct(const ShopConnection &shop,
                                                                  qint64 productId,
                                                                  const QString &title,
                                                                  const QString &descriptionHtml)
{
    QJsonObject input{{QStringLiteral("id"), gid("Product", productId)}};
    if (!title.isEmpty())
        input.insert(QStringLiteral("title"), title);
    if (!descriptionHtml.isEmpty())
        input.insert(QStringLiteral("descriptionHtml"), descriptionHtml);
    return payload(call(shop,
                        QStringLiteral("mutation($p: ProductInput!) { productUpdate(input: $p) { "
                                       "product { id title } userErrors { field message } } }"),
                        {{QStringLiteral("p"), input}}, 10),
                   "productUpdate");
}

std::expected<QJsonObject, ApiError> ShopifyClient::updateTracking(const ShopConnection &shop,
                                                                   const QString &fulfillmentGid,
                                                                   const Tracking &t,
                                                                   bool notifyCustomer)
{
    return payload(
        call(shop,
             QStringLiteral("mutation($id: ID!, $t: FulfillmentTrackingInput!, $n: Boolean) { "
                            "fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: "
                            "$t, notifyCustomer: $n) { fulfillment { id trackingInfo { company "
                            "number url } } userErrors { field message } } }"),
             {{QStringLiteral("id"), fulfillmentGid},
              {QStringLiteral("t"), trackingInput(t)},
              {QStringLiteral("n"), notifyCustomer}},
             10),
        "fulfillmentTrackingInfoUpdate");
}

std::expected<QJsonObject, ApiError> ShopifyClient::setVariantPrice(const ShopConnection &shop,
                                                                    qint64 productId,
                                                                    qint64 variantId,
                                                                    const Money &price)
{
    return payload(
        call(shop,
             QStringLiteral("mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { "
                            "productVariantsBulkUpdate(productId: $p, variants: $v) { "
                            "productVariants { id price } userErrors { field message } } }"),
             {{QStringLiteral("p"), gid("Product", productId)},
              {QStringLiteral("v"),
               QJsonArray{QJsonObject{{QStringLiteral("id"), gid("ProductVariant", variantId)},
                                      {QStringLiteral("price"), decimal(price)}}}}},
             10),
        "productVariantsBulkUpdate");
}

std::expected<QJsonObject, ApiError> ShopifyClient::setInventory(const ShopConnection &shop,
                                                                 qint64 inventoryItemId,
                                                                 qint64 locationId, int quantity,
                                                                 const QString &reason)
{
    return payload(
        call(shop,
             QStringLiteral("mutation($i: InventorySetQuantitiesInput!) { "
                            "inventorySetQuantities(input: $i) { inventoryAdjustmentGroup { id } "
                            "userErrors { field message } } }"),
             {{QStringLiteral("i"),
               QJsonObject{
                   {QStringLiteral("name"), QStringLiteral("available")},
                   {QStringLiteral("reason"), reason},
                   {QStringLiteral("ignoreCompareQuantity"), true},
                   {QStringLiteral("quantities"),
                    QJsonArray{QJsonObject{
                        {QStringLiteral("inventoryItemId"), gid("InventoryItem", inventoryItemId)},
                        {QStringLiteral("locationId"), gid("Location", locationId)},
                        {QStringLiteral("quantity"), quantity}}}}}}},
             10),
        "inventorySetQuantities");
}

std::expected<qint64, ApiError> ShopifyClient::primaryLocation(const ShopConnection &shop)
{
    auto data = call(shop, QStringLiteral("query { location { id } }"), {}, 2);
    if (!data)
        return std::unexpected(data.error());
    const qint64 id = idFromGid(
        data->value(QStringLiteral("location")).toObject().value(QStringLiteral("id")).toString());
    if (id <= 0)
        return std::unexpected(
            ApiError{ApiError::Kind::Invalid,
                     QStringLiteral("%1 answered no primary location").arg(shop.domain), 200});
    return id;
}

std::expected<QJsonObject, ApiError> ShopifyClient::refund(const ShopConnection &shop,
                                                           qint64 orderId, const Money &amount,
                                                           const QString &note, bool notifyCustomer,
                                                           const QString &key)
{
    auto data = call(shop,
                     QStringLiteral("query($id: ID!) { order(id: $id) { transactions(first: 20) { "
                                    "id kind status gateway } refunds(first: 50) { id note "
                                    "totalRefundedSet { shopMoney { amount currencyCode } } } } }"),
                     {{QStringLiteral("id"), gid("Order", orderId)}}, 5);
    if (!data)
        return std::unexpected(data.error());
    const QString mark = QStringLiteral("[dropcrew %1]").arg(key);
    for (const QJsonValue &v :
         data->value(QStringLiteral("order")).toObject().value(QStringLiteral("refunds")).toArray())
        if (v[QStringLiteral("note")].toString().contains(mark))
            return QJsonObject{{QStringLiteral("refund"), v.toObject()},
                               {QStringLiteral("already"), true}};
    QJsonObject parent;
    for (const QJsonValue &v : data->value(QStringLiteral("order"))
                                   .toObject()
                                   .value(QStringLiteral("transactions"))
                                   .toArray()) {
        const QJsonObject tx = v.toObject();
        const QString kind = tx.value(QStringLiteral("kind")).toString();
        if (tx.value(QStringLiteral("status")).toString() == QLatin1String("SUCCESS") &&
            (kind == QLatin1String("SALE") || kind == QLatin1String("CAPTURE"))) {
            parent = tx;
            break;
        }
    }
    if (parent.isEmpty())
        return std::unexpected(ApiError{ApiError::Kind::UserError,
                                        QStringLiteral("order %1 has no captured payment to "
                                                       "refund")
                                            .arg(orderId),
                                        200});
    return payload(
        call(shop,
             QStringLiteral("mutation($i: RefundInput!) { refundCreate(input: $i) { refund { id "
                            "totalRefundedSet { shopMoney { amount currencyCode } } } userErrors "
                            "{ field message } } }"),
             {{QStringLiteral("i"),
               QJsonObject{
                   {QStringLiteral("orderId"), gid("Order", orderId)},
                   {QStringLiteral("note"), note.isEmpty() ? mark : note + QLatin1Char(' ') + mark},
                   {QStringLiteral("notify"), notifyCustomer},
                   {QStringLiteral("transactions"),
                    QJsonArray{QJsonObject{
                        {QStringLiteral("orderId"), gid("Order", orderId)},
                        {QStringLiteral("parentId"), parent.value(QStringLiteral("id"))},
                        {QStringLiteral("kind"), QStringLiteral("REFUND")},
                        {QStringLiteral("gateway"), parent.value(QStringLiteral("gateway"))},
                        {QStringLiteral("amount"), decimal(amount)}}}}}}},
             10),
        "refundCreate");
}

namespace {

// A search and the page after `cursor`.
QJsonObject searchVariables(const QString &search, const QString &cursor)
{
    QJsonObject vars{{QStringLiteral("q"), search}};
    if (!cursor.isEmpty())
        vars.insert(QStringLiteral("after"), cursor);
    return vars;
}

OrdersPage pageOf(const QJsonObject &connection)
{
    const QJsonObject info = connection.value(QStringLiteral("pageInfo")).toObject();
    return OrdersPage{connection.value(QStringLiteral("nodes")).toArray(),
                      info.value(QStringLiteral("hasNextPage")).toBool(),
                      info.value(QStringLiteral("endCursor")).toString()};
}

} // namespace

QString ShopifyClient::updatedAfter(const QDateTime &since)
{
    return QStringLiteral("updated_at:>'%1'").arg(since.toUTC().toString(Qt::ISODate));
}

std::expected<OrdersPage, ApiError> ShopifyClient::ordersUpdatedSince(const ShopConnection &shop,
                                                                      const QDateTime &since,
                                                                      const QString &cursor)
{
    return ordersMatching(shop, updatedAfter(since), QStringLiteral("UPDATED_AT"), cursor);
}

std::expected<OrdersPage, ApiError> ShopifyClient::ordersMatching(const ShopConnection &shop,
                                                                  const QString &search,
                                                                  const QString &sortKey,
                                                                  const QString &cursor)
{
    // 10 orders of 10 lines: a requested cost of about 850 points, under the 1,000 limit.
    auto data = call(shop,
                     QStringLiteral("query($q: String, $after: String) { orders(first: 10, after: "
                                    "$after, query: $q, sortKey: %1) { pageInfo { "
                                    "hasNextPage endCursor } nodes { ")
                             .arg(sortKey) +
                         orderFields(10) + QStringLiteral(" } } }"),
                     searchVariables(search, cursor), 500);
    if (!data)
        return std::unexpected(data.error());
    OrdersPage page = pageOf(data->value(QStringLiteral("orders")).toObject());
    for (qsizetype i = 0; i < page.nodes.size(); ++i) {
        const QJsonObject node = page.nodes.at(i).toObject();
        if (!node.value(QStringLiteral("lineItems"))
                 .toObject()
                 .value(QStringLiteral("pageInfo"))
                 .toObject()
                 .value(QStringLiteral("hasNextPage"))
                 .toBool())
            continue;
        auto whole = order(shop, idFromGid(node.value(QStringLiteral("id")).toString()));
        if (!whole)
            return std::unexpected(whole.error());
        page.nodes.replace(i, *whole);
    }
    return page;
}

// --- Connecting a shop: granted scopes, webhook subscriptions ---

std::expected<QStringList, ApiError> ShopifyClient::grantedScopes(const ShopConnection &shop)
{
    auto data =
        call(shop, QStringLiteral("query { currentAppInstallation { accessScopes { handle } } }"),
             {}, 2);
    if (!data)
        return std::unexpected(data.error());
    const QJsonValue installation = data->value(QStringLiteral("currentAppInstallation"));
    if (!installation.isObject())
        return std::unexpected(
            ApiError{ApiError::Kind::Invalid,
                     QStringLiteral("%1 answered no app installation").arg(shop.domain), 200});
    QStringList out;
    for (const QJsonValue &v :
         installation.toObject().value(QStringLiteral("accessScopes")).toArray())
        out << v.toObject().value(QStringLiteral("handle")).toString();
    out.removeAll(QString());
    return out;
}

namespace {

const QString kSubscriptionFields =
    QStringLiteral("id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }");

QJsonObject subscriptionInput(const QString &callbackUrl)
{
    return {{QStringLiteral("callbackUrl"), callbackUrl},
            {QStringLiteral("format"), QStringLiteral("JSON")}};
}

WebhookSubscription subscriptionFrom(const QJsonObject &node)
{
    return {node.value(QStringLiteral("id")).toString(),
            node.value(QStringLiteral("topic")).toString(),
            node.value(QStringLiteral("endpoint"))
                .toObject()
                .value(QStringLiteral("callbackUrl"))
                .toString()};
}

} // namespace

std::expected<QList<WebhookSubscription>, ApiError>
ShopifyClient::webhookSubscriptions(const ShopConnection &shop)
{
    QList<WebhookSubscription> out;
    QString cursor;
    for (int page = 0; page < 20; ++page) { // 2,000 subscriptions: far more than an app has
        QJsonObject vars;
        if (!cursor.isEmpty())
            vars.insert(QStringLiteral("after"), cursor);
        auto data = call(shop,
                         QStringLiteral("query($after: String) { webhookSubscriptions(first: 100, "
                                        "after: $after) { pageInfo { hasNextPage endCursor } "
                                        "nodes { ") +
                             kSubscriptionFields + QStringLiteral(" } } }"),
                         vars, 12);
        if (!data)
            return std::unexpected(data.error());
        const OrdersPage p = pageOf(data->value(QStringLiteral("webhookSubscriptions")).toObject());
        for (const QJsonValue &v : p.nodes)
            out << subscriptionFrom(v.toObject());
        if (!p.hasNextPage)
            break;
        cursor = p.endCursor;
    }
    return out;
}

std::expected<WebhookSubscription, ApiError>
ShopifyClient::createWebhookSubscription(const ShopConnection &shop, const QString &graphqlTopic,
                                         const QString &callbackUrl)
{
    auto p = payload(
        call(shop,
             QStringLiteral("mutation($t: WebhookSubscriptionTopic!, $s: "
                            "WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $t, "
                            "webhookSubscription: $s) { webhookSubscription { ") +
                 kSubscriptionFields + QStringLiteral(" } userErrors { field message } } }"),
             {{QStringLiteral("t"), graphqlTopic},
              {QStringLiteral("s"), subscriptionInput(callbackUrl)}},
             10),
        "webhookSubscriptionCreate");
    if (!p)
        return std::unexpected(p.error());
    return subscriptionFrom(p->value(QStringLiteral("webhookSubscription")).toObject());
}

std::expected<WebhookSubscription, ApiError>
ShopifyClient::updateWebhookSubscription(const ShopConnection &shop, const QString &id,
                                         const QString &callbackUrl)
{
    auto p = payload(
        call(shop,
             QStringLiteral("mutation($id: ID!, $s: WebhookSubscriptionInput!) { "
                            "webhookSubscriptionUpdate(id: $id, webhookSubscription: $s) { "
                            "webhookSubscription { ") +
                 kSubscriptionFields + QStringLiteral(" } userErrors { field message } } }"),
             {{QStringLiteral("id"), id}, {QStringLiteral("s"), subscriptionInput(callbackUrl)}},
             10),
        "webhookSubscriptionUpdate");
    if (!p)
        return std::unexpected(p.error());
    return subscriptionFrom(p->value(QStringLiteral("webhookSubscription")).toObject());
}

std::expected<void, ApiError> ShopifyClient::deleteWebhookSubscription(const ShopConnection &shop,
                                                                       const QString &id)
{
    auto p = payload(call(shop,
                          QStringLiteral("mutation($id: ID!) { webhookSubscriptionDelete(id: $id) "
                                         "{ deletedWebhookSubscriptionId userErrors { field "
                                         "message } } }"),
                          {{QStringLiteral("id"), id}}, 10),
                     "webhookSubscriptionDelete");
    if (!p)
        return std::unexpected(p.error());
    return {};
}

} // namespace dc::shopify
