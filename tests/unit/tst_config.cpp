// SPDX-License-Identifier: GPL-3.0-or-later
#include "runtime/config.h"

#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace dc::runtime;

class TestConfig : public QObject
{
    Q_OBJECT
private slots:
    void defaults();
    void iniFileAndCommandLinePrecedence();
    void errors_data();
    void errors();
    void helpAndVersion();
    void connectToRemote();
    void agentSettings();
    void listen_data();
    void listen();
    void shippedWorkflowsSetting();
    void defaultIniListsEveryKey();
    void defaultIniUncommentedChangesNothing();

private:
    // resources/dropcrew.ini, the default settings file installed beside the shipped workflows.
    static QString defaultIni();
    // `dropcrew --headless --data-dir DIR` with ini as DIR/dropcrew.ini.
    static std::expected<CommandLine, QString> parseWithIni(const QTemporaryDir &dir,
                                                            const QByteArray &ini);
};

std::expected<CommandLine, QString> TestConfig::parseWithIni(const QTemporaryDir &dir,
                                                             const QByteArray &ini)
{
    QFile f(dir.filePath(QStringLiteral("dropcrew.ini")));
    if (!f.open(QIODevice::WriteOnly) || f.write(ini) != ini.size())
        return std::unexpected(QStringLiteral("cannot write the INI file"));
    f.close();
    return parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                             QStringLiteral("--data-dir"), dir.path()});
}

void TestConfig::defaults()
{
    QTemporaryDir dir;
    auto cl = parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                                QStringLiteral("--data-dir"), dir.path()});
    QVERIFY2(cl, qPrintable(cl ? QString() : cl.error()));
    QCOMPARE(cl->action, CommandLine::Action::Run);
    QVERIFY(cl->config.headless);
    QCOMPARE(cl->config.database.backend, dc::storage::Backend::Sqlite);
    QCOMPARE(cl->config.database.path, dir.path() + QStringLiteral("/dropcrew.db"));
    QCOMPARE(cl->config.listenHost, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(cl->config.listenPort, quint16(8765));
    QCOMPARE(cl->config.secrets, dc::security::SecretStore::Kind::File); // headless default
    QCOMPARE(cl->config.limits.maxUnauthenticatedBodyMiB, 64);
    auto gui =
        parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--data-dir"), dir.path()});
    QCOMPARE(gui->config.secrets, dc::security::SecretStore::Kind::Keychain);
}

void TestConfig::iniFileAndCommandLinePrecedence()
{
    QTemporaryDir dir;
    {
        QSettings ini(dir.filePath(QStringLiteral("dropcrew.ini")), QSettings::IniFormat);
        ini.setValue(QStringLiteral("general/listen"), QStringLiteral("0.0.0.0:9000"));
        ini.setValue(QStringLiteral("general/database"),
                     QStringLiteral("postgresql://crew@db/shop"));
        ini.setValue(QStringLiteral("general/secrets"), QStringLiteral("keychain"));
        ini.setValue(QStringLiteral("events/retention_days"), 7);
        ini.setValue(QStringLiteral("events/retention_count"), 100000);
        ini.setValue(QStringLiteral("limits/max_unauthenticated_body_mib"), 16);
    }
    auto fromIni = parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                                     QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(fromIni);
    QCOMPARE(fromIni->config.listenPort, quint16(9000));
    QCOMPARE(fromIni->config.listenHost, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(fromIni->config.database.backend, dc::storage::Backend::Postgres);
    QCOMPARE(fromIni->config.secrets, dc::security::SecretStore::Kind::Keychain);
    QCOMPARE(fromIni->config.eventRetentionDays, 7);
    QCOMPARE(fromIni->config.eventRetentionCount, qint64(100000));
    QCOMPARE(fromIni->config.limits.maxUnauthenticatedBodyMiB, 16);
    {
        QSettings ini(dir.filePath(QStringLiteral("dropcrew.ini")), QSettings::IniFormat);
        ini.setValue(QStringLiteral("events/retention_days"), QStringLiteral("forever"));
    }
    auto badIni = parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                                    QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(!badIni);
    QVERIFY2(badIni.error().contains(QStringLiteral("retention_days")), qPrintable(badIni.error()));
    {
        QSettings ini(dir.filePath(QStringLiteral("dropcrew.ini")), QSettings::IniFormat);
        ini.remove(QStringLiteral("events/retention_days"));
    }
    auto cli = parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--headless"),
                                 QStringLiteral("--data-dir"), dir.path(),
                                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                 QStringLiteral("--database"), QStringLiteral("sqlite:///tmp/x.db"),
                                 QStringLiteral("--secrets"), QStringLiteral("file")});
    QVERIFY(cli);
    QCOMPARE(cli->config.listenPort, quint16(0));
    QCOMPARE(cli->config.database.path, QStringLiteral("/tmp/x.db"));
    QCOMPARE(cli->config.secrets, dc::security::SecretStore::Kind::File);
}

