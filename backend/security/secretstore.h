// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Secrets (database password, field encryption keys, shop secrets, signing keys) never go to the
// database in clear. Desktops keep them in the system keychain (QtKeychain: Secret Service,
// gnome-keyring, KWallet). Servers have no keychain, so they choose an explicit alternative:
// 0600 files in a folder. In both cases an environment variable DROPCREW_<NAME> (name upper-
// cased, '-' and '.' as '_') overrides a stored value and is never written back.
#include <QByteArray>
#include <QString>
#include <expected>
#include <memory>
#include <optional>

namespace dc::security {

class SecretStore
{
public:
    enum class Kind { Keychain, File };
    virtual ~SecretStore() = default;
    virtual std::expected<std::optional<QByteArray>, QString> read(const QString &name) = 0;
    virtual std::expected<void, QString> write(const QString &name, const QByteArray &value) = 0;
    virtual std::expected<void, QString> remove(const QString &name) = 0;
    virtual QString description() const = 0;
    // Keys made on first start (signing keys, the audit key): stores value unless the name
    // already has one, and returns the value that is stored. Where several instances share a
    // store, exactly one value wins and every instance gets it.
    virtual std::expected<QByteArray, QString> createIfAbsent(const QString &name,
                                                              const QByteArray &value);
};

// Secret names are [a-z0-9][a-z0-9.-]* (they become file names and variable names).
bool isValidSecretName(const QString &name);
QString environmentVariableFor(const QString &name);

// keychainService scopes the entries (one data folder, one set of secrets).
// The keychain store needs a running event loop thread (QtKeychain jobs are asynchronous);
// calls block the caller with a local event loop and time out after timeoutMs.
std::unique_ptr<SecretStore> makeKeychainSecretStore(const QString &keychainService,
                                                     int timeoutMs = 15000);
// Files are created 0600 in a 0700 folder; a file readable by others is refused.
std::unique_ptr<SecretStore> makeFileSecretStore(const QString &folder);
// Environment variables (DROPCREW_<NAME>), then systemd credentials ($CREDENTIALS_DIRECTORY/<name>)
// in front of another store.
std::unique_ptr<SecretStore> withEnvironmentOverrides(std::unique_ptr<SecretStore> inner);

std::optional<SecretStore::Kind> secretStoreKindFromString(const QString &s);

} // namespace dc::security
