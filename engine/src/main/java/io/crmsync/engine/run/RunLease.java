package io.crmsync.engine.run;

import io.crmsync.engine.state.LeaseStore;
import io.crmsync.engine.state.StateException;
import io.crmsync.engine.state.StateStore;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lease one run of an object sync holds from before it reads until after it saves its checkpoints, so that
 * two runs of the same object sync (two threads, two processes, two machines on one state store) never overlap.
 * Held in the state store ({@link LeaseStore}), renewed in the background every third of its lifetime and at
 * every chunk commit, released on {@link #close()}. A lease whose holder died is taken over once it expires, or at
 * once when the holder was a process on this host that no longer exists (a killed {@code crmsync run}).
 */
final class RunLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    private static final ScheduledExecutorService RENEWER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crmsync-lease");
        t.setDaemon(true);
        return t;
    });
    /** This host's name, as holder ids carry it. */
    static final String HOST = host();
    private static final long PID = ProcessHandle.current().pid();
    private static final long STARTED = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
            .orElse(0L);

    private final LeaseStore leases;
    private final long objectSyncId;
    private final String label;
    private final String holder;
    private final long ttlMs;
    private final ScheduledFuture<?> renewal;
    private volatile boolean lost;

    private RunLease(LeaseStore leases, long objectSyncId, String label, String holder, long ttlMs) {
        this.leases = leases;
        this.objectSyncId = objectSyncId;
        this.label = label;
        this.holder = holder;
        this.ttlMs = ttlMs;
        long every = Math.max(100, ttlMs / 3);
        this.renewal = RENEWER.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of an object sync, waiting up to {@code options.leaseWaitMs()} for another run to finish.
     *
     * @param label the object sync's name for messages, e.g. {@code crm-shop/contacts}
     * @throws ObjectSyncBusyException when the wait is over and another run still holds the lease
     */
    static RunLease acquire(StateStore store, long objectSyncId, String label, RunOptions options) {
        String me = HOST + "/" + PID + "/" + STARTED + "/" + UUID.randomUUID().toString().substring(0, 8);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.leaseWaitMs());
        long pause = 25;
        while (true) {
            Optional<LeaseStore.Holder> held = store.leases().tryAcquire(objectSyncId, me, options.leaseTtlMs(), null);
            if (held.isPresent() && deadHere(held.get().holder())) {
                LOG.info("taking over the run lease of {} from {}, which no longer runs", label,
                        describe(held.get().holder()));
                held = store.leases().tryAcquire(objectSyncId, me, options.leaseTtlMs(), held.get().holder());
            }
            if (held.isEmpty()) {
                return new RunLease(store.leases(), objectSyncId, label, me, options.leaseTtlMs());
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                LeaseStore.Holder h = held.get();
                throw new ObjectSyncBusyException("object sync " + label + " is already being run by "
                        + describe(h.holder()) + " (since " + h.acquiredAt() + ", lease until " + h.expiresAt()
                        + "); waited " + options.leaseWaitMs() / 1000.0 + " s for it to finish. Run it again "
                        + "later, or wait longer (lease wait).");
            }
            try {
                Thread.sleep(Math.min(left, pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ObjectSyncBusyException("interrupted while waiting for the run lease of object sync "
                        + label + " held by " + describe(held.get().holder()));
            }
            pause = Math.min(500, pause * 2);
        }
    }

    /**
     * Renews the lease, or stops the run when it was lost (this run stalled past the lease lifetime and another
     * run took the object sync over): called before each chunk's writes and before the checkpoints are saved.
     *
     * @throws ObjectSyncBusyException when the lease is no longer this run's
     */
    void check() {
        if (lost || !leases.renew(objectSyncId, holder, ttlMs)) {
            lost = true;
            String now = leases.holder(objectSyncId).map(h -> describe(h.holder())).orElse("nobody");
            throw new ObjectSyncBusyException("the run of object sync " + label + " lost its run lease (it was not "
                    + "renewed within " + ttlMs / 1000.0 + " s; now held by " + now + "); stopped before writing "
                    + "more. Nothing committed is lost; run it again.");
        }
    }

    private void renewQuietly() {
        if (lost) {
            return;
        }
        try {
            if (!leases.renew(objectSyncId, holder, ttlMs)) {
                lost = true;
                LOG.warn("the run lease of {} was taken over", label);
            }
        } catch (StateException e) {
            LOG.warn("cannot renew the run lease of {}: {}", label, e.getMessage());
        }
    }

    @Override
    public void close() {
        renewal.cancel(false);
        if (!lost) {
            try {
                leases.release(objectSyncId, holder);
            } catch (StateException e) {
                // It expires by itself.
                LOG.warn("cannot release the run lease of {}: {}", label, e.getMessage());
            }
        }
    }

    /** A holder id in words: {@code process 4242 on host db1}. */
    static String describe(String holderId) {
        String[] p = holderId.split("/");
        return p.length >= 2 ? "process " + p[1] + " on host " + p[0] + (p.length >= 4 ? " (run " + p[3] + ")" : "")
                : holderId;
    }

    /** Whether a holder is a process of this host that has exited (its pid is gone, or reused by a newer one). */
    static boolean deadHere(String holderId) {
        String[] p = holderId.split("/");
        if (p.length < 4 || !p[0].equals(HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(p[1]);
            long started = Long.parseLong(p[2]);
            if (pid == PID && started == STARTED) {
                return false; // another run of this very process
            }
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) {
                return true;
            }
            Optional<Instant> start = h.get().info().startInstant();
            return started != 0 && start.isPresent() && Math.abs(start.get().toEpochMilli() - started) > 1_000;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replace('/', '_');
        } catch (java.io.IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env.strip().replace('/', '_');
        }
    }
}
