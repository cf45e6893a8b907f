-- A delivery of an event no longer carries its own copy of the envelope: it is the event's body,
-- stored once however many webhooks the event fans out to. Only test sends (no event) keep theirs
-- here; rows written before this migration keep theirs too. Readers take
-- coalesce(deliveries.payload, events.body); deliveries never outlive their event (ON DELETE CASCADE).
ALTER TABLE deliveries ALTER COLUMN payload DROP NOT NULL;
