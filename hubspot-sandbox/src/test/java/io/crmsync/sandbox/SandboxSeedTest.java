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
