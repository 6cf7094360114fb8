// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Admin API actions agents and workflows call as tasks (shopify.create_fulfillment,
// shopify.refund, ...): each checks its input, finds the shop's connection, calls Shopify's Admin
// API and records the shop's health. Apart from the webhook side: these are calls out to Shopify.
#include "shopify/shopifyclient.h"
#include "storage/store.h"

#include <QJsonObject>
#include <QStringList>

namespace dc::tasks {
class TaskManager;
struct TaskOutcome;
struct KindOptions;
} // namespace dc::tasks

namespace dc::shopify {

class ShopRegistry;

// A failed Admin API call as a task outcome: retried only when retrying can help.
tasks::TaskOutcome taskFailureFrom(const ApiError &e);
// A task input schema: an object with these properties, the named ones required.
QJsonObject taskInputSchema(const QStringList &required, const QJsonObject &properties);
// The backend's work on one shop (reconcile, connect, poll): input {"shop": domain}, at most
// `concurrency` at once, startable through the API with settings.manage (as the shop routes).
tasks::KindOptions shopTaskKind(const QString &description, int concurrency, qint64 timeoutMs);
// Queues such a task; a non-empty key makes one task of it (across instances).
storage::DbResult<qint64> enqueueShopTask(tasks::TaskManager &tasks, const QString &kind,
                                          const QString &domain, const QString &idempotencyKey);

class AdminApiActions
{
public:
    AdminApiActions(tasks::TaskManager &tasks, ShopRegistry &shops, ShopifyClient &client);
    // Registers the shopify.* action kinds (before the task manager starts).
    void registerTaskKinds();

private:
    // The input, and the task's key: what a call must do once however often its task is
    // retried (a refund) is marked with it.
    using Call = std::expected<QJsonObject, ApiError> (*)(ShopifyClient &, const ShopConnection &,
                                                          const QJsonObject &, const QString &);
    void registerAction(const QString &name, const QString &permission, const QString &description,
                        QStringList required, QJsonObject props, Call call);

    tasks::TaskManager &m_tasks;
    ShopRegistry &m_shops;
    ShopifyClient &m_client;
};

} // namespace dc::shopify
