-- SPDX-License-Identifier: GPL-3.0-or-later
-- The first-run guide (setup/setupguide.h). A password DropCrew generated at the first start
-- (shown once on the terminal) is flagged until someone sets one; each step an operator skipped
-- is kept with who skipped it, and the last test order's report (JSON, no customer data) with
-- its time, so that the guide resumes where it was left, on any instance.
ALTER TABLE users ADD COLUMN password_generated INTEGER NOT NULL DEFAULT 0;
CREATE TABLE setup_steps (
    step TEXT PRIMARY KEY,
    skipped_at BIGINT,
    skipped_by TEXT NOT NULL DEFAULT '',
    result TEXT,
    result_at BIGINT
);
