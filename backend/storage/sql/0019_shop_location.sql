-- SPDX-License-Identifier: GPL-3.0-or-later
-- The shop's primary Shopify location, read once through the Admin API (`location` without an
-- id) for update_inventory calls that name no location; cleared when the shop's Admin API
-- address changes.
ALTER TABLE shops ADD COLUMN primary_location_id BIGINT;
