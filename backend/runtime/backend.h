// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The composition of the backend services, shared by the desktop app and --headless.
#include "agents/crew.h"
#include "api/gate.h"
#include "api/httpfront.h"
#include "api/metrics.h"
#include "events/eventbus.h"
#include "runtime/config.h"
#include "runtime/install.h"
#include "security/audit.h"
#include "security/auth.h"
#include "security/fieldcipher.h"
#include "security/secretstore.h"
#include "shopify/shopifyservice.h"
#include "storage/orderrepository.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/engine.h"

#include "storage/retention.h"

#include <QJsonObject>
#include <QObject>
#include <memory>

class QThreadPool;
class QTimer;

namespace dc::orders {
class OrderService;
}
namespace dc::catalog {
class OfferService;
class VariantMapping;
} // namespace dc::catalog
namespace dc::alerts {
class AlertService;
}
namespace dc::setup {
class SetupGuide;
}

namespace dc::runtime {

class Backend : public QObject
{
    Q_OBJECT
public:
    // Opens secrets, the database (with migrations) and the HTTP API. Every failure is one
    // readable sentence; nothing is left running when it fails.
    static std::expected<std::unique_ptr<Backend>, QString> start(const Config &config);
    ~Backend() override;

    // Stop accepting requests, let queued writes commit, close the database. Idempotent.
    void stop();

    const Config &config() const { return m_config; }
    QString listenUrl() const; // http://HOST:PORT with the real port
    storage::Store &store() { return *m_store; }
    const security::FieldCipher &cipher() const { return *m_cipher; }
    // Shared through the database (with the local store behind it for the field keys).
    security::SecretStore &secrets() { return *m_shared; }
    api::HttpFront &http() { return *m_http; }
    events::EventBus &events() { return *m_events; }
    tasks::TaskManager &tasks() { return *m_tasks; }
    workflows::WorkflowEngine &workflows() { return *m_workflows; }
    security::AuthService &auth() { return *m_auth; }
    security::AuditLog &audit() { return *m_audit; }
    api::ApiGate &gate() { return *m_gate; }
    shopify::ShopifyService &shopify() { return *m_shopify; }
    agents::Crew &crew() { return *m_crew; }
    alerts::AlertService &alerts() { return *m_alerts; }
    // Set when the first start created the admin user with a generated password.
    QString generatedAdminPassword() const { return m_generatedAdminPassword; }
    // Shipped definitions first, then the user's (which override by name).
    QStringList workflowFolders() const;
    // Empties personal payloads older than [privacy] retention_days as of nowMs (runs hourly).
    storage::DbResult<storage::PurgeCounts> applyRetention(qint64 nowMs);

private:
    Backend() = default;
    void registerRoutes();
    void registerSystemAgent();
    void followSharedChanges();

    Config m_config;
    std::unique_ptr<security::SecretStore> m_secrets;
    std::unique_ptr<storage::Store> m_store;
    std::unique_ptr<security::FieldCipher> m_cipher;
    std::unique_ptr<events::EventBus> m_events;
    std::unique_ptr<security::SecretStore> m_shared; // over m_secrets, m_store, m_cipher, m_events
    std::unique_ptr<tasks::TaskManager> m_tasks;
    std::unique_ptr<workflows::WorkflowEngine> m_workflows;
    std::unique_ptr<storage::OrderRepository> m_orders;
    std::unique_ptr<shopify::ShopifyService> m_shopify;
    std::unique_ptr<security::AuthService> m_auth;
    std::unique_ptr<security::AuditLog> m_audit;
    std::unique_ptr<alerts::AlertService> m_alerts;
    std::unique_ptr<agents::Crew> m_crew;
    std::unique_ptr<orders::OrderService> m_orderService;
    std::unique_ptr<catalog::OfferService> m_offers;
    std::unique_ptr<catalog::VariantMapping> m_mapping;
    std::unique_ptr<setup::SetupGuide> m_setup;
    api::HttpMetrics m_metrics;
    std::unique_ptr<security::SharedRateLimiter> m_sharedLimits;
    std::unique_ptr<api::ApiGate> m_gate;
    std::unique_ptr<api::HttpFront> m_http;
    QThreadPool *m_heavyReads = nullptr;     // owned by m_http
    QThreadPool *m_passwordWork = nullptr;   // owned by m_http
    QThreadPool *m_shopifyCalls = nullptr;   // owned by m_http
    QThreadPool *m_aliexpressWork = nullptr; // owned by m_http
    QTimer *m_tokenCheck = nullptr;          // keeps the AliExpress token fresh
    QString m_generatedAdminPassword;
    std::unique_ptr<events::LocalSubscription> m_sharedChanges;
};

// The secret store the configuration names (keychain or file), with DROPCREW_<NAME> overrides.
std::unique_ptr<security::SecretStore> makeSecretStore(const Config &config);
// `dropcrew audit verify`: prints one line; 0 intact, 1 broken, 2 cannot check.
int verifyAuditChain(const Config &config);

// Loads the field encryption key ring from the secret store, creating it on first start.
std::expected<security::FieldCipher, QString> loadOrCreateFieldKeys(security::SecretStore &secrets);

} // namespace dc::runtime
