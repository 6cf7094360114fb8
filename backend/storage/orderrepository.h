// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/domain.h"
#include "storage/fieldsealer.h"
#include "storage/store.h"

#include <optional>

namespace dc::storage {

struct UpsertOutcome
{
    enum class Kind { Created, Updated, Stale };
    Kind kind = Kind::Created;
    qint64 id = 0;
};

// The orders of a list, keyset-paged on (sort key, id) so a page costs the same at any depth.
enum class OrderSort { NewestFirst, OldestFirst, TotalHighFirst, TotalLowFirst };

struct OrderQuery
{
    std::optional<OrderStatus> status;
    QString shop;
    std::optional<qint64> shopifyOrderId;
    QDateTime createdFrom; // inclusive
    QDateTime createdTo;   // exclusive
    // Matches the order name or a line item's title/SKU (contains); exactly, the Shopify order
    // id, an AliExpress order id, a tracking number or the customer's e-mail.
    QString text;
    bool replacementsOnly = false; // orders sent again as replacements of another
    bool matchEmail = false;       // the text may match the customer's e-mail (personal.read only)
    qint64 afterId = 0;            // keyset cursor: the last order of the previous page
    OrderSort sort = OrderSort::NewestFirst;
    int limit = 100;
};

struct OrderPage
{
    QList<Order> orders;   // without line items; get() loads one in full
    qint64 nextCursor = 0; // 0 when there is no further page
};

// What a move of an order's status reads of it (OrderRepository::getStatus).
struct OrderStatusRow
{
    qint64 id = 0;
    QString name;
    OrderStatus status = OrderStatus::Received;
    QString holdReason;
};

// Orders, their line items and customers. Personal fields are sealed (the backend's field
// cipher), bound to the row id so a value copied into another row or column does not open.
class OrderRepository
{
public:
    explicit OrderRepository(const FieldSealer &cipher)
        : m_cipher(cipher)
    {}

    // Insert or update by (shop, shopify_order_id). The update only happens when the incoming
    // shopify_updated_at is newer than the stored one: a late or replayed delivery is Stale.
    // Line items are replaced with the order. The internal status of an existing order is kept.
    DbResult<UpsertOutcome> upsertShopifyOrder(WriteContext &ctx, const Order &order) const;
    // An order entered by an operator (no Shopify id).
    DbResult<qint64> insertManualOrder(WriteContext &ctx, const Order &order) const;
    // Use orders::OrderLifecycle to change a status: it checks, audits and publishes.
    DbResult<void> setStatus(WriteContext &ctx, qint64 orderId, OrderStatus status,
                             const QString &holdReason = {}) const;
    // An operator's correction of the (sealed) shipping address.
    DbResult<void> updateShippingAddress(WriteContext &ctx, qint64 orderId,
                                         const std::optional<Address> &address) const;

    DbResult<std::optional<Order>> get(QSqlDatabase db, qint64 id) const;
    // Its name, status and hold reason only (no line items, nothing sealed to open): for a
    // decision on its status.
    DbResult<std::optional<OrderStatusRow>> getStatus(QSqlDatabase db, qint64 id) const;
    DbResult<std::optional<Order>> findByShopifyId(QSqlDatabase db, const QString &shop,
                                                   qint64 shopifyOrderId) const;
    DbResult<OrderPage> list(QSqlDatabase db, const OrderQuery &q) const;
    DbResult<qint64> count(QSqlDatabase db) const;

    DbResult<UpsertOutcome> upsertCustomer(WriteContext &ctx, const Customer &c) const;
    DbResult<std::optional<Customer>> getCustomer(QSqlDatabase db, qint64 id) const;
    // GDPR erase: the customer's personal fields and the shipping addresses of their orders
    // are cleared; totals, line items and statuses stay so the books still add up. The orders
    // stay erased (no later webhook or edit writes an address back), and the erasure reaches the
    // raw webhook bodies and finished runs' and tasks' payloads. Returns the orders erased.
    DbResult<int> eraseCustomer(WriteContext &ctx, qint64 customerId) const;
    // The same for orders without a customer of ours (guest checkouts, orders_to_redact).
    DbResult<int> eraseOrders(WriteContext &ctx, const QList<qint64> &orderIds) const;
    // Customers written before e-mail lookups existed (migration 0025) get their token, `batch`
    // at a time; returns how many were filled (0: none left).
    DbResult<int> fillEmailLookups(WriteContext &ctx, int batch) const;
    // Replacements entered before orders.replaces_order_id (migration 0025) are linked to their
    // original from their order.replaced events; returns how many were linked.
    DbResult<int> linkReplacements(WriteContext &ctx) const;
    // The token an e-mail is found by: trimmed and in lower case, then FieldSealer::lookupToken.
    QString emailLookup(const QString &email) const;
    DbResult<QList<qint64>> orderIdsByShopifyIds(QSqlDatabase db, const QString &shop,
                                                 const QList<qint64> &shopifyIds) const;

private:
    QByteArray sealText(const QString &v, const char *table, const char *col,
                        const QString &row) const;
    QString openText(const QVariant &v, const char *table, const char *col,
                     const QString &row) const;
    DbResult<void> replaceLineItems(WriteContext &ctx, qint64 orderId, const Order &order) const;
    DbResult<Order> readOrderRow(const class QSqlQuery &q) const;
    DbResult<qint64> insertOrderRow(WriteContext &ctx, const Order &order) const;
    DbResult<void> writeShippingAddress(WriteContext &ctx, qint64 orderId,
                                        const Order &order) const;

    const FieldSealer &m_cipher;
};

} // namespace dc::storage
