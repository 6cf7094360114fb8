// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Encryption at rest for customer personal data: AES-256-GCM (OpenSSL EVP), one random 96-bit
// nonce per value, and associated data that binds each value to its table, column and row,
// so a ciphertext copied into another row or column fails to open.
//
// Sealed layout: 0x01 | key id (4 bytes, big endian) | nonce (12) | ciphertext | tag (16).
// The key id lets keys rotate: new values use the current key, old ones still open.
#include "storage/fieldsealer.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <expected>

namespace dc::security {

class FieldCipher : public storage::FieldSealer
{
public:
    static constexpr int kKeySize = 32;
    static constexpr int kNonceSize = 12;
    static constexpr int kTagSize = 16;

    // keys: id -> 32 raw bytes; current must be one of them.
    static std::expected<FieldCipher, QString> create(QMap<quint32, QByteArray> keys,
                                                      quint32 current);
    // A key ring with one fresh random key, for first start.
    static FieldCipher generate();

    // Key ring (de)serialisation for the secret store: {"current":N,"keys":{"N":"base64"}}.
    QByteArray toJson() const;
    static std::expected<FieldCipher, QString> fromJson(const QByteArray &json);
    // Adds a new random key and makes it current; older keys stay for reading.
    void rotate();

    quint32 currentKeyId() const { return m_current; }
    QByteArray seal(QByteArrayView plaintext, QByteArrayView aad) const override;
    std::expected<QByteArray, QString> open(QByteArrayView sealed,
                                            QByteArrayView aad) const override;
    // HMAC-SHA256 under a key derived from the ring's first key (kept through rotations), hex.
    QByteArray lookupToken(QByteArrayView value) const override;
    // The key id a sealed value was written with (to find values to re-encrypt after rotation).
    static std::optional<quint32> keyIdOf(QByteArrayView sealed);

    // Raw AES-256-GCM, exposed for the NIST test vectors.
    static std::expected<QByteArray, QString> encryptRaw(QByteArrayView key, QByteArrayView nonce,
                                                         QByteArrayView aad,
                                                         QByteArrayView plaintext, QByteArray *tag);
    static std::expected<QByteArray, QString> decryptRaw(QByteArrayView key, QByteArrayView nonce,
                                                         QByteArrayView aad,
                                                         QByteArrayView ciphertext,
                                                         QByteArrayView tag);

private:
    FieldCipher() = default;
    QMap<quint32, QByteArray> m_keys;
    quint32 m_current = 0;
};

// Associated data for a column of a row (declared with the sealing interface in storage/).
using storage::aadFor;

} // namespace dc::security
