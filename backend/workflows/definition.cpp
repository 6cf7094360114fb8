// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/definition.h"

#include "core/expression.h"
#include "events/topics.h"
#include "workflows/cron.h"
#include "workflows/template.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace dc::workflows {

namespace {

constexpr int kMaxBytes = 1024 * 1024;
constexpr int kMaxNodes = 100000;
constexpr int kMaxDepth = 64;
constexpr int kMaxSteps = 500;

// Roots a template may read besides earlier steps.
const QStringList kRoots = {QStringLiteral("trigger"), QStringLiteral("input"),
                            QStringLiteral("item"), QStringLiteral("run")};

class Loader
{
public:
    Loader(QString file, const ActionCatalog &catalog)
        : m_file(std::move(file))
        , m_catalog(catalog)
    {}

    // The text as a YAML mapping, or nothing with the error recorded.
    std::optional<YAML::Node> parseRoot(const QByteArray &text)
    {
        if (text.size() > kMaxBytes) {
            error({1, 1}, QString(), QStringLiteral("larger than %1 bytes").arg(kMaxBytes));
            return std::nullopt;
        }
        YAML::Node root;
        try {
            root = YAML::Load(text.toStdString());
        } catch (const YAML::Exception &e) {
            // yaml-cpp marks are 0-based; a DeepRecursion says "bad file" but is about depth.
            error({e.mark.line + 1, e.mark.column + 1}, QString(), QString::fromStdString(e.msg));
            return std::nullopt;
        }
        if (!root.IsMap()) {
            error(pos(root), QString(),
                  QStringLiteral("a workflow is a mapping with name, steps, ..."));
            return std::nullopt;
        }
        return root;
    }

    std::expected<QJsonObject, QList<ValidationError>> document(const QByteArray &text)
    {
        const std::optional<YAML::Node> doc = parseRoot(text);
        if (!doc)
            return std::unexpected(m_errors);
        const QJsonObject out = json(*doc, QString(), 0).toObject();
        if (!m_errors.isEmpty())
            return std::unexpected(m_errors);
        return out;
    }

    std::expected<WorkflowDefinition, QList<ValidationError>> load(const QByteArray &text)
    {
        const std::optional<YAML::Node> parsed = parseRoot(text);
        if (!parsed)
            return std::unexpected(m_errors);
        const YAML::Node &root = *parsed;
        WorkflowDefinition def;
        const auto fields = mapFields(
            root, QString(),
            {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("trigger"),
             QStringLiteral("steps"), QStringLiteral("error_handling"), QStringLiteral("outputs")});
        static const QRegularExpression nameRe(QStringLiteral("^[a-z0-9][a-z0-9_.-]{0,99}$"));
        if (auto n = fields.value(QStringLiteral("name"));
            fields.contains(QStringLiteral("name"))) {
            def.name = string(n, QStringLiteral("name"));
            if (!def.name.isEmpty() && !nameRe.match(def.name).hasMatch())
                error(pos(n), QStringLiteral("name"),
                      QStringLiteral("lower-case letters, digits, _, . and -"));
        } else {
            error(pos(root), QStringLiteral("name"), QStringLiteral("required"));
        }
        if (auto d = fields.value(QStringLiteral("description"));
            fields.contains(QStringLiteral("description")))
            def.description = string(d, QStringLiteral("description"));
        if (auto t = fields.value(QStringLiteral("trigger"));
            fields.contains(QStringLiteral("trigger")))
            def.trigger = trigger(t);
        if (auto s = fields.value(QStringLiteral("steps"));
            fields.contains(QStringLiteral("steps")))
            steps(s, def);
        else
            error(pos(root), QStringLiteral("steps"),
                  QStringLiteral("required: at least one step"));
        if (auto e = fields.value(QStringLiteral("error_handling"));
            fields.contains(QStringLiteral("error_handling")))
            errorHandling(e, def);
        if (auto o = fields.value(QStringLiteral("outputs"));
            fields.contains(QStringLiteral("outputs"))) {
            const QJsonValue v = json(o, QStringLiteral("outputs"), 0);
            if (!v.isObject())
                error(pos(o), QStringLiteral("outputs"), QStringLiteral("expected a mapping"));
            def.outputs = v.toObject();
            checkTemplates(def.outputs, QStringLiteral("outputs"), pos(o), def, nullptr);
        }
        graph(def);
        if (!m_errors.isEmpty())
            return std::unexpected(m_errors);
        return def;
    }

private:
    SourcePos pos(const YAML::Node &n) const
    {
        const YAML::Mark m = n.Mark();
        if (m.is_null())
            return {};
        return {m.line + 1, m.column + 1};
    }

