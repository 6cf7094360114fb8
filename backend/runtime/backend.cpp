// SPDX-License-Identifier: GPL-3.0-or-later
#include "runtime/backend.h"

#include "api/eventsapi.h"
#include "api/tasksapi.h"
#include "api/workflowsapi.h"

#include "core/logging.h"
#include "dropcrew/version.h"
#include "storage/sqlutil.h"
#include <QDir>

#include <QCoreApplication>
#include <QHostInfo>
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

std::expected<std::unique_ptr<Backend>, QString> Backend::start(const Config &config)
{
    std::unique_ptr<Backend> b(new Backend);
    b->m_config = config;

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
    b->m_secrets = security::withEnvironmentOverrides(std::move(inner));

    storage::DatabaseUrl url = config.database;
    if (url.backend == storage::Backend::Postgres) {
        auto pw = b->m_secrets->read(kDatabasePassword);
        if (!pw)
            return std::unexpected(pw.error());
        if (pw->has_value())
            url.password = QString::fromUtf8(**pw);
    }

    auto keys = loadOrCreateFieldKeys(*b->m_secrets);
    if (!keys)
        return std::unexpected(keys.error());
    b->m_cipher = std::make_unique<security::FieldCipher>(std::move(*keys));

    auto store = storage::Store::open(url);
    if (!store)
        return std::unexpected(store.error());
    b->m_store = std::move(*store);

    // Names this process among instances sharing a database (leases, logs).
    const QString instance = QHostInfo::localHostName() + QLatin1Char('-') +
                             QString::number(QCoreApplication::applicationPid()) +
                             QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(6);
    b->m_events = std::make_unique<events::EventBus>(*b->m_store, *b->m_cipher, instance);
    b->m_events->setRetentionPolicy({config.eventRetentionDays, config.eventRetentionCount});
    b->m_events->start();
    b->m_tasks = std::make_unique<tasks::TaskManager>(*b->m_store, *b->m_events, instance);
    b->registerSystemAgent();
    // A definition validates against the agent actions this process can run.
    tasks::TaskManager *tm = b->m_tasks.get();
    b->m_workflows = std::make_unique<workflows::WorkflowEngine>(
        *b->m_store, *b->m_events, *b->m_tasks,
        [tm](const QString &agent, const QString &action) -> std::optional<QString> {
            if (tm->hasKind(agent + QLatin1Char('.') + action))
                return std::nullopt;
            return QStringLiteral("no agent action \"%1.%2\" is available").arg(agent, action);
        });
    b->m_workflows->loadFolders(b->workflowFolders());
    b->m_tasks->start();
    b->m_workflows->start();

    b->m_http = std::make_unique<api::HttpFront>();
    b->registerRoutes();
    auto port = b->m_http->listen(config.listenHost, config.listenPort);
    if (!port) {
        b->m_tasks->stop();
        b->m_events->stop();
        b->m_store->close();
        return std::unexpected(port.error());
    }
    return b;
}

Backend::~Backend()
{
    stop();
}

void Backend::stop()
{
    if (m_http)
        m_http->stopListening();
    if (m_workflows)
        m_workflows->stop();
    // Running tasks are asked to stop and their outcomes recorded before events and storage close.
    if (m_tasks)
        m_tasks->stop();
    if (m_events)
        m_events->stop();
    if (m_store)
        m_store->close();
}

QString Backend::listenUrl() const
{
    const QHostAddress a = m_http->address();
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                             : a.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_http->port());
}

QStringList Backend::workflowFolders() const
{
    QStringList folders;
    const QString besideBinary =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/dropcrew/workflows");
    if (QDir(besideBinary).exists())
        folders << QDir::cleanPath(besideBinary);
    else if (QDir(QStringLiteral(DROPCREW_INSTALL_DATADIR "/workflows")).exists())
        folders << QStringLiteral(DROPCREW_INSTALL_DATADIR "/workflows");
    folders << m_config.dataDir + QStringLiteral("/workflows");
    return folders;
}

void Backend::registerSystemAgent()
{
    // The "system" agent of error_handling: notify_admin raises an operator notification as an
    // event (the dashboard and outbound webhooks pick it up); noop does nothing, on purpose.
    events::EventBus *bus = m_events.get();
    storage::Store *store = m_store.get();
    m_tasks->registerKind(QStringLiteral("system.notify_admin"), [bus,
                                                                  store](tasks::TaskContext &ctx) {
        auto r = store->writeAndWait<qint64>([&](storage::WriteContext &w) {
            return bus->append(w, events::EventDraft{QStringLiteral("admin.notification"),
                                                     ctx.input, QString(), QStringLiteral("system"),
                                                     ctx.correlationId, QString()});
        });
        if (!r)
            return tasks::TaskOutcome::failure(QStringLiteral("store"), r.error().message);
        qCWarning(lcApp).noquote()
            << "operator notification:" << ctx.input.value(QStringLiteral("subject")).toString();
        return tasks::TaskOutcome::success({{QStringLiteral("event_id"), *r}});
    });
    m_tasks->registerKind(QStringLiteral("system.noop"),
                          [](tasks::TaskContext &) { return tasks::TaskOutcome::success(); });
}

void Backend::registerRoutes()
{
    api::registerEventRoutes(*m_http, *m_events);
    api::registerTaskRoutes(*m_http, *m_tasks, *m_store);
    api::registerWorkflowRoutes(*m_http, *m_workflows, *m_store,
                                m_config.dataDir + QStringLiteral("/workflows"));
    const QString db = storage::backendName(m_config.database.backend);
    m_http->server().route(QStringLiteral("/api/health"), QHttpServerRequest::Method::Get, [db] {
        return api::json({{QStringLiteral("status"), QStringLiteral("ok")},
                          {QStringLiteral("version"), QStringLiteral(DROPCREW_VERSION)},
                          {QStringLiteral("database"), db}});
    });
}

} // namespace dc::runtime
