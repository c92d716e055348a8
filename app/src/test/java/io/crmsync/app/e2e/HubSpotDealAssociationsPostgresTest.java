package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Primary companies of deals and contacts between the HubSpot sandbox (over HTTP, {@code associations:
 * [companies]}) and an embedded PostgreSQL shop with {@code company_id} foreign keys: both directions, translated
 * through the companies links; an association-only change in HubSpot reaches the shop through the change feed;
 * setting a deal's primary company in HubSpot leaves other deals' primaries alone; a run with nothing changed
 * writes nothing.
 */
class HubSpotDealAssociationsPostgresTest extends SandboxPostgresBase {
    private static final String CONFIG = """
            state: jdbc:h2:file:%s
            apps:
              hubspot:
                type: hubspot
                token: %s
                baseUrl: %s
                indexingLagMs: 0
                objects: [companies, contacts, deals]
                associations: [companies]
              shop:
                type: jdbc
                url: %s
                objects:
                  companies:
                    table: companies
                    id: id
                    updatedAt: updated_at
                    properties:
                      name: {column: name, type: string}
                      domain: {column: domain, type: string}
                  contacts:
                    table: contacts
                    id: id
                    updatedAt: updated_at
                    properties:
                      email: {column: email, type: string}
                    associations: {companies: company_id}
                  deals:
                    table: deals
                    id: id
                    updatedAt: updated_at
                    properties:
                      dealname: {column: dealname, type: string}
                      dealstage: {column: dealstage, type: string}
                      pipeline: {column: pipeline, type: string}
                    associations: {companies: company_id}
            syncs:
              hubspot-shop:
                apps: [hubspot, shop]
                objects:
                  companies:
                    types: {hubspot: companies, shop: companies}
                    defaultApp: shop
                  contacts:
                    types: {hubspot: contacts, shop: contacts}
                    defaultApp: shop
                  deals:
                    types: {hubspot: deals, shop: deals}
                    defaultApp: shop
            """;

    private List<RunReport> runAll(Path config) {
        try (Workspace w = Workspace.open(config, Map.of())) {
            List<RunReport> out = new ArrayList<>();
            for (Workspace.BoundObjectSync os : w.objectSyncs()) {
                out.add(w.run(os, RunOptions.defaults(), null));
            }
            return out;
        }
    }

    private String create(String type, String properties) throws Exception {
        return admin("POST", "/crm/v3/objects/" + type, "{\"properties\":" + properties + "}").path("id").asText();
    }

    private void makePrimary(String type, String id, String company, int typeId) throws Exception {
        admin("POST", "/crm/v4/associations/" + type + "/companies/batch/create", "{\"inputs\":[{\"from\":{\"id\":\""
                + id + "\"},\"to\":{\"id\":\"" + company + "\"},\"types\":[{\"associationCategory\":"
                + "\"HUBSPOT_DEFINED\",\"associationTypeId\":" + typeId + "}]}]}");
    }

