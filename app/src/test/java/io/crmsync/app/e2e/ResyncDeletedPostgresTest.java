package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.assertNoWrites;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliRun;
import io.crmsync.app.bind.Workspace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmsync restore-deleted} and {@code resync-deleted} between a SQLite crm and two other apps: a shop on a
 * real PostgreSQL (embedded; contacts with their company) and a SQLite web app (contacts). Ann is in all three
 * and belongs to Acme; deleted in the crm, she is restored from both syncs at once as one contact; deleted in the
 * shop, she is re-created there with her company.
 */
class ResyncDeletedPostgresTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @TempDir
    Path dir;
    private String crm;
    private String web;
    private String shop;
    private Path cfg;

    @BeforeEach
    void annOfAcmeInThreeApps() throws Exception {
        crm = "jdbc:sqlite:" + dir.resolve("crm.db");
        web = "jdbc:sqlite:" + dir.resolve("web.db");
        shop = POSTGRES.newDatabase();
        exec(crm, "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, company_id INTEGER"
                        + " REFERENCES companies (id), updated_at TEXT)",
                "INSERT INTO companies VALUES (1, 'Acme', 'acme.example', NULL)",
                "INSERT INTO contacts VALUES (1, 'ann@acme.example', 'Ann', 1, NULL)",
                "INSERT INTO contacts VALUES (2, 'bob@acme.example', 'Bob', 1, NULL)");
        exec(web, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, updated_at TEXT)");
        exec(shop, "CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT, domain TEXT, modified_at TIMESTAMP)",
                "CREATE TABLE customers (id SERIAL PRIMARY KEY, email TEXT, first_name TEXT, company_id INTEGER"
                        + " REFERENCES companies (id), modified_at TIMESTAMP)");
        cfg = writeConfig(dir, """
                state: jdbc:h2:file:%s
                apps:
                  crm:
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
                          firstname: {column: first_name, type: string}
                        associations: {companies: company_id}
                  shop:
                    type: jdbc
                    url: %s
                    objects:
                      companies:
                        table: companies
                        id: id
                        updatedAt: modified_at
                        properties:
                          name: {column: name, type: string}
                          domain: {column: domain, type: string}
                      customers:
                        table: customers
                        id: id
                        updatedAt: modified_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                        associations: {companies: company_id}
                  web:
                    type: jdbc
                    url: %s
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      companies:
                        types: {crm: companies, shop: companies}
                        defaultApp: crm
                      contacts:
                        types: {crm: contacts, shop: customers}
                        defaultApp: crm
                  crm-web:
                    apps: [crm, web]
                    objects:
                      contacts:
                        types: {crm: contacts, web: contacts}
                        defaultApp: crm
                """.formatted(dir.resolve("state"), crm, shop, web));
        runAll(cfg);
        assertThat(query(shop, "SELECT COUNT(*) FROM customers WHERE company_id IS NOT NULL")).isEqualTo("2");
        assertThat(query(web, "SELECT COUNT(*) FROM contacts")).isEqualTo("2");
    }

    private CliRun.Result cli(String... args) {
        return CliRun.withConfig(Map.of(), cfg, args);
    }

    /** FAILED records of one object sync, by reason, from the state store. */
    private Map<String, Integer> failed(String sync, String object) {
        try (Workspace w = Workspace.openStateOnly(cfg, Map.of())) {
            return w.store().runs().stateCounts(w.store().findObjectSyncId(sync, object).orElseThrow())
                    .getOrDefault("FAILED", Map.of());
        }
    }

    @Test
    void contactDeletedInCrm_restoreDeletedFromShopAndWeb_oneContactWithItsCompany_bothLinked_thenNoWrites()
            throws Exception {
        exec(crm, "DELETE FROM contacts WHERE email = 'ann@acme.example'");
        exec(shop, "UPDATE customers SET first_name = 'Anna', modified_at = now() + interval '1 second'"
                + " WHERE email = 'ann@acme.example'");
        exec(web, "UPDATE contacts SET first_name = 'Annie', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now',"
                + " '+1 second') WHERE email = 'ann@acme.example'");
        runAll(cfg);
        assertThat(failed("crm-shop", "contacts")).containsEntry("RECORD_DELETED", 1);
        assertThat(failed("crm-web", "contacts")).containsEntry("RECORD_DELETED", 1);

        CliRun.Result review = cli("restore-deleted", "--object", "contacts", "--into", "crm");
        assertThat(review.code()).isZero();
        assertThat(review.out()).contains("crm-shop/contacts: 1 record deleted in crm, to re-create from shop")
                .contains("crm-web/contacts: 1 record deleted in crm, to re-create from web")
                .contains("nothing written; pass --yes to re-create 2 records in crm");
        assertThat(query(crm, "SELECT COUNT(*) FROM contacts")).isEqualTo("1");

        CliRun.Result r = cli("restore-deleted", "--object", "contacts", "--into", "crm", "--yes");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(query(crm, "SELECT COUNT(*) FROM contacts WHERE email = 'ann@acme.example'")).isEqualTo("1");
        assertThat(query(crm, "SELECT first_name FROM contacts WHERE email = 'ann@acme.example'")).isEqualTo("Anna");
        assertThat(query(crm, "SELECT company_id FROM contacts WHERE email = 'ann@acme.example'")).isEqualTo("1");
        assertThat(r.out()).contains("(existing record, linked)");
        assertThat(failed("crm-shop", "contacts")).isEmpty();
        assertThat(failed("crm-web", "contacts")).isEmpty();
        // The crm is crm-web's default app: its value (re-created from the shop) is written to the web app.
        runAll(cfg);
        assertThat(query(web, "SELECT first_name FROM contacts WHERE email = 'ann@acme.example'")).isEqualTo("Anna");
        assertNoWrites(runAll(cfg));
    }

    @Test
    void customerDeletedInPostgres_resyncIntoShop_recreatedWithCompany_thenNoWrites() throws Exception {
        exec(shop, "DELETE FROM customers WHERE email = 'bob@acme.example'");
        exec(crm, "UPDATE contacts SET first_name = 'Robert', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now',"
                + " '+1 second') WHERE email = 'bob@acme.example'");
        runAll(cfg);
        assertThat(failed("crm-shop", "contacts")).containsEntry("RECORD_DELETED", 1);

        CliRun.Result r = cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop",
                "--yes", "--json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("\"created\":1");
        assertThat(query(shop, "SELECT first_name FROM customers WHERE email = 'bob@acme.example'"))
                .isEqualTo("Robert");
        assertThat(query(shop, "SELECT company_id FROM customers WHERE email = 'bob@acme.example'"))
                .isEqualTo(query(shop, "SELECT id FROM companies WHERE name = 'Acme'"));
        assertThat(failed("crm-shop", "contacts")).isEmpty();
        assertNoWrites(runAll(cfg));
    }
}
