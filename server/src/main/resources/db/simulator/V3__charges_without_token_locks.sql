-- As in Settle's V20: every charge locked its token's row through the foreign key, and a token
-- charged by many payments at once made a multixact per charge. Tokens are never deleted and a
-- charge is made only for a token the simulator has just found.
ALTER TABLE simulator.charges DROP CONSTRAINT charges_token_id_fkey;
