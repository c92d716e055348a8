package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.records;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.FailureCategory;
import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes between the HubSpot sandbox (over HTTP) and a SQLite shop (DESIGN.md §2.5): found by HubSpot's archived
 * feed, by reconciliation (HubSpot GDPR purges, SQLite rows) and by a full-scan read; handled under
 * {@code deletes: keep}, {@code propagate} and per app. Every run opens a new workspace, so a new state store
 * connection on the same H2 file: the tombstones must persist across these restarts.
 */
class HubSpotDeletesE2ETest {
    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private SandboxHttp hubspot;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(0, dir.resolve("hubspot"));
        hubspot = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    private static Map<String, String> env() {
        return Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN);
    }

    /** HubSpot contacts ↔ shop customers by email; {@code updatedAt} null for a full-scan table. */
    private Path config(String direction, String deletes, String updatedAt) throws Exception {
        exec(shop(), "CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT,"
                + " updated_at TEXT)");
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
                    objects:
                      customers:
                        table: customers
                        id: id
                %s
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                syncs:
                  crm:
                    apps: [hubspot, shop]
                    objects:
                      contacts:
                        types: {hubspot: contacts, shop: customers}
                        direction: "%s"
                        defaultApp: hubspot
                        deletes: %s
                """.formatted(dir.resolve("state"), sandbox.port(), shop(),
                updatedAt == null ? "" : "        updatedAt: " + updatedAt, direction, deletes));
    }

    private static RunReport run(Path config, boolean reconcile) {
        try (Workspace w = Workspace.open(config, env())) {
            return w.run(w.objectSyncs().get(0), RunOptions.defaults().withReconcile(reconcile), null);
        }
    }

    /** Shop customers: email → first name. */
    private Map<String, String> shopCustomers() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(shop()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email, first_name FROM customers")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private String shopId(String email) throws Exception {
        return query(shop(), "SELECT id FROM customers WHERE email = '" + email + "'");
    }

    /** DELETE operations in the audit log: "app record_id". */
    private List<String> auditedDeletes() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT app, record_id FROM audit WHERE operation = 'DELETE' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    private RecordRow row(Path config, String hubspotId) {
        return records(config, env(), "FAILED").stream().filter(r -> hubspotId.equals(r.idA())).findFirst()
                .orElseThrow(() -> new AssertionError("no FAILED row for " + hubspotId + ": "
                        + records(config, env(), "FAILED")));
    }

    @Test
    void c18_archiveInHubSpot_partnerDeletedAfterIncrementalRun_purgeFoundByReconciliation_nothingRecreated()
            throws Exception {
        Path cfg = config("hubspot -> shop", "propagate", "updated_at");
        String a5 = hubspot.createContact("a5@example.com", "firstname", "Five");
        String a6 = hubspot.createContact("a6@example.com", "firstname", "Six");
        hubspot.createContact("a7@example.com", "firstname", "Seven");
        assertThat(run(cfg, false).counts().createdB()).isEqualTo(3);
        String b5 = shopId("a5@example.com");
        String b6 = shopId("a6@example.com");

        hubspot.json("DELETE", "/crm/v3/objects/contacts/" + a5, null);
        hubspot.json("POST", "/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + a6 + "\"}");
        RunReport incremental = run(cfg, false);

        assertThat(incremental.counts().deletedB()).isEqualTo(1);
        assertThat(incremental.deletesFound()).containsEntry("hubspot", 1);
        assertThat(shopCustomers()).containsOnlyKeys("a6@example.com", "a7@example.com");

        RunReport reconciled = run(cfg, true);

        assertThat(reconciled.deletesFound()).containsEntry("hubspot", 1);
        assertThat(reconciled.counts().deletedB()).isEqualTo(1);
        assertThat(shopCustomers()).containsOnlyKeys("a7@example.com");
        for (String id : List.of(a5, a6)) {
            RecordRow r = row(cfg, id);
            assertThat(r.reason()).isEqualTo("RECORD_DELETED");
            assertThat(r.message()).startsWith("deleted in hubspot; archived in shop");
        }
        assertThat(auditedDeletes()).containsExactly("shop " + b5, "shop " + b6);

        // Later runs, with and without reconciliation, re-create nothing and write nothing.
        assertThat(run(cfg, false).counts().writes()).isZero();
        assertThat(run(cfg, true).counts().writes()).isZero();
        assertThat(shopCustomers()).containsOnlyKeys("a7@example.com");
        assertThat(FailureCategory.RECORD_DELETED.hint()).contains("crmsync resync-deleted");
    }

    @Test
    void keep_archiveInHubSpot_shopRowKept_failedRecordDeleted_laterShopEditRecreatesNothing() throws Exception {
        Path cfg = config("two-way", "keep", "updated_at");
        String a1 = hubspot.createContact("k1@example.com", "firstname", "Kay");
        run(cfg, false);
        String b1 = shopId("k1@example.com");

        hubspot.json("DELETE", "/crm/v3/objects/contacts/" + a1, null);
        RunReport r = run(cfg, false);

        assertThat(r.counts().writes()).isZero();
        assertThat(shopCustomers()).containsEntry("k1@example.com", "Kay");
        RecordRow row = row(cfg, a1);
        assertThat(row.idB()).isEqualTo(b1);
        assertThat(row.reason()).isEqualTo("RECORD_DELETED");
        assertThat(row.message()).isEqualTo("deleted in hubspot");

        exec(shop(), "UPDATE customers SET first_name = 'Kate', updated_at = '2030-01-01T00:00:00.000Z'");
        assertThat(run(cfg, false).counts().writes()).isZero();
        assertThat(hubspot.contacts("firstname")).isEmpty();
        assertThat(row(cfg, a1).reason()).isEqualTo("RECORD_DELETED");
    }

    @Test
    void keep_archiveInHubSpot_thenRestoredWithItsOldId_returnsToSyncing_withoutDuplicates() throws Exception {
        Path cfg = config("two-way", "keep", "updated_at");
        String a1 = hubspot.createContact("r1@example.com", "firstname", "Ray");
        run(cfg, false);
        hubspot.json("DELETE", "/crm/v3/objects/contacts/" + a1, null);
        run(cfg, false);
        assertThat(row(cfg, a1).reason()).isEqualTo("RECORD_DELETED");

        Thread.sleep(1_100); // the restore's last-modified time lies past the checkpoint's whole second
        hubspot.json("POST", "/_sandbox/objects/contacts/" + a1 + "/restore", "{}");
        hubspot.json("PATCH", "/crm/v3/objects/contacts/" + a1, "{\"properties\":{\"firstname\":\"Rae\"}}");
        RunReport r = run(cfg, false);

        assertThat(r.counts().createdA() + r.counts().createdB()).isZero();
        assertThat(records(cfg, env(), "FAILED")).isEmpty();
        assertThat(records(cfg, env(), "SYNCING")).extracting(RecordRow::idA).containsExactly(a1);
        assertThat(shopCustomers()).containsExactly(Map.entry("r1@example.com", "Rae"));
        assertThat(hubspot.contacts("firstname")).containsExactly(Map.entry("r1@example.com", "Rae"));
    }

    @Test
    void perApp_hubspotPropagates_shopKeeps_eachDeleteHandledByItsOwnSide() throws Exception {
        Path cfg = config("two-way", "{hubspot: propagate, shop: keep}", "updated_at");
        String h1 = hubspot.createContact("h1@example.com", "firstname", "Hub");
        String s1 = hubspot.createContact("s1@example.com", "firstname", "Shop");
        run(cfg, false);

        hubspot.json("DELETE", "/crm/v3/objects/contacts/" + h1, null);
        exec(shop(), "DELETE FROM customers WHERE email = 's1@example.com'");
        RunReport incremental = run(cfg, false);
        assertThat(shopCustomers()).isEmpty();
        assertThat(incremental.counts().deletedB()).isEqualTo(1);

        // SQLite has no delete feed: the shop delete is found by reconciliation, and kept (not propagated).
        RunReport reconciled = run(cfg, true);

        assertThat(reconciled.deletesFound()).containsEntry("shop", 1);
        assertThat(reconciled.counts().writes()).isZero();
        assertThat(hubspot.contacts("firstname")).containsOnlyKeys("s1@example.com");
        assertThat(row(cfg, h1).message()).startsWith("deleted in hubspot; archived in shop");
        assertThat(row(cfg, s1).message()).isEqualTo("deleted in shop");

        hubspot.json("PATCH", "/crm/v3/objects/contacts/" + s1, "{\"properties\":{\"firstname\":\"Edited\"}}");
        assertThat(run(cfg, false).counts().writes()).isZero();
        assertThat(shopCustomers()).isEmpty();
        assertThat(auditedDeletes()).hasSize(1);
    }

    @Test
    void propagate_rowDeletedFromFullScanTable_foundWithoutReconcile_hubspotContactArchived() throws Exception {
        Path cfg = config("two-way", "propagate", null);
        String a1 = hubspot.createContact("f1@example.com", "firstname", "Full");
        hubspot.createContact("f2@example.com", "firstname", "Two");
        run(cfg, false);

        exec(shop(), "DELETE FROM customers WHERE email = 'f1@example.com'");
        RunReport r = run(cfg, false);

        assertThat(r.deletesFound()).containsEntry("shop", 1);
        assertThat(r.counts().deletedA()).isEqualTo(1);
        assertThat(hubspot.contacts("firstname")).containsOnlyKeys("f2@example.com");
        assertThat(hubspot.json("GET", "/crm/v3/objects/contacts/" + a1 + "?archived=true", null).path("archived")
                .asBoolean()).isTrue();
        assertThat(row(cfg, a1).message()).startsWith("deleted in shop; archived in hubspot");
        assertThat(auditedDeletes()).containsExactly("hubspot " + a1);
        assertThat(run(cfg, false).counts().writes()).isZero();
        assertThat(shopCustomers()).containsOnlyKeys("f2@example.com");
    }
}
