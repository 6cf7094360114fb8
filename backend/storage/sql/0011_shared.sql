-- SPDX-License-Identifier: GPL-3.0-or-later
-- State every instance sharing the database must see: secrets written by the API or at first
-- start (sealed with the field cipher, bound to their name), and workflow definitions saved
-- through the API.
CREATE TABLE shared_secrets (
    name TEXT PRIMARY KEY,
    value @BLOB@ NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE workflow_definitions (
    name TEXT PRIMARY KEY,
    source @BLOB@ NOT NULL,
    updated_at BIGINT NOT NULL
);
