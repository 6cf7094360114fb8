// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Retention of payloads that carry customers' personal data: raw webhook bodies, and the
// inputs and outputs of finished workflow runs and tasks. Rows stay (states, times, errors:
// the statistics and the audit need them); their payloads are emptied once older than the
// retention. Failed runs and dead tasks keep theirs: operators still act on them.
#include "storage/store.h"

namespace dc::storage {

struct PurgeCounts
{
    qint64 deliveries = 0;
    qint64 tasks = 0;
    qint64 runs = 0;
    qint64 total() const { return deliveries + tasks + runs; }
};

// One bounded pass (at most `batch` rows of each kind) over what finished before cutoffMs.
// Call again while it returns a full batch.
DbResult<PurgeCounts> purgeExpiredPayloads(WriteContext &ctx, qint64 cutoffMs, int batch = 500);

} // namespace dc::storage
