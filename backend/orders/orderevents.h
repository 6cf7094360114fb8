// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What order.created, order.updated and the order workflow's trigger carry: ids and amounts,
// never personal data. The seed's workflow reads trigger.data.order_id and
// trigger.data.line_items[*].product_id.
#include "core/domain.h"

#include <QJsonObject>

namespace dc::orders {

QJsonObject orderEventData(const Order &o, qint64 orderId);

} // namespace dc::orders
