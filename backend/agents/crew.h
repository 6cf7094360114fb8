// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The crew: every built-in agent, the remote agents, and what they share (the AliExpress client,
// the integrations' settings). Its actions are registered on the task manager; the HTTP routes
// about them live in api/.
#include "agents/contentgenerator.h"
#include "agents/dataanalyzer.h"
#include "agents/integrations.h"
#include "agents/ordermanager.h"
#include "agents/remoteagents.h"
#include "agents/websitebuilder.h"

namespace dc::security {
class AuditLog;
class SecretStore;
} // namespace dc::security

namespace dc::agents {

class Crew
{
public:
    Crew(storage::Store &store, const storage::OrderRepository &orders, events::EventBus &bus,
         tasks::TaskManager &tasks, security::AuditLog &audit, security::SecretStore &secrets,
         shopify::ShopifyService &shopify, CrewSettings settings);
    ~Crew();

    // Registers every action (before the task manager starts) and the event subscriptions.
    std::expected<void, QString> start();

    aliexpress::AliExpressClient &aliexpress() { return *m_aliexpress; }
    RemoteAgents &remote() { return *m_remote; }
    const orders::OrderLifecycle &lifecycle() const { return *m_lifecycle; }
    Integrations &integrations() { return *m_integrations; }
    const CallHealth &contentHealth() const { return m_content->health(); }

private:
    storage::Store &m_store;
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    security::SecretStore &m_secrets;
    CrewSettings m_settings;
    std::unique_ptr<Integrations> m_integrations;
    std::unique_ptr<orders::OrderLifecycle> m_lifecycle;
    std::unique_ptr<aliexpress::AliExpressClient> m_aliexpress;
    std::unique_ptr<OrderManager> m_orderManager;
    std::unique_ptr<Mailer> m_mailer;
    std::unique_ptr<WebsiteBuilder> m_websiteBuilder;
    std::unique_ptr<DataAnalyzer> m_dataAnalyzer;
    std::unique_ptr<ContentGenerator> m_content;
    std::unique_ptr<RemoteAgents> m_remote;
};

} // namespace dc::agents
