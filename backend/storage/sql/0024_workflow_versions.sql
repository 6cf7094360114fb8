-- SPDX-License-Identifier: GPL-3.0-or-later
-- Workflow versions (workflows/versions.h): every text a workflow was saved with, never changed,
-- numbered 1, 2, 3... per workflow, with who saved it ("user:alice", "key:ci-bot",
-- "file:<path>" for a file loaded at start, "system"), when (UTC ms) and the SHA-256 of the text
-- (hex), which tells whether a text is new. The definitions stored before this migration become
-- version 1 when they are next loaded (at start): no SQL both databases run computes a SHA-256.
CREATE TABLE workflow_versions (
    workflow TEXT NOT NULL,
    version INTEGER NOT NULL,
    source @BLOB@ NOT NULL,
    hash TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workflow, version)
);
-- The version of the definition a run started with; NULL for the runs started before versions
-- existed, and for definitions added in code (never saved as a version).
ALTER TABLE workflow_runs ADD COLUMN version INTEGER;
