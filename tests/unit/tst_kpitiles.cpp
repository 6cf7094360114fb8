// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard's KPI tiles: what each shows of a summary, and the list each opens.
#include "kpitiles.h"
#include "look.h"

#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

using namespace dc::ui;

class TestKpiTiles : public QObject
{
    Q_OBJECT
private slots:
    void showsTheSummary();
    void eachOpensItsList();
};

namespace {
QJsonObject summary()
{
    return QJsonObject{
        {QStringLiteral("orders"), 12},
        {QStringLiteral("currencies"), QJsonArray{QStringLiteral("EUR"), QStringLiteral("USD")}},
        {QStringLiteral("money"),
         QJsonObject{{QStringLiteral("EUR"), QJsonObject{{QStringLiteral("revenue_minor"), 123456},
                                                         {QStringLiteral("margin_minor"), 23456}}},
                     {QStringLiteral("USD"), QJsonObject{{QStringLiteral("revenue_minor"), 5000},
                                                         {QStringLiteral("margin_minor"), -100}}}}},
        {QStringLiteral("held"), 2},
        {QStringLiteral("failed_orders"), 0},
        {QStringLiteral("in_transit"), 7},
        {QStringLiteral("avg_hours_to_ship"), 30.25},
    };
}
} // namespace

void TestKpiTiles::showsTheSummary()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    KpiTiles tiles;
    for (const char *key :
         {"orders", "revenue", "margin", "held", "failed", "in_transit", "ship_hours"})
        QCOMPARE(tiles.tile(QLatin1String(key))->value(), QStringLiteral("–")); // not loaded
    tiles.setSummary(summary());
    QCOMPARE(tiles.tile(QStringLiteral("orders"))->value(), QStringLiteral("12"));
    // The currency with the most revenue on the tile, every currency in its tooltip.
    QCOMPARE(tiles.tile(QStringLiteral("revenue"))->value(), QStringLiteral("1,234.56 EUR"));
    QCOMPARE(tiles.tile(QStringLiteral("margin"))->value(), QStringLiteral("234.56 EUR"));
    QVERIFY(tiles.tile(QStringLiteral("revenue"))->toolTip().contains(QLatin1String("50.00 USD")));
    QVERIFY(tiles.tile(QStringLiteral("margin"))->toolTip().contains(QLatin1String("-1.00 USD")));
    QCOMPARE(tiles.tile(QStringLiteral("held"))->value(), QStringLiteral("2"));
    QCOMPARE(tiles.tile(QStringLiteral("failed"))->value(), QStringLiteral("0"));
    QCOMPARE(tiles.tile(QStringLiteral("in_transit"))->value(), QStringLiteral("7"));
    QCOMPARE(tiles.tile(QStringLiteral("ship_hours"))->value(), QStringLiteral("30.3"));
    // What needs a hand is in its state's colour; zero is not.
    const auto colourOf = [&](const char *key) {
        return tiles.tile(QLatin1String(key))->findChildren<QLabel *>().first()->styleSheet();
    };
    QVERIFY(colourOf("held").contains(
        look::toneColour(look::Tone::Attention, look::isDark(tiles.palette())).name()));
    QVERIFY(colourOf("failed").isEmpty());
    // Screen readers hear the caption and the figure.
    QCOMPARE(tiles.tile(QStringLiteral("held"))->accessibleName(), QStringLiteral("Held"));
    QCOMPARE(tiles.tile(QStringLiteral("held"))->accessibleDescription(), QStringLiteral("2"));
    QLocale::setDefault(QLocale::system());
}

void TestKpiTiles::eachOpensItsList()
{
    KpiTiles tiles;
    tiles.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tiles));
    QSignalSpy spy(&tiles, &KpiTiles::activated);
    const std::pair<const char *, std::pair<QString, bool>> expected[] = {
        {"orders", {QString(), true}},
        {"revenue", {QString(), true}},
        {"held", {QStringLiteral("on_hold"), false}},
        {"failed", {QStringLiteral("failed"), false}},
        {"in_transit", {QStringLiteral("shipped"), false}},
    };
    for (const auto &[key, want] : expected) {
        QTest::mouseClick(tiles.tile(QLatin1String(key)), Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), want.first);
        QCOMPARE(spy.at(0).at(1).toBool(), want.second);
        spy.clear();
    }
}

QTEST_MAIN(TestKpiTiles)
#include "tst_kpitiles.moc"
