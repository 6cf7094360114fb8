// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/orderrepository.h"

#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>

namespace dc::storage {

namespace {
const QString kOrderColumns = QStringLiteral(
    "id, shop, shopify_order_id, name, status, financial_status, fulfillment_status, currency, "
    "subtotal_minor, shipping_minor, tax_minor, total_minor, customer_id, shipping_address, "
    "shipping_country, shopify_created_at, shopify_updated_at, created_at, updated_at, "
    "hold_reason, "
    "margin_approved_by");

// A stored status read back; Internal when the row holds one this build does not know.
DbResult<OrderStatus> storedStatus(const QVariant &v, qint64 orderId)
{
    if (const auto status = orderStatusFromString(v.toString()))
        return *status;
    return std::unexpected(DbError{DbError::Kind::Internal,
                                   QStringLiteral("order %1 has unknown status").arg(orderId)});
}

DbError invalid(const QString &msg)
{
    return DbError{DbError::Kind::Invalid, msg};
}

DbResult<void> checkOrder(const Order &o)
{
    if (o.shop.isEmpty())
        return std::unexpected(invalid(QStringLiteral("order without a shop")));
    if (!isCurrencyCode(o.currency))
        return std::unexpected(invalid(QStringLiteral("order with an invalid currency")));
    for (const Money *m : {&o.subtotal, &o.shippingTotal, &o.taxTotal, &o.total})
        if (m->currency != o.currency)
            return std::unexpected(
                invalid(QStringLiteral("order amounts in more than one currency")));
    for (const LineItem &li : o.lineItems) {
        if (li.quantity <= 0)
            return std::unexpected(
                invalid(QStringLiteral("line item with quantity %1").arg(li.quantity)));
        if (li.unitPrice.currency != o.currency)
            return std::unexpected(invalid(QStringLiteral("line item in another currency")));
    }
    return {};
}
} // namespace

QByteArray OrderRepository::sealText(const QString &v, const char *table, const char *col,
                                     const QString &row) const
{
    return m_cipher.seal(v.toUtf8(), aadFor(table, col, row));
}

QString OrderRepository::openText(const QVariant &v, const char *table, const char *col,
                                  const QString &row) const
{
    if (v.isNull())
        return {};
    auto opened = m_cipher.open(v.toByteArray(), aadFor(table, col, row));
    // A value that fails to open is reported as empty rather than shown garbled; the
    // integrity failure is a security event the caller cannot fix by retrying.
    return opened ? QString::fromUtf8(*opened) : QString();
}

DbResult<qint64> OrderRepository::insertOrderRow(WriteContext &ctx, const Order &o) const
{
    const qint64 now = nowMs();
    auto q = exec(
        ctx.db(),
        QStringLiteral(
            "INSERT INTO orders (shop, shopify_order_id, name, status, financial_status, "
            "fulfillment_status, currency, subtotal_minor, shipping_minor, tax_minor, "
            "total_minor, customer_id, shipping_country, shopify_created_at, "
            "shopify_updated_at, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id"),
        {o.shop,
         o.shopifyOrderId ? QVariant(o.shopifyOrderId) : QVariant(QMetaType(QMetaType::LongLong)),
         o.name, orderStatusName(o.status), o.financialStatus, o.fulfillmentStatus, o.currency,
         o.subtotal.minor, o.shippingTotal.minor, o.taxTotal.minor, o.total.minor,
         nullableId(o.customerId), o.shippingCountry, msOrNull(o.shopifyCreatedAt),
         msOrNull(o.shopifyUpdatedAt), now, now});
    if (!q)
        return std::unexpected(q.error());
    const auto id = returnedValue(*q);
    if (!id)
        return std::unexpected(
            DbError{DbError::Kind::Internal, QStringLiteral("insert returned no id")});
    return id->toLongLong();
}

DbResult<void> OrderRepository::updateShippingAddress(WriteContext &ctx, qint64 orderId,
                                                      const std::optional<Address> &address) const
{
    Order o;
    o.id = orderId;
    o.shippingAddress = address;
    auto erased = exec(ctx.db(), QStringLiteral("SELECT personal_erased FROM orders WHERE id = ?"),
                       {orderId});
    if (!erased)
        return std::unexpected(erased.error());
    if (!erased->next())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no order %1").arg(orderId)});
    if (erased->value(0).toInt() != 0)
        return std::unexpected(DbError{
            DbError::Kind::Conflict,
            QStringLiteral("the personal data of order %1 was erased; it takes no address again")
                .arg(orderId)});
    erased->finish();
    auto q =
        exec(ctx.db(),
             QStringLiteral("UPDATE orders SET shipping_country = ?, updated_at = ? WHERE id = ?"),
             {address ? address->countryCode : QString(), nowMs(), orderId});
    if (!q)
        return std::unexpected(q.error());
    return writeShippingAddress(ctx, orderId, o);
}

DbResult<void> OrderRepository::writeShippingAddress(WriteContext &ctx, qint64 id,
                                                     const Order &o) const
{
    QVariant sealed(QMetaType(QMetaType::QByteArray));
    if (o.shippingAddress)
        sealed =
            m_cipher.seal(QJsonDocument(o.shippingAddress->toJson()).toJson(QJsonDocument::Compact),
                          aadFor("orders", "shipping_address", QString::number(id)));
    // Erased stays erased: no path (webhook, reconciliation, the API) writes an address back.
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE orders SET shipping_address = ? WHERE id = ? AND "
                                 "personal_erased = 0"),
                  {sealed, id});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

