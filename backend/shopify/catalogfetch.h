// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading a shop's whole catalog through the Admin API, in one of two ways, handing the product
// nodes (GraphQL Product nodes with their variants and images, the shape productFromGraphQL()
// reads) to a sink a batch at a time:
// - paged: products(first, after) with their first variants and images nested, and the rest of
//   a product's variants or images asked for apart. The page is as large as the single-query
//   cost limit (1,000 points) allows, since nested connections multiply the requested cost; the
//   client waits for the bucket (extensions.cost.throttleStatus) and after a THROTTLED answer.
// - bulk: bulkOperationRunQuery, its status polled until COMPLETED, the JSONL at its url
//   downloaded to a temporary file (no credentials go with it) and put together again: a line
//   with a __parentId is a variant or an image of that product, wherever it is in the file
//   (newer API versions do not group children under their parent).
// Apart from the import task (catalogimport.h), which stores what the sink receives.
#include "shopify/shopifyclient.h"

#include <QIODevice>
#include <QJsonObject>
#include <QList>

#include <expected>
#include <functional>

namespace dc::shopify {

struct FetchFailure
{
    QString code; // shopify_<kind> for the Admin API's errors, bulk_failed, download, store, ...
    QString message;
    bool retryable = true;
    std::optional<ApiError> api; // when the Admin API refused or was unreachable
};

class CatalogFetcher
{
public:
    struct Options
    {
        qint64 maxDownloadBytes = 8LL << 30;
        int bulkPollFirstMs = 500; // then 1.5 times longer each poll, up to bulkPollMaxMs
        int bulkPollMaxMs = 10'000;
        int batchSize = 100; // products handed to the sink at once from a bulk file
        // paged(): only the products matching this search ("updated_at:>'…'", polling), oldest
        // update first; empty: every product.
        QString search;
    };
    using Sink = std::function<std::expected<void, FetchFailure>(const QList<QJsonObject> &)>;
    // fraction: of the products' part (0 to 1), with what is happening.
    using Progress = std::function<void(double fraction, const QString &message)>;

    CatalogFetcher(ShopifyClient &client, ShopConnection shop, Options options,
                   std::function<bool()> cancelled);

    // productsCount (Shopify counts exactly up to 10,000, then says "at least").
    std::expected<int, FetchFailure> productCount();
    // `total` (from productCount) only scales the progress.
    std::expected<void, FetchFailure> paged(int total, const Sink &sink, const Progress &progress);
    std::expected<void, FetchFailure> bulk(int total, const Sink &sink, const Progress &progress);

    // The paged query's sizes, and what Shopify charges for it before running it (the most it
    // may cost): 2 + first × (the node's cost) for each connection, nested ones multiplied.
    static constexpr int kPageProducts = 15;
    static constexpr int kPageVariants = 25;
    static constexpr int kPageImages = 5;
    static int pageCost();

private:
    std::expected<QJsonObject, FetchFailure> call(const QString &query, const QJsonObject &vars,
                                                  int cost);
    // The rest of a product's variants or images, appended to its node.
    std::expected<void, FetchFailure> completeConnection(QJsonObject &product,
                                                         const QString &connection);
    std::expected<QString, FetchFailure> startBulk();
    // Polls until the operation ends; its JSONL url (empty: no product at all).
    std::expected<QString, FetchFailure> awaitBulk(const QString &id, int total,
                                                   const Progress &progress);
    std::expected<void, FetchFailure> readBulkFile(QIODevice &file, const Sink &sink,
                                                   const Progress &progress);
    // Sleeps in small steps; false when cancelled meanwhile.
    bool pause(int ms);

    ShopifyClient &m_client;
    ShopConnection m_shop;
    Options m_options;
    std::function<bool()> m_cancelled;
};

} // namespace dc::shopify
