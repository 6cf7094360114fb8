// SPDX-License-Identifier: GPL-3.0-or-later
#include "runtime/config.h"

#include "dropcrew/version.h"
#include "shopify/shopregistry.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QUrl>
#include <cmath>

namespace dc::runtime {

QString defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/dropcrew");
}

std::expected<std::pair<QHostAddress, quint16>, QString> parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::unexpected(
            QStringLiteral("invalid --listen \"%1\": expected HOST:PORT").arg(text));
    QString host = text.left(colon);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return std::unexpected(
            QStringLiteral("invalid --listen \"%1\": port must be 0-65535").arg(text));
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress addr;
    if (host == QLatin1String("localhost"))
        addr = QHostAddress::LocalHost;
    else if (!addr.setAddress(host))
        return std::unexpected(
            QStringLiteral("invalid --listen \"%1\": host must be an IP address or localhost")
                .arg(text));
    return std::pair{addr, quint16(port)};
}

std::expected<CommandLine, QString> parseCommandLine(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "DropCrew: operator dashboard and orchestration backend for dropshipping stores.\n"
        "Without --headless it opens the desktop dashboard; with it, it runs the same backend as a "
        "server. Settings also come from <data-dir>/dropcrew.ini ([general] database=, listen=, "
        "secrets=; also [workflows], [limits], [auth], [events], [shopify], [order_manager], "
        "[aliexpress], [data_analyzer], [llm] and [smtp]: every one with its default in the "
        "dropcrew.ini installed beside the shipped workflows); the command line wins."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption headless(
        QStringLiteral("headless"), QStringLiteral("Run the backend without a window (servers)."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Folder for the database, settings and secrets "
                                                    "(default: %1).")
                                         .arg(defaultDataDir()),
                                     QStringLiteral("DIR"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral(
            "sqlite:///path/file.db (default: <data-dir>/dropcrew.db) or "
            "postgresql://user@host:port/dbname. The PostgreSQL password comes from "
            "DROPCREW_DATABASE_PASSWORD or the secret \"database-password\", never the URL."),
        QStringLiteral("URL"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address of the HTTP API (default 127.0.0.1:8765; "
                       "port 0 picks a free port)."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption secrets(
        QStringLiteral("secrets"),
        QStringLiteral("Where secrets are kept: keychain (the desktop's Secret Service; default "
                       "with a window) or file (0600 files in <data-dir>/secrets; default with "
                       "--headless). DROPCREW_<NAME> variables override either."),
        QStringLiteral("keychain|file"));
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QStringLiteral("PEM certificate (chain) to serve the API over HTTPS; needs --tls-key."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                                    QStringLiteral("PEM private key (unencrypted) for --tls-cert."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption connectTo(
        QStringLiteral("connect"),
        QStringLiteral("Open the dashboard on a remote DropCrew server (asks for a user name and "
                       "password) instead of starting the embedded backend."),
        QStringLiteral("URL"));
    p.addOptions(
        {help, version, headless, dataDir, database, listen, secrets, tlsCert, tlsKey, connectTo});
    p.addPositionalArgument(QStringLiteral("audit verify"),
                            QStringLiteral("Check the audit log's hash chain and exit (0 intact, "
                                           "1 broken, 2 cannot check)."));
    p.addPositionalArgument(
        QStringLiteral("info"),
        QStringLiteral("Print the version, the folders, default settings and database in use, "
                       "the shipped workflows and how many workflows there are, and the "
                       "translations, and exit (1 when no workflow is found)."));
    p.addPositionalArgument(
        QStringLiteral("setup"),
        QStringLiteral("The first-run guide, as a client of the running server (--connect URL, "
                       "default: the listen address): `setup` walks through every missing step "
                       "(admin password, Shopify store, AliExpress account, product mapping, "
                       "test order), `setup status` lists them (exit 0 when complete, 1 when "
                       "not), `setup STEP` does one, `setup skip|resume STEP`. Credentials: "
                       "DROPCREW_API_KEY, else DROPCREW_USER (admin) and DROPCREW_PASSWORD or the "
                       "password asked for."));

    if (!p.parse(args))
        return std::unexpected(p.errorText());
    CommandLine out;
    const QStringList positional = p.positionalArguments();
    if (positional == QStringList{QStringLiteral("audit"), QStringLiteral("verify")})
        out.action = CommandLine::Action::AuditVerify;
    else if (positional == QStringList{QStringLiteral("info")})
        out.action = CommandLine::Action::Info;
    else if (positional.value(0) == QLatin1String("setup")) {
        out.action = CommandLine::Action::Setup;
        out.setupArgs = positional.mid(1);
    } else if (!positional.isEmpty())
        return std::unexpected(
            QStringLiteral("unexpected argument \"%1\" (see --help)").arg(positional.first()));

    if (p.isSet(help)) {
        out.action = CommandLine::Action::Help;
        out.text =
            p.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("dropcrew"));
        return out;
    }
    if (p.isSet(version)) {
        out.action = CommandLine::Action::Version;
        out.text = QStringLiteral("dropcrew %1\n").arg(QStringLiteral(DROPCREW_VERSION));
        return out;
    }

    Config &c = out.config;
    c.headless = p.isSet(headless);
    if (p.isSet(connectTo)) {
        const QUrl u(p.value(connectTo), QUrl::StrictMode);
        if (c.headless)
            return std::unexpected(QStringLiteral("--connect opens a window: it cannot be used "
                                                  "with --headless"));
        if (!u.isValid() || u.host().isEmpty() ||
            (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")))
            return std::unexpected(
                QStringLiteral("invalid --connect \"%1\": expected http(s)://host:port")
                    .arg(p.value(connectTo)));
        c.connectUrl = u.toString();
    }
    c.dataDir = QDir::cleanPath(
        QDir(p.isSet(dataDir) ? p.value(dataDir) : defaultDataDir()).absolutePath());
    const bool created = !QFileInfo::exists(c.dataDir);
    if (!QDir().mkpath(c.dataDir))
        return std::unexpected(QStringLiteral("cannot create the data folder %1").arg(c.dataDir));
    // It holds the database, the settings and (file store) the secrets: the owner's alone.
    if (created)
        QFile::setPermissions(c.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                             QFileDevice::ExeOwner);
    {
        // Proof of writability: QDir::mkpath succeeds on an existing read-only folder.
        QTemporaryFile probe(c.dataDir + QStringLiteral("/.write-test-XXXXXX"));
        if (!probe.open())
            return std::unexpected(QStringLiteral("the data folder %1 is not writable: %2")
                                       .arg(c.dataDir, probe.errorString()));
    }

    const QString ini = c.iniPath();
    QSettings settings(ini, QSettings::IniFormat);
    if (QFileInfo::exists(ini) && settings.status() != QSettings::NoError)
        return std::unexpected(QStringLiteral("cannot read %1: malformed INI file").arg(ini));
    auto pick = [&](const QCommandLineOption &opt, const QString &key) -> QString {
        if (p.isSet(opt))
            return p.value(opt);
        return settings.value(QStringLiteral("general/") + key).toString();
    };

    QString dbText = pick(database, QStringLiteral("database"));
    if (dbText.isEmpty())
        dbText = QStringLiteral("sqlite://") + c.dataDir + QStringLiteral("/dropcrew.db");
    auto url = storage::DatabaseUrl::parse(dbText);
    if (!url)
        return std::unexpected(url.error());
    c.database = *url;

    const QString listenText = pick(listen, QStringLiteral("listen"));
    if (!listenText.isEmpty()) {
        auto l = parseListen(listenText);
        if (!l)
            return std::unexpected(l.error());
        c.listenHost = l->first;
        c.listenPort = l->second;
    }

    for (auto [key, target, max] :
         {std::tuple{QStringLiteral("events/retention_days"), &c.eventRetentionDays, qint64(36500)},
          std::tuple{QStringLiteral("privacy/retention_days"), &c.privacyRetentionDays,
                     qint64(36500)}}) {
        if (!settings.contains(key))
            continue;
        bool ok = false;
        const qint64 v = settings.value(key).toLongLong(&ok);
        if (!ok || v < 0 || v > max)
            return std::unexpected(QStringLiteral("%1: %2 must be a whole number from 0 to %3")
                                       .arg(ini, key)
                                       .arg(max));
        *target = int(v);
    }
    if (settings.contains(QStringLiteral("events/retention_count"))) {
        bool ok = false;
        const qint64 v = settings.value(QStringLiteral("events/retention_count")).toLongLong(&ok);
        if (!ok || v < 0)
            return std::unexpected(
                QStringLiteral("%1: events/retention_count must be a whole number >= 0").arg(ini));
        c.eventRetentionCount = v;
    }

    c.tlsCert = pick(tlsCert, QStringLiteral("tls_cert"));
    c.tlsKey = pick(tlsKey, QStringLiteral("tls_key"));
    if (c.tlsCert.isEmpty() != c.tlsKey.isEmpty())
        return std::unexpected(QStringLiteral("--tls-cert and --tls-key go together"));

    Config::Limits &l = c.limits;
    for (auto [key, target, max] :
         {std::tuple{"limits/ip_rate", &l.ipRate, 1'000'000},
          std::tuple{"limits/ip_burst", &l.ipBurst, 1'000'000},
          std::tuple{"limits/user_rate", &l.userRate, 1'000'000},
          std::tuple{"limits/user_burst", &l.userBurst, 1'000'000},
          std::tuple{"limits/auth_per_minute", &l.authPerMinute, 100'000},
          std::tuple{"limits/auth_burst", &l.authBurst, 100'000},
          std::tuple{"limits/login_free_failures", &l.loginFreeFailures, 1000},
          std::tuple{"limits/login_backoff_max_seconds", &l.loginBackoffMaxSeconds, 24 * 3600},
          std::tuple{"limits/sensitive_per_minute", &l.sensitivePerMinute, 100'000},
          std::tuple{"limits/sensitive_burst", &l.sensitiveBurst, 100'000},
          std::tuple{"limits/failures_per_minute", &l.failuresPerMinute, 100'000},
          std::tuple{"limits/failures_burst", &l.failuresBurst, 100'000},
          std::tuple{"limits/max_connections", &l.maxConnections, 100'000},
          std::tuple{"limits/max_connections_per_ip", &l.maxConnectionsPerIp, 100'000},
          std::tuple{"limits/max_body_kib", &l.maxBodyKiB, 1024 * 1024},
          std::tuple{"limits/max_unauthenticated_body_mib", &l.maxUnauthenticatedBodyMiB,
                     1024 * 1024},
          std::tuple{"limits/idle_timeout_seconds", &l.idleTimeoutSeconds, 3600},
          std::tuple{"limits/request_timeout_seconds", &l.requestTimeoutSeconds, 3600},
          std::tuple{"auth/access_token_minutes", &c.accessTokenMinutes, 24 * 60},
          std::tuple{"tasks/workers", &c.taskWorkers, 256},
          std::tuple{"cluster/lease_seconds", &c.leaseSeconds, 3600},
          std::tuple{"shopify/reconcile_minutes", &c.shopifyReconcileMinutes, 7 * 24 * 60},
          std::tuple{"shopify/poll_seconds", &c.shopifyPollSeconds, 24 * 3600},
          std::tuple{"shopify/webhook_max_age_minutes", &c.shopifyWebhookMaxAgeMinutes,
                     7 * 24 * 60},
          std::tuple{"shopify/bulk_import_threshold", &c.shopifyBulkImportThreshold, 100'000'000},
          std::tuple{"storage/recovery_seconds", &c.storageRecoverySeconds, 3600},
          std::tuple{"storage/min_free_mib", &c.storageMinFreeMiB, 1024 * 1024}}) {
        const QString full = QLatin1String(key);
        if (!settings.contains(full))
            continue;
        bool ok = false;
        const qint64 v = settings.value(full).toLongLong(&ok);
        if (!ok || v < 0 || v > max)
            return std::unexpected(QStringLiteral("%1: %2 must be a whole number from 0 to %3")
                                       .arg(ini, full)
                                       .arg(max));
        *target = int(v);
    }

    // "10.0.0.0/8, 192.168.1.5, ::1" (QSettings reads a comma-separated value as a list).
    for (const QString &item :
         settings.value(QStringLiteral("limits/trusted_proxies")).toStringList()) {
        for (const QString &raw : item.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString text = raw.trimmed();
            if (text.isEmpty())
                continue;
            auto subnet = text.contains(QLatin1Char('/'))
                              ? QHostAddress::parseSubnet(text)
                              : std::pair<QHostAddress, int>{QHostAddress(text), -1};
            if (subnet.first.isNull())
                return std::unexpected(
                    QStringLiteral("%1: limits/trusted_proxies: \"%2\" is not an address or "
                                   "address/prefix")
                        .arg(ini, text));
            if (subnet.second < 0)
                subnet.second = subnet.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
            c.limits.trustedProxies.append(subnet);
        }
    }

    c.shippedWorkflows =
        settings.value(QStringLiteral("workflows/shipped_folder")).toString().trimmed();
    if (!c.shippedWorkflows.isEmpty() && c.shippedWorkflows != QLatin1String("none")) {
        if (!QFileInfo(c.shippedWorkflows).isDir())
            return std::unexpected(
                QStringLiteral("%1: workflows/shipped_folder: %2 is not a folder (or none)")
                    .arg(ini, c.shippedWorkflows));
        c.shippedWorkflows = QDir::cleanPath(QFileInfo(c.shippedWorkflows).absoluteFilePath());
    }

    c.shopifyPublicUrl = settings.value(QStringLiteral("shopify/public_url")).toString().trimmed();
    if (auto p = c.shopifyPublicUrl.isEmpty() ? std::nullopt
                                              : shopify::publicUrlProblem(c.shopifyPublicUrl))
        return std::unexpected(QStringLiteral("%1: shopify/public_url: %2").arg(ini, *p));

    if (settings.contains(QStringLiteral("shopify/process_webhooks"))) {
        const QString v = settings.value(QStringLiteral("shopify/process_webhooks")).toString();
        if (v != QLatin1String("true") && v != QLatin1String("false"))
            return std::unexpected(
                QStringLiteral("%1: shopify/process_webhooks must be true or false").arg(ini));
        c.shopifyProcessWebhooks = v == QLatin1String("true");
    }

    // The agents' settings. Percentages may have two decimals ("12.5").
    agents::CrewSettings &crew = c.crew;
    const auto percent = [&](const QString &key, int *basisPoints) -> std::expected<void, QString> {
        if (!settings.contains(key))
            return {};
        bool ok = false;
        const double v = settings.value(key).toString().toDouble(&ok);
        if (!ok || v < 0 || v > 100)
            return std::unexpected(
                QStringLiteral("%1: %2 must be a percentage from 0 to 100").arg(ini, key));
        *basisPoints = int(std::lround(v * 100));
        return {};
    };
    for (auto [key, target] :
         {std::pair{QStringLiteral("order_manager/min_margin_percent"),
                    &crew.orderManager.minMarginBasisPoints},
          std::pair{QStringLiteral("order_manager/fee_percent"), &crew.orderManager.feeBasisPoints},
          std::pair{QStringLiteral("data_analyzer/price_change_percent"),
                    &crew.dataAnalyzer.priceChangeBasisPoints}})
        if (auto r = percent(key, target); !r)
            return std::unexpected(r.error());
    int aeTimeout = crew.aliexpressTimeoutMs / 1000, llmTimeout = crew.content.timeoutMs / 1000;
    int feeFixed = int(crew.orderManager.feeFixedMinor);
    for (auto [key, target, min, max] :
         {std::tuple{QStringLiteral("order_manager/fee_fixed_minor"), &feeFixed, 0, 1'000'000},
          std::tuple{QStringLiteral("order_manager/stock_alert_threshold"),
                     &crew.orderManager.stockAlertThreshold, 0, 1'000'000},
          std::tuple{QStringLiteral("data_analyzer/min_orders_for_score"),
                     &crew.dataAnalyzer.minOrdersForScore, 1, 1'000'000},
          std::tuple{QStringLiteral("aliexpress/timeout_seconds"), &aeTimeout, 1, 300},
          std::tuple{QStringLiteral("llm/timeout_seconds"), &llmTimeout, 1, 600}}) {
        if (!settings.contains(key))
            continue;
        bool ok = false;
        const qint64 v = settings.value(key).toLongLong(&ok);
        if (!ok || v < min || v > max)
            return std::unexpected(QStringLiteral("%1: %2 must be a whole number from %3 to %4")
                                       .arg(ini, key)
                                       .arg(min)
                                       .arg(max));
        *target = int(v);
    }
    crew.orderManager.feeFixedMinor = feeFixed;
    crew.aliexpressTimeoutMs = aeTimeout * 1000;
    crew.content.timeoutMs = llmTimeout * 1000;
    for (auto [key, target] : {std::pair{QStringLiteral("aliexpress/url"), &crew.aliexpressUrl},
                               std::pair{QStringLiteral("llm/url"), &crew.content.llmUrl}}) {
        if (!settings.contains(key))
            continue;
        const QString v = settings.value(key).toString().trimmed();
        const QUrl u(v, QUrl::StrictMode);
        if (!v.isEmpty() &&
            (!u.isValid() || u.host().isEmpty() ||
             (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))))
            return std::unexpected(
                QStringLiteral("%1: %2 must be an http or https URL").arg(ini, key));
        *target = v.endsWith(QLatin1Char('/')) ? v.chopped(1) : v;
    }
    crew.content.model = settings.value(QStringLiteral("llm/model")).toString();
    if (!crew.content.llmUrl.isEmpty() && crew.content.model.isEmpty())
        return std::unexpected(QStringLiteral("%1: llm/model is needed with llm/url").arg(ini));
    // [smtp]: customer notifications by email.
    agents::SmtpSettings &smtp = crew.smtp;
    smtp.url = settings.value(QStringLiteral("smtp/url")).toString().trimmed();
    if (!smtp.url.isEmpty()) {
        const QUrl u(smtp.url, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty() ||
            (u.scheme() != QLatin1String("smtp") && u.scheme() != QLatin1String("smtps")))
            return std::unexpected(
                QStringLiteral("%1: smtp/url must be smtp://host[:port] or smtps://host[:port]")
                    .arg(ini));
        smtp.from = settings.value(QStringLiteral("smtp/from")).toString().trimmed();
        if (!smtp.from.contains(QLatin1Char('@')) || smtp.from.contains(QLatin1Char('\n')))
            return std::unexpected(
                QStringLiteral("%1: smtp/from must be an email address").arg(ini));
        smtp.username = settings.value(QStringLiteral("smtp/username")).toString();
        const QString tls =
            settings.value(QStringLiteral("smtp/tls"), QStringLiteral("required")).toString();
        if (tls != QLatin1String("required") && tls != QLatin1String("none"))
            return std::unexpected(
                QStringLiteral("%1: smtp/tls must be required or none").arg(ini));
        smtp.requireTls = tls == QLatin1String("required");
        smtp.language =
            settings.value(QStringLiteral("smtp/language"), QStringLiteral("en")).toString();
        if (smtp.language != QLatin1String("en") && smtp.language != QLatin1String("fr"))
            return std::unexpected(QStringLiteral("%1: smtp/language must be en or fr").arg(ini));
        // Operators' addresses for alerts, comma-separated (QSettings may split them already).
        const QVariant to = settings.value(QStringLiteral("smtp/alerts_to"));
        const QStringList parts = to.typeId() == QMetaType::QStringList
                                      ? to.toStringList()
                                      : to.toString().split(QLatin1Char(','));
        for (const QString &part : parts) {
            const QString address = part.trimmed();
            if (address.isEmpty())
                continue;
            if (!address.contains(QLatin1Char('@')) || address.contains(QLatin1Char('\n')))
                return std::unexpected(
                    QStringLiteral("%1: smtp/alerts_to must be email addresses").arg(ini));
            smtp.alertsTo << address;
        }
    }
    crew.orderManager.logisticsService =
        settings.value(QStringLiteral("order_manager/logistics_service")).toString();

    const QString secretsText = pick(secrets, QStringLiteral("secrets"));
    if (secretsText.isEmpty()) {
        c.secrets =
            c.headless ? security::SecretStore::Kind::File : security::SecretStore::Kind::Keychain;
    } else {
        auto kind = security::secretStoreKindFromString(secretsText);
        if (!kind)
            return std::unexpected(
                QStringLiteral("invalid --secrets \"%1\": expected keychain or file")
                    .arg(secretsText));
        c.secrets = *kind;
    }
    return out;
}

} // namespace dc::runtime
