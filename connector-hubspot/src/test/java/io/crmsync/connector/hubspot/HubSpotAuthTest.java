package io.crmsync.connector.hubspot;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import io.crmsync.sandbox.MutableClock;
import io.crmsync.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** OAuth refresh-token auth, the legacy API key, and redaction of both, against the sandbox over HTTP (C-21). */
class HubSpotAuthTest {
    private static final String CLIENT_ID = "client-1";
    private static final String SECRET = "TEST-SECRET-xyz";
    private static final String REFRESH = "TEST-REFRESH-abcdef";
    private static final String API_KEY = "TEST-KEY-0123456789abcdef";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    private SandboxServer.Options options() {
        return SandboxServer.Options.defaults().withClock(clock)
                .withTokens(Set.of(SandboxServer.DEFAULT_TOKEN, API_KEY))
                .withOAuth(new SandboxServer.OAuthApp(CLIENT_ID, SECRET, REFRESH, 1800));
    }

    private static Connector open(Sandbox sandbox, Map<String, Object> auth) {
        Map<String, Object> values = new HashMap<>(auth);
        values.put("baseUrl", sandbox.baseUrl());
        return new HubSpotConnectorFactory().open(new AppSettings("hs", "hubspot", values, Set.of()));
    }

    private static Map<String, Object> oauth(String refresh, String secret) {
        return Map.of("refreshToken", refresh, "clientId", CLIENT_ID, "clientSecret", secret);
    }

    @Test
    void oauth_fetchesAccessToken_thenRefreshesOn401WhenItExpiredOnTheServerClock() {
        try (Sandbox sandbox = new Sandbox(dir, options());
             Connector c = open(sandbox, oauth(REFRESH, SECRET))) {
            c.check();
            c.check();
            HubSpotOAuth tokens = ((HubSpotConnector) c).http().oauth();
            assertThat(tokens.refreshes()).as("one token for both calls").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1801)); // expired for the server, not yet for the connector's clock
            c.check();
            assertThat(tokens.refreshes()).as("refreshed after the 401").isEqualTo(2);
        }
    }

    @Test
    void oauth_refreshesBeforeExpiresInRunsOutOnItsOwnClock_withoutWaitingFor401() {
        try (Sandbox sandbox = new Sandbox(dir, options())) {
            HubSpotSettings settings = HubSpotSettings.parse(new AppSettings("hs", "hubspot",
                    Map.of("baseUrl", sandbox.baseUrl(), "refreshToken", REFRESH, "clientId", CLIENT_ID,
                            "clientSecret", SECRET), Set.of()));
            AtomicLong now = new AtomicLong(1_000_000);
            Set<String> secrets = ConcurrentHashMap.newKeySet();
            HubSpotOAuth oauth = new HubSpotOAuth(settings, secrets, s -> AppSettings.redact(s, secrets),
                    new ObjectMapper(), HttpClient.newHttpClient(), now::get);
            String first = oauth.accessToken();
            assertThat(secrets).as("issued tokens become secrets").contains(first);
            now.addAndGet(1800_000 - HubSpotOAuth.MARGIN_MS - 1);
            assertThat(oauth.accessToken()).isEqualTo(first);
            now.addAndGet(1);
            assertThat(oauth.accessToken()).isNotEqualTo(first);
            assertThat(oauth.refreshes()).isEqualTo(2);
        }
    }

    @Test
    void oauth_badRefreshTokenOrClientSecret_authenticationFailureNamingTheEndpoint_noSecretsInMessage() {
        try (Sandbox sandbox = new Sandbox(dir, options())) {
            for (Map<String, Object> auth : List.of(oauth("TEST-REFRESH-wrong", SECRET), oauth(REFRESH, "TEST-SECRET-bad"))) {
                try (Connector c = open(sandbox, auth)) {
                    ConnectorException e = catchThrowableOfType(ConnectorException.class, c::check);
                    assertThat(e.category()).isEqualTo(FailureCategory.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("/oauth/v1/token").containsPattern("BAD_(REFRESH_TOKEN|CLIENT_SECRET)")
                            .doesNotContain("TEST-REFRESH", "TEST-SECRET");
                }
            }
        }
    }

    @Test
    void oauth_partialSettings_reportedWithoutQuotingValues() {
        List<ConfigProblem> problems = new HubSpotConnectorFactory().validate(new AppSettings("hs", "hubspot",
                Map.of("refreshToken", REFRESH), Set.of(REFRESH)));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).contains("clientId", "clientSecret").doesNotContain(REFRESH);
    }

    @Test
    void apiKey_sentAsHapikey_and403QuotingTheUrl_isPermissionWithPathButNoKey() {
        try (Sandbox sandbox = new Sandbox(dir, options()); Connector c = open(sandbox, Map.of("apiKey", API_KEY))) {
            c.check(); // accepted through ?hapikey=
            sandbox.faults("{\"rules\":[{\"path\":\"/crm/v3/properties/contacts\",\"status\":403}]}");
            ConnectorException e = catchThrowableOfType(ConnectorException.class, c::check);
            assertThat(e.category()).isEqualTo(FailureCategory.PERMISSION);
            assertThat(e.getMessage()).contains("/crm/v3/properties/contacts").doesNotContain(API_KEY)
                    .contains("hapikey=***");
        }
    }

    @Test
    void dailyLimit_retryAfterFromTheServerIsKept_noRetries() {
        try (Sandbox sandbox = new Sandbox(dir, options()); Connector c = open(sandbox, Map.of("apiKey", API_KEY))) {
            sandbox.faults("{\"rules\":[{\"path\":\"/crm/v3/properties/contacts\",\"status\":429,"
                    + "\"policyName\":\"DAILY\"}]}");
            long t0 = System.nanoTime();
            ConnectorException e = catchThrowableOfType(ConnectorException.class, c::check);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("no backoff on DAILY").isLessThan(2_000);
            assertThat(e.category()).isEqualTo(FailureCategory.RATE_LIMITED);
            assertThat(e.retryAfterMs()).isEqualTo(15 * 3600_000L); // 09:00 on the sandbox clock: 15 h to midnight
        }
    }
}
