// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The AliExpress open platform (dropshipping) client. Every request is signed (sign_method
// sha256: HMAC-SHA256 with the app secret over the parameters sorted by name, concatenated as
// name1value1name2value2..., hex upper-case; system methods prepend their API path). The access
// token is refreshed before it expires and once more when the platform says it is invalid.
// Calls block the calling thread (agent actions run on task worker threads).
//
// Errors carry a code and whether retrying can help: gateway errors (error_response) and the
// business errors inside a result (is_success=false). Creating an order is never retried here:
// the caller retries with the same out_order_id, and REPEATED_ORDER_ERROR means "look it up".
#include "core/callhealth.h"
#include "core/error.h"
#include "core/money.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QUrl>

#include <expected>
#include <functional>

namespace dc::aliexpress {

struct AeError
{
    enum class Kind {
        Network,  // no answer, timeout: the request may or may not have been carried out
        Gateway,  // error_response
        Business, // is_success=false inside the result
        Auth,     // token invalid or expired, refresh refused, signature refused
        Invalid,  // an answer we cannot read
        Config,   // no credentials
    };
    Kind kind = Kind::Invalid;
    QString code; // e.g. "timeout", "ApiCallLimit", "INVENTORY_HOLD_ERROR"
    QString message;
    bool retryable = false;
    // Known to have been carried out all the same (order.create: REPEATED_ORDER_ERROR whose
    // lookup then failed).
    bool acted = false;

    // Whether a call that changes something may have been carried out all the same. Only the
    // refusals known to come before anything runs say no: credentials, a call limit, the
    // service unreachable behind the gateway, a request refused as such (non-retryable), a
    // business refusal, a stop before sending (a mutation is never stopped once sent). No
    // answer, a 5xx, a timeout or system error behind the gateway, an answer we cannot read:
    // maybe. A supplier order asked for stays `submitting` then, and is looked up.
    bool mayHaveActed() const;

    // The backend's error (core/error.h), with the codes agents and clients see:
    // NOT_CONFIGURED, SUPPLIER_AUTH, INVENTORY_HOLD, ADDRESS_REJECTED, SUPPLIER_UNAVAILABLE
    // (retry), SUPPLIER_ERROR.
    dc::Error toError() const;
};

struct Credentials
{
    QString appKey;
    QByteArray appSecret;
    QByteArray accessToken;
    QByteArray refreshToken;
    qint64 accessExpiresMs = 0; // epoch ms; 0: unknown (never refreshed ahead of time)
    qint64 refreshExpiresMs = 0;
    qint64 accessIssuedMs = 0; // when the access token was obtained (0: unknown)
    bool complete() const
    {
        return !appKey.isEmpty() && !appSecret.isEmpty() && !accessToken.isEmpty();
    }
};

struct OrderAddress
{
    QString fullName, contactPerson, address, address2, city, province, zip, country, phone;
};

struct OrderItem
{
    QString productId;
    QString skuAttr;
    int quantity = 0;
    QString logisticsService; // empty: the supplier's default
};

struct PlacedOrder
{
    QString aeOrderId;
    bool alreadyExisted = false; // REPEATED_ORDER_ERROR: the out_order_id was known
    // Created but not paid: is_success with "OrderCreated, autoPay fail:<why>" as error_msg.
    // The order exists; the DS API has no call to pay it again.
    QString paymentError;
};

struct OrderStatusInfo
{
    QString aeOrderId;
    QString outOrderId;
    // aliexpress.trade.ds.order.get's order_status: PLACE_ORDER_SUCCESS (not paid),
    // PAYMENT_PROCESSING, WAIT_SELLER_EXAMINE_MONEY, RISK_CONTROL (the 24 h check after every
    // payment), RISK_CONTROL_HOLD, WAIT_GROUP, WAIT_COMPLETE_ADDRESS, WAIT_SELLER_SEND_GOODS,
    // SELLER_PART_SEND_GOODS, WAIT_BUYER_ACCEPT_GOODS, IN_CANCEL, FINISH (received or closed)
    QString status;
    // DEFAULT, NO_LOGISTICS, WAIT_SELLER_SEND_GOODS, SELLER_SEND_PART_GOODS, SELLER_SEND_GOODS,
    // BUYER_ACCEPT_GOODS
    QString logisticsStatus;
    // Why a FINISH order ended, from its child orders (e.g. CANCELED, buyer_accept_goods,
    // risk_reject_closed, buyer_cancel_notpay_order); empty when not given.
    QString endReason;
};

struct TrackingLine
{
    QString carrier;
    QString trackingNumber;
    struct Node
    {
        QDateTime at;
        QString name;
        QString description;
    };
    QList<Node> nodes;
};

struct SkuInfo
{
    QString skuId;
    QString skuAttr;
    Money price;
    int stock = 0;
    // The SKU's properties as the buyer sees them, in order: ("Color", "Silver"), ("Size",
    // "M"); the seller's own name for a value when it gave one.
    QList<std::pair<QString, QString>> properties;
};

struct ProductInfo
{
    QString productId;
    QString title;
    QString storeName; // the AliExpress store selling it; empty when not said
    QList<SkuInfo> skus;
};

struct FreightOption
{
    QString code;
    Money fee;
    int minDays = 0;
    int maxDays = 0;
};

class AliExpressClient
{
public:
    struct Options
    {
        QString url = QStringLiteral("https://api-sg.aliexpress.com"); // /sync and /rest below it
        int timeoutMs = 30'000;
        int readAttempts = 3; // reads retry network and retryable gateway errors here
        int backoffMs = 500;
        std::function<void(int ms)> sleep;
        std::function<qint64()> now; // epoch ms; empty: the system clock (tests move it)
    };
    // Where the credentials come from and where refreshed tokens go (the secret store).
    using LoadCredentials = std::function<std::expected<Credentials, QString>()>;
    using SaveCredentials = std::function<std::expected<void, QString>(const Credentials &)>;

