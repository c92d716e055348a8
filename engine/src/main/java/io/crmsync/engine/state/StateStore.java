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
    private final IntentStore intents;
    private final RunStore runs;
    private final LeaseStore leases;
    /** Whether the store is H2 (else PostgreSQL). */
    private final boolean h2;

    private StateStore(HikariDataSource dataSource, Set<String> secrets, boolean h2) {
        this.dataSource = dataSource;
        this.secrets = secrets;
        this.h2 = h2;
        this.links = new LinkStore(this);
        this.intents = new IntentStore(this);
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
            return new StateStore(ds, secrets, jdbcUrl.startsWith("jdbc:h2:"));
        } catch (RuntimeException e) {
            throw new StateException(AppSettings.redact("cannot open the state store at " + redactUrl(jdbcUrl)
                    + ": " + rootMessage(e) + lockedHint(e) + damagedHint(e), secrets), null);
        }
    }

    /**
     * An H2 URL with the settings crmsync relies on, unless the URL sets them itself: {@code WRITE_DELAY=0} for
     * files, since H2 otherwise writes commits to the file up to a second later, so a killed process loses its
     * last commits, among them the create intents that must be stored before the app is called (DESIGN.md
     * §2.4); {@code LAZY_QUERY_EXECUTION=TRUE}, so that reading all links of an object sync streams rows
     * instead of spilling the whole result to a temporary file; and {@code AUTO_SERVER=TRUE} for files, H2's
     * mixed mode, so that other crmsync processes ({@code disable}, {@code status}, {@code run}) can use the
     * store while {@code crmsync serve} holds it: the first process to open the file serves it to the others
     * over a TCP port guarded by a random key kept in the file's {@code .lock.db} (H2 "Automatic Mixed Mode"),
     * bound to the address of the system property {@code h2.bindAddress} (the CLI sets 127.0.0.1) or else to
     * every interface; without it, every other process fails with "The file is locked".
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
        if (isLocalFile(url) && !upper.contains(";AUTO_SERVER=") && !upper.contains(";FILE_LOCK=")) {
            out += ";AUTO_SERVER=TRUE";
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

    /**
     * How to get past H2's "file is locked" (error 90020): only a process that opened the file without
     * {@code AUTO_SERVER} can cause it, since crmsync's own processes share the file.
     */
    private static String lockedHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return " (another program has this H2 file open without sharing it, e.g. an H2 console or a"
                        + " crmsync older than this one; stop it, or open the file with ;AUTO_SERVER=TRUE)";
            }
        }
        return "";
    }

    /**
     * How to recover from an H2 file that cannot be read back (cut short, overwritten, not an H2 database), or ""
     * for any other failure: H2 reports it as error 90030 (FILE_CORRUPTED_1), as an {@code MVStoreException} (also
     * wrapped in a general error, 50000, when a query reads a broken page), or as an {@code EOFException} at open.
     */
    static String damagedHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90030
                    || t instanceof java.io.EOFException
                    || t.getClass().getName().equals("org.h2.mvstore.MVStoreException")
                    || String.valueOf(t.getMessage()).contains("org.h2.mvstore.MVStoreException")) {
                return " (the H2 state file is damaged or is not an H2 database: with no crmsync running, restore the"
                        + " .mv.db file from a copy; a new, empty state store would sync as the first time and create"
                        + " the records without an identifier, such as deals, once more)";
            }
        }
        return "";
    }

    /** An H2 URL of a database file this process opens itself (not in memory, not over a server). */
    private static boolean isLocalFile(String url) {
        String rest = url.substring("jdbc:h2:".length()).toLowerCase(java.util.Locale.ROOT);
        return !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:")
                && !rest.startsWith("zip:");
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

    /** Whether the store is H2 (else PostgreSQL), from its URL. */
    boolean isH2() {
        return h2;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    StateException failure(String what, SQLException e) {
        return new StateException(what + ": " + AppSettings.redact(e.getMessage(), secrets)
                + (h2 ? damagedHint(e) : ""), e);
    }

    /** The creates in flight ({@link CreateIntent}). */
    public IntentStore intents() {
        return intents;
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

    /**
     * Whether an object sync is turned on in the state store ({@code crmsync disable} / {@code enable}); an object
     * sync that never ran is on. The config's {@code enabled: false} is separate: an object sync runs only when
     * both are on. Cheap (one indexed read); thread-safe, so a scheduler may ask before every run.
     *
     * @throws StateException when the store cannot be read
     */
    public boolean isEnabled(String sync, String object) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT enabled FROM object_syncs WHERE sync_name = ? AND object_name = ?")) {
            ps.setString(1, sync);
            ps.setString(2, object);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw failure("cannot read object sync " + sync + "/" + object, e);
        }
    }

    /**
     * Turns an object sync on or off, registering it first when it never ran (so that it can be turned off
     * before its first run). Its links and checkpoints are kept either way: turned on again, the next run reads
     * the changes made since the kept checkpoints (DESIGN.md §2.7).
     *
     * @return {@code true} when the flag changed, {@code false} when it already had this value
     * @throws StateException when the store cannot be written
     */
    public boolean setEnabled(String sync, String object, String typeA, String typeB, boolean enabled) {
        long id = objectSyncId(sync, object, typeA, typeB);
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE object_syncs SET enabled = ? WHERE id = ? AND enabled <> ?")) {
            ps.setBoolean(1, enabled);
            ps.setLong(2, id);
            ps.setBoolean(3, enabled);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("cannot turn " + (enabled ? "on" : "off") + " object sync " + sync + "/" + object, e);
        }
    }

    /**
     * What {@link #deleteObjectSync} removed: rows per table.
     *
     * @param links       link rows (pairs, and records excluded, failed or in flight)
     * @param checkpoints checkpoints (at most one per app)
     * @param runs        run rows
     * @param audit       audit log rows of those runs
     */
    public record Removed(int links, int checkpoints, int runs, int audit) {
    }

    /**
     * Removes everything the store holds for one object sync in one transaction: links, checkpoints, run lease,
     * runs and their audit rows, and the object sync's row with its on/off flag. The apps' records are not
     * touched; the next run is an initial sync that matches the records again. The caller must hold the object
     * sync's run lease, so that no run writes links meanwhile.
     *
     * @return the rows removed, or empty when the store has no such object sync
     * @throws StateException when the store cannot be written (nothing is removed then)
     */
    public Optional<Removed> deleteObjectSync(String sync, String object) {
        try (Connection c = connection()) {
            Optional<Long> found = findObjectSync(c, sync, object);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            long id = found.get();
            c.setAutoCommit(false);
            try {
                int audit = delete(c, "DELETE FROM audit WHERE object_sync_id = ?", id);
                int runs = delete(c, "DELETE FROM runs WHERE object_sync_id = ?", id);
                int links = delete(c, "DELETE FROM links WHERE object_sync_id = ?", id);
                delete(c, "DELETE FROM create_intents WHERE object_sync_id = ?", id);
                int checkpoints = delete(c, "DELETE FROM checkpoints WHERE object_sync_id = ?", id);
                delete(c, "DELETE FROM run_leases WHERE object_sync_id = ?", id);
                delete(c, "DELETE FROM object_syncs WHERE id = ?", id);
                c.commit();
                return Optional.of(new Removed(links, checkpoints, runs, audit));
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot delete object sync " + sync + "/" + object, e);
        }
    }

    private static int delete(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
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
