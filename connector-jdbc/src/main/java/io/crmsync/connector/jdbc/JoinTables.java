package io.crmsync.connector.jdbc;

import io.crmsync.api.Record;
import io.crmsync.connector.jdbc.TableInfo.JoinInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Multi-valued associations kept in join tables (DESIGN.md §2.6): a record's {@code @contacts} is the set of
 * {@code to} ids of the join rows whose {@code from} is its id.
 *
 * <p>Reads fill the association properties of a whole page of records with one query per join table and per
 * {@value TableReader#IN_CHUNK} records, never one per record. Every record read carries its full current set
 * (no join row: the property is absent, which means "none"), as the connector SPI requires of a connector that
 * reports an association property.
 *
 * <p>Writes replace one record's set: join rows of ids no longer in the value are deleted, rows of new ids
 * inserted, rows kept untouched; in the caller's transaction. A join row has no change time of its own: the
 * writer stamps the record's updated-at column whenever it writes its associations, and other writers must do
 * the same (or a trigger on the join table must) for the change feed to see an association-only change.
 *
 * <p>Stateless apart from the codec; thread-safe.
 */
final class JoinTables {
    private final ValueCodec codec;

    JoinTables(ValueCodec codec) {
        this.codec = codec;
    }

    /**
     * The records with their join-table associations filled in.
     *
     * @throws SQLException when a join table cannot be read
     */
    List<Record> fill(Connection c, TableInfo t, List<Record> records) throws SQLException {
        if (t.joins().isEmpty() || records.isEmpty()) {
            return records;
        }
        Map<String, Map<String, String>> extra = new HashMap<>();
        for (Map.Entry<String, JoinInfo> e : t.joins().entrySet()) {
            Map<String, Set<String>> sets = read(c, e.getValue(), records);
            sets.forEach((id, set) -> extra.computeIfAbsent(id, k -> new HashMap<>())
                    .put(e.getKey(), e.getValue().config().def().join(List.copyOf(set))));
        }
        if (extra.isEmpty()) {
            return records;
        }
        List<Record> out = new ArrayList<>(records.size());
        for (Record r : records) {
            Map<String, String> more = extra.get(r.id());
            if (more == null) {
                out.add(r);
            } else {
                Map<String, String> props = new HashMap<>(r.properties());
                props.putAll(more);
                out.add(new Record(r.id(), props, r.updatedAt(), r.archived()));
            }
        }
        return out;
    }

    /** Record id → associated ids (sorted, so that a record reads the same whatever the rows' order). */
    private Map<String, Set<String>> read(Connection c, JoinInfo j, List<Record> records) throws SQLException {
        List<Object> ids = new ArrayList<>();
        for (Record r : records) {
            Object id = codec.idToJdbc(j.from(), r.id());
            if (id != null) {
                ids.add(id);
            }
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        eachRow(c, j, ids, (from, to, raw) -> out.computeIfAbsent(from, k -> new TreeSet<>()).add(to));
        return out;
    }

    /**
     * The associated ids of a value to write, as the join table's {@code to} column takes them.
     *
     * @param raw the property's native text ({@code ;}-joined ids), or {@code null} for none
     * @return text form of each id (as read back) → its JDBC value
     * @throws IllegalArgumentException naming the first id that is not a value of the {@code to} column
     */
    Map<String, Object> targets(JoinInfo j, String raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String id : j.config().def().split(raw)) {
            Object value = codec.idToJdbc(j.to(), id);
            if (value == null) {
                throw new IllegalArgumentException("\"" + id + "\" is not an id of column " + j.to().name()
                        + " of join table " + j.table());
            }
            // Keyed like readId reads it back: integers as plain digits ("007" is 7).
            out.put(value instanceof Long ? value.toString() : id, value);
        }
        return out;
    }

    /**
     * Makes the join rows of record {@code fromValue} exactly {@code targets}: deletes the others, inserts the
     * missing ones.
     *
     * @param targets from {@link #targets}
     * @throws SQLException when the database rejects a row (e.g. a foreign key to a record that does not exist)
     */
    void replace(Connection c, JoinInfo j, Object fromValue, Map<String, Object> targets) throws SQLException {
        Map<String, Object> existing = new LinkedHashMap<>();
        String select = "SELECT " + j.to().quoted() + " FROM " + j.table() + " WHERE " + j.from().quoted()
                + " = ? AND " + j.to().quoted() + " IS NOT NULL";
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ValueCodec.bind(ps, 1, j.from(), fromValue);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(ValueCodec.readId(rs, 1), rs.getObject(1));
                }
            }
        }
        write(c, j, fromValue, existing, targets);
    }

    /**
     * {@link #replace} for many records, with their existing join rows read in one query per
     * {@value TableReader#IN_CHUNK} records instead of one per record. Records whose {@code from} value is neither
     * an integer nor in a text column (e.g. a UUID, whose text the database may spell differently) are replaced one by one.
     *
     * @param targets the {@code from} value of each record → its targets ({@link #targets}), in write order
     * @throws SQLException as {@link #replace}; the rows of earlier records may then already be written (the
     *                      caller rolls back its savepoint)
     */
    void replaceAll(Connection c, JoinInfo j, Map<Object, Map<String, Object>> targets) throws SQLException {
        List<Object> keyed = targets.keySet().stream().filter(v -> keyable(j, v)).toList();
        Map<String, Map<String, Object>> existing = new HashMap<>();
        eachRow(c, j, keyed, (from, to, raw) -> existing.computeIfAbsent(from, k -> new LinkedHashMap<>())
                .put(to, raw));
        for (Map.Entry<Object, Map<String, Object>> e : targets.entrySet()) {
            Object fromValue = e.getKey();
            if (keyable(j, fromValue)) {
                write(c, j, fromValue, existing.getOrDefault(key(fromValue), Map.of()), e.getValue());
            } else {
                replace(c, j, fromValue, e.getValue());
            }
        }
    }

    /** Whether {@link #key} spells a {@code from} value as {@link ValueCodec#readId} reads it back. */
    private static boolean keyable(JoinInfo j, Object fromValue) {
        return fromValue instanceof Long || fromValue instanceof String && j.from().kind() == ColumnInfo.Kind.TEXT;
    }

    private static String key(Object fromValue) {
        return fromValue instanceof Long ? fromValue.toString() : (String) fromValue;
    }

    /** Deletes the rows of {@code existing} not in {@code targets}, inserts the targets not in {@code existing}. */
    private void write(Connection c, JoinInfo j, Object fromValue, Map<String, Object> existing,
                       Map<String, Object> targets) throws SQLException {
        List<Object> removed = new ArrayList<>();
        existing.forEach((id, value) -> {
            if (!targets.containsKey(id)) {
                removed.add(value);
            }
        });
        List<Object> added = new ArrayList<>();
        targets.forEach((id, value) -> {
            if (!existing.containsKey(id)) {
                added.add(value);
            }
        });
        if (!removed.isEmpty()) {
            String sql = "DELETE FROM " + j.table() + " WHERE " + j.from().quoted() + " = ? AND " + j.to().quoted()
                    + " = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object value : removed) {
                    ValueCodec.bind(ps, 1, j.from(), fromValue);
                    // The value as the driver read it, so that it compares equal whatever the column's type.
                    ps.setObject(2, value);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!added.isEmpty()) {
            String sql = "INSERT INTO " + j.table() + " (" + j.from().quoted() + ", " + j.to().quoted()
                    + ") VALUES (?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object value : added) {
                    ValueCodec.bind(ps, 1, j.from(), fromValue);
                    ValueCodec.bind(ps, 2, j.to(), value);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * Deletes every join row of the records {@code fromValues}, before the records themselves: a join table
     * without a cascading foreign key would otherwise keep rows that a new record reusing the id (SQLite reuses
     * the highest rowid) would inherit.
     */
    void deleteAll(Connection c, JoinInfo j, List<Object> fromValues) throws SQLException {
        if (fromValues.isEmpty()) {
            return;
        }
        String sql = "DELETE FROM " + j.table() + " WHERE " + j.from().quoted() + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object value : fromValues) {
                ValueCodec.bind(ps, 1, j.from(), value);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One join row: the {@code from} and {@code to} ids as text, and the {@code to} value as the driver gave it. */
    @FunctionalInterface
    private interface RowSink {
        void accept(String from, String to, Object rawTo) throws SQLException;
    }

    /**
     * Every join row (with a {@code to}) of the records whose {@code from} values are {@code ids}, one query per
     * {@link TableReader#IN_CHUNK} ids.
     */
    private static void eachRow(Connection c, JoinInfo j, List<Object> ids, RowSink sink) throws SQLException {
        for (int from = 0; from < ids.size(); from += TableReader.IN_CHUNK) {
            List<Object> chunk = ids.subList(from, Math.min(ids.size(), from + TableReader.IN_CHUNK));
            String sql = "SELECT " + j.from().quoted() + ", " + j.to().quoted() + " FROM " + j.table() + " WHERE "
                    + j.from().quoted() + " IN (" + TableReader.placeholders(chunk.size()) + ") AND "
                    + j.to().quoted() + " IS NOT NULL";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ValueCodec.bind(ps, i + 1, j.from(), chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(ValueCodec.readId(rs, 1), ValueCodec.readId(rs, 2), rs.getObject(2));
                    }
                }
            }
        }
    }
}
