package io.crmsync.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Association rows in the sandbox's H2 file (table {@code associations}), one row per direction and typeId, so
 * they survive a restart. Shares {@link RecordStore}'s connection and monitor, so association writes join the
 * store's transactions ({@link RecordStore#inTransaction}). Reads return only rows whose far end is a live
 * (non-archived) record: archiving a record hides its associations, and purging it deletes them.
 */
final class AssociationStore {
    /** One stored direction: {@code fromType/fromId → toType/toId} with {@code typeId} and its category. */
    record Row(ObjectType fromType, long fromId, ObjectType toType, long toId, int typeId, String category) {
    }

    /** Rows from one live record to live records of a type ({@link #from}). */
    private static final String FROM_SQL = "SELECT a.* FROM associations a JOIN objects o ON o.type = a.to_type "
            + "AND o.id = a.to_id AND o.archived = FALSE JOIN objects f ON f.type = a.from_type AND f.id = a.from_id "
            + "AND f.archived = FALSE WHERE a.from_type = ? AND a.from_id = ? AND a.to_type = ? "
            + "ORDER BY a.to_id, a.type_id";

    /** {@link #FROM_SQL} narrowed to one far record: a primary-key prefix lookup instead of all the record's rows. */
    private static final String BETWEEN_SQL = FROM_SQL.replace("AND a.to_type = ? ", "AND a.to_type = ? AND a.to_id = ? ");

    /**
     * The rows from one record to another, both known to be live, by typeId: a primary-key prefix lookup with no
     * liveness join.
     */
    private static final String BETWEEN_LIVE_SQL = "SELECT * FROM associations WHERE from_type = ? AND from_id = ? "
            + "AND to_type = ? AND to_id = ? ORDER BY type_id";

    /**
     * Rows from one record to live records of any type, for {@link AssociationEffects}: its callers have already
     * checked that the record itself is live, so unlike {@link #FROM_SQL} there is no join on the source.
     */
    private static final String ALL_FROM_LIVE_SQL = "SELECT a.* FROM associations a JOIN objects o ON o.type = "
            + "a.to_type AND o.id = a.to_id AND o.archived = FALSE WHERE a.from_type = ? AND a.from_id = ? "
            + "ORDER BY a.to_type, a.to_id, a.type_id";

    private final RecordStore store;

    AssociationStore(RecordStore store) {
        this.store = store;
    }

    static void createSchema(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS associations (from_type VARCHAR(40) NOT NULL, from_id BIGINT NOT NULL, "
                + "to_type VARCHAR(40) NOT NULL, to_id BIGINT NOT NULL, type_id INT NOT NULL, "
                + "category VARCHAR(40) NOT NULL, PRIMARY KEY (from_type, from_id, to_type, to_id, type_id))");
    }

    /** Deletes rows whose either end no longer exists (after the recycle-bin purge). */
    static void deleteOrphans(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM associations a WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.type = a.from_type "
                    + "AND o.id = a.from_id) OR NOT EXISTS (SELECT 1 FROM objects o WHERE o.type = a.to_type "
                    + "AND o.id = a.to_id)");
        }
    }

    /** Adds the row if absent (idempotent). */
    void add(ObjectType from, long fromId, ObjectType to, long toId, int typeId, String category) {
        synchronized (store) {
            exec("MERGE INTO associations (from_type, from_id, to_type, to_id, type_id, category) KEY (from_type, "
                    + "from_id, to_type, to_id, type_id) VALUES (?, ?, ?, ?, ?, ?)",
                    from.apiName(), fromId, to.apiName(), toId, typeId, category);
        }
    }

    /** Removes one row, if present. */
    void remove(ObjectType from, long fromId, ObjectType to, long toId, int typeId) {
        synchronized (store) {
            exec("DELETE FROM associations WHERE from_type = ? AND from_id = ? AND to_type = ? AND to_id = ? "
                    + "AND type_id = ?", from.apiName(), fromId, to.apiName(), toId, typeId);
        }
    }

    /** Removes every row between the two records, in both directions. */
    void removePair(ObjectType a, long aId, ObjectType b, long bId) {
        synchronized (store) {
            String sql = "DELETE FROM associations WHERE from_type = ? AND from_id = ? AND to_type = ? AND to_id = ?";
            exec(sql, a.apiName(), aId, b.apiName(), bId);
            exec(sql, b.apiName(), bId, a.apiName(), aId);
        }
    }

    /** Rows from one live record to live records of {@code to} (none when the source is archived), by ascending toId then typeId. */
    List<Row> from(ObjectType from, long fromId, ObjectType to) {
        synchronized (store) {
            return query(FROM_SQL, from.apiName(), fromId, to.apiName());
        }
    }

    /** The rows of {@link #from} whose far end is {@code toId}, by ascending typeId. */
    List<Row> between(ObjectType from, long fromId, ObjectType to, long toId) {
        synchronized (store) {
            return query(BETWEEN_SQL, from.apiName(), fromId, to.apiName(), toId);
        }
    }

    /** {@link #between} for two records the caller has checked to be live (under this store's monitor). */
    List<Row> betweenLive(ObjectType from, long fromId, ObjectType to, long toId) {
        synchronized (store) {
            return query(BETWEEN_LIVE_SQL, from.apiName(), fromId, to.apiName(), toId);
        }
    }

    /**
     * Rows from the record {@code from/fromId}, which the caller knows to be live, to live records of every type,
     * by type, toId, typeId: one query where {@link #from} per type would take one each.
     */
    List<Row> fromLiveRecord(ObjectType from, long fromId) {
        synchronized (store) {
            return query(ALL_FROM_LIVE_SQL, from.apiName(), fromId);
        }
    }

    /**
     * {@link #from} for many records of one type at once: each live record of {@code fromIds} with at least one
     * such row maps to its rows, ordered as {@link #from} orders them. Serves list pages and v4 batch reads under
     * one lock, with one prepared statement run per record: H2 (2.3) plans a single query over all the ids
     * (IN list, {@code = ANY}, or a joined id table) as a scan of every association row of the type.
     */
    Map<Long, List<Row>> fromEach(ObjectType from, Collection<Long> fromIds, ObjectType to) {
        Map<Long, List<Row>> out = new HashMap<>();
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(FROM_SQL)) {
                for (long id : new LinkedHashSet<>(fromIds)) {
                    List<Row> rows = rows(ps, from.apiName(), id, to.apiName());
                    if (!rows.isEmpty()) {
                        out.put(id, rows);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private void exec(String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Row> query(String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            return rows(ps, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Row> rows(PreparedStatement ps, Object... args) throws SQLException {
        bind(ps, args);
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(ObjectType.fromPath(rs.getString("from_type")).orElseThrow(), rs.getLong("from_id"),
                        ObjectType.fromPath(rs.getString("to_type")).orElseThrow(), rs.getLong("to_id"),
                        rs.getInt("type_id"), rs.getString("category")));
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
