package io.crmsync.sandbox;

import java.time.Instant;

/**
 * Source of "now" for every timestamp the sandbox writes (createdAt, updatedAt, archivedAt, rate-limit windows).
 * A seam so tests can move time without waiting. Implementations must be thread-safe: the HTTP server calls
 * {@link #now()} from its worker threads.
 */
public interface SandboxClock {
    /** The current instant; never null. */
    Instant now();

    /** The wall clock. */
    static SandboxClock system() {
        return Instant::now;
    }
}
