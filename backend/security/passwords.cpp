// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/passwords.h"

#include "security/jwt.h"

#include <QRegularExpression>

#include <argon2.h>

namespace dc::security {

namespace {
constexpr uint32_t kArgonT = 2;
constexpr uint32_t kArgonM = 19456; // KiB
constexpr uint32_t kArgonP = 1;
} // namespace

QString hashPassword(const QString &password)
{
    const QByteArray pw = password.toUtf8();
    const QByteArray salt = randomBytes(16);
    const size_t len =
        argon2_encodedlen(kArgonT, kArgonM, kArgonP, uint32_t(salt.size()), 32, Argon2_id);
    QByteArray encoded(qsizetype(len), '\0');
    const int rc =
        argon2id_hash_encoded(kArgonT, kArgonM, kArgonP, pw.constData(), size_t(pw.size()),
                              salt.constData(), size_t(salt.size()), 32, encoded.data(), len);
    if (rc != ARGON2_OK)
        qFatal("argon2id_hash_encoded failed: %s", argon2_error_message(rc));
    return QString::fromLatin1(encoded.constData());
}

bool verifyPassword(const QString &password, const QString &encoded)
{
    const QByteArray pw = password.toUtf8();
    const QByteArray enc = encoded.toLatin1();
    return argon2id_verify(enc.constData(), pw.constData(), size_t(pw.size())) == ARGON2_OK;
}

QString generatePassword()
{
    return QString::fromLatin1(base64Url(randomBytes(18)));
}

QString usernameProblem(const QString &username)
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9._@-]{1,64}$"));
    return nameRe.match(username).hasMatch()
               ? QString()
               : QStringLiteral("username: 1 to 64 letters, digits or ._@-");
}

QString passwordProblem(const QString &password)
{
    return password.size() < 12 || password.size() > 256
               ? QStringLiteral("password: 12 to 256 characters")
               : QString();
}

AdminSeed AdminSeed::make(const QString &passwordFromEnv, bool hashAhead)
{
    AdminSeed seed;
    seed.generated = passwordFromEnv.isEmpty();
    seed.password = seed.generated ? generatePassword() : passwordFromEnv;
    if (hashAhead)
        seed.hash = std::async(std::launch::async, hashPassword, seed.password).share();
    return seed;
}

} // namespace dc::security
