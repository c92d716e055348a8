package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * OAuth access tokens of one HubSpot app from its refresh token (hubspot.md §B.1): {@code POST /oauth/v1/token}
 * with the form {@code grant_type=refresh_token&client_id&client_secret&refresh_token}. A token is reused until
 * {@value #MARGIN_MS} ms before its {@code expires_in} runs out on this machine's clock, and dropped earlier when
 * HubSpot answers 401 to it ({@link #invalidate}). Every issued access token is added to the connector's secrets,
 * so that it is redacted like the configured ones; no token, refresh token or client secret is ever logged.
 *
 * <p><b>Errors:</b> a 400/401 from the token endpoint (bad refresh token, client id or secret) →
 * {@code AUTHENTICATION}; 5xx, I/O errors and unreadable answers → {@code REMOTE_ERROR}. Messages name the endpoint
 * path and HubSpot's error code, redacted.
 *
 * <p><b>Threading:</b> thread-safe; one refresh at a time (the monitor), callers wait for it.
 */
final class HubSpotOAuth {
    private static final Logger LOG = LoggerFactory.getLogger(HubSpotOAuth.class);
    /** Refresh this long (ms) before the token's stated expiry, for clock skew and calls in flight. */
    static final long MARGIN_MS = 60_000;
    static final String TOKEN_PATH = "/oauth/v1/token";

    private final HubSpotSettings settings;
    private final Set<String> secrets;
    private final UnaryOperator<String> redact;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final LongSupplier clock;
    private String accessToken;
    private long expiresAtMs;
    private int refreshes;

    /**
     * @param secrets a concurrent set the issued access tokens are added to (read by {@code redact})
     * @param clock   epoch milliseconds now (tests may move it)
     */
    HubSpotOAuth(HubSpotSettings settings, Set<String> secrets, UnaryOperator<String> redact, ObjectMapper mapper,
                 HttpClient client, LongSupplier clock) {
        this.settings = settings;
        this.secrets = secrets;
        this.redact = redact;
        this.mapper = mapper;
        this.client = client;
        this.clock = clock;
    }

    /** A valid access token, refreshing it first when none is held or it expires within {@link #MARGIN_MS}. */
    synchronized String accessToken() {
        if (accessToken == null || clock.getAsLong() >= expiresAtMs - MARGIN_MS) {
            refresh();
        }
        return accessToken;
    }

    /** Forgets {@code rejected} (HubSpot answered 401 to it), so that the next call refreshes. */
    synchronized void invalidate(String rejected) {
        if (rejected != null && rejected.equals(accessToken)) {
            accessToken = null;
        }
    }

    /** How many times a token was fetched (tests, diagnostics). */
    synchronized int refreshes() {
        return refreshes;
    }

    private void refresh() {
        String form = form(Map.of("grant_type", "refresh_token", "client_id", settings.clientId(),
                "client_secret", settings.clientSecret(), "refresh_token", settings.refreshToken()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.tokenUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        LOG.debug("HubSpot OAuth: refreshing the access token at POST {}", TOKEN_PATH);
        HttpResponse<String> raw;
        try {
            raw = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectorException(FailureCategory.REMOTE_ERROR, redact.apply("HubSpot OAuth token endpoint "
                    + "POST " + TOKEN_PATH + " unreachable: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(FailureCategory.REMOTE_ERROR, "Interrupted refreshing the HubSpot OAuth "
                    + "token");
        }
        JsonNode body = parse(raw.body());
        int s = raw.statusCode();
        if (s == 400 || s == 401 || s == 403) {
            String code = body.path("status").asText(body.path("error").asText("error"));
            throw new ConnectorException(FailureCategory.AUTHENTICATION, redact.apply("HubSpot refused the OAuth "
                    + "refresh at POST " + TOKEN_PATH + " (" + s + " " + code + ": " + body.path("message")
                    .asText(body.path("error_description").asText("")) + "). Check refreshToken, clientId and "
                    + "clientSecret in the config."));
        }
        String token = body.path("access_token").asText("");
        if (s != 200 || token.isBlank()) {
            throw new ConnectorException(FailureCategory.REMOTE_ERROR, redact.apply("HubSpot OAuth token endpoint "
                    + "POST " + TOKEN_PATH + " answered " + s + " without an access token"));
        }
        secrets.add(token); // before anything could quote it
        long expiresIn = body.path("expires_in").asLong(1800);
        accessToken = token;
        expiresAtMs = clock.getAsLong() + expiresIn * 1000;
        refreshes++;
        LOG.debug("HubSpot OAuth: access token refreshed, expires in {} s", expiresIn);
    }

    private JsonNode parse(String text) {
        try {
            JsonNode n = text == null || text.isBlank() ? null : mapper.readTree(text);
            return n == null ? mapper.createObjectNode() : n;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }
}
