// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Start-up configuration: command line first, then <data-dir>/dropcrew.ini, then defaults.
#include "agents/settings.h"
#include "security/secretstore.h"
#include "storage/databaseurl.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <expected>

namespace dc::runtime {

struct Config
{
    bool headless = false;
    QString connectUrl; // --connect: the window talks to this server; no embedded backend
    QString dataDir;
    storage::DatabaseUrl database;
    QHostAddress listenHost = QHostAddress::LocalHost;
    quint16 listenPort = 8765;
    security::SecretStore::Kind secrets = security::SecretStore::Kind::Keychain;
    int eventRetentionDays = 90; // [events] retention_days; 0 keeps events by age forever
    // [privacy] retention_days: raw webhook bodies and finished runs' and tasks' payloads (they
    // carry customers' personal data) are emptied after this; 0 keeps them.
    int privacyRetentionDays = 30;
    qint64 eventRetentionCount = 0; // [events] retention_count; 0: no count limit
    QString tlsCert;                // PEM; with tlsKey the API is served over HTTPS only
    QString tlsKey;
    // [limits] in the INI file. A rate of 0 turns that limiter off.
    struct Limits
    {
        int ipRate = 200; // requests per second per client address, before authentication
        int ipBurst = 400;
        int userRate = 100; // per second per user or API key
        int userBurst = 200;
        int authPerMinute = 20; // failed /api/auth/* attempts per address
        int authBurst = 10;
        // Failed logins per account (any address) before it must wait: 1 s, then twice as long
        // after each further failure, up to loginBackoffMaxSeconds (0 turns this off).
        int loginFreeFailures = 5;
        int loginBackoffMaxSeconds = 900;
        // Proxies (address/prefix) whose X-Forwarded-For names the client; empty: none.
        QList<std::pair<QHostAddress, int>> trustedProxies;
        int sensitivePerMinute = 60; // cancel, refund, delete, erase per user or key
        int sensitiveBurst = 10;
        // Webhooks are limited by their failures (bad signatures) per address, never by the
        // deliveries that verify.
        int failuresPerMinute = 30;
        int failuresBurst = 60;
        int maxConnections = 1024;
        int maxConnectionsPerIp = 64;
        int maxBodyKiB = 64;
        // Memory for request bodies read before any credential is checked (webhooks), all
        // connections together; a body counts twice while it arrives. 0: no bound.
        int maxUnauthenticatedBodyMiB = 64;
        int idleTimeoutSeconds = 30;
        int requestTimeoutSeconds = 15;
    } limits;
    int accessTokenMinutes = 15; // [auth] access_token_minutes
    // [tasks] workers: task handlers running at once. Agent actions mostly wait (supplier and
    // Shopify calls, commits), so there are more than cores.
    int taskWorkers = 16;
    // [cluster] lease_seconds: how long a task claim or a durable subscription held by an
    // instance that died stays with it before another instance takes it over.
    int leaseSeconds = 30;
    int shopifyReconcileMinutes = 15; // [shopify] reconcile_minutes; 0 turns it off
    // [shopify] poll_seconds: how often shops that receive no webhooks (no public URL) are
    // polled for the orders and products they updated; 0 turns polling off.
    int shopifyPollSeconds = 60;
    // [shopify] public_url: where Shopify reaches this server (webhooks at
    // <public_url>/webhooks/shopify) for shops with no public_url of their own.
    QString shopifyPublicUrl;
    // [shopify] webhook_max_age_minutes: deliveries whose X-Shopify-Triggered-At is older are
    // refused as replays (Shopify retries for 4 hours).
    int shopifyWebhookMaxAgeMinutes = 300;
    // [shopify] bulk_import_threshold: a catalog import in mode auto reads a shop with this many
    // products or more through a bulk operation, smaller ones page by page.
    int shopifyBulkImportThreshold = 1000;
    // [storage] recovery_seconds: after a storage failure (disk full, I/O error, database down),
    // health stays "degraded" until writes have succeeded for this long with no new failure.
    int storageRecoverySeconds = 30;
    // [storage] min_free_mib: health is "degraded" while the SQLite database's filesystem has
    // less free space than this; 0 turns the check off.
    int storageMinFreeMiB = 64;
    // [workflows] shipped_folder: where the shipped workflow definitions are read. Empty: beside
    // the program (../share/dropcrew/workflows: a build tree, a relocated install or a bundle),
    // else the install prefix's; "none": no shipped workflows (only <data-dir>/workflows and
    // those saved through the API).
    QString shippedWorkflows;
    // [shopify] process_webhooks=false keeps accepting and storing deliveries but holds their
    // processing (an incident, maintenance); they are processed once it is true again.
    bool shopifyProcessWebhooks = true;
    // [order_manager], [aliexpress], [data_analyzer] and [llm].
    agents::CrewSettings crew;
    QString iniPath() const { return dataDir + QStringLiteral("/dropcrew.ini"); }
};

struct CommandLine
{
    enum class Action { Run, Help, Version, AuditVerify, Info, Setup };
    Action action = Action::Run;
    QString text;          // what to print for Help and Version
    QStringList setupArgs; // Setup: the words after "setup" (app/setupcli.h checks them)
    Config config;
};

// Parses the arguments (args[0] is the program), reads the INI file of the chosen data folder,
// checks that the folder is writable, and validates every value. An error is one line meant for
// standard error; the caller exits with code 2.
std::expected<CommandLine, QString> parseCommandLine(const QStringList &args);

// "127.0.0.1:8765", "[::1]:0", "localhost:9000"
std::expected<std::pair<QHostAddress, quint16>, QString> parseListen(const QString &text);

QString defaultDataDir();

} // namespace dc::runtime
