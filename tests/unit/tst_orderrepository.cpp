// SPDX-License-Identifier: GPL-3.0-or-later
// Orders and customers: guarded upserts, line items, keyset paging and filters, encryption of
// personal data at rest, GDPR erase. Runs on SQLite and PostgreSQL.
#include "security/fieldcipher.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "testdb.h"

#include <QDirIterator>
#include <QtTest>

using namespace dc;
using namespace dc::storage;
using dc::test::ScratchDatabase;

namespace {
const QString kShop = QStringLiteral("demo.myshopify.com");

Order makeOrder(qint64 shopifyId, const QDateTime &updatedAt, qint64 total = 2990)
{
    Order o;
    o.shop = kShop;
    o.shopifyOrderId = shopifyId;
    o.name = QStringLiteral("#%1").arg(shopifyId);
    o.currency = QStringLiteral("EUR");
    o.financialStatus = QStringLiteral("paid");
    o.subtotal = {total - 500, o.currency};
    o.shippingTotal = {500, o.currency};
    o.taxTotal = {0, o.currency};
    o.total = {total, o.currency};
    o.shippingCountry = QStringLiteral("FR");
    o.shippingAddress = Address{QStringLiteral("Alice Martin"),
                                QStringLiteral("12 rue des Lilas"),
                                {},
                                QStringLiteral("Lyon"),
                                {},
                                QStringLiteral("69003"),
                                QStringLiteral("FR"),
                                QStringLiteral("+33600000000")};
    o.shopifyCreatedAt = updatedAt;
    o.shopifyUpdatedAt = updatedAt;
    o.lineItems << LineItem{0,
                            shopifyId * 10,
                            77,
                            7701,
                            QStringLiteral("MUG-BLUE"),
                            QStringLiteral("Blue mug"),
                            2,
                            {1245, o.currency},
                            {0, o.currency}};
    return o;
}

struct Fixture
{
    ScratchDatabase sdb;
    security::FieldCipher cipher = security::FieldCipher::generate();
    std::unique_ptr<Store> store;
    OrderRepository repo{cipher};
    QString error;
    Fixture()
    {
        if (!sdb.isValid()) {
            error = sdb.error();
            return;
        }
        auto s = Store::open(sdb.url());
        if (!s)
            error = s.error();
        else
            store = std::move(*s);
    }
    DbResult<UpsertOutcome> upsert(const Order &o)
    {
        auto r = store->writeAndWait<UpsertOutcome>(
            [&](WriteContext &ctx) { return repo.upsertShopifyOrder(ctx, o); });
        if (!r)
            qWarning().noquote() << "upsert refused:" << r.error().message;
        return r;
    }
};
#define FIXTURE(f)                                                                                 \
    Fixture f;                                                                                     \
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error))

const QDateTime t0 = QDateTime(QDate(2026, 11, 1), QTime(10, 0), Qt::UTC);
} // namespace

class TestOrderRepository : public QObject
{
    Q_OBJECT
private slots:
    void createUpdateAndStaleDeliveries();
    void readBackIsComplete();
    void invalidOrdersAreRefusedAndNothingIsWritten();
    void keysetPagingAndFilters();
    void sortedPagesByTotalAndAge();
    void manualOrders();
    void personalDataIsEncryptedAtRest();
    void sealedValuesAreBoundToTheirRow();
    void eraseCustomerKeepsEconomics();
    void foundByWhatCustomersAndCarriersQuote();
};

void TestOrderRepository::createUpdateAndStaleDeliveries()
{
    FIXTURE(f);
    auto created = f.upsert(makeOrder(1001, t0));
    QVERIFY(created);
    QCOMPARE(created->kind, UpsertOutcome::Kind::Created);

    Order newer = makeOrder(1001, t0.addSecs(60), 3990);
    newer.lineItems << LineItem{0,
                                2,
                                78,
                                7801,
                                QStringLiteral("TEE-M"),
                                QStringLiteral("T-shirt"),
                                1,
                                {1000, QStringLiteral("EUR")},
                                {0, QStringLiteral("EUR")}};
    auto updated = f.upsert(newer);
    QVERIFY(updated);
    QCOMPARE(updated->kind, UpsertOutcome::Kind::Updated);
    QCOMPARE(updated->id, created->id);

    // A late delivery of the first version, and a replay of the newest: neither changes anything.
    auto late = f.upsert(makeOrder(1001, t0, 1));
    QVERIFY(late);
    QCOMPARE(late->kind, UpsertOutcome::Kind::Stale);
    auto replay = f.upsert(newer);
    QCOMPARE(replay->kind, UpsertOutcome::Kind::Stale);

    auto got = f.repo.get(f.store->reader(), created->id);
    QVERIFY(got && got->has_value());
    QCOMPARE((*got)->total.minor, 3990);
    QCOMPARE((*got)->lineItems.size(), 2);
    QCOMPARE((*got)->shopifyUpdatedAt, t0.addSecs(60));
}

