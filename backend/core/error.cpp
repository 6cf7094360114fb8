// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/error.h"

namespace dc {

QString errorKindName(Error::Kind k)
{
    switch (k) {
    case Error::Kind::Unavailable:
        return QStringLiteral("unavailable");
    case Error::Kind::Constraint:
        return QStringLiteral("constraint");
    case Error::Kind::Busy:
        return QStringLiteral("busy");
    case Error::Kind::NotFound:
        return QStringLiteral("not_found");
    case Error::Kind::Conflict:
        return QStringLiteral("conflict");
    case Error::Kind::Invalid:
        return QStringLiteral("invalid");
    case Error::Kind::Internal:
        return QStringLiteral("internal");
    case Error::Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Error::Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Error::Kind::Upstream:
        return QStringLiteral("upstream");
    }
    return QStringLiteral("internal");
}

QString Error::machineCode() const
{
    return code.isEmpty() ? errorKindName(kind).toUpper() : code;
}

bool Error::retryable() const
{
    return kind == Kind::Unavailable || kind == Kind::Busy;
}

} // namespace dc
