// SPDX-License-Identifier: GPL-3.0-or-later
// Secret stores: 0600 files for servers, the real desktop keychain (gnome-keyring over D-Bus,
// started by the test command in dbus-run-session), environment overrides.
#include "security/secretstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <sys/stat.h>

using namespace dc::security;

class TestSecretStore : public QObject
{
    Q_OBJECT
private slots:
    void names();
    void fileStoreRoundTripWith0600Files();
    void fileStoreRefusesFilesOthersCanRead();
    void environmentOverridesAndIsNeverWritten();
    void keychainRoundTrip();
};

void TestSecretStore::names()
{
    QVERIFY(isValidSecretName(QStringLiteral("field-keys")));
    QVERIFY(isValidSecretName(QStringLiteral("shop.demo-secret")));
    QVERIFY(!isValidSecretName(QStringLiteral("../etc/passwd")));
    QVERIFY(!isValidSecretName(QStringLiteral("Upper")));
    QVERIFY(!isValidSecretName(QString()));
    QCOMPARE(environmentVariableFor(QStringLiteral("database-password")),
             QStringLiteral("DROPCREW_DATABASE_PASSWORD"));
    QCOMPARE(environmentVariableFor(QStringLiteral("shop.a-b")),
             QStringLiteral("DROPCREW_SHOP_A_B"));
}

void TestSecretStore::fileStoreRoundTripWith0600Files()
{
    QTemporaryDir dir;
    auto store = makeFileSecretStore(dir.filePath(QStringLiteral("secrets")));
    QCOMPARE(store->read(QStringLiteral("k"))->has_value(), false);
    QVERIFY(store->write(QStringLiteral("k"), QByteArray("s3cr\0et", 7)));
    auto back = store->read(QStringLiteral("k"));
    QVERIFY(back && back->has_value());
    QCOMPARE(**back, QByteArray("s3cr\0et", 7));
    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(dir.filePath(QStringLiteral("secrets/k"))).constData(), &st),
             0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    QCOMPARE(::stat(QFile::encodeName(dir.filePath(QStringLiteral("secrets"))).constData(), &st),
             0);
    QCOMPARE(st.st_mode & 0777, 0700u);
    QVERIFY(store->remove(QStringLiteral("k")));
    QCOMPARE(store->read(QStringLiteral("k"))->has_value(), false);
    QVERIFY(!store->write(QStringLiteral("../escape"), "x"));
}

void TestSecretStore::fileStoreRefusesFilesOthersCanRead()
{
    QTemporaryDir dir;
    auto store = makeFileSecretStore(dir.path());
    QVERIFY(store->write(QStringLiteral("k"), "v"));
    ::chmod(QFile::encodeName(dir.filePath(QStringLiteral("k"))).constData(), 0644);
    auto r = store->read(QStringLiteral("k"));
    QVERIFY(!r);
    QVERIFY2(r.error().contains(QStringLiteral("chmod 600")), qPrintable(r.error()));
}

void TestSecretStore::environmentOverridesAndIsNeverWritten()
{
    QTemporaryDir dir;
    auto store = withEnvironmentOverrides(makeFileSecretStore(dir.path()));
    QVERIFY(store->write(QStringLiteral("test-override"), "from-file"));
    qputenv("DROPCREW_TEST_OVERRIDE", "from-env");
    QCOMPARE(**store->read(QStringLiteral("test-override")), QByteArray("from-env"));
    qunsetenv("DROPCREW_TEST_OVERRIDE");
    QCOMPARE(**store->read(QStringLiteral("test-override")), QByteArray("from-file"));

    // systemd credentials: $CREDENTIALS_DIRECTORY/<name> (the trailing newline of echo dropped).
    QTemporaryDir creds;
    QFile c(creds.filePath(QStringLiteral("test-override")));
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write("from-systemd\n");
    c.close();
    qputenv("CREDENTIALS_DIRECTORY", creds.path().toLocal8Bit());
    QCOMPARE(**store->read(QStringLiteral("test-override")), QByteArray("from-systemd"));
    QVERIFY(!store->read(QStringLiteral("absent-one"))->has_value()); // falls through
    qputenv("DROPCREW_TEST_OVERRIDE", "from-env");
    QCOMPARE(**store->read(QStringLiteral("test-override")), QByteArray("from-env"));
    qunsetenv("DROPCREW_TEST_OVERRIDE");
    qunsetenv("CREDENTIALS_DIRECTORY");
}

void TestSecretStore::keychainRoundTrip()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        if (qEnvironmentVariableIsSet("DROPCREW_REQUIRE_KEYCHAIN"))
            QFAIL("no D-Bus session: the test command runs the suite in dbus-run-session with "
                  "gnome-keyring");
        QSKIP("no D-Bus session bus (run through scripts/test.sh for a real gnome-keyring)");
    }
    const QString service =
        QStringLiteral("dropcrew-test-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    auto store = makeKeychainSecretStore(service, 10000);
    auto missing = store->read(QStringLiteral("absent"));
    QVERIFY2(missing, qPrintable(missing ? QString() : missing.error()));
    QVERIFY(!missing->has_value());
    const QByteArray value("{\"current\":1,\"keys\":{}}\x01\x02", 26);
    auto w = store->write(QStringLiteral("field-keys"), value);
    QVERIFY2(w, qPrintable(w ? QString() : w.error()));
    auto r = store->read(QStringLiteral("field-keys"));
    QVERIFY2(r && r->has_value(), "written secret not read back");
    QCOMPARE(**r, value);
    QVERIFY(store->remove(QStringLiteral("field-keys")));
    QVERIFY(!store->read(QStringLiteral("field-keys"))->has_value());
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
