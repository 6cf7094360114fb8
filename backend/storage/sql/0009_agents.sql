-- SPDX-License-Identifier: GPL-3.0-or-later
-- The agents' state: why an order is held and who approved a low margin; supplier orders (one
-- per order and supplier, out_order_id makes a retried submission land on the same AliExpress
-- order); the supplier cost a price was last set against (price.changed detection); stock
-- alerts already raised; remote agents (their signing secrets live in the secret store).
ALTER TABLE orders ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN margin_approved_by TEXT NOT NULL DEFAULT '';

CREATE TABLE supplier_orders (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
    out_order_id TEXT NOT NULL UNIQUE,
    supplier_order_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,       -- prepared, submitting, placed, shipped, delivered, cancel_requested, cancelled, failed
    lines TEXT NOT NULL,        -- JSON: the chosen offer per line item
    cost_minor BIGINT NOT NULL,
    shipping_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    placed_at BIGINT,
    shipped_at BIGINT,
    delivered_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (order_id, supplier_id)
);
CREATE INDEX supplier_orders_status_idx ON supplier_orders (status, id);

ALTER TABLE supplier_offers ADD COLUMN reference_cost_minor BIGINT;
ALTER TABLE variants ADD COLUMN stock_alert_at BIGINT;
ALTER TABLE shipments ADD COLUMN shopify_fulfillment_id TEXT NOT NULL DEFAULT '';

CREATE TABLE remote_agents (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    actions TEXT NOT NULL,      -- JSON array of {name, description, input_schema, output_schema, errors}
    timeout_ms INTEGER NOT NULL DEFAULT 30000,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
