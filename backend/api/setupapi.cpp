// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/setupapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "setup/setupguide.h"

#include <QJsonArray>
#include <QThreadPool>

namespace dc::api {

namespace {

using setup::SetupGuide;
using setup::Step;
using setup::StepState;

QHttpServerResponse overview(const SetupGuide &guide)
{
    auto steps = guide.steps();
    if (!steps)
        return errorResponse(steps.error());
    QJsonValue next; // the first step still missing
    bool complete = true;
    for (const Step &s : *steps) {
        if (s.state == StepState::Missing && next.isNull())
            next = s.name;
        complete = complete && s.state != StepState::Missing;
    }
    return json({{QStringLiteral("complete"), complete},
                 {QStringLiteral("next"), next},
                 {QStringLiteral("steps"), toJsonArray(*steps)}});
}

QJsonObject testOrderSchema()
{
    return schema::object({{QStringLiteral("variant_id"), schema::nullable(schema::integer(1))},
                           {QStringLiteral("country"), schema::nullable(schema::string(2))},
                           {QStringLiteral("quantity"), schema::nullable(schema::integer(1, 100))}},
                          {});
}

} // namespace

void registerSetupRoutes(HttpFront &front, SetupGuide &guide, QThreadPool *pool)
{
    Router &r = front.router();
    const QString steps = SetupGuide::stepNames().join(u", ");
    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/setup"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("The first-run steps (%1), each done, missing or skipped "
                                       "with what is missing and the calls that do it: "
                                       "{complete, next, steps}")
                            .arg(steps),
             .tag = QStringLiteral("setup")},
            [&guide] { return overview(guide); });
    for (const bool skip : {true, false})
        r.route({.method = Method::Post,
                 .pattern = QStringLiteral("/api/setup/{step}/") +
                            (skip ? QStringLiteral("skip") : QStringLiteral("resume")),
                 .permission = QStringLiteral("settings.manage"),
                 .summary = skip ? QStringLiteral("Skip a step until it is resumed (kept for "
                                                  "every instance): the step")
                                 : QStringLiteral("Resume a skipped step: the step"),
                 .tag = QStringLiteral("setup"),
                 .body = BodyKind::None},
                [&guide, skip](RequestContext &ctx) {
                    const QString name = ctx.params.value(0);
                    ctx.auditTarget = QStringLiteral("setup:") + name;
                    auto s = skip ? guide.skip(name, ctx.principal.subject()) : guide.resume(name);
                    return s ? json(s->toJson()) : errorResponse(s.error());
                });
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/setup/test-order"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral(
                 "A dry run of an order {variant_id? (default: the first mapped), country? "
                 "(default: where most orders go), quantity? (1)}: the offer the Order Manager "
                 "would choose, the AliExpress product, SKU, stock and shipping read live, the "
                 "margin; nothing is bought. The report {ok, placed: false, checks: [{check, "
                 "ok, warning, detail}], would_order, margin} is kept as the test_order step"),
             .tag = QStringLiteral("setup"),
             .maxBodyBytes = 4096,
             .requestBody = testOrderSchema(),
             .body = BodyKind::OptionalJson},
            [&front, &guide, pool](RequestContext &ctx) {
                const QJsonObject &body = ctx.body; // none: every default
                SetupGuide::TestOrder req;
                req.variantId = body.value(QStringLiteral("variant_id")).toInteger();
                req.country = body.value(QStringLiteral("country")).toString();
                req.quantity = int(body.value(QStringLiteral("quantity")).toInteger(1));
                ctx.auditTarget = QStringLiteral("setup:test_order");
                return answerFromPool(front, *pool, ctx,
                                      [&guide, req] { return guide.testOrder(req); });
            });
}

} // namespace dc::api
