// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An agent is a set of named actions. Each action declares a JSON Schema for its input and its
// output and the error codes it can fail with, each retryable or not; it runs as a task of kind
// "<agent>.<action>" so workflows, POST /api/agents/{agent}/action and other agents all call it
// the same way, with the task manager's retries, timeouts and idempotency keys.
#include "tasks/taskmanager.h"

#include <QJsonArray>
#include <expected>

namespace dc::agents {

struct ActionError
{
    QString code; // UPPER_SNAKE for business errors, e.g. ADDRESS_INCOMPLETE
    bool retryable = false;
    QString description;
};

struct ActionFailure
{
    QString code;
    QString message;
};

// The failure a backend error becomes: its machine code and message.
inline ActionFailure failureOf(const dc::Error &e)
{
    return {e.machineCode(), e.message};
}

using ActionResult = std::expected<QJsonObject, ActionFailure>;
using ActionHandler = std::function<ActionResult(tasks::TaskContext &)>;

struct ActionSpec
{
    QString agent;
    QString action;
    QString description;
    QJsonObject input;  // JSON Schema
    QJsonObject output; // JSON Schema
    QList<ActionError> errors;
    int concurrency = 0;
    qint64 timeoutMs = 2 * 60'000;
    int maxAttempts = 5;
    qint64 firstRetryDelayMs = 1000;
    // > 0: the action calls an outside service and retries over this long instead of
    // maxAttempts times (capped exponential backoff, kOutageMaxDelayMs between tries at most),
    // so that a failure of hours does not leave a dead task. An outage the circuit sees
    // (tasks/circuits.h) does not use these tries at all.
    qint64 retryBudgetMs = 0;
};

// Like Shopify's own webhook retries (8 over 4 hours).
inline constexpr qint64 kOutageBudgetMs = 4 * 3600'000LL;
inline constexpr qint64 kOutageMaxDelayMs = 3600'000LL;

// Codes every action may fail with besides its own.
inline const QList<ActionError> &commonErrors()
{
    static const QList<ActionError> e{
        {QStringLiteral("invalid_input"), false, QStringLiteral("the input breaks the schema")},
        {QStringLiteral("invalid_output"), false,
         QStringLiteral("the action answered something its output schema refuses (a defect)")},
        {QStringLiteral("store"), true,
         QStringLiteral("the database could not be read or written")},
        {QStringLiteral("timeout"), true, QStringLiteral("the action ran past its time limit")},
    };
    return e;
}

// Registers the action on the task manager: the input is validated before the handler runs,
// the output after, and a failure's retryability comes from the declaration (an undeclared
// code is logged as a defect and not retried).
// `permission` is what a caller of POST /api/agents/{agent}/action needs besides agents.call
// (refunds, supplier orders, prices and stock need more); workflows call any action.
void registerAction(tasks::TaskManager &tasks, const QString &permission, const ActionSpec &spec,
                    ActionHandler handler);
QJsonArray errorsJson(const QList<ActionError> &errors);

// A failure value, for handlers: return fail("ADDRESS_INCOMPLETE", "zip is missing").
inline std::unexpected<ActionFailure> fail(const QString &code, const QString &message)
{
    return std::unexpected(ActionFailure{code, message});
}

} // namespace dc::agents
