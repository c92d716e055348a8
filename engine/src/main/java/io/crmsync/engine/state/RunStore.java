package io.crmsync.engine.state;

import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs with their counts, and the status and record views built from the links table. */
public final class RunStore {
    private final StateStore store;

    RunStore(StateStore store) {
        this.store = store;
    }

    /** Starts a run and returns its id; an earlier run left RUNNING by a killed process is marked INTERRUPTED. */
    public long start(long objectSyncId, boolean initial) {
        try (Connection c = store.connection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = 'INTERRUPTED'"
                    + " WHERE object_sync_id = ? AND status = 'RUNNING'")) {
                ps.setLong(1, objectSyncId);
                ps.executeUpdate();
            }
            return insert(c, objectSyncId, initial);
        } catch (SQLException e) {
            throw store.failure("cannot start a run", e);
        }
    }

    private static long insert(Connection c, long objectSyncId, boolean initial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO runs (object_sync_id, initial_sync, started_at, status) VALUES (?, ?, ?, 'RUNNING')",
                new String[] {"id"})) {
            ps.setLong(1, objectSyncId);
            ps.setBoolean(2, initial);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Ends a run with its counts; {@code error} is {@code null} unless the run stopped early. */
    public void finish(long runId, RunCounts counts, String error) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("UPDATE runs SET"
                + " finished_at = ?, status = ?, matched = ?, created_a = ?, created_b = ?, updated_a = ?,"
                + " updated_b = ?, deleted_a = ?, deleted_b = ?, conflicts = ?, failed = ?, excluded = ?,"
                + " records_read = ?, error = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, error == null ? "DONE" : "ERROR");
            ps.setInt(3, counts.matched());
            ps.setInt(4, counts.createdA());
            ps.setInt(5, counts.createdB());
            ps.setInt(6, counts.updatedA());
            ps.setInt(7, counts.updatedB());
            ps.setInt(8, counts.deletedA());
            ps.setInt(9, counts.deletedB());
            ps.setInt(10, counts.conflicts());
            ps.setInt(11, counts.failed());
            ps.setInt(12, counts.excluded());
            ps.setInt(13, counts.read());
            ps.setString(14, error == null ? null : error.substring(0, Math.min(error.length(), 4000)));
            ps.setLong(15, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.failure("cannot finish run " + runId, e);
        }
    }

    /** The counts of the last finished run of an object sync, if any. */
    public Optional<RunCounts> last(long objectSyncId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT matched,"
                + " created_a, created_b, updated_a, updated_b, deleted_a, deleted_b, conflicts, failed, excluded,"
                + " records_read FROM runs WHERE object_sync_id = ? AND finished_at IS NOT NULL ORDER BY id DESC")) {
            ps.setLong(1, objectSyncId);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RunCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                        rs.getInt(11)));
            }
        } catch (SQLException e) {
            throw store.failure("cannot read runs", e);
        }
    }

    /** Records per state and reason: {@code "SYNCING" → {"" → n}, "FAILED" → {"INVALID_VALUE" → n}, ...}. */
    public Map<String, Map<String, Integer>> stateCounts(long objectSyncId) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT state, reason,"
                + " COUNT(*) FROM links WHERE object_sync_id = ? GROUP BY state, reason ORDER BY state, reason")) {
            ps.setLong(1, objectSyncId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String reason = rs.getString(2);
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(reason == null ? "" : reason, rs.getInt(3));
                }
            }
            // Creates in flight have no link row yet (IntentStore): they count as PENDING.
            try (PreparedStatement intents = c.prepareStatement(
                    "SELECT COUNT(*) FROM create_intents WHERE object_sync_id = ?")) {
                intents.setLong(1, objectSyncId);
                try (ResultSet rs = intents.executeQuery()) {
                    int n = rs.next() ? rs.getInt(1) : 0;
                    if (n > 0) {
                        out.computeIfAbsent(RecordState.PENDING.name(), k -> new LinkedHashMap<>()).merge("", n,
                                Integer::sum);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read status", e);
        }
    }

    /**
     * Records waiting for an automatic retry (transient failures), by failure category.
     *
     * @param records how many records of the category are in retry
     * @param nextAt  the earliest next retry time stored for them (a run before it still retries them)
     * @param maxAttempts the most consecutive failed attempts of one of them
     */
    public record RetrySchedule(int records, Instant nextAt, int maxAttempts) {
    }

    /** Failed records with a retry scheduled, by category (sorted); empty when none. Reads the state store. */
    public Map<String, RetrySchedule> retrySchedule(long objectSyncId) {
        Map<String, RetrySchedule> out = new java.util.TreeMap<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT reason, COUNT(*),"
                + " MIN(next_attempt_at), MAX(attempts) FROM links WHERE object_sync_id = ? AND state = 'FAILED'"
                + " AND next_attempt_at IS NOT NULL GROUP BY reason")) {
            ps.setLong(1, objectSyncId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) == null ? "" : rs.getString(1), new RetrySchedule(rs.getInt(2),
                            rs.getTimestamp(3).toInstant(), rs.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read retry state", e);
        }
    }

    /**
     * The record view: link rows in link order, then the creates in flight ({@code create_intents}) as PENDING rows
     * holding the source record's id only, oldest first, as {@link #stateCounts} counts them.
     *
     * @param state  a state name, or {@code null} for all
     * @param since  rows changed (or creates stored) at or after this instant, or {@code null}
     * @param until  rows changed (or creates stored) before this instant, or {@code null}
     * @param limit  most rows to return
     * @throws StateException when the store cannot be read
     */
    public List<RecordRow> records(long objectSyncId, String state, Instant since, Instant until, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id_a, id_b, state, reason, message, attempts, updated_at"
                + " FROM links WHERE object_sync_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(objectSyncId);
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        if (since != null) {
            sql.append(" AND updated_at >= ?");
            args.add(Timestamp.from(since));
        }
        if (until != null) {
            sql.append(" AND updated_at < ?");
            args.add(Timestamp.from(until));
        }
        sql.append(" ORDER BY id");
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit);
            List<RecordRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant()));
                }
            }
            if ((state == null || state.equals(RecordState.PENDING.name())) && out.size() < limit) {
                out.addAll(intentRows(c, objectSyncId, since, until, limit - out.size()));
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read records", e);
        }
    }

    /** Creates in flight as record-view rows: the source's id on its side, the target's id not known yet. */
    private static List<RecordRow> intentRows(Connection c, long objectSyncId, Instant since, Instant until,
                                              int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT intent_side, source_id, created_at"
                + " FROM create_intents WHERE object_sync_id = ? AND created_at >= ? AND created_at < ?"
                + " ORDER BY created_at, intent_side, source_id")) {
            ps.setLong(1, objectSyncId);
            ps.setTimestamp(2, Timestamp.from(since == null ? Instant.EPOCH : since));
            ps.setTimestamp(3, Timestamp.from(until == null ? Instant.parse("9999-01-01T00:00:00Z") : until));
            ps.setMaxRows(limit);
            List<RecordRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean intoB = rs.getString(1).trim().equals(Side.B.name());
                    String source = rs.getString(2);
                    out.add(new RecordRow(intoB ? source : null, intoB ? null : source, RecordState.PENDING.name(),
                            null, "create in flight; the next run links or creates it", 0,
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        }
    }

    /**
     * One run as stored.
     *
     * @param id           the run's id
     * @param objectSyncId its object sync's store key
     * @param sync         the sync's name
     * @param object       the object sync's name
     * @param initial      {@code true} for an initial sync
     * @param startedAt    when it started
     * @param status       RUNNING, DONE, ERROR or INTERRUPTED
     */
    public record RunInfo(long id, long objectSyncId, String sync, String object, boolean initial, Instant startedAt,
                          String status) {
    }

    /** A run by id, with its object sync's names; empty when the store has no such run. */
    public Optional<RunInfo> find(long runId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT r.id,"
                + " r.object_sync_id, o.sync_name, o.object_name, r.initial_sync, r.started_at, r.status FROM runs r"
                + " JOIN object_syncs o ON o.id = r.object_sync_id WHERE r.id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RunInfo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getString(7)));
            }
        } catch (SQLException e) {
            throw store.failure("cannot read run " + runId, e);
        }
    }

    /**
     * The audit log of one run: every record it wrote, in the order written.
     *
     * @throws StateException when the store cannot be read, or holds an audit row that is not valid JSON
     */
    public List<AuditEntry> audit(long runId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT app, object_type,"
                + " record_id, operation, changes FROM audit WHERE run_id = ? ORDER BY id")) {
            ps.setLong(1, runId);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            changes(runId, rs.getString(5))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read the audit log of run " + runId, e);
        }
    }

    private static Map<String, String[]> changes(long runId, String json) {
        try {
            return AUDIT_JSON.readValue(json, CHANGES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StateException("corrupt audit row of run " + runId + " in the state store: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper AUDIT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String[]>> CHANGES =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    /** Audit rows written: total count for an object sync (tests and status). */
    public int auditCount(long objectSyncId) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM audit WHERE object_sync_id = ?")) {
            ps.setLong(1, objectSyncId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw store.failure("cannot read audit", e);
        }
    }
}
