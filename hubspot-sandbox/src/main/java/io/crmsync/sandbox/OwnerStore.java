package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Owners in the sandbox's H2 file (table {@code owners}), so they survive a restart. Shares {@link RecordStore}'s
 * connection and monitor, so owner writes join its transactions and {@code POST /_sandbox/reset} clears them.
 * Owner ids start at {@value #FIRST_ID} and user ids at {@value #FIRST_USER_ID}, so that an owner id is never
 * mistaken for a record id in a test. SQL failures surface as {@link IllegalStateException}. Thread-safe: every
 * access holds the record store's monitor.
 */
final class OwnerStore {
    static final long FIRST_ID = 70_000_001L;
    static final long FIRST_USER_ID = 9_000_001L;
    private static final TypeReference<List<String>> TEAMS = new TypeReference<>() { };
    private final RecordStore store;
    private final ObjectMapper mapper;
    private final SandboxClock clock;

    /** @param clock stamps createdAt/updatedAt, as it stamps records */
    OwnerStore(RecordStore store, ObjectMapper mapper, SandboxClock clock) {
        this.store = store;
        this.mapper = mapper;
        this.clock = clock;
    }

    static void createSchema(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS owners (id BIGINT PRIMARY KEY, email VARCHAR(400) NOT NULL, "
                + "email_key VARCHAR(400) NOT NULL, first_name VARCHAR(400), last_name VARCHAR(400), "
                + "user_id BIGINT NOT NULL, teams CLOB NOT NULL, created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                + "updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, archived BOOLEAN NOT NULL)");
    }

    /**
     * Adds an owner with the next free id (and user id, when {@code userId} is null).
     *
     * @throws ApiException 409 CONFLICT when an owner with that email (ignoring case) exists
     */
    Owner create(String email, String firstName, String lastName, Long userId, boolean archived, List<String> teams) {
        synchronized (store) {
            Instant now = clock.now();
            if (byEmail(email).isPresent()) {
                throw new ApiException(409, "CONFLICT", "An owner with email " + email + " already exists.");
            }
            long id = nextId("id", FIRST_ID);
            long user = userId != null ? userId : nextId("user_id", FIRST_USER_ID);
            Owner o = new Owner(id, email.strip(), firstName, lastName, user, now, now, archived, teams);
            exec("INSERT INTO owners (email, email_key, first_name, last_name, user_id, teams, created_at, "
                    + "updated_at, archived, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", o);
            return o;
        }
    }

    /** Runs {@code work} in one store transaction (all or nothing). */
    <T> T inTransaction(java.util.function.Supplier<T> work) {
        return store.inTransaction(work);
    }

    /** Sets an existing owner's archive state (deactivated or not) and moves its updatedAt to now. */
    Owner setArchived(Owner owner, boolean archived) {
        Owner updated = owner.withArchived(archived, clock.now());
        update(updated);
        return updated;
    }

    /** Replaces an existing owner's fields (same id). */
    private void update(Owner o) {
        synchronized (store) {
            exec("UPDATE owners SET email = ?, email_key = ?, first_name = ?, last_name = ?, user_id = ?, teams = ?, "
                    + "created_at = ?, updated_at = ?, archived = ? WHERE id = ?", o);
        }
    }

    Optional<Owner> get(long id) {
        synchronized (store) {
            return query("SELECT * FROM owners WHERE id = ?", id).stream().findFirst();
        }
    }

    Optional<Owner> byUserId(long userId) {
        synchronized (store) {
            return query("SELECT * FROM owners WHERE user_id = ?", userId).stream().findFirst();
        }
    }

    Optional<Owner> byEmail(String email) {
        synchronized (store) {
            return query("SELECT * FROM owners WHERE email_key = ?", key(email)).stream().findFirst();
        }
    }

    /** Up to {@code limit} owners with {@code id >= fromId} in the given archive state (and email, if not null), by id. */
    List<Owner> page(long fromId, boolean archived, String email, int limit) {
        synchronized (store) {
            return email == null
                    ? query("SELECT * FROM owners WHERE id >= ? AND archived = ? ORDER BY id LIMIT ?",
                    fromId, archived, limit)
                    : query("SELECT * FROM owners WHERE id >= ? AND archived = ? AND email_key = ? ORDER BY id LIMIT ?",
                    fromId, archived, key(email), limit);
        }
    }

    /** True when {@code value} is the id of an owner who is not archived (a record may be assigned to them). */
    boolean isActive(String value) {
        Long id = ObjectService.parseId(value);
        return id != null && get(id).filter(o -> !o.archived()).isPresent();
    }

    private long nextId(String column, long first) {
        try (Statement st = store.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(" + column + ") FROM owners")) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() || max < first ? first : max + 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private void exec(String sql, Owner o) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            ps.setString(1, o.email());
            ps.setString(2, key(o.email()));
            ps.setString(3, o.firstName());
            ps.setString(4, o.lastName());
            ps.setLong(5, o.userId());
            ps.setString(6, mapper.writeValueAsString(o.teams()));
            ps.setObject(7, OffsetDateTime.ofInstant(o.createdAt(), ZoneOffset.UTC));
            ps.setObject(8, OffsetDateTime.ofInstant(o.updatedAt(), ZoneOffset.UTC));
            ps.setBoolean(9, o.archived());
            ps.setLong(10, o.id());
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Owner> query(String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Owner> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Owner(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                            rs.getString("last_name"), rs.getLong("user_id"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getBoolean("archived"),
                            mapper.readValue(rs.getString("teams"), TEAMS)));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
