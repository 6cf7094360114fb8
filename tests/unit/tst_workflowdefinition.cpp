// SPDX-License-Identifier: GPL-3.0-or-later
// Workflow definitions: the seed's example loads unchanged; implied dependencies; every
// validation error carries its line and column; hostile YAML is bounded.
#include "workflows/definition.h"
#include "workflows/template.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace dc::workflows;

namespace {
// The seed's agents and actions, enough to validate the example.
const ActionCatalog catalog = [](const QString &agent,
                                 const QString &action) -> std::optional<QString> {
    static const QHash<QString, QStringList> known = {
        {QStringLiteral("order_manager"),
         {QStringLiteral("validate_order"), QStringLiteral("check_inventory"),
          QStringLiteral("prepare_supplier_order"), QStringLiteral("submit_to_supplier")}},
        {QStringLiteral("website_builder"), {QStringLiteral("send_notification")}},
        {QStringLiteral("system"), {QStringLiteral("notify_admin"), QStringLiteral("noop")}}};
    if (!known.contains(agent))
        return QStringLiteral("unknown agent \"%1\"").arg(agent);
    if (!known.value(agent).contains(action))
        return QStringLiteral("agent \"%1\" has no action \"%2\"").arg(agent, action);
    return std::nullopt;
};

QList<ValidationError> errorsOf(const QByteArray &yaml)
{
    auto r = loadWorkflow(yaml, QStringLiteral("test.yaml"), catalog);
    return r ? QList<ValidationError>() : r.error();
}
} // namespace

class TestWorkflowDefinition : public QObject
{
    Q_OBJECT
private slots:
    void seedExampleLoadsUnchanged();
    void jsonLoadsWithTheSameSchema();
    void templatesKeepTypes();
    void validationErrors_data();
    void validationErrors();
    void cycleNamesItsSteps();
    void hostileYamlIsBounded_data();
    void hostileYamlIsBounded();
    void yamlRoundTripOfShippedWorkflows();
    void yamlRoundTripKeepsTypes();
};

void TestWorkflowDefinition::seedExampleLoadsUnchanged()
{
    QFile f(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
            QStringLiteral("/workflows/order_processing.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto def = loadWorkflow(f.readAll(), f.fileName(), catalog);
    QVERIFY2(def, qPrintable(def ? QString() : def.error().first().toString()));
    QCOMPARE(def->name, QStringLiteral("order_processing_workflow"));
    QCOMPARE(def->trigger.kind, TriggerDef::Kind::Event);
    QCOMPARE(def->trigger.event, QStringLiteral("order.created"));
    QCOMPARE(def->steps.size(), 5);
    const StepDef *submit = def->step(QStringLiteral("submit_to_supplier"));
    QVERIFY(submit);
    // Implied by "{{ prepare_supplier_order.output }}" in its input.
    QCOMPARE(submit->dependsOn, QStringList());
    QCOMPARE(submit->impliedDeps, QStringList{QStringLiteral("prepare_supplier_order")});
    QCOMPARE(def->step(QStringLiteral("prepare_supplier_order"))->allDeps(),
             (QStringList{QStringLiteral("validate_order"), QStringLiteral("check_inventory")}));
    // validate_order and check_inventory have no path between them: either may come first.
    QCOMPARE(def->order.size(), 5);
    QVERIFY(def->order.indexOf(QStringLiteral("prepare_supplier_order")) >
            def->order.indexOf(QStringLiteral("check_inventory")));
    QCOMPARE(def->order.last(), QStringLiteral("notify_customer"));
    QCOMPARE(def->errorHandling.size(), 1);
    QCOMPARE(def->errorHandling[0].onError, QStringLiteral("validate_order"));
    QCOMPARE(def->errorHandling[0].action, QStringLiteral("notify_admin"));
    QCOMPARE(def->errorHandling[0].input.toObject().value(QStringLiteral("subject")).toString(),
             QString::fromUtf8("Validation d'ordre échouée"));
}

void TestWorkflowDefinition::jsonLoadsWithTheSameSchema()
{
    const QByteArray json = R"({"name": "tiny", "trigger": {"manual": true},
        "steps": [{"name": "a", "agent": "system", "action": "noop", "input": {"n": 1}},
                  {"name": "b", "agent": "system", "action": "noop", "input": {"from_a": "{{ a.output.n }}"}}]})";
    auto def = loadWorkflow(json, QStringLiteral("tiny.json"), catalog);
    QVERIFY2(def, qPrintable(def ? QString() : def.error().first().toString()));
    QCOMPARE(def->trigger.kind, TriggerDef::Kind::Manual);
    QCOMPARE(def->step(QStringLiteral("b"))->impliedDeps, QStringList{QStringLiteral("a")});
    QCOMPARE(def->step(QStringLiteral("a"))->input.toObject().value(QStringLiteral("n")).toDouble(),
             1.0);
}

