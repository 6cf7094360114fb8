// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A local HTTP server that plays the AliExpress dropshipping API in its own thread: it checks
// every request's signature, app key and access token, refreshes tokens, keeps products (SKU
// price and stock), orders (out_order_id unique: a second create is REPEATED_ORDER_ERROR) and
// tracking, and answers any error on demand, or late (a timeout after the work was done).
#include <QByteArray>
#include <QHttpServer>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <deque>

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
    };
    struct Order
    {
        QString id;
        QString outOrderId;
        QJsonObject request; // what create was sent
        QString status = QStringLiteral("WAIT_SELLER_SEND_GOODS");
        QString carrier, trackingNumber;
        bool delivered = false;
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
    };

    FakeAliExpress(QString appKey, QByteArray appSecret, QByteArray accessToken);
    ~FakeAliExpress();
    QString url() const; // http://127.0.0.1:PORT

    void addProduct(const QString &productId, const QString &title, const QList<Sku> &skus);
    void setStock(const QString &productId, const QString &skuId, int stock);
    void force(const Forced &f);
    // The supplier ships / the parcel arrives.
    void ship(const QString &orderId, const QString &carrier, const QString &trackingNumber);
    void deliver(const QString &orderId);
    // Tokens: the current one stops working (the next call must refresh).
    void expireAccessToken();
    void setRefreshToken(const QByteArray &t);
    QByteArray accessToken() const;

    QList<Order> orders() const;
    QStringList methodsCalled() const;
    int badSignatures() const;
    // No request is being answered (a late answer has gone out).
    bool idle() const { return m_inFlight.load() == 0; }

private:
    QByteArray handle(const QString &path, const QByteArray &body, int *status);
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
    QList<Order> m_orders;
    std::deque<Forced> m_forced;
    QStringList m_methods;
    int m_badSignatures = 0;
    std::atomic<int> m_inFlight{0};
};

} // namespace dc::test
