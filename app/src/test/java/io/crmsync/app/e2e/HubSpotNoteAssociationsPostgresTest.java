package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * An activity's three association sets end to end: HubSpot notes' {@code @contacts}, {@code @companies} and
 * {@code @deals} (sandbox over HTTP, {@code associations: [companies, contacts, deals]}) against three join tables
 * of an embedded PostgreSQL shop. Both directions, an association-only change on each side (including a set
 * emptied), a run with nothing changed writing nothing, and no contact's or deal's primary company moved.
 */
class HubSpotNoteAssociationsPostgresTest extends SandboxPostgresBase {
    private static final String CONFIG = """
            state: jdbc:h2:file:%s
            apps:
              hubspot:
                type: hubspot
                token: %s
                baseUrl: %s
                indexingLagMs: 0
                objects: [companies, contacts, deals, notes]
                associations: [companies, contacts, deals]
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
                  deals:
                    table: deals
                    id: id
                    updatedAt: updated_at
                    properties:
                      dealname: {column: dealname, type: string}
                      dealstage: {column: dealstage, type: enumeration, options: [{value: appointmentscheduled, label: Appointment scheduled}]}
                      pipeline: {column: pipeline, type: enumeration, options: [{value: default, label: Sales Pipeline}]}
                  notes:
                    table: notes
                    id: id
                    updatedAt: updated_at
                    properties:
                      hs_note_body: {column: body, type: string}
                      hs_timestamp: {column: happened_at, type: datetime}
                    associations:
                      contacts: {table: note_contacts, from: note_id, to: contact_id}
                      companies: {table: note_companies, from: note_id, to: company_id}
                      deals: {table: note_deals, from: note_id, to: deal_id}
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
                  notes:
                    types: {hubspot: notes, shop: notes}
                    defaultApp: shop
            """;

    private void associate(String note, String type, String id) throws Exception {
        admin("PUT", "/crm/v4/objects/notes/" + note + "/associations/default/" + type + "/" + id, null);
    }

    /** The ids of the records of {@code type} a HubSpot note is associated with. */
    private Set<String> associated(String note, String type) throws Exception {
        Set<String> out = new TreeSet<>();
        admin("GET", "/crm/v4/objects/notes/" + note + "/associations/" + type, null).path("results")
                .forEach(n -> out.add(n.path("toObjectId").asText()));
        return out;
    }

    /** The typeIds of a HubSpot record's associations to one company. */
    private Set<Integer> companyTypes(String type, String id, String company) throws Exception {
        Set<Integer> out = new TreeSet<>();
        for (JsonNode n : admin("GET", "/crm/v4/objects/" + type + "/" + id + "/associations/companies", null)
                .path("results")) {
            if (n.path("toObjectId").asText().equals(company)) {
                n.path("associationTypes").forEach(t -> out.add(t.path("typeId").asInt()));
            }
        }
        return out;
    }

    /**
     * What a shop note is joined to through one join table: the named column of each associated row, sorted and
     * comma-joined ({@code null} for none).
     */
    private String shopNote(String body, String join, String key, String table, String column) throws Exception {
        return query(pgUrl, "SELECT string_agg(t." + column + ", ',' ORDER BY t." + column + ") FROM " + join
                + " j JOIN notes n ON n.id = j.note_id JOIN " + table + " t ON t.id = j." + key
                + " WHERE n.body = '" + body + "'");
    }

