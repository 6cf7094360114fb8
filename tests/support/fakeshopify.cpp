// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeshopify.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QSignalSpy>

namespace dc::test {

namespace {
QString gidOf(const char *type, qint64 id)
{
    return QStringLiteral("gid://shopify/%1/%2").arg(QLatin1String(type)).arg(id);
}

QJsonObject money(qint64 minor, const QString &currency)
{
    return {
        {QStringLiteral("shopMoney"),
         QJsonObject{
             {QStringLiteral("amount"),
              QStringLiteral("%1.%2").arg(minor / 100).arg(minor % 100, 2, 10, QLatin1Char('0'))},
             {QStringLiteral("currencyCode"), currency}}}};
}
} // namespace

FakeShopify::FakeShopify(QByteArray token, QObject *parent)
    : QObject(parent)
    , m_token(std::move(token))
{
    m_http.route(QStringLiteral("/admin/api/<arg>/graphql.json"),
                 [this](const QString &, const QHttpServerRequest &req) { return answer(req); });
    // The bulk operations' JSONL files (fakeshopifycatalog.cpp).
    m_http.route(QStringLiteral("/bulk/<arg>"), [this](const QString &name) {
        QMutexLocker lock(&m_lock);
        const int n = name.section(QLatin1Char('.'), 0, 0).toInt();
        if (!m_catalog.files.contains(n))
            return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
        return QHttpServerResponse(QByteArray("application/jsonl"), m_catalog.files.value(n));
    });
    auto *tcp = new QTcpServer(this);
    tcp->listen(QHostAddress::LocalHost, 0);
    m_port = tcp->serverPort();
    m_http.bind(tcp);
    m_lastMs = QDateTime::currentMSecsSinceEpoch();
    setScopes({QStringLiteral("read_orders"), QStringLiteral("write_orders"),
               QStringLiteral("read_customers"), QStringLiteral("read_products"),
               QStringLiteral("write_products"), QStringLiteral("read_inventory"),
               QStringLiteral("write_inventory"), QStringLiteral("read_locations"),
               QStringLiteral("read_fulfillments"), QStringLiteral("write_fulfillments"),
               QStringLiteral("read_merchant_managed_fulfillment_orders"),
               QStringLiteral("write_merchant_managed_fulfillment_orders")});
}

QString FakeShopify::adminUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/admin/api/2024-07/graphql.json").arg(m_port);
}

void FakeShopify::setThrottle(double maximum, double restoreRate, int cost)
{
    QMutexLocker lock(&m_lock);
    m_max = maximum;
    m_available = maximum;
    m_restore = restoreRate;
    m_cost = cost;
    m_lastMs = QDateTime::currentMSecsSinceEpoch();
}

void FakeShopify::force(const Forced &f)
{
    QMutexLocker lock(&m_lock);
    m_forced.push_back(f);
}

void FakeShopify::addOrder(qint64 id, const QDateTime &updatedAt, qint64 totalMinor,
                           const QString &currency)
{
    QMutexLocker lock(&m_lock);
    m_orders.insert(
        id,
        QJsonObject{
            {QStringLiteral("id"), gidOf("Order", id)},
            {QStringLiteral("name"), QStringLiteral("#%1").arg(id)},
            {QStringLiteral("createdAt"), updatedAt.addSecs(-60).toString(Qt::ISODate)},
            {QStringLiteral("updatedAt"), updatedAt.toString(Qt::ISODate)},
            {QStringLiteral("currencyCode"), currency},
            {QStringLiteral("displayFinancialStatus"), QStringLiteral("PAID")},
            {QStringLiteral("displayFulfillmentStatus"), QStringLiteral("UNFULFILLED")},
            {QStringLiteral("subtotalPriceSet"), money(totalMinor, currency)},
            {QStringLiteral("totalPriceSet"), money(totalMinor, currency)},
            {QStringLiteral("totalTaxSet"), money(0, currency)},
            {QStringLiteral("totalShippingPriceSet"), money(0, currency)},
            {QStringLiteral("customer"),
             QJsonObject{{QStringLiteral("id"), gidOf("Customer", id + 100000)},
                         {QStringLiteral("firstName"), QStringLiteral("Ana")},
                         {QStringLiteral("lastName"), QStringLiteral("Reconciled")},
                         {QStringLiteral("email"), QStringLiteral("ana@example.org")}}},
            {QStringLiteral("shippingAddress"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Ana Reconciled")},
                         {QStringLiteral("address1"), QStringLiteral("1 Rua Nova")},
                         {QStringLiteral("city"), QStringLiteral("Porto")},
                         {QStringLiteral("countryCodeV2"), QStringLiteral("PT")}}},
            {QStringLiteral("lineItems"),
             QJsonObject{{QStringLiteral("nodes"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("id"), gidOf("LineItem", id * 10)},
                              {QStringLiteral("title"), QStringLiteral("Lamp")},
                              {QStringLiteral("sku"), QStringLiteral("LAMP-1")},
                              {QStringLiteral("quantity"), 1},
                              {QStringLiteral("product"),
                               QJsonObject{{QStringLiteral("id"), gidOf("Product", 900)}}},
                              {QStringLiteral("variant"),
                               QJsonObject{{QStringLiteral("id"), gidOf("ProductVariant", 901)}}},
                              {QStringLiteral("originalUnitPriceSet"), money(totalMinor, currency)},
                              {QStringLiteral("totalDiscountSet"), money(0, currency)}}}}}}});
}