void TestOrderRepository::readBackIsComplete()
{
    FIXTURE(f);
    const Order in = makeOrder(2002, t0);
    auto r = f.upsert(in);
    QVERIFY(r);
    auto got = f.repo.findByShopifyId(f.store->reader(), kShop, 2002);
    QVERIFY(got && got->has_value());
    const Order &o = **got;
    QCOMPARE(o.name, in.name);
    QCOMPARE(o.status, OrderStatus::Received);
    QCOMPARE(o.total, in.total);
    QCOMPARE(o.subtotal, in.subtotal);
    QCOMPARE(o.shippingAddress, in.shippingAddress);
    QCOMPARE(o.shopifyCreatedAt.timeSpec(), Qt::UTC);
    QCOMPARE(o.lineItems.size(), 1);
    QCOMPARE(o.lineItems[0].sku, QStringLiteral("MUG-BLUE"));
    QCOMPARE(o.lineItems[0].unitPrice, (Money{1245, QStringLiteral("EUR")}));
    QVERIFY(f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        if (auto s = f.repo.setStatus(ctx, o.id, OrderStatus::Validated); !s)
            return std::unexpected(s.error());
        return 0;
    }));
    QCOMPARE((*f.repo.get(f.store->reader(), o.id))->status, OrderStatus::Validated);
    // A Shopify update keeps the internal status.
    QVERIFY(f.upsert(makeOrder(2002, t0.addSecs(5))));
    QCOMPARE((*f.repo.get(f.store->reader(), o.id))->status, OrderStatus::Validated);
}

void TestOrderRepository::invalidOrdersAreRefusedAndNothingIsWritten()
{
    FIXTURE(f);
    Order mixed = makeOrder(3003, t0);
    mixed.shippingTotal.currency = QStringLiteral("USD");
    auto r = f.upsert(mixed);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, DbError::Kind::Invalid);

    Order zeroQty = makeOrder(3004, t0);
    zeroQty.lineItems[0].quantity = 0;
    QVERIFY(!f.upsert(zeroQty));

    Order noDate = makeOrder(3005, t0);
    noDate.shopifyUpdatedAt = {};
    QVERIFY(!f.upsert(noDate));
    QCOMPARE(*f.repo.count(f.store->reader()), 0);
}

void TestOrderRepository::sortedPagesByTotalAndAge()
{
    FIXTURE(f);
    // 23 orders with 7 distinct totals: ties must page without a repeat or a gap.
    for (int i = 1; i <= 23; ++i)
        QVERIFY(f.upsert(makeOrder(7000 + i, t0.addSecs(i), 1000 + (i * 5 % 7) * 100)));
    const auto all = [&](OrderSort sort) {
        QList<std::pair<qint64, qint64>> seen; // (total, id)
        OrderQuery q;
        q.limit = 4;
        q.sort = sort;
        for (int pages = 0; pages < 20; ++pages) {
            auto page = f.repo.list(f.store->reader(), q);
            if (!page)
                break;
            for (const Order &o : page->orders)
                seen.append({o.total.minor, o.id});
            if (!page->nextCursor)
                break;
            q.afterId = page->nextCursor;
        }
        return seen;
    };
    const auto high = all(OrderSort::TotalHighFirst);
    QCOMPARE(high.size(), 23);
    QVERIFY(std::is_sorted(high.begin(), high.end(), std::greater<>()));
    const auto low = all(OrderSort::TotalLowFirst);
    QCOMPARE(low.size(), 23);
    QVERIFY(std::is_sorted(low.begin(), low.end()));
    const auto oldest = all(OrderSort::OldestFirst);
    QCOMPARE(oldest.size(), 23);
    QVERIFY(std::is_sorted(oldest.begin(), oldest.end(),
                           [](auto a, auto b) { return a.second < b.second; }));
    QCOMPARE(high.first().first, 1600);
    QCOMPARE(low.first().first, 1000);
}

