// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The backend's one error: what went wrong (a kind, which also decides the HTTP status and
// whether trying again can help), a stable machine code for clients and task outcomes, a
// message for people and, for refused input, the field. The store's errors are this type
// (storage::DbError); the integration clients turn theirs into it at their edge
// (shopify::ApiError::toError, aliexpress::AeError::toError); api/response.h maps it to HTTP
// in one place.
#include <QString>

#include <expected>

namespace dc {

struct Error
{
    enum class Kind {
        Unavailable, // cannot connect, the store is closing, a service does not answer
        Constraint,  // unique/foreign key/check violation
        Busy,        // lock timeout, serialization failure, throttling: later may work
        NotFound,
        Conflict, // optimistic concurrency or a guard refused the change
        Invalid,  // the input was refused
        Internal,
        Unauthorized, // our caller's credentials are missing, wrong or revoked
        Forbidden,    // our caller is known but lacks the permission
        // A service we call (Shopify, AliExpress, a model, a remote agent) refused: its
        // own credentials or scopes included, which are never our caller's fault (the code
        // says which: SHOPIFY_AUTH, SUPPLIER_AUTH, ...).
        Upstream,
    };
    Kind kind = Kind::Internal;
    QString message;
    QString code;  // stable UPPER_SNAKE code (e.g. SHOPIFY_AUTH); empty: the kind's own
    QString field; // Invalid: the field at fault, when known

    // The code clients and task outcomes see: `code`, or the kind's (NOT_FOUND, BUSY, ...).
    QString machineCode() const;
    // Whether the same request may succeed later without anyone changing anything.
    bool retryable() const;
};

template <class T> using Result = std::expected<T, Error>;

// lower_snake name of a kind, as logs and metrics write it.
QString errorKindName(Error::Kind k);

} // namespace dc
