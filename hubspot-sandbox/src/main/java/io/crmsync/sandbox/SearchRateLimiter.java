package io.crmsync.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The search API's own limit (hubspot.md §B.5, §B.9): {@code perSecond} search requests per account (token) in any
 * rolling second of the sandbox clock, 5 by default as HubSpot documents today. Search requests are counted here
 * instead of in the 10-second window, and their responses carry no X-HubSpot-RateLimit headers. Refused requests
 * are not counted. Thread-safe (one lock).
 */
final class SearchRateLimiter {
    static final long WINDOW_MILLIS = 1_000;
    private final SandboxClock clock;
    private final int perSecond;
    private final Map<String, Deque<Instant>> windows = new HashMap<>();

    SearchRateLimiter(SandboxClock clock, int perSecond) {
        this.clock = clock;
        this.perSecond = perSecond;
    }

    /** Counts one search request; returns 0 when allowed, else the milliseconds until one would be. */
    synchronized long acquire(String token) {
        Instant now = clock.now();
        Deque<Instant> window = windows.computeIfAbsent(token, t -> new ArrayDeque<>());
        Instant cutoff = now.minusMillis(WINDOW_MILLIS);
        while (!window.isEmpty() && !window.peekFirst().isAfter(cutoff)) {
            window.pollFirst();
        }
        if (window.size() >= perSecond) {
            return Math.max(1, window.peekFirst().plusMillis(WINDOW_MILLIS).toEpochMilli() - now.toEpochMilli());
        }
        window.addLast(now);
        return 0;
    }

    /** Whether a request is a search ({@code POST …/search} on an object type, any path version). */
    static boolean isSearch(String method, String path) {
        return "POST".equalsIgnoreCase(method) && path.startsWith("/crm/") && path.endsWith("/search");
    }
}