void TestConfig::agentSettings()
{
    QTemporaryDir dir;
    const auto parse = [&](const QByteArray &ini) { return parseWithIni(dir, ini); };
    auto def = parse("");
    QVERIFY(def);
    QCOMPARE(def->config.crew.orderManager.minMarginBasisPoints, 1000);
    QCOMPARE(def->config.crew.aliexpressUrl, QStringLiteral("https://api-sg.aliexpress.com"));
    QVERIFY(def->config.crew.content.llmUrl.isEmpty());
    auto set = parse("[order_manager]\nmin_margin_percent=12.5\nfee_percent=3\nfee_fixed_minor=25\n"
                     "stock_alert_threshold=4\n[aliexpress]\nurl=http://127.0.0.1:9/\n"
                     "timeout_seconds=5\n[llm]\nurl=http://127.0.0.1:11434\nmodel=m\n"
                     "[data_analyzer]\nprice_change_percent=7\n");
    QVERIFY2(set, qPrintable(set ? QString() : set.error()));
    const auto &c = set->config.crew;
    QCOMPARE(c.orderManager.minMarginBasisPoints, 1250);
    QCOMPARE(c.orderManager.feeBasisPoints, 300);
    QCOMPARE(c.orderManager.feeFixedMinor, 25);
    QCOMPARE(c.orderManager.stockAlertThreshold, 4);
    QCOMPARE(c.aliexpressUrl, QStringLiteral("http://127.0.0.1:9"));
    QCOMPARE(c.aliexpressTimeoutMs, 5000);
    QCOMPARE(c.content.model, QStringLiteral("m"));
    QCOMPARE(c.dataAnalyzer.priceChangeBasisPoints, 700);
    QCOMPARE(def->config.limits.loginFreeFailures, 5);
    QCOMPARE(def->config.limits.loginBackoffMaxSeconds, 900);
    QVERIFY(def->config.limits.trustedProxies.isEmpty());
    auto limits = parse("[limits]\nlogin_free_failures=3\nlogin_backoff_max_seconds=60\n"
                        "trusted_proxies=10.0.0.0/8, 192.168.1.5, ::1\n");
    QVERIFY2(limits, qPrintable(limits ? QString() : limits.error()));
    QCOMPARE(limits->config.limits.loginFreeFailures, 3);
    QCOMPARE(limits->config.limits.loginBackoffMaxSeconds, 60);
    const auto &proxies = limits->config.limits.trustedProxies;
    QCOMPARE(proxies.size(), 3);
    QCOMPARE(proxies[0], (std::pair{QHostAddress(QStringLiteral("10.0.0.0")), 8}));
    QCOMPARE(proxies[1], (std::pair{QHostAddress(QStringLiteral("192.168.1.5")), 32}));
    QCOMPARE(proxies[2], (std::pair{QHostAddress(QStringLiteral("::1")), 128}));
    for (const QByteArray &bad : {QByteArray("[order_manager]\nmin_margin_percent=120\n"),
                                  QByteArray("[limits]\ntrusted_proxies=10.0.0.0/8, nowhere\n"),
                                  QByteArray("[limits]\ntrusted_proxies=10.0.0.0/33\n"),
                                  QByteArray("[limits]\nlogin_free_failures=-1\n"),
                                  QByteArray("[aliexpress]\nurl=ftp://x\n"),
                                  QByteArray("[aliexpress]\ntimeout_seconds=0\n"),
                                  QByteArray("[llm]\nurl=http://127.0.0.1:1\n")}) {
        auto r = parse(bad);
        QVERIFY2(!r, bad.constData());
        QVERIFY(r.error().contains(QStringLiteral("dropcrew.ini")));
    }
}

