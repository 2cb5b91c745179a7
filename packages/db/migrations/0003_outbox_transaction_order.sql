-- Events are delivered in the order of the transactions that wrote them, and
-- only once every transaction that could still add an earlier event has
-- ended: a long transaction's events are delayed, never skipped.
alter table outbox add column tx_id xid8 not null default pg_current_xact_id();
create index outbox_tx_order_idx on outbox (tx_id, id);
alter table outbox_consumers add column last_tx_id xid8 not null default '0';
-- Consumers that had already passed events keep their place: everything at
-- or below their last id counts as delivered.
update outbox_consumers c set last_tx_id = coalesce((select max(o.tx_id) from outbox o where o.id <= c.last_id), '0');
