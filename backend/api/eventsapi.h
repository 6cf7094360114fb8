// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::events {
class EventBus;
}
namespace dc::api {
class HttpFront;
// /api/events (publish, history), /api/events/stream (WebSocket), /api/subscriptions.
void registerEventRoutes(HttpFront &front, events::EventBus &bus);
} // namespace dc::api
