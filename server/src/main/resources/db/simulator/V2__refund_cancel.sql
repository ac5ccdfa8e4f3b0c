-- A pending refund can be canceled before the processor settles it.
ALTER TABLE simulator.refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE simulator.refunds ADD CONSTRAINT refunds_status_check CHECK (status IN ('succeeded', 'pending', 'failed', 'canceled'));
