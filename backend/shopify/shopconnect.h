// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Connecting a shop: the token's scopes checked against the ones DropCrew needs
// (shopify/scopes.h), and the webhook subscriptions DropCrew needs (deliverytopics.h) listed,
// registered, repaired and removed through the Admin API at the shop's public URL. A shop with
// no public URL is polled instead (shopify/poller.h). Calls block: run on a task worker or a
// pool thread, never on the HTTP thread.
#include "core/error.h"
#include "shopify/shopifyclient.h"
#include "storage/store.h"

#include <QJsonObject>

namespace dc::tasks {
class TaskManager;
struct TaskOutcome;
} // namespace dc::tasks

namespace dc::shopify {

class ShopRegistry;
class ShopPoller;

class ShopConnector
{
public:
    ShopConnector(storage::Store &store, tasks::TaskManager &tasks, ShopRegistry &shops,
                  ShopifyClient &client, ShopPoller &poller);

    // Registers shopify.connect (before the task manager starts).
    void registerTaskKind();
    // Queues the connection of a shop whose token or public URL changed: scopes checked, then
    // webhooks registered (public URL) or a first polling pass.
    storage::DbResult<qint64> requestConnect(const QString &domain);

    // Reads the token's scopes, keeps them with the shop and records its health. The shop's
    // JSON, with `warnings` [{field: "scopes", reason}] naming what is missing and why.
    dc::Result<QJsonObject> checkScopes(const QString &domain);
    // What Shopify has against what DropCrew needs: {mode, webhook_url, topics: [{topic,
    // graphql_topic, why, status (ok, missing, wrong_url; polling without a public URL),
    // subscriptions}], other_subscriptions, privacy_topics, privacy_note}.
    dc::Result<QJsonObject> webhooks(const QString &domain);
    // Creates the missing subscriptions and points the ones pointing elsewhere at ours
    // (webhookSubscriptionUpdate). {created, updated, webhooks}. Conflict without a public URL.
    dc::Result<QJsonObject> repairWebhooks(const QString &domain);
    // Deletes the app's subscriptions to DropCrew's topics; how many.
    dc::Result<int> removeWebhooks(const QString &domain);

private:
    struct Context; // the shop, its connection and (when asked) Shopify's subscriptions
    dc::Result<Context> context(const QString &domain, bool withSubscriptions);
    QJsonObject report(const Context &c) const;
    tasks::TaskOutcome connect(const QString &domain);
    // Records the shop's health from a call's outcome; the error as the backend's.
    dc::Error failed(const QString &domain, const ApiError &e);

    storage::Store &m_store;
    tasks::TaskManager &m_tasks;
    ShopRegistry &m_shops;
    ShopifyClient &m_client;
    ShopPoller &m_poller;
};

} // namespace dc::shopify
