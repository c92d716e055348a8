package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * hubspot.md §B.14 items 1 to 3 over raw HTTP, for every object type the checklist names: the routes at
 * {@code /crm/v3/objects/{t}} and {@code /crm/objects/{version}/{t}}, {@code {t}} as a name or a {@code 0-x} id;
 * calculated properties kept by the sandbox and refused (400 READ_ONLY_VALUE) on every write path; list paging
 * with the default limit of 10.
 */
class ObjectTypePathsTest extends SandboxTestBase {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', value = {
        "contacts|0-1|email|ada@example.com|lastmodifieddate|createdate",
        "companies|0-2|name|Acme|hs_lastmodifieddate|createdate",
        "deals|0-3|dealname|Big deal|hs_lastmodifieddate|createdate",
        "tickets|0-5|subject|Printer on fire|hs_lastmodifieddate|createdate",
        "products|0-7|name|Widget|hs_lastmodifieddate|createdate",
        "line_items|0-8|name|Widget x2|hs_lastmodifieddate|createdate",
        "invoices|0-53|hs_currency|EUR|hs_lastmodifieddate|createdate",
        "calls|0-48|hs_call_title|Intro call|hs_lastmodifieddate|hs_createdate",
        "emails|0-49|hs_email_subject|Hello|hs_lastmodifieddate|hs_createdate",
        "notes|0-46|hs_note_body|A note|hs_lastmodifieddate|hs_createdate",
        "tasks|0-27|hs_task_subject|Call back|hs_lastmodifieddate|hs_createdate",
        "meetings|0-47|hs_meeting_title|Kick-off|hs_lastmodifieddate|hs_createdate"})
    void everyObjectType_isServedAtV3AndVersionedPaths_byNameAndTypeId(String name, String typeId, String property,
                                                                      String value, String modified, String created) {
        String props = "{\"properties\":{\"" + property + "\":\"" + value + "\"}}";
        Response made = post("/crm/v3/objects/" + typeId, props);
        assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
        JsonAssert.record(made.json());
        String id = made.json().get("id").asText();
        assertThat(id).matches("\\d+");
        assertThat(made.json().at("/properties/hs_object_id").asText()).isEqualTo(id);
        assertThat(made.json().at("/properties/" + created).asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(made.json().at("/properties/" + modified).asText()).isEqualTo(made.json().get("updatedAt").asText());

        for (String path : new String[] {"/crm/v3/objects/" + name, "/crm/objects/2026-03/" + name,
            "/crm/objects/2026-09/" + typeId, "/crm/objects/2026-03/" + typeId.toUpperCase()}) {
            Response read = get(path + "/" + id + "?properties=" + property);
            assertThat(read.status()).as("GET " + path).isEqualTo(200);
            assertThat(read.json().at("/properties/" + property).asText()).isEqualTo(value);
            Response list = get(path + "?limit=100");
            assertThat(list.status()).as("list " + path).isEqualTo(200);
            assertThat(list.json().get("results")).extracting(n -> n.get("id").asText()).containsExactly(id);
        }
        clock.advance(Duration.ofSeconds(1));
        Response patched = call("PATCH", "/crm/objects/2026-03/" + typeId + "/" + id,
                "{\"properties\":{\"" + property + "\":\"x" + value + "\"}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("updatedAt").asText()).isEqualTo("2026-01-15T10:00:01.123Z");
        assertThat(post("/crm/objects/2026-09/" + name + "/batch/read", "{\"inputs\":[{\"id\":\"" + id
                + "\"}],\"properties\":[\"" + property + "\"]}").json().at("/results/0/properties/" + property)
                .asText()).isEqualTo("x" + value);
        Response search = post("/crm/objects/2026-03/" + typeId + "/search", "{}");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().get("total").asInt()).isEqualTo(1);
        assertThat(call("DELETE", "/crm/objects/2026-09/" + name + "/" + id, null).status()).isEqualTo(204);
        Response gone = get("/crm/v3/objects/" + typeId + "/" + id);
        assertThat(gone.status()).isEqualTo(404);
        JsonAssert.error(gone.json(), "OBJECT_NOT_FOUND");
    }

    @Test
    void unknownTypeOrTypeId_returns400_onBothPathStyles() {
        for (String path : new String[] {"/crm/v3/objects/0-999", "/crm/objects/2026-03/widgets"}) {
            Response r = get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            JsonAssert.error(r.json(), "VALIDATION_ERROR");
        }
    }

    @Test
    void calculatedProperties_areReadOnly_onCreateUpdateAndBatchPaths() {
        String contact = createContact("ada@example.com");
        Response company = post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"Acme\"}}");
        String companyId = company.json().get("id").asText();
        String[][] writes = {
            {"PATCH", "/crm/v3/objects/contacts/" + contact, "{\"properties\":{\"hs_object_id\":\"77\"}}"},
            {"PATCH", "/crm/v3/objects/contacts/" + contact, "{\"properties\":{\"lastmodifieddate\":\"1\"}}"},
            {"PATCH", "/crm/v3/objects/companies/" + companyId, "{\"properties\":{\"hs_lastmodifieddate\":\"1\"}}"},
            {"POST", "/crm/v3/objects/companies", "{\"properties\":{\"name\":\"B\",\"createdate\":\"1\"}}"},
            {"POST", "/crm/v3/objects/contacts/batch/update", "{\"inputs\":[{\"id\":\"" + contact
                + "\",\"properties\":{\"createdate\":\"1\"}}]}"},
            {"POST", "/crm/v3/objects/contacts/batch/create", "{\"inputs\":[{\"properties\":{\"email\":\"b@x.com\","
                + "\"hs_object_id\":\"5\"}}]}"}};
        for (String[] w : writes) {
            Response r = call(w[0], w[1], w[2]);
            assertThat(r.status()).as(w[0] + " " + w[1] + " " + w[2]).isEqualTo(400);
            JsonAssert.error(r.json(), "VALIDATION_ERROR");
            assertThat(r.json().get("message").asText()).contains("READ_ONLY_VALUE");
        }
        Response read = get("/crm/v3/objects/contacts/" + contact);
        assertThat(read.json().at("/properties/hs_object_id").asText()).isEqualTo(contact);
        assertThat(read.json().at("/properties/createdate").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(get("/crm/v3/objects/companies?limit=100").json().get("results")).hasSize(1);
    }

    @Test
    void list_withoutLimit_returnsTen_afterIsTheNextRecordId_archivedListsOnlyArchived() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(createContact("c" + i + "@example.com"));
        }
        Response first = get("/crm/v3/objects/contacts");
        assertThat(first.json().get("results")).hasSize(10);
        assertThat(first.json().at("/paging/next/after").asText()).isEqualTo(ids.get(10));
        Response rest = get("/crm/v3/objects/contacts?after=" + ids.get(10));
        assertThat(rest.json().get("results")).extracting(n -> n.get("id").asText())
                .containsExactly(ids.get(10), ids.get(11));
        assertThat(rest.json().has("paging")).isFalse();
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + ids.get(3), null).status()).isEqualTo(204);
        JsonNode archived = get("/crm/v3/objects/contacts?archived=true").json().get("results");
        assertThat(archived).extracting(n -> n.get("id").asText()).containsExactly(ids.get(3));
        assertThat(archived.get(0).get("archived").asBoolean()).isTrue();
        assertThat(archived.get(0).get("archivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}\\.\\d{3}Z");
        assertThat(get("/crm/v3/objects/contacts?limit=100").json().get("results")).hasSize(11);
        assertThat(get("/crm/v3/objects/contacts?limit=0").status()).isEqualTo(400);
        assertThat(get("/crm/v3/objects/contacts?after=abc").status()).isEqualTo(400);
    }
}
