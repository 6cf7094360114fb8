// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/fieldcipher.h"

#include "security/jwt.h" // randomBytes

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QtEndian>

#include <openssl/evp.h>

#include <memory>

namespace dc::security {

namespace {
constexpr char kVersion = 0x01;
constexpr int kHeader = 1 + 4 + FieldCipher::kNonceSize;

struct CtxFree
{
    void operator()(EVP_CIPHER_CTX *c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const unsigned char *u(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}

} // namespace

std::expected<QByteArray, QString> FieldCipher::encryptRaw(QByteArrayView key, QByteArrayView nonce,
                                                           QByteArrayView aad,
                                                           QByteArrayView plaintext,
                                                           QByteArray *tag)
{
    if (key.size() != kKeySize)
        return std::unexpected(QStringLiteral("AES-256-GCM needs a 32-byte key"));
    if (nonce.isEmpty())
        return std::unexpected(QStringLiteral("empty nonce"));
    Ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return std::unexpected(QStringLiteral("out of memory"));
    int len = 0;
    QByteArray out(plaintext.size(), Qt::Uninitialized);
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, u(key), u(nonce)) != 1)
        return std::unexpected(QStringLiteral("cipher initialisation failed"));
    if (!aad.isEmpty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, u(aad), int(aad.size())) != 1)
        return std::unexpected(QStringLiteral("AAD failed"));
    int total = 0;
    if (!plaintext.isEmpty()) {
        if (EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len,
                              u(plaintext), int(plaintext.size())) != 1)
            return std::unexpected(QStringLiteral("encryption failed"));
        total = len;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + total,
                            &len) != 1)
        return std::unexpected(QStringLiteral("encryption failed"));
    total += len;
    out.resize(total);
    QByteArray t(kTagSize, Qt::Uninitialized);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, t.data()) != 1)
        return std::unexpected(QStringLiteral("cannot read the tag"));
    *tag = t;
    return out;
}

std::expected<QByteArray, QString> FieldCipher::decryptRaw(QByteArrayView key, QByteArrayView nonce,
                                                           QByteArrayView aad,
                                                           QByteArrayView ciphertext,
                                                           QByteArrayView tag)
{
    if (key.size() != kKeySize)
        return std::unexpected(QStringLiteral("AES-256-GCM needs a 32-byte key"));
    if (tag.size() != kTagSize || nonce.isEmpty())
        return std::unexpected(QStringLiteral("malformed sealed value"));
    Ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return std::unexpected(QStringLiteral("out of memory"));
    int len = 0;
    QByteArray out(ciphertext.size(), Qt::Uninitialized);
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(nonce.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, u(key), u(nonce)) != 1)
        return std::unexpected(QStringLiteral("cipher initialisation failed"));
    if (!aad.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, u(aad), int(aad.size())) != 1)
        return std::unexpected(QStringLiteral("AAD failed"));
    int total = 0;
    if (!ciphertext.isEmpty()) {
        if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len,
                              u(ciphertext), int(ciphertext.size())) != 1)
            return std::unexpected(QStringLiteral("decryption failed"));
        total = len;
    }
    // The tag is checked in Final: any change to key, nonce, AAD, ciphertext or tag fails here.
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize,
                            const_cast<char *>(tag.data())) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + total,
                            &len) != 1)
        return std::unexpected(QStringLiteral("authentication failed: the value was altered or "
                                              "belongs to another row"));
    out.resize(total + len);
    return out;
}

std::expected<FieldCipher, QString> FieldCipher::create(QMap<quint32, QByteArray> keys,
                                                        quint32 current)
{
    if (!keys.contains(current))
        return std::unexpected(
            QStringLiteral("the current key %1 is not in the key ring").arg(current));
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        if (it.value().size() != kKeySize)
            return std::unexpected(QStringLiteral("key %1 is not 32 bytes").arg(it.key()));
    FieldCipher c;
    c.m_keys = std::move(keys);
    c.m_current = current;
    return c;
}

