package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With an indexing delay, writes reach search only after the delay (hubspot.md §B.5 eventual consistency). */
class SearchIndexDelayTest extends SandboxTestBase {
    @Override
    SandboxServer.Options options() {
        return super.options().withSearchIndexDelay(2_000);
    }

    @Test
    void newContact_isSearchableOnlyAfterTheIndexingDelay() {
        createContact("late@example.com");
        assertThat(get("/crm/v3/objects/contacts/1").status()).isEqualTo(200);
        Response r = post("/crm/v3/objects/contacts/search", "{}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asInt()).isZero();
        clock.advance(Duration.ofMillis(1_999));
        assertThat(post("/crm/v3/objects/contacts/search", "{}").json().get("total").asInt()).isZero();
        clock.advance(Duration.ofMillis(1));
        r = post("/crm/v3/objects/contacts/search", "{}");
        assertThat(r.json().get("total").asInt()).isEqualTo(1);
        assertThat(r.json().at("/results/0/id").asText()).isEqualTo("1");
    }
}
