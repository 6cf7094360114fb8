// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/catalogfetch.h"

#include "core/blockinghttp.h"
#include "core/logging.h"
#include "core/urls.h"
#include "shopify/adminactions.h"
#include "tasks/task.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QThread>

namespace dc::shopify {

namespace {

const QString kVariantFields =
    QStringLiteral("id title sku price inventoryQuantity inventoryItem { id }");

// Bulk operations take edges/node and no page sizes; the same fields as a page.
const QString kBulkQuery = QStringLiteral(
    "{ products { edges { node { id title vendor status updatedAt images { edges { node { id url "
    "} } } variants { edges { node { id title sku price inventoryQuantity inventoryItem { id } } "
    "} } } } } }");

QString pagedQuery(bool search)
{
    return QStringLiteral("query($first: Int!, $after: String%4) { products(first: $first, after: "
                          "$after%5) { pageInfo { hasNextPage endCursor } nodes { id title vendor "
                          "status updatedAt images(first: %1) { pageInfo { hasNextPage endCursor "
                          "} nodes { url } } variants(first: %2) { pageInfo { hasNextPage "
                          "endCursor } nodes { %3 } } } } }")
        .arg(CatalogFetcher::kPageImages)
        .arg(CatalogFetcher::kPageVariants)
        .arg(kVariantFields)
        .arg(search ? QStringLiteral(", $q: String") : QString())
        .arg(search ? QStringLiteral(", query: $q, sortKey: UPDATED_AT") : QString());
}

FetchFailure failureOf(const ApiError &e)
{
    const tasks::TaskOutcome t = taskFailureFrom(e);
    return {t.errorCode, t.errorMessage, t.retryable, e};
}

FetchFailure cancelledFailure()
{
    return {QStringLiteral("cancelled"), QStringLiteral("the import was stopped"), false, {}};
}

// UnsignedInt64 counts come as strings.
qint64 countOf(const QJsonValue &v)
{
    return v.isString() ? v.toString().toLongLong() : v.toInteger();
}

QJsonObject member(const QJsonObject &o, const char *name)
{
    return o.value(QLatin1String(name)).toObject();
}

QString userErrors(const QJsonObject &payload)
{
    QStringList messages;
    for (const QJsonValue &e : payload.value(QStringLiteral("userErrors")).toArray())
        messages << e.toObject().value(QStringLiteral("message")).toString();
    return messages.join(QStringLiteral("; "));
}

} // namespace

CatalogFetcher::CatalogFetcher(ShopifyClient &client, ShopConnection shop, Options options,
                               std::function<bool()> cancelled)
    : m_client(client)
    , m_shop(std::move(shop))
    , m_options(options)
    , m_cancelled(std::move(cancelled))
{}

int CatalogFetcher::pageCost()
{
    // A connection costs 2 plus first × its node; pageInfo is an object (1), scalars are free.
    const int images = 2 + 1 + kPageImages;
    const int variants = 2 + 1 + kPageVariants * 2; // a variant and its inventoryItem
    return 2 + 1 + kPageProducts * (1 + images + variants);
}

bool CatalogFetcher::pause(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (m_cancelled())
            return false;
        QThread::msleep(ulong(std::min<qint64>(100, ms - t.elapsed())));
    }
    return !m_cancelled();
}

std::expected<QJsonObject, FetchFailure> CatalogFetcher::call(const QString &query,
                                                              const QJsonObject &vars, int cost)
{
    if (m_cancelled())
        return std::unexpected(cancelledFailure());
    auto data = m_client.call(m_shop, query, vars, cost);
    if (!data)
        return std::unexpected(failureOf(data.error()));
    return *data;
}

std::expected<int, FetchFailure> CatalogFetcher::productCount()
{
    auto data = call(QStringLiteral("query { productsCount { count } }"), {}, 1);
    if (!data)
        return std::unexpected(data.error());
    return int(countOf(member(*data, "productsCount").value(QStringLiteral("count"))));
}

