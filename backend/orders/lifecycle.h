// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The order state machine. Every status change goes through transition(): it is checked
// against the allowed moves, written with its hold reason, audited in the same transaction,
// and published as order.updated (order.shipped too when the order ships).
//
//   received → validated → supplier_ordered → shipped → delivered
//   any open state → on_hold | failed | cancelled; on_hold and failed → back into the flow;
//   received, validated, on_hold, failed → shipped (fulfilled outside DropCrew);
//   shipped, delivered, cancelled → refunded. The README draws it with every trigger.
#include "core/domain.h"
#include "storage/store.h"

#include <QHash>

namespace dc::events {
class EventBus;
}
namespace dc::security {
class AuditLog;
}
namespace dc::storage {
class OrderRepository;
}

namespace dc::orders {

bool transitionAllowed(OrderStatus from, OrderStatus to);

class OrderLifecycle
{
public:
    OrderLifecycle(const storage::OrderRepository &orders, events::EventBus &bus,
                   security::AuditLog &audit)
        : m_orders(orders)
        , m_bus(bus)
        , m_audit(audit)
    {}

    // False when the order already has that status (nothing written). A move the state
    // machine forbids is a Conflict; no such order is NotFound.
    storage::DbResult<bool> transition(storage::WriteContext &ctx, qint64 orderId, OrderStatus to,
                                       const QString &reason, const QString &actor,
                                       const QJsonObject &detail = {}) const;
    // A validated order whose supplier orders were found at AliExpress after their answers were
    // lost (by a tracking pass, by an operator): supplier_ordered, as their placement would have
    // made it, once every one is placed without a problem. Otherwise (not validated any more,
    // one still unknown, unpaid, flagged...) nothing moves and false is returned.
    storage::DbResult<bool> orderedOnceAllPlaced(storage::WriteContext &ctx, qint64 orderId,
                                                 const QString &reason, const QString &actor) const;
    // An operator lets a low-margin order through: recorded, audited, back to validated.
    storage::DbResult<void> approveMargin(storage::WriteContext &ctx, qint64 orderId,
                                          const QString &actor) const;

    // An order entered by hand (the API's, a replacement): stored with its line items and
    // address, and order.created published as a Shopify order raises it (no personal data),
    // with `source` and `extra` in its data. Returns its id.
    storage::DbResult<qint64> enterOrder(storage::WriteContext &ctx, const Order &order,
                                         const QString &source,
                                         const QJsonObject &extra = {}) const;

    struct Replacement
    {
        qint64 orderId = 0;
        bool created = false; // false: the same key had already made it
    };
    // A parcel lost or broken: a new order for the same customer, address and items (or, by
    // line item id, the quantities given), paid and at no charge, approved by `actor` so its
    // zero margin is not held again. Named "<name>-R<n>"; the original's timeline gets
    // order.replaced, the new order order.created like any other, so the order workflow places
    // it. The same `key` for the same order gives the same replacement (a double click, a
    // retried request). Conflict unless something was sent (supplier ordered, shipped,
    // delivered); Invalid for an unknown line item or quantity.
    storage::DbResult<Replacement> replace(storage::WriteContext &ctx, qint64 orderId,
                                           const QHash<qint64, int> &quantities,
                                           const QString &reason, const QString &key,
                                           const QString &actor) const;

private:
    const storage::OrderRepository &m_orders;
    events::EventBus &m_bus;
    security::AuditLog &m_audit;
};

} // namespace dc::orders
