-- SPDX-License-Identifier: GPL-3.0-or-later
-- Security round 2.

-- Erased stays erased: an order whose personal data was erased never takes an address again,
-- whatever path tries (webhooks, reconciliation, the API).
ALTER TABLE orders ADD COLUMN personal_erased INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET personal_erased = 1
    WHERE customer_id IN (SELECT id FROM customers WHERE erased = 1);

-- The shop's numeric id (privacy and uninstall webhooks must name it) and when it uninstalled
-- the app (shop/redact is carried out only then).
ALTER TABLE shops ADD COLUMN shopify_shop_id BIGINT;
ALTER TABLE shops ADD COLUMN uninstalled_at BIGINT;

-- A delivery's body is sealed: these say which order and customer it carries, so an erasure
-- finds it; body_purged_at marks a body emptied by an erasure or by retention.
ALTER TABLE webhook_deliveries ADD COLUMN shopify_order_id BIGINT;
ALTER TABLE webhook_deliveries ADD COLUMN shopify_customer_id BIGINT;
ALTER TABLE webhook_deliveries ADD COLUMN body_purged_at BIGINT;
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (shop, shopify_order_id);
CREATE INDEX webhook_deliveries_customer_idx ON webhook_deliveries (shop, shopify_customer_id);
CREATE INDEX webhook_deliveries_purge_idx ON webhook_deliveries (received_at)
    WHERE body_purged_at IS NULL;

-- Retention ([privacy] retention_days): finished runs' and tasks' payloads are emptied after
-- it; the rows stay (states, times, errors) for the statistics and the audit.
ALTER TABLE tasks ADD COLUMN purged_at BIGINT;
ALTER TABLE workflow_runs ADD COLUMN purged_at BIGINT;
CREATE INDEX tasks_purge_idx ON tasks (finished_at)
    WHERE purged_at IS NULL AND state IN ('succeeded', 'cancelled');
CREATE INDEX workflow_runs_purge_idx ON workflow_runs (finished_at)
    WHERE purged_at IS NULL AND state IN ('succeeded', 'cancelled');
CREATE INDEX workflow_runs_trigger_idx ON workflow_runs (trigger_key);

-- The audit chain's head, signed with the audit key: removing the newest entries, or this row,
-- no longer verifies.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    last_id BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    mac TEXT NOT NULL
);

-- Idempotency keys that API callers gave move into the caller's namespace ("api:key:ci:..."):
-- the plain ones are the backend's own (workflow steps).
UPDATE tasks SET idempotency_key = 'api:' || correlation_id || ':' || idempotency_key
    WHERE idempotency_key IS NOT NULL AND workflow_run_id IS NULL
      AND (correlation_id LIKE 'key:%' OR correlation_id LIKE 'user:%');
