// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/shopsapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "core/urls.h"
#include "shopify/shopifyservice.h"

#include <QJsonArray>
#include <QThreadPool>
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
          QStringLiteral("access_token"), QStringLiteral("public_url")})
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
QHttpServerResponse saveShop(storage::Store &store, shopify::ShopifyService &shopify,
                             RequestContext &ctx)
{
    shopify::ShopRegistry &shops = shopify.shops();
    const QString domain = ctx.params.value(0).toLower();
    ctx.auditTarget = QStringLiteral("shop:") + domain;
    auto current = shops.shop(store.reader(), domain);
    if (!current)
        return errorResponse(current.error());
    Shop s = current->value_or(Shop{});
    const QString previousAdminUrl = s.adminUrl;
    const QString previousPublicUrl = s.publicUrl;
    s.domain = domain;
    for (auto [field, target] : {std::pair{QStringLiteral("api_version"), &s.apiVersion},
                                 std::pair{QStringLiteral("admin_url"), &s.adminUrl},
                                 std::pair{QStringLiteral("currency"), &s.currency},
                                 std::pair{QStringLiteral("public_url"), &s.publicUrl}})
        if (auto v = textOf(ctx.body, field))
            *target = *v;
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
    if (ctx.body.contains(QStringLiteral("active")))
        s.active = ctx.body.value(QStringLiteral("active")).toBool();
    std::optional<QByteArray> secrets[3];
    int i = 0;
    for (const QString &field :
         {QStringLiteral("webhook_secret"), QStringLiteral("previous_webhook_secret"),
          QStringLiteral("access_token")}) {
        if (auto v = textOf(ctx.body, field))
            secrets[i] = v->toUtf8();
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
    QJsonObject out = saved->toJson();
    // Connecting: a new token or public URL is checked and its webhooks registered (or a first
    // polling pass made) by a task, off the HTTP thread.
    const bool newToken = secrets[2] && !secrets[2]->isEmpty();
    if (saved->hasAccessToken && saved->active &&
        (newToken || saved->publicUrl != previousPublicUrl)) {
        auto task = shopify.connector().requestConnect(domain);
        if (!task)
            return errorResponse(task.error());
        out.insert(QStringLiteral("connect_task_id"), *task);
    }
    return json(out);
}

// A call to Shopify (it blocks), answered from the pool.
QHttpServerResponse answerLater(HttpFront &front, QThreadPool &pool, RequestContext &ctx,
                                std::function<dc::Result<QJsonObject>()> work)
{
    const QString domain = ctx.params.value(0).toLower();
    ctx.auditTarget = QStringLiteral("shop:") + domain;
    if (!shopify::isValidShopDomain(domain))
        return invalidField(QStringLiteral("domain"), QStringLiteral("e.g. acme.myshopify.com"));
    return answerFromPool(front, pool, ctx, std::move(work));
}

// DELETE /api/shops/{domain}: DropCrew's webhook subscriptions first (while the token is still
// there), then the shop and its secrets. Its orders stay.
dc::Result<QJsonObject> removeShop(storage::Store &store, shopify::ShopifyService &shopify,
                                   const QString &domain)
{
    auto s = shopify.shops().shop(store.reader(), domain);
    if (!s)
        return std::unexpected(s.error());
    if (!s->has_value())
        return std::unexpected(
            dc::Error{dc::Error::Kind::NotFound, QStringLiteral("no shop %1").arg(domain), {}, {}});
    QJsonObject out{{QStringLiteral("domain"), domain}, {QStringLiteral("removed"), true}};
    if ((*s)->hasAccessToken) {
        auto removed = shopify.connector().removeWebhooks(domain);
        out.insert(QStringLiteral("webhooks_removed"), removed ? *removed : 0);
        if (!removed)
            out.insert(QStringLiteral("webhooks_error"),
                       QString(removed.error().message +
                               QStringLiteral(" (Shopify drops subscriptions whose deliveries "
                                              "keep failing; or delete them in the app)")));
    }
    auto gone = shopify.shops().removeShop(domain);
    if (!gone)
        return std::unexpected(gone.error());
    return out;
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

QThreadPool *registerShopRoutes(HttpFront &front, storage::Store &store,
                                shopify::ShopifyService &shopify)
{
    shopify::ShopRegistry &shops = shopify.shops();
    shopify::Reconciler &reconciler = shopify.reconciler();
    const shopify::WebhookReceiver &receiver = shopify.receiver();
    auto *pool = new QThreadPool(&front);
    pool->setMaxThreadCount(2); // calls to Shopify at once; more wait their turn
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
                                "webhook_secret, previous_webhook_secret, access_token, "
                                "public_url}; secrets go to the secret store. A new token or "
                                "public URL queues its connection (connect_task_id): scopes "
                                "checked, webhooks registered at the public URL, or polling"),
             .tag = QStringLiteral("shopify"),
             .maxBodyBytes = kMaxShopBodyBytes,
             .requestBody = shopSchema()},
            [&store, &shopify](RequestContext &ctx) { return saveShop(store, shopify, ctx); });
    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/shops/{domain}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Remove a shop: DropCrew's webhook subscriptions in "
                                       "Shopify, then the shop and its secrets (its orders stay)"),
             .tag = QStringLiteral("shopify"),
             .sensitive = true},
            [&front, &store, &shopify, pool](RequestContext &ctx) {
                const QString domain = ctx.params.value(0).toLower();
                return answerLater(front, *pool, ctx, [&store, &shopify, domain] {
                    return removeShop(store, shopify, domain);
                });
            });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/shops/{domain}/check"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Read the token's scopes from Shopify: the shop with "
                                       "scopes {granted, missing} and warnings naming what is "
                                       "missing and why"),
             .tag = QStringLiteral("shopify"),
             .body = BodyKind::None},
            [&front, &shopify, pool](RequestContext &ctx) {
                const QString domain = ctx.params.value(0).toLower();
                return answerLater(front, *pool, ctx, [&shopify, domain] {
                    return shopify.connector().checkScopes(domain);
                });
            });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/shops/{domain}/webhooks"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("The webhook subscriptions Shopify has against the ones "
                                       "DropCrew needs: each topic ok, missing or wrong_url "
                                       "(polling without a public URL)"),
             .tag = QStringLiteral("shopify")},
            [&front, &shopify, pool](RequestContext &ctx) {
                const QString domain = ctx.params.value(0).toLower();
                return answerLater(front, *pool, ctx, [&shopify, domain] {
                    return shopify.connector().webhooks(domain);
                });
            });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/shops/{domain}/webhooks/repair"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Create the missing webhook subscriptions and point the "
                                       "ones pointing elsewhere at the shop's public URL"),
             .tag = QStringLiteral("shopify"),
             .body = BodyKind::None},
            [&front, &shopify, pool](RequestContext &ctx) {
                const QString domain = ctx.params.value(0).toLower();
                return answerLater(front, *pool, ctx, [&shopify, domain] {
                    return shopify.connector().repairWebhooks(domain);
                });
            });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/shops/{domain}/reconcile"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Pull the orders updated since the last sync now"),
             .tag = QStringLiteral("shopify"),
             .body = BodyKind::None},
            [&reconciler](RequestContext &ctx) { return reconcileShop(reconciler, ctx); });
    return pool;
}

} // namespace dc::api
