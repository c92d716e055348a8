package io.crmsync.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-token rolling window ({@code max} requests per {@code intervalMillis}, HubSpot's 100/190/250 per 10 s) plus
 * a daily counter reset at midnight UTC, both measured on the {@link SandboxClock}. Refused requests are not
 * counted, so a client that waits gets back in. Thread-safe (one lock; the sandbox is not a load generator).
 */
public final class RollingWindowRateLimiter implements RateLimiter {
    private final SandboxClock clock;
    private final int max;
    private final long intervalMillis;
    private final long daily;
    private final Map<String, Deque<Instant>> windows = new HashMap<>();
    private final Map<String, Long> dailyCounts = new HashMap<>();
    private LocalDate day;

    public RollingWindowRateLimiter(SandboxClock clock, int max, long intervalMillis, long daily) {
        this.clock = clock;
        this.max = max;
        this.intervalMillis = intervalMillis;
        this.daily = daily;
    }

    /** Free/Starter private-app limits: 100 per 10 s, 250,000 per day. */
    public static RollingWindowRateLimiter freeTier(SandboxClock clock) {
        return new RollingWindowRateLimiter(clock, 100, 10_000, 250_000);
    }

    @Override
    public synchronized Decision acquire(String token) {
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            dailyCounts.clear();
        }
        Deque<Instant> window = windows.computeIfAbsent(token, t -> new ArrayDeque<>());
        Instant cutoff = now.minusMillis(intervalMillis);
        while (!window.isEmpty() && !window.peekFirst().isAfter(cutoff)) {
            window.pollFirst();
        }
        long usedToday = dailyCounts.getOrDefault(token, 0L);
        if (usedToday >= daily) {
            long untilMidnight = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                    .toMillis();
            return new Decision(false, max, Math.max(0, max - window.size()), intervalMillis, daily, 0, "DAILY",
                    untilMidnight);
        }
        if (window.size() >= max) {
            // The oldest counted request leaves the window at oldest + interval; one slot frees up then.
            long untilFree = Duration.between(now, window.peekFirst().plusMillis(intervalMillis)).toMillis();
            return new Decision(false, max, 0, intervalMillis, daily, daily - usedToday, "TEN_SECONDLY_ROLLING",
                    Math.max(1, untilFree));
        }
        window.addLast(now);
        dailyCounts.put(token, usedToday + 1);
        return new Decision(true, max, max - window.size(), intervalMillis, daily, daily - usedToday - 1, null);
    }
}
