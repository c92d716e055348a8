package io.crmsync.sandbox;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock the server actually uses: the configured {@link SandboxClock} plus an offset that
 * {@code POST /_sandbox/clock} moves forward, so tests can pass a day (daily quota reset) or 90 days (archived-record
 * age) without waiting. Thread-safe.
 */
final class AdjustableClock implements SandboxClock {
    private final SandboxClock base;
    private final AtomicLong offsetMillis = new AtomicLong();

    AdjustableClock(SandboxClock base) {
        this.base = base;
    }

    @Override
    public Instant now() {
        return base.now().plusMillis(offsetMillis.get());
    }

    /** Moves "now" by {@code millis} (negative values allowed) and returns the new now. */
    Instant advance(long millis) {
        offsetMillis.addAndGet(millis);
        return now();
    }
}
