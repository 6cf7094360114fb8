// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shop registry: the Shopify shops DropCrew serves (settings in the database), their secrets
// (webhook secrets and Admin API tokens, in the secret store and cached here) and their
// connection health. Apart from the webhook and Admin API code, which only ask it for a shop's
// secrets or connection.
#include "shopify/shopifyclient.h"
#include "storage/store.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>

namespace dc::security {
class SecretStore;
}

namespace dc::shopify {

struct Shop
{
    QString domain;
    QString apiVersion = QStringLiteral("2024-07");
    QString adminUrl;
    QString currency = QStringLiteral("EUR");
    bool active = true;
    QString health = QStringLiteral("unknown"); // ok, unauthorized, forbidden, unreachable...
    QString healthDetail;
    QDateTime healthCheckedAt;
    QDateTime lastReconciledAt;
    QDateTime reconciledThrough;
    int lastReconcileFound = 0;
    QString lastReconcileError;
    bool hasWebhookSecret = false;
    bool hasAccessToken = false;
    // Connecting (shopify/shopconnect.h): where Shopify's webhooks reach us (the shop's own
    // public URL, else [shopify] public_url; none: the shop is polled), the token's scopes and
    // the polling passes.
    QString publicUrl;
    QString webhookUrl; // the subscriptions' callback; empty: polling
    QStringList grantedScopes;
    QDateTime scopesCheckedAt;
    QDateTime ordersPolledThrough; // the newest updated_at a polling pass has seen
    QDateTime productsPolledThrough;
    QDateTime lastPolledAt;
    QString lastPollError;
    bool polling() const { return webhookUrl.isEmpty(); }
    // The required scopes the token lacks (empty until they are checked).
    QStringList missingScopes() const;
    QJsonObject toJson() const;
};

// A shop's domain as Shopify names it (acme.myshopify.com).
bool isValidShopDomain(const QString &domain);

class ShopRegistry
{
public:
    ShopRegistry(storage::Store &store, security::SecretStore &secrets);

    // Reads the shops' secrets again (at start, or another instance changed one).
    std::expected<void, QString> reloadSecrets();

    // Creates or changes a shop; secrets given here go to the secret store, never the database.
    storage::DbResult<Shop> saveShop(const Shop &shop, const std::optional<QByteArray> &secret,
                                     const std::optional<QByteArray> &previousSecret,
                                     const std::optional<QByteArray> &accessToken);
    // Every shop, or (domain given) that one only.
    storage::DbResult<QList<Shop>> shops(QSqlDatabase db, const QString &domain = QString()) const;
    storage::DbResult<std::optional<Shop>> shop(QSqlDatabase db, const QString &domain) const;

    // The secrets a webhook of the shop may be signed with: current first, then the previous
    // one during a rotation; the default secret when the shop has none.
    QList<QByteArray> webhookSecretsFor(const QString &domain) const;
    // The shop's API connection (its access token from the secret store).
    std::expected<ShopConnection, QString> connectionFor(const QString &domain) const;
    // A call's outcome, shown as the shop's connection health.
    void recordHealth(const QString &domain, const std::optional<ApiError> &error);
    // Told after each recorded call whether Shopify answered (no: network, 5xx, throttled):
    // the task circuits (tasks/circuits.h). Set before calls are made.
    void setReachObserver(std::function<void(bool answered, const QString &error)> observer)
    {
        m_reach = std::move(observer);
    }
    // The shop's primary location as last read from Shopify; 0 when not read yet (or the shop's
    // Admin API address changed since).
    storage::DbResult<qint64> cachedPrimaryLocation(const QString &domain) const;
    storage::DbResult<bool> cachePrimaryLocation(const QString &domain, qint64 locationId);

    // [shopify] public_url: the public URL of shops that have none of their own.
    void setDefaultPublicUrl(const QString &url) { m_defaultPublicUrl = url; }
    // The scopes the shop's token was granted, as just read from Shopify.
    storage::DbResult<bool> recordScopes(const QString &domain, const QStringList &granted);
    // Removes the shop: its row and its secrets (its orders and deliveries stay).
    storage::DbResult<bool> removeShop(const QString &domain);

private:
    std::function<void(bool, const QString &)> m_reach;
    struct Secrets
    {
        QList<QByteArray> webhook; // current first, then the previous one during a rotation
        QByteArray accessToken;
    };

    storage::Store &m_store;
    security::SecretStore &m_secrets;
    mutable QMutex m_lock; // guards m_shopSecrets, m_defaultSecret
    QHash<QString, Secrets> m_shopSecrets;
    QByteArray m_defaultSecret; // "shopify-secret" / DROPCREW_SHOPIFY_SECRET
    QString m_defaultPublicUrl; // set before the server starts
};

// A public URL given for a shop or in the configuration: https (http only to this machine),
// without query or fragment. The reason when it is not one.
std::optional<QString> publicUrlProblem(const QString &url);

} // namespace dc::shopify
