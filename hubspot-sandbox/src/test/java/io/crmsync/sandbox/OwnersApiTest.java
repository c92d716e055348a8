package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The owners API over raw HTTP, owner properties in the properties API and owner ids checked on writes. */
class OwnersApiTest extends SandboxTestBase {

    private List<String> createOwners(String... emails) {
        StringBuilder body = new StringBuilder("{\"owners\":[");
        for (int i = 0; i < emails.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"email\":\"").append(emails[i])
                    .append("\",\"firstName\":\"F").append(i).append("\",\"lastName\":\"L").append(i)
                    .append("\",\"teams\":[\"Sales\"]}");
        }
        Response r = post("/_sandbox/owners", body.append("]}").toString());
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        r.json().get("ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private Response deactivate(String ownerId) {
        return call("PATCH", "/_sandbox/owners/" + ownerId, "{\"archived\":true}");
    }

    private static List<String> emails(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(o -> out.add(o.get("email").asText()));
        return out;
    }

    @Test
    void listOwners_pagesWithAfterAndLimit_inHubSpotsShape() {
        List<String> ids = createOwners("a@example.com", "b@example.com", "c@example.com");

        Response first = get("/crm/v3/owners?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(emails(first.json())).containsExactly("a@example.com", "b@example.com");
        String after = first.json().at("/paging/next/after").asText();
        assertThat(after).isEqualTo(ids.get(2));
        Response second = get("/crm/v3/owners?limit=2&after=" + after);
        assertThat(emails(second.json())).containsExactly("c@example.com");
        assertThat(second.json().has("paging")).isFalse();

        JsonNode a = first.json().get("results").get(0);
        assertThat(a.get("id").asText()).isEqualTo(ids.get(0));
        assertThat(a.get("firstName").asText()).isEqualTo("F0");
        assertThat(a.get("lastName").asText()).isEqualTo("L0");
        assertThat(a.get("userId").isNumber()).isTrue();
        assertThat(a.get("createdAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(a.get("updatedAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(a.get("archived").asBoolean()).isFalse();
        assertThat(a.at("/teams/0/name").asText()).isEqualTo("Sales");
        assertThat(a.at("/teams/0/primary").asBoolean()).isTrue();
    }

    @Test
    void listOwners_limitOver500_isRefused() {
        assertThat(get("/crm/v3/owners?limit=500").status()).isEqualTo(200);
        Response r = get("/crm/v3/owners?limit=501");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("message").asText()).contains("limit").contains("500");
    }

    @Test
    void listOwners_emailFilter_ignoresCase() {
        createOwners("Rep7@Example.com", "rep8@example.com");

        Response r = get("/crm/v3/owners?email=rep7@example.COM");

        assertThat(emails(r.json())).containsExactly("Rep7@Example.com");
    }

    @Test
    void deactivatedOwner_listedOnlyWithArchivedTrue_andReadableById() {
        List<String> ids = createOwners("active@example.com", "gone@example.com");
        clock.advance(java.time.Duration.ofMinutes(5));
        assertThat(deactivate(ids.get(1)).status()).isEqualTo(200);

        assertThat(emails(get("/crm/v3/owners").json())).containsExactly("active@example.com");
        JsonNode archived = get("/crm/v3/owners?archived=true").json();
        assertThat(emails(archived)).containsExactly("gone@example.com");
        assertThat(archived.at("/results/0/archived").asBoolean()).isTrue();
        assertThat(archived.at("/results/0/updatedAt").asText()).isEqualTo("2026-01-15T10:05:00.123Z");
        assertThat(get("/crm/v3/owners/" + ids.get(1)).status()).isEqualTo(404);
        assertThat(get("/crm/v3/owners/" + ids.get(1) + "?archived=true").json().get("email").asText())
                .isEqualTo("gone@example.com");
    }

    @Test
    void getOwner_byIdOrUserId_unknownIs404() {
        String id = createOwners("a@example.com").get(0);
        Response byId = get("/crm/v3/owners/" + id);
        assertThat(byId.status()).isEqualTo(200);
        long userId = byId.json().get("userId").asLong();

        Response byUser = get("/crm/v3/owners/" + userId + "?idProperty=userId");

        assertThat(byUser.json().get("id").asText()).isEqualTo(id);
        Response missing = get("/crm/v3/owners/123");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
    }

    @Test
    void ownersApi_needsAToken() {
        assertThat(call("GET", "/crm/v3/owners", null, null).status()).isEqualTo(401);
    }

    @Test
    void ownerProperty_onContactsCompaniesDealsTicketsActivitiesAndLeads_referencesOwners() {
        for (String type : List.of("contacts", "companies", "deals", "tickets", "calls", "emails", "meetings",
                "notes", "tasks", "leads")) {
            Response r = get("/crm/v3/properties/" + type + "/hubspot_owner_id");
            assertThat(r.status()).as(type).isEqualTo(200);
            assertThat(r.json().get("type").asText()).isEqualTo("enumeration");
            assertThat(r.json().get("fieldType").asText()).isEqualTo("select");
            assertThat(r.json().get("referencedObjectType").asText()).isEqualTo("OWNER");
            assertThat(r.json().get("externalOptions").asBoolean()).isTrue();
        }
        assertThat(get("/crm/v3/properties/contacts/email").json().has("referencedObjectType")).isFalse();
    }

    @Test
    void writeOwner_activeAccepted_unknownOrDeactivatedRefusedNamingTheProperty() {
        List<String> ids = createOwners("active@example.com", "gone@example.com");
        deactivate(ids.get(1));

        Response ok = post("/crm/v3/objects/contacts", json(Map.of("properties",
                Map.of("email", "c1@example.com", "hubspot_owner_id", ids.get(0)))));
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(201);
        String contact = ok.json().get("id").asText();
        assertThat(get("/crm/v3/objects/contacts/" + contact + "?properties=hubspot_owner_id")
                .json().at("/properties/hubspot_owner_id").asText()).isEqualTo(ids.get(0));

        for (String bad : List.of(ids.get(1), "999")) {
            Response r = call("PATCH", "/crm/v3/objects/contacts/" + contact,
                    json(Map.of("properties", Map.of("hubspot_owner_id", bad, "firstname", "Jo"))));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
            assertThat(r.json().get("message").asText()).contains("INVALID_OWNER_ID").contains("hubspot_owner_id")
                    .contains(bad);
        }
        JsonNode after = get("/crm/v3/objects/contacts/" + contact + "?properties=hubspot_owner_id,firstname")
                .json().get("properties");
        assertThat(after.get("hubspot_owner_id").asText()).isEqualTo(ids.get(0));
        assertThat(after.get("firstname").isNull()).as("a refused write changes nothing").isTrue();
        Response cleared = call("PATCH", "/crm/v3/objects/contacts/" + contact,
                json(Map.of("properties", Map.of("hubspot_owner_id", ""))));
        assertThat(cleared.status()).isEqualTo(200);
    }

    @Test
    void owners_surviveARestart_andResetClearsThem() {
        String id = createOwners("a@example.com").get(0);
        server.stop();
        server = SandboxServer.start(0, dataDir, options());

        assertThat(get("/crm/v3/owners/" + id).json().get("email").asText()).isEqualTo("a@example.com");
        assertThat(createOwners("b@example.com").get(0)).isNotEqualTo(id);

        assertThat(post("/_sandbox/reset", "").status()).isEqualTo(204);
        assertThat(get("/crm/v3/owners").json().get("results")).isEmpty();
    }

    @Test
    void adminCreate_duplicateEmailOrNoEmail_refusedAndNothingCreated() {
        Response dup = post("/_sandbox/owners", "{\"owners\":[{\"email\":\"x@example.com\"},{\"email\":\"X@example.com\"}]}");
        assertThat(dup.status()).isEqualTo(409);
        Response none = post("/_sandbox/owners", "{\"owners\":[{\"firstName\":\"Nobody\"}]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("message").asText()).contains("owners[0].email");
        assertThat(get("/crm/v3/owners").json().get("results")).isEmpty();
    }

    @Test
    void sandboxSeed_createsOwnersOnce() {
        Map<String, String> ids = SandboxSeed.owners(server, List.of(
                new SandboxSeed.OwnerSeed("rep7@example.com", "Rep", "Seven", true),
                new SandboxSeed.OwnerSeed("rep8@example.com", "Rep", "Eight", false)));

        assertThat(ids).containsOnlyKeys("rep7@example.com", "rep8@example.com");
        JsonNode active = get("/crm/v3/owners").json();
        assertThat(emails(active)).containsExactly("rep7@example.com");
        assertThat(active.at("/results/0/id").asText()).isEqualTo(ids.get("rep7@example.com"));
        assertThat(active.at("/results/0/createdAt").asText()).as("the sandbox clock").isEqualTo(
                "2026-01-15T10:00:00.123Z");
        assertThat(emails(get("/crm/v3/owners?archived=true").json())).containsExactly("rep8@example.com");
        assertThat(SandboxSeed.owners(server, List.of(new SandboxSeed.OwnerSeed("z@example.com", null, null, true))))
                .isEmpty();
    }
}