FieldCipher FieldCipher::generate()
{
    FieldCipher c;
    c.m_current = 1;
    c.m_keys.insert(1, randomBytes(kKeySize));
    return c;
}

void FieldCipher::rotate()
{
    const quint32 next = m_keys.isEmpty() ? 1 : m_keys.lastKey() + 1;
    m_keys.insert(next, randomBytes(kKeySize));
    m_current = next;
}

QByteArray FieldCipher::toJson() const
{
    QJsonObject keys;
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it)
        keys.insert(QString::number(it.key()), QString::fromLatin1(it.value().toBase64()));
    return QJsonDocument(QJsonObject{{QStringLiteral("current"), qint64(m_current)},
                                     {QStringLiteral("keys"), keys}})
        .toJson(QJsonDocument::Compact);
}

std::expected<FieldCipher, QString> FieldCipher::fromJson(const QByteArray &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (!doc.isObject())
        return std::unexpected(QStringLiteral("the field key ring is not valid JSON"));
    const QJsonObject o = doc.object();
    QMap<quint32, QByteArray> keys;
    const QJsonObject k = o.value(QStringLiteral("keys")).toObject();
    for (auto it = k.begin(); it != k.end(); ++it) {
        bool ok = false;
        const quint32 id = it.key().toUInt(&ok);
        if (!ok)
            return std::unexpected(QStringLiteral("the field key ring has a bad key id"));
        keys.insert(id, QByteArray::fromBase64(it.value().toString().toLatin1()));
    }
    return create(keys, quint32(o.value(QStringLiteral("current")).toInteger()));
}

QByteArray FieldCipher::lookupToken(QByteArrayView value) const
{
    // Derived from the ring's oldest key (key 1 on every install: rotation adds keys and never
    // drops one, since older values must still open), so tokens outlive rotations; a key of its
    // own keeps the token apart from the encryption. Never an unkeyed hash: no key, no token.
    if (m_keys.isEmpty())
        return {};
    const QByteArray base = m_keys.first();
    const QByteArray key =
        QMessageAuthenticationCode::hash("dropcrew lookup v1", base, QCryptographicHash::Sha256);
    return QMessageAuthenticationCode::hash(value.toByteArray(), key, QCryptographicHash::Sha256)
        .toHex();
}

QByteArray FieldCipher::seal(QByteArrayView plaintext, QByteArrayView aad) const
{
    const QByteArray nonce = randomBytes(kNonceSize);
    QByteArray tag;
    auto ct = encryptRaw(m_keys.value(m_current), nonce, aad, plaintext, &tag);
    Q_ASSERT(ct); // only fails on a wrong key size, which create() rules out
    QByteArray out;
    out.reserve(kHeader + ct->size() + kTagSize);
    out.append(kVersion);
    char id[4];
    qToBigEndian(m_current, id);
    out.append(id, 4);
    out.append(nonce);
    out.append(*ct);
    out.append(tag);
    return out;
}

std::optional<quint32> FieldCipher::keyIdOf(QByteArrayView sealed)
{
    if (sealed.size() < kHeader + kTagSize || sealed[0] != kVersion)
        return std::nullopt;
    return qFromBigEndian<quint32>(sealed.data() + 1);
}

std::expected<QByteArray, QString> FieldCipher::open(QByteArrayView sealed,
                                                     QByteArrayView aad) const
{
    const auto id = keyIdOf(sealed);
    if (!id)
        return std::unexpected(QStringLiteral("not a sealed value"));
    if (!m_keys.contains(*id))
        return std::unexpected(QStringLiteral("sealed with unknown key %1").arg(*id));
    return decryptRaw(m_keys.value(*id), sealed.sliced(5, kNonceSize), aad,
                      sealed.sliced(kHeader, sealed.size() - kHeader - kTagSize),
                      sealed.last(kTagSize));
}

} // namespace dc::security
