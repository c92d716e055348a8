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
 */
public record RunOptions(boolean dryRun, int pageSize, int maxAttempts, long backoffBaseMs, long backoffMaxMs,
                         int chunkSize) {
    public static RunOptions defaults() {
        return new RunOptions(false, 100_000, 4, 250, 30_000, 2000);
    }

    public RunOptions withDryRun(boolean value) {
        return new RunOptions(value, pageSize, maxAttempts, backoffBaseMs, backoffMaxMs, chunkSize);
    }

    public RunOptions withBackoff(long baseMs, long maxMs) {
        return new RunOptions(dryRun, pageSize, maxAttempts, baseMs, maxMs, chunkSize);
    }
}
