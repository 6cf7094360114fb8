// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/shopifyservice.h"

#include <QSet>

#include "api/httpfront.h"
#include "api/ordersapi.h"
#include "api/request.h"
#include "api/router.h"
#include "core/logging.h"
#include "core/urls.h"
#include "events/eventbus.h"
#include "security/fieldcipher.h"
#include "security/jwt.h"
#include "security/secretstore.h"
#include "shopify/shopifyjson.h"
#include "storage/catalogrepository.h"
#include "storage/orderrepository.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QUuid>

namespace dc::shopify {

using storage::DbError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using Status = QHttpServerResponse::StatusCode;

namespace {

constexpr qint64 kMaxWebhookBytes = 4 * 1024 * 1024;
constexpr int kMaxRefusalsKept = 500;

const QString kShopColumns = QStringLiteral(
    "domain, api_version, admin_url, currency, active, health, health_detail, health_checked_at, "
    "last_reconciled_at, reconciled_through, last_reconcile_found, last_reconcile_error");

QString secretName(const QString &domain, const char *what)
{
    return QStringLiteral("shopify.%1.%2").arg(domain, QLatin1String(what));
}

bool validDomain(const QString &d)
{
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9][a-z0-9-]{0,62}(\\.[a-z0-9][a-z0-9-]{0,62}){1,4}$"));
    return d.size() <= 255 && re.match(d).hasMatch();
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
    return s;
}

QByteArray aadForDelivery(const QString &shop, const QString &webhookId)
{
    return security::aadFor("webhook_deliveries", "body", shop + QLatin1Char('/') + webhookId);
}

// Topics whose payload is an order.
// Clocks drift: a delivery stamped a little in the future is Shopify's clock, not a forgery.
constexpr qint64 kMaxClockSkewMs = 15 * 60'000;

} // namespace

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
            {QStringLiteral("has_access_token"), hasAccessToken}};
}

ShopifyService::ShopifyService(storage::Store &store, const security::FieldCipher &cipher,
                               security::SecretStore &secrets, events::EventBus &bus,
                               tasks::TaskManager &tasks, const storage::OrderRepository &orders,
                               Options options)
    : m_store(store)
    , m_cipher(cipher)
    , m_secrets(secrets)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_orders(orders)
    , m_options(options)
    , m_client(options.client)
{}

ShopifyService::~ShopifyService()
{
    stop();
}

std::expected<void, QString> ShopifyService::reloadSecrets()
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

