// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/orderlifecycle.h"

#include "events/eventbus.h"
#include "security/audit.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"

namespace dc::agents {

using S = OrderStatus;

bool transitionAllowed(OrderStatus from, OrderStatus to)
{
    if (from == to)
        return true;
    // Money can go back to the customer at any point; a refunded order is over.
    if (to == S::Refunded)
        return from != S::Refunded;
    switch (from) {
    case S::Received:
        return to == S::Validated || to == S::OnHold || to == S::Failed || to == S::Cancelled;
    case S::Validated:
        return to == S::SupplierOrdered || to == S::OnHold || to == S::Failed ||
               to == S::Cancelled || to == S::Received;
    case S::SupplierOrdered:
        return to == S::Shipped || to == S::OnHold || to == S::Failed || to == S::Cancelled;
    case S::Shipped:
        return to == S::Delivered || to == S::Refunded;
    case S::Delivered:
        return to == S::Refunded;
    case S::OnHold:
    case S::Failed:
        return to == S::Received || to == S::Validated || to == S::SupplierOrdered ||
               to == S::Cancelled || to == S::Failed || to == S::OnHold;
    case S::Cancelled:
        return to == S::Refunded;
    case S::Refunded:
        return false;
    }
    return false;
}

storage::DbResult<bool> OrderLifecycle::transition(storage::WriteContext &ctx, qint64 orderId,
                                                   OrderStatus to, const QString &reason,
                                                   const QString &actor,
                                                   const QJsonObject &detail) const
{
    auto cur = m_orders.get(ctx.db(), orderId);
    if (!cur)
        return std::unexpected(cur.error());
    if (!cur->has_value())
        return std::unexpected(storage::DbError{storage::DbError::Kind::NotFound,
                                                QStringLiteral("no order %1").arg(orderId)});
    const Order &o = **cur;
    const QString holdReason = to == S::OnHold || to == S::Failed ? reason : QString();
    if (o.status == to && o.holdReason == holdReason)
        return false;
    if (!transitionAllowed(o.status, to))
        return std::unexpected(
            storage::DbError{storage::DbError::Kind::Conflict,
                             QStringLiteral("order %1 cannot go from %2 to %3")
                                 .arg(orderId)
                                 .arg(orderStatusName(o.status), orderStatusName(to))});
    if (auto s = m_orders.setStatus(ctx, orderId, to, holdReason); !s)
        return std::unexpected(s.error());
    QJsonObject data = detail;
    data.insert(QStringLiteral("order_id"), orderId);
    data.insert(QStringLiteral("name"), o.name);
    data.insert(QStringLiteral("status"), orderStatusName(to));
    data.insert(QStringLiteral("previous_status"), orderStatusName(o.status));
    data.insert(QStringLiteral("reason"), reason);
    security::AuditEntry a;
    a.actor = actor;
    a.action = QStringLiteral("order.transition");
    a.target = QStringLiteral("order:%1").arg(orderId);
    a.detail = {{QStringLiteral("from"), orderStatusName(o.status)},
                {QStringLiteral("to"), orderStatusName(to)},
                {QStringLiteral("reason"), reason}};
    if (auto r = m_audit.append(ctx, a); !r)
        return std::unexpected(r.error());
    const QString key = QStringLiteral("order:%1").arg(orderId);
    const QString source = actor.section(QLatin1Char(':'), 0, 0);
    if (auto e = m_bus.append(ctx, events::EventDraft{QStringLiteral("order.updated"), data, key,
                                                      source, QString(), QString()});
        !e)
        return std::unexpected(e.error());
    if (to == S::Shipped)
        if (auto e = m_bus.append(ctx, events::EventDraft{QStringLiteral("order.shipped"), data,
                                                          key, source, QString(), QString()});
            !e)
            return std::unexpected(e.error());
    return true;
}

storage::DbResult<void> OrderLifecycle::approveMargin(storage::WriteContext &ctx, qint64 orderId,
                                                      const QString &actor) const
{
    auto cur = m_orders.get(ctx.db(), orderId);
    if (!cur)
        return std::unexpected(cur.error());
    if (!cur->has_value())
        return std::unexpected(storage::DbError{storage::DbError::Kind::NotFound,
                                                QStringLiteral("no order %1").arg(orderId)});
    if ((*cur)->status != S::OnHold || (*cur)->holdReason != QLatin1String("low_margin"))
        return std::unexpected(storage::DbError{
            storage::DbError::Kind::Conflict,
            QStringLiteral("order %1 is not held for a low margin (status %2%3)")
                .arg(orderId)
                .arg(orderStatusName((*cur)->status),
                     (*cur)->holdReason.isEmpty() ? QString()
                                                  : QStringLiteral(", ") + (*cur)->holdReason)});
    auto q = storage::exec(ctx.db(),
                           QStringLiteral("UPDATE orders SET margin_approved_by = ? WHERE id = ?"),
                           {actor, orderId});
    if (!q)
        return std::unexpected(q.error());
    auto t = transition(ctx, orderId, S::Validated, QStringLiteral("margin approved"), actor,
                        {{QStringLiteral("approved_by"), actor}});
    if (!t)
        return std::unexpected(t.error());
    return {};
}

} // namespace dc::agents
