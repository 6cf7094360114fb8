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

namespace dc::orders {
class OrderService;
}
namespace dc::api {
class HttpFront;

// /api/orders: list, one order, an order entered by hand, corrections.
void registerOrderRoutes(HttpFront &front, storage::Store &store,
                         const storage::OrderRepository &orders,
                         const orders::OrderService &service);

QJsonObject orderJson(const Order &o, bool full);
// The order as stored (with its Location header), or {id} if it cannot be read back.
QHttpServerResponse madeOrder(const storage::OrderRepository &orders, storage::Store &store,
                              qint64 id, QHttpServerResponse::StatusCode status);
QJsonObject shipmentJson(const Shipment &s);
// A strictly checked address object (unknown fields refused; country_code ISO alpha-2).
std::expected<std::optional<Address>, QHttpServerResponse> addressField(const QJsonObject &body,
                                                                        const QString &name);
} // namespace dc::api
