// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/webhooksapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/router.h"
#include "shopify/webhookreceiver.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QUrlQuery>

namespace dc::api {

using storage::DbResult;

namespace {

constexpr qint64 kMaxWebhookBytes = 4 * 1024 * 1024;

shopify::IncomingWebhook incomingWebhook(const QHttpServerRequest &req)
{
    auto header = [&req](const char *name) { return req.value(name).trimmed(); };
    shopify::IncomingWebhook in;
    in.peer = req.remoteAddress().toString();
    in.shop = QString::fromUtf8(req.value("X-Shopify-Shop-Domain")).trimmed().toLower();
    in.topic = QString::fromUtf8(req.value("X-Shopify-Topic")).trimmed();
    in.hmac = header("X-Shopify-Hmac-Sha256");
    in.webhookId = QString::fromUtf8(req.value("X-Shopify-Webhook-Id")).trimmed();
    in.eventId = QString::fromUtf8(req.value("X-Shopify-Event-Id")).trimmed();
    in.triggeredAt = header("X-Shopify-Triggered-At");
    in.apiVersion = QString::fromUtf8(req.value("X-Shopify-API-Version")).left(16);
    in.body = req.body();
    return in;
}

// POST /webhooks/shopify: signature first (a refusal counts against the address), then the
// delivery's headers, time and shape; stored, then answered once committed.
QHttpServerResponse receiveShopifyWebhook(HttpFront &front, shopify::WebhookReceiver &receiver,
                                          RequestContext &ctx)
{
    shopify::IncomingWebhook in = incomingWebhook(ctx.request);
    if (!receiver.verifySignature(in)) {
        if (auto tooMany = ctx.countFailure())
            return std::move(*tooMany);
        return problem(Status::Unauthorized, QStringLiteral("Unauthorized"),
                       QStringLiteral("the webhook signature does not verify"));
    }
    auto body = receiver.check(in);
    if (!body)
        return invalidField(body.error().field, body.error().reason);
    auto future = receiver.store(in, *body);
    auto reply = ctx.defer();
    auto *watcher = new QFutureWatcher<DbResult<qint64>>(&front);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, reply] {
        const DbResult<qint64> id = watcher->result();
        if (!id)
            reply->send(problem(Status::ServiceUnavailable, QStringLiteral("Service Unavailable"),
                                QStringLiteral("not stored; Shopify will retry")));
        else
            reply->send(
                json({{QStringLiteral("stored"), true}, {QStringLiteral("duplicate"), *id == 0}}));
        watcher->deleteLater();
    });
    watcher->setFuture(future);
    ctx.auditTarget = QStringLiteral("shopify:%1").arg(in.shop);
    return QHttpServerResponse(Status::Ok); // ignored: deferred
}

// GET /api/webhooks/deliveries?state=&shop=&after=&limit=
QHttpServerResponse listDeliveries(const shopify::WebhookReceiver &receiver, RequestContext &ctx)
{
    const QUrlQuery q(ctx.request.url());
    auto limit = intQuery(ctx.request, QStringLiteral("limit"), 100, 1, 1000);
    if (!limit)
        return std::move(limit.error());
    auto after =
        intQuery(ctx.request, QStringLiteral("after"), 0, 0, std::numeric_limits<qint64>::max());
    if (!after)
        return std::move(after.error());
    shopify::DeliveryQuery query;
    query.after = *after;
    query.limit = int(*limit);
    query.state = q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    query.shop = q.queryItemValue(QStringLiteral("shop"), QUrl::FullyDecoded);
    auto rows = receiver.deliveries(query);
    return listResponse(QStringLiteral("deliveries"), rows);
}

// GET /api/webhooks/refusals
QHttpServerResponse listRefusals(const shopify::WebhookReceiver &receiver)
{
    return json({{QStringLiteral("refusals"), toJsonArray(receiver.refusals())},
                 {QStringLiteral("total"), qint64(receiver.refusedCount())}});
}

} // namespace

void registerWebhookRoutes(HttpFront &front, shopify::WebhookReceiver &receiver)
{
    Router &r = front.router();
    r.route(
        {.method = Method::Post,
         .pattern = QString(shopify::kWebhookPath),
         .summary = QStringLiteral(
             "Shopify webhooks: verified by X-Shopify-Hmac-Sha256, the body checked against its "
             "topic's shape and shop, X-Shopify-Triggered-At within Shopify's retry window, "
             "stored durably, then answered 200; processed afterwards. Only refused signatures "
             "count against the address's rate limit"),
         .tag = QStringLiteral("webhooks"),
         .maxBodyBytes = kMaxWebhookBytes,
         .limitFailuresOnly = true,
         // Raw: the HMAC is over the bytes as sent, so the handler parses them after checking it
         // (a JSON object whose shape depends on X-Shopify-Topic); the router does not look.
         .requestBody = {{QStringLiteral("type"), QStringLiteral("object")},
                         {QStringLiteral("description"),
                          QStringLiteral("The topic's Shopify resource, as Shopify signed it")}},
         .body = BodyKind::Document},
        [&front, &receiver](RequestContext &ctx) {
            return receiveShopifyWebhook(front, receiver, ctx);
        });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/webhooks/deliveries"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Received webhooks (?state=&shop=&after=&limit=), without "
                                       "their bodies"),
             .tag = QStringLiteral("shopify")},
            [&receiver](RequestContext &ctx) { return listDeliveries(receiver, ctx); });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/webhooks/refusals"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("The last refused webhook deliveries (kept in memory)"),
             .tag = QStringLiteral("shopify")},
            [&receiver] { return listRefusals(receiver); });
}

} // namespace dc::api
