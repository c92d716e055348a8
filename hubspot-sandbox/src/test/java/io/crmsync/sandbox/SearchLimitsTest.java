package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Search limits of hubspot.md §B.5 and §B.9 over raw HTTP: the 3,000-character query cap, the integer offset
 * {@code after}, and the search rate limit of 5 requests per second per account, answered with a 429
 * {@code SECONDLY} body and without X-HubSpot-RateLimit headers (search has its own limit, apart from the 10-second
 * window).
 */
class SearchLimitsTest extends SandboxTestBase {
    static final String SEARCH = "/crm/v3/objects/contacts/search";

    @Override
    SandboxServer.Options options() {
        return super.options().withSearchPerSecond(SandboxServer.Options.DEFAULT_SEARCH_PER_SECOND);
    }

    @Test
    void query_over3000Characters_returns400_3000IsAccepted() {
        createContact("ada@example.com");
        Response over = post(SEARCH, "{\"query\":\"" + "a".repeat(3_001) + "\"}");
        assertThat(over.status()).isEqualTo(400);
        JsonAssert.error(over.json(), "VALIDATION_ERROR");
        assertThat(over.json().get("message").asText()).contains("3000");
        clock.advance(Duration.ofSeconds(1));
        Response max = post(SEARCH, "{\"query\":\"" + "a".repeat(3_000) + "\"}");
        assertThat(max.status()).isEqualTo(200);
        assertThat(max.json().get("total").asInt()).isZero();
    }

    @Test
    void after_isAnIntegerOffsetString_otherValuesReturn400() {
        for (int i = 0; i < 3; i++) {
            createContact("p" + i + "@example.com");
        }
        Response first = post(SEARCH, "{\"limit\":2}");
        assertThat(first.json().at("/paging/next/after").isTextual()).isTrue();
        assertThat(first.json().at("/paging/next/after").asText()).isEqualTo("2");
        assertThat(first.json().get("total").asInt()).isEqualTo(3);
        Response second = post(SEARCH, "{\"limit\":2,\"after\":\"2\"}");
        assertThat(second.json().get("results")).hasSize(1);
        assertThat(second.json().get("total").asInt()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        for (String bad : new String[] {"\"abc\"", "\"-1\"", "\"1.5\""}) {
            Response r = post(SEARCH, "{\"after\":" + bad + "}");
            assertThat(r.status()).as("after " + bad).isEqualTo(400);
            JsonAssert.error(r.json(), "VALIDATION_ERROR");
        }
    }

    @Test
    void sixthSearchInOneSecond_returns429Secondly_withoutRateLimitHeaders_otherCallsUnaffected() {
        for (int i = 0; i < 5; i++) {
            Response ok = post(SEARCH, "{}");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-HubSpot-RateLimit-Max")).as("search answers carry no rate headers").isNull();
            assertThat(ok.header("X-HubSpot-RateLimit-Remaining")).isNull();
        }
        Response refused = post(SEARCH, "{}");
        assertThat(refused.status()).isEqualTo(429);
        JsonAssert.error(refused.json(), "RATE_LIMITS");
        assertThat(refused.json().get("message").asText()).isEqualTo("You have reached your secondly limit.");
        assertThat(refused.json().get("policyName").asText()).isEqualTo("SECONDLY");
        assertThat(refused.json().get("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("X-HubSpot-RateLimit-Max")).isNull();
        // The search limit is the search API's own: other calls go through, with their headers.
        Response list = get("/crm/v3/objects/contacts");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("X-HubSpot-RateLimit-Max")).isNotNull();
        // Versioned and objectTypeId search paths share the account's search budget.
        assertThat(post("/crm/objects/2026-03/0-2/search", "{}").status()).isEqualTo(429);
        clock.advance(Duration.ofMillis(999));
        assertThat(post(SEARCH, "{}").status()).isEqualTo(429);
        clock.advance(Duration.ofMillis(1));
        assertThat(post(SEARCH, "{}").status()).isEqualTo(200);
    }
}
