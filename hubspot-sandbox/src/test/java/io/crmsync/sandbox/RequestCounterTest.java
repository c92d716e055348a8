package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request and 429 counters, the in-process seed, and the Date header taken from the sandbox clock. */
class RequestCounterTest extends SandboxTestBase {

    @Override
    SandboxServer.Options options() {
        return super.options().withRateLimiter(c -> new RollingWindowRateLimiter(c, 2, 10_000, 1_000));
    }

    @Test
    void counters_countApiRequestsAnd429s_notAdminCalls_andReset() {
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat(call("GET", "/crm/v3/objects/contacts", null, null).status()).isEqualTo(401);
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(429);
        assertThat(post("/_sandbox/seed", "{\"contacts\":[{\"email\":\"a@example.com\"}]}").status()).isEqualTo(201);
        assertThat(server.requestCount()).isEqualTo(4);
        assertThat(server.throttledCount()).isEqualTo(1);

        server.resetCounters();
        assertThat(server.requestCount()).isZero();
        assertThat(server.throttledCount()).isZero();
    }

    @Test
    void seed_inProcess_createsRecords_withoutCountingRequests() {
        List<String> ids = server.seed("contacts", List.of(Map.of("email", "x@example.com", "firstname", "X"),
                Map.of("email", "y@example.com")));
        assertThat(ids).hasSize(2);
        assertThat(server.requestCount()).isZero();
        Response r = get("/crm/v3/objects/contacts/" + ids.get(0) + "?properties=firstname");
        assertThat(r.json().path("properties").path("firstname").asText()).isEqualTo("X");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void dateHeader_comesFromTheSandboxClock() {
        // T0 is 2026-01-15T10:00:00.123Z; HTTP dates have whole seconds.
        Response r = get("/crm/v3/objects/contacts");
        assertThat(r.raw().headers().allValues("Date")).containsExactly("Thu, 15 Jan 2026 10:00:00 GMT");
    }
}
