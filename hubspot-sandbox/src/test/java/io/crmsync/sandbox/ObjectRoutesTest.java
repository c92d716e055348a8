package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectRoutesTest extends SandboxTestBase {

    @Test
    void create_contact_returns201WithStringPropertiesAndIsoTimestamps() {
        Response r = post("/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\",\"hs_email_optout\":true}}");
        assertThat(r.status()).isEqualTo(201);
        JsonAssert.record(r.json());
        assertThat(r.json().get("id").asText()).matches("\\d+");
        assertThat(r.json().at("/properties/email").asText()).isEqualTo("ada@example.com");
        assertThat(r.json().at("/properties/hs_email_optout").isTextual()).isTrue();
        assertThat(r.json().at("/properties/hs_object_id").asText()).isEqualTo(r.json().get("id").asText());
        assertThat(r.json().get("createdAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(r.json().at("/properties/lastmodifieddate").asText()).isEqualTo(r.json().get("updatedAt").asText());
        assertThat(r.json().get("archived").asBoolean()).isFalse();
    }

    @Test
    void create_duplicateEmailOtherCase_returns409WithExistingId() {
        String id = createContact("ada@example.com");
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"ADA@Example.com\"}}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        assertThat(r.json().get("category").asText()).isEqualTo("CONFLICT");
        assertThat(r.json().get("message").asText()).isEqualTo("Contact already exists. Existing ID: " + id);
        JsonAssert.correlationId(r.json());
    }

    @Test
    void create_unknownProperty_returns400PropertyDoesntExist() {
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"favourite_colour\":\"red\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("message").asText()).startsWith("Property values were not valid: [")
                .contains("\"error\":\"PROPERTY_DOESNT_EXIST\"").contains("\"name\":\"favourite_colour\"");
        assertThat(r.json().at("/errors/0/code").asText()).isEqualTo("PROPERTY_DOESNT_EXIST");
        JsonAssert.correlationId(r.json());
    }

    @Test
    void update_readOnlyProperty_returns400AndLeavesRecord() {
        String id = createContact("ada@example.com");
        Response r = call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"createdate\":\"1\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("READ_ONLY_VALUE").contains("createdate");
    }

    @Test
    void create_invalidEnumerationOption_returns400InvalidOption() {
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"lifecyclestage\":\"Lead\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("INVALID_OPTION");
    }

    @Test
    void update_emptyString_clearsValueAndBumpsUpdatedAt() {
        Response created = post("/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\"}}");
        String id = created.json().get("id").asText();
        clock.advance(Duration.ofMinutes(5));
        Response r = call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"firstname\":\"\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("updatedAt").asText()).isEqualTo("2026-01-15T10:05:00.123Z");
        Response read = get("/crm/v3/objects/contacts/" + id);
        assertThat(read.json().at("/properties/firstname").isNull()).isTrue();
        assertThat(read.json().at("/properties/lastmodifieddate").asText()).isEqualTo("2026-01-15T10:05:00.123Z");
        assertThat(read.json().get("createdAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
    }

    @Test
    void update_byEmailIdProperty_updatesThatContact() {
        String id = createContact("ada@example.com");
        Response r = call("PATCH", "/crm/v3/objects/contacts/ADA@example.com?idProperty=email",
                "{\"properties\":{\"lastname\":\"Lovelace\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
        assertThat(r.json().at("/properties/lastname").asText()).isEqualTo("Lovelace");
    }

    @Test
    void get_byEmailIdProperty_returnsContact() {
        String id = createContact("ada@example.com");
        Response r = get("/crm/v3/objects/contacts/ada%40example.com?idProperty=email");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void get_withPropertiesParam_returnsOnlyRequestedKnownProperties() {
        String id = createContact("ada@example.com");
        Response r = get("/crm/v3/objects/contacts/" + id + "?properties=email,city,no_such_prop");
        List<String> names = new ArrayList<>();
        r.json().get("properties").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("email", "city");
        assertThat(r.json().at("/properties/city").isNull()).isTrue();
    }

    @Test
    void get_withoutPropertiesParam_returnsDefaultProperties() {
        Response created = post("/crm/v3/objects/companies",
                "{\"properties\":{\"name\":\"Acme\",\"domain\":\"acme.com\",\"city\":\"Paris\"}}");
        Response r = get("/crm/v3/objects/0-2/" + created.json().get("id").asText());
        List<String> names = new ArrayList<>();
        r.json().get("properties").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("createdate", "domain", "hs_lastmodifieddate", "hs_object_id",
                "name");
    }

    @Test
    void get_unknownId_returns404ObjectNotFound() {
        Response r = get("/crm/v3/objects/deals/999");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        JsonAssert.correlationId(r.json());
    }

    @Test
    void get_unknownObjectType_returns400() {
        Response r = get("/crm/v3/objects/widgets");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void archive_returns204_thenHiddenFromGetAndListUnlessArchivedTrue() {
        String keep = createContact("keep@example.com");
        String gone = createContact("gone@example.com");
        clock.advance(Duration.ofSeconds(30));
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + gone, null).status()).isEqualTo(204);
        assertThat(get("/crm/v3/objects/contacts/" + gone).status()).isEqualTo(404);
        Response live = get("/crm/v3/objects/contacts");
        assertThat(live.json().get("results")).extracting(n -> n.get("id").asText()).containsExactly(keep);
        Response archived = get("/crm/v3/objects/contacts?archived=true");
        assertThat(archived.json().get("results")).extracting(n -> n.get("id").asText()).containsExactly(gone);
        assertThat(archived.json().at("/results/0/archived").asBoolean()).isTrue();
        assertThat(archived.json().at("/results/0/archivedAt").asText()).isEqualTo("2026-01-15T10:00:30.123Z");
        assertThat(get("/crm/v3/objects/contacts/" + gone + "?archived=true").status()).isEqualTo(200);
    }

    @Test
    void create_emailOfArchivedContact_isAllowed() {
        String old = createContact("ada@example.com");
        call("DELETE", "/crm/v3/objects/contacts/" + old, null);
        assertThat(createContact("ada@example.com")).isNotEqualTo(old);
    }

    @Test
    void list_pagesWithAfterUntilNoPagingNext() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(createContact("c" + i + "@example.com"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Response r = get("/crm/v3/objects/contacts" + (after == null ? "" : "?after=" + after));
            assertThat(r.status()).isEqualTo(200);
            r.json().get("results").forEach(n -> seen.add(n.get("id").asText()));
            after = r.json().has("paging") ? r.json().at("/paging/next/after").asText() : null;
            if (after != null) {
                assertThat(r.json().at("/paging/next/link").asText()).contains("after=" + after);
            }
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void list_limitOver100_returns400() {
        assertThat(get("/crm/v3/objects/contacts?limit=101").status()).isEqualTo(400);
        assertThat(get("/crm/v3/objects/contacts?limit=100").status()).isEqualTo(200);
    }

    @Test
    void objectTypeId_andVersionedPath_addressSameRecords() {
        String id = createContact("ada@example.com");
        assertThat(get("/crm/v3/objects/0-1/" + id).status()).isEqualTo(200);
        assertThat(get("/crm/objects/2026-03/contacts/" + id).json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void idsAreNumericAndAllocatedPerType() {
        String contact = createContact("ada@example.com");
        Response note = post("/crm/v3/objects/notes",
                "{\"properties\":{\"hs_timestamp\":\"2026-01-15T10:00:00Z\",\"hs_note_body\":\"hi\"}}");
        assertThat(note.status()).isEqualTo(201);
        assertThat(note.json().get("id").asText()).isEqualTo(contact);
        assertThat(note.json().at("/properties/hs_createdate").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
    }
}
