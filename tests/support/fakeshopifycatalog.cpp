// SPDX-License-Identifier: GPL-3.0-or-later
// FakeShopify's catalog: generated products through pages and bulk operations, and the open
// orders a catalog import asks for.
#include "fakeshopify.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace dc::test {

namespace {

QString gidOf(const char *type, qint64 id)
{
    return QStringLiteral("gid://shopify/%1/%2").arg(QLatin1String(type)).arg(id);
}

// "variants(first: 25" -> 25; 0 when the query has no such connection.
int firstOf(const QString &query, const char *connection)
{
    const QRegularExpression re(QLatin1String(connection) + QStringLiteral("\\(first: (\\d+)"));
    return re.match(query).captured(1).toInt();
}

int cursorIndex(const QJsonValue &cursor)
{
    return cursor.toString().section(QLatin1Char('-'), -1).toInt();
}

QJsonObject pageInfo(bool more, int next, const char *prefix)
{
    return {{QStringLiteral("hasNextPage"), more},
            {QStringLiteral("endCursor"),
             QStringLiteral("%1-%2").arg(QLatin1String(prefix)).arg(next)}};
}

} // namespace

void FakeShopify::setCatalog(int products, int variants, int images, const QDateTime &updatedAt)
{
    QMutexLocker lock(&m_lock);
    m_catalog.products = products;
    m_catalog.variants = variants;
    m_catalog.images = images;
    m_catalog.updatedAt = updatedAt.toUTC();
}

void FakeShopify::setProductShape(int index, int variants, int images)
{
    QMutexLocker lock(&m_lock);
    m_catalog.shapes.insert(index, {variants, images});
}

void FakeShopify::throttleNextProductsPage()
{
    QMutexLocker lock(&m_lock);
    m_catalog.throttleNext = true;
}

int FakeShopify::maxRequestedCost() const
{
    QMutexLocker lock(&m_lock);
    return m_catalog.maxRequested;
}

int FakeShopify::bulkOperationsStarted() const
{
    QMutexLocker lock(&m_lock);
    return int(m_catalog.bulk.size());
}

void FakeShopify::setOrderCreated(qint64 id, const QDateTime &createdAt,
                                  const QString &fulfillmentStatus)
{
    QMutexLocker lock(&m_lock);
    QJsonObject o = m_orders.value(id);
    o.insert(QStringLiteral("createdAt"), createdAt.toUTC().toString(Qt::ISODate));
    o.insert(QStringLiteral("displayFulfillmentStatus"), fulfillmentStatus);
    m_orders.insert(id, o);
}

int FakeShopify::chargeFor(const QString &query, const QJsonObject &vars)
{
    // Shopify's requested cost: a connection is 2 + first × its node (pageInfo 1, an object 1,
    // scalars 0), nested connections multiplied.
    int cost = m_cost;
    if (query.contains(QLatin1String("products(first"))) {
        const int product =
            1 + (3 + firstOf(query, "images")) + (3 + 2 * firstOf(query, "variants"));
        cost = 3 + vars.value(QStringLiteral("first")).toInt(firstOf(query, "products")) * product;
        if (std::exchange(m_catalog.throttleNext, false))
            m_available = 0;
    } else if (query.contains(QLatin1String("product(id:"))) {
        cost = 4 + firstOf(query, "variants") * 2 + firstOf(query, "images");
    } else if (query.contains(QLatin1String("productsCount")) ||
               query.contains(QLatin1String("BulkOperation"))) {
        cost = 1;
    }
    m_catalog.maxRequested = std::max(m_catalog.maxRequested, cost);
    return cost;
}

