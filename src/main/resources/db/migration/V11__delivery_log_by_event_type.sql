-- The delivery log filtered by event type (SPEC §3): a page is read along this index rather than by
-- walking every delivery of the webhook.
CREATE INDEX deliveries_webhook_type_created ON deliveries (webhook_id, event_type, created_at DESC, id DESC);
