// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/expression.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using dc::Expression;

namespace {
QJsonObject context()
{
    return QJsonDocument::fromJson(R"({
        "topic": "order.created", "key": "1001",
        "data": {"total_amount": 12000, "country": "FR", "paid": true, "note": "",
                 "line_items": [{"product_id": 7, "qty": 2}, {"product_id": 9, "qty": 1}, {"qty": 3}],
                 "tags": ["vip", "repeat"]}
    })")
        .object();
}
} // namespace

class TestExpression : public QObject
{
    Q_OBJECT
private slots:
    void evaluate_data();
    void evaluate();
    void errors_data();
    void errors();
    void paths();
    void budgets();
};

void TestExpression::evaluate_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("expected"); // compact JSON of the result
    QTest::newRow("and of comparisons") << R"(data.total_amount >= 10000 and data.country == "FR")"
                                        << "true";
    QTest::newRow("and false") << R"(data.total_amount >= 20000 and data.country == "FR")"
                               << "false";
    QTest::newRow("or") << R"(data.country == 'DE' or data.paid)"
                        << "true";
    QTest::newRow("not") << "not data.paid"
                         << "false";
    QTest::newRow("parentheses") << "not (data.paid and data.total_amount < 100)"
                                 << "true";
    QTest::newRow("missing is null") << "data.nothing == null"
                                     << "true";
    QTest::newRow("missing deep") << "data.a.b.c"
                                  << "null";
    QTest::newRow("index") << "data.line_items[1].product_id"
                           << "9";
    QTest::newRow("index out of range") << "data.line_items[7].product_id"
                                        << "null";
    QTest::newRow("projection") << "data.line_items[*].product_id"
                                << "[7,9]";
    QTest::newRow("projection of all") << "data.line_items[*].qty"
                                       << "[2,1,3]";
    QTest::newRow("in list literal") << R"(data.country in ["FR", "BE"])"
                                     << "true";
    QTest::newRow("in path list") << R"("vip" in data.tags)"
                                  << "true";
    QTest::newRow("not in") << R"(not ("x" in data.tags))"
                            << "true";
    QTest::newRow("substring") << R"("order" in topic)"
                               << "true";
    QTest::newRow("string order") << R"(data.country < "GB")"
                                  << "true";
    QTest::newRow("mixed types never ordered") << R"(data.country < 5)"
                                               << "false";
    QTest::newRow("null not ordered") << "data.nothing < 5"
                                      << "false";
    QTest::newRow("number literal") << "42.5"
                                    << "42.5";
    QTest::newRow("negative") << "-3 < 0"
                              << "true";
    QTest::newRow("string literal escapes") << R"('it\'s')"
                                            << R"("it's")";
    QTest::newRow("not equal") << "key != '1001'"
                               << "false";
    QTest::newRow("empty string falsy") << "data.note or false"
                                        << "false";
    QTest::newRow("list literal") << "[1, data.total_amount]"
                                  << "[1,12000]";
    QTest::newRow("keyword prefix is a name") << "data.notes == null"
                                              << "true";
}

void TestExpression::evaluate()
{
    QFETCH(QString, expr);
    QFETCH(QString, expected);
    auto e = Expression::parse(expr);
    QVERIFY2(e, qPrintable(e ? QString() : e.error().message));
    const QJsonValue v = e->evaluate(context());
    QByteArray got = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    got = got.mid(1, got.size() - 2);
    QCOMPARE(QString::fromUtf8(got), expected);
}

void TestExpression::errors_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<int>("offset");
    QTest::newRow("empty") << "" << 0;
    QTest::newRow("dangling and") << "a and" << 5;
    QTest::newRow("unterminated string") << "a == 'x" << 5;
    QTest::newRow("unbalanced") << "(a == 1" << 7;
    QTest::newRow("bad index") << "a[x]" << 1;
    QTest::newRow("trailing") << "a b" << 2;
    QTest::newRow("bad char") << "a == @" << 5;
    QTest::newRow("dot without name") << "a. == 1" << 2;
    QTest::newRow("unclosed list") << "[1, 2" << 5;
}

void TestExpression::errors()
{
    QFETCH(QString, expr);
    QFETCH(int, offset);
    auto e = Expression::parse(expr);
    QVERIFY(!e);
    QCOMPARE(e.error().offset, offset);
    QVERIFY(!e.error().message.isEmpty());
}

void TestExpression::paths()
{
    auto e = Expression::parse(
        QStringLiteral("trigger.data.line_items[*].product_id and prepare.output.id == 3"));
    QVERIFY(e);
    const auto p = e->paths();
    QCOMPARE(p.size(), 2);
    QCOMPARE(p[0], (QStringList{QStringLiteral("trigger"), QStringLiteral("data"),
                                QStringLiteral("line_items"), QStringLiteral("[*]"),
                                QStringLiteral("product_id")}));
    QCOMPARE(p[1].first(), QStringLiteral("prepare"));
}

void TestExpression::budgets()
{
    QVERIFY(!Expression::parse(QString(5000, QLatin1Char('a'))));
    QVERIFY(!Expression::parse(QString(10000, QLatin1Char('(')))); // no stack overflow
    QVERIFY(!Expression::parse(QStringLiteral("not ").repeated(1000) + QStringLiteral("a")));
    QVERIFY(Expression::parse(QString(30, QLatin1Char('(')) + QStringLiteral("1") +
                              QString(30, QLatin1Char(')'))));
}

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
