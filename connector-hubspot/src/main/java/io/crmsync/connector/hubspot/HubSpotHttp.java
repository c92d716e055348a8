package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.crmsync.api.AppSettings;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JSON over HTTP to one HubSpot account: bearer authentication (a private-app token, or OAuth access tokens from
 * {@link HubSpotOAuth}, refreshed before expiry and once on a 401), the legacy {@code hapikey} query parameter when
 * an {@code apiKey} is configured, pacing through the account's
 * {@link AccountRateLimiter} (searches also at HubSpot's 5 per second), and retries of transient answers (429
 * TEN_SECONDLY_ROLLING, 423 LOCKED, 477 migration in progress, 5xx, timeouts and I/O errors) with capped, jittered
 * exponential backoff that honours {@code Retry-After} (seconds).
 *
 * <p><b>Errors:</b> 401 → {@code AUTHENTICATION}, 403 → {@code PERMISSION}, a 429 with policyName DAILY →
 * {@code RATE_LIMITED} with retryAfterMs from its Retry-After, else until the next midnight in the portal's zone
 * (hubspot.md §B.9), without retrying (the quota is gone for the day: the caller pauses); transient
 * failures still failing after {@value #MAX_ATTEMPTS} attempts → {@code RATE_LIMITED} / {@code REMOTE_ERROR}. Other
 * statuses (2xx, 207, 400, 404, 409) are returned for the caller to read. Every message and log line is redacted of
 * secrets (configured ones, issued access tokens, and credential-looking query parameters and headers).
 *
 * <p><b>Logging:</b> DEBUG logs each call ({@code method}, URL with redacted query, status, milliseconds) and each
 * retry; nothing logs a body, since bodies hold record values.
 *
 * <p><b>Threading:</b> thread-safe; {@link HttpClient} is shared.
 */
final class HubSpotHttp {
    private static final Logger LOG = LoggerFactory.getLogger(HubSpotHttp.class);
    static final int MAX_ATTEMPTS = 6;
    private static final long BASE_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 10_000;

    /**
     * A parsed answer: HTTP status, JSON body ({@link NullNode} when empty), and the server's clock from the
     * {@code Date} header in epoch ms (whole seconds, so at most the server's time when it answered; -1 without
     * the header).
     */
    record Response(int status, JsonNode body, long dateMs) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HubSpotSettings settings;
    private final Set<String> secrets;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final AccountRateLimiter limiter;
    private final HubSpotOAuth oauth;
    private final AccountRateLimiter searchLimiter;
    /** The latest answer's Date in epoch ms and when it arrived ({@link System#nanoTime()}); null before one. */
    private volatile long[] lastDate;

    HubSpotHttp(HubSpotSettings settings, Set<String> secrets, ObjectMapper mapper) {
        this.settings = settings;
        this.secrets = ConcurrentHashMap.newKeySet();
        this.secrets.addAll(secrets);
        this.secrets.addAll(settings.credentials());
        this.mapper = mapper;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.limiter = AccountRateLimiter.forAccount(settings.baseUrl(), settings.accountKey(),
                settings.requestsPer10s());
        this.searchLimiter = AccountRateLimiter.searchOf(settings.baseUrl(), settings.accountKey());
        this.oauth = settings.oauth() ? new HubSpotOAuth(settings, this.secrets, this::redact, mapper, client,
                System::currentTimeMillis) : null;
    }

    /** The OAuth token source, or {@code null} when the app uses a static token or API key. */
    HubSpotOAuth oauth() {
        return oauth;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The server's clock (epoch ms, whole seconds) from the Date header of an answer received at most
     * {@code maxAgeMs} ago, or -1 when there is none that recent. It is at most HubSpot's time now: a safe start
     * for reading what changes from now on.
     */
    long recentServerTime(long maxAgeMs) {
        long[] d = lastDate;
        return d != null && System.nanoTime() - d[1] <= maxAgeMs * 1_000_000 ? d[0] : -1;
    }

    /** GET {@code pathAndQuery} (relative to baseUrl, starting with {@code /}). */
    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    /** POST a JSON body. */
    Response post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    private Response send(String method, String path, JsonNode body) {
        boolean reauthorized = false;
        boolean search = "POST".equals(method) && path.endsWith("/search");
        for (int attempt = 1; ; attempt++) {
            Response r;
            long retryAfterMs = -1;
            String bearer = oauth != null ? oauth.accessToken() : settings.token();
            try {
                if (search) {
                    searchLimiter.acquire();
                }
                limiter.acquire();
                long t0 = System.nanoTime();
                LOG.debug("HubSpot -> {} {}", method, redact(url(path)));
                HttpResponse<String> raw;
                try {
                    raw = client.send(request(method, path, body, bearer), HttpResponse.BodyHandlers.ofString());
                } finally {
                    limiter.release();
                    if (search) {
                        searchLimiter.release();
                    }
                }
                r = new Response(raw.statusCode(), parse(raw.body()),
                        raw.headers().firstValue("Date").map(HubSpotHttp::httpDate).orElse(-1L));
                if (r.dateMs() >= 0) {
                    lastDate = new long[] {r.dateMs(), System.nanoTime()};
                }
                retryAfterMs = raw.headers().firstValue("Retry-After").map(HubSpotHttp::seconds).orElse(-1L);
                LOG.debug("HubSpot <- {} {} {} in {} ms", raw.statusCode(), method, redact(url(path)),
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(FailureCategory.REMOTE_ERROR, "Interrupted calling HubSpot " + method
                        + " " + path);
            } catch (IllegalArgumentException e) {
                // A malformed baseUrl: permanent, and the URL may quote a secret.
                throw new ConnectorException(FailureCategory.REJECTED_BY_APP, redact("Cannot call HubSpot at "
                        + settings.baseUrl() + ": " + e.getMessage()));
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ConnectorException(FailureCategory.REMOTE_ERROR, redact("HubSpot unreachable at "
                            + settings.baseUrl() + " (" + method + " " + path + "): " + why(e)));
                }
                sleep(backoff(attempt, -1));
                continue;
            }
            int s = r.status();
            if (s == 401 && oauth != null && !reauthorized) {
                // Expired early or revoked: one fresh token, then the call again (not counted as an attempt).
                LOG.debug("HubSpot 401 on {} {}; refreshing the OAuth access token", method, redact(path));
                oauth.invalidate(bearer);
                reauthorized = true;
                attempt--;
                continue;
            }
            if (s == 401) {
                throw new ConnectorException(FailureCategory.AUTHENTICATION, redact("HubSpot refused the "
                        + (oauth != null ? "OAuth access token" : "token") + " on " + method + " " + path + " (401 "
                        + message(r) + "). Check the app's credentials in the config."));
            }
            if (s == 403) {
                throw new ConnectorException(FailureCategory.PERMISSION, redact("HubSpot denied " + method + " "
                        + path + " (403 " + message(r) + "): the token lacks a scope for it."));
            }
            if (s == 429 && "DAILY".equals(r.body().path("policyName").asText())) {
                long wait = retryAfterMs > 0 ? retryAfterMs : untilMidnight();
                LOG.debug("HubSpot DAILY limit on {} {}; not retrying for {} ms", method, redact(path), wait);
                throw new ConnectorException(FailureCategory.RATE_LIMITED, "HubSpot's daily request limit is used "
                        + "up (429 DAILY on " + method + " " + redact(path) + "); it resets at midnight in the "
                        + "portal's time zone", wait, null);
            }
            boolean transientFailure = s == 429 || s == 423 || s == 477 || s >= 500;
            if (!transientFailure) {
                return r;
            }
            long wait = backoff(attempt, retryAfterMs);
            if (attempt >= MAX_ATTEMPTS) {
                FailureCategory c = s == 429 ? FailureCategory.RATE_LIMITED : FailureCategory.REMOTE_ERROR;
                throw new ConnectorException(c, redact("HubSpot answered " + s + " to " + method + " " + path
                        + " " + MAX_ATTEMPTS + " times: " + message(r)), wait, null);
            }
            if (s == 429 && "SECONDLY".equals(r.body().path("policyName").asText())) {
                searchLimiter.pauseFor(wait); // the search limit: other calls may go on
            } else if (s == 429) {
                limiter.pauseFor(wait); // the whole account is over its window, not just this call
            }
            LOG.debug("HubSpot {} on {} {}; retry {} in {} ms", s, method, redact(path), attempt, wait);
            sleep(wait);
        }
    }

    /** An I/O failure in words, and for a local baseUrl the likely cause: no sandbox is running there. */
    private String why(IOException e) {
        String what = e instanceof java.net.ConnectException ? "connection refused or no route to the host"
                : e instanceof java.net.http.HttpTimeoutException ? "no answer in time"
                : e instanceof java.net.UnknownHostException ? "unknown host"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        String host = URI.create(settings.baseUrl()).getHost();
        boolean local = "127.0.0.1".equals(host) || "localhost".equals(host);
        return what + (local ? " (is `crmsync sandbox` running on that port?)" : "");
    }

    /** The full URL of a call, with the legacy {@code hapikey} when an apiKey is configured (a secret). */
    private String url(String path) {
        String url = settings.baseUrl() + path;
        if (settings.apiKey() == null) {
            return url;
        }
        return url + (path.contains("?") ? "&" : "?") + "hapikey="
                + URLEncoder.encode(settings.apiKey(), StandardCharsets.UTF_8);
    }

    private HttpRequest request(String method, String path, JsonNode body, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            // Proxies answer HTML on 502/503; keep the status, drop the body.
            return NullNode.getInstance();
        }
    }

    /** HubSpot's error message (hubspot.md §B.10), redacted; empty when the body has none. */
    String message(Response r) {
        return redact(r.body().path("message").asText(""));
    }

    String redact(String text) {
        return AppSettings.redact(text, secrets);
    }

    /** Retry-After when given (never less than it), else 250 ms doubling to 10 s, plus up to 20% jitter. */
    private static long backoff(int attempt, long retryAfterMs) {
        long exp = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt - 1, 10));
        long base = Math.max(exp, retryAfterMs);
        return base + ThreadLocalRandom.current().nextLong(base / 5 + 1);
    }

    /** An HTTP date (RFC 1123, e.g. {@code Tue, 15 Nov 1994 08:12:31 GMT}) in epoch ms, or -1. */
    static long httpDate(String header) {
        try {
            return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(header.strip(),
                    java.time.Instant::from).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return -1;
        }
    }

    private static Long seconds(String header) {
        try {
            return Math.round(Double.parseDouble(header.strip()) * 1000);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private long untilMidnight() {
        ZonedDateTime now = ZonedDateTime.now(settings.timeZone() == null ? ZoneId.of("UTC") : settings.timeZone());
        return Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone())).toMillis();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(FailureCategory.REMOTE_ERROR, "Interrupted while backing off from HubSpot");
        }
    }
}
