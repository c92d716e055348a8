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
 * <p>Pacing: {@link #acquire()} blocks until fewer than {@code requestsPer10s} requests were started in the last
 * 10,000 ms, and until any pause set by {@link #pauseFor} (a 429's Retry-After) is over. Search requests also pass
 * the account's search limiter ({@link #searchOf}: 5 per second). Thread-safe (one monitor).
 */
final class AccountRateLimiter {
    static final long WINDOW_MS = 10_000;
    private static final Map<String, AccountRateLimiter> BY_ACCOUNT = new ConcurrentHashMap<>();

    /** HubSpot's search limit: 5 requests per second per account (hubspot.md §B.5, §B.9). */
    static final int SEARCH_PER_SECOND = 5;

    private final int permits;
    private final long windowMs;
    private final ArrayDeque<Long> started = new ArrayDeque<>();
    private long pausedUntil;

    private AccountRateLimiter(int permits, long windowMs) {
        this.permits = permits;
        this.windowMs = windowMs;
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

    /** Blocks until a request may start. @throws InterruptedException when interrupted while waiting */
    synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.currentTimeMillis();
            while (!started.isEmpty() && started.peekFirst() <= now - windowMs) {
                started.pollFirst();
            }
            long wait = Math.max(pausedUntil - now,
                    started.size() < permits ? 0 : started.peekFirst() + windowMs - now);
            if (wait <= 0) {
                started.addLast(now);
                return;
            }
            wait(wait);
        }
    }

    /** Holds every caller of this account for {@code millis} (a 429's Retry-After applies to the whole account). */
    synchronized void pauseFor(long millis) {
        pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + millis);
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
