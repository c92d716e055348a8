package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records in an embedded H2 file ({@code dataDir/sandbox.mv.db}), so state survives a restart. One connection,
 * every method synchronized: the sandbox trades throughput for simple all-or-nothing batches
 * ({@link #inTransaction}). {@code email_key} holds a contact's lower-cased email so the unique-email check
 * (hubspot.md §B.13) is an index lookup; the calculated association properties have columns of their own
 * ({@code CalculatedColumns}). SQL failures surface as {@link IllegalStateException}.
 */
public final class RecordStore implements AutoCloseable {
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };
    /** The row of {@code store_marks} that says a record has been archived in this store. */
    private static final String ARCHIVED_MARK = "record-archived";
    /** The row of {@code store_marks} that says calculated association values live in their own columns. */
    private static final String CALCULATED_MARK = "calculated-columns";
    private final Connection conn;
    private final ObjectMapper mapper;
    /** See {@link #everArchived}; read and set under this store's monitor. */
    private boolean everArchived;

    public RecordStore(Path dataDir, ObjectMapper mapper) {
        this.mapper = mapper;
        try {
            // AUTO_COMPACT_FILL_RATE: H2 (default 90) reads back and rewrites the live pages of old chunks whenever
            // live data falls below that share of the file; association batches rewrite many records' rows, so it
            // compacted all the time (2-3 % of the objects-initial benchmark's CPU). At 50 the file may grow to
            // about twice its live data and compaction nearly stops (0.6 %). QUERY_CACHE_SIZE: H2 keeps the parsed
            // form of the last 8 statements of a connection by default; the sandbox's one connection runs a few
            // dozen, so H2 parsed nearly every statement anew (5 % of the sandbox's CPU in that benchmark).
            conn = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("sandbox")
                    + ";AUTO_COMPACT_FILL_RATE=50;QUERY_CACHE_SIZE=128");
            boolean marksExisted = tableExists("STORE_MARKS");
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS objects (type VARCHAR(40) NOT NULL, id BIGINT NOT NULL, "
                        + "properties CLOB NOT NULL, email_key VARCHAR(400), created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                        + "updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, archived BOOLEAN NOT NULL, archived_at TIMESTAMP(3) WITH TIME ZONE, "
                        + "PRIMARY KEY (type, id))");
                st.execute("CREATE INDEX IF NOT EXISTS objects_email ON objects (type, email_key)");
                // Covers the liveness checks of association reads and writes (joins on type, id with
                // archived = FALSE): H2 answers them from this index without reading the row and its JSON.
                st.execute("CREATE INDEX IF NOT EXISTS objects_live ON objects (type, id, archived)");
                CalculatedColumns.createSchema(st);
                st.execute("CREATE TABLE IF NOT EXISTS custom_properties (type VARCHAR(40) NOT NULL, "
                        + "name VARCHAR(200) NOT NULL, definition CLOB NOT NULL, created_at TIMESTAMP(3) WITH TIME ZONE "
                        + "NOT NULL, seq BIGINT AUTO_INCREMENT, PRIMARY KEY (type, name))");
                st.execute("CREATE TABLE IF NOT EXISTS id_sequences (type VARCHAR(40) PRIMARY KEY, next_id BIGINT)");
                AssociationStore.createSchema(st);
                DealPipelines.createSchema(st);
                OwnerStore.createSchema(st);
                st.execute("CREATE TABLE IF NOT EXISTS store_marks (name VARCHAR(40) PRIMARY KEY)");
            }
            // A store written before the marks existed may have archived records, or have purged them: assume so.
            everArchived = marksExisted ? hasMark(ARCHIVED_MARK) : !isEmpty();
            if (everArchived && !marksExisted) {
                mark(ARCHIVED_MARK);
            }
            if (!hasMark(CALCULATED_MARK)) {
                // Written before the calculated association properties had their own columns: upgrade it, once.
                inTransaction(() -> {
                    if (CalculatedColumns.moveOutOfJson(conn, mapper) && !everArchived) {
                        mark(ARCHIVED_MARK);
                        everArchived = true;
                    }
                    mark(CALCULATED_MARK);
                    return null;
                });
            }
        } catch (SQLException e) {
            // H2's DATABASE_ALREADY_OPEN_1: another process (another sandbox, say) has the file open. IO_EXCEPTION_1
            // and FILE_CORRUPTED_1: the file is not an H2 database or was cut short.
            String why = switch (e.getErrorCode()) {
                case 90020 -> "another process has it open";
                case 90028, 90030 -> e.getMessage() + " (sandbox.mv.db is damaged or is not an H2 database: restore"
                        + " the folder from a copy, or give --data a new folder)";
                default -> e.getMessage();
            };
            throw new IllegalStateException("cannot open sandbox store in " + dataDir + ": " + why, e);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public synchronized <T> T inTransaction(Supplier<T> work) {
        try {
            conn.setAutoCommit(false);
            try {
                T result = work.get();
                conn.commit();
                return result;
            } catch (RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code work} inside the transaction of an enclosing {@link #inTransaction} so that, if it throws, only
     * its own changes are rolled back (to a savepoint) and the exception is rethrown: the inputs of a batch that
     * stand alone then share one commit.
     */
    public synchronized <T> T inSavepoint(Supplier<T> work) {
        try {
            if (conn.getAutoCommit()) {
                throw new IllegalStateException("inSavepoint outside inTransaction");
            }
            Savepoint savepoint = conn.setSavepoint();
            try {
                T result = work.get();
                conn.releaseSavepoint(savepoint);
                return result;
            } catch (RuntimeException e) {
                conn.rollback(savepoint);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Allocates the next id of {@code type}: 1, 2, 3... per type, never reused. */
    public synchronized long nextId(ObjectType type) {
        try (PreparedStatement up = conn.prepareStatement(
                "MERGE INTO id_sequences s USING (VALUES (?)) v(t) ON s.type = v.t "
                        + "WHEN MATCHED THEN UPDATE SET next_id = next_id + 1 WHEN NOT MATCHED THEN INSERT VALUES (v.t, 1)")) {
            up.setString(1, type.apiName());
            up.executeUpdate();
            try (PreparedStatement q = conn.prepareStatement("SELECT next_id FROM id_sequences WHERE type = ?")) {
                q.setString(1, type.apiName());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A record leaving the live set other than by archiving (a merge, a GDPR delete) leaves its neighbours'
     * calculated counts stale, as archiving does: from now on they are recounted ({@link #everArchived}).
     */
    private void markRemoved() {
        if (!everArchived) {
            mark(ARCHIVED_MARK);
            everArchived = true;
        }
    }

    /** Stores a new record, the calculated association properties among its properties included. */
    public synchronized void insert(StoredRecord r) {
        if (r.archived() && !everArchived) {
            mark(ARCHIVED_MARK);
            everArchived = true;
        }
        exec("INSERT INTO objects (properties, email_key, created_at, updated_at, archived, archived_at, "
                + String.join(", ", CalculatedColumns.ALL) + ", type, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r, true);
    }

    /**
     * Replaces properties, updatedAt and archive state of an existing record. Its calculated association
     * properties are kept as stored, whatever {@code r} holds: only association writes move them
     * ({@link AssociationEffects}), so a property update never undoes one.
     */
    public synchronized void update(StoredRecord r) {
        if (r.archived() && !everArchived) {
            mark(ARCHIVED_MARK);
            everArchived = true;
        }
        exec("UPDATE objects SET properties = ?, email_key = ?, created_at = ?, updated_at = ?, archived = ?, "
                + "archived_at = ? WHERE type = ? AND id = ?", r, false);
    }

    /**
     * As {@link #update}, and sets the calculated association properties to those among {@code r}'s properties
     * (absent: none): for a merge, whose survivor takes the merged record's values it lacks.
     */
    synchronized void updateWithCalculated(StoredRecord r) {
        exec("UPDATE objects SET properties = ?, email_key = ?, created_at = ?, updated_at = ?, archived = ?, "
                + "archived_at = ?, " + CalculatedColumns.ASSIGN_ALL + " WHERE type = ? AND id = ?", r, true);
    }

    public synchronized Optional<StoredRecord> get(ObjectType type, long id) {
        List<StoredRecord> found = query("SELECT * FROM objects WHERE type = ? AND id = ?", type.apiName(), id);
        return found.stream().findFirst();
    }

    /**
     * True when {@code type/id} exists and is not archived. Reads only the key and the {@code archived} column, so
     * association writes check both ends without decoding each record's properties JSON.
     */
    public synchronized boolean isLive(ObjectType type, long id) {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM objects WHERE type = ? AND id = ? AND archived = FALSE")) {
            ps.setString(1, type.apiName());
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Of {@code ids}, those of live (non-archived) records of {@code type}, in one query: a join with the ids,
     * which H2 answers with one lookup of the {@code objects_live} index per id (it would scan every record of
     * the type for an IN list on {@code id}, the key's second column).
     */
    public synchronized Set<Long> liveIds(ObjectType type, Collection<Long> ids) {
        Set<Long> out = new HashSet<>();
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
        if (distinct.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT o.id FROM (VALUES " + "(CAST(? AS BIGINT)), "
                .repeat(distinct.size() - 1) + "(CAST(? AS BIGINT))) AS wanted (id) JOIN objects o ON o.type = ? "
                + "AND o.id = wanted.id AND o.archived = FALSE")) {
            for (int i = 0; i < distinct.size(); i++) {
                ps.setLong(i + 1, distinct.get(i));
            }
            ps.setString(distinct.size() + 1, type.apiName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The non-archived contact whose email equals {@code email} ignoring case and surrounding spaces. */
    public synchronized Optional<StoredRecord> findLiveByEmail(ObjectType type, String email) {
        return query("SELECT * FROM objects WHERE type = ? AND email_key = ? AND archived = FALSE ORDER BY id",
                type.apiName(), emailKey(email)).stream().findFirst();
    }

    /** Up to {@code limit} records with {@code id >= fromId} and the given archive state, by ascending id. */
    public synchronized List<StoredRecord> page(ObjectType type, long fromId, boolean archived, int limit) {
        // ORDER BY the primary key's columns: H2 then reads the page in index order; ORDER BY id alone sorted
        // every record from fromId on, so listing all records cost O(n²) (150 ms a page at 100,000 records).
        return query("SELECT * FROM objects WHERE type = ? AND id >= ? AND archived = ? ORDER BY type, id LIMIT ?",
                type.apiName(), fromId, archived, limit);
    }

    /** Every record of {@code type} with the given archive state, by ascending id. */
    public synchronized List<StoredRecord> all(ObjectType type, boolean archived) {
        return query("SELECT * FROM objects WHERE type = ? AND archived = ? ORDER BY type, id", type.apiName(),
                archived);
    }

    /**
     * Permanently deletes one record and its association rows (the record merged into another, hubspot.md §B.11);
     * nothing when it does not exist.
     */
    public synchronized void remove(ObjectType type, long id) {
        markRemoved();
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM objects WHERE type = ? AND id = ?");
             PreparedStatement assoc = conn.prepareStatement("DELETE FROM associations WHERE (from_type = ? AND"
                     + " from_id = ?) OR (to_type = ? AND to_id = ?)")) {
            ps.setString(1, type.apiName());
            ps.setLong(2, id);
            ps.executeUpdate();
            assoc.setString(1, type.apiName());
            assoc.setLong(2, id);
            assoc.setString(3, type.apiName());
            assoc.setLong(4, id);
            assoc.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Permanently deletes records archived before {@code cutoff} (HubSpot's 90-day recycle bin, §B.4). */
    public synchronized int purgeArchivedBefore(Instant cutoff) {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM objects WHERE archived = TRUE AND archived_at < ?")) {
            ps.setObject(1, utc(cutoff));
            int purged = ps.executeUpdate();
            if (purged > 0) {
                AssociationStore.deleteOrphans(conn);
            }
            return purged;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Permanently deletes one record, live or archived, and its association rows (GDPR delete, hubspot.md §B.4):
     * nothing of it is left to list, read or restore.
     *
     * @return {@code true} when the record existed
     */
    public synchronized boolean purge(ObjectType type, long id) {
        markRemoved();
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM objects WHERE type = ? AND id = ?")) {
            ps.setString(1, type.apiName());
            ps.setLong(2, id);
            boolean purged = ps.executeUpdate() > 0;
            if (purged) {
                AssociationStore.deleteOrphans(conn);
            }
            return purged;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * True when a record has ever been archived in this store (kept across restarts; a reset clears it). Until
     * then no record's associations have been hidden, so calculated association counts kept up to date from the
     * pairs written are exact ({@link AssociationEffects}). A future way of hiding or removing a live record must
     * set it too.
     */
    synchronized boolean everArchived() {
        return everArchived;
    }

    private boolean tableExists(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean hasMark(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM store_marks WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void mark(String name) {
        try (PreparedStatement ps = conn.prepareStatement("MERGE INTO store_marks (name) KEY (name) VALUES (?)")) {
            ps.setString(1, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every record and owner and restarts every id sequence (admin reset); custom property definitions stay. */
    public synchronized void reset() {
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM objects");
            st.execute("DELETE FROM id_sequences");
            st.execute("DELETE FROM associations");
            st.execute("DELETE FROM owners");
            // The calculated-columns mark stays: the (now empty) store keeps its columns.
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM store_marks WHERE name = ?")) {
                ps.setString(1, ARCHIVED_MARK);
                ps.executeUpdate();
            }
            everArchived = false;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared connection, for {@link AssociationStore} and {@link WebhookStore}; use only while holding this store's monitor. */
    Connection connection() {
        return conn;
    }

    /** True when no record of any type exists, archived or not (quickstart seeding runs only then). */
    public synchronized boolean isEmpty() {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM objects")) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String emailKey(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Runs an insert or update whose parameters are in {@link #insert}'s order, the calculated ones optional. */
    private void exec(String sql, StoredRecord r, boolean calculated) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, mapper.writeValueAsString(CalculatedColumns.stored(r.type(), r.properties())));
            ps.setString(2, r.type() == ObjectType.CONTACTS ? emailKey(r.properties().get("email")) : null);
            ps.setObject(3, utc(r.createdAt()));
            ps.setObject(4, utc(r.updatedAt()));
            ps.setBoolean(5, r.archived());
            ps.setObject(6, utc(r.archivedAt()));
            int next = 7;
            if (calculated) {
                CalculatedColumns.bind(ps, next, r);
                next += CalculatedColumns.ALL.size();
            }
            ps.setString(next, r.type().apiName());
            ps.setLong(next + 1, r.id());
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<StoredRecord> query(String sql, Object... args) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<StoredRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectType type = ObjectType.fromPath(rs.getString("type")).orElseThrow();
                    Map<String, String> properties = mapper.readValue(rs.getString("properties"), MAP);
                    CalculatedColumns.read(rs, type, properties);
                    out.add(new StoredRecord(type, rs.getLong("id"), properties, instant(rs, "created_at"),
                            instant(rs, "updated_at"), rs.getBoolean("archived"), instant(rs, "archived_at")));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // Stored WITH TIME ZONE in UTC so reads do not depend on the JVM's default zone (DST gaps).
    static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
