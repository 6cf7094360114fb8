// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/money.h"

#include <QtTest>

using namespace dc;

class TestMoney : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void arithmeticStaysInOneCurrency();
    void format();
};

void TestMoney::parse_data()
{
    QTest::addColumn<QString>("amount");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("minor");
    QTest::newRow("two decimals") << "19.90"
                                  << "EUR" << true << qint64(1990);
    QTest::newRow("no decimals") << "1000"
                                 << "EUR" << true << qint64(100000);
    QTest::newRow("one decimal") << "0.5"
                                 << "USD" << true << qint64(50);
    QTest::newRow("trailing zero beyond precision") << "10.500"
                                                    << "EUR" << true << qint64(1050);
    QTest::newRow("yen") << "1500"
                         << "JPY" << true << qint64(1500);
    QTest::newRow("dinar") << "1.234"
                           << "KWD" << true << qint64(1234);
    QTest::newRow("negative") << "-3.10"
                              << "EUR" << true << qint64(-310);
    QTest::newRow("too precise") << "0.001"
                                 << "EUR" << false << qint64(0);
    QTest::newRow("yen decimals") << "1.5"
                                  << "JPY" << false << qint64(0);
    QTest::newRow("garbage") << "12a"
                             << "EUR" << false << qint64(0);
    QTest::newRow("two points") << "1.2.3"
                                << "EUR" << false << qint64(0);
    QTest::newRow("empty") << ""
                           << "EUR" << false << qint64(0);
    QTest::newRow("only point") << "."
                                << "EUR" << false << qint64(0);
    QTest::newRow("plus sign") << "+1"
                               << "EUR" << false << qint64(0);
    QTest::newRow("exponent") << "1e3"
                              << "EUR" << false << qint64(0);
    QTest::newRow("overflow") << "99999999999999999999"
                              << "EUR" << false << qint64(0);
    QTest::newRow("bad currency") << "1.00"
                                  << "euro" << false << qint64(0);
    QTest::newRow("arabic digits") << QString::fromUtf8("\u0661") << "EUR" << false << qint64(0);
}

void TestMoney::parse()
{
    QFETCH(QString, amount);
    QFETCH(QString, currency);
    QFETCH(bool, ok);
    QFETCH(qint64, minor);
    auto m = parseDecimalMoney(amount, currency);
    QCOMPARE(m.has_value(), ok);
    if (ok) {
        QCOMPARE(m->minor, minor);
        QCOMPARE(m->currency, currency);
    } else {
        QVERIFY(!m.error().isEmpty());
    }
}

void TestMoney::arithmeticStaysInOneCurrency()
{
    const Money a{1000, QStringLiteral("EUR")}, b{250, QStringLiteral("EUR")},
        c{1, QStringLiteral("USD")};
    QCOMPARE(a.plus(b), (std::optional<Money>(Money{1250, QStringLiteral("EUR")})));
    QCOMPARE(a.minus(b), (std::optional<Money>(Money{750, QStringLiteral("EUR")})));
    QVERIFY(!a.plus(c));
}

void TestMoney::format()
{
    QCOMPARE(formatMoney({1990, QStringLiteral("EUR")}), QStringLiteral("19.90 EUR"));
    QCOMPARE(formatMoney({-5, QStringLiteral("EUR")}), QStringLiteral("-0.05 EUR"));
    QCOMPARE(formatMoney({1500, QStringLiteral("JPY")}), QStringLiteral("1500 JPY"));
    QCOMPARE(formatMoney({std::numeric_limits<qint64>::min(), QStringLiteral("EUR")}),
             QStringLiteral("-92233720368547758.08 EUR"));
    // The digits displays put their own separators around.
    const MoneyDigits d = moneyDigits({-1990, QStringLiteral("EUR")});
    QVERIFY(d.negative);
    QCOMPARE(d.whole, QStringLiteral("19"));
    QCOMPARE(d.fraction, QStringLiteral("90"));
    QCOMPARE(moneyDigits({1250, QStringLiteral("JPY")}).fraction, QString());
    QCOMPARE(moneyDigits({7, QStringLiteral("KWD")}).fraction, QStringLiteral("007"));
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
