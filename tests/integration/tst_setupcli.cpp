// SPDX-License-Identifier: GPL-3.0-or-later
// `dropcrew setup`, the binary of the build tree, against a running backend and the fakes: the
// steps listed with what is missing (exit 1 until complete), one step done from answers on
// standard input (the administrator's password, a variant mapped from an AliExpress product id,
// the test order's dry run), a step skipped and resumed, and one-line errors with exit code 2
// for an unknown step, a refused key and a server that does not answer.
#include "orderfixture.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QtTest>

using namespace dc;
using namespace dc::test;

class TestSetupCli : public QObject, public OrderFixture
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void statusSaysWhatIsMissing();
    void stepsFromStandardInput();
    void skipAndResume();
    void errorsAreOneLine();
    void signedInWithThePasswordItChanges();

private:
    struct Run
    {
        int code = -1;
        QString out, err;
    };
    // dropcrew setup ARGS with the admin's key (or `key`), `input` on standard input.
    Run setup(const QStringList &args, const QByteArray &input = {}, QByteArray key = {},
              QString url = {});
    QString m_password;
    QString state(const QString &step)
    {
        for (const QJsonValue &s : call("GET", QStringLiteral("/api/setup"))
                                       .json.value(QStringLiteral("steps"))
                                       .toArray())
            if (s[QStringLiteral("step")].toString() == step)
                return s[QStringLiteral("state")].toString();
        return {};
    }
};

void TestSetupCli::init()
{
    auto up = setUp();
    QVERIFY2(up, qPrintable(up ? QString() : up.error()));
}

void TestSetupCli::cleanup()
{
    tearDown();
}

TestSetupCli::Run TestSetupCli::setup(const QStringList &args, const QByteArray &input,
                                      QByteArray key, QString url)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (key.isEmpty())
        key = m_t.bearer.value(security::Role::Admin).mid(7); // without "Bearer "
    if (key == "password") { // signs in as admin with m_password instead
        env.remove(QStringLiteral("DROPCREW_API_KEY"));
        env.insert(QStringLiteral("DROPCREW_USER"), QStringLiteral("admin"));
        env.insert(QStringLiteral("DROPCREW_PASSWORD"), m_password);
    } else {
        env.insert(QStringLiteral("DROPCREW_API_KEY"), QString::fromLatin1(key));
    }
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("DROPCREW_BINARY"),
            QStringList{QStringLiteral("setup")} + args +
                QStringList{QStringLiteral("--connect"), url.isEmpty() ? m_t.base : url,
                            QStringLiteral("--data-dir"), m_dir->path() + QStringLiteral("/cli")});
    Run r;
    if (!p.waitForStarted())
        return r;
    p.write(input);
    p.closeWriteChannel();
    // The backend answers on this thread: the event loop must run while the client waits.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000)) {
        p.kill();
        p.waitForFinished();
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestSetupCli::statusSaysWhatIsMissing()
{
    const Run r = setup({QStringLiteral("status")});
    QVERIFY2(r.code == 1, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("1. admin_password: missing")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("the administrator's password is the one generated")));
    QVERIFY(r.out.contains(QStringLiteral("5. test_order: missing")));
    QVERIFY(r.out.contains(QStringLiteral("Setup not complete")));
}

void TestSetupCli::stepsFromStandardInput()
{
    // The password, twice (a terminal would not echo it).
    Run r = setup({QStringLiteral("admin_password")},
                  "y\nmy own long password\nmy own long password\n");
    QVERIFY2(r.out.contains(QStringLiteral("Password changed.")), qPrintable(r.out + r.err));
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("done"));

    // A variant without an offer, mapped from the AliExpress product's id; the SKU that fits
    // is offered by default.
    QVERIFY(storeProduct(777003, QStringLiteral("Desk lamp"), 9201, QStringLiteral("LAMP-S"),
                         QStringLiteral("Silver"), 4500));
    m_ae->addProduct(QStringLiteral("1005009"), QStringLiteral("LED desk lamp"),
                     {{QStringLiteral("sku-g"),
                       QStringLiteral("11.00"),
                       30,
                       QStringLiteral("EUR"),
                       {{QStringLiteral("Color"), QStringLiteral("Gold")}}},
                      {QStringLiteral("sku-s"),
                       QStringLiteral("11.50"),
                       30,
                       QStringLiteral("EUR"),
                       {{QStringLiteral("Color"), QStringLiteral("Silver")}}}});
    QCOMPARE(state(QStringLiteral("product_mapping")), QStringLiteral("missing"));
    r = setup({QStringLiteral("product_mapping")},
              "y\nFR\nhttps://www.aliexpress.com/item/1005009.html\n\n");
    QVERIFY2(r.out.contains(QStringLiteral("2. Color: Silver")), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("SKU number [2]")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Mapped: offer")), qPrintable(r.out + r.err));
    QCOMPARE(state(QStringLiteral("product_mapping")), QStringLiteral("done"));

    // The test order's dry run, to the offer's country.
    r = setup({QStringLiteral("test_order")}, "y\nFR\n");
    QVERIFY2(r.out.contains(QStringLiteral("A real order of this variant would go through.")),
             qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QStringLiteral("nothing is bought")));
    QVERIFY(!m_ae->methodsCalled().contains(QStringLiteral("aliexpress.ds.order.create")));
    QCOMPARE(state(QStringLiteral("test_order")), QStringLiteral("done"));
}