std::expected<void, FetchFailure> CatalogFetcher::completeConnection(QJsonObject &product,
                                                                     const QString &connection)
{
    const bool variants = connection == QLatin1String("variants");
    QJsonObject conn = product.value(connection).toObject();
    QJsonArray nodes = conn.value(QStringLiteral("nodes")).toArray();
    QString after = member(conn, "pageInfo").value(QStringLiteral("endCursor")).toString();
    constexpr int kFirst = 250;
    const int cost = 1 + 2 + 1 + kFirst * (variants ? 2 : 1);
    const QString query =
        QStringLiteral("query($id: ID!, $after: String) { product(id: $id) { %1(first: %2, "
                       "after: $after) { pageInfo { hasNextPage endCursor } nodes { %3 } } } }")
            .arg(connection)
            .arg(kFirst)
            .arg(variants ? kVariantFields : QStringLiteral("url"));
    while (!after.isEmpty()) {
        auto data = call(query,
                         {{QStringLiteral("id"), product.value(QStringLiteral("id"))},
                          {QStringLiteral("after"), after}},
                         cost);
        if (!data)
            return std::unexpected(data.error());
        // A product deleted meanwhile answers null: what was read is stored.
        const QJsonObject page = member(*data, "product").value(connection).toObject();
        for (const QJsonValue &n : page.value(QStringLiteral("nodes")).toArray())
            nodes.append(n);
        const QJsonObject info = member(page, "pageInfo");
        after = info.value(QStringLiteral("hasNextPage")).toBool()
                    ? info.value(QStringLiteral("endCursor")).toString()
                    : QString();
    }
    conn.insert(QStringLiteral("nodes"), nodes);
    conn.insert(QStringLiteral("pageInfo"), QJsonObject{{QStringLiteral("hasNextPage"), false}});
    product.insert(connection, conn);
    return {};
}

std::expected<void, FetchFailure> CatalogFetcher::paged(int total, const Sink &sink,
                                                        const Progress &progress)
{
    QString cursor;
    int done = 0;
    for (;;) {
        QJsonObject vars{{QStringLiteral("first"), kPageProducts}};
        if (!cursor.isEmpty())
            vars.insert(QStringLiteral("after"), cursor);
        const bool search = !m_options.search.isEmpty();
        if (search)
            vars.insert(QStringLiteral("q"), m_options.search);
        auto data = call(pagedQuery(search), vars, pageCost());
        if (!data)
            return std::unexpected(data.error());
        const QJsonObject products = member(*data, "products");
        QList<QJsonObject> page;
        for (const QJsonValue &v : products.value(QStringLiteral("nodes")).toArray()) {
            QJsonObject p = v.toObject();
            for (const QString &c : {QStringLiteral("variants"), QStringLiteral("images")})
                if (member(member(p, c.toLatin1().constData()), "pageInfo")
                        .value(QStringLiteral("hasNextPage"))
                        .toBool())
                    if (auto more = completeConnection(p, c); !more)
                        return more;
            page << p;
        }
        if (auto stored = sink(page); !stored)
            return stored;
        done += int(page.size());
        progress(total > 0 ? std::min(1.0, double(done) / total) : 1.0,
                 QStringLiteral("%1 of %2 products").arg(done).arg(std::max(done, total)));
        const QJsonObject info = member(products, "pageInfo");
        cursor = info.value(QStringLiteral("endCursor")).toString();
        if (!info.value(QStringLiteral("hasNextPage")).toBool() || cursor.isEmpty())
            return {};
    }
}

