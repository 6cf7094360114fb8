// SPDX-License-Identifier: GPL-3.0-or-later
// The real `dropcrew` binary as an operator runs it: prints its address, serves /api/health with
// the shipped workflows it found beside it (degraded without any), exits 0 on SIGTERM/SIGINT; bad
// configuration gives one line on stderr and exit code 2; `dropcrew info` lists the workflows.
// The server maps no GUI library; without --headless the same command opens the window.
#include "testdb.h"

#include <QDir>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

class TestHeadless : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void startsServesHealthAndStopsOnSignal_data();
    void startsServesHealthAndStopsOnSignal();
    void badConfigurationExitsWithCode2_data();
    void badConfigurationExitsWithCode2();
    void noDisplaySaysHowToStartHeadless();
    void withoutHeadlessTheWindowOpens();
    void withoutTheDesktopProgramTheServerStillRuns();
    void healthIsDegradedWithoutWorkflows();
    void infoListsTheShippedWorkflows();

private:
    // Starts the binary (headless unless told) on a free port; its base URL, empty when it did
    // not start.
    QString start(QProcess &proc, const QString &dataDir, const dc::test::ScratchDatabase &sdb,
                  bool headless = true);
    // Sends `signal`: the process must end normally with 0, saying it stopped cleanly.
    static void stopCleanly(QProcess &proc, int signal);
    // The shared libraries process `pid` has mapped (file names).
    static QStringList mappedLibraries(qint64 pid);
    // GET /api/health: the status code and the answer.
    std::pair<int, QJsonObject> health(const QString &base);
    // The shipped definitions in the source tree (what the build copies beside the binary).
    static QStringList shippedFiles();
    QString m_binary;
};

void TestHeadless::initTestCase()
{
    m_binary = qEnvironmentVariable("DROPCREW_BINARY");
    QVERIFY2(QFileInfo(m_binary).isExecutable(),
             qPrintable(QStringLiteral("DROPCREW_BINARY=") + m_binary));
}

void TestHeadless::startsServesHealthAndStopsOnSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

QString TestHeadless::start(QProcess &proc, const QString &dataDir,
                            const dc::test::ScratchDatabase &sdb, bool headless)
{
    // Secrets in files (the window's default is the desktop's keychain).
    QStringList args{QStringLiteral("--data-dir"), dataDir,
                     QStringLiteral("--listen"),   QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--secrets"),  QStringLiteral("file")};
    if (headless)
        args.prepend(QStringLiteral("--headless"));
    if (sdb.url().backend == dc::storage::Backend::Postgres)
        args << QStringLiteral("--database") << sdb.urlString();
    proc.start(m_binary, args);
    if (!proc.waitForStarted())
        return {};
    QByteArray out;
    if (!QTest::qWaitFor([&] { return (out += proc.readAllStandardOutput()).contains('\n'); },
                         60000)) {
        qWarning() << "no address printed:" << proc.readAllStandardError();
        return {};
    }
    static const QRegularExpression re(
        QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))\n$"));
    const auto m = re.match(QString::fromUtf8(out));
    if (!m.hasMatch() || m.captured(2).toInt() <= 0) {
        qWarning() << "unexpected first line:" << out << proc.readAllStandardError();
        return {};
    }
    return m.captured(1);
}

std::pair<int, QJsonObject> TestHeadless::health(const QString &base)
{
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(base + QStringLiteral("/api/health"))));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(10000);
    std::pair<int, QJsonObject> out{0, {}};
    if (reply->header(QNetworkRequest::ContentTypeHeader)
            .toString()
            .startsWith(QStringLiteral("application/json")))
        out = {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
               QJsonDocument::fromJson(reply->readAll()).object()};
    reply->deleteLater();
    return out;
}

void TestHeadless::stopCleanly(QProcess &proc, int signal)
{
    ::kill(pid_t(proc.processId()), signal);
    QVERIFY(proc.waitForFinished(20000));
    QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc.exitCode(), 0);
    QVERIFY(proc.readAllStandardError().contains("stopped cleanly"));
}

QStringList TestHeadless::mappedLibraries(qint64 pid)
{
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    if (!maps.open(QIODevice::ReadOnly))
        return {};
    QStringList libs;
    for (const QByteArray &line : maps.readAll().split('\n'))
        if (const qsizetype slash = line.lastIndexOf('/'); slash >= 0 && line.contains(".so"))
            libs << QString::fromUtf8(line.mid(slash + 1));
    libs.removeDuplicates();
    return libs;
}