void TestSetupCli::skipAndResume()
{
    Run r = setup({QStringLiteral("skip"), QStringLiteral("admin_password")});
    QVERIFY2(r.out.contains(QStringLiteral("1. admin_password: skipped")),
             qPrintable(r.out + r.err));
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("skipped"));
    r = setup({QStringLiteral("resume"), QStringLiteral("admin_password")});
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("missing"));
    // "s" at a step's question skips it too; the input's end stops the walk.
    r = setup({}, "s\n");
    QVERIFY2(r.out.contains(QStringLiteral("dropcrew setup resume admin_password")),
             qPrintable(r.out + r.err));
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("skipped"));
    QCOMPARE(r.code, 1);
}

void TestSetupCli::errorsAreOneLine()
{
    Run r = setup({QStringLiteral("coffee")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith(QStringLiteral("dropcrew: unknown step \"coffee\"")),
             qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);

    r = setup({QStringLiteral("status")}, {}, "dck_1_not-the-secret");
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(r.err.contains(QStringLiteral("refused")), qPrintable(r.err));

    // A port nothing listens on.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    r = setup({QStringLiteral("status")}, {}, {}, QStringLiteral("http://127.0.0.1:%1").arg(port));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("cannot reach DropCrew")), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
}

void TestSetupCli::signedInWithThePasswordItChanges()
{
    // The administrator signs in with the password the first start generated (one the test
    // knows, flagged as generated), and changes it: the session that changed it ends with it.
    const QJsonArray users =
        call("GET", QStringLiteral("/api/users")).json.value(QStringLiteral("users")).toArray();
    qint64 admin = 0;
    for (const QJsonValue &u : users)
        if (u[QStringLiteral("username")].toString() == QLatin1String("admin"))
            admin = u[QStringLiteral("id")].toInteger();
    QVERIFY(admin > 0);
    m_password = QStringLiteral("the first password");
    QCOMPARE(call("PATCH", QStringLiteral("/api/users/%1").arg(admin),
                  QJsonDocument(QJsonObject{{QStringLiteral("password"), m_password}}).toJson())
                 .status,
             200);
    QVERIFY(m_t.backend->store().writeAndWait<bool>([&](storage::WriteContext &w) {
        return storage::exec(w.db(),
                             QStringLiteral("UPDATE users SET password_generated = 1 WHERE id = ?"),
                             {admin})
            .has_value();
    }));
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("missing"));

    // The whole walk: the password, then "n" to the next step, then the end of the input.
    const Run r = setup({}, "y\nmy own long password\nmy own long password\nn\n", "password");
    QVERIFY2(r.out.contains(QStringLiteral("Password changed.")), qPrintable(r.out + r.err));
    QVERIFY2(!r.out.contains(QStringLiteral("error")), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("admin_password: done")), qPrintable(r.out));
    // The last overview was read with the new session.
    QVERIFY2(r.out.contains(QStringLiteral("1. admin_password: done")), qPrintable(r.out));
    QCOMPARE(state(QStringLiteral("admin_password")), QStringLiteral("done"));
    m_password = QStringLiteral("my own long password");
    QCOMPARE(setup({QStringLiteral("status")}, {}, "password").err, QString());
}

QTEST_GUILESS_MAIN(TestSetupCli)
#include "tst_setupcli.moc"
