-- SPDX-License-Identifier: GPL-3.0-or-later
-- Orders listed by total (largest or smallest first) page by keyset on (total_minor, id), as the
-- default order pages on id: without this index each page would sort every order.
CREATE INDEX orders_total_idx ON orders (total_minor, id);
