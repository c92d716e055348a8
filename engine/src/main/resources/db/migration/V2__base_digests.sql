-- A fingerprint of each side's base, so that a run recognises crmsync's own writes coming back without
-- parsing the stored base.
ALTER TABLE links ADD COLUMN digest_a VARCHAR(32);
ALTER TABLE links ADD COLUMN digest_b VARCHAR(32);
