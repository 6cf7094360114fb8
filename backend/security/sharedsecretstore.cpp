// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/sharedsecretstore.h"

#include "storage/sqlutil.h"

namespace dc::security {

using storage::DbResult;
using storage::WriteContext;

namespace {
// Bound to the name: a sealed value copied under another name does not open.
QByteArray aad(const QString &name)
{
    return QByteArrayLiteral("secret:") + name.toUtf8();
}
} // namespace

SharedSecretStore::SharedSecretStore(storage::Store &store, const FieldCipher &cipher,
                                     SecretStore &local, ChangeHook changed)
    : m_store(store)
    , m_cipher(cipher)
    , m_local(local)
    , m_changed(std::move(changed))
{}

bool SharedSecretStore::localOnly(const QString &name)
{
    return name == QLatin1String("field-keys") || name == QLatin1String("database-password");
}

std::optional<QByteArray> SharedSecretStore::fromDatabase(const QString &name, QString *error) const
{
    auto q = storage::cachedRead(m_store.reader(),
                                 QStringLiteral("SELECT value FROM shared_secrets WHERE name = ?"),
                                 {name});
    if (!q) {
        *error = q.error().message;
        return std::nullopt;
    }
    if (!q->next())
        return std::nullopt;
    auto opened = m_cipher.open(q->value(0).toByteArray(), aad(name));
    if (!opened) {
        *error = QStringLiteral("the stored secret %1 does not open: %2").arg(name, opened.error());
        return std::nullopt;
    }
    return *opened;
}

std::expected<std::optional<QByteArray>, QString> SharedSecretStore::read(const QString &name)
{
    if (!isValidSecretName(name))
        return std::unexpected(QStringLiteral("invalid secret name \"%1\"").arg(name));
    if (localOnly(name))
        return m_local.read(name);
    QString error;
    if (auto v = fromDatabase(name, &error))
        return std::optional<QByteArray>(*v);
    if (!error.isEmpty())
        return std::unexpected(error);
    return m_local.read(name);
}

std::expected<void, QString> SharedSecretStore::write(const QString &name, const QByteArray &value)
{
    if (!isValidSecretName(name))
        return std::unexpected(QStringLiteral("invalid secret name \"%1\"").arg(name));
    if (localOnly(name))
        return m_local.write(name, value);
    const QByteArray sealed = m_cipher.seal(value, aad(name));
    return writeShared(
        name,
        QStringLiteral("INSERT INTO shared_secrets (name, value, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                       "updated_at = excluded.updated_at"),
        {name, sealed, storage::nowMs()});
}

std::expected<void, QString> SharedSecretStore::writeShared(const QString &name, const QString &sql,
                                                            const QVariantList &binds)
{
    auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto q = storage::exec(ctx.db(), sql, binds);
        if (!q)
            return std::unexpected(q.error());
        if (m_changed)
            if (auto e = m_changed(ctx, name); !e)
                return std::unexpected(e.error());
        return true;
    });
    if (!w)
        return std::unexpected(w.error().message);
    return {};
}

std::expected<void, QString> SharedSecretStore::remove(const QString &name)
{
    if (!isValidSecretName(name))
        return std::unexpected(QStringLiteral("invalid secret name \"%1\"").arg(name));
    if (localOnly(name))
        return m_local.remove(name);
    if (auto w =
            writeShared(name, QStringLiteral("DELETE FROM shared_secrets WHERE name = ?"), {name});
        !w)
        return w;
    // An older copy in the local store must not come back through the fallback.
    return m_local.remove(name);
}

std::expected<QByteArray, QString> SharedSecretStore::createIfAbsent(const QString &name,
                                                                     const QByteArray &value)
{
    if (localOnly(name))
        return m_local.createIfAbsent(name, value);
    // A value from before this store (local files) is kept and becomes the shared one.
    auto existing = read(name);
    if (!existing)
        return std::unexpected(existing.error());
    const QByteArray candidate = existing->value_or(value);
    const QByteArray sealed = m_cipher.seal(candidate, aad(name));
    // Instances starting together: the first insert wins, the others read it back.
    auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto q =
            storage::exec(ctx.db(),
                          QStringLiteral("INSERT INTO shared_secrets (name, value, updated_at) "
                                         "VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"),
                          {name, sealed, storage::nowMs()});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected() > 0;
    });
    if (!w)
        return std::unexpected(w.error().message);
    QString error;
    if (auto v = fromDatabase(name, &error))
        return *v;
    return std::unexpected(error.isEmpty() ? QStringLiteral("the secret %1 vanished").arg(name)
                                           : error);
}

QString SharedSecretStore::description() const
{
    return QStringLiteral("the database (sealed), then ") + m_local.description();
}

} // namespace dc::security
