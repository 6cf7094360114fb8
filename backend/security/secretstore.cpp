// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/secretstore.h"

#include "core/logging.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimer>

#include <qt6keychain/keychain.h>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace dc::security {

bool isValidSecretName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9.-]{0,127}$"));
    return re.match(name).hasMatch();
}

QString environmentVariableFor(const QString &name)
{
    QString v = name.toUpper();
    v.replace(QLatin1Char('-'), QLatin1Char('_'));
    v.replace(QLatin1Char('.'), QLatin1Char('_'));
    return QStringLiteral("DROPCREW_") + v;
}

std::expected<QByteArray, QString> SecretStore::createIfAbsent(const QString &name,
                                                               const QByteArray &value)
{
    auto existing = read(name);
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return **existing;
    if (auto w = write(name, value); !w)
        return std::unexpected(w.error());
    return value;
}

std::optional<SecretStore::Kind> secretStoreKindFromString(const QString &s)
{
    if (s == QLatin1String("keychain"))
        return SecretStore::Kind::Keychain;
    if (s == QLatin1String("file"))
        return SecretStore::Kind::File;
    return std::nullopt;
}

namespace {

std::expected<void, QString> checkName(const QString &name)
{
    if (!isValidSecretName(name))
        return std::unexpected(QStringLiteral("invalid secret name \"%1\"").arg(name));
    return {};
}

class KeychainStore final : public SecretStore
{
public:
    KeychainStore(QString service, int timeoutMs)
        : m_service(std::move(service))
        , m_timeoutMs(timeoutMs)
    {}

    std::expected<std::optional<QByteArray>, QString> read(const QString &name) override
    {
        if (auto ok = checkName(name); !ok)
            return std::unexpected(ok.error());
        QKeychain::ReadPasswordJob job(m_service);
        job.setAutoDelete(false);
        job.setKey(name);
        if (auto r = runJob(job); !r) {
            if (job.error() == QKeychain::EntryNotFound)
                return std::optional<QByteArray>();
            return std::unexpected(r.error());
        }
        return std::optional<QByteArray>(job.binaryData());
    }

    std::expected<void, QString> write(const QString &name, const QByteArray &value) override
    {
        if (auto ok = checkName(name); !ok)
            return ok;
        QKeychain::WritePasswordJob job(m_service);
        job.setAutoDelete(false);
        job.setKey(name);
        job.setBinaryData(value);
        return runJob(job);
    }

    std::expected<void, QString> remove(const QString &name) override
    {
        if (auto ok = checkName(name); !ok)
            return ok;
        QKeychain::DeletePasswordJob job(m_service);
        job.setAutoDelete(false);
        job.setKey(name);
        auto r = runJob(job);
        if (!r && job.error() == QKeychain::EntryNotFound)
            return {};
        return r;
    }

    QString description() const override
    {
        return QStringLiteral("system keychain (service \"%1\")").arg(m_service);
    }

private:
    std::expected<void, QString> runJob(QKeychain::Job &job)
    {
        QEventLoop loop;
        bool timedOut = false;
        QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(m_timeoutMs, &loop, [&] {
            timedOut = true;
            loop.quit();
        });
        job.start();
        loop.exec();
        if (timedOut)
            return std::unexpected(
                QStringLiteral(
                    "the system keychain did not answer within %1 s; use --secrets file on a "
                    "machine without a desktop session")
                    .arg(m_timeoutMs / 1000));
        if (job.error() == QKeychain::NoError)
            return {};
        if (job.error() == QKeychain::EntryNotFound)
            return std::unexpected(QStringLiteral("not found"));
        // Without a Secret Service, QtKeychain reports OtherError rather than NoBackendAvailable.
        return std::unexpected(QStringLiteral("the system keychain is not available (%1): start a "
                                              "Secret Service such as gnome-keyring, or use "
                                              "--secrets file")
                                   .arg(job.errorString()));
    }

    QString m_service;
    int m_timeoutMs;
};

class FileStore final : public SecretStore
{
public:
    explicit FileStore(QString folder)
        : m_folder(std::move(folder))
    {}

