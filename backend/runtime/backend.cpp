// SPDX-License-Identifier: GPL-3.0-or-later
#include "runtime/backend.h"

#include "agents/crew.h"
#include "alerts/alertservice.h"
#include "api/agentsapi.h"
#include "api/alertsapi.h"
#include "api/aliexpressapi.h"
#include "api/authapi.h"
#include "api/catalogapi.h"
#include "api/customersapi.h"
#include "api/dashboardapi.h"
#include "api/dataapi.h"
#include "api/dryrunapi.h"
#include "api/eventsapi.h"
#include "api/integrationsapi.h"
#include "api/offersapi.h"
#include "api/orderactionsapi.h"
#include "api/ordersapi.h"
#include "api/payloadapi.h"
#include "api/reportsapi.h"
#include "api/router.h"
#include "api/setupapi.h"
#include "api/shopimportapi.h"
#include "api/shopsapi.h"
#include "api/systemapi.h"
#include "api/tasksapi.h"
#include "api/webhooksapi.h"
#include "api/workflowsapi.h"
#include "catalog/offerservice.h"
#include "catalog/variantmapping.h"
#include "events/topics.h"
#include "orders/orderservice.h"
#include "setup/setupguide.h"

#include "core/logging.h"
#include "dropcrew/version.h"
#include "security/sharedsecretstore.h"
#include "storage/sqlutil.h"
#include <QThreadPool>

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostInfo>
#include <QTimer>
#include <QUuid>

#include <QCryptographicHash>
#include <QHttpServerRequest>

