// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/topics.h"

namespace dc::events::topics {

namespace {

using L = QLatin1StringView;

const QList<FieldDoc> kOrderIdName = {
    {L("order_id"), L("integer"), L("the order's id")},
    {L("name"), L("string"), L("the order's name (\"#1076\", \"#1076-R1\")")},
};

// What order.created and a Shopify order.updated carry besides (orders/orderevents.h): ids and
// amounts, never personal data.
const QList<FieldDoc> kOrderRest = {
    {L("shop"), L("string"), L("the shop's domain")},
    {L("shopify_order_id"), L("string"), L("Shopify's order id, in decimal")},
    {L("financial_status"), L("string"), L("Shopify's financial status (\"paid\", ...)")},
    {L("fulfillment_status"), L("string"), L("Shopify's fulfillment status")},
    {L("currency"), L("string"), L("ISO 4217 code of the amounts")},
    {L("total_minor"), L("integer"), L("the order's total, in minor units")},
    {L("shipping_country"), L("string"), L("ISO 3166 code of the destination")},
    {L("line_items"), L("array"),
     L("{product_id, variant_id (Shopify's ids), sku, quantity, unit_price_minor} per line")},
};

// A status change of the order state machine (orders/lifecycle.cpp).
const QList<FieldDoc> kTransition =
    kOrderIdName +
    QList<FieldDoc>{
        {L("status"), L("string"), L("the new status (status changes only)")},
        {L("previous_status"), L("string"), L("the status before (status changes only)")},
        {L("reason"), L("string"), L("why, in words (status changes only)")},
    };

// A variant's supplier stock against the threshold (agents/offerstock.cpp).
const QList<FieldDoc> kStockLevel = {
    {L("product_id"), L("integer"), L("the product")},
    {L("variant_id"), L("integer"), L("the variant")},
    {L("sku"), L("string"), L("its SKU")},
    {L("stock"), L("integer"), L("the largest stock of its active suppliers")},
    {L("threshold"), L("integer"), L("the threshold (stock_alert_threshold)")},
    {L("alerted_at"), L("string"),
     L("when the shortage was first seen (ISO 8601, UTC): one per shortage")},
};

const QList<FieldDoc> kShippedBy = {
    {L("carrier"), L("string"), L("the shipment's carrier (marked shipped by the Order Manager)")},
    {L("tracking_number"), L("string"), L("its tracking number (same)")},
    {L("tracking_url"), L("string"), L("where to follow it (same)")},
};

const QList<FieldDoc> kEndRequest = {
    {L("order_id"), L("integer"), L("the order's id")},
    {L("previous_status"), L("string"), L("its status when asked")},
    {L("reason"), L("string"), L("the operator's reason")},
};

const QList<FieldDoc> kSupplierOrders = {
    {L("supplier_orders"), L("array"),
     L("{out_order_id, supplier_order_id, status} per supplier order placed or being placed "
       "(status submitting, supplier_order_id empty: asked for, no answer seen)")},
};

const QList<FieldDoc> kProduct = {
    {L("product_id"), L("integer"), L("the product's id")},
    {L("shopify_product_id"), L("string"), L("Shopify's product id, in decimal")},
    {L("shop"), L("string"), L("the shop's domain")},
    {L("title"), L("string"), L("the product's title")},
    {L("variants"), L("array"),
     L("{variant_id (Shopify's, a string), sku, price_minor, inventory_quantity} per variant")},
};

const QList<FieldDoc> kPrivacy = {
    {L("request_id"), L("integer"), L("the recorded privacy request")},
    {L("shop"), L("string"), L("the shop's domain")},
    {L("customer_ids"), L("array"), L("the customers (our ids) it concerns; may be empty")},
    {L("state"), L("string"), L("\"no_data\", \"done\" or \"ready\" (an export to fetch)")},
};

const QList<FieldDoc> kName = {{L("name"), L("string"), L("the name of what changed")}};

const QList<FieldDoc> kRun = {{L("run_id"), L("integer"), L("the workflow run")}};
const QList<FieldDoc> kRunOf = kRun + QList<FieldDoc>{
                                          {L("workflow"), L("string"), L("the workflow's name")},
                                      };
const QList<FieldDoc> kStep = kRunOf + QList<FieldDoc>{{L("step"), L("string"), L("the step")}};

const QList<FieldDoc> kTask = {
    {L("task_id"), L("integer"), L("the task")},
    {L("kind"), L("string"), L("its kind (\"order_manager.validate_order\", ...)")},
    {L("state"), L("string"), L("its state after the change")},
    {L("attempt"), L("integer"), L("attempts so far")},
    {L("priority"), L("integer"), L("its priority")},
    {L("workflow_run_id"), L("integer"), L("the run it is a step of (workflow steps only)")},
    {L("step"), L("string"), L("that step's name (workflow steps only)")},
    {L("error"), L("string"), L("the last error (when it has one)")},
    {L("error_code"), L("string"), L("its machine code (same)")},
};

// alert.raised (alerts/alertservice.cpp): what the alert says, never personal data.
const QList<FieldDoc> kAlert = {
    {L("alert_id"), L("integer"), L("the alert")},
    {L("rule"), L("string"), L("the rule that raised it (\"order_held\", ...)")},
    {L("severity"), L("string"), L("\"warning\" or \"critical\"")},
    {L("subject"), L("string"), L("one line for people")},
    {L("text"), L("string"), L("severity and subject, for Slack-compatible webhooks")},
    {L("order_id"), L("integer"), L("the order it is about, when there is one")},
    {L("detail"), L("object"), L("the rule's own fields (ids, reasons, thresholds)")},
    {L("channels"), L("array"), L("the rule's channels (\"email\", \"webhook\")")},
    {L("first_at"), L("string"), L("when it was raised (ISO 8601, UTC)")},
};

QList<TopicDoc> build()
{
    return {
        {kOrderCreated, L("shopify, orders"),
         L("an order arrived from Shopify (webhook or reconciliation) or was entered through the "
           "API"),
         kOrderIdName + kOrderRest +
             QList<FieldDoc>{
                 {L("source"), L("string"), L("\"manual\" or \"replacement\" (API entries only)")},
                 {L("replaces_order_id"), L("integer"),
                  L("the replaced order (replacements only)")},
                 {L("reason"), L("string"), L("why it was replaced (replacements only)")},
             }},
        {kOrderReceived, L("orders"),
         L("an order from Shopify was stored for the first time (with order.created)"),
         kOrderIdName +
             QList<FieldDoc>{
                 {L("shop"), L("string"), L("the shop's domain")},
                 {L("status"), L("string"), L("its status once stored")},
             }},
        {kOrderUpdated, L("shopify, orders"),
         L("Shopify changed an order (the fields of order.created) or its status changed"),
         kTransition + kShippedBy +
             QList<FieldDoc>{
                 {L("approved_by"), L("string"), L("who approved a low margin (approvals only)")},
                 {L("detail"), L("string"), L("what put it on hold (Order Manager holds only)")},
                 {L("supplier_orders"), L("array"), L("the supplier orders (when placed only)")},
                 {L("amount_minor"), L("integer"), L("refunded on Shopify (Website Builder only)")},
                 {L("stop_processing"), L("boolean"),
                  L("true when the move stops the order's running workflow runs (cancelled, "
                    "fulfilled elsewhere, cancelled in Shopify after the supplier order)")},
             } +
             kOrderRest},
        {kOrderShipped, L("orders"), L("an order became shipped (with order.updated)"),
         kTransition + kShippedBy},
        {kOrderReplaced,
         L("orders"),
         L("a replacement order was entered for an order"),
         {{L("order_id"), L("integer"), L("the replaced order")},
          {L("replacement_id"), L("integer"), L("the new order")},
          {L("replacement_name"), L("string"), L("its name (\"#1076-R1\")")},
          {L("reason"), L("string"), L("the operator's reason")},
          {L("key"), L("string"), L("the caller's idempotency key")},
          {L("by"), L("string"), L("who asked")}}},
        {kOrderCancelRequested, L("orders"), L("an operator cancelled an order"), kEndRequest},
        {kOrderRefundRequested, L("orders"), L("an operator asked for a refund"), kEndRequest},
        {kOrderReleased, L("orders"),
         L("a held order can go on (paid in Shopify after a not_paid hold): its processing "
           "resumes"),
         kOrderIdName +
             QList<FieldDoc>{
                 {L("hold_reason"), L("string"), L("the hold it left")},
             }},
        {kOrderCancelledAfterSupplier, L("orders"),
         L("Shopify cancelled, refunded or deleted an order whose supplier order was placed: an "
           "operator must cancel it at the supplier (the order is held, store_cancelled)"),
         kOrderIdName + kSupplierOrders +
             QList<FieldDoc>{
                 {L("reason"), L("string"), L("what Shopify did (\"cancelled in Shopify\", ...)")},
             }},
        {kOrderChangedAfterSupplier, L("orders"),
         L("Shopify changed an order's address or lines after its supplier order was placed"),
         kOrderIdName + kSupplierOrders +
             QList<FieldDoc>{
                 {L("changes"), L("array"), L("\"shipping_address\" and/or \"line_items\"")},
             }},
        {kOrderEditedInStore, L("shopify"),
         L("an orders/edited webhook named a known order (the edit itself comes with "
           "orders/updated)"),
         kOrderIdName +
             QList<FieldDoc>{
                 {L("added"), L("integer"), L("line items the edit added")},
                 {L("removed"), L("integer"), L("line items the edit removed")},
             }},
        {kOrderRefundedInStore, L("shopify"),
         L("a refunds/create webhook named a known order (its status follows orders/updated)"),
         kOrderIdName +
             QList<FieldDoc>{
                 {L("refund_id"), L("string"), L("Shopify's refund id, in decimal")},
                 {L("amount_minor"), L("integer"),
                  L("the refund's successful transactions, in minor units")},
                 {L("currency"), L("string"), L("ISO 4217 code of the amount")},
             }},
        {kOrderSupplierProblem,
         L("agents (Order Manager)"),
         L("a supplier order went wrong at AliExpress (read by tracking sync, or a failed "
           "automatic payment when it was placed); once per change of the supplier order's "
           "status or problem"),
         {{L("order_id"), L("integer"), L("the order")},
          {L("order_name"), L("string"), L("its name (\"#1076\")")},
          {L("supplier_order"), L("integer"),
           L("our supplier order's id (the {soid} of /api/orders/{id}/supplier-orders/{soid})")},
          {L("supplier_order_id"), L("string"), L("AliExpress's order id")},
          {L("out_order_id"), L("string"), L("our reference sent to AliExpress (out_order_id)")},
          {L("problem"), L("string"),
           L("supplier_cancelled (closed or being cancelled at AliExpress before it shipped), "
             "payment_failed (not paid, or closed unpaid), risk_control (held or closed by "
             "AliExpress's risk control), address_incomplete (AliExpress waits for a complete "
             "address)")},
          {L("detail"), L("string"), L("what happened and what the operator can do, in words")},
          {L("retryable"), L("boolean"),
           L("true when the operator can retry through DropCrew (retry_path)")},
          {L("retry_path"), L("string"),
           L("POST it to place a new supplier order (orders.sensitive); accepted once AliExpress "
             "has closed the unpaid order (supplier_status closed); empty when not retryable")},
          {L("supplier_status"), L("string"),
           L("AliExpress's order_status (PLACE_ORDER_SUCCESS, RISK_CONTROL_HOLD, IN_CANCEL, "
             "FINISH, ...)")},
          {L("end_reason"), L("string"), L("AliExpress's end_reason of a closed order, if any")},
          {L("status"), L("string"),
           L("the supplier order's status now (payment_failed, risk_control, "
             "address_incomplete, cancelling, closed)")},
          {L("order_status"), L("string"), L("the order's status after this (on_hold, ...)")},
          {L("hold_reason"), L("string"),
           L("supplier_cancelled, supplier_payment_failed, supplier_risk_control or "
             "supplier_address_incomplete when the order was held; empty when it could not be "
             "(already shipped, cancelled)")}}},
        {kShipmentCreated,
         L("agents (Order Manager)"),
         L("tracking sync found a new shipment of a supplier order"),
         {{L("order_id"), L("integer"), L("the order")},
          {L("shipment_id"), L("integer"), L("the shipment")},
          {L("supplier_order_id"), L("string"), L("AliExpress's order id")},
          {L("carrier"), L("string"), L("the carrier")},
          {L("tracking_number"), L("string"), L("the tracking number")},
          {L("tracking_url"), L("string"), L("where to follow it")}}},
        {kProductCreated, L("shopify"),
         L("a product webhook or the catalog import brought a new product"), kProduct},
        {kProductUpdated, L("shopify"),
         L("a product webhook or the catalog import changed a product"), kProduct},
        {kProductStockAlert, L("agents (Order Manager)"),
         L("a variant's best supplier stock fell below the threshold (once until it recovers)"),
         kStockLevel},
        {kProductStockRestored, L("agents (Order Manager)"),
         L("a variant's best supplier stock is back at or above the threshold after an alert"),
         kStockLevel},
        {kPriceChanged,
         L("agents (Data Analyzer)"),
         L("a supplier offer's cost moved by more than the threshold since last seen"),
         {{L("offer_id"), L("integer"), L("the supplier offer")},
          {L("variant_id"), L("integer"), L("its variant")},
          {L("product_id"), L("integer"), L("its product")},
          {L("supplier_id"), L("integer"), L("its supplier")},
          {L("old_cost_minor"), L("integer"), L("the cost last seen, in minor units")},
          {L("new_cost_minor"), L("integer"), L("the cost now")},
          {L("change_percent"), L("number"), L("the change, in percent (2 decimals)")},
          {L("currency"), L("string"), L("ISO 4217 code of the amounts")},
          {L("price_minor"), L("integer"), L("the variant's selling price")},
          {L("suggested_price_minor"), L("integer"), L("the price that keeps its margin rate")}}},
        {kStockUpdated,
         L("shopify"),
         L("an inventory level webhook set a stock level"),
         {{L("shop"), L("string"), L("the shop's domain")},
          {L("inventory_item_id"), L("string"), L("Shopify's inventory item id, in decimal")},
          {L("location_id"), L("string"), L("Shopify's location id, in decimal")},
          {L("available"), L("integer"), L("the quantity available")},
          {L("variant_ids"), L("array"), L("the variants (our ids) updated")}}},
        {kCatalogOfferChanged,
         L("catalog"),
         L("a supplier offer was mapped to a variant or chosen"),
         {{L("variant_id"), L("integer"), L("the variant")},
          {L("offer_id"), L("integer"), L("the offer")}}},
        {kShopUninstalled,
         L("shopify"),
         L("a shop uninstalled the app"),
         {{L("shop"), L("string"), L("the shop's domain")}}},
        {kShopifyReconciled,
         L("shopify"),
         L("a reconciliation pass over a shop's orders ended"),
         {{L("shop"), L("string"), L("the shop's domain")},
          {L("seen"), L("integer"), L("orders read")},
          {L("created"), L("integer"), L("orders new to us")},
          {L("updated"), L("integer"), L("orders changed")},
          {L("error"), L("string"), L("why the pass stopped early; empty if it did not")}}},
        {kPrivacyDataRequest, L("shopify"), L("Shopify asked for a customer's data"), kPrivacy},
        {kPrivacyCustomerRedact, L("shopify"), L("Shopify asked to erase a customer: done"),
         kPrivacy},
        {kPrivacyShopRedact, L("shopify"), L("Shopify asked to erase a shop's data: done"),
         kPrivacy},
        {kSecretChanged, L("runtime (shared secrets)"),
         L("a shared secret was written or removed; every instance reloads it"), kName},
        {kRemoteAgentChanged, L("agents (remote agents)"),
         L("a remote agent was registered, changed or removed"), kName},
        {kWorkflowDefinitionSaved, L("workflows"), L("a workflow definition was saved"), kName},
        {kAdminNotification,
         L("runtime (system.notify_admin), agents (Order Manager)"),
         L("something needs the operator: the fields are notify_admin's input as given"),
         {{L("subject"), L("string"), L("what needs the operator")},
          {L("order_id"), L("integer"), L("the order, when there is one")},
          {L("supplier_order_ids"), L("array"), L("AliExpress orders to cancel by hand")},
          {L("unconfirmed_out_order_ids"), L("array"),
           L("out_order_ids asked for whose answer was not seen: they may exist at AliExpress")},
          {L("reason"), L("string"), L("the reason given with the cancellation")}}},
        {kAlertRaised, L("alerts"),
         L("a rule raised a new alert (not when an open one is raised again: its count grows)"),
         kAlert},
        {kAlertAcknowledged,
         L("alerts"),
         L("an operator acknowledged an alert"),
         {{L("alert_id"), L("integer"), L("the alert")},
          {L("rule"), L("string"), L("its rule")},
          {L("acknowledged_by"), L("string"), L("who (\"user:alice\")")}}},
        {kWorkflowRunStarted, L("workflows"), L("a run started"),
         kRunOf + QList<FieldDoc>{{L("key"), L("string"), L("its trigger key")}}},
        {kWorkflowRunSucceeded, L("workflows"), L("every step of a run is final"), kRunOf},
        {kWorkflowRunFailed, L("workflows"), L("a step failed and stopped its run"),
         kStep + QList<FieldDoc>{{L("error"), L("string"), L("the step's error")}}},
        {kWorkflowRunCancelled, L("workflows"), L("a run was cancelled"), kRun},
        {kWorkflowRunRetried, L("workflows"), L("a failed run started again"), kRun},
        {kWorkflowStepStarted, L("workflows"), L("a step's tasks were queued"),
         kStep + QList<FieldDoc>{{L("items"), L("integer"), L("tasks queued (for_each items)")}}},
        {kWorkflowStepSucceeded, L("workflows"), L("a step's tasks succeeded"), kStep},
        {kWorkflowStepFailed, L("workflows"), L("a step failed"),
         kStep +
             QList<FieldDoc>{{L("error"), L("string"), L("its task's error (a task failed)")},
                             {L("reason"), L("string"), L("why it could not start (otherwise)")}}},
        {kWorkflowStepSkipped, L("workflows"), L("a step was skipped"),
         kStep + QList<FieldDoc>{{L("reason"), L("string"), L("why")}}},
        {kTaskQueued, L("tasks"), L("a task was queued, or queued again by hand"), kTask},
        {kTaskStarted, L("tasks"), L("a worker began an attempt"), kTask},
        {kTaskProgress, L("tasks"), L("a running task reported progress"),
         kTask + QList<FieldDoc>{{L("progress"), L("integer"), L("percent done")},
                                 {L("message"), L("string"), L("what it is doing")}}},
        {kTaskSucceeded, L("tasks"), L("an attempt succeeded"), kTask},
        {kTaskFailed, L("tasks"), L("an attempt failed and will be retried"), kTask},
        {kTaskDead, L("tasks"), L("a task failed for good (no retry left, or not retryable)"),
         kTask},
        {kTaskCancelled, L("tasks"), L("a task was cancelled"), kTask},
    };
}

// An API caller's topic the pattern can match, if any: "ext." + the pattern with each wildcard
// as one segment, the first absorbing "ext" when it is a wildcard.
QString externalWitness(const TopicPattern &pattern)
{
    const QStringList segments = pattern.text().split(QLatin1Char('.'));
    QStringList topic;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const bool wild = segments[i] == QLatin1String("*") || segments[i] == QLatin1String("#");
        if (i == 0 && wild)
            topic << QStringLiteral("ext");
        if (wild && (i > 0 || segments[i] == QLatin1String("#")))
            topic << QStringLiteral("x");
        else if (!wild)
            topic << segments[i];
    }
    return topic.join(QLatin1Char('.'));
}

} // namespace

const QList<TopicDoc> &catalog()
{
    static const QList<TopicDoc> docs = build();
    return docs;
}

const TopicDoc *find(const QString &topic)
{
    for (const TopicDoc &d : catalog())
        if (d.name == topic)
            return &d;
    return nullptr;
}

bool canMatchPublishedTopic(const TopicPattern &pattern)
{
    for (const TopicDoc &d : catalog())
        if (pattern.matches(d.name))
            return true;
    const QString ext = externalWitness(pattern);
    return isExternalTopic(ext) && pattern.matches(ext);
}

std::expected<TopicPatternSet, QString> parseTriggerPatterns(const QString &commaSeparated)
{
    auto set = TopicPatternSet::parse(commaSeparated);
    if (!set)
        return set;
    for (const QString &text : set->texts())
        if (!canMatchPublishedTopic(*TopicPattern::parse(text)))
            return std::unexpected(
                QStringLiteral("\"%1\": no topic the backend publishes matches it; your own "
                               "topics are %2*")
                    .arg(text, kExternalTopicPrefix));
    return set;
}

} // namespace dc::events::topics
