package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.testkit.ConnectorContractTest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JDBC connector on a {@link TestDatabase} with fresh tables, plus direct SQL on the contacts table that
 * bypasses the connector, as another app writing to the database would.
 */
final class JdbcFixture implements ConnectorContractTest.Fixture {
    private static final Map<String, String> COLUMNS =
            Map.of("email", "email", "firstname", "first_name", "lastname", "last_name", "seats", "seats");

    private final TestDatabase db;
    private final Connection direct;
    private final JdbcConnector connector;

    /**
     * @param withUpdatedAt whether contacts are configured with their updated-at column
     * @param extra         app-level settings added or overriding the defaults (e.g. changeLagMs)
     */
    JdbcFixture(TestDatabase db, boolean withUpdatedAt, Map<String, Object> extra) throws SQLException {
        this.db = db;
        this.direct = db.connect();
        try (Statement s = direct.createStatement()) {
            for (String ddl : db.ddl()) {
                s.execute(ddl);
            }
        }
        this.connector = (JdbcConnector) new JdbcConnectorFactory().open(settings(db, withUpdatedAt, extra));
    }

    /** The settings of app "crm" with object types contacts, deals and notes. */
    static AppSettings settings(TestDatabase db, boolean withUpdatedAt, Map<String, Object> extra) {
        Map<String, Object> contacts = new LinkedHashMap<>();
        contacts.put("table", "contacts");
        contacts.put("id", "id");
        if (withUpdatedAt) {
            contacts.put("updatedAt", "updated_at");
        }
        contacts.put("properties", Map.of(
                "email", Map.of("column", "email", "type", "string", "unique", true),
                "firstname", Map.of("column", "first_name"),
                "lastname", Map.of("column", "last_name", "type", "string"),
                "seats", Map.of("column", "seats", "type", "number")));
        Map<String, Object> dealProps = new LinkedHashMap<>();
        dealProps.put("name", Map.of("column", "name"));
        dealProps.put("amount", Map.of("column", "amount", "type", "number"));
        dealProps.put("closed", Map.of("column", "closed", "type", "bool"));
        dealProps.put("closeDate", Map.of("column", "close_date", "type", "date"));
        dealProps.put("closedAt", Map.of("column", "closed_at", "type", "datetime"));
        dealProps.put("stage", Map.of("column", "stage", "type", "enumeration",
                "options", List.of(Map.of("value", "open", "label", "Open"), "won", "lost")));
        dealProps.put("tags", Map.of("column", "tags", "type", "multiselect", "delimiter", "|",
                "options", List.of("red", "green", "blue")));
        dealProps.put("createdAt", Map.of("column", "created_ms", "type", "datetime"));
        Map<String, Object> deals = Map.of("table", "deals", "id", "id", "updatedAt", "updated_at",
                "properties", dealProps);
        Map<String, Object> notes = Map.of("table", "notes", "id", "id", "updatedAt", "updated_at",
                "properties", Map.of("body", Map.of("column", "body")));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "jdbc");
        values.put("url", db.url());
        if (db.user() != null) {
            values.put("user", db.user());
        }
        Set<String> secrets = new HashSet<>();
        if (db.password() != null) {
            values.put("password", db.password());
            secrets.add(db.password());
        }
        values.put("objects", Map.of("contacts", contacts, "deals", deals, "notes", notes));
        values.putAll(extra);
        return new AppSettings("crm", "jdbc", values, secrets);
    }

    @Override
    public JdbcConnector connector() {
        return connector;
    }

    @Override
    public String objectType() {
        return "contacts";
    }

    Connection direct() {
        return direct;
    }

    @Override
    public String insert(Map<String, String> properties) {
        return insertAt(properties, Instant.now(), null);
    }

    /** Inserts a contact with {@code updated_at = at}, with an explicit id or (null) a database-made one. */
    String insertAt(Map<String, String> properties, Instant at, Long id) {
        StringBuilder columns = new StringBuilder("updated_at");
        StringBuilder marks = new StringBuilder("?");
        List<String> names = properties.keySet().stream().toList();
        for (String name : names) {
            columns.append(", ").append(COLUMNS.get(name));
            marks.append(", ?");
        }
        if (id != null) {
            columns.append(", id");
            marks.append(", ?");
        }
        String sql = "INSERT INTO contacts (" + columns + ") VALUES (" + marks + ")";
        try (PreparedStatement ps = direct.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, db.stamp(at));
            int index = 2;
            for (String name : names) {
                setValue(ps, index++, name, properties.get(name));
            }
            if (id != null) {
                ps.setLong(index, id);
            }
            ps.executeUpdate();
            if (id != null) {
                return id.toString();
            }
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Long.toString(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void update(String id, String property, String value) {
        String sql = "UPDATE contacts SET " + COLUMNS.get(property) + " = ?, updated_at = ? WHERE id = ?";
        try (PreparedStatement ps = direct.prepareStatement(sql)) {
            setValue(ps, 1, property, value);
            ps.setObject(2, db.stamp(Instant.now()));
            ps.setLong(3, Long.parseLong(id));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void delete(String id) {
        try (PreparedStatement ps = direct.prepareStatement("DELETE FROM contacts WHERE id = ?")) {
            ps.setLong(1, Long.parseLong(id));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setValue(PreparedStatement ps, int index, String property, String value)
            throws SQLException {
        if (property.equals("seats")) {
            ps.setBigDecimal(index, value == null ? null : new BigDecimal(value));
        } else {
            ps.setString(index, value);
        }
    }

    @Override
    public void close() throws SQLException {
        connector.close();
        direct.close();
    }
}
