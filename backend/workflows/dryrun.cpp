// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/dryrun.h"

#include "core/expression.h"
#include "core/jsonschema.h"
#include "events/topic.h"
#include "workflows/template.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace dc::workflows {

namespace {

constexpr int kMaxShownInputs = 20; // for_each: the inputs of the first items, in full
constexpr int kMaxProblems = 50;    // per step; the rest are counted

// What a dry run cannot know: the result of every step (none has run), the run's id (there is
// no run), and for_each's item when its list reads one of those.
struct Unknowns
{
    QSet<QString> steps;
    bool item = false;

    bool reads(const QStringList &segs) const
    {
        const QString root = segs.value(0);
        if (steps.contains(root))
            return true;
        if (root == QLatin1String("run"))
            return segs.size() == 1 || segs.at(1) == QLatin1String("id");
        return item && root == QLatin1String("item");
    }
    bool readsAny(const QList<QStringList> &paths) const
    {
        return std::any_of(paths.cbegin(), paths.cend(),
                           [this](const QStringList &segs) { return reads(segs); });
    }
};

// The segments from `from` on as a template writes them: ".name", "[0]", "[*]".
QString pathSuffix(const QStringList &segs, qsizetype from)
{
    QString out;
    for (qsizetype i = from; i < segs.size(); ++i) {
        if (!segs.at(i).startsWith(QLatin1Char('[')))
            out += QLatin1Char('.');
        out += segs.at(i);
    }
    return out;
}

// What a template reading something unknown shows instead of its value.
QString placeholder(const Expression &e, const Unknowns &u)
{
    const QList<QStringList> paths = e.paths();
    if (paths.size() == 1) {
        const QStringList &segs = paths.first();
        const QString path = segs.first() + pathSuffix(segs, 1);
        // The expression is that one path (not a comparison or a list that reads it).
        if (QString(e.text()).remove(QLatin1Char(' ')) == path) {
            if (!u.steps.contains(segs.first()))
                return QStringLiteral("<%1>").arg(path);
            const QString field = segs.size() > 1 ? segs.at(1) : QStringLiteral("result");
            return QStringLiteral("<%1 of step %2%3>")
                .arg(field, segs.first(), pathSuffix(segs, 2));
        }
    }
    return QStringLiteral("<unknown: %1>").arg(e.text());
}

// A string of an input as the executor renders it (renderValue), except that each template that
// reads something unknown shows its placeholder. `where` is recorded in `unknown` then.
QJsonValue renderString(const QString &text, const QJsonObject &context, const Unknowns &u,
                        const QString &where, QStringList &unknown)
{
    auto t = TemplateString::parse(text);
    if (!t || !u.readsAny(t->paths()))
        return renderValue(text, context); // exactly what a run renders
    unknown << where;
    // The templates split as TemplateString::parse splits them (it accepted this text): those
    // reading something unknown become literal text, the others render as a run would.
    QString rebuilt;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), pos);
        if (open < 0) {
            rebuilt += text.mid(pos);
            break;
        }
        rebuilt += text.mid(pos, open - pos);
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0)
            return text; // not reached: parse() accepted the text
        const QString inner = text.mid(open + 2, close - open - 2);
        auto e = Expression::parse(inner.trimmed());
        if (e && u.readsAny(e->paths())) {
            const QString shown = placeholder(*e, u);
            if (open == 0 && close + 2 == text.size())
                return shown; // the whole string is this template: the placeholder is its value
            // Literal text from here on: nothing in it may open a template.
            rebuilt += QString(shown).replace(QLatin1String("{{"), QLatin1String("{ {"));
        } else {
            rebuilt += text.mid(open, close + 2 - open);
        }
        pos = close + 2;
    }
    auto r = TemplateString::parse(rebuilt);
    return r ? r->render(context) : QJsonValue(rebuilt);
}

// renderValue() with placeholders; the places of strings that read something unknown are
// collected in `unknown` as validateJson() names places ("input.lines[2].sku").
QJsonValue renderInput(const QJsonValue &value, const QJsonObject &context, const Unknowns &u,
                       const QString &where, QStringList &unknown)
{
    if (value.isString())
        return renderString(value.toString(), context, u, where, unknown);
    if (value.isArray()) {
        QJsonArray out;
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            out.append(
                renderInput(a.at(i), context, u, where + QStringLiteral("[%1]").arg(i), unknown));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), renderInput(it.value(), context, u,
                                             where + QLatin1Char('.') + it.key(), unknown));
        return out;
    }
    return value;
}

