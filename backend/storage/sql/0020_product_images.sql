-- SPDX-License-Identifier: GPL-3.0-or-later
-- A product's image URLs (a JSON array, in the shop's order), from products/* webhooks and the
-- catalog import.
ALTER TABLE products ADD COLUMN image_urls TEXT NOT NULL DEFAULT '[]';
