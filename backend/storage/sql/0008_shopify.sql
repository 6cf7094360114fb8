-- SPDX-License-Identifier: GPL-3.0-or-later
-- Shopify shops (their secrets live in the secret store, never here), every webhook delivery
-- (the raw body sealed: it carries personal data), privacy requests, and the inventory item id
-- that inventory_levels/update refers to.
CREATE TABLE shops (
    domain TEXT PRIMARY KEY,
    api_version TEXT NOT NULL,
    admin_url TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    health TEXT NOT NULL DEFAULT 'unknown',
    health_detail TEXT NOT NULL DEFAULT '',
    health_checked_at BIGINT,
    last_reconciled_at BIGINT,
    reconciled_through BIGINT,
    last_reconcile_found INTEGER NOT NULL DEFAULT 0,
    last_reconcile_error TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT 'EUR',
    created_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id @ID@,
    shop TEXT NOT NULL,
    topic TEXT NOT NULL,
    webhook_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    api_version TEXT NOT NULL DEFAULT '',
    triggered_at TEXT NOT NULL DEFAULT '',
    received_at BIGINT NOT NULL,
    body @BLOB@ NOT NULL,
    state TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    processed_at BIGINT,
    UNIQUE (shop, webhook_id)
);
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (shop, topic, event_id);
CREATE INDEX webhook_deliveries_state ON webhook_deliveries (state, id);

CREATE TABLE privacy_requests (
    id @ID@,
    shop TEXT NOT NULL,
    kind TEXT NOT NULL,
    shopify_customer_id BIGINT,
    customer_id BIGINT,
    orders_requested TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    delivery_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

ALTER TABLE variants ADD COLUMN shopify_inventory_item_id BIGINT;
CREATE INDEX variants_inventory_item_idx ON variants (shopify_inventory_item_id);
