// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "events/eventbus.h"
// Remote agents: an agent written elsewhere (a CrewAI crew in Python, a script) registers a URL,
// a signing secret and its actions with their schemas and error codes. Its actions become task
// kinds like the built-in ones: listed in /api/agents, callable from workflows and the API.
//
// A call is POST <url> with {"agent","action","input","task_id","attempt","idempotency_key",
// "correlation_id"} and headers X-DropCrew-Timestamp (Unix seconds) and X-DropCrew-Signature
// ("sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)). The agent answers 200
// {"output": {...}} or an HTTP error with {"error": {"code", "message"}}; a declared code keeps
// its retryability, otherwise 5xx and no answer are retried and 4xx are not.
#include "agents/agent.h"

#include <QMutex>

namespace dc::security {
class SecretStore;
}

namespace dc::agents {

struct RemoteAgent
{
    QString name;
    QString url;
    QJsonArray actions; // [{name, description, input_schema, output_schema, errors}]
    int timeoutMs = 30'000;
    QDateTime createdAt, updatedAt;
    QJsonObject toJson() const;
};

class RemoteAgents
{
public:
    // bus: a saved or removed agent raises remote_agent.changed for the other instances.
    RemoteAgents(storage::Store &store, security::SecretStore &secrets, tasks::TaskManager &tasks,
                 events::EventBus &bus);

    // Registers the stored agents' actions.
    std::expected<void, QString> load();
    // Validates and saves (replacing its actions); the secret is required for a new agent.
    // Errors are "field: reason".
    std::expected<RemoteAgent, QString> save(const QString &name, const QJsonObject &body);
    storage::DbResult<bool> remove(const QString &name);
    // Registers the agent as stored now, or unregisters it when it is gone.
    void reload(const QString &name);
    storage::DbResult<QList<RemoteAgent>> list(QSqlDatabase db) const;

    static QByteArray signature(const QByteArray &secret, const QByteArray &timestamp,
                                const QByteArray &body);

private:
    void registerAgent(const RemoteAgent &a);
    void unregisterAgent(const QString &name);
    ActionResult call(const RemoteAgent &a, const QString &action,
                      const QList<ActionError> &declared, tasks::TaskContext &ctx);

    storage::Store &m_store;
    security::SecretStore &m_secrets;
    events::EventBus &m_bus;
    tasks::TaskManager &m_tasks;
    QMutex m_lock;
    QHash<QString, QStringList> m_kinds; // agent -> registered kinds
};

} // namespace dc::agents