    std::expected<std::optional<QByteArray>, QString> read(const QString &name) override
    {
        if (auto ok = checkName(name); !ok)
            return std::unexpected(ok.error());
        const QString path = m_folder + QLatin1Char('/') + name;
#ifdef Q_OS_UNIX
        struct stat st
        {
        };
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return std::optional<QByteArray>();
        if ((st.st_mode & 077) != 0)
            return std::unexpected(
                QStringLiteral("%1 is readable by other users: chmod 600 it").arg(path));
#else
        // Windows: the data folder is in the user's profile, private by its ACL.
        if (!QFile::exists(path))
            return std::optional<QByteArray>();
#endif
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return std::unexpected(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        return std::optional<QByteArray>(f.readAll());
    }

    std::expected<void, QString> write(const QString &name, const QByteArray &value) override
    {
        if (auto ok = checkName(name); !ok)
            return ok;
        if (!QDir().mkpath(m_folder))
            return std::unexpected(QStringLiteral("cannot create %1").arg(m_folder));
#ifdef Q_OS_UNIX
        ::chmod(QFile::encodeName(m_folder).constData(), 0700);
#endif
        const QString path = m_folder + QLatin1Char('/') + name;
        // QSaveFile writes a temporary file and renames it: a crash never leaves half a key.
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return std::unexpected(
                QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (f.write(value) != value.size() || !f.commit())
            return std::unexpected(
                QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
        return {};
    }

    std::expected<void, QString> remove(const QString &name) override
    {
        if (auto ok = checkName(name); !ok)
            return ok;
        const QString path = m_folder + QLatin1Char('/') + name;
        if (QFile::exists(path) && !QFile::remove(path))
            return std::unexpected(QStringLiteral("cannot remove %1").arg(path));
        return {};
    }

    QString description() const override
    {
        return QStringLiteral("files in %1").arg(m_folder);
    }

private:
    QString m_folder;
};

class EnvOverlay final : public SecretStore
{
public:
    explicit EnvOverlay(std::unique_ptr<SecretStore> inner)
        : m_inner(std::move(inner))
    {}

    std::expected<std::optional<QByteArray>, QString> read(const QString &name) override
    {
        if (auto ok = checkName(name); !ok)
            return std::unexpected(ok.error());
        const QByteArray var = environmentVariableFor(name).toLatin1();
        if (qEnvironmentVariableIsSet(var.constData()))
            return std::optional<QByteArray>(qgetenv(var.constData()));
        // systemd credentials (LoadCredential=NAME:FILE): the unit hands the service a private,
        // read-only copy in $CREDENTIALS_DIRECTORY, readable by the service alone.
        if (const QString dir = qEnvironmentVariable("CREDENTIALS_DIRECTORY"); !dir.isEmpty()) {
            QFile f(dir + QLatin1Char('/') + name);
            if (f.exists()) {
                if (!f.open(QIODevice::ReadOnly))
                    return std::unexpected(QStringLiteral("cannot read the credential %1: %2")
                                               .arg(name, f.errorString()));
                QByteArray value = f.readAll();
                if (value.endsWith('\n'))
                    value.chop(1); // written with echo
                return std::optional<QByteArray>(value);
            }
        }
        return m_inner->read(name);
    }
    std::expected<void, QString> write(const QString &name, const QByteArray &value) override
    {
        return m_inner->write(name, value);
    }
    std::expected<void, QString> remove(const QString &name) override
    {
        return m_inner->remove(name);
    }
    std::expected<QByteArray, QString> createIfAbsent(const QString &name,
                                                      const QByteArray &value) override
    {
        auto overridden = read(name);
        if (overridden && overridden->has_value())
            return **overridden;
        return m_inner->createIfAbsent(name, value);
    }
    QString description() const override
    {
        return m_inner->description() +
               QStringLiteral(", overridden by DROPCREW_* variables and systemd credentials");
    }

private:
    std::unique_ptr<SecretStore> m_inner;
};

} // namespace

std::unique_ptr<SecretStore> makeKeychainSecretStore(const QString &service, int timeoutMs)
{
    return std::make_unique<KeychainStore>(service, timeoutMs);
}

std::unique_ptr<SecretStore> makeFileSecretStore(const QString &folder)
{
    return std::make_unique<FileStore>(folder);
}

std::unique_ptr<SecretStore> withEnvironmentOverrides(std::unique_ptr<SecretStore> inner)
{
    return std::make_unique<EnvOverlay>(std::move(inner));
}

} // namespace dc::security
