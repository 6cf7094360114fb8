// SPDX-License-Identifier: GPL-3.0-or-later
// The test suite's AliExpress and Shopify stand-ins as one process, for scripts/screenshots.sh:
// the demo's supplier orders are placed, ship and arrive, and its fulfilments reach "Shopify",
// so every page shows a store at work rather than one stuck at the supplier step.
//
//   dropcrew_demo_fakes ORDER_ID...   prints "aliexpress URL" and "shopify URL", then serves
//                                     until killed
//
// The Shopify orders named on the command line can be fulfilled. Of the supplier orders, three
// in four ship (Cainiao tracking) and one in four of those is delivered; the rest wait.
#include "fakealiexpress.h"
#include "fakeshopify.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <QTimer>

#include <cstdio>

using dc::test::FakeAliExpress;
using dc::test::FakeShopify;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The credentials the script gives DropCrew (PUT /api/integrations/aliexpress, the shop's
    // access token).
    FakeAliExpress ae(QStringLiteral("demo-app"), "demo-app-secret", "demo-access-token");
    FakeShopify shopify("shpat_demo");
    // The supplier products of the demo's offers (supplier_product_id / supplier_sku_id).
    const QList<std::tuple<QString, QString, QString, QString>> products{
        {QStringLiteral("1005001001"), QStringLiteral("LED desk lamp, black"),
         QStringLiteral("12005001001"), QStringLiteral("6.80")},
        {QStringLiteral("1005002001"), QStringLiteral("Desk lamp"), QStringLiteral("12005002001"),
         QStringLiteral("7.20")},
        {QStringLiteral("1005003001"), QStringLiteral("Aluminium phone stand"),
         QStringLiteral("12005003001"), QStringLiteral("2.40")},
        {QStringLiteral("1005002002"), QStringLiteral("Insulated travel mug"),
         QStringLiteral("12005002002"), QStringLiteral("4.10")},
        {QStringLiteral("1005001002"), QStringLiteral("LED strip 2 m"),
         QStringLiteral("12005001002"), QStringLiteral("8.90")},
        {QStringLiteral("1005003002"), QStringLiteral("Wireless charger 15 W"),
         QStringLiteral("12005003002"), QStringLiteral("6.50")}};
    for (const auto &[id, title, sku, price] : products)
        ae.addProduct(id, title, {{sku, price, 500}});
    // The white lamp is not mapped yet: its AliExpress product, pasted in the mapping view.
    const QString color = QStringLiteral("Color");
    ae.addProduct(QStringLiteral("1005001003"), QStringLiteral("LED desk lamp, touch dimmer"),
                  {{QStringLiteral("12005001031"),
                    QStringLiteral("6.90"),
                    340,
                    QStringLiteral("EUR"),
                    {{color, QStringLiteral("Black")}}},
                   {QStringLiteral("12005001032"),
                    QStringLiteral("7.10"),
                    215,
                    QStringLiteral("EUR"),
                    {{color, QStringLiteral("White")}}},
                   {QStringLiteral("12005001033"),
                    QStringLiteral("7.40"),
                    0,
                    QStringLiteral("EUR"),
                    {{color, QStringLiteral("Grey")}}}},
                  QStringLiteral("Shenzhen Lights Store"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 1; i < argc; ++i)
        shopify.addOrder(QByteArray(argv[i]).toLongLong(), now, 0);

    std::printf("aliexpress %s\nshopify %s\n", qPrintable(ae.url()),
                qPrintable(shopify.adminUrl()));
    std::fflush(stdout);

    // The suppliers at work: every new supplier order gets its fate once.
    QSet<QString> seen;
    QTimer supplier;
    QObject::connect(&supplier, &QTimer::timeout, [&] {
        for (const FakeAliExpress::Order &o : ae.orders()) {
            if (seen.contains(o.id))
                continue;
            const qsizetype n = seen.size();
            seen.insert(o.id);
            if (n % 4 == 3)
                continue; // not shipped yet
            ae.ship(o.id, QStringLiteral("Cainiao"), QStringLiteral("LP%1CN").arg(o.id.right(9)));
            if (n % 4 == 0)
                ae.deliver(o.id);
        }
    });
    supplier.start(200);
    return app.exec();
}
