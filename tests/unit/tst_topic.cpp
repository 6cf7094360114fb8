// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/topic.h"

#include <QtTest>

using namespace dc::events;

class TestTopic : public QObject
{
    Q_OBJECT
private slots:
    void matching_data();
    void matching();
    void validTopics_data();
    void validTopics();
    void badPatterns();
    void patternSets();
};

void TestTopic::matching_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("match");
    QTest::newRow("exact") << "order.created"
                           << "order.created" << true;
    QTest::newRow("exact other") << "order.created"
                                 << "order.updated" << false;
    QTest::newRow("star one segment") << "order.*"
                                      << "order.updated" << true;
    QTest::newRow("star not two") << "order.*"
                                  << "order.item.added" << false;
    QTest::newRow("star not zero") << "order.*"
                                   << "order" << false;
    QTest::newRow("star middle") << "workflow.*.failed"
                                 << "workflow.step.failed" << true;
    QTest::newRow("hash any depth") << "order.#"
                                    << "order.item.added" << true;
    QTest::newRow("hash one") << "order.#"
                              << "order.created" << true;
    QTest::newRow("hash zero") << "order.#"
                               << "order" << true;
    QTest::newRow("hash other root") << "order.#"
                                     << "product.created" << false;
    QTest::newRow("all") << "#"
                         << "task.progress" << true;
    QTest::newRow("hash middle") << "workflow.#.failed"
                                 << "workflow.run.step.failed" << true;
    QTest::newRow("hash middle miss") << "workflow.#.failed"
                                      << "workflow.run.step.done" << false;
    QTest::newRow("prefix is not a match") << "order"
                                           << "order.created" << false;
}

void TestTopic::matching()
{
    QFETCH(QString, pattern);
    QFETCH(QString, topic);
    QFETCH(bool, match);
    auto p = TopicPattern::parse(pattern);
    QVERIFY(p);
    QCOMPARE(p->matches(topic), match);
}

void TestTopic::validTopics_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << "order.created" << true;
    QTest::newRow("underscore") << "product.stock_alert" << true;
    QTest::newRow("upper") << "Order.created" << false;
    QTest::newRow("empty segment") << "order..created" << false;
    QTest::newRow("wildcard") << "order.*" << false;
    QTest::newRow("space") << "order created" << false;
    QTest::newRow("too deep") << "a.b.c.d.e.f.g.h.i" << false;
    QTest::newRow("empty") << "" << false;
}

void TestTopic::validTopics()
{
    QFETCH(QString, topic);
    QFETCH(bool, valid);
    QCOMPARE(isValidTopic(topic), valid);
}

void TestTopic::badPatterns()
{
    for (const char *p : {"", "order.", "Order.*", "a.#.#.#", "order.cre*"})
        QVERIFY2(!TopicPattern::parse(QLatin1String(p)), p);
}

void TestTopic::patternSets()
{
    auto s = TopicPatternSet::parse(QStringLiteral("order.*,product.#"));
    QVERIFY(s);
    QVERIFY(s->matches(QStringLiteral("order.shipped")));
    QVERIFY(s->matches(QStringLiteral("product.updated")));
    QVERIFY(!s->matches(QStringLiteral("price.changed")));
    QVERIFY(!TopicPatternSet::parse(QString()));
    QVERIFY(!TopicPatternSet::parse(QStringLiteral("order.*,BAD")));
}

QTEST_GUILESS_MAIN(TestTopic)
#include "tst_topic.moc"