void TestWorkflowDefinition::templatesKeepTypes()
{
    const QJsonObject ctx = QJsonDocument::fromJson(R"({"trigger": {"data": {"order_id": 1001,
        "line_items": [{"product_id": 7}, {"product_id": 9}]}}, "prep": {"output": {"ok": true}}})")
                                .object();
    QCOMPARE(renderValue(QStringLiteral("{{ trigger.data.line_items[*].product_id }}"), ctx),
             QJsonValue(QJsonArray{7, 9}));
    QCOMPARE(renderValue(QStringLiteral("{{ trigger.data.order_id }}"), ctx), QJsonValue(1001));
    QCOMPARE(renderValue(
                 QStringLiteral("Order #{{ trigger.data.order_id }} ok={{ prep.output.ok }}"), ctx),
             QJsonValue(QStringLiteral("Order #1001 ok=true")));
    QCOMPARE(
        renderValue(QJsonObject{{QStringLiteral("x"), QStringLiteral("{{ prep.output }}")}}, ctx),
        QJsonValue(QJsonObject{{QStringLiteral("x"), QJsonObject{{QStringLiteral("ok"), true}}}}));
    QCOMPARE(renderValue(QStringLiteral("no templates"), ctx),
             QJsonValue(QStringLiteral("no templates")));
}

void TestWorkflowDefinition::validationErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    const QByteArray head = "name: w\nsteps:\n";
    QTest::newRow("unknown agent") << head + "  - name: a\n    agent: nobody\n    action: noop\n"
                                   << 5 << 13 << "unknown agent";
    QTest::newRow("unknown action") << head + "  - name: a\n    agent: system\n    action: fly\n"
                                    << 5 << 13 << "no action \"fly\"";
    QTest::newRow("unknown depends_on")
        << head + "  - name: a\n    agent: system\n    action: noop\n    depends_on: [ghost]\n"
        << 6 << 18 << "unknown step \"ghost\"";
    QTest::newRow("template syntax") << head + "  - name: a\n    agent: system\n    action: noop\n "
                                               "   input:\n      x: \"{{ a. }}\"\n"
                                     << 7 << 7 << "template error";
    QTest::newRow("unclosed template") << head + "  - name: a\n    agent: system\n    action: "
                                                 "noop\n    input:\n      x: \"{{ trigger\"\n"
                                       << 7 << 7 << "without a closing";
    QTest::newRow("reference to no step")
        << head + "  - name: a\n    agent: system\n    action: noop\n    input:\n      x: \"{{ "
                  "nothing.output }}\"\n"
        << 7 << 7 << "unknown reference \"nothing\"";
    QTest::newRow("bad step field")
        << head + "  - name: a\n    agent: system\n    action: noop\n    input:\n      x: \"{{ "
                  "a2.outputs }}\"\n  - name: a2\n    agent: system\n    action: noop\n"
        << 7 << 7 << "reads .output";
    QTest::newRow("duplicate key")
        << head + "  - name: a\n    agent: system\n    action: noop\n    agent: system\n"
        << 6 << 5 << "duplicate key";
    QTest::newRow("unknown field")
        << head + "  - name: a\n    agent: system\n    action: noop\n    retries: 3\n"
        << 6 << 5 << "unknown field \"retries\"";
    QTest::newRow("wrong type") << head + "  - name: a\n    agent: system\n    action: noop\n    "
                                          "retry:\n      max_attempts: many\n"
                                << 7 << 21 << "whole number";
    QTest::newRow("bad duration")
        << head + "  - name: a\n    agent: system\n    action: noop\n    timeout: soon\n"
        << 6 << 14 << "duration";
    QTest::newRow("duplicate step") << head + "  - name: a\n    agent: system\n    action: noop\n  "
                                              "- name: a\n    agent: system\n    action: noop\n"
                                    << 6 << 11 << "another step is named";
    QTest::newRow("missing action") << head + "  - name: a\n    agent: system\n"
                                    << 3 << 5 << "required";
    QTest::newRow("bad when")
        << head + "  - name: a\n    agent: system\n    action: noop\n    when: \"trigger.x >\"\n"
        << 6 << 11 << "unexpected end";
    QTest::newRow("bad on_error")
        << head + "  - name: a\n    agent: system\n    action: noop\n    on_error: explode\n"
        << 6 << 15 << "fail, continue";
    QTest::newRow("bad trigger pattern")
        << QByteArray("name: w\ntrigger:\n  event: Order.Created\nsteps:\n  - name: a\n    agent: "
                      "system\n    action: noop\n")
        << 3 << 10 << "not a topic pattern";
    QTest::newRow("bad cron") << QByteArray("name: w\ntrigger:\n  schedule: \"* * *\"\nsteps:\n  - "
                                            "name: a\n    agent: system\n    action: noop\n")
                              << 3 << 13 << "five fields";
    QTest::newRow("bad time zone")
        << QByteArray("name: w\ntrigger:\n  schedule:\n    cron: \"0 * * * *\"\n    timezone: "
                      "Mars/Olympus\nsteps:\n  - name: a\n    agent: system\n    action: noop\n")
        << 4 << 5 << "unknown time zone";
    QTest::newRow("yaml syntax") << QByteArray("name: w\nsteps: [\n") << 3 << 1 << "";
    QTest::newRow("no steps") << QByteArray("name: w\n") << 1 << 1 << "steps";
    QTest::newRow("handler of no step")
        << head + "  - name: a\n    agent: system\n    action: noop\nerror_handling:\n  - "
                  "on_error: b\n    action: notify_admin\n"
        << 7 << 15 << "unknown step \"b\"";
}

