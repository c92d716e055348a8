package io.crmsync.sandbox;

/**
 * Decides whether a request may proceed and what X-HubSpot-RateLimit-* headers it carries (hubspot.md §B.9).
 * Called once per authenticated request, from server worker threads: implementations must be thread-safe.
 */
public interface RateLimiter {
    /**
     * Counts one request for {@code token} and returns the resulting window state. A decision with
     * {@code allowed=false} makes the server answer 429 with the decision's {@code policyName}.
     */
    Decision acquire(String token);

    /**
     * One request's outcome. {@code max}/{@code remaining} are for the rolling window of
     * {@code intervalMillis} ms; {@code daily}/{@code dailyRemaining} for the day (UTC). {@code policyName} is
     * {@code TEN_SECONDLY_ROLLING} or {@code DAILY} when refused, else null. {@code retryAfterMillis} is how long
     * a refused client must wait until a request would be allowed again (0 when allowed); the server sends it
     * rounded up to whole seconds as {@code Retry-After}.
     */
    record Decision(boolean allowed, int max, int remaining, long intervalMillis, long daily, long dailyRemaining,
                    String policyName, long retryAfterMillis) {
        /** A decision without a known wait (a refused one is answered with {@code Retry-After: 1}). */
        public Decision(boolean allowed, int max, int remaining, long intervalMillis, long daily,
                        long dailyRemaining, String policyName) {
            this(allowed, max, remaining, intervalMillis, daily, dailyRemaining, policyName, 0);
        }
    }
}