    AliExpressClient(Options options, LoadCredentials load, SaveCredentials save);

    // The signature of a parameter set (apiPath empty for business methods).
    static QByteArray sign(const QMap<QString, QString> &params, const QByteArray &secret,
                           const QString &apiPath = {});

    // One business call; the "<method>_response" object or the error.
    std::expected<QJsonObject, AeError> call(const QString &method, QMap<QString, QString> params,
                                             bool idempotent);
    // Whether AliExpress answered the last call (a business refusal is an answer).
    const CallHealth &health() const { return m_health; }
    // Told after each call whether AliExpress answered (no: network, 5xx, a retryable gateway
    // error after the retries here): the task circuits (tasks/circuits.h). Set before use.
    void setReachObserver(std::function<void(bool answered, const QString &error)> observer)
    {
        m_reach = std::move(observer);
    }

    std::expected<PlacedOrder, AeError> createOrder(const QString &outOrderId,
                                                    const OrderAddress &address,
                                                    const QList<OrderItem> &items);
    // By AliExpress order id, or (aeOrderId empty) by our out_order_id.
    std::expected<OrderStatusInfo, AeError> order(const QString &aeOrderId,
                                                  const QString &outOrderId = {});
    std::expected<QList<TrackingLine>, AeError> tracking(const QString &aeOrderId);
    std::expected<ProductInfo, AeError> product(const QString &productId, const QString &country,
                                                const QString &currency);
    std::expected<QList<FreightOption>, AeError> freight(const QString &productId,
                                                         const QString &skuId, int quantity,
                                                         const QString &country,
                                                         const QString &currency);
    // Exchanges the refresh token for a new access token and saves it.
    std::expected<Credentials, AeError> refreshAccessToken();
    // The seller's authorisation code (from the OAuth redirect) exchanged for tokens
    // (/auth/token/create) and saved with the app key and secret already stored. A code
    // AliExpress refuses (wrong, used, expired) is an Auth error.
    std::expected<Credentials, AeError> createToken(const QString &code);
    // Refreshes the access token when less than a day, or half its lifetime when that is
    // shorter, remains of it: run from a timer so that no call meets an expired token. True
    // when it refreshed; false when there was nothing to do (fresh, or not authorised).
    std::expected<bool, AeError> keepFresh();
    // The page where the seller grants the app access (OAuth 2 code flow): AliExpress sends the
    // browser back to redirectUri with ?code=...&state=...
    QUrl authorizeUrl(const QString &appKey, const QString &redirectUri,
                      const QString &state) const;
    // Epoch ms by the client's clock.
    qint64 now() const;

private:
    std::expected<QJsonObject, AeError> callOnce(const QString &method,
                                                 QMap<QString, QString> params, bool idempotent);
    CallHealth m_health;
    std::function<void(bool, const QString &)> m_reach;
    std::expected<Credentials, AeError> credentials();
    // Refreshes unless another thread already replaced `stale`, or more than aheadMs remains
    // of it (aheadMs 0: refresh anyway, the platform refused the token).
    std::expected<Credentials, AeError> refresh(const QByteArray &stale, qint64 aheadMs);
    // A system call (/auth/token/create, /auth/token/refresh) answering tokens: signed with
    // its API path, its tokens put into `into` and saved.
    std::expected<Credentials, AeError> tokenCall(const QString &apiPath,
                                                  QMap<QString, QString> params, Credentials into);
    std::expected<QJsonObject, AeError> post(const QString &path,
                                             const QMap<QString, QString> &params);
    void sleep(int ms);

    Options m_options;
    LoadCredentials m_load;
    SaveCredentials m_save;
    QMutex m_refreshLock; // one refresh at a time
};

} // namespace dc::aliexpress