    /** The company ids of a HubSpot record's associations with the given typeId (5 deal, 1 contact primary). */
    private List<String> companies(String type, String id, int typeId) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode n : admin("GET", "/crm/v4/objects/" + type + "/" + id + "/associations/companies", null)
                .path("results")) {
            n.path("associationTypes").forEach(t -> {
                if (t.path("typeId").asInt() == typeId) {
                    out.add(n.path("toObjectId").asText());
                }
            });
        }
        return out;
    }

    /** The HubSpot id of the record of {@code type} whose {@code property} is {@code value}. */
    private String hubspotId(String type, String property, String value) throws Exception {
        for (JsonNode n : admin("GET", "/crm/v3/objects/" + type + "?limit=100&properties=" + property, null)
                .path("results")) {
            if (value.equals(n.path("properties").path(property).asText())) {
                return n.path("id").asText();
            }
        }
        throw new AssertionError("no " + type + " with " + property + " = " + value + " in HubSpot");
    }

    private static void assertNoWrites(List<RunReport> reports) {
        assertThat(reports).allSatisfy(r -> assertThat(r.counts().writes()).as(r.object()).isZero());
    }

    @Test
    void dealAndContactCompanies_bothDirections_associationOnlyChangeInHubSpot_thenNoWrites() throws Exception {
        String acme = create("companies", "{\"name\":\"Acme\",\"domain\":\"acme.example\"}");
        String initech = create("companies", "{\"name\":\"Initech\",\"domain\":\"initech.example\"}");
        String ann = create("contacts", "{\"email\":\"ann@acme.example\"}");
        makePrimary("contacts", ann, acme, 1);
        String big = create("deals", "{\"dealname\":\"Big\",\"dealstage\":\"appointmentscheduled\","
                + "\"pipeline\":\"default\"}");
        makePrimary("deals", big, acme, 5);
        // Initech is on the deal too, but not as its primary company: it is not the deal's company.
        admin("PUT", "/crm/v4/objects/deals/" + big + "/associations/default/companies/" + initech, null);
        exec(pgUrl, "CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT, domain TEXT, updated_at TIMESTAMP)",
                "CREATE TABLE contacts (id SERIAL PRIMARY KEY, email TEXT, company_id INTEGER REFERENCES companies,"
                        + " updated_at TIMESTAMP)",
                "CREATE TABLE deals (id SERIAL PRIMARY KEY, dealname TEXT, dealstage TEXT, pipeline TEXT,"
                        + " company_id INTEGER REFERENCES companies, updated_at TIMESTAMP)",
                "INSERT INTO companies (name, domain, updated_at) VALUES ('Globex', 'globex.example', now())",
                "INSERT INTO contacts (email, company_id, updated_at) VALUES ('gil@globex.example',"
                        + " (SELECT id FROM companies WHERE name = 'Globex'), now())",
                "INSERT INTO deals (dealname, dealstage, pipeline, company_id, updated_at) VALUES ('Small',"
                        + " 'appointmentscheduled', 'default', (SELECT id FROM companies WHERE name = 'Globex'), now())");
        Path cfg = dir.resolve("crmsync.yaml");
        Files.writeString(cfg, CONFIG.formatted(dir.resolve("state").toAbsolutePath(), adminToken(), baseUrl, pgUrl));

        List<RunReport> first = runAll(cfg);

        assertThat(first).extracting(RunReport::object).containsExactly("companies", "contacts", "deals");
        assertThat(first).allSatisfy(r -> assertThat(r.failed()).as(r.object()).isEmpty());
        String acmeInShop = query(pgUrl, "SELECT id FROM companies WHERE name = 'Acme'");
        String initechInShop = query(pgUrl, "SELECT id FROM companies WHERE name = 'Initech'");
        assertThat(query(pgUrl, "SELECT company_id FROM deals WHERE dealname = 'Big'")).isEqualTo(acmeInShop);
        assertThat(query(pgUrl, "SELECT company_id FROM contacts WHERE email = 'ann@acme.example'"))
                .isEqualTo(acmeInShop);
        String globex = hubspotId("companies", "name", "Globex");
        String small = hubspotId("deals", "dealname", "Small");
        assertThat(companies("deals", small, 5)).containsExactly(globex);
        assertThat(companies("contacts", hubspotId("contacts", "email", "gil@globex.example"), 1))
                .containsExactly(globex);
        assertNoWrites(runAll(cfg));

        // In HubSpot, only an association changes: Initech becomes Big's primary company.
        makePrimary("deals", big, initech, 5);
        List<RunReport> afterHubSpotChange = runAll(cfg);
        assertThat(query(pgUrl, "SELECT company_id FROM deals WHERE dealname = 'Big'")).isEqualTo(initechInShop);
        assertThat(afterHubSpotChange.get(2).counts().writes()).isEqualTo(1);

        // In the shop, Small's company becomes Acme: HubSpot makes Acme Small's primary, Big keeps Initech.
        exec(pgUrl, "UPDATE deals SET company_id = " + acmeInShop + ", updated_at = now() WHERE dealname = 'Small'");
        runAll(cfg);
        assertThat(companies("deals", small, 5)).containsExactly(acme);
        assertThat(companies("deals", big, 5)).containsExactly(initech);
        assertNoWrites(runAll(cfg));
    }
}
