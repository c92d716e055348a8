package io.crmsync.connector.jdbc;

import io.crmsync.api.Record;
import io.crmsync.connector.jdbc.JdbcSettings.PropertyConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SELECTs of the connector: full pages by id, lookups by id and by identifier. Every query selects the
 * same columns in the same order (id, then the updated-at value when configured, then the properties), so
 * one {@link #toRecord} reads them all; {@link #records} then adds the join-table associations of the whole
 * page ({@link JoinTables}). Stateless apart from the codec; thread-safe.
 */
final class TableReader {
    /** Most bind parameters in one {@code IN (...)} list. */
    static final int IN_CHUNK = 500;

    private final ValueCodec codec;
    private final JoinTables joins;

    TableReader(ValueCodec codec) {
        this.codec = codec;
        this.joins = new JoinTables(codec);
    }

    /** The join tables of multi-valued associations, read and written with the same codec. */
    JoinTables joins() {
        return joins;
    }

    /** The records, read by a query made with {@link #selectList}, with their join-table associations. */
    List<Record> withJoins(Connection c, TableInfo t, List<Record> records) throws SQLException {
        return joins.fill(c, t, records);
    }

    /** The select list: id, [updated-at expression], property columns. */
    String selectList(TableInfo t) {
        StringBuilder sql = new StringBuilder(t.id().quoted());
        if (t.updatedAt() != null) {
            sql.append(", ").append(t.timeExpression());
        }
        for (ColumnInfo column : t.columns().values()) {
            sql.append(", ").append(column.quoted());
        }
        return sql.toString();
    }

    /** The record on the current row of a query made with {@link #selectList}. */
    Record toRecord(TableInfo t, ResultSet rs) throws SQLException {
        String id = ValueCodec.readId(rs, 1);
        Instant updatedAt = null;
        int index = 2;
        if (t.updatedAt() != null) {
            updatedAt = ChangeFeed.keyInstant(t.timeKind(), ChangeFeed.readTimeKey(t.timeKind(), rs, 2));
            index = 3;
        }
        Map<String, String> props = new HashMap<>();
        for (PropertyConfig p : t.config().properties()) {
            props.put(p.def().name(), codec.read(p.def(), t.columns().get(p.def().name()), rs, index++));
        }
        return new Record(id, props, updatedAt, false);
    }

    /**
     * One page of rows in id order after {@code afterId} ({@code null}: from the first row).
     *
     * @param limit most rows to return
     */
    List<Record> page(Connection c, TableInfo t, String afterId, int limit) throws SQLException {
        String sql = "SELECT " + selectList(t) + " FROM " + t.table()
                + (afterId == null ? "" : " WHERE " + t.id().quoted() + " > ?")
                + " ORDER BY " + t.id().quoted() + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = 1;
            if (afterId != null) {
                Object id = codec.idToJdbc(t.id(), afterId);
                if (id == null) {
                    throw new IllegalArgumentException("not a page token of this table: " + afterId);
                }
                ValueCodec.bind(ps, index++, t.id(), id);
            }
            ps.setInt(index, limit);
            return records(t, ps);
        }
    }

    /** The rows with these ids, in the order asked, each once; ids that do not exist are left out. */
    List<Record> byIds(Connection c, TableInfo t, Collection<String> ids) throws SQLException {
        List<Object> values = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Object value = id == null ? null : codec.idToJdbc(t.id(), id);
            if (value != null) {
                values.add(value);
            }
        }
        Map<String, Record> found = new HashMap<>();
        for (int from = 0; from < values.size(); from += IN_CHUNK) {
            List<Object> chunk = values.subList(from, Math.min(values.size(), from + IN_CHUNK));
            String sql = "SELECT " + selectList(t) + " FROM " + t.table() + " WHERE " + t.id().quoted()
                    + " IN (" + placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ValueCodec.bind(ps, i + 1, t.id(), chunk.get(i));
                }
                for (Record r : records(t, ps)) {
                    found.put(r.id(), r);
                }
            }
        }
        List<Record> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Record r = found.remove(id);
            if (r != null) {
                out.add(r);
            }
        }
        out.addAll(found.values()); // ids the database spells differently (e.g. "007" for 7)
        return out;
    }

    /** Rows whose property equals one of the values, ignoring letter case and surrounding spaces. */
    /** Hosts per domain query: each brings 12 equality and 12 pattern parameters. */
    private static final int DOMAIN_CHUNK = 20;

    List<Record> byIdentifier(Connection c, TableInfo t, PropertyConfig property, Collection<String> values)
            throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                keys.add(v.trim().toLowerCase(Locale.ROOT));
            }
        }
        ColumnInfo column = t.columns().get(property.def().name());
        String expr = asText(column);
        List<String> all = List.copyOf(keys);
        List<Record> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String sql = "SELECT " + selectList(t) + " FROM " + t.table() + " WHERE LOWER(TRIM(" + expr
                    + ")) IN (" + placeholders(chunk.size()) + ") ORDER BY " + t.id().quoted();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                out.addAll(records(t, ps));
            }
        }
        return out;
    }

    /**
     * Rows whose property names one of the hosts: equal to a bare spelling ({@code example.com},
     * {@code www.example.com}, with {@code http(s)://} and an optional trailing slash), or starting with one of
     * them followed by a path ({@code /}) or a port ({@code :}), ignoring letter case and surrounding spaces.
     */
    List<Record> byDomain(Connection c, TableInfo t, PropertyConfig property, Collection<String> hosts)
            throws SQLException {
        ColumnInfo column = t.columns().get(property.def().name());
        String expr = "LOWER(TRIM(" + asText(column) + "))";
        List<String> all = hosts.stream().filter(h -> h != null && !h.isBlank())
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        List<Record> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int from = 0; from < all.size(); from += DOMAIN_CHUNK) {
            List<String> equal = new ArrayList<>();
            List<String> like = new ArrayList<>();
            for (String host : all.subList(from, Math.min(all.size(), from + DOMAIN_CHUNK))) {
                for (String prefix : new String[] {"", "www.", "http://", "https://", "http://www.", "https://www."}) {
                    equal.add(prefix + host);
                    equal.add(prefix + host + "/");
                    String escaped = (prefix + host).replace("!", "!!").replace("%", "!%").replace("_", "!_");
                    like.add(escaped + "/%");
                    like.add(escaped + ":%");
                }
            }
            StringBuilder where = new StringBuilder(expr).append(" IN (").append(placeholders(equal.size()))
                    .append(')');
            for (int i = 0; i < like.size(); i++) {
                where.append(" OR ").append(expr).append(" LIKE ? ESCAPE '!'");
            }
            String sql = "SELECT " + selectList(t) + " FROM " + t.table() + " WHERE " + where + " ORDER BY "
                    + t.id().quoted();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String v : equal) {
                    ps.setString(i++, v);
                }
                for (String v : like) {
                    ps.setString(i++, v);
                }
                for (Record r : records(t, ps)) {
                    if (seen.add(r.id())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** The column as text in SQL, so that identifiers compare as strings whatever the column's type. */
    private static String asText(ColumnInfo column) {
        return column.kind() == ColumnInfo.Kind.TEXT ? column.quoted()
                : "CAST(" + column.quoted() + " AS VARCHAR(4000))";
    }

    List<Record> records(TableInfo t, PreparedStatement ps) throws SQLException {
        List<Record> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(toRecord(t, rs));
            }
        }
        return joins.fill(ps.getConnection(), t, out);
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