void TestOrderRepository::keysetPagingAndFilters()
{
    FIXTURE(f);
    for (int i = 1; i <= 25; ++i) {
        Order o = makeOrder(5000 + i, t0.addSecs(i));
        if (i % 5 == 0)
            o.lineItems[0].title = QStringLiteral("Red 50% cotton scarf");
        QVERIFY(f.upsert(o));
    }
    QList<qint64> seen;
    OrderQuery q;
    q.limit = 10;
    QList<int> pageSizes;
    for (;;) {
        auto page = f.repo.list(f.store->reader(), q);
        QVERIFY(page);
        pageSizes << page->orders.size();
        for (const Order &o : page->orders)
            seen << o.id;
        if (!page->nextCursor)
            break;
        q.afterId = page->nextCursor;
    }
    QCOMPARE(pageSizes, (QList<int>{10, 10, 5}));
    QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), 25);
    QVERIFY(std::is_sorted(seen.begin(), seen.end(), std::greater<>()));

    OrderQuery byText;
    byText.text = QStringLiteral("50% COTTON");
    QCOMPARE(f.repo.list(f.store->reader(), byText)->orders.size(), 5);
    OrderQuery wildcard;
    wildcard.text = QStringLiteral("%");
    QCOMPARE(f.repo.list(f.store->reader(), wildcard)->orders.size(), 5); // '%' is literal
    OrderQuery byId;
    byId.shopifyOrderId = 5007;
    auto one = f.repo.list(f.store->reader(), byId);
    QCOMPARE(one->orders.size(), 1);
    QCOMPARE(one->orders[0].name, QStringLiteral("#5007"));
    OrderQuery byStatus;
    byStatus.status = OrderStatus::Shipped;
    QCOMPARE(f.repo.list(f.store->reader(), byStatus)->orders.size(), 0);
    OrderQuery byShop;
    byShop.shop = QStringLiteral("other.myshopify.com");
    QCOMPARE(f.repo.list(f.store->reader(), byShop)->orders.size(), 0);
    OrderQuery future;
    future.createdFrom = QDateTime::currentDateTimeUtc().addDays(1);
    QCOMPARE(f.repo.list(f.store->reader(), future)->orders.size(), 0);
}

void TestOrderRepository::manualOrders()
{
    FIXTURE(f);
    Order m = makeOrder(0, {});
    m.name = QStringLiteral("PHONE-1");
    auto id = f.store->writeAndWait<qint64>(
        [&](WriteContext &ctx) { return f.repo.insertManualOrder(ctx, m); });
    QVERIFY(id);
    auto id2 = f.store->writeAndWait<qint64>(
        [&](WriteContext &ctx) { return f.repo.insertManualOrder(ctx, m); });
    QVERIFY(id2); // no Shopify id: two manual orders never collide
    auto got = f.repo.get(f.store->reader(), *id);
    QCOMPARE((*got)->shopifyOrderId, 0);
    QCOMPARE((*got)->shippingAddress, m.shippingAddress);
}

void TestOrderRepository::personalDataIsEncryptedAtRest()
{
    FIXTURE(f);
    Customer c;
    c.shop = kShop;
    c.shopifyCustomerId = 42;
    c.personal = {QStringLiteral("Zoé"), QStringLiteral("Quintessence"),
                  QStringLiteral("zoe.q@example.org"), QStringLiteral("+33611223344")};
    auto cid = f.store->writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return f.repo.upsertCustomer(ctx, c); });
    QVERIFY(cid);
    Order o = makeOrder(6006, t0);
    o.customerId = cid->id;
    o.shippingAddress->address1 = QStringLiteral("99 avenue Xylophone");
    QVERIFY(f.upsert(o));

    auto back = f.repo.getCustomer(f.store->reader(), cid->id);
    QVERIFY(back && back->has_value());
    QCOMPARE((*back)->personal, c.personal);

    QSqlDatabase db = f.store->reader();
    auto raw =
        exec(db, QStringLiteral("SELECT email, first_name FROM customers WHERE id = ?"), {cid->id});
    QVERIFY(raw && raw->next());
    QVERIFY(!raw->value(0).toByteArray().contains("zoe.q"));
    // The whole name: two bytes of ciphertext may spell "Zo" by chance.
    QVERIFY(!raw->value(1).toByteArray().contains(QStringLiteral("Zoé").toUtf8()));
    QCOMPARE(security::FieldCipher::keyIdOf(raw->value(0).toByteArray()),
             std::optional<quint32>(1));

    if (f.store->backend() == Backend::Sqlite) {
        // Nothing in the database file or its WAL holds the clear text.
        f.store->close();
        QDirIterator it(QFileInfo(f.sdb.url().path).absolutePath());
        int files = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++files;
            const QByteArray bytes = file.readAll();
            for (const char *secret :
                 {"zoe.q@example.org", "Quintessence", "+33611223344", "Xylophone"})
                QVERIFY2(!bytes.contains(secret),
                         qPrintable(file.fileName() + QStringLiteral(" holds ") +
                                    QLatin1String(secret)));
        }
        QVERIFY(files >= 1);
    }
}

