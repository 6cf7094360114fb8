// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/domain.h"

#include <QHttpServerResponse>
#include <QJsonObject>
#include <expected>
#include <optional>

namespace dc::storage {
class Store;
class OrderRepository;
} // namespace dc::storage
namespace dc::events {
class EventBus;
}
namespace dc::workflows {
class WorkflowEngine;
}

namespace dc::agents {
class OrderLifecycle;
}
namespace dc::api {
class HttpFront;

// /api/orders (list, get, manual create, correct, cancel, refund, process) and the GDPR erase
// of /api/customers/{id}/erase.
void registerOrderRoutes(HttpFront &front, storage::Store &store,
                         const storage::OrderRepository &orders, events::EventBus &bus,
                         workflows::WorkflowEngine &engine,
                         const agents::OrderLifecycle &lifecycle);

QJsonObject orderJson(const Order &o, bool full);
QJsonObject shipmentJson(const Shipment &s);
// A strictly checked address object (unknown fields refused; country_code ISO alpha-2).
std::expected<std::optional<Address>, QHttpServerResponse> addressField(const QJsonObject &body,
                                                                        const QString &name);
} // namespace dc::api