std::expected<void, QString> ShopifyService::start()
{
    if (auto r = reloadSecrets(); !r)
        return r;
    registerTaskKinds();
    // Deliveries stored but not processed (the app stopped or crashed) are drained at start,
    // and a safety net re-queues a drain whenever deliveries wait with none queued.
    connect(&m_drainSafety, &QTimer::timeout, this, [this] {
        auto waiting = exec(m_store.reader(),
                            QStringLiteral("SELECT 1 FROM webhook_deliveries WHERE state = "
                                           "'received' AND received_at < ? LIMIT 1"),
                            {storage::nowMs() - m_options.safetyAgeMs});
        if (waiting && waiting->next()) {
            waiting->finish();
            m_drainQueued = false;
            queueDrain();
        }
    });
    if (m_options.processDeliveries) {
        m_drainSafety.start(m_options.safetyIntervalMs);
        queueDrain();
    } else {
        qCWarning(lcShopify) << "webhook processing is held ([shopify] process_webhooks=false)";
    }
    if (m_options.reconcileMinutes > 0) {
        connect(&m_reconcileTimer, &QTimer::timeout, this, &ShopifyService::reconcileDue);
        m_reconcileTimer.start(m_options.reconcileMinutes * 60'000);
    }
    return {};
}

void ShopifyService::stop()
{
    m_reconcileTimer.stop();
    m_drainSafety.stop();
}

DbResult<QList<Shop>> ShopifyService::shops(QSqlDatabase db, const QString &domain) const
{
    auto q = domain.isNull() ? exec(db, QStringLiteral("SELECT ") + kShopColumns +
                                            QStringLiteral(" FROM shops ORDER BY domain"))
                             : exec(db,
                                    QStringLiteral("SELECT ") + kShopColumns +
                                        QStringLiteral(" FROM shops WHERE domain = ?"),
                                    {domain});
    if (!q)
        return std::unexpected(q.error());
    QList<Shop> out;
    QMutexLocker lock(&m_lock);
    while (q->next()) {
        Shop s = shopFrom(*q);
        const Secrets sec = m_shopSecrets.value(s.domain);
        s.hasWebhookSecret = !sec.webhook.isEmpty() || !m_defaultSecret.isEmpty();
        s.hasAccessToken = !sec.accessToken.isEmpty();
        out << s;
    }
    return out;
}

DbResult<std::optional<Shop>> ShopifyService::shop(QSqlDatabase db, const QString &domain) const
{
    auto one = shops(db, domain);
    if (!one)
        return std::unexpected(one.error());
    return one->isEmpty() ? std::optional<Shop>() : std::optional<Shop>(one->first());
}

DbResult<Shop> ShopifyService::saveShop(const Shop &s, const std::optional<QByteArray> &secret,
                                        const std::optional<QByteArray> &previousSecret,
                                        const std::optional<QByteArray> &accessToken)
{
    if (!validDomain(s.domain))
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("domain: e.g. acme.myshopify.com")});
    static const QRegularExpression version(QStringLiteral("^\\d{4}-\\d{2}$|^unstable$"));
    if (!version.match(s.apiVersion).hasMatch())
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("api_version: e.g. 2024-07")});
    if (!isCurrencyCode(s.currency))
        return std::unexpected(
            DbError{DbError::Kind::Invalid, QStringLiteral("currency: an ISO 4217 code")});
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
                           "active, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                           "(domain) DO UPDATE SET api_version=excluded.api_version, "
                           "admin_url=excluded.admin_url, currency=excluded.currency, "
                           "active=excluded.active, uninstalled_at = CASE WHEN excluded.active "
                           "= 1 THEN NULL ELSE shops.uninstalled_at END"),
            {s.domain, s.apiVersion, s.adminUrl, s.currency, s.active ? 1 : 0, storage::nowMs()});
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

QList<QByteArray> ShopifyService::webhookSecretsFor(const QString &domain) const
{
    QMutexLocker lock(&m_lock);
    const auto it = m_shopSecrets.constFind(domain);
    if (it != m_shopSecrets.cend() && !it->webhook.isEmpty())
        return it->webhook;
    if (!m_defaultSecret.isEmpty())
        return {m_defaultSecret};
    return {};
}

std::expected<ShopConnection, QString> ShopifyService::connectionFor(const QString &domain) const
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

