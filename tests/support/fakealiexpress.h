// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A local HTTP server that plays the AliExpress dropshipping API in its own thread: it checks
// every request's signature, app key and access token, creates tokens from authorisation codes
// (its /oauth/authorize consents at once and redirects with a code) and refreshes them, keeps
// products (SKU price, stock and properties, the store), freight per country, orders
// (out_order_id unique: a second create is REPEATED_ORDER_ERROR) and tracking, and answers any
// error on demand, or late (a timeout after the work was done).
#include <QByteArray>
#include <QHash>
#include <QHttpServer>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QThread>

#include <atomic>
#include <deque>
#include <memory>

namespace dc::test {

class FakeAliExpress
{
public:
    struct Sku
    {
        QString skuId;
        QString price; // "12.50"
        int stock = 0;
        QString currency = QStringLiteral("EUR");
        QList<std::pair<QString, QString>> properties; // ("Color", "Silver"), ("Size", "M")
        // What ds.order.create names it by, as AliExpress does: never the sku_id itself, so a
        // client that sends the id is refused ("14:<sku>#Silver;5:<sku>#M").
        QString attr() const;
    };
    struct Delivery
    {
        QString code;
        QString fee; // "2.50"
        int minDays = 7, maxDays = 15;
    };
    struct Order
    {
        QString id;
        QString outOrderId;
        QJsonObject request; // what create was sent
        QString status = QStringLiteral("WAIT_SELLER_SEND_GOODS");
        QString endReason;       // child orders' end_reason (a closed order says why)
        QString logisticsStatus; // empty: derived from the parcels
        QString carrier, trackingNumber;
        bool delivered = false;
        struct Parcel
        {
            QString carrier, trackingNumber;
            bool delivered = false;
        };
        QList<Parcel> moreParcels; // a split order's other parcels
    };
    // What the next matching call answers instead of the normal answer.
    struct Forced
    {
        QString method;       // "aliexpress.ds.order.create", ... ; empty: any
        QString gatewayCode;  // error_response code (e.g. "ApiCallLimit", "IllegalAccessToken")
        QString gatewaySub;   // its sub_code
        QString businessCode; // result.error_code with is_success=false
        int httpStatus = 0;   // e.g. 500
        int delayMs = 0;      // answer this late (the normal work is still done first)
        // Answer once the test releases it (the work is done first); 30 s at most.
        std::shared_ptr<QSemaphore> gate;
    };

    FakeAliExpress(QString appKey, QByteArray appSecret, QByteArray accessToken);
    ~FakeAliExpress();
    QString url() const; // http://127.0.0.1:PORT

    void addProduct(const QString &productId, const QString &title, const QList<Sku> &skus,
                    const QString &storeName = {});
    // freight.query to the country answers these options; an empty list: not delivered there
    // (a refusal). Countries not set get CAINIAO_STANDARD at 2.50.
    void setFreight(const QString &country, const QList<Delivery> &options);
    // A code /auth/token/create exchanges once (as the seller's consent gives one).
    void addAuthorizationCode(const QString &code);
    // How long the tokens it creates from now on live (access: a day, refresh: 30 days).
    void setTokenLifetime(qint64 accessMs, qint64 refreshMs);
    // The codes /oauth/authorize handed out (its consent pages seen).
    int authorizations() const;
    void setStock(const QString &productId, const QString &skuId, int stock);
    void force(const Forced &f);
    // The supplier ships / the parcel arrives.
    void ship(const QString &orderId, const QString &carrier, const QString &trackingNumber);
    void deliver(const QString &orderId);
    // What AliExpress says of an order from now on: order_status (e.g. "FINISH",
    // "PLACE_ORDER_SUCCESS", "RISK_CONTROL_HOLD", "IN_CANCEL"), the end_reason of a closed one,
    // and logistics_status (empty: derived from its parcels).
    void setOrderState(const QString &orderId, const QString &status, const QString &endReason = {},
                       const QString &logisticsStatus = {});
    // Split parcels: another parcel of the order (status SELLER_PART_SEND_GOODS until every
    // parcel is delivered... as the test sets it).
    void addParcel(const QString &orderId, const QString &carrier, const QString &trackingNumber,
                   bool delivered = false);
    void deliverParcel(const QString &orderId, const QString &trackingNumber);
    // Orders created from now on are created unpaid: "OrderCreated, autoPay fail" (is_success
    // true) and PLACE_ORDER_SUCCESS.
    void setPaymentFails(bool fails);
    // An outage: every request answers HTTP 503 and does nothing until set back.
    void setDown(bool down);
    int callsWhileDown() const;
    // Every product.get of this product / order.get of this order answers this business error
    // (is_success=false, error_code) until cleared with an empty code.
    void failProductGet(const QString &productId, const QString &errorCode);
    void failOrderGet(const QString &orderId, const QString &errorCode);
    // Tokens: the current one stops working (the next call must refresh).
    void expireAccessToken();
    void setRefreshToken(const QByteArray &t);
    QByteArray accessToken() const;

    QList<Order> orders() const;
    QStringList methodsCalled() const;
    QStringList orderGets() const; // the order ids order.get was asked for, in order
    int badSignatures() const;
    // No request is being answered (a late answer has gone out).
    bool idle() const { return m_inFlight.load() == 0; }

private:
    QByteArray handle(const QString &path, const QByteArray &body, int *status);
    QByteArray tokens(const QString &path, const QMap<QString, QString> &p);
    QJsonObject business(const QString &method, const QMap<QString, QString> &p);

    QThread m_thread;
    QObject *m_worker = nullptr;
    QHttpServer *m_http = nullptr;
    quint16 m_port = 0;
    QString m_appKey;
    QByteArray m_secret;
    mutable QMutex m_lock;
    QByteArray m_token;
    QByteArray m_refresh = "refresh-1";
    int m_tokens = 1;
    QMap<QString, QPair<QString, QList<Sku>>> m_products;
    QHash<QString, QString> m_stores;
    QHash<QString, QList<Delivery>> m_freight;
    QSet<QString> m_codes;
    int m_authorizations = 0;
    qint64 m_accessLifetime = 86'400'000;
    qint64 m_refreshLifetime = 30 * 86'400'000LL;
    QList<Order> m_orders;
    std::deque<Forced> m_forced;
    bool m_paymentFails = false;
    bool m_down = false;
    int m_callsWhileDown = 0;
    QHash<QString, QString> m_failProduct, m_failOrder;
    QStringList m_methods;
    QStringList m_orderGets;
    int m_badSignatures = 0;
    std::atomic<int> m_inFlight{0};
};

} // namespace dc::test