    @Test
    void noteContactsCompaniesDeals_bothDirections_associationOnlyChangesIncludingAnEmptiedSet_thenNoWrites()
            throws Exception {
        String acme = create("companies", "{\"name\":\"Acme\",\"domain\":\"acme.example\"}");
        String ann = create("contacts", "{\"email\":\"ann@acme.example\"}");
        admin("POST", "/crm/v4/associations/contacts/companies/batch/create", "{\"inputs\":[{\"from\":{\"id\":\""
                + ann + "\"},\"to\":{\"id\":\"" + acme + "\"},\"types\":[{\"associationCategory\":"
                + "\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]}]}");
        String big = create("deals", "{\"dealname\":\"Big\",\"dealstage\":\"appointmentscheduled\","
                + "\"pipeline\":\"default\"}");
        String called = create("notes", "{\"hs_note_body\":\"Called Ann\",\"hs_timestamp\":"
                + "\"2026-03-02T09:00:00.000Z\"}");
        associate(called, "contacts", ann);
        associate(called, "companies", acme);
        associate(called, "deals", big);
        exec(pgUrl, "CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT, domain TEXT, updated_at TIMESTAMP)",
                "CREATE TABLE contacts (id SERIAL PRIMARY KEY, email TEXT, updated_at TIMESTAMP)",
                "CREATE TABLE deals (id SERIAL PRIMARY KEY, dealname TEXT, dealstage TEXT, pipeline TEXT,"
                        + " updated_at TIMESTAMP)",
                "CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT, happened_at TIMESTAMPTZ,"
                        + " updated_at TIMESTAMP)",
                "CREATE TABLE note_contacts (note_id INT NOT NULL REFERENCES notes ON DELETE CASCADE,"
                        + " contact_id INT NOT NULL REFERENCES contacts, PRIMARY KEY (note_id, contact_id))",
                "CREATE TABLE note_companies (note_id INT NOT NULL REFERENCES notes ON DELETE CASCADE,"
                        + " company_id INT NOT NULL REFERENCES companies, PRIMARY KEY (note_id, company_id))",
                "CREATE TABLE note_deals (note_id INT NOT NULL REFERENCES notes ON DELETE CASCADE,"
                        + " deal_id INT NOT NULL REFERENCES deals, PRIMARY KEY (note_id, deal_id))",
                "INSERT INTO companies (name, domain, updated_at) VALUES ('Globex', 'globex.example', now())",
                "INSERT INTO contacts (email, updated_at) VALUES ('cy@globex.example', now())",
                "INSERT INTO deals (dealname, dealstage, pipeline, updated_at) VALUES ('Small',"
                        + " 'appointmentscheduled', 'default', now())",
                "INSERT INTO notes (body, happened_at, updated_at) VALUES ('Met Cy', '2026-03-03T10:00:00Z', now())",
                "INSERT INTO note_contacts SELECT n.id, c.id FROM notes n, contacts c",
                "INSERT INTO note_companies SELECT n.id, c.id FROM notes n, companies c",
                "INSERT INTO note_deals SELECT n.id, d.id FROM notes n, deals d");
        Path cfg = writeConfig(CONFIG);

        List<RunReport> first = runAll(cfg);

        assertThat(first).allSatisfy(r -> assertThat(r.failed()).as(r.object()).isEmpty());
        assertThat(shopNote("Called Ann", "note_contacts", "contact_id", "contacts", "email"))
                .isEqualTo("ann@acme.example");
        assertThat(shopNote("Called Ann", "note_companies", "company_id", "companies", "name")).isEqualTo("Acme");
        assertThat(shopNote("Called Ann", "note_deals", "deal_id", "deals", "dealname")).isEqualTo("Big");
        String met = hubspotId("notes", "hs_note_body", "Met Cy");
        String cy = hubspotId("contacts", "email", "cy@globex.example");
        String globex = hubspotId("companies", "name", "Globex");
        String small = hubspotId("deals", "dealname", "Small");
        assertThat(associated(met, "contacts")).containsExactly(cy);
        assertThat(associated(met, "companies")).containsExactly(globex);
        assertThat(associated(met, "deals")).containsExactly(small);
        assertThat(writes(runAll(cfg))).as("nothing changed").isZero();

        // In the shop, only the note's joins change (its updated_at touched, as the README asks): Ann joins its
        // contacts and its only company goes.
        exec(pgUrl, "INSERT INTO note_contacts SELECT n.id, c.id FROM notes n, contacts c WHERE n.body = 'Met Cy'"
                        + " AND c.email = 'ann@acme.example'",
                "DELETE FROM note_companies WHERE note_id = (SELECT id FROM notes WHERE body = 'Met Cy')",
                "UPDATE notes SET updated_at = now() WHERE body = 'Met Cy'");
        List<RunReport> afterShopChange = runAll(cfg);
        assertThat(associated(met, "contacts")).containsExactlyInAnyOrder(cy, ann);
        assertThat(associated(met, "companies")).as("an emptied set empties HubSpot's").isEmpty();
        assertThat(associated(met, "deals")).containsExactly(small);
        assertThat(writes(afterShopChange)).as("one note updated in HubSpot").isEqualTo(1);

        // In HubSpot, only the other note's associations change: Globex added, Big removed (its last deal).
        associate(called, "companies", globex);
        admin("DELETE", "/crm/v4/objects/notes/" + called + "/associations/deals/" + big, null);
        List<RunReport> afterHubSpotChange = runAll(cfg);
        assertThat(shopNote("Called Ann", "note_companies", "company_id", "companies", "name"))
                .isEqualTo("Acme,Globex");
        assertThat(shopNote("Called Ann", "note_deals", "deal_id", "deals", "dealname")).isNull();
        assertThat(shopNote("Called Ann", "note_contacts", "contact_id", "contacts", "email"))
                .isEqualTo("ann@acme.example");
        assertThat(writes(afterHubSpotChange)).as("one note updated in the shop").isEqualTo(1);
        assertThat(writes(runAll(cfg))).as("nothing changed").isZero();

        // Notes' company associations are plain ones: Ann's primary company is still Acme and nothing else.
        assertThat(companyTypes("contacts", ann, acme)).contains(1);
        assertThat(companyTypes("notes", called, acme)).doesNotContain(1, 5, 26);
        assertThat(companyTypes("contacts", ann, globex)).isEmpty();
    }
}
