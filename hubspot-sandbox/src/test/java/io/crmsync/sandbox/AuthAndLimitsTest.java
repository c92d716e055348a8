package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthAndLimitsTest extends SandboxTestBase {

    @Override
    SandboxServer.Options options() {
        return super.options().withTokens(Set.of("tok-a", SandboxServer.DEFAULT_TOKEN))
                .withRateLimiter(c -> new RollingWindowRateLimiter(c, 3, 10_000, 1_000));
    }

    @Test
    void request_withoutToken_returns401InvalidAuthentication() {
        Response r = call("GET", "/crm/v3/objects/contacts", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        assertThat(r.json().get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        JsonAssert.correlationId(r.json());
    }

    @Test
    void request_withUnknownToken_returns401() {
        assertThat(call("GET", "/crm/v3/objects/contacts", null, "nope").status()).isEqualTo(401);
    }

    @Test
    void request_withAnyConfiguredToken_succeeds() {
        assertThat(call("GET", "/crm/v3/objects/contacts", null, "tok-a").status()).isEqualTo(200);
    }

    @Test
    void response_carriesRateLimitHeaders() {
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.header("X-HubSpot-RateLimit-Max")).isEqualTo("3");
        assertThat(r.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("2");
        assertThat(r.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(r.header("X-HubSpot-RateLimit-Daily")).isEqualTo("1000");
        assertThat(r.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("999");
    }

    @Test
    void request_overTenSecondWindow_returns429WithPolicyName_thenRecoversAfterWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        }
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(r.json().get("message").asText()).isEqualTo("You have reached your ten_secondly_rolling limit.");
        assertThat(r.json().get("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(r.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
        clock.advance(Duration.ofSeconds(10));
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void rollingWindow429_carriesRetryAfterInSecondsUntilASlotFrees() {
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        clock.advance(Duration.ofMillis(2_500));
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        Response allowed = get("/crm/v3/objects/contacts");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Retry-After")).as("allowed: no Retry-After").isNull();
        clock.advance(Duration.ofMillis(1_000));

        Response r = get("/crm/v3/objects/contacts");

        assertThat(r.status()).isEqualTo(429);
        // The first request leaves the 10 s window 6.5 s from now.
        assertThat(r.header("Retry-After")).isEqualTo("7");
        clock.advance(Duration.ofMillis(6_400));
        assertThat(get("/crm/v3/objects/contacts").header("Retry-After")).as("rounded up").isEqualTo("1");
        clock.advance(Duration.ofMillis(100));
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void daily429_carriesRetryAfterUntilMidnightUtc() {
        server.stop();
        server = SandboxServer.start(0, dataDir, super.options()
                .withRateLimiter(c -> new RollingWindowRateLimiter(c, 100, 10_000, 2)));
        get("/crm/v3/objects/contacts");
        get("/crm/v3/objects/contacts");

        Response r = get("/crm/v3/objects/contacts");

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("policyName").asText()).isEqualTo("DAILY");
        // T0 is 2026-01-15T10:00:00.123Z: 13h 59m 59.877s to midnight, rounded up.
        assertThat(r.header("Retry-After")).isEqualTo(Long.toString(14 * 3600));
    }
}
