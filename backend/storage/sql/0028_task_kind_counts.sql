-- SPDX-License-Identifier: GPL-3.0-or-later
-- tasks_kind_idx (kind, state) held every task and moved its entry at each change of state
-- (queued, running, then succeeded) across the whole history's ranges: about 9 of the 80 pages
-- an order wrote to the WAL. Two partial indexes replace it: live tasks (a few pages, whatever
-- the history) and finished ones (a task enters once, when it finishes). Their conditions are
-- ORs of equalities so that SQLite uses them for a query naming one state (`state = 'dead'`):
-- it matches a term of an OR, never a member of an IN list.
DROP INDEX tasks_kind_idx;
CREATE INDEX tasks_live_kind_idx ON tasks (kind, state) WHERE state = 'queued' OR state = 'running' OR state = 'failed';
CREATE INDEX tasks_done_kind_idx ON tasks (kind, state) WHERE state = 'succeeded' OR state = 'dead' OR state = 'cancelled';
