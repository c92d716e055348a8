-- Creates in flight (DESIGN.md §2.4): a row per record about to be created, committed before the app is called
-- and deleted in the transaction that commits the created record's link, so that a crash in between leaves the
-- key to find the record by. Kept apart from links so that a create writes its link row once, not as a PENDING
-- row first and its final row after. source_id is the id of the record copied (in the app other than
-- intent_side); link_id the link the create retries, if it had one; chunk_id tells the chunks of a run apart, so
-- that a chunk's commit deletes its intents with one statement.
CREATE TABLE create_intents (
    object_sync_id BIGINT        NOT NULL REFERENCES object_syncs (id),
    intent_side    CHAR(1)       NOT NULL,
    source_id      VARCHAR(500)  NOT NULL,
    link_id        BIGINT,
    chunk_id       BIGINT        NOT NULL,
    intent_key     VARCHAR(1000),
    created_at     TIMESTAMP     NOT NULL,
    PRIMARY KEY (object_sync_id, intent_side, source_id)
);

-- Creates an earlier version left in flight as PENDING link rows: each becomes an intent of its row, and the
-- row an interrupted create to retry (as that version's recovery left it when the record was not found). The
-- next run's recovery then links the record it finds, or plans the source again.
INSERT INTO create_intents (object_sync_id, intent_side, source_id, link_id, chunk_id, intent_key, created_at)
SELECT object_sync_id, intent_side, CASE WHEN intent_side = 'A' THEN id_b ELSE id_a END, id, 0, intent_key,
       updated_at
FROM links
WHERE state = 'PENDING' AND intent_side IS NOT NULL
  AND (CASE WHEN intent_side = 'A' THEN id_b ELSE id_a END) IS NOT NULL;
UPDATE links SET state = 'FAILED', reason = 'REMOTE_ERROR', message = 'create interrupted; retried',
                 attempts = attempts + 1
WHERE state = 'PENDING';
