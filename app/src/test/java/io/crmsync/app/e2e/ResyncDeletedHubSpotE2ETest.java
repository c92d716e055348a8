package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.assertNoWrites;
import static io.crmsync.app.e2e.Runs.runAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliRun;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmsync resync-deleted} between the HubSpot sandbox (over HTTP, started by the CLI) and a SQLite shop:
 * a contact deleted in either app is re-created from its copy in the other, with its primary company translated
 * through the companies links, and its link syncs again without writes.
 */
class ResyncDeletedHubSpotE2ETest {
    @TempDir
    Path dir;
    Path sandboxDir;
    Path cfg;
    SandboxSeed.Result seeded;

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    @BeforeEach
    void syncAnnAndBobOfAcme() throws Exception {
        sandboxDir = dir.resolve("hubspot");
        try (SandboxServer seed = SandboxServer.start(0, sandboxDir)) {
            seeded = SandboxSeed.apply(seed, List.of(new SandboxSeed.Company("acme", Map.of("name", "Acme",
                    "domain", "acme.example"))), List.of(
                    new SandboxSeed.Contact(Map.of("email", "ann@acme.example", "firstname", "Ann"), "acme"),
                    new SandboxSeed.Contact(Map.of("email", "bob@acme.example", "firstname", "Bob"), "acme")));
        }
        exec(shop(), "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, company_id INTEGER,"
                        + " updated_at TEXT)");
        cfg = dir.resolve("crmsync.yaml");
        Files.writeString(cfg, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    sandbox: "%s"
                    objects: [contacts, companies]
                    associations: [companies]
                  shop:
                    type: jdbc
                    url: "%s"
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                        associations: {companies: company_id}
                      companies:
                        table: companies
                        id: id
                        updatedAt: updated_at
                        properties:
                          name: {column: name, type: string}
                          domain: {column: domain, type: string}
                syncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                      contacts:
                        types: {hubspot: contacts, shop: contacts}
                        defaultApp: hubspot
                      companies:
                        types: {hubspot: companies, shop: companies}
                        defaultApp: hubspot
                """.formatted(dir.resolve("state"), sandboxDir, shop()));
        runAll(cfg);
        assertThat(query(shop(), "SELECT COUNT(*) FROM contacts WHERE company_id IS NOT NULL")).isEqualTo("2");
    }

    private int call(String method, String path, String body) throws Exception {
        try (SandboxServer server = SandboxServer.start(0, sandboxDir)) {
            return new SandboxHttp(server).send(method, path, body).statusCode();
        }
    }

    private SandboxSeed.Stored hubspotContact(String email) {
        try (SandboxServer s = SandboxServer.start(0, sandboxDir)) {
            return SandboxSeed.records(s, "contacts").stream().filter(c -> email.equals(c.properties().get("email")))
                    .findFirst().orElse(null);
        }
    }

    private List<RecordRow> failed() {
        return Runs.records(cfg, Map.of(), "FAILED");
    }

    private CliRun.Result cli(String... args) {
        return CliRun.withConfig(Map.of(), cfg, args);
    }

    @Test
    void contactDeletedInShop_resyncIntoShop_recreatedWithHubSpotValuesAndCompany_thenNoWrites() throws Exception {
        long ann = seeded.contactIds().get(0);
        exec(shop(), "DELETE FROM contacts WHERE email = 'ann@acme.example'");
        assertThat(call("PATCH", "/crm/v3/objects/contacts/" + ann, "{\"properties\":{\"firstname\":\"Anna\"}}"))
                .isEqualTo(200);
        runAll(cfg);
        assertThat(failed()).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("RECORD_DELETED"));

        CliRun.Result review = cli("resync-deleted", "--sync", "hubspot-shop", "--object", "contacts", "--into",
                "shop");
        assertThat(review.code()).isZero();
        assertThat(review.out()).contains("hubspot " + ann + "  ann@acme.example  (deleted in shop: ")
                .contains("nothing written; pass --yes");
        assertThat(query(shop(), "SELECT COUNT(*) FROM contacts WHERE email = 'ann@acme.example'")).isEqualTo("0");

        CliRun.Result r = cli("resync-deleted", "--sync", "hubspot-shop", "--object", "contacts", "--into", "shop",
                "--yes");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(query(shop(), "SELECT first_name FROM contacts WHERE email = 'ann@acme.example'"))
                .isEqualTo("Anna");
        assertThat(query(shop(), "SELECT company_id FROM contacts WHERE email = 'ann@acme.example'"))
                .isEqualTo(query(shop(), "SELECT id FROM companies WHERE name = 'Acme'"));
        assertThat(failed()).isEmpty();
        assertNoWrites(runAll(cfg));
    }

    @Test
    void contactDeletedInHubSpot_resyncIntoHubSpotByShopId_recreatedWithPrimaryCompany_thenNoWrites()
            throws Exception {
        long bob = seeded.contactIds().get(1);
        String bobInShop = query(shop(), "SELECT id FROM contacts WHERE email = 'bob@acme.example'");
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + bob, "")).isEqualTo(204);
        exec(shop(), "UPDATE contacts SET first_name = 'Robert', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now',"
                + " '+1 second') WHERE id = " + bobInShop);
        runAll(cfg);
        assertThat(failed()).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("RECORD_DELETED"));
        assertThat(hubspotContact("bob@acme.example")).isNull();

        CliRun.Result r = cli("resync-deleted", "--sync", "hubspot-shop", "--object", "contacts", "--into",
                "hubspot", "--ids", bobInShop, "--yes");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        SandboxSeed.Stored again = hubspotContact("bob@acme.example");
        assertThat(again).isNotNull();
        assertThat(again.id()).isNotEqualTo(bob);
        assertThat(again.properties()).containsEntry("firstname", "Robert");
        assertThat(again.primaryCompanyId()).isEqualTo(seeded.companyIds().get("acme"));
        assertThat(r.out()).contains("shop " + bobInShop + " → hubspot " + again.id());
        assertThat(failed()).isEmpty();
        assertNoWrites(runAll(cfg));
    }
}
