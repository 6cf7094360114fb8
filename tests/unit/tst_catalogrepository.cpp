// SPDX-License-Identifier: GPL-3.0-or-later
// Products, variants, suppliers, offers and shipments. Runs on SQLite and PostgreSQL.
#include "security/fieldcipher.h"
#include "storage/catalogrepository.h"
#include "testdb.h"

#include <QtTest>

using namespace dc;
using namespace dc::storage;
using dc::test::ScratchDatabase;

namespace {
const QDateTime t0 = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
Product makeProduct(const QDateTime &updated)
{
    Product p;
    p.shop = QStringLiteral("demo.myshopify.com");
    p.shopifyProductId = 77;
    p.title = QStringLiteral("Mug");
    p.shopifyUpdatedAt = updated;
    p.variants << Variant{0,
                          0,
                          7701,
                          QStringLiteral("MUG-BLUE"),
                          QStringLiteral("Blue"),
                          {1245, QStringLiteral("EUR")},
                          10}
               << Variant{0,
                          0,
                          7702,
                          QStringLiteral("MUG-RED"),
                          QStringLiteral("Red"),
                          {1245, QStringLiteral("EUR")},
                          3};
    return p;
}
} // namespace

class TestCatalogRepository : public QObject
{
    Q_OBJECT
private slots:
    void productsAndVariants();
    void offersByPriorityAndDestination();
    void catalogPages();
    void shipmentsAndTrackingEvents();
};

void TestCatalogRepository::productsAndVariants()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    CatalogRepository repo;
    auto up = [&](const Product &p) {
        return (*store)->writeAndWait<UpsertOutcome>(
            [&](WriteContext &ctx) { return repo.upsertProduct(ctx, p); });
    };
    auto c = up(makeProduct(t0));
    QVERIFY(c);
    QCOMPARE(c->kind, UpsertOutcome::Kind::Created);
    Product p2 = makeProduct(t0.addSecs(10));
    p2.variants.removeLast(); // the red variant is gone
    p2.variants[0].price.minor = 1345;
    auto u = up(p2);
    QCOMPARE(u->kind, UpsertOutcome::Kind::Updated);
    QCOMPARE(up(makeProduct(t0))->kind, UpsertOutcome::Kind::Stale);
    auto got = repo.getProduct((*store)->reader(), c->id);
    QVERIFY(got && got->has_value());
    QCOMPARE((*got)->variants.size(), 1);
    QCOMPARE((*got)->variants[0].price.minor, 1345);
    auto v = repo.findVariantByShopifyId((*store)->reader(), 7701);
    QVERIFY(v && v->has_value());
    QCOMPARE((*v)->sku, QStringLiteral("MUG-BLUE"));
    QVERIFY(!repo.findVariantByShopifyId((*store)->reader(), 7702)->has_value());
    Product bad = makeProduct(t0);
    bad.title.clear();
    QCOMPARE(up(bad).error().kind, DbError::Kind::Invalid);
}

void TestCatalogRepository::offersByPriorityAndDestination()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    CatalogRepository repo;
    Store &s = **store;
    auto pid = s.writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return repo.upsertProduct(ctx, makeProduct(t0)); });
    QVERIFY(pid);
    const qint64 variantId = (*repo.findVariantByShopifyId(s.reader(), 7701))->id;
    auto sid = [&](const QString &name) {
        return *s.writeAndWait<qint64>([&](WriteContext &ctx) {
            return repo.upsertSupplier(ctx,
                                       Supplier{0, name, QStringLiteral("aliexpress"), true, {}});
        });
    };
    const qint64 main = sid(QStringLiteral("Main store")),
                 backup = sid(QStringLiteral("Backup store")),
                 euOnly = sid(QStringLiteral("EU warehouse"));
    QCOMPARE(sid(QStringLiteral("Main store")), main); // upsert by name
    auto offer = [&](qint64 supplier, int priority, QStringList shipsTo, qint64 cost) {
        SupplierOffer o;
        o.supplierId = supplier;
        o.variantId = variantId;
        o.supplierProductId = QStringLiteral("100500");
        o.supplierSkuId = QString::number(supplier);
        o.cost = {cost, QStringLiteral("EUR")};
        o.shippingCost = {150, QStringLiteral("EUR")};
        o.stock = 5;
        o.shipsTo = shipsTo;
        o.priority = priority;
        return s.writeAndWait<qint64>([&](WriteContext &ctx) { return repo.upsertOffer(ctx, o); });
    };
    QVERIFY(offer(backup, 1, {}, 400));
    QVERIFY(offer(main, 0, {}, 450));
    QVERIFY(offer(euOnly, 0, {QStringLiteral("FR"), QStringLiteral("DE")}, 300));
    auto us = repo.offersForVariant(s.reader(), variantId, QStringLiteral("US"));
    QCOMPARE(us->size(), 2);
    QCOMPARE(us->at(0).supplierId, main);
    QCOMPARE(us->at(1).supplierId, backup);
    auto fr = repo.offersForVariant(s.reader(), variantId, QStringLiteral("FR"));
    QCOMPARE(fr->size(), 3);
    QCOMPARE(fr->at(0).supplierId, euOnly); // same priority, cheaper landed cost first
    QCOMPARE(fr->at(0).shipsTo, (QStringList{QStringLiteral("FR"), QStringLiteral("DE")}));
    QVERIFY(s.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto r = repo.setOfferStock(ctx, fr->at(0).id, 0); !r)
            return std::unexpected(r.error());
        return 0;
    }));
    QCOMPARE(repo.offersForVariant(s.reader(), variantId, QStringLiteral("FR"))->at(0).stock, 0);
    SupplierOffer mixed;
    mixed.supplierId = main;
    mixed.variantId = variantId;
    mixed.supplierProductId = QStringLiteral("x");
    mixed.cost = {1, QStringLiteral("EUR")};
    mixed.shippingCost = {1, QStringLiteral("USD")};
    QCOMPARE(s.writeAndWait<qint64>([&](WriteContext &ctx) { return repo.upsertOffer(ctx, mixed); })
                 .error()
                 .kind,
             DbError::Kind::Invalid);
    QCOMPARE(repo.suppliers(s.reader())->size(), 3);
}

