// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A part of a write job that runs code the store does not know (a handler's last write, a bus
// hook, a webhook topic's handler) fails alone when that code throws, as when it returns an
// error: under WriteContext::underSavepoint its writes are then undone and the job goes on.
#include "storage/store.h"

#include <exception>

namespace dc::storage {

template <class T, class F> DbResult<T> exceptionsAsErrors(F &&part)
{
    try {
        return part();
    } catch (const std::exception &e) {
        return std::unexpected(DbError{DbError::Kind::Internal, QString::fromUtf8(e.what())});
    }
}

} // namespace dc::storage
