-- SPDX-License-Identifier: GPL-3.0-or-later
-- Due tasks are claimed by priority, then by when their work arrived: a workflow step's task by
-- when its run started, any other task by when it was queued. Runs already under way therefore
-- finish before the first steps of newer runs start, and an order's latency does not grow with
-- the backlog queued behind it.
ALTER TABLE tasks ADD COLUMN queue_at BIGINT NOT NULL DEFAULT 0;
-- Every task that may run again (succeeded ones, the bulk of the table, never do), in one pass.
UPDATE tasks SET queue_at = COALESCE((SELECT r.created_at FROM workflow_runs r
                                      WHERE r.id = tasks.workflow_run_id), created_at)
  WHERE state <> 'succeeded';
DROP INDEX tasks_due_idx;
CREATE INDEX tasks_due_idx ON tasks (priority DESC, queue_at, id) WHERE state IN ('queued', 'failed');
