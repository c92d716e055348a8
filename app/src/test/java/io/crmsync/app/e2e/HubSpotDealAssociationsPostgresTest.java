package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.assertNoWrites;
import static io.crmsync.app.e2e.Runs.report;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Primary companies of deals and contacts between the HubSpot sandbox (over HTTP, {@code associations:
 * [companies]}) and an embedded PostgreSQL shop with {@code company_id} foreign keys: both directions, translated
 * through the companies links; an association-only change in HubSpot reaches the shop through the change feed;
 * setting a deal's primary company in HubSpot leaves other deals' primaries alone; a run with nothing changed
 * writes nothing. Then deals' contacts as sets ({@code associations: [companies, contacts]}): HubSpot's
 * {@code @contacts} against a PostgreSQL join table kept fresh by the README's trigger.
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
                      dealstage: {column: dealstage, type: enumeration, options: [{value: appointmentscheduled, label: Appointment scheduled}]}
                      pipeline: {column: pipeline, type: enumeration, options: [{value: default, label: Sales Pipeline}]}
                    associations:
                      companies: company_id
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

    /** Deals with their primary company and all their contacts; the shop's contacts in a join table. */
    private static final String CONTACTS_CONFIG = CONFIG
            .replace("associations: [companies]\n", "associations: [companies, contacts]\n")
            .replace("\n          companies: company_id\n", "\n          companies: company_id\n"
                    + "          contacts: {table: deal_contacts, from: deal_id, to: contact_id}\n");

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
        Path cfg = writeConfig(CONFIG);

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

    /** The ids of the contacts a HubSpot deal is associated with, as HubSpot holds them (v4 record list). */
    private Set<String> dealContacts(String deal) throws Exception {
        Set<String> out = new TreeSet<>();
        admin("GET", "/crm/v4/objects/deals/" + deal + "/associations/contacts", null).path("results")
                .forEach(n -> out.add(n.path("toObjectId").asText()));
        return out;
    }

    /** The emails of the shop contacts joined to the shop deal named {@code dealname}, sorted, comma-joined. */
    private String shopDealContacts(String dealname) throws Exception {
        return query(pgUrl, "SELECT string_agg(c.email, ',' ORDER BY c.email) FROM deal_contacts dc"
                + " JOIN deals d ON d.id = dc.deal_id JOIN contacts c ON c.id = dc.contact_id"
                + " WHERE d.dealname = '" + dealname + "'");
    }

    /** The deals object sync's records in {@code state}, from the state store. */
    private static List<RecordRow> dealRecords(Path config, String state) {
        try (Workspace w = Workspace.openStateOnly(config, Map.of())) {
            ObjectSyncRef os = w.declared("hubspot-shop", "deals").get(0);
            long id = w.store().objectSyncId(os.sync(), os.object(), os.typeA(), os.typeB());
            return w.store().runs().records(id, state, null, null, 1000);
        }
    }

    @Test
    void dealContacts_hubSpotSetAndShopJoinTable_addRemoveBothSides_unlinkedContactRetried_thenNoWrites()
            throws Exception {
        String acme = create("companies", "{\"name\":\"Acme\",\"domain\":\"acme.example\"}");
        String ann = create("contacts", "{\"email\":\"ann@acme.example\"}");
        String bob = create("contacts", "{\"email\":\"bob@acme.example\"}");
        makePrimary("contacts", ann, acme, 1);
        String big = create("deals", "{\"dealname\":\"Big\",\"dealstage\":\"appointmentscheduled\","
                + "\"pipeline\":\"default\"}");
        String other = create("deals", "{\"dealname\":\"Other\",\"dealstage\":\"appointmentscheduled\","
                + "\"pipeline\":\"default\"}");
        makePrimary("deals", big, acme, 5);
        makePrimary("deals", other, acme, 5);
        for (String contact : List.of(ann, bob)) {
            admin("PUT", "/crm/v4/objects/deals/" + big + "/associations/default/contacts/" + contact, null);
        }
        admin("PUT", "/crm/v4/objects/deals/" + other + "/associations/default/contacts/" + ann, null);
        exec(pgUrl, "CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT, domain TEXT, updated_at TIMESTAMP)",
                "CREATE TABLE contacts (id SERIAL PRIMARY KEY, email TEXT, company_id INTEGER REFERENCES companies,"
                        + " updated_at TIMESTAMP)",
                "CREATE TABLE deals (id SERIAL PRIMARY KEY, dealname TEXT, dealstage TEXT, pipeline TEXT,"
                        + " company_id INTEGER REFERENCES companies, updated_at TIMESTAMP)",
                "CREATE TABLE deal_contacts (deal_id INTEGER NOT NULL REFERENCES deals ON DELETE CASCADE,"
                        + " contact_id INTEGER NOT NULL REFERENCES contacts, PRIMARY KEY (deal_id, contact_id))",
                // The README's trigger: a join row written by any program moves its deal's updated_at.
                "CREATE FUNCTION touch_deal() RETURNS trigger AS $$ BEGIN UPDATE deals SET updated_at ="
                        + " clock_timestamp() WHERE id = CASE TG_OP WHEN 'DELETE' THEN OLD.deal_id ELSE NEW.deal_id"
                        + " END; RETURN NULL; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER deal_contacts_touch AFTER INSERT OR UPDATE OR DELETE ON deal_contacts"
                        + " FOR EACH ROW EXECUTE FUNCTION touch_deal()",
                "INSERT INTO companies (name, domain, updated_at) VALUES ('Globex', 'globex.example', now())",
                "INSERT INTO contacts (email, company_id, updated_at) SELECT e, id, now() FROM companies,"
                        + " (VALUES ('cy@globex.example'), ('dee@globex.example')) AS v(e)",
                "INSERT INTO deals (dealname, dealstage, pipeline, company_id, updated_at) SELECT 'Small',"
                        + " 'appointmentscheduled', 'default', id, now() FROM companies",
                "INSERT INTO deal_contacts SELECT d.id, c.id FROM deals d, contacts c");
        Path cfg = writeConfig(CONTACTS_CONFIG);

        List<RunReport> first = runAll(cfg);

        assertThat(first).allSatisfy(r -> assertThat(r.failed()).as(r.object()).isEmpty());
        assertThat(shopDealContacts("Big")).isEqualTo("ann@acme.example,bob@acme.example");
        assertThat(shopDealContacts("Other")).isEqualTo("ann@acme.example");
        String small = hubspotId("deals", "dealname", "Small");
        String cy = hubspotId("contacts", "email", "cy@globex.example");
        String dee = hubspotId("contacts", "email", "dee@globex.example");
        assertThat(dealContacts(small)).containsExactlyInAnyOrder(cy, dee);
        String globex = hubspotId("companies", "name", "Globex");
        assertThat(companies("deals", small, 5)).containsExactly(globex);
        assertNoWrites(runAll(cfg));

        // In HubSpot, only Big's contacts change: Bob leaves, Cy joins.
        admin("DELETE", "/crm/v4/objects/deals/" + big + "/associations/contacts/" + bob, null);
        admin("PUT", "/crm/v4/objects/deals/" + big + "/associations/default/contacts/" + cy, null);
        List<RunReport> afterHubSpotChange = runAll(cfg);
        assertThat(shopDealContacts("Big")).isEqualTo("ann@acme.example,cy@globex.example");
        assertThat(report(afterHubSpotChange, "deals").counts().updatedB()).isEqualTo(1);
        assertThat(writes(afterHubSpotChange)).as("only Big's join rows").isEqualTo(1);

        // In the shop, only Small's join rows change (the trigger touches the deal): Dee leaves, Ann joins.
        exec(pgUrl, "DELETE FROM deal_contacts WHERE contact_id = (SELECT id FROM contacts WHERE email ="
                        + " 'dee@globex.example') AND deal_id = (SELECT id FROM deals WHERE dealname = 'Small')",
                "INSERT INTO deal_contacts SELECT d.id, c.id FROM deals d, contacts c WHERE d.dealname = 'Small'"
                        + " AND c.email = 'ann@acme.example'");
        List<RunReport> afterShopChange = runAll(cfg);
        assertThat(dealContacts(small)).containsExactlyInAnyOrder(cy, ann);
        assertThat(report(afterShopChange, "deals").counts().updatedA()).isEqualTo(1);
        assertThat(writes(afterShopChange)).as("only Small's contacts in HubSpot").isEqualTo(1);

        // Eve (HubSpot) and Fay (shop) have no email, so they are never linked: Big and Small cannot be written
        // whole and fail ASSOCIATION, each naming the contact at fault.
        String eve = create("contacts", "{\"firstname\":\"Eve\"}");
        admin("PUT", "/crm/v4/objects/deals/" + big + "/associations/default/contacts/" + eve, null);
        exec(pgUrl, "INSERT INTO contacts (email, updated_at) VALUES (NULL, now())",
                "INSERT INTO deal_contacts SELECT d.id, c.id FROM deals d, contacts c WHERE d.dealname = 'Small'"
                        + " AND c.email IS NULL");
        String fay = query(pgUrl, "SELECT id FROM contacts WHERE email IS NULL");
        String smallInShop = query(pgUrl, "SELECT id FROM deals WHERE dealname = 'Small'");
        List<RunReport> unlinked = runAll(cfg);
        assertThat(report(unlinked, "deals").failed()).containsEntry("ASSOCIATION", 2);
        assertThat(dealRecords(cfg, "FAILED")).hasSize(2).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo("ASSOCIATION");
            assertThat(r.message()).contains(big.equals(r.idA()) ? eve : fay);
        }).extracting(RecordRow::idB).contains(smallInShop);
        assertThat(shopDealContacts("Big")).as("a partial set is never written")
                .isEqualTo("ann@acme.example,cy@globex.example");
        assertThat(dealContacts(small)).containsExactlyInAnyOrder(cy, ann);

        // Once they have an email they are created on the other side and linked, and the deals' contacts follow
        // in the same run.
        admin("PATCH", "/crm/v3/objects/contacts/" + eve, "{\"properties\":{\"email\":\"eve@acme.example\"}}");
        exec(pgUrl, "UPDATE contacts SET email = 'fay@globex.example', updated_at = now() WHERE id = " + fay);
        List<RunReport> linked = runAll(cfg);
        assertThat(report(linked, "contacts").counts().createdB()).isEqualTo(1);
        assertThat(report(linked, "contacts").counts().createdA()).isEqualTo(1);
        assertThat(shopDealContacts("Big")).isEqualTo("ann@acme.example,cy@globex.example,eve@acme.example");
        assertThat(dealContacts(small)).containsExactlyInAnyOrder(cy, ann,
                hubspotId("contacts", "email", "fay@globex.example"));
        assertThat(dealRecords(cfg, "FAILED")).isEmpty();
        assertNoWrites(runAll(cfg));

        // No primary company moved as a side effect of all the contact changes.
        assertThat(companies("deals", big, 5)).containsExactly(acme);
        assertThat(companies("deals", other, 5)).containsExactly(acme);
        assertThat(companies("deals", small, 5)).containsExactly(globex);
        assertThat(companies("contacts", ann, 1)).containsExactly(acme);
        assertThat(companies("contacts", cy, 1)).containsExactly(globex);
        assertThat(dealContacts(other)).containsExactly(ann);
        assertThat(query(pgUrl, "SELECT g.name FROM contacts c JOIN companies g ON g.id = c.company_id"
                + " WHERE c.email = 'ann@acme.example'")).isEqualTo("Acme");
        assertThat(query(pgUrl, "SELECT count(*) FROM contacts WHERE company_id IS NULL")).as("Bob, Eve, Fay")
                .isEqualTo("3");
    }

    /** The shop's tables (companies, contacts, deals, deal_contacts), empty; returns the CONTACTS_CONFIG file. */
    private Path contactsShop() throws Exception {
        exec(pgUrl, "CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT, domain TEXT, updated_at TIMESTAMP)",
                "CREATE TABLE contacts (id SERIAL PRIMARY KEY, email TEXT, company_id INTEGER REFERENCES companies,"
                        + " updated_at TIMESTAMP)",
                "CREATE TABLE deals (id SERIAL PRIMARY KEY, dealname TEXT, dealstage TEXT, pipeline TEXT,"
                        + " company_id INTEGER REFERENCES companies, updated_at TIMESTAMP)",
                "CREATE TABLE deal_contacts (deal_id INTEGER NOT NULL REFERENCES deals ON DELETE CASCADE,"
                        + " contact_id INTEGER NOT NULL REFERENCES contacts, PRIMARY KEY (deal_id, contact_id))");
        return writeConfig(CONTACTS_CONFIG);
    }

    /** The number of HubSpot deals named {@code dealname}. */
    private int hubspotDeals(String dealname) throws Exception {
        int n = 0;
        for (JsonNode d : admin("GET", "/crm/v3/objects/deals?limit=100&properties=dealname", null).path("results")) {
            n += dealname.equals(d.path("properties").path("dealname").asText()) ? 1 : 0;
        }
        return n;
    }

    @Test
    void newShopDeal_withAContactArchivedInHubSpot_createdOnceFailsAssociation_neverDuplicated() throws Exception {
        String ann = create("contacts", "{\"email\":\"ann@acme.example\"}");
        create("contacts", "{\"email\":\"bob@acme.example\"}");
        Path cfg = contactsShop();
        runAll(cfg);
        // Ann is deleted in HubSpot; her link stays (deletes are not propagated), so the shop's Ann still maps
        // to her. A new shop deal names Ann and Bob: HubSpot creates the deal but refuses Ann.
        admin("DELETE", "/crm/v3/objects/contacts/" + ann, null);
        exec(pgUrl, "INSERT INTO deals (dealname, dealstage, pipeline, updated_at) VALUES ('Fresh',"
                        + " 'appointmentscheduled', 'default', now())",
                "INSERT INTO deal_contacts SELECT d.id, c.id FROM deals d, contacts c");

        List<RunReport> first = runAll(cfg);
        List<RunReport> second = runAll(cfg);

        assertThat(hubspotDeals("Fresh")).as("created once, whatever its contacts").isEqualTo(1);
        assertThat(query(pgUrl, "SELECT count(*) FROM deals WHERE dealname = 'Fresh'")).isEqualTo("1");
        assertThat(report(first, "deals").failed()).containsEntry("ASSOCIATION", 1);
        assertThat(dealRecords(cfg, "FAILED")).singleElement().satisfies(r -> {
            assertThat(r.idA()).as("linked to the deal HubSpot made").isEqualTo(hubspotId("deals", "dealname",
                    "Fresh"));
            assertThat(r.reason()).isEqualTo("ASSOCIATION");
            assertThat(r.message()).contains(ann);
        });
        assertThat(report(second, "deals").counts().createdA() + report(second, "deals").counts().createdB())
                .isZero();
        assertThat(dealContacts(hubspotId("deals", "dealname", "Fresh"))).as("a set is written whole or not at all")
                .isEmpty();
    }

    @Test
    void newShopDeal_hubSpotFailsItsContactsCallSixTimes_retriedAsAnUpdate_oneDealWithItsContact() throws Exception {
        create("contacts", "{\"email\":\"bob@acme.example\"}");
        Path cfg = contactsShop();
        runAll(cfg);
        exec(pgUrl, "INSERT INTO deals (dealname, dealstage, pipeline, updated_at) VALUES ('Retried',"
                        + " 'appointmentscheduled', 'default', now())",
                "INSERT INTO deal_contacts SELECT d.id, c.id FROM deals d, contacts c");
        // Every try the connector makes of the associations call fails: the deal is made, its contact is not, and
        // the engine tries the record again within the run.
        admin("POST", "/_sandbox/faults", "{\"rules\":[{\"path\":\"/batch/associate/default\",\"status\":500,"
                + "\"times\":6}]}");

        List<RunReport> reports = runAll(cfg);

        assertThat(hubspotDeals("Retried")).as("created once").isEqualTo(1);
        String retried = hubspotId("deals", "dealname", "Retried");
        assertThat(dealContacts(retried)).containsExactly(hubspotId("contacts", "email", "bob@acme.example"));
        assertThat(report(reports, "deals").failed()).isEmpty();
        assertThat(dealRecords(cfg, "SYNCING")).singleElement().extracting(RecordRow::idA).isEqualTo(retried);
        assertNoWrites(runAll(cfg));
    }

    @Test
    void hubSpotDealRenamedAndGivenAContactDeletedInTheShop_nameWritten_contactsFailAssociation() throws Exception {
        String ann = create("contacts", "{\"email\":\"ann@acme.example\"}");
        String bob = create("contacts", "{\"email\":\"bob@acme.example\"}");
        String big = create("deals", "{\"dealname\":\"Big\",\"dealstage\":\"appointmentscheduled\","
                + "\"pipeline\":\"default\"}");
        admin("PUT", "/crm/v4/objects/deals/" + big + "/associations/default/contacts/" + ann, null);
        Path cfg = contactsShop();
        runAll(cfg);
        assertThat(shopDealContacts("Big")).isEqualTo("ann@acme.example");
        // Bob is deleted in the shop (deletes are not propagated: his link stays), then HubSpot renames Big and
        // adds Bob to it: the shop's foreign key refuses Bob's join row.
        exec(pgUrl, "DELETE FROM contacts WHERE email = 'bob@acme.example'");
        admin("PATCH", "/crm/v3/objects/deals/" + big, "{\"properties\":{\"dealname\":\"Bigger\"}}");
        admin("PUT", "/crm/v4/objects/deals/" + big + "/associations/default/contacts/" + bob, null);

        List<RunReport> reports = runAll(cfg);

        assertThat(report(reports, "deals").failed()).containsEntry("ASSOCIATION", 1);
        assertThat(query(pgUrl, "SELECT count(*) FROM deals WHERE dealname = 'Bigger'")).as("the rest is written")
                .isEqualTo("1");
        assertThat(shopDealContacts("Bigger")).as("the set is left as it was").isEqualTo("ann@acme.example");
        assertThat(dealRecords(cfg, "FAILED")).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("ASSOCIATION");
            assertThat(r.message()).contains("@contacts");
        });
        assertThat(report(runAll(cfg), "deals").counts().updatedB()).as("only the refused contacts are tried again")
                .isZero();
    }
}
