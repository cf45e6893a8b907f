-- Deliveries handed over at intake stay out of the due index (docs/BENCHMARKS.md, "Slots free at the
-- answer, hand-overs out of the due index").
--
-- A delivery that intake inserts already leased to its own instance (delivery/engine/IntakeHandOver)
-- is sent without a claim, and nearly always leaves the queue with its first outcome: its entry in the
-- due index was written only to be deleted again, a sixteenth of a delivery's WAL. Such a row is
-- marked `handed` and the due index leaves it out. It goes back among the due work (handed = false)
-- when its attempt is retried or given back, and, if its instance dies, once its lease has run out:
-- the claimer's poll looks for those rows every second (delivery/engine/DeliveryQueue, STATE), and
-- also puts back handed rows that no lease holds (given back or retried by an instance of the earlier
-- version, which leaves `handed` as it was).
--
-- Claims, renewals and releases change no indexed column besides `handed` (a release of a handed row
-- is the one update that is not rewritten in place). An earlier version's claim, during a rolling
-- upgrade, cannot use the new index (its condition does not say NOT handed) and reads the queue
-- sequentially instead, finding the same rows.
ALTER TABLE delivery_queue ADD COLUMN handed boolean NOT NULL DEFAULT false;
CREATE INDEX delivery_queue_due_unhanded ON delivery_queue (due_at) WHERE seq IS NULL AND NOT handed;
DROP INDEX delivery_queue_due;
ALTER INDEX delivery_queue_due_unhanded RENAME TO delivery_queue_due;
