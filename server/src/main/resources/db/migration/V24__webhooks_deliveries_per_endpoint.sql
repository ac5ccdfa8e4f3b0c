-- Each endpoint's pending deliveries in due order: while an endpoint is at its concurrency bound,
-- the claim visits the endpoints with pending deliveries through this index (one probe each)
-- instead of scanning past the full endpoint's backlog in the due index (DeliveryRepository).
CREATE INDEX webhooks_deliveries_endpoint_due_idx ON webhooks_deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
