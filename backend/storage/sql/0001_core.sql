-- SPDX-License-Identifier: GPL-3.0-or-later
-- Core domain. Times are BIGINT milliseconds since the Unix epoch (UTC by definition).
-- Money is BIGINT minor units next to a currency code. Columns marked (pii) hold customer
-- personal data sealed with AES-256-GCM (security/fieldcipher.h), never clear text.

CREATE TABLE customers (
    id @ID@,
    shop TEXT NOT NULL,
    shopify_customer_id BIGINT NOT NULL,
    first_name @BLOB@,          -- (pii)
    last_name @BLOB@,           -- (pii)
    email @BLOB@,               -- (pii)
    phone @BLOB@,               -- (pii)
    default_address @BLOB@,     -- (pii) JSON
    erased INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (shop, shopify_customer_id)
);

CREATE TABLE orders (
    id @ID@,
    shop TEXT NOT NULL,
    shopify_order_id BIGINT,    -- NULL for orders entered by hand
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    financial_status TEXT NOT NULL DEFAULT '',
    fulfillment_status TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    shipping_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL,
    total_minor BIGINT NOT NULL,
    customer_id BIGINT REFERENCES customers(id),
    shipping_address @BLOB@,    -- (pii) JSON
    shipping_country TEXT NOT NULL DEFAULT '',
    shopify_created_at BIGINT,
    shopify_updated_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (shop, shopify_order_id)
);
CREATE INDEX orders_status_idx ON orders (status, id);
CREATE INDEX orders_created_idx ON orders (created_at, id);
CREATE INDEX orders_customer_idx ON orders (customer_id);

CREATE TABLE line_items (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    shopify_line_item_id BIGINT,
    shopify_product_id BIGINT,
    shopify_variant_id BIGINT,
    sku TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor BIGINT NOT NULL,
    discount_minor BIGINT NOT NULL DEFAULT 0,
    currency TEXT NOT NULL
);
CREATE INDEX line_items_order_idx ON line_items (order_id);

CREATE TABLE products (
    id @ID@,
    shop TEXT NOT NULL,
    shopify_product_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    vendor TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    shopify_updated_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (shop, shopify_product_id)
);

CREATE TABLE variants (
    id @ID@,
    product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    shopify_variant_id BIGINT NOT NULL,
    sku TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    price_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    inventory_quantity INTEGER NOT NULL DEFAULT 0,
    UNIQUE (product_id, shopify_variant_id)
);
CREATE INDEX variants_shopify_idx ON variants (shopify_variant_id);

CREATE TABLE suppliers (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE supplier_offers (
    id @ID@,
    supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
    variant_id BIGINT NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    supplier_product_id TEXT NOT NULL,
    supplier_sku_id TEXT NOT NULL DEFAULT '',
    cost_minor BIGINT NOT NULL CHECK (cost_minor >= 0),
    shipping_minor BIGINT NOT NULL DEFAULT 0 CHECK (shipping_minor >= 0),
    currency TEXT NOT NULL,
    stock INTEGER NOT NULL DEFAULT 0,
    ships_to TEXT NOT NULL DEFAULT '',  -- comma-separated ISO codes; empty = worldwide
    priority INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    UNIQUE (supplier_id, variant_id, supplier_sku_id)
);
CREATE INDEX supplier_offers_variant_idx ON supplier_offers (variant_id, priority);

CREATE TABLE shipments (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    supplier_order_id TEXT NOT NULL DEFAULT '',
    carrier TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    tracking_url TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (order_id, tracking_number)
);

CREATE TABLE tracking_events (
    id @ID@,
    shipment_id BIGINT NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    status TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    UNIQUE (shipment_id, at, status)
);
