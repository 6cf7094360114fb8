// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/shopregistry.h"

#include "core/money.h"
#include "core/urls.h"
#include "security/secretstore.h"
#include "shopify/scopes.h"
#include "shopify/webhookreceiver.h"
#include "storage/sqlutil.h"

#include <QRegularExpression>
#include <QSet>

namespace dc::shopify {

using storage::cachedRead;
using storage::DbError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;

namespace {

const QString kShopColumns = QStringLiteral(
    "domain, api_version, admin_url, currency, active, health, health_detail, health_checked_at, "
    "last_reconciled_at, reconciled_through, last_reconcile_found, last_reconcile_error, "
    "public_url, granted_scopes, scopes_checked_at, orders_polled_through, "
    "products_polled_through, last_polled_at, last_poll_error");

QString secretName(const QString &domain, const char *what)
{
    return QStringLiteral("shopify.%1.%2").arg(domain, QLatin1String(what));
}

QJsonValue iso(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue();
}

Shop shopFrom(const QSqlQuery &q)
{
    Shop s;
    s.domain = q.value(0).toString();
    s.apiVersion = q.value(1).toString();
    s.adminUrl = q.value(2).toString();
    s.currency = q.value(3).toString();
    s.active = q.value(4).toInt() != 0;
    s.health = q.value(5).toString();
    s.healthDetail = q.value(6).toString();
    s.healthCheckedAt = storage::utcFromMs(q.value(7));
    s.lastReconciledAt = storage::utcFromMs(q.value(8));
    s.reconciledThrough = storage::utcFromMs(q.value(9));
    s.lastReconcileFound = q.value(10).toInt();
    s.lastReconcileError = q.value(11).toString();
    s.publicUrl = q.value(12).toString();
    s.grantedScopes = q.value(13).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    s.scopesCheckedAt = storage::utcFromMs(q.value(14));
    s.ordersPolledThrough = storage::utcFromMs(q.value(15));
    s.productsPolledThrough = storage::utcFromMs(q.value(16));
    s.lastPolledAt = storage::utcFromMs(q.value(17));
    s.lastPollError = q.value(18).toString();
    // A token that works but lacks scopes is not ok, whatever the last call said.
    if (const QStringList missing = s.missingScopes();
        !missing.isEmpty() && s.health == QLatin1String("ok")) {
        s.health = QStringLiteral("missing_scope");
        s.healthDetail = QStringLiteral("missing scopes: ") + missing.join(QStringLiteral(", "));
    }
    return s;
}

} // namespace

bool isValidShopDomain(const QString &d)
{
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9][a-z0-9-]{0,62}(\\.[a-z0-9][a-z0-9-]{0,62}){1,4}$"));
    return d.size() <= 255 && re.match(d).hasMatch();
}

std::optional<QString> publicUrlProblem(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty() || u.hasQuery() || u.hasFragment() ||
        !u.userInfo().isEmpty() ||
        (u.scheme() != QLatin1String("https") &&
         !(u.scheme() == QLatin1String("http") && isLoopbackHost(u))))
        return QStringLiteral("an https URL without query (http only to this machine)");
    return std::nullopt;
}

QStringList Shop::missingScopes() const
{
    return scopesCheckedAt.isValid() ? shopify::missingScopes(grantedScopes) : QStringList();
}