void TestWorkflowDefinition::validationErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto errors = errorsOf(yaml);
    QVERIFY2(!errors.isEmpty(), "expected a validation error");
    const ValidationError &e = errors.first();
    QVERIFY2(e.toString().contains(message), qPrintable(e.toString()));
    QCOMPARE(e.pos.line, line);
    QCOMPARE(e.pos.column, column);
    QCOMPARE(e.file, QStringLiteral("test.yaml"));
    QVERIFY(e.toString().startsWith(QStringLiteral("test.yaml:%1:%2: ").arg(line).arg(column)));
}

void TestWorkflowDefinition::cycleNamesItsSteps()
{
    const QByteArray yaml =
        "name: w\nsteps:\n"
        "  - name: a\n    agent: system\n    action: noop\n    depends_on: [c]\n"
        "  - name: b\n    agent: system\n    action: noop\n    input:\n      x: \"{{ a.output "
        "}}\"\n"
        "  - name: c\n    agent: system\n    action: noop\n    when: \"b.status == 'succeeded'\"\n";
    const auto errors = errorsOf(yaml);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().message.contains(QStringLiteral("dependency cycle")),
             qPrintable(errors.first().toString()));
    for (const char *s : {"a", "b", "c"})
        QVERIFY(errors.first().message.contains(QLatin1String(s)));
    QCOMPARE(errors.first().pos.line, 3);
}

void TestWorkflowDefinition::hostileYamlIsBounded_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("message");
    QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c)
        bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [*" + QByteArray(1, char(c - 1)) +
                ", *" + QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) + ", *" +
                QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) + "]\n";
    QTest::newRow("alias bomb") << QByteArray("name: w\nsteps:\n  - name: s\n    agent: system\n   "
                                              " action: noop\n    input:\n      ") +
                                       bomb.replace("\n", "\n      ").trimmed() + "\n"
                                << "nodes";
    QTest::newRow("self reference")
        << QByteArray("name: w\nsteps:\n  - name: s\n    agent: system\n    action: noop\n    "
                      "input:\n      x: &x [1, *x]\n")
        << "nested deeper";
    QTest::newRow("deep nesting") << QByteArray("name: w\nsteps:\n  - name: s\n    agent: system\n "
                                                "   action: noop\n    input:\n      x: ") +
                                         QByteArray(200, '[') + QByteArray(200, ']') + "\n"
                                  << "nested deeper";
    QTest::newRow("too big") << QByteArray(2 * 1024 * 1024, ' ') << "larger than";
    QTest::newRow("not a map") << QByteArray("- just\n- a list\n") << "mapping";
}

