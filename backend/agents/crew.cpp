// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/crew.h"

#include "security/secretstore.h"
#include "shopify/shopifyservice.h"

namespace dc::agents {

Crew::Crew(storage::Store &store, const storage::OrderRepository &orders, events::EventBus &bus,
           tasks::TaskManager &tasks, security::AuditLog &audit, security::SecretStore &secrets,
           shopify::ShopifyService &shopify, CrewSettings settings)
    : m_store(store)
    , m_orders(orders)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_secrets(secrets)
    , m_settings(std::move(settings))
{
    m_integrations = std::make_unique<Integrations>(secrets, m_settings.content);
    m_lifecycle = std::make_unique<orders::OrderLifecycle>(orders, bus, audit);
    aliexpress::AliExpressClient::Options ae;
    ae.url = m_settings.aliexpressUrl;
    ae.timeoutMs = m_settings.aliexpressTimeoutMs;
    m_aliexpress = std::make_unique<aliexpress::AliExpressClient>(
        ae, [&secrets] { return Integrations::loadCredentials(secrets); },
        [&secrets](const aliexpress::Credentials &c) {
            return Integrations::saveCredentials(secrets, c);
        });
    // An outage of either service holds the tasks that call it (tasks/circuits.h) instead of
    // spending their attempts; their clients say when it answers again.
    tasks::Circuits *circuits = &tasks.circuits(); // by pointer: the reporters outlive this
    circuits->bind(QStringLiteral("SUPPLIER_UNAVAILABLE"), QStringLiteral("aliexpress"));
    circuits->bind(QStringLiteral("SHOPIFY_UNAVAILABLE"), QStringLiteral("shopify"));
    const auto reporter = [circuits](const QString &name) {
        return [circuits, name](bool answered, const QString &error) {
            if (answered)
                circuits->answered(name);
            else
                circuits->unanswered(name, error);
        };
    };
    m_aliexpress->setReachObserver(reporter(QStringLiteral("aliexpress")));
    shopify.shops().setReachObserver(reporter(QStringLiteral("shopify")));
    m_orderManager = std::make_unique<OrderManager>(store, orders, bus, *m_lifecycle, *m_aliexpress,
                                                    m_settings.orderManager);
    m_mailer = std::make_unique<Mailer>(m_settings.smtp, [&secrets] {
        auto p = secrets.read(QStringLiteral("smtp-password"));
        return p && p->has_value() ? **p : QByteArray();
    });
    m_websiteBuilder = std::make_unique<WebsiteBuilder>(store, orders, shopify, *m_lifecycle,
                                                        *m_mailer, m_settings.smtp.language);
    m_dataAnalyzer = std::make_unique<DataAnalyzer>(store, bus, m_settings.orderManager,
                                                    m_settings.dataAnalyzer);
    Integrations *integrations = m_integrations.get();
    m_content = std::make_unique<ContentGenerator>(
        store, [integrations] { return integrations->llmSettings(); },
        [integrations] { return integrations->llmKey(); });
    m_remote = std::make_unique<RemoteAgents>(store, secrets, tasks, bus);
}

Crew::~Crew() = default;

std::expected<void, QString> Crew::start()
{
    m_orderManager->registerActions(m_tasks);
    m_websiteBuilder->registerActions(m_tasks);
    m_dataAnalyzer->registerActions(m_tasks);
    m_content->registerActions(m_tasks);
    if (auto r = m_remote->load(); !r)
        return std::unexpected(QStringLiteral("remote agents: ") + r.error());
    return m_orderManager->subscribe(m_tasks);
}

} // namespace dc::agents
