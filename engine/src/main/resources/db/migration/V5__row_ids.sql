-- The next free id of links and audit, for H2 stores: crmsync reserves blocks of ids here (RowIds) and inserts
-- those rows with explicit ids. H2 refills an identity column's cache of 32 values by committing its system
-- session, which with WRITE_DELAY=0 writes every changed page of the file each time. PostgreSQL stores keep their
-- identity columns and never read this table.
CREATE TABLE row_ids (
    table_name VARCHAR(40) PRIMARY KEY,
    next_id    BIGINT      NOT NULL
);
INSERT INTO row_ids (table_name, next_id) SELECT 'links', COALESCE(MAX(id), 0) + 1 FROM links;
INSERT INTO row_ids (table_name, next_id) SELECT 'audit', COALESCE(MAX(id), 0) + 1 FROM audit;
