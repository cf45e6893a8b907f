-- The X-Request-Id of the request that created a delivery, so the engine's log lines about it can
-- be tied back to that request.
ALTER TABLE deliveries ADD COLUMN request_id text;