// Whether the value at `path` is unknown or holds something unknown.
bool touchesUnknown(const QString &path, const QStringList &unknown)
{
    return std::any_of(unknown.cbegin(), unknown.cend(), [&path](const QString &u) {
        if (u == path)
            return true;
        if (u.size() <= path.size() || !u.startsWith(path))
            return false;
        const QChar next = u.at(path.size());
        return next == QLatin1Char('.') || next == QLatin1Char('[');
    });
}

// The input against the action's schema, as the action checks it before it runs
// (validateJson), but skipping unknown values and reporting a problem per member rather than
// the first one only.
void schemaProblems(const QJsonValue &value, const QJsonObject &schema, const QString &path,
                    const QStringList &unknown, QStringList &out)
{
    if (!touchesUnknown(path, unknown)) {
        if (auto bad = validateJson(value, schema, path))
            out << *bad;
        return;
    }
    if (unknown.contains(path))
        return; // a placeholder: nothing to check
    // Partly known: the container's own rules first (members accept anything there), then each
    // member against its own schema.
    QJsonObject own = schema;
    if (value.isObject()) {
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        QJsonObject anything;
        for (auto it = props.begin(); it != props.end(); ++it)
            anything.insert(it.key(), QJsonObject());
        own.insert(QStringLiteral("properties"), anything);
        if (auto bad = validateJson(value, own, path)) {
            out << *bad;
            return;
        }
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (props.contains(it.key()))
                schemaProblems(it.value(), props.value(it.key()).toObject(),
                               path + QLatin1Char('.') + it.key(), unknown, out);
    } else if (value.isArray()) {
        own.remove(QStringLiteral("items"));
        if (auto bad = validateJson(value, own, path)) {
            out << *bad;
            return;
        }
        if (!schema.value(QStringLiteral("items")).isObject())
            return;
        const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            schemaProblems(a.at(i), items, path + QStringLiteral("[%1]").arg(i), unknown, out);
    }
}

bool isFalse(const QJsonValue &v)
{
    return v.isBool() && !v.toBool();
}

QString missingAction(const QString &agent, const QString &action)
{
    // The words of the action catalogue a definition is loaded with (runtime/backend.cpp).
    return QStringLiteral("no agent action \"%1.%2\" is available").arg(agent, action);
}

// The trigger's side: the key a run would get, whether the event would start one, warnings.
struct TriggerOutcome
{
    QJsonObject triggerData;
    QJsonObject input;
    QString key;
    QJsonValue startsRun; // null: no event
    QJsonValue event;     // {id, topic} or null
};

TriggerOutcome evaluateTrigger(const WorkflowDefinition &def, const DryRunTrigger &trigger,
                               QJsonArray &warnings)
{
    TriggerOutcome out;
    if (!trigger.event) {
        out.input = trigger.input;
        if (def.trigger.kind == TriggerDef::Kind::Event)
            warnings.append(QStringLiteral("no event: trigger.data is empty, as in a run started "
                                           "by hand"));
        return out;
    }
    const events::Event &e = *trigger.event;
    out.triggerData = e.data;
    out.event = QJsonObject{{QStringLiteral("id"), e.id}, {QStringLiteral("topic"), e.topic}};
    // As WorkflowScheduler::registerTrigger's handler computes it.
    out.key = e.key.isEmpty() ? QStringLiteral("event-%1").arg(e.id) : e.key;
    if (!def.trigger.key.isEmpty()) {
        const QJsonObject ctx{
            {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("data"), e.data},
                                                    {QStringLiteral("key"), e.key},
                                                    {QStringLiteral("topic"), e.topic}}}};
        const QJsonValue v = renderValue(def.trigger.key, ctx);
        out.key = v.isString() ? v.toString() : QString::number(v.toDouble(), 'g', 17);
    }
    bool starts = true;
    if (def.trigger.kind != TriggerDef::Kind::Event) {
        starts = false;
        warnings.append(QStringLiteral("the workflow is not started by events (its trigger is "
                                       "%1): this event would not start a run")
                            .arg(def.trigger.kind == TriggerDef::Kind::Schedule
                                     ? QStringLiteral("a schedule")
                                     : QStringLiteral("manual")));
    } else {
        // The trigger's subscription: its patterns, then its filter over the whole event.
        auto patterns = events::TopicPatternSet::parse(def.trigger.event);
        if (!patterns || !patterns->matches(e.topic)) {
            starts = false;
            warnings.append(QStringLiteral("the trigger's event \"%1\" does not match the "
                                           "event's topic \"%2\": this event would not start "
                                           "a run")
                                .arg(def.trigger.event, e.topic));
        }
        if (!def.trigger.filter.isEmpty()) {
            auto filter = Expression::parse(def.trigger.filter);
            if (filter && !filter->test(e.toJson())) {
                starts = false;
                warnings.append(QStringLiteral("the trigger's filter (%1) is false for this "
                                               "event: it would not start a run")
                                    .arg(def.trigger.filter));
            }
        }
    }
    out.startsRun = starts;
    return out;
}

} // namespace

