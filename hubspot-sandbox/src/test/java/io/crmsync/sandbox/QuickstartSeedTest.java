package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link QuickstartSeed}: HubSpot-shaped demo data, seeded once into an empty store. */
class QuickstartSeedTest extends SandboxTestBase {

    /** Every live record of {@code type} (paged through the v3 list), with the given query suffix. */
    List<JsonNode> all(String type, String query) {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        do {
            Response r = get("/crm/v3/objects/" + type + "?limit=100" + query + (after == null ? "" : "&after=" + after));
            assertThat(r.status()).isEqualTo(200);
            r.json().get("results").forEach(out::add);
            after = r.json().has("paging") ? r.json().at("/paging/next/after").asText() : null;
        } while (after != null);
        return out;
    }

    @Test
    void apply_emptyStore_seeds50Companies250ContactsAnd150PrimaryAssociations() {
        QuickstartSeed.Result result = QuickstartSeed.apply(server);
        assertThat(result).isEqualTo(new QuickstartSeed.Result(true, 50, 250, 150));
        assertThat(all("companies", "")).hasSize(50);
        List<JsonNode> contacts = all("contacts", "&associations=companies");
        assertThat(contacts).hasSize(250);
        long withPrimary = contacts.stream().filter(c -> c.has("associations")).peek(c -> {
            JsonNode types = c.at("/associations/companies/results");
            assertThat(types).hasSize(2);
            assertThat(types.get(0).get("type").asText()).isEqualTo("contact_to_company");
        }).count();
        assertThat(withPrimary).isEqualTo(150);
    }

    @Test
    void apply_firstAccountRow_becomesCompanyWithHubSpotProperties() {
        QuickstartSeed.apply(server);
        // Accounts.csv row 1: Zoonoodle 37, 1(302)556-4395, http://1688.com/..., industry n/a, 28549, Newark
        Response r = get("/crm/v3/objects/companies/1?properties=name,domain,phone,industry,numberofemployees,city");
        assertThat(r.status()).isEqualTo(200);
        JsonNode p = r.json().get("properties");
        assertThat(p.get("name").asText()).isEqualTo("Zoonoodle 37");
        assertThat(p.get("domain").asText()).isEqualTo("1688.com");
        assertThat(p.get("phone").asText()).isEqualTo("1(302)556-4395");
        assertThat(p.get("industry").isNull()).isTrue();
        assertThat(p.get("numberofemployees").asText()).isEqualTo("28549");
        assertThat(p.get("city").asText()).isEqualTo("Newark");
        JsonNode second = get("/crm/v3/objects/companies/2?properties=industry").json().get("properties");
        assertThat(second.get("industry").asText()).isEqualTo("Industrial Machinery/Components");
    }

    @Test
    void apply_firstApexContact_hasPropertiesAndPrimaryCompanyOfItsAccountRef() {
        QuickstartSeed.apply(server);
        // Contacts.csv row 1: Sinisbury, Lianna, lsinisbury0@dropbox.com, @AccountRef10, Statistician I, 5624081052
        Response r = get("/crm/v3/objects/contacts/lsinisbury0@dropbox.com?idProperty=email"
                + "&properties=email,firstname,lastname,jobtitle,phone");
        assertThat(r.status()).isEqualTo(200);
        JsonNode p = r.json().get("properties");
        assertThat(p.get("firstname").asText()).isEqualTo("Lianna");
        assertThat(p.get("lastname").asText()).isEqualTo("Sinisbury");
        assertThat(p.get("jobtitle").asText()).isEqualTo("Statistician I");
        assertThat(p.get("phone").asText()).isEqualTo("5624081052");
        Response v4 = get("/crm/v4/objects/contacts/" + r.json().get("id").asText() + "/associations/companies");
        assertThat(v4.json().get("results")).hasSize(1);
        assertThat(v4.json().at("/results/0/toObjectId").asText()).isEqualTo("10");
        assertThat(v4.json().at("/results/0/associationTypes/0/typeId").asInt()).isEqualTo(1);
    }

    @Test
    void apply_storeAlreadyHoldsARecord_seedsNothing() {
        createContact("ada@example.com");
        assertThat(QuickstartSeed.apply(server).seeded()).isFalse();
        assertThat(all("contacts", "")).hasSize(1);
        assertThat(all("companies", "")).isEmpty();
    }

    @Test
    void apply_againAndAfterRestart_doesNotSeedTwice() {
        assertThat(QuickstartSeed.apply(server).seeded()).isTrue();
        assertThat(QuickstartSeed.apply(server).seeded()).isFalse();
        server.stop();
        server = SandboxServer.start(0, dataDir, options());
        assertThat(QuickstartSeed.apply(server)).isEqualTo(new QuickstartSeed.Result(false, 0, 0, 0));
        assertThat(all("companies", "")).hasSize(50);
        assertThat(all("contacts", "")).hasSize(250);
    }

    @Test
    void apply_twoFreshStores_giveTheSameRecordsAndIds(@TempDir Path otherDir) {
        QuickstartSeed.apply(server);
        List<String> first = emailsById();
        server.stop();
        server = SandboxServer.start(0, otherDir, options());
        QuickstartSeed.apply(server);
        assertThat(emailsById()).isEqualTo(first);
    }

    @Test
    void apply_atomicContactCount_isHonouredAndValidated() {
        assertThat(QuickstartSeed.apply(server, 0)).isEqualTo(new QuickstartSeed.Result(true, 50, 150, 150));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuickstartSeed.apply(server, 501))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> emailsById() {
        return all("contacts", "").stream().map(c -> c.get("id").asText() + "=" + c.at("/properties/email").asText())
                .toList();
    }
}
