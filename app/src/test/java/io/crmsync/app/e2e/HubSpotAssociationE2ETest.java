package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.assertNoWrites;
import static io.crmsync.app.e2e.Runs.runAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact → primary company between the HubSpot sandbox (over HTTP) and a SQLite shop with a company foreign key:
 * both directions, translated through the companies links, and a second run writes nothing.
 */
class HubSpotAssociationE2ETest {
    @TempDir
    Path dir;

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    @Test
    void primaryCompany_hubspotToShopAndShopToHubSpot_throughCompanyLinks_thenNoWrites() throws Exception {
        Path sandboxDir = dir.resolve("hubspot");
        try (SandboxServer seed = SandboxServer.start(0, sandboxDir)) {
            SandboxSeed.apply(seed, List.of(new SandboxSeed.Company("acme", Map.of("name", "Acme",
                    "domain", "acme.example"))), List.of(new SandboxSeed.Contact(Map.of("email", "ann@acme.example"),
                    "acme")));
        }
        exec(shop(), "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, company_id INTEGER, updated_at TEXT)",
                "INSERT INTO companies VALUES (5, 'Globex', 'globex.example', NULL)",
                "INSERT INTO contacts VALUES (9, 'gil@globex.example', 5, NULL)");
        Path cfg = dir.resolve("crmsync.yaml");
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
                syncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                      contacts:
                        types: {hubspot: contacts, shop: contacts}
                        defaultApp: shop
                      companies:
                        types: {hubspot: companies, shop: companies}
                        defaultApp: shop
                """.formatted(dir.resolve("state"), sandboxDir, shop()));

        List<RunReport> first = runAll(cfg);

        assertThat(first).extracting(RunReport::object).containsExactly("companies", "contacts");
        String acmeInShop = query(shop(), "SELECT id FROM companies WHERE name = 'Acme'");
        assertThat(query(shop(), "SELECT company_id FROM contacts WHERE email = 'ann@acme.example'"))
                .isEqualTo(acmeInShop);
        try (SandboxServer after = SandboxServer.start(0, sandboxDir)) {
            long globex = SandboxSeed.records(after, "companies").stream()
                    .filter(c -> "Globex".equals(c.properties().get("name"))).findFirst().orElseThrow().id();
            assertThat(SandboxSeed.records(after, "contacts").stream()
                    .filter(c -> "gil@globex.example".equals(c.properties().get("email"))).findFirst().orElseThrow()
                    .primaryCompanyId()).isEqualTo(globex);
        }
        assertNoWrites(runAll(cfg));
    }

    /** One raw call to a sandbox on {@code sandboxDir}, started for it. */
    private static int call(Path sandboxDir, String method, String path, String body) throws Exception {
        try (SandboxServer server = SandboxServer.start(0, sandboxDir)) {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + server.port() + path))
                    .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN)
                    .header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            return java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }

    private static Long primaryOf(Path sandboxDir, String email) {
        try (SandboxServer s = SandboxServer.start(0, sandboxDir)) {
            return SandboxSeed.records(s, "contacts").stream().filter(c -> email.equals(c.properties().get("email")))
                    .findFirst().orElseThrow().primaryCompanyId();
        }
    }

    @Test
    void c16_secondCompanyAddedAsNonPrimary_changesNothing_thenPrimarySetInShop_isSetExplicitly() throws Exception {
        Path sandboxDir = dir.resolve("hubspot");
        SandboxSeed.Result seeded;
        try (SandboxServer seed = SandboxServer.start(0, sandboxDir)) {
            seeded = SandboxSeed.apply(seed, List.of(
                    new SandboxSeed.Company("contoso", Map.of("name", "Contoso", "domain", "contoso.example")),
                    new SandboxSeed.Company("fabrikam", Map.of("name", "Fabrikam", "domain", "fabrikam.example"))),
                    List.of(new SandboxSeed.Contact(Map.of("email", "c1@contoso.example"), "contoso")));
        }
        long contoso = seeded.companyIds().get("contoso");
        long fabrikam = seeded.companyIds().get("fabrikam");
        long c1 = seeded.contactIds().get(0);
        exec(shop(), "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, company_id INTEGER, updated_at TEXT)",
                "INSERT INTO companies VALUES (1, 'Contoso', 'contoso.example', '2026-01-01T00:00:00.000Z'),"
                        + " (2, 'Fabrikam', 'fabrikam.example', '2026-01-01T00:00:00.000Z')",
                "INSERT INTO contacts VALUES (11, 'c1@contoso.example', 1, '2026-01-01T00:00:00.000Z')");
        Path cfg = dir.resolve("crmsync.yaml");
        Files.writeString(cfg, Files.readString(Path.of("src/test/resources/e2e/hubspot-shop-associations.yaml"))
                .formatted(dir.resolve("state"), sandboxDir, shop()));
        assertNoWrites(runAll(cfg));

        // (1) In HubSpot, Fabrikam is added to c1 as a second, unlabeled company: not a change of the primary.
        assertThat(call(sandboxDir, "PUT", "/crm/v4/objects/contacts/" + c1 + "/associations/default/companies/"
                + fabrikam, "")).isEqualTo(200);
        // An edit as well, so that the change feed reads c1 again with both of its companies.
        assertThat(call(sandboxDir, "PATCH", "/crm/v3/objects/contacts/" + c1,
                "{\"properties\":{\"firstname\":\"Casey\"}}")).isEqualTo(200);
        assertNoWrites(runAll(cfg));
        assertThat(query(shop(), "SELECT company_id FROM contacts WHERE id = 11")).isEqualTo("1");
        assertThat(primaryOf(sandboxDir, "c1@contoso.example")).isEqualTo(contoso);

        // (2) In the shop, k1's company becomes Fabrikam: HubSpot's primary is set to it, explicitly.
        exec(shop(), "UPDATE contacts SET company_id = 2, updated_at = '2026-02-01T00:00:00.000Z' WHERE id = 11");
        List<RunReport> second = runAll(cfg);

        assertThat(second.get(1).counts().updatedA()).isEqualTo(1);
        assertThat(primaryOf(sandboxDir, "c1@contoso.example")).isEqualTo(fabrikam);
        assertNoWrites(runAll(cfg));
    }
}
