package io.crmsync.sandbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Custom property definitions in the sandbox's H2 file (table {@code custom_properties}), so they survive a
 * restart. Shares {@link RecordStore}'s connection and monitor.
 */
final class CustomPropertyStore {
    /** A persisted custom property definition (JSON, see {@code PropertyRoutes}) of one object type. */
    record StoredProperty(ObjectType type, String definition, Instant createdAt) {
    }

    private final RecordStore store;

    CustomPropertyStore(RecordStore store) {
        this.store = store;
    }

    /** Persists a custom property definition; fails on a (type, name) that is already stored. */
    void insert(ObjectType type, String name, String definition, Instant createdAt) {
        synchronized (store) {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "INSERT INTO custom_properties (type, name, definition, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, type.apiName());
                ps.setString(2, name);
                ps.setString(3, definition);
                ps.setObject(4, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every persisted custom property, in creation order. */
    List<StoredProperty> all() {
        synchronized (store) {
            List<StoredProperty> out = new ArrayList<>();
            try (Statement st = store.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT type, definition, created_at FROM custom_properties"
                         + " ORDER BY seq")) {
                while (rs.next()) {
                    ObjectType type = ObjectType.fromPath(rs.getString(1)).orElseThrow();
                    out.add(new StoredProperty(type, rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return out;
        }
    }
}
