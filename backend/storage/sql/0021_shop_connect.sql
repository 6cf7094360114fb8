-- SPDX-License-Identifier: GPL-3.0-or-later
-- Connecting a shop: the public URL Shopify's webhooks reach DropCrew at (empty: the
-- [shopify] public_url, and without one the shop is polled), the Admin API scopes the token was
-- last seen to have (space separated; NULL checked_at: never checked), and the polling cursors:
-- the newest updated_at of the orders and products a pass has seen.
ALTER TABLE shops ADD COLUMN public_url TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN granted_scopes TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN scopes_checked_at BIGINT;
ALTER TABLE shops ADD COLUMN orders_polled_through BIGINT;
ALTER TABLE shops ADD COLUMN products_polled_through BIGINT;
ALTER TABLE shops ADD COLUMN last_polled_at BIGINT;
ALTER TABLE shops ADD COLUMN last_poll_error TEXT NOT NULL DEFAULT '';
