package io.crmsync.engine.run;

/**
 * How a run behaves.
 *
 * @param dryRun        plan only: read both apps, write nothing (neither apps nor state)
 * @param pageSize      records per read page
 * @param maxAttempts   tries per record for transient failures within one run (then carried to the next run)
 * @param backoffBaseMs first retry delay in ms; doubled each try, jittered, capped at {@code backoffMaxMs}
 * @param backoffMaxMs  longest retry delay in ms (an app's Retry-After is honoured up to this cap)
 * @param chunkSize     pairs written and committed together (bounded by each connector's batch size)
 * @param leaseWaitMs   how long a run waits for another run of the same object sync to finish before it fails
 *                      with {@link ObjectSyncBusyException} (0: fail at once)
 * @param leaseTtlMs    how long a run lease lasts unless renewed; the holder renews it every third of this, and a
 *                      crashed holder's lease is taken over once it expires
 * @param reconcile     also read every linked id back from apps whose change feed is not a full scan, to find
 *                      deletes no feed reported ({@link Reconciler}; {@code crmsync run --reconcile}); costs one
 *                      batch read per {@code maxBatchSize} links per app
 */
public record RunOptions(boolean dryRun, int pageSize, int maxAttempts, long backoffBaseMs, long backoffMaxMs,
                         int chunkSize, long leaseWaitMs, long leaseTtlMs, boolean reconcile) {
    /** Default wait for another run of the same object sync: two minutes. */
    public static final long DEFAULT_LEASE_WAIT_MS = 120_000;
    /** Default lease lifetime without renewal: 30 seconds. */
    public static final long DEFAULT_LEASE_TTL_MS = 30_000;

    public RunOptions {
        if (leaseWaitMs < 0 || leaseTtlMs < 1_000) {
            throw new IllegalArgumentException("leaseWaitMs must be >= 0 and leaseTtlMs >= 1000, got "
                    + leaseWaitMs + " and " + leaseTtlMs);
        }
    }

    /** Options without reconciliation. */
    public RunOptions(boolean dryRun, int pageSize, int maxAttempts, long backoffBaseMs, long backoffMaxMs,
                      int chunkSize, long leaseWaitMs, long leaseTtlMs) {
        this(dryRun, pageSize, maxAttempts, backoffBaseMs, backoffMaxMs, chunkSize, leaseWaitMs, leaseTtlMs, false);
    }

    /** Options with the default lease settings. */
    public RunOptions(boolean dryRun, int pageSize, int maxAttempts, long backoffBaseMs, long backoffMaxMs,
                      int chunkSize) {
        this(dryRun, pageSize, maxAttempts, backoffBaseMs, backoffMaxMs, chunkSize, DEFAULT_LEASE_WAIT_MS,
                DEFAULT_LEASE_TTL_MS);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, 100_000, 4, 250, 30_000, 2000);
    }

    public RunOptions withDryRun(boolean value) {
        return new RunOptions(value, pageSize, maxAttempts, backoffBaseMs, backoffMaxMs, chunkSize, leaseWaitMs,
                leaseTtlMs, reconcile);
    }

    public RunOptions withBackoff(long baseMs, long maxMs) {
        return new RunOptions(dryRun, pageSize, maxAttempts, baseMs, maxMs, chunkSize, leaseWaitMs, leaseTtlMs,
                reconcile);
    }

    /** Options with another lease wait and lifetime (see the record's parameters). */
    public RunOptions withLease(long waitMs, long ttlMs) {
        return new RunOptions(dryRun, pageSize, maxAttempts, backoffBaseMs, backoffMaxMs, chunkSize, waitMs, ttlMs,
                reconcile);
    }

    /** Options with reconciliation on or off (see the record's parameters). */
    public RunOptions withReconcile(boolean value) {
        return new RunOptions(dryRun, pageSize, maxAttempts, backoffBaseMs, backoffMaxMs, chunkSize, leaseWaitMs,
                leaseTtlMs, value);
    }
}
