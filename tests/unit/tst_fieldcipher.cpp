// SPDX-License-Identifier: GPL-3.0-or-later
// AES-256-GCM: the NIST/McGrew-Viega test vectors for 256-bit keys, tamper detection, row
// binding, key rotation and key ring (de)serialisation.
#include "security/fieldcipher.h"

#include <QtTest>

using dc::security::FieldCipher;

class TestFieldCipher : public QObject
{
    Q_OBJECT
private slots:
    void nistVectors_data();
    void nistVectors();
    void sealOpenRoundTrip();
    void tamperedValuesAreRefused();
    void wrongRowIsRefused();
    void rotationKeepsOldValuesReadable();
    void keyRingJson();
};

void TestFieldCipher::nistVectors_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("ciphertext");
    QTest::addColumn<QByteArray>("tag");
    const QByteArray zeroKey(32, '\0');
    const QByteArray k =
        QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = QByteArray::fromHex("cafebabefacedbaddecaf888");
    const QByteArray p =
        QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    const QByteArray c =
        QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad");
    QTest::newRow("case 13") << zeroKey << QByteArray(12, '\0') << QByteArray() << QByteArray()
                             << QByteArray()
                             << QByteArray::fromHex("530f8afbc74536b9a963b4f1c4cb738b");
    QTest::newRow("case 14") << zeroKey << QByteArray(12, '\0') << QByteArray(16, '\0')
                             << QByteArray()
                             << QByteArray::fromHex("cea7403d4d606b6e074ec5d3baf39d18")
                             << QByteArray::fromHex("d0d1c8a799996bf0265b98b5d48ab919");
    QTest::newRow("case 15") << k << iv << p << QByteArray() << c
                             << QByteArray::fromHex("b094dac5d93471bdec1a502270e3cc6c");
    QTest::newRow("case 16") << k << iv << p.left(60)
                             << QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
                             << c.left(60)
                             << QByteArray::fromHex("76fc6ece0f4e1768cddf8853bb2d551b");
}

void TestFieldCipher::nistVectors()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, ciphertext);
    QFETCH(QByteArray, tag);
    QByteArray gotTag;
    auto ct = FieldCipher::encryptRaw(key, iv, aad, plaintext, &gotTag);
    QVERIFY(ct);
    QCOMPARE(ct->toHex(), ciphertext.toHex());
    QCOMPARE(gotTag.toHex(), tag.toHex());
    auto pt = FieldCipher::decryptRaw(key, iv, aad, ciphertext, tag);
    QVERIFY(pt);
    QCOMPARE(*pt, plaintext);
    QByteArray badTag = tag;
    badTag[0] = char(badTag[0] ^ 1);
    QVERIFY(!FieldCipher::decryptRaw(key, iv, aad, ciphertext, badTag));
}

void TestFieldCipher::sealOpenRoundTrip()
{
    const FieldCipher c = FieldCipher::generate();
    const QByteArray aad = dc::security::aadFor("customers", "email", QStringLiteral("7"));
    for (const QByteArray &pt :
         {QByteArray(), QByteArray("a"), QByteArray("zoé@example.org"), QByteArray(5000, 'x')}) {
        const QByteArray sealed = c.seal(pt, aad);
        QCOMPARE(sealed.size(), 1 + 4 + 12 + pt.size() + 16);
        QVERIFY(sealed != c.seal(pt, aad)); // a fresh nonce every time
        auto opened = c.open(sealed, aad);
        QVERIFY(opened);
        QCOMPARE(*opened, pt);
    }
}

void TestFieldCipher::tamperedValuesAreRefused()
{
    const FieldCipher c = FieldCipher::generate();
    const QByteArray aad = "customers.email:1";
    const QByteArray sealed = c.seal("alice@example.org", aad);
    for (int i = 5; i < sealed.size(); ++i) { // every byte after the key id
        QByteArray t = sealed;
        t[i] = char(t[i] ^ 0x20);
        QVERIFY2(!c.open(t, aad), qPrintable(QStringLiteral("byte %1").arg(i)));
    }
    QVERIFY(!c.open(sealed.left(sealed.size() - 1), aad));
    QVERIFY(!c.open(QByteArray("plain text"), aad));
    QVERIFY(!c.open(QByteArray(), aad));
}

void TestFieldCipher::wrongRowIsRefused()
{
    const FieldCipher c = FieldCipher::generate();
    const QByteArray sealed = c.seal(
        "alice@example.org", dc::security::aadFor("customers", "email", QStringLiteral("1")));
    QVERIFY(!c.open(sealed, dc::security::aadFor("customers", "email", QStringLiteral("2"))));
    QVERIFY(!c.open(sealed, dc::security::aadFor("customers", "phone", QStringLiteral("1"))));
}

void TestFieldCipher::rotationKeepsOldValuesReadable()
{
    FieldCipher c = FieldCipher::generate();
    const QByteArray old = c.seal("v1", "aad");
    c.rotate();
    QCOMPARE(c.currentKeyId(), 2u);
    const QByteArray fresh = c.seal("v2", "aad");
    QCOMPARE(FieldCipher::keyIdOf(old), std::optional<quint32>(1));
    QCOMPARE(FieldCipher::keyIdOf(fresh), std::optional<quint32>(2));
    QCOMPARE(*c.open(old, "aad"), QByteArray("v1"));
    QCOMPARE(*c.open(fresh, "aad"), QByteArray("v2"));
    // A ring without key 1 cannot open the old value.
    auto json = c.toJson();
    QVERIFY(json.contains("\"current\":2"));
}

void TestFieldCipher::keyRingJson()
{
    FieldCipher c = FieldCipher::generate();
    c.rotate();
    const QByteArray sealed = c.seal("x", "a");
    auto back = FieldCipher::fromJson(c.toJson());
    QVERIFY(back);
    QCOMPARE(back->currentKeyId(), 2u);
    QCOMPARE(*back->open(sealed, "a"), QByteArray("x"));
    QVERIFY(!FieldCipher::fromJson("not json"));
    QVERIFY(!FieldCipher::fromJson(R"({"current":3,"keys":{"1":"AAAA"}})"));
    QVERIFY(!FieldCipher::fromJson(R"({"current":1,"keys":{"1":"AAAA"}})")); // 3 bytes, not 32
    QVERIFY(!FieldCipher::create({{1, QByteArray(16, 'k')}}, 1));
}

QTEST_GUILESS_MAIN(TestFieldCipher)
#include "tst_fieldcipher.moc"