QJsonObject Shop::toJson() const
{
    return {{QStringLiteral("domain"), domain},
            {QStringLiteral("api_version"), apiVersion},
            {QStringLiteral("admin_url"), adminUrl},
            {QStringLiteral("currency"), currency},
            {QStringLiteral("active"), active},
            {QStringLiteral("health"), health},
            {QStringLiteral("health_detail"), healthDetail},
            {QStringLiteral("health_checked_at"), iso(healthCheckedAt)},
            {QStringLiteral("last_reconciled_at"), iso(lastReconciledAt)},
            {QStringLiteral("reconciled_through"), iso(reconciledThrough)},
            {QStringLiteral("last_reconcile_found"), lastReconcileFound},
            {QStringLiteral("last_reconcile_error"), lastReconcileError},
            {QStringLiteral("has_webhook_secret"), hasWebhookSecret},
            {QStringLiteral("has_access_token"), hasAccessToken},
            {QStringLiteral("public_url"), publicUrl},
            {QStringLiteral("mode"),
             polling() ? QStringLiteral("polling") : QStringLiteral("webhooks")},
            {QStringLiteral("webhook_url"), webhookUrl.isEmpty() ? QJsonValue() : webhookUrl},
            {QStringLiteral("scopes"),
             QJsonObject{{QStringLiteral("granted"), QJsonArray::fromStringList(grantedScopes)},
                         {QStringLiteral("missing"), QJsonArray::fromStringList(missingScopes())},
                         {QStringLiteral("checked_at"), iso(scopesCheckedAt)}}},
            {QStringLiteral("last_polled_at"), iso(lastPolledAt)},
            {QStringLiteral("polled_through"),
             QJsonObject{{QStringLiteral("orders"), iso(ordersPolledThrough)},
                         {QStringLiteral("products"), iso(productsPolledThrough)}}},
            {QStringLiteral("last_poll_error"), lastPollError}};
}

ShopRegistry::ShopRegistry(storage::Store &store, security::SecretStore &secrets)
    : m_store(store)
    , m_secrets(secrets)
{}

std::expected<void, QString> ShopRegistry::reloadSecrets()
{
    auto def = m_secrets.read(QStringLiteral("shopify-secret"));
    if (!def)
        return std::unexpected(def.error());
    auto list = shops(m_store.reader());
    if (!list)
        return std::unexpected(list.error().message);
    QHash<QString, Secrets> loaded;
    QSet<QString> domains;
    for (const Shop &s : *list)
        domains.insert(s.domain);
    {
        // A shop another instance is adding: its secrets are stored before its row.
        QMutexLocker lock(&m_lock);
        for (auto it = m_shopSecrets.cbegin(); it != m_shopSecrets.cend(); ++it)
            domains.insert(it.key());
    }
    for (const QString &domain : std::as_const(domains)) {
        Secrets sec;
        for (const char *what : {"webhook-secret", "previous-webhook-secret"}) {
            auto v = m_secrets.read(secretName(domain, what));
            if (!v)
                return std::unexpected(v.error());
            if (v->has_value() && !(*v)->isEmpty())
                sec.webhook << **v;
        }
        auto token = m_secrets.read(secretName(domain, "access-token"));
        if (!token)
            return std::unexpected(token.error());
        sec.accessToken = token->value_or(QByteArray());
        loaded.insert(domain, sec);
    }
    QMutexLocker lock(&m_lock);
    m_defaultSecret = def->value_or(QByteArray());
    m_shopSecrets = loaded;
    return {};
}

DbResult<QList<Shop>> ShopRegistry::shops(QSqlDatabase db, const QString &domain) const
{
    // Prepared once per connection: a step that talks to a shop looks it up every time.
    static const QString kAll =
        QStringLiteral("SELECT ") + kShopColumns + QStringLiteral(" FROM shops ORDER BY domain");
    static const QString kOne =
        QStringLiteral("SELECT ") + kShopColumns + QStringLiteral(" FROM shops WHERE domain = ?");
    auto q = domain.isNull() ? cachedRead(db, kAll, {}) : cachedRead(db, kOne, {domain});
    if (!q)
        return std::unexpected(q.error());
    QList<Shop> out;
    QMutexLocker lock(&m_lock);
    while (q->next()) {
        Shop s = shopFrom(*q);
        const Secrets sec = m_shopSecrets.value(s.domain);
        s.hasWebhookSecret = !sec.webhook.isEmpty() || !m_defaultSecret.isEmpty();
        s.hasAccessToken = !sec.accessToken.isEmpty();
        const QString base = s.publicUrl.isEmpty() ? m_defaultPublicUrl : s.publicUrl;
        if (!base.isEmpty())
            s.webhookUrl = base.endsWith(QLatin1Char('/')) ? base.chopped(1) + kWebhookPath
                                                           : base + kWebhookPath;
        out << s;
    }
    return out;
}

