// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The topic catalog: every topic the backend publishes, named once, with its payload documented
// once. Publishers use the constants, the workflow validator refuses a trigger that no topic can
// reach, and the README's Events table is written from catalog(). Apart from topic.h, which is
// the grammar (names and patterns) and knows no topic.
#include "events/topic.h"

#include <QList>
#include <QString>

#include <expected>

namespace dc::events::topics {

// Orders
inline constexpr QLatin1StringView kOrderCreated{"order.created"};
inline constexpr QLatin1StringView kOrderReceived{"order.received"};
inline constexpr QLatin1StringView kOrderUpdated{"order.updated"};
inline constexpr QLatin1StringView kOrderShipped{"order.shipped"};
inline constexpr QLatin1StringView kOrderReplaced{"order.replaced"};
inline constexpr QLatin1StringView kOrderCancelRequested{"order.cancel_requested"};
inline constexpr QLatin1StringView kOrderRefundRequested{"order.refund_requested"};
inline constexpr QLatin1StringView kOrderReleased{"order.released"};
inline constexpr QLatin1StringView kOrderCancelledAfterSupplier{"order.cancelled_after_supplier"};
inline constexpr QLatin1StringView kOrderChangedAfterSupplier{"order.changed_after_supplier"};
inline constexpr QLatin1StringView kOrderEditedInStore{"order.edited_in_store"};
inline constexpr QLatin1StringView kOrderRefundedInStore{"order.refunded_in_store"};
inline constexpr QLatin1StringView kOrderSupplierProblem{"order.supplier_problem"};
inline constexpr QLatin1StringView kShipmentCreated{"shipment.created"};
// Catalogue, prices and stock
inline constexpr QLatin1StringView kProductCreated{"product.created"};
inline constexpr QLatin1StringView kProductUpdated{"product.updated"};
inline constexpr QLatin1StringView kProductStockAlert{"product.stock_alert"};
inline constexpr QLatin1StringView kProductStockRestored{"product.stock_restored"};
inline constexpr QLatin1StringView kPriceChanged{"price.changed"};
inline constexpr QLatin1StringView kStockUpdated{"stock.updated"};
inline constexpr QLatin1StringView kCatalogOfferChanged{"catalog.offer_changed"};
// Shops and privacy (Shopify)
inline constexpr QLatin1StringView kShopUninstalled{"shop.uninstalled"};
inline constexpr QLatin1StringView kShopifyReconciled{"shopify.reconciled"};
inline constexpr QLatin1StringView kPrivacyDataRequest{"privacy.data_request"};
inline constexpr QLatin1StringView kPrivacyCustomerRedact{"privacy.customer_redact"};
inline constexpr QLatin1StringView kPrivacyShopRedact{"privacy.shop_redact"};
// Shared state every instance reloads from
inline constexpr QLatin1StringView kSecretChanged{"secret.changed"};
inline constexpr QLatin1StringView kRemoteAgentChanged{"remote_agent.changed"};
inline constexpr QLatin1StringView kWorkflowDefinitionSaved{"workflow.definition.saved"};
// Operator notifications
inline constexpr QLatin1StringView kAdminNotification{"admin.notification"};
inline constexpr QLatin1StringView kAlertRaised{"alert.raised"};
inline constexpr QLatin1StringView kAlertAcknowledged{"alert.acknowledged"};
// Workflow runs and steps
inline constexpr QLatin1StringView kWorkflowRunStarted{"workflow.run.started"};
inline constexpr QLatin1StringView kWorkflowRunSucceeded{"workflow.run.succeeded"};
inline constexpr QLatin1StringView kWorkflowRunFailed{"workflow.run.failed"};
inline constexpr QLatin1StringView kWorkflowRunCancelled{"workflow.run.cancelled"};
inline constexpr QLatin1StringView kWorkflowRunRetried{"workflow.run.retried"};
inline constexpr QLatin1StringView kWorkflowStepStarted{"workflow.step.started"};
inline constexpr QLatin1StringView kWorkflowStepSucceeded{"workflow.step.succeeded"};
inline constexpr QLatin1StringView kWorkflowStepFailed{"workflow.step.failed"};
inline constexpr QLatin1StringView kWorkflowStepSkipped{"workflow.step.skipped"};
// Tasks
inline constexpr QLatin1StringView kTaskQueued{"task.queued"};
inline constexpr QLatin1StringView kTaskStarted{"task.started"};
inline constexpr QLatin1StringView kTaskProgress{"task.progress"};
inline constexpr QLatin1StringView kTaskSucceeded{"task.succeeded"};
inline constexpr QLatin1StringView kTaskFailed{"task.failed"};
inline constexpr QLatin1StringView kTaskDead{"task.dead"};
inline constexpr QLatin1StringView kTaskCancelled{"task.cancelled"};

// One field of a payload: its JSON type is "integer", "number", "string", "boolean", "array"
// or "object"; the meaning says when the field is present if it is not always.
struct FieldDoc
{
    QLatin1StringView name;
    QLatin1StringView type;
    QLatin1StringView meaning;
};

struct TopicDoc
{
    QLatin1StringView name;
    QLatin1StringView publisher; // the backend module that publishes it
    QLatin1StringView when;      // one line
    QList<FieldDoc> fields;
};

// Every topic above, once, in the order above.
const QList<TopicDoc> &catalog();
const TopicDoc *find(const QString &topic);

// Whether a pattern can match a cataloged topic or an API caller's topic (ext.*).
bool canMatchPublishedTopic(const TopicPattern &pattern);

// A workflow trigger's patterns: parsed, and each able to match some topic; otherwise the
// reason, naming the pattern.
std::expected<TopicPatternSet, QString> parseTriggerPatterns(const QString &commaSeparated);

} // namespace dc::events::topics
