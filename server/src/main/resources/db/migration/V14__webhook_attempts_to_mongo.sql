-- Delivery attempts live in MongoDB (collection delivery_attempts) from now on.
DROP TABLE webhooks_delivery_attempts;
