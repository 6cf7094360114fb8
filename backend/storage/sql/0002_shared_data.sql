-- SPDX-License-Identifier: GPL-3.0-or-later
-- The seed's shared data store (/api/data/{namespace}/{key}): JSON values with a version
-- for optimistic concurrency (ETag / If-Match).
CREATE TABLE data_entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (namespace, key)
);