QJsonObject dryRun(const WorkflowDefinition &def, const DryRunTrigger &trigger,
                   const DryRunActions &actions)
{
    QJsonArray warnings;
    const TriggerOutcome t = evaluateTrigger(def, trigger, warnings);
    // The context the executor gives a step before any step has finished (WorkflowExecutor::
    // advance): the run's id is left out, every read of it being unknown.
    const QJsonObject context{
        {QStringLiteral("trigger"),
         QJsonObject{{QStringLiteral("data"), t.triggerData}, {QStringLiteral("key"), t.key}}},
        {QStringLiteral("input"), t.input},
        {QStringLiteral("run"), QJsonObject{{QStringLiteral("workflow"), def.name}}}};
    Unknowns unknowns;
    for (const StepDef &s : def.steps)
        unknowns.steps.insert(s.name);

    QHash<QString, QJsonValue> runs; // per step: true, false or null
    QJsonArray steps;
    for (const QString &name : def.order) {
        const StepDef &step = *def.step(name);
        QStringList problems;
        const std::optional<DryRunAction> action =
            actions ? actions(step.agent, step.action) : std::nullopt;
        if (!action) {
            problems << missingAction(step.agent, step.action);
            warnings.append(QStringLiteral("steps.%1: %2 (the definition would not be saved)")
                                .arg(name, missingAction(step.agent, step.action)));
        }

        // when, as the executor tests it (without `item`, which it does not have there).
        QJsonValue when = true;
        if (!step.when.isEmpty()) {
            auto w = Expression::parse(step.when);
            if (w && unknowns.readsAny(w->paths()))
                when = QJsonValue::Null;
            else if (w)
                when = w->test(context);
        }
        // A step runs once every step it depends on has succeeded: one skipped skips it.
        QJsonValue willRun = true;
        QString skipReason;
        for (const QString &d : step.allDeps()) {
            const QJsonValue r = runs.value(d);
            if (isFalse(r)) {
                willRun = false;
                skipReason = QStringLiteral("%1 would be skipped").arg(d);
                break;
            }
            if (r.isNull())
                willRun = QJsonValue::Null;
        }
        if (!isFalse(willRun)) {
            if (isFalse(when)) {
                willRun = false;
                skipReason = QStringLiteral("when is false");
            } else if (when.isNull()) {
                willRun = QJsonValue::Null;
            }
        }
        runs.insert(name, willRun);

        // for_each: its list, as the executor evaluates it.
        const bool fanOut = !step.forEach.isEmpty();
        Unknowns forInput = unknowns;
        QJsonArray items;
        QJsonValue itemCount; // null: no for_each, or its list is unknown
        bool tooMany = false;
        if (fanOut) {
            auto list = Expression::parse(step.forEach);
            if (!list || unknowns.readsAny(list->paths())) {
                forInput.item = true;
            } else if (const QJsonValue v = list->evaluate(context); !v.isArray()) {
                forInput.item = true;
                problems << QStringLiteral("for_each did not give a list: the step would fail");
            } else {
                items = v.toArray();
                itemCount = qint64(items.size());
                tooMany = items.size() > kMaxForEachItems;
                if (tooMany)
                    problems << QStringLiteral("for_each gives %1 items; a step takes at most %2: "
                                               "the step would fail")
                                    .arg(items.size())
                                    .arg(kMaxForEachItems);
            }
        }
        const bool perItem = fanOut && !forInput.item;
        int count = 1;
        if (perItem)
            count =
                int(tooMany ? std::min<qsizetype>(items.size(), kMaxShownInputs) : items.size());

        // The input of each item (or the step's one input), checked as the executor and the
        // action would check it.
        const QJsonValue source = step.input.isNull() ? QJsonValue(QJsonObject()) : step.input;
        const QJsonObject schema = action ? action->inputSchema : QJsonObject();
        QJsonArray inputs;
        QStringList unknownPlaces;
        QSet<QString> unknownSeen; // the same places for every item: looked up, not scanned
        qint64 stepBytes = 0;
        for (int i = 0; i < count; ++i) {
            QJsonObject ci = context;
            if (perItem)
                ci.insert(QStringLiteral("item"), items.at(i));
            QStringList itemUnknown;
            const QJsonValue rendered =
                renderInput(source, ci, forInput, QStringLiteral("input"), itemUnknown);
            const QString which = perItem ? QStringLiteral("item %1: ").arg(i) : QString();
            const qint64 size = jsonSizeAtMost(rendered, kMaxRenderedInputBytes);
            const bool underStepLimit = stepBytes <= kMaxRenderedStepBytes;
            stepBytes += size;
            // Past a limit the executor fails the step there: so does the dry run, without
            // sending what is too large to be an input.
            if (size > kMaxRenderedInputBytes) {
                problems << QString(which + QStringLiteral("the input renders to more than %1 KiB: "
                                                           "the step would fail")
                                                .arg(kMaxRenderedInputBytes / 1024));
                if (i < kMaxShownInputs)
                    inputs.append(QJsonObject{{QStringLiteral("omitted"), true}});
                break;
            }
            if (underStepLimit && stepBytes > kMaxRenderedStepBytes) {
                problems << QStringLiteral("the inputs of its items render to more than %1 MiB: "
                                           "the step would fail")
                                .arg(kMaxRenderedStepBytes / (1024 * 1024));
                break;
            }
            if (!schema.isEmpty()) {
                QStringList bad;
                schemaProblems(rendered.toObject(), schema, QStringLiteral("input"), itemUnknown,
                               bad);
                for (const QString &b : std::as_const(bad))
                    problems << QString(which + b);
            }
            for (const QString &u : std::as_const(itemUnknown))
                if (!unknownSeen.contains(u)) {
                    unknownSeen.insert(u);
                    unknownPlaces << u;
                }
            if (i < kMaxShownInputs)
                inputs.append(rendered.toObject()); // what the task would be given
        }
        if (problems.size() > kMaxProblems) {
            const qsizetype more = problems.size() - kMaxProblems;
            problems = problems.mid(0, kMaxProblems);
            problems << QStringLiteral("and %1 more problems").arg(more);
        }

        QJsonObject out{{QStringLiteral("name"), name},
                        {QStringLiteral("agent"), step.agent},
                        {QStringLiteral("action"), step.action},
                        {QStringLiteral("action_exists"), action.has_value()},
                        {QStringLiteral("depends_on"), QJsonArray::fromStringList(step.allDeps())},
                        {QStringLiteral("when"), when},
                        {QStringLiteral("runs"), willRun},
                        {QStringLiteral("for_each_items"), itemCount},
                        {QStringLiteral("input"), inputs.isEmpty() ? QJsonValue() : inputs.at(0)},
                        {QStringLiteral("unknown"), QJsonArray::fromStringList(unknownPlaces)},
                        {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}};
        if (!skipReason.isEmpty())
            out.insert(QStringLiteral("skip_reason"), skipReason);
        if (fanOut)
            out.insert(QStringLiteral("inputs"), inputs);
        steps.append(out);
    }
    for (qsizetype i = 0; i < def.errorHandling.size(); ++i) {
        const ErrorHandler &eh = def.errorHandling.at(i);
        if (actions && !actions(eh.agent, eh.action))
            warnings.append(QStringLiteral("error_handling[%1]: %2 (the definition would not be "
                                           "saved)")
                                .arg(QString::number(i), missingAction(eh.agent, eh.action)));
    }
    return QJsonObject{{QStringLiteral("workflow"), def.name},
                       {QStringLiteral("event"), t.event},
                       {QStringLiteral("key"), trigger.event ? QJsonValue(t.key) : QJsonValue()},
                       {QStringLiteral("starts_run"), t.startsRun},
                       {QStringLiteral("warnings"), warnings},
                       {QStringLiteral("steps"), steps}};
}

} // namespace dc::workflows
