// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/agent.h"

#include "core/jsonschema.h"
#include "core/logging.h"
#include "security/permissions.h"

namespace dc::agents {

QJsonArray errorsJson(const QList<ActionError> &errors)
{
    QJsonArray out;
    for (const ActionError &e : errors)
        out.append(QJsonObject{{QStringLiteral("code"), e.code},
                               {QStringLiteral("retryable"), e.retryable},
                               {QStringLiteral("description"), e.description}});
    return out;
}

void registerAction(tasks::TaskManager &tasks, const QString &permission, const ActionSpec &spec,
                    ActionHandler handler)
{
    Q_ASSERT_X(security::allPermissions().contains(permission), "registerAction",
               "an action's permission must be one of the permission table's");
    QList<ActionError> declared = spec.errors;
    declared.append(commonErrors());
    tasks::KindOptions o;
    o.permission = permission;
    o.description = spec.description;
    o.inputSchema = spec.input;
    o.outputSchema = spec.output;
    o.errors = errorsJson(declared);
    o.concurrency = spec.concurrency;
    o.timeoutMs = spec.timeoutMs;
    o.retry.maxAttempts = spec.maxAttempts;
    o.retry.firstDelayMs = spec.firstRetryDelayMs;
    if (spec.retryBudgetMs > 0) {
        o.retry.maxDelayMs = kOutageMaxDelayMs;
        o.retry.maxAttempts =
            std::max(spec.maxAttempts, o.retry.attemptsWithin(spec.retryBudgetMs));
    }
    const QString kind = spec.agent + QLatin1Char('.') + spec.action;
    tasks.registerKind(
        kind,
        [spec, declared, kind, handler = std::move(handler)](tasks::TaskContext &ctx) {
            if (auto bad = validateJson(ctx.input, spec.input))
                return tasks::TaskOutcome::failure(QStringLiteral("invalid_input"), *bad, false);
            ActionResult r = handler(ctx);
            if (!r) {
                for (const ActionError &e : declared)
                    if (e.code == r.error().code)
                        return tasks::TaskOutcome::failure(e.code, r.error().message, e.retryable);
                qCCritical(lcAgents).noquote()
                    << kind << "failed with an undeclared error code" << r.error().code;
                return tasks::TaskOutcome::failure(r.error().code, r.error().message, false);
            }
            if (auto bad = validateJson(*r, spec.output, QStringLiteral("output"))) {
                qCCritical(lcAgents).noquote() << kind << "answered an invalid output:" << *bad;
                return tasks::TaskOutcome::failure(QStringLiteral("invalid_output"), *bad, false);
            }
            return tasks::TaskOutcome::success(*r);
        },
        o);
}

} // namespace dc::agents
