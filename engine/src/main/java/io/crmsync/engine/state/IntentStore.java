package io.crmsync.engine.state;

import io.crmsync.engine.model.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The creates in flight of object syncs (table {@code create_intents}), see {@link CreateIntent}. A run stores a
 * chunk's intents in one transaction before it writes the apps, and {@link LinkStore#commit} deletes them in the
 * transaction that stores their links. Thread-safe (each call uses its own pooled connection).
 */
public final class IntentStore {
    /** For {@link LinkStore#commit}: every intent of the object sync is done (after their recovery). */
    public static final long ALL = 0;
    private final StateStore store;

    IntentStore(StateStore store) {
        this.store = store;
    }

    /**
     * Stores {@code intents} durably, in one transaction.
     *
     * @return the chunk id they were stored under, for {@link LinkStore#commit} to delete them by
     * @throws StateException when the store cannot be written (an intent for the same source record is still
     *                        stored: a run recovers every intent before it plans, {@code IntentRecovery})
     */
    public long store(long objectSyncId, List<CreateIntent> intents) {
        long chunk = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        if (intents.isEmpty()) {
            return chunk;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO create_intents (object_sync_id,"
                    + " intent_side, source_id, link_id, chunk_id, intent_key, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (CreateIntent i : intents) {
                    ins.setLong(1, objectSyncId);
                    ins.setString(2, i.target().name());
                    ins.setString(3, i.sourceId());
                    if (i.linkId() == null) {
                        ins.setNull(4, Types.BIGINT);
                    } else {
                        ins.setLong(4, i.linkId());
                    }
                    ins.setLong(5, chunk);
                    ins.setString(6, i.key() == null ? null : i.key().length() <= 1000 ? i.key()
                            : i.key().substring(0, 1000));
                    ins.setTimestamp(7, now);
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw store.failure("cannot store the creates about to be made", e);
        }
        return chunk;
    }

    /** The creates in flight of an object sync, oldest first. */
    public List<CreateIntent> all(long objectSyncId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT intent_side,"
                + " source_id, link_id, intent_key FROM create_intents WHERE object_sync_id = ?"
                + " ORDER BY created_at, source_id")) {
            ps.setLong(1, objectSyncId);
            List<CreateIntent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long link = rs.getLong(3);
                    Long linkId = rs.wasNull() ? null : link;
                    out.add(new CreateIntent(Side.valueOf(rs.getString(1).trim()), rs.getString(2), linkId,
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read the creates in flight", e);
        }
    }

    /**
     * Deletes, in the caller's transaction, the intents stored under {@code chunk}, or every intent of the object
     * sync for {@link #ALL}; nothing for {@code null}. One statement: the table holds a chunk or two at a time.
     */
    static void delete(Connection c, long objectSyncId, Long chunk) throws SQLException {
        if (chunk == null) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM create_intents WHERE object_sync_id = ?"
                + (chunk == ALL ? "" : " AND chunk_id = ?"))) {
            del.setLong(1, objectSyncId);
            if (chunk != ALL) {
                del.setLong(2, chunk);
            }
            del.executeUpdate();
        }
    }
}
