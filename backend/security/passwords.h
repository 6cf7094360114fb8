// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Passwords: Argon2id hashes through libargon2 (Debian's libargon2-dev, the reference
// implementation), generated passwords, the rules a user name and a password follow, and the
// first start's administrator password.
#include <QString>

#include <future>

namespace dc::security {

// PHC-encoded Argon2id hash ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"), OWASP's minimum.
QString hashPassword(const QString &password);
bool verifyPassword(const QString &password, const QString &encoded);
// 18 random bytes as base64url: shown to the operator once.
QString generatePassword();
// Why a user name or a password is refused, or an empty string.
QString usernameProblem(const QString &username);
QString passwordProblem(const QString &password);

// The first start's administrator password (DROPCREW_ADMIN_PASSWORD or generated) and, when
// asked ahead, its Argon2id hash computed on a thread of its own: on a new data folder the hash
// (about 120 ms, a cost chosen on purpose) then runs beside the migrations instead of after them.
struct AdminSeed
{
    QString password;
    bool generated = false;
    std::shared_future<QString> hash; // not valid: hashed when needed
    static AdminSeed make(const QString &passwordFromEnv, bool hashAhead);
};

} // namespace dc::security
