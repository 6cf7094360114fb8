-- SPDX-License-Identifier: GPL-3.0-or-later
-- Operator alerts (backend/alerts/). alert_rules: one row per rule the backend knows, written at
-- start with the shipped defaults when absent (alerts/alertrules.cpp), then edited through the
-- API; params (JSON object) and channels (JSON array) are the rule's own.
-- alerts: what a rule raised. One open (unacknowledged) alert per rule and dedup key: the same
-- trigger again bumps occurrences and last_at (the unique partial index makes that an upsert,
-- safe with several instances on one PostgreSQL). detail is JSON without personal data.
-- last_event_id: the event that last counted (a delivery of it again does not count twice).
-- email_state: pending, sent, off (not a channel of the rule), not_configured, failed.
CREATE TABLE alert_rules (
    name TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL DEFAULT 1,
    severity TEXT NOT NULL,
    params TEXT NOT NULL,
    channels TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE alerts (
    id @ID@,
    rule TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    order_id BIGINT REFERENCES orders(id) ON DELETE SET NULL,
    first_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    occurrences INTEGER NOT NULL DEFAULT 1,
    last_event_id BIGINT,
    acknowledged_by TEXT,
    acknowledged_at BIGINT,
    email_state TEXT NOT NULL DEFAULT 'pending',
    notified_at BIGINT
);
CREATE UNIQUE INDEX alerts_open_key ON alerts (rule, dedup_key) WHERE acknowledged_at IS NULL;
CREATE INDEX alerts_key_idx ON alerts (rule, dedup_key, first_at);
CREATE INDEX alerts_open_idx ON alerts (id) WHERE acknowledged_at IS NULL;
