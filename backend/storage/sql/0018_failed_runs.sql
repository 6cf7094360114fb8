-- SPDX-License-Identifier: GPL-3.0-or-later
-- Bulk retry (POST /api/runs/retry) looks for the failed runs, oldest first: few among many.
CREATE INDEX workflow_runs_failed_idx ON workflow_runs (id) WHERE state = 'failed';
