package io.crmsync.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.bind.Workspace;
import io.crmsync.app.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code crmsync resync-deleted --yes} killed with SIGKILL in a child JVM, at the moment the record was written
 * into the app but not yet linked, or when only its intent was stored: running the resync again and then
 * {@code crmsync run} leaves exactly one re-created record, linked, and a following run writes nothing. The rerun
 * of the resync says a create is in flight; when the record was written it finds and links it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResyncCrashTest {
    @TempDir
    Path dir;
    Path cfg;

    @BeforeEach
    void annDeletedInShop() throws Exception {
        sql("crm", "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, updated_at TEXT)",
                "INSERT INTO contacts (email, first_name) VALUES ('ann@example.com', 'Ann')");
        sql("shop", "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, updated_at TEXT)");
        cfg = dir.resolve("crmsync.yaml");
        String app = """
                  %s:
                    type: jdbc
                    url: jdbc:sqlite:%s
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                """;
        Files.writeString(cfg, "state: jdbc:h2:file:" + dir.resolve("state") + "\napps:\n"
                + app.formatted("crm", dir.resolve("crm.db")) + app.formatted("shop", dir.resolve("shop.db"))
                + """
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                        types: {crm: contacts, shop: contacts}
                        defaultApp: crm
                """);
        assertThat(cli("run").code()).isZero();
        sql("shop", "DELETE FROM contacts");
        sql("crm", "UPDATE contacts SET first_name = 'Anna', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now',"
                + " '+1 second')");
        assertThat(cli("run").code()).isEqualTo(1);
    }

    private CliRun.Result cli(String... args) {
        return CliRun.withConfig(Map.of(), cfg, args);
    }

    private void sql(String app, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(app + ".db"));
             Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private String shop(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Map<String, Map<String, Integer>> states() {
        try (Workspace w = Workspace.openStateOnly(cfg, Map.of())) {
            return w.store().runs().stateCounts(w.store().findObjectSyncId("crm-shop", "contacts").orElseThrow());
        }
    }

    private void killedAt(String point) throws Exception {
        CrashHarness.withClassPathCopiedTo(Files.createDirectories(dir.resolve("cp"))).cliAndKill(point,
                "resync-deleted", "--config", cfg.toString(), "--sync", "crm-shop", "--object", "contacts", "--into",
                "shop", "--yes");
    }

    /** @param linkedByResync whether the rerun of the resync itself finds and links the record written */
    private void rerunLeavesOneLinkedRecord(boolean linkedByResync) throws Exception {
        CliRun.Result again = cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop",
                "--yes");
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("1 create of an interrupted run or resync in flight");
        if (linkedByResync) {
            assertThat(states()).containsOnlyKeys("SYNCING");
        }
        assertThat(cli("run").code()).isZero();

        assertThat(shop("SELECT COUNT(*) FROM contacts WHERE email = 'ann@example.com'")).isEqualTo("1");
        assertThat(shop("SELECT first_name FROM contacts")).isEqualTo("Anna");
        assertThat(states()).containsOnlyKeys("SYNCING");
        assertThat(new ObjectMapper().readTree(cli("run", "--json").out()).at("/objectSyncs/0/writes").asInt())
                .isZero();
    }

    @Test
    void killedAfterTheShopWasWritten_rerun_noDuplicate() throws Exception {
        killedAt("app-written:1");
        assertThat(shop("SELECT COUNT(*) FROM contacts")).as("written before the kill").isEqualTo("1");

        rerunLeavesOneLinkedRecord(true);
    }

    @Test
    void killedAfterTheIntentWasStored_rerun_createdOnce() throws Exception {
        killedAt("intent-stored:1");
        assertThat(shop("SELECT COUNT(*) FROM contacts")).as("nothing written before the kill").isEqualTo("0");

        rerunLeavesOneLinkedRecord(false);
    }
}
