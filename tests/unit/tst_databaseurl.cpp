// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/databaseurl.h"

#include <QtTest>

using namespace dc::storage;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void displayStringHasNoPassword();
    void tlsVerifiedOutsideThisMachine_data();
    void tlsVerifiedOutsideThisMachine();
};

void TestDatabaseUrl::parse_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("display");
    QTest::newRow("sqlite absolute")
        << "sqlite:///var/lib/dropcrew/d.db" << true << "sqlite:///var/lib/dropcrew/d.db";
    QTest::newRow("sqlite relative") << "sqlite:data/d.db" << true << "sqlite://data/d.db";
    QTest::newRow("sqlite percent")
        << "sqlite:///tmp/my%20store.db" << true << "sqlite:///tmp/my store.db";
    QTest::newRow("sqlite host") << "sqlite://host/d.db" << false << "";
    QTest::newRow("sqlite no file") << "sqlite:///tmp/" << false << "";
    QTest::newRow("pg full") << "postgresql://crew@db.local:6543/shop" << true
                             << "postgresql://crew@db.local:6543/shop";
    QTest::newRow("pg default port")
        << "postgres://crew@db/shop" << true << "postgresql://crew@db:5432/shop";
    QTest::newRow("pg options") << "postgresql://crew@db/shop?sslmode=require&connect_timeout=3"
                                << true << "postgresql://crew@db:5432/shop";
    QTest::newRow("pg password refused") << "postgresql://crew:secret@db/shop" << false << "";
    QTest::newRow("pg no database") << "postgresql://crew@db" << false << "";
    QTest::newRow("pg nested path") << "postgresql://crew@db/a/b" << false << "";
    QTest::newRow("pg unknown option") << "postgresql://crew@db/shop?options=-c%20x" << false << "";
    QTest::newRow("pg bad port") << "postgresql://crew@db:99999/shop" << false << "";
    QTest::newRow("mysql") << "mysql://x/y" << false << "";
    QTest::newRow("empty") << "" << false << "";
}

void TestDatabaseUrl::parse()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    QFETCH(QString, display);
    auto r = DatabaseUrl::parse(url);
    QCOMPARE(r.has_value(), ok);
    if (ok)
        QCOMPARE(r->toDisplayString(), display);
    else
        QVERIFY(r.error().startsWith(QStringLiteral("invalid database URL")));
}

void TestDatabaseUrl::displayStringHasNoPassword()
{
    auto r = DatabaseUrl::parse(QStringLiteral("postgresql://crew@db/shop"));
    QVERIFY(r);
    r->password = QStringLiteral("hunter2");
    QVERIFY(!r->toDisplayString().contains(QStringLiteral("hunter2")));
    auto pw = DatabaseUrl::parse(QStringLiteral("postgresql://crew:hunter2@db/shop"));
    QVERIFY(!pw.error().contains(QStringLiteral("hunter2")));
}

void TestDatabaseUrl::tlsVerifiedOutsideThisMachine_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("sslmode"); // "" when the connection string has none
    QTest::newRow("remote host") << "postgresql://crew@db.example.net/shop"
                                 << "sslmode=verify-full";
    QTest::newRow("remote address") << "postgresql://crew@10.0.0.5/shop"
                                    << "sslmode=verify-full";
    QTest::newRow("chosen by the URL") << "postgresql://crew@db.example.net/shop?sslmode=require"
                                       << "sslmode=require";
    QTest::newRow("localhost") << "postgresql://crew@localhost/shop"
                               << "";
    QTest::newRow("loopback") << "postgresql://crew@127.0.0.1:5433/shop"
                              << "";
    QTest::newRow("loopback v6") << "postgresql://crew@[::1]/shop"
                                 << "";
}

void TestDatabaseUrl::tlsVerifiedOutsideThisMachine()
{
    QFETCH(QString, url);
    QFETCH(QString, sslmode);
    auto r = DatabaseUrl::parse(url);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    const QStringList opts = r->options.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    const QStringList modes = opts.filter(QStringLiteral("sslmode="));
    QCOMPARE(modes.join(QLatin1Char(';')), sslmode);
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
