package io.crmsync.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Links of object syncs: lookups by record id, and atomic commits of link changes with their audit rows. */
public final class LinkStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };
    private static final int CHUNK = 1000;
    /** From this many ids on, {@link #find} reads all links of the object sync once instead of looking ids up. */
    public static final int SCAN_THRESHOLD = 20_000;
    private static final String COLUMNS = "id, id_a, id_b, base_a, base_b, state, reason, message, attempts, digest_a, digest_b";
    private static final String LINK_COLUMNS =
            "l.id, l.id_a, l.id_b, l.base_a, l.base_b, l.state, l.reason, l.message, l.attempts, l.digest_a,"
                    + " l.digest_b";

    /** Inserts a link; the two placeholders add the id column and its parameter on H2 ({@link RowIds}). */
    private static final String INSERT_LINK = "INSERT INTO links (id_a, id_b, base_a, base_b, state, reason, message,"
            + " attempts, next_attempt_at, intent_side, intent_key, updated_at, digest_a, digest_b, object_sync_id,"
            + " created_at%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?%s)";

    private final StateStore store;
    /** Ids of new rows on H2; PostgreSQL's identity columns number them there. */
    private final RowIds rowIds;

    LinkStore(StateStore store) {
        this.store = store;
        this.rowIds = store.isH2() ? new RowIds(store) : null;
    }

    /** The links of the given record ids, per side, keyed by the record's id on that side. */
    public Map<Side, Map<String, Link>> find(long objectSyncId, Map<Side, ? extends Collection<String>> ids) {
        Map<Side, Map<String, Link>> out = new EnumMap<>(Side.class);
        out.put(Side.A, new HashMap<>());
        out.put(Side.B, new HashMap<>());
        int wanted = ids.values().stream().mapToInt(Collection::size).sum();
        try (Connection c = store.connection()) {
            if (wanted >= SCAN_THRESHOLD) {
                scan(c, objectSyncId, ids, out);
                return out;
            }
            for (Side side : Side.values()) {
                Collection<String> given = ids.get(side);
                List<String> all = given == null ? List.of() : new ArrayList<>(given);
                String column = side == Side.A ? "id_a" : "id_b";
                boolean h2 = store.isH2();
                for (int i = 0; i < all.size(); i += CHUNK) {
                    List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
                    try (PreparedStatement ps = h2 ? joinIds(c, objectSyncId, column, chunk)
                            : anyOfIds(c, objectSyncId, column, chunk)) {
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Link link = read(rs);
                                out.get(side).put(link.id(side), link);
                            }
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read links", e);
        }
    }

    /**
     * Every link of an object sync, with {@link Base#digestOnly digest-only} bases, keyed by record id per side;
     * complete the ones to plan with {@link #complete}. For a run that expects to read back many of its own
     * writes: it can read the links while the apps are read.
     */
    public Map<Side, Map<String, Link>> all(long objectSyncId) {
        Map<Side, Map<String, Link>> out = new EnumMap<>(Side.class);
        out.put(Side.A, new HashMap<>());
        out.put(Side.B, new HashMap<>());
        try (Connection c = store.connection()) {
            scan(c, objectSyncId, null, out);
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read links", e);
        }
    }

    /**
     * Many ids (a run after an initial sync reads back every record it wrote): one pass over the object sync's
     * links costs less than thousands of index lookups.
     *
     * @param ids the record ids wanted per side, or {@code null} for all
     */
    private static void scan(Connection c, long objectSyncId, Map<Side, ? extends Collection<String>> ids,
                             Map<Side, Map<String, Link>> out) throws SQLException {
        Map<Side, java.util.Set<String>> sets = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Collection<String> given = ids == null ? null : ids.get(side);
            sets.put(side, given == null ? java.util.Set.of() : new java.util.HashSet<>(given));
        }
        // Without the base columns: most records of such a run are crmsync's own writes coming back, recognised
        // by digest; the bases of the others are loaded by complete().
        try (PreparedStatement ps = c.prepareStatement("SELECT id, id_a, id_b, NULL, NULL, state, reason, message,"
                + " attempts, digest_a, digest_b FROM links WHERE object_sync_id = ?")) {
            ps.setFetchSize(5000);
            ps.setLong(1, objectSyncId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String idA = rs.getString(2);
                    String idB = rs.getString(3);
                    boolean inA = idA != null && (ids == null || sets.get(Side.A).contains(idA));
                    boolean inB = idB != null && (ids == null || sets.get(Side.B).contains(idB));
                    if (inA || inB) {
                        Link link = readDigestOnly(rs);
                        if (inA) {
                            out.get(Side.A).put(idA, link);
                        }
                        if (inB) {
                            out.get(Side.B).put(idB, link);
                        }
                    }
                }
            }
        }
    }

    /**
     * H2: a join with the ids. H2 serves {@code column IN (?, ...)} and {@code column = ANY(?)} from an index only
     * when the column is the index's first one, so with the (object_sync_id, id) index it compared every link of
     * the object sync with every id of the list: 0.8 s per 500 ids at 150,000 links, against 1 ms for the join.
     */
    private static PreparedStatement joinIds(Connection c, long objectSyncId, String column, List<String> ids)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT " + LINK_COLUMNS + " FROM (VALUES "
                + "(?), ".repeat(ids.size() - 1) + "(?)) AS wanted (record_id) JOIN links l ON l.object_sync_id = ?"
                + " AND l." + column + " = wanted.record_id");
        for (int j = 0; j < ids.size(); j++) {
            ps.setString(j + 1, ids.get(j));
        }
        ps.setLong(ids.size() + 1, objectSyncId);
        return ps;
    }

    /**
     * PostgreSQL: {@code column = ANY(array)}, an index scan of the (object_sync_id, id) index even before the
     * table has statistics (a join with VALUES then became a hash join over the whole table: 115 ms per 500 ids at
     * 150,000 links, against 6 ms).
     */
    private static PreparedStatement anyOfIds(Connection c, long objectSyncId, String column, List<String> ids)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM links WHERE object_sync_id = ? AND "
                + column + " = ANY (?)");
        ps.setLong(1, objectSyncId);
        ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
        return ps;
    }

    /**
     * Refreshes PostgreSQL's statistics of the links table; call after a run that added many links (an initial
     * sync). Until autovacuum gets to it, PostgreSQL plans link lookups as for the table it saw before (empty):
     * full scans, and pooled connections keep those plans cached. After a 100,000-contact initial sync the next
     * run's lookups took 70 s instead of 2 s (bench/run initial-sync --state postgres). H2 keeps its own
     * statistics up to date: nothing to do there.
     */
    public void analyze() {
        try (Connection c = store.connection()) {
            if (!store.isH2()) {
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE links");
                }
            }
        } catch (SQLException e) {
            throw store.failure("cannot analyze links", e);
        }
    }

    /** Links in a state, optionally with one reason; for retries and recovery. */
    public List<Link> inState(long objectSyncId, RecordState state, String reason) {
        String sql = "SELECT " + COLUMNS + " FROM links WHERE object_sync_id = ? AND state = ?"
                + (reason == null ? "" : " AND reason = ?") + " ORDER BY id";
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, objectSyncId);
            ps.setString(2, state.name());
            if (reason != null) {
                ps.setString(3, reason);
            }
            List<Link> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read links", e);
        }
    }

    /**
     * Commits link rows and their audit entries in one transaction.
     *
     * @return the ids of the rows, in the order of {@code writes}
     */
    public List<Long> commit(long objectSyncId, Long runId, List<LinkWrite> writes, List<AuditEntry> audit) {
        return commit(objectSyncId, runId, writes, audit, null);
    }

    /**
     * Commits link rows and their audit entries in one transaction, deleting in it the create intents of the
     * creates these links record ({@link IntentStore}).
     *
     * @param intentChunk the chunk id {@link IntentStore#store} returned for them, {@link IntentStore#ALL}, or
     *                    {@code null} when there are none
     * @return the ids of the rows, in the order of {@code writes}
     */
    public List<Long> commit(long objectSyncId, Long runId, List<LinkWrite> writes, List<AuditEntry> audit,
                             Long intentChunk) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Long> ids = new ArrayList<>();
        int inserts = (int) writes.stream().filter(w -> w.linkId() == null).count();
        boolean audited = runId != null && !audit.isEmpty();
        // Reserved before the connection is taken: a reservation takes one of its own.
        long firstLinkId = rowIds != null && inserts > 0 ? rowIds.take("links", inserts) : 0;
        long firstAuditId = rowIds != null && audited ? rowIds.take("audit", audit.size()) : 0;
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM links WHERE id = ?");
                 PreparedStatement upd = c.prepareStatement("UPDATE links SET id_a = ?, id_b = ?, base_a = ?,"
                         + " base_b = ?, state = ?, reason = ?, message = ?, attempts = ?, next_attempt_at = ?,"
                         + " intent_side = ?, intent_key = ?, updated_at = ?, digest_a = ?, digest_b = ? WHERE id = ?");
                 PreparedStatement ins = rowIds != null ? c.prepareStatement(INSERT_LINK.formatted(", id", ", ?"))
                         : c.prepareStatement(INSERT_LINK.formatted("", ""), new String[] {"id"})) {
                boolean deletes = false;
                for (LinkWrite w : writes) {
                    for (Long id : w.obsolete()) {
                        del.setLong(1, id);
                        del.addBatch();
                        deletes = true;
                    }
                }
                if (deletes) {
                    del.executeBatch();
                }
                boolean updates = false;
                for (LinkWrite w : writes) {
                    if (w.linkId() != null) {
                        bind(upd, w, now);
                        upd.setLong(15, w.linkId());
                        upd.addBatch();
                        updates = true;
                    }
                }
                if (updates) {
                    upd.executeBatch();
                }
                List<Long> keys = new ArrayList<>(inserts);
                for (LinkWrite w : writes) {
                    if (w.linkId() == null) {
                        bind(ins, w, now);
                        ins.setLong(15, objectSyncId);
                        ins.setTimestamp(16, now);
                        if (rowIds != null) {
                            long id = firstLinkId + keys.size();
                            ins.setLong(17, id);
                            keys.add(id);
                        }
                        ins.addBatch();
                    }
                }
                // One batch rather than a statement per row: on PostgreSQL each row cost a round trip (10 s of
                // the 100,000-contact initial sync of bench/run initial-sync).
                if (inserts > 0) {
                    ins.executeBatch();
                    if (rowIds == null) {
                        try (ResultSet rs = ins.getGeneratedKeys()) {
                            while (rs.next()) {
                                keys.add(rs.getLong(1));
                            }
                        }
                    }
                    if (keys.size() != inserts) {
                        throw new SQLException("the database returned " + keys.size() + " ids for " + inserts
                                + " new links");
                    }
                }
                Iterator<Long> key = keys.iterator();
                for (LinkWrite w : writes) {
                    ids.add(w.linkId() == null ? key.next() : w.linkId());
                }
                if (audited) {
                    insertAudit(c, objectSyncId, runId, audit, now, rowIds == null ? null : firstAuditId);
                }
                IntentStore.delete(c, objectSyncId, intentChunk);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw store.failure("cannot save links", e);
        }
        return ids;
    }

    /** Inserts audit rows numbered from {@code firstId} on, or by the identity column when it is null. */
    private static void insertAudit(Connection c, long objectSyncId, long runId, List<AuditEntry> audit,
                                    Timestamp now, Long firstId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (run_id, object_sync_id, app, object_type,"
                + " record_id, operation, changes, written_at" + (firstId == null ? "" : ", id")
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?" + (firstId == null ? "" : ", ?") + ")")) {
            long id = firstId == null ? 0 : firstId;
            for (AuditEntry a : audit) {
                if (firstId != null) {
                    ps.setLong(9, id++);
                }
                ps.setLong(1, runId);
                ps.setLong(2, objectSyncId);
                ps.setString(3, a.app());
                ps.setString(4, a.objectType());
                ps.setString(5, a.recordId());
                ps.setString(6, a.operation());
                ps.setString(7, json(a.changes()));
                ps.setTimestamp(8, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, LinkWrite w, Timestamp now) throws SQLException {
        ps.setString(1, w.idA());
        ps.setString(2, w.idB());
        ps.setString(3, json(w.base().a()));
        ps.setString(4, json(w.base().b()));
        ps.setString(5, w.state().name());
        ps.setString(6, w.reason());
        ps.setString(7, w.message() == null ? null : truncate(w.message(), 4000));
        ps.setInt(8, w.attempts());
        if (w.retryAtMs() == null) {
            ps.setNull(9, Types.TIMESTAMP);
        } else {
            ps.setTimestamp(9, new Timestamp(w.retryAtMs()));
        }
        ps.setString(10, w.intentSide() == null ? null : w.intentSide().name());
        ps.setString(11, w.intentKey() == null ? null : truncate(w.intentKey(), 1000));
        ps.setTimestamp(12, now);
        ps.setString(13, Base.digestOf(w.base().a()));
        ps.setString(14, Base.digestOf(w.base().b()));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Link readDigestOnly(ResultSet rs) throws SQLException {
        return new Link(rs.getLong(1), rs.getString(2), rs.getString(3),
                Base.digestOnly(rs.getString(10), rs.getString(11)), RecordState.valueOf(rs.getString(6)),
                rs.getString(7), rs.getString(8), rs.getInt(9));
    }

    /**
     * Loads the base values of links {@link #find} returned with a digest-only base (see {@link Base#isLoaded()}),
     * replacing them in the map under both of their ids.
     */
    public void complete(Map<Side, Map<String, Link>> links) {
        Map<Long, Link> partial = new HashMap<>();
        for (Map<String, Link> bySide : links.values()) {
            for (Link l : bySide.values()) {
                if (!l.base().isLoaded()) {
                    partial.put(l.id(), l);
                }
            }
        }
        if (partial.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(partial.keySet());
        try (Connection c = store.connection()) {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM links WHERE id IN ("
                        + "?,".repeat(chunk.size() - 1) + "?)")) {
                    for (int j = 0; j < chunk.size(); j++) {
                        ps.setLong(j + 1, chunk.get(j));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Link full = read(rs);
                            for (Side side : Side.values()) {
                                if (full.id(side) != null && links.get(side).containsKey(full.id(side))) {
                                    links.get(side).put(full.id(side), full);
                                }
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw store.failure("cannot read links", e);
        }
    }

    private static Link read(ResultSet rs) throws SQLException {
        return new Link(rs.getLong(1), rs.getString(2), rs.getString(3),
                Base.stored(rs.getString(4), rs.getString(5), LinkStore::map, rs.getString(10), rs.getString(11)),
                RecordState.valueOf(rs.getString(6)),
                rs.getString(7), rs.getString(8), rs.getInt(9));
    }

    private static Map<String, String> map(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt base in the state store: " + e.getOriginalMessage(), e);
        }
    }
}
