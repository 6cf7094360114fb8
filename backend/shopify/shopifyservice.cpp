// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/shopifyservice.h"

#include "core/logging.h"

namespace dc::shopify {

ShopifyService::ShopifyService(storage::Store &store, const security::FieldCipher &cipher,
                               security::SecretStore &secrets, events::EventBus &bus,
                               tasks::TaskManager &tasks, const storage::OrderRepository &orders,
                               security::AuditLog &audit, Options options)
    : m_client(options.client)
    , m_shops(store, secrets)
    , m_ingestion(orders, bus, audit)
    , m_processor(store, cipher, bus, tasks, orders, m_ingestion,
                  {options.processDeliveries, options.safetyIntervalMs, options.safetyAgeMs})
    , m_receiver(store, cipher, m_shops, m_processor, {options.webhookMaxAgeMinutes})
    , m_reconciler(store, bus, tasks, m_shops, m_client, m_ingestion,
                   {options.reconcileMinutes, options.firstSyncHours})
    , m_actions(tasks, m_shops, m_client)
    , m_catalogImport(store, bus, tasks, m_shops, m_client, m_ingestion, options.catalogImport)
    , m_poller(store, bus, tasks, m_shops, m_client, m_reconciler,
               {options.pollSeconds, options.firstSyncHours})
    , m_connector(store, tasks, m_shops, m_client, m_poller)
{
    m_shops.setDefaultPublicUrl(options.publicUrl);
}

ShopifyService::~ShopifyService()
{
    stop();
}

std::expected<void, QString> ShopifyService::start()
{
    if (auto r = m_shops.reloadSecrets(); !r)
        return r;
    m_processor.registerTaskKind();
    m_reconciler.registerTaskKind();
    m_actions.registerTaskKinds();
    m_catalogImport.registerTaskKind();
    m_poller.registerTaskKind();
    m_connector.registerTaskKind();
    // Deliveries stored but not processed (the app stopped or crashed) are drained at start.
    m_processor.start();
    m_reconciler.start();
    m_poller.start();
    return {};
}

std::expected<qint64, ApiError> ShopifyService::primaryLocation(const ShopConnection &shop)
{
    // A store that cannot be read or written costs a call to Shopify, never the answer.
    if (auto cached = m_shops.cachedPrimaryLocation(shop.domain); cached && *cached > 0)
        return *cached;
    auto id = m_client.primaryLocation(shop);
    m_shops.recordHealth(shop.domain, id ? std::nullopt : std::optional<ApiError>(id.error()));
    if (!id)
        return id;
    if (auto c = m_shops.cachePrimaryLocation(shop.domain, *id); !c)
        qCWarning(lcShopify) << "primary location of" << shop.domain
                             << "not kept:" << c.error().message;
    return id;
}

void ShopifyService::stop()
{
    m_poller.stop();
    m_reconciler.stop();
    m_processor.stop();
}

} // namespace dc::shopify
