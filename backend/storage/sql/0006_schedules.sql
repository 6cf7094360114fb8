-- SPDX-License-Identifier: GPL-3.0-or-later
-- The last schedule time each scheduled workflow was considered for (UTC ms). Runs themselves
-- are deduplicated by their trigger key ("schedule-<time>"), so several instances firing the
-- same schedule start one run.
CREATE TABLE workflow_schedules (
    workflow TEXT PRIMARY KEY,
    last_fire BIGINT NOT NULL
);
