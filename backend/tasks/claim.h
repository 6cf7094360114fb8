// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The claim transaction, which runs on the store's writer thread: the due tasks (and the tasks
// whose worker died) this instance takes now, within the room its dispatcher leaves. Apart
// from the dispatcher (tasks/dispatcher.h), which decides that room and runs what comes back.
#include "tasks/dispatcher.h"

namespace dc::tasks {

storage::DbResult<Claim> claimTasks(storage::WriteContext &ctx, DispatcherHost &host,
                                    events::EventBus &bus, ClaimRequest req);

// A workflow step's task finished in this transaction: its run advances in the same commit.
storage::DbResult<void> advanceRun(storage::WriteContext &ctx, DispatcherHost &host, qint64 taskId,
                                   qint64 eventId);

} // namespace dc::tasks