DbResult<void> OrderRepository::replaceLineItems(WriteContext &ctx, qint64 orderId,
                                                 const Order &o) const
{
    if (auto d =
            exec(ctx.db(), QStringLiteral("DELETE FROM line_items WHERE order_id = ?"), {orderId});
        !d)
        return std::unexpected(d.error());
    for (const LineItem &li : o.lineItems) {
        auto q =
            exec(ctx.db(),
                 QStringLiteral(
                     "INSERT INTO line_items (order_id, shopify_line_item_id, shopify_product_id, "
                     "shopify_variant_id, sku, title, quantity, unit_price_minor, discount_minor, "
                     "currency) VALUES (?,?,?,?,?,?,?,?,?,?)"),
                 {orderId, li.shopifyLineItemId, li.shopifyProductId, li.shopifyVariantId, li.sku,
                  li.title, li.quantity, li.unitPrice.minor, li.totalDiscount.minor, o.currency});
        if (!q)
            return std::unexpected(q.error());
    }
    return {};
}

DbResult<UpsertOutcome> OrderRepository::upsertShopifyOrder(WriteContext &ctx, const Order &o) const
{
    if (auto ok = checkOrder(o); !ok)
        return std::unexpected(ok.error());
    if (o.shopifyOrderId <= 0 || !o.shopifyUpdatedAt.isValid())
        return std::unexpected(
            invalid(QStringLiteral("a Shopify order needs its id and updated_at")));

    auto existing = cachedRead(
        ctx.db(),
        QStringLiteral(
            "SELECT id, shopify_updated_at FROM orders WHERE shop = ? AND shopify_order_id = ?"),
        {o.shop, o.shopifyOrderId});
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->next()) {
        const qint64 id = existing->value(0).toLongLong();
        const QDateTime stored = utcFromMs(existing->value(1));
        if (stored.isValid() && o.shopifyUpdatedAt <= stored)
            return UpsertOutcome{UpsertOutcome::Kind::Stale, id};
        // The guard is repeated in SQL so that a concurrent writer (another instance on the
        // same PostgreSQL database) cannot slip an older version in between.
        auto u = exec(
            ctx.db(),
            QStringLiteral(
                "UPDATE orders SET name=?, financial_status=?, fulfillment_status=?, "
                "currency=?, subtotal_minor=?, shipping_minor=?, tax_minor=?, total_minor=?, "
                "customer_id=?, shipping_country=?, shopify_created_at=?, shopify_updated_at=?, "
                "updated_at=? WHERE id=? AND (shopify_updated_at IS NULL OR shopify_updated_at < "
                "?)"),
            {o.name, o.financialStatus, o.fulfillmentStatus, o.currency, o.subtotal.minor,
             o.shippingTotal.minor, o.taxTotal.minor, o.total.minor, nullableId(o.customerId),
             o.shippingCountry, msOrNull(o.shopifyCreatedAt), msOrNull(o.shopifyUpdatedAt), nowMs(),
             id, o.shopifyUpdatedAt.toMSecsSinceEpoch()});
        if (!u)
            return std::unexpected(u.error());
        if (u->numRowsAffected() == 0)
            return UpsertOutcome{UpsertOutcome::Kind::Stale, id};
        if (auto a = writeShippingAddress(ctx, id, o); !a)
            return std::unexpected(a.error());
        if (auto l = replaceLineItems(ctx, id, o); !l)
            return std::unexpected(l.error());
        return UpsertOutcome{UpsertOutcome::Kind::Updated, id};
    }
    auto id = insertOrderRow(ctx, o);
    if (!id)
        return std::unexpected(id.error());
    if (auto a = writeShippingAddress(ctx, *id, o); !a)
        return std::unexpected(a.error());
    if (auto l = replaceLineItems(ctx, *id, o); !l)
        return std::unexpected(l.error());
    return UpsertOutcome{UpsertOutcome::Kind::Created, *id};
}

