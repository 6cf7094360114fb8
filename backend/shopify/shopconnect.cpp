// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/shopconnect.h"

#include "core/logging.h"
#include "shopify/adminactions.h"
#include "shopify/deliverytopics.h"
#include "shopify/poller.h"
#include "shopify/scopes.h"
#include "shopify/shopregistry.h"
#include "shopify/webhookreceiver.h"
#include "tasks/taskmanager.h"

#include <QJsonArray>
#include <QUrl>

namespace dc::shopify {

using tasks::TaskContext;
using tasks::TaskOutcome;

namespace {

// Shopify takes these from the app's configuration only (the Partner or Dev Dashboard's
// compliance webhooks, or [webhooks] compliance_topics in the app's TOML), never through the API.
const QStringList kPrivacyTopics{QStringLiteral("customers/data_request"),
                                 QStringLiteral("customers/redact"),
                                 QStringLiteral("shop/redact")};

bool sameCallback(const QString &a, const QString &b)
{
    const auto norm = [](const QString &u) {
        return QUrl(u).adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    };
    return !a.isEmpty() && norm(a) == norm(b);
}

QJsonObject subscriptionJson(const WebhookSubscription &s)
{
    const QString topic = topicOfGraphql(s.topic);
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("topic"), topic.isEmpty() ? QJsonValue() : QJsonValue(topic)},
            {QStringLiteral("graphql_topic"), s.topic},
            {QStringLiteral("callback_url"), s.callbackUrl}};
}

} // namespace

struct ShopConnector::Context
{
    Shop shop;
    ShopConnection conn;
    QList<WebhookSubscription> subscriptions;
};

ShopConnector::ShopConnector(storage::Store &store, tasks::TaskManager &tasks,
                             ShopRegistry &shops, ShopifyClient &client, ShopPoller &poller)
    : m_store(store)
    , m_tasks(tasks)
    , m_shops(shops)
    , m_client(client)
    , m_poller(poller)
{}

