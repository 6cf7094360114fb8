-- SPDX-License-Identifier: GPL-3.0-or-later
-- What the tracking pass learnt about each supplier order. checked_at: when a pass last looked
-- at it, successful or not (0: never); the pass takes the least recently checked first, so an
-- order that keeps failing does not come first in every pass. last_error: that look's error
-- ('' when it went through). supplier_status: AliExpress's order_status as last read (e.g.
-- PLACE_ORDER_SUCCESS, WAIT_SELLER_SEND_GOODS, FINISH). problem: the machine code of what is
-- wrong at the supplier (supplier_cancelled, payment_failed, risk_control, address_incomplete;
-- '' when nothing), as published on order.supplier_problem. attempts: supplier orders placed
-- for this row so far (a payment retried after AliExpress closed the unpaid order places a new
-- one under a new out_order_id).
ALTER TABLE supplier_orders ADD COLUMN checked_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE supplier_orders ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE supplier_orders ADD COLUMN supplier_status TEXT NOT NULL DEFAULT '';
ALTER TABLE supplier_orders ADD COLUMN problem TEXT NOT NULL DEFAULT '';
ALTER TABLE supplier_orders ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
CREATE INDEX supplier_orders_checked_idx ON supplier_orders (status, checked_at, id);
