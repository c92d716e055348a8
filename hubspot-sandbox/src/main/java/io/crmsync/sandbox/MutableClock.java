package io.crmsync.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link SandboxClock} that only moves when told to; thread-safe. For tests and the future admin endpoint. */
public final class MutableClock implements SandboxClock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    /** Moves the clock forward by {@code step} (may be negative, for tests of clock skew). */
    public void advance(Duration step) {
        now.updateAndGet(t -> t.plus(step));
    }
}