QList<FakeShopify::Call> FakeShopify::calls() const
{
    QMutexLocker lock(&m_lock);
    return m_calls;
}

int FakeShopify::throttledAnswers() const
{
    QMutexLocker lock(&m_lock);
    int n = 0;
    for (const Call &c : m_calls)
        n += c.throttled ? 1 : 0;
    return n;
}

int FakeShopify::available(qint64 inventoryItemId, qint64 locationId) const
{
    QMutexLocker lock(&m_lock);
    return m_inventory.value(gidOf("InventoryItem", inventoryItemId) + QLatin1Char('|') +
                                 gidOf("Location", locationId),
                             -1);
}

QJsonObject FakeShopify::dispatch(const QString &query, const QJsonObject &vars)
{
    if (auto connect = dispatchConnect(query, vars))
        return *connect;
    if (auto catalog = dispatchCatalog(query, vars))
        return *catalog;
    const qint64 id =
        vars.value(QStringLiteral("id")).toString().section(QLatin1Char('/'), -1).toLongLong();
    if (query.contains(QLatin1String("{ location {")))
        return {{QStringLiteral("location"),
                 m_primaryLocation
                     ? QJsonValue(
                           QJsonObject{{QStringLiteral("id"), gidOf("Location", m_primaryLocation)},
                                       {QStringLiteral("name"), QStringLiteral("Warehouse")}})
                     : QJsonValue()}};
    if (query.contains(QLatin1String("inventorySetQuantities"))) {
        const QJsonObject i = vars.value(QStringLiteral("i")).toObject();
        m_inventorySets.append(i);
        for (const QJsonValue &v : i.value(QStringLiteral("quantities")).toArray()) {
            const QJsonObject q = v.toObject();
            m_inventory.insert(q.value(QStringLiteral("inventoryItemId")).toString() +
                                   QLatin1Char('|') +
                                   q.value(QStringLiteral("locationId")).toString(),
                               q.value(QStringLiteral("quantity")).toInt());
        }
        return {{QStringLiteral("inventorySetQuantities"),
                 QJsonObject{{QStringLiteral("inventoryAdjustmentGroup"),
                              QJsonObject{{QStringLiteral("id"), gidOf("InventoryAdjustmentGroup",
                                                                       m_inventorySets.size())}}},
                             {QStringLiteral("userErrors"), QJsonArray()}}}};
    }
    if (query.contains(QLatin1String("refundCreate"))) {
        const QJsonObject i = vars.value(QStringLiteral("i")).toObject();
        m_refunds.append(i);
        return {{QStringLiteral("refundCreate"),
                 QJsonObject{
                     {QStringLiteral("refund"),
                      QJsonObject{{QStringLiteral("id"), gidOf("Refund", 700 + m_refunds.size())}}},
                     {QStringLiteral("userErrors"), QJsonArray()}}}};
    }
    if (query.contains(QLatin1String("transactions(first"))) {
        QJsonArray refunds; // those made on this order, with their notes
        for (qsizetype i = 0; i < m_refunds.size(); ++i)
            if (m_refunds.at(i)[QStringLiteral("orderId")] == vars.value(QStringLiteral("id")))
                refunds.append(
                    QJsonObject{{QStringLiteral("id"), gidOf("Refund", 701 + i)},
                                {QStringLiteral("note"), m_refunds.at(i)[QStringLiteral("note")]}});
        return {
            {QStringLiteral("order"),
             QJsonObject{{QStringLiteral("transactions"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("id"), gidOf("OrderTransaction", id)},
                              {QStringLiteral("kind"), QStringLiteral("SALE")},
                              {QStringLiteral("status"), QStringLiteral("SUCCESS")},
                              {QStringLiteral("gateway"), QStringLiteral("shopify_payments")}}}},
                         {QStringLiteral("refunds"), refunds}}}};
    }
    if (query.contains(QLatin1String("fulfillmentCreate"))) {
        const QJsonObject f = vars.value(QStringLiteral("f")).toObject();
        const QJsonObject fulfillment{
            {QStringLiteral("id"), gidOf("Fulfillment", 5000 + m_fulfillments.size())},
            {QStringLiteral("status"), QStringLiteral("SUCCESS")},
            {QStringLiteral("trackingInfo"), QJsonArray{f.value(QStringLiteral("trackingInfo"))}},
            {QStringLiteral("notifyCustomer"), f.value(QStringLiteral("notifyCustomer"))},
            {QStringLiteral("fulfillmentOrders"),
             f.value(QStringLiteral("lineItemsByFulfillmentOrder"))}};
        m_fulfillments.append(fulfillment);
        for (const QJsonValue &fo :
             f.value(QStringLiteral("lineItemsByFulfillmentOrder")).toArray())
            m_closed.insert(fo.toObject().value(QStringLiteral("fulfillmentOrderId")).toString());
        return {{QStringLiteral("fulfillmentCreate"),
                 QJsonObject{{QStringLiteral("fulfillment"), fulfillment},
                             {QStringLiteral("userErrors"), QJsonArray()}}}};
    }
    if (query.contains(QLatin1String("fulfillmentTrackingInfoUpdate")))
        return {{QStringLiteral("fulfillmentTrackingInfoUpdate"),
                 QJsonObject{{QStringLiteral("fulfillment"),
                              QJsonObject{{QStringLiteral("id"), vars.value(QStringLiteral("id"))},
                                          {QStringLiteral("trackingInfo"),
                                           QJsonArray{vars.value(QStringLiteral("t"))}}}},
                             {QStringLiteral("userErrors"), QJsonArray()}}}};
    if (query.contains(QLatin1String("fulfillmentOrders"))) {
        if (!m_orders.contains(id))
            return {{QStringLiteral("order"), QJsonValue()}};
        return {
            {QStringLiteral("order"),
             QJsonObject{{QStringLiteral("fulfillmentOrders"),
                          QJsonObject{{QStringLiteral("nodes"),
                                       QJsonArray{QJsonObject{
                                           {QStringLiteral("id"), gidOf("FulfillmentOrder", id)},
                                           {QStringLiteral("status"),
                                            m_closed.contains(gidOf("FulfillmentOrder", id))
                                                ? QStringLiteral("CLOSED")
                                                : QStringLiteral("OPEN")}}}}}}}}};
    }
    if (query.contains(QLatin1String("productVariantsBulkUpdate"))) {
        m_priceUpdates.append(vars);
        return {{QStringLiteral("productVariantsBulkUpdate"),
                 QJsonObject{{QStringLiteral("productVariants"), vars.value(QStringLiteral("v"))},
                             {QStringLiteral("userErrors"), QJsonArray()}}}};
    }
    if (query.contains(QLatin1String("productUpdate"))) {
        const QJsonObject p = vars.value(QStringLiteral("p")).toObject();
        m_productUpdates.append(p);
        return {
            {QStringLiteral("productUpdate"),
             QJsonObject{{QStringLiteral("product"),
                          QJsonObject{{QStringLiteral("id"), p.value(QStringLiteral("id"))},
                                      {QStringLiteral("title"), p.value(QStringLiteral("title"))}}},
                         {QStringLiteral("userErrors"), QJsonArray()}}}};
    }
    if (query.contains(QLatin1String("orders(first"))) {
        // "updated_at:>'2026-11-24T10:00:00Z'"
        const QString q = vars.value(QStringLiteral("q")).toString();
        const QDateTime since =
            QDateTime::fromString(q.section(QLatin1Char('\''), 1, 1), Qt::ISODate);
        QJsonArray nodes;
        for (const QJsonObject &o : std::as_const(m_orders))
            if (QDateTime::fromString(o.value(QStringLiteral("updatedAt")).toString(),
                                      Qt::ISODate) > since)
                nodes.append(o);
        return {{QStringLiteral("orders"),
                 QJsonObject{{QStringLiteral("nodes"), nodes},
                             {QStringLiteral("pageInfo"),
                              QJsonObject{{QStringLiteral("hasNextPage"), false},
                                          {QStringLiteral("endCursor"), QJsonValue()}}}}}};
    }
    if (query.contains(QLatin1String("order(id")))
        return {{QStringLiteral("order"),
                 m_orders.contains(id) ? QJsonValue(m_orders.value(id)) : QJsonValue()}};
    return {};
}

