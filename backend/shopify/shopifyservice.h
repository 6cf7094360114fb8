// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shopify as the rest of the backend sees it: composes its parts and starts them in order. The
// shop registry (shops, secrets, health), the webhook receiver (verify, store, answer), the
// delivery processor (each topic's work, as a task afterwards), the reconciliation (pulls the
// orders updated since the last sync), the Admin API actions (tasks that call Shopify), the
// catalog import, and connecting a shop (scopes, webhook subscriptions, or polling without a
// public URL).
#include "orders/ingestion.h"
#include "shopify/adminactions.h"
#include "shopify/catalogimport.h"
#include "shopify/deliveryprocessor.h"
#include "shopify/poller.h"
#include "shopify/reconciler.h"
#include "shopify/shopconnect.h"
#include "shopify/shopifyclient.h"
#include "shopify/shopregistry.h"
#include "shopify/webhookreceiver.h"

namespace dc::security {
class AuditLog;
class FieldCipher;
class SecretStore;
} // namespace dc::security

namespace dc::shopify {

class ShopifyService
{
public:
    struct Options
    {
        int reconcileMinutes = 15;     // 0: no scheduled reconciliation
        int pollSeconds = 60;          // shops without a public URL; 0: no polling
        QString publicUrl;             // of shops without their own; empty: none
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
        CatalogImport::Options catalogImport;
    };
    ShopifyService(storage::Store &store, const security::FieldCipher &cipher,
                   security::SecretStore &secrets, events::EventBus &bus, tasks::TaskManager &tasks,
                   const storage::OrderRepository &orders, security::AuditLog &audit,
                   Options options);
    ~ShopifyService();

    // Loads shops and their secrets, registers the task kinds (before the task manager starts).
    std::expected<void, QString> start();
    // Reads the shops' secrets again (another instance changed one).
    std::expected<void, QString> reloadSecrets() { return m_shops.reloadSecrets(); }
    void stop();

    ShopRegistry &shops() { return m_shops; }
    WebhookReceiver &receiver() { return m_receiver; }
    Reconciler &reconciler() { return m_reconciler; }
    CatalogImport &catalogImport() { return m_catalogImport; }
    ShopConnector &connector() { return m_connector; }
    ShopPoller &poller() { return m_poller; }
    ShopifyClient &client() { return m_client; }
    // The shop's API connection and health, for the agents that call the Admin API themselves.
    std::expected<ShopConnection, QString> connectionFor(const QString &domain) const
    {
        return m_shops.connectionFor(domain);
    }
    void recordHealth(const QString &domain, const std::optional<ApiError> &error)
    {
        m_shops.recordHealth(domain, error);
    }
    // The shop's primary location (where inventory is set when no location is named): asked of
    // Shopify once, then kept with the shop.
    std::expected<qint64, ApiError> primaryLocation(const ShopConnection &shop);

private:
    ShopifyClient m_client;
    ShopRegistry m_shops;
    orders::Ingestion m_ingestion;
    DeliveryProcessor m_processor;
    WebhookReceiver m_receiver;
    Reconciler m_reconciler;
    AdminApiActions m_actions;
    CatalogImport m_catalogImport;
    ShopPoller m_poller;
    ShopConnector m_connector;
};

} // namespace dc::shopify
