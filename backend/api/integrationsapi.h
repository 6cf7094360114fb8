// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::agents {
class Crew;
class RemoteAgents;
} // namespace dc::agents
namespace dc::storage {
class Store;
}
namespace dc::api {
class HttpFront;
// /api/integrations/aliexpress and /api/integrations/llm (GET, PUT).
void registerIntegrationRoutes(HttpFront &front, agents::Crew &crew);
// /api/remote-agents (list) and /api/remote-agents/{name} (register or change, remove).
void registerRemoteAgentRoutes(HttpFront &front, agents::RemoteAgents &remote,
                               storage::Store &store);
} // namespace dc::api
