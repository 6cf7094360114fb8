// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exponential backoff with jitter, one rule for every retry in the backend: the task manager's
// retries and the event bus's durable deliveries. Kept apart so both compute the same delays.
#include <QtGlobal>

namespace dc {

struct Backoff
{
    qint64 firstMs = 1000;
    qint64 maxMs = 5 * 60 * 1000;

    // The delay before attempt n+1 after n failures: first * 2^(n-1), capped at max, with
    // +-20% jitter so that work failing together does not retry together; at least 1 ms.
    qint64 delayMs(int failures) const;
};

} // namespace dc
