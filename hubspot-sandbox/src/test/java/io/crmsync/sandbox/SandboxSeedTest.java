package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SandboxSeed}: records given in process, seeded once into an empty store, visible through the API. */
class SandboxSeedTest extends SandboxTestBase {

    private static final List<SandboxSeed.Company> COMPANIES = List.of(
            new SandboxSeed.Company("acme", Map.of("name", "Acme", "domain", "acme.com", "numberofemployees", "12")),
            new SandboxSeed.Company("globex", Map.of("name", "Globex")));

    private static List<SandboxSeed.Contact> contacts() {
        Map<String, String> blank = new HashMap<>(Map.of("email", " ann@acme.com ", "firstname", "Ann"));
        blank.put("jobtitle", "  ");
        return List.of(new SandboxSeed.Contact(blank, "acme"),
                new SandboxSeed.Contact(Map.of("email", "bob@example.org"), null));
    }

    @Test
    void apply_emptyStore_createsRecordsAndPrimaryAssociationsSeenThroughTheApi() {
        SandboxSeed.Result result = SandboxSeed.apply(server, COMPANIES, contacts());

        assertThat(result.seeded()).isTrue();
        assertThat(result.primaryAssociations()).isEqualTo(1);
        long acme = result.companyIds().get("acme");
        long ann = result.contactIds().get(0);
        Response r = get("/crm/v3/objects/contacts/" + ann + "?properties=email,jobtitle&associations=companies");
        assertThat(r.status()).isEqualTo(200);
        JsonNode props = r.json().get("properties");
        assertThat(props.get("email").asText()).isEqualTo("ann@acme.com");
        assertThat(props.get("jobtitle").isNull()).isTrue();
        JsonNode assoc = r.json().at("/associations/companies/results");
        assertThat(assoc.get(0).get("id").asText()).isEqualTo(Long.toString(acme));
        assertThat(assoc.get(0).get("type").asText()).isEqualTo("contact_to_company");
    }

    @Test
    void apply_dealsAndProducts_inAPipelineOfTheSeed_withTheDealsPrimaryCompany() {
        DealPipelines.Pipeline pipeline = SandboxSeed.dealPipeline(server, "Field sales", -1, List.of(
                new DealPipelines.Stage(null, "Met", 0, "0.3", false),
                new DealPipelines.Stage(null, "Won", 1, "1.0", true)));
        SandboxSeed.textProperty(server, "deals", "shop_deal_id", "Shop deal id");
        String won = pipeline.stages().get(1).id();

        SandboxSeed.Result result = SandboxSeed.apply(server, COMPANIES, contacts(), List.of(
                new SandboxSeed.Deal(Map.of("dealname", "Acme renewal", "pipeline", pipeline.id(), "dealstage", won,
                        "shop_deal_id", "crmsync:shop:7"), "acme"),
                new SandboxSeed.Deal(Map.of("dealname", "Loose", "pipeline", "default", "dealstage", "closedwon"),
                        null)),
                List.of(Map.of("name", "Chair", "hs_sku", "404.038.96", "price", "100.00", "description", "A chair")));

        assertThat(result.primaryAssociations()).isEqualTo(2);
        List<SandboxSeed.Stored> deals = SandboxSeed.records(server, "deals");
        assertThat(deals).extracting(d -> d.properties().get("dealstage")).containsExactly(won, "closedwon");
        assertThat(deals.get(0).primaryCompanyId()).isEqualTo(result.companyIds().get("acme"));
        assertThat(deals.get(0).properties()).containsEntry("shop_deal_id", "crmsync:shop:7");
        assertThat(deals.get(1).primaryCompanyId()).isNull();
        assertThat(SandboxSeed.records(server, "products")).singleElement()
                .satisfies(p -> assertThat(p.properties()).containsEntry("hs_sku", "404.038.96"));
        // The seed's pipeline is listed first and kept; asking for it again returns it rather than a second one.
        assertThat(get("/crm/v3/pipelines/deals").json().at("/results/0/label").asText()).isEqualTo("Field sales");
        assertThat(SandboxSeed.dealPipeline(server, "Field sales", 5, List.of()).id()).isEqualTo(pipeline.id());
        assertThat(get("/crm/v3/properties/deals/shop_deal_id").json().get("hubspotDefined").asBoolean()).isFalse();
    }

    @Test
    void apply_dealWithAStageLabelInsteadOfItsId_createsNothing() {
        List<SandboxSeed.Deal> deals = List.of(new SandboxSeed.Deal(Map.of("dealname", "X", "pipeline", "default",
                "dealstage", "Closed won"), "acme"));

        assertThatThrownBy(() -> SandboxSeed.apply(server, COMPANIES, List.of(), deals, List.of()))
                .isInstanceOf(ApiException.class).hasMessageContaining("INVALID_OPTION");
        assertThat(SandboxSeed.records(server, "companies")).isEmpty();
    }

    @Test
    void apply_storeNotEmpty_leavesItUntouched() {
        SandboxSeed.apply(server, COMPANIES, contacts());

        SandboxSeed.Result again = SandboxSeed.apply(server, List.of(new SandboxSeed.Company("x", Map.of("name", "X"))),
                List.of());

        assertThat(again.seeded()).isFalse();
        assertThat(SandboxSeed.records(server, "companies")).extracting(s -> s.properties().get("name"))
                .containsExactly("Acme", "Globex");
    }

    @Test
    void apply_unknownProperty_createsNothing() {
        List<SandboxSeed.Company> bad = List.of(COMPANIES.get(0),
                new SandboxSeed.Company("bad", Map.of("name", "Bad", "no_such_property", "1")));

        assertThatThrownBy(() -> SandboxSeed.apply(server, bad, List.of())).isInstanceOf(ApiException.class);
        assertThat(SandboxSeed.records(server, "companies")).isEmpty();
    }

    @Test
    void records_contacts_carryTheirPrimaryCompanyId() {
        SandboxSeed.Result result = SandboxSeed.apply(server, COMPANIES, contacts());

        List<SandboxSeed.Stored> stored = SandboxSeed.records(server, "contacts");

        assertThat(stored).extracting(SandboxSeed.Stored::primaryCompanyId)
                .containsExactly(result.companyIds().get("acme"), null);
        assertThat(stored.get(1).properties()).containsEntry("email", "bob@example.org");
    }
}
