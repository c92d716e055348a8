package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    private static void exec(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "no row";
        }
    }

    private List<RunReport> run(Path config) {
        try (Workspace w = Workspace.open(config, Map.of())) {
            List<RunReport> out = new ArrayList<>();
            for (Workspace.BoundObjectSync os : w.objectSyncs()) {
                out.add(w.run(os, RunOptions.defaults(), null));
            }
            return out;
        }
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

        List<RunReport> first = run(cfg);

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
        assertThat(run(cfg)).allSatisfy(r -> assertThat(r.counts().writes()).as(r.object()).isZero());
    }
}