DbResult<std::optional<Shop>> ShopRegistry::shop(QSqlDatabase db, const QString &domain) const
{
    auto one = shops(db, domain);
    if (!one)
        return std::unexpected(one.error());
    return one->isEmpty() ? std::optional<Shop>() : std::optional<Shop>(one->first());
}

DbResult<Shop> ShopRegistry::saveShop(const Shop &s, const std::optional<QByteArray> &secret,
                                      const std::optional<QByteArray> &previousSecret,
                                      const std::optional<QByteArray> &accessToken)
{
    if (!isValidShopDomain(s.domain))
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("domain: e.g. acme.myshopify.com")});
    static const QRegularExpression version(QStringLiteral("^\\d{4}-\\d{2}$|^unstable$"));
    if (!version.match(s.apiVersion).hasMatch())
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("api_version: e.g. 2024-07")});
    if (!isCurrencyCode(s.currency))
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("currency: an ISO 4217 code")});
    if (auto p = s.publicUrl.isEmpty() ? std::nullopt : publicUrlProblem(s.publicUrl))
        return std::unexpected(
            DbError{DbError::Kind::Invalid, *p, {}, QStringLiteral("public_url")});
    // Secrets first: a shop never exists in the database with a secret that was not stored.
    for (auto [value, what] : {std::pair{&secret, "webhook-secret"},
                               std::pair{&previousSecret, "previous-webhook-secret"},
                               std::pair{&accessToken, "access-token"}}) {
        if (!value->has_value())
            continue;
        auto w = (*value)->isEmpty() ? m_secrets.remove(secretName(s.domain, what))
                                     : m_secrets.write(secretName(s.domain, what), **value);
        if (!w)
            return std::unexpected(DbError{DbError::Kind::Unavailable, w.error()});
    }
    auto saved = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q = exec(
            w.db(),
            QStringLiteral("INSERT INTO shops (domain, api_version, admin_url, currency, "
                           "active, public_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
                           "CONFLICT (domain) DO UPDATE SET api_version=excluded.api_version, "
                           "admin_url=excluded.admin_url, currency=excluded.currency, "
                           "public_url=excluded.public_url, "
                           "active=excluded.active, uninstalled_at = CASE WHEN excluded.active "
                           "= 1 THEN NULL ELSE shops.uninstalled_at END, primary_location_id = "
                           "CASE WHEN shops.admin_url = excluded.admin_url THEN "
                           "shops.primary_location_id END"),
            {s.domain, s.apiVersion, s.adminUrl, s.currency, s.active ? 1 : 0, s.publicUrl,
             storage::nowMs()});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
    if (!saved)
        return std::unexpected(saved.error());
    {
        QMutexLocker lock(&m_lock);
        Secrets &sec = m_shopSecrets[s.domain];
        if (secret || previousSecret) {
            QList<QByteArray> now;
            const QByteArray cur = secret ? *secret : sec.webhook.value(0);
            const QByteArray prev = previousSecret ? *previousSecret : sec.webhook.value(1);
            if (!cur.isEmpty())
                now << cur;
            if (!prev.isEmpty())
                now << prev;
            sec.webhook = now;
        }
        if (accessToken)
            sec.accessToken = *accessToken;
    }
    auto out = shop(m_store.reader(), s.domain);
    if (!out)
        return std::unexpected(out.error());
    return **out;
}

QList<QByteArray> ShopRegistry::webhookSecretsFor(const QString &domain) const
{
    QMutexLocker lock(&m_lock);
    const auto it = m_shopSecrets.constFind(domain);
    if (it != m_shopSecrets.cend() && !it->webhook.isEmpty())
        return it->webhook;
    if (!m_defaultSecret.isEmpty())
        return {m_defaultSecret};
    return {};
}

