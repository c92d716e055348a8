package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Targeted faults ({@link FaultRules}) and the request log of {@code /_sandbox}. */
class FaultRulesTest extends SandboxTestBase {
    private static final String UPDATE = "/crm/v3/objects/contacts/batch/update";

    @Test
    void firstThreeBatchUpdates_429TenSecondlyWithRetryAfter1_thenNormal_andLogged() {
        String id = createContact("a@example.com");
        assertThat(post("/_sandbox/faults", "{\"rules\":[{\"method\":\"POST\",\"path\":\"/batch/update\","
                + "\"status\":429,\"policyName\":\"TEN_SECONDLY_ROLLING\",\"retryAfterSeconds\":1,\"times\":3}]}")
                .status()).isEqualTo(200);
        String body = "{\"inputs\":[{\"id\":\"" + id + "\",\"properties\":{\"firstname\":\"A\"}}]}";
        for (int i = 0; i < 3; i++) {
            Response r = post(UPDATE, body);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.json().path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
            assertThat(r.header("Retry-After")).isEqualTo("1");
        }
        assertThat(get("/crm/v3/objects/contacts/" + id).status()).as("other paths unaffected").isEqualTo(200);
        assertThat(post(UPDATE, body).status()).isEqualTo(200);

        JsonNode log = get("/_sandbox/requests").json().path("results");
        assertThat(log).hasSize(6); // the create, 3 refused, the read, 1 accepted
        assertThat(log.get(1).path("injected").asInt()).isEqualTo(429);
        assertThat(log.get(1).path("path").asText()).isEqualTo(UPDATE);
        assertThat(log.get(5).path("injected").asInt()).isZero();
        assertThat(log.get(1).path("at").asLong()).isPositive();
    }

    @Test
    void dailyRule_lastsUntilMidnightUtcOnTheSandboxClock_retryAfterIsTimeLeft() {
        post("/_sandbox/faults", "{\"rules\":[{\"path\":\"/batch/\",\"status\":429,\"policyName\":\"DAILY\"}]}");
        Response r = post("/crm/v3/objects/contacts/batch/read", "{\"inputs\":[]}");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.json().path("policyName").asText()).isEqualTo("DAILY");
        // T0 is 10:00:00.123 UTC: 14 h less 0.123 s to midnight, rounded up.
        assertThat(Long.parseLong(r.header("Retry-After"))).isEqualTo(14 * 3600);
        clock.advance(Duration.ofHours(14));
        assertThat(post("/crm/v3/objects/contacts/batch/read", "{\"inputs\":[]}").status()).isEqualTo(200);
    }

    @Test
    void forbiddenRule_403MissingScopes_quotesTheRequestUrlWithItsQuery() {
        post("/_sandbox/faults", "{\"rules\":[{\"path\":\"/crm/v3/objects/contacts\",\"status\":403}]}");
        Response r = get("/crm/v3/objects/contacts?limit=1&hapikey=k");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("category").asText()).isEqualTo("MISSING_SCOPES");
        assertThat(r.json().path("message").asText()).contains("GET /crm/v3/objects/contacts?limit=1&hapikey=k");
        assertThat(post("/_sandbox/reset", null).status()).isEqualTo(204);
        assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(200);
    }
}
