// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/crew.h"

#include "api/catalogapi.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/router.h"
#include "core/urls.h"
#include "security/secretstore.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"
#include "workflows/engine.h"

#include <QJsonDocument>

namespace dc::agents {

using api::Method;
using api::RequestContext;
using Status = QHttpServerResponse::StatusCode;

namespace {

// catalog.offer_changed in the mapping's transaction: the desktop's catalog and supplier pages
// follow it on every instance.
storage::DbResult<qint64> publishOfferChanged(storage::WriteContext &w, events::EventBus &bus,
                                              qint64 variant, qint64 offer)
{
    return bus.append(w, events::EventDraft{QStringLiteral("catalog.offer_changed"),
                                            {{QStringLiteral("variant_id"), variant},
                                             {QStringLiteral("offer_id"), offer}},
                                            QStringLiteral("variant:%1").arg(variant),
                                            QStringLiteral("api")});
}
const QString kCredentials = QStringLiteral("aliexpress.credentials");
// {url, model} set through the API: shared by every instance and overriding [llm] of the INI.
const QString kLlmEndpoint = QStringLiteral("llm.endpoint");
const QString kLlmKey = QStringLiteral("llm-api-key");

struct LlmNow
{
    ContentSettings settings;
    bool fromApi = false;
};

LlmNow llmNow(security::SecretStore &s, const ContentSettings &ini)
{
    LlmNow now{ini, false};
    auto raw = s.read(kLlmEndpoint);
    if (raw && raw->has_value()) {
        const QJsonObject o = QJsonDocument::fromJson(**raw).object();
        now.settings.llmUrl = o.value(QStringLiteral("url")).toString();
        now.settings.model = o.value(QStringLiteral("model")).toString();
        now.fromApi = true;
    }
    return now;
}
} // namespace

std::expected<aliexpress::Credentials, QString> Crew::loadCredentials(security::SecretStore &s)
{
    auto raw = s.read(kCredentials);
    if (!raw)
        return std::unexpected(raw.error());
    aliexpress::Credentials c;
    if (!raw->has_value())
        return c;
    const QJsonObject o = QJsonDocument::fromJson(**raw).object();
    c.appKey = o.value(QStringLiteral("app_key")).toString();
    c.appSecret = o.value(QStringLiteral("app_secret")).toString().toUtf8();
    c.accessToken = o.value(QStringLiteral("access_token")).toString().toUtf8();
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString().toUtf8();
    c.accessExpiresMs = o.value(QStringLiteral("access_expires_at")).toInteger();
    c.refreshExpiresMs = o.value(QStringLiteral("refresh_expires_at")).toInteger();
    return c;
}

std::expected<void, QString> Crew::saveCredentials(security::SecretStore &s,
                                                   const aliexpress::Credentials &c)
{
    return s.write(
        kCredentials,
        QJsonDocument(
            QJsonObject{{QStringLiteral("app_key"), c.appKey},
                        {QStringLiteral("app_secret"), QString::fromUtf8(c.appSecret)},
                        {QStringLiteral("access_token"), QString::fromUtf8(c.accessToken)},
                        {QStringLiteral("refresh_token"), QString::fromUtf8(c.refreshToken)},
                        {QStringLiteral("access_expires_at"), c.accessExpiresMs},
                        {QStringLiteral("refresh_expires_at"), c.refreshExpiresMs}})
            .toJson(QJsonDocument::Compact));
}

Crew::Crew(storage::Store &store, const storage::OrderRepository &orders, events::EventBus &bus,
           tasks::TaskManager &tasks, security::AuditLog &audit, security::SecretStore &secrets,
           shopify::ShopifyService &shopify, CrewSettings settings)
    : m_store(store)
    , m_orders(orders)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_secrets(secrets)
    , m_settings(std::move(settings))
{
    m_lifecycle = std::make_unique<OrderLifecycle>(orders, bus, audit);
    aliexpress::AliExpressClient::Options ae;
    ae.url = m_settings.aliexpressUrl;
    ae.timeoutMs = m_settings.aliexpressTimeoutMs;
    m_aliexpress = std::make_unique<aliexpress::AliExpressClient>(
        ae, [&secrets] { return loadCredentials(secrets); },
        [&secrets](const aliexpress::Credentials &c) { return saveCredentials(secrets, c); });
    m_orderManager = std::make_unique<OrderManager>(store, orders, bus, *m_lifecycle, *m_aliexpress,
                                                    m_settings.orderManager);
    m_mailer = std::make_unique<Mailer>(m_settings.smtp, [&secrets] {
        auto p = secrets.read(QStringLiteral("smtp-password"));
        return p && p->has_value() ? **p : QByteArray();
    });
    m_websiteBuilder = std::make_unique<WebsiteBuilder>(store, orders, shopify, *m_lifecycle,
                                                        *m_mailer, m_settings.smtp.language);
    m_dataAnalyzer = std::make_unique<DataAnalyzer>(store, bus, m_settings.orderManager,
                                                    m_settings.dataAnalyzer);
    m_content = std::make_unique<ContentGenerator>(
        store, [&secrets, ini = m_settings.content] { return llmNow(secrets, ini).settings; },
        [&secrets] {
            auto k = secrets.read(kLlmKey);
            return k && k->has_value() ? **k : QByteArray();
        });
    m_remote = std::make_unique<RemoteAgents>(store, secrets, tasks, bus);
}

Crew::~Crew() = default;

std::expected<void, QString> Crew::start()
{
    m_orderManager->registerActions(m_tasks);
    m_websiteBuilder->registerActions(m_tasks);
    m_dataAnalyzer->registerActions(m_tasks);
    m_content->registerActions(m_tasks);
    if (auto r = m_remote->load(); !r)
        return std::unexpected(QStringLiteral("remote agents: ") + r.error());
    return m_orderManager->subscribe(m_tasks);
}

void Crew::registerRoutes(api::HttpFront &front, workflows::WorkflowEngine &engine)
{
    api::Router &r = front.router();
    storage::Store &store = m_store;
    const OrderLifecycle &lifecycle = *m_lifecycle;

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/approve"),
             .permission = QStringLiteral("orders.sensitive"),
             .summary = QStringLiteral("Approve a low-margin order: it leaves on_hold and its "
                                       "failed order workflow resumes"),
             .tag = QStringLiteral("orders"),
             .maxBodyBytes = 1024,
             .sensitive = true},
            [&store, &lifecycle, &engine](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("order:%1").arg(id);
                auto done = store.writeAndWait<bool>(
                    [&](storage::WriteContext &w) -> storage::DbResult<bool> {
                        if (auto a = lifecycle.approveMargin(w, id, ctx.principal.subject()); !a)
                            return std::unexpected(a.error());
                        return true;
                    });
                if (!done)
                    return api::fromDbError(done.error());
                // Runs for this order that stopped on the hold start again from the failed step.
                auto q = storage::exec(store.reader(),
                                       QStringLiteral("SELECT id FROM workflow_runs WHERE "
                                                      "trigger_key = ? AND state = 'failed'"),
                                       {QStringLiteral("order:%1").arg(id)});
                QList<qint64> ids;
                while (q && q->next())
                    ids << q->value(0).toLongLong();
                QJsonArray retried;
                for (qint64 run : ids)
                    if (auto rr = engine.retryRun(run))
                        retried.append(run);
                return api::json({{QStringLiteral("order_id"), id},
                                  {QStringLiteral("status"), QStringLiteral("validated")},
                                  {QStringLiteral("approved_by"), ctx.principal.subject()},
                                  {QStringLiteral("retried_runs"), retried}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders/{id:int}/supplier-orders"),
             .permission = QStringLiteral("orders.read"),
             .summary = QStringLiteral("The order's supplier orders (out_order_id, supplier id, "
                                       "status, lines, cost)"),
             .tag = QStringLiteral("orders")},
            [&store](qint64 id) {
                auto l = storage::SupplierOrderRepository().forOrder(store.reader(), id);
                if (!l)
                    return api::fromDbError(l.error());
                QJsonArray out;
                for (const SupplierOrder &so : *l)
                    out.append(so.toJson());
                return api::json({{QStringLiteral("supplier_orders"), out}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/variants/{id:int}/offers"),
             .permission = QStringLiteral("catalog.read"),
             .summary = QStringLiteral("A variant's supplier offers, preferred first"),
             .tag = QStringLiteral("catalog")},
            [&store](qint64 id) {
                auto l = storage::CatalogRepository().offersForVariant(store.reader(), id);
                if (!l)
                    return api::fromDbError(l.error());
                QJsonArray out;
                for (const SupplierOffer &o : *l)
                    out.append(api::offerJson(o));
                return api::json({{QStringLiteral("offers"), out}});
            });

    r.route(
        {.method = Method::Put,
         .pattern = QStringLiteral("/api/variants/{id:int}/offers"),
         .permission = QStringLiteral("catalog.write"),
         .summary = QStringLiteral("Map the variant to a supplier offer {supplier_id, "
                                   "supplier_product_id, supplier_sku_id?, currency, cost_minor, "
                                   "shipping_minor?, stock?, ships_to?, priority?} (upsert by "
                                   "supplier and SKU)"),
         .tag = QStringLiteral("catalog"),
         .maxBodyBytes = 8 * 1024},
        [&store, &bus = m_bus](RequestContext &ctx) {
            const qint64 variant = ctx.intParam(0);
            auto body = api::jsonBody(
                ctx.request, 8 * 1024,
                {QStringLiteral("supplier_id"), QStringLiteral("supplier_product_id"),
                 QStringLiteral("supplier_sku_id"), QStringLiteral("currency"),
                 QStringLiteral("cost_minor"), QStringLiteral("shipping_minor"),
                 QStringLiteral("stock"), QStringLiteral("ships_to"), QStringLiteral("priority")});
            if (!body)
                return std::move(body.error());
            SupplierOffer o;
            o.variantId = variant;
            auto supplier = api::intField(*body, QStringLiteral("supplier_id"), 1, INT64_MAX);
            auto product = api::stringField(*body, QStringLiteral("supplier_product_id"), 64);
            auto sku = api::stringField(*body, QStringLiteral("supplier_sku_id"), 200);
            auto currency = api::stringField(*body, QStringLiteral("currency"), 3);
            auto cost = api::intField(*body, QStringLiteral("cost_minor"), 0, 1'000'000'000'000);
            auto shipping =
                api::intField(*body, QStringLiteral("shipping_minor"), 0, 1'000'000'000'000);
            auto stock = api::intField(*body, QStringLiteral("stock"), 0, 1'000'000'000);
            auto priority = api::intField(*body, QStringLiteral("priority"), -1000, 1000);
            for (auto *e : {&supplier, &cost, &shipping, &stock, &priority})
                if (!*e)
                    return std::move(e->error());
            for (auto *e : {&product, &sku, &currency})
                if (!*e)
                    return std::move(e->error());
            for (auto [name, v] :
                 {std::pair{QStringLiteral("supplier_id"), supplier->has_value()},
                  std::pair{QStringLiteral("supplier_product_id"), product->has_value()},
                  std::pair{QStringLiteral("currency"), currency->has_value()},
                  std::pair{QStringLiteral("cost_minor"), cost->has_value()}})
                if (!v)
                    return api::invalidField(name, QStringLiteral("required"));
            if (!isCurrencyCode(**currency))
                return api::invalidField(QStringLiteral("currency"),
                                         QStringLiteral("an ISO 4217 code in capitals"));
            QStringList shipsTo;
            if (body->contains(QStringLiteral("ships_to"))) {
                if (!body->value(QStringLiteral("ships_to")).isArray())
                    return api::invalidField(QStringLiteral("ships_to"),
                                             QStringLiteral("a list of ISO country codes"));
                for (const QJsonValue &c : body->value(QStringLiteral("ships_to")).toArray()) {
                    const QString code = c.toString();
                    if (code.size() != 2 || code.toUpper() != code)
                        return api::invalidField(
                            QStringLiteral("ships_to"),
                            QStringLiteral("\"%1\" is not an ISO 3166 code").arg(code));
                    shipsTo << code;
                }
            }
            o.supplierId = **supplier;
            o.supplierProductId = **product;
            o.supplierSkuId = sku->value_or(QString());
            o.cost = {**cost, **currency};
            o.shippingCost = {shipping->value_or(0), **currency};
            o.stock = int(stock->value_or(0));
            o.priority = int(priority->value_or(0));
            o.shipsTo = shipsTo;
            ctx.auditTarget = QStringLiteral("variant:%1").arg(variant);
            auto id = store.writeAndWait<qint64>(
                [&](storage::WriteContext &w) -> storage::DbResult<qint64> {
                    auto v = storage::exec(
                        w.db(), QStringLiteral("SELECT 1 FROM variants WHERE id = ?"), {variant});
                    if (!v)
                        return std::unexpected(v.error());
                    if (!v->next())
                        return std::unexpected(
                            storage::DbError{storage::DbError::Kind::NotFound,
                                             QStringLiteral("no variant %1").arg(variant)});
                    auto s = storage::CatalogRepository().supplier(w.db(), o.supplierId);
                    if (!s)
                        return std::unexpected(s.error());
                    if (!s->has_value())
                        return std::unexpected(storage::DbError{
                            storage::DbError::Kind::Invalid,
                            QStringLiteral("supplier_id: no supplier %1").arg(o.supplierId)});
                    auto id = storage::CatalogRepository().upsertOffer(w, o);
                    if (!id)
                        return id;
                    if (auto e = publishOfferChanged(w, bus, variant, *id); !e)
                        return std::unexpected(e.error());
                    return id;
                });
            if (!id)
                return api::fromDbError(id.error());
            return api::json(
                {{QStringLiteral("id"), *id}, {QStringLiteral("variant_id"), variant}});
        });

    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/variants/{id:int}/offers/{offer_id:int}"),
             .permission = QStringLiteral("catalog.write"),
             .summary = QStringLiteral("Remove one of the variant's supplier offers"),
             .tag = QStringLiteral("catalog")},
            [&store, &bus = m_bus](RequestContext &ctx) {
                const qint64 variant = ctx.intParam(0), offer = ctx.intParam(1);
                ctx.auditTarget = QStringLiteral("variant:%1").arg(variant);
                auto done = store.writeAndWait<qint64>(
                    [&](storage::WriteContext &w) -> storage::DbResult<qint64> {
                        if (auto d = storage::CatalogRepository().removeOffer(w, variant, offer);
                            !d)
                            return std::unexpected(d.error());
                        return publishOfferChanged(w, bus, variant, offer);
                    });
                if (!done)
                    return api::fromDbError(done.error());
                return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
            });

    security::SecretStore &secrets = m_secrets;
    const CallHealth &aeHealth = m_aliexpress->health();
    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/integrations/aliexpress"),
         .permission = QStringLiteral("settings.manage"),
         .summary = QStringLiteral(
             "Whether AliExpress is configured (never the secrets) and whether it answered "
             "the last call (last_call)"),
         .tag = QStringLiteral("integrations")},
        [&secrets, &aeHealth] {
            auto c = loadCredentials(secrets);
            if (!c)
                return api::problem(Status::ServiceUnavailable,
                                    QStringLiteral("Secrets unavailable"), c.error());
            const auto iso = [](qint64 ms) {
                return ms > 0
                           ? QJsonValue(
                                 QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate))
                           : QJsonValue();
            };
            return api::json({{QStringLiteral("configured"), c->complete()},
                              {QStringLiteral("app_key"), c->appKey},
                              {QStringLiteral("has_refresh_token"), !c->refreshToken.isEmpty()},
                              {QStringLiteral("access_expires_at"), iso(c->accessExpiresMs)},
                              {QStringLiteral("refresh_expires_at"), iso(c->refreshExpiresMs)},
                              {QStringLiteral("last_call"), aeHealth.toJson()}});
        });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/integrations/aliexpress"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Set AliExpress credentials {app_key, app_secret, "
                                       "access_token, refresh_token?, access_expires_at?, "
                                       "refresh_expires_at? (epoch ms)}; kept in the secret store"),
             .tag = QStringLiteral("integrations"),
             .maxBodyBytes = 8 * 1024,
             .sensitive = true},
            [&secrets](RequestContext &ctx) {
                auto body = api::jsonBody(
                    ctx.request, 8 * 1024,
                    {QStringLiteral("app_key"), QStringLiteral("app_secret"),
                     QStringLiteral("access_token"), QStringLiteral("refresh_token"),
                     QStringLiteral("access_expires_at"), QStringLiteral("refresh_expires_at")});
                if (!body)
                    return std::move(body.error());
                aliexpress::Credentials c;
                for (auto [name, target] : {std::pair{QStringLiteral("app_key"), &c.appKey}}) {
                    auto v = api::stringField(*body, name, 200);
                    if (!v)
                        return std::move(v.error());
                    if (!v->has_value() || (*v)->isEmpty())
                        return api::invalidField(name, QStringLiteral("required"));
                    *target = **v;
                }
                for (auto [name, target, required] :
                     {std::tuple{QStringLiteral("app_secret"), &c.appSecret, true},
                      std::tuple{QStringLiteral("access_token"), &c.accessToken, true},
                      std::tuple{QStringLiteral("refresh_token"), &c.refreshToken, false}}) {
                    auto v = api::stringField(*body, name, 2000);
                    if (!v)
                        return std::move(v.error());
                    if (required && (!v->has_value() || (*v)->isEmpty()))
                        return api::invalidField(name, QStringLiteral("required"));
                    *target = v->value_or(QString()).toUtf8();
                }
                for (auto [name, target] :
                     {std::pair{QStringLiteral("access_expires_at"), &c.accessExpiresMs},
                      std::pair{QStringLiteral("refresh_expires_at"), &c.refreshExpiresMs}}) {
                    auto v = api::intField(*body, name, 0, INT64_MAX);
                    if (!v)
                        return std::move(v.error());
                    *target = v->value_or(0);
                }
                if (auto s = saveCredentials(secrets, c); !s)
                    return api::problem(Status::ServiceUnavailable,
                                        QStringLiteral("Secrets unavailable"), s.error());
                ctx.auditTarget = QStringLiteral("integration:aliexpress");
                return api::json({{QStringLiteral("configured"), true}});
            });

    const ContentSettings iniLlm = m_settings.content;
    const CallHealth &llmHealth = m_content->health();
    auto llmJson = [&secrets, iniLlm, &llmHealth]() -> std::expected<QJsonObject, QString> {
        const LlmNow now = llmNow(secrets, iniLlm);
        auto key = secrets.read(kLlmKey);
        if (!key)
            return std::unexpected(key.error());
        return QJsonObject{
            {QStringLiteral("configured"), !now.settings.llmUrl.isEmpty()},
            {QStringLiteral("url"), now.settings.llmUrl},
            {QStringLiteral("model"), now.settings.model},
            {QStringLiteral("timeout_seconds"), now.settings.timeoutMs / 1000},
            {QStringLiteral("has_api_key"), key->has_value() && !(*key)->isEmpty()},
            {QStringLiteral("source"), now.fromApi ? QStringLiteral("api") : QStringLiteral("ini")},
            {QStringLiteral("last_call"), llmHealth.toJson()}};
    };
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/integrations/llm"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("The LLM endpoint used by the Content Generator, whether "
                                       "it answered the last call (last_call; never the "
                                       "API key); source says whether it comes from the INI "
                                       "file or the API"),
             .tag = QStringLiteral("integrations")},
            [llmJson] {
                auto o = llmJson();
                if (!o)
                    return api::problem(Status::ServiceUnavailable,
                                        QStringLiteral("Secrets unavailable"), o.error());
                return api::json(*o);
            });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/integrations/llm"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Set the LLM endpoint {url (an OpenAI-compatible server; "
                                       "empty: templates only), model, api_key? (empty removes "
                                       "it)}; shared by every instance, the key in the secret "
                                       "store"),
             .tag = QStringLiteral("integrations"),
             .maxBodyBytes = 8 * 1024,
             .sensitive = true},
            [&secrets, llmJson](RequestContext &ctx) {
                auto body = api::jsonBody(
                    ctx.request, 8 * 1024,
                    {QStringLiteral("url"), QStringLiteral("model"), QStringLiteral("api_key")});
                if (!body)
                    return std::move(body.error());
                auto url = api::stringField(*body, QStringLiteral("url"), 500);
                if (!url)
                    return std::move(url.error());
                if (!url->has_value())
                    return api::invalidField(QStringLiteral("url"), QStringLiteral("required"));
                const QString u = (*url)->trimmed();
                if (!u.isEmpty()) {
                    const QUrl parsed(u, QUrl::StrictMode);
                    if (!parsed.isValid() || parsed.host().isEmpty() ||
                        (parsed.scheme() != QLatin1String("http") &&
                         parsed.scheme() != QLatin1String("https")))
                        return api::invalidField(QStringLiteral("url"),
                                                 QStringLiteral("an http or https URL"));
                }
                auto model = api::stringField(*body, QStringLiteral("model"), 200);
                if (!model)
                    return std::move(model.error());
                const QString m = model->value_or(QString()).trimmed();
                if (!u.isEmpty() && m.isEmpty())
                    return api::invalidField(QStringLiteral("model"),
                                             QStringLiteral("required with a url"));
                auto key = api::stringField(*body, QStringLiteral("api_key"), 2000);
                if (!key)
                    return std::move(key.error());
                // The stored key goes with every call to this URL: a new destination is given
                // the key again (or none), never the old one silently.
                if (!key->has_value() && !u.isEmpty()) {
                    auto stored = secrets.read(kLlmEndpoint);
                    auto storedKey = secrets.read(kLlmKey);
                    const QString before = stored && stored->has_value()
                                               ? QJsonDocument::fromJson(**stored)
                                                     .object()
                                                     .value(QStringLiteral("url"))
                                                     .toString()
                                               : QString();
                    if (storedKey && storedKey->has_value() && !before.isEmpty() &&
                        !sameOrigin(QUrl(before), QUrl(u)))
                        return api::invalidField(QStringLiteral("api_key"),
                                                 QStringLiteral("required again when the url's "
                                                                "origin changes (empty for none)"));
                }
                if (key->has_value()) {
                    auto k = (*key)->isEmpty() ? secrets.remove(kLlmKey)
                                               : secrets.write(kLlmKey, (*key)->toUtf8());
                    if (!k)
                        return api::problem(Status::ServiceUnavailable,
                                            QStringLiteral("Secrets unavailable"), k.error());
                }
                if (auto w = secrets.write(kLlmEndpoint,
                                           QJsonDocument(QJsonObject{{QStringLiteral("url"), u},
                                                                     {QStringLiteral("model"), m}})
                                               .toJson(QJsonDocument::Compact));
                    !w)
                    return api::problem(Status::ServiceUnavailable,
                                        QStringLiteral("Secrets unavailable"), w.error());
                ctx.auditTarget = QStringLiteral("integration:llm");
                auto o = llmJson();
                if (!o)
                    return api::problem(Status::ServiceUnavailable,
                                        QStringLiteral("Secrets unavailable"), o.error());
                return api::json(*o);
            });

    RemoteAgents &remote = *m_remote;
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/remote-agents"),
             .permission = QStringLiteral("agents.read"),
             .summary = QStringLiteral("Remote agents: URL and actions, never the secret (the "
                                       "URL in full for settings.manage, its scheme, host and "
                                       "port for others)"),
             .tag = QStringLiteral("agents")},
            [&remote, &store](RequestContext &ctx) {
                auto l = remote.list(store.reader());
                if (!l)
                    return api::fromDbError(l.error());
                const bool fullUrls =
                    security::roleAllows(ctx.principal.role, QStringLiteral("settings.manage"));
                QJsonArray out;
                for (const RemoteAgent &a : *l) {
                    QJsonObject j = a.toJson();
                    if (!fullUrls)
                        j.insert(QStringLiteral("url"), redactedUrl(a.url));
                    out.append(j);
                }
                return api::json({{QStringLiteral("remote_agents"), out}});
            });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/remote-agents/{name}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Register or change a remote agent {url, secret, actions: "
                                       "[{name, description, input_schema, output_schema, "
                                       "errors}], timeout_ms?}"),
             .tag = QStringLiteral("agents"),
             .maxBodyBytes = 256 * 1024},
            [&remote](RequestContext &ctx) {
                auto body =
                    api::jsonBody(ctx.request, 256 * 1024,
                                  {QStringLiteral("url"), QStringLiteral("secret"),
                                   QStringLiteral("actions"), QStringLiteral("timeout_ms")});
                if (!body)
                    return std::move(body.error());
                ctx.auditTarget = QStringLiteral("remote_agent:") + ctx.params.value(0);
                auto saved = remote.save(ctx.params.value(0), *body);
                if (!saved)
                    return api::invalidField(saved.error().section(QLatin1Char(':'), 0, 0),
                                             saved.error().section(QLatin1Char(':'), 1).trimmed());
                return api::json(saved->toJson());
            });
    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/remote-agents/{name}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Remove a remote agent (its actions disappear)"),
             .tag = QStringLiteral("agents"),
             .sensitive = true},
            [&remote](RequestContext &ctx) {
                ctx.auditTarget = QStringLiteral("remote_agent:") + ctx.params.value(0);
                auto r = remote.remove(ctx.params.value(0));
                if (!r)
                    return api::fromDbError(r.error());
                if (!*r)
                    return api::problem(
                        Status::NotFound, QStringLiteral("Not Found"),
                        QStringLiteral("no remote agent %1").arg(ctx.params.value(0)));
                return QHttpServerResponse(Status::NoContent);
            });
}

} // namespace dc::agents