std::expected<QString, FetchFailure> CatalogFetcher::startBulk()
{
    // Shopify runs one bulk query per shop and app: one this import started before (an attempt
    // that stopped half-way) is taken over rather than refused.
    auto current =
        call(QStringLiteral("query { currentBulkOperation { id status query } }"), {}, 1);
    if (!current)
        return std::unexpected(current.error());
    const QJsonObject op = member(*current, "currentBulkOperation");
    const QString status = op.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("CREATED") || status == QLatin1String("RUNNING")) {
        if (op.value(QStringLiteral("query")).toString().simplified() == kBulkQuery.simplified())
            return op.value(QStringLiteral("id")).toString();
        return std::unexpected(FetchFailure{
            QStringLiteral("bulk_busy"),
            QStringLiteral("another bulk query of this app runs on the shop; try again later"),
            true,
            {}});
    }
    auto run = call(QStringLiteral("mutation($q: String!) { bulkOperationRunQuery(query: $q) { "
                                   "bulkOperation { id status } userErrors { field message } } }"),
                    {{QStringLiteral("q"), kBulkQuery}}, 10);
    if (!run)
        return std::unexpected(run.error());
    const QJsonObject payload = member(*run, "bulkOperationRunQuery");
    const QString id = member(payload, "bulkOperation").value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return std::unexpected(
            FetchFailure{QStringLiteral("bulk_refused"),
                         QStringLiteral("Shopify refused the bulk query: ") + userErrors(payload),
                         true,
                         {}});
    return id;
}

std::expected<QString, FetchFailure> CatalogFetcher::awaitBulk(const QString &id, int total,
                                                               const Progress &progress)
{
    int wait = m_options.bulkPollFirstMs;
    for (;;) {
        if (!pause(wait)) {
            // Not left running for nothing; whatever Shopify answers, the import stops.
            (void)m_client.call(m_shop,
                                QStringLiteral("mutation($id: ID!) { bulkOperationCancel(id: $id) "
                                               "{ bulkOperation { id } userErrors { message } } }"),
                                {{QStringLiteral("id"), id}}, 10);
            return std::unexpected(cancelledFailure());
        }
        wait = std::min(wait * 3 / 2, m_options.bulkPollMaxMs);
        auto data = call(QStringLiteral("query($id: ID!) { node(id: $id) { ... on BulkOperation "
                                        "{ id status errorCode objectCount rootObjectCount url "
                                        "} } }"),
                         {{QStringLiteral("id"), id}}, 1);
        if (!data)
            return std::unexpected(data.error());
        const QJsonObject op = member(*data, "node");
        const QString status = op.value(QStringLiteral("status")).toString();
        if (status == QLatin1String("COMPLETED"))
            return op.value(QStringLiteral("url")).toString(); // null: nothing to read
        if (status != QLatin1String("CREATED") && status != QLatin1String("RUNNING")) {
            const QString code = op.value(QStringLiteral("errorCode")).toString();
            return std::unexpected(FetchFailure{
                QStringLiteral("bulk_failed"),
                QStringLiteral("the bulk operation ended %1 %2").arg(status, code).trimmed(),
                code != QLatin1String("ACCESS_DENIED"),
                {}});
        }
        const qint64 read = countOf(op.value(QStringLiteral("rootObjectCount")));
        progress(total > 0 ? 0.4 * std::min(1.0, double(read) / total) : 0.0,
                 QStringLiteral("Shopify has read %1 of %2 products").arg(read).arg(total));
    }
}

