// SPDX-License-Identifier: GPL-3.0-or-later
// The topic catalog: every constant documented once, valid names and field types, trigger
// patterns that can match nothing refused, and no drift between the catalog, the topic
// literals in the sources and the README's table.
#include "events/topics.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace dc::events;

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("DROPCREW_SOURCE_DIR");
}

QString readSource(const QString &relative)
{
    QFile f(sourceDir() + QLatin1Char('/') + relative);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QSet<QString> catalogNames()
{
    QSet<QString> out;
    for (const topics::TopicDoc &d : topics::catalog())
        out.insert(d.name);
    return out;
}

// The README table, as the catalog writes it.
QStringList markdownRows()
{
    QStringList rows{QStringLiteral("| Topic | Published by | When | Payload (`data`) |"),
                     QStringLiteral("| --- | --- | --- | --- |")};
    for (const topics::TopicDoc &d : topics::catalog()) {
        QStringList fields;
        for (const topics::FieldDoc &f : d.fields)
            fields << QStringLiteral("`%1` %2: %3").arg(f.name, f.type, f.meaning);
        rows << QStringLiteral("| `%1` | %2 | %3 | %4 |")
                    .arg(d.name, d.publisher, d.when, fields.join(QStringLiteral("; ")));
    }
    return rows;
}

// Strings that look like topics of the backend's namespaces but are not topics: permissions,
// task kinds and audit actions.
const QSet<QString> kNotTopics = {
    QStringLiteral("catalog.read"),      QStringLiteral("catalog.write"),
    QStringLiteral("order.transition"),  QStringLiteral("shopify.process_deliveries"),
    QStringLiteral("shopify.reconcile"), QStringLiteral("shopify.import_catalog"),
    QStringLiteral("shopify.connect"),   QStringLiteral("shopify.poll"),
};

} // namespace

class TestTopics : public QObject
{
    Q_OBJECT
private slots:
    void everyConstantIsCatalogedOnce();
    void namesAndFieldsAreValid();
    void triggerPatterns_data();
    void triggerPatterns();
    void sourceLiteralsAreCataloged();
    void readmeTableIsTheCatalog();
};

void TestTopics::everyConstantIsCatalogedOnce()
{
    const QString header = readSource(QStringLiteral("backend/events/topics.h"));
    QVERIFY2(!header.isEmpty(), "DROPCREW_SOURCE_DIR is not the source tree");
    static const QRegularExpression constant(
        QStringLiteral("inline constexpr QLatin1StringView k\\w+\\{\"([^\"]+)\"\\}"));
    QStringList constants;
    for (const QRegularExpressionMatch &m : constant.globalMatch(header))
        constants << m.captured(1);
    QVERIFY(!constants.isEmpty());
    const QSet<QString> unique(constants.cbegin(), constants.cend());
    QCOMPARE(unique.size(), constants.size());
    QSet<QString> seen;
    for (const topics::TopicDoc &d : topics::catalog()) {
        QVERIFY2(!seen.contains(d.name), qPrintable(QStringLiteral("twice: %1").arg(d.name)));
        seen.insert(d.name);
        QCOMPARE(topics::find(d.name), &d);
    }
    QCOMPARE(seen, unique);
    QVERIFY(!topics::find(QStringLiteral("ext.anything")));
}

void TestTopics::namesAndFieldsAreValid()
{
    const QSet<QString> types{QStringLiteral("integer"), QStringLiteral("number"),
                              QStringLiteral("string"),  QStringLiteral("boolean"),
                              QStringLiteral("array"),   QStringLiteral("object")};
    for (const topics::TopicDoc &d : topics::catalog()) {
        const QString name = d.name;
        QVERIFY2(isValidTopic(name) && !isExternalTopic(name), qPrintable(name));
        QVERIFY2(!d.publisher.isEmpty() && !d.when.isEmpty(), qPrintable(name));
        QVERIFY2(!d.fields.isEmpty(), qPrintable(name));
        QSet<QString> fields;
        for (const topics::FieldDoc &f : d.fields) {
            const QString where = name + QLatin1Char('.') + f.name;
            QVERIFY2(!fields.contains(f.name), qPrintable(QStringLiteral("twice: ") + where));
            fields.insert(f.name);
            QVERIFY2(types.contains(f.type), qPrintable(where));
            QVERIFY2(!f.meaning.isEmpty() && !f.meaning.contains(QLatin1Char('|')),
                     qPrintable(where));
        }
    }
}

