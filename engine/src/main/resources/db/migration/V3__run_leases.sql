-- The run lease of each object sync: at most one run of an object sync at a time, across threads, processes and
-- machines sharing this state store. A row exists while a run holds the lease; times are epoch milliseconds on
-- the database's clock, so hosts with skewed clocks agree on expiry. A crashed holder's row expires and is taken
-- over by the next run.
CREATE TABLE run_leases (
    object_sync_id BIGINT       NOT NULL PRIMARY KEY REFERENCES object_syncs (id),
    holder         VARCHAR(500) NOT NULL,
    acquired_ms    BIGINT       NOT NULL,
    expires_ms     BIGINT       NOT NULL
);
