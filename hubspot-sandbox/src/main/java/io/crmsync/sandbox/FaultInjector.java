package io.crmsync.sandbox;

import java.util.Random;

/**
 * Fault injection for API calls (never for {@code /_sandbox/...}), configured by {@code POST /_sandbox/faults}:
 * each request independently draws a 429 (TEN_SECONDLY_ROLLING body, hubspot.md §B.9, with
 * {@code Retry-After: retryAfterSeconds}, default 1), a 500, a 423 Locked (§B.3/§B.10), a 477 Migration in progress
 * (§B.10, also with {@code Retry-After}), in that order of precedence, and, separately, a slow response of
 * {@code slowMillis}. Rates are
 * probabilities in [0, 1]; a {@code seed} makes the draws reproducible. Thread-safe (one lock).
 */
final class FaultInjector {
    /** The current settings; all zero means no faults. */
    record Settings(double rateLimited, double serverError, double locked, double slowRate, long slowMillis,
                    Long seed, long retryAfterSeconds, double migrating) {
        /** Seconds an injected 429 asks the client to wait ({@code Retry-After}) unless configured. */
        static final long DEFAULT_RETRY_AFTER_SECONDS = 1;
        static final Settings NONE = new Settings(0, 0, 0, 0, 0, null, DEFAULT_RETRY_AFTER_SECONDS, 0);
    }

    /** What to do to one request: {@code status} 0 means answer normally; {@code delayMillis} is slept first. */
    record Fault(int status, long delayMillis) {
    }

    private Settings settings = Settings.NONE;
    private Random random = new Random();

    synchronized void configure(Settings s) {
        settings = s;
        random = s.seed() == null ? new Random() : new Random(s.seed());
    }

    synchronized Settings settings() {
        return settings;
    }

    synchronized Fault draw() {
        Settings s = settings;
        long delay = s.slowRate() > 0 && random.nextDouble() < s.slowRate() ? s.slowMillis() : 0;
        int status = 0;
        if (s.rateLimited() > 0 && random.nextDouble() < s.rateLimited()) {
            status = 429;
        } else if (s.serverError() > 0 && random.nextDouble() < s.serverError()) {
            status = 500;
        } else if (s.locked() > 0 && random.nextDouble() < s.locked()) {
            status = 423;
        } else if (s.migrating() > 0 && random.nextDouble() < s.migrating()) {
            status = 477;
        }
        return new Fault(status, delay);
    }

    /** The error a drawn status answers with, in HubSpot's body shape (§B.9, §B.10). */
    static ApiException error(int status) {
        return switch (status) {
            case 429 -> new ApiException(429, "RATE_LIMITS", "You have reached your ten_secondly_rolling limit.")
                    .field("errorType", "RATE_LIMIT").field("policyName", "TEN_SECONDLY_ROLLING");
            case 423 -> new ApiException(423, "LOCKED", "The resource is locked: too many writes in a short "
                    + "period. Include a delay of at least 2 seconds between your API requests.");
            case 477 -> new ApiException(477, "MIGRATION_IN_PROGRESS", "This account is being migrated between "
                    + "data centers; retry after the delay in Retry-After.");
            default -> new ApiException(500, "INTERNAL_ERROR", "internal error (injected by the sandbox)");
        };
    }
}
