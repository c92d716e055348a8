package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Targeted faults and a request log, for tests that need a precise answer rather than random draws
 * ({@link FaultInjector}). Configured with {@code "rules"} in {@code POST /_sandbox/faults}; each rule is
 * {@code {"method":"POST","path":"/batch/update","status":429,"policyName":"TEN_SECONDLY_ROLLING",
 * "retryAfterSeconds":1,"times":3}}:
 * <ul>
 * <li>{@code method} (optional, any when absent) and {@code path} (a substring of the request path) select calls;</li>
 * <li>{@code status} 429 answers HubSpot's rate-limit body with {@code policyName} (default TEN_SECONDLY_ROLLING)
 * and {@code Retry-After} in seconds; a DAILY rule lasts until the next midnight UTC on the sandbox clock and its
 * Retry-After is the time left until then (hubspot.md §B.9). 403 answers MISSING_SCOPES quoting the request URL
 * with its query string, as some gateways do (so clients must redact query parameters, field case C-21);
 * 401, 423 and 500 answer as {@link FaultInjector#error} / INVALID_AUTHENTICATION;</li>
 * <li>{@code times} limits the rule to its first N matching calls (absent: every matching call).</li>
 * </ul>
 * Rules are checked in order; the first matching one answers. Every API call (not {@code /_sandbox}) is logged
 * with its wall-clock time in epoch ms and the status a rule or fault injected (0 = none); read it with
 * {@code GET /_sandbox/requests}. Thread-safe (one lock).
 */
final class FaultRules {
    /** Most logged requests kept; older ones are dropped. */
    static final int LOG_LIMIT = 100_000;

    /** One rule; {@code left} is the calls it still answers (-1 = unlimited), {@code until} its end or null. */
    private static final class Rule {
        final String method;
        final String path;
        final int status;
        final String policyName;
        final long retryAfterSeconds;
        final Instant until;
        int left;

        Rule(String method, String path, int status, String policyName, long retryAfterSeconds, int left,
             Instant until) {
            this.method = method;
            this.path = path;
            this.status = status;
            this.policyName = policyName;
            this.retryAfterSeconds = retryAfterSeconds;
            this.left = left;
            this.until = until;
        }
    }

    /** One logged API call: wall-clock epoch ms, method, path (no query) and the injected status (0 = none). */
    record Logged(long atMillis, String method, String path, int injected) {
    }

    /** What to answer: the error and the Retry-After seconds to send with it (-1 = no header). */
    record Answer(ApiException error, long retryAfterSeconds) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<Logged> log = new ArrayList<>();

    /**
     * Replaces the rules from a JSON array (absent or null: no rules).
     *
     * @throws ApiException 400 when a rule is malformed
     */
    synchronized void configure(JsonNode array, Instant now) {
        List<Rule> parsed = new ArrayList<>();
        if (array != null && !array.isNull()) {
            if (!array.isArray()) {
                throw ApiException.validation("rules must be an array");
            }
            for (JsonNode r : array) {
                parsed.add(parse(r, now));
            }
        }
        rules.clear();
        rules.addAll(parsed);
    }

    private static Rule parse(JsonNode r, Instant now) {
        String path = r.path("path").asText("");
        int status = r.path("status").asInt(0);
        if (!List.of(401, 403, 423, 429, 500).contains(status)) {
            throw ApiException.validation("rule status must be one of 401, 403, 423, 429, 500; got " + r.get("status"));
        }
        String policy = r.path("policyName").asText("TEN_SECONDLY_ROLLING").toUpperCase(Locale.ROOT);
        if (!List.of("TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY").contains(policy)) {
            throw ApiException.validation("policyName must be TEN_SECONDLY_ROLLING, SECONDLY or DAILY");
        }
        int times = r.hasNonNull("times") ? r.get("times").asInt() : -1;
        Instant until = status == 429 && "DAILY".equals(policy)
                ? LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : null;
        String method = r.hasNonNull("method") ? r.get("method").asText().toUpperCase(Locale.ROOT) : null;
        return new Rule(method, path, status, policy, r.path("retryAfterSeconds").asLong(1), times, until);
    }

    /**
     * Returns the answer of the first rule the call matches (and logs the call), or {@code null} to answer normally
     * (the caller then logs it with {@link #record}).
     *
     * @param query the raw query string or {@code null}; quoted by 403 answers
     */
    synchronized Answer match(String method, String path, String query, Instant now) {
        for (Rule r : rules) {
            if (r.left == 0 || (r.until != null && !now.isBefore(r.until))
                    || (r.method != null && !r.method.equals(method)) || !path.contains(r.path)) {
                continue;
            }
            if (r.left > 0) {
                r.left--;
            }
            record(method, path, r.status);
            return answer(r, method, path, query, now);
        }
        return null;
    }

    /** Logs a call answered by the random {@link FaultInjector} (or normally, with 0). */
    synchronized void record(String method, String path, int injected) {
        if (log.size() >= LOG_LIMIT) {
            log.remove(0);
        }
        log.add(new Logged(System.currentTimeMillis(), method, path, injected));
    }

    private static Answer answer(Rule r, String method, String path, String query, Instant now) {
        return switch (r.status) {
            case 429 -> {
                String limit = r.policyName.toLowerCase(Locale.ROOT);
                ApiException e = new ApiException(429, "RATE_LIMITS", "You have reached your " + limit + " limit.")
                        .field("errorType", "RATE_LIMIT").field("policyName", r.policyName);
                long wait = r.until == null ? r.retryAfterSeconds
                        : SandboxServer.retryAfterSeconds(Duration.between(now, r.until).toMillis());
                yield new Answer(e, wait);
            }
            case 403 -> new Answer(new ApiException(403, "MISSING_SCOPES", "This app hasn't been granted all "
                    + "required scopes to make this call. Request: " + method + " " + path
                    + (query == null || query.isEmpty() ? "" : "?" + query)), -1);
            case 401 -> new Answer(new ApiException(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make "
                    + "this call expired."), -1);
            default -> new Answer(FaultInjector.error(r.status), -1);
        };
    }

    /** Drops the rules and the log. */
    synchronized void clear() {
        rules.clear();
        log.clear();
    }

    /** The log as {@code {"results":[{"at":ms,"method","path","injected"}...]}}. */
    synchronized ObjectNode render(ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode arr = out.putArray("results");
        for (Logged l : log) {
            arr.addObject().put("at", l.atMillis()).put("method", l.method()).put("path", l.path())
                    .put("injected", l.injected());
        }
        return out;
    }
}
