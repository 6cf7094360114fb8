-- SPDX-License-Identifier: GPL-3.0-or-later
-- One row the store rewrites once a second while its writes fail and nothing else is queued:
-- an idle instance (taken out by its load balancer) learns that the disk or the server is back.
CREATE TABLE storage_probe (
    id INTEGER PRIMARY KEY,
    probed_at BIGINT NOT NULL
);
