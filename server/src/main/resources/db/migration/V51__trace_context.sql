-- W3C traceparent of the request that wrote an event, carried to its webhook deliveries so the
-- delivery, however late and on whichever node, joins that request's trace
-- (docs/observability.md, "Traces"). NULL when tracing was off.
ALTER TABLE events_outbox ADD COLUMN traceparent text;
ALTER TABLE webhooks_deliveries ADD COLUMN traceparent text;
