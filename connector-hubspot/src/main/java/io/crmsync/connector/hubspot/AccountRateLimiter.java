package io.crmsync.connector.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request budget per HubSpot account, shared by every connector instance of that account in this process:
 * HubSpot counts the burst limit per app/token over a rolling 10-second window (hubspot.md §B.9), so two
 * connectors on the same token must not each spend the whole budget.
 *
 * <p>Pacing: {@link #acquire()} blocks until fewer than {@code requestsPer10s} requests are in flight or
 * finished in the last {@value #WINDOW_MS} ms plus {@value #MARGIN_MS} ms, and until any pause set by
 * {@link #pauseFor} (a 429's Retry-After) is over; {@link #release()} marks the request finished. A request
 * leaves the window {@value #WINDOW_MS} ms after its answer arrived, not after it was sent: HubSpot counts it
 * when it arrives, which is between the two, so however long requests travel, a request HubSpot counted has left
 * its window by then (counting from the send, a slow request followed by a fast one a window later lands inside
 * the server's window: a 429). The margin covers the server clock's rounding. Times are monotonic
 * ({@link System#nanoTime()}). Search requests also pass the account's search limiter ({@link #searchOf}: 5
 * per second, the same pacing over a 1 s window). Thread-safe (one monitor).
 */
final class AccountRateLimiter {
    static final long WINDOW_MS = 10_000;
    /** Extra ms a finished request stays in the window. */
    static final long MARGIN_MS = 20;
    private static final Map<String, AccountRateLimiter> BY_ACCOUNT = new ConcurrentHashMap<>();

    /** HubSpot's search limit: 5 requests per second per account (hubspot.md §B.5, §B.9). */
    static final int SEARCH_PER_SECOND = 5;

    private final int permits;
    private final long windowNanos;
    /** When the requests still in the window finished, in {@link System#nanoTime()}, oldest first. */
    private final ArrayDeque<Long> finished = new ArrayDeque<>();
    private int inFlight;
    private long pausedUntilNanos = System.nanoTime();

    private AccountRateLimiter(int permits, long windowMs) {
        this.permits = permits;
        this.windowNanos = (windowMs + MARGIN_MS) * 1_000_000;
    }

    /**
     * The limiter of the account behind {@code baseUrl} and {@code token}. The key holds a SHA-256 of the token,
     * never the token. The first caller's budget wins for the account.
     */
    static AccountRateLimiter forAccount(String baseUrl, String token, int requestsPer10s) {
        return BY_ACCOUNT.computeIfAbsent(baseUrl + "#" + sha256(token),
                k -> new AccountRateLimiter(requestsPer10s, WINDOW_MS));
    }

    /** The account's search budget: {@value #SEARCH_PER_SECOND} search requests in any rolling second. */
    static AccountRateLimiter searchOf(String baseUrl, String token) {
        return BY_ACCOUNT.computeIfAbsent(baseUrl + "#" + sha256(token) + "#search",
                k -> new AccountRateLimiter(SEARCH_PER_SECOND, 1_000));
    }

    /**
     * Blocks until a request may start, and counts it in flight; every call must be followed by one
     * {@link #release()}. @throws InterruptedException when interrupted while waiting
     */
    synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            while (!finished.isEmpty() && now - finished.peekFirst() >= windowNanos) {
                finished.pollFirst();
            }
            long waitNanos = Math.max(0, pausedUntilNanos - now);
            if (inFlight + finished.size() >= permits) {
                // Full: wait for the oldest finished request to leave, or for one in flight to finish.
                waitNanos = Math.max(waitNanos, finished.isEmpty() ? windowNanos
                        : finished.peekFirst() + windowNanos - now);
            }
            if (waitNanos <= 0) {
                inFlight++;
                return;
            }
            long ms = Math.max(1, (waitNanos + 999_999) / 1_000_000);
            wait(ms);
        }
    }

    /** The request started by the matching {@link #acquire()} got its answer (or failed): its window starts now. */
    synchronized void release() {
        inFlight = Math.max(0, inFlight - 1);
        finished.addLast(System.nanoTime());
        notifyAll();
    }

    /** Holds every caller of this account for {@code millis} (a 429's Retry-After applies to the whole account). */
    synchronized void pauseFor(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
        }
    }

    private static String sha256(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
