-- SPDX-License-Identifier: GPL-3.0-or-later
-- events_topic_idx put every event's topic in an index that no hot query reads (the bus, the API
-- and retention go by id, key or time and match topic patterns in memory), and it cost the most
-- of any index: a batch's events land on one leaf page per topic, about 13 of the 93 pages an
-- order wrote to the WAL. Only the start-up link of replacement orders looks events up by
-- topic, and it reads one topic.
DROP INDEX events_topic_idx;
CREATE INDEX events_replaced_idx ON events (id) WHERE topic = 'order.replaced';