void TestConfig::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTemporaryDir dir;
    QFile blocker(QDir::tempPath() + QStringLiteral("/dropcrew-config-test-file"));
    blocker.open(QIODevice::WriteOnly);
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--frobnicate")} << "Unknown option";
    QTest::newRow("positional") << QStringList{QStringLiteral("extra")} << "unexpected argument";
    QTest::newRow("data dir under a file")
        << QStringList{QStringLiteral("--data-dir"), blocker.fileName() + QStringLiteral("/sub")}
        << "cannot create the data folder";
    QTest::newRow("bad database") << QStringList{QStringLiteral("--database"),
                                                 QStringLiteral("oracle://x")}
                                  << "invalid database URL";
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--listen"),
                                               QStringLiteral("nowhere")}
                                << "invalid --listen";
    QTest::newRow("bad listen port")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000")}
        << "port must be";
    QTest::newRow("bad secrets") << QStringList{QStringLiteral("--secrets"),
                                                QStringLiteral("vault")}
                                 << "invalid --secrets";
    QTest::newRow("connect with headless")
        << QStringList{QStringLiteral("--connect"), QStringLiteral("https://shop.example:8765")}
        << "cannot be used with --headless";
}

void TestConfig::errors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QStringList full{QStringLiteral("dropcrew"), QStringLiteral("--headless")};
    if (!args.contains(QStringLiteral("--data-dir")))
        full << QStringLiteral("--data-dir") << dir.path();
    auto cl = parseCommandLine(full + args);
    QVERIFY(!cl);
    QVERIFY2(cl.error().contains(expected), qPrintable(cl.error()));
    QVERIFY(!cl.error().contains(QLatin1Char('\n')));
}

void TestConfig::connectToRemote()
{
    QTemporaryDir dir;
    const QStringList base{QStringLiteral("dropcrew"), QStringLiteral("--data-dir"), dir.path()};
    auto ok = parseCommandLine(base + QStringList{QStringLiteral("--connect"),
                                                  QStringLiteral("https://ops.example:8765")});
    QVERIFY2(ok, qPrintable(ok ? QString() : ok.error()));
    QCOMPARE(ok->config.connectUrl, QStringLiteral("https://ops.example:8765"));
    QVERIFY(parseCommandLine(base)->config.connectUrl.isEmpty());
    for (const char *bad : {"ops.example", "ftp://ops.example", "http://"}) {
        auto cl = parseCommandLine(
            base + QStringList{QStringLiteral("--connect"), QString::fromLatin1(bad)});
        QVERIFY2(!cl && cl.error().startsWith(QStringLiteral("invalid --connect")), bad);
    }
}

void TestConfig::helpAndVersion()
{
    auto h = parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--help")});
    QCOMPARE(h->action, CommandLine::Action::Help);
    for (const char *opt : {"--headless", "--data-dir", "--database", "--listen", "--secrets",
                            "--version", "--connect"})
        QVERIFY2(h->text.contains(QLatin1String(opt)), opt);
    auto v = parseCommandLine({QStringLiteral("dropcrew"), QStringLiteral("--version")});
    QCOMPARE(v->action, CommandLine::Action::Version);
    QVERIFY(v->text.startsWith(QStringLiteral("dropcrew ")));
}

void TestConfig::listen_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("v4") << "127.0.0.1:8765" << true << "127.0.0.1" << 8765;
    QTest::newRow("v6") << "[::1]:0" << true << "::1" << 0;
    QTest::newRow("localhost") << "localhost:80" << true << "127.0.0.1" << 80;
    QTest::newRow("name") << "example.com:80" << false << "" << 0;
    QTest::newRow("no port") << "127.0.0.1" << false << "" << 0;
    QTest::newRow("empty port") << "127.0.0.1:" << false << "" << 0;
    QTest::newRow("negative") << "127.0.0.1:-1" << false << "" << 0;
}

