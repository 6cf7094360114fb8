// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the suppliers perform, learnt from their supplier orders: the one computation behind the
// Data Analyzer's supplier_scores and delivery_estimate actions, GET /api/suppliers and GET
// /api/orders/{id}/supplier-orders, so that an action's figure is the figure the desktop shows.
#include "storage/store.h"

#include <QJsonObject>

#include <optional>

namespace dc::agents {

struct SupplierScore
{
    qint64 supplierId = 0;
    QString name;
    int orders = 0;    // supplier orders sent (every status but prepared), all time
    int failed = 0;    // failed or cancel_requested
    int delivered = 0; // with a placed and a delivered time
    double failureRate = 0;
    // Days from placed to delivered over the latest 1000 deliveries (nearest rank); nullopt
    // without any delivery.
    std::optional<double> p50Days, p90Days;
    // 0-100: 100 less the failures' share, less 2 points per median day beyond ten; nullopt
    // below the minimum of orders (one order is not a record).
    std::optional<double> score;
    int minOrders = 0;
    // {supplier_id, name, orders, failed, delivered, failure_rate, delivery_days_p50,
    // delivery_days_p90, score, min_orders}: rounded to two decimals, null when unknown.
    QJsonObject toJson() const;
};

// Every supplier (or only `onlySupplier`), by id.
storage::DbResult<QList<SupplierScore>> scoreSuppliers(QSqlDatabase db, int minOrders,
                                                       std::optional<qint64> onlySupplier = {});

struct DeliveryEstimate
{
    QString basis; // supplier+country, country or all: the narrowest with enough history
    int samples = 0;
    double p50Days = 0, p90Days = 0;
    // {basis, samples, p50_days, p90_days}
    QJsonObject toJson() const;
};

// Days to deliver to `country` from the latest 1000 deliveries of the supplier there (when
// supplierId > 0), else of anyone there, else of anyone anywhere: the first with 3 deliveries or
// more; nullopt when even everything has fewer.
storage::DbResult<std::optional<DeliveryEstimate>>
estimateDelivery(QSqlDatabase db, qint64 supplierId, const QString &country);

double roundTo2(double x);

} // namespace dc::agents
