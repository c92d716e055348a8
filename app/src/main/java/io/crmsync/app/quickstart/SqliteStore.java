package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.Dataset.Row;
import io.crmsync.app.quickstart.QuickstartSchema.Column;
import io.crmsync.app.quickstart.QuickstartSchema.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the quickstart rows into SQLite files and reads them back. */
final class SqliteStore {

    private SqliteStore() {
    }

    /** Creates {@code file} with the given tables and rows; the file must not exist yet. */
    static void write(Path file, Map<Table, List<Row>> tables) throws SQLException {
        try (Connection c = open(file)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (Table t : tables.keySet()) {
                    s.execute(t.createSql());
                }
            }
            for (Map.Entry<Table, List<Row>> e : tables.entrySet()) {
                insert(c, e.getKey(), e.getValue());
            }
            c.commit();
        }
    }

    /** Reads a table back, rows in id order. */
    static List<Row> read(Path file, Table table) throws SQLException {
        List<String> columns = table.columns();
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table.name() + " ORDER BY " + table.id();
        List<Row> rows = new ArrayList<>();
        try (Connection c = open(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (Map.Entry<String, Column> p : table.properties().entrySet()) {
                    values.put(p.getKey(), rs.getString(p.getValue().column()));
                }
                Long parent = null;
                if (table.parent() != null) {
                    long v = rs.getLong(table.parent());
                    parent = rs.wasNull() ? null : v;
                }
                rows.add(new Row(rs.getLong(table.id()), values, parent, rs.getString(table.updatedAt())));
            }
        }
        return rows;
    }

    private static void insert(Connection c, Table table, List<Row> rows) throws SQLException {
        List<String> columns = table.columns();
        String sql = "INSERT INTO " + table.name() + " (" + String.join(", ", columns) + ") VALUES ("
                + "?, ".repeat(columns.size() - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row row : rows) {
                int i = 1;
                ps.setLong(i++, row.id());
                for (Map.Entry<String, Column> p : table.properties().entrySet()) {
                    String value = row.get(p.getKey());
                    if (value == null) {
                        ps.setNull(i++, "number".equals(p.getValue().type()) ? Types.INTEGER : Types.VARCHAR);
                    } else if ("number".equals(p.getValue().type())) {
                        // Stored as a number, not as text, as a real table of head counts or prices would be.
                        ps.setBigDecimal(i++, new java.math.BigDecimal(value));
                    } else {
                        ps.setString(i++, value);
                    }
                }
                if (table.parent() != null) {
                    if (row.parentId() == null) {
                        ps.setNull(i++, Types.INTEGER);
                    } else {
                        ps.setLong(i++, row.parentId());
                    }
                }
                ps.setString(i, row.updatedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
