// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/alertsapi.h"

#include "alerts/alertservice.h"
#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace dc::api {

using Status = QHttpServerResponse::StatusCode;
using alerts::AlertQuery;
using alerts::AlertService;

namespace {

QJsonObject ruleSchema()
{
    using namespace schema;
    return object({{QStringLiteral("enabled"), boolean()},
                   {QStringLiteral("severity"), string(0, alerts::severities())},
                   {QStringLiteral("params"), anyObject()},
                   {QStringLiteral("channels"), array(string(0, alerts::channelNames()), 2)}});
}

QHttpServerResponse listAlerts(RequestContext &ctx, AlertService &service)
{
    const QUrlQuery query(ctx.request.url());
    AlertQuery q;
    static const QHash<QString, AlertQuery::State> states{
        {QStringLiteral("open"), AlertQuery::State::Open},
        {QStringLiteral("acknowledged"), AlertQuery::State::Acknowledged},
        {QStringLiteral("all"), AlertQuery::State::All}};
    const QString state = query.queryItemValue(QStringLiteral("state"));
    if (!state.isEmpty() && !states.contains(state))
        return invalidField(QStringLiteral("state"), QStringLiteral("open, acknowledged or all"));
    q.state = states.value(state, AlertQuery::State::Open);
    q.rule = query.queryItemValue(QStringLiteral("rule"), QUrl::FullyDecoded).left(64);
    auto paging = pageQuery(ctx.request, 50, 500);
    if (!paging)
        return std::move(paging.error());
    q.beforeId = paging->cursor;
    q.limit = paging->limit;
    auto page = service.alerts(q);
    if (!page)
        return errorResponse(page.error());
    auto open = service.openCount();
    if (!open)
        return errorResponse(open.error());
    const bool more = page->size() == q.limit;
    return json(
        {{QStringLiteral("alerts"), toJsonArray(*page)},
         {QStringLiteral("open"), *open},
         {QStringLiteral("next_cursor"), more ? QJsonValue(page->last().id) : QJsonValue()}});
}

QHttpServerResponse changeRule(RequestContext &ctx, AlertService &service)
{
    const QString name = ctx.params.value(0);
    const QJsonObject &body = ctx.body;
    if (!alerts::shippedRule(name))
        return notFound(QStringLiteral("no alert rule %1").arg(name));
    AlertService::RuleChange change;
    if (body.contains(QStringLiteral("enabled")))
        change.enabled = body.value(QStringLiteral("enabled")).toBool();
    if (body.contains(QStringLiteral("severity")))
        change.severity = body.value(QStringLiteral("severity")).toString();
    if (body.contains(QStringLiteral("params"))) {
        const QJsonObject params = body.value(QStringLiteral("params")).toObject();
        if (auto p = alerts::paramsProblem(name, params))
            return invalidField(p->first, p->second);
        change.params = params;
    }
    if (body.contains(QStringLiteral("channels"))) {
        QStringList channels;
        for (const QJsonValue &c : body.value(QStringLiteral("channels")).toArray())
            if (!channels.contains(c.toString()))
                channels << c.toString();
        change.channels = channels;
    }
    auto rule = service.updateRule(name, change, ctx.principal.subject());
    if (!rule)
        return errorResponse(rule.error());
    if (!*rule)
        return notFound(QStringLiteral("no alert rule %1").arg(name));
    ctx.auditTarget = QStringLiteral("alert_rule:") + name;
    ctx.auditDetail = body;
    return json((*rule)->toJson());
}

} // namespace

void registerAlertRoutes(HttpFront &front, AlertService &service)
{
    Router &r = front.router();
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/alerts"),
         .permission = QStringLiteral("alerts.read"),
         .summary = QStringLiteral("Alerts, newest first (?state=open (default), "
                                   "acknowledged or all, ?rule=, ?cursor=&limit=), with the "
                                   "number of open alerts (open)"),
         .tag = QStringLiteral("alerts"),
         .query = {{QStringLiteral("state"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("enum"),
                                 QJsonArray{QStringLiteral("open"), QStringLiteral("acknowledged"),
                                            QStringLiteral("all")}}}},
                   {QStringLiteral("rule"), str},
                   {QStringLiteral("cursor"), integer},
                   {QStringLiteral("limit"), integer}}},
        [&service](RequestContext &ctx) { return listAlerts(ctx, service); });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/alerts/{id:int}"),
             .permission = QStringLiteral("alerts.read"),
             .summary = QStringLiteral("One alert"),
             .tag = QStringLiteral("alerts")},
            [&service](qint64 id) {
                auto a = service.alert(id);
                if (!a)
                    return errorResponse(a.error());
                if (!*a)
                    return notFound(QStringLiteral("no alert %1").arg(id));
                return json((*a)->toJson());
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/alerts/{id:int}/ack"),
             .permission = QStringLiteral("alerts.write"),
             .summary = QStringLiteral("Acknowledge an alert (recording who); acknowledging it "
                                       "again keeps the first acknowledgement"),
             .tag = QStringLiteral("alerts"),
             .body = BodyKind::None},
            [&service](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                auto a = service.acknowledge(id, ctx.principal.subject());
                if (!a)
                    return errorResponse(a.error());
                if (!*a)
                    return notFound(QStringLiteral("no alert %1").arg(id));
                ctx.auditTarget = QStringLiteral("alert:%1").arg(id);
                return json((*a)->toJson());
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/alert-rules"),
             .permission = QStringLiteral("alerts.read"),
             .summary = QStringLiteral("The alert rules: enabled, severity, params, channels"),
             .tag = QStringLiteral("alerts")},
            [&service] { return listResponse(QStringLiteral("rules"), service.rules()); });

    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/alert-rules/{name}"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Change an alert rule {enabled?, severity?, params? (its "
                                       "own keys; absent ones take the shipped value), "
                                       "channels? (email, webhook)}"),
             .tag = QStringLiteral("alerts"),
             .maxBodyBytes = 16 * 1024,
             .requestBody = ruleSchema()},
            [&service](RequestContext &ctx) { return changeRule(ctx, service); });
}

} // namespace dc::api