std::expected<void, FetchFailure> CatalogFetcher::bulk(int total, const Sink &sink,
                                                       const Progress &progress)
{
    auto id = startBulk();
    if (!id)
        return std::unexpected(id.error());
    progress(0, QStringLiteral("bulk operation started"));
    auto url = awaitBulk(*id, total, progress);
    if (!url)
        return std::unexpected(url.error());
    if (url->isEmpty()) { // a shop without products
        progress(1.0, QStringLiteral("no products"));
        return {};
    }
    // The file is on Shopify's storage, behind a signed URL: the access token does not go there.
    const QUrl where(*url);
    if (where.scheme() != QLatin1String("https") &&
        !(where.scheme() == QLatin1String("http") && isLoopbackHost(where)))
        return std::unexpected(FetchFailure{QStringLiteral("download"),
                                            QStringLiteral("the bulk file's URL is not https"),
                                            false,
                                            {}});
    progress(0.4, QStringLiteral("downloading the bulk file"));
    QTemporaryFile file;
    if (!file.open())
        return std::unexpected(
            FetchFailure{QStringLiteral("download"),
                         QStringLiteral("no temporary file: ") + file.errorString(),
                         true,
                         {}});
    QString error;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        file.resize(0);
        file.seek(0);
        QNetworkRequest req(where);
        req.setTransferTimeout(60'000);
        const BlockingReply r = blockingDownload(req, file, m_options.maxDownloadBytes);
        if (r.status == 200 && r.error == QNetworkReply::NoError) {
            error.clear();
            break;
        }
        error = r.status ? QStringLiteral("HTTP %1").arg(r.status) : r.errorString;
        if (r.tooLarge)
            return std::unexpected(FetchFailure{QStringLiteral("download"), error, false, {}});
        qCWarning(lcShopify).noquote() << m_shop.domain << "bulk file download failed:" << error;
        if (!pause(1000 * attempt))
            return std::unexpected(cancelledFailure());
    }
    if (!error.isEmpty())
        return std::unexpected(FetchFailure{
            QStringLiteral("download"), QStringLiteral("the bulk file: ") + error, true, {}});
    file.flush();
    file.seek(0);
    return readBulkFile(file, sink, progress);
}

std::expected<void, FetchFailure> CatalogFetcher::readBulkFile(QIODevice &file, const Sink &sink,
                                                               const Progress &progress)
{
    const auto bad = [](qint64 line) {
        return std::unexpected(
            FetchFailure{QStringLiteral("bulk_file"),
                         QStringLiteral("line %1 of the bulk file is not a JSON object").arg(line),
                         false,
                         {}});
    };
    // First where each line is: a product's, or a child's under its product's id.
    QList<qint64> products;
    QHash<QString, QList<qint64>> children;
    qint64 lineNo = 0;
    while (!file.atEnd()) {
        const qint64 at = file.pos();
        const QByteArray line = file.readLine();
        ++lineNo;
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject())
            return bad(lineNo);
        const QString parent = doc.object().value(QStringLiteral("__parentId")).toString();
        if (parent.isEmpty())
            products << at;
        else
            children[parent] << at;
    }
    const auto objectAt = [&file](qint64 at) {
        file.seek(at);
        return QJsonDocument::fromJson(file.readLine()).object();
    };
    // Then each product with its variants and images, in the shape of a page's node.
    QList<QJsonObject> batch;
    int done = 0;
    for (qsizetype i = 0; i < products.size(); ++i) {
        QJsonObject node = objectAt(products.at(i));
        QJsonArray variants, images;
        for (const qint64 c : children.value(node.value(QStringLiteral("id")).toString())) {
            QJsonObject child = objectAt(c);
            child.remove(QStringLiteral("__parentId"));
            if (child.value(QStringLiteral("id"))
                    .toString()
                    .contains(QLatin1String("/ProductVariant/")))
                variants.append(child);
            else if (child.contains(QStringLiteral("url")))
                images.append(child);
        }
        node.insert(QStringLiteral("variants"), QJsonObject{{QStringLiteral("nodes"), variants}});
        node.insert(QStringLiteral("images"), QJsonObject{{QStringLiteral("nodes"), images}});
        batch << node;
        if (batch.size() < m_options.batchSize && i + 1 < products.size())
            continue;
        if (m_cancelled())
            return std::unexpected(cancelledFailure());
        if (auto stored = sink(batch); !stored)
            return stored;
        done += int(batch.size());
        batch.clear();
        progress(0.4 + 0.6 * double(done) / double(products.size()),
                 QStringLiteral("%1 of %2 products").arg(done).arg(products.size()));
    }
    return {};
}

} // namespace dc::shopify
