package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.records;
import static io.crmsync.app.e2e.Runs.runOnly;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field case C-15: owners are mapped by user email between two SQLite apps with users tables. An owner the other
 * app has no user for fails that field only; the record syncs, and the owner is never overwritten back.
 */
class OwnerMappingTest {
    @TempDir
    Path dir;

    private String url(String name) {
        return "jdbc:sqlite:" + dir.resolve(name + ".db");
    }

    private static String owner(String url, String email) throws SQLException {
        return query(url, "SELECT owner_id FROM contacts WHERE email = '" + email + "'");
    }

    private Path config() throws Exception {
        String app = """
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
                          owner: {column: owner_id, type: owner}
                """;
        String yaml = "state: jdbc:h2:file:" + dir.resolve("state") + "\napps:\n  a:\n" + app.formatted(url("a"))
                + "  b:\n" + app.formatted(url("b")) + """
                syncs:
                  a-b:
                    apps: [a, b]
                    objects:
                      contacts:
                        types: {a: contacts, b: contacts}
                        direction: two-way
                        defaultApp: a
                """;
        return writeConfig(dir, yaml);
    }

    private static RunReport run(Path config) {
        return runOnly(config, Map.of());
    }

    private static List<RecordRow> failed(Path config) {
        return records(config, Map.of(), "FAILED");
    }

    @Test
    void c15_ownerMissingInTarget_failsThatFieldOnly_thenInactiveOwnerMatchedByEmailAnyCase() throws Exception {
        String ddl = "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, owner_id INTEGER, updated_at TEXT)";
        exec(url("a"), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, active INTEGER)", ddl,
                "INSERT INTO users VALUES (7, 'rep7@example.com', 1), (8, 'Rep8@Example.com', 0)",
                "INSERT INTO contacts VALUES (1, 'c1@example.net', 7, '2026-01-05T10:00:00.000Z')");
        exec(url("b"), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, active INTEGER)", ddl,
                "INSERT INTO users VALUES (208, 'rep8@example.com', 0)");
        Path cfg = config();

        RunReport first = run(cfg);

        assertThat(first.counts().createdB()).isEqualTo(1);
        assertThat(owner(url("b"), "c1@example.net")).isNull();
        assertThat(owner(url("a"), "c1@example.net")).isEqualTo("7");
        assertThat(failed(cfg)).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("INVALID_OPTION");
            assertThat(r.message()).contains("owner").contains("rep7@example.com");
        });

        exec(url("a"), "UPDATE contacts SET owner_id = 8, updated_at = '2026-01-06T10:00:00.000Z' WHERE id = 1");
        RunReport second = run(cfg);

        assertThat(second.counts().updatedB()).isEqualTo(1);
        assertThat(owner(url("b"), "c1@example.net")).isEqualTo("208");
        assertThat(owner(url("a"), "c1@example.net")).isEqualTo("8");
        assertThat(failed(cfg)).isEmpty();
        assertThat(run(cfg).counts().writes()).isZero();
    }

    @Test
    void usersTableMissing_isReportedAsTheAppsError_notAsAMissingObjectType() throws Exception {
        String ddl = "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, owner_id INTEGER, updated_at TEXT)";
        exec(url("a"), ddl);
        exec(url("b"), "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", ddl);
        Path cfg = config();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Workspace.open(cfg, Map.of()).close())
                .isInstanceOf(io.crmsync.app.config.ConfigException.class)
                .hasMessageContaining("apps.a").hasMessageContaining("users")
                .hasMessageNotContaining("has no object type");
    }
}
