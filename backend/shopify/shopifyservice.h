// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shopify: the shops (settings in the database, secrets in the secret store), the webhook
// receiver (verify, store durably, answer; process afterwards as a task), the Admin API agent
// actions, and the reconciliation that pulls orders updated since the last sync.
#include "shopify/shopifyclient.h"
#include "storage/store.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <deque>

namespace dc::security {
class FieldCipher;
class SecretStore;
} // namespace dc::security
namespace dc::events {
class EventBus;
}
namespace dc::tasks {
class TaskManager;
struct TaskOutcome;
} // namespace dc::tasks
namespace dc::storage {
class OrderRepository;
}
namespace dc::api {
class HttpFront;
}

namespace dc::shopify {

using storage::WriteContext;

struct Shop
{
    QString domain;
    QString apiVersion = QStringLiteral("2024-07");
    QString adminUrl;
    QString currency = QStringLiteral("EUR");
    bool active = true;
    QString health = QStringLiteral("unknown"); // ok, unauthorized, forbidden, unreachable...
    QString healthDetail;
    QDateTime healthCheckedAt;
    QDateTime lastReconciledAt;
    QDateTime reconciledThrough;
    int lastReconcileFound = 0;
    QString lastReconcileError;
    bool hasWebhookSecret = false;
    bool hasAccessToken = false;
    QJsonObject toJson() const;
};

// A refused webhook delivery the operator can see (kept in memory: a forger must not be able
// to fill the database).
struct Refusal
{
    QDateTime at;
    QString shop;
    QString topic;
    QString peer;
    int status = 0;
    QString reason;
};

class ShopifyService : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int reconcileMinutes = 15;     // 0: no scheduled reconciliation
        int firstSyncHours = 24;       // how far back the first reconciliation of a shop looks
        bool processDeliveries = true; // false: store deliveries, hold their processing
        // Deliveries triggered longer ago are refused: Shopify retries 8 times over 4 hours, so
        // an older one is a replay of a captured body.
        int webhookMaxAgeMinutes = 300;
        // How often deliveries left waiting (their receiver died) are looked for, and how old
        // they must be.
        int safetyIntervalMs = 30'000;
        int safetyAgeMs = 10'000;
        ShopifyClient::Options client;
    };
    ShopifyService(storage::Store &store, const security::FieldCipher &cipher,
                   security::SecretStore &secrets, events::EventBus &bus, tasks::TaskManager &tasks,
                   const storage::OrderRepository &orders, Options options);
    ~ShopifyService() override;

    // Loads shops and their secrets, registers the task kinds (before the task manager starts).
    std::expected<void, QString> start();
    // Reads the shops' secrets again (another instance changed one).
    std::expected<void, QString> reloadSecrets();
    void stop();
    void registerRoutes(api::HttpFront &front);

    // Creates or changes a shop; secrets given here go to the secret store, never the database.
    storage::DbResult<Shop> saveShop(const Shop &shop, const std::optional<QByteArray> &secret,
                                     const std::optional<QByteArray> &previousSecret,
                                     const std::optional<QByteArray> &accessToken);
    // Every shop, or (domain given) that one only.
    storage::DbResult<QList<Shop>> shops(QSqlDatabase db, const QString &domain = QString()) const;
    storage::DbResult<std::optional<Shop>> shop(QSqlDatabase db, const QString &domain) const;
    // Queues a reconciliation of the shop (deduplicated per shop and minute).
    storage::DbResult<qint64> requestReconcile(const QString &domain);

    ShopifyClient &client() { return m_client; }
    // The shop's API connection (its access token from the secret store).
    std::expected<ShopConnection, QString> connectionFor(const QString &domain) const;
    // A call's outcome, shown as the shop's connection health.
    void recordHealth(const QString &domain, const std::optional<ApiError> &error);
    QList<Refusal> refusals() const;
    quint64 refusedCount() const { return m_refused.load(); }

private:
    struct Secrets
    {
        QList<QByteArray> webhook; // current first, then the previous one during a rotation
        QByteArray accessToken;
    };
    void refuse(const QString &shop, const QString &topic, const QString &peer, int status,
                const QString &reason);
    QList<QByteArray> webhookSecretsFor(const QString &domain) const;
    void registerTaskKinds();
    struct PendingDelivery
    {
        qint64 id = 0;
        QString shop;
        QString topic;
        QJsonObject payload;
        QString openError;
    };
    // Processes the received deliveries in batches (a task; one at a time is queued).
    tasks::TaskOutcome drainDeliveries();
    void queueDrain();
    // One delivery inside the batch's transaction: upsert, publish, mark it processed. False
    // when another drain had already taken it.
    storage::DbResult<bool> processDelivery(WriteContext &w, const PendingDelivery &d);
    tasks::TaskOutcome reconcile(const QString &domain);
    // Upserts an order (and its customer) guarded by updated_at; publishes order.created or
    // order.updated. Returns the outcome kind name ("created", "updated", "stale").
    storage::DbResult<QString> ingestOrder(WriteContext &w, const struct IngestedOrder &in,
                                           const QString &correlation);
    void reconcileDue();

    storage::Store &m_store;
    const security::FieldCipher &m_cipher;
    security::SecretStore &m_secrets;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    const storage::OrderRepository &m_orders;
    Options m_options;
    ShopifyClient m_client;
    mutable QMutex m_lock; // guards m_shopSecrets, m_defaultSecret, m_refusals
    QHash<QString, Secrets> m_shopSecrets;
    QByteArray m_defaultSecret; // "shopify-secret" / DROPCREW_SHOPIFY_SECRET
    std::deque<Refusal> m_refusals;
    std::atomic<quint64> m_refused{0};
    std::atomic<bool> m_drainQueued{false};
    QTimer m_drainSafety; // queues a drain if deliveries wait (e.g. after a crash)
    QTimer m_reconcileTimer;
};

} // namespace dc::shopify
