// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Plain value types that move between layers (storage, services, API, UI models).
// Times are QDateTime in UTC; money is integer minor units plus currency.
#include "core/money.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace dc {

// Internal lifecycle of an order (the Order Manager's state machine drives it).
enum class OrderStatus {
    Received,
    Validated,
    SupplierOrdered,
    Shipped,
    Delivered,
    OnHold,
    Failed,
    Cancelled,
    Refunded,
};
QString orderStatusName(OrderStatus s);
std::optional<OrderStatus> orderStatusFromString(const QString &s);

// Customer personal data. These fields are encrypted at rest (see security/fieldcipher.h)
// and never logged; everything else about a customer is deliberately kept out of this struct.
struct PersonalData
{
    QString firstName;
    QString lastName;
    QString email;
    QString phone;
    friend bool operator==(const PersonalData &, const PersonalData &) = default;
};

struct Address
{
    QString name;
    QString address1;
    QString address2;
    QString city;
    QString province;
    QString zip;
    QString countryCode; // ISO 3166-1 alpha-2
    QString phone;
    QJsonObject toJson() const;
    static Address fromJson(const QJsonObject &o);
    friend bool operator==(const Address &, const Address &) = default;
};

struct Customer
{
    qint64 id = 0;
    QString shop;
    qint64 shopifyCustomerId = 0;
    PersonalData personal;
    std::optional<Address> defaultAddress;
    bool erased = false; // GDPR erase keeps the row (orders reference it) but drops its content
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct LineItem
{
    qint64 id = 0;
    qint64 shopifyLineItemId = 0;
    qint64 shopifyProductId = 0;
    qint64 shopifyVariantId = 0;
    QString sku;
    QString title;
    int quantity = 0;
    Money unitPrice;
    Money totalDiscount;
    friend bool operator==(const LineItem &, const LineItem &) = default;
};

struct Order
{
    qint64 id = 0;
    QString shop; // myshopify domain
    qint64 shopifyOrderId = 0;
    QString name; // "#1001"
    OrderStatus status = OrderStatus::Received;
    QString financialStatus;   // Shopify: pending, paid, refunded...
    QString fulfillmentStatus; // Shopify: null/unfulfilled, partial, fulfilled
    QString currency;
    Money subtotal;
    Money shippingTotal;
    Money taxTotal;
    Money total;
    std::optional<qint64> customerId;
    std::optional<Address> shippingAddress; // personal data: encrypted at rest
    QString shippingCountry;                // kept in clear: needed for routing and filters
    QDateTime shopifyCreatedAt;
    QDateTime shopifyUpdatedAt; // guards upserts against late deliveries
    QDateTime createdAt;
    QDateTime updatedAt;
    QString holdReason;       // why it is on_hold (low_margin, address_incomplete, ...)
    QString marginApprovedBy; // the operator who let a low-margin order through
    QList<LineItem> lineItems;
};

struct Variant
{
    qint64 id = 0;
    qint64 productId = 0;
    qint64 shopifyVariantId = 0;
    QString sku;
    QString title;
    Money price;
    int inventoryQuantity = 0;
    qint64 shopifyInventoryItemId = 0; // what inventory_levels/update names
};

struct Product
{
    qint64 id = 0;
    QString shop;
    qint64 shopifyProductId = 0;
    QString title;
    QString vendor;
    QString status; // active, draft, archived
    QDateTime shopifyUpdatedAt;
    QDateTime createdAt;
    QDateTime updatedAt;
    QList<Variant> variants;
    QStringList images; // the images' URLs, in the shop's order
};

struct Supplier
{
    qint64 id = 0;
    QString name;
    QString platform; // "aliexpress", ...
    bool active = true;
    QDateTime createdAt;
};

struct SupplierOffer
{
    qint64 id = 0;
    qint64 supplierId = 0;
    qint64 variantId = 0;
    QString supplierProductId;
    QString supplierSkuId;
    // What aliexpress.ds.order.create names the SKU by; nullopt: not known yet.
    std::optional<QString> supplierSkuAttr;
    Money cost;
    Money shippingCost;
    int stock = 0;
    QStringList shipsTo; // ISO country codes; empty means worldwide
    int priority = 0;    // lower is preferred; backups have higher numbers
    QDateTime updatedAt;
};

// One order placed with one supplier (an order whose items come from two suppliers has two).
struct SupplierOrder
{
    qint64 id = 0;
    qint64 orderId = 0;
    qint64 supplierId = 0;
    QString outOrderId;      // ours, sent to the supplier: a retried submission reuses it
    QString supplierOrderId; // theirs, once placed
    // prepared, placed, shipped, delivered, cancel_requested, cancelled, failed; problems the
    // supplier reported: payment_failed, risk_control, address_incomplete, cancelling (all
    // still open at AliExpress), closed (closed there before it shipped)
    QString status;
    QJsonArray
        lines; // [{line_item_id, variant_id, offer_id, product_id, sku_id, quantity, cost_minor}]
    Money cost;
    Money shipping;
    QString error;
    QString supplierStatus; // AliExpress's order_status as last read
    QString problem;        // order.supplier_problem's code; empty when nothing is wrong
    QString lastError;      // the last tracking look's error; empty when it went through
    int attempts = 1;       // supplier orders placed for this row (a retry places a new one)
    QDateTime checkedAt;    // the last tracking look, successful or not
    QDateTime placedAt, shippedAt, deliveredAt, createdAt, updatedAt;
    QJsonObject toJson() const;
};

struct TrackingEvent
{
    QDateTime at;
    QString status;
    QString description;
    QString location;
    friend bool operator==(const TrackingEvent &, const TrackingEvent &) = default;
};

struct Shipment
{
    qint64 id = 0;
    qint64 orderId = 0;
    QString supplierOrderId;
    QString carrier;
    QString trackingNumber;
    QString trackingUrl;
    QString status; // pending, in_transit, delivered, exception
    QList<TrackingEvent> events;
    QDateTime createdAt;
    QDateTime updatedAt;
};

} // namespace dc
