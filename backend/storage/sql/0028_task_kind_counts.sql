-- SPDX-License-Identifier: GPL-3.0-or-later
-- tasks_kind_idx (kind, state) moved every task's entry at each change of state (queued,
-- running, then succeeded): about 9 of the 80 pages an order wrote to the WAL, for the task
-- statistics alone. The statistics now count live tasks through the indexes the queue already
-- keeps (due and leased tasks), and finished ones through this index, which a task enters once,
-- when it finishes.
DROP INDEX tasks_kind_idx;
CREATE INDEX tasks_done_kind_idx ON tasks (kind, state) WHERE state IN ('succeeded', 'dead', 'cancelled');
