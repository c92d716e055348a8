package io.crmsync.engine.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The run leases of object syncs (table {@code run_leases}, migration V3): one row per object sync while a run
 * holds it, naming the holder and when the lease expires. Each call is one short transaction, so two threads,
 * processes or machines sharing the store never both hold a lease: taking it is a conditional {@code UPDATE}
 * (free, expired or already ours) or, when there is no row, an {@code INSERT} that the primary key lets only one
 * caller win. Expiry is decided on the database's clock. Thread-safe.
 */
public final class LeaseStore {
    private final StateStore store;

    LeaseStore(StateStore store) {
        this.store = store;
    }

    /** Who holds a lease, since when and until when (database clock). */
    public record Holder(String holder, Instant acquiredAt, Instant expiresAt) {
    }

    /**
     * Takes the lease if it is free, expired, or already held by {@code holder}; {@code takeOver} is the holder
     * whose unexpired lease may be taken anyway (a holder known to be dead), or {@code null}.
     *
     * @return empty when {@code holder} now holds the lease for {@code ttlMs}; otherwise the current holder
     */
    public Optional<Holder> tryAcquire(long objectSyncId, String holder, long ttlMs, String takeOver) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try {
                long now = now(c);
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE run_leases SET holder = ?, acquired_ms = ?,"
                        + " expires_ms = ? WHERE object_sync_id = ? AND (holder = ? OR expires_ms <= ? OR holder = ?)")) {
                    ps.setString(1, holder);
                    ps.setLong(2, now);
                    ps.setLong(3, now + ttlMs);
                    ps.setLong(4, objectSyncId);
                    ps.setString(5, holder);
                    ps.setLong(6, now);
                    ps.setString(7, takeOver == null ? holder : takeOver);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_leases (object_sync_id, holder,"
                            + " acquired_ms, expires_ms) VALUES (?, ?, ?, ?)")) {
                        ps.setLong(1, objectSyncId);
                        ps.setString(2, holder);
                        ps.setLong(3, now);
                        ps.setLong(4, now + ttlMs);
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (!isConstraintViolation(e)) {
                            throw e;
                        }
                        c.rollback(); // another caller holds it (or took it a moment ago)
                        return Optional.of(holder(c, objectSyncId).orElse(new Holder("?", Instant.EPOCH,
                                Instant.EPOCH)));
                    }
                }
                Optional<Holder> now2 = holder(c, objectSyncId);
                c.commit();
                if (now2.isPresent() && !now2.get().holder().equals(holder)) {
                    return now2;
                }
                return Optional.empty();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw store.failure("cannot take the run lease of object sync " + objectSyncId, e);
        }
    }

    /**
     * Extends a lease held by {@code holder} to {@code ttlMs} from now.
     *
     * @return false when {@code holder} no longer holds it (it expired and another run took it, or it was released)
     */
    public boolean renew(long objectSyncId, String holder, long ttlMs) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try {
                long now = now(c);
                int n;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE run_leases SET expires_ms = ? WHERE object_sync_id = ? AND holder = ?")) {
                    ps.setLong(1, now + ttlMs);
                    ps.setLong(2, objectSyncId);
                    ps.setString(3, holder);
                    n = ps.executeUpdate();
                }
                c.commit();
                return n == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw store.failure("cannot renew the run lease of object sync " + objectSyncId, e);
        }
    }

    /** Whether {@code holder} holds an unexpired lease (database clock). */
    public boolean holds(long objectSyncId, String holder) {
        try (Connection c = store.connection()) {
            long now = now(c);
            return holder(c, objectSyncId).filter(h -> h.holder().equals(holder)
                    && h.expiresAt().toEpochMilli() > now).isPresent();
        } catch (SQLException e) {
            throw store.failure("cannot read the run lease of object sync " + objectSyncId, e);
        }
    }

    /** Gives the lease up, if {@code holder} still holds it. */
    public void release(long objectSyncId, String holder) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM run_leases WHERE object_sync_id = ? AND holder = ?")) {
            ps.setLong(1, objectSyncId);
            ps.setString(2, holder);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.failure("cannot release the run lease of object sync " + objectSyncId, e);
        }
    }

    /** The current holder, expired or not. */
    public Optional<Holder> holder(long objectSyncId) {
        try (Connection c = store.connection()) {
            return holder(c, objectSyncId);
        } catch (SQLException e) {
            throw store.failure("cannot read the run lease of object sync " + objectSyncId, e);
        }
    }

    private static Optional<Holder> holder(Connection c, long objectSyncId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT holder, acquired_ms, expires_ms FROM run_leases WHERE object_sync_id = ?")) {
            ps.setLong(1, objectSyncId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3)))) : Optional.empty();
            }
        }
    }

    /** The database's clock, in epoch milliseconds: one clock for every host sharing the store. */
    private static long now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
        }
    }

    /** SQLSTATE class 23: a unique or primary key violation, as H2 and PostgreSQL report it. */
    static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
