-- The W3C trace context (traceparent) of the intake request that stored the event, when tracing is on:
-- every attempt of every delivery of the event links its span to it, on whichever instance and however
-- late it is sent (retries, redeliveries). Null when tracing was off at intake. No default: adding the
-- column rewrites nothing.
ALTER TABLE events ADD COLUMN traceparent text;