QStringList TestHeadless::shippedFiles()
{
    return QDir(qEnvironmentVariable("DROPCREW_SOURCE_DIR") + QStringLiteral("/workflows"))
        .entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
}

void TestHeadless::startsServesHealthAndStopsOnSignal()
{
    QFETCH(int, signal);
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    QTemporaryDir dir;
    QProcess proc;
    const QString base = start(proc, dir.path(), sdb);
    QVERIFY(!base.isEmpty()); // start() shows the standard error when it fails

    const auto [status, h] = health(base);
    QCOMPARE(status, 200);
    QCOMPARE(h.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(h.value(QStringLiteral("database")).toString(), dc::test::backendName());
    QVERIFY(!h.value(QStringLiteral("version")).toString().isEmpty());
    // The build tree's binary found the shipped workflows beside it, and nothing more.
    const QJsonObject workflows = h.value(QStringLiteral("workflows")).toObject();
    QVERIFY(!shippedFiles().isEmpty());
    QCOMPARE(workflows.value(QStringLiteral("loaded")).toInt(), int(shippedFiles().size()));
    QCOMPARE(workflows.value(QStringLiteral("shipped")).toString(), QStringLiteral("found"));
    // The server program links no GUI library (the window is dropcrew-desktop's).
    const QStringList libs = mappedLibraries(proc.processId());
    QVERIFY(!libs.filter(QStringLiteral("libQt6Core.so")).isEmpty());
    for (const char *gui : {"libQt6Gui", "libQt6Widgets", "libQt6Charts", "libX11", "libGL"})
        QVERIFY2(libs.filter(QString::fromLatin1(gui)).isEmpty(), gui);

    stopCleanly(proc, signal);
}

void TestHeadless::badConfigurationExitsWithCode2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("data folder under a file")
        << QStringList{QStringLiteral("--data-dir"), QStringLiteral("/proc/self/status/sub")}
        << "cannot create the data folder";
    QTest::newRow("malformed database URL")
        << QStringList{QStringLiteral("--database"), QStringLiteral("postgresql:/nope")}
        << "invalid database URL";
    QTest::newRow("unreachable database")
        << QStringList{QStringLiteral("--database"),
                       QStringLiteral("postgresql://dropcrew@127.0.0.1:1/none")}
        << "cannot connect";
    QTest::newRow("port in use") << QStringList{QStringLiteral("--listen"),
                                                QStringLiteral("PORT_IN_USE")}
                                 << "cannot listen";
    QTest::newRow("bad listen") << QStringList{QStringLiteral("--listen"),
                                               QStringLiteral("somewhere")}
                                << "invalid --listen";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")} << "Unknown option";
}

void TestHeadless::badConfigurationExitsWithCode2()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTcpServer occupied;
    QVERIFY(occupied.listen(QHostAddress::LocalHost, 0));
    args.replaceInStrings(QStringLiteral("PORT_IN_USE"),
                          QStringLiteral("127.0.0.1:%1").arg(occupied.serverPort()));
    QTemporaryDir dir;
    QStringList full{QStringLiteral("--headless")};
    if (!args.contains(QStringLiteral("--data-dir")))
        full << QStringLiteral("--data-dir") << dir.path();
    QProcess proc;
    proc.start(m_binary, full + args);
    QVERIFY(proc.waitForFinished(20000)); // never a hang
    QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc.exitCode(), 2);
    const QString err = QString::fromUtf8(proc.readAllStandardError());
    // The last line is the one meant for the operator; log lines may precede it.
    const QStringList lines = err.trimmed().split(QLatin1Char('\n'));
    QVERIFY2(lines.last().startsWith(QStringLiteral("dropcrew: ")), qPrintable(err));
    QVERIFY2(lines.last().contains(expected), qPrintable(err));
    QVERIFY(proc.readAllStandardOutput().isEmpty());
}