    void error(SourcePos p, const QString &path, const QString &message)
    {
        if (m_errors.size() < 100)
            m_errors << ValidationError{m_file, p, path, message};
    }

    // The entries of a mapping, refusing duplicate and unknown keys.
    QHash<QString, YAML::Node> mapFields(const YAML::Node &map, const QString &path,
                                         const QStringList &allowed)
    {
        QHash<QString, YAML::Node> out;
        if (!map.IsMap()) {
            error(pos(map), path, QStringLiteral("expected a mapping"));
            return out;
        }
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it->first.IsScalar()) {
                error(pos(it->first), path, QStringLiteral("keys are plain names"));
                continue;
            }
            const QString key = QString::fromStdString(it->first.Scalar());
            const QString where = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            if (out.contains(key)) {
                error(pos(it->first), where, QStringLiteral("duplicate key \"%1\"").arg(key));
                continue;
            }
            if (!allowed.contains(key)) {
                error(pos(it->first), where,
                      QStringLiteral("unknown field \"%1\" (expected one of: %2)")
                          .arg(key, allowed.join(QStringLiteral(", "))));
                continue;
            }
            out.insert(key, it->second);
        }
        return out;
    }

    QString string(const YAML::Node &n, const QString &path)
    {
        if (!n.IsScalar()) {
            error(pos(n), path, QStringLiteral("expected a string"));
            return {};
        }
        return QString::fromStdString(n.Scalar());
    }

    std::optional<qint64> integer(const YAML::Node &n, const QString &path, qint64 min, qint64 max)
    {
        bool ok = false;
        const qint64 v = n.IsScalar() ? QString::fromStdString(n.Scalar()).toLongLong(&ok) : 0;
        if (!ok || n.Tag() == "!" || v < min || v > max) {
            error(pos(n), path,
                  QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max));
            return std::nullopt;
        }
        return v;
    }

    // "500ms", "30s", "5m", "2h", or a number of seconds.
    std::optional<qint64> duration(const YAML::Node &n, const QString &path)
    {
        static const QRegularExpression re(QStringLiteral("^(\\d{1,9})(ms|s|m|h)?$"));
        const auto m = n.IsScalar() ? re.match(QString::fromStdString(n.Scalar()).trimmed())
                                    : QRegularExpressionMatch();
        if (!m.hasMatch()) {
            error(pos(n), path, QStringLiteral("expected a duration such as 500ms, 30s, 5m or 2h"));
            return std::nullopt;
        }
        const qint64 v = m.captured(1).toLongLong();
        const QString unit = m.captured(2);
        return unit == QLatin1String("ms")  ? v
               : unit == QLatin1String("m") ? v * 60000
               : unit == QLatin1String("h") ? v * 3600000
                                            : v * 1000;
    }

    // YAML to JSON with budgets: aliases are not expanded by yaml-cpp, but walking them is, so a
    // self-referencing anchor or an alias bomb would never end without these limits.
    QJsonValue json(const YAML::Node &n, const QString &path, int depth)
    {
        if (++m_nodes > kMaxNodes) {
            if (m_nodes == kMaxNodes + 1)
                error(pos(n), path,
                      QStringLiteral("more than %1 nodes (aliases count each time they are used)")
                          .arg(kMaxNodes));
            return QJsonValue();
        }
        if (depth > kMaxDepth) {
            error(pos(n), path, QStringLiteral("nested deeper than %1").arg(kMaxDepth));
            return QJsonValue();
        }
        switch (n.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return QJsonValue();
        case YAML::NodeType::Scalar: {
            const QString s = QString::fromStdString(n.Scalar());
            if (n.Tag() == "!")
                return s; // quoted: always a string
            if (s == QLatin1String("true") || s == QLatin1String("True") ||
                s == QLatin1String("TRUE"))
                return true;
            if (s == QLatin1String("false") || s == QLatin1String("False") ||
                s == QLatin1String("FALSE"))
                return false;
            if (s == QLatin1String("null") || s == QLatin1String("~") || s.isEmpty())
                return QJsonValue();
            static const QRegularExpression num(
                QStringLiteral("^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?$"));
            if (num.match(s).hasMatch())
                return s.toDouble();
            return s;
        }
        case YAML::NodeType::Sequence: {
            QJsonArray a;
            int i = 0;
            for (const YAML::Node &c : n)
                a.append(json(c, path + QStringLiteral("[%1]").arg(i++), depth + 1));
            return a;
        }
        case YAML::NodeType::Map: {
            QJsonObject o;
            for (auto it = n.begin(); it != n.end(); ++it) {
                const QString key = QString::fromStdString(it->first.IsScalar() ? it->first.Scalar()
                                                                                : std::string());
                if (o.contains(key))
                    error(pos(it->first), path + QLatin1Char('.') + key,
                          QStringLiteral("duplicate key \"%1\"").arg(key));
                o.insert(key, json(it->second, path + QLatin1Char('.') + key, depth + 1));
            }
            return o;
        }
        }
        return QJsonValue();
    }

    TriggerDef trigger(const YAML::Node &n)
    {
        TriggerDef t;
        const auto f =
            mapFields(n, QStringLiteral("trigger"),
                      {QStringLiteral("event"), QStringLiteral("filter"), QStringLiteral("key"),
                       QStringLiteral("schedule"), QStringLiteral("manual")});
        if (f.contains(QStringLiteral("event")) && f.contains(QStringLiteral("schedule")))
            error(pos(n), QStringLiteral("trigger"),
                  QStringLiteral("either event or schedule, not both"));
        if (auto e = f.value(QStringLiteral("event")); f.contains(QStringLiteral("event"))) {
            t.kind = TriggerDef::Kind::Event;
            t.event = string(e, QStringLiteral("trigger.event"));
            if (auto p = events::topics::parseTriggerPatterns(t.event); !p)
                error(pos(e), QStringLiteral("trigger.event"), p.error());
        }
        if (auto fl = f.value(QStringLiteral("filter")); f.contains(QStringLiteral("filter"))) {
            t.filter = bareExpression(string(fl, QStringLiteral("trigger.filter")));
            if (auto x = Expression::parse(t.filter); !x)
                error(pos(fl), QStringLiteral("trigger.filter"), x.error().message);
        }
        if (auto k = f.value(QStringLiteral("key")); f.contains(QStringLiteral("key"))) {
            t.key = string(k, QStringLiteral("trigger.key"));
            if (auto x = TemplateString::parse(t.key); !x)
                error(pos(k), QStringLiteral("trigger.key"), x.error().message);
        }
        if (auto s = f.value(QStringLiteral("schedule")); f.contains(QStringLiteral("schedule"))) {
            t.kind = TriggerDef::Kind::Schedule;
            if (s.IsScalar()) {
                t.cron = string(s, QStringLiteral("trigger.schedule"));
            } else {
                const auto sf = mapFields(
                    s, QStringLiteral("trigger.schedule"),
                    {QStringLiteral("cron"), QStringLiteral("timezone"), QStringLiteral("missed")});
                if (auto c = sf.value(QStringLiteral("cron")); sf.contains(QStringLiteral("cron")))
                    t.cron = string(c, QStringLiteral("trigger.schedule.cron"));
                else
                    error(pos(s), QStringLiteral("trigger.schedule.cron"),
                          QStringLiteral("required"));
                if (auto z = sf.value(QStringLiteral("timezone"));
                    sf.contains(QStringLiteral("timezone")))
                    t.timezone = string(z, QStringLiteral("trigger.schedule.timezone"));
                if (auto m = sf.value(QStringLiteral("missed"));
                    sf.contains(QStringLiteral("missed"))) {
                    t.missed = string(m, QStringLiteral("trigger.schedule.missed"));
                    if (t.missed != QLatin1String("run_once") && t.missed != QLatin1String("skip"))
                        error(pos(m), QStringLiteral("trigger.schedule.missed"),
                              QStringLiteral("run_once or skip"));
                }
            }
            if (auto c = CronSchedule::parse(t.cron, t.timezone); !c)
                error(pos(s), QStringLiteral("trigger.schedule"), c.error());
        }
        // "manual" needs nothing: a trigger without event or schedule is manual (the default).
        return t;
    }

    void steps(const YAML::Node &n, WorkflowDefinition &def)
    {
        if (!n.IsSequence() || n.size() == 0) {
            error(pos(n), QStringLiteral("steps"), QStringLiteral("expected a list of steps"));
            return;
        }
        if (n.size() > kMaxSteps) {
            error(pos(n), QStringLiteral("steps"),
                  QStringLiteral("more than %1 steps").arg(kMaxSteps));
            return;
        }
        static const QRegularExpression nameRe(QStringLiteral("^[a-z_][a-z0-9_]{0,63}$"));
        int i = 0;
        QSet<QString> names;
        for (const YAML::Node &s : n) {
            const QString path = QStringLiteral("steps[%1]").arg(i++);
            StepDef step;
            step.pos = pos(s);
            const auto f = mapFields(s, path,
                                     {QStringLiteral("name"), QStringLiteral("agent"),
                                      QStringLiteral("action"), QStringLiteral("input"),
                                      QStringLiteral("depends_on"), QStringLiteral("when"),
                                      QStringLiteral("retry"), QStringLiteral("timeout"),
                                      QStringLiteral("on_error"), QStringLiteral("for_each")});
            if (!s.IsMap())
                continue;
            for (const QString &req :
                 {QStringLiteral("name"), QStringLiteral("agent"), QStringLiteral("action")})
                if (!f.contains(req))
                    error(pos(s), path + QLatin1Char('.') + req, QStringLiteral("required"));
            if (auto v = f.value(QStringLiteral("name")); f.contains(QStringLiteral("name"))) {
                step.name = string(v, path + QStringLiteral(".name"));
                if (!nameRe.match(step.name).hasMatch())
                    error(
                        pos(v), path + QStringLiteral(".name"),
                        QStringLiteral("lower-case letters, digits and _, starting with a letter"));
                else if (kRoots.contains(step.name))
                    error(pos(v), path + QStringLiteral(".name"),
                          QStringLiteral("\"%1\" is reserved").arg(step.name));
                else if (names.contains(step.name))
                    error(pos(v), path + QStringLiteral(".name"),
                          QStringLiteral("another step is named \"%1\"").arg(step.name));
                names.insert(step.name);
            }
            if (auto v = f.value(QStringLiteral("agent")); f.contains(QStringLiteral("agent")))
                step.agent = string(v, path + QStringLiteral(".agent"));
            if (auto v = f.value(QStringLiteral("action")); f.contains(QStringLiteral("action")))
                step.action = string(v, path + QStringLiteral(".action"));
            if (!step.agent.isEmpty() && !step.action.isEmpty() && m_catalog)
                if (auto bad = m_catalog(step.agent, step.action))
                    error(pos(f.value(QStringLiteral("action"))), path + QStringLiteral(".action"),
                          *bad);
            if (auto v = f.value(QStringLiteral("input")); f.contains(QStringLiteral("input"))) {
                step.input = json(v, path + QStringLiteral(".input"), 0);
                if (!step.input.isObject() && !step.input.isNull())
                    error(pos(v), path + QStringLiteral(".input"),
                          QStringLiteral("expected a mapping"));
                m_inputPos.insert(step.name, pos(v));
            }
            if (auto v = f.value(QStringLiteral("depends_on"));
                f.contains(QStringLiteral("depends_on"))) {
                if (v.IsScalar()) {
                    step.dependsOn << string(v, path + QStringLiteral(".depends_on"));
                    m_depPos[step.name] << pos(v);
                } else if (v.IsSequence()) {
                    int j = 0;
                    for (const YAML::Node &d : v) {
                        step.dependsOn
                            << string(d, path + QStringLiteral(".depends_on[%1]").arg(j++));
                        m_depPos[step.name] << pos(d);
                    }
                } else {
                    error(pos(v), path + QStringLiteral(".depends_on"),
                          QStringLiteral("expected a step name or a list of them"));
                }
            }
            if (auto v = f.value(QStringLiteral("when")); f.contains(QStringLiteral("when"))) {
                step.when = bareExpression(string(v, path + QStringLiteral(".when")));
                m_whenPos.insert(step.name, pos(v));
            }
            if (auto v = f.value(QStringLiteral("for_each"));
                f.contains(QStringLiteral("for_each"))) {
                step.forEach = bareExpression(string(v, path + QStringLiteral(".for_each")));
                m_forEachPos.insert(step.name, pos(v));
            }
            if (auto v = f.value(QStringLiteral("retry")); f.contains(QStringLiteral("retry"))) {
                RetrySpec r;
                const auto rf = mapFields(v, path + QStringLiteral(".retry"),
                                          {QStringLiteral("max_attempts"),
                                           QStringLiteral("backoff"), QStringLiteral("delay")});
                if (auto m = rf.value(QStringLiteral("max_attempts"));
                    rf.contains(QStringLiteral("max_attempts")))
                    r.maxAttempts =
                        int(integer(m, path + QStringLiteral(".retry.max_attempts"), 1, 100)
                                .value_or(1));
                if (auto b = rf.value(QStringLiteral("backoff"));
                    rf.contains(QStringLiteral("backoff"))) {
                    r.backoff = string(b, path + QStringLiteral(".retry.backoff"));
                    if (r.backoff != QLatin1String("exponential") &&
                        r.backoff != QLatin1String("fixed"))
                        error(pos(b), path + QStringLiteral(".retry.backoff"),
                              QStringLiteral("exponential or fixed"));
                }
                if (auto d = rf.value(QStringLiteral("delay"));
                    rf.contains(QStringLiteral("delay")))
                    r.delayMs = duration(d, path + QStringLiteral(".retry.delay")).value_or(1000);
                step.retry = r;
            }
            if (auto v = f.value(QStringLiteral("timeout")); f.contains(QStringLiteral("timeout")))
                step.timeoutMs = duration(v, path + QStringLiteral(".timeout")).value_or(0);
            if (auto v = f.value(QStringLiteral("on_error"));
                f.contains(QStringLiteral("on_error"))) {
                step.onError = string(v, path + QStringLiteral(".on_error"));
                m_onErrorPos.insert(step.name, pos(v));
            }
            def.steps << step;
        }
    }

    void errorHandling(const YAML::Node &n, WorkflowDefinition &def)
    {
        if (!n.IsSequence()) {
            error(pos(n), QStringLiteral("error_handling"), QStringLiteral("expected a list"));
            return;
        }
        int i = 0;
        for (const YAML::Node &h : n) {
            const QString path = QStringLiteral("error_handling[%1]").arg(i++);
            ErrorHandler eh;
            eh.pos = pos(h);
            const auto f = mapFields(h, path,
                                     {QStringLiteral("on_error"), QStringLiteral("agent"),
                                      QStringLiteral("action"), QStringLiteral("input")});
            if (!h.IsMap())
                continue;
            if (auto v = f.value(QStringLiteral("on_error"));
                f.contains(QStringLiteral("on_error"))) {
                eh.onError = string(v, path + QStringLiteral(".on_error"));
                m_handlerPos << std::pair{eh.onError, pos(v)};
            } else {
                error(pos(h), path + QStringLiteral(".on_error"),
                      QStringLiteral("required: the step whose failure this handles"));
            }
            if (auto v = f.value(QStringLiteral("agent")); f.contains(QStringLiteral("agent")))
                eh.agent = string(v, path + QStringLiteral(".agent"));
            if (auto v = f.value(QStringLiteral("action")); f.contains(QStringLiteral("action")))
                eh.action = string(v, path + QStringLiteral(".action"));
            else
                error(pos(h), path + QStringLiteral(".action"), QStringLiteral("required"));
            if (!eh.action.isEmpty() && m_catalog)
                if (auto bad = m_catalog(eh.agent, eh.action))
                    error(pos(f.value(QStringLiteral("action"))), path + QStringLiteral(".action"),
                          *bad);
            if (auto v = f.value(QStringLiteral("input")); f.contains(QStringLiteral("input"))) {
                eh.input = json(v, path + QStringLiteral(".input"), 0);
                checkTemplates(eh.input, path + QStringLiteral(".input"), pos(v), def, nullptr);
            }
            def.errorHandling << eh;
        }
    }

    // Validates the templates in a value; collects the steps they read into *refs.
    void checkTemplates(const QJsonValue &v, const QString &path, SourcePos p,
                        const WorkflowDefinition &def, QStringList *refs)
    {
        if (v.isString()) {
            auto t = TemplateString::parse(v.toString());
            if (!t) {
                error(p, path,
                      QStringLiteral("template error at character %1: %2")
                          .arg(t.error().offset + 1)
                          .arg(t.error().message));
                return;
            }
            checkPaths(t->paths(), path, p, def, refs);
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            for (int i = 0; i < a.size(); ++i)
                checkTemplates(a[i], path + QStringLiteral("[%1]").arg(i), p, def, refs);
        } else if (v.isObject()) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                checkTemplates(it.value(), path + QLatin1Char('.') + it.key(), p, def, refs);
        }
    }

    void checkPaths(const QList<QStringList> &paths, const QString &path, SourcePos p,
                    const WorkflowDefinition &def, QStringList *refs)
    {
        for (const QStringList &segs : paths) {
            const QString root = segs.value(0);
            if (kRoots.contains(root))
                continue;
            if (!def.step(root)) {
                error(p, path,
                      QStringLiteral(
                          "unknown reference \"%1\": not trigger, input, item, run or a step")
                          .arg(root));
                continue;
            }
            if (segs.size() > 1 && segs[1] != QLatin1String("output") &&
                segs[1] != QLatin1String("status") && segs[1] != QLatin1String("error"))
                error(
                    p, path,
                    QStringLiteral("a step reference reads .output, .status or .error, not \"%1\"")
                        .arg(segs[1]));
            if (refs && !refs->contains(root))
                *refs << root;
        }
    }

    void graph(WorkflowDefinition &def)
    {
        // References, explicit dependencies and error routes, now that every step is known.
        for (StepDef &s : def.steps) {
            QStringList refs;
            checkTemplates(s.input, s.name + QStringLiteral(".input"),
                           m_inputPos.value(s.name, s.pos), def, &refs);
            for (auto [text, p, field] :
                 {std::tuple{s.when, m_whenPos.value(s.name), QStringLiteral("when")},
                  std::tuple{s.forEach, m_forEachPos.value(s.name), QStringLiteral("for_each")}}) {
                if (text.isEmpty())
                    continue;
                auto e = Expression::parse(text);
                if (!e) {
                    error(p, s.name + QLatin1Char('.') + field,
                          QStringLiteral("at character %1: %2")
                              .arg(e.error().offset + 1)
                              .arg(e.error().message));
                    continue;
                }
                checkPaths(e->paths(), s.name + QLatin1Char('.') + field, p, def, &refs);
            }
            refs.removeAll(s.name);
            s.impliedDeps = refs;
            const QList<SourcePos> depPos = m_depPos.value(s.name);
            for (int i = 0; i < s.dependsOn.size(); ++i) {
                const QString &d = s.dependsOn[i];
                if (!def.step(d))
                    error(depPos.value(i, s.pos), s.name + QStringLiteral(".depends_on"),
                          QStringLiteral("unknown step \"%1\"").arg(d));
                else if (d == s.name)
                    error(depPos.value(i, s.pos), s.name + QStringLiteral(".depends_on"),
                          QStringLiteral("a step cannot depend on itself"));
            }
            if (s.onError != QLatin1String("fail") && s.onError != QLatin1String("continue") &&
                !def.step(s.onError))
                error(
                    m_onErrorPos.value(s.name, s.pos), s.name + QStringLiteral(".on_error"),
                    QStringLiteral("fail, continue or the name of a step (\"%1\" is none of these)")
                        .arg(s.onError));
        }
        for (const auto &[step, p] : std::as_const(m_handlerPos))
            if (!def.step(step))
                error(p, QStringLiteral("error_handling.on_error"),
                      QStringLiteral("unknown step \"%1\"").arg(step));
        if (!m_errors.isEmpty())
            return;
        // Kahn's algorithm; what is left over is on or behind a cycle.
        QHash<QString, int> indegree;
        QHash<QString, QStringList> dependants;
        for (const StepDef &s : def.steps) {
            indegree[s.name];
            for (const QString &d : s.allDeps()) {
                indegree[s.name] += 1;
                dependants[d] << s.name;
            }
        }
        QStringList ready;
        for (const StepDef &s : def.steps)
            if (indegree.value(s.name) == 0)
                ready << s.name;
        while (!ready.isEmpty()) {
            const QString n = ready.takeFirst();
            def.order << n;
            for (const QString &d : dependants.value(n))
                if (--indegree[d] == 0)
                    ready << d;
        }
        if (def.order.size() != def.steps.size()) {
            const QStringList cycle = findCycle(def);
            const StepDef *first = def.step(cycle.value(0));
            error(first ? first->pos : SourcePos{}, QStringLiteral("steps"),
                  QStringLiteral("dependency cycle: %1").arg(cycle.join(QStringLiteral(" -> "))));
        }
    }

    QStringList findCycle(const WorkflowDefinition &def)
    {
        // Depth-first search for a back edge; the path from its target is the cycle.
        QHash<QString, int> state; // 0 new, 1 on stack, 2 done
        QStringList stack;
        QStringList found;
        std::function<bool(const QString &)> visit = [&](const QString &n) {
            state[n] = 1;
            stack << n;
            for (const QString &d : def.step(n)->allDeps()) {
                if (state.value(d) == 1) {
                    found = stack.mid(stack.indexOf(d));
                    found << d;
                    return true;
                }
                if (state.value(d) == 0 && visit(d))
                    return true;
            }
            stack.removeLast();
            state[n] = 2;
            return false;
        };
        for (const StepDef &s : def.steps)
            if (state.value(s.name) == 0 && visit(s.name))
                break;
        std::reverse(found.begin(),
                     found.end()); // dependencies point backwards: show execution order
        return found;
    }

    QString m_file;
    const ActionCatalog &m_catalog;
    QList<ValidationError> m_errors;
    int m_nodes = 0;
    QHash<QString, SourcePos> m_inputPos, m_whenPos, m_forEachPos, m_onErrorPos;
    QHash<QString, QList<SourcePos>> m_depPos;
    QList<std::pair<QString, SourcePos>> m_handlerPos;
};

} // namespace