QHttpServerResponse FakeShopify::answer(const QHttpServerRequest &req)
{
    const QJsonObject in = QJsonDocument::fromJson(req.body()).object();
    QMutexLocker lock(&m_lock);
    Call call{in.value(QStringLiteral("query")).toString(),
              in.value(QStringLiteral("variables")).toObject(), req.value("X-Shopify-Access-Token"),
              QDateTime::currentMSecsSinceEpoch()};
    if (call.token != m_token) {
        call.status = 401;
        m_calls.append(call);
        return QHttpServerResponse(
            QByteArray("application/json"),
            QByteArray(R"({"errors":"[API] Invalid API key or access token"})"),
            QHttpServerResponse::StatusCode::Unauthorized);
    }
    if (!m_forced.empty() && !m_forced.front().afterDoing.isEmpty() &&
        call.query.contains(m_forced.front().afterDoing)) {
        const Forced f = m_forced.front();
        m_forced.pop_front();
        (void)dispatch(call.query, call.variables); // done, and then the answer is lost
        call.status = f.status;
        m_calls.append(call);
        return QHttpServerResponse(QByteArray("application/json"), QByteArray("{}"),
                                   QHttpServerResponse::StatusCode(f.status));
    }
    if (!m_forced.empty() && m_forced.front().afterDoing.isEmpty()) {
        const Forced f = m_forced.front();
        m_forced.pop_front();
        call.status = f.status;
        call.throttled = f.graphqlErrorCode == QLatin1String("THROTTLED");
        m_calls.append(call);
        if (!f.graphqlErrorCode.isEmpty())
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("errors"),
                             QJsonArray{QJsonObject{
                                 {QStringLiteral("message"), f.graphqlErrorCode.toLower()},
                                 {QStringLiteral("extensions"),
                                  QJsonObject{{QStringLiteral("code"), f.graphqlErrorCode}}}}}}});
        QHttpServerResponse r(QByteArray("application/json"), QByteArray("{}"),
                              QHttpServerResponse::StatusCode(f.status));
        if (!f.retryAfter.isEmpty())
            r.setHeader("Retry-After", f.retryAfter);
        return r;
    }
    // The leaky bucket: restore, then charge or refuse.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_available = std::min(m_max, m_available + m_restore * double(now - m_lastMs) / 1000.0);
    m_lastMs = now;
    const int charge = chargeFor(call.query, call.variables);
    QJsonObject cost{{QStringLiteral("requestedQueryCost"), charge}};
    QJsonObject out;
    if (m_available < charge) {
        call.throttled = true;
        out.insert(QStringLiteral("errors"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("message"), QStringLiteral("Throttled")},
                       {QStringLiteral("extensions"),
                        QJsonObject{{QStringLiteral("code"), QStringLiteral("THROTTLED")}}}}});
    } else {
        m_available -= charge;
        cost.insert(QStringLiteral("actualQueryCost"), charge);
        out.insert(QStringLiteral("data"), dispatch(call.query, call.variables));
    }
    cost.insert(QStringLiteral("throttleStatus"),
                QJsonObject{{QStringLiteral("maximumAvailable"), m_max},
                            {QStringLiteral("currentlyAvailable"), m_available},
                            {QStringLiteral("restoreRate"), m_restore}});
    out.insert(QStringLiteral("extensions"), QJsonObject{{QStringLiteral("cost"), cost}});
    m_calls.append(call);
    return QHttpServerResponse(out);
}

