-- SPDX-License-Identifier: GPL-3.0-or-later
-- aliexpress.ds.order.create names the SKU bought by its attribute string (sku_attr, such as
-- "14:175#Blue;5:361386"), not by its sku_id. Taken when a variant is mapped and refreshed by
-- each stock check; NULL: not known yet (looked up when the order is placed).
ALTER TABLE supplier_offers ADD COLUMN supplier_sku_attr TEXT;
