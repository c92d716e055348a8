package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.records;
import static io.crmsync.app.e2e.Runs.runOnly;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owners between the HubSpot sandbox (owners API, {@code hubspot_owner_id}, over HTTP) and a SQLite shop whose
 * contacts hold a user id: mapped by the user's email in both directions; an owner HubSpot has no active owner for
 * fails that field only while the rest of the record syncs (field case C-15 through HubSpot).
 */
class HubSpotOwnersE2ETest {
    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private SandboxHttp hubspot;
    private Map<String, String> owners;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(0, dir.resolve("hubspot"));
        hubspot = new SandboxHttp(sandbox);
        owners = SandboxSeed.owners(sandbox, List.of(
                new SandboxSeed.OwnerSeed("rep7@example.com", "Rep", "Seven", true),
                new SandboxSeed.OwnerSeed("Rep8@Example.com", "Rep", "Eight", true),
                new SandboxSeed.OwnerSeed("gone@example.com", "Rep", "Gone", false)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    private Path config() throws Exception {
        return writeConfig(dir, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: ${HUBSPOT_TOKEN}
                    baseUrl: http://127.0.0.1:%d
                    objects: [contacts]
                  shop:
                    type: jdbc
                    url: "%s"
                    users: {table: users, id: id, email: email}
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                          owner: {column: owner_id, type: owner}
                syncs:
                  shop-hubspot:
                    apps: [shop, hubspot]
                    objects:
                      contacts:
                        types: {shop: contacts, hubspot: contacts}
                        direction: two-way
                        defaultApp: shop
                        mappings:
                          - {shop: owner, hubspot: hubspot_owner_id}
                """.formatted(dir.resolve("state"), sandbox.port(), shop()));
    }

    private static Map<String, String> env() {
        return Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN);
    }

    private static RunReport run(Path config) {
        return runOnly(config, env());
    }

    private static List<RecordRow> failed(Path config) {
        return records(config, env(), "FAILED");
    }

    /** The HubSpot contact with this email: its id, firstname and hubspot_owner_id. */
    private JsonNode hubspotContact(String email) throws Exception {
        HttpResponse<String> r = hubspot.send("GET", "/crm/v3/objects/contacts/" + email
                + "?idProperty=email&properties=firstname,hubspot_owner_id", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SandboxHttp.JSON.readTree(r.body());
    }

    private static String ownerOf(JsonNode contact) {
        JsonNode v = contact.path("properties").path("hubspot_owner_id");
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    @Test
    void ownerSetInShop_hubSpotGetsTheOwnerIdOfThatEmail_andBackFromHubSpot_shopGetsTheUsersId() throws Exception {
        exec(shop(), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, owner_id INTEGER,"
                        + " updated_at TEXT)",
                "INSERT INTO users VALUES (7, 'REP7@example.com'), (8, 'rep8@example.com')",
                "INSERT INTO contacts VALUES (1, 'c1@example.net', 'Cy', 7, '2026-01-05T10:00:00.000Z')");
        assertThat(hubspot.send("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"h1@example.net\","
                + "\"hubspot_owner_id\":\"" + owners.get("Rep8@Example.com") + "\"}}").statusCode()).isEqualTo(201);
        Path cfg = config();

        RunReport first = run(cfg);

        assertThat(first.counts().createdB()).isEqualTo(1);
        assertThat(first.counts().createdA()).isEqualTo(1);
        assertThat(ownerOf(hubspotContact("c1@example.net"))).isEqualTo(owners.get("rep7@example.com"));
        assertThat(query(shop(), "SELECT owner_id FROM contacts WHERE email = 'h1@example.net'")).isEqualTo("8");
        assertThat(failed(cfg)).isEmpty();

        String c1 = hubspotContact("c1@example.net").get("id").asText();
        assertThat(hubspot.send("PATCH", "/crm/v3/objects/contacts/" + c1, "{\"properties\":{\"hubspot_owner_id\":\""
                + owners.get("Rep8@Example.com") + "\"}}").statusCode()).isEqualTo(200);
        RunReport second = run(cfg);

        assertThat(second.counts().updatedA()).isEqualTo(1);
        assertThat(query(shop(), "SELECT owner_id FROM contacts WHERE email = 'c1@example.net'")).isEqualTo("8");
        assertThat(ownerOf(hubspotContact("h1@example.net"))).isEqualTo(owners.get("Rep8@Example.com"));
        assertThat(run(cfg).counts().writes()).isZero();
    }

    @Test
    void c15_ownerWithNoActiveHubSpotOwner_failsThatFieldOnly_restOfRecordSynced_neverWrittenBack() throws Exception {
        exec(shop(), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, owner_id INTEGER,"
                        + " updated_at TEXT)",
                "INSERT INTO users VALUES (7, 'rep7@example.com'), (9, 'nobody@example.com'),"
                        + " (10, 'gone@example.com')",
                "INSERT INTO contacts VALUES (1, 'c1@example.net', 'Cy', 9, '2026-01-05T10:00:00.000Z'),"
                        + " (2, 'c2@example.net', 'Di', 10, '2026-01-05T10:00:00.000Z')");
        Path cfg = config();

        RunReport first = run(cfg);

        assertThat(first.counts().createdB()).isEqualTo(2);
        for (String email : List.of("c1@example.net", "c2@example.net")) {
            JsonNode contact = hubspotContact(email);
            assertThat(ownerOf(contact)).as(email).isNull();
            assertThat(contact.path("properties").path("firstname").asText()).isIn("Cy", "Di");
        }
        assertThat(failed(cfg)).hasSize(2).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo("INVALID_OPTION");
            assertThat(r.message()).contains("hubspot_owner_id");
        });
        assertThat(failed(cfg)).anySatisfy(r -> assertThat(r.message()).contains("nobody@example.com"))
                .anySatisfy(r -> assertThat(r.message()).contains("gone@example.com"));
        assertThat(query(shop(), "SELECT owner_id FROM contacts WHERE id = 1")).isEqualTo("9");
        assertThat(query(shop(), "SELECT owner_id FROM contacts WHERE id = 2")).isEqualTo("10");

        exec(shop(), "UPDATE contacts SET owner_id = 7, updated_at = '2026-01-06T10:00:00.000Z' WHERE id = 1");
        RunReport second = run(cfg);

        assertThat(second.counts().updatedB()).isEqualTo(1);
        assertThat(ownerOf(hubspotContact("c1@example.net"))).isEqualTo(owners.get("rep7@example.com"));
        assertThat(failed(cfg)).singleElement().satisfies(r -> assertThat(r.message()).contains("gone@example.com"));
        assertThat(query(shop(), "SELECT owner_id FROM contacts WHERE id = 2")).isEqualTo("10");
    }
}
