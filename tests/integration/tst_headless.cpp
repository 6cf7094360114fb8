// SPDX-License-Identifier: GPL-3.0-or-later
// The real `dropcrew` binary as an operator runs it: prints its address, serves /api/health,
// exits 0 on SIGTERM/SIGINT; bad configuration gives one line on stderr and exit code 2.
#include "testdb.h"

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

private:
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

void TestHeadless::startsServesHealthAndStopsOnSignal()
{
    QFETCH(int, signal);
    dc::test::ScratchDatabase sdb;
    DC_REQUIRE_DB(sdb);
    QTemporaryDir dir;
    QProcess proc;
    QStringList args{QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(),
                     QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    if (sdb.url().backend == dc::storage::Backend::Postgres)
        args << QStringLiteral("--database") << sdb.urlString();
    proc.start(m_binary, args);
    QVERIFY(proc.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += proc.readAllStandardOutput()).contains('\n'), 60000);
    static const QRegularExpression re(
        QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))\n$"));
    const auto m = re.match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());
    QVERIFY(m.captured(2).toInt() > 0);

    QNetworkAccessManager nam;
    QNetworkReply *reply =
        nam.get(QNetworkRequest(QUrl(m.captured(1) + QStringLiteral("/api/health"))));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader)
                .toString()
                .startsWith(QStringLiteral("application/json")));
    const QJsonObject health = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(health.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.value(QStringLiteral("database")).toString(), dc::test::backendName());
    QVERIFY(!health.value(QStringLiteral("version")).toString().isEmpty());
    reply->deleteLater();

    ::kill(pid_t(proc.processId()), signal);
    QVERIFY(proc.waitForFinished(20000));
    QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
    QCOMPARE(proc.exitCode(), 0);
    QVERIFY(proc.readAllStandardError().contains("stopped cleanly"));
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

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
