-- A delivery of an event no longer carries its own copy of the envelope: it is the event's body,
-- stored once however many webhooks the event fans out to. Only test sends (no event) keep theirs
-- here; rows written before this migration keep theirs too. Readers take
-- coalesce(deliveries.payload, events.body); deliveries never outlive their event (ON DELETE CASCADE).
ALTER TABLE deliveries ALTER COLUMN payload DROP NOT NULL;
-- Every delivery has an envelope: its own, or its event's (the foreign key keeps the event there).
-- NOT VALID: the rows already stored all have their own (the column was NOT NULL), so there is
-- nothing to check, and adding it takes no scan of the table.
ALTER TABLE deliveries ADD CONSTRAINT deliveries_envelope CHECK (payload IS NOT NULL OR event_id IS NOT NULL) NOT VALID;