void TestOrderRepository::sealedValuesAreBoundToTheirRow()
{
    FIXTURE(f);
    Customer a, b;
    a.shop = b.shop = kShop;
    a.shopifyCustomerId = 1;
    b.shopifyCustomerId = 2;
    a.personal.email = QStringLiteral("a@example.org");
    b.personal.email = QStringLiteral("b@example.org");
    auto ida = f.store->writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return f.repo.upsertCustomer(ctx, a); });
    auto idb = f.store->writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return f.repo.upsertCustomer(ctx, b); });
    QVERIFY(ida && idb);
    // Someone with database access copies A's sealed email into B's row and A's phone column.
    auto tamper = f.store->writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
        auto q = exec(ctx.db(),
                      QStringLiteral("UPDATE customers SET email = (SELECT email FROM customers "
                                     "WHERE id = ?) WHERE id = ?"),
                      {ida->id, idb->id});
        if (!q)
            return std::unexpected(q.error());
        auto p = exec(ctx.db(), QStringLiteral("UPDATE customers SET phone = email WHERE id = ?"),
                      {ida->id});
        if (!p)
            return std::unexpected(p.error());
        return 0;
    });
    QVERIFY(tamper);
    auto gotB = f.repo.getCustomer(f.store->reader(), idb->id);
    QCOMPARE((*gotB)->personal.email, QString()); // refused, not A's address
    auto gotA = f.repo.getCustomer(f.store->reader(), ida->id);
    QCOMPARE((*gotA)->personal.email, QStringLiteral("a@example.org"));
    QCOMPARE((*gotA)->personal.phone, QString());
}

void TestOrderRepository::eraseCustomerKeepsEconomics()
{
    FIXTURE(f);
    Customer c;
    c.shop = kShop;
    c.shopifyCustomerId = 77;
    c.personal.email = QStringLiteral("gone@example.org");
    auto cid = f.store->writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return f.repo.upsertCustomer(ctx, c); });
    Order o = makeOrder(7007, t0);
    o.customerId = cid->id;
    auto oid = f.upsert(o);
    QVERIFY(oid);
    auto erased = f.store->writeAndWait<int>(
        [&](WriteContext &ctx) { return f.repo.eraseCustomer(ctx, cid->id); });
    QVERIFY(erased);
    QCOMPARE(*erased, 1);
    auto gotC = f.repo.getCustomer(f.store->reader(), cid->id);
    QVERIFY((*gotC)->erased);
    QCOMPARE((*gotC)->personal, PersonalData{});
    auto gotO = f.repo.get(f.store->reader(), oid->id);
    QVERIFY(!(*gotO)->shippingAddress.has_value());
    QCOMPARE((*gotO)->total.minor, 2990);
    QCOMPARE((*gotO)->lineItems.size(), 1);
    // A later webhook for the same customer does not bring the data back.
    c.personal.email = QStringLiteral("back@example.org");
    auto again = f.store->writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return f.repo.upsertCustomer(ctx, c); });
    QCOMPARE(again->kind, UpsertOutcome::Kind::Stale);
    QCOMPARE((*f.repo.getCustomer(f.store->reader(), cid->id))->personal.email, QString());
    auto missing = f.store->writeAndWait<int>(
        [&](WriteContext &ctx) { return f.repo.eraseCustomer(ctx, 999999); });
    QCOMPARE(missing.error().kind, DbError::Kind::NotFound);
}