DbResult<qint64> OrderRepository::insertManualOrder(WriteContext &ctx, const Order &in) const
{
    Order o = in;
    o.shopifyOrderId = 0;
    if (auto ok = checkOrder(o); !ok)
        return std::unexpected(ok.error());
    if (o.name.trimmed().isEmpty())
        return std::unexpected(invalid(QStringLiteral("a manual order needs a name")));
    auto id = insertOrderRow(ctx, o);
    if (!id)
        return id;
    if (auto a = writeShippingAddress(ctx, *id, o); !a)
        return std::unexpected(a.error());
    if (auto l = replaceLineItems(ctx, *id, o); !l)
        return std::unexpected(l.error());
    return id;
}

DbResult<void> OrderRepository::setStatus(WriteContext &ctx, qint64 orderId, OrderStatus status,
                                          const QString &holdReason) const
{
    auto q = exec(ctx.db(),
                  QStringLiteral("UPDATE orders SET status = ?, hold_reason = ?, updated_at = ? "
                                 "WHERE id = ?"),
                  {orderStatusName(status), holdReason, nowMs(), orderId});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() == 0)
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no order %1").arg(orderId)});
    return {};
}

DbResult<Order> OrderRepository::readOrderRow(const QSqlQuery &q) const
{
    Order o;
    o.id = q.value(0).toLongLong();
    o.shop = q.value(1).toString();
    o.shopifyOrderId = q.value(2).isNull() ? 0 : q.value(2).toLongLong();
    o.name = q.value(3).toString();
    const auto status = storedStatus(q.value(4), o.id);
    if (!status)
        return std::unexpected(status.error());
    o.status = *status;
    o.financialStatus = q.value(5).toString();
    o.fulfillmentStatus = q.value(6).toString();
    o.currency = q.value(7).toString();
    o.subtotal = {q.value(8).toLongLong(), o.currency};
    o.shippingTotal = {q.value(9).toLongLong(), o.currency};
    o.taxTotal = {q.value(10).toLongLong(), o.currency};
    o.total = {q.value(11).toLongLong(), o.currency};
    if (!q.value(12).isNull())
        o.customerId = q.value(12).toLongLong();
    if (!q.value(13).isNull()) {
        const QString json =
            openText(q.value(13), "orders", "shipping_address", QString::number(o.id));
        if (!json.isEmpty())
            o.shippingAddress = Address::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
    }
    o.shippingCountry = q.value(14).toString();
    o.shopifyCreatedAt = utcFromMs(q.value(15));
    o.shopifyUpdatedAt = utcFromMs(q.value(16));
    o.createdAt = utcFromMs(q.value(17));
    o.updatedAt = utcFromMs(q.value(18));
    o.holdReason = q.value(19).toString();
    o.marginApprovedBy = q.value(20).toString();
    return o;
}

