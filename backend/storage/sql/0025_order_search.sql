-- SPDX-License-Identifier: GPL-3.0-or-later
-- Finding an order by what a customer or a carrier quotes: the AliExpress order number, the
-- tracking number, the customer's e-mail. The e-mail is sealed at rest, so it is found by a
-- keyed hash of it (FieldSealer::lookupToken), filled on write and for older rows at start.
-- NULL: not computed yet (rows from before); '' for a customer without an e-mail or erased.
ALTER TABLE customers ADD COLUMN email_lookup TEXT;
CREATE INDEX customers_email_lookup_idx ON customers (email_lookup);
CREATE INDEX customers_lookup_missing_idx ON customers (id) WHERE email_lookup IS NULL;
CREATE INDEX supplier_orders_supplier_order_idx ON supplier_orders (supplier_order_id);
CREATE INDEX shipments_tracking_idx ON shipments (tracking_number);
-- A replacement names its original, so lists can show replacements (and the original its
-- replacements) without guessing from names; older ones are linked at start from their
-- order.replaced events.
ALTER TABLE orders ADD COLUMN replaces_order_id BIGINT;
CREATE INDEX orders_replaces_idx ON orders (replaces_order_id) WHERE replaces_order_id IS NOT NULL;
-- Supplier scores and delivery estimates read a supplier's deliveries, newest first.
CREATE INDEX supplier_orders_delivered_idx ON supplier_orders (supplier_id, delivered_at);
