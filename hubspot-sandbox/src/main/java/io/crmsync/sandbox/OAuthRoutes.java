package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HubSpot's OAuth token endpoint for the refresh-token grant (hubspot.md §B.1): {@code POST /oauth/v1/token},
 * form-encoded {@code grant_type=refresh_token&client_id&client_secret&refresh_token} → 200
 * {@code {"token_type":"bearer","refresh_token","access_token","expires_in":seconds}}. Issued access tokens are
 * accepted as bearer tokens until they expire on the sandbox clock (so {@code POST /_sandbox/clock} expires them).
 *
 * <p><b>Errors</b> (400, HubSpot's OAuth error shape {@code {"status":CODE,"message","correlationId"}}):
 * {@code BAD_GRANT_TYPE}, {@code BAD_CLIENT_ID}, {@code BAD_CLIENT_SECRET} (code name unverified against HubSpot),
 * {@code BAD_REFRESH_TOKEN}. Messages never quote the submitted values. No bearer token is needed for this route.
 * Thread-safe (concurrent map).
 */
final class OAuthRoutes {
    static final String PATH = "/oauth/v1/token";

    private final SandboxServer.OAuthApp app;
    private final SandboxClock clock;
    private final Http http;
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();

    OAuthRoutes(SandboxServer.OAuthApp app, SandboxClock clock, Http http) {
        this.app = app;
        this.clock = clock;
        this.http = http;
    }

    void register(Javalin javalin) {
        javalin.post(PATH, this::token);
    }

    /** Whether {@code token} is an access token this endpoint issued and that has not expired yet. */
    boolean accepts(String token) {
        Instant until = token == null ? null : issued.get(token);
        return until != null && clock.now().isBefore(until);
    }

    /** How many access tokens were issued (refreshes), for tests. */
    int issuedCount() {
        return issued.size();
    }

    private void token(Context ctx) {
        if (!"refresh_token".equals(ctx.formParam("grant_type"))) {
            error(ctx, "BAD_GRANT_TYPE", "grant_type must be refresh_token (authorization_code is not emulated)");
            return;
        }
        if (app == null || !app.clientId().equals(ctx.formParam("client_id"))) {
            error(ctx, "BAD_CLIENT_ID", "missing or unknown client_id");
            return;
        }
        if (!app.clientSecret().equals(ctx.formParam("client_secret"))) {
            error(ctx, "BAD_CLIENT_SECRET", "missing or wrong client_secret for this client_id");
            return;
        }
        if (!app.refreshToken().equals(ctx.formParam("refresh_token"))) {
            error(ctx, "BAD_REFRESH_TOKEN", "missing or unknown refresh token");
            return;
        }
        String access = "sandbox-at-" + UUID.randomUUID();
        issued.put(access, clock.now().plusSeconds(app.lifetimeSeconds()));
        ObjectNode body = http.mapper().createObjectNode();
        body.put("token_type", "bearer");
        body.put("refresh_token", app.refreshToken());
        body.put("access_token", access);
        body.put("expires_in", app.lifetimeSeconds());
        http.json(ctx, 200, body);
    }

    private void error(Context ctx, String code, String message) {
        ObjectNode body = http.mapper().createObjectNode();
        body.put("status", code);
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        http.json(ctx, 400, body);
    }
}
