package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Archived records stay readable with archived=true for 90 days, then are purged (hubspot.md §B.4). */
class ArchivedAgeTest extends SandboxTestBase {
    private static final long DAY = 86_400_000L;

    @Test
    void archivedContact_readableFor90Days_thenGone() {
        String id = createContact("old@example.com");
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + id, null).status()).isEqualTo(204);
        post("/_sandbox/clock", "{\"advanceMillis\":" + (89 * DAY) + "}");
        Response stillThere = get("/crm/v3/objects/contacts/" + id + "?archived=true");
        assertThat(stillThere.status()).isEqualTo(200);
        assertThat(stillThere.json().get("archived").asBoolean()).isTrue();
        post("/_sandbox/clock", "{\"advanceMillis\":" + (DAY + 1) + "}");
        assertThat(get("/crm/v3/objects/contacts/" + id + "?archived=true").status()).isEqualTo(404);
        assertThat(get("/crm/v3/objects/contacts?archived=true").json().get("results")).isEmpty();
    }

    @Test
    void liveContacts_areNeverPurged() {
        String id = createContact("live@example.com");
        post("/_sandbox/clock", "{\"advanceMillis\":" + (365 * DAY) + "}");
        assertThat(get("/crm/v3/objects/contacts/" + id).status()).isEqualTo(200);
    }
}