// --- Connecting a shop: scopes, webhook subscriptions, polled products ---

void FakeShopify::setScopes(const QStringList &handles)
{
    QMutexLocker lock(&m_lock);
    m_scopes = handles;
}

QString FakeShopify::addSubscription(const QString &graphqlTopic, const QString &callbackUrl)
{
    QMutexLocker lock(&m_lock);
    const QString id = gidOf("WebhookSubscription", m_nextSubscription++);
    m_subscriptions.append({{QStringLiteral("id"), id},
                            {QStringLiteral("topic"), graphqlTopic},
                            {QStringLiteral("callbackUrl"), callbackUrl}});
    return id;
}

void FakeShopify::removeSubscription(const QString &id)
{
    QMutexLocker lock(&m_lock);
    m_subscriptions.removeIf(
        [&](const QJsonObject &s) { return s.value(QStringLiteral("id")).toString() == id; });
}

void FakeShopify::setSubscriptionUrl(const QString &id, const QString &callbackUrl)
{
    QMutexLocker lock(&m_lock);
    for (QJsonObject &s : m_subscriptions)
        if (s.value(QStringLiteral("id")).toString() == id)
            s.insert(QStringLiteral("callbackUrl"), callbackUrl);
}

QJsonArray FakeShopify::subscriptions() const
{
    QMutexLocker lock(&m_lock);
    QJsonArray out;
    for (const QJsonObject &s : m_subscriptions)
        out.append(s);
    return out;
}

