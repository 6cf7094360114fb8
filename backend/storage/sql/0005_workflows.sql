-- SPDX-License-Identifier: GPL-3.0-or-later
-- Durable workflow runs. A run keeps the definition it started with, so it resumes the same
-- way after a restart even if the file changed. One run per (workflow, trigger key).
CREATE TABLE workflow_runs (
    id @ID@,
    workflow TEXT NOT NULL,
    definition TEXT NOT NULL,
    state TEXT NOT NULL,
    trigger_key TEXT,
    input TEXT NOT NULL,
    trigger_data TEXT NOT NULL,
    correlation_id TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    failed_step TEXT NOT NULL DEFAULT '',
    outputs TEXT,
    generation INTEGER NOT NULL DEFAULT 0, -- bumped by a retry, so retried steps get new tasks
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (workflow, trigger_key)
);
CREATE INDEX workflow_runs_workflow_idx ON workflow_runs (workflow, id);

-- state: pending | queued | succeeded | failed | skipped | cancelled
CREATE TABLE workflow_steps (
    run_id BIGINT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    items INTEGER NOT NULL DEFAULT -1,
    input TEXT,
    output TEXT,
    error TEXT NOT NULL DEFAULT '',
    forced INTEGER NOT NULL DEFAULT 0,
    started_at BIGINT,
    finished_at BIGINT,
    PRIMARY KEY (run_id, name)
);

-- A step's own retry delay (workflow "retry: {delay, backoff}") overrides its kind's policy.
ALTER TABLE tasks ADD COLUMN retry_delay_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN retry_backoff TEXT NOT NULL DEFAULT '';
