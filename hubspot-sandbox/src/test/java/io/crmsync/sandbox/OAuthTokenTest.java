package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code POST /oauth/v1/token} (refresh-token grant) and the access tokens it issues (hubspot.md §B.1). */
class OAuthTokenTest extends SandboxTestBase {
    static final SandboxServer.OAuthApp APP = new SandboxServer.OAuthApp("client-1", "TEST-SECRET-xyz",
            "TEST-REFRESH-abcdef", 1800);

    @Override
    SandboxServer.Options options() {
        return super.options().withOAuth(APP);
    }

    @Test
    void refreshGrant_issuesAccessTokenThatWorksUntilItExpiresOnTheSandboxClock() throws Exception {
        HttpResponse<String> r = token(form("refresh_token", "client-1", "TEST-SECRET-xyz", "TEST-REFRESH-abcdef"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var body = MAPPER.readTree(r.body());
        assertThat(body.path("token_type").asText()).isEqualTo("bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(1800);
        String access = body.path("access_token").asText();
        assertThat(access).isNotBlank().isNotEqualTo("TEST-REFRESH-abcdef");

        assertThat(call("GET", "/crm/v3/objects/contacts?limit=1", null, access).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1801));
        Response expired = call("GET", "/crm/v3/objects/contacts?limit=1", null, access);
        assertThat(expired.status()).isEqualTo(401);
    }

    @Test
    void badRefreshTokenOrClientSecret_400InHubSpotOAuthErrorShape_withoutQuotingTheValues() throws Exception {
        HttpResponse<String> badRefresh = token(form("refresh_token", "client-1", "TEST-SECRET-xyz", "nope-refresh"));
        assertThat(badRefresh.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(badRefresh.body()).path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(badRefresh.body()).doesNotContain("nope-refresh").contains("correlationId", "message");

        HttpResponse<String> badSecret = token(form("refresh_token", "client-1", "wrong-secret", "TEST-REFRESH-abcdef"));
        assertThat(badSecret.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(badSecret.body()).path("status").asText()).isEqualTo("BAD_CLIENT_SECRET");
        assertThat(badSecret.body()).doesNotContain("wrong-secret");

        HttpResponse<String> badGrant = token(form("authorization_code", "client-1", "TEST-SECRET-xyz", "x"));
        assertThat(badGrant.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(badGrant.body()).path("status").asText()).isEqualTo("BAD_GRANT_TYPE");
    }

    @Test
    void legacyHapikeyQueryParameter_isAcceptedLikeAStaticToken() {
        Response r = call("GET", "/crm/v3/objects/contacts?limit=1&hapikey=" + SandboxServer.DEFAULT_TOKEN, null,
                null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(call("GET", "/crm/v3/objects/contacts?limit=1&hapikey=wrong", null, null).status()).isEqualTo(401);
    }

    private static String form(String grant, String clientId, String secret, String refresh) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", grant);
        f.put("client_id", clientId);
        f.put("client_secret", secret);
        f.put("refresh_token", refresh);
        return f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private HttpResponse<String> token(String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/oauth/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