void FakeShopify::addOrderOf(qint64 id, const QDateTime &updatedAt, qint64 totalMinor,
                             qint64 productId, qint64 variantId, const QString &sku)
{
    addOrder(id, updatedAt, totalMinor);
    QMutexLocker lock(&m_lock);
    QJsonObject o = m_orders.value(id);
    QJsonObject items = o.value(QStringLiteral("lineItems")).toObject();
    QJsonArray nodes = items.value(QStringLiteral("nodes")).toArray();
    QJsonObject line = nodes.at(0).toObject();
    line.insert(QStringLiteral("sku"), sku);
    line.insert(QStringLiteral("title"), QStringLiteral("IPod Nano"));
    line.insert(QStringLiteral("product"),
                QJsonObject{{QStringLiteral("id"), gidOf("Product", productId)}});
    line.insert(QStringLiteral("variant"),
                QJsonObject{{QStringLiteral("id"), gidOf("ProductVariant", variantId)}});
    nodes.replace(0, line);
    items.insert(QStringLiteral("nodes"), nodes);
    o.insert(QStringLiteral("lineItems"), items);
    o.insert(QStringLiteral("shippingAddress"),
             QJsonObject{{QStringLiteral("firstName"), QStringLiteral("Jeanne")},
                         {QStringLiteral("lastName"), QStringLiteral("Polled")},
                         {QStringLiteral("address1"), QStringLiteral("3 rue des Lilas")},
                         {QStringLiteral("city"), QStringLiteral("Lille")},
                         {QStringLiteral("zip"), QStringLiteral("59000")},
                         {QStringLiteral("countryCodeV2"), QStringLiteral("FR")},
                         {QStringLiteral("phone"), QStringLiteral("+33600000000")}});
    m_orders.insert(id, o);
}

