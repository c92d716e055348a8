package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.assertNoWrites;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact → company association between two SQLite apps whose contacts hold a company foreign key: the
 * contacts object sync is listed first in the config, yet companies run first, and every contact's company in the
 * other app is its linked company.
 */
class AssociationSyncE2ETest {
    @TempDir
    Path dir;

    private String url(String app) {
        return "jdbc:sqlite:" + dir.resolve(app + ".db");
    }

    private Path config() throws Exception {
        String app = """
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
                """;
        String yaml = "state: jdbc:h2:file:" + dir.resolve("state") + "\napps:\n  a:\n" + app.formatted(url("a"))
                + "  b:\n" + app.formatted(url("b")) + """
                syncs:
                  a-b:
                    apps: [a, b]
                    objects:
                      contacts:
                        types: {a: contacts, b: contacts}
                        defaultApp: a
                      companies:
                        types: {a: companies, b: companies}
                        defaultApp: a
                """;
        return writeConfig(dir, yaml);
    }

    @Test
    void contactsCompanyForeignKey_translatedThroughCompanyLinks_companiesRunFirst_thenNoWrites() throws Exception {
        for (String app : List.of("a", "b")) {
            exec(url(app), "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                    "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, company_id INTEGER, updated_at TEXT)");
        }
        exec(url("a"), "INSERT INTO companies VALUES (1, 'Acme', 'acme.example', NULL), (2, 'Globex', 'globex.example',"
                + " NULL)", "INSERT INTO contacts VALUES (1, 'ann@acme.example', 1, NULL), (2, 'gil@globex.example', 2,"
                + " NULL)");
        exec(url("b"), "INSERT INTO companies VALUES (50, 'Filler', 'filler.example', NULL), (51, 'Acme Inc',"
                + " 'https://www.acme.example/', NULL)", "INSERT INTO contacts VALUES (70, 'gil@globex.example', NULL,"
                + " NULL)");
        Path cfg = config();

        List<RunReport> first = runAll(cfg);

        assertThat(first).extracting(RunReport::object).containsExactly("companies", "contacts");
        assertThat(query(url("b"), "SELECT company_id FROM contacts WHERE email = 'ann@acme.example'"))
                .isEqualTo("51");
        String globexB = query(url("b"), "SELECT id FROM companies WHERE name = 'Globex'");
        assertThat(query(url("b"), "SELECT company_id FROM contacts WHERE id = 70")).isEqualTo(globexB);
        assertThat(query(url("a"), "SELECT COUNT(*) FROM companies")).isEqualTo("3");
        assertNoWrites(runAll(cfg));
    }
}
