-- H2 only. H2 hands out identity values from a cache of 32 and, each time the cache runs out, commits the
-- sequence's new position to the file in a transaction of its own: with WRITE_DELAY=0 a store commit and a
-- chunk written every 32 links or audit rows. With 10,000 that happens once per 10,000 rows. Values stay
-- increasing (one process owns an H2 file); a crash leaves a gap of at most the cache, which no query minds.
-- Not for PostgreSQL: there a sequence cache is per connection, so ids from pooled connections would interleave.
ALTER TABLE links ALTER COLUMN id SET CACHE 10000;
ALTER TABLE audit ALTER COLUMN id SET CACHE 10000;