void TestConfig::listen()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);
    auto r = parseListen(text);
    QCOMPARE(r.has_value(), ok);
    if (ok) {
        QCOMPARE(r->first, QHostAddress(host));
        QCOMPARE(int(r->second), port);
    }
}

void TestConfig::shippedWorkflowsSetting()
{
    QTemporaryDir dir;
    const auto parse = [&](const QByteArray &ini) { return parseWithIni(dir, ini); };
    auto def = parse("");
    QVERIFY(def);
    QVERIFY(def->config.shippedWorkflows.isEmpty()); // found beside the binary or installed
    auto none = parse("[workflows]\nshipped_folder=none\n");
    QVERIFY(none);
    QCOMPARE(none->config.shippedWorkflows, QStringLiteral("none"));
    auto folder = parse("[workflows]\nshipped_folder=" + dir.path().toUtf8() + "/\n");
    QVERIFY2(folder, qPrintable(folder ? QString() : folder.error()));
    QCOMPARE(folder->config.shippedWorkflows, dir.path());
    auto missing = parse("[workflows]\nshipped_folder=" + dir.path().toUtf8() + "/nowhere\n");
    QVERIFY(!missing);
    QVERIFY2(missing.error().contains(QStringLiteral("workflows/shipped_folder")),
             qPrintable(missing.error()));
}