std::optional<QJsonObject> FakeShopify::dispatchConnect(const QString &query,
                                                        const QJsonObject &vars)
{
    const auto payload = [](const char *field, QJsonObject p, const QString &userError = {}) {
        p.insert(QStringLiteral("userErrors"),
                 userError.isEmpty()
                     ? QJsonArray()
                     : QJsonArray{QJsonObject{{QStringLiteral("field"), QJsonArray()},
                                              {QStringLiteral("message"), userError}}});
        return QJsonObject{{QLatin1String(field), p}};
    };
    const auto node = [](const QJsonObject &s) {
        return QJsonObject{
            {QStringLiteral("id"), s.value(QStringLiteral("id"))},
            {QStringLiteral("topic"), s.value(QStringLiteral("topic"))},
            {QStringLiteral("endpoint"),
             QJsonObject{{QStringLiteral("__typename"), QStringLiteral("WebhookHttpEndpoint")},
                         {QStringLiteral("callbackUrl"), s.value(QStringLiteral("callbackUrl"))}}}};
    };
    const auto find = [this](const QString &id) {
        for (qsizetype i = 0; i < m_subscriptions.size(); ++i)
            if (m_subscriptions.at(i).value(QStringLiteral("id")).toString() == id)
                return i;
        return qsizetype(-1);
    };
    if (query.contains(QLatin1String("currentAppInstallation"))) {
        QJsonArray scopes;
        for (const QString &h : std::as_const(m_scopes))
            scopes.append(QJsonObject{{QStringLiteral("handle"), h}});
        return QJsonObject{{QStringLiteral("currentAppInstallation"),
                            QJsonObject{{QStringLiteral("accessScopes"), scopes}}}};
    }
    if (query.contains(QLatin1String("webhookSubscriptionCreate"))) {
        const QString topic = vars.value(QStringLiteral("t")).toString();
        const QString url = vars.value(QStringLiteral("s"))
                                .toObject()
                                .value(QStringLiteral("callbackUrl"))
                                .toString();
        for (const QJsonObject &s : std::as_const(m_subscriptions))
            if (s.value(QStringLiteral("topic")).toString() == topic &&
                s.value(QStringLiteral("callbackUrl")).toString() == url)
                return payload("webhookSubscriptionCreate",
                               {{QStringLiteral("webhookSubscription"), QJsonValue()}},
                               QStringLiteral("Address for this topic has already been taken"));
        const QJsonObject s{
            {QStringLiteral("id"), gidOf("WebhookSubscription", m_nextSubscription++)},
            {QStringLiteral("topic"), topic},
            {QStringLiteral("callbackUrl"), url}};
        m_subscriptions.append(s);
        return payload("webhookSubscriptionCreate",
                       {{QStringLiteral("webhookSubscription"), node(s)}});
    }
    if (query.contains(QLatin1String("webhookSubscriptionUpdate"))) {
        const qsizetype i = find(vars.value(QStringLiteral("id")).toString());
        if (i < 0)
            return payload("webhookSubscriptionUpdate",
                           {{QStringLiteral("webhookSubscription"), QJsonValue()}},
                           QStringLiteral("Webhook subscription does not exist"));
        m_subscriptions[i].insert(
            QStringLiteral("callbackUrl"),
            vars.value(QStringLiteral("s")).toObject().value(QStringLiteral("callbackUrl")));
        return payload("webhookSubscriptionUpdate",
                       {{QStringLiteral("webhookSubscription"), node(m_subscriptions.at(i))}});
    }
    if (query.contains(QLatin1String("webhookSubscriptionDelete"))) {
        const QString id = vars.value(QStringLiteral("id")).toString();
        const qsizetype i = find(id);
        if (i < 0)
            return payload("webhookSubscriptionDelete",
                           {{QStringLiteral("deletedWebhookSubscriptionId"), QJsonValue()}},
                           QStringLiteral("Webhook subscription does not exist"));
        m_subscriptions.removeAt(i);
        return payload("webhookSubscriptionDelete",
                       {{QStringLiteral("deletedWebhookSubscriptionId"), id}});
    }
    if (query.contains(QLatin1String("webhookSubscriptions("))) {
        QJsonArray nodes;
        for (const QJsonObject &s : std::as_const(m_subscriptions))
            nodes.append(node(s));
        return QJsonObject{
            {QStringLiteral("webhookSubscriptions"),
             QJsonObject{{QStringLiteral("nodes"), nodes},
                         {QStringLiteral("pageInfo"),
                          QJsonObject{{QStringLiteral("hasNextPage"), false},
                                      {QStringLiteral("endCursor"), QJsonValue()}}}}}};
    }
    return std::nullopt;
}