// The catalog as operators page through it: newest first by keyset, text in titles and SKUs
// (case-insensitive, wildcards literal), one shop, only products a variant of which has no offer;
// every offer of each variant, a paused supplier's too; an offer removed by variant and id.
void TestCatalogRepository::catalogPages()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    CatalogRepository repo;
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i) {
        Product p = makeProduct(t0);
        p.shopifyProductId = 100 + i;
        p.title = i == 3 ? QStringLiteral("Mug 50% off") : QStringLiteral("Lamp %1").arg(i);
        p.shop = i == 4 ? QStringLiteral("other.myshopify.com") : p.shop;
        for (Variant &v : p.variants) {
            v.shopifyVariantId += 10 * i;
            v.sku += QString::number(i);
        }
        auto up = s.writeAndWait<UpsertOutcome>(
            [&](WriteContext &ctx) { return repo.upsertProduct(ctx, p); });
        QVERIFY(up);
        ids << up->id;
    }
    Supplier paused;
    paused.name = QStringLiteral("Paused");
    paused.platform = QStringLiteral("aliexpress");
    paused.active = false;
    auto supplier =
        s.writeAndWait<qint64>([&](WriteContext &ctx) { return repo.upsertSupplier(ctx, paused); });
    QVERIFY(supplier);
    // Product 0 fully mapped (one variant by the paused supplier), product 1 half mapped.
    auto product0 = repo.getProduct(s.reader(), ids[0]);
    auto product1 = repo.getProduct(s.reader(), ids[1]);
    QList<qint64> offerIds;
    for (qint64 variant : {product0->value().variants[0].id, product0->value().variants[1].id,
                           product1->value().variants[0].id}) {
        SupplierOffer o;
        o.supplierId = *supplier;
        o.variantId = variant;
        o.supplierProductId = QStringLiteral("1005");
        o.cost = {300, QStringLiteral("EUR")};
        o.shippingCost = {100, QStringLiteral("EUR")};
        auto id =
            s.writeAndWait<qint64>([&](WriteContext &ctx) { return repo.upsertOffer(ctx, o); });
        QVERIFY(id);
        offerIds << *id;
    }

    auto all = repo.catalog(s.reader(), CatalogQuery{.limit = 3});
    QVERIFY2(all, qPrintable(all ? QString() : all.error().message));
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).product.id, ids[4]); // newest first
    QCOMPARE(all->at(0).product.variants.size(), 2);
    auto rest = repo.catalog(s.reader(), CatalogQuery{.beforeId = all->last().product.id});
    QCOMPARE(rest->size(), 2);
    QCOMPARE(rest->at(1).product.id, ids[0]);
    const CatalogEntry &first = rest->at(1);
    QCOMPARE(first.offers.value(first.product.variants[0].id).size(), 1); // paused one listed
    QCOMPARE(first.offers.value(first.product.variants[0].id).at(0).supplierId, *supplier);
    QCOMPARE(first.offers.value(first.product.variants[0].id).at(0).cost.minor, 300);
    // offersForVariant (what the Order Manager picks from) leaves the paused supplier out.
    QVERIFY(repo.offersForVariant(s.reader(), first.product.variants[0].id)->isEmpty());

    auto text = [&](const QString &t) {
        QList<qint64> found;
        const auto page = repo.catalog(s.reader(), CatalogQuery{.text = t});
        for (const CatalogEntry &e : *page)
            found << e.product.id;
        return found;
    };
    QCOMPARE(text(QStringLiteral("LAMP 2")), QList<qint64>{ids[2]});
    QCOMPARE(text(QStringLiteral("mug-red1")), QList<qint64>{ids[1]}); // a variant's SKU
    QCOMPARE(text(QStringLiteral("50%")), QList<qint64>{ids[3]});
    QCOMPARE(text(QStringLiteral("5_%")), QList<qint64>{}); // "_" is no wildcard
    QCOMPARE(text(QStringLiteral("blue")).size(), 5);       // every product has a Blue variant
    auto shop =
        repo.catalog(s.reader(), CatalogQuery{.shop = QStringLiteral("other.myshopify.com")});
    QCOMPARE(shop->size(), 1);
    QCOMPARE(shop->at(0).product.id, ids[4]);

    auto unmapped = repo.catalog(s.reader(), CatalogQuery{.unmappedOnly = true});
    QList<qint64> unmappedIds;
    for (const CatalogEntry &e : *unmapped)
        unmappedIds << e.product.id;
    QCOMPARE(unmappedIds, (QList<qint64>{ids[4], ids[3], ids[2], ids[1]}));

    // Removing an offer: by its variant only; then product 0 needs mapping again.
    const qint64 v0 = first.product.variants[0].id;
    auto wrong = s.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto r = repo.removeOffer(ctx, v0 + 1000, offerIds[0]); !r)
            return std::unexpected(r.error());
        return 0;
    });
    QCOMPARE(wrong.error().kind, DbError::Kind::NotFound);
    QVERIFY(s.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto r = repo.removeOffer(ctx, v0, offerIds[0]); !r)
            return std::unexpected(r.error());
        return 0;
    }));
    QCOMPARE(repo.catalog(s.reader(), CatalogQuery{.unmappedOnly = true})->size(), 5);
}