QString TestConfig::defaultIni()
{
    QFile f(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
            QStringLiteral("/resources/dropcrew.ini"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

void TestConfig::defaultIniListsEveryKey()
{
    // What config.cpp reads: "section/key" literals where a key is named (QStringLiteral("x/y")
    // or a table's {"x/y", ...}), and the [general] keys given to pick().
    QFile source(qEnvironmentVariable("DROPCREW_SOURCE_DIR") +
                 QStringLiteral("/backend/runtime/config.cpp"));
    QVERIFY2(source.open(QIODevice::ReadOnly), "DROPCREW_SOURCE_DIR is not the source tree");
    const QString code = QString::fromUtf8(source.readAll());
    QSet<QString> read;
    static const QRegularExpression keyRe(
        QStringLiteral(R"re((?:QStringLiteral\(|\{)"([a-z_]+/[a-z0-9_]+)")re"));
    for (auto it = keyRe.globalMatch(code); it.hasNext();)
        read.insert(it.next().captured(1));
    static const QRegularExpression pickRe(
        QStringLiteral(R"re(pick\(\s*\w+\s*,\s*QStringLiteral\("([a-z0-9_]+)"\)\))re"));
    for (auto it = pickRe.globalMatch(code); it.hasNext();)
        read.insert(QStringLiteral("general/") + it.next().captured(1));
    // The patterns still find what they should (a rewrite of config.cpp must update them).
    for (const char *known : {"general/database", "general/tls_key", "limits/ip_rate",
                              "workflows/shipped_folder", "smtp/alerts_to", "llm/model"})
        QVERIFY2(read.contains(QLatin1String(known)), known);
    QVERIFY(read.size() > 50);

    // What the default file lists: "; key = default" (or uncommented) under its [section].
    const QString ini = defaultIni();
    QVERIFY2(!ini.isEmpty(), "resources/dropcrew.ini is missing");
    QSet<QString> listed;
    QString section;
    static const QRegularExpression sectionRe(QStringLiteral(R"(^\[([a-z_]+)\]\s*$)"));
    static const QRegularExpression entryRe(QStringLiteral(R"(^;?\s*([a-z0-9_]+)\s*=)"));
    for (const QString &line : ini.split(QLatin1Char('\n'))) {
        if (const auto m = sectionRe.match(line); m.hasMatch())
            section = m.captured(1);
        else if (const auto e = entryRe.match(line); e.hasMatch() && !section.isEmpty())
            listed.insert(section + QLatin1Char('/') + e.captured(1));
    }
    for (const QString &key : std::as_const(read))
        QVERIFY2(listed.contains(key), qPrintable(key + QStringLiteral(" is read by config.cpp "
                                                                       "but not in dropcrew.ini")));
    for (const QString &key : std::as_const(listed))
        QVERIFY2(read.contains(key), qPrintable(key + QStringLiteral(" is in dropcrew.ini but "
                                                                     "config.cpp never reads it")));
}

void TestConfig::defaultIniUncommentedChangesNothing()
{
    // Every line uncommented as it stands (inline comments and all) parses, and to the defaults:
    // the values the file shows are the real ones. Placeholders (<data-dir>) stay commented.
    QString uncommented;
    for (const QString &line : defaultIni().split(QLatin1Char('\n'))) {
        static const QRegularExpression entryRe(QStringLiteral(R"(^;\s*([a-z0-9_]+\s*=.*)$)"));
        const auto m = entryRe.match(line);
        uncommented += (m.hasMatch() && !line.contains(QLatin1Char('<')) ? m.captured(1) : line) +
                       QLatin1Char('\n');
    }
    QTemporaryDir plainDir, fileDir;
    {
        QFile f(fileDir.filePath(QStringLiteral("dropcrew.ini")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(uncommented.toUtf8());
    }
    auto plain = parseCommandLine(
        {QStringLiteral("dropcrew"), QStringLiteral("--data-dir"), plainDir.path()});
    auto fromFile = parseCommandLine(
        {QStringLiteral("dropcrew"), QStringLiteral("--data-dir"), fileDir.path()});
    QVERIFY(plain);
    QVERIFY2(fromFile, qPrintable(fromFile ? QString() : fromFile.error()));
    const Config &a = plain->config, &b = fromFile->config;
#define DC_SAME(field) QCOMPARE(b.field, a.field)
    DC_SAME(listenHost);
    DC_SAME(listenPort);
    DC_SAME(secrets);
    DC_SAME(tlsCert);
    DC_SAME(tlsKey);
    DC_SAME(shippedWorkflows);
    DC_SAME(eventRetentionDays);
    DC_SAME(eventRetentionCount);
    DC_SAME(privacyRetentionDays);
    DC_SAME(limits.ipRate);
    DC_SAME(limits.ipBurst);
    DC_SAME(limits.userRate);
    DC_SAME(limits.userBurst);
    DC_SAME(limits.authPerMinute);
    DC_SAME(limits.authBurst);
    DC_SAME(limits.loginFreeFailures);
    DC_SAME(limits.loginBackoffMaxSeconds);
    DC_SAME(limits.trustedProxies);
    DC_SAME(limits.sensitivePerMinute);
    DC_SAME(limits.sensitiveBurst);
    DC_SAME(limits.failuresPerMinute);
    DC_SAME(limits.failuresBurst);
    DC_SAME(limits.maxConnections);
    DC_SAME(limits.maxConnectionsPerIp);
    DC_SAME(limits.maxBodyKiB);
    DC_SAME(limits.maxUnauthenticatedBodyMiB);
    DC_SAME(limits.idleTimeoutSeconds);
    DC_SAME(limits.requestTimeoutSeconds);
    DC_SAME(accessTokenMinutes);
    DC_SAME(taskWorkers);
    DC_SAME(leaseSeconds);
    DC_SAME(shopifyReconcileMinutes);
    DC_SAME(shopifyPollSeconds);
    DC_SAME(shopifyPublicUrl);
    DC_SAME(shopifyWebhookMaxAgeMinutes);
    DC_SAME(shopifyProcessWebhooks);
    DC_SAME(storageRecoverySeconds);
    DC_SAME(storageMinFreeMiB);
    DC_SAME(crew.orderManager.minMarginBasisPoints);
    DC_SAME(crew.orderManager.feeBasisPoints);
    DC_SAME(crew.orderManager.feeFixedMinor);
    DC_SAME(crew.orderManager.stockAlertThreshold);
    DC_SAME(crew.orderManager.logisticsService);
    DC_SAME(crew.dataAnalyzer.priceChangeBasisPoints);
    DC_SAME(crew.dataAnalyzer.minOrdersForScore);
    DC_SAME(crew.aliexpressUrl);
    DC_SAME(crew.aliexpressTimeoutMs);
    DC_SAME(crew.content.llmUrl);
    DC_SAME(crew.content.model);
    DC_SAME(crew.content.timeoutMs);
    DC_SAME(crew.smtp.url);
#undef DC_SAME
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