void TestTopics::triggerPatterns_data()
{
    QTest::addColumn<QString>("patterns");
    QTest::addColumn<QString>("refused"); // the pattern the error names, or empty
    QTest::newRow("a topic") << QStringLiteral("order.created") << QString();
    QTest::newRow("one segment wild") << QStringLiteral("order.*") << QString();
    QTest::newRow("everything") << QStringLiteral("#") << QString();
    QTest::newRow("any prefix") << QStringLiteral("#.failed") << QString();
    QTest::newRow("three segments") << QStringLiteral("workflow.*.failed") << QString();
    QTest::newRow("own topic") << QStringLiteral("ext.shipping.label") << QString();
    QTest::newRow("own namespace") << QStringLiteral("ext.#") << QString();
    QTest::newRow("ext through a star") << QStringLiteral("*.label_printed") << QString();
    QTest::newRow("typo") << QStringLiteral("order.craeted") << QStringLiteral("order.craeted");
    QTest::newRow("unknown namespace") << QStringLiteral("foo.#") << QStringLiteral("foo.#");
    QTest::newRow("ext alone") << QStringLiteral("ext") << QStringLiteral("ext");
    QTest::newRow("one segment") << QStringLiteral("*") << QStringLiteral("*");
    QTest::newRow("too deep") << QStringLiteral("order.created.*")
                              << QStringLiteral("order.created.*");
    QTest::newRow("one of a set") << QStringLiteral("order.created,ordr.created")
                                  << QStringLiteral("ordr.created");
}

void TestTopics::triggerPatterns()
{
    QFETCH(QString, patterns);
    QFETCH(QString, refused);
    const auto r = topics::parseTriggerPatterns(patterns);
    if (refused.isEmpty()) {
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QCOMPARE(r->texts(), TopicPatternSet::parse(patterns)->texts());
    } else {
        QVERIFY(!r);
        QVERIFY2(r.error().startsWith(QLatin1Char('"') + refused + QLatin1Char('"')),
                 qPrintable(r.error()));
        QVERIFY2(r.error().contains(QLatin1String("ext.*")), qPrintable(r.error()));
    }
    QVERIFY(!topics::parseTriggerPatterns(QStringLiteral("Order.Created")));
}

// A topic written as a literal in the sources (a publisher not yet using the constants, a
// subscriber, a computed prefix's neighbour) must be cataloged: a new topic without its
// documentation fails here. Strings are recognised by the backend's namespaces; the few that
// are not topics are listed above.
void TestTopics::sourceLiteralsAreCataloged()
{
    const QSet<QString> known = catalogNames();
    QSet<QString> namespaces;
    for (const QString &name : known)
        namespaces.insert(name.section(QLatin1Char('.'), 0, 0));
    // A C string literal: a quote, then characters or escapes, then a quote.
    static const QRegularExpression literal(QStringLiteral("\"((?:[^\"\\\\\\n]|\\\\.)*)\""));
    QStringList unknown;
    int files = 0;
    for (const QString &dir :
         {QStringLiteral("backend"), QStringLiteral("app"), QStringLiteral("ui")}) {
        QDirIterator it(sourceDir() + QLatin1Char('/') + dir,
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(QLatin1String("/events/topics.h")) ||
                path.endsWith(QLatin1String("/events/topics.cpp")))
                continue;
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
            for (qsizetype i = 0; i < lines.size(); ++i)
                for (const QRegularExpressionMatch &m : literal.globalMatch(lines[i]))
                    for (const QString &part : m.captured(1).split(QLatin1Char(','))) {
                        const QString s = part.trimmed();
                        if (!s.contains(QLatin1Char('.')) || !isValidTopic(s) ||
                            !namespaces.contains(s.section(QLatin1Char('.'), 0, 0)) ||
                            known.contains(s) || kNotTopics.contains(s))
                            continue;
                        unknown << QStringLiteral("%1:%2: \"%3\"")
                                       .arg(path.mid(sourceDir().size() + 1))
                                       .arg(i + 1)
                                       .arg(s);
                    }
        }
    }
    QVERIFY2(files > 50, "the source tree was not found");
    QVERIFY2(unknown.isEmpty(),
             qPrintable(QStringLiteral("not in events/topics.cpp's catalog (a new topic needs "
                                       "its constant and documentation; a string that is not a "
                                       "topic goes to kNotTopics):\n") +
                        unknown.join(QLatin1Char('\n'))));
}

void TestTopics::readmeTableIsTheCatalog()
{
    const QString readme = readSource(QStringLiteral("README.md"));
    const QString begin = QStringLiteral("<!-- topics:begin -->\n");
    const qsizetype from = readme.indexOf(begin);
    const qsizetype to = readme.indexOf(QStringLiteral("<!-- topics:end -->"));
    QVERIFY2(from >= 0 && to > from, "README.md has no topics:begin/topics:end markers");
    const QStringList rows = readme.mid(from + begin.size(), to - from - begin.size())
                                 .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QStringList expected = markdownRows();
    if (rows != expected)
        qWarning().noquote() << "README.md's topic table should read:\n"
                             << expected.join(QLatin1Char('\n'));
    QCOMPARE(rows, expected);
}

QTEST_GUILESS_MAIN(TestTopics)
#include "tst_topics.moc"
