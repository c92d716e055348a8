package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Search sorting, paging, the 10,000-result cap, archived records and the indexing delay (hubspot.md §B.5). */
class SearchPagingTest extends SandboxTestBase {
    private static final String SEARCH = "/crm/v3/objects/contacts/search";

    private List<String> ids(Response r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("results").forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private void createContacts(int n) {
        for (int i = 1; i <= n; i++) {
            createContact("p" + i + "@example.com");
        }
    }

    @Test
    void noSort_returnsCreationOrder_defaultLimit10_withTotalAndNextAfter() {
        createContacts(12);
        Response r = post(SEARCH, "{}");
        assertThat(ids(r)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(r.json().get("total").asInt()).isEqualTo(12);
        assertThat(r.json().at("/paging/next/after").asText()).isEqualTo("10");
        Response next = post(SEARCH, "{\"after\":\"10\"}");
        assertThat(ids(next)).containsExactly("11", "12");
        assertThat(next.json().has("paging")).isFalse();
        assertThat(next.json().get("total").asInt()).isEqualTo(12);
    }

    @Test
    void limitAndAfter_pageThroughEveryResultOnce() {
        createContacts(7);
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            String body = after == null ? "{\"limit\":3}" : "{\"limit\":3,\"after\":\"" + after + "\"}";
            Response r = post(SEARCH, body);
            seen.addAll(ids(r));
            after = r.json().has("paging") ? r.json().at("/paging/next/after").asText() : null;
        } while (after != null);
        assertThat(seen).containsExactly("1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void limit201_returns400_limit200_isAccepted() {
        Response r = post(SEARCH, "{\"limit\":201}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(post(SEARCH, "{\"limit\":200}").status()).isEqualTo(200);
    }

    @Test
    void afterAt10000_returns400() {
        createContacts(1);
        Response r = post(SEARCH, "{\"limit\":100,\"after\":\"10000\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("message").asText()).contains("10000");
        JsonAssert.correlationId(r.json());
        assertThat(post(SEARCH, "{\"limit\":100,\"after\":\"9999\"}").status()).isEqualTo(200);
    }

    @Test
    void sortDescendingOnLastmodifieddate_ordersByTimestamp() {
        createContacts(3);
        clock.advance(Duration.ofSeconds(10));
        call("PATCH", "/crm/v3/objects/contacts/1", "{\"properties\":{\"firstname\":\"x\"}}");
        String body = json(Map.of("sorts", List.of(Map.of("propertyName", "lastmodifieddate",
                "direction", "DESCENDING"))));
        assertThat(ids(post(SEARCH, body))).containsExactly("1", "2", "3");
        body = json(Map.of("sorts", List.of(Map.of("propertyName", "lastmodifieddate",
                "direction", "ASCENDING"))));
        assertThat(ids(post(SEARCH, body))).containsExactly("2", "3", "1");
    }

    @Test
    void sortOnStringProperty_ignoresCase_missingValuesLast() {
        post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"a@x.com\",\"lastname\":\"beta\"}}");
        post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"b@x.com\",\"lastname\":\"Alpha\"}}");
        post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"c@x.com\"}}");
        String body = json(Map.of("sorts", List.of(Map.of("propertyName", "lastname", "direction", "ASCENDING"))));
        assertThat(ids(post(SEARCH, body))).containsExactly("2", "1", "3");
    }

    @Test
    void twoSorts_return400() {
        String body = json(Map.of("sorts", List.of(Map.of("propertyName", "email"),
                Map.of("propertyName", "lastname"))));
        assertThat(post(SEARCH, body).status()).isEqualTo(400);
    }

    @Test
    void archivedRecords_neverAppearInSearch() {
        createContacts(2);
        assertThat(call("DELETE", "/crm/v3/objects/contacts/1", null).status()).isEqualTo(204);
        Response r = post(SEARCH, "{}");
        assertThat(ids(r)).containsExactly("2");
        assertThat(r.json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void query_matchesDefaultTextPropertiesIgnoringCase() {
        post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"a@x.com\",\"firstname\":\"Grace\"}}");
        post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"b@x.com\",\"jobtitle\":\"grace\"}}");
        assertThat(ids(post(SEARCH, "{\"query\":\"GRACE\"}"))).containsExactly("1");
        Response tooLong = post(SEARCH, json(Map.of("query", "x".repeat(3001))));
        assertThat(tooLong.status()).isEqualTo(400);
    }

    @Test
    void searchOnCompanies_usesHsLastmodifieddateAndTypeIdPath() {
        post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"Acme\"}}");
        String body = json(Map.of("filterGroups", List.of(Map.of("filters", List.of(Map.of(
                "propertyName", "hs_lastmodifieddate", "operator", "GTE",
                "value", Long.toString(T0.toEpochMilli())))))));
        Response r = post("/crm/v3/objects/0-2/search", body);
        assertThat(ids(r)).containsExactly("1");
        assertThat(r.json().at("/results/0/properties/name").asText()).isEqualTo("Acme");
    }
}
