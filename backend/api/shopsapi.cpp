// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/shopsapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "core/urls.h"
#include "shopify/reconciler.h"
#include "shopify/shopregistry.h"
#include "shopify/webhookreceiver.h"

#include <QJsonArray>
#include <QUrl>

namespace dc::api {

using shopify::Shop;

namespace {

constexpr qint64 kMaxShopBodyBytes = 16 * 1024;

// PUT /api/shops/{domain}: every member optional, null as absent, active a boolean.
QJsonObject shopSchema()
{
    QJsonObject props{{QStringLiteral("active"), schema::boolean()}};
    for (const QString &field :
         {QStringLiteral("api_version"), QStringLiteral("admin_url"), QStringLiteral("currency"),
          QStringLiteral("webhook_secret"), QStringLiteral("previous_webhook_secret"),
          QStringLiteral("access_token")})
        props.insert(field, schema::nullable(schema::string(512)));
    return schema::object(props);
}

// GET /api/shops
QHttpServerResponse listShops(storage::Store &store, const shopify::ShopRegistry &shops,
                              const shopify::WebhookReceiver &receiver)
{
    auto list = shops.shops(store.reader());
    if (!list)
        return errorResponse(list.error());
    return json({{QStringLiteral("shops"), toJsonArray(*list)},
                 {QStringLiteral("refused_webhooks"), qint64(receiver.refusedCount())}});
}

// PUT /api/shops/{domain}
QHttpServerResponse saveShop(storage::Store &store, shopify::ShopRegistry &shops,
                             RequestContext &ctx)
{
    const QString domain = ctx.params.value(0).toLower();
    ctx.auditTarget = QStringLiteral("shop:") + domain;
    auto body = jsonBody(
        ctx.request, kMaxShopBodyBytes,
        {QStringLiteral("api_version"), QStringLiteral("admin_url"), QStringLiteral("currency"),
         QStringLiteral("active"), QStringLiteral("webhook_secret"),
         QStringLiteral("previous_webhook_secret"), QStringLiteral("access_token")});
    if (!body)
        return std::move(body.error());
    auto current = shops.shop(store.reader(), domain);
    if (!current)
        return errorResponse(current.error());
    Shop s = current->value_or(Shop{});
    const QString previousAdminUrl = s.adminUrl;
    s.domain = domain;
    for (auto [field, target] : {std::pair{QStringLiteral("api_version"), &s.apiVersion},
                                 std::pair{QStringLiteral("admin_url"), &s.adminUrl},
                                 std::pair{QStringLiteral("currency"), &s.currency}}) {
        auto v = stringField(*body, field, 512);
        if (!v)
            return std::move(v.error());
        if (v->has_value())
            *target = **v;
    }
    if (!s.adminUrl.isEmpty()) {
        // The access token travels to this URL: https, except to this machine (a local test
        // server).
        const QUrl u(s.adminUrl, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty() ||
            (u.scheme() != QLatin1String("https") &&
             !(u.scheme() == QLatin1String("http") && isLoopbackHost(u))))
            return invalidField(QStringLiteral("admin_url"),
                                QStringLiteral("an https URL (http only to this machine)"));
    }
    if (body->contains(QStringLiteral("active"))) {
        if (!body->value(QStringLiteral("active")).isBool())
            return invalidField(QStringLiteral("active"), QStringLiteral("expected true or false"));
        s.active = body->value(QStringLiteral("active")).toBool();
    }
    std::optional<QByteArray> secrets[3];
    int i = 0;
    for (const QString &field :
         {QStringLiteral("webhook_secret"), QStringLiteral("previous_webhook_secret"),
          QStringLiteral("access_token")}) {
        auto v = stringField(*body, field, 512);
        if (!v)
            return std::move(v.error());
        if (v->has_value())
            secrets[i] = (*v)->toUtf8();
        ++i;
    }
    // A stored token must not follow the URL to another host: whoever changes where it goes
    // gives it again.
    if (!previousAdminUrl.isEmpty() && !secrets[2] &&
        !sameOrigin(QUrl(previousAdminUrl), QUrl(s.adminUrl)))
        return invalidField(QStringLiteral("access_token"),
                            QStringLiteral("required again when admin_url's origin changes"));
    auto saved = shops.saveShop(s, secrets[0], secrets[1], secrets[2]);
    if (!saved)
        return errorResponse(saved.error());
    return json(saved->toJson());
}

// POST /api/shops/{domain}/reconcile
QHttpServerResponse reconcileShop(shopify::Reconciler &reconciler, RequestContext &ctx)
{
    const QString domain = ctx.params.value(0).toLower();
    ctx.auditTarget = QStringLiteral("shop:") + domain;
    auto id = reconciler.requestReconcile(domain);
    if (!id)
        return errorResponse(id.error());
    return json({{QStringLiteral("task_id"), *id}}, Status::Accepted);
}

} // namespace

void registerShopRoutes(HttpFront &front, storage::Store &store, shopify::ShopRegistry &shops,
                        shopify::Reconciler &reconciler, const shopify::WebhookReceiver &receiver)
{
    Router &r = front.router();
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/shops"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Shopify shops: connection health and reconciliation"),
             .tag = QStringLiteral("shopify")},
            [&store, &shops, &receiver] { return listShops(store, shops, receiver); });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/shops/{domain}"),
             .permission = QStringLiteral("settings.manage"),
             .summary =
                 QStringLiteral("Add or change a shop {api_version, admin_url, currency, active, "
                                "webhook_secret, previous_webhook_secret, access_token}; "
                                "secrets go to the secret store"),
             .tag = QStringLiteral("shopify"),
             .maxBodyBytes = kMaxShopBodyBytes,
             .requestBody = shopSchema()},
            [&store, &shops](RequestContext &ctx) { return saveShop(store, shops, ctx); });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/shops/{domain}/reconcile"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Pull the orders updated since the last sync now"),
             .tag = QStringLiteral("shopify"),
             .body = BodyKind::None},
            [&reconciler](RequestContext &ctx) { return reconcileShop(reconciler, ctx); });
}

} // namespace dc::api
