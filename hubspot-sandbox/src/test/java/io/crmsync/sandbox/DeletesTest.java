package io.crmsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Archive, restore from the recycle bin and GDPR delete (hubspot.md §B.4, §B.11) over raw HTTP; the webhooks they
 * fire are covered by {@link WebhookTest#gdprDeleteAndRestore_fireTheirEvents}.
 */
class DeletesTest extends SandboxTestBase {

    @Test
    void archivedList_carriesArchivedAtOfEachRecord() {
        String id = createContact("arch@example.com");
        Instant before = clock.now();
        assertEquals(204, call("DELETE", "/crm/v3/objects/contacts/" + id, null).status());
        JsonNode results = get("/crm/v3/objects/contacts?archived=true&limit=100").json().get("results");
        assertEquals(1, results.size());
        assertEquals(id, results.get(0).get("id").asText());
        assertTrue(results.get(0).get("archived").asBoolean());
        assertFalse(Instant.parse(results.get(0).get("archivedAt").asText()).isBefore(before));
    }

    @Test
    void gdprDelete_byId_removesTheRecordForGood_evenFromTheRecycleBin() {
        String id = createContact("gone@example.com");
        assertEquals(204, post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + id + "\"}").status());
        assertEquals(404, get("/crm/v3/objects/contacts/" + id).status());
        assertEquals(404, get("/crm/v3/objects/contacts/" + id + "?archived=true").status());
        assertEquals(0, get("/crm/v3/objects/contacts?archived=true").json().get("results").size());
        assertEquals(404, post("/_sandbox/objects/contacts/" + id + "/restore", "{}").status());
        assertEquals(404, post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + id + "\"}").status());
    }

    @Test
    void gdprDelete_byEmail_andArchivedRecordById() {
        String live = createContact("byemail@example.com");
        String archived = createContact("archived@example.com");
        assertEquals(204, call("DELETE", "/crm/v3/objects/contacts/" + archived, null).status());
        assertEquals(204, post("/crm/v3/objects/contacts/gdpr-delete",
                "{\"objectId\":\"ByEmail@example.com\",\"idProperty\":\"email\"}").status());
        assertEquals(404, get("/crm/v3/objects/contacts/" + live).status());
        assertEquals(204, post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + archived + "\"}")
                .status());
        assertEquals(404, get("/crm/v3/objects/contacts/" + archived + "?archived=true").status());
    }

    @Test
    void gdprDelete_onCompanies_orWithoutObjectId_is400() {
        assertEquals(400, post("/crm/v3/objects/companies/gdpr-delete", "{\"objectId\":\"1\"}").status());
        assertEquals(400, post("/crm/v3/objects/contacts/gdpr-delete", "{}").status());
    }

    @Test
    void restore_bringsBackTheOldIdAndValues_andMovesLastModified() {
        String id = createContact("back@example.com");
        assertEquals(204, call("DELETE", "/crm/v3/objects/contacts/" + id, null).status());
        clock.advance(java.time.Duration.ofSeconds(5));
        Response restored = post("/_sandbox/objects/contacts/" + id + "/restore", "{}");
        assertEquals(200, restored.status(), restored.raw().body());
        JsonNode r = get("/crm/v3/objects/contacts/" + id + "?properties=email,lastmodifieddate").json();
        assertEquals("back@example.com", r.get("properties").get("email").asText());
        assertFalse(r.get("archived").asBoolean());
        assertEquals(clock.now(), Instant.parse(r.get("updatedAt").asText()));
        assertEquals(404, post("/_sandbox/objects/contacts/" + id + "/restore", "{}").status(),
                "a live record cannot be restored");
    }

    @Test
    void restore_whenALiveContactTookTheEmail_is409() {
        String id = createContact("taken@example.com");
        assertEquals(204, call("DELETE", "/crm/v3/objects/contacts/" + id, null).status());
        createContact("taken@example.com");
        assertEquals(409, post("/_sandbox/objects/contacts/" + id + "/restore", "{}").status());
    }
}