void TestWorkflowDefinition::hostileYamlIsBounded()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, message);
    const auto errors = errorsOf(yaml);
    QVERIFY(!errors.isEmpty());
    bool found = false;
    for (const ValidationError &e : errors)
        found |= e.message.contains(message);
    QVERIFY2(found, qPrintable(errors.first().toString()));
}

// The editor's round trip: document -> YAML -> document is the identity, and the definition
// loaded from the written YAML is the one loaded from the original.
void TestWorkflowDefinition::yamlRoundTripOfShippedWorkflows()
{
    const QDir dir(qEnvironmentVariable("DROPCREW_SOURCE_DIR") + QStringLiteral("/workflows"));
    const QStringList files = dir.entryList({QStringLiteral("*.yaml")});
    QVERIFY(files.size() >= 8);
    const ActionCatalog any = [](const QString &, const QString &) {
        return std::optional<QString>();
    };
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        auto doc = parseWorkflowDocument(text, file);
        QVERIFY2(doc, qPrintable(file));
        const QByteArray yaml = workflowToYaml(*doc);
        auto again = parseWorkflowDocument(yaml, file);
        QVERIFY2(again, qPrintable(file + QStringLiteral(": ") + QString::fromUtf8(yaml)));
        QCOMPARE(*again, *doc);
        auto d1 = loadWorkflow(text, file, any);
        auto d2 = loadWorkflow(yaml, file, any);
        QVERIFY2(d1 && d2, qPrintable(file));
        QCOMPARE(d2->name, d1->name);
        QCOMPARE(d2->steps.size(), d1->steps.size());
        for (qsizetype i = 0; i < d1->steps.size(); ++i) {
            QCOMPARE(d2->steps[i].name, d1->steps[i].name);
            QCOMPARE(d2->steps[i].allDeps(), d1->steps[i].allDeps());
            QCOMPARE(d2->steps[i].input, d1->steps[i].input);
            QCOMPARE(d2->steps[i].when, d1->steps[i].when);
        }
        QCOMPARE(d2->order, d1->order);
    }
}

void TestWorkflowDefinition::yamlRoundTripKeepsTypes()
{
    const QJsonObject doc{
        {QStringLiteral("name"), QStringLiteral("types")},
        {QStringLiteral("steps"),
         QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("a")},
             {QStringLiteral("agent"), QStringLiteral("system")},
             {QStringLiteral("action"), QStringLiteral("notify_admin")},
             {QStringLiteral("input"),
              QJsonObject{{QStringLiteral("number_text"), QStringLiteral("123")},
                          {QStringLiteral("bool_text"), QStringLiteral("true")},
                          {QStringLiteral("null_text"), QStringLiteral("null")},
                          {QStringLiteral("empty"), QString()},
                          {QStringLiteral("padded"), QStringLiteral(" x ")},
                          {QStringLiteral("template"), QStringLiteral("{{ trigger.data.id }}")},
                          {QStringLiteral("colon"), QStringLiteral("a: b # not a comment")},
                          {QStringLiteral("dash"), QStringLiteral("- x")},
                          {QStringLiteral("lines"), QStringLiteral("one\ntwo")},
                          {QStringLiteral("accents"), QString::fromUtf8("échouée « ok »")},
                          {QStringLiteral("int"), 42},
                          {QStringLiteral("real"), 2.5},
                          {QStringLiteral("yes"), true},
                          {QStringLiteral("nothing"), QJsonValue()},
                          {QStringLiteral("list"), QJsonArray{1, QStringLiteral("2"), false}},
                          {QStringLiteral("123"), QStringLiteral("numeric key")}}}}}}};
    const QByteArray yaml = workflowToYaml(doc);
    auto back = parseWorkflowDocument(yaml, QStringLiteral("types.yaml"));
    QVERIFY2(back, yaml.constData());
    QCOMPARE(*back, doc);
    // A YAML syntax error comes back with its line and column.
    auto bad = parseWorkflowDocument("name: x\nsteps: [\n", QStringLiteral("bad.yaml"));
    QVERIFY(!bad);
    QVERIFY(bad.error().first().pos.line >= 2);
}

QTEST_GUILESS_MAIN(TestWorkflowDefinition)
#include "tst_workflowdefinition.moc"