QJsonArray FakeShopify::catalogChildren(int index, bool variants, int from, int count) const
{
    const auto shape = m_catalog.shapes.value(index, {m_catalog.variants, m_catalog.images});
    const int total = variants ? shape.first : shape.second;
    QJsonArray out;
    for (int k = from; k < std::min(total, from + count); ++k) {
        if (!variants) {
            out.append(QJsonObject{
                {QStringLiteral("id"), gidOf("ProductImage", 6'000'000'000LL + index * 1000LL + k)},
                {QStringLiteral("url"),
                 QStringLiteral("https://cdn.example.test/products/%1/%2.jpg").arg(index).arg(k)}});
            continue;
        }
        const qint64 price = catalogPriceMinor(index, k);
        out.append(QJsonObject{
            {QStringLiteral("id"), gidOf("ProductVariant", catalogVariantId(index, k))},
            {QStringLiteral("title"), QStringLiteral("Size %1").arg(k + 1)},
            {QStringLiteral("sku"), QStringLiteral("CAT-%1-%2").arg(index).arg(k)},
            {QStringLiteral("price"),
             QStringLiteral("%1.%2").arg(price / 100).arg(price % 100, 2, 10, QLatin1Char('0'))},
            {QStringLiteral("inventoryQuantity"), (index + k) % 40},
            {QStringLiteral("inventoryItem"),
             QJsonObject{{QStringLiteral("id"),
                          gidOf("InventoryItem", catalogInventoryItemId(index, k))}}}});
    }
    return out;
}

QJsonObject FakeShopify::catalogProduct(int index) const
{
    return {
        {QStringLiteral("id"), gidOf("Product", catalogProductId(index))},
        {QStringLiteral("title"), QStringLiteral("Catalog product %1").arg(index)},
        {QStringLiteral("vendor"), QStringLiteral("Lumen Works")},
        {QStringLiteral("status"),
         index % 10 == 9 ? QStringLiteral("DRAFT") : QStringLiteral("ACTIVE")},
        {QStringLiteral("updatedAt"), m_catalog.updatedAt.addSecs(index).toString(Qt::ISODate)}};
}

QJsonObject FakeShopify::bulkOperationJson(const CatalogState::Bulk &op) const
{
    const int n = int(op.id.section(QLatin1Char('/'), -1).toInt());
    const bool done = op.status == QLatin1String("COMPLETED");
    return {
        {QStringLiteral("id"), op.id},
        {QStringLiteral("status"), op.status},
        {QStringLiteral("query"), op.query},
        {QStringLiteral("errorCode"), QJsonValue()},
        // UnsignedInt64 counts are strings.
        {QStringLiteral("rootObjectCount"),
         QString::number(done ? m_catalog.products : m_catalog.products / 2)},
        {QStringLiteral("objectCount"), QStringLiteral("0")},
        {QStringLiteral("url"),
         done && m_catalog.products > 0
             ? QJsonValue(QStringLiteral("http://127.0.0.1:%1/bulk/%2.jsonl").arg(m_port).arg(n))
             : QJsonValue()}};
}

QByteArray FakeShopify::bulkJsonl() const
{
    QByteArray out;
    const auto line = [&out](const QJsonObject &o) {
        out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    };
    for (int i = 0; i < m_catalog.products; ++i)
        line(catalogProduct(i));
    // Ungrouped: children after all the products, each naming its parent.
    for (int i = m_catalog.products - 1; i >= 0; --i)
        for (bool variants : {true, false})
            for (const QJsonValue &c : catalogChildren(i, variants, 0, 1 << 20)) {
                QJsonObject child = c.toObject();
                child.insert(QStringLiteral("__parentId"), gidOf("Product", catalogProductId(i)));
                line(child);
            }
    return out;
}

QJsonObject FakeShopify::importOrders(const QString &search) const
{
    // "status:open fulfillment_status:unfulfilled created_at:>='2026-...'"
    const QDateTime since =
        QDateTime::fromString(search.section(QLatin1Char('\''), 1, 1), Qt::ISODate);
    QJsonArray nodes;
    for (const QJsonObject &o : std::as_const(m_orders))
        if (QDateTime::fromString(o.value(QStringLiteral("createdAt")).toString(), Qt::ISODate) >=
                since &&
            o.value(QStringLiteral("displayFulfillmentStatus")).toString() ==
                QLatin1String("UNFULFILLED") &&
            o.value(QStringLiteral("cancelledAt")).toString().isEmpty())
            nodes.append(o);
    return {{QStringLiteral("orders"),
             QJsonObject{{QStringLiteral("nodes"), nodes},
                         {QStringLiteral("pageInfo"),
                          QJsonObject{{QStringLiteral("hasNextPage"), false},
                                      {QStringLiteral("endCursor"), QJsonValue()}}}}}};
}

std::optional<QJsonObject> FakeShopify::dispatchCatalog(const QString &query,
                                                        const QJsonObject &vars)
{
    if (query.contains(QLatin1String("orders(first")) &&
        vars.value(QStringLiteral("q")).toString().contains(QLatin1String("created_at:>=")))
        return importOrders(vars.value(QStringLiteral("q")).toString());
    if (query.contains(QLatin1String("productsCount")))
        return QJsonObject{{QStringLiteral("productsCount"),
                            QJsonObject{{QStringLiteral("count"), m_catalog.products}}}};
    if (query.contains(QLatin1String("products(first"))) {
        const int first = vars.value(QStringLiteral("first")).toInt(firstOf(query, "products"));
        // Polling's "updated_at:>'…'": product i changed at updatedAt + i seconds.
        const QString search = vars.value(QStringLiteral("q")).toString();
        const QDateTime since =
            QDateTime::fromString(search.section(QLatin1Char('\''), 1, 1), Qt::ISODate);
        const int newer = search.startsWith(QLatin1String("updated_at:>")) && since.isValid()
                              ? int(std::clamp<qint64>(m_catalog.updatedAt.secsTo(since) + 1, 0,
                                                       m_catalog.products))
                              : 0;
        const int from = std::max(cursorIndex(vars.value(QStringLiteral("after"))), newer);
        const int to = std::min(m_catalog.products, from + first);
        const int variants = firstOf(query, "variants"), images = firstOf(query, "images");
        QJsonArray nodes;
        for (int i = from; i < to; ++i) {
            const auto shape = m_catalog.shapes.value(i, {m_catalog.variants, m_catalog.images});
            QJsonObject p = catalogProduct(i);
            p.insert(QStringLiteral("variants"),
                     QJsonObject{{QStringLiteral("nodes"), catalogChildren(i, true, 0, variants)},
                                 {QStringLiteral("pageInfo"),
                                  pageInfo(shape.first > variants, variants, "v")}});
            p.insert(QStringLiteral("images"),
                     QJsonObject{{QStringLiteral("nodes"), catalogChildren(i, false, 0, images)},
                                 {QStringLiteral("pageInfo"),
                                  pageInfo(shape.second > images, images, "i")}});
            nodes.append(p);
        }
        return QJsonObject{{QStringLiteral("products"),
                            QJsonObject{{QStringLiteral("nodes"), nodes},
                                        {QStringLiteral("pageInfo"),
                                         pageInfo(to < m_catalog.products, to, "p")}}}};
    }
    if (query.contains(QLatin1String("product(id:"))) {
        const int index = int(
            vars.value(QStringLiteral("id")).toString().section(QLatin1Char('/'), -1).toLongLong() -
            catalogProductId(0));
        const bool variants = query.contains(QLatin1String("variants(first"));
        const int first = firstOf(query, variants ? "variants" : "images");
        const int from = cursorIndex(vars.value(QStringLiteral("after")));
        const auto shape = m_catalog.shapes.value(index, {m_catalog.variants, m_catalog.images});
        const int total = variants ? shape.first : shape.second;
        return QJsonObject{
            {QStringLiteral("product"),
             QJsonObject{
                 {variants ? QStringLiteral("variants") : QStringLiteral("images"),
                  QJsonObject{
                      {QStringLiteral("nodes"), catalogChildren(index, variants, from, first)},
                      {QStringLiteral("pageInfo"),
                       pageInfo(from + first < total, from + first, variants ? "v" : "i")}}}}}};
    }
    if (query.contains(QLatin1String("bulkOperationRunQuery"))) {
        for (const CatalogState::Bulk &op : std::as_const(m_catalog.bulk))
            if (op.status == QLatin1String("CREATED") || op.status == QLatin1String("RUNNING"))
                return QJsonObject{
                    {QStringLiteral("bulkOperationRunQuery"),
                     QJsonObject{{QStringLiteral("bulkOperation"), QJsonValue()},
                                 {QStringLiteral("userErrors"),
                                  QJsonArray{QJsonObject{
                                      {QStringLiteral("message"),
                                       QStringLiteral("A bulk query operation for this app and "
                                                      "shop is already in progress")}}}}}}};
        m_catalog.bulk.append({gidOf("BulkOperation", m_catalog.bulk.size() + 1),
                               QStringLiteral("CREATED"),
                               vars.value(QStringLiteral("q")).toString(), 0});
        return QJsonObject{{QStringLiteral("bulkOperationRunQuery"),
                            QJsonObject{{QStringLiteral("bulkOperation"),
                                         bulkOperationJson(m_catalog.bulk.last())},
                                        {QStringLiteral("userErrors"), QJsonArray()}}}};
    }
    if (query.contains(QLatin1String("currentBulkOperation")))
        return QJsonObject{{QStringLiteral("currentBulkOperation"),
                            m_catalog.bulk.isEmpty()
                                ? QJsonValue()
                                : QJsonValue(bulkOperationJson(m_catalog.bulk.last()))}};
    const bool cancel = query.contains(QLatin1String("bulkOperationCancel"));
    if (cancel || query.contains(QLatin1String("on BulkOperation"))) {
        for (qsizetype n = 0; n < m_catalog.bulk.size(); ++n) {
            CatalogState::Bulk &op = m_catalog.bulk[n];
            if (op.id != vars.value(QStringLiteral("id")).toString())
                continue;
            if (cancel) {
                op.status = QStringLiteral("CANCELED");
                return QJsonObject{
                    {QStringLiteral("bulkOperationCancel"),
                     QJsonObject{{QStringLiteral("bulkOperation"), bulkOperationJson(op)},
                                 {QStringLiteral("userErrors"), QJsonArray()}}}};
            }
            // Shopify takes a while: running at the first poll, done at the second.
            if (op.status == QLatin1String("CREATED") || op.status == QLatin1String("RUNNING")) {
                op.status =
                    ++op.polls >= 2 ? QStringLiteral("COMPLETED") : QStringLiteral("RUNNING");
                if (op.status == QLatin1String("COMPLETED"))
                    m_catalog.files.insert(int(n + 1), bulkJsonl());
            }
            return QJsonObject{{QStringLiteral("node"), bulkOperationJson(op)}};
        }
        return QJsonObject{{QStringLiteral("node"), QJsonValue()}};
    }
    return std::nullopt;
}

} // namespace dc::test