void TestHeadless::noDisplaySaysHowToStartHeadless()
{
    QTemporaryDir dir;
    QProcess proc;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QLatin1String(v));
    proc.setProcessEnvironment(env);
    proc.start(m_binary, {QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(proc.waitForFinished(20000));
    QCOMPARE(proc.exitCode(), 2);
    QVERIFY(proc.readAllStandardError().contains("dropcrew --headless"));
}

void TestHeadless::withoutHeadlessTheWindowOpens()
{
    // The same command without --headless (QT_QPA_PLATFORM=offscreen is the display): the
    // process becomes dropcrew-desktop, with its window on the embedded backend.
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    QTemporaryDir dir;
    QProcess proc;
    // The window's settings (theme, language, geometry) in the test's folder, not the user's.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    proc.setProcessEnvironment(env);
    const QString base = start(proc, dir.path(), sdb, false);
    QVERIFY(!base.isEmpty());
    QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/exe").arg(proc.processId())).canonicalFilePath(),
             QFileInfo(QFileInfo(m_binary).absolutePath() + QStringLiteral("/dropcrew-desktop"))
                 .canonicalFilePath());
    QVERIFY(!mappedLibraries(proc.processId()).filter(QStringLiteral("libQt6Widgets")).isEmpty());
    const auto [status, h] = health(base);
    QCOMPARE(status, 200);
    QCOMPARE(h.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    stopCleanly(proc, SIGTERM);
}

void TestHeadless::withoutTheDesktopProgramTheServerStillRuns()
{
    // A server install without dropcrew-desktop: the window and `info` say why, with exit codes
    // 2 and 1; --headless is not concerned.
    QTemporaryDir dir;
    const QString lone = dir.filePath(QStringLiteral("dropcrew"));
    QVERIFY(QFile::copy(m_binary, lone));
    QProcess window;
    window.start(lone, {QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data"))});
    QVERIFY(window.waitForFinished(20000));
    QCOMPARE(window.exitCode(), 2);
    const QByteArray err = window.readAllStandardError();
    const QByteArray missing = dir.filePath(QStringLiteral("dropcrew-desktop")).toUtf8();
    const QByteArray said = QByteArray("cannot open the window: ") + missing;
    QVERIFY2(err.contains(said), err.constData());
    QVERIFY2(err.contains("dropcrew --headless"), err.constData());
    QProcess info;
    info.start(lone, {QStringLiteral("info"), QStringLiteral("--data-dir"),
                      dir.filePath(QStringLiteral("data"))});
    QVERIFY(info.waitForFinished(20000));
    QCOMPARE(info.exitCode(), 1);
    QVERIFY(info.readAllStandardOutput().startsWith("window: cannot start dropcrew-desktop ("));
}

void TestHeadless::healthIsDegradedWithoutWorkflows()
{
    // No shipped workflows and none of the operator's: orders would be stored and never
    // processed, which health must not call ok.
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    QTemporaryDir dir;
    {
        QFile ini(dir.filePath(QStringLiteral("dropcrew.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[workflows]\nshipped_folder=none\n");
    }
    QProcess proc;
    const QString base = start(proc, dir.path(), sdb);
    QVERIFY(!base.isEmpty()); // start() shows the standard error when it fails
    const auto [status, h] = health(base);
    QCOMPARE(status, 503);
    QCOMPARE(h.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    QVERIFY(h.value(QStringLiteral("storage")).toObject().value(QStringLiteral("ok")).toBool());
    const QJsonObject workflows = h.value(QStringLiteral("workflows")).toObject();
    QCOMPARE(workflows.value(QStringLiteral("loaded")).toInt(), 0);
    QCOMPARE(workflows.value(QStringLiteral("shipped")).toString(), QStringLiteral("off"));
    ::kill(pid_t(proc.processId()), SIGTERM);
    QVERIFY(proc.waitForFinished(20000));
    QCOMPARE(proc.exitCode(), 0);
    QVERIFY(proc.readAllStandardError().contains("no workflow loaded"));
}

void TestHeadless::infoListsTheShippedWorkflows()
{
    QTemporaryDir dir;
    QProcess proc;
    proc.start(m_binary, {QStringLiteral("info"), QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(proc.waitForFinished(20000));
    const QString out = QString::fromUtf8(proc.readAllStandardOutput());
    QVERIFY2(proc.exitCode() == 0, qPrintable(out));
    // Beside the binary: <build>/app/../share/dropcrew.
    const QString share =
        QDir::cleanPath(QFileInfo(m_binary).absolutePath() + QStringLiteral("/../share/dropcrew"));
    QVERIFY2(out.contains(QStringLiteral("shipped workflows: ") + share +
                          QStringLiteral("/workflows\n")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("default settings: ") + share +
                          QStringLiteral("/dropcrew.ini\n")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("order_processing_workflow (order_processing.yaml)")),
             qPrintable(out));
    const qsizetype n = shippedFiles().size();
    QVERIFY2(out.contains(QStringLiteral("workflows: %1 (%1 shipped, 0 in the data folder").arg(n)),
             qPrintable(out));
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
