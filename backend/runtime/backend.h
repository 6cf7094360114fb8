// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The composition of the backend services, shared by the desktop app and --headless.
#include "api/httpfront.h"
#include "events/eventbus.h"
#include "runtime/config.h"
#include "security/fieldcipher.h"
#include "security/secretstore.h"
#include "storage/store.h"
#include "tasks/taskmanager.h"
#include "workflows/engine.h"

#include <QObject>
#include <memory>

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
    security::SecretStore &secrets() { return *m_secrets; }
    api::HttpFront &http() { return *m_http; }
    events::EventBus &events() { return *m_events; }
    tasks::TaskManager &tasks() { return *m_tasks; }
    workflows::WorkflowEngine &workflows() { return *m_workflows; }
    // Shipped definitions first, then the user's (which override by name).
    QStringList workflowFolders() const;

private:
    Backend() = default;
    void registerRoutes();
    void registerSystemAgent();

    Config m_config;
    std::unique_ptr<security::SecretStore> m_secrets;
    std::unique_ptr<storage::Store> m_store;
    std::unique_ptr<security::FieldCipher> m_cipher;
    std::unique_ptr<events::EventBus> m_events;
    std::unique_ptr<tasks::TaskManager> m_tasks;
    std::unique_ptr<workflows::WorkflowEngine> m_workflows;
    std::unique_ptr<api::HttpFront> m_http;
};

// Loads the field encryption key ring from the secret store, creating it on first start.
std::expected<security::FieldCipher, QString> loadOrCreateFieldKeys(security::SecretStore &secrets);

} // namespace dc::runtime
