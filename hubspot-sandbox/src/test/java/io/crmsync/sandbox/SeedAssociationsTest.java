package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SandboxServer#seed} then {@link SandboxServer#seedAssociations}: in process, not counted, seen by the API. */
class SeedAssociationsTest extends SandboxTestBase {

    @Test
    void seedAssociations_dealsToPrimaryCompany_bothDirectionsWithUnlabeled_notCounted() {
        List<String> companies = server.seed("companies", List.of(Map.of("name", "Acme"), Map.of("name", "Globex")));
        List<String> deals = server.seed("deals", List.of(Map.of("dealname", "D1"), Map.of("dealname", "D2")));
        server.resetCounters();

        server.seedAssociations("deals", "companies", 5, List.of(new String[] {deals.get(0), companies.get(1)},
                new String[] {deals.get(1), companies.get(0)}));

        assertThat(server.requestCount()).isZero();
        Response d1 = get("/crm/v3/objects/deals/" + deals.get(0) + "?associations=companies");
        JsonNode results = d1.json().at("/associations/companies/results");
        assertThat(results.findValuesAsText("id")).containsOnly(companies.get(1));
        assertThat(results.findValuesAsText("type")).containsExactlyInAnyOrder("deal_to_company",
                "deal_to_company_unlabeled");
        Response globex = get("/crm/v3/objects/companies/" + companies.get(1) + "?associations=deals");
        assertThat(globex.json().at("/associations/deals/results").findValuesAsText("id"))
                .containsOnly(deals.get(0));
    }

    @Test
    void seedAssociations_manyPairs_allStoredAcrossTransactions() {
        List<String> company = server.seed("companies", List.of(Map.of("name", "Acme")));
        List<Map<String, String>> contacts = new ArrayList<>();
        for (int i = 0; i < 1_005; i++) {
            contacts.add(Map.of("email", "c" + i + "@acme.example"));
        }
        List<String> ids = server.seed("contacts", contacts);
        List<String[]> pairs = ids.stream().map(id -> new String[] {id, company.get(0)}).toList();

        server.seedAssociations("contacts", "companies", 1, pairs);

        assertThat(SandboxSeed.records(server, "contacts")).hasSize(1_005)
                .allSatisfy(c -> assertThat(c.primaryCompanyId()).isEqualTo(Long.parseLong(company.get(0))));
    }

    @Test
    void seedAssociations_typeIdNotOfThePair_refusedBeforeAnythingIsStored() {
        List<String> company = server.seed("companies", List.of(Map.of("name", "Acme")));
        List<String> deal = server.seed("deals", List.of(Map.of("dealname", "D1")));

        assertThatThrownBy(() -> server.seedAssociations("deals", "companies", 1,
                List.<String[]>of(new String[] {deal.get(0), company.get(0)})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no association type 1");
        assertThat(get("/crm/v3/objects/deals/" + deal.get(0) + "?associations=companies").json()
                .has("associations")).isFalse();
    }

    @Test
    void seedAssociations_unknownRecord_failsAndStoresNoneOfItsTransaction() {
        List<String> company = server.seed("companies", List.of(Map.of("name", "Acme")));
        List<String> deal = server.seed("deals", List.of(Map.of("dealname", "D1")));

        assertThatThrownBy(() -> server.seedAssociations("deals", "companies", 5, List.of(
                new String[] {deal.get(0), company.get(0)}, new String[] {"999999", company.get(0)})))
                .isInstanceOf(ApiException.class).hasMessageContaining("999999");
        assertThat(get("/crm/v3/objects/deals/" + deal.get(0) + "?associations=companies").json()
                .has("associations")).isFalse();
    }
}