std::expected<ShopConnection, QString> ShopRegistry::connectionFor(const QString &domain) const
{
    auto s = shop(m_store.reader(), domain);
    if (!s)
        return std::unexpected(s.error().message);
    if (!s->has_value())
        return std::unexpected(QStringLiteral("no shop %1").arg(domain));
    QMutexLocker lock(&m_lock);
    const QByteArray token = m_shopSecrets.value(domain).accessToken;
    if (token.isEmpty())
        return std::unexpected(QStringLiteral("no Admin API access token for %1").arg(domain));
    return ShopConnection{domain, (*s)->apiVersion, (*s)->adminUrl, token};
}

void ShopRegistry::recordHealth(const QString &domain, const std::optional<ApiError> &error)
{
    if (error && error->kind == ApiError::Kind::Stopped)
        return; // says nothing of the shop or of Shopify
    if (m_reach) {
        const bool down = error && (error->kind == ApiError::Kind::Network ||
                                    error->kind == ApiError::Kind::Server ||
                                    error->kind == ApiError::Kind::Throttled);
        m_reach(!down, down ? error->message : QString());
    }
    QString health = QStringLiteral("ok");
    QString detail;
    if (error) {
        switch (error->kind) {
        case ApiError::Kind::Unauthorized:
            health = QStringLiteral("unauthorized");
            break;
        case ApiError::Kind::Forbidden:
            health = QStringLiteral("missing_scope");
            break;
        case ApiError::Kind::Network:
        case ApiError::Kind::Server:
        case ApiError::Kind::NotFound:
            health = QStringLiteral("unreachable");
            break;
        default:
            return; // a refused mutation says nothing about the connection
        }
        detail = error->message.left(500);
    }
    m_store.write<bool>([domain, health, detail](WriteContext &w) -> DbResult<bool> {
        auto q = exec(w.db(),
                      QStringLiteral("UPDATE shops SET health=?, health_detail=?, "
                                     "health_checked_at=? WHERE domain=?"),
                      {health, detail, storage::nowMs(), domain});
        if (!q)
            return std::unexpected(q.error());
        return true;
    });
}

DbResult<qint64> ShopRegistry::cachedPrimaryLocation(const QString &domain) const
{
    auto q =
        exec(m_store.reader(),
             QStringLiteral("SELECT primary_location_id FROM shops WHERE domain = ?"), {domain});
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

DbResult<bool> ShopRegistry::cachePrimaryLocation(const QString &domain, qint64 locationId)
{
    return m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q = exec(w.db(),
                      QStringLiteral("UPDATE shops SET primary_location_id = ? WHERE domain = ?"),
                      {locationId, domain});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected() > 0;
    });
}

DbResult<bool> ShopRegistry::recordScopes(const QString &domain, const QStringList &granted)
{
    return m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q = exec(w.db(),
                      QStringLiteral("UPDATE shops SET granted_scopes = ?, scopes_checked_at = ? "
                                     "WHERE domain = ?"),
                      {granted.join(QLatin1Char(' ')), storage::nowMs(), domain});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected() > 0;
    });
}

DbResult<bool> ShopRegistry::removeShop(const QString &domain)
{
    // The row first: secrets left behind by a failure name no shop and are never read.
    auto removed = m_store.writeAndWait<bool>([&](WriteContext &w) -> DbResult<bool> {
        auto q = exec(w.db(), QStringLiteral("DELETE FROM shops WHERE domain = ?"), {domain});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected() > 0;
    });
    if (!removed)
        return removed;
    {
        QMutexLocker lock(&m_lock);
        m_shopSecrets.remove(domain);
    }
    for (const char *what : {"webhook-secret", "previous-webhook-secret", "access-token"})
        if (auto r = m_secrets.remove(secretName(domain, what)); !r)
            return std::unexpected(DbError{DbError::Kind::Unavailable, r.error()});
    return removed;
}

} // namespace dc::shopify
