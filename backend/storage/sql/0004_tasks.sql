-- SPDX-License-Identifier: GPL-3.0-or-later
-- The durable task queue. A task runs while it holds a lease (lease_owner, lease_until) that its
-- worker renews; a task whose lease expired (its process died) is claimed again.
-- state: queued | running | failed (waiting for a retry at next_run_at) | succeeded | dead | cancelled
CREATE TABLE tasks (
    id @ID@,
    kind TEXT NOT NULL,
    input TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_run_at BIGINT NOT NULL,
    timeout_ms BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    progress INTEGER NOT NULL DEFAULT 0,
    progress_message TEXT NOT NULL DEFAULT '',
    result TEXT,
    error TEXT NOT NULL DEFAULT '',
    error_code TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT UNIQUE,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    workflow_run_id BIGINT,
    step_name TEXT NOT NULL DEFAULT '',
    correlation_id TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    updated_at BIGINT NOT NULL
);
-- Partial indexes keep claims cheap however many finished tasks the table holds.
CREATE INDEX tasks_due_idx ON tasks (priority DESC, id) WHERE state IN ('queued', 'failed');
CREATE INDEX tasks_next_run_idx ON tasks (next_run_at) WHERE state IN ('queued', 'failed');
CREATE INDEX tasks_lease_idx ON tasks (lease_until) WHERE state = 'running';
CREATE INDEX tasks_kind_idx ON tasks (kind, state);
CREATE INDEX tasks_run_idx ON tasks (workflow_run_id);
