package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.assertNoWrites;
import static io.crmsync.app.e2e.Runs.report;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the config file: deals with their company (a foreign key) and their contacts (a join table)
 * between a SQLite file ("crm") and an embedded PostgreSQL ("shop"), companies and contacts synced first.
 */
class DealAssociationsPostgresTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @TempDir
    Path dir;
    private String crm;
    private String shop;

    @BeforeEach
    void createTables() throws SQLException {
        crm = "jdbc:sqlite:" + dir.resolve("crm.db");
        exec(crm, "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, updated_at TEXT)",
                "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, company_id INTEGER, updated_at TEXT)",
                "CREATE TABLE deal_contacts (deal_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,"
                        + " PRIMARY KEY (deal_id, contact_id))");
        shop = POSTGRES.newDatabase();
        exec(shop, "CREATE TABLE organisations (id SERIAL PRIMARY KEY, name TEXT, domain TEXT, modified_at TIMESTAMPTZ)",
                "CREATE TABLE people (id SERIAL PRIMARY KEY, email TEXT UNIQUE, modified_at TIMESTAMPTZ)",
                "CREATE TABLE opportunities (id SERIAL PRIMARY KEY, title TEXT,"
                        + " organisation_id INT REFERENCES organisations, person_id INT REFERENCES people,"
                        + " modified_at TIMESTAMPTZ)",
                "CREATE TABLE opportunity_people (opportunity_id INT NOT NULL REFERENCES opportunities"
                        + " ON DELETE CASCADE, person_id INT NOT NULL REFERENCES people,"
                        + " PRIMARY KEY (opportunity_id, person_id))");
    }

    /**
     * @param shopContacts the shop's deal → contacts association: a join table, or the single foreign key
     *                     {@code person_id}
     */
    private Path config(String shopContacts) throws Exception {
        String yaml = """
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
                          name: {column: name}
                          domain: {column: domain}
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email}
                      deals:
                        table: deals
                        id: id
                        updatedAt: updated_at
                        properties:
                          name: {column: name}
                        associations:
                          companies: company_id
                          contacts: {table: deal_contacts, from: deal_id, to: contact_id}
                  shop:
                    type: jdbc
                    url: %s
                    objects:
                      organisations:
                        table: organisations
                        id: id
                        updatedAt: modified_at
                        properties:
                          name: {column: name}
                          domain: {column: domain}
                      people:
                        table: people
                        id: id
                        updatedAt: modified_at
                        properties:
                          email: {column: email}
                      opportunities:
                        table: opportunities
                        id: id
                        updatedAt: modified_at
                        properties:
                          title: {column: title}
                        associations:
                          organisations: organisation_id
                          people: %s
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      deals:
                        types: {crm: deals, shop: opportunities}
                        defaultApp: crm
                        mappings:
                          - {crm: name, shop: title}
                          - {crm: "@companies", shop: "@organisations"}
                          - {crm: "@contacts", shop: "@people"}
                      companies:
                        types: {crm: companies, shop: organisations}
                        defaultApp: crm
                        match: {crm: domain, shop: domain}
                      contacts:
                        types: {crm: contacts, shop: people}
                        defaultApp: crm
                        match: {crm: email, shop: email}
                """.formatted(dir.resolve("state"), crm, shop, shopContacts);
        return writeConfig(dir, yaml);
    }

    private static final String JOIN = "{table: opportunity_people, from: opportunity_id, to: person_id}";

    private static Set<String> column(String url, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Set<String> shopPeopleOf(String title) throws SQLException {
        return column(shop, "SELECT p.email FROM opportunity_people op JOIN opportunities o ON o.id = op.opportunity_id"
                + " JOIN people p ON p.id = op.person_id WHERE o.title = '" + title + "'");
    }

    private Set<String> crmContactsOf(String name) throws SQLException {
        return column(crm, "SELECT c.email FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id"
                + " JOIN contacts c ON c.id = dc.contact_id WHERE d.name = '" + name + "'");
    }

    @Test
    void dealContactsAndCompany_joinTablesOnBothSides_syncedBothWays_thenNoWrites_thenAssociationOnlyChanges()
            throws Exception {
        exec(crm, "INSERT INTO companies VALUES (1, 'Acme', 'acme.example', '2024-01-01T00:00:00Z')",
                "INSERT INTO contacts VALUES (1, 'ann@acme.example', '2024-01-01T00:00:00Z'),"
                        + " (2, 'bob@acme.example', '2024-01-01T00:00:00Z')",
                "INSERT INTO deals VALUES (1, 'Big', 1, '2024-01-01T00:00:00Z')",
                "INSERT INTO deal_contacts VALUES (1, 1), (1, 2)");
        exec(shop, "INSERT INTO organisations (name, domain, modified_at) VALUES ('Globex', 'globex.example', now())",
                "INSERT INTO people (email, modified_at) VALUES ('cy@globex.example', now()),"
                        + " ('dee@globex.example', now())",
                "INSERT INTO opportunities (title, organisation_id, modified_at) VALUES ('Small', 1, now())",
                "INSERT INTO opportunity_people VALUES (1, 1), (1, 2)");
        Path cfg = config(JOIN);

        List<RunReport> first = runAll(cfg);

        assertThat(first).extracting(RunReport::object).endsWith("deals");
        assertThat(report(first, "deals").counts().createdA()).isEqualTo(1);
        assertThat(report(first, "deals").counts().createdB()).isEqualTo(1);
        assertThat(shopPeopleOf("Big")).containsExactly("ann@acme.example", "bob@acme.example");
        assertThat(query(shop, "SELECT g.domain FROM opportunities o JOIN organisations g ON g.id = o.organisation_id"
                + " WHERE o.title = 'Big'")).isEqualTo("acme.example");
        assertThat(crmContactsOf("Small")).containsExactly("cy@globex.example", "dee@globex.example");
        assertThat(query(crm, "SELECT c.domain FROM deals d JOIN companies c ON c.id = d.company_id"
                + " WHERE d.name = 'Small'")).isEqualTo("globex.example");

        assertNoWrites(runAll(cfg));

        // Association-only changes by other programs, which touch the deal's updated-at as documented: the shop
        // adds Ann to Small; the crm takes Bob off Big.
        String annShop = query(shop, "SELECT id FROM people WHERE email = 'ann@acme.example'");
        exec(shop, "INSERT INTO opportunity_people SELECT id, " + annShop + " FROM opportunities WHERE title = 'Small'",
                "UPDATE opportunities SET modified_at = now() WHERE title = 'Small'");
        exec(crm, "DELETE FROM deal_contacts WHERE deal_id = 1 AND contact_id = 2",
                "UPDATE deals SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1");

        RunReport changed = report(runAll(cfg), "deals");

        assertThat(changed.counts().updatedA()).isEqualTo(1);
        assertThat(changed.counts().updatedB()).isEqualTo(1);
        assertThat(crmContactsOf("Small")).containsExactly("ann@acme.example", "cy@globex.example",
                "dee@globex.example");
        assertThat(shopPeopleOf("Big")).containsExactly("ann@acme.example");
        assertNoWrites(runAll(cfg));
    }

    @Test
    void shopDealsSingleContactColumn_crmJoinTable_oneContactBothWays_severalFailInvalidValue() throws Exception {
        exec(crm, "INSERT INTO contacts VALUES (1, 'ann@acme.example', NULL), (2, 'bob@acme.example', NULL)",
                "INSERT INTO deals VALUES (1, 'Solo', NULL, NULL), (2, 'Pair', NULL, NULL)",
                "INSERT INTO deal_contacts VALUES (1, 1), (2, 1), (2, 2)");
        exec(shop, "INSERT INTO people (email, modified_at) VALUES ('cy@globex.example', now())",
                "INSERT INTO opportunities (title, person_id, modified_at) VALUES ('Small', 1, now())");
        Path cfg = config("person_id");

        RunReport first = report(runAll(cfg), "deals");

        assertThat(query(shop, "SELECT p.email FROM opportunities o JOIN people p ON p.id = o.person_id"
                + " WHERE o.title = 'Solo'")).isEqualTo("ann@acme.example");
        assertThat(crmContactsOf("Small")).containsExactly("cy@globex.example");
        // Pair is created without its contacts: two cannot go into one column.
        assertThat(query(shop, "SELECT person_id IS NULL FROM opportunities WHERE title = 'Pair'")).isEqualTo("t");
        assertThat(first.failed()).containsEntry("INVALID_VALUE", 1);

        RunReport second = report(runAll(cfg), "deals");

        assertThat(second.counts().writes()).isZero();
    }
}
