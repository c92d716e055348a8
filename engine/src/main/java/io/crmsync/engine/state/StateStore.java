package io.crmsync.engine.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmsync.api.AppSettings;
import io.crmsync.api.Checkpoint;
import io.crmsync.engine.model.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * The state store: object syncs, links, checkpoints, runs and the audit log, in an embedded H2 file (default)
 * or PostgreSQL, migrated by Flyway on open. Thread-safe (pooled connections).
 */
public final class StateStore implements AutoCloseable {
    /** The default location, relative to the working directory (DESIGN.md §4). */
    public static final String DEFAULT_URL = "jdbc:h2:file:./.crmsync/state";

    private final HikariDataSource dataSource;
    private final Set<String> secrets;
    private final LinkStore links;
    private final RunStore runs;
    private final LeaseStore leases;

    private StateStore(HikariDataSource dataSource, Set<String> secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
        this.links = new LinkStore(this);
        this.runs = new RunStore(this);
        this.leases = new LeaseStore(this);
    }

    /**
     * Opens (creating and migrating as needed) the store at a JDBC URL.
     *
     * @throws StateException when the database cannot be reached or migrated; the message names the URL
     *                        without its password
     */
    public static StateStore open(String url, String user, String password) {
        String jdbcUrl = url == null || url.isBlank() ? DEFAULT_URL : url;
        Set<String> secrets = new java.util.HashSet<>(AppSettings.urlSecrets(jdbcUrl));
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        try {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(durable(jdbcUrl));
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(1);
            config.setPoolName("crmsync-state");
            config.setInitializationFailTimeout(3_000);
            HikariDataSource ds = new HikariDataSource(config);
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            return new StateStore(ds, secrets);
        } catch (RuntimeException e) {
            throw new StateException(AppSettings.redact("cannot open the state store at " + redactUrl(jdbcUrl)
                    + ": " + rootMessage(e), secrets), null);
        }
    }

    /**
     * An H2 URL with the settings crmsync relies on, unless the URL sets them itself: {@code WRITE_DELAY=0} for
     * files, since H2 otherwise writes commits to the file up to a second later, so a killed process loses its
     * last commits, among them the create intents that must be stored before the app is called (DESIGN.md
     * §2.4); and {@code LAZY_QUERY_EXECUTION=TRUE}, so that reading all links of an object sync streams rows
     * instead of spilling the whole result to a temporary file.
     */
    static String durable(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String out = url;
        if (!url.startsWith("jdbc:h2:mem:") && !upper.contains(";WRITE_DELAY=")) {
            out += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";LAZY_QUERY_EXECUTION=")) {
            out += ";LAZY_QUERY_EXECUTION=TRUE";
        }
        if (!upper.contains(";TRACE_LEVEL_FILE=")) {
            // H2's own trace file would print stack traces to the console when it cannot be created.
            out += ";TRACE_LEVEL_FILE=0";
        }
        return out;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** A JDBC URL without password parameters. */
    public static String redactUrl(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***")
                .replaceAll("(//[^/:@\\s]*):([^@/\\s]+)@", "$1:***@");
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    StateException failure(String what, SQLException e) {
        return new StateException(what + ": " + AppSettings.redact(e.getMessage(), secrets), e);
    }

    public LinkStore links() {
        return links;
    }

    public RunStore runs() {
        return runs;
    }

    /** The run leases that keep two runs of one object sync from overlapping. */
    public LeaseStore leases() {
        return leases;
    }

    /**
     * The id of an object sync, created on first use.
     *
     * @return the store key used by every other call
     */
    public long objectSyncId(String sync, String object, String typeA, String typeB) {
        try (Connection c = connection()) {
            Optional<Long> found = findObjectSync(c, sync, object);
            if (found.isPresent()) {
                return found.get();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_syncs (sync_name, object_name, type_a,"
                    + " type_b, enabled, created_at) VALUES (?, ?, ?, ?, TRUE, ?)", new String[] {"id"})) {
                ps.setString(1, sync);
                ps.setString(2, object);
                ps.setString(3, typeA);
                ps.setString(4, typeB);
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                // Two first runs at once (threads or processes): the other one registered it a moment ago.
                if (LeaseStore.isConstraintViolation(e)) {
                    Optional<Long> again = findObjectSync(c, sync, object);
                    if (again.isPresent()) {
                        return again.get();
                    }
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot register object sync " + sync + "/" + object, e);
        }
    }

    /** The id of an object sync that has run before, or empty: unlike {@link #objectSyncId}, it creates nothing. */
    public Optional<Long> findObjectSyncId(String sync, String object) {
        try (Connection c = connection()) {
            return findObjectSync(c, sync, object);
        } catch (SQLException e) {
            throw failure("cannot read object sync " + sync + "/" + object, e);
        }
    }

    private static Optional<Long> findObjectSync(Connection c, String sync, String object) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM object_syncs WHERE sync_name = ? AND object_name = ?")) {
            ps.setString(1, sync);
            ps.setString(2, object);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The stored checkpoint of one side, if any. */
    public Optional<Checkpoint> checkpoint(long objectSyncId, Side side) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT position FROM checkpoints WHERE object_sync_id = ? AND side = ?")) {
            ps.setLong(1, objectSyncId);
            ps.setString(2, side.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read checkpoint", e);
        }
    }

    /** Saves a checkpoint; call only after the writes it covers are committed. */
    public void saveCheckpoint(long objectSyncId, Side side, Checkpoint checkpoint) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM checkpoints WHERE object_sync_id = ? AND side = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO checkpoints (object_sync_id, side, position, updated_at) VALUES (?, ?, ?, ?)")) {
                del.setLong(1, objectSyncId);
                del.setString(2, side.name());
                del.executeUpdate();
                ins.setLong(1, objectSyncId);
                ins.setString(2, side.name());
                ins.setString(3, checkpoint.value());
                ins.setTimestamp(4, Timestamp.from(Instant.now()));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot save checkpoint", e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
