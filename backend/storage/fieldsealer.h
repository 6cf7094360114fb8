// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a repository needs to keep a column sealed at rest: seal a value bound to its row by
// associated data, and open it again. Declared in storage/ so that storage depends on no
// implementation: the backend passes security::FieldCipher (AES-256-GCM), which implements it.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <expected>

namespace dc::storage {

class FieldSealer
{
public:
    virtual ~FieldSealer() = default;
    virtual QByteArray seal(QByteArrayView plaintext, QByteArrayView aad) const = 0;
    // Fails (with the reason) for a value sealed under other associated data, or altered.
    virtual std::expected<QByteArray, QString> open(QByteArrayView sealed,
                                                    QByteArrayView aad) const = 0;
    // A keyed hash of a value (a blind index): the same for the same value whatever key seals
    // now, so an exact search (a customer's e-mail) works without the value stored in clear,
    // and tells nothing to whoever reads the database without the key ring.
    virtual QByteArray lookupToken(QByteArrayView value) const = 0;

protected:
    FieldSealer() = default;
    FieldSealer(const FieldSealer &) = default;
    FieldSealer(FieldSealer &&) = default;
    FieldSealer &operator=(const FieldSealer &) = default;
    FieldSealer &operator=(FieldSealer &&) = default;
};

// Associated data for a column of a row, e.g. aadFor("customers", "email",
// "shop.myshopify.com/42"): a value copied into another row or column does not open.
inline QByteArray aadFor(QByteArrayView table, QByteArrayView column, const QString &rowKey)
{
    return table.toByteArray() + '.' + column.toByteArray() + ':' + rowKey.toUtf8();
}

} // namespace dc::storage
