// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/domain.h"

#include <array>
#include <utility>

namespace dc {

namespace {
constexpr std::array<std::pair<OrderStatus, const char *>, 9> kOrderStatusNames{{
    {OrderStatus::Received, "received"},
    {OrderStatus::Validated, "validated"},
    {OrderStatus::SupplierOrdered, "supplier_ordered"},
    {OrderStatus::Shipped, "shipped"},
    {OrderStatus::Delivered, "delivered"},
    {OrderStatus::OnHold, "on_hold"},
    {OrderStatus::Failed, "failed"},
    {OrderStatus::Cancelled, "cancelled"},
    {OrderStatus::Refunded, "refunded"},
}};
} // namespace

QString orderStatusName(OrderStatus s)
{
    for (const auto &[v, n] : kOrderStatusNames)
        if (v == s)
            return QString::fromLatin1(n);
    Q_UNREACHABLE();
    return {};
}

std::optional<OrderStatus> orderStatusFromString(const QString &s)
{
    for (const auto &[v, n] : kOrderStatusNames)
        if (s == QLatin1String(n))
            return v;
    return std::nullopt;
}

QJsonObject Address::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("address1"), address1},
                       {QStringLiteral("address2"), address2},
                       {QStringLiteral("city"), city},
                       {QStringLiteral("province"), province},
                       {QStringLiteral("zip"), zip},
                       {QStringLiteral("country_code"), countryCode},
                       {QStringLiteral("phone"), phone}};
}

Address Address::fromJson(const QJsonObject &o)
{
    Address a;
    a.name = o.value(QStringLiteral("name")).toString();
    a.address1 = o.value(QStringLiteral("address1")).toString();
    a.address2 = o.value(QStringLiteral("address2")).toString();
    a.city = o.value(QStringLiteral("city")).toString();
    a.province = o.value(QStringLiteral("province")).toString();
    a.zip = o.value(QStringLiteral("zip")).toString();
    a.countryCode = o.value(QStringLiteral("country_code")).toString();
    a.phone = o.value(QStringLiteral("phone")).toString();
    return a;
}

} // namespace dc

namespace dc {

QJsonObject SupplierOrder::toJson() const
{
    const auto iso = [](const QDateTime &t) {
        return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    return {{QStringLiteral("id"), id},
            {QStringLiteral("order_id"), orderId},
            {QStringLiteral("supplier_id"), supplierId},
            {QStringLiteral("out_order_id"), outOrderId},
            {QStringLiteral("supplier_order_id"), supplierOrderId},
            {QStringLiteral("status"), status},
            {QStringLiteral("lines"), lines},
            {QStringLiteral("currency"), cost.currency},
            {QStringLiteral("cost_minor"), cost.minor},
            {QStringLiteral("shipping_minor"), shipping.minor},
            {QStringLiteral("error"), error},
            {QStringLiteral("supplier_status"), supplierStatus},
            {QStringLiteral("problem"), problem},
            {QStringLiteral("last_error"), lastError},
            {QStringLiteral("attempts"), attempts},
            {QStringLiteral("checked_at"), iso(checkedAt)},
            {QStringLiteral("placed_at"), iso(placedAt)},
            {QStringLiteral("shipped_at"), iso(shippedAt)},
            {QStringLiteral("delivered_at"), iso(deliveredAt)},
            {QStringLiteral("created_at"), iso(createdAt)},
            {QStringLiteral("updated_at"), iso(updatedAt)}};
}

} // namespace dc