DbResult<std::optional<OrderStatusRow>> OrderRepository::getStatus(QSqlDatabase db, qint64 id) const
{
    auto q = cachedRead(
        db, QStringLiteral("SELECT name, status, hold_reason FROM orders WHERE id = ?"), {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<OrderStatusRow>();
    OrderStatusRow o;
    o.id = id;
    o.name = q->value(0).toString();
    const auto status = storedStatus(q->value(1), id);
    if (!status)
        return std::unexpected(status.error());
    o.status = *status;
    o.holdReason = q->value(2).toString();
    return o;
}

DbResult<std::optional<Order>> OrderRepository::get(QSqlDatabase db, qint64 id) const
{
    static const QString kById =
        QStringLiteral("SELECT ") + kOrderColumns + QStringLiteral(" FROM orders WHERE id = ?");
    auto q = cachedRead(db, kById, {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Order>();
    auto order = readOrderRow(*q);
    if (!order)
        return std::unexpected(order.error());
    auto li = cachedRead(
        db,
        QStringLiteral(
            "SELECT id, shopify_line_item_id, shopify_product_id, shopify_variant_id, sku, "
            "title, quantity, unit_price_minor, discount_minor, currency FROM line_items "
            "WHERE order_id = ? ORDER BY id"),
        {id});
    if (!li)
        return std::unexpected(li.error());
    while (li->next()) {
        LineItem l;
        l.id = li->value(0).toLongLong();
        l.shopifyLineItemId = li->value(1).toLongLong();
        l.shopifyProductId = li->value(2).toLongLong();
        l.shopifyVariantId = li->value(3).toLongLong();
        l.sku = li->value(4).toString();
        l.title = li->value(5).toString();
        l.quantity = li->value(6).toInt();
        l.unitPrice = {li->value(7).toLongLong(), li->value(9).toString()};
        l.totalDiscount = {li->value(8).toLongLong(), li->value(9).toString()};
        order->lineItems << l;
    }
    return std::optional<Order>(std::move(*order));
}

DbResult<std::optional<Order>>
OrderRepository::findByShopifyId(QSqlDatabase db, const QString &shop, qint64 shopifyOrderId) const
{
    qint64 id = 0;
    {
        auto q = cachedRead(
            db, QStringLiteral("SELECT id FROM orders WHERE shop = ? AND shopify_order_id = ?"),
            {shop, shopifyOrderId});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return std::optional<Order>();
        id = q->value(0).toLongLong();
    }
    return get(db, id);
}

DbResult<OrderPage> OrderRepository::list(QSqlDatabase db, const OrderQuery &query) const
{
    QStringList where;
    QVariantList binds;
    if (query.status) {
        where << QStringLiteral("status = ?");
        binds << orderStatusName(*query.status);
    }
    if (!query.shop.isEmpty()) {
        where << QStringLiteral("shop = ?");
        binds << query.shop;
    }
    if (query.shopifyOrderId) {
        where << QStringLiteral("shopify_order_id = ?");
        binds << *query.shopifyOrderId;
    }
    if (query.replacementsOnly)
        where << QStringLiteral("replaces_order_id IS NOT NULL");
    if (query.createdFrom.isValid()) {
        where << QStringLiteral("created_at >= ?");
        binds << query.createdFrom.toMSecsSinceEpoch();
    }
    if (query.createdTo.isValid()) {
        where << QStringLiteral("created_at < ?");
        binds << query.createdTo.toMSecsSinceEpoch();
    }
    if (!query.text.isEmpty()) {
        const QString pattern = containsPattern(query.text);
        const QString exact = query.text.trimmed();
        // What a customer or a carrier quotes, found exactly through an index each.
        QString sql = QStringLiteral(
            "(LOWER(name) LIKE ? ESCAPE '\\' OR id IN (SELECT order_id FROM line_items "
            "WHERE LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(sku) LIKE ? ESCAPE '\\') OR id IN "
            "(SELECT order_id FROM supplier_orders WHERE supplier_order_id = ?) OR id IN (SELECT "
            "order_id FROM shipments WHERE tracking_number IN (?, ?))");
        binds << pattern << pattern << pattern << exact << exact << exact.toUpper();
        bool numeric = false;
        const qint64 shopifyId = exact.toLongLong(&numeric);
        if (numeric && shopifyId > 0) {
            sql += QStringLiteral(" OR shopify_order_id = ?");
            binds << shopifyId;
        }
        if (query.matchEmail && exact.contains(QLatin1Char('@'))) {
            sql += QStringLiteral(
                " OR customer_id IN (SELECT id FROM customers WHERE email_lookup = ?)");
            binds << emailLookup(exact);
        }
        where << sql + QLatin1Char(')');
    }
    const bool byTotal =
        query.sort == OrderSort::TotalHighFirst || query.sort == OrderSort::TotalLowFirst;
    const bool descending =
        query.sort == OrderSort::NewestFirst || query.sort == OrderSort::TotalHighFirst;
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    if (query.afterId > 0 && !byTotal) {
        where << QStringLiteral("id %1 ?").arg(cmp);
        binds << query.afterId;
    } else if (query.afterId > 0) {
        // After the cursor order's (total, id), whatever its total is now.
        const QString total = QStringLiteral("(SELECT total_minor FROM orders WHERE id = ?)");
        where << QStringLiteral("(total_minor %1 %2 OR (total_minor = %2 AND id %1 ?))")
                     .arg(cmp, total);
        binds << query.afterId << query.afterId << query.afterId;
    }
    const int limit = std::clamp(query.limit, 1, 1000);
    QString sql = QStringLiteral("SELECT ") + kOrderColumns + QStringLiteral(" FROM orders");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    sql += byTotal ? QStringLiteral(" ORDER BY total_minor %1, id %1").arg(dir)
                   : QStringLiteral(" ORDER BY id %1").arg(dir);
    sql += QStringLiteral(" LIMIT %1").arg(limit + 1);
    auto q = exec(db, sql, binds);
    if (!q)
        return std::unexpected(q.error());
    OrderPage page;
    while (q->next()) {
        if (page.orders.size() == limit) {
            page.nextCursor = page.orders.last().id;
            break;
        }
        auto o = readOrderRow(*q);
        if (!o)
            return std::unexpected(o.error());
        page.orders << *o;
    }
    return page;
}

DbResult<qint64> OrderRepository::count(QSqlDatabase db) const
{
    auto q = exec(db, QStringLiteral("SELECT COUNT(*) FROM orders"));
    if (!q)
        return std::unexpected(q.error());
    q->next();
    return q->value(0).toLongLong();
}

DbResult<UpsertOutcome> OrderRepository::upsertCustomer(WriteContext &ctx, const Customer &c) const
{
    if (c.shop.isEmpty() || c.shopifyCustomerId <= 0)
        return std::unexpected(invalid(QStringLiteral("a customer needs a shop and a Shopify id")));
    auto existing =
        exec(ctx.db(),
             QStringLiteral(
                 "SELECT id, erased FROM customers WHERE shop = ? AND shopify_customer_id = ?"),
             {c.shop, c.shopifyCustomerId});
    if (!existing)
        return std::unexpected(existing.error());
    qint64 id = 0;
    UpsertOutcome::Kind kind = UpsertOutcome::Kind::Updated;
    if (existing->next()) {
        id = existing->value(0).toLongLong();
        // An erased customer stays erased: a later order webhook must not bring the data back.
        if (existing->value(1).toInt() != 0)
            return UpsertOutcome{UpsertOutcome::Kind::Stale, id};
    } else {
        const qint64 now = nowMs();
        auto ins =
            exec(ctx.db(),
                 QStringLiteral(
                     "INSERT INTO customers (shop, shopify_customer_id, created_at, updated_at) "
                     "VALUES (?,?,?,?) RETURNING id"),
                 {c.shop, c.shopifyCustomerId, now, now});
        if (!ins)
            return std::unexpected(ins.error());
        id = returnedId(*ins);
        kind = UpsertOutcome::Kind::Created;
    }
    const QString row = QString::number(id);
    QVariant address(QMetaType(QMetaType::QByteArray));
    if (c.defaultAddress)
        address =
            m_cipher.seal(QJsonDocument(c.defaultAddress->toJson()).toJson(QJsonDocument::Compact),
                          aadFor("customers", "default_address", row));
    auto u =
        exec(ctx.db(),
             QStringLiteral("UPDATE customers SET first_name=?, last_name=?, email=?, phone=?, "
                            "default_address=?, email_lookup=?, updated_at=? WHERE id=?"),
             {sealText(c.personal.firstName, "customers", "first_name", row),
              sealText(c.personal.lastName, "customers", "last_name", row),
              sealText(c.personal.email, "customers", "email", row),
              sealText(c.personal.phone, "customers", "phone", row), address,
              c.personal.email.trimmed().isEmpty() ? QString() : emailLookup(c.personal.email),
              nowMs(), id});
    if (!u)
        return std::unexpected(u.error());
    return UpsertOutcome{kind, id};
}

DbResult<std::optional<Customer>> OrderRepository::getCustomer(QSqlDatabase db, qint64 id) const
{
    auto q =
        exec(db,
             QStringLiteral(
                 "SELECT id, shop, shopify_customer_id, first_name, last_name, email, phone, "
                 "default_address, erased, created_at, updated_at FROM customers WHERE id = ?"),
             {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<Customer>();
    Customer c;
    c.id = id;
    const QString row = QString::number(id);
    c.shop = q->value(1).toString();
    c.shopifyCustomerId = q->value(2).toLongLong();
    c.personal.firstName = openText(q->value(3), "customers", "first_name", row);
    c.personal.lastName = openText(q->value(4), "customers", "last_name", row);
    c.personal.email = openText(q->value(5), "customers", "email", row);
    c.personal.phone = openText(q->value(6), "customers", "phone", row);
    const QString addr = openText(q->value(7), "customers", "default_address", row);
    if (!addr.isEmpty())
        c.defaultAddress = Address::fromJson(QJsonDocument::fromJson(addr.toUtf8()).object());
    c.erased = q->value(8).toInt() != 0;
    c.createdAt = utcFromMs(q->value(9));
    c.updatedAt = utcFromMs(q->value(10));
    return std::optional<Customer>(c);
}

DbResult<int> OrderRepository::eraseCustomer(WriteContext &ctx, qint64 customerId) const
{
    auto who = exec(ctx.db(),
                    QStringLiteral("SELECT shop, shopify_customer_id FROM customers WHERE id = ?"),
                    {customerId});
    if (!who)
        return std::unexpected(who.error());
    if (!who->next())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no customer %1").arg(customerId)});
    const QString shop = who->value(0).toString();
    const qint64 shopifyCustomerId = who->value(1).toLongLong();
    who->finish();
    auto c =
        exec(ctx.db(),
             QStringLiteral(
                 "UPDATE customers SET first_name=NULL, last_name=NULL, email=NULL, phone=NULL, "
                 "default_address=NULL, email_lookup='', erased=1, updated_at=? WHERE id=?"),
             {nowMs(), customerId});
    if (!c)
        return std::unexpected(c.error());
    auto ids =
        exec(ctx.db(), QStringLiteral("SELECT id FROM orders WHERE customer_id = ?"), {customerId});
    if (!ids)
        return std::unexpected(ids.error());
    QList<qint64> orders;
    while (ids->next())
        orders << ids->value(0).toLongLong();
    ids->finish();
    auto n = eraseOrders(ctx, orders);
    if (!n)
        return n;
    if (shopifyCustomerId > 0) {
        // Deliveries about the customer themselves (customers/* topics).
        auto d = exec(ctx.db(),
                      QStringLiteral("UPDATE webhook_deliveries SET body = ?, body_purged_at = ? "
                                     "WHERE shop = ? AND shopify_customer_id = ? AND "
                                     "body_purged_at IS NULL"),
                      {QByteArray(""), nowMs(), shop, shopifyCustomerId});
        if (!d)
            return std::unexpected(d.error());
    }
    return n;
}

DbResult<int> OrderRepository::linkReplacements(WriteContext &ctx) const
{
    auto q =
        exec(ctx.db(), QStringLiteral("SELECT payload FROM events WHERE topic = 'order.replaced'"));
    if (!q)
        return std::unexpected(q.error());
    QList<std::pair<qint64, qint64>> links; // replacement, original
    while (q->next()) {
        const QJsonObject d = QJsonDocument::fromJson(q->value(0).toByteArray()).object();
        const qint64 replacement = d.value(QStringLiteral("replacement_id")).toInteger();
        const qint64 original = d.value(QStringLiteral("order_id")).toInteger();
        if (replacement > 0 && original > 0)
            links.append({replacement, original});
    }
    q->finish();
    int linked = 0;
    for (const auto &[replacement, original] : links) {
        auto u = exec(ctx.db(),
                      QStringLiteral("UPDATE orders SET replaces_order_id = ? WHERE id = ? AND "
                                     "replaces_order_id IS NULL"),
                      {original, replacement});
        if (!u)
            return std::unexpected(u.error());
        linked += u->numRowsAffected() > 0;
    }
    return linked;
}

QString OrderRepository::emailLookup(const QString &email) const
{
    return QString::fromLatin1(m_cipher.lookupToken(email.trimmed().toLower().toUtf8()));
}

DbResult<int> OrderRepository::fillEmailLookups(WriteContext &ctx, int batch) const
{
    auto q = exec(ctx.db(),
                  QStringLiteral("SELECT id, email FROM customers WHERE email_lookup IS NULL "
                                 "ORDER BY id LIMIT ?"),
                  {batch});
    if (!q)
        return std::unexpected(q.error());
    QList<std::pair<qint64, QString>> rows;
    while (q->next()) {
        const qint64 id = q->value(0).toLongLong();
        rows.append({id, openText(q->value(1), "customers", "email", QString::number(id))});
    }
    q->finish();
    for (const auto &[id, email] : rows) {
        // An e-mail that does not open (or is empty) gets an empty token: not looked at again.
        auto u =
            exec(ctx.db(), QStringLiteral("UPDATE customers SET email_lookup = ? WHERE id = ?"),
                 {email.trimmed().isEmpty() ? QString() : emailLookup(email), id});
        if (!u)
            return std::unexpected(u.error());
    }
    return int(rows.size());
}

DbResult<int> OrderRepository::eraseOrders(WriteContext &ctx, const QList<qint64> &orderIds) const
{
    const qint64 now = nowMs();
    int erased = 0;
    for (const qint64 id : orderIds) {
        auto o = exec(ctx.db(),
                      QStringLiteral("UPDATE orders SET shipping_address = NULL, personal_erased = "
                                     "1, updated_at = ? WHERE id = ? RETURNING shop, "
                                     "shopify_order_id"),
                      {now, id});
        if (!o)
            return std::unexpected(o.error());
        if (!o->next())
            continue;
        ++erased;
        const QString shop = o->value(0).toString();
        const qint64 shopifyOrderId = o->value(1).toLongLong();
        o->finish();
        const QString runKey = QStringLiteral("order:%1").arg(id);
        // The raw webhook bodies that carried the order, and the payloads of its finished runs
        // and their tasks (rows stay: states and times for the statistics and the audit).
        // Runs still going keep theirs until they finish; retention empties them then.
        const std::pair<QString, QVariantList> statements[] = {
            {QStringLiteral("UPDATE webhook_deliveries SET body = ?, body_purged_at = ? WHERE "
                            "shop = ? AND shopify_order_id = ? AND body_purged_at IS NULL"),
             {QByteArray(""), now, shop, shopifyOrderId}},
            {QStringLiteral("UPDATE tasks SET input = '{}', result = NULL, purged_at = ? WHERE "
                            "state IN ('succeeded', 'dead', 'cancelled') AND workflow_run_id IN "
                            "(SELECT id FROM workflow_runs WHERE trigger_key = ? AND state IN "
                            "('succeeded', 'failed', 'cancelled'))"),
             {now, runKey}},
            {QStringLiteral("UPDATE workflow_steps SET input = NULL, output = NULL WHERE run_id "
                            "IN (SELECT id FROM workflow_runs WHERE trigger_key = ? AND state IN "
                            "('succeeded', 'failed', 'cancelled'))"),
             {runKey}},
            {QStringLiteral("UPDATE workflow_runs SET input = '{}', trigger_data = '{}', outputs "
                            "= NULL, purged_at = ? WHERE trigger_key = ? AND state IN "
                            "('succeeded', 'failed', 'cancelled')"),
             {now, runKey}},
        };
        for (const auto &[sql, binds] : statements)
            if (shopifyOrderId > 0 || !sql.contains(QLatin1String("webhook_deliveries")))
                if (auto q = exec(ctx.db(), sql, binds); !q)
                    return std::unexpected(q.error());
    }
    return erased;
}

DbResult<QList<qint64>> OrderRepository::orderIdsByShopifyIds(QSqlDatabase db, const QString &shop,
                                                              const QList<qint64> &shopifyIds) const
{
    QList<qint64> out;
    for (const qint64 sid : shopifyIds) {
        auto q = exec(
            db, QStringLiteral("SELECT id FROM orders WHERE shop = ? AND shopify_order_id = ?"),
            {shop, sid});
        if (!q)
            return std::unexpected(q.error());
        if (q->next())
            out << q->value(0).toLongLong();
    }
    return out;
}

} // namespace dc::storage
