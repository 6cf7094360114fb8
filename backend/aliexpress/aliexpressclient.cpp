// SPDX-License-Identifier: GPL-3.0-or-later
#include "aliexpress/aliexpressclient.h"

#include "core/blockinghttp.h"
#include "core/logging.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <optional>

namespace dc::aliexpress {

dc::Error AeError::toError() const
{
    using K = dc::Error::Kind;
    const QString coded = code + QStringLiteral(": ") + message;
    switch (kind) {
    case Kind::Config: // no credentials: nothing to retry until someone enters them
        return {K::Upstream, message, QStringLiteral("NOT_CONFIGURED"), {}};
    case Kind::Auth:
        return {K::Upstream, message, QStringLiteral("SUPPLIER_AUTH"), {}};
    case Kind::Business:
        if (code == QLatin1String("INVENTORY_HOLD_ERROR"))
            return {K::Conflict, message, QStringLiteral("INVENTORY_HOLD"), {}};
        if (code.contains(QLatin1String("ADDRESS")))
            return {K::Invalid, coded, QStringLiteral("ADDRESS_REJECTED"), {}};
        break;
    default:
        break;
    }
    if (retryable)
        return {K::Unavailable, coded, QStringLiteral("SUPPLIER_UNAVAILABLE"), {}};
    return {K::Upstream, coded, QStringLiteral("SUPPLIER_ERROR"), {}};
}

namespace {

// A call refreshes the token first when less than this remains of it.
constexpr qint64 kCallAheadMs = 5 * 60'000;
constexpr qint64 kDayMs = 86'400'000;

// The largest answer read: product details with every SKU, or a page of tracking events, are far
// smaller.
constexpr qint64 kMaxAnswerBytes = 2 * 1024 * 1024;

// The code of a call given up because its task was asked to stop (core/blockinghttp.h).
constexpr char kStopped[] = "stopped";

const QSet<QString> kRetryableGateway{QStringLiteral("7"),
                                      QStringLiteral("ApiCallLimit"),
                                      QStringLiteral("15"),
                                      QStringLiteral("ServiceError"),
                                      QStringLiteral("isp.service-unavailable"),
                                      QStringLiteral("isp.remote-service-timeout"),
                                      QStringLiteral("isp.remote-connection-error")};
const QSet<QString> kAuthGateway{QStringLiteral("27"), QStringLiteral("IllegalAccessToken"),
                                 QStringLiteral("26"), QStringLiteral("MissingSession"),
                                 QStringLiteral("IllegalRefreshToken")};

// Gateway refusals that come before the service runs anything.
const QSet<QString> kRefusedBeforeService{QStringLiteral("7"), QStringLiteral("ApiCallLimit"),
                                          QStringLiteral("isp.service-unavailable")};

QString str(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return {};
}

// AliExpress wraps lists as {"<type_name>": [...]}; accept that and plain arrays.
QJsonArray list(const QJsonValue &v)
{
    if (v.isArray())
        return v.toArray();
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.value().isArray())
            return it.value().toArray();
    return {};
}

AeError businessError(const QJsonObject &result)
{
    const QString code = str(result.value(QStringLiteral("error_code")));
    const QString msg = result.value(QStringLiteral("error_msg")).toString();
    AeError e{AeError::Kind::Business, code.isEmpty() ? QStringLiteral("BUSINESS_ERROR") : code,
              msg, false};
    // Stock held by other buyers frees up; an order the platform already has is looked up.
    e.retryable = code == QLatin1String("INVENTORY_HOLD_ERROR") ||
                  code == QLatin1String("SYSTEM_ERROR") || code.startsWith(QLatin1String("isp."));
    return e;
}

// The "result" object of an answer, which is a refusal when its is_success says so.
std::expected<QJsonObject, AeError> successfulResult(const std::expected<QJsonObject, AeError> &r)
{
    if (!r)
        return std::unexpected(r.error());
    const QJsonObject result = r->value(QStringLiteral("result")).toObject();
    if (result.contains(QStringLiteral("is_success")) &&
        !result.value(QStringLiteral("is_success")).toBool())
        return std::unexpected(businessError(result));
    return result;
}

// The {code, msg} refusal some methods answer with (tracking, freight).
AeError refusal(const QJsonObject &result)
{
    return AeError{AeError::Kind::Business, result.value(QStringLiteral("code")).toString(),
                   result.value(QStringLiteral("msg")).toString(), false};
}

// A JSON request object as the one string parameter these methods take.
QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

AliExpressClient::AliExpressClient(Options options, LoadCredentials load, SaveCredentials save)
    : m_options(std::move(options))
    , m_load(std::move(load))
    , m_save(std::move(save))
{}

QByteArray AliExpressClient::sign(const QMap<QString, QString> &params, const QByteArray &secret,
                                  const QString &apiPath)
{
    QByteArray text = apiPath.toUtf8();
    for (auto it = params.cbegin(); it != params.cend(); ++it) // QMap: sorted by name
        if (it.key() != QLatin1String("sign"))
            text += it.key().toUtf8() + it.value().toUtf8();
    return QMessageAuthenticationCode::hash(text, secret, QCryptographicHash::Sha256)
        .toHex()
        .toUpper();
}

void AliExpressClient::sleep(int ms)
{
    if (m_options.sleep)
        m_options.sleep(ms);
    else
        pauseUnlessStopped(ms); // the next try then gives up
}

QUrl AliExpressClient::authorizeUrl(const QString &appKey, const QString &redirectUri,
                                    const QString &state) const
{
    QUrl url(m_options.url + QStringLiteral("/oauth/authorize"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    q.addQueryItem(QStringLiteral("force_auth"), QStringLiteral("true"));
    q.addQueryItem(QStringLiteral("redirect_uri"),
                   QString::fromLatin1(QUrl::toPercentEncoding(redirectUri)));
    q.addQueryItem(QStringLiteral("client_id"), appKey);
    q.addQueryItem(QStringLiteral("state"), state);
    url.setQuery(q);
    return url;
}

qint64 AliExpressClient::now() const
{
    return m_options.now ? m_options.now() : QDateTime::currentMSecsSinceEpoch();
}

std::expected<Credentials, AeError> AliExpressClient::credentials()
{
    auto c = m_load();
    if (!c)
        return std::unexpected(
            AeError{AeError::Kind::Config, QStringLiteral("not_configured"), c.error(), false});
    if (!c->complete())
        return std::unexpected(AeError{AeError::Kind::Config, QStringLiteral("not_configured"),
                                       QStringLiteral("AliExpress is not configured (app key, app "
                                                      "secret and access token are needed)"),
                                       false});
    // Refresh ahead of expiry rather than fail a call halfway.
    if (c->accessExpiresMs > 0 && c->accessExpiresMs - now() < kCallAheadMs &&
        !c->refreshToken.isEmpty())
        return refresh(c->accessToken, kCallAheadMs);
    return *c;
}

std::expected<QJsonObject, AeError> AliExpressClient::post(const QString &path,
                                                           const QMap<QString, QString> &params)
{
    QUrlQuery form;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        form.addQueryItem(it.key(), QString::fromLatin1(QUrl::toPercentEncoding(it.value())));
    QNetworkRequest req{QUrl(m_options.url + path)};
    req.setHeader(QNetworkRequest::ContentTypeHeader,
                  QByteArray("application/x-www-form-urlencoded;charset=utf-8"));
    req.setTransferTimeout(m_options.timeoutMs);
    const BlockingReply reply =
        blockingPost(req, form.toString(QUrl::FullyEncoded).toUtf8(), kMaxAnswerBytes);
    const int status = reply.status;
    const QByteArray &body = reply.body;
    const QString &netMessage = reply.errorString;
    if (reply.stopped) // as a lost answer (retryable: an order may have been placed)
        return std::unexpected(
            AeError{AeError::Kind::Network, QLatin1String(kStopped), reply.errorString, true});
    if (reply.tooLarge)
        return std::unexpected(AeError{AeError::Kind::Invalid, QStringLiteral("invalid_answer"),
                                       QStringLiteral("HTTP %1, an answer larger than %2 MiB")
                                           .arg(status)
                                           .arg(kMaxAnswerBytes >> 20),
                                       false});
    if (status == 0) {
        const bool timedOut = reply.timedOut();
        return std::unexpected(
            AeError{AeError::Kind::Network,
                    timedOut ? QStringLiteral("timeout") : QStringLiteral("network"),
                    timedOut ? QStringLiteral("no answer within %1 ms").arg(m_options.timeoutMs)
                             : netMessage,
                    true});
    }
    if (status >= 500)
        return std::unexpected(
            AeError{AeError::Kind::Gateway, QStringLiteral("http_%1").arg(status),
                    QStringLiteral("AliExpress answered HTTP %1").arg(status), true});
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return std::unexpected(AeError{AeError::Kind::Invalid, QStringLiteral("invalid_answer"),
                                       QStringLiteral("HTTP %1, not a JSON object").arg(status),
                                       false});
    return doc.object();
}

std::expected<QJsonObject, AeError>
AliExpressClient::call(const QString &method, QMap<QString, QString> params, bool idempotent)
{
    // A call that changes something (placing an order) runs to its answer or its timeout even
    // when its task is asked to stop: its outcome is recorded then (a placement found
    // cancelled meanwhile is told to the operator), where an abort would leave it unknown.
    std::optional<StopScope> shielded;
    if (!idempotent) {
        if (stopRequested())
            return std::unexpected(AeError{AeError::Kind::Network, QLatin1String(kStopped),
                                           QStringLiteral("not sent: the task was asked to stop"),
                                           true});
        shielded.emplace(nullptr);
    }
    auto r = callOnce(method, std::move(params), idempotent);
    shielded.reset();
    if (!r && r.error().code == QLatin1String(kStopped))
        return r; // says nothing of AliExpress's health
    if (r || r.error().kind == AeError::Kind::Business)
        m_health.record(true);
    else if (r.error().kind != AeError::Kind::Config) // not configured is said elsewhere
        m_health.record(false, r.error().code + QStringLiteral(": ") + r.error().message);
    if (m_reach && !(!r && r.error().kind == AeError::Kind::Config)) {
        const bool down =
            !r && r.error().retryable &&
            (r.error().kind == AeError::Kind::Network || r.error().kind == AeError::Kind::Gateway);
        m_reach(!down,
                down ? r.error().code + QStringLiteral(": ") + r.error().message : QString());
    }
    return r;
}

std::expected<QJsonObject, AeError>
AliExpressClient::callOnce(const QString &method, QMap<QString, QString> params, bool idempotent)
{
    bool refreshed = false;
    int backoff = m_options.backoffMs;
    const int attempts = idempotent ? std::max(1, m_options.readAttempts) : 1;
    AeError last;
    for (int attempt = 1; attempt <= attempts + (refreshed ? 1 : 0); ++attempt) {
        auto creds = credentials();
        if (!creds)
            return std::unexpected(creds.error());
        QMap<QString, QString> p = params;
        p.insert(QStringLiteral("method"), method);
        p.insert(QStringLiteral("app_key"), creds->appKey);
        p.insert(QStringLiteral("session"), QString::fromUtf8(creds->accessToken));
        p.insert(QStringLiteral("timestamp"), QString::number(QDateTime::currentMSecsSinceEpoch()));
        p.insert(QStringLiteral("sign_method"), QStringLiteral("sha256"));
        p.insert(QStringLiteral("sign"), QString::fromLatin1(sign(p, creds->appSecret)));
        auto answer = post(QStringLiteral("/sync"), p);
        if (answer) {
            const QJsonObject err = answer->value(QStringLiteral("error_response")).toObject();
            if (err.isEmpty()) {
                QString key = method;
                key.replace(QLatin1Char('.'), QLatin1Char('_'));
                key += QStringLiteral("_response");
                const QJsonValue r = answer->value(key);
                if (!r.isObject())
                    return std::unexpected(
                        AeError{AeError::Kind::Invalid, QStringLiteral("invalid_answer"),
                                QStringLiteral("no %1 in the answer").arg(key), false});
                return r.toObject();
            }
            const QString code = str(err.value(QStringLiteral("code")));
            const QString sub = err.value(QStringLiteral("sub_code")).toString();
            const QString msg = err.value(QStringLiteral("msg")).toString() +
                                (sub.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(sub));
            if (kAuthGateway.contains(code) || kAuthGateway.contains(sub)) {
                // The token was revoked or expired early: refresh once, then give up.
                if (!refreshed && !creds->refreshToken.isEmpty()) {
                    refreshed = true;
                    if (auto r = refresh(creds->accessToken, 0); !r)
                        return std::unexpected(r.error());
                    --attempt;
                    continue;
                }
                return std::unexpected(
                    AeError{AeError::Kind::Auth, QStringLiteral("auth"), msg, false});
            }
            last = AeError{AeError::Kind::Gateway, sub.isEmpty() ? code : sub, msg,
                           kRetryableGateway.contains(code) || kRetryableGateway.contains(sub) ||
                               sub.startsWith(QLatin1String("isp."))};
        } else {
            last = answer.error();
        }
        if (!last.retryable || attempt >= attempts || stopRequested())
            return std::unexpected(last);
        qCInfo(lcAliExpress).noquote()
            << method << "attempt" << attempt << last.code << "- retrying";
        sleep(backoff + int(QRandomGenerator::global()->bounded(backoff / 2 + 1)));
        backoff *= 2;
    }
    return std::unexpected(last);
}

bool AeError::mayHaveActed() const
{
    if (acted)
        return true;
    switch (kind) {
    case Kind::Auth:
    case Kind::Config:
        return false;
    case Kind::Network:
        return code != QLatin1String(kStopped);
    case Kind::Gateway: // the code is the sub_code when there is one
        return code.startsWith(QLatin1String("http_")) ||
               (retryable && !kRefusedBeforeService.contains(code) &&
                !code.startsWith(QLatin1String("accesscontrol.")));
    case Kind::Business:
        return code == QLatin1String("SYSTEM_ERROR") || code.startsWith(QLatin1String("isp."));
    case Kind::Invalid:
        return true;
    }
    return true;
}

std::expected<Credentials, AeError> AliExpressClient::refreshAccessToken()
{
    auto c = m_load();
    if (!c)
        return std::unexpected(
            AeError{AeError::Kind::Config, QStringLiteral("not_configured"), c.error(), false});
    return refresh(c->accessToken, 0);
}

std::expected<Credentials, AeError> AliExpressClient::refresh(const QByteArray &stale,
                                                              qint64 aheadMs)
{
    QMutexLocker lock(&m_refreshLock);
    auto c = m_load();
    if (!c)
        return std::unexpected(
            AeError{AeError::Kind::Config, QStringLiteral("not_configured"), c.error(), false});
    // Another thread may have refreshed while this one waited for the lock.
    if (c->accessToken != stale)
        return *c;
    if (aheadMs > 0 && c->accessExpiresMs > 0 && c->accessExpiresMs - now() > aheadMs)
        return *c;
    if (c->refreshToken.isEmpty())
        return std::unexpected(AeError{AeError::Kind::Auth, QStringLiteral("auth"),
                                       QStringLiteral("the access token expired and there is no "
                                                      "refresh token: authorize the app again"),
                                       false});
    auto r = tokenCall(QStringLiteral("/auth/token/refresh"),
                       {{QStringLiteral("refresh_token"), QString::fromUtf8(c->refreshToken)}}, *c);
    if (r)
        qCInfo(lcAliExpress) << "access token refreshed";
    return r;
}

std::expected<Credentials, AeError> AliExpressClient::createToken(const QString &code)
{
    auto c = m_load();
    if (!c)
        return std::unexpected(
            AeError{AeError::Kind::Config, QStringLiteral("not_configured"), c.error(), false});
    if (c->appKey.isEmpty() || c->appSecret.isEmpty())
        return std::unexpected(AeError{AeError::Kind::Config, QStringLiteral("not_configured"),
                                       QStringLiteral("the app key and secret are needed first"),
                                       false});
    QMutexLocker lock(&m_refreshLock);
    // The tokens of another account (or none): the new ones replace them whole.
    c->refreshToken.clear();
    c->refreshExpiresMs = 0;
    auto r = tokenCall(QStringLiteral("/auth/token/create"), {{QStringLiteral("code"), code}}, *c);
    if (r)
        qCInfo(lcAliExpress) << "authorised: access token created";
    return r;
}

std::expected<bool, AeError> AliExpressClient::keepFresh()
{
    auto c = m_load();
    if (!c)
        return std::unexpected(
            AeError{AeError::Kind::Config, QStringLiteral("not_configured"), c.error(), false});
    if (!c->complete() || c->refreshToken.isEmpty() || c->accessExpiresMs <= 0)
        return false;
    // A token that lives less than two days is refreshed at half its life, not every pass.
    qint64 ahead = kDayMs;
    if (c->accessIssuedMs > 0 && c->accessExpiresMs > c->accessIssuedMs)
        ahead = std::min(ahead, (c->accessExpiresMs - c->accessIssuedMs) / 2);
    if (c->accessExpiresMs - now() > ahead)
        return false;
    auto r = refresh(c->accessToken, ahead);
    if (!r)
        return std::unexpected(r.error());
    return r->accessToken != c->accessToken;
}

std::expected<Credentials, AeError>
AliExpressClient::tokenCall(const QString &apiPath, QMap<QString, QString> p, Credentials c)
{
    const qint64 at = now();
    p.insert(QStringLiteral("app_key"), c.appKey);
    p.insert(QStringLiteral("timestamp"), QString::number(QDateTime::currentMSecsSinceEpoch()));
    p.insert(QStringLiteral("sign_method"), QStringLiteral("sha256"));
    p.insert(QStringLiteral("sign"), QString::fromLatin1(sign(p, c.appSecret, apiPath)));
    auto answer = post(QStringLiteral("/rest") + apiPath, p);
    if (!answer)
        return std::unexpected(answer.error());
    // Refused: {code, message} at the top, or a gateway error_response.
    const QJsonObject gateway = answer->value(QStringLiteral("error_response")).toObject();
    const QJsonObject &o = gateway.isEmpty() ? *answer : gateway;
    const QString code = str(o.value(QStringLiteral("code")));
    const QString access = answer->value(QStringLiteral("access_token")).toString();
    if ((!code.isEmpty() && code != QLatin1String("0")) || access.isEmpty()) {
        QString why = o.value(QStringLiteral("message")).toString();
        if (why.isEmpty())
            why = o.value(QStringLiteral("msg")).toString();
        return std::unexpected(AeError{
            AeError::Kind::Auth, QStringLiteral("auth"),
            QStringLiteral("%1 refused: %2 (%3)")
                .arg(apiPath, why.isEmpty() ? QStringLiteral("no access token") : why, code),
            false});
    }
    // Expiry as an instant (expire_time, refresh_token_valid_time) or, failing that, a
    // lifetime in seconds (expires_in, refresh_expires_in).
    const auto instant = [&](const char *whenKey, const char *lifetimeKey) {
        const qint64 ms = str(answer->value(QLatin1String(whenKey))).toLongLong();
        const qint64 s = str(answer->value(QLatin1String(lifetimeKey))).toLongLong();
        return ms > 0 ? ms : s > 0 ? at + s * 1000 : 0;
    };
    c.accessToken = access.toUtf8();
    if (const QString r = answer->value(QStringLiteral("refresh_token")).toString(); !r.isEmpty())
        c.refreshToken = r.toUtf8();
    c.accessExpiresMs = instant("expire_time", "expires_in");
    c.refreshExpiresMs = instant("refresh_token_valid_time", "refresh_expires_in");
    c.accessIssuedMs = at;
    if (auto s = m_save(c); !s)
        return std::unexpected(
            AeError{AeError::Kind::Config, QStringLiteral("not_configured"), s.error(), false});
    return c;
}

std::expected<PlacedOrder, AeError> AliExpressClient::createOrder(const QString &outOrderId,
                                                                  const OrderAddress &a,
                                                                  const QList<OrderItem> &items)
{
    QJsonArray products;
    for (const OrderItem &i : items) {
        QJsonObject p{{QStringLiteral("product_id"), i.productId},
                      {QStringLiteral("product_count"), i.quantity},
                      {QStringLiteral("sku_attr"), i.skuAttr}};
        if (!i.logisticsService.isEmpty())
            p.insert(QStringLiteral("logistics_service_name"), i.logisticsService);
        products.append(p);
    }
    const QJsonObject request{{QStringLiteral("out_order_id"), outOrderId},
                              {QStringLiteral("logistics_address"),
                               QJsonObject{{QStringLiteral("full_name"), a.fullName},
                                           {QStringLiteral("contact_person"), a.contactPerson},
                                           {QStringLiteral("address"), a.address},
                                           {QStringLiteral("address2"), a.address2},
                                           {QStringLiteral("city"), a.city},
                                           {QStringLiteral("province"), a.province},
                                           {QStringLiteral("zip"), a.zip},
                                           {QStringLiteral("country"), a.country},
                                           {QStringLiteral("mobile_no"), a.phone}}},
                              {QStringLiteral("product_items"), products}};
    auto r =
        call(QStringLiteral("aliexpress.ds.order.create"),
             {{QStringLiteral("param_place_order_request4_open_api_d_t_o"), compactJson(request)}},
             false);
    if (!r)
        return std::unexpected(r.error());
    const QJsonObject result = r->value(QStringLiteral("result")).toObject();
    if (!result.value(QStringLiteral("is_success")).toBool()) {
        AeError e = businessError(result);
        if (e.code != QLatin1String("REPEATED_ORDER_ERROR"))
            return std::unexpected(e);
        // The platform already has this out_order_id (an earlier attempt went through).
        auto existing = order(QString(), outOrderId);
        if (!existing) {
            AeError lookup = existing.error();
            lookup.acted = true;
            return std::unexpected(lookup);
        }
        return PlacedOrder{existing->aeOrderId, true};
    }
    const QJsonArray ids = list(result.value(QStringLiteral("order_list")));
    if (ids.isEmpty())
        return std::unexpected(AeError{AeError::Kind::Invalid, QStringLiteral("invalid_answer"),
                                       QStringLiteral("order created without an order id"), false});
    // Created, but the automatic payment failed: the order waits unpaid at AliExpress.
    const QString msg = result.value(QStringLiteral("error_msg")).toString();
    return PlacedOrder{
        str(ids.first()), false,
        msg.contains(QLatin1String("autoPay fail"), Qt::CaseInsensitive) ? msg : QString()};
}

std::expected<OrderStatusInfo, AeError> AliExpressClient::order(const QString &aeOrderId,
                                                                const QString &outOrderId)
{
    QJsonObject q;
    if (!aeOrderId.isEmpty())
        q.insert(QStringLiteral("order_id"), aeOrderId);
    else
        q.insert(QStringLiteral("out_order_id"), outOrderId);
    auto r = successfulResult(call(QStringLiteral("aliexpress.trade.ds.order.get"),
                                   {{QStringLiteral("single_order_query"), compactJson(q)}}, true));
    if (!r)
        return std::unexpected(r.error());
    const QJsonObject &result = *r;
    OrderStatusInfo o;
    o.aeOrderId = str(result.value(QStringLiteral("order_id")));
    if (o.aeOrderId.isEmpty())
        o.aeOrderId = aeOrderId;
    o.outOrderId = result.value(QStringLiteral("out_order_id")).toString();
    o.status = result.value(QStringLiteral("order_status")).toString();
    o.logisticsStatus = result.value(QStringLiteral("logistics_status")).toString();
    for (const QJsonValue &c : list(result.value(QStringLiteral("child_order_list")))) {
        o.endReason = c.toObject().value(QStringLiteral("end_reason")).toString();
        if (!o.endReason.isEmpty())
            break;
    }
    if (o.aeOrderId.isEmpty())
        return std::unexpected(AeError{AeError::Kind::Invalid, QStringLiteral("invalid_answer"),
                                       QStringLiteral("order answer without an order id"), false});
    return o;
}

std::expected<QList<TrackingLine>, AeError> AliExpressClient::tracking(const QString &aeOrderId)
{
    auto r = call(QStringLiteral("aliexpress.ds.order.tracking.get"),
                  {{QStringLiteral("ae_order_id"), aeOrderId},
                   {QStringLiteral("language"), QStringLiteral("en_US")}},
                  true);
    if (!r)
        return std::unexpected(r.error());
    const QJsonObject result = r->value(QStringLiteral("result")).toObject();
    if (result.contains(QStringLiteral("ret")) && !result.value(QStringLiteral("ret")).toBool()) {
        // No tracking yet is an ordinary answer for an order the supplier has not shipped.
        if (result.value(QStringLiteral("code")).toString() == QLatin1String("NO_TRACKING"))
            return QList<TrackingLine>();
        return std::unexpected(refusal(result));
    }
    QList<TrackingLine> lines;
    const QJsonObject data = result.value(QStringLiteral("data")).toObject();
    for (const QJsonValue &v : list(data.value(QStringLiteral("tracking_detail_line_list")))) {
        const QJsonObject l = v.toObject();
        TrackingLine t;
        t.carrier = l.value(QStringLiteral("carrier_name")).toString();
        t.trackingNumber = l.value(QStringLiteral("mail_no")).toString();
        for (const QJsonValue &n : list(l.value(QStringLiteral("detail_node_list")))) {
            const QJsonObject node = n.toObject();
            t.nodes.append(
                {QDateTime::fromMSecsSinceEpoch(
                     str(node.value(QStringLiteral("time_stamp"))).toLongLong(), Qt::UTC),
                 node.value(QStringLiteral("tracking_name")).toString(),
                 node.value(QStringLiteral("tracking_detail_desc")).toString()});
        }
        if (!t.trackingNumber.isEmpty())
            lines.append(t);
    }
    return lines;
}

std::expected<ProductInfo, AeError>
AliExpressClient::product(const QString &productId, const QString &country, const QString &currency)
{
    auto r = successfulResult(call(QStringLiteral("aliexpress.ds.product.get"),
                                   {{QStringLiteral("product_id"), productId},
                                    {QStringLiteral("ship_to_country"), country},
                                    {QStringLiteral("target_currency"), currency},
                                    {QStringLiteral("target_language"), QStringLiteral("en")}},
                                   true));
    if (!r)
        return std::unexpected(r.error());
    const QJsonObject &result = *r;
    ProductInfo p;
    p.productId = productId;
    p.title = result.value(QStringLiteral("ae_item_base_info_dto"))
                  .toObject()
                  .value(QStringLiteral("subject"))
                  .toString();
    p.storeName = result.value(QStringLiteral("ae_store_info"))
                      .toObject()
                      .value(QStringLiteral("store_name"))
                      .toString();
    for (const QJsonValue &v : list(result.value(QStringLiteral("ae_item_sku_info_dtos")))) {
        const QJsonObject s = v.toObject();
        SkuInfo sku;
        sku.skuId = str(s.value(QStringLiteral("sku_id")));
        sku.skuAttr = s.value(QStringLiteral("sku_attr")).toString();
        sku.stock = s.value(QStringLiteral("sku_available_stock")).toInt();
        const QString cur = s.value(QStringLiteral("currency_code")).toString(currency);
        auto price = parseDecimalMoney(str(s.value(QStringLiteral("offer_sale_price"))), cur);
        if (!price)
            return std::unexpected(
                AeError{AeError::Kind::Invalid, QStringLiteral("invalid_answer"),
                        QStringLiteral("sku %1: %2").arg(sku.skuId, price.error()), false});
        sku.price = *price;
        for (const QJsonValue &pv : list(s.value(QStringLiteral("ae_sku_property_dtos")))) {
            const QJsonObject prop = pv.toObject();
            QString value = prop.value(QStringLiteral("property_value_definition_name")).toString();
            if (value.isEmpty())
                value = prop.value(QStringLiteral("sku_property_value")).toString();
            sku.properties.append(
                {prop.value(QStringLiteral("sku_property_name")).toString(), value});
        }
        p.skus.append(sku);
    }
    return p;
}

std::expected<QList<FreightOption>, AeError>
AliExpressClient::freight(const QString &productId, const QString &skuId, int quantity,
                          const QString &country, const QString &currency)
{
    const QJsonObject q{{QStringLiteral("productId"), productId},
                        {QStringLiteral("selectedSkuId"), skuId},
                        {QStringLiteral("quantity"), quantity},
                        {QStringLiteral("shipToCountry"), country},
                        {QStringLiteral("currency"), currency}};
    auto r = call(QStringLiteral("aliexpress.ds.freight.query"),
                  {{QStringLiteral("queryDeliveryReq"), compactJson(q)}}, true);
    if (!r)
        return std::unexpected(r.error());
    const QJsonObject result = r->value(QStringLiteral("result")).toObject();
    if (!result.value(QStringLiteral("success")).toBool(true))
        return std::unexpected(refusal(result));
    QList<FreightOption> out;
    for (const QJsonValue &v : list(result.value(QStringLiteral("delivery_options")))) {
        const QJsonObject o = v.toObject();
        auto fee = parseDecimalMoney(str(o.value(QStringLiteral("shipping_fee"))), currency);
        if (!fee)
            continue;
        out.append({o.value(QStringLiteral("code")).toString(), *fee,
                    o.value(QStringLiteral("min_delivery_days")).toInt(),
                    o.value(QStringLiteral("max_delivery_days")).toInt()});
    }
    return out;
}

} // namespace dc::aliexpress
