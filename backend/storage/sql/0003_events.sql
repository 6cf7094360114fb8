-- SPDX-License-Identifier: GPL-3.0-or-later
-- The durable event log (transactional outbox) and durable subscriptions with their cursors.
CREATE TABLE events (
    id @ID@,
    topic TEXT NOT NULL,
    event_key TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    correlation_id TEXT NOT NULL DEFAULT '',
    causation_id TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX events_topic_idx ON events (topic, id);
CREATE INDEX events_key_idx ON events (event_key, id);
CREATE INDEX events_created_idx ON events (created_at, id);

-- cursor: every event with id <= cursor is done for this subscriber (acknowledged, dead-lettered
-- or not matching). Events above it that are done, retrying or dead have a delivery row.
CREATE TABLE subscriptions (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    patterns TEXT NOT NULL,
    filter TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    secret @BLOB@,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    cursor BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE subscription_deliveries (
    subscription_id BIGINT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, event_id)
);
CREATE INDEX subscription_deliveries_state_idx ON subscription_deliveries (subscription_id, state);