void TestCatalogRepository::shipmentsAndTrackingEvents()
{
    ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    auto store = Store::open(sdb.url());
    QVERIFY2(store, qPrintable(store ? QString() : store.error()));
    Store &s = **store;
    security::FieldCipher cipher = security::FieldCipher::generate();
    OrderRepository orders(cipher);
    ShipmentRepository ships;
    Order o;
    o.shop = QStringLiteral("demo.myshopify.com");
    o.name = QStringLiteral("M-1");
    o.currency = QStringLiteral("EUR");
    o.subtotal = o.shippingTotal = o.taxTotal = o.total = {0, o.currency};
    auto oid =
        s.writeAndWait<qint64>([&](WriteContext &ctx) { return orders.insertManualOrder(ctx, o); });
    QVERIFY(oid);
    Shipment sh;
    sh.orderId = *oid;
    sh.supplierOrderId = QStringLiteral("AE-1");
    sh.carrier = QStringLiteral("Cainiao");
    sh.trackingNumber = QStringLiteral("LP0001");
    auto sid =
        s.writeAndWait<qint64>([&](WriteContext &ctx) { return ships.upsertShipment(ctx, sh); });
    QVERIFY(sid);
    sh.status = QStringLiteral("in_transit");
    QCOMPARE(
        *s.writeAndWait<qint64>([&](WriteContext &ctx) { return ships.upsertShipment(ctx, sh); }),
        *sid);
    const QList<TrackingEvent> events = {{t0, QStringLiteral("accepted"),
                                          QStringLiteral("Parcel accepted"),
                                          QStringLiteral("Shenzhen")},
                                         {t0.addDays(2), QStringLiteral("in_transit"),
                                          QStringLiteral("Departed"), QStringLiteral("Shenzhen")}};
    QCOMPARE(*s.writeAndWait<int>(
                 [&](WriteContext &ctx) { return ships.addTrackingEvents(ctx, *sid, events); }),
             2);
    QCOMPARE(*s.writeAndWait<int>(
                 [&](WriteContext &ctx) { return ships.addTrackingEvents(ctx, *sid, events); }),
             0);
    auto list = ships.shipmentsForOrder(s.reader(), *oid);
    QVERIFY(list);
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->at(0).status, QStringLiteral("in_transit"));
    QCOMPARE(list->at(0).events, events);
}

QTEST_GUILESS_MAIN(TestCatalogRepository)
#include "tst_catalogrepository.moc"
