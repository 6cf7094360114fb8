// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Dry runs: what a run of a workflow would do, step by step, for a recorded event or a manual
// input, without running anything. The trigger key is computed as the trigger's handler
// computes it, and each step's `when`, `for_each` and input are evaluated with the executor's
// own renderer and the context a run would give the step (trigger.data, trigger.key, input,
// run.workflow). What only a run can know is never guessed:
//   - a template reading an earlier step's output, status or error, the run's id, or for_each's
//     `item` when the list itself reads one of those, renders as a placeholder string:
//       "<output of step NAME.path>"  "{{ NAME.output.path }}" (also "<status of step NAME>",
//                                     "<error of step NAME>", "<result of step NAME>")
//       "<run.id>", "<item.path>"     the run's id; the item of an unknown list
//       "<unknown: EXPRESSION>"       any other expression reading one of these
//     A string mixing text and templates keeps the rest of its text ("total <output of step
//     price.total> EUR"). The places of such strings are listed in the step's "unknown"
//     ("input.prepared_order"), and the input schema is not checked there.
//   - a `when` or `for_each` reading one of those is null (unknown).
// Nothing is written, enqueued, published or called: the caller gives the event and a lookup
// of the agent actions; this only reads them.
#include "events/event.h"
#include "workflows/definition.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace dc::workflows {

// What a dry run needs of an agent action that exists.
struct DryRunAction
{
    QJsonObject inputSchema; // empty: the action declares none
};
// The action `agent.action`, or nothing when no such action is available.
using DryRunActions =
    std::function<std::optional<DryRunAction>(const QString &agent, const QString &action)>;

// What the run would start from: a recorded event (a run it starts has no input), or, without
// one, a run started by hand with this input.
struct DryRunTrigger
{
    std::optional<events::Event> event;
    QJsonObject input;
};

// {workflow, event: {id, topic} | null, key (null for a run started by hand),
//  starts_run (whether the event would start a run; null without an event), warnings: [text],
//  steps: [{name, agent, action, action_exists, depends_on, when, runs, skip_reason?,
//           for_each_items, input, inputs? (for_each: the first items' inputs), unknown,
//           problems}]}
// The steps come in dependency order. when: true, false or null (unknown); runs: whether the
// step would run at all (false when `when` is false or a step it depends on would be skipped);
// for_each_items: the number of items, null when the step has no for_each or its list is
// unknown; input: the rendered input (the first item's for for_each; null when the list is
// empty); problems: what would make the step fail or the definition be refused (an unknown
// action, the input against the action's schema, for_each not giving a list, size limits).
QJsonObject dryRun(const WorkflowDefinition &def, const DryRunTrigger &trigger,
                   const DryRunActions &actions);

} // namespace dc::workflows
