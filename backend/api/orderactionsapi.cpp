// SPDX-License-Identifier: GPL-3.0-or-later
// What operators do to an order beyond reading and correcting it: cancel, refund, replace,
// approve a low margin, process and retry through the order workflow; and what was done for it
// (its supplier orders, its workflow runs). The rules are the order domain's (OrderService);
// this file parses requests and answers.
#include "api/orderactionsapi.h"

#include "agents/supplierscores.h"
#include "api/httpfront.h"
#include "api/ordersapi.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "core/jsonschema.h"
#include "orders/orderservice.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "storage/supplierorderrepository.h"
#include "workflows/engine.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace dc::api {

namespace {

using Status = QHttpServerResponse::StatusCode;

QHttpServerResponse requestEnd(RequestContext &ctx, OrderStatus to,
                               const orders::OrderService &service,
                               const storage::OrderRepository &orders, storage::Store &store)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    const QJsonObject &body = ctx.body; // empty without a body
    auto reason = stringField(body, QStringLiteral("reason"), 500);
    if (!reason)
        return std::move(reason.error());
    ctx.auditDetail.insert(QStringLiteral("reason"), reason->value_or(QString()));
    if (auto done =
            service.requestEnd(id, to, reason->value_or(QString()), ctx.principal.subject());
        !done)
        return errorResponse(done.error());
    auto o = orders.get(store.reader(), id);
    if (!o || !o->has_value())
        return notFound(QStringLiteral("no order %1").arg(id));
    return json(orderJson(**o, true), Status::Accepted);
}

// {reason, key?, line_items?: [{id, quantity}]}; members of a line beyond those are ignored.
QJsonObject replacementSchema()
{
    const QJsonObject line =
        schema::object({{QStringLiteral("id"), schema::integer(1)},
                        {QStringLiteral("quantity"), schema::integer(1, 10'000)}},
                       {QStringLiteral("id"), QStringLiteral("quantity")}, true);
    return schema::object({{QStringLiteral("reason"), schema::string(500, {}, 1)},
                           {QStringLiteral("key"), schema::nullable(schema::string(200))},
                           {QStringLiteral("line_items"), schema::array(line)}},
                          {QStringLiteral("reason")});
}

QHttpServerResponse replaceOrder(RequestContext &ctx, const orders::OrderService &service,
                                 const storage::OrderRepository &orders, storage::Store &store)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    const QJsonObject &body = ctx.body;
    auto reason = stringField(body, QStringLiteral("reason"), 500);
    if (!reason)
        return std::move(reason.error());
    if (!reason->has_value() || (*reason)->trimmed().isEmpty())
        return invalidField(QStringLiteral("reason"),
                            QStringLiteral("required: why the order is sent again"));
    auto key = stringField(body, QStringLiteral("key"), 200);
    if (!key)
        return std::move(key.error());
    QHash<qint64, int> quantities;
    const QJsonValue linesValue = body.value(QStringLiteral("line_items"));
    if (!linesValue.isUndefined() && !linesValue.isArray())
        return invalidField(QStringLiteral("line_items"),
                            QStringLiteral("an array of {id, quantity}"));
    const QJsonArray lines = linesValue.toArray();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString at = QStringLiteral("line_items[%1]").arg(i);
        const QJsonObject li = lines.at(i).toObject();
        auto lineId = intField(li, QStringLiteral("id"), 1, INT64_MAX);
        auto qty = intField(li, QStringLiteral("quantity"), 1, 10'000);
        if (!lineId || !lineId->has_value())
            return invalidField(at + QStringLiteral(".id"),
                                QStringLiteral("required: a line item id of the order"));
        if (!qty || !qty->has_value())
            return invalidField(at + QStringLiteral(".quantity"),
                                QStringLiteral("required: an integer from 1 to 10000"));
        if (quantities.contains(**lineId))
            return invalidField(at + QStringLiteral(".id"), QStringLiteral("listed twice"));
        quantities.insert(**lineId, int(**qty));
    }
    ctx.auditDetail.insert(QStringLiteral("reason"), **reason);
    auto done = service.replace(id, quantities, (*reason)->trimmed(), key->value_or(QString()),
                                ctx.principal.subject());
    if (!done)
        return errorResponse(done.error());
    ctx.auditDetail.insert(QStringLiteral("replacement_id"), done->orderId);
    return madeOrder(orders, store, done->orderId, done->created ? Status::Created : Status::Ok);
}

QHttpServerResponse approveMargin(RequestContext &ctx, const orders::OrderService &service)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    auto retried = service.approveMargin(id, ctx.principal.subject());
    if (!retried)
        return errorResponse(retried.error());
    QJsonArray runs;
    for (qint64 run : *retried)
        runs.append(run);
    return json({{QStringLiteral("order_id"), id},
                 {QStringLiteral("status"), QStringLiteral("validated")},
                 {QStringLiteral("approved_by"), ctx.principal.subject()},
                 {QStringLiteral("retried_runs"), runs}});
}

QHttpServerResponse processOrder(RequestContext &ctx, const orders::OrderService &service)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    auto started = service.process(id);
    if (!started)
        return errorResponse(started.error());
    return json(
        {{QStringLiteral("run_id"), started->runId}, {QStringLiteral("created"), started->created}},
        Status::Accepted);
}