void ShopifyService::recordHealth(const QString &domain, const std::optional<ApiError> &error)
{
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

void ShopifyService::refuse(const QString &shop, const QString &topic, const QString &peer,
                            int status, const QString &reason)
{
    ++m_refused;
    qCInfo(lcShopify).noquote() << "refused a webhook" << topic << "for" << shop << "from" << peer
                                << status << reason;
    QMutexLocker lock(&m_lock);
    m_refusals.push_back(Refusal{QDateTime::currentDateTimeUtc(), shop.left(255), topic.left(64),
                                 peer, status, reason});
    while (m_refusals.size() > kMaxRefusalsKept)
        m_refusals.pop_front();
}

QList<Refusal> ShopifyService::refusals() const
{
    QMutexLocker lock(&m_lock);
    return QList<Refusal>(m_refusals.begin(), m_refusals.end());
}

void ShopifyService::registerRoutes(api::HttpFront &front)
{
    using namespace dc::api;
    Router &r = front.router();

    r.route(
        {.method = Method::Post,
         .pattern = QStringLiteral("/webhooks/shopify"),
         .summary = QStringLiteral(
             "Shopify webhooks: verified by X-Shopify-Hmac-Sha256, the body checked against its "
             "topic's shape and shop, X-Shopify-Triggered-At within Shopify's retry window, "
             "stored durably, then answered 200; processed afterwards. Only refused signatures "
             "count against the address's rate limit"),
         .tag = QStringLiteral("webhooks"),
         .maxBodyBytes = kMaxWebhookBytes,
         .limitFailuresOnly = true},
        [this, &front](RequestContext &ctx) -> QHttpServerResponse {
            const QHttpServerRequest &req = ctx.request;
            const QString peer = req.remoteAddress().toString();
            const QString shop =
                QString::fromUtf8(req.value("X-Shopify-Shop-Domain")).trimmed().toLower();
            const QString topic = QString::fromUtf8(req.value("X-Shopify-Topic")).trimmed();
            const QByteArray body = req.body();
            // 1. The signature, before anything else is looked at or stored.
            const QByteArray hmacHeader = req.value("X-Shopify-Hmac-Sha256").trimmed();
            const QByteArray signature = QByteArray::fromBase64(hmacHeader);
            const QList<QByteArray> secrets = webhookSecretsFor(shop);
            bool verified = false;
            if (!hmacHeader.isEmpty() && signature.size() == 32)
                for (const QByteArray &secret : secrets)
                    verified |=
                        security::constantTimeEquals(security::hmacSha256(secret, body), signature);
            if (!verified) {
                const QString reason = hmacHeader.isEmpty() ? QStringLiteral("no signature")
                                       : secrets.isEmpty()  ? QStringLiteral("unknown shop")
                                                            : QStringLiteral("bad signature");
                refuse(shop, topic, peer, 401, reason);
                if (auto tooMany = ctx.countFailure())
                    return std::move(*tooMany);
                return problem(Status::Unauthorized, QStringLiteral("Unauthorized"),
                               QStringLiteral("the webhook signature does not verify"));
            }
            // 2. Signed, so it is Shopify's: a malformed delivery is refused and recorded.
            const QString webhookId =
                QString::fromUtf8(req.value("X-Shopify-Webhook-Id")).trimmed();
            QString eventId = QString::fromUtf8(req.value("X-Shopify-Event-Id")).trimmed();
            auto bad = [&](const QString &field, const QString &why) {
                refuse(shop, topic, peer, 400, field + QStringLiteral(": ") + why);
                return invalidField(field, why);
            };
            if (!validDomain(shop))
                return bad(QStringLiteral("X-Shopify-Shop-Domain"), QStringLiteral("required"));
            if (topic.isEmpty() || topic.size() > 64)
                return bad(QStringLiteral("X-Shopify-Topic"), QStringLiteral("required"));
            if (webhookId.isEmpty() || webhookId.size() > 128)
                return bad(QStringLiteral("X-Shopify-Webhook-Id"), QStringLiteral("required"));
            if (eventId.size() > 128)
                return bad(QStringLiteral("X-Shopify-Event-Id"), QStringLiteral("too long"));
            if (eventId.isEmpty())
                eventId = webhookId;
            QJsonParseError perr;
            const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
            if (perr.error != QJsonParseError::NoError || !doc.isObject())
                return bad(QStringLiteral("body"),
                           QStringLiteral("malformed JSON at offset %1").arg(perr.offset));
            // Only the body is signed: the time and the topic's shape say whether this body is
            // what the headers claim, and recent (a captured delivery replayed later, or under
            // another topic, is refused).
            const QByteArray triggeredHeader = req.value("X-Shopify-Triggered-At").trimmed();
            const QDateTime triggered =
                QDateTime::fromString(QString::fromLatin1(triggeredHeader), Qt::ISODateWithMs);
            if (!triggered.isValid())
                return bad(QStringLiteral("X-Shopify-Triggered-At"),
                           QStringLiteral("required (ISO 8601)"));
            const qint64 ageMs = triggered.msecsTo(QDateTime::currentDateTimeUtc());
            if (ageMs > qint64(m_options.webhookMaxAgeMinutes) * 60'000)
                return bad(QStringLiteral("X-Shopify-Triggered-At"),
                           QStringLiteral("older than Shopify's retry window (%1 minutes)")
                               .arg(m_options.webhookMaxAgeMinutes));
            if (ageMs < -kMaxClockSkewMs)
                return bad(QStringLiteral("X-Shopify-Triggered-At"),
                           QStringLiteral("in the future"));
            if (auto wrong = checkWebhookShape(topic, doc.object(), shop))
                return bad(wrong->section(QLatin1Char(':'), 0, 0),
                           wrong->section(QLatin1Char(':'), 1).trimmed());
            // 3. Stored (sealed: it carries personal data) with its processing task, in one
            // transaction; the answer waits for the commit and the request thread does not.
            const QByteArray sealed = m_cipher.seal(body, aadForDelivery(shop, webhookId));
            const QString apiVersion =
                QString::fromUtf8(req.value("X-Shopify-API-Version")).left(16);
            const QString triggeredAt = QString::fromLatin1(triggeredHeader).left(40);
            const WebhookSubjects subjects = subjectsOfWebhook(topic, doc.object());
            const auto idOrNull = [](qint64 id) {
                return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
            };
            const QVariant orderRef = idOrNull(subjects.orderId);
            const QVariant customerRef = idOrNull(subjects.customerId);
            auto future = m_store.write<qint64>([=, this](WriteContext &w) -> DbResult<qint64> {
                auto q = exec(
                    w.db(),
                    QStringLiteral("INSERT INTO webhook_deliveries (shop, topic, webhook_id, "
                                   "event_id, api_version, triggered_at, received_at, body, state, "
                                   "shopify_order_id, shopify_customer_id) VALUES (?, ?, ?, ?, ?, "
                                   "?, ?, ?, 'received', ?, ?) ON CONFLICT DO NOTHING RETURNING "
                                   "id"),
                    {shop, topic, webhookId, eventId, apiVersion, triggeredAt, storage::nowMs(),
                     sealed, orderRef, customerRef});
                if (!q)
                    return std::unexpected(q.error());
                if (!q->next())
                    return 0; // a redelivery: already stored (and processed, or queued)
                const qint64 id = q->value(0).toLongLong();
                // One processing task drains every stored delivery. After the commit (a drain
                // that started earlier may not have seen this one), make sure one is queued:
                // on this object's thread, where queueing may wait for the store.
                if (m_options.processDeliveries)
                    w.afterCommit([this] {
                        QMetaObject::invokeMethod(
                            this, [this] { queueDrain(); }, Qt::QueuedConnection);
                    });
                return id;
            });
            auto reply = ctx.defer();
            auto *watcher = new QFutureWatcher<DbResult<qint64>>(&front);
            QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, reply] {
                const DbResult<qint64> id = watcher->result();
                if (!id)
                    reply->send(problem(Status::ServiceUnavailable,
                                        QStringLiteral("Service Unavailable"),
                                        QStringLiteral("not stored; Shopify will retry")));
                else
                    reply->send(json({{QStringLiteral("stored"), true},
                                      {QStringLiteral("duplicate"), *id == 0}}));
                watcher->deleteLater();
            });
            watcher->setFuture(future);
            ctx.auditTarget = QStringLiteral("shopify:%1").arg(shop);
            return QHttpServerResponse(Status::Ok); // ignored: deferred
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/shops"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Shopify shops: connection health and reconciliation"),
             .tag = QStringLiteral("shopify")},
            [this] {
                auto list = shops(m_store.reader());
                if (!list)
                    return errorResponse(list.error());
                QJsonArray arr;
                for (const Shop &s : *list)
                    arr.append(s.toJson());
                return json({{QStringLiteral("shops"), arr},
                             {QStringLiteral("refused_webhooks"), qint64(m_refused.load())}});
            });

    r.route(
        {.method = Method::Put,
         .pattern = QStringLiteral("/api/shops/{domain}"),
         .permission = QStringLiteral("settings.manage"),
         .summary =
             QStringLiteral("Add or change a shop {api_version, admin_url, currency, active, "
                            "webhook_secret, previous_webhook_secret, access_token}; "
                            "secrets go to the secret store"),
         .tag = QStringLiteral("shopify"),
         .maxBodyBytes = 16 * 1024},
        [this](RequestContext &ctx) {
            const QString domain = ctx.params.value(0).toLower();
            ctx.auditTarget = QStringLiteral("shop:") + domain;
            auto body = jsonBody(ctx.request, 16 * 1024,
                                 {QStringLiteral("api_version"), QStringLiteral("admin_url"),
                                  QStringLiteral("currency"), QStringLiteral("active"),
                                  QStringLiteral("webhook_secret"),
                                  QStringLiteral("previous_webhook_secret"),
                                  QStringLiteral("access_token")});
            if (!body)
                return std::move(body.error());
            auto current = shop(m_store.reader(), domain);
            if (!current)
                return errorResponse(current.error());
            Shop s = current->value_or(Shop{});
            const QString previousAdminUrl = s.adminUrl;
            s.domain = domain;
            for (auto [field, target] : {std::pair{QStringLiteral("api_version"), &s.apiVersion},
                                         std::pair{QStringLiteral("admin_url"), &s.adminUrl},
                                         std::pair{QStringLiteral("currency"), &s.currency}}) {
                auto v = stringField(*body, field, 512);
                if (!v)
                    return std::move(v.error());
                if (v->has_value())
                    *target = **v;
            }
            if (!s.adminUrl.isEmpty()) {
                // The access token travels to this URL: https, except to this machine (a
                // local test server).
                const QUrl u(s.adminUrl, QUrl::StrictMode);
                if (!u.isValid() || u.host().isEmpty() ||
                    (u.scheme() != QLatin1String("https") &&
                     !(u.scheme() == QLatin1String("http") && isLoopbackHost(u))))
                    return invalidField(QStringLiteral("admin_url"),
                                        QStringLiteral("an https URL (http only to this machine)"));
            }
            if (body->contains(QStringLiteral("active"))) {
                if (!body->value(QStringLiteral("active")).isBool())
                    return invalidField(QStringLiteral("active"),
                                        QStringLiteral("expected true or false"));
                s.active = body->value(QStringLiteral("active")).toBool();
            }
            std::optional<QByteArray> secrets[3];
            int i = 0;
            for (const QString &field :
                 {QStringLiteral("webhook_secret"), QStringLiteral("previous_webhook_secret"),
                  QStringLiteral("access_token")}) {
                auto v = stringField(*body, field, 512);
                if (!v)
                    return std::move(v.error());
                if (v->has_value())
                    secrets[i] = (*v)->toUtf8();
                ++i;
            }
            // A stored token must not follow the URL to another host: whoever changes where
            // it goes gives it again.
            if (!previousAdminUrl.isEmpty() && !secrets[2] &&
                !sameOrigin(QUrl(previousAdminUrl), QUrl(s.adminUrl)))
                return invalidField(QStringLiteral("access_token"),
                                    QStringLiteral("required again when admin_url's origin "
                                                   "changes"));
            auto saved = saveShop(s, secrets[0], secrets[1], secrets[2]);
            if (!saved)
                return errorResponse(saved.error());
            return json(saved->toJson());
        });

    r.route({.method = Method::Post,
             .pattern = QStringLiteral("/api/shops/{domain}/reconcile"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Pull the orders updated since the last sync now"),
             .tag = QStringLiteral("shopify")},
            [this](RequestContext &ctx) {
                const QString domain = ctx.params.value(0).toLower();
                ctx.auditTarget = QStringLiteral("shop:") + domain;
                auto id = requestReconcile(domain);
                if (!id)
                    return errorResponse(id.error());
                return json({{QStringLiteral("task_id"), *id}}, Status::Accepted);
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/webhooks/deliveries"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("Received webhooks (?state=&shop=&after=&limit=), without "
                                       "their bodies"),
             .tag = QStringLiteral("shopify")},
            [this](RequestContext &ctx) {
                const QUrlQuery q(ctx.request.url());
                auto limit = intQuery(ctx.request, QStringLiteral("limit"), 100, 1, 1000);
                if (!limit)
                    return std::move(limit.error());
                auto after = intQuery(ctx.request, QStringLiteral("after"), 0, 0,
                                      std::numeric_limits<qint64>::max());
                if (!after)
                    return std::move(after.error());
                QString sql = QStringLiteral(
                    "SELECT id, shop, topic, webhook_id, event_id, received_at, state, error, "
                    "processed_at FROM webhook_deliveries WHERE id > ?");
                QVariantList binds{*after};
                for (const QString &f : {QStringLiteral("state"), QStringLiteral("shop")}) {
                    const QString v = q.queryItemValue(f, QUrl::FullyDecoded);
                    if (!v.isEmpty()) {
                        sql += QStringLiteral(" AND %1 = ?").arg(f);
                        binds << v;
                    }
                }
                sql += QStringLiteral(" ORDER BY id LIMIT ?");
                binds << *limit;
                auto rows = exec(m_store.reader(), sql, binds);
                if (!rows)
                    return errorResponse(rows.error());
                QJsonArray arr;
                while (rows->next())
                    arr.append(QJsonObject{
                        {QStringLiteral("id"), rows->value(0).toLongLong()},
                        {QStringLiteral("shop"), rows->value(1).toString()},
                        {QStringLiteral("topic"), rows->value(2).toString()},
                        {QStringLiteral("webhook_id"), rows->value(3).toString()},
                        {QStringLiteral("event_id"), rows->value(4).toString()},
                        {QStringLiteral("received_at"), iso(storage::utcFromMs(rows->value(5)))},
                        {QStringLiteral("state"), rows->value(6).toString()},
                        {QStringLiteral("error"), rows->value(7).toString()},
                        {QStringLiteral("processed_at"), iso(storage::utcFromMs(rows->value(8)))}});
                return json({{QStringLiteral("deliveries"), arr}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/webhooks/refusals"),
             .permission = QStringLiteral("settings.manage"),
             .summary = QStringLiteral("The last refused webhook deliveries (kept in memory)"),
             .tag = QStringLiteral("shopify")},
            [this] {
                QJsonArray arr;
                for (const Refusal &f : refusals())
                    arr.append(QJsonObject{{QStringLiteral("at"), iso(f.at)},
                                           {QStringLiteral("shop"), f.shop},
                                           {QStringLiteral("topic"), f.topic},
                                           {QStringLiteral("peer"), f.peer},
                                           {QStringLiteral("status"), f.status},
                                           {QStringLiteral("reason"), f.reason}});
                return json({{QStringLiteral("refusals"), arr},
                             {QStringLiteral("total"), qint64(m_refused.load())}});
            });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/customers/{id:int}/export"),
             .permission = QStringLiteral("customers.erase"),
             .summary = QStringLiteral("GDPR data request: a customer's data and orders"),
             .tag = QStringLiteral("orders")},
            [this](RequestContext &ctx) {
                const qint64 id = ctx.intParam(0);
                ctx.auditTarget = QStringLiteral("customer:%1").arg(id);
                QSqlDatabase db = m_store.reader();
                auto c = m_orders.getCustomer(db, id);
                if (!c)
                    return errorResponse(c.error());
                if (!c->has_value())
                    return problem(Status::NotFound, QStringLiteral("Not Found"),
                                   QStringLiteral("no customer %1").arg(id));
                const Customer &cu = **c;
                QJsonArray orders;
                auto ids = exec(db,
                                QStringLiteral("SELECT id FROM orders WHERE customer_id = ? "
                                               "ORDER BY id"),
                                {id});
                if (!ids)
                    return errorResponse(ids.error());
                while (ids->next())
                    if (auto o = m_orders.get(db, ids->value(0).toLongLong()); o && o->has_value())
                        orders.append(api::orderJson(**o, true));
                return json(
                    {{QStringLiteral("customer"),
                      QJsonObject{{QStringLiteral("id"), cu.id},
                                  {QStringLiteral("shop"), cu.shop},
                                  {QStringLiteral("shopify_customer_id"),
                                   QString::number(cu.shopifyCustomerId)},
                                  {QStringLiteral("first_name"), cu.personal.firstName},
                                  {QStringLiteral("last_name"), cu.personal.lastName},
                                  {QStringLiteral("email"), cu.personal.email},
                                  {QStringLiteral("phone"), cu.personal.phone},
                                  {QStringLiteral("default_address"),
                                   cu.defaultAddress ? QJsonValue(cu.defaultAddress->toJson())
                                                     : QJsonValue()},
                                  {QStringLiteral("erased"), cu.erased}}},
                     {QStringLiteral("orders"), orders}});
            });
}

DbResult<qint64> ShopifyService::requestReconcile(const QString &domain)
{
    auto s = shop(m_store.reader(), domain);
    if (!s)
        return std::unexpected(s.error());
    if (!s->has_value())
        return std::unexpected(
            DbError{DbError::Kind::NotFound, QStringLiteral("no shop %1").arg(domain)});
    tasks::EnqueueRequest req;
    req.kind = QStringLiteral("shopify.reconcile");
    req.input = {{QStringLiteral("shop"), domain}};
    // Several instances (or clicks) in the same minute start one reconciliation.
    req.idempotencyKey = QStringLiteral("shopify-reconcile-%1-%2")
                             .arg(domain)
                             .arg(QDateTime::currentSecsSinceEpoch() / 60);
    auto r = m_tasks.enqueue(req);
    if (!r)
        return std::unexpected(r.error());
    return r->id;
}

void ShopifyService::reconcileDue()
{
    auto list = shops(m_store.reader());
    if (!list)
        return;
    for (const Shop &s : *list)
        if (s.active && s.hasAccessToken)
            requestReconcile(s.domain);
}

} // namespace dc::shopify
