// SPDX-License-Identifier: GPL-3.0-or-later
// The services agents call from outside (AliExpress, the language model) and the remote agents:
// how they are reached, and whether they answered their last call.
#include "api/integrationsapi.h"

#include "agents/crew.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "core/urls.h"
#include "security/permissions.h"

#include <QJsonArray>

namespace dc::api {

namespace {

using Status = QHttpServerResponse::StatusCode;

// app_key and app_secret are required and must not be empty: setAliExpress() says "required" for
// an empty one, in that order (a minLength would name app_secret first, the schema's members
// being checked in alphabetical order). Without access_token the app is authorised through
// /api/integrations/aliexpress/authorize-url and /token (tokens of the same app key are kept).
QJsonObject aliExpressSchema()
{
    const QJsonObject token = schema::string(2000);
    const QJsonObject epochMs = schema::nullable(schema::integer(0));
    return schema::object(
        {{QStringLiteral("app_key"), schema::string(200)},
         {QStringLiteral("app_secret"), token},
         {QStringLiteral("access_token"), schema::nullable(token)},
         {QStringLiteral("refresh_token"), schema::nullable(schema::string(2000))},
         {QStringLiteral("access_expires_at"), epochMs},
         {QStringLiteral("refresh_expires_at"), epochMs}},
        {QStringLiteral("app_key"), QStringLiteral("app_secret")});
}

QJsonObject llmSchema()
{
    return schema::object({{QStringLiteral("url"), schema::string(500)},
                           {QStringLiteral("model"), schema::nullable(schema::string(200))},
                           {QStringLiteral("api_key"), schema::nullable(schema::string(2000))}},
                          {QStringLiteral("url")});
}

// What RemoteAgents::save() reads (it takes null for an absent member and ignores unknown members
// of an action); it checks the URL, the names and the secret's length itself.
QJsonObject remoteAgentSchema()
{
    const QJsonObject error =
        schema::object({{QStringLiteral("code"), schema::string(0, {}, 1)},
                        {QStringLiteral("retryable"), schema::boolean()}},
                       {QStringLiteral("code"), QStringLiteral("retryable")}, true);
    const QJsonObject action =
        schema::object({{QStringLiteral("name"), schema::string(40)},
                        {QStringLiteral("description"), schema::nullable(schema::string())},
                        {QStringLiteral("input_schema"), schema::anyObject()},
                        {QStringLiteral("output_schema"), schema::anyObject()},
                        {QStringLiteral("errors"), schema::nullable(schema::array(error))},
                        {QStringLiteral("permission"),
                         schema::nullable(schema::string(0, security::allPermissions()))}},
                       {QStringLiteral("name")}, true);
    QJsonObject actions = schema::array(action, 100);
    actions.insert(QStringLiteral("minItems"), 1);
    return schema::object(
        {{QStringLiteral("url"), schema::string()},
         {QStringLiteral("secret"), schema::nullable(schema::string())},
         {QStringLiteral("actions"), actions},
         {QStringLiteral("timeout_ms"), schema::nullable(schema::integer(100, 600'000))}},
        {QStringLiteral("url"), QStringLiteral("actions")});
}

QHttpServerResponse secretsUnavailable(const QString &why)
{
    return problem(Status::ServiceUnavailable, QStringLiteral("Secrets unavailable"), why);
}

QHttpServerResponse setAliExpress(RequestContext &ctx, agents::Crew &crew)
{
    agents::Integrations &integrations = crew.integrations();
    const QJsonObject &body = ctx.body;
    aliexpress::Credentials c;
    auto appKey = stringField(body, QStringLiteral("app_key"), 200);
    if (!appKey)
        return std::move(appKey.error());
    if (!appKey->has_value() || (*appKey)->isEmpty())
        return invalidField(QStringLiteral("app_key"), QStringLiteral("required"));
    c.appKey = **appKey;
    for (auto [name, target, required] :
         {std::tuple{QStringLiteral("app_secret"), &c.appSecret, true},
          std::tuple{QStringLiteral("access_token"), &c.accessToken, false},
          std::tuple{QStringLiteral("refresh_token"), &c.refreshToken, false}}) {
        auto v = stringField(body, name, 2000);
        if (!v)
            return std::move(v.error());
        if (required && (!v->has_value() || (*v)->isEmpty()))
            return invalidField(name, QStringLiteral("required"));
        *target = v->value_or(QString()).toUtf8();
    }
    for (auto [name, target] :
         {std::pair{QStringLiteral("access_expires_at"), &c.accessExpiresMs},
          std::pair{QStringLiteral("refresh_expires_at"), &c.refreshExpiresMs}}) {
        auto v = intField(body, name, 0, INT64_MAX);
        if (!v)
            return std::move(v.error());
        *target = v->value_or(0);
    }
    if (auto s = integrations.setAliExpress(c); !s)
        return secretsUnavailable(s.error());
    ctx.auditTarget = QStringLiteral("integration:aliexpress");
    auto o = integrations.aliexpressStatus(crew.aliexpress().health(), crew.aliexpress().now());
    return o ? json(*o) : secretsUnavailable(o.error());
}

QHttpServerResponse setLlm(RequestContext &ctx, agents::Crew &crew)
{
    const QJsonObject &body = ctx.body;
    auto url = stringField(body, QStringLiteral("url"), 500);
    if (!url)
        return std::move(url.error());
    if (!url->has_value())
        return invalidField(QStringLiteral("url"), QStringLiteral("required"));
    auto model = stringField(body, QStringLiteral("model"), 200);
    if (!model)
        return std::move(model.error());
    auto key = stringField(body, QStringLiteral("api_key"), 2000);
    if (!key)
        return std::move(key.error());
    if (auto set = crew.integrations().setLlm((*url)->trimmed(),
                                              model->value_or(QString()).trimmed(), *key);
        !set)
        return errorResponse(set.error());
    ctx.auditTarget = QStringLiteral("integration:llm");
    auto o = crew.integrations().llmStatus(crew.contentHealth());
    if (!o)
        return secretsUnavailable(o.error());
    return json(*o);
}

QHttpServerResponse listRemoteAgents(RequestContext &ctx, agents::RemoteAgents &remote,
                                     storage::Store &store)
{
    auto l = remote.list(store.reader());
    if (!l)
        return errorResponse(l.error());
    const bool fullUrls =
        security::roleAllows(ctx.principal.role, QStringLiteral("settings.manage"));
    QJsonArray out;
    for (const agents::RemoteAgent &a : *l) {
        QJsonObject j = a.toJson();
        if (!fullUrls)
            j.insert(QStringLiteral("url"), redactedUrl(a.url));
        out.append(j);
    }
    return json({{QStringLiteral("remote_agents"), out}});
}

QHttpServerResponse saveRemoteAgent(RequestContext &ctx, agents::RemoteAgents &remote)
{
    const QJsonObject &body = ctx.body;
    ctx.auditTarget = QStringLiteral("remote_agent:") + ctx.params.value(0);
    auto saved = remote.save(ctx.params.value(0), body);
    if (!saved)
        return invalidField(saved.error().section(QLatin1Char(':'), 0, 0),
                            saved.error().section(QLatin1Char(':'), 1).trimmed());
    return json(saved->toJson());
}

QHttpServerResponse removeRemoteAgent(RequestContext &ctx, agents::RemoteAgents &remote)
{
    ctx.auditTarget = QStringLiteral("remote_agent:") + ctx.params.value(0);
    auto r = remote.remove(ctx.params.value(0));
    if (!r)
        return errorResponse(r.error());
    if (!*r)
        return notFound(QStringLiteral("no remote agent %1").arg(ctx.params.value(0)));
    return QHttpServerResponse(Status::NoContent);
}

} // namespace

void registerIntegrationRoutes(HttpFront &front, agents::Crew &crew)
{
    Router &r = front.router();
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/integrations/aliexpress"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Whether AliExpress is configured (never the secrets) and "
                                       "whether it answered the last call (last_call)"),
             .tag = QStringLiteral("integrations")},
            [&crew] {
                auto o = crew.integrations().aliexpressStatus(crew.aliexpress().health(),
                                                              crew.aliexpress().now());
                return o ? json(*o) : secretsUnavailable(o.error());
            });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/integrations/aliexpress"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Set AliExpress credentials {app_key, app_secret, "
                                       "access_token?, refresh_token?, access_expires_at?, "
                                       "refresh_expires_at? (epoch ms)}; kept in the secret "
                                       "store. Without access_token: authorise through "
                                       "authorize-url and token (the same app key keeps its "
                                       "tokens)"),
             .tag = QStringLiteral("integrations"),
             .maxBodyBytes = 8 * 1024,
             .sensitive = true,
             .requestBody = aliExpressSchema()},
            [&crew](RequestContext &ctx) { return setAliExpress(ctx, crew); });
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/integrations/llm"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("The LLM endpoint used by the Content Generator, whether "
                                       "it answered the last call (last_call; never the "
                                       "API key); source says whether it comes from the INI "
                                       "file or the API"),
             .tag = QStringLiteral("integrations")},
            [&crew] {
                auto o = crew.integrations().llmStatus(crew.contentHealth());
                return o ? json(*o) : secretsUnavailable(o.error());
            });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/integrations/llm"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Set the LLM endpoint {url (an OpenAI-compatible server; "
                                       "empty: templates only), model, api_key? (empty removes "
                                       "it; required again when the url's origin changes)}; "
                                       "shared by every instance, the key in the secret store"),
             .tag = QStringLiteral("integrations"),
             .maxBodyBytes = 8 * 1024,
             .sensitive = true,
             .requestBody = llmSchema()},
            [&crew](RequestContext &ctx) { return setLlm(ctx, crew); });
}

void registerRemoteAgentRoutes(HttpFront &front, agents::RemoteAgents &remote,
                               storage::Store &store)
{
    Router &r = front.router();
    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/remote-agents"),
         .permission = QStringLiteral("agents.read"),
         .summary = QStringLiteral("Remote agents: URL and actions, never the secret (the "
                                   "URL in full for settings.manage, its scheme, host and "
                                   "port for others)"),
         .tag = QStringLiteral("agents")},
        [&remote, &store](RequestContext &ctx) { return listRemoteAgents(ctx, remote, store); });
    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/remote-agents/{name}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Register or change a remote agent {url, secret, actions: "
                                       "[{name, description, input_schema, output_schema, "
                                       "errors, permission?}], timeout_ms?}"),
             .tag = QStringLiteral("agents"),
             .maxBodyBytes = 256 * 1024,
             .requestBody = remoteAgentSchema()},
            [&remote](RequestContext &ctx) { return saveRemoteAgent(ctx, remote); });
    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/remote-agents/{name}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Remove a remote agent (its actions disappear)"),
             .tag = QStringLiteral("agents"),
             .sensitive = true},
            [&remote](RequestContext &ctx) { return removeRemoteAgent(ctx, remote); });
}

} // namespace dc::api
