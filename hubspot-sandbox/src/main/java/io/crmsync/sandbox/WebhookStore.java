package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Webhooks v3 state (hubspot.md §B.8) in the sandbox's H2 file, next to the records: per-app settings, subscriptions
 * and the outbox of events waiting for delivery. Shares {@link RecordStore}'s connection and monitor, so events
 * written from {@link ObjectService}'s listener commit or roll back with the write that caused them.
 */
final class WebhookStore {
    record Settings(long appId, String targetUrl, int maxConcurrentRequests, String period, Instant createdAt,
                    Instant updatedAt) {
    }

    record Subscription(long id, long appId, String eventType, String propertyName, boolean active,
                        Instant createdAt, Instant updatedAt) {
    }

    /** An outbox row: {@code payload} is the event without {@code attemptNumber}. */
    record Pending(long eventId, long appId, String payload, int attempt) {
    }

    private final RecordStore store;
    private final ObjectMapper mapper;

    WebhookStore(RecordStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
        synchronized (store) {
            try (Statement st = conn().createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS webhook_settings (app_id BIGINT PRIMARY KEY, target_url "
                        + "VARCHAR(2000) NOT NULL, max_concurrent INT NOT NULL, period VARCHAR(20) NOT NULL, "
                        + "created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS webhook_subscriptions (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "app_id BIGINT NOT NULL, event_type VARCHAR(100) NOT NULL, property_name VARCHAR(200), "
                        + "active BOOLEAN NOT NULL, created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                        + "updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS webhook_events (event_id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "app_id BIGINT NOT NULL, payload CLOB NOT NULL, attempt INT NOT NULL, "
                        + "due_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (due_at)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Connection conn() {
        return store.connection();
    }

    void putSettings(long appId, String targetUrl, int maxConcurrent, String period, Instant now) {
        synchronized (store) {
            Instant created = settings(appId).map(Settings::createdAt).orElse(now);
            update("MERGE INTO webhook_settings KEY (app_id) VALUES (?, ?, ?, ?, ?, ?)",
                    appId, targetUrl, maxConcurrent, period, ts(created), ts(now));
        }
    }

    Optional<Settings> settings(long appId) {
        synchronized (store) {
            List<Settings> out = new ArrayList<>();
            query("SELECT app_id, target_url, max_concurrent, period, created_at, updated_at FROM webhook_settings "
                    + "WHERE app_id = ?", rs -> out.add(new Settings(rs.getLong(1), rs.getString(2), rs.getInt(3),
                    rs.getString(4), instant(rs, 5), instant(rs, 6))), appId);
            return out.stream().findFirst();
        }
    }

    boolean deleteSettings(long appId) {
        synchronized (store) {
            return update("DELETE FROM webhook_settings WHERE app_id = ?", appId) > 0;
        }
    }

    Subscription addSubscription(long appId, String eventType, String propertyName, boolean active, Instant now) {
        synchronized (store) {
            try (PreparedStatement ps = conn().prepareStatement("INSERT INTO webhook_subscriptions (app_id, "
                    + "event_type, property_name, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, appId, eventType, propertyName, active, ts(now), ts(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Subscription(keys.getLong(1), appId, eventType, propertyName, active, now, now);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Subscriptions of {@code appId}, or of every app when {@code appId} is null; by id. */
    List<Subscription> subscriptions(Long appId) {
        synchronized (store) {
            List<Subscription> out = new ArrayList<>();
            String sql = "SELECT id, app_id, event_type, property_name, active, created_at, updated_at FROM "
                    + "webhook_subscriptions" + (appId == null ? "" : " WHERE app_id = ?") + " ORDER BY id";
            query(sql, rs -> out.add(new Subscription(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getBoolean(5), instant(rs, 6), instant(rs, 7))), appId == null ? new Object[0]
                    : new Object[] {appId});
            return out;
        }
    }

    Optional<Subscription> subscription(long appId, long id) {
        return subscriptions(appId).stream().filter(s -> s.id() == id).findFirst();
    }

    boolean setActive(long appId, long id, boolean active, Instant now) {
        synchronized (store) {
            return update("UPDATE webhook_subscriptions SET active = ?, updated_at = ? WHERE app_id = ? AND id = ?",
                    active, ts(now), appId, id) > 0;
        }
    }

    boolean deleteSubscription(long appId, long id) {
        synchronized (store) {
            return update("DELETE FROM webhook_subscriptions WHERE app_id = ? AND id = ?", appId, id) > 0;
        }
    }

    /**
     * Queues one event per active subscription (of an app with settings) matching the change; runs inside the
     * caller's transaction. {@code prefix} is "contact", "company" or "deal".
     */
    void enqueue(String prefix, long objectId, String kind, Map<String, String> changes, Instant at) {
        synchronized (store) {
            for (Subscription s : subscriptions(null)) {
                if (!s.active() || !s.eventType().equals(prefix + "." + kind) || settings(s.appId()).isEmpty()) {
                    continue;
                }
                if (kind.equals("propertyChange")) {
                    if (changes.containsKey(s.propertyName())) {
                        insertEvent(s, objectId, s.propertyName(), changes.get(s.propertyName()), at, Map.of());
                    }
                } else {
                    insertEvent(s, objectId, null, null, at, kind.equals("merge") ? changes : Map.of());
                }
            }
        }
    }

    /** {@code merge}: the merge event's fields ({@link MergeRoutes#event}), else empty. */
    private void insertEvent(Subscription s, long objectId, String property, String value, Instant at,
                             Map<String, String> merge) {
        ObjectNode e = mapper.createObjectNode();
        e.put("subscriptionId", s.id());
        e.put("portalId", PropertyValidator.PORTAL_ID);
        e.put("appId", s.appId());
        e.put("occurredAt", at.toEpochMilli());
        e.put("subscriptionType", s.eventType());
        e.put("objectId", objectId);
        if (property != null) {
            e.put("propertyName", property);
            e.put("propertyValue", value);
        }
        if (!merge.isEmpty()) {
            // hubspot.md §B.8: primaryObjectId, mergedObjectIds[], newObjectId, numberOfPropertiesMoved.
            e.put("primaryObjectId", Long.parseLong(merge.get("primaryObjectId")));
            com.fasterxml.jackson.databind.node.ArrayNode ids = e.putArray("mergedObjectIds");
            for (String id : merge.get("mergedObjectIds").split(";")) {
                ids.add(Long.parseLong(id));
            }
            e.put("newObjectId", Long.parseLong(merge.get("newObjectId")));
            e.put("numberOfPropertiesMoved", Integer.parseInt(merge.get("numberOfPropertiesMoved")));
        }
        e.put("changeSource", "API");
        e.put("isSensitive", false);
        update("INSERT INTO webhook_events (app_id, payload, attempt, due_at) VALUES (?, ?, 0, ?)",
                s.appId(), e.toString(), ts(at));
    }

    /** Up to {@code limit} events of one app due at {@code now}, oldest first (the app with the oldest due event). */
    List<Pending> due(Instant now, int limit) {
        synchronized (store) {
            List<Pending> out = new ArrayList<>();
            query("SELECT event_id, app_id, payload, attempt FROM webhook_events WHERE due_at <= ? AND app_id = "
                    + "(SELECT app_id FROM webhook_events WHERE due_at <= ? ORDER BY due_at, event_id LIMIT 1) "
                    + "ORDER BY due_at, event_id LIMIT " + limit, rs -> out.add(new Pending(rs.getLong(1),
                    rs.getLong(2), rs.getString(3), rs.getInt(4))), ts(now), ts(now));
            return out;
        }
    }

    void delivered(long eventId) {
        synchronized (store) {
            update("DELETE FROM webhook_events WHERE event_id = ?", eventId);
        }
    }

    void reschedule(long eventId, int attempt, Instant dueAt) {
        synchronized (store) {
            update("UPDATE webhook_events SET attempt = ?, due_at = ? WHERE event_id = ?", attempt, ts(dueAt), eventId);
        }
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, Object... args) {
        try (PreparedStatement ps = conn().prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement ps = conn().prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static java.time.OffsetDateTime ts(Instant t) {
        return t.atOffset(java.time.ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, java.time.OffsetDateTime.class).toInstant();
    }
}
