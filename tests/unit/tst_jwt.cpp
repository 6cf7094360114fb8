// SPDX-License-Identifier: GPL-3.0-or-later
// Access tokens: what verifies, and every attack that must not (alg none, another algorithm,
// bad signature, expired, not yet valid, future iat, wrong aud/iss, unknown or missing kid,
// tampered payload, non-canonical encoding); the 60 s leeway; key rotation and retirement.
#include "security/jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace dc::security;

class TestJwt : public QObject
{
    Q_OBJECT
private slots:
    void signedTokenVerifies();
    void attacksAreRefused_data();
    void attacksAreRefused();
    void leewayIsAtMostSixtySeconds();
    void rotationAndRetirement();
    void ringSurvivesJson();
    void base64UrlIsStrict();

private:
    QJsonObject claims(qint64 iat, qint64 exp) const
    {
        return {{QStringLiteral("sub"), QStringLiteral("user:1")},
                {QStringLiteral("iat"), iat},
                {QStringLiteral("nbf"), iat},
                {QStringLiteral("exp"), exp}};
    }
    const QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
    const qint64 m_t = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC).toSecsSinceEpoch();
    JwtPolicy m_policy;
    JwtKeyRing m_ring;
};

// A token assembled by hand: any header and claims, signed (or not) with any key.
static QByteArray forge(const QJsonObject &header, const QJsonObject &claims, const QByteArray &key)
{
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' + (key.isEmpty() ? QByteArray() : base64Url(hmacSha256(key, input)));
}

void TestJwt::signedTokenVerifies()
{
    const JwtKeyRing ring = JwtKeyRing::generate();
    const QByteArray token = ring.sign(claims(m_t, m_t + 900), m_policy);
    auto c = ring.verify(token, m_policy, m_now);
    QVERIFY2(c, qPrintable(c ? QString() : c.error()));
    QCOMPARE(c->value(QStringLiteral("sub")).toString(), QStringLiteral("user:1"));
    QCOMPARE(c->value(QStringLiteral("iss")).toString(), m_policy.issuer);
    QCOMPARE(c->value(QStringLiteral("aud")).toString(), m_policy.audience);
    const QJsonObject header =
        QJsonDocument::fromJson(*fromBase64Url(token.split('.').first())).object();
    QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(header.value(QStringLiteral("kid")).toString(), ring.currentKid());
}

void TestJwt::attacksAreRefused_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("reason");
    const JwtKeyRing ring = JwtKeyRing::generate();
    const QByteArray secret = ring.keys().first().secret;
    const QString kid = ring.currentKid();
    auto hdr = [&](const QString &alg, const QString &k) {
        QJsonObject h{{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
        if (!k.isNull())
            h.insert(QStringLiteral("kid"), k);
        return h;
    };
    auto full = [&](QJsonObject c) {
        c.insert(QStringLiteral("iss"), m_policy.issuer);
        c.insert(QStringLiteral("aud"), m_policy.audience);
        return c;
    };
    const QJsonObject good = full(claims(m_t, m_t + 900));
    m_ring = ring;

    QTest::newRow("alg none") << forge(hdr(QStringLiteral("none"), kid), good, {}) << "algorithm";
    QTest::newRow("alg none signed anyway")
        << forge(hdr(QStringLiteral("none"), kid), good, secret) << "algorithm";
    QTest::newRow("other algorithm HS512")
        << forge(hdr(QStringLiteral("HS512"), kid), good, secret) << "algorithm";
    QTest::newRow("RS256 with the secret as a public key")
        << forge(hdr(QStringLiteral("RS256"), kid), good, secret) << "algorithm";
    QTest::newRow("bad signature")
        << forge(hdr(QStringLiteral("HS256"), kid), good, QByteArray(32, 'k')) << "signature";
    QTest::newRow("expired") << forge(hdr(QStringLiteral("HS256"), kid),
                                      full(claims(m_t - 3600, m_t - 61)), secret)
                             << "expired";
    QTest::newRow("not yet valid") << [&] {
        QJsonObject c = full(claims(m_t, m_t + 900));
        c.insert(QStringLiteral("nbf"), m_t + 61);
        return forge(hdr(QStringLiteral("HS256"), kid), c, secret);
    }() << "not yet valid";
    QTest::newRow("issued in the future") << [&] {
        QJsonObject c = full(claims(m_t + 120, m_t + 900));
        c.remove(QStringLiteral("nbf"));
        return forge(hdr(QStringLiteral("HS256"), kid), c, secret);
    }() << "future";
    QTest::newRow("wrong audience") << [&] {
        QJsonObject c = good;
        c.insert(QStringLiteral("aud"), QStringLiteral("another-api"));
        return forge(hdr(QStringLiteral("HS256"), kid), c, secret);
    }() << "audience";
    QTest::newRow("audience list without ours") << [&] {
        QJsonObject c = good;
        c.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")});
        return forge(hdr(QStringLiteral("HS256"), kid), c, secret);
    }() << "audience";
    QTest::newRow("wrong issuer") << [&] {
        QJsonObject c = good;
        c.insert(QStringLiteral("iss"), QStringLiteral("someone-else"));
        return forge(hdr(QStringLiteral("HS256"), kid), c, secret);
    }() << "issuer";
    QTest::newRow("unknown kid") << forge(hdr(QStringLiteral("HS256"), QStringLiteral("nope")),
                                          good, secret)
                                 << "unknown";
    QTest::newRow("no kid") << forge(hdr(QStringLiteral("HS256"), QString()), good, secret)
                            << "key id";
    QTest::newRow("no exp") << [&] {
        QJsonObject c = good;
        c.remove(QStringLiteral("exp"));
        return forge(hdr(QStringLiteral("HS256"), kid), c, secret);
    }() << "exp";
    QTest::newRow("tampered payload") << [&] {
        const QByteArray t = forge(hdr(QStringLiteral("HS256"), kid), good, secret);
        QList<QByteArray> parts = t.split('.');
        QJsonObject c = good;
        c.insert(QStringLiteral("sub"), QStringLiteral("user:2"));
        parts[1] = base64Url(QJsonDocument(c).toJson(QJsonDocument::Compact));
        return parts.join('.');
    }() << "signature";
    QTest::newRow("crit header") << [&] {
        QJsonObject h = hdr(QStringLiteral("HS256"), kid);
        h.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("x")});
        return forge(h, good, secret);
    }() << "critical";
    QTest::newRow("two parts") << QByteArray("abc.def") << "malformed";
    QTest::newRow("padding in segment") << [&] {
        QByteArray t = forge(hdr(QStringLiteral("HS256"), kid), good, secret);
        return t.replace(t.indexOf('.'), 1, "=.");
    }() << "malformed";
    QTest::newRow("garbage") << QByteArray("!!!.???.***") << "malformed";
    QTest::newRow("huge") << QByteArray(10000, 'a') << "too long";
}

