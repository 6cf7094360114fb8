// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What each webhook topic does to our data: one named function per topic (orders, products,
// inventory, uninstall, the privacy topics) and the table from topic to function. Apart from
// the delivery processor, which claims deliveries, opens them and records their outcome; a
// topic's function only does that topic's work inside the delivery's transaction.
#include "storage/store.h"

#include <QJsonObject>

namespace dc::events {
class EventBus;
}
namespace dc::orders {
class Ingestion;
}
namespace dc::storage {
class OrderRepository;
}

namespace dc::shopify {

// One delivery being processed, inside its transaction: what it is, what the handlers need, and
// its outcome (state "processed" unless a handler says otherwise).
struct DeliveryWork
{
    storage::WriteContext &w;
    const storage::OrderRepository &orders;
    const orders::Ingestion &ingestion;
    events::EventBus &bus;
    qint64 deliveryId = 0;
    QString shop;
    QString topic;
    QJsonObject payload;
    QString correlation;
    QString state = QStringLiteral("processed");
    QString error;

    // Publishes an event of this delivery (in its transaction).
    storage::DbResult<qint64> publish(const QString &eventTopic, const QJsonObject &data,
                                      const QString &key);
    void fail(const QString &why);
    void refuse(const QString &why);
};

using TopicHandler = storage::DbResult<void> (*)(DeliveryWork &);

// The function that processes the topic; nullptr for a topic DropCrew does not act on (stored,
// acknowledged and marked "ignored").
TopicHandler handlerForTopic(const QString &topic);

// A topic DropCrew subscribes to through the Admin API (webhookSubscriptionCreate), and why.
// The privacy topics (customers/data_request, customers/redact, shop/redact) are not among
// them: Shopify takes those from the app's configuration only, never through the API.
struct SubscribedTopic
{
    QLatin1StringView topic; // "orders/create"
    QLatin1StringView why;
};
QList<SubscribedTopic> subscribedTopics();
// "orders/create" -> ORDERS_CREATE (GraphQL's WebhookSubscriptionTopic), and back for the
// subscribed topics (empty for the others).
QString graphqlTopic(const QString &topic);
QString topicOfGraphql(const QString &graphqlTopic);

} // namespace dc::shopify