QHttpServerResponse orderRuns(RequestContext &ctx, const orders::OrderService &service,
                              workflows::WorkflowEngine &engine, storage::Store &store)
{
    const qint64 id = ctx.intParam(0);
    auto ids = service.runIds(id, false);
    if (!ids)
        return errorResponse(ids.error());
    QSqlDatabase db = store.reader();
    QJsonArray runs;
    for (qint64 runId : *ids) {
        auto run = engine.run(db, runId);
        if (!run)
            return errorResponse(run.error());
        if (run->has_value())
            runs.append(visiblePayloads((*run)->toJson(), ctx.principal));
    }
    return json({{QStringLiteral("runs"), runs}});
}

QHttpServerResponse retryOrder(RequestContext &ctx, const orders::OrderService &service)
{
    const qint64 id = ctx.intParam(0);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    auto r = service.retryLatestFailed(id);
    if (!r)
        return errorResponse(r.error());
    return json(r->toJson(), Status::Accepted);
}

QHttpServerResponse retrySupplierPayment(RequestContext &ctx, const orders::OrderService &service)
{
    const qint64 id = ctx.intParam(0);
    const qint64 soid = ctx.intParam(1);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    ctx.auditDetail.insert(QStringLiteral("supplier_order"), soid);
    auto r = service.retrySupplierPayment(id, soid, ctx.principal.subject());
    if (!r)
        return errorResponse(r.error());
    ctx.auditDetail.insert(QStringLiteral("out_order_id"), r->outOrderId);
    return json({{QStringLiteral("order_id"), id},
                 {QStringLiteral("supplier_order"), r->supplierOrder},
                 {QStringLiteral("out_order_id"), r->outOrderId},
                 {QStringLiteral("closed_supplier_order_id"), r->closedSupplierOrderId},
                 {QStringLiteral("task_id"), r->taskId}},
                Status::Accepted);
}

// {supplier_order_id} found in the AliExpress buyer account, or {not_placed: true}.
QHttpServerResponse resolveUnconfirmed(RequestContext &ctx, const orders::OrderService &service)
{
    const qint64 id = ctx.intParam(0);
    const qint64 soid = ctx.intParam(1);
    ctx.auditTarget = QStringLiteral("order:%1").arg(id);
    ctx.auditDetail.insert(QStringLiteral("supplier_order"), soid);
    auto found = stringField(ctx.body, QStringLiteral("supplier_order_id"), 64);
    if (!found)
        return std::move(found.error());
    const QJsonValue notPlaced = ctx.body.value(QStringLiteral("not_placed"));
    if (!notPlaced.isUndefined() && !notPlaced.isBool())
        return invalidField(QStringLiteral("not_placed"), QStringLiteral("a boolean"));
    const QString aeId = found->value_or(QString()).trimmed();
    if (aeId.isEmpty() == !notPlaced.toBool())
        return invalidField(aeId.isEmpty() ? QStringLiteral("supplier_order_id")
                                           : QStringLiteral("not_placed"),
                            QStringLiteral("either the AliExpress order id found in the buyer "
                                           "account, or not_placed: true"));
    static const QRegularExpression digits(QStringLiteral("^[0-9]{6,30}$"));
    if (!aeId.isEmpty() && !digits.match(aeId).hasMatch())
        return invalidField(QStringLiteral("supplier_order_id"),
                            QStringLiteral("an AliExpress order id: 6 to 30 digits"));
    auto r = service.resolveUnconfirmed(
        id, soid, aeId.isEmpty() ? std::nullopt : std::optional<QString>(aeId),
        ctx.principal.subject());
    if (!r)
        return errorResponse(r.error());
    ctx.auditDetail.insert(QStringLiteral("resolution"),
                           aeId.isEmpty() ? QStringLiteral("not_placed") : aeId);
    QJsonObject out = r->supplierOrder.toJson();
    out.insert(QStringLiteral("task_id"), r->taskId ? QJsonValue(r->taskId) : QJsonValue());
    return json(out);
}