// Search by what a customer or a carrier quotes: the Shopify order id, the AliExpress order
// number, the tracking number (any case), the e-mail (through its keyed hash: never in clear).
void TestOrderRepository::foundByWhatCustomersAndCarriersQuote()
{
    FIXTURE(f);
    Customer c;
    c.shop = kShop;
    c.shopifyCustomerId = 88;
    c.personal.email = QStringLiteral("Ada.Lovelace@Example.org");
    auto cid = f.store->writeAndWait<UpsertOutcome>(
        [&](WriteContext &ctx) { return f.repo.upsertCustomer(ctx, c); });
    QVERIFY(cid);
    Order a = makeOrder(8101, t0);
    a.customerId = cid->id;
    auto ida = f.upsert(a);
    QVERIFY(ida);
    auto idb = f.upsert(makeOrder(8102, t0.addSecs(1)));
    QVERIFY(idb);
    QVERIFY(f.store->writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        const qint64 now = nowMs();
        auto supplier = exec(ctx.db(),
                             QStringLiteral("INSERT INTO suppliers (name, platform, created_at) "
                                            "VALUES ('Ali Store', 'aliexpress', ?) RETURNING id"),
                             {now});
        if (!supplier || !supplier->next())
            return std::unexpected(supplier ? DbError{} : supplier.error());
        const qint64 sid = supplier->value(0).toLongLong();
        supplier->finish();
        auto so = exec(ctx.db(),
                       QStringLiteral("INSERT INTO supplier_orders (order_id, supplier_id, "
                                      "out_order_id, supplier_order_id, status, lines, "
                                      "cost_minor, shipping_minor, currency, created_at, "
                                      "updated_at) VALUES (?, ?, 'out-1', '8157700112233', "
                                      "'placed', '[]', 900, 100, 'EUR', ?, ?)"),
                       {idb->id, sid, now, now});
        if (!so)
            return std::unexpected(so.error());
        auto sh = exec(ctx.db(),
                       QStringLiteral("INSERT INTO shipments (order_id, carrier, tracking_number, "
                                      "created_at, updated_at) VALUES (?, 'Cainiao', "
                                      "'LP00123456789CN', ?, ?)"),
                       {ida->id, now, now});
        if (!sh)
            return std::unexpected(sh.error());
        return true;
    }));
    const auto find = [&](const QString &text, bool matchEmail = true) {
        OrderQuery q;
        q.text = text;
        q.matchEmail = matchEmail;
        QList<qint64> ids;
        auto page = f.repo.list(f.store->reader(), q);
        if (!page) {
            qWarning().noquote() << "search refused:" << page.error().message;
            return QList<qint64>{-1};
        }
        for (const Order &o : page->orders)
            ids << o.id;
        return ids;
    };
    QCOMPARE(find(QStringLiteral("8101")), QList<qint64>{ida->id});
    QCOMPARE(find(QStringLiteral("8157700112233")), QList<qint64>{idb->id});
    QCOMPARE(find(QStringLiteral("LP00123456789CN")), QList<qint64>{ida->id});
    QCOMPARE(find(QStringLiteral("lp00123456789cn")), QList<qint64>{ida->id});
    QCOMPARE(find(QStringLiteral("  ada.lovelace@example.ORG ")), QList<qint64>{ida->id});
    QCOMPARE(find(QStringLiteral("lovelace@example.org")), QList<qint64>{}); // exact only
    // Not for whoever may not read personal data: an address says who is a customer.
    QCOMPARE(find(QStringLiteral("ada.lovelace@example.org"), false), QList<qint64>{});
    QCOMPARE(find(QStringLiteral("81577")), QList<qint64>{}); // AliExpress ids: exact only
    // The lookup token is not the e-mail.
    auto raw = exec(f.store->reader(),
                    QStringLiteral("SELECT email_lookup FROM customers WHERE id = ?"), {cid->id});
    QVERIFY(raw && raw->next());
    // Not "ada": a hex digest spells it about once in 70 tokens (a-f are hex digits).
    QVERIFY(!raw->value(0).toString().contains(QLatin1String("lovelace"), Qt::CaseInsensitive));
    QCOMPARE(raw->value(0).toString().size(), 64);
    raw->finish(); // its read snapshot would hide the writes below

    // Rows from before the lookup (NULL) are filled once; erased customers are not found.
    QVERIFY(f.store->writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto u = exec(ctx.db(), QStringLiteral("UPDATE customers SET email_lookup = NULL"));
        if (!u)
            return std::unexpected(u.error());
        return true;
    }));
    QCOMPARE(find(QStringLiteral("ada.lovelace@example.org")), QList<qint64>{});
    auto filled = f.store->writeAndWait<int>(
        [&](WriteContext &ctx) { return f.repo.fillEmailLookups(ctx, 500); });
    QCOMPARE(*filled, 1);
    auto none = f.store->writeAndWait<int>(
        [&](WriteContext &ctx) { return f.repo.fillEmailLookups(ctx, 500); });
    QCOMPARE(*none, 0);
    QCOMPARE(find(QStringLiteral("ada.lovelace@example.org")), QList<qint64>{ida->id});
    QVERIFY(f.store->writeAndWait<int>(
        [&](WriteContext &ctx) { return f.repo.eraseCustomer(ctx, cid->id); }));
    QCOMPARE(find(QStringLiteral("ada.lovelace@example.org")), QList<qint64>{});
}

QTEST_GUILESS_MAIN(TestOrderRepository)
#include "tst_orderrepository.moc"
