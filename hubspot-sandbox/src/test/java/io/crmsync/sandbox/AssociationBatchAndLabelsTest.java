package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Batch associations v4 and association labels (hubspot.md §B.7), raw HTTP. */
class AssociationBatchAndLabelsTest extends SandboxTestBase {
    static final String BATCH = "/crm/v4/associations/contacts/companies/batch/";

    String createCompany(String name) {
        return post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"" + name + "\"}}").json().get("id")
                .asText();
    }

    static String createInput(String from, String to, int typeId) {
        return "{\"from\":{\"id\":\"" + from + "\"},\"to\":{\"id\":\"" + to + "\"},\"types\":[{\"associationCategory\":"
                + "\"HUBSPOT_DEFINED\",\"associationTypeId\":" + typeId + "}]}";
    }

    static String inputs(int n, String item) {
        StringBuilder b = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(item);
        }
        return b.append("]}").toString();
    }

    @Test
    void batchCreate_validInputs_returns201WithLabelsBetweenEachPair() {
        String ada = createContact("ada@example.com");
        String bob = createContact("bob@example.com");
        String acme = createCompany("Acme");
        Response r = post(BATCH + "create", "{\"inputs\":[" + createInput(ada, acme, 1) + ","
                + createInput(bob, acme, 279) + "]}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        assertThat(r.json().has("startedAt")).isTrue();
        assertThat(r.json().has("completedAt")).isTrue();
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("fromObjectId").asText()).isEqualTo(ada);
        assertThat(results.get(0).get("labels").toString()).isEqualTo("[\"Primary\"]");
        assertThat(results.get(1).get("labels")).isEmpty();
        assertThat(r.json().has("errors")).isFalse();
    }

    @Test
    void batchCreate_oneInputNamesMissingRecord_returns207AndCreatesTheOthers() {
        String ada = createContact("ada@example.com");
        String acme = createCompany("Acme");
        Response r = post(BATCH + "create", "{\"inputs\":[" + createInput(ada, acme, 279) + ","
                + createInput(ada, "999", 279) + "]}");
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("results")).hasSize(1);
        assertThat(r.json().get("numErrors").asInt()).isEqualTo(1);
        assertThat(r.json().at("/errors/0/status").asText()).isEqualTo("error");
        assertThat(r.json().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(get("/crm/v4/objects/contacts/" + ada + "/associations/companies").json().get("results"))
                .hasSize(1);
    }

    @Test
    void batchCreate_unknownTypeId_returns400AndCreatesNothing() {
        String ada = createContact("ada@example.com");
        String acme = createCompany("Acme");
        Response r = post(BATCH + "create", "{\"inputs\":[" + createInput(ada, acme, 279) + ","
                + createInput(ada, acme, 202) + "]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(get("/crm/v4/objects/contacts/" + ada + "/associations/companies").json().get("results")).isEmpty();
    }

    @Test
    void batchCreate_101Inputs_returns400() {
        Response r = post(BATCH + "create", inputs(101, createInput("1", "1", 279)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        JsonAssert.correlationId(r.json());
    }

    @Test
    void batchRead_knownIds_returns200WithFromAndToTypes() {
        String ada = createContact("ada@example.com");
        String bob = createContact("bob@example.com");
        String acme = createCompany("Acme");
        post(BATCH + "create", "{\"inputs\":[" + createInput(ada, acme, 1) + "]}");
        Response r = post(BATCH + "read", "{\"inputs\":[{\"id\":\"" + ada + "\"},{\"id\":\"" + bob + "\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).at("/from/id").asText()).isEqualTo(ada);
        assertThat(results.get(0).at("/to/0/toObjectId").asText()).isEqualTo(acme);
        assertThat(results.get(0).at("/to/0/associationTypes/0/typeId").asInt()).isEqualTo(1);
        assertThat(results.get(0).at("/to/0/associationTypes/0/label").asText()).isEqualTo("Primary");
        assertThat(results.get(0).at("/to/0/associationTypes/1/typeId").asInt()).isEqualTo(279);
        assertThat(results.get(1).get("to")).isEmpty();
    }

    @Test
    void batchRead_unknownId_returns207WithErrorForThatId() {
        String ada = createContact("ada@example.com");
        Response r = post(BATCH + "read", "{\"inputs\":[{\"id\":\"" + ada + "\"},{\"id\":\"424242\"}]}");
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("results")).hasSize(1);
        assertThat(r.json().get("numErrors").asInt()).isEqualTo(1);
        assertThat(r.json().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(r.json().at("/errors/0/context/id/0").asText()).isEqualTo("424242");
    }

    @Test
    void batchRead_1001Inputs_returns400ButAccepts1000() {
        assertThat(post(BATCH + "read", inputs(1001, "{\"id\":\"1\"}")).status()).isEqualTo(400);
        assertThat(post(BATCH + "read", inputs(1000, "{\"id\":\"1\"}")).status()).isEqualTo(207);
    }

    @Test
    void batchAssociateDefault_returns200AndCreatesUnlabeled() {
        String ada = createContact("ada@example.com");
        String acme = createCompany("Acme");
        Response r = post(BATCH + "associate/default", "{\"inputs\":[{\"from\":{\"id\":\"" + ada + "\"},\"to\":{\"id\":\""
                + acme + "\"}}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/results/0/associationSpec/associationTypeId").asInt()).isEqualTo(279);
        assertThat(get("/crm/v4/objects/contacts/" + ada + "/associations/companies")
                .json().at("/results/0/associationTypes/0/typeId").asInt()).isEqualTo(279);
    }

    @Test
    void batchArchive_returns204AndRemovesThePairs() {
        String ada = createContact("ada@example.com");
        String acme = createCompany("Acme");
        String globex = createCompany("Globex");
        post(BATCH + "create", "{\"inputs\":[" + createInput(ada, acme, 1) + "," + createInput(ada, globex, 279) + "]}");
        Response r = post(BATCH + "archive", "{\"inputs\":[{\"from\":{\"id\":\"" + ada + "\"},\"to\":[{\"id\":\""
                + acme + "\"}]}]}");
        assertThat(r.status()).isEqualTo(204);
        JsonNode left = get("/crm/v4/objects/contacts/" + ada + "/associations/companies").json().get("results");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("toObjectId").asText()).isEqualTo(globex);
        assertThat(get("/crm/v4/objects/companies/" + acme + "/associations/contacts").json().get("results")).isEmpty();
    }

    @Test
    void batchArchive_101Inputs_returns400() {
        assertThat(post(BATCH + "archive", inputs(101, "{\"from\":{\"id\":\"1\"},\"to\":[{\"id\":\"1\"}]}")).status())
                .isEqualTo(400);
    }

    @Test
    void labels_contactsToCompanies_listsUnlabeledAndPrimaryAtBothPaths() {
        for (String path : new String[] {"/crm/v4/associations/contacts/companies/labels",
                "/crm/associations/v4/contacts/companies/labels"}) {
            Response r = get(path);
            assertThat(r.status()).isEqualTo(200);
            JsonNode results = r.json().get("results");
            assertThat(results).hasSize(2);
            assertThat(results.get(0).get("category").asText()).isEqualTo("HUBSPOT_DEFINED");
            assertThat(results.get(0).get("typeId").asInt()).isEqualTo(279);
            assertThat(results.get(0).get("label").isNull()).isTrue();
            assertThat(results.get(1).get("typeId").asInt()).isEqualTo(1);
            assertThat(results.get(1).get("label").asText()).isEqualTo("Primary");
        }
    }

    @Test
    void labels_pairThatCannotBeAssociated_returns400() {
        Response r = get("/crm/v4/associations/products/tasks/labels");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    /** typeIds of hubspot.md §B.7 (plus the documented choice for invoice ↔ contact). */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "companies, contacts, '280,2'",
        "deals, companies, '341,5'", "companies, deals, '342,6'",
        "tickets, companies, '339,26'", "companies, tickets, '340,25'",
        "deals, contacts, '3'", "contacts, deals, '4'",
        "contacts, tickets, '15'", "tickets, contacts, '16'",
        "invoices, contacts, '177'", "contacts, invoices, '178'",
        "contacts, notes, '201'", "notes, contacts, '202'", "contacts, emails, '197'", "meetings, contacts, '200'",
        "companies, calls, '181'", "tasks, companies, '192'", "deals, notes, '213'", "tasks, deals, '216'"})
    void labels_pair_returnsTheDocumentedTypeIds(String from, String to, String typeIds) {
        Response r = get("/crm/v4/associations/" + from + "/" + to + "/labels");
        assertThat(r.status()).isEqualTo(200);
        StringBuilder ids = new StringBuilder();
        r.json().get("results").forEach(t -> ids.append(ids.length() == 0 ? "" : ",").append(t.get("typeId").asInt()));
        assertThat(ids.toString()).isEqualTo(typeIds);
    }
}