namespace dc::runtime {

namespace {
const QString kFieldKeys = QStringLiteral("field-keys");
const QString kDatabasePassword = QStringLiteral("database-password");
} // namespace

std::expected<security::FieldCipher, QString> loadOrCreateFieldKeys(security::SecretStore &secrets)
{
    auto stored = secrets.read(kFieldKeys);
    if (!stored)
        return std::unexpected(QStringLiteral("cannot read the field encryption keys from %1: %2")
                                   .arg(secrets.description(), stored.error()));
    if (stored->has_value()) {
        auto cipher = security::FieldCipher::fromJson(**stored);
        if (!cipher)
            return std::unexpected(
                QStringLiteral("the field encryption keys in %1 are unusable: %2")
                    .arg(secrets.description(), cipher.error()));
        return cipher;
    }
    security::FieldCipher fresh = security::FieldCipher::generate();
    if (auto w = secrets.write(kFieldKeys, fresh.toJson()); !w)
        return std::unexpected(QStringLiteral("cannot store new field encryption keys in %1: %2")
                                   .arg(secrets.description(), w.error()));
    qCInfo(lcSecrets).noquote() << "created field encryption keys in" << secrets.description();
    return fresh;
}

std::unique_ptr<security::SecretStore> makeSecretStore(const Config &config)
{
    std::unique_ptr<security::SecretStore> inner;
    if (config.secrets == security::SecretStore::Kind::File) {
        inner = security::makeFileSecretStore(config.dataDir + QStringLiteral("/secrets"));
    } else {
        // One keychain "service" per data folder: two folders never share keys.
        const QByteArray scope =
            QCryptographicHash::hash(config.dataDir.toUtf8(), QCryptographicHash::Sha256)
                .toHex()
                .left(12);
        inner = security::makeKeychainSecretStore(QStringLiteral("dropcrew-") +
                                                  QString::fromLatin1(scope));
    }
    return security::withEnvironmentOverrides(std::move(inner));
}

namespace {
std::expected<storage::DatabaseUrl, QString> databaseUrl(const Config &config,
                                                         security::SecretStore &secrets)
{
    storage::DatabaseUrl url = config.database;
    if (url.backend == storage::Backend::Postgres) {
        auto pw = secrets.read(kDatabasePassword);
        if (!pw)
            return std::unexpected(pw.error());
        if (pw->has_value())
            url.password = QString::fromUtf8(**pw);
    }
    return url;
}
} // namespace

int verifyAuditChain(const Config &config)
{
    auto secrets = makeSecretStore(config);
    auto url = databaseUrl(config, *secrets);
    auto fail = [](const QString &m) {
        std::fprintf(stderr, "dropcrew: %s\n", qPrintable(m));
        return 2;
    };
    if (!url)
        return fail(url.error());
    storage::StoreOptions opts;
    opts.readOnly = true;
    auto store = storage::Store::open(*url, opts);
    if (!store)
        return fail(store.error());
    auto cipher = loadOrCreateFieldKeys(*secrets);
    if (!cipher)
        return fail(cipher.error());
    // The audit key is shared through the database (or, from older versions, a local secret).
    security::SharedSecretStore shared(**store, *cipher, *secrets, {});
    auto key = shared.read(QStringLiteral("audit-key"));
    if (!key)
        return fail(key.error());
    if (!key->has_value())
        return fail(QStringLiteral("no audit key in %1: this data folder has no audit log")
                        .arg(shared.description()));
    security::AuditLog log(**store, QByteArray::fromBase64(**key));
    auto v = log.verify((*store)->reader());
    (*store)->close();
    if (!v)
        return fail(v.error().message);
    if (!v->ok()) {
        std::fprintf(stdout, "audit chain BROKEN after %lld entries: %s\n",
                     static_cast<long long>(v->entries), qPrintable(v->problem));
        return 1;
    }
    std::fprintf(stdout, "audit chain intact: %lld entries\n", static_cast<long long>(v->entries));
    return 0;
}

std::expected<std::unique_ptr<Backend>, QString> Backend::start(const Config &config)
{
    // Files named on the command line are checked before anything is opened or created.
    std::optional<api::TlsSettings> tls;
    if (!config.tlsCert.isEmpty()) {
        auto loaded = api::TlsSettings::load(config.tlsCert, config.tlsKey);
        if (!loaded)
            return std::unexpected(loaded.error());
        tls = *loaded;
    }
    std::unique_ptr<Backend> b(new Backend);
    b->m_config = config;
    b->m_secrets = makeSecretStore(config);

    auto url = databaseUrl(config, *b->m_secrets);
    if (!url)
        return std::unexpected(url.error());

    auto keys = loadOrCreateFieldKeys(*b->m_secrets);
    if (!keys)
        return std::unexpected(keys.error());
    b->m_cipher = std::make_unique<security::FieldCipher>(std::move(*keys));

    // A new SQLite file has no user yet: the administrator's password is hashed beside the
    // migrations (see AdminSeed). Elsewhere users almost always exist: hashed only if needed.
    const bool newDatabase =
        url->backend == storage::Backend::Sqlite && !QFileInfo::exists(url->path);
    const security::AdminSeed adminSeed =
        security::AdminSeed::make(qEnvironmentVariable("DROPCREW_ADMIN_PASSWORD"), newDatabase);

    storage::StoreOptions storeOptions;
    storeOptions.recoverySeconds = config.storageRecoverySeconds;
    storeOptions.minFreeBytes = qint64(config.storageMinFreeMiB) * 1024 * 1024;
    auto store = storage::Store::open(*url, storeOptions);
    if (!store)
        return std::unexpected(store.error());
    b->m_store = std::move(*store);

    // Names this process among instances sharing a database (leases, logs).
    const QString instance = QHostInfo::localHostName() + QLatin1Char('-') +
                             QString::number(QCoreApplication::applicationPid()) +
                             QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(6);
    b->m_events = std::make_unique<events::EventBus>(*b->m_store, *b->m_cipher, instance);
    b->m_events->setRetentionPolicy({config.eventRetentionDays, config.eventRetentionCount});
    b->m_events->setLeaseMs(qint64(std::max(2, config.leaseSeconds)) * 1000);
    b->m_events->start();
    // From here secrets are shared through the database (see SharedSecretStore); a change is an
    // event every instance reloads from.
    events::EventBus *bus = b->m_events.get();
    b->m_shared = security::withEnvironmentOverrides(std::make_unique<security::SharedSecretStore>(
        *b->m_store, *b->m_cipher, *b->m_secrets,
        [bus](storage::WriteContext &w, const QString &name) -> storage::DbResult<void> {
            auto e = bus->append(w, events::EventDraft{QString(events::topics::kSecretChanged),
                                                       {{QStringLiteral("name"), name}},
                                                       QStringLiteral("secret:") + name,
                                                       QStringLiteral("secrets"),
                                                       {},
                                                       {}});
            if (!e)
                return std::unexpected(e.error());
            return {};
        }));
    b->m_tasks = std::make_unique<tasks::TaskManager>(*b->m_store, *b->m_events, instance);
    b->m_tasks->setConcurrency(std::max(1, config.taskWorkers));
    b->m_tasks->setLeaseMs(qint64(std::max(2, config.leaseSeconds)) * 1000);
    security::SecretStore *shared = b->m_shared.get();
    b->m_alerts = std::make_unique<alerts::AlertService>(
        *b->m_store, *b->m_events,
        alerts::AlertService::Options{config.crew.smtp,
                                      [shared] {
                                          auto p = shared->read(QStringLiteral("smtp-password"));
                                          return p && p->has_value() ? **p : QByteArray();
                                      },
                                      config.crew.smtp.alertsTo});
    if (auto a = b->m_alerts->start(); !a) {
        b->stop();
        return std::unexpected(a.error());
    }
    b->registerSystemAgent();
    b->m_orders = std::make_unique<storage::OrderRepository>(*b->m_cipher);
    // Customers from before e-mail search (migration 0025) get their lookup token, in batches
    // (an index holds only those rows: nothing to read on later starts).
    for (int filled = 1; filled > 0;) {
        auto n = b->m_store->writeAndWait<int>([&orders = *b->m_orders](storage::WriteContext &w) {
            return orders.fillEmailLookups(w, 500);
        });
        if (!n) {
            b->stop();
            return std::unexpected(n.error().message);
        }
        filled = *n;
    }
    if (auto linked =
            b->m_store->writeAndWait<int>([&orders = *b->m_orders](storage::WriteContext &w) {
                return orders.linkReplacements(w);
            });
        !linked) {
        b->stop();
        return std::unexpected(linked.error().message);
    }
    shopify::ShopifyService::Options shopifyOptions;
    shopifyOptions.reconcileMinutes = config.shopifyReconcileMinutes;
    shopifyOptions.pollSeconds = config.shopifyPollSeconds;
    shopifyOptions.publicUrl = config.shopifyPublicUrl;
    shopifyOptions.safetyIntervalMs = std::min(30, std::max(2, config.leaseSeconds)) * 1000;
    shopifyOptions.safetyAgeMs = std::min(10, std::max(2, config.leaseSeconds)) * 1000;
    shopifyOptions.processDeliveries = config.shopifyProcessWebhooks;
    shopifyOptions.webhookMaxAgeMinutes = config.shopifyWebhookMaxAgeMinutes;
    shopifyOptions.catalogImport.bulkThreshold = config.shopifyBulkImportThreshold;
    // Order transitions (from Shopify's webhooks and the agents) are recorded in the audit
    // chain, so it opens before both.
    auto audit = security::AuditLog::create(*b->m_store, *b->m_shared);
    if (!audit) {
        b->stop();
        return std::unexpected(audit.error());
    }
    b->m_audit = std::move(*audit);
    b->m_shopify = std::make_unique<shopify::ShopifyService>(
        *b->m_store, *b->m_cipher, *b->m_shared, *b->m_events, *b->m_tasks, *b->m_orders,
        *b->m_audit, shopifyOptions);
    if (auto s = b->m_shopify->start(); !s) {
        b->stop();
        return std::unexpected(QStringLiteral("Shopify: ") + s.error());
    }
    b->m_crew =
        std::make_unique<agents::Crew>(*b->m_store, *b->m_orders, *b->m_events, *b->m_tasks,
                                       *b->m_audit, *b->m_shared, *b->m_shopify, config.crew);
    if (auto c = b->m_crew->start(); !c) {
        b->stop();
        return std::unexpected(c.error());
    }
    // A definition validates against the agent actions this process can run.
    tasks::TaskManager *tm = b->m_tasks.get();
    b->m_workflows = std::make_unique<workflows::WorkflowEngine>(
        *b->m_store, *b->m_events, *b->m_tasks,
        [tm](const QString &agent, const QString &action) -> std::optional<QString> {
            if (tm->hasKind(agent + QLatin1Char('.') + action))
                return std::nullopt;
            return QStringLiteral("no agent action \"%1.%2\" is available").arg(agent, action);
        });
    // integration_down: AliExpress's last call (shops' health is in the database), checked by
    // the sweep every minute with the other lasting conditions.
    b->m_alerts->setIntegrationProbe([crew = b->m_crew.get(), tasks = b->m_tasks.get()] {
        const QJsonValue last = crew->aliexpress().health().toJson();
        const QJsonObject circuits = tasks->circuits().toJson();
        QList<alerts::IntegrationHealth> out;
        if (last.isObject())
            out << alerts::IntegrationHealth{QStringLiteral("aliexpress"),
                                             last[QStringLiteral("ok")].toBool(),
                                             last[QStringLiteral("error")].toString()};
        // An open circuit: the tasks calling the service wait for it.
        for (auto it = circuits.begin(); it != circuits.end(); ++it) {
            const QJsonObject c = it.value().toObject();
            if (c[QStringLiteral("state")].toString() == QLatin1String("closed"))
                continue;
            const QString detail = QStringLiteral("no answer since %1, tasks waiting: %2")
                                       .arg(c[QStringLiteral("down_since")].toString(),
                                            c[QStringLiteral("last_error")].toString());
            auto same = std::find_if(out.begin(), out.end(),
                                     [&](const auto &h) { return h.name == it.key(); });
            if (same != out.end())
                *same = {it.key(), false, detail};
            else
                out << alerts::IntegrationHealth{it.key(), false, detail};
        }
        return out;
    });
    auto *sweep = new QTimer(b.get());
    QObject::connect(sweep, &QTimer::timeout, b.get(),
                     [alerts = b->m_alerts.get()] { (void)alerts->sweep(); });
    sweep->start(60'000);
    b->m_workflows->loadFolders(b->workflowFolders());
    if (auto stored = b->m_workflows->loadStored(); !stored)
        qCWarning(lcApp).noquote() << "workflows saved through the API:" << stored.error();
    // Without a workflow, orders are stored and never processed: say it (health does too).
    if (const qsizetype loaded = b->m_workflows->definitionCount(); loaded == 0)
        qCWarning(lcApp).noquote()
            << "no workflow loaded (shipped workflows:"
            << shippedWorkflowState(config) + QStringLiteral("): orders are stored but not "
                                                             "processed; `dropcrew info` shows "
                                                             "where workflows are looked for");
    else if (const QString shipped = shippedWorkflowFolder(config); !shipped.isEmpty())
        qCInfo(lcApp).noquote() << loaded << "workflows loaded, the shipped ones from" << shipped;
    else
        qCInfo(lcApp).noquote() << loaded << "workflows loaded (shipped workflows:"
                                << shippedWorkflowState(config) + QLatin1Char(')');
    b->m_tasks->start();
    b->m_workflows->start();

    auto auth = security::AuthService::create(*b->m_store, *b->m_shared,
                                              {.accessTtlSeconds = config.accessTokenMinutes * 60,
                                               .refreshTtlSeconds = 30 * 24 * 3600,
                                               .policy = {}});
    std::expected<QString, QString> admin;
    if (auth)
        admin = (*auth)->ensureAdmin(adminSeed);
    if (!auth || !admin) {
        b->stop(); // whatever has started stops, in order
        return std::unexpected(!auth ? auth.error() : admin.error());
    }
    b->m_auth = std::move(*auth);
    b->m_generatedAdminPassword = *admin;
    b->followSharedChanges();

    const Config::Limits &l = config.limits;
    api::GateLimits gl;
    gl.perAddress = {l.ipRate, 1000, l.ipBurst};
    gl.perPrincipal = {l.userRate, 1000, l.userBurst};
    gl.auth = {l.authPerMinute, 60'000, l.authBurst};
    gl.sensitive = {l.sensitivePerMinute, 60'000, l.sensitiveBurst};
    gl.failures = {l.failuresPerMinute, 60'000, l.failuresBurst};
    gl.account.freeFailures = l.loginFreeFailures;
    gl.account.maxMs = qint64(l.loginBackoffMaxSeconds) * 1000;
    b->m_gate = std::make_unique<api::ApiGate>(*b->m_auth, *b->m_audit, b->m_metrics, gl);
    if (b->m_store->backend() == storage::Backend::Postgres) {
        // Several instances may share this database: logins and sensitive operations are
        // limited across all of them.
        b->m_sharedLimits = std::make_unique<security::SharedRateLimiter>(*b->m_store);
        b->m_gate->shareLimits(b->m_sharedLimits.get());
        auto *purge = new QTimer(b.get());
        QObject::connect(purge, &QTimer::timeout, b.get(),
                         [limits = b->m_sharedLimits.get(), forget = gl.account.forgetMs] {
                             (void)limits->purge(QDateTime::currentMSecsSinceEpoch(), forget);
                         });
        purge->start(10 * 60'000);
    }

    if (config.privacyRetentionDays > 0) {
        // Personal data in payloads is kept no longer than the retention: checked hourly (and
        // soon after the start), each pass bounded so that it never holds the writer long.
        auto *retention = new QTimer(b.get());
        QObject::connect(retention, &QTimer::timeout, b.get(), [backend = b.get()] {
            (void)backend->applyRetention(QDateTime::currentMSecsSinceEpoch());
        });
        retention->start(60 * 60'000);
        QTimer::singleShot(60'000, retention, [backend = b.get()] {
            (void)backend->applyRetention(QDateTime::currentMSecsSinceEpoch());
        });
    }

    api::FrontLimits fl;
    fl.maxConnections = l.maxConnections;
    fl.maxConnectionsPerIp = l.maxConnectionsPerIp;
    fl.defaultMaxBodyBytes = qint64(l.maxBodyKiB) * 1024;
    fl.maxUnauthenticatedBodyBytes = qint64(l.maxUnauthenticatedBodyMiB) * 1024 * 1024;
    fl.idleTimeoutMs = l.idleTimeoutSeconds * 1000;
    fl.requestTimeoutMs = l.requestTimeoutSeconds * 1000;
    b->m_http = std::make_unique<api::HttpFront>(fl);
    if (tls)
        b->m_http->setTls(*tls);
    b->m_http->router().setHooks(b->m_gate->hooks());
    b->m_http->router().setTrustedProxies(l.trustedProxies);
    b->registerRoutes();
    auto port = b->m_http->listen(config.listenHost, config.listenPort);
    if (!port) {
        b->stop(); // whatever has started stops, in order
        return std::unexpected(port.error());
    }
    return b;
}

Backend::~Backend()
{
    stop();
}

storage::DbResult<storage::PurgeCounts> Backend::applyRetention(qint64 nowMs)
{
    storage::PurgeCounts total;
    if (m_config.privacyRetentionDays <= 0)
        return total;
    const qint64 cutoff = nowMs - qint64(m_config.privacyRetentionDays) * 24 * 3600 * 1000;
    for (int pass = 0; pass < 1000; ++pass) {
        auto r = m_store->writeAndWait<storage::PurgeCounts>([cutoff](storage::WriteContext &w) {
            return storage::purgeExpiredPayloads(w, cutoff);
        });
        if (!r)
            return std::unexpected(r.error());
        total.deliveries += r->deliveries;
        total.tasks += r->tasks;
        total.runs += r->runs;
        if (r->total() == 0)
            break;
    }
    if (total.total() > 0)
        qCInfo(lcApp).noquote() << "retention: emptied" << total.deliveries << "webhook bodies,"
                                << total.tasks << "task payloads and" << total.runs
                                << "run payloads older than" << m_config.privacyRetentionDays
                                << "days";
    return total;
}

void Backend::stop()
{
    m_sharedChanges.reset();
    if (m_http)
        m_http->stopListening();
    if (m_shopify)
        m_shopify->stop();
    if (m_workflows)
        m_workflows->stop();
    // Running tasks are asked to stop and their outcomes recorded before events and storage close.
    if (m_tasks)
        m_tasks->stop();
    if (m_events)
        m_events->stop();
    if (m_heavyReads) {
        // The dashboard's live sampler (a timer of the pool) starts nothing more.
        for (QTimer *t : m_heavyReads->findChildren<QTimer *>())
            t->stop();
        m_heavyReads->waitForDone(); // a dashboard query still reading
    }
    if (m_passwordWork)
        m_passwordWork->waitForDone(); // a login still being checked
    if (m_shopifyCalls)
        m_shopifyCalls->waitForDone(); // a shop's scopes or webhooks still being asked
    if (m_tokenCheck)
        m_tokenCheck->stop();
    if (m_aliexpressWork)
        m_aliexpressWork->waitForDone(); // a lookup or token exchange still waiting on AliExpress
    if (m_store)
        m_store->close();
}

QString Backend::listenUrl() const
{
    const QHostAddress a = m_http->address();
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                             : a.toString();
    return QStringLiteral("%1://%2:%3")
        .arg(m_http->tlsEnabled() ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(m_http->port());
}

QStringList Backend::workflowFolders() const
{
    QStringList folders;
    if (const QString shipped = shippedWorkflowFolder(m_config); !shipped.isEmpty())
        folders << shipped;
    folders << m_config.dataDir + QStringLiteral("/workflows");
    return folders;
}

void Backend::followSharedChanges()
{
    // What another instance changed (or this one: reloading is idempotent) is read again.
    auto patterns = events::TopicPatternSet::parse(
        QStringLiteral("secret.changed,remote_agent.changed,workflow.definition.saved"));
    m_sharedChanges = m_events->subscribe(*patterns);
    connect(m_sharedChanges.get(), &events::LocalSubscription::received, this,
            [this](const events::Event &e) {
                const QString name = e.data.value(QStringLiteral("name")).toString();
                if (e.topic == QLatin1String("secret.changed")) {
                    if (name == QLatin1String("jwt-keys")) {
                        if (auto r = m_auth->reloadSigningKeys(); !r)
                            qCWarning(lcApp).noquote() << "token signing keys:" << r.error();
                    } else if (name.startsWith(QLatin1String("shopify"))) {
                        if (auto r = m_shopify->reloadSecrets(); !r)
                            qCWarning(lcApp).noquote() << "Shopify secrets:" << r.error();
                    }
                } else if (e.topic == QLatin1String("remote_agent.changed")) {
                    m_crew->remote().reload(name);
                } else if (e.topic == QLatin1String("workflow.definition.saved")) {
                    if (auto r = m_workflows->loadStored(name); !r)
                        qCWarning(lcApp).noquote() << "workflow" << name << ":" << r.error();
                }
            });
}

void Backend::registerSystemAgent()
{
    // The "system" agent of error_handling: notify_admin raises a workflow_notification alert
    // (once per run and step: a retried run that fails there again counts on it) and, for the
    // dashboard and earlier subscribers, the admin.notification event with its input as given;
    // noop does nothing, on purpose.
    events::EventBus *bus = m_events.get();
    storage::Store *store = m_store.get();
    alerts::AlertService *alertService = m_alerts.get();
    // Both are the backend's own (workflows call them); never started through the API.
    tasks::KindOptions internal;
    internal.internal = true;
    m_tasks->registerKind(
        QStringLiteral("system.notify_admin"),
        [bus, store, alertService](tasks::TaskContext &ctx) {
            const QJsonObject failure = ctx.input.value(QStringLiteral("_failure")).toObject();
            const QString subject = ctx.input.value(QStringLiteral("subject")).toString();
            alerts::AlertDraft draft;
            draft.rule = QString(alerts::kWorkflowNotification);
            if (!failure.isEmpty())
                draft.key = QStringLiteral("run:%1:%2")
                                .arg(failure.value(QStringLiteral("run_id")).toInteger())
                                .arg(failure.value(QStringLiteral("step")).toString());
            else if (ctx.workflowRunId)
                draft.key = QStringLiteral("run:%1:%2").arg(*ctx.workflowRunId).arg(ctx.stepName);
            else
                draft.key = QStringLiteral("subject:") + subject.left(200);
            draft.subject = subject.isEmpty() ? QStringLiteral("A workflow needs the operator")
                                              : subject.left(300);
            if (const qint64 id = ctx.input.value(QStringLiteral("order_id")).toInteger(); id > 0)
                draft.orderId = id;
            // Ids and reasons only: the input can be templated from anything.
            for (const char *field : {"order_id", "supplier_order_ids", "reason"})
                if (ctx.input.contains(QLatin1String(field)))
                    draft.detail.insert(QLatin1String(field),
                                        ctx.input.value(QLatin1String(field)));
            if (!failure.isEmpty())
                draft.detail.insert(QStringLiteral("failure"), failure);
            qint64 alertId = 0;
            auto r = store->writeAndWait<qint64>(
                [&](storage::WriteContext &w) -> storage::DbResult<qint64> {
                    auto a = alertService->raise(w, draft);
                    if (!a)
                        return std::unexpected(a.error());
                    alertId = a->id;
                    return bus->append(
                        w, events::EventDraft{QString(events::topics::kAdminNotification),
                                              ctx.input, QString(), QStringLiteral("system"),
                                              ctx.correlationId, QString()});
                });
            if (!r)
                return tasks::TaskOutcome::failure(QStringLiteral("store"), r.error().message);
            qCWarning(lcApp).noquote() << "operator notification:" << draft.subject;
            return tasks::TaskOutcome::success(
                {{QStringLiteral("event_id"), *r}, {QStringLiteral("alert_id"), alertId}});
        },
        internal);
    m_tasks->registerKind(
        QStringLiteral("system.noop"),
        [](tasks::TaskContext &) { return tasks::TaskOutcome::success(); }, internal);
}

void Backend::registerRoutes()
{
    m_passwordWork = api::registerAuthRoutes(*m_http, *m_auth, *m_audit, *m_store, *m_gate);
    m_orderService = std::make_unique<orders::OrderService>(
        *m_store, *m_orders, *m_events, m_crew->lifecycle(), *m_workflows, *m_tasks);
    if (auto f = m_orderService->followOrders(); !f)
        qCWarning(lcApp).noquote() << "orders cannot follow their events:" << f.error();
    m_offers = std::make_unique<catalog::OfferService>(*m_store, *m_events);
    api::registerOrderRoutes(*m_http, *m_store, *m_orders, *m_orderService);
    // Heavy reads (dashboard, reports, supplier scores) share one pool, drained at stop.
    m_heavyReads = api::registerDashboardRoutes(*m_http, *m_store, *m_tasks, *m_events,
                                                m_config.crew.orderManager);
    api::registerOrderActionRoutes(*m_http, *m_store, *m_orders, *m_orderService, *m_workflows,
                                   m_config.crew.dataAnalyzer.minOrdersForScore, *m_heavyReads);
    api::registerCustomerRoutes(*m_http, *m_orderService, *m_store, *m_orders);
    api::registerOfferRoutes(*m_http, *m_offers);
    m_mapping = std::make_unique<catalog::VariantMapping>(
        *m_store, *m_orders, *m_events, m_crew->lifecycle(), *m_offers, m_crew->aliexpress());
    m_aliexpressWork = api::registerAliExpressRoutes(*m_http, *m_crew, *m_mapping);
    // The access token is renewed well before it expires (a day ahead, or at half its life),
    // not only when a call finds it about to lapse: checked hourly and soon after the start.
    auto *tokens = m_tokenCheck = new QTimer(this);
    const auto keepFresh = [tokens, pool = m_aliexpressWork, crew = m_crew.get()] {
        if (!tokens->isActive()) // stopping: the store may be closed
            return;
        pool->start([crew] {
            if (auto r = crew->aliexpress().keepFresh(); !r)
                qCWarning(lcAliExpress).noquote()
                    << "access token not refreshed:" << r.error().code << r.error().message;
        });
    };
    connect(tokens, &QTimer::timeout, this, keepFresh);
    tokens->start(60 * 60'000);
    QTimer::singleShot(60'000, tokens, keepFresh);
    api::registerIntegrationRoutes(*m_http, *m_crew);
    m_setup = std::make_unique<setup::SetupGuide>(*m_store, m_shopify->shops(), *m_crew, *m_mapping,
                                                  m_config.crew.orderManager);
    api::registerSetupRoutes(*m_http, *m_setup, m_aliexpressWork);
    api::registerRemoteAgentRoutes(*m_http, m_crew->remote(), *m_store);
    api::registerCatalogRoutes(*m_http, *m_store, m_config.crew.dataAnalyzer.minOrdersForScore,
                               *m_heavyReads);
    api::registerReportRoutes(*m_http, *m_store, m_config.crew.orderManager, *m_heavyReads);
    api::registerDataRoutes(*m_http, *m_store);
    api::registerAgentRoutes(*m_http, *m_tasks, *m_store);
    api::registerWebhookRoutes(*m_http, m_shopify->receiver());
    m_shopifyCalls = api::registerShopRoutes(*m_http, *m_store, *m_shopify);
    api::registerShopImportRoutes(*m_http, m_shopify->catalogImport());
    api::registerEventRoutes(*m_http, *m_events);
    api::registerTaskRoutes(*m_http, *m_tasks, *m_store);
    api::registerWorkflowRoutes(*m_http, *m_workflows, *m_tasks, *m_store);
    api::registerDryRunRoutes(*m_http, *m_workflows, *m_tasks, *m_store, *m_heavyReads);
    api::registerPayloadRoutes(*m_http, *m_store, *m_heavyReads);
    api::registerAlertRoutes(*m_http, *m_alerts);
    api::registerSystemRoutes(*m_http, {*m_store, *m_tasks, *m_workflows, *m_events, m_metrics,
                                        storage::backendName(m_config.database.backend),
                                        shippedWorkflowState(m_config)});
}

} // namespace dc::runtime