void ShopConnector::registerTaskKind()
{
    tasks::KindOptions o =
        shopTaskKind(QStringLiteral("Checks a shop's Admin API scopes and registers its webhooks "
                                    "(or starts polling it without a public URL)"),
                     2, 5 * 60'000);
    o.retry.maxAttempts = 1; // a refused token or a missing scope needs the operator first
    m_tasks.registerKind(
        QStringLiteral("shopify.connect"),
        [this](TaskContext &ctx) {
            return connect(ctx.input.value(QStringLiteral("shop")).toString());
        },
        o);
}

storage::DbResult<qint64> ShopConnector::requestConnect(const QString &domain)
{
    return enqueueShopTask(m_tasks, QStringLiteral("shopify.connect"), domain, QString());
}

dc::Error ShopConnector::failed(const QString &domain, const ApiError &e)
{
    m_shops.recordHealth(domain, e);
    return e.toError();
}

dc::Result<ShopConnector::Context> ShopConnector::context(const QString &domain,
                                                           bool withSubscriptions)
{
    auto s = m_shops.shop(m_store.reader(), domain);
    if (!s)
        return std::unexpected(s.error());
    if (!s->has_value())
        return std::unexpected(
            dc::Error{dc::Error::Kind::NotFound, QStringLiteral("no shop %1").arg(domain), {}, {}});
    auto conn = m_shops.connectionFor(domain);
    if (!conn)
        return std::unexpected(dc::Error{dc::Error::Kind::Invalid, conn.error(),
                                         QStringLiteral("SHOPIFY_NOT_CONFIGURED"),
                                         QStringLiteral("access_token")});
    Context c{**s, *conn, {}};
    if (withSubscriptions) {
        auto subs = m_client.webhookSubscriptions(c.conn);
        if (!subs)
            return std::unexpected(failed(domain, subs.error()));
        m_shops.recordHealth(domain, std::nullopt);
        c.subscriptions = *subs;
    }
    return c;
}

dc::Result<QJsonObject> ShopConnector::checkScopes(const QString &domain)
{
    auto c = context(domain, false);
    if (!c)
        return std::unexpected(c.error());
    auto granted = m_client.grantedScopes(c->conn);
    if (!granted)
        return std::unexpected(failed(domain, granted.error()));
    m_shops.recordHealth(domain, std::nullopt);
    if (auto r = m_shops.recordScopes(domain, *granted); !r)
        return std::unexpected(r.error());
    auto s = m_shops.shop(m_store.reader(), domain);
    if (!s || !s->has_value())
        return std::unexpected(s ? dc::Error{dc::Error::Kind::NotFound,
                                             QStringLiteral("no shop %1").arg(domain), {}, {}}
                                 : s.error());
    QJsonObject out = (*s)->toJson();
    QJsonArray warnings;
    if (const QStringList missing = (*s)->missingScopes(); !missing.isEmpty()) {
        qCWarning(lcShopify).noquote() << domain << "lacks scopes:" << missing.join(u' ');
        warnings.append(QJsonObject{
            {QStringLiteral("field"), QStringLiteral("scopes")},
            {QStringLiteral("reason"),
             QStringLiteral("the app's token lacks %1; give the custom app these Admin API "
                            "scopes and install it again")
                 .arg(describeScopes(missing))}});
    }
    out.insert(QStringLiteral("warnings"), warnings);
    return out;
}

QJsonObject ShopConnector::report(const Context &c) const
{
    QJsonArray topics;
    QSet<QString> ours;
    for (const SubscribedTopic &t : subscribedTopics()) {
        const QString g = graphqlTopic(QString(t.topic));
        ours.insert(g);
        QJsonArray subs;
        bool atOurs = false;
        for (const WebhookSubscription &s : c.subscriptions) {
            if (s.topic != g)
                continue;
            subs.append(subscriptionJson(s));
            atOurs = atOurs || sameCallback(s.callbackUrl, c.shop.webhookUrl);
        }
        const QString status = c.shop.polling() ? QStringLiteral("polling")
                               : atOurs         ? QStringLiteral("ok")
                               : subs.isEmpty() ? QStringLiteral("missing")
                                                : QStringLiteral("wrong_url");
        topics.append(QJsonObject{{QStringLiteral("topic"), QString(t.topic)},
                                  {QStringLiteral("graphql_topic"), g},
                                  {QStringLiteral("why"), QString(t.why)},
                                  {QStringLiteral("status"), status},
                                  {QStringLiteral("subscriptions"), subs}});
    }
    QJsonArray others;
    for (const WebhookSubscription &s : c.subscriptions)
        if (!ours.contains(s.topic))
            others.append(subscriptionJson(s));
    return {{QStringLiteral("shop"), c.shop.domain},
            {QStringLiteral("mode"), c.shop.polling() ? QStringLiteral("polling")
                                                      : QStringLiteral("webhooks")},
            {QStringLiteral("webhook_url"),
             c.shop.polling() ? QJsonValue() : QJsonValue(c.shop.webhookUrl)},
            {QStringLiteral("topics"), topics},
            {QStringLiteral("other_subscriptions"), others},
            {QStringLiteral("privacy_topics"), QJsonArray::fromStringList(kPrivacyTopics)},
            {QStringLiteral("privacy_note"),
             QStringLiteral("Shopify takes the privacy topics from the app's configuration "
                            "(compliance webhooks), not through the API: set them there to %1")
                 .arg(c.shop.polling() ? QStringLiteral("<public URL>") + kWebhookPath
                                       : c.shop.webhookUrl)}};
}

dc::Result<QJsonObject> ShopConnector::webhooks(const QString &domain)
{
    auto c = context(domain, true);
    if (!c)
        return std::unexpected(c.error());
    return report(*c);
}

dc::Result<QJsonObject> ShopConnector::repairWebhooks(const QString &domain)
{
    auto c = context(domain, false);
    if (!c)
        return std::unexpected(c.error());
    if (c->shop.polling())
        return std::unexpected(dc::Error{
            dc::Error::Kind::Conflict,
            QStringLiteral("%1 has no public URL: it is polled. Give the shop a public_url (or "
                           "[shopify] public_url) that reaches this server to receive webhooks")
                .arg(domain),
            QStringLiteral("NO_PUBLIC_URL"), QStringLiteral("public_url")});
    c = context(domain, true);
    if (!c)
        return std::unexpected(c.error());
    QJsonArray created, updated;
    for (const SubscribedTopic &t : subscribedTopics()) {
        const QString g = graphqlTopic(QString(t.topic));
        std::optional<WebhookSubscription> elsewhere;
        bool atOurs = false;
        for (const WebhookSubscription &s : std::as_const(c->subscriptions)) {
            if (s.topic != g)
                continue;
            if (sameCallback(s.callbackUrl, c->shop.webhookUrl))
                atOurs = true;
            else if (!elsewhere)
                elsewhere = s;
        }
        if (atOurs)
            continue;
        // One pointing elsewhere (an old public URL) is pointed at ours; others are left.
        auto done = elsewhere ? m_client.updateWebhookSubscription(c->conn, elsewhere->id,
                                                                   c->shop.webhookUrl)
                              : m_client.createWebhookSubscription(c->conn, g, c->shop.webhookUrl);
        if (!done)
            return std::unexpected(failed(domain, done.error()));
        (elsewhere ? updated : created).append(QString(t.topic));
    }
    m_shops.recordHealth(domain, std::nullopt);
    qCInfo(lcShopify).noquote() << domain << "webhooks:" << created.size() << "created,"
                                << updated.size() << "re-pointed";
    auto after = webhooks(domain);
    if (!after)
        return std::unexpected(after.error());
    return QJsonObject{{QStringLiteral("created"), created},
                       {QStringLiteral("updated"), updated},
                       {QStringLiteral("webhooks"), *after}};
}

dc::Result<int> ShopConnector::removeWebhooks(const QString &domain)
{
    auto c = context(domain, true);
    if (!c)
        return std::unexpected(c.error());
    QSet<QString> ours;
    for (const SubscribedTopic &t : subscribedTopics())
        ours.insert(graphqlTopic(QString(t.topic)));
    int removed = 0;
    for (const WebhookSubscription &s : std::as_const(c->subscriptions)) {
        if (!ours.contains(s.topic))
            continue;
        if (auto d = m_client.deleteWebhookSubscription(c->conn, s.id); !d)
            return std::unexpected(failed(domain, d.error()));
        ++removed;
    }
    return removed;
}

TaskOutcome ShopConnector::connect(const QString &domain)
{
    auto scopes = checkScopes(domain);
    if (!scopes)
        return TaskOutcome::failure(scopes.error().machineCode(), scopes.error().message, false);
    QJsonObject out{{QStringLiteral("missing_scopes"),
                     scopes->value(QStringLiteral("scopes"))
                         .toObject()
                         .value(QStringLiteral("missing"))}};
    if (scopes->value(QStringLiteral("mode")).toString() == QLatin1String("polling")) {
        // No webhooks will come: the first pass now rather than at the next tick.
        auto poll = m_poller.requestPoll(domain);
        out.insert(QStringLiteral("mode"), QStringLiteral("polling"));
        if (poll)
            out.insert(QStringLiteral("poll_task_id"), *poll);
        return TaskOutcome::success(out);
    }
    auto repaired = repairWebhooks(domain);
    if (!repaired)
        return TaskOutcome::failure(repaired.error().machineCode(), repaired.error().message,
                                    false);
    out.insert(QStringLiteral("mode"), QStringLiteral("webhooks"));
    out.insert(QStringLiteral("created"), repaired->value(QStringLiteral("created")));
    out.insert(QStringLiteral("updated"), repaired->value(QStringLiteral("updated")));
    return TaskOutcome::success(out);
}

} // namespace dc::shopify