// Each with what the Data Analyzer learnt of its supplier: the score, and when it should
// arrive (placed, or else created, plus the median and the 90th percentile of delivery days to
// the order's country).
QHttpServerResponse supplierOrders(qint64 id, storage::Store &store, int minOrdersForScore)
{
    QSqlDatabase db = store.reader();
    auto l = storage::SupplierOrderRepository().forOrder(db, id);
    if (!l)
        return errorResponse(l.error());
    QString country;
    if (!l->isEmpty()) {
        auto c = storage::exec(
            db, QStringLiteral("SELECT shipping_country FROM orders WHERE id = ?"), {id});
        if (!c)
            return errorResponse(c.error());
        country = c->next() ? c->value(0).toString().toUpper() : QString();
    }
    QJsonArray out;
    for (const SupplierOrder &so : *l) {
        QJsonObject o = so.toJson();
        auto score = agents::scoreSuppliers(db, minOrdersForScore, so.supplierId);
        if (!score)
            return errorResponse(score.error());
        o.insert(QStringLiteral("supplier_score"),
                 score->isEmpty() ? QJsonValue()
                                  : score->first().toJson().value(QStringLiteral("score")));
        auto estimate = agents::estimateDelivery(db, so.supplierId, country);
        if (!estimate)
            return errorResponse(estimate.error());
        const QDateTime from = so.placedAt.isValid() ? so.placedAt : so.createdAt;
        if (estimate->has_value() && from.isValid()) {
            const auto after = [&](double days) {
                return from.addMSecs(qint64(std::llround(days * 86'400'000.0)))
                    .toUTC()
                    .toString(Qt::ISODateWithMs);
            };
            QJsonObject e = (*estimate)->toJson();
            e.insert(QStringLiteral("expected_at"), after((*estimate)->p50Days));
            e.insert(QStringLiteral("latest_at"), after((*estimate)->p90Days));
            e.insert(QStringLiteral("from"), so.placedAt.isValid() ? QStringLiteral("placed_at")
                                                                   : QStringLiteral("created_at"));
            o.insert(QStringLiteral("estimated_delivery_at"),
                     e.value(QStringLiteral("expected_at")));
            o.insert(QStringLiteral("delivery_estimate"), e);
        } else {
            o.insert(QStringLiteral("estimated_delivery_at"), QJsonValue());
            o.insert(QStringLiteral("delivery_estimate"), QJsonValue());
        }
        out.append(o);
    }
    return json({{QStringLiteral("supplier_orders"), out}});
}

} // namespace