void TestJwt::attacksAreRefused()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, reason);
    auto c = m_ring.verify(token, m_policy, m_now);
    QVERIFY(!c);
    QVERIFY2(c.error().contains(reason), qPrintable(c.error()));
}

void TestJwt::leewayIsAtMostSixtySeconds()
{
    const JwtKeyRing ring = JwtKeyRing::generate();
    const QByteArray token = ring.sign(claims(m_t - 1000, m_t), m_policy);
    QVERIFY(ring.verify(token, m_policy, m_now.addSecs(60)));
    QVERIFY(!ring.verify(token, m_policy, m_now.addSecs(61)));
    JwtPolicy generous = m_policy;
    generous.leewaySeconds = 3600; // asked for, but clamped to 60
    QVERIFY(!ring.verify(token, generous, m_now.addSecs(61)));
}

void TestJwt::rotationAndRetirement()
{
    JwtKeyRing ring = JwtKeyRing::generate();
    const QString first = ring.currentKid();
    const QByteArray old = ring.sign(claims(m_t, m_t + 900), m_policy);
    const QString second = ring.rotate();
    QVERIFY(second != first);
    const QByteArray fresh = ring.sign(claims(m_t, m_t + 900), m_policy);
    QVERIFY(fresh.split('.').first() != old.split('.').first()); // another kid in the header
    QVERIFY(ring.verify(old, m_policy, m_now));                  // old key still verifies
    QVERIFY(ring.verify(fresh, m_policy, m_now));
    QVERIFY(!ring.retire(second)); // not the current one
    QVERIFY(ring.retire(first));
    auto refused = ring.verify(old, m_policy, m_now);
    QVERIFY(!refused);
    QVERIFY(refused.error().contains(QStringLiteral("retired")));
    QVERIFY(ring.verify(fresh, m_policy, m_now));
}

void TestJwt::ringSurvivesJson()
{
    JwtKeyRing ring = JwtKeyRing::generate();
    ring.rotate();
    auto back = JwtKeyRing::fromJson(ring.toJson());
    QVERIFY(back);
    QCOMPARE(back->currentKid(), ring.currentKid());
    QCOMPARE(back->keys().size(), 2);
    const QByteArray token = ring.sign(claims(m_t, m_t + 900), m_policy);
    QVERIFY(back->verify(token, m_policy, m_now));
    QVERIFY(!JwtKeyRing::fromJson(R"({"current":"x","keys":[]})"));
    QVERIFY(!JwtKeyRing::fromJson(
        R"({"current":"a","keys":[{"kid":"a","alg":"none","secret":"AAAA"}]})"));
}

void TestJwt::base64UrlIsStrict()
{
    QCOMPARE(*fromBase64Url("aGk"), QByteArray("hi"));
    QVERIFY(!fromBase64Url("aGk=")); // padding
    QVERIFY(!fromBase64Url("aG+k")); // standard alphabet
    QVERIFY(!fromBase64Url("aGl"));  // stray low bits: not the canonical spelling of "hi"
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
