// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakealiexpress.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTcpServer>
#include <QUrlQuery>

namespace dc::test {

FakeAliExpress::FakeAliExpress(QString appKey, QByteArray appSecret, QByteArray accessToken)
    : m_appKey(std::move(appKey))
    , m_secret(std::move(appSecret))
    , m_token(std::move(accessToken))
{
    m_thread.setObjectName(QStringLiteral("fake-aliexpress"));
    m_thread.start();
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            m_http = new QHttpServer;
            for (const QString &path :
                 {QStringLiteral("/sync"), QStringLiteral("/rest/auth/token/refresh"),
                  QStringLiteral("/rest/auth/token/create")})
                m_http->route(path, [this, path](const QHttpServerRequest &req) {
                    int status = 200;
                    ++m_inFlight;
                    const QByteArray body = handle(path, req.body(), &status);
                    --m_inFlight;
                    return QHttpServerResponse(QByteArray("application/json"), body,
                                               QHttpServerResponse::StatusCode(status));
                });
            // The seller's consent page: granted at once, back to the app with a code.
            m_http->route(QStringLiteral("/oauth/authorize"), [this](
                                                                  const QHttpServerRequest &req) {
                const QUrlQuery q(req.url());
                QMutexLocker l(&m_lock);
                if (q.queryItemValue(QStringLiteral("client_id")) != m_appKey ||
                    q.queryItemValue(QStringLiteral("response_type")) != QLatin1String("code"))
                    return QHttpServerResponse(QHttpServerResponse::StatusCode::BadRequest);
                const QString code = QStringLiteral("consent-%1").arg(++m_authorizations);
                m_codes.insert(code);
                QUrl back(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
                QUrlQuery answer;
                answer.addQueryItem(QStringLiteral("code"), code);
                answer.addQueryItem(QStringLiteral("state"),
                                    q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
                back.setQuery(answer);
                QHttpServerResponse r(QHttpServerResponse::StatusCode::Found);
                r.setHeader("Location", back.toString(QUrl::FullyEncoded).toUtf8());
                return r;
            });
            auto *tcp = new QTcpServer(m_http);
            tcp->listen(QHostAddress::LocalHost, 0);
            m_port = tcp->serverPort();
            m_http->bind(tcp);
        },
        Qt::BlockingQueuedConnection);
}

FakeAliExpress::~FakeAliExpress()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { delete m_http; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

QString FakeAliExpress::Sku::attr() const
{
    QStringList parts;
    int property = 14;
    for (const auto &[name, value] : properties)
        parts << QStringLiteral("%1:%2#%3").arg(property++).arg(skuId, value);
    return parts.isEmpty() ? QStringLiteral("14:%1").arg(skuId) : parts.join(QLatin1Char(';'));
}

QString FakeAliExpress::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void FakeAliExpress::addProduct(const QString &productId, const QString &title,
                                const QList<Sku> &skus, const QString &storeName)
{
    QMutexLocker l(&m_lock);
    m_products.insert(productId, {title, skus});
    m_stores.insert(productId, storeName);
}

void FakeAliExpress::setFreight(const QString &country, const QList<Delivery> &options)
{
    QMutexLocker l(&m_lock);
    m_freight.insert(country, options);
}

void FakeAliExpress::addAuthorizationCode(const QString &code)
{
    QMutexLocker l(&m_lock);
    m_codes.insert(code);
}

void FakeAliExpress::setTokenLifetime(qint64 accessMs, qint64 refreshMs)
{
    QMutexLocker l(&m_lock);
    m_accessLifetime = accessMs;
    m_refreshLifetime = refreshMs;
}

int FakeAliExpress::authorizations() const
{
    QMutexLocker l(&m_lock);
    return m_authorizations;
}

void FakeAliExpress::setStock(const QString &productId, const QString &skuId, int stock)
{
    QMutexLocker l(&m_lock);
    for (Sku &s : m_products[productId].second)
        if (s.skuId == skuId)
            s.stock = stock;
}

void FakeAliExpress::force(const Forced &f)
{
    QMutexLocker l(&m_lock);
    m_forced.push_back(f);
}

void FakeAliExpress::ship(const QString &orderId, const QString &carrier, const QString &number)
{
    QMutexLocker l(&m_lock);
    for (Order &o : m_orders)
        if (o.id == orderId) {
            o.carrier = carrier;
            o.trackingNumber = number;
            o.status = QStringLiteral("WAIT_BUYER_ACCEPT_GOODS");
        }
}

void FakeAliExpress::deliver(const QString &orderId)
{
    QMutexLocker l(&m_lock);
    for (Order &o : m_orders)
        if (o.id == orderId) {
            o.delivered = true;
            o.status = QStringLiteral("FINISH");
        }
}

void FakeAliExpress::setOrderState(const QString &orderId, const QString &status,
                                   const QString &endReason, const QString &logisticsStatus)
{
    QMutexLocker l(&m_lock);
    for (Order &o : m_orders)
        if (o.id == orderId) {
            o.status = status;
            o.endReason = endReason;
            o.logisticsStatus = logisticsStatus;
        }
}

void FakeAliExpress::addParcel(const QString &orderId, const QString &carrier,
                               const QString &number, bool delivered)
{
    QMutexLocker l(&m_lock);
    for (Order &o : m_orders)
        if (o.id == orderId)
            o.moreParcels.append({carrier, number, delivered});
}

void FakeAliExpress::deliverParcel(const QString &orderId, const QString &number)
{
    QMutexLocker l(&m_lock);
    for (Order &o : m_orders) {
        if (o.id != orderId)
            continue;
        if (o.trackingNumber == number)
            o.delivered = true;
        for (Order::Parcel &p : o.moreParcels)
            if (p.trackingNumber == number)
                p.delivered = true;
    }
}

void FakeAliExpress::setPaymentFails(bool fails)
{
    QMutexLocker l(&m_lock);
    m_paymentFails = fails;
}

void FakeAliExpress::failProductGet(const QString &productId, const QString &errorCode)
{
    QMutexLocker l(&m_lock);
    if (errorCode.isEmpty())
        m_failProduct.remove(productId);
    else
        m_failProduct.insert(productId, errorCode);
}

void FakeAliExpress::failOrderGet(const QString &orderId, const QString &errorCode)
{
    QMutexLocker l(&m_lock);
    if (errorCode.isEmpty())
        m_failOrder.remove(orderId);
    else
        m_failOrder.insert(orderId, errorCode);
}

void FakeAliExpress::expireAccessToken()
{
    QMutexLocker l(&m_lock);
    m_token = "expired-" + m_token;
}

void FakeAliExpress::setRefreshToken(const QByteArray &t)
{
    QMutexLocker l(&m_lock);
    m_refresh = t;
}

QByteArray FakeAliExpress::accessToken() const
{
    QMutexLocker l(&m_lock);
    return m_token;
}

QList<FakeAliExpress::Order> FakeAliExpress::orders() const
{
    QMutexLocker l(&m_lock);
    return m_orders;
}

QStringList FakeAliExpress::methodsCalled() const
{
    QMutexLocker l(&m_lock);
    return m_methods;
}

QStringList FakeAliExpress::orderGets() const
{
    QMutexLocker l(&m_lock);
    return m_orderGets;
}

int FakeAliExpress::badSignatures() const
{
    QMutexLocker l(&m_lock);
    return m_badSignatures;
}

QByteArray FakeAliExpress::tokens(const QString &path, const QMap<QString, QString> &p)
{
    const auto refused = [](const QString &code, const QString &message) {
        return QJsonDocument(QJsonObject{{QStringLiteral("code"), code},
                                         {QStringLiteral("message"), message},
                                         {QStringLiteral("request_id"), QStringLiteral("fake")}})
            .toJson(QJsonDocument::Compact);
    };
    if (path.endsWith(QLatin1String("/create"))) {
        if (!m_codes.remove(p.value(QStringLiteral("code"))))
            return refused(QStringLiteral("InvalidCode"),
                           QStringLiteral("The authorization code is invalid or expired"));
    } else if (p.value(QStringLiteral("refresh_token")).toUtf8() != m_refresh) {
        return refused(QStringLiteral("IllegalRefreshToken"),
                       QStringLiteral("refresh token invalid"));
    }
    ++m_tokens;
    m_token = "token-" + QByteArray::number(m_tokens);
    m_refresh = "refresh-" + QByteArray::number(m_tokens);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return QJsonDocument(
               QJsonObject{{QStringLiteral("code"), QStringLiteral("0")},
                           {QStringLiteral("access_token"), QString::fromUtf8(m_token)},
                           {QStringLiteral("refresh_token"), QString::fromUtf8(m_refresh)},
                           {QStringLiteral("expire_time"), now + m_accessLifetime},
                           {QStringLiteral("expires_in"), m_accessLifetime / 1000},
                           {QStringLiteral("refresh_token_valid_time"), now + m_refreshLifetime},
                           {QStringLiteral("refresh_expires_in"), m_refreshLifetime / 1000},
                           {QStringLiteral("user_nick"), QStringLiteral("fake-seller")},
                           {QStringLiteral("request_id"), QStringLiteral("fake")}})
        .toJson(QJsonDocument::Compact);
}

namespace {
QByteArray errorResponse(const QString &code, const QString &msg, const QString &sub = {})
{
    QJsonObject e{{QStringLiteral("code"), code},
                  {QStringLiteral("msg"), msg},
                  {QStringLiteral("request_id"), QStringLiteral("fake")}};
    if (!sub.isEmpty())
        e.insert(QStringLiteral("sub_code"), sub);
    return QJsonDocument(QJsonObject{{QStringLiteral("error_response"), e}})
        .toJson(QJsonDocument::Compact);
}
} // namespace

void FakeAliExpress::setDown(bool down)
{
    QMutexLocker lock(&m_lock);
    m_down = down;
}

int FakeAliExpress::callsWhileDown() const
{
    QMutexLocker lock(&m_lock);
    return m_callsWhileDown;
}

QByteArray FakeAliExpress::handle(const QString &path, const QByteArray &body, int *status)
{
    const QUrlQuery form(QString::fromUtf8(body));
    QMap<QString, QString> p;
    for (const auto &[k, v] : form.queryItems(QUrl::FullyDecoded))
        p.insert(k, v);
    // The signature: sorted parameters (a QMap is), name+value, HMAC-SHA256, hex upper-case;
    // system calls prepend the API path.
    QByteArray text = path.startsWith(QLatin1String("/rest"))
                          ? path.mid(int(qstrlen("/rest"))).toUtf8()
                          : QByteArray();
    for (auto it = p.cbegin(); it != p.cend(); ++it)
        if (it.key() != QLatin1String("sign"))
            text += it.key().toUtf8() + it.value().toUtf8();
    const QByteArray expected =
        QMessageAuthenticationCode::hash(text, m_secret, QCryptographicHash::Sha256)
            .toHex()
            .toUpper();
    QMutexLocker lock(&m_lock);
    if (m_down) {
        ++m_callsWhileDown;
        *status = 503;
        return QByteArrayLiteral("Service Unavailable");
    }
    QString method = p.value(QStringLiteral("method"));
    if (path != QLatin1String("/sync")) // /rest/auth/token/create -> auth.token.create
        method = path.mid(int(qstrlen("/rest/"))).replace(QLatin1Char('/'), QLatin1Char('.'));
    m_methods << method;
    if (p.value(QStringLiteral("sign")).toLatin1() != expected ||
        p.value(QStringLiteral("sign_method")) != QLatin1String("sha256")) {
        ++m_badSignatures;
        return errorResponse(QStringLiteral("25"), QStringLiteral("Invalid signature"));
    }
    if (p.value(QStringLiteral("app_key")) != m_appKey)
        return errorResponse(QStringLiteral("29"), QStringLiteral("Invalid app Key"));
    if (path != QLatin1String("/sync"))
        return tokens(path, p);
    if (p.value(QStringLiteral("session")).toUtf8() != m_token)
        return errorResponse(QStringLiteral("27"), QStringLiteral("Invalid session"),
                             QStringLiteral("IllegalAccessToken"));
    std::optional<Forced> forced;
    for (auto it = m_forced.begin(); it != m_forced.end(); ++it)
        if (it->method.isEmpty() || it->method == method) {
            forced = *it;
            m_forced.erase(it);
            break;
        }
    if (forced && forced->httpStatus) {
        *status = forced->httpStatus;
        return QByteArrayLiteral("{}");
    }
    if (forced && !forced->gatewayCode.isEmpty())
        return errorResponse(forced->gatewayCode, QStringLiteral("forced"), forced->gatewaySub);
    QJsonObject result;
    if (forced && !forced->businessCode.isEmpty())
        result = {{QStringLiteral("is_success"), false},
                  {QStringLiteral("error_code"), forced->businessCode},
                  {QStringLiteral("error_msg"), QStringLiteral("forced")}};
    else
        result = business(method, p);
    QString key = method;
    key.replace(QLatin1Char('.'), QLatin1Char('_'));
    const QByteArray answer =
        QJsonDocument(
            QJsonObject{{key + QStringLiteral("_response"),
                         QJsonObject{{QStringLiteral("result"), result},
                                     {QStringLiteral("request_id"), QStringLiteral("fake")}}}})
            .toJson(QJsonDocument::Compact);
    if (forced && forced->delayMs > 0) {
        lock.unlock();
        QThread::msleep(ulong(forced->delayMs)); // the work is done; the answer comes too late
    } else if (forced && forced->gate) {
        lock.unlock();
        forced->gate->tryAcquire(1, 30000);
    }
    return answer;
}

QJsonObject FakeAliExpress::business(const QString &method, const QMap<QString, QString> &p)
{
    const auto json = [&p](const char *name) {
        return QJsonDocument::fromJson(p.value(QLatin1String(name)).toUtf8()).object();
    };
    if (method == QLatin1String("aliexpress.ds.order.create")) {
        const QJsonObject req = json("param_place_order_request4_open_api_d_t_o");
        const QString out = req.value(QStringLiteral("out_order_id")).toString();
        for (const Order &o : std::as_const(m_orders))
            if (!out.isEmpty() && o.outOrderId == out)
                return {{QStringLiteral("is_success"), false},
                        {QStringLiteral("error_code"), QStringLiteral("REPEATED_ORDER_ERROR")},
                        {QStringLiteral("error_msg"), QStringLiteral("repeated out_order_id")}};
        const QJsonObject a = req.value(QStringLiteral("logistics_address")).toObject();
        if (a.value(QStringLiteral("address")).toString().isEmpty() ||
            a.value(QStringLiteral("zip")).toString() == QLatin1String("00000"))
            return {{QStringLiteral("is_success"), false},
                    {QStringLiteral("error_code"),
                     QStringLiteral("B_DROPSHIPPER_DELIVERY_ADDRESS_VALIDATE_FAIL")},
                    {QStringLiteral("error_msg"), QStringLiteral("address invalid")}};
        for (const QJsonValue &v : req.value(QStringLiteral("product_items")).toArray()) {
            const QJsonObject item = v.toObject();
            const QString product = item.value(QStringLiteral("product_id")).toString();
            const QString attr = item.value(QStringLiteral("sku_attr")).toString();
            if (!m_products.contains(product))
                continue; // a product the test did not describe: any SKU
            auto &skus = m_products[product].second;
            if (std::none_of(skus.cbegin(), skus.cend(),
                             [&](const Sku &s) { return s.attr() == attr; }))
                return {{QStringLiteral("is_success"), false},
                        {QStringLiteral("error_code"), QStringLiteral("B_DROPSHIPPER_SKU_ERROR")},
                        {QStringLiteral("error_msg"),
                         QStringLiteral("no SKU of product %1 has sku_attr \"%2\"")
                             .arg(product, attr)}};
            for (Sku &s : skus)
                if (s.attr() == attr) {
                    if (s.stock < item.value(QStringLiteral("product_count")).toInt())
                        return {
                            {QStringLiteral("is_success"), false},
                            {QStringLiteral("error_code"), QStringLiteral("INVENTORY_HOLD_ERROR")},
                            {QStringLiteral("error_msg"), QStringLiteral("stock held")}};
                    s.stock -= item.value(QStringLiteral("product_count")).toInt();
                }
        }
        Order o;
        o.id = QString::number(8'000'000'001LL + m_orders.size());
        o.outOrderId = out;
        o.request = req;
        if (m_paymentFails)
            o.status = QStringLiteral("PLACE_ORDER_SUCCESS");
        m_orders.append(o);
        QJsonObject created{
            {QStringLiteral("is_success"), true},
            {QStringLiteral("order_list"),
             QJsonObject{{QStringLiteral("number"), QJsonArray{o.id.toLongLong()}}}}};
        if (m_paymentFails) // the order exists, unpaid
            created.insert(QStringLiteral("error_msg"),
                           QStringLiteral("OrderCreated, autoPay fail:APIPayFail"));
        return created;
    }
    if (method == QLatin1String("aliexpress.trade.ds.order.get")) {
        const QJsonObject q = json("single_order_query");
        m_orderGets << q.value(QStringLiteral("order_id")).toString();
        for (const Order &o : std::as_const(m_orders)) {
            if (o.id != q.value(QStringLiteral("order_id")).toString() &&
                (o.outOrderId.isEmpty() ||
                 o.outOrderId != q.value(QStringLiteral("out_order_id")).toString()))
                continue;
            if (m_failOrder.contains(o.id))
                return {{QStringLiteral("is_success"), false},
                        {QStringLiteral("error_code"), m_failOrder.value(o.id)},
                        {QStringLiteral("error_msg"), QStringLiteral("forced for this order")}};
            QJsonObject child{{QStringLiteral("product_count"), 1}};
            if (!o.endReason.isEmpty())
                child.insert(QStringLiteral("end_reason"), o.endReason);
            return {{QStringLiteral("order_id"), o.id.toLongLong()},
                    {QStringLiteral("out_order_id"), o.outOrderId},
                    {QStringLiteral("order_status"), o.status},
                    {QStringLiteral("child_order_list"),
                     QJsonObject{{QStringLiteral("aeop_child_order_info"), QJsonArray{child}}}},
                    {QStringLiteral("logistics_status"),
                     !o.logisticsStatus.isEmpty() ? o.logisticsStatus
                     : o.delivered                ? QStringLiteral("BUYER_ACCEPT_GOODS")
                     : o.trackingNumber.isEmpty() ? QStringLiteral("NO_LOGISTICS")
                                                  : QStringLiteral("SELLER_SEND_GOODS")}};
        }
        return {{QStringLiteral("is_success"), false},
                {QStringLiteral("error_code"), QStringLiteral("ORDER_NOT_FOUND")},
                {QStringLiteral("error_msg"), QStringLiteral("no such order")}};
    }
    if (method == QLatin1String("aliexpress.ds.order.tracking.get")) {
        for (const Order &o : std::as_const(m_orders)) {
            if (o.id != p.value(QStringLiteral("ae_order_id")))
                continue;
            if (o.trackingNumber.isEmpty())
                return {{QStringLiteral("ret"), false},
                        {QStringLiteral("code"), QStringLiteral("NO_TRACKING")},
                        {QStringLiteral("msg"), QStringLiteral("not shipped yet")}};
            const qint64 t0 = 1'790'000'000'000LL;
            const auto line = [t0](const QString &carrier, const QString &number, bool delivered) {
                QJsonArray nodes{QJsonObject{
                    {QStringLiteral("time_stamp"), t0},
                    {QStringLiteral("tracking_name"), QStringLiteral("Accepted by carrier")},
                    {QStringLiteral("tracking_detail_desc"), QStringLiteral("Shenzhen")}}};
                if (delivered)
                    nodes.append(QJsonObject{
                        {QStringLiteral("time_stamp"), t0 + 8 * 86'400'000LL},
                        {QStringLiteral("tracking_name"), QStringLiteral("Delivered")},
                        {QStringLiteral("tracking_detail_desc"), QStringLiteral("Lille")}});
                return QJsonObject{{QStringLiteral("carrier_name"), carrier},
                                   {QStringLiteral("mail_no"), number},
                                   {QStringLiteral("detail_node_list"),
                                    QJsonObject{{QStringLiteral("detail_node"), nodes}}}};
            };
            QJsonArray lines{line(o.carrier, o.trackingNumber, o.delivered)};
            for (const Order::Parcel &p : o.moreParcels)
                lines.append(line(p.carrier, p.trackingNumber, p.delivered));
            return {{QStringLiteral("ret"), true},
                    {QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("tracking_detail_line_list"),
                                  QJsonObject{{QStringLiteral("tracking_detail"), lines}}}}}};
        }
        return {{QStringLiteral("ret"), false},
                {QStringLiteral("code"), QStringLiteral("ORDER_NOT_FOUND")},
                {QStringLiteral("msg"), QStringLiteral("no such order")}};
    }
    if (method == QLatin1String("aliexpress.ds.product.get")) {
        const QString id = p.value(QStringLiteral("product_id"));
        if (m_failProduct.contains(id))
            return {{QStringLiteral("is_success"), false},
                    {QStringLiteral("error_code"), m_failProduct.value(id)},
                    {QStringLiteral("error_msg"), QStringLiteral("forced for this product")}};
        if (!m_products.contains(id))
            return {{QStringLiteral("is_success"), false},
                    {QStringLiteral("error_code"), QStringLiteral("PRODUCT_NOT_EXIST")},
                    {QStringLiteral("error_msg"), QStringLiteral("no such product")}};
        QJsonArray skus;
        for (const Sku &s : m_products.value(id).second) {
            QJsonArray props;
            for (const auto &[name, value] : s.properties)
                props.append(QJsonObject{{QStringLiteral("sku_property_name"), name},
                                         {QStringLiteral("sku_property_value"), value}});
            skus.append(
                QJsonObject{{QStringLiteral("sku_id"), s.skuId},
                            {QStringLiteral("sku_attr"), s.attr()},
                            {QStringLiteral("offer_sale_price"), s.price},
                            {QStringLiteral("sku_available_stock"), s.stock},
                            {QStringLiteral("currency_code"), s.currency},
                            {QStringLiteral("ae_sku_property_dtos"),
                             QJsonObject{{QStringLiteral("ae_sku_property_d_t_o"), props}}}});
        }
        QJsonObject product{{QStringLiteral("ae_item_base_info_dto"),
                             QJsonObject{{QStringLiteral("subject"), m_products.value(id).first}}},
                            {QStringLiteral("ae_item_sku_info_dtos"),
                             QJsonObject{{QStringLiteral("ae_item_sku_info_d_t_o"), skus}}}};
        if (const QString store = m_stores.value(id); !store.isEmpty())
            product.insert(QStringLiteral("ae_store_info"),
                           QJsonObject{{QStringLiteral("store_name"), store}});
        return product;
    }
    if (method == QLatin1String("aliexpress.ds.freight.query")) {
        const QString country =
            json("queryDeliveryReq").value(QStringLiteral("shipToCountry")).toString();
        const QList<Delivery> options = m_freight.value(
            country, {{QStringLiteral("CAINIAO_STANDARD"), QStringLiteral("2.50"), 7, 15}});
        if (options.isEmpty())
            return {
                {QStringLiteral("success"), false},
                {QStringLiteral("code"), QStringLiteral("DELIVERY_NOT_SUPPORTED")},
                {QStringLiteral("msg"), QString(QStringLiteral("not delivered to ") + country)}};
        QJsonArray out;
        for (const Delivery &d : options)
            out.append(QJsonObject{{QStringLiteral("code"), d.code},
                                   {QStringLiteral("shipping_fee"), d.fee},
                                   {QStringLiteral("min_delivery_days"), d.minDays},
                                   {QStringLiteral("max_delivery_days"), d.maxDays}});
        return {{QStringLiteral("success"), true},
                {QStringLiteral("delivery_options"),
                 QJsonObject{{QStringLiteral("delivery_option_d_t_o"), out}}}};
    }
    return {{QStringLiteral("is_success"), false},
            {QStringLiteral("error_code"), QStringLiteral("UNKNOWN_METHOD")},
            {QStringLiteral("error_msg"), method}};
}

} // namespace dc::test