void registerOrderActionRoutes(HttpFront &front, storage::Store &store,
                               const storage::OrderRepository &orders,
                               const orders::OrderService &service,
                               workflows::WorkflowEngine &engine, int minOrdersForScore,
                               QThreadPool &heavyReads)
{
    Router &r = front.router();
    for (auto [verb, status] : {std::pair{QStringLiteral("cancel"), OrderStatus::Cancelled},
                                std::pair{QStringLiteral("refund"), OrderStatus::Refunded}}) {
        r.route({.method = Method::Post,
                 .pattern = QStringLiteral("/api/orders/{id:int}/") + verb,
                 .permission = QStringLiteral("orders.sensitive"),
                 .summary = verb == QLatin1String("cancel")
                                ? QStringLiteral("Cancel an order {reason}")
                                : QStringLiteral("Refund an order {reason}"),
                 .tag = QStringLiteral("orders"),
                 .maxBodyBytes = 4096,
                 .sensitive = true,
                 .requestBody = schema::object(
                     {{QStringLiteral("reason"), schema::nullable(schema::string(500))}}),
                 .body = BodyKind::OptionalJson},
                [&service, &orders, &store, status](RequestContext &ctx) {
                    return requestEnd(ctx, status, service, orders, store);
                });
    }

    // A lost or broken parcel: the same items again, at no charge, to the same address.
    // Sensitive (it costs a supplier order); `key` makes a repeated request give the same
    // replacement.
    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/orders/{id:int}/replace"),
         .permission = QStringLiteral("orders.sensitive"),
         .summary = QStringLiteral(
             "Send a replacement {reason, key?, line_items?: [{id, quantity}]}: a new paid order "
             "at no charge for the same customer, address and items (or those listed), named "
             "<name>-R<n>; 201 with it (200 when the key already made it)"),
         .tag = QStringLiteral("orders"),
         .maxBodyBytes = 16 * 1024,
         .sensitive = true,
         .requestBody = replacementSchema()},
        [&service, &orders, &store](RequestContext &ctx) {
            return replaceOrder(ctx, service, orders, store);
        });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/approve"),
             .permission = QStringLiteral("orders.sensitive"),
             .summary = QStringLiteral("Approve a low-margin order: it leaves on_hold and its "
                                       "failed order workflow resumes"),
             .tag = QStringLiteral("orders"),
             .maxBodyBytes = 1024,
             .sensitive = true,
             .body = BodyKind::None},
            [&service](RequestContext &ctx) { return approveMargin(ctx, service); });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders/{id:int}/supplier-orders"),
             .permission = QStringLiteral("orders.read"),
             .summary = QStringLiteral(
                 "The order's supplier orders (out_order_id, supplier id, status, lines, cost), "
                 "each with its supplier's 0-100 score (supplier_score, null below the minimum "
                 "of orders) and when it should arrive: estimated_delivery_at (placed_at, or "
                 "created_at before it is placed, plus the median delivery days) and "
                 "delivery_estimate {basis: supplier+country, country or all, the narrowest "
                 "with 3 deliveries, samples, p50_days, p90_days, expected_at, latest_at, from}; "
                 "both null without that history"),
             .tag = QStringLiteral("orders")},
            [&front, &store, minOrdersForScore, &heavyReads](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                // Scores and estimates read the suppliers' deliveries: off the HTTP thread.
                return respondFromPool(front, heavyReads, ctx, [&store, id, minOrdersForScore] {
                    return supplierOrders(id, store, minOrdersForScore);
                });
            });

    // AliExpress's dropshipping API cannot pay an order again (orders/supplierretry.cpp): a
    // retry places a new supplier order once the unpaid one is closed, hence sensitive.
    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/api/orders/{id:int}/supplier-orders/{soid:int}/retry-payment"),
         .permission = QStringLiteral("orders.sensitive"),
         .summary = QStringLiteral(
             "Retry a supplier order whose AliExpress payment failed: once AliExpress has "
             "closed the unpaid order, a new supplier order is placed (new out_order_id; "
             "202 with the task placing it); 409 while it is still open and unpaid (pay it "
             "in AliExpress: the API has no pay call), when its problem is not a payment, or "
             "when Shopify cancelled the order after its supplier order"),
         .tag = QStringLiteral("orders"),
         .maxBodyBytes = 1024,
         .sensitive = true,
         .body = BodyKind::None},
        [&service](RequestContext &ctx) { return retrySupplierPayment(ctx, service); });

    // The supplier_order_unconfirmed alert's way out: what the buyer account shows.
    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/supplier-orders/{soid:int}/resolve"),
             .permission = QStringLiteral("orders.sensitive"),
             .summary = QStringLiteral(
                 "Record what the AliExpress buyer account shows of a supplier order asked for "
                 "without an answer (submitting, or flagged cancel_requested since): "
                 "{supplier_order_id} found (recorded; a validated order whose supplier orders are "
                 "then all placed moves to supplier_ordered) or {not_placed: true} (placed again "
                 "by a queued submit_to_supplier, task_id, when its order is still validated; "
                 "otherwise failed, or cancelled when flagged); 200 with the supplier order, 409 "
                 "when it is not waiting for an answer, while a run of the order is running, or "
                 "when the AliExpress id is another supplier order's"),
             .tag = QStringLiteral("orders"),
             .maxBodyBytes = 1024,
             .sensitive = true,
             .requestBody =
                 schema::object({{QStringLiteral("supplier_order_id"), schema::string(30, {}, 6)},
                                 {QStringLiteral("not_placed"), schema::boolean()}}),
             .body = BodyKind::Json},
            [&service](RequestContext &ctx) { return resolveUnconfirmed(ctx, service); });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/process"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Run order_processing_workflow for this order (once)"),
             .tag = QStringLiteral("orders"),
             .body = BodyKind::None},
            [&service](RequestContext &ctx) { return processOrder(ctx, service); });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/orders/{id:int}/runs"),
             .permission = QStringLiteral("workflows.read"),
             .summary = QStringLiteral("The workflow runs started for this order, with their "
                                       "steps, oldest first"),
             .tag = QStringLiteral("orders")},
            [&service, &engine, &store](RequestContext &ctx) {
                return orderRuns(ctx, service, engine, store);
            });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/orders/{id:int}/retry"),
             .permission = QStringLiteral("workflows.run"),
             .summary = QStringLiteral("Retry the order's latest failed workflow run from its "
                                       "failed step (409 when none failed)"),
             .tag = QStringLiteral("orders"),
             .body = BodyKind::None},
            [&service](RequestContext &ctx) { return retryOrder(ctx, service); });
}

} // namespace dc::api
