package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search operators, AND/OR and HubSpot's case rules (hubspot.md §B.5). */
class SearchFilterTest extends SandboxTestBase {
    private static final String SEARCH = "/crm/v3/objects/contacts/search";
    String ada;
    String bob;
    String cy;

    @BeforeEach
    void seed() {
        ada = create("ada@hubspot.com", "Ada", "Lovelace", "lead");
        bob = create("bob@example.com", "Bob", "Marley Jr", "customer");
        cy = create("cy@example.com", null, "Young", null);
    }

    private String create(String email, String first, String last, String stage) {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("email", email);
        if (first != null) {
            props.put("firstname", first);
        }
        props.put("lastname", last);
        if (stage != null) {
            props.put("lifecyclestage", stage);
        }
        Response r = post("/crm/v3/objects/contacts", json(Map.of("properties", props)));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static Map<String, Object> f(String property, String operator, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("propertyName", property);
        m.put("operator", operator);
        if (value instanceof List<?> l) {
            m.put("values", l);
        } else if (value != null) {
            m.put("value", value);
        }
        return m;
    }

    @SafeVarargs
    static Map<String, Object> group(Map<String, Object>... filters) {
        return Map.of("filters", List.of(filters));
    }

    private List<String> ids(Object... groups) {
        Response r = post(SEARCH, json(Map.of("filterGroups", List.of(groups))));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("results").forEach(n -> ids.add(n.get("id").asText()));
        assertThat(r.json().get("total").asInt()).isEqualTo(ids.size());
        return ids;
    }

    @Test
    void eq_onStringProperty_ignoresCase() {
        assertThat(ids(group(f("firstname", "EQ", "ADA")))).containsExactly(ada);
        assertThat(ids(group(f("email", "EQ", "Bob@Example.com")))).containsExactly(bob);
    }

    @Test
    void eq_onEnumerationProperty_isCaseSensitive() {
        assertThat(ids(group(f("lifecyclestage", "EQ", "lead")))).containsExactly(ada);
        assertThat(ids(group(f("lifecyclestage", "EQ", "LEAD")))).isEmpty();
    }

    @Test
    void neq_matchesOtherValuesAndMissingOnes() {
        assertThat(ids(group(f("firstname", "NEQ", "ada")))).containsExactly(bob, cy);
    }

    @Test
    void in_onStringProperty_needsLowercaseValues() {
        assertThat(ids(group(f("firstname", "IN", List.of("ada", "bob"))))).containsExactly(ada, bob);
        assertThat(ids(group(f("firstname", "IN", List.of("Ada"))))).isEmpty();
        assertThat(ids(group(f("lifecyclestage", "IN", List.of("customer"))))).containsExactly(bob);
    }

    @Test
    void notIn_excludesListedValues() {
        assertThat(ids(group(f("firstname", "NOT_IN", List.of("ada"))))).containsExactly(bob, cy);
    }

    @Test
    void hasProperty_andNotHasProperty_splitOnPresence() {
        assertThat(ids(group(f("firstname", "HAS_PROPERTY", null)))).containsExactly(ada, bob);
        assertThat(ids(group(f("firstname", "NOT_HAS_PROPERTY", null)))).containsExactly(cy);
    }

    @Test
    void containsToken_matchesWholeTokensAndWildcards() {
        assertThat(ids(group(f("email", "CONTAINS_TOKEN", "*@hubspot.com")))).containsExactly(ada);
        assertThat(ids(group(f("lastname", "CONTAINS_TOKEN", "marley")))).containsExactly(bob);
        assertThat(ids(group(f("lastname", "CONTAINS_TOKEN", "marl")))).isEmpty();
        assertThat(ids(group(f("lastname", "NOT_CONTAINS_TOKEN", "marley")))).containsExactly(ada, cy);
    }

    @Test
    void filtersInOneGroup_areAnded_groupsAreOred() {
        assertThat(ids(group(f("email", "CONTAINS_TOKEN", "*@example.com"), f("lastname", "EQ", "young"))))
                .containsExactly(cy);
        assertThat(ids(group(f("firstname", "EQ", "ada")), group(f("lastname", "EQ", "young"))))
                .containsExactly(ada, cy);
    }

    @Test
    void numbers_compareNumerically_notAsText() {
        // hs_object_id is a number: 10 > 9 numerically but "10" < "9" as text.
        for (int i = 4; i <= 10; i++) {
            createContactProps("n" + i + "@example.com");
        }
        assertThat(ids(group(f("hs_object_id", "GT", "9")))).containsExactly("10");
        assertThat(ids(group(f("hs_object_id", "LTE", "2")))).containsExactly(ada, bob);
        assertThat(ids(group(f("hs_object_id", "LT", "2")))).containsExactly(ada);
        assertThat(ids(group(f("hs_object_id", "GTE", "10")))).containsExactly("10");
        Map<String, Object> between = f("hs_object_id", "BETWEEN", "2");
        between.put("highValue", "3");
        assertThat(ids(group(between))).containsExactly(bob, cy);
    }

    private void createContactProps(String email) {
        createContact(email);
    }

    @Test
    void lastmodifieddate_filtersByEpochMillisOrIso() {
        clock.advance(java.time.Duration.ofMinutes(5));
        Response r = call("PATCH", "/crm/v3/objects/contacts/" + bob, "{\"properties\":{\"firstname\":\"Bo\"}}");
        assertThat(r.status()).isEqualTo(200);
        long cutoff = T0.plusSeconds(60).toEpochMilli();
        assertThat(ids(group(f("lastmodifieddate", "GTE", Long.toString(cutoff))))).containsExactly(bob);
        assertThat(ids(group(f("lastmodifieddate", "LT", T0.plusSeconds(60).toString()))))
                .containsExactly(ada, cy);
    }

    @Test
    void unknownOperator_returns400ValidationError() {
        Response r = post(SEARCH, json(Map.of("filterGroups", List.of(group(f("email", "LIKE", "x"))))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        JsonAssert.correlationId(r.json());
    }

    @Test
    void nonNumericValue_onNumberProperty_returns400() {
        Response r = post(SEARCH, json(Map.of("filterGroups", List.of(group(f("hs_object_id", "GT", "abc"))))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("hs_object_id");
    }

    @Test
    void sixFilterGroups_returns400() {
        List<Object> groups = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            groups.add(group(f("email", "HAS_PROPERTY", null)));
        }
        Response r = post(SEARCH, json(Map.of("filterGroups", groups)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(ids(groups.subList(0, 5).toArray())).containsExactly(ada, bob, cy);
    }

    @Test
    void sevenFiltersInAGroup_returns400() {
        List<Map<String, Object>> filters = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            filters.add(f("email", "HAS_PROPERTY", null));
        }
        Response r = post(SEARCH, json(Map.of("filterGroups", List.of(Map.of("filters", filters)))));
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void nineteenFiltersInAll_returns400() {
        List<Object> groups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Map<String, Object>> filters = new ArrayList<>();
            for (int j = 0; j < (i == 3 ? 1 : 6); j++) {
                filters.add(f("email", "HAS_PROPERTY", null));
            }
            groups.add(Map.of("filters", filters));
        }
        Response r = post(SEARCH, json(Map.of("filterGroups", groups)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("19");
    }

    @Test
    void resultsCarryDefaultOrRequestedProperties() {
        Response r = post(SEARCH, json(Map.of("filterGroups", List.of(group(f("firstname", "EQ", "ada"))))));
        JsonNode hit = r.json().get("results").get(0);
        JsonAssert.record(hit);
        assertThat(hit.get("properties").has("email")).isTrue();
        assertThat(hit.get("properties").has("lifecyclestage")).isFalse();
        r = post(SEARCH, json(Map.of("properties", List.of("lifecyclestage"),
                "filterGroups", List.of(group(f("firstname", "EQ", "ada"))))));
        hit = r.json().get("results").get(0);
        assertThat(hit.get("properties").get("lifecyclestage").asText()).isEqualTo("lead");
        assertThat(hit.get("properties").has("email")).isFalse();
    }
}
