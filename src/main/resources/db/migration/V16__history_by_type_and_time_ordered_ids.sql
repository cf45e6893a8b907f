-- Less to write per delivery (docs/BENCHMARKS.md, "One history index for the log").
--
-- The history keeps one index for a webhook's log, by event type, besides the one of its failed
-- deliveries. A page of every type is read along it too, one range per type a delivery can have
-- (delivery/repository/DeliveryLog), so the history's index by webhook and time alone goes: it was a
-- ninth of a delivery's WAL, with its page splits. The event-type index ends with the creation time,
-- not the id, as the queue's does since V15. The new index is built before the old ones go: the build
-- lets the history be read, and the lock that blocks reads is only the drops'.
CREATE INDEX deliveries_webhook_type_time ON deliveries (webhook_id, event_type, created_at DESC);
DROP INDEX deliveries_webhook_created, deliveries_webhook_type_created;
ALTER INDEX deliveries_webhook_type_time RENAME TO deliveries_webhook_type_created;

-- Delivery ids ordered by time (the layout of a version 7 UUID, RFC 9562: the milliseconds since
-- 1970 in the first 48 bits, then random bits): new ids go to the right end of the id indexes instead
-- of anywhere in them, so those indexes split their last page only, and keep their newest pages cached.
CREATE FUNCTION encrata_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                          PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                          FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
