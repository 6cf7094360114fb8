// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small helpers the built-in agents share.
#include "agents/agent.h"
#include "storage/orderrepository.h"
#include "storage/store.h"

namespace dc::agents {

// An id from an input object: a JSON number or a string of digits (schemas checked the form).
inline qint64 idOf(const QJsonObject &in, const char *name)
{
    const QJsonValue v = in.value(QLatin1String(name));
    return v.isString() ? v.toString().toLongLong() : v.toInteger();
}

inline std::unexpected<ActionFailure> storeFailure(const storage::DbError &e)
{
    return std::unexpected(ActionFailure{QStringLiteral("store"), e.message});
}

// The order, or the failure an action answers with (ORDER_NOT_FOUND, store).
inline std::expected<Order, ActionFailure> loadOrder(const storage::OrderRepository &orders,
                                                     storage::Store &store, qint64 id)
{
    auto o = orders.get(store.reader(), id);
    if (!o)
        return std::unexpected(ActionFailure{QStringLiteral("store"), o.error().message});
    if (!o->has_value())
        return std::unexpected(ActionFailure{QStringLiteral("ORDER_NOT_FOUND"),
                                             QStringLiteral("no order %1").arg(id)});
    return std::move(**o);
}

} // namespace dc::agents