QString ValidationError::toString() const
{
    return QStringLiteral("%1:%2:%3: %4%5")
        .arg(file)
        .arg(pos.line)
        .arg(pos.column)
        .arg(path.isEmpty() ? QString() : path + QStringLiteral(": "), message);
}

QJsonObject ValidationError::toJson() const
{
    return QJsonObject{{QStringLiteral("file"), file},
                       {QStringLiteral("line"), pos.line},
                       {QStringLiteral("column"), pos.column},
                       {QStringLiteral("field"), path},
                       {QStringLiteral("reason"), message}};
}

QStringList StepDef::allDeps() const
{
    QStringList all = dependsOn;
    for (const QString &d : impliedDeps)
        if (!all.contains(d))
            all << d;
    return all;
}

const StepDef *WorkflowDefinition::step(const QString &name) const
{
    for (const StepDef &s : steps)
        if (s.name == name)
            return &s;
    return nullptr;
}

std::expected<WorkflowDefinition, QList<ValidationError>>
loadWorkflow(const QByteArray &text, const QString &fileName, const ActionCatalog &catalog)
{
    Loader loader(fileName, catalog);
    return loader.load(text);
}

std::expected<QJsonObject, QList<ValidationError>> parseWorkflowDocument(const QByteArray &text,
                                                                         const QString &fileName)
{
    Loader loader(fileName, {});
    return loader.document(text);
}

} // namespace dc::workflows