QByteArray shopifySignature(const QByteArray &secret, const QByteArray &body)
{
    return QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toBase64();
}

QNetworkReply *postWebhook(QNetworkAccessManager &nam, const QString &base, const QString &shop,
                           const QString &topic, const QByteArray &body, const QByteArray &secret,
                           const QString &webhookId, const QString &eventId,
                           const QByteArray &triggeredAt)
{
    QNetworkRequest req(QUrl(base + QStringLiteral("/webhooks/shopify")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    req.setRawHeader("X-Shopify-Topic", topic.toUtf8());
    req.setRawHeader("X-Shopify-Shop-Domain", shop.toUtf8());
    req.setRawHeader("X-Shopify-API-Version", "2024-07");
    req.setRawHeader("X-Shopify-Webhook-Id", webhookId.toUtf8());
    req.setRawHeader("X-Shopify-Event-Id", (eventId.isEmpty() ? webhookId : eventId).toUtf8());
    if (triggeredAt != "-")
        req.setRawHeader("X-Shopify-Triggered-At",
                         triggeredAt.isEmpty()
                             ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8()
                             : triggeredAt);
    if (!secret.isNull())
        req.setRawHeader("X-Shopify-Hmac-Sha256", shopifySignature(secret, body));
    return nam.post(req, body);
}

WebhookReply sendWebhook(QNetworkAccessManager &nam, const QString &base, const QString &shop,
                         const QString &topic, const QByteArray &body, const QByteArray &secret,
                         const QString &webhookId, const QString &eventId,
                         const QByteArray &triggeredAt)
{
    QNetworkReply *r =
        postWebhook(nam, base, shop, topic, body, secret, webhookId, eventId, triggeredAt);
    QSignalSpy done(r, &QNetworkReply::finished);
    if (!r->isFinished())
        done.wait(15000);
    WebhookReply out{r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), r->readAll()};
    r->deleteLater();
    return out;
}

QByteArray orderPayload(qint64 id, const QDateTime &updatedAt, const QString &total,
                        qint64 customerId, const QString &lastName)
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), QStringLiteral("#%1").arg(id)},
        {QStringLiteral("created_at"), updatedAt.addSecs(-3600).toString(Qt::ISODate)},
        {QStringLiteral("updated_at"), updatedAt.toString(Qt::ISODate)},
        {QStringLiteral("currency"), QStringLiteral("EUR")},
        {QStringLiteral("financial_status"), QStringLiteral("paid")},
        {QStringLiteral("fulfillment_status"), QJsonValue()},
        {QStringLiteral("subtotal_price"), total},
        {QStringLiteral("total_price"), total},
        {QStringLiteral("total_tax"), QStringLiteral("0.00")},
        {QStringLiteral("shipping_address"),
         QJsonObject{{QStringLiteral("first_name"), QStringLiteral("Jeanne")},
                     {QStringLiteral("last_name"), lastName},
                     {QStringLiteral("address1"), QStringLiteral("3 rue des Lilas")},
                     {QStringLiteral("city"), QStringLiteral("Lille")},
                     {QStringLiteral("zip"), QStringLiteral("59000")},
                     {QStringLiteral("country_code"), QStringLiteral("FR")}}},
        {QStringLiteral("line_items"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), id * 10},
                                {QStringLiteral("product_id"), 632910392},
                                {QStringLiteral("variant_id"), 808950810},
                                {QStringLiteral("sku"), QStringLiteral("IPOD-1")},
                                {QStringLiteral("title"), QStringLiteral("IPod Nano")},
                                {QStringLiteral("quantity"), 1},
                                {QStringLiteral("price"), total},
                                {QStringLiteral("total_discount"), QStringLiteral("0.00")}}}}};
    if (customerId > 0)
        o.insert(QStringLiteral("customer"),
                 QJsonObject{{QStringLiteral("id"), customerId},
                             {QStringLiteral("first_name"), QStringLiteral("Jeanne")},
                             {QStringLiteral("last_name"), lastName},
                             {QStringLiteral("email"), QStringLiteral("jeanne@example.org")},
                             {QStringLiteral("phone"), QStringLiteral("+33600000000")}});
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace dc::test
