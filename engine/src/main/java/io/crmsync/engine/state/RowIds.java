package io.crmsync.engine.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Ids for new rows of {@code links} and {@code audit} in an H2 store, from blocks of {@value #BLOCK} reserved in
 * table {@code row_ids} (migration V5). Why not H2's identity columns: H2 refills an identity's cache of 32 values
 * by committing its system session, and with {@code WRITE_DELAY=0} every such commit writes all changed pages of
 * the file; in {@code bench/run objects-initial} that was a quarter of the state store's commit time. A block is
 * reserved in its own short transaction, so concurrent commits (threads, or other processes through H2's
 * automatic mixed mode) never share a locked row; ids left unused in a block when the process ends are skipped,
 * which is harmless. PostgreSQL stores do not use this class: their identity sequences are cheap.
 * Thread-safe.
 */
final class RowIds {
    /** Ids reserved per visit to {@code row_ids}. */
    static final int BLOCK = 10_000;

    private final StateStore store;
    /** Per table: the next id of the current block and the first id past it. */
    private final Map<String, long[]> blocks = new HashMap<>();

    RowIds(StateStore store) {
        this.store = store;
    }

    /**
     * The first of {@code count} consecutive ids for new rows of {@code table} ({@code links} or {@code audit}),
     * reserving a new block when the current one has fewer left. Call before opening the connection that inserts
     * the rows: a reservation takes a connection of its own.
     *
     * @throws StateException when the reservation cannot be written
     */
    synchronized long take(String table, int count) {
        long[] block = blocks.get(table);
        if (block == null || block[1] - block[0] < count) {
            long size = Math.max(BLOCK, count);
            long first = reserve(table, size);
            block = new long[] {first, first + size};
            blocks.put(table, block);
        }
        long first = block[0];
        block[0] += count;
        return first;
    }

    private long reserve(String table, long size) {
        try (Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("SELECT next_id FROM FINAL TABLE (UPDATE row_ids SET next_id"
                     + " = next_id + ? WHERE table_name = ?)")) {
            ps.setLong(1, size);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no row for " + table + " in row_ids");
                }
                return rs.getLong(1) - size;
            }
        } catch (SQLException e) {
            throw store.failure("cannot reserve ids for new " + table + " rows", e);
        }
    }
}
