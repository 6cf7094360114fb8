-- SPDX-License-Identifier: GPL-3.0-or-later
-- Rate limits that must hold across instances sharing a PostgreSQL database (logins and
-- sensitive operations): the GCRA theoretical arrival time per key, in epoch milliseconds.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat BIGINT NOT NULL
);
