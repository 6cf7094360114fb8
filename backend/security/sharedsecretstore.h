// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Secrets kept in the database, sealed with the field cipher: everything the API or a first
// start writes (shop webhook secrets and tokens, AliExpress credentials, remote agents' keys,
// token signing keys, the audit key), so that every instance sharing the database reads the
// same values. A change appends "secret.changed" {name} (never the value) in the same
// transaction, for instances that cache a secret to read it again.
// What must be known before the database opens stays in the local store: the field keys that
// open these values, and the database password. A name not in the database is read from the
// local store too (secrets written before this store existed).
#include "security/fieldcipher.h"
#include "security/secretstore.h"
#include "storage/store.h"

#include <functional>

namespace dc::security {

class SharedSecretStore final : public SecretStore
{
public:
    // changed: appends the change event inside the write transaction.
    using ChangeHook =
        std::function<storage::DbResult<void>(storage::WriteContext &, const QString &name)>;
    SharedSecretStore(storage::Store &store, const FieldCipher &cipher, SecretStore &local,
                      ChangeHook changed);

    std::expected<std::optional<QByteArray>, QString> read(const QString &name) override;
    std::expected<void, QString> write(const QString &name, const QByteArray &value) override;
    std::expected<void, QString> remove(const QString &name) override;
    std::expected<QByteArray, QString> createIfAbsent(const QString &name,
                                                      const QByteArray &value) override;
    QString description() const override;

    static bool localOnly(const QString &name);

private:
    std::optional<QByteArray> fromDatabase(const QString &name, QString *error) const;
    // Runs one statement on shared_secrets and the change hook, in one transaction.
    std::expected<void, QString> writeShared(const QString &name, const QString &sql,
                                             const QVariantList &binds);

    storage::Store &m_store;
    const FieldCipher &m_cipher;
    SecretStore &m_local;
    ChangeHook m_changed;
};

} // namespace dc::security
