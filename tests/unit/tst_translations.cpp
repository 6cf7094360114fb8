// SPDX-License-Identifier: GPL-3.0-or-later
// Every user-visible string has a finished French and English translation.
#include <QDir>
#include <QXmlStreamReader>
#include <QtTest>

class TestTranslations : public QObject
{
    Q_OBJECT
private slots:
    void everyMessageIsTranslated_data();
    void everyMessageIsTranslated();
};

void TestTranslations::everyMessageIsTranslated_data()
{
    QTest::addColumn<QString>("file");
    const QString dir =
        qEnvironmentVariable("DROPCREW_SOURCE_DIR") + QStringLiteral("/translations");
    for (const char *lang : {"en", "fr"})
        QTest::newRow(lang) << dir + QStringLiteral("/dropcrew_%1.ts").arg(QLatin1String(lang));
}

void TestTranslations::everyMessageIsTranslated()
{
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
    QXmlStreamReader xml(&f);
    int messages = 0;
    QString source;
    QStringList missing;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            ++messages;
            const auto type = xml.attributes().value(QLatin1String("type"));
            // Plural forms (numerusform children) count as the translation's text.
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                text.isEmpty())
                missing << source;
        }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 0);
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("untranslated: ") + missing.join(QStringLiteral(" | "))));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
