package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record-level associations v4 (hubspot.md §B.7), raw HTTP. */
class AssociationRecordRoutesTest extends SandboxTestBase {
    static final String PRIMARY = "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]";

    String createCompany(String name) {
        Response r = post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"" + name + "\"}}");
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    Response put(String path, String body) {
        return call("PUT", path, body);
    }

    static String assoc(String from, String id, String to) {
        return "/crm/v4/objects/" + from + "/" + id + "/associations/" + to;
    }

    /** typeId → label ("null" for none) of every association from the record to {@code toId}. */
    List<String> types(String from, String id, String to, String toId) {
        Response r = get(assoc(from, id, to));
        assertThat(r.status()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode item : r.json().get("results")) {
            if (item.get("toObjectId").asText().equals(toId)) {
                item.get("associationTypes").forEach(t -> {
                    assertThat(t.get("category").asText()).isEqualTo("HUBSPOT_DEFINED");
                    out.add(t.get("typeId").asInt() + "=" + (t.get("label").isNull() ? "null" : t.get("label").asText()));
                });
            }
        }
        return out;
    }

    @Test
    void putLabelled_primaryContactToCompany_returns201LabelsAndStoresUnlabeledAndInverse() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        Response r = put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("fromObjectTypeId").asText()).isEqualTo("0-1");
        assertThat(r.json().get("fromObjectId").isNumber()).isTrue();
        assertThat(r.json().get("fromObjectId").asText()).isEqualTo(contact);
        assertThat(r.json().get("toObjectTypeId").asText()).isEqualTo("0-2");
        assertThat(r.json().get("toObjectId").asText()).isEqualTo(company);
        assertThat(r.json().get("labels").toString()).isEqualTo("[\"Primary\"]");
        assertThat(types("contacts", contact, "companies", company)).containsExactly("1=Primary", "279=null");
        assertThat(types("companies", company, "contacts", contact)).containsExactly("2=Primary", "280=null");
    }

    @Test
    void putDefault_contactToCompany_returns200WithBothDirectionsUnlabeled() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        Response r = put(assoc("contacts", contact, "default/companies") + "/" + company, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).at("/from/id").asText()).isEqualTo(contact);
        assertThat(results.get(0).at("/associationSpec/associationTypeId").asInt()).isEqualTo(279);
        assertThat(results.get(1).at("/from/id").asText()).isEqualTo(company);
        assertThat(results.get(1).at("/associationSpec/associationTypeId").asInt()).isEqualTo(280);
        assertThat(types("contacts", contact, "companies", company)).containsExactly("279=null");
    }

    @Test
    void putLabelled_newPrimaryCompany_demotesOldPrimaryToUnlabeledAndLeavesOtherContacts() {
        String ada = createContact("ada@example.com");
        String bob = createContact("bob@example.com");
        String acme = createCompany("Acme");
        String globex = createCompany("Globex");
        assertThat(put(assoc("contacts", ada, "companies") + "/" + acme, PRIMARY).status()).isEqualTo(201);
        assertThat(put(assoc("contacts", bob, "companies") + "/" + acme, PRIMARY).status()).isEqualTo(201);

        Response r = put(assoc("contacts", ada, "companies") + "/" + globex, PRIMARY);
        assertThat(r.status()).isEqualTo(201);
        assertThat(types("contacts", ada, "companies", acme)).containsExactly("279=null");
        assertThat(types("contacts", ada, "companies", globex)).containsExactly("1=Primary", "279=null");
        assertThat(types("companies", acme, "contacts", ada)).containsExactly("280=null");
        assertThat(types("contacts", bob, "companies", acme)).containsExactly("1=Primary", "279=null");
        assertThat(types("companies", acme, "contacts", bob)).containsExactly("2=Primary", "280=null");
    }

    @Test
    void putLabelled_primaryFromCompanySide_alsoDemotesContactsOldPrimary() {
        String ada = createContact("ada@example.com");
        String acme = createCompany("Acme");
        String globex = createCompany("Globex");
        put(assoc("contacts", ada, "companies") + "/" + acme, PRIMARY);
        Response r = put(assoc("companies", globex, "contacts") + "/" + ada,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":2}]");
        assertThat(r.status()).isEqualTo(201);
        assertThat(types("contacts", ada, "companies", acme)).containsExactly("279=null");
        assertThat(types("contacts", ada, "companies", globex)).containsExactly("1=Primary", "279=null");
    }

    @Test
    void putLabelled_typeIdOfAnotherPair_returns400ValidationError() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        for (String typeId : new String[] {"3", "999"}) {
            Response r = put(assoc("contacts", contact, "companies") + "/" + company,
                    "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":" + typeId + "}]");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
            JsonAssert.correlationId(r.json());
        }
        assertThat(types("contacts", contact, "companies", company)).isEmpty();
    }

    @Test
    void putLabelled_missingTargetRecord_returns404ObjectNotFound() {
        String contact = createContact("ada@example.com");
        Response r = put(assoc("contacts", contact, "companies") + "/999", PRIMARY);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        JsonAssert.correlationId(r.json());
    }

    @Test
    void delete_pair_returns204AndRemovesEveryTypeInBothDirections() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);
        Response r = call("DELETE", assoc("contacts", contact, "companies") + "/" + company, null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(get(assoc("contacts", contact, "companies")).json().get("results")).isEmpty();
        assertThat(get(assoc("companies", company, "contacts")).json().get("results")).isEmpty();
    }

    @Test
    void archive_company_hidesItsAssociationsFromReadsOfBothSides() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);
        assertThat(call("DELETE", "/crm/v3/objects/companies/" + company, null).status()).isEqualTo(204);
        assertThat(get(assoc("contacts", contact, "companies")).json().get("results")).isEmpty();
        assertThat(get(assoc("companies", company, "contacts")).json().get("results")).isEmpty();
        Response v3 = get("/crm/v3/objects/contacts/" + contact + "?associations=companies");
        assertThat(v3.status()).isEqualTo(200);
        assertThat(v3.json().has("associations")).isFalse();
        Response again = put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);
        assertThat(again.status()).isEqualTo(404);
    }

    @Test
    void restart_sameDataDir_keepsAssociations() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);
        server.stop();
        server = SandboxServer.start(0, dataDir, options());
        assertThat(types("contacts", contact, "companies", company)).containsExactly("1=Primary", "279=null");
    }

    @Test
    void list_limitAndAfter_pagesByToObjectIdAndRejectsLimitOver500() {
        String contact = createContact("ada@example.com");
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            companies.add(createCompany("Co" + i));
            put(assoc("contacts", contact, "default/companies") + "/" + companies.get(i), null);
        }
        Response first = get(assoc("contacts", contact, "companies") + "?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("results")).hasSize(2);
        String after = first.json().at("/paging/next/after").asText();
        assertThat(after).isEqualTo(companies.get(2));
        Response second = get(assoc("contacts", contact, "companies") + "?limit=2&after=" + after);
        assertThat(second.json().get("results")).hasSize(1);
        assertThat(second.json().at("/results/0/toObjectId").asText()).isEqualTo(companies.get(2));
        assertThat(second.json().has("paging")).isFalse();
        Response tooMany = get(assoc("contacts", contact, "companies") + "?limit=501");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void pathsByObjectTypeIdAndDateVersion_reachTheSameAssociations() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        assertThat(put(assoc("0-1", contact, "0-2") + "/" + company, PRIMARY).status()).isEqualTo(201);
        Response versioned = get("/crm/objects/2026-03/contacts/" + contact + "/associations/companies");
        assertThat(versioned.status()).isEqualTo(200);
        assertThat(versioned.json().at("/results/0/toObjectId").asText()).isEqualTo(company);
    }

    @Test
    void getV3Contact_associationsCompanies_listsPrimaryAndUnlabeledTypes() {
        String contact = createContact("ada@example.com");
        String other = createContact("bob@example.com");
        String company = createCompany("Acme");
        put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);

        Response r = get("/crm/v3/objects/contacts/" + contact + "?associations=companies");
        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().at("/associations/companies/results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("id").asText()).isEqualTo(company);
        assertThat(results.get(0).get("type").asText()).isEqualTo("contact_to_company");
        assertThat(results.get(1).get("id").asText()).isEqualTo(company);
        assertThat(results.get(1).get("type").asText()).isEqualTo("contact_to_company_unlabeled");

        Response list = get("/crm/v3/objects/contacts?associations=companies");
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode rec : list.json().get("results")) {
            if (rec.get("id").asText().equals(other)) {
                assertThat(rec.has("associations")).isFalse();
            } else {
                assertThat(rec.at("/associations/companies/results")).hasSize(2);
            }
        }
        assertThat(get("/crm/v3/objects/contacts/" + contact).json().has("associations")).isFalse();
    }

    @Test
    void createV3Contact_inlineUnlabeledAssociation_isReadableThroughV4() {
        String company = createCompany("Acme");
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"ada@example.com\"},"
                + "\"associations\":[{\"to\":{\"id\":\"" + company + "\"},\"types\":[{\"associationCategory\":"
                + "\"HUBSPOT_DEFINED\",\"associationTypeId\":279}]}]}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(types("contacts", r.json().get("id").asText(), "companies", company)).containsExactly("279=null");
    }

    @Test
    void createV3Contact_inlineAssociationToMissingCompany_returns404AndCreatesNothing() {
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"ada@example.com\"},"
                + "\"associations\":[{\"to\":{\"id\":\"77\"},\"types\":[{\"associationCategory\":"
                + "\"HUBSPOT_DEFINED\",\"associationTypeId\":279}]}]}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void adminReset_removesAssociationsWithTheRecords() {
        String contact = createContact("ada@example.com");
        String company = createCompany("Acme");
        put(assoc("contacts", contact, "companies") + "/" + company, PRIMARY);
        assertThat(post("/_sandbox/reset", null).status()).isEqualTo(204);
        String again = createContact("ada@example.com");
        String againCompany = createCompany("Acme");
        assertThat(again).isEqualTo(contact);
        assertThat(againCompany).isEqualTo(company);
        assertThat(get(assoc("contacts", again, "companies")).json().get("results")).isEmpty();
    }
}
