package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The test-only {@code /_sandbox/...} admin routes: reset, seed, faults, clock. */
class AdminRoutesTest extends SandboxTestBase {

    @Test
    void adminRoutes_needTheToken() {
        assertThat(call("POST", "/_sandbox/reset", "{}", null).status()).isEqualTo(401);
        assertThat(call("POST", "/_sandbox/reset", "{}", "wrong").status()).isEqualTo(401);
    }

    @Test
    void seed_createsRecordsAndReturnsTheirIds() {
        Response r = post("/_sandbox/seed", "{\"contacts\":[{\"email\":\"a@x.com\",\"firstname\":\"A\"},"
                + "{\"email\":\"b@x.com\"}],\"companies\":[{\"name\":\"Acme\"}]}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("contacts")).hasSize(2);
        assertThat(r.json().at("/companies/0").asText()).isEqualTo("1");
        assertThat(get("/crm/v3/objects/contacts/" + r.json().at("/contacts/0").asText() + "?properties=firstname")
                .json().at("/properties/firstname").asText()).isEqualTo("A");
    }

    @Test
    void seed_withAnInvalidRecord_createsNothing() {
        Response r = post("/_sandbox/seed", "{\"contacts\":[{\"email\":\"a@x.com\"},{\"nope\":\"x\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void reset_deletesRecordsAndRestartsIds() {
        createContact("a@x.com");
        assertThat(post("/_sandbox/reset", "").status()).isEqualTo(204);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
        assertThat(createContact("a@x.com")).isEqualTo("1");
    }

    @Test
    void faults_rateLimitedAlways_gives429WithPolicyName_adminStillWorks() {
        Response set = post("/_sandbox/faults", "{\"rateLimited\":1.0}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("rateLimited").asDouble()).isEqualTo(1.0);
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(r.json().get("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(r.json().get("message").asText()).isEqualTo("You have reached your ten_secondly_rolling limit.");
        JsonAssert.correlationId(r.json());
        assertThat(post("/_sandbox/faults", "{}").status()).isEqualTo(200);
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void faults_serverErrorAndLocked_give500And423() {
        post("/_sandbox/faults", "{\"serverError\":1}");
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        post("/_sandbox/faults", "{\"locked\":1}");
        r = post("/crm/v3/objects/contacts/batch/create", "{\"inputs\":[]}");
        assertThat(r.status()).isEqualTo(423);
        assertThat(r.json().get("message").asText()).contains("2 seconds");
    }

    @Test
    void faults_migrating_gives477WithRetryAfterAndErrorShape() {
        Response set = post("/_sandbox/faults", "{\"migrating\":1.0,\"retryAfterSeconds\":3}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("migrating").asDouble()).isEqualTo(1.0);
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.status()).isEqualTo(477);
        assertThat(r.header("Retry-After")).isEqualTo("3");
        JsonAssert.error(r.json(), "MIGRATION_IN_PROGRESS");
        assertThat(post("/_sandbox/faults", "{\"migrating\":1.5}").status()).isEqualTo(400);
        assertThat(post("/_sandbox/faults", "{}").json().get("migrating").asDouble()).isZero();
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void faults_reset_clearsFaults() {
        post("/_sandbox/faults", "{\"serverError\":1}");
        post("/_sandbox/reset", "");
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    }

    @Test
    void faults_seededHalfRate_failsSomeButNotAll() {
        post("/_sandbox/faults", "{\"serverError\":0.5,\"seed\":7}");
        int failures = 0;
        for (int i = 0; i < 40; i++) {
            failures += get("/crm/v3/objects/contacts").status() == 500 ? 1 : 0;
        }
        assertThat(failures).isBetween(5, 35);
    }

    @Test
    void faults_slowResponse_delaysTheCall() {
        post("/_sandbox/faults", "{\"slowRate\":1,\"slowMillis\":300}");
        long start = System.nanoTime();
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void faults_rateOutOfRange_returns400() {
        assertThat(post("/_sandbox/faults", "{\"rateLimited\":1.5}").status()).isEqualTo(400);
    }

    @Test
    void clock_advance_movesTimestampsOfLaterWrites() {
        Response r = post("/_sandbox/clock", "{\"advanceMillis\":86400000}");
        assertThat(r.status()).isEqualTo(200);
        Instant expected = T0.plusMillis(86_400_000);
        assertThat(r.json().get("now").asText()).isEqualTo(RecordJson.iso(expected));
        assertThat(get("/_sandbox/clock").json().get("now").asText()).isEqualTo(RecordJson.iso(expected));
        Response created = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"t@x.com\"}}");
        assertThat(created.json().get("createdAt").asText()).isEqualTo(RecordJson.iso(expected));
    }

    @Test
    void clock_advanceOneDay_resetsTheDailyQuota() {
        server.stop();
        server = SandboxServer.start(0, dataDir, options().withRateLimiter(
                c -> new RollingWindowRateLimiter(c, 100, 10_000, 2)));
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        Response refused = get("/crm/v3/objects/contacts");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("policyName").asText()).isEqualTo("DAILY");
        assertThat(post("/_sandbox/clock", "{\"advanceMillis\":86400000}").status()).isEqualTo(200);
        Response again = get("/crm/v3/objects/contacts");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("1");
    }

    @Test
    void clock_withoutAdvanceMillis_returns400() {
        assertThat(post("/_sandbox/clock", "{}").status()).isEqualTo(400);
    }

    @Test
    void faults_injected429_carriesRetryAfterSeconds_defaultOneOrConfigured() {
        post("/_sandbox/faults", "{\"rateLimited\":1}");
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(r.header("Retry-After")).isEqualTo("1");

        Response settings = post("/_sandbox/faults", "{\"rateLimited\":1,\"retryAfterSeconds\":5}");
        assertThat(settings.json().get("retryAfterSeconds").asLong()).isEqualTo(5);
        assertThat(get("/crm/v3/objects/contacts").header("Retry-After")).isEqualTo("5");

        post("/_sandbox/faults", "{\"serverError\":1}");
        assertThat(get("/crm/v3/objects/contacts").header("Retry-After")).as("only 429s").isNull();
    }
}
