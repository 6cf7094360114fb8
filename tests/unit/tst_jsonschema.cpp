// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON Schema subset agent actions declare: each keyword accepts and refuses, and the
// refusal names the path.
#include "core/jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace dc;

class TestJsonSchema : public QObject
{
    Q_OBJECT
private slots:
    void keywords_data()
    {
        QTest::addColumn<QByteArray>("schemaJson");
        QTest::addColumn<QByteArray>("valueJson");
        QTest::addColumn<QString>("error"); // empty: valid
        const QByteArray order = R"({"type":"object","required":["order_id"],
            "properties":{"order_id":{"type":"integer","minimum":1},
                          "items":{"type":"array","maxItems":2,"items":{"type":"object",
                                   "properties":{"qty":{"type":"integer","maximum":10}}}},
                          "template":{"type":"string","enum":["a","b"],"maxLength":5}},
            "additionalProperties":false})";
        QTest::newRow("valid") << order << QByteArray(R"({"order_id":3})") << QString();
        QTest::newRow("id as digits") << order << QByteArray(R"({"order_id":"42"})") << QString();
        QTest::newRow("missing") << order << QByteArray(R"({})")
                                 << QStringLiteral("input.order_id: required");
        QTest::newRow("fraction") << order << QByteArray(R"({"order_id":1.5})")
                                  << QStringLiteral("input.order_id: expected integer");
        QTest::newRow("below minimum") << order << QByteArray(R"({"order_id":0})")
                                       << QStringLiteral("input.order_id: less than 1");
        QTest::newRow("unknown field") << order << QByteArray(R"({"order_id":1,"x":1})")
                                       << QStringLiteral("input.x: unknown field");
        QTest::newRow("nested path")
            << order << QByteArray(R"({"order_id":1,"items":[{"qty":1},{"qty":11}]})")
            << QStringLiteral("input.items[1].qty: more than 10");
        QTest::newRow("too many items")
            << order << QByteArray(R"({"order_id":1,"items":[{},{},{}]})")
            << QStringLiteral("input.items: more than 2 items");
        QTest::newRow("enum") << order << QByteArray(R"({"order_id":1,"template":"c"})")
                              << QStringLiteral("input.template: expected one of a, b");
        QTest::newRow("not an object")
            << order << QByteArray(R"([1])") << QStringLiteral("input: expected object");
        QTest::newRow("type list")
            << QByteArray(R"({"type":["string","null"]})") << QByteArray(R"([null])") << QString();
        QTest::newRow("open object")
            << QByteArray(R"({"type":"object"})") << QByteArray(R"({"any":1})") << QString();
    }
    void keywords()
    {
        QFETCH(QByteArray, schemaJson);
        QFETCH(QByteArray, valueJson);
        QFETCH(QString, error);
        const QJsonObject schema = QJsonDocument::fromJson(schemaJson).object();
        QVERIFY(!schema.isEmpty());
        const QJsonDocument d = QJsonDocument::fromJson(valueJson);
        // A bare array document stands for its first element when the schema is not "array".
        const QJsonValue value =
            d.isObject() ? QJsonValue(d.object())
            : schema.value(QStringLiteral("type")).toString() == QLatin1String("object")
                ? QJsonValue(d.array())
                : d.array().at(0);
        const auto r = validateJson(value, schema);
        QCOMPARE(r.value_or(QString()), error);
    }
    void buildersProduceValidSchemas()
    {
        const QJsonObject s =
            schema::object({{QStringLiteral("n"), schema::integer(0, 5)},
                            {QStringLiteral("s"), schema::string(3, {QStringLiteral("abc")})}},
                           {QStringLiteral("n")});
        QVERIFY(!validateJson(
            QJsonObject{{QStringLiteral("n"), 5}, {QStringLiteral("s"), QStringLiteral("abc")}},
            s));
        QCOMPARE(*validateJson(QJsonObject{{QStringLiteral("n"), 6}}, s),
                 QStringLiteral("input.n: more than 5"));
        QCOMPARE(*validateJson(QJsonObject{{QStringLiteral("n"), 1},
                                           {QStringLiteral("s"), QStringLiteral("abcd")}},
                               s),
                 QStringLiteral("input.s: expected one of abc"));
    }
    void strictIntegersAndNullable()
    {
        const QJsonObject s = schema::object(
            {{QStringLiteral("n"), schema::integer(1)},
             {QStringLiteral("e"), schema::nullable(schema::string(8, {QStringLiteral("a")}, 1))}});
        const QJsonObject digits{{QStringLiteral("n"), QStringLiteral("42")}};
        QVERIFY(!validateJson(digits, s));
        QCOMPARE(*validateJson(digits, s, QStringLiteral("body"), Integers::Strict),
                 QStringLiteral("body.n: expected integer"));
        QVERIFY(!validateJson(QJsonObject{{QStringLiteral("n"), 42}}, s, QStringLiteral("body"),
                              Integers::Strict));
        QVERIFY(!validateJson(QJsonObject{{QStringLiteral("e"), QJsonValue::Null}}, s));
        QCOMPARE(*validateJson(QJsonObject{{QStringLiteral("e"), QString()}}, s),
                 QStringLiteral("input.e: expected one of a, null"));
    }
};

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "tst_jsonschema.moc"
